//! Indexing many transcript files into a store, the loop shared by `claimdex index` and
//! `claimdex bench`.
//!
//! Files are read in parallel, content already in the store is skipped, the rest is
//! analysed on the current rayon pool a batch at a time (a few files per thread and at most
//! [`source::BATCH_BYTES`]: memory stays bounded), handed to the session while the next
//! batch is analysed, and committed every [`COMMIT_EVERY`] files, so a crash loses at most
//! those. A file that cannot be read
//! or analysed is reported and counted, and the others go on.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::pipeline::Analysis;
use crate::record::{Dataset, stable_hash, transcript_id};
use crate::source::{self, ReadOptions};
use crate::store::{COMMIT_EVERY, IndexSession, Outcome, documents};
use crate::{Error, Pipeline, Result};

/// Transcripts analysed per batch, per thread of the current rayon pool.
pub const BATCH_PER_THREAD: usize = 4;

/// What an index run found, summed over its transcripts.
#[derive(Debug, Default, Serialize)]
pub struct Totals {
    /// Transcripts read.
    pub transcripts: usize,
    /// Sentences.
    pub sentences: usize,
    /// Figures.
    pub figures: usize,
    /// Distinct entities.
    pub entities: usize,
    /// Entity mentions.
    pub mentions: usize,
    /// Claims.
    pub claims: usize,
    #[serde(skip)]
    entity_ids: BTreeSet<String>,
}

impl Totals {
    /// Count one analysed transcript.
    pub fn count(&mut self, d: &Dataset) {
        self.transcripts += 1;
        self.sentences += d.sentences.len();
        self.figures += d.figures.len();
        self.mentions += d.mentions.len();
        self.claims += d.claims.len();
        self.entity_ids
            .extend(d.entities.iter().map(|e| e.id.clone()));
        self.entities = self.entity_ids.len();
    }
}

/// What [`index_files`] tells its caller as it goes, file by file in input order.
#[derive(Debug)]
pub enum Progress<'a> {
    /// This file is done (added, unchanged or failed; what follows says which problems).
    File(&'a Path),
    /// The reader recovered from a problem in the file (one line, without the file name).
    Warning(&'a Path, &'a str),
    /// The file could not be read or analysed; it is in [`Indexed::failures`] too.
    Failed(&'a Error),
}

/// What [`index_files`] did (the session's own [`crate::store::IndexReport`] says which
/// transcripts were added, updated or unchanged).
#[derive(Debug, Default)]
pub struct Indexed {
    /// Records found in the transcripts analysed (unchanged ones are not counted).
    pub totals: Totals,
    /// Files that could not be read or analysed.
    pub failures: Vec<Error>,
    /// Wall-clock seconds spent analysing (the pipeline, on all threads of the pool).
    pub analysis_s: f64,
    /// Wall-clock seconds spent handing records to the session and committing.
    pub store_s: f64,
}

/// What an analysis depends on besides the text: the pipeline's [`Pipeline::fingerprint`]
/// (version, schema, rules) and the reading options (format, title, date).
pub fn fingerprint(pipeline: &Pipeline, options: &ReadOptions) -> String {
    let read = format!(
        "{:?}\u{0}{:?}\u{0}{:?}",
        options.input_format.map(|f| f.name()),
        options.title,
        options.date
    );
    format!(
        "{} read {:016x}",
        pipeline.fingerprint(),
        stable_hash(read.as_bytes())
    )
}

/// One file's analysis as the store takes it, made on the analysing thread: its reader's
/// warnings, its records, and what the `text` field indexes for each sentence. The tokens
/// it was made from are dropped there: a long transcript's tokens were a sixth of its peak
/// memory while its documents were built.
struct Ready {
    warnings: Vec<String>,
    dataset: Dataset,
    indexed: Vec<String>,
}

impl Ready {
    fn new(warnings: Vec<String>, a: Analysis) -> Self {
        let indexed = documents::indexed_texts(&a.dataset, Some(&a.sentence_tokens));
        Ready {
            warnings,
            dataset: a.dataset,
            indexed,
        }
    }
}

/// One file of a batch once analysed: `None` when its content is already in the store.
type Analysed = Result<Option<Ready>>;

/// Index `files` into `session` on the current rayon pool (run it inside
/// `ThreadPool::install` to choose the threads). Only errors of the store stop the run;
/// the caller finishes the session.
///
/// Two stages overlap: while the calling thread hands batch N to the session (building its
/// documents and JSON, which tantivy's own threads then index), batch N+1 is analysed on
/// the pool. With one pool thread the two run one after the other, as before; on two cores
/// analysis no longer waits for the store. At most two batches' analyses are alive at once.
pub fn index_files(
    pipeline: &Pipeline,
    session: &mut IndexSession<'_>,
    files: &[PathBuf],
    options: &ReadOptions,
    mut progress: impl FnMut(Progress<'_>),
) -> Result<Indexed> {
    session.set_fingerprint(fingerprint(pipeline, options));
    let mut run = Indexed::default();
    let batch = rayon::current_num_threads().max(1) * BATCH_PER_THREAD;
    let mut since_commit = 0;
    let mut pending: Option<(&[PathBuf], Vec<Analysed>)> = None;
    for chunk in source::batches(files, batch, source::BATCH_BYTES) {
        let sources = read_batch(session, chunk, options);
        let mut analysed = None;
        let mut analysis_s = 0.0;
        let stored = rayon::in_place_scope(|scope| {
            scope.spawn(|_| {
                let t = Instant::now();
                analysed = Some(analyse_batch(pipeline, sources));
                analysis_s = t.elapsed().as_secs_f64();
            });
            match pending.take() {
                Some((done, results)) => store_batch(
                    session,
                    done,
                    results,
                    &mut run,
                    &mut since_commit,
                    &mut progress,
                ),
                None => Ok(()),
            }
        });
        stored?;
        run.analysis_s += analysis_s;
        pending = analysed.map(|a| (chunk, a));
    }
    if let Some((done, results)) = pending {
        store_batch(
            session,
            done,
            results,
            &mut run,
            &mut since_commit,
            &mut progress,
        )?;
    }
    Ok(run)
}

/// Read a batch in parallel and tell, file by file, whether its content is in the store.
fn read_batch(
    session: &mut IndexSession<'_>,
    chunk: &[PathBuf],
    options: &ReadOptions,
) -> Vec<Result<(source::SourceText, bool)>> {
    let sources: Vec<_> = chunk
        .par_iter()
        .map(|file| source::read_transcript_with(file, options))
        .collect();
    // Content already in the store is not analysed again.
    sources
        .into_iter()
        .map(|r| {
            r.map(|s| {
                let id = transcript_id(&s.text);
                let unchanged = session.skip_unchanged(&id, &s.path.display().to_string());
                (s, unchanged)
            })
        })
        .collect()
}

/// Analyse a batch on the current rayon pool, in input order.
fn analyse_batch(
    pipeline: &Pipeline,
    sources: Vec<Result<(source::SourceText, bool)>>,
) -> Vec<Analysed> {
    sources
        .into_par_iter()
        .map(|r| {
            r.and_then(|(s, unchanged)| {
                if unchanged {
                    return Ok(None);
                }
                let analysis = pipeline.analyze(&s)?;
                Ok(Some(Ready::new(s.warnings, analysis)))
            })
        })
        .collect()
}

/// Hand an analysed batch to the session, file by file in input order, committing every
/// [`COMMIT_EVERY`] files.
fn store_batch(
    session: &mut IndexSession<'_>,
    chunk: &[PathBuf],
    results: Vec<Analysed>,
    run: &mut Indexed,
    since_commit: &mut usize,
    progress: &mut impl FnMut(Progress<'_>),
) -> Result<()> {
    let t = Instant::now();
    for (file, result) in chunk.iter().zip(results) {
        progress(Progress::File(file));
        match result {
            Ok(None) => {} // unchanged: already reported by the session
            Ok(Some(ready)) => {
                for w in &ready.warnings {
                    progress(Progress::Warning(file, w));
                }
                // Two files of one content: the second is unchanged.
                if session.add_with_indexed(&ready.dataset, ready.indexed)? != Outcome::Unchanged {
                    run.totals.count(&ready.dataset);
                }
            }
            Err(e) => {
                progress(Progress::Failed(&e));
                run.failures.push(e);
            }
        }
    }
    *since_commit += chunk.len();
    if *since_commit >= COMMIT_EVERY {
        session.commit()?;
        *since_commit = 0;
    }
    run.store_s += t.elapsed().as_secs_f64();
    Ok(())
}

/// Add one transcript read by the caller (standard input) to `session`, as [`index_files`]
/// adds a file: unchanged content is skipped, a failure is reported and counted in `run`.
pub fn index_source(
    pipeline: &Pipeline,
    session: &mut IndexSession<'_>,
    source: Result<source::SourceText>,
    run: &mut Indexed,
    mut progress: impl FnMut(Progress<'_>),
) -> Result<()> {
    session.set_fingerprint(fingerprint(pipeline, &ReadOptions::default()));
    let analysed = source.and_then(|s| {
        let id = transcript_id(&s.text);
        if session.skip_unchanged(&id, &s.path.display().to_string()) {
            return Ok(None);
        }
        let analysis = pipeline.analyze(&s)?;
        Ok(Some((s.path, s.warnings, analysis)))
    });
    match analysed {
        Ok(None) => {}
        Ok(Some((path, warnings, a))) => {
            progress(Progress::File(&path));
            for w in &warnings {
                progress(Progress::Warning(&path, w));
            }
            session.add_analysis(&a)?;
            run.totals.count(&a.dataset);
        }
        Err(e) => {
            progress(Progress::Failed(&e));
            run.failures.push(e);
        }
    }
    Ok(())
}
