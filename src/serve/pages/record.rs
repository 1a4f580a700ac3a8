//! `/record/ID`: any record with its links both ways, like `show`; a transcript whole.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::query::show::RecordView;
use crate::record::{Check, Dataset, IdKind, Sentence};

use super::*;
use crate::serve::Answer;
use crate::serve::params::{Failure, Params, encode};
use crate::serve::state::{Snapshot, State};
use crate::serve::views::{
    Line, Link, RecordList, RecordPage, Row, SentenceView, TranscriptPage, html, segments,
    timestamp,
};

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
