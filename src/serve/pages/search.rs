//! `/` (and what `/api/search` shares): the search form, validated into the request
//! `search` makes, and the ranked hits.

use crate::query::names;
use axum::http::StatusCode;

use crate::store::search::{Hit, HitKind, SearchRequest, search as run_search};

use super::*;
use crate::serve::Answer;
use crate::serve::params::{Failure, MAX_LIMIT, MAX_QUERY_CHARS, MAX_VALUE_CHARS, Params, encode};
use crate::serve::state::{Snapshot, State};
use crate::serve::views::{HitView, Link, SearchForm, SearchPage, html, segments, timestamp};

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
    // Built as `search` builds it: every holder value and speaker label a name means,
    // and the query words that name a known entity.
    let holder = state.holder(by.as_deref())?;
    let speakers = speaker_labels(state, speaker.as_deref())?;
    let request = SearchRequest {
        entity_words: names::entity_words(state.pipeline.gazetteer(), &query),
        query,
        company: state.entity(company.as_deref())?,
        by: holder
            .as_ref()
            .filter(|h| h.in_store.is_empty())
            .map(|h| h.term().to_string()),
        holders: holder.map(|h| h.in_store).unwrap_or_default(),
        speaker: None,
        speakers,
        transcript,
        currency,
        min_value,
        max_value,
        kinds,
        limit,
    };
    Ok((form, Some(request)))
}

/// The speaker labels a `speaker` parameter means, as `search --speaker` reads it.
fn speaker_labels(state: &State, name: Option<&str>) -> Result<Vec<String>, Failure> {
    let Some(name) = name else {
        return Ok(Vec::new());
    };
    let labels = names::speaker_labels(state.pipeline.gazetteer(), &state.store, name)?;
    if labels.is_empty() {
        return Err(Failure::bad(format!(
            "nobody speaks as {name:?} in the store"
        )));
    }
    Ok(labels)
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
