//! The Quickwit export against the shipped index config, without Quickwit: every field a
//! document carries is declared with the type its value has, every declared fast field is
//! present, and `words` holds exactly the terms the embedded store indexes for the record.

use std::collections::{BTreeMap, BTreeSet};

use assert_cmd::Command;
use claimdex::export::quickwit::{self, INDEX_CONFIG};
use claimdex::source::SourceText;
use claimdex::store::analyzer;
use serde_json::Value;

use super::{corpus_path, pipeline};

/// A declared field: its type and whether it is fast.
#[derive(Debug)]
struct Declared {
    kind: String,
    fast: bool,
}

/// The field mappings of the config, read from its one-line flow mappings
/// (`- { name: id, type: text, …, fast: true }`).
fn declared() -> BTreeMap<String, Declared> {
    let mut out = BTreeMap::new();
    for line in INDEX_CONFIG.lines() {
        let Some(body) = line.trim().strip_prefix("- {") else {
            continue;
        };
        let get = |key: &str| {
            body.split(", ")
                .find_map(|kv| kv.trim().strip_prefix(&format!("{key}: ")))
                .map(|v| v.trim_end_matches(" }").trim_matches('"').to_string())
        };
        let name = get("name").expect("every mapping has a name");
        let kind = get("type").expect("every mapping has a type");
        let fast = get("fast").is_some_and(|v| v == "true");
        if kind == "ngram" {
            continue; // a tokenizer, not a field
        }
        out.insert(name, Declared { kind, fast });
    }
    assert!(out.len() > 10, "config field mappings not found");
    out
}

fn type_fits(kind: &str, v: &Value) -> bool {
    match kind {
        "text" => v.is_string(),
        "array<text>" => v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
        "f64" => v.is_number(),
        "datetime" => v
            .as_str()
            .is_some_and(|s| s.len() >= 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-'),
        other => panic!("a field type this test does not know: {other}"),
    }
}

#[test]
fn config_is_for_quickwit_0_9_with_shipped_tokenizers_only() {
    assert!(INDEX_CONFIG.contains("\nversion: 0.9\n"));
    assert!(INDEX_CONFIG.contains("mode: strict"));
    // Custom tokenizers must be of a type Quickwit builds (here: ngram).
    let custom: Vec<&str> = INDEX_CONFIG
        .lines()
        .filter(|l| l.contains("type: ngram"))
        .filter_map(|l| l.split("name: ").nth(1)?.split(',').next())
        .collect();
    assert_eq!(custom, ["bigram"]);
    for line in INDEX_CONFIG.lines().filter(|l| l.contains("tokenizer:")) {
        let t = line.split("tokenizer: ").nth(1).unwrap_or("");
        let t = t.split([',', ' ', '}']).next().unwrap_or("");
        assert!(
            ["raw", "default", "chinese_compatible"].contains(&t) || custom.contains(&t),
            "{t} is not a tokenizer Quickwit 0.9 ships: {line}"
        );
    }
}

/// The corpus (dated) and its WebVTT version (speakers, times): between them every field.
fn sources() -> Vec<SourceText> {
    let text = std::fs::read_to_string(corpus_path()).unwrap();
    let mut plain = SourceText::from_string(corpus_path(), text);
    plain.date = Some("2025-11-06".into());
    let vtt =
        claimdex::source::read_transcript(&super::fixtures::path("formats/zitron.ja.vtt")).unwrap();
    vec![plain, vtt]
}

#[test]
fn export_matches_the_config_and_the_store() {
    let declared = declared();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for source in sources() {
        check_source(&source, &declared, &mut seen);
    }
    for (name, decl) in &declared {
        if decl.fast && name != "date_text" {
            assert!(seen.contains(name), "fast field {name} is in no document");
        }
    }
}

fn check_source(
    source: &SourceText,
    declared: &BTreeMap<String, Declared>,
    seen: &mut BTreeSet<String>,
) {
    let analysis = pipeline().analyze(source).unwrap();
    let d = &analysis.dataset;
    let tokenizer = pipeline().tokenizer();
    let docs = quickwit::documents(d, &tokenizer);
    assert_eq!(
        docs.len(),
        d.sentences.len() + d.claims.len() + d.figures.len()
    );
    for doc in &docs {
        let v = serde_json::to_value(doc).unwrap();
        for (key, value) in v.as_object().unwrap() {
            let decl = declared
                .get(key)
                .unwrap_or_else(|| panic!("{key} is not declared in the config"));
            assert!(
                type_fits(&decl.kind, value),
                "{key}: {value} is not a {}",
                decl.kind
            );
            seen.insert(key.clone());
        }
    }
    // `words` is what the store's `text` field indexes: the pipeline's tokens of the
    // sentence, as the store hands them to its analyzer.
    for (i, s) in d.sentences.iter().enumerate() {
        let store_terms = analyzer::pretokenized(&analysis.sentence_tokens[i]);
        let store_terms: Vec<&str> = store_terms
            .trim_start_matches(analyzer::PRETOKENIZED)
            .split('\u{1F}')
            .filter(|t| !t.is_empty())
            .collect();
        let doc = docs.iter().find(|q| q.id == s.id).unwrap();
        assert_eq!(doc.words, store_terms.join(" "), "sentence {}", s.text);
    }
}

#[test]
fn export_out_writes_bounded_batches_and_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let run = |args: &[&str]| {
        let mut cmd = Command::cargo_bin("claimdex").unwrap();
        cmd.env("CLAIMDEX_STORE", &store).args(args);
        cmd.assert().success();
    };
    run(&["index", corpus_path().to_str().unwrap()]);
    let out = dir.path().join("qw");
    run(&[
        "export",
        "--format",
        "quickwit",
        "--out",
        out.to_str().unwrap(),
    ]);
    let config = std::fs::read_to_string(out.join("claimdex-index.yaml")).unwrap();
    assert_eq!(config, INDEX_CONFIG);
    let batch = std::fs::read_to_string(out.join("claimdex-0001.ndjson")).unwrap();
    assert!(batch.len() <= quickwit::BATCH_BYTES);
    let records: BTreeSet<String> = batch
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["record"].to_string())
        .collect();
    assert_eq!(
        records.len(),
        3,
        "sentences, claims and figures: {records:?}"
    );
}

#[test]
fn search_prints_the_quickwit_query_it_would_run() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut index = Command::cargo_bin("claimdex").unwrap();
    index
        .env("CLAIMDEX_STORE", &store)
        .arg("index")
        .arg(corpus_path());
    index.assert().success();
    let mut search = Command::cargo_bin("claimdex").unwrap();
    search.env("CLAIMDEX_STORE", &store).args([
        "search",
        "基本的な計算 \"資金\"",
        "--company",
        "オラクル",
        "--min-value",
        "1e9",
        "--quickwit-query",
    ]);
    let out = search.assert().success().get_output().stdout.clone();
    assert_eq!(
        String::from_utf8(out).unwrap().trim_end(),
        "(words:\"基本 的 な 計算\" OR text_ngram:\"基本的な計算\") \
         AND (words:\"資金\" OR text_ngram:\"資金\") AND (record:figure) \
         AND entities:\"oracle\" AND value_max:>=1000000000"
    );
}
