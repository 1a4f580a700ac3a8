//! The command line as a user runs it: assert_cmd on the real binary.

use assert_cmd::Command;
use predicates::prelude::*;

use super::corpus_path;

fn claimdex(store: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("claimdex").unwrap();
    cmd.env("CLAIMDEX_STORE", store).env("NO_COLOR", "1");
    cmd
}

/// Run a command that must succeed; its standard output.
fn stdout_of(cmd: &mut Command) -> Vec<u8> {
    cmd.assert().success().get_output().stdout.clone()
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
    let out = stdout_of(claimdex(&store).args([
        "search",
        "資金",
        "--company",
        "Oracle",
        "--format",
        "json",
    ]));
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

    // Any spelling of the company gives the same hits.
    let hits = |company: &str| {
        let out = stdout_of(claimdex(&store).args([
            "search",
            "資金",
            "--company",
            company,
            "--format",
            "json",
        ]));
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        json["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(hits("オラクル"), hits("Oracle"));
    assert_eq!(hits("ORCL"), hits("oracle"));

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
fn entities_lists_counts_and_unknown_names() {
    let dir = indexed();
    let store = dir.path().join("store");
    claimdex(&store)
        .arg("entities")
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"OpenAI\s+company\s+4\d\s+\d+\s+\d+\s+openai").unwrap());
    claimdex(&store)
        .args(["entities", "--unknown"])
        .assert()
        .success()
        .stdout(predicate::str::contains("name = \"Dario\""));
    // A discovered name can be searched for like a known one.
    claimdex(&store)
        .args(["search", "アナリスト", "--company", "Dario"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Dario"));
}

#[test]
fn figures_export_in_every_format() {
    let dir = indexed();
    let store = dir.path().join("store");
    let csv = stdout_of(claimdex(&store).args(["figures", "--format", "csv"]));
    let csv = String::from_utf8(csv).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with(
            "id,transcript_id,sentence_id,source,title,date,speaker,time_start,time_end,start,end,text,kind,value,value_max,currency"
        )
    );
    let row = csv
        .lines()
        .find(|l| l.contains(",1.4兆ドル,"))
        .expect("1.4兆ドル row");
    assert!(row.contains(",1400000000000,"), "{row}");
    assert!(row.contains(",USD,"), "{row}");
    assert!(lines.count() >= 49);

    let jsonl = stdout_of(claimdex(&store).args(["figures", "--format", "jsonl"]));
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8(jsonl).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(first["record"], "figure");
    assert_eq!(first["schema"], "claimdex/2");

    let json =
        stdout_of(claimdex(&store).args(["figures", "--format", "json", "--currency", "GBP"]));
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let figures = json["figures"].as_array().unwrap();
    assert_eq!(figures.len(), 1, "only 10ポンド is in pounds");
    assert_eq!(figures[0]["value"], 10);
}

#[test]
fn extract_prints_the_dataset_object() {
    let out = stdout_of(
        Command::cargo_bin("claimdex")
            .unwrap()
            .args(["extract", "--format", "json"])
            .arg(corpus_path()),
    );
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["schema"], "claimdex/2");
    assert!(json["sentences"].as_array().unwrap().len() > 100);
    assert_eq!(json["transcript"]["chars"], 11640);
}

#[test]
fn export_tags_every_record() {
    let dir = indexed();
    let out = stdout_of(claimdex(&dir.path().join("store")).args(["export", "--format", "jsonl"]));
    let text = String::from_utf8(out).unwrap();
    let mut types = std::collections::BTreeSet::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["schema"], "claimdex/2");
        types.insert(v["record"].as_str().unwrap().to_string());
    }
    let expected = [
        "check",
        "claim",
        "entity",
        "figure",
        "flow",
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

/// A folder of `n` transcripts, each the corpus with a distinct last line.
fn episodes(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let folder = dir.join("episodes");
    std::fs::create_dir_all(&folder).unwrap();
    let text = std::fs::read_to_string(corpus_path()).unwrap();
    for i in 0..n {
        std::fs::write(
            folder.join(format!("ep{i:03}.txt")),
            format!("{text}\n第{i}回の追記。Oracleは資金を{i}億ドル調達した。\n"),
        )
        .unwrap();
    }
    folder
}

#[test]
fn bad_files_are_named_and_the_rest_is_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let folder = episodes(dir.path(), 2);
    std::fs::write(folder.join("binary.txt"), b"\x00\x01\x02\xff\xfe\x00data").unwrap();
    std::fs::write(folder.join("empty.txt"), b"").unwrap();
    // A 200 MB file is refused before it is read (sparse: no disk is used).
    let huge = std::fs::File::create(folder.join("huge.txt")).unwrap();
    huge.set_len(200 * 1024 * 1024).unwrap();
    drop(huge);
    let assert = claimdex(&store)
        .arg("index")
        .arg(&folder)
        .assert()
        .failure();
    let out = assert.get_output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in ["binary.txt", "empty.txt", "huge.txt"] {
        assert!(stderr.contains(name), "{name} not named: {stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 added"));
    claimdex(&store)
        .args(["search", "追記"])
        .assert()
        .success()
        .stdout(predicate::str::contains("第1回の追記"));
}

#[test]
fn remove_drops_a_transcript() {
    let dir = indexed();
    let store = dir.path().join("store");
    let source = corpus_path().display().to_string();
    claimdex(&store)
        .args(["remove", &source])
        .assert()
        .success()
        .stdout(predicate::str::contains("ed-zitron-ai-market-collapse"));
    claimdex(&store)
        .args(["search", "資金"])
        .assert()
        .success()
        .stdout(predicate::str::contains("no hits"));
    fails_naming(
        claimdex(&store).args(["remove", "t0000000000000000"]),
        "t0000000000000000",
    );
}

/// `kill -9` in the middle of `index` leaves a store that opens, searches the last
/// committed state, and takes the next `index`.
#[test]
fn kill_9_during_index_leaves_a_working_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    // A committed state to come back to.
    claimdex(&store)
        .arg("index")
        .arg(corpus_path())
        .assert()
        .success();
    let folder = episodes(dir.path(), 60);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("claimdex"))
        .arg("index")
        .arg(&folder)
        .env("CLAIMDEX_STORE", &store)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once it has started writing (its lock file exists), or after 3 s at most.
    let lock = store.join("index/.tantivy-writer.lock");
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(3) && !lock.exists() {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(400));
    let finished_early = child.try_wait().unwrap().is_some();
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    assert!(
        !finished_early,
        "index finished before it could be killed; make the folder larger"
    );

    claimdex(&store)
        .args(["search", "資金", "--company", "Oracle"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Oracleは資金が枯渇しつつあり"));
    // Whatever was committed before the kill is whole: every transcript has its records.
    let out = stdout_of(claimdex(&store).args(["export"]));
    let text = String::from_utf8(out).unwrap();
    let transcripts = text
        .lines()
        .filter(|l| l.contains("\"record\":\"transcript\""))
        .count();
    let sentences = text
        .lines()
        .filter(|l| l.contains("\"record\":\"sentence\""))
        .count();
    assert!(transcripts >= 1);
    assert_eq!(
        sentences % transcripts,
        0,
        "a transcript is only partly stored"
    );
    // And the next run completes.
    claimdex(&store)
        .arg("index")
        .arg(&folder)
        .assert()
        .success();
    let out = stdout_of(claimdex(&store).args(["export"]));
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text.lines()
            .filter(|l| l.contains("\"record\":\"transcript\""))
            .count(),
        61
    );
}

/// A format a command cannot write is refused by clap, which lists the ones it can.
#[test]
fn a_format_a_command_cannot_write_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let refused: &[(&[&str], &str)] = &[
        (
            &["entities", "--format", "csv"],
            "[possible values: text, json]",
        ),
        (
            &["show", "oracle", "--format", "jsonl"],
            "[possible values: text, json]",
        ),
        (
            &["index", "corpus", "--format", "csv"],
            "[possible values: text, json]",
        ),
        (
            &["bench", "--format", "csv"],
            "[possible values: text, json]",
        ),
        (
            &["export", "--format", "csv"],
            "[possible values: jsonl, json, quickwit]",
        ),
    ];
    for (args, values) in refused {
        let assert = claimdex(&store).args(*args).assert().failure().code(2);
        let out = assert.get_output();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("invalid value 'csv'") || stderr.contains("invalid value 'jsonl'"),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains(values), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?} printed something");
    }
    assert!(!store.exists(), "a refused command touched the store");
}

/// `--by` resolves a name one way for `search` and `claims`: an unknown name is an error
/// in both, and a speaker's name finds the claims the speaker holds in both.
#[test]
fn by_means_the_same_in_search_and_claims() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/formats/metadata.md"
    );
    claimdex(&store)
        .arg("index")
        .arg(fixture)
        .assert()
        .success();
    for args in [
        &["claims", "--by", "Nobody"][..],
        &["search", "資金", "--by", "Nobody"][..],
    ] {
        fails_naming(claimdex(&store).args(args), "\"Nobody\"");
    }
    let ids = |out: Vec<u8>, key: &str| {
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let mut ids: Vec<String> = json[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    let claims = ids(
        stdout_of(claimdex(&store).args(["claims", "--by", "Ed Zitron", "--format", "json"])),
        "claims",
    );
    assert!(!claims.is_empty(), "the speaker holds claims");
    let hits = ids(
        stdout_of(claimdex(&store).args([
            "search",
            "資金",
            "--by",
            "ed zitron",
            "--kind",
            "claim",
            "--limit",
            "100",
            "--format",
            "json",
        ])),
        "hits",
    );
    assert!(!hits.is_empty(), "search --by finds the speaker's claims");
    assert!(
        hits.iter().all(|h| claims.contains(h)),
        "{hits:?} not in {claims:?}"
    );
}

/// `check` on the corpus: the speaker's four calculations, each holding, none off; `show` of
/// a figure lists its checks; `figures --format csv` names them.
#[test]
fn check_lists_the_corpus_arithmetic() {
    let dir = indexed();
    let store = dir.path().join("store");
    let out = stdout_of(claimdex(&store).args(["check", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let checks = v["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 4, "{v}");
    assert!(checks.iter().all(|k| k["verdict"] == "holds"));
    let off = stdout_of(claimdex(&store).args(["check", "--verdict", "off"]));
    assert_eq!(String::from_utf8(off).unwrap().trim(), "no checks");
    let figure = checks[0]["figures"][0].as_str().unwrap().to_string();
    let shown = stdout_of(claimdex(&store).args(["show", &figure]));
    let shown = String::from_utf8(shown).unwrap();
    assert!(
        shown.contains("checks") && shown.contains("holds"),
        "{shown}"
    );
    let csv = stdout_of(claimdex(&store).args(["figures", "--format", "csv"]));
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",checks"));
    assert!(csv.contains(":holds"));
    claimdex(&store)
        .args(["check", "--verdict", "wrong"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot_check"));
}

/// A huge `--limit` is bounded by the records that exist: no abort, no panic.
#[test]
fn a_huge_limit_is_bounded_by_the_hits_that_exist() {
    let dir = indexed();
    for limit in ["1000000000", "18446744073709551615"] {
        let out = stdout_of(
            claimdex(&dir.path().join("store"))
                .args(["search", "資金", "--limit", limit, "--format", "json"]),
        );
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert!(!v["hits"].as_array().unwrap().is_empty());
    }
    // `--limit 0` would print "no hits", which reads as a finding: refused.
    claimdex(&dir.path().join("store"))
        .args(["search", "資金", "--limit", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at least 1"));
}
