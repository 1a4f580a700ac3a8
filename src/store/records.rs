//! The read commands answered from the index, without decoding whole datasets.
//!
//! Each `claim` and `figure` document carries its record as stored JSON together with what
//! the listings join to it (its sentence, and for a figure the checks it takes part in);
//! each light `transcript` document carries the transcript, its entities and their counts.
//! `claims --company X` is one term query and decodes only its hits; `entities` sums the
//! light documents; `export` decodes one dataset at a time. The full dataset lives in a
//! `dataset` document of its own, read only by `show ID`, `export` and the commands that
//! need every record (`check`, `flows`, `serve`).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, TantivyDocument, Term};

use super::{Store, first_str};
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

/// A claim document's stored record: the claim, its place in its dataset and its sentence.
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

impl Store {
    fn term(&self, field: Field, value: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        ))
    }

    /// The documents matching every (field, value), in index order.
    fn docs_where(&self, terms: &[(Field, &str)]) -> Result<Vec<TantivyDocument>> {
        let searcher = self.searcher();
        let clauses = terms
            .iter()
            .map(|(f, v)| (Occur::Must, self.term(*f, v)))
            .collect();
        let query = BooleanQuery::new(clauses);
        let mut addrs: Vec<DocAddress> = searcher
            .search(&query, &DocSetCollector)
            .map_err(|e| self.err(e))?
            .into_iter()
            .collect();
        // In index order: neighbours share a compressed block of the document store.
        addrs.sort();
        addrs
            .into_iter()
            .map(|a| searcher.doc(a).map_err(|e| self.err(e)))
            .collect()
    }

    fn decode<T: serde::de::DeserializeOwned>(&self, doc: &TantivyDocument) -> Result<T> {
        let json = doc
            .get_first(self.fields.record)
            .and_then(|v| v.as_str())
            .ok_or_else(|| self.err("a document has no stored record"))?;
        serde_json::from_str(json).map_err(|e| self.damaged("record", e))
    }

    /// The light document of every transcript, ordered by source (then id).
    pub fn transcript_metas(&self) -> Result<Vec<TranscriptMeta>> {
        let mut out = self
            .transcript_docs()?
            .iter()
            .map(|doc| self.decode::<TranscriptMeta>(doc))
            .collect::<Result<Vec<_>>>()?;
        out.sort_by(|a, b| {
            (&a.transcript.source, &a.transcript.id).cmp(&(&b.transcript.source, &b.transcript.id))
        });
        Ok(out)
    }

    /// Transcript ids ordered by source (then id): the order every listing follows.
    fn transcript_order(&self) -> Result<Vec<(String, String)>> {
        let mut out: Vec<(String, String)> = self
            .transcript_docs()?
            .iter()
            .map(|doc| {
                (
                    first_str(doc, self.fields.source),
                    first_str(doc, self.fields.transcript_id),
                )
            })
            .collect();
        out.sort();
        Ok(out)
    }

    /// The claims a `claims` listing chooses from: those about `entity` when given, else
    /// all; as datasets ordered by source, each holding its transcript, its entities, these
    /// claims in their order and their sentences — nothing else of the dataset.
    pub fn claim_datasets(&self, entity: Option<&str>) -> Result<Vec<Dataset>> {
        let mut terms = vec![(self.fields.doc_type, "claim")];
        terms.extend(entity.map(|e| (self.fields.entities, e)));
        let mut by_transcript: HashMap<String, Gathered> = HashMap::new();
        for doc in self.docs_where(&terms)? {
            let tid = first_str(&doc, self.fields.transcript_id);
            let r: StoredClaim = self.decode(&doc)?;
            let g = by_transcript.entry(tid).or_default();
            g.sentences.insert(r.sentence.id.clone(), r.sentence);
            g.claims.insert(r.n, r.claim);
        }
        self.assemble(by_transcript)
    }

    /// The figures a `figures` listing chooses from: those about `entity` when given, else
    /// all; as datasets like [`Store::claim_datasets`], with the figures' checks.
    pub fn figure_datasets(&self, entity: Option<&str>) -> Result<Vec<Dataset>> {
        let mut terms = vec![(self.fields.doc_type, "figure")];
        terms.extend(entity.map(|e| (self.fields.entities, e)));
        let mut by_transcript: HashMap<String, Gathered> = HashMap::new();
        for doc in self.docs_where(&terms)? {
            let tid = first_str(&doc, self.fields.transcript_id);
            let r: StoredFigure = self.decode(&doc)?;
            let g = by_transcript.entry(tid).or_default();
            g.sentences.insert(r.sentence.id.clone(), r.sentence);
            g.figures.insert(r.n, r.figure);
            g.checks.extend(r.checks);
        }
        self.assemble(by_transcript)
    }

    /// Datasets of the gathered records, ordered by source; each transcript's light
    /// document gives its record and entities.
    fn assemble(&self, mut gathered: HashMap<String, Gathered>) -> Result<Vec<Dataset>> {
        let mut out = Vec::with_capacity(gathered.len());
        for (_, tid) in self.transcript_order()? {
            let Some(g) = gathered.remove(&tid) else {
                continue;
            };
            let Some(doc) = self
                .docs_where(&[
                    (self.fields.doc_type, "transcript"),
                    (self.fields.transcript_id, &tid),
                ])?
                .into_iter()
                .next()
            else {
                continue;
            };
            let meta: TranscriptMeta = self.decode(&doc)?;
            out.push(Dataset {
                schema: SCHEMA.to_string(),
                transcript: meta.transcript,
                sentences: g.sentences.into_values().collect(),
                figures: g.figures.into_values().collect(),
                mentions: Vec::new(),
                entities: meta.entities.into_iter().map(|t| t.entity).collect(),
                claims: g.claims.into_values().collect(),
                checks: g.checks.into_values().collect(),
                flows: Vec::new(),
            });
        }
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
        for (_, tid) in self.transcript_order()? {
            if let Some(d) = self.dataset(&tid)? {
                each(d)?;
            }
        }
        Ok(())
    }
}
