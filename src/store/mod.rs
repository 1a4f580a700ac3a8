//! Stage 7: the store — an embedded tantivy index in a directory.
//!
//! One tantivy index holds everything, so a commit is the unit of consistency: a crash
//! during `index` leaves the last committed state. Documents:
//! - one `transcript` document per transcript, holding its whole [`Dataset`] as stored JSON
//!   (what `show`, `claims`, `figures` and `export` read);
//! - one `sentence`, `claim` and `figure` document per record, with the text analysed by
//!   [`analyzer::japanese_analyzer`] and the ids of the entities involved, for `search`.
//!
//! Layout: `DIR/claimdex-store.json` (marker with the schema version) and `DIR/index/`.

pub mod analyzer;
pub mod documents;
pub mod indexer;
mod links;
mod schema;
pub mod search;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::indexer::UserOperation;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::pipeline::Analysis;
use crate::record::{Dataset, SCHEMA};
use crate::tokenize::JapaneseTokenizer;
use crate::tokenize::Token;
use crate::{Error, Result};
use documents::Documents;
use schema::{Fields, resolve_fields, schema};
pub(crate) use schema::{first_str, register_analyzers, searchable_text};

/// The marker file that makes a directory a claimdex store.
pub const MARKER: &str = "claimdex-store.json";

/// Transcripts added between two commits while indexing a folder: a crash loses at most
/// these, and fewer commits keep indexing fast.
pub const COMMIT_EVERY: usize = 64;

/// Memory the index writer may use before flushing a segment.
pub(crate) const WRITER_MEMORY: usize = 64 * 1024 * 1024;

/// The store directory, given `--store`, else `CLAIMDEX_STORE`, else `./claimdex-store`.
pub const DEFAULT_STORE: &str = "claimdex-store";

#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    schema: String,
    created_by: String,
}

/// What one `index` run did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct IndexReport {
    /// Transcripts new to the store: (source, id).
    pub added: Vec<(String, String)>,
    /// Transcripts whose file changed: (source, new id), replacing the old records.
    pub updated: Vec<(String, String)>,
    /// Transcripts already in the store with the same content.
    pub unchanged: Vec<(String, String)>,
}

/// An open store.
pub struct Store {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    pub(crate) fields: Fields,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("dir", &self.dir).finish()
    }
}

impl Store {
    /// Open the store at `dir`, creating it if it does not exist.
    pub fn open_or_create(dir: &Path, tokenizer: Arc<JapaneseTokenizer>) -> Result<Self> {
        if !dir.join(MARKER).exists() {
            let non_empty = std::fs::read_dir(dir)
                .map(|mut entries| entries.next().is_some())
                .unwrap_or(false);
            if non_empty {
                return Err(store_error(
                    dir,
                    format!(
                        "exists but is not a claimdex store (no {MARKER}); choose another --store"
                    ),
                ));
            }
            std::fs::create_dir_all(dir.join("index")).map_err(|e| Error::io(dir, e))?;
            let (schema, _) = schema();
            Index::create_in_dir(dir.join("index"), schema)
                .map_err(|e| store_error(dir, format!("cannot create the index: {e}")))?;
            let marker = Marker {
                schema: SCHEMA.to_string(),
                created_by: format!("claimdex {}", env!("CARGO_PKG_VERSION")),
            };
            let json = serde_json::to_string_pretty(&marker)
                .map_err(|e| store_error(dir, e.to_string()))?;
            // The marker goes last: a store without it was never completely created.
            write_atomic(&dir.join(MARKER), json.as_bytes())?;
        }
        Self::open(dir, tokenizer)
    }

    /// Open an existing store.
    pub fn open(dir: &Path, tokenizer: Arc<JapaneseTokenizer>) -> Result<Self> {
        if !dir.exists() {
            return Err(store_error(
                dir,
                "does not exist; run `claimdex index PATH` first, or pass --store".to_string(),
            ));
        }
        let marker_path = dir.join(MARKER);
        let marker = std::fs::read_to_string(&marker_path).map_err(|_| {
            store_error(
                dir,
                format!("is not a claimdex store (no readable {MARKER})"),
            )
        })?;
        let marker: Marker = serde_json::from_str(&marker)
            .map_err(|e| store_error(dir, format!("{MARKER} is damaged: {e}")))?;
        if marker.schema != SCHEMA {
            return Err(store_error(
                dir,
                format!(
                    "was written with schema {} but this claimdex reads {SCHEMA}; re-index into a new store",
                    marker.schema
                ),
            ));
        }
        let index = Index::open_in_dir(dir.join("index"))
            .map_err(|e| store_error(dir, format!("cannot open the index: {e}")))?;
        register_analyzers(&index, tokenizer);
        let (expected, _) = schema();
        let fields = resolve_fields(&index.schema(), &expected).ok_or_else(|| {
            store_error(
                dir,
                "index schema does not match; re-index into a new store".to_string(),
            )
        })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| store_error(dir, format!("cannot read the index: {e}")))?;
        Ok(Store {
            dir: dir.to_path_buf(),
            index,
            reader,
            fields,
        })
    }

    /// Look again at the last commit, for a reader that stays open (`serve`): what an
    /// `index` running beside it has committed since becomes visible, never a half-written
    /// batch. Returns whether the searchable content changed.
    pub fn reload(&self) -> Result<bool> {
        let stamp = |s: &tantivy::Searcher| -> Vec<(tantivy::index::SegmentId, u32)> {
            s.segment_readers()
                .iter()
                .map(|r| (r.segment_id(), r.num_deleted_docs()))
                .collect()
        };
        let before = stamp(&self.reader.searcher());
        self.reader
            .reload()
            .map_err(|e| self.err(format!("cannot reload: {e}")))?;
        Ok(stamp(&self.reader.searcher()) != before)
    }

    /// The store directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn index(&self) -> &Index {
        &self.index
    }

    pub(crate) fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    fn err(&self, message: impl std::fmt::Display) -> Error {
        store_error(&self.dir, message.to_string())
    }

    /// Start writing: takes the store's writer lock (one writer at a time; a second one
    /// gets a clear error, never a corrupted store).
    pub fn begin(&self) -> Result<IndexSession<'_>> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        self.begin_with_threads(threads)
    }

    /// [`Store::begin`] with this many tantivy indexing threads.
    pub fn begin_with_threads(&self, threads: usize) -> Result<IndexSession<'_>> {
        let threads = threads.clamp(1, 8);
        let writer: IndexWriter = self
            .index
            .writer_with_num_threads(threads, WRITER_MEMORY.max(threads * 16 * 1024 * 1024))
            .map_err(|e| {
                match e {
            tantivy::TantivyError::LockFailure(..) => self.err(
                "another `claimdex index` is writing to this store; run again when it has finished",
            ),
            e => self.err(format!("cannot write: {e}")),
        }
            })?;
        let existing = self.transcript_sources()?;
        Ok(IndexSession {
            store: self,
            writer,
            existing,
            report: IndexReport::default(),
            uncommitted: false,
        })
    }

    /// Add or update transcripts in one commit (see [`IndexSession::add`]).
    pub fn add(&self, datasets: &[Dataset]) -> Result<IndexReport> {
        let mut session = self.begin()?;
        for d in datasets {
            session.add(d)?;
        }
        session.finish()
    }

    /// The `transcript` documents of the store.
    fn transcript_docs(&self) -> Result<Vec<TantivyDocument>> {
        let searcher = self.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.doc_type, "transcript"),
            IndexRecordOption::Basic,
        );
        let docs = searcher
            .search(&query, &DocSetCollector)
            .map_err(|e| self.err(e))?;
        docs.into_iter()
            .map(|addr| searcher.doc(addr).map_err(|e| self.err(e)))
            .collect()
    }

    /// (id, source) of every transcript in the store.
    pub fn transcript_sources(&self) -> Result<Vec<(String, String)>> {
        let mut out: Vec<(String, String)> = self
            .transcript_docs()?
            .iter()
            .map(|doc| {
                (
                    first_str(doc, self.fields.transcript_id),
                    first_str(doc, self.fields.source),
                )
            })
            .collect();
        out.sort();
        Ok(out)
    }

    /// Every transcript's dataset, ordered by source.
    pub fn datasets(&self) -> Result<Vec<Dataset>> {
        let mut out = self
            .transcript_docs()?
            .iter()
            .map(|doc| self.decode_dataset(doc))
            .collect::<Result<Vec<_>>>()?;
        out.sort_by(|a, b| a.transcript.source.cmp(&b.transcript.source));
        Ok(out)
    }

    /// One transcript's dataset.
    pub fn dataset(&self, transcript_id: &str) -> Result<Option<Dataset>> {
        let searcher = self.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, transcript_id),
            IndexRecordOption::Basic,
        );
        let docs = searcher
            .search(&query, &DocSetCollector)
            .map_err(|e| self.err(e))?;
        match docs.into_iter().next() {
            Some(addr) => {
                let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.err(e))?;
                Ok(Some(self.decode_dataset(&doc)?))
            }
            None => Ok(None),
        }
    }

    fn decode_dataset(&self, doc: &TantivyDocument) -> Result<Dataset> {
        let json = doc
            .get_first(self.fields.dataset)
            .and_then(|v| v.as_str())
            .ok_or_else(|| self.err("a transcript document has no dataset"))?;
        serde_json::from_str(json).map_err(|e| self.err(format!("damaged dataset: {e}")))
    }
}

/// What happened to one transcript in an index run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// New to the store.
    Added,
    /// Its source was in the store with other content; the old records were replaced.
    Updated,
    /// The same content is already in the store.
    Unchanged,
}

/// A write to the store, holding its writer lock. Nothing is visible to readers, and
/// nothing survives a crash, until [`IndexSession::commit`]; what was committed always does.
pub struct IndexSession<'a> {
    store: &'a Store,
    writer: IndexWriter,
    existing: Vec<(String, String)>,
    report: IndexReport,
    uncommitted: bool,
}

impl IndexSession<'_> {
    /// Add a transcript's records. Unchanged content is left alone; a source whose content
    /// changed has its old records replaced; ids stay those of the content.
    pub fn add(&mut self, d: &Dataset) -> Result<Outcome> {
        self.add_tokenized(d, None)
    }

    /// [`IndexSession::add`], reusing the pipeline's tokens of each sentence.
    pub fn add_analysis(&mut self, a: &Analysis) -> Result<Outcome> {
        self.add_tokenized(&a.dataset, Some(&a.sentence_tokens))
    }

    fn add_tokenized(&mut self, d: &Dataset, tokens: Option<&[Vec<Token>]>) -> Result<Outcome> {
        let tid = &d.transcript.id;
        let source = &d.transcript.source;
        if self.existing.iter().any(|(id, _)| id == tid) {
            self.report.unchanged.push((source.clone(), tid.clone()));
            return Ok(Outcome::Unchanged);
        }
        let old: Vec<String> = self
            .existing
            .iter()
            .filter(|(_, s)| s == source)
            .map(|(id, _)| id.clone())
            .collect();
        // One batch per transcript: its old records' deletion and its new documents go to
        // the indexing thread as one message. Sent one by one, each document woke the
        // thread through the channel, which cost more than a tenth of indexing.
        let mut ops: Vec<UserOperation<TantivyDocument>> = old
            .iter()
            .map(|old_id| {
                UserOperation::Delete(Term::from_field_text(
                    self.store.fields.transcript_id,
                    old_id,
                ))
            })
            .collect();
        let json = serde_json::to_string(d).map_err(|e| self.store.err(e))?;
        let docs = Documents::new(self.store.fields, d, tokens).all(&json);
        ops.extend(docs.into_iter().map(UserOperation::Add));
        if let Err(e) = self.writer.run(ops) {
            // A dead indexing thread only says it died; committing reports why.
            let cause = match self.writer.commit() {
                Err(cause) => cause.to_string(),
                Ok(_) => e.to_string(),
            };
            return Err(self.store.err(format!("cannot add {source}: {cause}")));
        }
        self.existing.retain(|(_, s)| s != source);
        self.existing.push((tid.clone(), source.clone()));
        self.uncommitted = true;
        if old.is_empty() {
            self.report.added.push((source.clone(), tid.clone()));
            Ok(Outcome::Added)
        } else {
            self.report.updated.push((source.clone(), tid.clone()));
            Ok(Outcome::Updated)
        }
    }

    /// Whether a transcript with this content id is already in the store, so a caller can
    /// skip analysing it; records it as unchanged if so.
    pub fn skip_unchanged(&mut self, transcript_id: &str, source: &str) -> bool {
        let known = self.existing.iter().any(|(id, _)| id == transcript_id);
        if known {
            self.report
                .unchanged
                .push((source.to_string(), transcript_id.to_string()));
        }
        known
    }

    /// Remove the transcripts whose id or source is `key`; returns (source, id) of each.
    pub fn remove(&mut self, key: &str) -> Vec<(String, String)> {
        let gone: Vec<(String, String)> = self
            .existing
            .iter()
            .filter(|(id, source)| id == key || source == key)
            .map(|(id, source)| (source.clone(), id.clone()))
            .collect();
        for (_, id) in &gone {
            self.writer
                .delete_term(Term::from_field_text(self.store.fields.transcript_id, id));
            self.uncommitted = true;
        }
        self.existing
            .retain(|(id, source)| id != key && source != key);
        gone
    }

    /// Make everything added so far durable and visible to searches.
    pub fn commit(&mut self) -> Result<()> {
        if !self.uncommitted {
            return Ok(());
        }
        self.writer
            .commit()
            .map_err(|e| self.store.err(format!("commit failed: {e}")))?;
        self.uncommitted = false;
        self.store
            .reader
            .reload()
            .map_err(|e| self.store.err(format!("cannot reload: {e}")))
    }

    /// Commit, wait for merges, release the lock, and say what was done.
    pub fn finish(mut self) -> Result<IndexReport> {
        self.commit()?;
        self.writer
            .wait_merging_threads()
            .map_err(|e| self.store.err(format!("merge failed: {e}")))?;
        Ok(self.report)
    }
}

fn store_error(dir: &Path, message: String) -> Error {
    Error::Store {
        path: dir.to_path_buf(),
        message,
    }
}

/// Write a file so that it is either wholly there or not at all.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}
