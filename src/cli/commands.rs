//! One function per subcommand: validate arguments, call the library, hand results to a
//! printer.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use claimdex::export;
use claimdex::record::{Dataset, IdKind};
use claimdex::source::{InputFormat, ReadOptions};
use claimdex::store::COMMIT_EVERY;
use claimdex::store::search::{HitKind, SearchRequest, search};
use claimdex::{Dictionaries, Pipeline, Store, source};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::args::{Cli, ColorChoice, Command, ExportFormat, Format, ReadArgs, SearchKind};
use super::text::{self, Style};

/// Run one parsed command line.
pub fn dispatch(cli: Cli) -> Result<ExitCode> {
    let dictionaries = match &cli.dictionaries {
        Some(dir) => Dictionaries::with_overrides(dir)?,
        None => Dictionaries::builtin(),
    };
    let style = Style {
        color: match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        },
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let code = match cli.command {
        Command::Extract {
            file,
            format,
            explain,
            read,
        } => {
            let options = read_options(read)?;
            extract(
                &dictionaries,
                &file,
                &options,
                format,
                explain,
                style,
                &mut out,
            )?
        }
        Command::Index {
            paths,
            format,
            read,
        } => {
            let options = read_options(read)?;
            index(
                &dictionaries,
                &cli.store,
                &paths,
                &options,
                format,
                &mut out,
            )?
        }
        Command::Remove { keys } => {
            let (_, store) = open(&dictionaries, &cli.store)?;
            let mut session = store.begin()?;
            let mut missing = Vec::new();
            for key in &keys {
                let gone = session.remove(key);
                if gone.is_empty() {
                    missing.push(key.clone());
                }
                for (source, id) in gone {
                    writeln!(out, "  - {source} ({id})")?;
                }
            }
            session.finish()?;
            if !missing.is_empty() {
                out.flush()?;
                bail!(
                    "{}: no transcript with that id or source in {}",
                    missing.join(", "),
                    store.dir().display()
                );
            }
            ExitCode::SUCCESS
        }
        Command::Search {
            query,
            company,
            by,
            kind,
            speaker,
            transcript,
            currency,
            min_value,
            max_value,
            limit,
            format,
        } => {
            let (pipeline, store) = open(&dictionaries, &cli.store)?;
            let transcript = match transcript {
                Some(t) => Some(
                    store
                        .transcript_sources()?
                        .into_iter()
                        .find(|(id, source)| *id == t || *source == t)
                        .map(|(id, _)| id)
                        .with_context(|| {
                            format!("no transcript {t:?} in {}", store.dir().display())
                        })?,
                ),
                None => None,
            };
            let request = SearchRequest {
                query,
                company: resolve(&pipeline, &store, company.as_deref())?,
                by: resolve(&pipeline, &store, by.as_deref())?,
                speaker,
                transcript,
                currency,
                min_value,
                max_value,
                kinds: kind
                    .into_iter()
                    .map(|k| match k {
                        SearchKind::Claim => HitKind::Claim,
                        SearchKind::Sentence => HitKind::Sentence,
                        SearchKind::Figure => HitKind::Figure,
                    })
                    .collect(),
                limit,
            };
            let hits = search(&store, &request)?;
            match format {
                Format::Json => export::write_json(
                    &mut out,
                    &serde_json::json!({
                        "schema": claimdex::record::SCHEMA,
                        "query": request.query,
                        "hits": hits,
                    }),
                )?,
                Format::Jsonl => {
                    for h in &hits {
                        export::write_jsonl(&mut out, "hit", h)?;
                    }
                }
                Format::Text => text::hits(&mut out, &hits, style)?,
                Format::Csv => bail!("search prints text, json or jsonl, not csv"),
            }
            ExitCode::SUCCESS
        }
        Command::Claims {
            company,
            by,
            kind,
            polarity,
            format,
        } => {
            let (pipeline, store) = open(&dictionaries, &cli.store)?;
            let datasets = store.datasets()?;
            let company = resolve(&pipeline, &store, company.as_deref())?;
            let by_id = by.as_deref().map(|name| {
                (
                    pipeline.gazetteer().lookup(name).map(|d| d.id.clone()),
                    name,
                )
            });
            let selected: Vec<_> = datasets
                .iter()
                .flat_map(|d| d.claims.iter().map(move |c| (d, c)))
                .filter(|(_, c)| company.as_ref().is_none_or(|id| c.targets.contains(id)))
                .filter(|(_, c)| match &by_id {
                    None => true,
                    Some((id, name)) => c
                        .holder
                        .as_ref()
                        .is_some_and(|h| Some(h) == id.as_ref() || h.eq_ignore_ascii_case(name)),
                })
                .filter(|(_, c)| kind.as_ref().is_none_or(|k| c.kind.as_str() == k))
                .filter(|(_, c)| {
                    polarity
                        .as_ref()
                        .is_none_or(|p| export::enum_name(&c.polarity) == *p)
                })
                .collect();
            match format {
                Format::Csv => export::claims_csv(&mut out, selected)?,
                Format::Text => text::claims(&mut out, &selected, style)?,
                Format::Json | Format::Jsonl => {
                    let claims: Vec<_> = selected.iter().map(|(_, c)| *c).collect();
                    export::write_list(
                        &mut out,
                        format == Format::Jsonl,
                        "claim",
                        "claims",
                        &claims,
                    )?
                }
            }
            ExitCode::SUCCESS
        }
        Command::Figures {
            company,
            currency,
            kind,
            format,
        } => {
            let (pipeline, store) = open(&dictionaries, &cli.store)?;
            let datasets = store.datasets()?;
            let company = resolve(&pipeline, &store, company.as_deref())?;
            let selected: Vec<_> = datasets
                .iter()
                .flat_map(|d| d.figures.iter().map(move |f| (d, f)))
                .filter(|(_, f)| company.as_ref().is_none_or(|id| f.entities.contains(id)))
                .filter(|(_, f)| {
                    currency.as_ref().is_none_or(|c| {
                        f.currency
                            .as_ref()
                            .is_some_and(|fc| fc.eq_ignore_ascii_case(c))
                    })
                })
                .filter(|(_, f)| {
                    kind.as_ref()
                        .is_none_or(|k| export::enum_name(&f.kind) == *k)
                })
                .collect();
            match format {
                Format::Csv => export::figures_csv(&mut out, selected)?,
                Format::Text => text::figures(&mut out, &selected, style)?,
                Format::Json | Format::Jsonl => {
                    let figures: Vec<_> = selected.iter().map(|(_, f)| *f).collect();
                    export::write_list(
                        &mut out,
                        format == Format::Jsonl,
                        "figure",
                        "figures",
                        &figures,
                    )?
                }
            }
            ExitCode::SUCCESS
        }
        Command::Show { id, format } => {
            let (pipeline, store) = open(&dictionaries, &cli.store)?;
            show(&pipeline, &store, &id, format, style, &mut out)?;
            ExitCode::SUCCESS
        }
        Command::Entities { unknown, format } => {
            let (_, store) = open(&dictionaries, &cli.store)?;
            let datasets = store.datasets()?;
            if unknown {
                let names = claimdex::extract::entities::discover::unknown_names(&datasets);
                match format {
                    Format::Json => export::write_json(
                        &mut out,
                        &serde_json::json!({"schema": claimdex::record::SCHEMA, "unknown": names}),
                    )?,
                    _ => text::unknown_names(&mut out, &names, style)?,
                }
            } else {
                let counts = claimdex::query::show::entity_counts(&datasets);
                match format {
                    Format::Json => export::write_json(
                        &mut out,
                        &serde_json::json!({"schema": claimdex::record::SCHEMA, "entities": counts}),
                    )?,
                    _ => text::entity_counts(&mut out, &counts, style)?,
                }
            }
            ExitCode::SUCCESS
        }
        Command::Bench {
            paths,
            size_mb,
            format,
        } => {
            let pipeline = Pipeline::new(&dictionaries)?;
            let work = std::env::temp_dir().join(format!(
                "claimdex-bench-{}-{}",
                std::process::id(),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos())
            ));
            let quiet = !std::io::stderr().is_terminal();
            let result = claimdex::bench::run(
                &pipeline,
                &paths,
                (size_mb.max(0.0) * 1e6) as usize,
                &work,
                |step| {
                    if !quiet {
                        eprintln!("bench: {step}…");
                    }
                },
            );
            // The scratch directory goes whatever happened.
            let _ = std::fs::remove_dir_all(&work);
            let report = result?;
            match format {
                Format::Json => export::write_json(&mut out, &report)?,
                _ => text::bench(&mut out, &report)?,
            }
            ExitCode::SUCCESS
        }
        Command::Export { format, out: dir } => {
            let (pipeline, store) = open(&dictionaries, &cli.store)?;
            let datasets = store.datasets()?;
            let tokenizer = pipeline.tokenizer();
            let write = |w: &mut dyn Write| -> claimdex::Result<()> {
                match format {
                    ExportFormat::Jsonl => export::export_jsonl(w, &datasets),
                    ExportFormat::Json => export::write_json(w, &datasets),
                    ExportFormat::Quickwit => {
                        export::quickwit::write_ndjson(w, &datasets, &tokenizer)
                    }
                }
            };
            match dir {
                None => write(&mut out)?,
                Some(dir) => {
                    std::fs::create_dir_all(&dir)
                        .with_context(|| format!("{}: cannot create", dir.display()))?;
                    let written = match format {
                        ExportFormat::Jsonl => {
                            vec![write_file(&dir.join("claimdex.jsonl"), write)?]
                        }
                        ExportFormat::Json => vec![write_file(&dir.join("claimdex.json"), write)?],
                        ExportFormat::Quickwit => {
                            let mut files = export::quickwit::write_batches(
                                &dir,
                                &datasets,
                                &tokenizer,
                                export::quickwit::BATCH_BYTES,
                            )?;
                            files.push(write_file(&dir.join("claimdex-index.yaml"), |w| {
                                w.write_all(export::quickwit::INDEX_CONFIG.as_bytes())
                                    .map_err(|e| claimdex::Error::io("claimdex-index.yaml", e))
                            })?);
                            files
                        }
                    };
                    for path in written {
                        writeln!(out, "wrote {}", path.display())?;
                    }
                }
            }
            ExitCode::SUCCESS
        }
    };
    out.flush().context("writing output")?;
    Ok(code)
}

/// The pipeline and the existing store that read commands work with.
fn open(dictionaries: &Dictionaries, store: &Path) -> Result<(Pipeline, Store)> {
    let pipeline = Pipeline::new(dictionaries)?;
    let store = Store::open(store, pipeline.tokenizer())?;
    Ok((pipeline, store))
}

/// Print what the reader recovered from (broken subtitle numbering, overlapping times).
fn warn_about(source: &source::SourceText) {
    for w in &source.warnings {
        eprintln!("claimdex: warning: {}: {w}", source.path.display());
    }
}

/// Write a file through a temporary name and rename it, so a failure never leaves half a
/// file under the final name.
fn write_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> claimdex::Result<()>,
) -> Result<std::path::PathBuf> {
    let tmp = path.with_extension("partial");
    let file = std::fs::File::create(&tmp).with_context(|| format!("{}", tmp.display()))?;
    let mut w = BufWriter::new(file);
    write(&mut w)?;
    w.flush().with_context(|| format!("{}", tmp.display()))?;
    drop(w);
    std::fs::rename(&tmp, path).with_context(|| format!("{}", path.display()))?;
    Ok(path.to_path_buf())
}

/// Resolve a name typed by the user to an entity id: any spelling the gazetteer knows, else
/// the id or name of an entity in the store (names discovered in transcripts), else an
/// error that says where to look.
fn resolve(pipeline: &Pipeline, store: &Store, name: Option<&str>) -> Result<Option<String>> {
    let Some(name) = name else {
        return Ok(None);
    };
    if let Some(def) = pipeline.gazetteer().lookup(name) {
        return Ok(Some(def.id.clone()));
    }
    for d in store.datasets()? {
        if let Some(e) = d
            .entities
            .iter()
            .find(|e| e.id == name || e.name.eq_ignore_ascii_case(name))
        {
            return Ok(Some(e.id.clone()));
        }
    }
    bail!(
        "no entity named {name:?} in the gazetteer or the store (`claimdex entities` lists the names in the store; add your own with --dictionaries)"
    )
}

/// Validate the reading flags into the library's options.
fn read_options(args: ReadArgs) -> Result<ReadOptions> {
    let input_format = match args.input_format.as_deref() {
        None => None,
        Some(name) => Some(InputFormat::from_name(name).with_context(|| {
            format!(
                "unknown --input-format {name:?}; use one of: {}",
                InputFormat::names().join(", ")
            )
        })?),
    };
    Ok(ReadOptions {
        input_format,
        title: args.title,
        date: args.date,
    })
}

fn extract(
    dictionaries: &Dictionaries,
    file: &Path,
    options: &ReadOptions,
    format: Format,
    explain: bool,
    style: Style,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let source = if file == Path::new(source::STDIN_ARG) {
        let name = source::stdin_name(options.title.as_deref());
        source::read_transcript_from(std::io::stdin().lock(), &name, options)?
    } else {
        source::read_transcript_with(file, options)?
    };
    warn_about(&source);
    let pipeline = Pipeline::new(dictionaries)?;
    let dataset = pipeline.run(&source)?;
    match format {
        Format::Json => export::write_json(out, &dataset)?,
        Format::Jsonl => export::export_jsonl(out, std::slice::from_ref(&dataset))?,
        Format::Text => text::dataset(out, &dataset, explain, style)?,
        Format::Csv => export::figures_csv(out, dataset.figures.iter().map(|f| (&dataset, f)))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn index(
    dictionaries: &Dictionaries,
    store_dir: &Path,
    paths: &[std::path::PathBuf],
    options: &ReadOptions,
    format: Format,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let from_stdin = paths.iter().any(|p| p == Path::new(source::STDIN_ARG));
    let stdin_source = if from_stdin {
        let Some(title) = options.title.as_deref() else {
            bail!(
                "reading a transcript from standard input (`-`) needs --title, which names it in the store"
            );
        };
        let name = source::stdin_name(Some(title));
        Some(source::read_transcript_from(
            std::io::stdin().lock(),
            &name,
            options,
        ))
    } else {
        None
    };
    let file_paths: Vec<std::path::PathBuf> = paths
        .iter()
        .filter(|p| p.as_path() != Path::new(source::STDIN_ARG))
        .cloned()
        .collect();
    let files = if file_paths.is_empty() {
        Vec::new()
    } else {
        source::collect_transcripts(&file_paths)?
    };
    let pipeline = Pipeline::new(dictionaries)?;
    let store = Store::open_or_create(store_dir, pipeline.tokenizer())?;
    let mut session = store.begin()?;
    let progress = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(files.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut totals = Totals::default();
    let mut failures = Vec::new();
    // Files are analysed in parallel, a batch at a time (a few files, a few megabytes:
    // memory stays bounded), and committed every COMMIT_EVERY files: a crash loses at
    // most those.
    let batch = rayon::current_num_threads().max(1) * INDEX_BATCH_PER_THREAD;
    let mut since_commit = 0;
    if let Some(result) = stdin_source {
        let analysed = result.and_then(|s| {
            let id = claimdex::record::transcript_id(&s.text);
            if session.skip_unchanged(&id, &s.path.display().to_string()) {
                return Ok(None);
            }
            Ok(Some((
                s.path.clone(),
                s.warnings.clone(),
                pipeline.analyze(&s)?,
            )))
        });
        match analysed {
            Ok(None) => {}
            Ok(Some((path, warnings, a))) => {
                for w in warnings {
                    eprintln!("claimdex: warning: {}: {w}", path.display());
                }
                session.add_analysis(&a)?;
                totals.count(&a.dataset);
            }
            Err(e) => {
                eprintln!("claimdex: error: {e}");
                failures.push(e);
            }
        }
    }
    for chunk in source::batches(&files, batch, source::BATCH_BYTES) {
        // Content already in the store is not analysed again.
        let sources: Vec<_> = chunk
            .par_iter()
            .map(|file| source::read_transcript_with(file, options))
            .collect();
        let sources: Vec<_> = sources
            .into_iter()
            .map(|r| {
                r.map(|s| {
                    let id = claimdex::record::transcript_id(&s.text);
                    let unchanged = session.skip_unchanged(&id, &s.path.display().to_string());
                    (s, unchanged)
                })
            })
            .collect();
        let results: Vec<_> = sources
            .into_par_iter()
            .map(|r| {
                r.and_then(|(s, unchanged)| {
                    if unchanged {
                        return Ok(None);
                    }
                    let analysis = pipeline.analyze(&s)?;
                    Ok(Some((s.warnings, analysis)))
                })
            })
            .collect();
        for (file, result) in chunk.iter().zip(results) {
            progress.set_message(file.display().to_string());
            progress.inc(1);
            match result {
                Ok(None) => {} // unchanged: already reported by the session
                Ok(Some((warnings, a))) => {
                    for w in warnings {
                        progress
                            .suspend(|| eprintln!("claimdex: warning: {}: {w}", file.display()));
                    }
                    session.add_analysis(&a)?;
                    totals.count(&a.dataset);
                }
                Err(e) => {
                    progress.suspend(|| eprintln!("claimdex: error: {e}"));
                    failures.push(e);
                }
            }
        }
        since_commit += chunk.len();
        if since_commit >= COMMIT_EVERY {
            session.commit()?;
            since_commit = 0;
        }
    }
    progress.finish_and_clear();
    let report = session.finish()?;
    match format {
        Format::Json => export::write_json(
            out,
            &serde_json::json!({
                "schema": claimdex::record::SCHEMA,
                "store": store.dir().display().to_string(),
                "added": report.added,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "failed": failures.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
                "found": totals,
            }),
        )?,
        _ => text::index_report(out, store.dir(), &report, &totals, failures.len())?,
    }
    if failures.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        out.flush()?;
        bail!(
            "{} of {} transcripts could not be indexed (see the errors above)",
            failures.len(),
            files.len() + usize::from(from_stdin)
        )
    }
}

fn show(
    pipeline: &Pipeline,
    store: &Store,
    id: &str,
    format: Format,
    style: Style,
    out: &mut dyn Write,
) -> Result<()> {
    let (kind, tid) = IdKind::of(id);
    if kind == IdKind::Entity {
        let datasets = store.datasets()?;
        let def = pipeline.gazetteer().lookup(id);
        let entity_id = def.map_or(id.to_string(), |d| d.id.clone());
        let view = claimdex::query::show::EntityView::collect(&entity_id, def, &datasets)
            .ok_or_else(|| claimdex::Error::NotFound(id.to_string()))?;
        return match format {
            Format::Json => Ok(export::write_json(out, &view)?),
            _ => text::entity_view(out, &view, style),
        };
    }
    let tid = tid.unwrap_or(id);
    let dataset: Dataset = store
        .dataset(tid)?
        .ok_or_else(|| claimdex::Error::NotFound(id.to_string()))?;
    let view = claimdex::query::show::RecordView::collect(&dataset, id, kind)
        .ok_or_else(|| claimdex::Error::NotFound(id.to_string()))?;
    match format {
        Format::Json => Ok(export::write_json(out, &view)?),
        _ => text::record_view(out, &view, style),
    }
}

/// Transcripts analysed per batch, per thread, while indexing.
const INDEX_BATCH_PER_THREAD: usize = 4;

/// What an index run found, summed over its transcripts.
#[derive(Debug, Default, serde::Serialize)]
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
    entity_ids: std::collections::BTreeSet<String>,
}

impl Totals {
    fn count(&mut self, d: &Dataset) {
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
