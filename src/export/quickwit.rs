//! The path beyond one machine: documents for Quickwit 0.9 and queries that match there what
//! `claimdex search` matches here.
//!
//! [`INDEX_CONFIG`] (`quickwit/claimdex-index.yaml`) declares every field a [`QuickwitDoc`]
//! carries (its mode is strict). Japanese is searchable in Quickwit two ways, with tokenizers
//! it ships: `words` holds the words claimdex's own analyzer cuts (the terms of the embedded
//! store's `text` field, space-joined, for Quickwit's `default` tokenizer); `text_ngram` the
//! raw text for an `ngram` tokenizer of character bigrams declared in the config, with
//! positions, so a phrase matches any run of characters as the embedded store's bigram field
//! does; and `text` the raw text for `chinese_compatible` (one token per ideograph). Records are
//! placed and filtered by entity exactly as in the store ([`Placement`]).

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::record::{Dataset, SCHEMA};
use crate::store::analyzer;
use crate::store::documents::Placement;
use crate::store::search::{HitKind, SearchRequest};
use crate::tokenize::JapaneseTokenizer;
use crate::{Error, Result};

/// The Quickwit index config shipped with claimdex (`quickwit/claimdex-index.yaml`).
pub const INDEX_CONFIG: &str = include_str!("../../quickwit/claimdex-index.yaml");

/// The largest NDJSON file `export --format quickwit --out DIR` writes: under the 10 MiB a
/// Quickwit ingest request accepts by default.
pub const BATCH_BYTES: usize = 8 * 1024 * 1024;

/// One Quickwit document: a sentence, claim or figure with its transcript's metadata.
#[derive(Debug, Serialize)]
pub struct QuickwitDoc<'a> {
    /// The record's id.
    pub id: &'a str,
    /// `sentence`, `claim` or `figure`.
    pub record: &'static str,
    /// The schema version.
    pub schema: &'static str,
    /// The transcript's id.
    pub transcript_id: &'a str,
    /// The transcript's source path.
    pub source: &'a str,
    /// The transcript's title.
    pub title: &'a str,
    /// The transcript's date when it is a calendar date (`YYYY-MM-DD` or RFC 3339): the
    /// index's timestamp field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<&'a str>,
    /// The transcript's date as given, when it is not a calendar date Quickwit can read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_text: Option<&'a str>,
    /// The sentence the record is in.
    pub sentence_id: &'a str,
    /// The record's text (for figures, their sentence's), for `chinese_compatible`.
    pub text: &'a str,
    /// The same text again, for the config's character-bigram tokenizer: the embedded
    /// store's `text_ngram` field, so a run of characters off word boundaries matches.
    pub text_ngram: &'a str,
    /// The words of `text` as the embedded store indexes them, space-joined.
    pub words: String,
    /// The section heading.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<&'a str>,
    /// Who speaks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<&'a str>,
    /// Start time in seconds, for timed transcripts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_start: Option<f64>,
    /// End time in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_end: Option<f64>,
    /// The entities `--company` filters by.
    pub entities: Vec<&'a str>,
    /// The entities the sentence names outright.
    pub mentioned: Vec<&'a str>,
    /// For claims: the holder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<&'a str>,
    /// For claims, the claim kind; for figures, the figure kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// For claims: the polarity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub polarity: Option<String>,
    /// For figures: the currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<&'a str>,
    /// For figures: the unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<&'a str>,
    /// For figures: the value (the lower end of a range).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// For figures: the upper end of a range, else the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_max: Option<f64>,
}

/// A name of a serialisable enum value (`snake_case`, as in every output).
fn name_of<T: Serialize>(value: &T) -> Option<String> {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
}

/// Whether Quickwit reads `date` with the config's input formats.
fn is_calendar_date(date: &str) -> bool {
    let b = date.as_bytes();
    let ymd = b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    ymd && (b.len() == 10 || (b.len() > 10 && b[10] == b'T'))
}

/// The Quickwit documents of one dataset: its sentences, claims and figures.
pub fn documents<'a>(d: &'a Dataset, tokenizer: &JapaneseTokenizer) -> Vec<QuickwitDoc<'a>> {
    let place = Placement::new(d);
    let words = |text: &str| analyzer::terms(tokenizer, text).join(" ");
    let sentence_words: Vec<String> = d.sentences.iter().map(|s| words(&s.text)).collect();
    let base = |id: &'a str, record, i: usize, text: &'a str, words: String| {
        let (t, s) = (&d.transcript, &d.sentences[i]);
        let date = t.date.as_deref();
        let calendar = date.filter(|x| is_calendar_date(x));
        QuickwitDoc {
            id,
            record,
            schema: SCHEMA,
            transcript_id: &t.id,
            source: &t.source,
            title: &t.title,
            date: calendar,
            date_text: date.filter(|_| calendar.is_none()),
            sentence_id: &s.id,
            text,
            text_ngram: text,
            words,
            section: s.section.as_deref(),
            speaker: s.speaker.as_deref(),
            time_start: s.time_start,
            time_end: s.time_end,
            entities: Vec::new(),
            mentioned: place.named(i).to_vec(),
            holder: None,
            kind: None,
            polarity: None,
            currency: None,
            unit: None,
            value: None,
            value_max: None,
        }
    };
    let mut out = Vec::with_capacity(d.sentences.len() + d.claims.len() + d.figures.len());
    for (i, s) in d.sentences.iter().enumerate() {
        let mut q = base(&s.id, "sentence", i, &s.text, sentence_words[i].clone());
        q.entities = place.sentence_entities(i);
        out.push(q);
    }
    for c in &d.claims {
        let Some(i) = place.sentence(&c.sentence_id) else {
            continue;
        };
        // A claim that is its whole sentence has the sentence's words, as in the store.
        let s = &d.sentences[i];
        let whole = s.start == c.start && s.end == c.end;
        let w = if whole {
            sentence_words[i].clone()
        } else {
            words(&c.text)
        };
        let mut q = base(&c.id, "claim", i, &c.text, w);
        q.entities = c.targets.iter().map(String::as_str).collect();
        q.holder = c.holder.as_deref();
        q.kind = Some(c.kind.as_str().to_string());
        q.polarity = c.polarity.and_then(|p| name_of(&p));
        out.push(q);
    }
    for f in &d.figures {
        let Some(i) = place.sentence(&f.sentence_id) else {
            continue;
        };
        let s = &d.sentences[i];
        let mut q = base(&f.id, "figure", i, &s.text, sentence_words[i].clone());
        q.entities = f.entities.iter().map(String::as_str).collect();
        q.kind = name_of(&f.kind);
        q.currency = f.currency.as_deref();
        q.unit = f.unit.as_deref();
        q.value = Some(f.value.to_f64());
        q.value_max = Some(f.value_max.unwrap_or(f.value).to_f64());
        out.push(q);
    }
    out
}

/// The datasets as one NDJSON stream: a document per line.
pub fn write_ndjson(
    out: &mut dyn Write,
    datasets: &[Dataset],
    tokenizer: &JapaneseTokenizer,
) -> Result<()> {
    for d in datasets {
        for doc in documents(d, tokenizer) {
            let line = serde_json::to_string(&doc).map_err(|e| Error::io("<output>", e.into()))?;
            writeln!(out, "{line}").map_err(|e| Error::io("<output>", e))?;
        }
    }
    Ok(())
}

/// The datasets as NDJSON files in `dir` of at most `max_bytes` each (one document is never
/// split): `claimdex-0001.ndjson`, `claimdex-0002.ndjson`, … Each file is written under a
/// temporary name and renamed when complete. Returns the files written.
pub fn write_batches(
    dir: &Path,
    datasets: &[Dataset],
    tokenizer: &JapaneseTokenizer,
    max_bytes: usize,
) -> Result<Vec<PathBuf>> {
    let mut batches = Batches::new(dir, max_bytes);
    for d in datasets {
        batches.add(d, tokenizer)?;
    }
    batches.finish()
}

/// [`write_batches`] one dataset at a time, so an export holds one dataset and one batch in
/// memory, not the whole store.
#[derive(Debug)]
pub struct Batches<'p> {
    dir: &'p Path,
    max_bytes: usize,
    batch: Vec<u8>,
    written: Vec<PathBuf>,
}

impl<'p> Batches<'p> {
    /// Batches of at most `max_bytes` in `dir`.
    pub fn new(dir: &'p Path, max_bytes: usize) -> Self {
        Batches {
            dir,
            max_bytes,
            batch: Vec::new(),
            written: Vec::new(),
        }
    }

    fn flush(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let path = self
            .dir
            .join(format!("claimdex-{:04}.ndjson", self.written.len() + 1));
        crate::store::write_atomic(&path, &self.batch)?;
        self.batch.clear();
        self.written.push(path);
        Ok(())
    }

    /// Add the documents of `d`, writing out each batch as it fills.
    pub fn add(&mut self, d: &Dataset, tokenizer: &JapaneseTokenizer) -> Result<()> {
        for doc in documents(d, tokenizer) {
            let mut line = serde_json::to_vec(&doc).map_err(|e| Error::io(self.dir, e.into()))?;
            line.push(b'\n');
            if !self.batch.is_empty() && self.batch.len() + line.len() > self.max_bytes {
                self.flush()?;
            }
            self.batch.extend_from_slice(&line);
        }
        Ok(())
    }

    /// Write the last batch; the files written.
    pub fn finish(mut self) -> Result<Vec<PathBuf>> {
        self.flush()?;
        Ok(self.written)
    }
}

/// A value in Quickwit's query language, quoted when it needs to be.
fn quoted(value: &str) -> String {
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}

/// The units of a user query: its words and its `"quoted phrases"`.
fn query_units(query: &str) -> Vec<String> {
    let mut units = Vec::new();
    let mut rest = query.trim();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('"') {
            let (phrase, tail) = after.split_once('"').unwrap_or((after, ""));
            units.push(phrase.to_string());
            rest = tail.trim_start();
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            units.push(rest[..end].trim_matches('"').to_string());
            rest = rest[end..].trim_start();
        }
    }
    units.retain(|u| !u.trim().is_empty());
    units
}

/// The Quickwit query that finds what `claimdex search` finds for `request` (names already
/// resolved to entity ids): every word or phrase as claimdex's analyzer cuts it, in `words`,
/// or as a run of character bigrams in `text_ngram`; then the same filters. The query is printed for the
/// user to run (`quickwit index search --query …`), never sent.
pub fn query(request: &SearchRequest, tokenizer: &JapaneseTokenizer) -> String {
    let mut clauses: Vec<String> = Vec::new();
    for unit in query_units(&request.query) {
        let words = analyzer::terms(tokenizer, &unit);
        if words.is_empty() {
            continue;
        }
        clauses.push(format!(
            "(words:{} OR text_ngram:{})",
            quoted(&words.join(" ")),
            quoted(unit.trim())
        ));
    }
    let kinds: Vec<&str> = request
        .kinds_searched()
        .iter()
        .map(|k: &HitKind| k.as_str())
        .collect();
    let kinds: Vec<String> = kinds.iter().map(|k| format!("record:{k}")).collect();
    clauses.push(format!("({})", kinds.join(" OR ")));
    let exact = [
        ("entities", request.company.clone()),
        ("holder", request.by.clone()),
        ("speaker", request.speaker.clone()),
        ("transcript_id", request.transcript.clone()),
        (
            "currency",
            request.currency.as_ref().map(|c| c.to_ascii_uppercase()),
        ),
    ];
    for (field, value) in exact {
        if let Some(value) = value {
            clauses.push(format!("{field}:{}", quoted(&value)));
        }
    }
    for (field, values) in [("holder", &request.holders), ("speaker", &request.speakers)] {
        if !values.is_empty() {
            let any: Vec<String> = values
                .iter()
                .map(|v| format!("{field}:{}", quoted(v)))
                .collect();
            clauses.push(format!("({})", any.join(" OR ")));
        }
    }
    // A range [value, value_max] overlaps [min, max].
    if let Some(min) = request.min_value {
        clauses.push(format!("value_max:>={min}"));
    }
    if let Some(max) = request.max_value {
        clauses.push(format!("value:<={max}"));
    }
    clauses.join(" AND ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_dates_are_recognised() {
        assert!(is_calendar_date("2025-11-06"));
        assert!(is_calendar_date("2025-11-06T10:00:00Z"));
        assert!(!is_calendar_date("2025年11月6日"));
        assert!(!is_calendar_date("Nov 6"));
        assert!(!is_calendar_date("2025-11-6"));
    }

    #[test]
    fn units_are_words_and_phrases() {
        assert_eq!(
            query_units("資金 \"基本的な計算\"  Oracle"),
            ["資金", "基本的な計算", "Oracle"]
        );
        assert_eq!(query_units("\"unclosed phrase"), ["unclosed phrase"]);
        assert!(query_units("  \"\" ").is_empty());
    }

    #[test]
    fn values_are_quoted_and_escaped() {
        assert_eq!(quoted(r#"a "b" \c"#), r#""a \"b\" \\c""#);
    }
}
