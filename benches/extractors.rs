//! Times figure extraction alone on the corpus transcript (normalised, as the pipeline calls
//! it): `cargo bench --bench extractors`. Plain `std::time::Instant`, no framework.

use claimdex::figures::FigureExtractor;
use claimdex::normalize::NormalizedText;
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/ed-zitron-ai-market-collapse.ja.txt"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let norm = NormalizedText::new(&text);
    let x = FigureExtractor::builtin().unwrap_or_else(|e| panic!("{e}"));
    let figures = x.extract(norm.as_str()).len();
    for _ in 0..20 {
        black_box(x.extract(black_box(norm.as_str())));
    }
    let iterations = 500u32;
    let start = Instant::now();
    for _ in 0..iterations {
        black_box(x.extract(black_box(norm.as_str())));
    }
    let elapsed = start.elapsed();
    let per_run = elapsed.as_secs_f64() / f64::from(iterations);
    let mb = norm.as_str().len() as f64 / 1_000_000.0;
    println!(
        "extractors: {} bytes, {} figures, {iterations} runs: {:.1} µs per run, {:.2} MB/s",
        norm.as_str().len(),
        figures,
        per_run * 1e6,
        mb / per_run
    );
}
