//! Machine-readable outputs: JSON, JSON Lines and CSV, each versioned.
//!
//! - `json`: one document, `{"schema": "claimdex/2", …}`.
//! - `jsonl`: one record per line, each tagged `{"record": "figure", "schema": "claimdex/2", …}`
//!   (the tag is `record`, not `type`, because entities have a `type` field of their own).
//! - `csv`: a header row, then one row per record; numbers exact (`1670000000`, `2222.13`),
//!   lists joined with `;`.
//!
//! Human-readable text is rendered by the command-line layer.

pub mod quickwit;

use std::io::Write;

use serde::Serialize;

use crate::record::{Check, Claim, Dataset, Decimal, Figure, SCHEMA};
use crate::store::search::Hit;
use crate::{Error, Result};

/// A record with its type tag and schema version, for JSON Lines.
#[derive(Serialize)]
pub struct Tagged<'a, T: Serialize> {
    /// The record type: `transcript`, `sentence`, `figure`, `mention`, `entity`, `claim`.
    #[serde(rename = "record")]
    pub kind: &'a str,
    /// [`SCHEMA`].
    pub schema: &'a str,
    /// The record's own fields.
    #[serde(flatten)]
    pub record: &'a T,
}

fn io_err(e: impl Into<std::io::Error>) -> Error {
    Error::io("<output>", e.into())
}

/// Write one tagged JSON line.
pub fn write_jsonl<T: Serialize>(out: &mut dyn Write, kind: &str, record: &T) -> Result<()> {
    let tagged = Tagged {
        kind,
        schema: SCHEMA,
        record,
    };
    serde_json::to_writer(&mut *out, &tagged).map_err(io_err)?;
    out.write_all(b"\n").map_err(io_err)
}

/// Write a value as one pretty JSON document.
pub fn write_json<T: Serialize>(out: &mut dyn Write, value: &T) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io_err)?;
    out.write_all(b"\n").map_err(io_err)
}

/// The document `search --format json` prints (and `serve`'s `/api/search` answers):
/// `{"schema", "query", "hits": [...]}`.
pub fn write_search_json(out: &mut dyn Write, query: &str, hits: &[Hit]) -> Result<()> {
    write_json(
        out,
        &serde_json::json!({"schema": SCHEMA, "query": query, "hits": hits}),
    )
}

/// Every record of the datasets as JSON Lines: transcript, then its sentences, entities,
/// mentions, figures and claims.
pub fn export_jsonl(out: &mut dyn Write, datasets: &[Dataset]) -> Result<()> {
    for d in datasets {
        write_jsonl(out, "transcript", &d.transcript)?;
        for r in &d.sentences {
            write_jsonl(out, "sentence", r)?;
        }
        for r in &d.entities {
            write_jsonl(out, "entity", r)?;
        }
        for r in &d.mentions {
            write_jsonl(out, "mention", r)?;
        }
        for r in &d.figures {
            write_jsonl(out, "figure", r)?;
        }
        for r in &d.claims {
            write_jsonl(out, "claim", r)?;
        }
        for r in &d.checks {
            write_jsonl(out, "check", r)?;
        }
    }
    Ok(())
}

/// The CSV header of [`checks_csv`].
pub const CHECK_COLUMNS: &[&str] = &[
    "id",
    "verdict",
    "relation",
    "computed",
    "computed_max",
    "stated",
    "deviation_pct",
    "explanation",
    "entities",
    "figures",
    "sentences",
    "rule",
    "metric",
];

/// Arithmetic checks as CSV.
pub fn checks_csv<'a>(
    out: &mut dyn Write,
    checks: impl IntoIterator<Item = &'a Check>,
) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CHECK_COLUMNS).map_err(csv_err)?;
    let opt = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    for k in checks {
        w.write_record([
            k.id.as_str(),
            &enum_name(&k.verdict),
            &enum_name(&k.relation),
            &opt(k.computed),
            &opt(k.computed_max),
            &opt(k.stated),
            &k.deviation_pct
                .map(|d| format!("{d:.2}"))
                .unwrap_or_default(),
            k.explanation.as_str(),
            &k.entities.join(";"),
            &k.figures.join(";"),
            &k.sentences.join(";"),
            &enum_name(&k.rule),
            k.metric.as_deref().unwrap_or(""),
        ])
        .map_err(csv_err)?;
    }
    w.flush().map_err(io_err)
}

/// The CSV header of [`figures_csv`].
pub const FIGURE_COLUMNS: &[&str] = &[
    "id",
    "transcript_id",
    "sentence_id",
    "start",
    "end",
    "text",
    "kind",
    "value",
    "value_max",
    "currency",
    "unit",
    "approx",
    "vague",
    "bound",
    "rate",
    "implied_currency",
    "entities",
    "rule",
    "sentence",
    "checks",
];

/// The name a value serialises to (`money`, `up_to`), or empty for `None`.
pub fn enum_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Null) | Err(_) => String::new(),
        Ok(other) => other.to_string(),
    }
}

/// Figures as CSV, each with the text of its sentence.
pub fn figures_csv<'a>(
    out: &mut dyn Write,
    figures: impl IntoIterator<Item = (&'a Dataset, &'a Figure)>,
) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(FIGURE_COLUMNS).map_err(csv_err)?;
    for (d, f) in figures {
        let sentence = d.sentence(&f.sentence_id).map_or("", |s| s.text.as_str());
        // The checks it takes part in: `id:verdict`, `;`-separated.
        let checks: Vec<String> = d
            .checks
            .iter()
            .filter(|k| k.figures.contains(&f.id))
            .map(|k| format!("{}:{}", k.id, enum_name(&k.verdict)))
            .collect();
        w.write_record([
            f.id.as_str(),
            d.transcript.id.as_str(),
            f.sentence_id.as_str(),
            &f.start.to_string(),
            &f.end.to_string(),
            f.text.as_str(),
            &enum_name(&f.kind),
            &f.value.to_string(),
            &f.value_max.map(|v| v.to_string()).unwrap_or_default(),
            f.currency.as_deref().unwrap_or(""),
            f.unit.as_deref().unwrap_or(""),
            bool_str(f.approx),
            bool_str(f.vague),
            &enum_name(&f.bound),
            &enum_name(&f.rate),
            bool_str(f.implied_currency),
            &f.entities.join(";"),
            f.rule.as_str(),
            sentence,
            &checks.join(";"),
        ])
        .map_err(csv_err)?;
    }
    w.flush().map_err(io_err)
}

/// The CSV header of [`claims_csv`].
pub const CLAIM_COLUMNS: &[&str] = &[
    "id",
    "transcript_id",
    "sentence_id",
    "start",
    "end",
    "kind",
    "holder",
    "targets",
    "polarity",
    "negated",
    "hedged",
    "topics",
    "figures",
    "text",
];

/// Claims as CSV.
pub fn claims_csv<'a>(
    out: &mut dyn Write,
    claims: impl IntoIterator<Item = (&'a Dataset, &'a Claim)>,
) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CLAIM_COLUMNS).map_err(csv_err)?;
    for (d, c) in claims {
        w.write_record([
            c.id.as_str(),
            d.transcript.id.as_str(),
            c.sentence_id.as_str(),
            &c.start.to_string(),
            &c.end.to_string(),
            c.kind.as_str(),
            c.holder.as_deref().unwrap_or(""),
            &c.targets.join(";"),
            &enum_name(&c.polarity),
            bool_str(c.negated),
            bool_str(c.hedged),
            &c.topics.join(";"),
            &c.figures.join(";"),
            c.text.as_str(),
        ])
        .map_err(csv_err)?;
    }
    w.flush().map_err(io_err)
}

fn bool_str(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

fn csv_err(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io("<output>", io),
        other => Error::io("<output>", std::io::Error::other(format!("csv: {other:?}"))),
    }
}

/// A list of records as `json` (`{"schema", KEY: [...]}`) or `jsonl` (tagged lines).
pub fn write_list<T: Serialize>(
    out: &mut dyn Write,
    jsonl: bool,
    record: &str,
    key: &str,
    items: &[&T],
) -> Result<()> {
    if jsonl {
        for item in items {
            write_jsonl(out, record, item)?;
        }
        Ok(())
    } else {
        let mut doc = serde_json::Map::new();
        doc.insert("schema".into(), SCHEMA.into());
        doc.insert(key.into(), serde_json::to_value(items).map_err(io_err)?);
        write_json(out, &doc)
    }
}
