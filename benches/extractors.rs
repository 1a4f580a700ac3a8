//! Times the extractors alone on the corpus transcript, as the pipeline calls them, and the
//! whole pipeline: `cargo bench --bench extractors`. Plain `std::time::Instant`, no framework.
//!
//! - figures: `FigureExtractor::extract` on the normalised text;
//! - entities: the gazetteer's one-pass Aho-Corasick matcher, next to the obvious
//!   alternative it replaces (one substring search per alias, over the whole text);
//! - tokenize: lindera with bare IPADIC, and with the gazetteer's user dictionary;
//! - pipeline: `Pipeline::run` end to end (normalise, segment, tokenize, extract, link).

use std::hint::black_box;
use std::time::Instant;

use claimdex::extract::entities::Gazetteer;
use claimdex::extract::figures::FigureExtractor;
use claimdex::normalize::NormalizedText;
use claimdex::rules::Dictionaries;
use claimdex::source::SourceText;
use claimdex::tokenize::JapaneseTokenizer;
use claimdex::{Pipeline, Result};

/// Run `f` `iterations` times after a warm-up and return seconds per run.
fn time<T>(iterations: u32, mut f: impl FnMut() -> T) -> f64 {
    for _ in 0..iterations.div_ceil(10) {
        black_box(f());
    }
    let start = Instant::now();
    for _ in 0..iterations {
        black_box(f());
    }
    start.elapsed().as_secs_f64() / f64::from(iterations)
}

fn report(name: &str, bytes: usize, per_run: f64, what: &str) {
    println!(
        "{name:<28} {:>10.1} µs per run  {:>8.2} MB/s  ({what})",
        per_run * 1e6,
        bytes as f64 / 1e6 / per_run
    );
}

fn main() -> Result<()> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/ed-zitron-ai-market-collapse.ja.txt"
    );
    let text = std::fs::read_to_string(path).map_err(|e| claimdex::Error::io(path, e))?;
    let norm = NormalizedText::new(&text);
    let ntext = norm.as_str();
    let bytes = ntext.len();
    println!("corpus: {path} ({bytes} bytes)");

    let figures = FigureExtractor::builtin()?;
    let n = figures.extract(ntext).len();
    report(
        "figures",
        bytes,
        time(500, || figures.extract(ntext)),
        &format!("{n} figures"),
    );

    let gazetteer = Gazetteer::from_texts(&Dictionaries::builtin().gazetteer()?)?;
    let n = gazetteer.find(ntext).len();
    report(
        "entities (aho-corasick)",
        bytes,
        time(500, || gazetteer.find(ntext)),
        &format!("{n} mentions, {} entities", gazetteer.len()),
    );
    // The baseline: search the text once per alias.
    let aliases: Vec<&str> = gazetteer
        .entities()
        .iter()
        .flat_map(|d| d.aliases.iter().chain(&d.misspellings).map(String::as_str))
        .collect();
    let naive = || {
        aliases
            .iter()
            .map(|a| ntext.match_indices(a).count())
            .sum::<usize>()
    };
    report(
        "entities (loop per alias)",
        bytes,
        time(50, naive),
        &format!("{} aliases, one search each", aliases.len()),
    );

    let bare = JapaneseTokenizer::new(None)?;
    report(
        "lindera segment (bare)",
        bytes,
        time(20, || bare.segment_count(ntext)),
        "lindera alone: the floor cost",
    );
    report(
        "tokenize (bare IPADIC)",
        bytes,
        time(20, || bare.tokenize(ntext)),
        "with parts of speech and char offsets",
    );
    let with_names = JapaneseTokenizer::new(Some(&gazetteer.user_dictionary_csv()))?;
    report(
        "tokenize (+ gazetteer names)",
        bytes,
        time(20, || with_names.tokenize(ntext)),
        "as the pipeline tokenizes",
    );

    let pipeline = Pipeline::new(&Dictionaries::builtin())?;
    let source = SourceText::from_string(path, text.clone());
    report(
        "pipeline (whole transcript)",
        bytes,
        time(20, || pipeline.run(&source)),
        "normalise, segment, tokenize, extract, link",
    );
    Ok(())
}
