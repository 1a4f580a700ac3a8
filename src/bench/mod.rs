//! `claimdex bench`: indexing and search speed on a generated corpus, measured in one run.
//!
//! It copies the given transcripts (each copy made distinct by a numbered first line) until
//! the corpus reaches the requested size, then measures, on this machine:
//! - bare lindera tokenization of the same text on one thread (the floor cost): lindera's
//!   own segmentation with IPADIC, no user dictionary, no parts of speech read (the
//!   median of three runs);
//! - indexing (the whole pipeline plus the store) with one analysis thread, and on all
//!   cores. tantivy always writes on threads of its own, so the one-thread run is judged
//!   by the CPU time of the whole process (every thread, merges included): megabytes per
//!   CPU-second is throughput on one core, whatever else the machine is doing;
//! - tantivy alone on the same sentences: only the two searchable text fields (words and
//!   character bigrams, with positions), nothing stored, terms already cut. Bare lindera
//!   plus this is what indexing would cost if extraction and every other record were free,
//!   so it bounds the ratio any pipeline could reach with this store;
//! - search latency over a fixed query set, p50 and p99;
//! - the process's peak resident memory (Linux `VmHWM`) while indexing and searching;
//! - what the gazetteer costs before any text is read: its entity and name counts, the time
//!   to parse it and build its Aho-Corasick automata, the time to build lindera's user
//!   dictionary from it, and the resident memory the two add.

pub mod scale;

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use crate::extract::entities::Gazetteer;
use crate::normalize::NormalizedText;
use crate::rules::Dictionaries;
use crate::source::{self, ReadOptions};
use crate::store::search::{SearchRequest, search};
use crate::store::{self, Store, analyzer, indexer};
use crate::tokenize::JapaneseTokenizer;
use crate::{Error, Pipeline, Result};

/// The queries timed by the benchmark: words, phrases, names, and filtered searches.
pub const QUERIES: &[(&str, Option<&str>)] = &[
    ("資金", None),
    ("資金", Some("oracle")),
    ("枯渇", None),
    ("取引", Some("nvidia")),
    ("データセンター", None),
    ("\"資金が枯渇\"", None),
    ("収益", Some("openai")),
    ("ギガワット", None),
    ("債務", None),
    ("株価", None),
    ("投資 発表", None),
    ("渇しつつ", None),
    ("Coreweave", None),
    ("バブル", None),
    ("決算", Some("microsoft")),
    ("市場", None),
];

/// What `claimdex bench` measured.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    /// Transcript files in the generated corpus.
    pub files: usize,
    /// Its size in bytes (UTF-8).
    pub bytes: usize,
    /// Bare lindera tokenization, one thread, MB/s (wall clock).
    pub lindera_mb_s: f64,
    /// Bare lindera tokenization, MB per CPU-second.
    pub lindera_mb_cpu_s: f64,
    /// Indexing (pipeline and store) with one analysis thread, MB/s (wall clock).
    pub index_one_thread_mb_s: f64,
    /// The same run, MB per CPU-second of the whole process (all its threads).
    pub index_one_thread_mb_cpu_s: f64,
    /// The pipeline alone (analysis, no store) in the one-thread run, MB/s.
    pub pipeline_one_thread_mb_s: f64,
    /// Handing records to the store and committing, in the one-thread run, MB/s.
    pub store_one_thread_mb_s: f64,
    /// tantivy alone indexing the sentences' word and bigram fields (nothing stored, terms
    /// already cut), MB per CPU-second.
    pub tantivy_fields_mb_cpu_s: f64,
    /// Bare lindera plus tantivy alone as a fraction of bare lindera: the best
    /// `index_vs_lindera` any pipeline could reach with these two fields.
    pub ceiling_vs_lindera: f64,
    /// Indexing on all cores, MB/s.
    pub index_all_cores_mb_s: f64,
    /// Cores used for the all-cores run.
    pub cores: usize,
    /// Wall time of indexing on all cores over the wall time of bare lindera on one
    /// thread, the same text: how far the whole of indexing is from the floor (target:
    /// at most 2.0).
    pub all_cores_vs_lindera_wall: f64,
    /// Indexing as a fraction of bare lindera, both per CPU-second, i.e. on one core
    /// (target: at least 0.5).
    pub index_vs_lindera: f64,
    /// Search latency, median, milliseconds.
    pub search_p50_ms: f64,
    /// Search latency, 99th percentile, milliseconds.
    pub search_p99_ms: f64,
    /// Searches timed.
    pub searches: usize,
    /// Peak resident memory of the process while indexing and searching, MB (None where
    /// /proc is not available).
    pub peak_memory_mb: Option<f64>,
    /// What building the gazetteer costs.
    pub gazetteer: GazetteerBench,
}

/// The gazetteer's size and what building it costs, measured once before the corpus runs.
#[derive(Debug, Clone, Serialize)]
pub struct GazetteerBench {
    /// Entities in force (all gazetteer files merged).
    pub entities: usize,
    /// Distinct names in the matcher: names, aliases, misspellings and short names.
    pub names: usize,
    /// Rows of the generated lindera user dictionary.
    pub user_dictionary_rows: usize,
    /// Parsing the gazetteer files and building its automata, milliseconds.
    pub automaton_ms: f64,
    /// Building the tokenizer with the user dictionary minus building it without one,
    /// milliseconds: the user dictionary's own cost.
    pub user_dictionary_ms: f64,
    /// Resident memory the gazetteer and the tokenizer with its user dictionary add, MB
    /// (None where /proc is not available).
    pub memory_mb: Option<f64>,
}

/// Measure building the gazetteer in force and the user dictionary made from it.
pub fn gazetteer(dictionaries: &Dictionaries) -> Result<GazetteerBench> {
    let texts = dictionaries.gazetteer()?;
    let before = resident_memory_mb();
    let start = Instant::now();
    let gazetteer = Gazetteer::from_texts(&texts)?;
    let automaton_ms = start.elapsed().as_secs_f64() * 1e3;
    let csv = gazetteer.user_dictionary_csv();
    let start = Instant::now();
    let with_user = JapaneseTokenizer::new(Some(&csv))?;
    let with_ms = start.elapsed().as_secs_f64() * 1e3;
    let memory_mb = resident_memory_mb().zip(before).map(|(after, b)| after - b);
    let start = Instant::now();
    let bare = JapaneseTokenizer::new(None)?;
    let bare_ms = start.elapsed().as_secs_f64() * 1e3;
    std::hint::black_box((&with_user, &bare));
    let mut names = std::collections::HashSet::new();
    for d in gazetteer.entities() {
        let all = std::iter::once(&d.name)
            .chain(&d.aliases)
            .chain(&d.misspellings)
            .chain(&d.short_names);
        names.extend(all.map(|a| a.trim()));
    }
    Ok(GazetteerBench {
        entities: gazetteer.len(),
        names: names.len(),
        user_dictionary_rows: csv.lines().count(),
        automaton_ms,
        user_dictionary_ms: (with_ms - bare_ms).max(0.0),
        memory_mb,
    })
}

/// Run the benchmark in `work` (a scratch directory) on transcripts from `sources`.
pub fn run(
    pipeline: &Pipeline,
    dictionaries: &Dictionaries,
    sources: &[PathBuf],
    size_bytes: usize,
    work: &Path,
    mut progress: impl FnMut(&str),
) -> Result<BenchReport> {
    let files = source::collect_transcripts(sources)?;
    let mut texts = Vec::new();
    for f in &files {
        texts.push(source::read_transcript_with(f, &ReadOptions::default())?.text);
    }
    if texts.iter().all(|t| t.trim().is_empty()) {
        return Err(Error::NoTranscripts {
            path: sources.first().cloned().unwrap_or_default(),
        });
    }

    progress("building the gazetteer");
    let gazetteer = gazetteer(dictionaries)?;

    progress("writing the corpus");
    let (generated, bytes) = write_corpus(&texts, size_bytes, &work.join("corpus"))?;

    progress("timing bare lindera");
    let (lindera_cpu_s, lindera_s) = time_lindera(&generated)?;

    progress("indexing on one thread");
    let one = index_with_threads(pipeline, &generated, &work.join("store-1"), 1)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    progress("indexing on all cores");
    let all = index_with_threads(pipeline, &generated, &work.join("store-n"), cores)?;

    progress("timing searches");
    let latencies = time_searches(pipeline, &work.join("store-n"))?;
    let pct = |p: f64| {
        let i = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        latencies.get(i).copied().unwrap_or(0.0)
    };
    // Read before the next step, which holds every sentence of the corpus at once.
    let peak_memory_mb = peak_memory_mb();
    progress("timing tantivy alone");
    let tantivy_cpu_s = tantivy_fields_only(pipeline, &generated, &work.join("store-fields"))?;

    let mb = bytes as f64 / 1e6;
    Ok(BenchReport {
        files: generated.len(),
        bytes,
        lindera_mb_s: mb / lindera_s,
        lindera_mb_cpu_s: mb / lindera_cpu_s,
        index_one_thread_mb_s: mb / one.total_s,
        index_one_thread_mb_cpu_s: mb / one.cpu_s,
        pipeline_one_thread_mb_s: mb / one.pipeline_s,
        store_one_thread_mb_s: mb / one.store_s,
        tantivy_fields_mb_cpu_s: mb / tantivy_cpu_s,
        ceiling_vs_lindera: lindera_cpu_s / (lindera_cpu_s + tantivy_cpu_s),
        index_all_cores_mb_s: mb / all.total_s,
        cores,
        all_cores_vs_lindera_wall: all.total_s / lindera_s,
        index_vs_lindera: lindera_cpu_s / one.cpu_s,
        search_p50_ms: pct(0.5),
        search_p99_ms: pct(0.99),
        searches: latencies.len(),
        peak_memory_mb,
        gazetteer,
    })
}

/// Numbered copies of `texts` in `dir` until they reach `size_bytes`: each file's path and
/// text, and their size.
fn write_corpus(
    texts: &[String],
    size_bytes: usize,
    dir: &Path,
) -> Result<(Vec<(PathBuf, String)>, usize)> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut bytes = 0;
    let mut generated = Vec::new();
    let mut i = 0;
    while bytes < size_bytes.max(1) {
        let base = &texts[i % texts.len()];
        let text = format!("第{i}回\n{base}");
        let path = dir.join(format!("episode-{i:05}.txt"));
        std::fs::write(&path, &text).map_err(|e| Error::io(&path, e))?;
        bytes += text.len();
        generated.push((path, text));
        i += 1;
    }
    Ok((generated, bytes))
}

/// CPU and wall-clock seconds of lindera's own segmentation with bare IPADIC (no user
/// dictionary, no parts of speech read) on the same width-normalised text, one thread.
fn time_lindera(corpus: &[(PathBuf, String)]) -> Result<(f64, f64)> {
    let bare = JapaneseTokenizer::new(None)?;
    let normalized: Vec<String> = corpus
        .iter()
        .map(|(_, text)| NormalizedText::new(text).as_str().to_string())
        .collect();
    // Three runs, the median kept: one short run lands too easily in a slow or fast
    // moment of a shared machine.
    let mut runs = Vec::with_capacity(3);
    for _ in 0..3 {
        let start = Instant::now();
        let cpu = cpu_seconds();
        for text in &normalized {
            std::hint::black_box(bare.segment_count(text)?);
        }
        runs.push((cpu_seconds() - cpu, start.elapsed().as_secs_f64()));
    }
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(runs[1])
}

/// Milliseconds of each search of [`QUERIES`] over the store in `dir`, ten rounds, the
/// first (warming the caches) not counted; sorted.
fn time_searches(pipeline: &Pipeline, dir: &Path) -> Result<Vec<f64>> {
    let store = Store::open(dir, pipeline.tokenizer())?;
    let mut latencies = Vec::new();
    for round in 0..10 {
        for (q, company) in QUERIES {
            let mut request = SearchRequest::new(*q);
            request.company = company.map(str::to_string);
            let start = Instant::now();
            let hits = search(&store, &request)?;
            let ms = start.elapsed().as_secs_f64() * 1e3;
            std::hint::black_box(hits);
            if round > 0 {
                latencies.push(ms);
            }
        }
    }
    latencies.sort_by(f64::total_cmp);
    Ok(latencies)
}

/// Seconds spent indexing, in all and by part.
struct IndexTimes {
    total_s: f64,
    /// CPU seconds of the whole process.
    cpu_s: f64,
    pipeline_s: f64,
    store_s: f64,
}

/// Index the generated corpus into a new store with `threads` analysis threads, through
/// the same loop as `claimdex index` ([`indexer::index_files`]).
fn index_with_threads(
    pipeline: &Pipeline,
    corpus: &[(PathBuf, String)],
    dir: &Path,
    threads: usize,
) -> Result<IndexTimes> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Tokenizer(e.to_string()))?;
    let store = Store::open_or_create(dir, pipeline.tokenizer())?;
    let files: Vec<PathBuf> = corpus.iter().map(|(path, _)| path.clone()).collect();
    let start = Instant::now();
    let cpu = cpu_seconds();
    let mut session = store.begin_with_threads(store::writer_threads(threads))?;
    let run = pool.install(|| {
        indexer::index_files(
            pipeline,
            &mut session,
            &files,
            &ReadOptions::default(),
            |_| {},
        )
    })?;
    if let Some(e) = run.failures.into_iter().next() {
        return Err(e);
    }
    let t = Instant::now();
    session.finish()?;
    Ok(IndexTimes {
        total_s: start.elapsed().as_secs_f64(),
        cpu_s: cpu_seconds() - cpu,
        pipeline_s: run.analysis_s,
        store_s: run.store_s + t.elapsed().as_secs_f64(),
    })
}

/// CPU seconds tantivy takes to index only the `text` and `text_ngram` fields of every
/// sentence of the corpus (the same analyzers and options as the store, nothing stored),
/// with the terms already cut: the part of indexing no pipeline can avoid besides lindera.
fn tantivy_fields_only(
    pipeline: &Pipeline,
    corpus: &[(PathBuf, String)],
    dir: &Path,
) -> Result<f64> {
    use tantivy::indexer::UserOperation;
    use tantivy::schema::Schema;
    use tantivy::{Index, IndexWriter, TantivyDocument};

    let err = |e: tantivy::TantivyError| Error::Store {
        path: dir.to_path_buf(),
        message: e.to_string(),
    };
    // Untimed: what the store's two fields receive, per file and sentence.
    let mut files = Vec::with_capacity(corpus.len());
    for (path, text) in corpus {
        let a = pipeline.analyze(&source::SourceText::from_string(path, text.clone()))?;
        let sentences: Vec<(String, String)> = a
            .dataset
            .sentences
            .iter()
            .zip(&a.sentence_tokens)
            .map(|(s, tokens)| (analyzer::pretokenized(tokens), s.text.clone()))
            .collect();
        files.push(sentences);
    }
    let mut b = Schema::builder();
    let text = b.add_text_field("text", store::searchable_text(analyzer::ANALYZER_NAME));
    let ngram = b.add_text_field("text_ngram", store::searchable_text(analyzer::BIGRAM_NAME));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let index = Index::create_in_dir(dir, b.build()).map_err(err)?;
    store::register_analyzers(&index, pipeline.tokenizer());

    let cpu = cpu_seconds();
    let mut writer: IndexWriter = index
        .writer_with_num_threads(1, store::WRITER_MEMORY)
        .map_err(err)?;
    for sentences in files {
        let ops: Vec<UserOperation<TantivyDocument>> = sentences
            .into_iter()
            .map(|(terms, raw)| {
                let mut doc = TantivyDocument::default();
                doc.add_text(text, terms);
                doc.add_text(ngram, raw);
                UserOperation::Add(doc)
            })
            .collect();
        writer.run(ops).map_err(err)?;
    }
    writer.commit().map_err(err)?;
    writer.wait_merging_threads().map_err(err)?;
    Ok(cpu_seconds() - cpu)
}

/// User and system CPU time of this process so far, all threads, in seconds; where the
/// system cannot tell, wall-clock seconds since the first call (the same as CPU time for one
/// busy thread).
pub fn cpu_seconds() -> f64 {
    #[cfg(unix)]
    {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: getrusage writes a `rusage` into the pointer it is given and nothing else.
        let ok = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } == 0;
        if ok {
            // SAFETY: getrusage succeeded, so the struct is initialised (it was zeroed too).
            let usage = unsafe { usage.assume_init() };
            let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
            return secs(usage.ru_utime) + secs(usage.ru_stime);
        }
    }
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64()
}

/// Peak resident memory of this process in MB, from /proc/self/status.
pub fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Resident memory of this process now in MB, from /proc/self/status.
fn resident_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
