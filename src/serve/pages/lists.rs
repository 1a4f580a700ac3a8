//! `/claims`, `/figures` and `/entities`: the filters `claims` and `figures` build, paged,
//! the figure table sortable.

use std::cmp::Ordering;

use axum::http::StatusCode;

use crate::export::enum_name;
use crate::query::filters::{ClaimFilter, FigureFilter};
use crate::query::show::entity_counts;
use crate::record::{Claim, Dataset, Figure};

use super::*;
use crate::serve::Answer;
use crate::serve::params::{
    Failure, MAX_LIST_LIMIT, MAX_VALUE_CHARS, Params, encode, query_string,
};
use crate::serve::state::{Snapshot, State};
use crate::serve::views::{
    ClaimRow, ClaimsPage, Column, EntitiesPage, EntityLine, FigureRow, FiguresPage, Link, Pager,
    html, timestamp,
};

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
        min_value: None,
        max_value: None,
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
                href: format!("/figures{}", query_string(&p)),
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
    query_string(&pairs)
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
