//! `claimdex verify`: is the store what its records say it is? Every file of the index
//! against its checksum (a flipped byte in a fast field would silently change `--min-value`
//! results), every dataset file against the checksum its name carries, and every
//! transcript's sentence, claim and figure documents counted against its dataset.

use serde::Serialize;
use tantivy::Term;
use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

use super::documents::Placement;
use super::{Store, first_str};
use crate::Result;

/// The advice every damage report ends with.
pub const REINDEX_HINT: &str = "the store is damaged: re-index from the sources into a new store (claimdex --store NEW index PATH...), then replace the old one";

/// What [`Store::verify`] found.
#[derive(Debug, Default, Serialize)]
pub struct Verification {
    /// Index and dataset files whose checksum was checked.
    pub files_checked: usize,
    /// Files whose content does not match their checksum, or that are missing.
    pub damaged_files: Vec<String>,
    /// Transcripts in the store.
    pub transcripts: usize,
    /// Search documents counted (sentences, claims, figures).
    pub documents: usize,
    /// Transcripts whose documents do not match their dataset, one line each.
    pub mismatches: Vec<String>,
}

impl Verification {
    /// Whether nothing is wrong.
    pub fn is_ok(&self) -> bool {
        self.damaged_files.is_empty() && self.mismatches.is_empty()
    }
}

impl Store {
    /// Check every index file against its checksum and every transcript's documents against
    /// its dataset. Damage is reported in the [`Verification`], not as an error; an error
    /// means the store could not be read at all.
    pub fn verify(&self) -> Result<Verification> {
        let mut v = Verification::default();
        let metas = self
            .index()
            .searchable_segment_metas()
            .map_err(|e| self.err(e))?;
        let segments: Vec<String> = metas.iter().map(|m| m.id().uuid_string()).collect();
        v.files_checked = std::fs::read_dir(self.dir().join("index"))
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .filter(|e| {
                        let name = e.file_name().to_string_lossy().into_owned();
                        segments.iter().any(|s| name.starts_with(s.as_str()))
                    })
                    .count()
            })
            .unwrap_or(0);
        match self.index().validate_checksum() {
            Ok(damaged) => {
                let mut damaged: Vec<String> = damaged
                    .iter()
                    .map(|p| format!("index/{}", p.display()))
                    .collect();
                damaged.sort();
                v.damaged_files = damaged;
            }
            Err(e) => v.damaged_files.push(format!("index: {e}")),
        }
        let searcher = self.searcher();
        for doc in self.transcript_docs()? {
            v.transcripts += 1;
            v.files_checked += 1;
            self.verify_transcript(&searcher, &doc, &mut v)?;
        }
        Ok(v)
    }

    /// Check one transcript's dataset file against its checksum and its documents against
    /// the dataset.
    fn verify_transcript(
        &self,
        searcher: &tantivy::Searcher,
        doc: &tantivy::TantivyDocument,
        v: &mut Verification,
    ) -> Result<()> {
        let tid = first_str(doc, self.fields.transcript_id);
        let file = first_str(doc, self.fields.dataset);
        let Ok(json) = self.datasets.read(&file) else {
            v.damaged_files
                .push(format!("{}/{file}", super::datasets::FOLDER));
            return Ok(());
        };
        let dataset: crate::record::Dataset = match serde_json::from_slice(&json) {
            Ok(d) => d,
            Err(e) => {
                v.mismatches
                    .push(format!("{tid}: its dataset does not decode: {e}"));
                return Ok(());
            }
        };
        let place = Placement::new(&dataset);
        let placed = |ids: Vec<&String>| ids.iter().filter(|s| place.sentence(s).is_some()).count();
        let expected = [
            ("sentence", dataset.sentences.len()),
            (
                "claim",
                placed(dataset.claims.iter().map(|c| &c.sentence_id).collect()),
            ),
            (
                "figure",
                placed(dataset.figures.iter().map(|f| &f.sentence_id).collect()),
            ),
        ];
        for (kind, want) in expected {
            let query = BooleanQuery::new(vec![
                (
                    Occur::Must,
                    self.term_query(self.fields.transcript_id, &tid),
                ),
                (Occur::Must, self.term_query(self.fields.doc_type, kind)),
            ]);
            let found = searcher.search(&query, &Count).map_err(|e| self.err(e))?;
            v.documents += found;
            if found != want {
                v.mismatches.push(format!(
                    "{tid} ({}): {want} {kind}s in its dataset, {found} {kind} documents",
                    dataset.transcript.source
                ));
            }
        }
        Ok(())
    }

    fn term_query(&self, field: tantivy::schema::Field, value: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        ))
    }
}
