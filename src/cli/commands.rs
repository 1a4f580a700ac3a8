//! One function per subcommand: validate arguments, call the library, hand results to a
//! printer.

use std::collections::BTreeMap;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use claimdex::dataset::{Dataset, IdKind};
use claimdex::output;
use claimdex::read::{InputFormat, ReadOptions};
use claimdex::search::{HitKind, SearchRequest, search};
use claimdex::{Dictionaries, Pipeline, Store, read};

use super::args::{Cli, ColorChoice, Command, Format, ReadArgs, SearchKind};
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
        Command::Search {
            query,
            company,
            by,
            kind,
            limit,
            format,
        } => {
            let pipeline = Pipeline::new(&dictionaries)?;
            let store = Store::open(&cli.store, pipeline.tokenizer())?;
            let request = SearchRequest {
                query,
                company: resolve(&pipeline, company.as_deref())?,
                by: resolve(&pipeline, by.as_deref())?,
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
                Format::Json => output::write_json(
                    &mut out,
                    &serde_json::json!({
                        "schema": claimdex::dataset::SCHEMA,
                        "query": request.query,
                        "hits": hits,
                    }),
                )?,
                Format::Jsonl => {
                    for h in &hits {
                        output::write_jsonl(&mut out, "hit", h)?;
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
            let pipeline = Pipeline::new(&dictionaries)?;
            let store = Store::open(&cli.store, pipeline.tokenizer())?;
            let datasets = store.datasets()?;
            let company = resolve(&pipeline, company.as_deref())?;
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
                    polarity.as_ref().is_none_or(|p| {
                        c.polarity
                            .and_then(|x| serde_json::to_value(x).ok())
                            .and_then(|v| v.as_str().map(|s| s == p))
                            .unwrap_or(false)
                    })
                })
                .collect();
            match format {
                Format::Csv => output::claims_csv(&mut out, selected)?,
                Format::Jsonl => {
                    for (_, c) in &selected {
                        output::write_jsonl(&mut out, "claim", c)?;
                    }
                }
                Format::Json => {
                    let claims: Vec<_> = selected.iter().map(|(_, c)| c).collect();
                    output::write_json(
                        &mut out,
                        &serde_json::json!({"schema": claimdex::dataset::SCHEMA, "claims": claims}),
                    )?
                }
                Format::Text => text::claims(&mut out, &selected, style)?,
            }
            ExitCode::SUCCESS
        }
        Command::Figures {
            company,
            currency,
            kind,
            format,
        } => {
            let pipeline = Pipeline::new(&dictionaries)?;
            let store = Store::open(&cli.store, pipeline.tokenizer())?;
            let datasets = store.datasets()?;
            let company = resolve(&pipeline, company.as_deref())?;
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
                    kind.as_ref().is_none_or(|k| {
                        serde_json::to_value(f.kind)
                            .ok()
                            .and_then(|v| v.as_str().map(|s| s == k))
                            .unwrap_or(false)
                    })
                })
                .collect();
            match format {
                Format::Csv => output::figures_csv(&mut out, selected)?,
                Format::Jsonl => {
                    for (_, f) in &selected {
                        output::write_jsonl(&mut out, "figure", f)?;
                    }
                }
                Format::Json => {
                    let figures: Vec<_> = selected.iter().map(|(_, f)| f).collect();
                    output::write_json(
                        &mut out,
                        &serde_json::json!({"schema": claimdex::dataset::SCHEMA, "figures": figures}),
                    )?
                }
                Format::Text => text::figures(&mut out, &selected, style)?,
            }
            ExitCode::SUCCESS
        }
        Command::Show { id, format } => {
            let pipeline = Pipeline::new(&dictionaries)?;
            let store = Store::open(&cli.store, pipeline.tokenizer())?;
            show(&pipeline, &store, &id, format, style, &mut out)?;
            ExitCode::SUCCESS
        }
        Command::Entities { unknown, format } => {
            let pipeline = Pipeline::new(&dictionaries)?;
            let store = Store::open(&cli.store, pipeline.tokenizer())?;
            let datasets = store.datasets()?;
            if unknown {
                let names = claimdex::discover::discover_unknown(&pipeline, &datasets)?;
                match format {
                    Format::Json => output::write_json(
                        &mut out,
                        &serde_json::json!({"schema": claimdex::dataset::SCHEMA, "unknown": names}),
                    )?,
                    _ => text::unknown_names(&mut out, &names, style)?,
                }
            } else {
                let counts = claimdex::show::entity_counts(&datasets);
                match format {
                    Format::Json => output::write_json(
                        &mut out,
                        &serde_json::json!({"schema": claimdex::dataset::SCHEMA, "entities": counts}),
                    )?,
                    _ => text::entity_counts(&mut out, &counts, style)?,
                }
            }
            ExitCode::SUCCESS
        }
        Command::Export { format } => {
            let pipeline = Pipeline::new(&dictionaries)?;
            let store = Store::open(&cli.store, pipeline.tokenizer())?;
            let datasets = store.datasets()?;
            match format {
                Format::Jsonl => output::export_jsonl(&mut out, &datasets)?,
                Format::Json => output::write_json(&mut out, &datasets)?,
                other => bail!("export writes jsonl or json, not {other:?}"),
            }
            ExitCode::SUCCESS
        }
    };
    out.flush().context("writing output")?;
    Ok(code)
}

/// Resolve a name typed by the user to an entity id, or explain that it is unknown.
fn resolve(pipeline: &Pipeline, name: Option<&str>) -> Result<Option<String>> {
    let Some(name) = name else {
        return Ok(None);
    };
    match pipeline.gazetteer().lookup(name) {
        Some(def) => Ok(Some(def.id.clone())),
        None => bail!(
            "no entity named {name:?} in the gazetteer (try `claimdex entities` for the names in the store, or add it with --dictionaries)"
        ),
    }
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
    let source = read::read_transcript_with(file, options)?;
    let pipeline = Pipeline::new(dictionaries)?;
    let dataset = pipeline.run(&source)?;
    match format {
        Format::Json => output::write_json(out, &dataset)?,
        Format::Jsonl => output::export_jsonl(out, std::slice::from_ref(&dataset))?,
        Format::Text => text::dataset(out, &dataset, explain, style)?,
        Format::Csv => output::figures_csv(out, dataset.figures.iter().map(|f| (&dataset, f)))?,
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
    let files = read::collect_transcripts(paths)?;
    let pipeline = Pipeline::new(dictionaries)?;
    let store = Store::open_or_create(store_dir, pipeline.tokenizer())?;
    let progress = std::io::stderr().is_terminal();
    let mut datasets = Vec::new();
    let mut failures = Vec::new();
    for (i, file) in files.iter().enumerate() {
        if progress {
            eprint!("\r\x1b[2K[{}/{}] {}", i + 1, files.len(), file.display());
        }
        match read::read_transcript_with(file, options).and_then(|s| pipeline.run(&s)) {
            Ok(d) => datasets.push(d),
            Err(e) => failures.push(e),
        }
    }
    if progress {
        eprint!("\r\x1b[2K");
    }
    for e in &failures {
        eprintln!("claimdex: error: {e}");
    }
    let report = store.add(&datasets)?;
    match format {
        Format::Json => output::write_json(
            out,
            &serde_json::json!({
                "schema": claimdex::dataset::SCHEMA,
                "store": store.dir().display().to_string(),
                "added": report.added,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "failed": failures.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
            }),
        )?,
        _ => text::index_report(out, store.dir(), &report, &datasets, failures.len())?,
    }
    if failures.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::FAILURE)
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
        let view = claimdex::show::EntityView::collect(&entity_id, def, &datasets)
            .ok_or_else(|| claimdex::Error::NotFound(id.to_string()))?;
        return match format {
            Format::Json => Ok(output::write_json(out, &view)?),
            _ => text::entity_view(out, &view, style),
        };
    }
    let tid = tid.unwrap_or(id);
    let dataset: Dataset = store
        .dataset(tid)?
        .ok_or_else(|| claimdex::Error::NotFound(id.to_string()))?;
    let view = claimdex::show::RecordView::collect(&dataset, id, kind)
        .ok_or_else(|| claimdex::Error::NotFound(id.to_string()))?;
    match format {
        Format::Json => Ok(output::write_json(out, &view)?),
        _ => text::record_view(out, &view, style),
    }
}

/// Count records per transcript, for summaries.
pub fn totals(datasets: &[Dataset]) -> BTreeMap<&'static str, usize> {
    let mut t = BTreeMap::new();
    t.insert("transcripts", datasets.len());
    t.insert(
        "sentences",
        datasets.iter().map(|d| d.sentences.len()).sum(),
    );
    t.insert("figures", datasets.iter().map(|d| d.figures.len()).sum());
    t.insert("mentions", datasets.iter().map(|d| d.mentions.len()).sum());
    t.insert("claims", datasets.iter().map(|d| d.claims.len()).sum());
    let mut ids: Vec<&str> = datasets
        .iter()
        .flat_map(|d| d.entities.iter().map(|e| e.id.as_str()))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    t.insert("entities", ids.len());
    t
}
