//! The index documents of one dataset: one light `transcript` document (its record, its
//! entities and their counts), one `sentence`, `claim` and `figure` document per record,
//! each with its text, the entities involved and the links a search hit carries (claims and
//! figures also their record as stored JSON). The whole dataset is a file of its own
//! (`super::datasets`), which the transcript document names.

use std::collections::{HashMap, HashSet};

use tantivy::TantivyDocument;

use super::analyzer;
use super::links::Links;
use super::records::{StoredClaim, StoredFigure, TranscriptMeta};
use super::schema::Fields;
use crate::record::{Claim, Dataset, Figure, Sentence};
use crate::tokenize::Token;

/// Who is where in one dataset, worked out once: sentence by id, and per sentence the
/// entities it names outright (searches filtered by company rank these first), its claims
/// and its figures. The store's documents and the Quickwit export both place records with it,
/// so the two engines filter the same records by the same entities.
#[derive(Debug)]
pub struct Placement<'d> {
    at: HashMap<&'d str, usize>,
    named: Vec<Vec<&'d str>>,
    claims_in: Vec<Vec<&'d Claim>>,
    figures_in: Vec<Vec<String>>,
}

impl<'d> Placement<'d> {
    /// Place the records of `d`.
    pub fn new(d: &'d Dataset) -> Self {
        let at: HashMap<&str, usize> = d
            .sentences
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let n = d.sentences.len();
        let mut named: Vec<Vec<&str>> = vec![Vec::new(); n];
        for m in &d.mentions {
            if let Some(&i) = at.get(m.sentence_id.as_str()) {
                named[i].push(&m.entity);
            }
        }
        for ids in &mut named {
            ids.sort_unstable();
            ids.dedup();
        }
        let mut claims_in: Vec<Vec<&Claim>> = vec![Vec::new(); n];
        for c in &d.claims {
            if let Some(&i) = at.get(c.sentence_id.as_str()) {
                claims_in[i].push(c);
            }
        }
        let mut figures_in: Vec<Vec<String>> = vec![Vec::new(); n];
        for fig in &d.figures {
            if let Some(&i) = at.get(fig.sentence_id.as_str()) {
                figures_in[i].push(fig.id.clone());
            }
        }
        Placement {
            at,
            named,
            claims_in,
            figures_in,
        }
    }

    /// The index of the sentence with this id.
    pub fn sentence(&self, id: &str) -> Option<usize> {
        self.at.get(id).copied()
    }

    /// The entities sentence `i` names outright, sorted.
    pub fn named(&self, i: usize) -> &[&'d str] {
        &self.named[i]
    }

    /// The entities a sentence document is filtered by: those it names and those its claims
    /// are about (through a pronoun or a zero subject), sorted.
    pub fn sentence_entities(&self, i: usize) -> Vec<&'d str> {
        let mut ids: Vec<&str> = self.named[i]
            .iter()
            .copied()
            .chain(
                self.claims_in[i]
                    .iter()
                    .flat_map(|c| c.targets.iter().map(String::as_str)),
            )
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// The store's documents of one dataset.
pub(super) struct Documents<'d> {
    f: Fields,
    d: &'d Dataset,
    place: Placement<'d>,
    known: HashSet<&'d str>,
    indexed: Vec<String>,
}

impl<'d> Documents<'d> {
    /// `indexed` is what the `text` field indexes for each sentence ([`indexed_texts`]).
    pub(super) fn new(f: Fields, d: &'d Dataset, indexed: Vec<String>) -> Self {
        Documents {
            f,
            d,
            place: Placement::new(d),
            known: d.entities.iter().map(|e| e.id.as_str()).collect(),
            indexed,
        }
    }

    /// Every document: the transcript's (naming `dataset_file`, `key`, its source's
    /// identity, and the `fingerprint` of its analysis), then its sentences, claims and
    /// figures.
    pub(super) fn all<'a>(
        &'a self,
        dataset_file: &str,
        key: &str,
        fingerprint: &str,
    ) -> impl Iterator<Item = TantivyDocument> + 'a {
        let d = self.d;
        let mut t = TantivyDocument::default();
        // The record first: a listing reads a stored document's fields in order and stops
        // at the record (`records::RecordOnly`).
        add_json(&mut t, self.f.record, &TranscriptMeta::of(d));
        let tid = &d.transcript.id;
        t.add_text(self.f.id, tid);
        t.add_text(self.f.doc_type, "transcript");
        t.add_text(self.f.transcript_id, tid);
        t.add_text(self.f.source, &d.transcript.source);
        t.add_text(self.f.source_key, key);
        t.add_text(self.f.fingerprint, fingerprint);
        t.add_text(self.f.dataset, dataset_file);
        // Made one at a time as they are taken: a long transcript's documents are never
        // all in memory at once.
        std::iter::once(t)
            .chain((0..d.sentences.len()).map(|i| self.sentence(i)))
            .chain(
                d.claims
                    .iter()
                    .enumerate()
                    .filter_map(|(n, c)| self.claim(n, c)),
            )
            .chain(
                d.figures
                    .iter()
                    .enumerate()
                    .filter_map(|(n, fig)| self.figure(n, fig)),
            )
    }

    /// The fields every record of sentence `i` has, after `record` (a claim's or figure's
    /// stored JSON), which goes first: a listing reads a stored document's fields in order
    /// and stops at the record (`records::RecordOnly`). `body` is searched by bigrams, and
    /// stored only without a record: a record holds its text, and every byte stored beside
    /// it is decompressed again by each listing that reads it.
    fn base(
        &self,
        record: Option<String>,
        (id, kind): (&str, &str),
        i: usize,
        indexed: &str,
        body: &str,
    ) -> TantivyDocument {
        let (f, s) = (self.f, &self.d.sentences[i]);
        let mut doc = TantivyDocument::default();
        let stores_body = record.is_none();
        if let Some(json) = record {
            doc.add_text(f.record, json);
        }
        doc.add_text(f.id, id);
        doc.add_text(f.doc_type, kind);
        doc.add_text(f.transcript_id, &self.d.transcript.id);
        doc.add_text(f.sentence_id, &s.id);
        doc.add_text(f.text, indexed);
        // Every record gets the bigrams of its own text, so that a query off token
        // boundaries finds claims and figures too, whatever the filters.
        doc.add_text(f.text_ngram, body);
        if stores_body {
            doc.add_text(f.body, body);
        }
        if let Some(speaker) = &s.speaker {
            doc.add_text(f.speaker, speaker);
        }
        for e in self.place.named(i) {
            doc.add_text(f.mentioned, e);
        }
        doc
    }

    fn add_links(&self, doc: &mut TantivyDocument, links: &Links) {
        if let Ok(json) = serde_json::to_string(links) {
            doc.add_text(self.f.links, &json);
        }
    }

    /// The links of a claim or figure: without its sentence's place, which its record holds.
    fn record_links(
        &self,
        figures: Vec<String>,
        entities: Vec<&str>,
        claims: Vec<String>,
    ) -> Links {
        let entities = entities.into_iter().map(str::to_string).collect();
        Links::without_place(self.d, figures, entities, claims)
    }

    fn sentence(&self, i: usize) -> TantivyDocument {
        let s = &self.d.sentences[i];
        let mut doc = self.base(None, (&s.id, "sentence"), i, &self.indexed[i], &s.text);
        let ids = self.place.sentence_entities(i);
        for e in &ids {
            doc.add_text(self.f.entities, e);
        }
        let claims = self.place.claims_in[i]
            .iter()
            .map(|c| c.id.clone())
            .collect();
        let figures = self.place.figures_in[i].clone();
        let entities = ids.into_iter().map(str::to_string).collect();
        let links = Links::new(self.d, s, figures, entities, claims);
        self.add_links(&mut doc, &links);
        doc
    }

    fn claim(&self, n: usize, c: &Claim) -> Option<TantivyDocument> {
        let i = self.place.sentence(&c.sentence_id)?;
        // A claim that is its whole sentence shares the sentence's tokens.
        let s = &self.d.sentences[i];
        let whole = s.start == c.start && s.end == c.end;
        let text = if whole { &self.indexed[i] } else { &c.text };
        // The sentence without its text: a claim listing shows the claim's own text and
        // takes only the speaker and times from its sentence.
        let record = StoredClaim {
            n,
            claim: c.clone(),
            sentence: Sentence {
                text: String::new(),
                ..s.clone()
            },
        };
        let json = serde_json::to_string(&record).ok();
        let mut doc = self.base(json, (&c.id, "claim"), i, text, &c.text);
        let mut entities: Vec<&str> = c.targets.iter().map(String::as_str).collect();
        for e in &entities {
            doc.add_text(self.f.entities, e);
        }
        if let Some(h) = &c.holder {
            doc.add_text(self.f.holder, h);
            if self.known.contains(h.as_str()) && !entities.contains(&h.as_str()) {
                entities.push(h);
            }
        }
        let links = self.record_links(c.figures.clone(), entities, vec![c.id.clone()]);
        self.add_links(&mut doc, &links);
        Some(doc)
    }

    fn figure(&self, n: usize, fig: &Figure) -> Option<TantivyDocument> {
        let i = self.place.sentence(&fig.sentence_id)?;
        let s = &self.d.sentences[i];
        let checks = self.d.checks.iter().enumerate();
        let record = StoredFigure {
            n,
            figure: fig.clone(),
            sentence: s.clone(),
            checks: checks
                .filter(|(_, k)| k.figures.contains(&fig.id))
                .map(|(n, k)| (n, k.clone()))
                .collect(),
        };
        let json = serde_json::to_string(&record).ok();
        let mut doc = self.base(json, (&fig.id, "figure"), i, &self.indexed[i], &s.text);
        for e in &fig.entities {
            doc.add_text(self.f.entities, e);
        }
        if let Some(c) = &fig.currency {
            doc.add_text(self.f.currency, c);
        }
        doc.add_f64(self.f.value, fig.value.to_f64());
        doc.add_f64(
            self.f.value_max,
            fig.value_max.unwrap_or(fig.value).to_f64(),
        );
        let claims = self.place.claims_in[i]
            .iter()
            .filter(|c| c.figures.contains(&fig.id))
            .map(|c| c.id.clone())
            .collect();
        let entities = fig.entities.iter().map(String::as_str).collect();
        let links = self.record_links(vec![fig.id.clone()], entities, claims);
        self.add_links(&mut doc, &links);
        Some(doc)
    }
}

/// `value` as JSON in the stored text field `field` (records always serialise).
fn add_json<T: serde::Serialize>(
    doc: &mut TantivyDocument,
    field: tantivy::schema::Field,
    value: &T,
) {
    if let Ok(json) = serde_json::to_string(value) {
        doc.add_text(field, &json);
    }
}

/// What the `text` field indexes for each sentence: the pipeline's tokens when they fit the
/// sentence, else the text itself (the analyzer tokenizes it).
pub(super) fn indexed_texts(d: &Dataset, tokens: Option<&[Vec<Token>]>) -> Vec<String> {
    d.sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            // Normalising never adds characters, so tokens of this sentence end within its
            // original length.
            let fitting = tokens.and_then(|t| t.get(i)).filter(|t| {
                t.last()
                    .is_none_or(|last| last.end <= s.text.chars().count())
            });
            fitting.map_or_else(|| s.text.clone(), |t| analyzer::pretokenized(t))
        })
        .collect()
}
