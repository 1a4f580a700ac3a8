//! The search page of `claimdex serve`, timed over HTTP on the corpus store:
//! `cargo bench --bench serve`. Plain `std::time::Instant`, no framework.
//!
//! Indexes the corpus into a scratch store, starts the server on a free loopback port,
//! and asks for `/?q=…` (the HTML page: search, snippets, links, rendering) and
//! `/api/search?q=…` for every query of `claimdex bench` (`bench::QUERIES`, some with a
//! company filter), round after round, one request at a time on one kept-alive
//! connection. Reports p50, p99 and the slowest request per route; the goal is a search
//! page under 50 ms.

use std::time::{Duration, Instant};

use claimdex::check::CheckRules;
use claimdex::serve::Server;
use claimdex::{Dictionaries, Pipeline, Store, bench, source};

const ROUNDS: usize = 30;

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() -> claimdex::Result<()> {
    let dictionaries = Dictionaries::builtin();
    let pipeline = Pipeline::new(&dictionaries)?;
    let dir = std::env::temp_dir().join(format!("claimdex-serve-bench-{}", std::process::id()));
    let store = Store::open_or_create(&dir, pipeline.tokenizer())?;
    let corpus = source::read_transcript("corpus/ed-zitron-ai-market-collapse.ja.txt".as_ref())?;
    let dataset = pipeline.run(&corpus)?;
    store.add(&[dataset])?;
    drop(store);
    let store = Store::open(&dir, pipeline.tokenizer())?;
    let rules = CheckRules::from_dictionaries(&dictionaries)?;
    let server = Server::bind(store, pipeline, rules, "127.0.0.1:0".parse().expect("addr"))?;
    let addr = server.local_addr()?;
    std::thread::spawn(move || server.run());

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    for (route, label) in [
        ("/", "search page (HTML)"),
        ("/api/search", "search API (JSON)"),
    ] {
        let urls: Vec<String> = bench::QUERIES
            .iter()
            .map(|(q, company)| {
                let mut url = format!("http://{addr}{route}?q={}", encode(q));
                if let Some(c) = company {
                    url.push_str(&format!("&company={}", encode(c)));
                }
                url
            })
            .collect();
        let mut times = Vec::with_capacity(ROUNDS * urls.len());
        for round in 0..=ROUNDS {
            for url in &urls {
                let start = Instant::now();
                let mut response = agent.get(url).call().expect("the server answers");
                let body = response.body_mut().read_to_vec().expect("a body");
                let elapsed = start.elapsed();
                assert_eq!(response.status().as_u16(), 200, "{url}");
                assert!(!body.is_empty());
                // Round 0 warms the caches (the store's datasets are decoded once).
                if round > 0 {
                    times.push(elapsed);
                }
            }
        }
        times.sort();
        println!(
            "{label:<22} {} requests  p50 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms",
            times.len(),
            percentile(&times, 0.50).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3,
            times.last().map_or(0.0, |t| t.as_secs_f64() * 1e3),
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
