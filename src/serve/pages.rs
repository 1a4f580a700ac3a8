//! The HTML pages: each validates its parameters, asks the library what the matching
//! command would, and fills a template.

use std::cmp::Ordering;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::export::enum_name;
use crate::query::filters::{ClaimFilter, FigureFilter};
use crate::query::show::{EntityView, RecordView, entity_counts};
use crate::record::{Check, Claim, ClaimKind, Dataset, Figure, IdKind, Sentence};
use crate::store::search::{Hit, HitKind, SearchRequest, search as run_search};

use super::Answer;
use super::params::{
    Failure, MAX_LIMIT, MAX_LIST_LIMIT, MAX_QUERY_CHARS, MAX_VALUE_CHARS, Params, encode,
};
use super::state::{Snapshot, State};
use super::views::{
    ClaimRow, ClaimsPage, Column, EntitiesPage, EntityLine, EntityPage, FigureRow, FiguresPage,
    HitView, Layout, Line, Link, Pager, RecordList, RecordPage, Row, SearchForm, SearchPage,
    SentenceView, TranscriptPage, html, segments, timestamp,
};

/// The parameters of `/` and `/api/search`, named like `search`'s flags.
pub const SEARCH_PARAMS: &[&str] = &[
    "q",
    "company",
    "by",
    "speaker",
    "kind",
    "currency",
    "transcript",
    "min_value",
    "max_value",
    "limit",
];

/// The parameters of `/claims` (and `/api/claims`).
pub const CLAIM_PARAMS: &[&str] = &["company", "by", "kind", "polarity", "offset", "limit"];

/// The parameters of `/figures` (and `/api/figures`, `/figures.csv`).
pub const FIGURE_PARAMS: &[&str] = &[
    "company", "currency", "kind", "sort", "dir", "offset", "limit",
];

/// Claim kinds, as `--kind` takes them.
pub fn claim_kinds() -> Vec<&'static str> {
    [
        ClaimKind::Assertion,
        ClaimKind::Opinion,
        ClaimKind::Prediction,
        ClaimKind::Reported,
        ClaimKind::Question,
        ClaimKind::Denial,
    ]
    .map(ClaimKind::as_str)
    .to_vec()
}

/// Figure kinds, as `--kind` takes them.
pub fn figure_kinds() -> Vec<&'static str> {
    vec!["money", "percent", "power", "energy", "exchange_rate"]
}

const POLARITIES: &[&str] = &["positive", "negative", "mixed"];

/// The figure table's sortable columns: parameter value and label.
const FIGURE_COLUMNS: &[(&str, &str)] = &[
    ("text", "Figure 数字"),
    ("value", "Value 値"),
    ("currency", "Currency 通貨"),
    ("kind", "Kind"),
    ("company", "Company 企業"),
    ("speaker", "Speaker 話者"),
];

/// A select box's options, each with whether it is the one chosen.
fn choices(options: &[&'static str], chosen: Option<&str>) -> Vec<(&'static str, bool)> {
    options
        .iter()
        .map(|o| (*o, chosen.map(str::trim) == Some(*o)))
        .collect()
}

/// The frame of a page: the menu item and the store.
pub fn layout(state: &State, here: &'static str) -> Layout {
    let transcripts = state
        .snapshot()
        .map(|s| s.datasets.len())
        .unwrap_or_default();
    Layout {
        here,
        store: format!(
            "{} · {transcripts} transcript{}",
            state.store.dir().display(),
            if transcripts == 1 { "" } else { "s" }
        ),
    }
}

/// `/record/ID` for any id.
pub fn record_href(id: &str) -> String {
    format!("/record/{}", encode(id))
}

/// `/entity/ID`.
pub fn entity_href(id: &str) -> String {
    format!("/entity/{}", encode(id))
}

/// The sentence `sid` in its transcript: the transcript page at the sentence's anchor.
pub fn context_href(transcript_id: &str, sentence_id: &str) -> String {
    format!("/record/{}#{}", encode(transcript_id), encode(sentence_id))
}

/// An entity link with its display name.
fn entity_link(state: &State, snapshot: &Snapshot, id: &str) -> Link {
    Link {
        href: entity_href(id),
        label: state.entity_name(snapshot, id),
    }
}

/// The search form and, when words were given, the request `search` would make.
pub fn search_input(
    state: &State,
    params: &Params,
) -> Result<(SearchForm, Option<SearchRequest>), Failure> {
    params.only(SEARCH_PARAMS)?;
    let q = params.text("q", MAX_QUERY_CHARS)?;
    let company = params.text("company", MAX_VALUE_CHARS)?;
    let by = params.text("by", MAX_VALUE_CHARS)?;
    let speaker = params.text("speaker", MAX_VALUE_CHARS)?;
    let mut kinds = Vec::new();
    for k in params
        .all("kind")
        .into_iter()
        .filter(|k| !k.trim().is_empty())
    {
        let kind = match k.trim() {
            "claim" => HitKind::Claim,
            "sentence" => HitKind::Sentence,
            "figure" => HitKind::Figure,
            other => {
                return Err(Failure::bad(format!(
                    "parameter \"kind\" must be claim, sentence or figure, not {other:?}"
                )));
            }
        };
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    let currency = params.currency()?;
    let transcript = match params.text("transcript", MAX_VALUE_CHARS)? {
        None => None,
        Some(t) => Some(transcript_id(state, &t)?),
    };
    let (min_value, max_value) = (params.number("min_value")?, params.number("max_value")?);
    let limit = params.count("limit", 10, MAX_LIMIT)?;
    let form = SearchForm {
        q: q.clone().unwrap_or_default(),
        company: company.clone().unwrap_or_default(),
        by: by.clone().unwrap_or_default(),
        speaker: speaker.clone().unwrap_or_default(),
        kind: kinds.first().map_or("", |k| k.as_str()).to_string(),
        currency: currency.clone().unwrap_or_default(),
    };
    let Some(query) = q else {
        return Ok((form, None));
    };
    let request = SearchRequest {
        query,
        company: state.entity(company.as_deref())?,
        by: state.holder(by.as_deref())?.map(|h| h.term().to_string()),
        speaker,
        transcript,
        currency,
        min_value,
        max_value,
        kinds,
        limit,
    };
    Ok((form, Some(request)))
}

/// A `transcript` parameter (id or source path as indexed) as a transcript id.
fn transcript_id(state: &State, key: &str) -> Result<String, Failure> {
    state
        .store
        .transcript_sources()?
        .into_iter()
        .find(|(id, source)| id == key || source == key)
        .map(|(id, _)| id)
        .ok_or_else(|| Failure::bad(format!("no transcript {key:?} in the store")))
}

/// `/`: the search box, and ranked hits with highlighted snippets.
pub fn search(state: &State, params: &Params) -> Answer {
    let (form, request) = search_input(state, params)?;
    let hits = match &request {
        Some(r) => run_search(&state.store, r)?,
        None => Vec::new(),
    };
    let snapshot = state.snapshot()?;
    let examples = ["資金", "\"データセンター\"", "Oracle"]
        .iter()
        .map(|q| Link {
            href: format!("/?q={}", encode(q)),
            label: (*q).to_string(),
        })
        .collect();
    let page = SearchPage {
        layout: layout(state, "search"),
        searched: request.is_some(),
        hits: hits.iter().map(|h| hit_view(state, &snapshot, h)).collect(),
        form,
        examples,
    };
    Ok(html(StatusCode::OK, &page))
}

fn hit_view(state: &State, snapshot: &Snapshot, h: &Hit) -> HitView {
    let segs = if h.snippet.text.is_empty() {
        segments(&h.text, &[])
    } else {
        segments(&h.snippet.text, &h.snippet.highlights)
    };
    let dataset = snapshot
        .datasets
        .iter()
        .find(|d| d.transcript.id == h.transcript_id);
    let mut records: Vec<Link> = h
        .figures
        .iter()
        .map(|fid| Link {
            href: record_href(fid),
            label: dataset
                .and_then(|d| d.figures.iter().find(|f| f.id == *fid))
                .map_or_else(|| fid.clone(), |f| f.text.clone()),
        })
        .collect();
    if h.kind != HitKind::Claim {
        records.extend(h.claims.iter().map(|cid| Link {
            href: record_href(cid),
            label: format!("claim {}", short_id(cid)),
        }));
    }
    HitView {
        id: h.id.clone(),
        kind: h.kind.as_str(),
        segments: segs,
        speaker: h.speaker.clone(),
        time: timestamp(h.time_start),
        section: h.section.clone(),
        source: h.source.clone(),
        href: record_href(&h.id),
        context: context_href(&h.transcript_id, &h.sentence_id),
        entities: h
            .entities
            .iter()
            .map(|e| entity_link(state, snapshot, e))
            .collect(),
        records,
    }
}

/// The part of an id after its transcript (`c0003` of `t…-c0003`).
fn short_id(id: &str) -> &str {
    id.rsplit_once('-').map_or(id, |(_, tail)| tail)
}

/// The claim filter of `/claims` and `/api/claims`, validated, as `claims` builds it.
pub fn claim_filter(state: &State, params: &Params) -> Result<ClaimFilter, Failure> {
    params.only(CLAIM_PARAMS)?;
    let kinds = claim_kinds();
    Ok(ClaimFilter {
        company: state.entity(params.text("company", MAX_VALUE_CHARS)?.as_deref())?,
        by: state.holder(params.text("by", MAX_VALUE_CHARS)?.as_deref())?,
        kind: params.choice("kind", &kinds)?,
        polarity: params.choice("polarity", POLARITIES)?,
    })
}

/// The figure filter of `/figures`, `/figures.csv` and `/api/figures`, as `figures`
/// builds it.
pub fn figure_filter(state: &State, params: &Params) -> Result<FigureFilter, Failure> {
    params.only(FIGURE_PARAMS)?;
    let kinds = figure_kinds();
    Ok(FigureFilter {
        company: state.entity(params.text("company", MAX_VALUE_CHARS)?.as_deref())?,
        currency: params.currency()?,
        kind: params.choice("kind", &kinds)?,
    })
}

/// `offset` and `limit` of a list page, and the pager for `total` items.
fn paging(
    params: &Params,
    path: &str,
    total: usize,
    default: usize,
) -> Result<(usize, usize, Pager), Failure> {
    let offset = params.count("offset", 0, usize::MAX / 2)?;
    let limit = params.count("limit", default, MAX_LIST_LIMIT)?;
    let to = offset.saturating_add(limit).min(total);
    let link = |at: usize| format!("{path}{}", params.with("offset", Some(&at.to_string())));
    let pager = Pager {
        from: if offset < total { offset + 1 } else { 0 },
        to,
        total,
        prev: (offset > 0).then(|| link(offset.saturating_sub(limit))),
        next: (to < total && limit > 0).then(|| link(to)),
    };
    Ok((offset, limit, pager))
}

/// `/claims`: claims about (or by) an entity, like `claims`.
pub fn claims(state: &State, params: &Params) -> Answer {
    let filter = claim_filter(state, params)?;
    let snapshot = state.snapshot()?;
    let selected = filter.select(&snapshot.datasets);
    let (offset, limit, pager) = paging(params, "/claims", selected.len(), 100)?;
    let rows = selected
        .iter()
        .skip(offset)
        .take(limit)
        .map(|(d, c)| claim_row(state, &snapshot, d, c))
        .collect();
    let text = |name: &str| {
        params
            .text(name, MAX_VALUE_CHARS)
            .ok()
            .flatten()
            .unwrap_or_default()
    };
    let page = ClaimsPage {
        layout: layout(state, "claims"),
        company: text("company"),
        by: text("by"),
        kinds: choices(&claim_kinds(), params.all("kind").first().copied()),
        polarities: choices(POLARITIES, params.all("polarity").first().copied()),
        rows,
        pager,
        api: format!("/api/claims{}", params.with("offset", None)),
    };
    Ok(html(StatusCode::OK, &page))
}

fn claim_row(state: &State, snapshot: &Snapshot, d: &Dataset, c: &Claim) -> ClaimRow {
    let sentence = d.sentence(&c.sentence_id);
    let mut flags = vec![enum_name(&c.polarity)];
    if c.negated {
        flags.push("negated".into());
    }
    if c.hedged {
        flags.push("hedged".into());
    }
    flags.retain(|f| !f.is_empty());
    ClaimRow {
        id: c.id.clone(),
        short: short_id(&c.id).to_string(),
        kind: c.kind.as_str().to_string(),
        flags: flags.join(", "),
        holder: c.holder.as_deref().map(|h| holder_link(state, snapshot, h)),
        targets: c
            .targets
            .iter()
            .map(|t| entity_link(state, snapshot, t))
            .collect(),
        text: c.text.clone(),
        speaker: sentence.and_then(|s| s.speaker.clone()),
        time: sentence.and_then(|s| timestamp(s.time_start)),
        context: context_href(&d.transcript.id, &c.sentence_id),
    }
}

/// A claim's holder: an entity's page, or (a speaker's own claim) their claims.
fn holder_link(state: &State, snapshot: &Snapshot, holder: &str) -> Link {
    let known = state.pipeline.gazetteer().lookup(holder).is_some()
        || snapshot.datasets.iter().any(|d| d.entity(holder).is_some());
    if known {
        entity_link(state, snapshot, holder)
    } else {
        Link {
            href: format!("/claims?by={}", encode(holder)),
            label: holder.to_string(),
        }
    }
}

/// `/figures`: the figure table, sortable by column, with the CSV download.
pub fn figures(state: &State, params: &Params) -> Answer {
    let filter = figure_filter(state, params)?;
    let columns: Vec<&str> = FIGURE_COLUMNS.iter().map(|(k, _)| *k).collect();
    let sort = params.choice("sort", &columns)?;
    let desc = params.choice("dir", &["asc", "desc"])?.as_deref() == Some("desc");
    let snapshot = state.snapshot()?;
    let mut selected = filter.select(&snapshot.datasets);
    if let Some(key) = sort.as_deref() {
        selected.sort_by(|a, b| {
            let o = compare_figures(state, &snapshot, key, *a, *b);
            if desc { o.reverse() } else { o }
        });
    }
    let (offset, limit, pager) = paging(params, "/figures", selected.len(), 200)?;
    let rows = selected
        .iter()
        .skip(offset)
        .take(limit)
        .map(|(d, f)| figure_row(state, &snapshot, d, f))
        .collect();
    let columns = FIGURE_COLUMNS
        .iter()
        .map(|&(key, label)| {
            let sorted = sort.as_deref() == Some(key);
            let next_dir = if sorted && !desc { "desc" } else { "asc" };
            let mut p: Vec<(&str, &str)> = Vec::new();
            for name in ["company", "currency", "kind"] {
                if let Some(v) = params.all(name).first().filter(|v| !v.trim().is_empty()) {
                    p.push((name, v));
                }
            }
            p.push(("sort", key));
            p.push(("dir", next_dir));
            Column {
                label,
                href: format!("/figures{}", super::params::query_string(&p)),
                sorted,
                desc: sorted && desc,
            }
        })
        .collect();
    let text = |name: &str| {
        params
            .text(name, MAX_VALUE_CHARS)
            .ok()
            .flatten()
            .unwrap_or_default()
    };
    let filters_only = filter_query(params, &["company", "currency", "kind"]);
    let page = FiguresPage {
        layout: layout(state, "figures"),
        company: text("company"),
        currency: text("currency"),
        kinds: choices(&figure_kinds(), params.all("kind").first().copied()),
        sort: sort.clone().unwrap_or_default(),
        dir: if desc { "desc" } else { "asc" }.to_string(),
        columns,
        rows,
        pager,
        csv: format!("/figures.csv{filters_only}"),
        api: format!("/api/figures{filters_only}"),
    };
    Ok(html(StatusCode::OK, &page))
}

/// The query string of only the named parameters (non-empty ones).
fn filter_query(params: &Params, names: &[&str]) -> String {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for name in names {
        for v in params.all(name) {
            if !v.trim().is_empty() {
                pairs.push((name, v));
            }
        }
    }
    super::params::query_string(&pairs)
}

fn compare_figures(
    state: &State,
    snapshot: &Snapshot,
    key: &str,
    (da, a): (&Dataset, &Figure),
    (db, b): (&Dataset, &Figure),
) -> Ordering {
    let speaker = |d: &Dataset, f: &Figure| {
        d.sentence(&f.sentence_id)
            .and_then(|s| s.speaker.clone())
            .unwrap_or_default()
    };
    let company = |f: &Figure| {
        f.entities
            .first()
            .map(|e| state.entity_name(snapshot, e))
            .unwrap_or_default()
    };
    match key {
        "value" => a.value.cmp(&b.value),
        "currency" => a.currency.cmp(&b.currency),
        "kind" => enum_name(&a.kind).cmp(&enum_name(&b.kind)),
        "company" => company(a).cmp(&company(b)),
        "speaker" => speaker(da, a).cmp(&speaker(db, b)),
        _ => a.text.cmp(&b.text),
    }
}

fn figure_row(state: &State, snapshot: &Snapshot, d: &Dataset, f: &Figure) -> FigureRow {
    let sentence = d.sentence(&f.sentence_id);
    let mut qualifiers = Vec::new();
    for (on, name) in [
        (f.approx, "approx"),
        (f.vague, "vague"),
        (f.implied_currency, "implied currency"),
    ] {
        if on {
            qualifiers.push(name.to_string());
        }
    }
    let bound = enum_name(&f.bound);
    if !bound.is_empty() {
        qualifiers.push(bound.replace('_', " "));
    }
    let rate = enum_name(&f.rate);
    if !rate.is_empty() {
        qualifiers.push(format!("per {rate}"));
    }
    if let Some(p) = &f.period {
        qualifiers.push(format!("period {}", p.text));
    }
    FigureRow {
        id: f.id.clone(),
        short: short_id(&f.id).to_string(),
        text: f.text.clone(),
        value: value_text(f),
        currency: f.currency.clone().unwrap_or_default(),
        unit: f.unit.clone().unwrap_or_default(),
        kind: enum_name(&f.kind),
        qualifiers: qualifiers.join(", "),
        companies: f
            .entities
            .iter()
            .map(|e| entity_link(state, snapshot, e))
            .collect(),
        speaker: sentence.and_then(|s| s.speaker.clone()),
        time: sentence.and_then(|s| timestamp(s.time_start)),
        context: context_href(&d.transcript.id, &f.sentence_id),
    }
}

/// `/entities`: every entity in the store with its counts.
pub fn entities(state: &State, params: &Params) -> Answer {
    params.only(&[])?;
    let snapshot = state.snapshot()?;
    let page = EntitiesPage {
        layout: layout(state, "entities"),
        entities: entity_counts(&snapshot.datasets)
            .into_iter()
            .map(|e| EntityLine {
                href: entity_href(&e.id),
                name: e.name,
                id: e.id,
                kind: e.kind.as_str().to_string(),
                mentions: e.mentions,
                claims: e.claims,
                figures: e.figures,
                transcripts: e.transcripts,
            })
            .collect(),
    };
    Ok(html(StatusCode::OK, &page))
}

/// `/entity/ID`: the entity's claims, figures and checks.
pub fn entity(state: &State, params: &Params, id: &str) -> Answer {
    params.only(&[])?;
    let snapshot = state.snapshot()?;
    let def = state.pipeline.gazetteer().lookup(id);
    let entity_id = def.map_or(id.to_string(), |d| d.id.clone());
    let view = EntityView::collect(&entity_id, def, &snapshot.datasets).ok_or_else(|| {
        Failure::not_found(format!("no entity {id:?} in the gazetteer or the store"))
    })?;
    let mut fields = vec![("type".to_string(), view.entity.kind.as_str().to_string())];
    if let Some(t) = &view.ticker {
        fields.push(("ticker".into(), t.clone()));
    }
    if !view.entity.aliases.is_empty() {
        fields.push(("aliases".into(), view.entity.aliases.join(", ")));
    }
    if let Some(n) = &view.note {
        fields.push(("note".into(), n.clone()));
    }
    fields.push(("mentions".into(), view.mentions.to_string()));
    let name = view.entity.name.clone();
    let filtered = vec![
        Link {
            href: format!("/?q={}&company={}", encode(&name), encode(&entity_id)),
            label: format!("search {name}"),
        },
        Link {
            href: format!("/claims?company={}", encode(&entity_id)),
            label: "claims about it".into(),
        },
        Link {
            href: format!("/claims?by={}", encode(&entity_id)),
            label: "claims it holds".into(),
        },
        Link {
            href: format!("/figures?company={}", encode(&entity_id)),
            label: "figure table".into(),
        },
    ];
    let page = EntityPage {
        layout: layout(state, ""),
        id: entity_id.clone(),
        name,
        fields,
        transcripts: transcript_links(&snapshot, &view.transcripts),
        lists: entity_lists(&snapshot, &entity_id, &view),
        filtered,
        api: format!("/api/entity/{}", encode(&entity_id)),
    };
    Ok(html(StatusCode::OK, &page))
}

fn transcript_links(snapshot: &Snapshot, ids: &[&str]) -> Vec<Link> {
    ids.iter()
        .map(|tid| Link {
            href: record_href(tid),
            label: snapshot
                .datasets
                .iter()
                .find(|d| d.transcript.id == *tid)
                .map_or_else(|| (*tid).to_string(), |d| d.transcript.title.clone()),
        })
        .collect()
}

/// The record lists of an entity page, in order. The extension point for record kinds
/// that are about entities: a new kind (money flows, …) adds its list here, built from
/// the snapshot like the checks below, and the page shows it with no other change.
fn entity_lists(snapshot: &Snapshot, id: &str, view: &EntityView<'_>) -> Vec<RecordList> {
    let claim = |c: &Claim, tid: &str| Row {
        href: record_href(&c.id),
        id: c.id.clone(),
        badge: c.kind.as_str().to_string(),
        text: c.text.clone(),
        meta: sentence_meta(snapshot_sentence(snapshot, tid, &c.sentence_id)),
    };
    let mut lists = vec![
        RecordList {
            title: "Claims about it".into(),
            rows: view
                .claims_about
                .iter()
                .map(|c| claim(c.record, c.transcript_id))
                .collect(),
        },
        RecordList {
            title: "Claims it holds".into(),
            rows: view
                .claims_by
                .iter()
                .map(|c| claim(c.record, c.transcript_id))
                .collect(),
        },
        RecordList {
            title: "Figures".into(),
            rows: view.figures.iter().map(|f| figure_item(f.record)).collect(),
        },
    ];
    let checks: Vec<Row> = snapshot
        .datasets
        .iter()
        .flat_map(|d| &d.checks)
        .chain(&snapshot.conflicts)
        .filter(|k| k.entities.iter().any(|e| e == id))
        .map(check_item)
        .collect();
    if !checks.is_empty() {
        lists.push(RecordList {
            title: "Arithmetic checks".into(),
            rows: checks,
        });
    }
    lists
}

fn snapshot_sentence<'a>(snapshot: &'a Snapshot, tid: &str, sid: &str) -> Option<&'a Sentence> {
    snapshot
        .datasets
        .iter()
        .find(|d| d.transcript.id == tid)
        .and_then(|d| d.sentence(sid))
}

fn sentence_meta(s: Option<&Sentence>) -> String {
    let Some(s) = s else { return String::new() };
    let mut parts = Vec::new();
    if let Some(sp) = &s.speaker {
        parts.push(sp.clone());
    }
    if let Some(t) = timestamp(s.time_start) {
        parts.push(format!("[{t}]"));
    }
    parts.join(" ")
}

/// A figure's value (a range as `a–b`), digits grouped by three.
fn value_text(f: &Figure) -> String {
    match &f.value_max {
        Some(max) => format!(
            "{}–{}",
            group_digits(&f.value.to_string()),
            group_digits(&max.to_string())
        ),
        None => group_digits(&f.value.to_string()),
    }
}

/// `1400000000000` as `1,400,000,000,000` (the integer part only; sign and decimals kept).
pub fn group_digits(number: &str) -> String {
    let (sign, rest) = number.strip_prefix('-').map_or(("", number), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    if !int.bytes().all(|b| b.is_ascii_digit()) {
        return number.to_string();
    }
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

fn figure_item(f: &Figure) -> Row {
    let value = value_text(f);
    Row {
        href: record_href(&f.id),
        id: f.id.clone(),
        badge: "figure".into(),
        text: f.text.clone(),
        meta: format!(
            "{value} {}",
            f.currency.as_deref().or(f.unit.as_deref()).unwrap_or("")
        ),
    }
}

fn check_item(k: &Check) -> Row {
    Row {
        href: record_href(&k.id),
        id: k.id.clone(),
        badge: enum_name(&k.verdict),
        text: k.explanation.clone(),
        meta: enum_name(&k.rule),
    }
}

fn claim_item(c: &Claim) -> Row {
    Row {
        href: record_href(&c.id),
        id: c.id.clone(),
        badge: c.kind.as_str().to_string(),
        text: c.text.clone(),
        meta: enum_name(&c.polarity),
    }
}

/// `/record/ID`: any record with everything linked to it, like `show`; a transcript id
/// shows the whole transcript, an entity id goes to its entity page.
pub fn record(state: &State, params: &Params, id: &str) -> Answer {
    params.only(&[])?;
    let not_found = || Failure::not_found(format!("no record {id:?} in the store"));
    let (kind, tid) = IdKind::of(id);
    if kind == IdKind::Entity {
        return Ok(Redirect::to(&entity_href(id)).into_response());
    }
    let snapshot = state.snapshot()?;
    if kind == IdKind::Conflict {
        let found = snapshot
            .conflicts
            .iter()
            .find(|k| k.id == id)
            .ok_or_else(not_found)?;
        return Ok(check_page(state, &snapshot, found));
    }
    let tid = tid.unwrap_or(id);
    let dataset = snapshot
        .datasets
        .iter()
        .find(|d| d.transcript.id == tid)
        .ok_or_else(not_found)?;
    if kind == IdKind::Transcript {
        return Ok(transcript_page(state, dataset));
    }
    let view = RecordView::collect(dataset, id, kind).ok_or_else(not_found)?;
    Ok(record_page(state, &snapshot, id, &view))
}

fn record_page(state: &State, snapshot: &Snapshot, id: &str, view: &RecordView<'_>) -> Response {
    let (start, end) = record_span(&view.record);
    let sentence = view.sentence.map(|s| sentence_view(s, start, end));
    let mut lists = Vec::new();
    let mut push = |title: &str, rows: Vec<Row>| {
        if !rows.is_empty() {
            lists.push(RecordList {
                title: title.to_string(),
                rows,
            });
        }
    };
    push(
        "Figures",
        view.figures.iter().map(|f| figure_item(f)).collect(),
    );
    push(
        "Claims",
        view.claims.iter().map(|c| claim_item(c)).collect(),
    );
    push(
        "Checks",
        view.checks.iter().map(|k| check_item(k)).collect(),
    );
    push(
        "Mentions",
        view.mentions
            .iter()
            .map(|m| Row {
                href: record_href(&m.id),
                id: m.id.clone(),
                badge: "mention".into(),
                text: m.text.clone(),
                meta: state.entity_name(snapshot, &m.entity),
            })
            .collect(),
    );
    let page = RecordPage {
        layout: layout(state, ""),
        kind: view.kind.to_string(),
        id: id.to_string(),
        transcript: Some(Link {
            href: record_href(&view.transcript.id),
            label: view.transcript.title.clone(),
        }),
        sentence,
        fields: fields_of(&view.record),
        entities: view
            .entities
            .iter()
            .map(|e| entity_link(state, snapshot, &e.id))
            .collect(),
        lists,
        json: serde_json::to_string_pretty(view).unwrap_or_default(),
        api: format!("/api/record/{}", encode(id)),
    };
    html(StatusCode::OK, &page)
}

/// A conflict (across transcripts) as a record page.
fn check_page(state: &State, snapshot: &Snapshot, k: &Check) -> Response {
    let page = RecordPage {
        layout: layout(state, ""),
        kind: "check".into(),
        id: k.id.clone(),
        transcript: None,
        sentence: None,
        fields: fields_of(&serde_json::to_value(k).unwrap_or_default()),
        entities: k
            .entities
            .iter()
            .map(|e| entity_link(state, snapshot, e))
            .collect(),
        lists: vec![RecordList {
            title: "Sentences".into(),
            rows: k
                .sentences
                .iter()
                .map(|sid| {
                    let (_, tid) = IdKind::of(sid);
                    let s = tid.and_then(|t| snapshot_sentence(snapshot, t, sid));
                    Row {
                        href: record_href(sid),
                        id: sid.clone(),
                        badge: "sentence".into(),
                        text: s.map(|s| s.text.clone()).unwrap_or_default(),
                        meta: sentence_meta(s),
                    }
                })
                .collect(),
        }],
        json: serde_json::to_string_pretty(k).unwrap_or_default(),
        api: format!("/api/record/{}", encode(&k.id)),
    };
    html(StatusCode::OK, &page)
}

/// The record's `start` and `end`, when it has them.
fn record_span(record: &serde_json::Value) -> (Option<usize>, Option<usize>) {
    let get = |k: &str| {
        record
            .get(k)
            .and_then(serde_json::Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
    };
    (get("start"), get("end"))
}

/// The sentence, with the record's span (transcript offsets) highlighted when it falls
/// inside it.
fn sentence_view(s: &Sentence, start: Option<usize>, end: Option<usize>) -> SentenceView {
    let highlight = match (start, end) {
        (Some(a), Some(b)) if a >= s.start && b <= s.end && a < b && (a, b) != (s.start, s.end) => {
            vec![(a - s.start, b - s.start)]
        }
        _ => Vec::new(),
    };
    SentenceView {
        id: s.id.clone(),
        segments: segments(&s.text, &highlight),
        speaker: s.speaker.clone(),
        time: timestamp(s.time_start),
        section: s.section.clone(),
        context: context_href(&s.transcript_id, &s.id),
    }
}

/// A record's scalar fields (and lists of scalars) as text, for the field list.
fn fields_of(record: &serde_json::Value) -> Vec<(String, String)> {
    let Some(object) = record.as_object() else {
        return Vec::new();
    };
    let scalar = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Null => None,
        serde_json::Value::Array(_) | serde_json::Value::Object(_) => None,
        other => Some(other.to_string()),
    };
    object
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "text" | "statements"))
        .filter_map(|(k, v)| {
            let shown = match v {
                serde_json::Value::Array(items) => {
                    let parts: Vec<String> = items.iter().filter_map(scalar).collect();
                    (!parts.is_empty()).then(|| parts.join(", "))
                }
                serde_json::Value::Object(_) => Some(v.to_string()),
                other => scalar(other),
            }?;
            Some((k.clone(), shown))
        })
        .collect()
}

/// The whole transcript, one anchor per sentence, speakers and time stamps shown.
fn transcript_page(state: &State, d: &Dataset) -> Response {
    let t = &d.transcript;
    let mut fields = vec![("source".to_string(), t.source.clone())];
    for (k, v) in [
        ("date", &t.date),
        ("show", &t.show),
        ("episode", &t.episode),
        ("format", &t.format),
    ] {
        if let Some(v) = v {
            fields.push((k.to_string(), v.clone()));
        }
    }
    let mut counts: std::collections::HashMap<&str, (usize, usize)> = Default::default();
    for c in &d.claims {
        counts.entry(c.sentence_id.as_str()).or_default().0 += 1;
    }
    for f in &d.figures {
        counts.entry(f.sentence_id.as_str()).or_default().1 += 1;
    }
    let mut lines = Vec::with_capacity(d.sentences.len());
    let (mut section, mut speaker): (Option<&str>, Option<&str>) = (None, None);
    for s in &d.sentences {
        let new_section = s.section.as_deref().filter(|x| section != Some(*x));
        let new_speaker = s.speaker.as_deref().filter(|x| speaker != Some(*x));
        section = s.section.as_deref().or(section);
        speaker = s.speaker.as_deref().or(speaker);
        let (claims, figures) = counts.get(s.id.as_str()).copied().unwrap_or_default();
        let mut note = Vec::new();
        if claims > 0 {
            note.push(format!(
                "{claims} claim{}",
                if claims == 1 { "" } else { "s" }
            ));
        }
        if figures > 0 {
            note.push(format!(
                "{figures} figure{}",
                if figures == 1 { "" } else { "s" }
            ));
        }
        lines.push(Line {
            id: s.id.clone(),
            section: new_section.map(str::to_string),
            speaker: new_speaker.map(str::to_string),
            time: timestamp(s.time_start),
            text: s.text.clone(),
            note: note.join(", "),
        });
    }
    let page = TranscriptPage {
        layout: layout(state, ""),
        id: t.id.clone(),
        title: t.title.clone(),
        fields,
        lines,
        api: format!("/api/record/{}", encode(&t.id)),
    };
    html(StatusCode::OK, &page)
}

/// Any path no route serves.
pub fn not_found() -> Response {
    super::views::error_page(
        StatusCode::NOT_FOUND,
        "no such page; try the search, claims, figures or entities pages",
    )
}
