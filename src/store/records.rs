//! The read commands answered from the index, without decoding whole datasets.
//!
//! Each `claim` and `figure` document carries its record as stored JSON together with what
//! the listings join to it (its sentence, and for a figure the checks it takes part in);
//! each light `transcript` document carries the transcript, its entities and their counts.
//! `claims --company X` is one term query and decodes only its hits; `entities` sums the
//! light documents; `export` decodes one dataset at a time. The full dataset lives in a
//! file of its own (`super::datasets`), read only by `show ID`, `export` and the commands
//! that need every record (`check`, `flows`, `serve`). Listings go transcript by
//! transcript, a few at a time in parallel, so memory stays that of a few transcripts.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::document::{
    DeserializeError, DocumentDeserialize, DocumentDeserializer, ValueDeserialize,
    ValueDeserializer, ValueVisitor,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Searcher, Term};

use super::Store;
use super::grouping::ByTranscript;
use crate::Result;
use crate::record::{Check, Claim, Dataset, Entity, Figure, SCHEMA, Sentence, Transcript};

/// A transcript's light document: what listings join to its records, and its entities'
/// counts (what `claimdex entities` sums).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TranscriptMeta {
    /// The transcript record.
    pub transcript: Transcript,
    /// Its entities, in the dataset's order, each with its counts in this transcript.
    pub entities: Vec<EntityTally>,
    /// Every entity id any of its records involves (mentions, claims, holders, figures,
    /// flows), sorted: the transcripts `show ENTITY` must read.
    pub involved: Vec<String>,
}

/// An entity of one transcript with its counts there.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EntityTally {
    /// The entity record.
    pub entity: Entity,
    /// Its mentions in the transcript.
    pub mentions: usize,
    /// Claims about it (it is among their targets).
    pub claims: usize,
    /// Figures about it.
    pub figures: usize,
}

impl TranscriptMeta {
    /// The light document of dataset `d`.
    pub fn of(d: &Dataset) -> Self {
        let entities = d
            .entities
            .iter()
            .map(|e| EntityTally {
                entity: e.clone(),
                mentions: d.mentions.iter().filter(|m| m.entity == e.id).count(),
                claims: d
                    .claims
                    .iter()
                    .filter(|c| c.targets.contains(&e.id))
                    .count(),
                figures: d
                    .figures
                    .iter()
                    .filter(|f| f.entities.contains(&e.id))
                    .count(),
            })
            .collect();
        let mut involved: Vec<String> = d.entities.iter().map(|e| e.id.clone()).collect();
        involved.extend(d.mentions.iter().map(|m| m.entity.clone()));
        for c in &d.claims {
            involved.extend(c.targets.iter().cloned());
            involved.extend(c.holder.iter().cloned());
        }
        involved.extend(d.figures.iter().flat_map(|f| f.entities.iter().cloned()));
        for w in &d.flows {
            involved.extend(w.payer.iter().cloned());
            involved.push(w.payee.clone());
        }
        involved.sort();
        involved.dedup();
        TranscriptMeta {
            transcript: d.transcript.clone(),
            entities,
            involved,
        }
    }
}

/// A claim document's stored record: the claim, its place in its dataset and its sentence
/// (without the sentence's text).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredClaim {
    pub n: usize,
    pub claim: Claim,
    pub sentence: Sentence,
}

/// A figure document's stored record: the figure, its place in its dataset, its sentence,
/// and the checks it takes part in with their places.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredFigure {
    pub n: usize,
    pub figure: Figure,
    pub sentence: Sentence,
    pub checks: Vec<(usize, Check)>,
}

/// Records of one transcript gathered from their documents, before becoming a dataset.
#[derive(Default)]
struct Gathered {
    sentences: BTreeMap<String, Sentence>,
    claims: BTreeMap<usize, Claim>,
    figures: BTreeMap<usize, Figure>,
    checks: BTreeMap<usize, Check>,
}

impl Gathered {
    /// A dataset of these records, with the transcript record and entities of `meta`.
    fn into_dataset(self, meta: TranscriptMeta) -> Dataset {
        Dataset {
            schema: SCHEMA.to_string(),
            transcript: meta.transcript,
            sentences: self.sentences.into_values().collect(),
            figures: self.figures.into_values().collect(),
            mentions: Vec::new(),
            entities: meta.entities.into_iter().map(|t| t.entity).collect(),
            claims: self.claims.into_values().collect(),
            checks: self.checks.into_values().collect(),
            flows: Vec::new(),
        }
    }
}

/// A listing's hits of one transcript: its transcript document and its hit documents,
/// in index order.
struct TranscriptHits {
    transcript: DocAddress,
    hits: Vec<DocAddress>,
}

/// Transcripts a listing prepares at once, in parallel, before writing them in order:
/// enough to keep both cores busy, few enough that memory stays that of a few transcripts.
const LISTING_CHUNK: usize = 16;

impl Store {
    fn term(&self, field: Field, value: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        ))
    }

    /// The query for the documents matching every (field, value).
    fn all_of(&self, terms: &[(Field, &str)]) -> BooleanQuery {
        let clauses = terms
            .iter()
            .map(|(f, v)| (Occur::Must, self.term(*f, v)))
            .collect();
        BooleanQuery::new(clauses)
    }

    /// The addresses of the documents matching every (field, value), in index order.
    fn addresses_where(
        &self,
        searcher: &Searcher,
        terms: &[(Field, &str)],
    ) -> Result<Vec<DocAddress>> {
        let query = self.all_of(terms);
        let mut addrs: Vec<DocAddress> = searcher
            .search(&query, &DocSetCollector)
            .map_err(|e| self.err(e))?
            .into_iter()
            .collect();
        // In index order: neighbours share a compressed block of the document store.
        addrs.sort();
        Ok(addrs)
    }

    /// The stored record of the document at `addr`, decoded.
    fn record<T: serde::de::DeserializeOwned>(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
    ) -> Result<T> {
        let doc: RecordOnly = searcher.doc(addr).map_err(|e| self.err(e))?;
        let json = doc
            .0
            .ok_or_else(|| self.err("a document has no stored record"))?;
        serde_json::from_str(&json).map_err(|e| self.damaged("record", e))
    }

    /// The value of fast text field `name` of each document, read from the columns
    /// without loading a document; a document without one is left out.
    fn fast_strings(
        &self,
        searcher: &Searcher,
        name: &str,
        addrs: &[DocAddress],
    ) -> Result<Vec<(DocAddress, String)>> {
        let mut out = Vec::with_capacity(addrs.len());
        let mut by_segment: BTreeMap<u32, Vec<DocAddress>> = BTreeMap::new();
        for a in addrs {
            by_segment.entry(a.segment_ord).or_default().push(*a);
        }
        for (segment, addrs) in by_segment {
            let reader = searcher.segment_reader(segment);
            let Some(column) = reader.fast_fields().str(name).map_err(|e| self.err(e))? else {
                continue;
            };
            let ords: Vec<(DocAddress, u64)> = addrs
                .into_iter()
                .filter_map(|a| column.term_ords(a.doc_id).next().map(|o| (a, o)))
                .collect();
            // Each distinct value looked up once, in order: one pass over the dictionary.
            let mut distinct: Vec<u64> = ords.iter().map(|(_, o)| *o).collect();
            distinct.sort_unstable();
            distinct.dedup();
            let mut values = Vec::with_capacity(distinct.len());
            column
                .dictionary()
                .sorted_ords_to_term_cb(&distinct, |bytes| {
                    values.push(String::from_utf8_lossy(bytes).into_owned());
                })
                .map_err(|e| self.err(e))?;
            if values.len() != distinct.len() {
                return Err(self.err(format!(
                    "the {name} column is damaged; run `claimdex verify`"
                )));
            }
            for (a, ord) in ords {
                if let Ok(i) = distinct.binary_search(&ord) {
                    out.push((a, values[i].clone()));
                }
            }
        }
        Ok(out)
    }

    /// Every transcript document as (source, id, address), ordered by source (then id):
    /// the order every listing follows, read from the fast columns alone.
    fn transcript_order(&self, searcher: &Searcher) -> Result<Vec<(String, String, DocAddress)>> {
        let addrs = self.addresses_where(searcher, &[(self.fields.doc_type, "transcript")])?;
        let ids: HashMap<DocAddress, String> = self
            .fast_strings(searcher, "transcript_id", &addrs)?
            .into_iter()
            .collect();
        let mut out: Vec<(String, String, DocAddress)> = self
            .fast_strings(searcher, "source", &addrs)?
            .into_iter()
            .filter_map(|(a, source)| ids.get(&a).map(|id| (source, id.clone(), a)))
            .collect();
        out.sort();
        Ok(out)
    }

    /// The hits of a listing query grouped by transcript, in source order.
    fn hits_by_transcript(
        &self,
        searcher: &Searcher,
        terms: &[(Field, &str)],
    ) -> Result<Vec<TranscriptHits>> {
        // The hits and the order of the transcripts are looked up at once, and the hits
        // of each segment in parallel.
        let (by_transcript, order) = rayon::join(
            || ByTranscript::search_parallel(searcher, &self.all_of(terms)),
            || self.transcript_order(searcher),
        );
        let mut by_transcript = by_transcript.map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(by_transcript.len());
        for (_, tid, transcript) in order? {
            if let Some(hits) = by_transcript.remove(&tid) {
                out.push(TranscriptHits { transcript, hits });
            }
        }
        Ok(out)
    }

    /// The light document of every transcript, ordered by source (then id).
    pub fn transcript_metas(&self) -> Result<Vec<TranscriptMeta>> {
        let mut out = Vec::new();
        self.for_each_transcript_meta(|m| {
            out.push(m);
            Ok(())
        })?;
        Ok(out)
    }

    /// Call `each` with the light document of every transcript, in source order; a few
    /// are decoded at once, in parallel, and only those are in memory.
    pub fn for_each_transcript_meta(
        &self,
        mut each: impl FnMut(TranscriptMeta) -> Result<()>,
    ) -> Result<()> {
        use rayon::prelude::*;
        let searcher = self.searcher();
        let order = self.transcript_order(&searcher)?;
        for chunk in order.chunks(LISTING_CHUNK * 4) {
            let metas: Vec<Result<TranscriptMeta>> = chunk
                .par_iter()
                .map(|(_, _, a)| self.record(&searcher, *a))
                .collect();
            for m in metas {
                each(m?)?;
            }
        }
        Ok(())
    }

    /// Call `each` with, per transcript in source order, `map` of a dataset of the
    /// listing's records of that transcript: built by `build` from the transcript's light
    /// document and its hit documents. A few transcripts are built and mapped at once, in
    /// parallel; only those are in memory, whatever the number of hits.
    fn for_each_listing<T: Send>(
        &self,
        terms: &[(Field, &str)],
        build: impl Fn(TranscriptMeta, &[DocAddress]) -> Result<Dataset> + Sync,
        map: impl Fn(Dataset) -> Result<T> + Sync,
        mut each: impl FnMut(T) -> Result<()>,
    ) -> Result<()> {
        use rayon::prelude::*;
        let searcher = self.searcher();
        let groups = self.hits_by_transcript(&searcher, terms)?;
        // The chunks are built on a thread of their own while this one hands the last
        // ones to `each` (which writes them out): building and writing overlap. The
        // channel holds one chunk, so memory stays that of about three chunks.
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Result<T>>(LISTING_CHUNK);
            let searcher = &searcher;
            let (groups, build, map) = (&groups, &build, &map);
            scope.spawn(move || {
                for chunk in groups.chunks(LISTING_CHUNK) {
                    let built: Vec<Result<T>> = chunk
                        .par_iter()
                        .map(|g| {
                            let meta: TranscriptMeta = self.record(searcher, g.transcript)?;
                            map(build(meta, &g.hits)?)
                        })
                        .collect();
                    for d in built {
                        // The receiver is gone when `each` failed: stop building.
                        if tx.send(d).is_err() {
                            return;
                        }
                    }
                }
            });
            for d in rx {
                each(d?)?;
            }
            Ok(())
        })
    }

    /// Call `each` with the claims a `claims` listing chooses from, per transcript in
    /// source order: those about `entity` when given, else all. Each dataset holds its
    /// transcript, its entities, these claims in their order and their sentences — nothing
    /// else of the dataset.
    pub fn for_each_claim_dataset(
        &self,
        entity: Option<&str>,
        each: impl FnMut(Dataset) -> Result<()>,
    ) -> Result<()> {
        self.map_claim_datasets(entity, Ok, each)
    }

    /// [`Store::for_each_claim_dataset`], with each dataset first given to `map` on the
    /// thread that read it (a few run in parallel), and `each` called with what `map`
    /// made of it: a listing formats its rows there, and only writes them in `each`.
    pub fn map_claim_datasets<T: Send>(
        &self,
        entity: Option<&str>,
        map: impl Fn(Dataset) -> Result<T> + Sync,
        each: impl FnMut(T) -> Result<()>,
    ) -> Result<()> {
        let mut terms = vec![(self.fields.doc_type, "claim")];
        terms.extend(entity.map(|e| (self.fields.entities, e)));
        let build = |meta: TranscriptMeta, hits: &[DocAddress]| {
            let searcher = self.searcher();
            let mut g = Gathered::default();
            for a in hits {
                let r: StoredClaim = self.record(&searcher, *a)?;
                g.sentences.insert(r.sentence.id.clone(), r.sentence);
                g.claims.insert(r.n, r.claim);
            }
            Ok(g.into_dataset(meta))
        };
        self.for_each_listing(&terms, build, map, each)
    }

    /// Call `each` with the figures a `figures` listing chooses from, like
    /// [`Store::for_each_claim_dataset`], with the figures' checks.
    pub fn for_each_figure_dataset(
        &self,
        entity: Option<&str>,
        each: impl FnMut(Dataset) -> Result<()>,
    ) -> Result<()> {
        self.map_figure_datasets(entity, Ok, each)
    }

    /// [`Store::for_each_figure_dataset`] with a `map` on the reading threads, like
    /// [`Store::map_claim_datasets`].
    pub fn map_figure_datasets<T: Send>(
        &self,
        entity: Option<&str>,
        map: impl Fn(Dataset) -> Result<T> + Sync,
        each: impl FnMut(T) -> Result<()>,
    ) -> Result<()> {
        let mut terms = vec![(self.fields.doc_type, "figure")];
        terms.extend(entity.map(|e| (self.fields.entities, e)));
        let build = |meta: TranscriptMeta, hits: &[DocAddress]| {
            let searcher = self.searcher();
            let mut g = Gathered::default();
            for a in hits {
                let r: StoredFigure = self.record(&searcher, *a)?;
                g.sentences.insert(r.sentence.id.clone(), r.sentence);
                g.figures.insert(r.n, r.figure);
                g.checks.extend(r.checks);
            }
            Ok(g.into_dataset(meta))
        };
        self.for_each_listing(&terms, build, map, each)
    }

    /// [`Store::for_each_claim_dataset`], collected.
    pub fn claim_datasets(&self, entity: Option<&str>) -> Result<Vec<Dataset>> {
        let mut out = Vec::new();
        self.for_each_claim_dataset(entity, |d| {
            out.push(d);
            Ok(())
        })?;
        Ok(out)
    }

    /// [`Store::for_each_figure_dataset`], collected.
    pub fn figure_datasets(&self, entity: Option<&str>) -> Result<Vec<Dataset>> {
        let mut out = Vec::new();
        self.for_each_figure_dataset(entity, |d| {
            out.push(d);
            Ok(())
        })?;
        Ok(out)
    }

    /// The datasets of the transcripts whose records involve entity `id`, ordered by source:
    /// what `show ENTITY` reads.
    pub fn datasets_involving(&self, id: &str) -> Result<Vec<Dataset>> {
        let mut out = Vec::new();
        for meta in self.transcript_metas()? {
            if meta
                .involved
                .binary_search_by(|e| e.as_str().cmp(id))
                .is_ok()
                && let Some(d) = self.dataset(&meta.transcript.id)?
            {
                out.push(d);
            }
        }
        Ok(out)
    }

    /// Call `each` with every transcript's dataset in source order, one decoded at a time,
    /// so a whole-store export holds one dataset in memory, not all of them.
    pub fn for_each_dataset(&self, mut each: impl FnMut(Dataset) -> Result<()>) -> Result<()> {
        let searcher = self.searcher();
        for (_, tid, _) in self.transcript_order(&searcher)? {
            if let Some(d) = self.dataset(&tid)? {
                each(d)?;
            }
        }
        Ok(())
    }
}

/// A stored document read for its record alone: its fields are read in order until the
/// record, which the documents that have one store first (`documents.rs`), so the other
/// fields of a hit are never decoded.
struct RecordOnly(Option<String>);

impl DocumentDeserialize for RecordOnly {
    fn deserialize<'de, D>(mut deserializer: D) -> std::result::Result<Self, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        let record = Field::from_field_id(super::schema::RECORD_FIELD_ID);
        while let Some((field, value)) = deserializer.next_field::<TextOnly>()? {
            if field == record {
                return Ok(RecordOnly(value.0));
            }
        }
        Ok(RecordOnly(None))
    }
}

/// A stored value: its text if it is text, nothing otherwise.
struct TextOnly(Option<String>);

impl ValueDeserialize for TextOnly {
    fn deserialize<'de, D>(deserializer: D) -> std::result::Result<Self, DeserializeError>
    where
        D: ValueDeserializer<'de>,
    {
        deserializer.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl ValueVisitor for TextVisitor {
    type Value = TextOnly;

    fn visit_string(&self, val: String) -> std::result::Result<TextOnly, DeserializeError> {
        Ok(TextOnly(Some(val)))
    }

    fn visit_u64(&self, _: u64) -> std::result::Result<TextOnly, DeserializeError> {
        Ok(TextOnly(None))
    }

    fn visit_i64(&self, _: i64) -> std::result::Result<TextOnly, DeserializeError> {
        Ok(TextOnly(None))
    }

    fn visit_f64(&self, _: f64) -> std::result::Result<TextOnly, DeserializeError> {
        Ok(TextOnly(None))
    }

    fn visit_bool(&self, _: bool) -> std::result::Result<TextOnly, DeserializeError> {
        Ok(TextOnly(None))
    }
}
