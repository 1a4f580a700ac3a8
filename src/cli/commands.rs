//! One function per subcommand: validate arguments, call the library, hand results to a
//! printer.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use claimdex::check::CheckRules;
use claimdex::export;
use claimdex::export::graph;
use claimdex::extract::entities::Gazetteer;
use claimdex::extract::entities::discover::unknown_names;
use claimdex::query::filters::{ClaimFilter, FigureFilter};
use claimdex::query::flows::{FlowEdge, FlowFilter};
use claimdex::query::names::{self, Holder};
use claimdex::query::show::{EntityTotals, EntityView, RecordView};
use claimdex::record::{Check, Claim, Dataset, Figure, FlowStatus, IdKind, SCHEMA, Verdict};
use claimdex::source::{InputFormat, ReadOptions};
use claimdex::store::indexer::{self, Progress};
use claimdex::store::search::{HitKind, SearchRequest, search, word_counts};
use claimdex::{Dictionaries, Pipeline, Store, source};
use indicatif::{ProgressBar, ProgressStyle};

use super::args::{
    ClaimKindArg, Cli, ColorChoice, Command, ExportFormat, FigureArgs, FlowFormat, Format,
    PolarityArg, ReadArgs, ReportFormat, SearchArgs, SearchFormat, SearchKind, StatusArg,
    VerdictArg,
};
use super::listing::Listing;
use super::text::{self, Style};

/// What every command works with: the global flags, validated, and standard output.
struct Ctx<'a> {
    dictionaries: Dictionaries,
    bom: bool,
    store: PathBuf,
    style: Style,
    out: &'a mut dyn Write,
}

/// Run one parsed command line.
pub fn dispatch(cli: Cli) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut ctx = Ctx {
        dictionaries: match &cli.dictionaries {
            Some(dir) => Dictionaries::with_overrides(dir)?,
            None => Dictionaries::builtin(),
        },
        store: cli.store,
        bom: cli.bom,
        style: Style {
            color: match cli.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            },
        },
        out: &mut out,
    };
    let code = match cli.command {
        Command::Extract {
            file,
            format,
            explain,
            read,
        } => extract(&mut ctx, &file, &read_options(read)?, format, explain)?,
        Command::Index {
            paths,
            format,
            quiet,
            reanalyze,
            read,
        } => {
            let how = IndexHow {
                format,
                quiet,
                reanalyze,
            };
            index(&mut ctx, &paths, &read_options(read)?, how)?
        }
        Command::Remove { keys } => remove(&mut ctx, &keys)?,
        Command::Search(args) => search_command(&mut ctx, args)?,
        Command::Claims {
            company,
            by,
            kind,
            polarity,
            format,
        } => claims(&mut ctx, company, by, kind, polarity, format)?,
        Command::Figures(args) => figures(&mut ctx, args)?,
        Command::Check {
            company,
            verdict,
            explain,
            format,
        } => check(&mut ctx, company, verdict, explain, format)?,
        Command::Flows {
            company,
            status,
            format,
        } => flows(&mut ctx, company, &status, format)?,
        Command::Show { id, format } => show(&mut ctx, &id, format)?,
        Command::Entities { unknown, format } => entities(&mut ctx, unknown, format)?,
        bench @ Command::Bench { .. } => bench_command(&mut ctx, bench)?,
        Command::Export { format, out: dir } => export_command(&mut ctx, format, dir)?,
        Command::Verify { format } => verify(&mut ctx, format)?,
        #[cfg(feature = "serve")]
        Command::Serve(args) => super::serve::serve(&ctx.dictionaries, &ctx.store, &args, ctx.out)?,
    };
    out.flush().context("writing output")?;
    Ok(code)
}

fn extract(
    ctx: &mut Ctx<'_>,
    file: &Path,
    options: &ReadOptions,
    format: Format,
    explain: bool,
) -> Result<ExitCode> {
    let source = if file == Path::new(source::STDIN_ARG) {
        let name = source::stdin_name(options.title.as_deref());
        source::read_transcript_from(std::io::stdin().lock(), &name, options)?
    } else {
        source::read_transcript_with(file, options)?
    };
    warn_about(&source);
    let pipeline = Pipeline::new(&ctx.dictionaries)?;
    let dataset = pipeline.run(&source)?;
    let out = &mut *ctx.out;
    match format {
        Format::Json => export::write_json(out, &dataset)?,
        Format::Jsonl => export::export_jsonl(out, std::slice::from_ref(&dataset))?,
        Format::Text => text::dataset(out, &dataset, explain, ctx.style)?,
        Format::Csv => export::figures_csv(out, dataset.figures.iter().map(|f| (&dataset, f)))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// How `index` runs and reports.
struct IndexHow {
    format: ReportFormat,
    quiet: bool,
    reanalyze: bool,
}

fn index(
    ctx: &mut Ctx<'_>,
    paths: &[PathBuf],
    options: &ReadOptions,
    how: IndexHow,
) -> Result<ExitCode> {
    let IndexHow {
        format,
        quiet,
        reanalyze,
    } = how;
    let stdin = read_stdin(paths, options)?;
    let file_paths: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.as_path() != Path::new(source::STDIN_ARG))
        .cloned()
        .collect();
    let found = transcript_files(&file_paths, stdin.is_some(), quiet)?;
    let files = found.files;
    let pipeline = Pipeline::new(&ctx.dictionaries)?;
    let fresh = !ctx.store.exists();
    let store = Store::open_or_create(&ctx.store, pipeline.tokenizer())?;
    let mut session = store.begin()?;
    if reanalyze {
        session.reanalyze_all();
    }
    let bar = match quiet {
        true => ProgressBar::hidden(),
        false => progress_bar(files.len()),
    };
    let report_progress = |p: Progress<'_>| match p {
        Progress::File(file) => {
            bar.set_message(file.display().to_string());
            bar.inc(1);
        }
        Progress::Warning(..) if quiet => {}
        Progress::Warning(file, w) => {
            bar.suspend(|| eprintln!("claimdex: warning: {}: {w}", file.display()))
        }
        Progress::Failed(e) => bar.suspend(|| eprintln!("claimdex: error: {e}")),
    };
    let mut run = indexer::index_files(&pipeline, &mut session, &files, options, report_progress)?;
    if let Some(source) = stdin {
        indexer::index_source(&pipeline, &mut session, source, &mut run, report_progress)?;
    }
    bar.finish_and_clear();
    let report = session.finish()?;
    match format {
        ReportFormat::Json => export::write_json(
            ctx.out,
            &serde_json::json!({
                "schema": SCHEMA,
                "store": store.dir().display().to_string(),
                "added": report.added,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "reanalyzed": report.reanalyzed,
                "failed": run.failures.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
                "skipped": found.problems.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
                "found": run.totals,
            }),
        )?,
        ReportFormat::Text => text::index_report(
            ctx.out,
            store.dir(),
            &report,
            &run.totals,
            run.failures.len(),
        )?,
    }
    ctx.out.flush()?;
    let nothing_stored = report.added.is_empty() && report.unchanged.is_empty();
    drop(store);
    if fresh && nothing_stored {
        // A first index that stored nothing leaves no empty store behind.
        let _ = std::fs::remove_dir_all(&ctx.store);
    }
    index_exit(run.failures.len(), files.len(), found.problems.len())
}

/// Success, or the error that sums up what `index` could not read or analyse.
fn index_exit(failed: usize, files: usize, skipped: usize) -> Result<ExitCode> {
    match (failed, skipped) {
        (0, 0) => Ok(ExitCode::SUCCESS),
        (0, _) => bail!(
            "{skipped} of the paths given could not be read and were skipped; the rest was indexed (see the errors above)"
        ),
        (_, 0) => {
            bail!("{failed} of {files} transcripts could not be indexed (see the errors above)")
        }
        _ => bail!(
            "{failed} of {files} transcripts could not be indexed, and {skipped} of the paths given could not be read (see the errors above)"
        ),
    }
}

/// The transcript files under `paths`. What cannot be read is printed and skipped; when
/// nothing is left to index (and no `stdin`), that is the error, before any store is made.
fn transcript_files(paths: &[PathBuf], stdin: bool, quiet: bool) -> Result<source::Found> {
    // The walk of a large tree takes a while: a spinner with the count so far, on a
    // terminal only (the indexing bar after it has the ETA).
    let spinner = match quiet || !std::io::stderr().is_terminal() {
        true => ProgressBar::hidden(),
        false => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} finding transcripts: {pos} found {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    };
    let mut found = if paths.is_empty() {
        source::Found::default()
    } else {
        source::find_transcripts_with(paths, &mut |files, dir| {
            spinner.set_position(files as u64);
            spinner.set_message(dir.display().to_string());
            spinner.tick();
        })
    };
    spinner.finish_and_clear();
    if found.files.is_empty() && !stdin {
        if found.problems.len() == 1 {
            return Err(found.problems.remove(0).into());
        }
        for problem in &found.problems {
            eprintln!("claimdex: error: {problem}");
        }
        bail!("no transcript to index (see the errors above)");
    }
    for problem in &found.problems {
        eprintln!("claimdex: error: {problem} (skipped)");
    }
    Ok(found)
}

/// A progress bar on a terminal, nothing elsewhere.
/// The transcript on standard input when the paths include `-`, read now; it needs
/// `--title`, which names it in the store.
fn read_stdin(
    paths: &[PathBuf],
    options: &ReadOptions,
) -> Result<Option<claimdex::Result<source::SourceText>>> {
    if !paths.iter().any(|p| p == Path::new(source::STDIN_ARG)) {
        return Ok(None);
    }
    let Some(title) = options.title.as_deref() else {
        bail!(
            "reading a transcript from standard input (`-`) needs --title, which names it in the store"
        );
    };
    let name = source::stdin_name(Some(title));
    Ok(Some(source::read_transcript_from(
        std::io::stdin().lock(),
        &name,
        options,
    )))
}

fn progress_bar(len: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed} (ETA {eta}) {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

fn remove(ctx: &mut Ctx<'_>, keys: &[String]) -> Result<ExitCode> {
    let pipeline = Pipeline::new(&ctx.dictionaries)?;
    let store = Store::open(&ctx.store, pipeline.tokenizer())?;
    let mut session = store.begin()?;
    let mut missing = Vec::new();
    for key in keys {
        let gone = session.remove(key);
        if gone.is_empty() {
            missing.push(key.clone());
        }
        for (source, id) in gone {
            writeln!(ctx.out, "  - {source} ({id})")?;
        }
    }
    session.finish()?;
    if missing.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    ctx.out.flush()?;
    bail!(
        "{}: no transcript with that id or source in {}",
        missing.join(", "),
        store.dir().display()
    )
}

fn search_command(ctx: &mut Ctx<'_>, args: SearchArgs) -> Result<ExitCode> {
    claimdex::query::filters::check_range(args.min_value, args.max_value)
        .map_err(anyhow::Error::msg)?;
    let (pipeline, store) = open(ctx)?;
    let transcript = match args.transcript {
        Some(t) => Some(
            store
                .find_transcript(&t)?
                .map(|(id, _)| id)
                .with_context(|| format!("no transcript {t:?} in {}", store.dir().display()))?,
        ),
        None => None,
    };
    let by = holder(pipeline.gazetteer(), &store, args.by.as_deref())?;
    let request = SearchRequest {
        entity_words: names::entity_words(pipeline.gazetteer(), &args.query),
        query: args.query,
        company: entity(pipeline.gazetteer(), &store, args.company.as_deref())?,
        // Every holder value the name means; the entity id when no claim holds it yet.
        by: by
            .as_ref()
            .filter(|h| h.in_store.is_empty())
            .map(|h| h.term().to_string()),
        holders: by.map(|h| h.in_store).unwrap_or_default(),
        speaker: None,
        speakers: speakers(pipeline.gazetteer(), &store, args.speaker.as_deref())?,
        transcript,
        currency: currency(&store, args.currency)?,
        min_value: args.min_value,
        max_value: args.max_value,
        kinds: args.kind.into_iter().map(hit_kind).collect(),
        limit: args.limit,
    };
    if args.quickwit_query {
        writeln!(
            ctx.out,
            "{}",
            export::quickwit::query(&request, &pipeline.tokenizer())
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let hits = search(&store, &request)?;
    // Nothing has every word: how many records each finds alone, and the OR form.
    let counts = match hits.is_empty() {
        true => word_counts(&store, &request)?,
        false => Vec::new(),
    };
    let or_query = counts
        .iter()
        .map(|(w, _)| w.as_str())
        .collect::<Vec<_>>()
        .join(" OR ");
    match args.format {
        SearchFormat::Json if counts.is_empty() => {
            export::write_search_json(ctx.out, &request.query, &hits)?
        }
        SearchFormat::Json => export::write_json(
            ctx.out,
            &serde_json::json!({
                "schema": SCHEMA, "query": request.query, "hits": hits,
                "hint": {"each_word": counts, "or_query": or_query},
            }),
        )?,
        SearchFormat::Jsonl => {
            for h in &hits {
                export::write_jsonl(ctx.out, "hit", h)?;
            }
        }
        SearchFormat::Csv => {
            csv_start(ctx)?;
            export::hits_csv(ctx.out, &hits)?
        }
        SearchFormat::Text => {
            text::hits(ctx.out, &hits, ctx.style)?;
            text::zero_hit_hint(ctx.out, &counts, &or_query)?
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn hit_kind(kind: SearchKind) -> HitKind {
    match kind {
        SearchKind::Claim => HitKind::Claim,
        SearchKind::Sentence => HitKind::Sentence,
        SearchKind::Figure => HitKind::Figure,
    }
}

fn claims(
    ctx: &mut Ctx<'_>,
    company: Option<String>,
    by: Option<String>,
    kind: Option<ClaimKindArg>,
    polarity: Option<PolarityArg>,
    format: Format,
) -> Result<ExitCode> {
    let (gazetteer, store) = open_records(ctx)?;
    let filter = ClaimFilter {
        company: entity(&gazetteer, &store, company.as_deref())?,
        by: holder(&gazetteer, &store, by.as_deref())?,
        kind: kind.map(|k| k.name().to_string()),
        polarity: polarity.map(|p| p.name().to_string()),
    };
    let mut listing = Listing::<Claim>::start(ctx.out, format, ctx.style, ctx.bom)?;
    let shape = listing.shape();
    store.map_claim_datasets(
        filter.company.as_deref(),
        |d| shape.prepare(d, &filter),
        |rows| listing.write_prepared(rows, &filter),
    )?;
    listing.finish()?;
    Ok(ExitCode::SUCCESS)
}

fn check(
    ctx: &mut Ctx<'_>,
    company: Option<String>,
    verdict: Option<VerdictArg>,
    explain: bool,
    format: Format,
) -> Result<ExitCode> {
    let (gazetteer, store) = open_records(ctx)?;
    let datasets = store.datasets()?;
    let company = entity(&gazetteer, &store, company.as_deref())?;
    let rules = CheckRules::from_dictionaries(&ctx.dictionaries)?;
    let all: Vec<&Dataset> = datasets.iter().collect();
    let conflicts = claimdex::check::conflicts(&all, &rules);
    let verdict = verdict.map(|v| match v {
        VerdictArg::Holds => Verdict::Holds,
        VerdictArg::Off => Verdict::Off,
        VerdictArg::CannotCheck => Verdict::CannotCheck,
        VerdictArg::Conflict => Verdict::Conflict,
    });
    let selected: Vec<&Check> = datasets
        .iter()
        .flat_map(|d| &d.checks)
        .chain(&conflicts)
        .filter(|k| company.as_ref().is_none_or(|c| k.entities.contains(c)))
        .filter(|k| verdict.is_none_or(|v| k.verdict == v))
        .collect();
    match format {
        Format::Csv => {
            csv_start(ctx)?;
            export::checks_csv(ctx.out, selected)?
        }
        Format::Text => text::checks(ctx.out, &selected, explain, ctx.style)?,
        Format::Json | Format::Jsonl => {
            let jsonl = format == Format::Jsonl;
            export::write_list(ctx.out, jsonl, "check", "checks", &selected)?
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn flows(
    ctx: &mut Ctx<'_>,
    company: Option<String>,
    status: &[StatusArg],
    format: FlowFormat,
) -> Result<ExitCode> {
    let (gazetteer, store) = open_records(ctx)?;
    let datasets = store.datasets()?;
    let all: Vec<&Dataset> = datasets.iter().collect();
    let rules = CheckRules::from_dictionaries(&ctx.dictionaries)?;
    let conflicts = claimdex::check::conflicts(&all, &rules);
    let filter = FlowFilter {
        company: entity(&gazetteer, &store, company.as_deref())?,
        statuses: status.iter().map(|s| flow_status(*s)).collect(),
    };
    let edges = claimdex::query::flows::edges(&all, &conflicts);
    let selected: Vec<&FlowEdge> = edges.iter().filter(|e| filter.keep(e)).collect();
    let out = &mut *ctx.out;
    match format {
        FlowFormat::Text => text::flows(out, &selected, ctx.style)?,
        FlowFormat::Json => graph::payments_json(out, &selected)?,
        FlowFormat::Jsonl => graph::payments_jsonl(out, &selected)?,
        FlowFormat::Csv => graph::flows_csv(out, &selected)?,
        FlowFormat::Dot => graph::flows_dot(out, &selected)?,
        FlowFormat::Graphml => graph::flows_graphml(out, &selected)?,
        FlowFormat::Svg => graph::flows_svg(out, &selected)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn flow_status(s: StatusArg) -> FlowStatus {
    match s {
        StatusArg::Announced => FlowStatus::Announced,
        StatusArg::Agreed => FlowStatus::Agreed,
        StatusArg::LetterOfIntent => FlowStatus::LetterOfIntent,
        StatusArg::Rumoured => FlowStatus::Rumoured,
        StatusArg::Reported => FlowStatus::Reported,
        StatusArg::Doubted => FlowStatus::Doubted,
        StatusArg::Completed => FlowStatus::Completed,
        StatusArg::Planned => FlowStatus::Planned,
    }
}

fn figures(ctx: &mut Ctx<'_>, args: FigureArgs) -> Result<ExitCode> {
    claimdex::query::filters::check_range(args.min_value, args.max_value)
        .map_err(anyhow::Error::msg)?;
    let format = args.format;
    let (gazetteer, store) = open_records(ctx)?;
    let filter = FigureFilter {
        company: entity(&gazetteer, &store, args.company.as_deref())?,
        currency: self::currency(&store, args.currency)?,
        kind: args.kind.map(|k| k.name().to_string()),
        min_value: args.min_value,
        max_value: args.max_value,
    };
    let mut listing = Listing::<Figure>::start(ctx.out, format, ctx.style, ctx.bom)?;
    let shape = listing.shape();
    store.map_figure_datasets(
        filter.company.as_deref(),
        |d| shape.prepare(d, &filter),
        |rows| listing.write_prepared(rows, &filter),
    )?;
    listing.finish()?;
    Ok(ExitCode::SUCCESS)
}

fn show(ctx: &mut Ctx<'_>, id: &str, format: ReportFormat) -> Result<ExitCode> {
    let (gazetteer, store) = open_records(ctx)?;
    let not_found = || claimdex::Error::NotFound(id.to_string());
    let (kind, tid) = IdKind::of(id);
    if kind == IdKind::Entity {
        let def = gazetteer.lookup(id);
        let entity_id = def.map_or(id.to_string(), |d| d.id.clone());
        let datasets = store.datasets_involving(&entity_id)?;
        let view = EntityView::collect(&entity_id, def, &datasets).ok_or_else(not_found)?;
        match format {
            ReportFormat::Json => export::write_json(ctx.out, &view)?,
            ReportFormat::Text => text::entity_view(ctx.out, &view, ctx.style)?,
        }
        return Ok(ExitCode::SUCCESS);
    }
    if kind == IdKind::Conflict {
        // Conflicts span transcripts and are worked out when asked for.
        let datasets = store.datasets()?;
        let all: Vec<&Dataset> = datasets.iter().collect();
        let rules = CheckRules::from_dictionaries(&ctx.dictionaries)?;
        let conflicts = claimdex::check::conflicts(&all, &rules);
        let found = conflicts
            .iter()
            .find(|k| k.id == id)
            .ok_or_else(not_found)?;
        match format {
            ReportFormat::Json => export::write_json(ctx.out, found)?,
            ReportFormat::Text => text::checks(ctx.out, &[found], true, ctx.style)?,
        }
        return Ok(ExitCode::SUCCESS);
    }
    let dataset = store.dataset(tid.unwrap_or(id))?.ok_or_else(not_found)?;
    let view = RecordView::collect(&dataset, id, kind).ok_or_else(not_found)?;
    match format {
        ReportFormat::Json => export::write_json(ctx.out, &view)?,
        ReportFormat::Text => text::record_view(ctx.out, &view, ctx.style)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn entities(ctx: &mut Ctx<'_>, unknown: bool, format: ReportFormat) -> Result<ExitCode> {
    let (_, store) = open_records(ctx)?;
    let out = &mut *ctx.out;
    if unknown {
        let names = unknown_names(&store.datasets()?);
        match format {
            ReportFormat::Json => export::write_json(
                out,
                &serde_json::json!({"schema": SCHEMA, "unknown": names}),
            )?,
            ReportFormat::Text => text::unknown_names(out, &names, ctx.style)?,
        }
        return Ok(ExitCode::SUCCESS);
    }
    // From the light transcript documents: no dataset is decoded.
    let mut totals = EntityTotals::default();
    store.for_each_transcript_meta(|m| {
        totals.add(&m);
        Ok(())
    })?;
    let counts = totals.finish();
    match format {
        ReportFormat::Json => export::write_json(
            out,
            &serde_json::json!({"schema": SCHEMA, "entities": counts}),
        )?,
        ReportFormat::Text => text::entity_counts(out, &counts, ctx.style)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn bench(
    ctx: &mut Ctx<'_>,
    paths: &[PathBuf],
    size_mb: f64,
    format: ReportFormat,
) -> Result<ExitCode> {
    let pipeline = Pipeline::new(&ctx.dictionaries)?;
    let work = std::env::temp_dir().join(format!(
        "claimdex-bench-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let quiet = !std::io::stderr().is_terminal();
    let size = (size_mb.max(0.0) * 1e6) as usize;
    let result = claimdex::bench::run(&pipeline, &ctx.dictionaries, paths, size, &work, |step| {
        if !quiet {
            eprintln!("bench: {step}…");
        }
    });
    // The scratch directory goes whatever happened.
    let _ = std::fs::remove_dir_all(&work);
    let report = result?;
    match format {
        ReportFormat::Json => export::write_json(ctx.out, &report)?,
        ReportFormat::Text => text::bench(ctx.out, &report)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `bench`, or `bench --scale`.
fn bench_command(ctx: &mut Ctx<'_>, command: Command) -> Result<ExitCode> {
    let Command::Bench {
        paths,
        size_mb,
        scale,
        transcripts,
        exe,
        format,
    } = command
    else {
        bail!("bench_command is called with `bench` only")
    };
    match scale {
        true => bench_scale(ctx, &paths, transcripts, exe, format),
        false => bench(ctx, &paths, size_mb, format),
    }
}

fn bench_scale(
    ctx: &mut Ctx<'_>,
    paths: &[PathBuf],
    transcripts: usize,
    exe: Option<PathBuf>,
    format: ReportFormat,
) -> Result<ExitCode> {
    let exe = match exe {
        Some(exe) => exe,
        None => std::env::current_exe().context("cannot find the claimdex binary")?,
    };
    let work = std::env::temp_dir().join(format!("claimdex-scale-{}", std::process::id()));
    let quiet = !std::io::stderr().is_terminal();
    let result = claimdex::bench::scale::run(&exe, paths, transcripts, &work, |step| {
        if !quiet {
            eprintln!("bench --scale: {step}…");
        }
    });
    let _ = std::fs::remove_dir_all(&work);
    let report = result?;
    match format {
        ReportFormat::Json => export::write_json(ctx.out, &report)?,
        ReportFormat::Text => text::scale_bench(ctx.out, &report)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn verify(ctx: &mut Ctx<'_>, format: ReportFormat) -> Result<ExitCode> {
    let (_, store) = open_records(ctx)?;
    let v = store.verify()?;
    match format {
        ReportFormat::Json => export::write_json(ctx.out, &v)?,
        ReportFormat::Text => text::verification(ctx.out, store.dir(), &v)?,
    }
    if v.is_ok() {
        return Ok(ExitCode::SUCCESS);
    }
    ctx.out.flush()?;
    bail!("{}", claimdex::store::verify::REINDEX_HINT)
}

fn export_command(
    ctx: &mut Ctx<'_>,
    format: ExportFormat,
    dir: Option<PathBuf>,
) -> Result<ExitCode> {
    let (pipeline, store) = open(ctx)?;
    let tokenizer = pipeline.tokenizer();
    // One dataset decoded, written and dropped at a time: memory stays bounded by the
    // largest transcript, whatever the size of the store.
    let write = |w: &mut dyn Write| -> claimdex::Result<()> {
        match format {
            ExportFormat::Jsonl => {
                let mut jsonl = export::JsonlExport::default();
                store.for_each_dataset(|d| jsonl.write(w, &d))
            }
            ExportFormat::Json => {
                let mut array = export::JsonArray::default();
                store.for_each_dataset(|d| array.item(w, &d))?;
                array.finish(w)
            }
            ExportFormat::Quickwit => store.for_each_dataset(|d| {
                export::quickwit::write_ndjson(w, std::slice::from_ref(&d), &tokenizer)
            }),
        }
    };
    let Some(dir) = dir else {
        write(ctx.out)?;
        return Ok(ExitCode::SUCCESS);
    };
    // `--out all.jsonl`: the file itself, not a folder of that name.
    let ext = dir
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let names_a_file = match format {
        ExportFormat::Jsonl => ext.as_deref() == Some("jsonl"),
        ExportFormat::Json => ext.as_deref() == Some("json"),
        ExportFormat::Quickwit => false,
    };
    if names_a_file && !dir.is_dir() {
        let path = write_file(&dir, write)?;
        writeln!(ctx.out, "wrote {}", path.display())?;
        return Ok(ExitCode::SUCCESS);
    }
    if dir.is_file() {
        bail!(
            "{}: is a file; --out takes a directory (or a .jsonl/.json file for those formats)",
            dir.display()
        );
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let written = match format {
        ExportFormat::Jsonl => vec![write_file(&dir.join("claimdex.jsonl"), write)?],
        ExportFormat::Json => vec![write_file(&dir.join("claimdex.json"), write)?],
        ExportFormat::Quickwit => {
            let mut batches = export::quickwit::Batches::new(&dir, export::quickwit::BATCH_BYTES);
            store.for_each_dataset(|d| batches.add(&d, &tokenizer))?;
            let mut files = batches.finish()?;
            files.push(write_file(&dir.join("claimdex-index.yaml"), |w| {
                w.write_all(export::quickwit::INDEX_CONFIG.as_bytes())
                    .map_err(|e| claimdex::Error::io("claimdex-index.yaml", e))
            })?);
            files
        }
    };
    for path in written {
        writeln!(ctx.out, "wrote {}", path.display())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Before CSV: the byte-order mark, when `--bom` asks for it.
fn csv_start(ctx: &mut Ctx<'_>) -> Result<()> {
    if ctx.bom {
        ctx.out.write_all("\u{FEFF}".as_bytes())?;
    }
    Ok(())
}

/// The gazetteer (to resolve the names a user types) and the existing store, read-only,
/// for the commands that read records without analysing text: no tokenizer and no name
/// automata are built, which is most of what a small listing costs.
fn open_records(ctx: &Ctx<'_>) -> Result<(Gazetteer, Store)> {
    let gazetteer = Gazetteer::for_lookup(&ctx.dictionaries.gazetteer()?)?;
    let store = Store::open_to_read_records(&ctx.store)?;
    Ok((gazetteer, store))
}

/// The pipeline and the existing store that read commands work with, read-only: no lock,
/// no write.
fn open(ctx: &Ctx<'_>) -> Result<(Pipeline, Store)> {
    let pipeline = Pipeline::new(&ctx.dictionaries)?;
    let store = Store::open_read_only(&ctx.store, pipeline.tokenizer())?;
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
) -> Result<PathBuf> {
    let tmp = path.with_extension("partial");
    let file = std::fs::File::create(&tmp).with_context(|| format!("{}", tmp.display()))?;
    let mut w = BufWriter::new(file);
    write(&mut w)?;
    w.flush().with_context(|| format!("{}", tmp.display()))?;
    drop(w);
    std::fs::rename(&tmp, path).with_context(|| format!("{}", path.display()))?;
    Ok(path.to_path_buf())
}

/// The error for a name neither the gazetteer nor the store knows: the nearest known
/// names, and where to look.
fn unknown_name(gazetteer: &Gazetteer, store: &Store, flag: &str, name: &str) -> anyhow::Error {
    let known = names::known_names(gazetteer, store).unwrap_or_default();
    let near = names::nearest(name, &known, 5);
    let hint = if near.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", quoted_list(&near, " or "))
    };
    anyhow::anyhow!(
        "{flag} {name:?}: nobody by that name in the gazetteer or the store{hint} (`claimdex entities` lists the names in the store; add your own with --dictionaries)"
    )
}

/// `"a", "b" or "c"`.
fn quoted_list(items: &[String], last: &str) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    match quoted.split_last() {
        Some((tail, [])) => tail.clone(),
        Some((tail, head)) => format!("{}{last}{tail}", head.join(", ")),
        None => String::new(),
    }
}

/// `--speaker NAME` as the speaker labels it means ([`names::speaker_labels`]).
fn speakers(gazetteer: &Gazetteer, store: &Store, name: Option<&str>) -> Result<Vec<String>> {
    let Some(name) = name else {
        return Ok(Vec::new());
    };
    let labels = names::speaker_labels(gazetteer, store, name)?;
    if labels.is_empty() {
        let known = store.speaker_labels()?;
        let near = names::nearest(name, &known, 5);
        let hint = match (near.is_empty(), known.is_empty()) {
            (false, _) => format!("; did you mean {}?", quoted_list(&near, " or ")),
            (true, true) => "; no transcript in the store has speaker labels".to_string(),
            (true, false) => format!("; speakers: {}", quoted_list(&known, " and ")),
        };
        bail!("--speaker {name:?}: nobody speaks under that name in the store{hint}");
    }
    Ok(labels)
}

/// `--currency ISO`, upper-cased: a code the store's figures use, or any three-letter
/// code (a finding when nothing is in it); anything else is an error listing the store's.
fn currency(store: &Store, code: Option<String>) -> Result<Option<String>> {
    let Some(code) = code else { return Ok(None) };
    let upper = code.trim().to_ascii_uppercase();
    if upper.len() == 3 && upper.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Ok(Some(upper));
    }
    let known = store.currencies()?;
    bail!(
        "--currency {code:?} is not an ISO 4217 code; the store's figures are in {}",
        quoted_list(&known, " and ")
    )
}

/// `--company NAME` as an entity id ([`names::entity_id`]).
fn entity(gazetteer: &Gazetteer, store: &Store, name: Option<&str>) -> Result<Option<String>> {
    let Some(name) = name else { return Ok(None) };
    match names::entity_id(gazetteer, store, name)? {
        Some(id) => Ok(Some(id)),
        None => Err(unknown_name(gazetteer, store, "--company", name)),
    }
}

/// `--by NAME` as a holder ([`names::holder`]), the same for `search` and `claims`.
fn holder(gazetteer: &Gazetteer, store: &Store, name: Option<&str>) -> Result<Option<Holder>> {
    let Some(name) = name else { return Ok(None) };
    match names::holder(gazetteer, store, name)? {
        Some(h) => Ok(Some(h)),
        None => Err(unknown_name(gazetteer, store, "--by", name)),
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
