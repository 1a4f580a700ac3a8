//! The tests: one binary (linking lindera's dictionary once), a module per area, one
//! fixture harness (`fixtures.rs`) and one pipeline built once for all of them.
//!
//! - `pipeline`: spans, ids, the corpus snapshot, property tests of the whole pipeline;
//! - `figures`, `claims`, `entities`, `checks`: each extractor from its fixture files and the
//!   gold;
//! - `conformance`: the Recognizers-Text cases with their pass rates;
//! - `transcripts`: whole annotated transcripts, claims and entities scored like the devset;
//! - `flows`: money flows from their fixtures and the corpus, and the graph outputs;
//! - `formats`: every input format against the plain text;
//! - `store`, `cli`: the index and the command line, as a user runs it;
//! - `quickwit`: the export against the shipped Quickwit index config;
//! - `serve`: `claimdex serve` over HTTP, every route, escaping, 400s, the CLI's bytes.

mod checks;
mod claims;
mod cli;
mod conformance;
mod entities;
mod figures;
mod fixtures;
mod flows;
mod formats;
mod issue20;
mod pipeline;
mod quickwit;
mod scale;
#[cfg(feature = "serve")]
mod serve;
mod store;
mod transcripts;

// The Recognizers-Text number and number-range finders: test-side code the conformance
// cases and the figure property tests share (the product has no bare-number finder).
#[path = "../conformance/numbers.rs"]
mod numbers;
#[path = "../conformance/ranges.rs"]
mod ranges;

use std::path::PathBuf;
use std::sync::OnceLock;

use claimdex::{Dataset, Dictionaries, Pipeline, source};

/// The corpus transcript shipped in the repository.
pub fn corpus_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/ed-zitron-ai-market-collapse.ja.txt")
}

/// The pipeline with built-in dictionaries, built once for all tests.
pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(&Dictionaries::builtin()).expect("built-in dictionaries load"))
}

/// The corpus transcript run through the pipeline, once.
pub fn corpus_dataset() -> &'static Dataset {
    static D: OnceLock<Dataset> = OnceLock::new();
    D.get_or_init(|| {
        let source = source::read_transcript(&corpus_path()).expect("corpus readable");
        pipeline()
            .run(&source)
            .expect("pipeline runs on the corpus")
    })
}
