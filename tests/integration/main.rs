//! Integration tests: one binary (linking lindera's dictionary once), a module per area.

mod cli;
mod entities;
mod pipeline;
mod store;

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
