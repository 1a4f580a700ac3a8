//! The HTML pages: each validates its parameters, asks the library what the matching
//! command would, and fills a template. One file per page family; this one holds what
//! they share (parameter names, links, rows).

mod entity;
mod lists;
mod record;
mod search;

pub use entity::entity;
pub use lists::{claim_filter, claims, entities, figure_filter, figures};
pub use record::record;
pub use search::{search, search_input};

use axum::http::StatusCode;
use axum::response::Response;

use crate::export::enum_name;
use crate::record::{Check, Claim, ClaimKind, Figure, Sentence};

use super::params::encode;
use super::state::{Snapshot, State};
use super::views::{Layout, Link, Row, timestamp};

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

/// The part of an id after its transcript (`c0003` of `t…-c0003`).
fn short_id(id: &str) -> &str {
    id.rsplit_once('-').map_or(id, |(_, tail)| tail)
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

/// Any path no route serves.
pub fn not_found() -> Response {
    super::views::error_page(
        StatusCode::NOT_FOUND,
        "no such page; try the search, claims, figures or entities pages",
    )
}
