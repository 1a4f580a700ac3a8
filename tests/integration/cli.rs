//! The command line as a user runs it: assert_cmd on the real binary.

use assert_cmd::Command;
use predicates::prelude::*;

use super::corpus_path;

fn claimdex(store: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("claimdex").unwrap();
    cmd.env("CLAIMDEX_STORE", store).env("NO_COLOR", "1");
    cmd
}

/// A temporary store with the corpus indexed.
fn indexed() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus_path();
    claimdex(&dir.path().join("store"))
        .arg("index")
        .arg(corpus.parent().unwrap())
        .assert()
        .success()
        .stdout(predicate::str::contains("1 added"))
        .stdout(predicate::str::is_match(r"sentences\s+\d{3}").unwrap())
        .stdout(predicate::str::is_match(r"figures\s+\d+").unwrap())
        .stdout(predicate::str::is_match(r"entities\s+\d+").unwrap())
        .stdout(predicate::str::is_match(r"claims\s+\d+").unwrap());
    dir
}

#[test]
fn index_search_show_round_trip() {
    let dir = indexed();
    let store = dir.path().join("store");
    let out = claimdex(&store)
        .args(["search", "資金", "--company", "Oracle", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["query"], "資金");
    let hit = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| {
            h["text"]
                .as_str()
                .unwrap()
                .contains("Oracleは資金が枯渇しつつあり")
        })
        .expect("the Oracle sentence is a hit");
    let sentence_id = hit["sentence_id"].as_str().unwrap();
    for key in [
        "id",
        "kind",
        "score",
        "snippet",
        "transcript_id",
        "figures",
        "entities",
        "claims",
    ] {
        assert!(hit.get(key).is_some(), "hit lacks {key}");
    }

    // The text output shows the same hit with its ids.
    claimdex(&store)
        .args(["search", "資金", "--company", "Oracle"])
        .assert()
        .success()
        .stdout(predicate::str::contains(sentence_id));

    // `show` follows the links of the sentence.
    claimdex(&store)
        .args(["show", sentence_id])
        .assert()
        .success()
        .stdout(predicate::str::contains("Oracleは資金が枯渇しつつあり"))
        .stdout(predicate::str::contains("数十億ドル"))
        .stdout(predicate::str::contains("oracle"))
        .stdout(predicate::str::contains("claims"));

    // And an entity id shows its claims across transcripts.
    claimdex(&store)
        .args(["show", "oracle"])
        .assert()
        .success()
        .stdout(predicate::str::contains("claims about"));
}

#[test]
fn figures_export_in_every_format() {
    let dir = indexed();
    let store = dir.path().join("store");
    let csv = claimdex(&store)
        .args(["figures", "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let csv = String::from_utf8(csv).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with(
            "id,transcript_id,sentence_id,start,end,text,kind,value,value_max,currency"
        )
    );
    let row = csv
        .lines()
        .find(|l| l.contains(",1.4兆ドル,"))
        .expect("1.4兆ドル row");
    assert!(row.contains(",1400000000000,"), "{row}");
    assert!(row.contains(",USD,"), "{row}");
    assert!(lines.count() >= 49);

    let jsonl = claimdex(&store)
        .args(["figures", "--format", "jsonl"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8(jsonl).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(first["record"], "figure");
    assert_eq!(first["schema"], "claimdex/1");

    let json = claimdex(&store)
        .args(["figures", "--format", "json", "--currency", "GBP"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let figures = json["figures"].as_array().unwrap();
    assert_eq!(figures.len(), 1, "only 10ポンド is in pounds");
    assert_eq!(figures[0]["value"], 10);
}

#[test]
fn extract_prints_the_dataset_object() {
    let out = Command::cargo_bin("claimdex")
        .unwrap()
        .args(["extract", "--format", "json"])
        .arg(corpus_path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["schema"], "claimdex/1");
    assert!(json["sentences"].as_array().unwrap().len() > 100);
    assert_eq!(json["transcript"]["chars"], 11640);
}

#[test]
fn export_tags_every_record() {
    let dir = indexed();
    let out = claimdex(&dir.path().join("store"))
        .args(["export", "--format", "jsonl"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let mut types = std::collections::BTreeSet::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["schema"], "claimdex/1");
        types.insert(v["record"].as_str().unwrap().to_string());
    }
    let expected = [
        "claim",
        "entity",
        "figure",
        "mention",
        "sentence",
        "transcript",
    ];
    assert_eq!(types.into_iter().collect::<Vec<_>>(), expected);
}

/// One line on stderr naming the path, a non-zero exit, and never a panic.
fn fails_naming(cmd: &mut Command, path: &str) {
    let assert = cmd.assert().failure();
    let out = assert.get_output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(path),
        "stderr does not name {path}: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
}

#[test]
fn errors_name_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");

    let missing = dir.path().join("no-such-episode.txt");
    fails_naming(
        claimdex(&store).arg("index").arg(&missing),
        "no-such-episode.txt",
    );

    let empty = dir.path().join("empty-folder");
    std::fs::create_dir(&empty).unwrap();
    fails_naming(claimdex(&store).arg("index").arg(&empty), "empty-folder");

    let not_a_store = dir.path().join("not-a-store");
    std::fs::create_dir(&not_a_store).unwrap();
    std::fs::write(not_a_store.join("notes.txt"), "hello").unwrap();
    fails_naming(
        claimdex(&not_a_store).args(["search", "資金"]),
        "not-a-store",
    );

    let damaged = dir.path().join("damaged");
    std::fs::create_dir(&damaged).unwrap();
    std::fs::write(damaged.join("claimdex-store.json"), "{not json").unwrap();
    fails_naming(claimdex(&damaged).args(["figures"]), "damaged");

    fails_naming(
        claimdex(&dir.path().join("nowhere")).args(["claims"]),
        "nowhere",
    );

    let bad = dir.path().join("latin1.txt");
    std::fs::write(&bad, b"caf\xe9 1000\xe5").unwrap();
    fails_naming(
        Command::cargo_bin("claimdex")
            .unwrap()
            .arg("extract")
            .arg(&bad),
        "latin1.txt",
    );
}

#[test]
fn help_teaches_the_commands() {
    Command::cargo_bin("claimdex")
        .unwrap()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("search"))
        .stdout(predicate::str::contains("figures --format csv"));
}
