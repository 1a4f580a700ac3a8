//! Command-line arguments (clap derive). Validated into library calls in `commands.rs`;
//! library code never sees these types.

use std::path::PathBuf;

use claimdex::query::filters::parse_value;
use claimdex::source::InputFormat;
use clap::{Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Examples:
  claimdex index corpus/                       index every transcript under corpus/ (txt, md, srt, vtt, json)
  claimdex search 資金 --company Oracle         claims and sentences about Oracle mentioning 資金
  claimdex figures --format csv > figures.csv  every amount, with value, currency and sentence
  claimdex show <ID>                           any id from any output, with its linked records
  claimdex extract FILE --format json          run the pipeline on one file, store nothing
  claimdex extract - < episode.srt             the same, reading standard input

The store is ./claimdex-store unless --store or CLAIMDEX_STORE says otherwise.";

/// Turn interview and podcast transcripts (Japanese first) into a searchable record of who
/// claimed what, about which company, with which figures.
#[derive(Debug, Parser)]
#[command(name = "claimdex", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// The store directory.
    #[arg(
        long,
        global = true,
        env = "CLAIMDEX_STORE",
        default_value = "claimdex-store"
    )]
    pub store: PathBuf,

    /// A directory of dictionary files that extend or replace the built-in ones
    /// (entities.toml is merged, your entries win; other files, organisations.toml too,
    /// replace the built-in file).
    #[arg(long, global = true, value_name = "DIR")]
    pub dictionaries: Option<PathBuf>,

    /// Start CSV output with a UTF-8 byte-order mark, so spreadsheet programs read the
    /// Japanese text right.
    #[arg(long, global = true)]
    pub bom: bool,

    /// When to colour output: auto (on a terminal), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Output formats of the commands that print records (`extract`, `claims`, `figures`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// One JSON document.
    Json,
    /// JSON Lines: one record per line, tagged with its type and the schema version.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

/// Output formats of `search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SearchFormat {
    /// Human-readable text.
    Text,
    /// One JSON document.
    Json,
    /// JSON Lines: one hit per line, tagged with its type and the schema version.
    Jsonl,
    /// CSV with a header row, one hit per row in rank order.
    Csv,
}

/// Output formats of the commands that print one report or view (`index`, `show`,
/// `entities`, `bench`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Human-readable text.
    Text,
    /// One JSON document.
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the pipeline on one transcript and print its dataset; stores nothing.
    Extract {
        /// The transcript file, or - for standard input. Formats: plain text, Markdown,
        /// SRT, WebVTT (also YouTube rolling captions), Whisper JSON, Podcasting 2.0 JSON,
        /// text with timestamps at line starts; detected from the extension and content.
        file: PathBuf,
        /// text, json (the documented dataset object), jsonl or csv (its figures).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Show which rule or cue produced each figure and claim.
        #[arg(long)]
        explain: bool,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Add or update transcripts (files or folders) in the store.
    ///
    /// Folders are searched for .txt, .md, .markdown, .srt, .vtt and transcript .json files
    /// (Whisper, Podcasting 2.0; told by their first 64 KB); files given by name are read
    /// whatever their extension. Re-indexing unchanged content changes nothing; a file whose content
    /// changed replaces its old records.
    Index {
        /// Transcript files or folders; - reads one transcript from standard input (with
        /// --title, which names it in the store).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// text, or json (the report).
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Print no progress bar and no warnings (errors and the report still print).
        #[arg(long, short)]
        quiet: bool,
        /// Analyse every file again, even content already analysed with the rules in force
        /// (content analysed with other rules, another claimdex or other --title/--date is
        /// analysed again anyway).
        #[arg(long)]
        reanalyze: bool,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Remove transcripts from the store, by transcript id or by source path as indexed.
    Remove {
        /// Transcript ids (t…) or source paths.
        #[arg(required = true)]
        keys: Vec<String>,
    },
    /// Search claims and sentences, ranked, each hit linked to its records.
    Search(SearchArgs),
    /// List claims about (or made by) an entity.
    Claims {
        /// Only claims about this entity.
        #[arg(long, value_name = "NAME")]
        company: Option<String>,
        /// Only claims held by this person or organisation (or speaker name).
        #[arg(long, value_name = "NAME")]
        by: Option<String>,
        /// Only claims of this kind (any case).
        #[arg(long, value_enum, ignore_case = true)]
        kind: Option<ClaimKindArg>,
        /// Only claims of this polarity (any case).
        #[arg(long, value_enum, ignore_case = true)]
        polarity: Option<PolarityArg>,
        /// text, json, jsonl or csv.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Export figures: every amount with its value, currency, qualifiers and company.
    Figures(FigureArgs),
    /// The arithmetic the speakers did, redone: does each calculation hold?
    ///
    /// Relations stated between figures (rate conversions, unit price × quantity, sums and
    /// differences, ratios, percentage changes, comparisons) are found at index time and
    /// checked on intervals, at the precision each figure is written with: `holds`, `off`
    /// (with the computed value and the deviation), or `cannot_check` (an operand is
    /// missing). Across transcripts, one company's one metric stated with values that
    /// cannot both be true is a `conflict`.
    Check {
        /// Only checks about this entity.
        #[arg(long, value_name = "NAME")]
        company: Option<String>,
        /// Only checks with this verdict.
        #[arg(long, value_enum)]
        verdict: Option<VerdictArg>,
        /// Show the rule, cue words, figure and sentence ids of each check.
        #[arg(long)]
        explain: bool,
        /// text, json, jsonl or csv.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Money flows: who pays whom, how much, on what terms, one edge per deal.
    ///
    /// Flows are found at index time in sentences such as 「NvidiaはIntelに50億ドルを投資」
    /// (payer, payee, amount, kind, status); the same deal stated in several places (same
    /// payer, payee, kind, amounts within 10%) is one edge with several sources. `json` is
    /// shaped like FollowTheMoney `Payment` entities; `dot` and `graphml` load in Graphviz
    /// and graph libraries; `svg` draws the graph.
    Flows {
        /// Only flows this entity pays or receives.
        #[arg(long, value_name = "NAME")]
        company: Option<String>,
        /// Only flows with this status (repeatable).
        #[arg(long, value_enum)]
        status: Vec<StatusArg>,
        /// text, json, jsonl, csv, dot, graphml or svg.
        #[arg(long, value_enum, default_value_t = FlowFormat::Text)]
        format: FlowFormat,
    },
    /// Show one record (any id from any output) with everything linked to it.
    Show {
        /// A transcript, sentence, figure, mention, claim, check or entity id.
        id: String,
        /// text or json.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// List the entities in the store with mention, claim and figure counts.
    Entities {
        /// List likely names that are not in the gazetteer yet.
        #[arg(long)]
        unknown: bool,
        /// text or json.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Measure indexing and search speed on a generated corpus (in a scratch directory).
    ///
    /// Copies the transcripts under PATH until the corpus reaches --size-mb, then reports
    /// bare lindera tokenization next to indexing throughput (one thread and all cores),
    /// tantivy alone on the word and bigram fields (the best ratio any pipeline could
    /// reach with this store), search latency p50/p99 over a fixed query set, and peak
    /// memory. Build with --release first: a debug build is many times slower.
    Bench {
        /// Transcripts to copy (files or folders).
        #[arg(default_value = "corpus")]
        paths: Vec<PathBuf>,
        /// Size of the generated corpus, in MB.
        #[arg(long, default_value_t = 10.0)]
        size_mb: f64,
        /// Instead: time `claims`, `figures`, `entities` and `export` on a store of
        /// generated transcripts (see --transcripts), each as a child process: the first
        /// three five times each, judged by their median against 0.5 s and 150 MB.
        #[arg(long)]
        scale: bool,
        /// With --scale: how many transcripts of about 31 KB to generate and index.
        #[arg(long, default_value_t = 3000, requires = "scale")]
        transcripts: usize,
        /// With --scale: the claimdex binary to time (default: this one), e.g. an older
        /// build to compare against.
        #[arg(long, value_name = "PATH", requires = "scale")]
        exe: Option<PathBuf>,
        /// text or json.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Check the store: every index file against its checksum, every transcript's
    /// documents against its dataset. Exit 1 with a hint when something is damaged.
    Verify {
        /// text or json.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Open the store as a web page on this machine: search, claims, figures, records.
    ///
    /// Listens on 127.0.0.1 (this machine only) unless --bind says otherwise; read-only on
    /// the store, and an `index` running at the same time shows up at each commit. Stop
    /// it with Ctrl-C.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
    /// Export the whole dataset.
    Export {
        /// jsonl: one record per line, tagged with its type and the schema version;
        /// json: an array of per-transcript datasets; quickwit: NDJSON documents for
        /// Quickwit (with --out, also its index config).
        #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
        format: ExportFormat,
        /// Write into this directory (claimdex.jsonl / .json, or claimdex.ndjson and
        /// claimdex-index.yaml for quickwit) instead of standard output; a path ending in
        /// .jsonl or .json (for those formats) is the file itself.
        #[arg(long, value_name = "DIR|FILE")]
        out: Option<PathBuf>,
    },
}

// The arguments of `figures` (a plain comment: the variant's doc is its help).
#[derive(Debug, clap::Args)]
pub struct FigureArgs {
    /// Only figures about this entity.
    #[arg(long, value_name = "NAME")]
    pub company: Option<String>,
    /// Only figures in this currency (ISO 4217: USD, JPY, …; any case).
    #[arg(long, value_name = "ISO")]
    pub currency: Option<String>,
    /// Only figures of this kind (any case).
    #[arg(long, value_enum, ignore_case = true)]
    pub kind: Option<FigureKindArg>,
    /// Only figures of at least this value (upper end for ranges), in whole units (1e9,
    /// 1000000000 or 10億).
    #[arg(long, value_name = "N", value_parser = parse_value)]
    pub min_value: Option<f64>,
    /// Only figures of at most this value (lower end for ranges), in whole units.
    #[arg(long, value_name = "N", value_parser = parse_value)]
    pub max_value: Option<f64>,
    /// text, csv, json or jsonl.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

// The arguments of `search` (a plain comment: the variant's doc is its help).
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Words to find; terms are ANDed, "quotes" make a phrase.
    pub query: String,
    /// Only records about this company or entity (any spelling: Oracle, オラクル, ORCL).
    #[arg(long, value_name = "NAME")]
    pub company: Option<String>,
    /// Only claims held by this person or organisation.
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Only this kind of record (repeatable): claim, sentence, figure.
    #[arg(long, value_enum)]
    pub kind: Vec<SearchKind>,
    /// Only records spoken by this speaker (any case, any spelling the gazetteer knows).
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,
    /// Only records of this transcript (its id, or its source path as indexed).
    #[arg(long, value_name = "ID")]
    pub transcript: Option<String>,
    /// Only figures in this currency (ISO 4217: USD, JPY, …).
    #[arg(long, value_name = "ISO")]
    pub currency: Option<String>,
    /// Only figures of at least this value, in whole units (1e9, 1000000000 or 10億).
    #[arg(long, value_name = "N", value_parser = parse_value)]
    pub min_value: Option<f64>,
    /// Only figures of at most this value, in whole units.
    #[arg(long, value_name = "N", value_parser = parse_value)]
    pub max_value: Option<f64>,
    /// At most this many hits (1 or more; a huge limit is bounded by the records there are).
    #[arg(long, default_value_t = 10, value_parser = parse_limit)]
    pub limit: usize,
    /// text, json, jsonl or csv.
    #[arg(long, value_enum, default_value_t = SearchFormat::Text)]
    pub format: SearchFormat,
    /// Print the Quickwit query that finds the same records in an index made from
    /// `export --format quickwit` (claimdex's own words, company names as entity ids), and
    /// search nothing here.
    #[arg(long)]
    pub quickwit_query: bool,
}

/// Claim kinds (`claims --kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClaimKindArg {
    /// Stated as fact.
    Assertion,
    /// Marked as the speaker's view.
    Opinion,
    /// About the future.
    Prediction,
    /// Somebody else's words, reported.
    Reported,
    /// A question.
    Question,
    /// A denial.
    Denial,
}

impl ClaimKindArg {
    /// The name records use.
    pub fn name(self) -> &'static str {
        match self {
            ClaimKindArg::Assertion => "assertion",
            ClaimKindArg::Opinion => "opinion",
            ClaimKindArg::Prediction => "prediction",
            ClaimKindArg::Reported => "reported",
            ClaimKindArg::Question => "question",
            ClaimKindArg::Denial => "denial",
        }
    }
}

/// Claim polarities (`claims --polarity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolarityArg {
    /// Good news for the target.
    Positive,
    /// Bad news for the target.
    Negative,
    /// Both.
    Mixed,
}

impl PolarityArg {
    /// The name records use.
    pub fn name(self) -> &'static str {
        match self {
            PolarityArg::Positive => "positive",
            PolarityArg::Negative => "negative",
            PolarityArg::Mixed => "mixed",
        }
    }
}

/// Figure kinds (`figures --kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FigureKindArg {
    /// Amounts of money.
    Money,
    /// Percentages and percentage points.
    Percent,
    /// Electrical power (GW, MW, …).
    Power,
    /// Energy (GWh, …).
    Energy,
    /// Exchange-rate notes (1ドル＝156円).
    #[value(name = "exchange_rate", alias = "exchange-rate")]
    ExchangeRate,
}

impl FigureKindArg {
    /// The name records use.
    pub fn name(self) -> &'static str {
        match self {
            FigureKindArg::Money => "money",
            FigureKindArg::Percent => "percent",
            FigureKindArg::Power => "power",
            FigureKindArg::Energy => "energy",
            FigureKindArg::ExchangeRate => "exchange_rate",
        }
    }
}

// The arguments of `serve` (a plain comment: the variant's doc is its help).
#[cfg(feature = "serve")]
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The port (0 picks a free one; the address is printed).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The address to listen on. Anything but a loopback address lets other machines
    /// read the whole store: there is no authentication.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the page in the default browser once listening.
    #[arg(long)]
    pub open: bool,
}

/// Verdicts of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerdictArg {
    /// The calculation holds at the precision stated.
    Holds,
    /// It does not: the computed value differs.
    Off,
    /// A relation is stated but an operand is missing.
    #[value(name = "cannot_check")]
    CannotCheck,
    /// Two statements of one metric that cannot both be true.
    Conflict,
}

/// Output formats of `flows`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FlowFormat {
    /// Human-readable text.
    Text,
    /// One JSON document: FollowTheMoney `Payment` entities.
    Json,
    /// JSON Lines: one tagged `payment` per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
    /// Graphviz DOT.
    Dot,
    /// GraphML.
    Graphml,
    /// An SVG drawing of the graph.
    Svg,
}

/// Statuses of `flows`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    /// A party announced it.
    Announced,
    /// Signed or agreed.
    Agreed,
    /// A letter of intent.
    #[value(name = "letter_of_intent")]
    LetterOfIntent,
    /// A rumour.
    Rumoured,
    /// Reported by an outlet or hearsay.
    Reported,
    /// Disputed or denied.
    Doubted,
    /// Paid or closed.
    Completed,
    /// Intended.
    Planned,
}

/// How to read transcript files.
#[derive(Debug, clap::Args)]
pub struct ReadArgs {
    /// The input format instead of detecting it from the extension and content (any case;
    /// txt, md, webvtt, whisper, json, podcast, timestamped are accepted too).
    #[arg(long, value_name = "FORMAT", ignore_case = true, value_parser = input_formats())]
    pub input_format: Option<String>,
    /// The title of the transcript (default: the file name).
    #[arg(long)]
    pub title: Option<String>,
    /// The date of the episode, e.g. 2025-11-06.
    #[arg(long)]
    pub date: Option<String>,
}

/// `--limit N`: at least 1 (`--limit 0` printed "no hits", which reads as a finding).
fn parse_limit(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(format!("{e}")),
    }
}

/// The names `--input-format` takes: each format's name, shown in help, and its other
/// spellings, accepted but not listed.
fn input_formats() -> clap::builder::PossibleValuesParser {
    use clap::builder::PossibleValue;
    let shown = InputFormat::names().into_iter().map(PossibleValue::new);
    let hidden = InputFormat::aliases()
        .into_iter()
        .map(|a| PossibleValue::new(a).hide(true));
    clap::builder::PossibleValuesParser::new(shown.chain(hidden))
}

/// Formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One tagged record per line.
    Jsonl,
    /// An array of per-transcript datasets.
    Json,
    /// NDJSON documents for Quickwit, the distributed search engine built on tantivy.
    Quickwit,
}

/// Kinds of search hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SearchKind {
    /// Claims.
    Claim,
    /// Sentences.
    Sentence,
    /// Figures.
    Figure,
}
