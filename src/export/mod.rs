//! Machine-readable outputs: JSON, JSON Lines and CSV, each versioned.
//!
//! - `json`: one document, `{"schema": "claimdex/2", …}`.
//! - `jsonl`: one record per line, each tagged `{"record": "figure", "schema": "claimdex/2", …}`
//!   (the tag is `record`, not `type`, because entities have a `type` field of their own).
//! - `csv`: RFC 4180 (CRLF line ends, fields quoted when needed), UTF-8, a header row, then
//!   one row per record; numbers exact (`1670000000`, `2222.13`), lists joined with `;`.
//!   Claim and figure rows carry what joins them to their transcript and sentence:
//!   `transcript_id`, `source`, `title`, `date`, `speaker`, `time_start`, `time_end`.
//!
//! Claims, figures and mentions carry `transcript_id` in every format ([`InTranscript`]).
//!
//! - `graph`: money flows as FollowTheMoney `Payment` JSON, DOT, GraphML and SVG.
//!
//! Human-readable text is rendered by the command-line layer.

pub mod graph;
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

/// A claim, figure or mention with the id of its transcript, so exported records join
/// without going through their sentence.
#[derive(Serialize)]
pub struct InTranscript<'a, T: Serialize> {
    /// The transcript's id.
    pub transcript_id: &'a str,
    /// The record's own fields.
    #[serde(flatten)]
    pub record: &'a T,
}

impl<'a, T: Serialize> InTranscript<'a, T> {
    /// `record` of the transcript of `d`.
    pub fn new(d: &'a Dataset, record: &'a T) -> Self {
        InTranscript {
            transcript_id: &d.transcript.id,
            record,
        }
    }
}

/// A CSV writer as every CSV output uses it: RFC 4180 line ends.
fn csv_writer(out: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

/// The columns that join a record to its transcript and sentence: source, title, date,
/// speaker, time_start, time_end.
fn context(d: &Dataset, sentence_id: &str) -> [String; 6] {
    let s = d.sentence(sentence_id);
    let time = |t: Option<f64>| t.map(|t| t.to_string()).unwrap_or_default();
    [
        d.transcript.source.clone(),
        d.transcript.title.clone(),
        d.transcript.date.clone().unwrap_or_default(),
        s.and_then(|s| s.speaker.clone()).unwrap_or_default(),
        time(s.and_then(|s| s.time_start)),
        time(s.and_then(|s| s.time_end)),
    ]
}

/// A claim's holder as (entity id, name): an entity of the dataset by id, or by its name or
/// an alias (a speaker label naming a known person); else no id and the name as written.
pub fn holder_id_and_name(d: &Dataset, holder: Option<&str>) -> (String, String) {
    let Some(h) = holder else {
        return (String::new(), String::new());
    };
    let lower = h.to_lowercase();
    let found = d.entities.iter().find(|e| e.id == h).or_else(|| {
        d.entities.iter().find(|e| {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .any(|a| a.to_lowercase() == lower)
        })
    });
    match found {
        Some(e) => (
            e.id.clone(),
            if e.id == h {
                e.name.clone()
            } else {
                h.to_string()
            },
        ),
        None => (String::new(), h.to_string()),
    }
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
/// mentions, figures, claims, checks and flows.
pub fn export_jsonl(out: &mut dyn Write, datasets: &[Dataset]) -> Result<()> {
    let mut jsonl = JsonlExport::default();
    for d in datasets {
        jsonl.write(out, d)?;
    }
    Ok(())
}

/// [`export_jsonl`] one dataset at a time: it remembers only the entities already written.
#[derive(Debug, Default)]
pub struct JsonlExport {
    entities_written: std::collections::HashSet<String>,
}

impl JsonlExport {
    /// Write the records of `d`.
    pub fn write(&mut self, out: &mut dyn Write, d: &Dataset) -> Result<()> {
        write_jsonl(out, "transcript", &d.transcript)?;
        for r in &d.sentences {
            write_jsonl(out, "sentence", r)?;
        }
        // An entity appears once, with the first transcript that names it.
        for r in &d.entities {
            if self.entities_written.insert(r.id.clone()) {
                write_jsonl(out, "entity", r)?;
            }
        }
        for r in &d.mentions {
            write_jsonl(out, "mention", &InTranscript::new(d, r))?;
        }
        for r in &d.figures {
            write_jsonl(out, "figure", &InTranscript::new(d, r))?;
        }
        for r in &d.claims {
            write_jsonl(out, "claim", &InTranscript::new(d, r))?;
        }
        for r in &d.checks {
            write_jsonl(out, "check", r)?;
        }
        for r in &d.flows {
            write_jsonl(out, "flow", r)?;
        }
        Ok(())
    }
}

/// A pretty JSON array written one element at a time, byte for byte what [`write_json`]
/// writes for the whole `Vec`: `[]`, or `[`, each element indented by two spaces, `]`.
#[derive(Debug, Default)]
pub struct JsonArray {
    items: usize,
    /// How deep the array is nested in the document (0: it is the document).
    depth: usize,
}

impl JsonArray {
    /// Write one element.
    pub fn item<T: Serialize>(&mut self, out: &mut dyn Write, value: &T) -> Result<()> {
        let json = serde_json::to_string_pretty(value).map_err(io_err)?;
        out.write_all(if self.items == 0 { b"[\n" } else { b",\n" })
            .map_err(io_err)?;
        let indent = "  ".repeat(self.depth + 1);
        // Pretty JSON escapes newlines inside strings: every line break is structure.
        for (i, line) in json.split('\n').enumerate() {
            if i > 0 {
                out.write_all(b"\n").map_err(io_err)?;
            }
            out.write_all(indent.as_bytes()).map_err(io_err)?;
            out.write_all(line.as_bytes()).map_err(io_err)?;
        }
        self.items += 1;
        Ok(())
    }

    /// Close the array (and end the line, as [`write_json`] does).
    pub fn finish(self, out: &mut dyn Write) -> Result<()> {
        let close = match self.items {
            0 => "[]".to_string(),
            _ => format!("\n{}]", "  ".repeat(self.depth)),
        };
        out.write_all(close.as_bytes()).map_err(io_err)?;
        match self.depth {
            0 => out.write_all(b"\n").map_err(io_err),
            _ => Ok(()),
        }
    }
}

/// The document [`write_list`] writes (`{"schema", KEY: [...]}`), written one element
/// at a time, byte for byte the same.
#[derive(Debug)]
pub struct JsonList {
    array: JsonArray,
}

impl JsonList {
    /// Open the document and its list under `key`.
    pub fn start(out: &mut dyn Write, key: &str) -> Result<Self> {
        let quoted = |s: &str| serde_json::to_string(s).map_err(io_err);
        let head = format!(
            "{{\n  \"schema\": {},\n  {}: ",
            quoted(SCHEMA)?,
            quoted(key)?
        );
        out.write_all(head.as_bytes()).map_err(io_err)?;
        Ok(JsonList {
            array: JsonArray { items: 0, depth: 1 },
        })
    }

    /// Write one element of the list.
    pub fn item<T: Serialize>(&mut self, out: &mut dyn Write, value: &T) -> Result<()> {
        self.array.item(out, value)
    }

    /// Close the list and the document.
    pub fn finish(self, out: &mut dyn Write) -> Result<()> {
        self.array.finish(out)?;
        out.write_all(b"\n}\n").map_err(io_err)
    }
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
    let mut w = csv_writer(out);
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
    "source",
    "title",
    "date",
    "speaker",
    "time_start",
    "time_end",
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
    csv_header(out, FIGURE_COLUMNS)?;
    figures_csv_rows(out, figures)
}

/// The header line of a CSV listing.
pub fn csv_header(out: &mut dyn Write, columns: &[&str]) -> Result<()> {
    let mut w = csv_writer(out);
    w.write_record(columns).map_err(csv_err)?;
    w.flush().map_err(io_err)
}

/// The rows of [`figures_csv`], without its header: a listing written in parts.
pub fn figures_csv_rows<'a>(
    out: &mut dyn Write,
    figures: impl IntoIterator<Item = (&'a Dataset, &'a Figure)>,
) -> Result<()> {
    let mut w = csv_writer(out);
    for (d, f) in figures {
        let sentence = d.sentence(&f.sentence_id).map_or("", |s| s.text.as_str());
        // The checks it takes part in: `id:verdict`, `;`-separated.
        let checks: Vec<String> = d
            .checks
            .iter()
            .filter(|k| k.figures.contains(&f.id))
            .map(|k| format!("{}:{}", k.id, enum_name(&k.verdict)))
            .collect();
        let [source, title, date, speaker, time_start, time_end] = context(d, &f.sentence_id);
        w.write_record([
            f.id.as_str(),
            d.transcript.id.as_str(),
            f.sentence_id.as_str(),
            &source,
            &title,
            &date,
            &speaker,
            &time_start,
            &time_end,
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
    "source",
    "title",
    "date",
    "speaker",
    "time_start",
    "time_end",
    "start",
    "end",
    "kind",
    "holder",
    "holder_name",
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
    csv_header(out, CLAIM_COLUMNS)?;
    claims_csv_rows(out, claims)
}

/// The rows of [`claims_csv`], without its header: a listing written in parts.
pub fn claims_csv_rows<'a>(
    out: &mut dyn Write,
    claims: impl IntoIterator<Item = (&'a Dataset, &'a Claim)>,
) -> Result<()> {
    let mut w = csv_writer(out);
    for (d, c) in claims {
        let [source, title, date, speaker, time_start, time_end] = context(d, &c.sentence_id);
        let (holder, holder_name) = holder_id_and_name(d, c.holder.as_deref());
        w.write_record([
            c.id.as_str(),
            d.transcript.id.as_str(),
            c.sentence_id.as_str(),
            &source,
            &title,
            &date,
            &speaker,
            &time_start,
            &time_end,
            &c.start.to_string(),
            &c.end.to_string(),
            c.kind.as_str(),
            &holder,
            &holder_name,
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

/// The CSV header of [`hits_csv`].
pub const HIT_COLUMNS: &[&str] = &[
    "id",
    "kind",
    "score",
    "transcript_id",
    "sentence_id",
    "source",
    "speaker",
    "time_start",
    "time_end",
    "start",
    "text",
    "entities",
    "figures",
    "claims",
];

/// Search hits as CSV (`search --format csv`), in rank order.
pub fn hits_csv(out: &mut dyn Write, hits: &[crate::store::search::Hit]) -> Result<()> {
    let mut w = csv_writer(out);
    w.write_record(HIT_COLUMNS).map_err(csv_err)?;
    let time = |t: Option<f64>| t.map(|t| t.to_string()).unwrap_or_default();
    for h in hits {
        w.write_record([
            h.id.as_str(),
            h.kind.as_str(),
            &format!("{:.2}", h.score),
            h.transcript_id.as_str(),
            h.sentence_id.as_str(),
            h.source.as_str(),
            h.speaker.as_deref().unwrap_or(""),
            &time(h.time_start),
            &time(h.time_end),
            &h.start.to_string(),
            h.text.as_str(),
            &h.entities.join(";"),
            &h.figures.join(";"),
            &h.claims.join(";"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_written_in_parts_is_the_list_written_whole() {
        for n in 0..3 {
            let items: Vec<serde_json::Value> = (0..n)
                .map(|i| serde_json::json!({"id": i, "text": "a\nb", "tags": ["x", "y"]}))
                .collect();
            let refs: Vec<&serde_json::Value> = items.iter().collect();
            let mut whole = Vec::new();
            write_list(&mut whole, false, "claim", "claims", &refs).unwrap();
            let mut parts = Vec::new();
            let mut list = JsonList::start(&mut parts, "claims").unwrap();
            for item in &items {
                list.item(&mut parts, item).unwrap();
            }
            list.finish(&mut parts).unwrap();
            assert_eq!(
                String::from_utf8(parts).unwrap(),
                String::from_utf8(whole).unwrap()
            );
        }
    }
}
