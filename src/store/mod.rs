//! Stage 7: the store — an embedded tantivy index in a directory.
//!
//! One tantivy index holds everything, so a commit is the unit of consistency: a crash
//! during `index` leaves the last committed state. Documents:
//! - one light `transcript` document per transcript (its record, entities and their counts:
//!   [`records::TranscriptMeta`]), what `entities` and every listing of sources read;
//! - per transcript, its whole [`Dataset`] in a compressed file of its own that the
//!   transcript document names (module `datasets`): what `show ID`, `export`, `check` and
//!   `flows` read, one at a time where they can;
//! - one `sentence`, `claim` and `figure` document per record, with the text analysed by
//!   [`analyzer::japanese_analyzer`] and the ids of the entities involved, for `search`;
//!   claim and figure documents also hold their record as stored JSON, so `claims` and
//!   `figures` decode only the records a term query finds ([`records`]).
//!
//! Layout: `DIR/claimdex-store.json` (marker with the schema version), `DIR/index/` and
//! `DIR/datasets/`.

pub mod analyzer;
mod datasets;
mod directory;
pub mod documents;
mod grouping;
pub mod indexer;
mod links;
pub mod query_text;
pub mod records;
mod schema;
pub mod search;
pub mod snippet;
pub mod verify;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::indexer::UserOperation;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::pipeline::Analysis;
use crate::record::{Dataset, SCHEMA};
use crate::source::source_key;
use crate::tokenize::JapaneseTokenizer;
use crate::{Error, Result};
use datasets::DatasetFiles;
use directory::StoreDirectory;
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

/// Documents handed to tantivy's indexing threads in one message. One message per
/// document woke a thread per document (more than a tenth of indexing); one per transcript
/// held a long transcript's documents all at once (a third of its peak memory).
const DOCS_PER_BATCH: usize = 512;

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
    /// Transcripts with the same content analysed again: their analysis was stale (other
    /// rules, another claimdex, other reading options) or `--reanalyze` asked for it.
    pub reanalyzed: Vec<(String, String)>,
}

/// An open store.
pub struct Store {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    pub(crate) fields: Fields,
    datasets: DatasetFiles,
    read_only: bool,
    /// Datasets decoded since opening (see [`Store::datasets_decoded`]).
    decoded: std::sync::atomic::AtomicUsize,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("dir", &self.dir).finish()
    }
}

/// The uncompressed size of a block of tantivy's document store. A listing reads a few
/// records spread over each transcript's documents, and every record read decompresses its
/// whole block: at tantivy's default (16 KB) `claims --company` on the 3,000-transcript
/// scale store decompressed most of the store. With 4 KB blocks it used about a sixth less
/// CPU (task-clock, minimum of five: 593 → 497 ms) for an index about a sixth larger
/// (597 → 697 MB); 8 KB blocks sat between the two.
const DOCSTORE_BLOCK_BYTES: usize = 4096;

/// The settings a new index is created with.
fn index_settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_blocksize: DOCSTORE_BLOCK_BYTES,
        ..tantivy::IndexSettings::default()
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
            DatasetFiles::new(dir).create()?;
            let (schema, _) = schema();
            StoreDirectory::open(&dir.join("index"))
                .and_then(|d| Index::create(d, schema, index_settings()))
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

    /// Open an existing store to read and write.
    pub fn open(dir: &Path, tokenizer: Arc<JapaneseTokenizer>) -> Result<Self> {
        Self::open_with(dir, Some(tokenizer), false)
    }

    /// Open an existing store to read only: it takes no lock and writes nothing, so a store
    /// the user may not write to (a teammate's, read-only media) can be read.
    /// [`Store::begin`] on it is an error.
    pub fn open_read_only(dir: &Path, tokenizer: Arc<JapaneseTokenizer>) -> Result<Self> {
        Self::open_with(dir, Some(tokenizer), true)
    }

    /// [`Store::open_read_only`] for reading records by exact terms only (listings,
    /// `show`, `verify`, exports): no tokenizer is loaded, so a text search on it is an
    /// error. Loading the Japanese tokenizer is most of what a small listing costs.
    pub fn open_to_read_records(dir: &Path) -> Result<Self> {
        Self::open_with(dir, None, true)
    }

    fn open_with(
        dir: &Path,
        tokenizer: Option<Arc<JapaneseTokenizer>>,
        read_only: bool,
    ) -> Result<Self> {
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
        let index_dir = dir.join("index");
        let directory = match read_only {
            true => StoreDirectory::open_read_only(&index_dir),
            false => StoreDirectory::open(&index_dir),
        };
        let index = directory.and_then(Index::open).map_err(|e| {
            store_error(
                dir,
                format!("cannot open the index: {e}; {}", verify::REINDEX_HINT),
            )
        })?;
        if let Some(tokenizer) = tokenizer {
            register_analyzers(&index, tokenizer);
        }
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
            .map_err(|e| {
                store_error(
                    dir,
                    format!("cannot read the index: {e}; {}", verify::REINDEX_HINT),
                )
            })?;
        Ok(Store {
            dir: dir.to_path_buf(),
            index,
            reader,
            fields,
            datasets: DatasetFiles::new(dir),
            read_only,
            decoded: std::sync::atomic::AtomicUsize::new(0),
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
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        self.begin_with_threads(writer_threads(cores))
    }

    /// [`Store::begin`] with this many tantivy indexing threads.
    pub fn begin_with_threads(&self, threads: usize) -> Result<IndexSession<'_>> {
        if self.read_only {
            return Err(self.err("is open read-only; it cannot be written to"));
        }
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
        // Files a failed run left behind (a full disk mid-commit): no commit uses them.
        if let Err(e) = writer.garbage_collect_files().wait() {
            return Err(self.err(format!("cannot clean up the index: {e}")));
        }
        let existing = self.stored_transcripts()?;
        // Dataset files no committed transcript names: a crash between writing and
        // committing, or between committing and deleting, left them.
        self.datasets.create()?;
        let live = existing.iter().map(|t| t.dataset.as_str()).collect();
        self.datasets.collect_garbage(&live)?;
        Ok(IndexSession {
            store: self,
            writer,
            existing,
            report: IndexReport::default(),
            uncommitted: false,
            obsolete: Vec::new(),
            fingerprint: String::new(),
            reanalyze: false,
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

    /// Id, source and source identity of every transcript in the store.
    fn stored_transcripts(&self) -> Result<Vec<Stored>> {
        Ok(self
            .transcript_docs()?
            .iter()
            .map(|doc| Stored {
                id: first_str(doc, self.fields.transcript_id),
                source: first_str(doc, self.fields.source),
                key: first_str(doc, self.fields.source_key),
                fingerprint: first_str(doc, self.fields.fingerprint),
                dataset: first_str(doc, self.fields.dataset),
            })
            .collect())
    }

    /// The transcript `key` names, as (id, source): `key` is its id, its source as given
    /// when indexed, or any path to the same file (`ep/a.txt`, `./ep/a.txt`, `$PWD/ep/a.txt`).
    pub fn find_transcript(&self, key: &str) -> Result<Option<(String, String)>> {
        let canonical = source_key(key);
        Ok(self
            .stored_transcripts()?
            .into_iter()
            .find(|t| t.names(key, &canonical))
            .map(|t| (t.id, t.source)))
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

    /// The distinct values of an exact-match field in the index, sorted (read from the term
    /// dictionaries: no document is loaded).
    fn field_values(&self, field: tantivy::schema::Field) -> Result<Vec<String>> {
        let mut out = std::collections::BTreeSet::new();
        for segment in self.searcher().segment_readers() {
            let index = segment.inverted_index(field).map_err(|e| self.err(e))?;
            let mut terms = index.terms().stream().map_err(|e| self.err(e))?;
            while terms.advance() {
                out.insert(String::from_utf8_lossy(terms.key()).into_owned());
            }
        }
        Ok(out.into_iter().collect())
    }

    /// Every speaker label the store's records carry, as the transcripts write them.
    pub fn speaker_labels(&self) -> Result<Vec<String>> {
        self.field_values(self.fields.speaker)
    }

    /// Every claim holder in the store: entity ids and speaker labels.
    pub fn holder_values(&self) -> Result<Vec<String>> {
        self.field_values(self.fields.holder)
    }

    /// Every currency (ISO 4217) the store's figures are in.
    pub fn currencies(&self) -> Result<Vec<String>> {
        self.field_values(self.fields.currency)
    }

    /// Every transcript's dataset, ordered by source. Every one decoded at once: the read
    /// commands use [`Store::for_each_claim_dataset`], [`Store::for_each_transcript_meta`]
    /// and [`Store::for_each_dataset`] instead.
    pub fn datasets(&self) -> Result<Vec<Dataset>> {
        let mut out = Vec::new();
        self.for_each_dataset(|d| {
            out.push(d);
            Ok(())
        })?;
        Ok(out)
    }

    /// One transcript's dataset, read from the file its transcript document names.
    pub fn dataset(&self, transcript_id: &str) -> Result<Option<Dataset>> {
        let searcher = self.searcher();
        let query = tantivy::query::BooleanQuery::new(vec![
            (
                tantivy::query::Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.doc_type, "transcript"),
                    IndexRecordOption::Basic,
                )) as Box<dyn tantivy::query::Query>,
            ),
            (
                tantivy::query::Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.transcript_id, transcript_id),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        let docs = searcher
            .search(&query, &DocSetCollector)
            .map_err(|e| self.err(e))?;
        match docs.into_iter().next() {
            Some(addr) => {
                let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.err(e))?;
                Ok(Some(
                    self.decode_dataset(&first_str(&doc, self.fields.dataset))?,
                ))
            }
            None => Ok(None),
        }
    }

    /// How many whole datasets this store has decoded since it was opened: the read
    /// commands that answer from the index (`claims`, `figures`, `entities`, names) leave
    /// it at zero, which the tests check.
    pub fn datasets_decoded(&self) -> usize {
        self.decoded.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn decode_dataset(&self, file: &str) -> Result<Dataset> {
        self.decoded
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if file.is_empty() {
            return Err(self.err(format!(
                "a transcript document names no dataset file; {}",
                verify::REINDEX_HINT
            )));
        }
        let json = self.datasets.read(file).map_err(|e| match e {
            datasets::ReadError::Missing(path) => self.err(format!(
                "dataset file {path} is gone (an `index` running at the same time may have \
                 replaced its transcript: run the command again; if it is still gone, run \
                 `claimdex verify`)"
            )),
            datasets::ReadError::Damaged(what) => self.err(format!(
                "damaged dataset file {what}; run `claimdex verify`, {}",
                verify::REINDEX_HINT
            )),
        })?;
        serde_json::from_slice(&json).map_err(|e| self.damaged("dataset", e))
    }

    /// The error for stored JSON that does not decode: damage, with what to do.
    pub(crate) fn damaged(&self, what: &str, e: serde_json::Error) -> Error {
        self.err(format!(
            "damaged {what}: {e}; run `claimdex verify`, {}",
            verify::REINDEX_HINT
        ))
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
    /// The same content was in the store, analysed with other rules (or asked to be
    /// analysed again); the new analysis replaced it.
    Reanalyzed,
}

/// A transcript as the store knows it.
#[derive(Debug, Clone)]
struct Stored {
    id: String,
    /// The path as given when it was indexed (what is shown).
    source: String,
    /// Its identity: [`source_key`] of the path when it was indexed.
    key: String,
    /// What its analysis depended on.
    fingerprint: String,
    /// The name of its dataset file.
    dataset: String,
}

impl Stored {
    /// Whether a user's `key` (whose [`source_key`] is `canonical`) names this transcript.
    fn names(&self, key: &str, canonical: &str) -> bool {
        self.id == key || self.source == key || self.key == canonical
    }

    /// Whether the file this transcript was read from has gone (moved, renamed, deleted).
    fn file_gone(&self) -> bool {
        !Path::new(&self.key).exists()
    }
}

/// A write to the store, holding its writer lock. Nothing is visible to readers, and
/// nothing survives a crash, until [`IndexSession::commit`]; what was committed always does.
pub struct IndexSession<'a> {
    store: &'a Store,
    writer: IndexWriter,
    existing: Vec<Stored>,
    report: IndexReport,
    uncommitted: bool,
    /// Dataset files the uncommitted changes stop naming: deleted once committed.
    obsolete: Vec<String>,
    fingerprint: String,
    reanalyze: bool,
}

impl IndexSession<'_> {
    /// What the analyses added from now on depend on (see `indexer::fingerprint`): content
    /// stored with another fingerprint is stale, analysed again, not skipped as unchanged.
    pub fn set_fingerprint(&mut self, fingerprint: impl Into<String>) {
        self.fingerprint = fingerprint.into();
    }

    /// Analyse everything added from now on again, even content stored with the same
    /// fingerprint (`index --reanalyze`).
    pub fn reanalyze_all(&mut self) {
        self.reanalyze = true;
    }

    /// Add a transcript's records. Unchanged content is left alone; a source whose content
    /// changed has its old records replaced; ids stay those of the content.
    pub fn add(&mut self, d: &Dataset) -> Result<Outcome> {
        self.add_indexed(d, None)
    }

    /// [`IndexSession::add`], reusing the pipeline's tokens of each sentence.
    pub fn add_analysis(&mut self, a: &Analysis) -> Result<Outcome> {
        let indexed = documents::indexed_texts(&a.dataset, Some(&a.sentence_tokens));
        self.add_indexed(&a.dataset, Some(indexed))
    }

    /// [`IndexSession::add`], with `indexed` what the `text` field indexes for each
    /// sentence, worked out by the caller from the pipeline's tokens
    /// (`documents::indexed_texts`): the indexer does it on the analysing thread and drops
    /// the tokens there.
    pub(crate) fn add_with_indexed(
        &mut self,
        d: &Dataset,
        indexed: Vec<String>,
    ) -> Result<Outcome> {
        self.add_indexed(d, Some(indexed))
    }

    /// Add `d`, with `indexed` what the `text` field indexes for each sentence when the
    /// caller has it (else it is worked out from the text).
    fn add_indexed(&mut self, d: &Dataset, indexed: Option<Vec<String>>) -> Result<Outcome> {
        let tid = &d.transcript.id;
        let source = &d.transcript.source;
        let key = source_key(source);
        if self.is_unchanged(tid, &key) {
            self.report.unchanged.push((source.clone(), tid.clone()));
            return Ok(Outcome::Unchanged);
        }
        // Replaced: what this file held before, and this content where it was before
        // (the file was moved or renamed).
        let (old, old_files): (Vec<String>, Vec<String>) = self
            .existing
            .iter()
            .filter(|t| t.key == key || t.id == *tid)
            .map(|t| (t.id.clone(), t.dataset.clone()))
            .unzip();
        // Its old records' deletion goes to the indexing threads in the same message as
        // its first documents (see `DOCS_PER_BATCH`).
        let mut ops: Vec<UserOperation<TantivyDocument>> = old
            .iter()
            .map(|old_id| {
                UserOperation::Delete(Term::from_field_text(
                    self.store.fields.transcript_id,
                    old_id,
                ))
            })
            .collect();
        let file = self.store.datasets.write(tid, d)?;
        let indexed = indexed.unwrap_or_else(|| documents::indexed_texts(d, None));
        let documents = Documents::new(self.store.fields, d, indexed);
        let mut docs = documents.all(&file, &key, &self.fingerprint);
        // A long transcript goes in batches of documents made as they are sent, so its
        // documents are never all in memory at once; the first batch carries the deletions.
        loop {
            ops.extend(docs.by_ref().take(DOCS_PER_BATCH).map(UserOperation::Add));
            if ops.is_empty() {
                break;
            }
            if let Err(e) = self.writer.run(std::mem::take(&mut ops)) {
                // A dead indexing thread only says it died; committing reports why.
                let cause = match self.writer.commit() {
                    Err(cause) => cause.to_string(),
                    Ok(_) => e.to_string(),
                };
                return Err(self.store.err(format!("cannot add {source}: {cause}")));
            }
        }
        // The same content from the same file: analysed again, not changed.
        let again = self.existing.iter().any(|t| t.id == *tid && t.key == key);
        self.existing.retain(|t| t.key != key && t.id != *tid);
        self.existing.push(Stored {
            id: tid.clone(),
            source: source.clone(),
            key,
            fingerprint: self.fingerprint.clone(),
            dataset: file,
        });
        self.obsolete.extend(old_files);
        self.uncommitted = true;
        let entry = (source.clone(), tid.clone());
        if again {
            self.report.reanalyzed.push(entry);
            Ok(Outcome::Reanalyzed)
        } else if old.is_empty() {
            self.report.added.push(entry);
            Ok(Outcome::Added)
        } else {
            self.report.updated.push(entry);
            Ok(Outcome::Updated)
        }
    }

    /// Whether a transcript with this content id is already in the store, so a caller can
    /// skip analysing it; records it as unchanged if so.
    pub fn skip_unchanged(&mut self, transcript_id: &str, source: &str) -> bool {
        let known = self.is_unchanged(transcript_id, &source_key(source));
        if known {
            self.report
                .unchanged
                .push((source.to_string(), transcript_id.to_string()));
        }
        known
    }

    /// Whether this content is in the store already, analysed as it would be now: read
    /// from this file, or from another that is still there (a copy). Content whose file has
    /// gone is a move, not unchanged; content analysed with another fingerprint is stale.
    fn is_unchanged(&self, transcript_id: &str, key: &str) -> bool {
        !self.reanalyze
            && self.existing.iter().any(|t| {
                t.id == transcript_id
                    && t.fingerprint == self.fingerprint
                    && (t.key == key || !t.file_gone())
            })
    }

    /// Remove the transcripts `key` names (its id, its source, or any path to the same
    /// file); returns (source, id) of each.
    pub fn remove(&mut self, key: &str) -> Vec<(String, String)> {
        let canonical = source_key(key);
        let (gone, kept): (Vec<Stored>, Vec<Stored>) = std::mem::take(&mut self.existing)
            .into_iter()
            .partition(|t| t.names(key, &canonical));
        self.existing = kept;
        for t in &gone {
            self.writer.delete_term(Term::from_field_text(
                self.store.fields.transcript_id,
                &t.id,
            ));
            self.uncommitted = true;
        }
        self.obsolete.extend(gone.iter().map(|t| t.dataset.clone()));
        gone.into_iter().map(|t| (t.source, t.id)).collect()
    }

    /// Make everything added so far durable and visible to searches.
    pub fn commit(&mut self) -> Result<()> {
        if !self.uncommitted {
            return Ok(());
        }
        // The dataset files the commit names are synced as they are written; their folder
        // entries now.
        self.store.datasets.sync()?;
        self.writer
            .commit()
            .map_err(|e| self.store.err(format!("commit failed: {e}")))?;
        self.uncommitted = false;
        // Files no transcript names any more (one can be named again: the same analysis
        // of the same content writes the same file).
        let obsolete = std::mem::take(&mut self.obsolete);
        let live: std::collections::HashSet<&str> =
            self.existing.iter().map(|t| t.dataset.as_str()).collect();
        let dead: Vec<String> = obsolete
            .into_iter()
            .filter(|f| !f.is_empty() && !live.contains(f.as_str()))
            .collect();
        self.store.datasets.remove(dead);
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

/// tantivy indexing threads for a run on `cores` analysis threads: half of them, at least
/// one. Analysis costs more than tantivy's indexing, and each writer thread writes its own
/// segments: on 2 cores, two writer threads made twice the segments, and merging them back
/// cost 7.5% of the CPU time of indexing the 10 MB bench corpus (perf).
pub fn writer_threads(cores: usize) -> usize {
    (cores / 2).max(1)
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
