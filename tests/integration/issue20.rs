//! Issue 20, a store and a command line to trust: each item's reproduction as a test.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn claimdex(store: &Path) -> Command {
    let mut cmd = Command::cargo_bin("claimdex").unwrap();
    cmd.env("CLAIMDEX_STORE", store).env("NO_COLOR", "1");
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

/// A short transcript with figures about Oracle, written for these tests.
const EPISODE: &str = "司会: Oracleは来年までに300億ドルを支払う必要があります。\n\
ゲスト: しかしOracleの手元資金は50億ドルしかないと私は思います。\n";

/// `dir/ep/one.txt` holding `text`.
fn episode_folder(dir: &Path, text: &str) -> PathBuf {
    let folder = dir.join("ep");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("one.txt"), text).unwrap();
    folder
}

/// The `figures` CSV's data rows.
fn figure_rows(store: &Path) -> usize {
    let out = stdout_of(claimdex(store).args(["figures", "--format", "csv"]));
    out.lines().count().saturating_sub(1)
}

/// Item 2: one file indexed under two spellings of its path is one transcript, and a file
/// moved with the same content takes its new path.
#[test]
fn one_file_two_path_spellings_is_one_transcript() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    episode_folder(dir.path(), EPISODE);
    claimdex(&store)
        .current_dir(dir.path())
        .args(["index", "ep"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 added"));
    let before = figure_rows(&store);
    assert!(before > 0);
    // Edited, then indexed by its absolute path: the same transcript, updated.
    std::fs::write(
        dir.path().join("ep/one.txt"),
        format!("{EPISODE}司会: 以上です。\n"),
    )
    .unwrap();
    claimdex(&store)
        .current_dir(dir.path())
        .arg("index")
        .arg(dir.path().join("ep"))
        .assert()
        .success()
        .stdout(predicate::str::contains("0 added, 1 updated"));
    assert_eq!(figure_rows(&store), before);
    // Again through `./ep/../ep`: unchanged.
    claimdex(&store)
        .current_dir(dir.path())
        .args(["index", "./ep/../ep"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 added, 0 updated, 1 unchanged"));
    // Renamed with the same content: the store follows the file.
    std::fs::rename(dir.path().join("ep/one.txt"), dir.path().join("ep/two.txt")).unwrap();
    claimdex(&store)
        .current_dir(dir.path())
        .args(["index", "ep"])
        .assert()
        .success()
        .stdout(predicate::str::contains("two.txt"));
    assert_eq!(figure_rows(&store), before);
    let export = stdout_of(claimdex(&store).args(["export", "--format", "jsonl"]));
    assert!(export.contains("two.txt"), "{export}");
    assert!(!export.contains("one.txt"), "{export}");
    // Both the path as given and any other spelling of it name the transcript.
    claimdex(&store)
        .current_dir(dir.path())
        .arg("remove")
        .arg(dir.path().join("ep/two.txt"))
        .assert()
        .success()
        .stdout(predicate::str::contains("two.txt"));
    assert_eq!(figure_rows(&store), 0);
}

/// Two transcripts whose speakers are labelled with two spellings of one person.
fn labelled_store(dir: &Path) -> PathBuf {
    let store = dir.join("store");
    let folder = dir.join("labelled");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("a.txt"),
        "Ed Zitron: Oracleは来年までに300億ドルを支払う必要があると私は思います。\n\
         司会: それは大きな金額ですね。\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("b.txt"),
        "エド・ジトロン: OpenAIの資金は足りなくなるでしょう。\n\
         司会: なるほど。\n",
    )
    .unwrap();
    claimdex(&store)
        .arg("index")
        .arg(&folder)
        .assert()
        .success();
    store
}

/// Item 3: closed sets are checked by clap (any case); a name that resolves to nothing is
/// an error naming the nearest known names; `--by` and `--speaker` match any case, any alias.
#[test]
fn filter_values_are_checked_and_names_match_any_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let store = labelled_store(dir.path());
    for (args, hint) in [
        (&["claims", "--kind", "opinon"][..], "opinion"),
        (&["claims", "--polarity", "neutral"], "negative"),
        (&["figures", "--kind", "mony"], "exchange_rate"),
        (&["figures", "--currency", "dollars"], "USD"),
        (&["claims", "--by", "Jensen"], "Jensen Huang"),
        (&["search", "資金", "--speaker", "Ed Zitorn"], "Ed Zitron"),
        (&["claims", "--company", "Oracel"], "Oracle"),
    ] {
        claimdex(&store)
            .args(args)
            .assert()
            .failure()
            .stderr(predicate::str::contains(hint));
    }
    // Any case for the closed sets.
    claimdex(&store)
        .args(["claims", "--kind", "Opinion", "--polarity", "NEGATIVE"])
        .assert()
        .success();
    claimdex(&store)
        .args(["figures", "--kind", "MONEY", "--currency", "usd"])
        .assert()
        .success()
        .stdout(predicate::str::contains("300億ドル"));
    // `--speaker` in any case or spelling finds both transcripts' turns.
    for name in ["ed zitron", "ED ZITRON", "エド・ジトロン", "ed-zitron"] {
        let out = stdout_of(claimdex(&store).args([
            "search",
            "資金 OR 金額 OR 支払う",
            "--speaker",
            name,
            "--format",
            "json",
        ]));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let speakers: std::collections::BTreeSet<&str> = v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|h| h["speaker"].as_str())
            .collect();
        assert_eq!(
            speakers,
            ["Ed Zitron", "エド・ジトロン"].into_iter().collect(),
            "--speaker {name}"
        );
    }
    // `--by` the same way, in `claims` and `search`.
    for name in ["ed zitron", "エド・ジトロン"] {
        let claims = stdout_of(claimdex(&store).args(["claims", "--by", name, "--format", "json"]));
        let v: serde_json::Value = serde_json::from_str(&claims).unwrap();
        let n = v["claims"].as_array().unwrap().len();
        assert!(n >= 2, "--by {name}: {claims}");
        let hits = stdout_of(claimdex(&store).args([
            "search",
            "資金 OR 支払う",
            "--by",
            name,
            "--kind",
            "claim",
            "--format",
            "json",
        ]));
        let v: serde_json::Value = serde_json::from_str(&hits).unwrap();
        assert_eq!(
            v["hits"].as_array().unwrap().len(),
            n,
            "--by {name}: {hits}"
        );
    }
}

/// Item 6: a folder with a link loop, a looping link, an unreadable folder and a missing
/// path among several: each is reported and skipped, the rest is indexed, and the exit
/// code says something went wrong. The harness's timeout stops a walk that never ends.
#[cfg(unix)]
#[test]
fn a_walk_skips_what_it_cannot_read_and_never_loops() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let folder = episode_folder(dir.path(), EPISODE);
    std::fs::create_dir_all(folder.join("sub")).unwrap();
    std::fs::write(
        folder.join("sub/two.txt"),
        "司会: Nvidiaは1000億ドルを投資すると言いました。\n",
    )
    .unwrap();
    symlink(&folder, folder.join("sub/loop")).unwrap(); // a folder link back up: a loop
    symlink("self.txt", folder.join("self.txt")).unwrap(); // a link to itself
    let locked = folder.join("locked");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::write(locked.join("three.txt"), "司会: 三つ目です。\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let locked_is_unreadable = std::fs::read_dir(&locked).is_err(); // root reads anyway
    let missing = dir.path().join("missing.txt");
    let assert = claimdex(&store)
        .arg("index")
        .arg(&folder)
        .arg(&missing)
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .failure();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = assert.get_output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stderr.contains("missing.txt"), "{stderr}");
    assert!(stderr.contains("self.txt"), "{stderr}");
    if locked_is_unreadable {
        assert!(stderr.contains("locked"), "{stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stdout.contains("one.txt") && stdout.contains("two.txt"),
        "{stdout}"
    );
    // The loop was not followed: each file once.
    let expected = if locked_is_unreadable { 2 } else { 3 };
    assert!(stdout.contains(&format!("{expected} added")), "{stdout}");
    // Only missing paths: an error, and no empty store is left behind.
    let fresh = dir.path().join("fresh");
    claimdex(&fresh)
        .arg("index")
        .arg(&missing)
        .assert()
        .failure()
        .stderr(predicate::str::contains("missing.txt"));
    assert!(!fresh.exists());
}

/// Item 4: changed rules reach indexed content. A new `--dictionaries` directory (the
/// `entities --unknown` → `entities.toml` workflow) or another `--title` makes the
/// transcript stale: `index` analyses it again and says so; `--reanalyze` forces it.
#[test]
fn changed_rules_reanalyse_what_is_stale() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let folder = episode_folder(
        dir.path(),
        &format!("{EPISODE}ゲスト: ミライ電機も同じ問題を抱えています。\n"),
    );
    let index = |extra: &[&str]| stdout_of(claimdex(&store).arg("index").args(extra).arg(&folder));
    assert!(index(&[]).contains("1 added"));
    let entities = stdout_of(claimdex(&store).args(["entities", "--format", "json"]));
    assert!(!entities.contains("mirai-denki"), "{entities}");

    let rules = dir.path().join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(
        rules.join("entities.toml"),
        "# A company named in the test transcript.\n[[entity]]\nid = \"mirai-denki\"\nname = \"ミライ電機\"\ntype = \"company\"\naliases = [\"ミライ電機\"]\n",
    )
    .unwrap();
    let dictionaries = ["--dictionaries", rules.to_str().unwrap()];
    let out = index(&dictionaries);
    assert!(out.contains("1 re-analysed"), "{out}");
    let entities = stdout_of(
        claimdex(&store)
            .args(dictionaries)
            .args(["entities", "--format", "json"]),
    );
    assert!(entities.contains("mirai-denki"), "{entities}");
    // The same rules again: nothing to do.
    let out = index(&dictionaries);
    assert!(
        out.contains("1 unchanged") && !out.contains("re-analysed"),
        "{out}"
    );
    // Another title is another analysis.
    let out = index(&[dictionaries[0], dictionaries[1], "--title", "第二回"]);
    assert!(out.contains("1 re-analysed"), "{out}");
    let export = stdout_of(claimdex(&store).args(["export", "--format", "jsonl"]));
    assert!(export.contains("第二回"), "{export}");
    // --reanalyze: again, whatever the fingerprint.
    let out = stdout_of(
        claimdex(&store)
            .args(dictionaries)
            .args(["index", "--reanalyze", "--title", "第二回"])
            .arg(&folder),
    );
    assert!(out.contains("1 re-analysed"), "{out}");
    assert_eq!(figure_rows(&store), 2);
}

/// The corpus indexed into a fresh store.
fn corpus_store(dir: &Path) -> PathBuf {
    let store = dir.join("store");
    claimdex(&store)
        .arg("index")
        .arg(super::corpus_path())
        .assert()
        .success();
    store
}

/// Item 1: a snippet never reads as its opposite: `search 資金 --company Oracle` shows
/// `…最終的にはOracleに支払う` cut before `ことができなくなります`. Snippets are whole
/// sentences, or cut with `…` on the side that was cut and keep the sentence's end.
#[test]
fn snippets_keep_the_predicate_and_its_negation() {
    let dir = tempfile::tempdir().unwrap();
    let store = corpus_store(dir.path());
    let out = stdout_of(claimdex(&store).args([
        "search",
        "資金",
        "--company",
        "Oracle",
        "--limit",
        "50",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    let mut seen_negation = false;
    for h in hits {
        let text = h["text"].as_str().unwrap();
        let snippet = h["snippet"]["text"].as_str().unwrap();
        // Each piece is the text's own; the last one ends where the sentence ends.
        let pieces: Vec<&str> = snippet.split('…').filter(|p| !p.is_empty()).collect();
        assert!(
            pieces.iter().all(|p| text.contains(p)),
            "{snippet} / {text}"
        );
        assert!(text.ends_with(pieces.last().unwrap()), "{snippet} / {text}");
        assert_eq!(
            snippet.starts_with('…'),
            !text.starts_with(pieces[0]),
            "{snippet}"
        );
        if text.contains("支払うことができなくなります") {
            assert!(
                snippet.contains("支払うことができなくなります"),
                "{snippet}"
            );
            seen_negation = true;
        }
        let chars: Vec<char> = snippet.chars().collect();
        for mark in h["snippet"]["highlights"].as_array().unwrap() {
            let (s, e) = (
                mark[0].as_u64().unwrap() as usize,
                mark[1].as_u64().unwrap() as usize,
            );
            assert!(s < e && e <= chars.len(), "{snippet}: {s}..{e}");
        }
    }
    assert!(
        seen_negation,
        "the Oracle sentence with the negated predicate is a hit"
    );
}

/// Item 5: a search with no hits says how many records each word finds alone and offers
/// the OR form; a word that names a known entity (`オラクル`) also finds the records that
/// name it (`Oracle`); a query that cannot be read gets a message in plain words.
#[test]
fn zero_hits_explain_themselves_and_aliases_find_mentions() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let folder = dir.path().join("two");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("a.txt"),
        "司会: OpenAIは新しいモデルを発表しました。\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("b.txt"),
        "司会: Oracleの売上は前年より増えたと報じられました。\n",
    )
    .unwrap();
    claimdex(&store)
        .arg("index")
        .arg(&folder)
        .assert()
        .success();
    claimdex(&store)
        .args(["search", "OpenAI 売上"])
        .assert()
        .success()
        .stdout(predicate::str::contains("no hits"))
        .stdout(predicate::str::contains("OpenAI: 1, 売上: 1"))
        .stdout(predicate::str::contains("claimdex search 'OpenAI OR 売上'"));
    let out = stdout_of(claimdex(&store).args(["search", "OpenAI 売上", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["hint"]["or_query"], "OpenAI OR 売上");
    let out = stdout_of(claimdex(&store).args(["search", "OpenAI OR 売上", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["hits"].as_array().unwrap().len(), 2, "{out}");

    // An alias of a known entity finds the records that name it in another spelling.
    for query in ["オラクル", "ORCL", "オラクル 売上"] {
        claimdex(&store)
            .args(["search", query])
            .assert()
            .success()
            .stdout(predicate::str::contains("Oracleの売上"));
    }

    for (query, says) in [
        ("C:\\path", "put it in quotes"),
        ("body:資金", "reads as a field name"),
        ("\"資金", "quote (\") is not closed"),
        ("(資金", "bracket is not closed"),
    ] {
        let assert = claimdex(&store).args(["search", query]).assert().failure();
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(stderr.contains(says), "{query}: {stderr}");
        assert!(
            !stderr.contains("Syntax Error") && !stderr.contains("Field does not exist"),
            "{stderr}"
        );
    }
}

/// Every file under `dir` with its size and modification time.
fn listing(dir: &Path) -> Vec<(PathBuf, u64, std::time::SystemTime)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let meta = entry.metadata().unwrap();
        if meta.is_dir() {
            out.extend(listing(&entry.path()));
        } else {
            out.push((entry.path(), meta.len(), meta.modified().unwrap()));
        }
    }
    out.sort();
    out
}

/// This process's umask (Linux: from /proc; children inherit it).
fn umask() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Umask:"))?;
    u32::from_str_radix(line.trim_start_matches("Umask:").trim(), 8).ok()
}

/// Item 8: a store can be read by someone who may not write to it. Its files get the
/// permissions of the umask (tantivy's meta.json and .managed.json were 0600), and every
/// read command opens it read-only: no lock file, no write, every file as it was.
#[cfg(unix)]
#[test]
fn a_read_only_store_is_readable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let store = corpus_store(dir.path());
    if let Some(mask) = umask() {
        for (path, _, _) in listing(&store) {
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(
                mode & 0o444 & !mask,
                0o444 & !mask,
                "{}: {mode:o}",
                path.display()
            );
        }
    }
    // Read-only: files and folders (for a user other than root, the OS enforces it too).
    let lock_files = ["index/.tantivy-meta.lock", "index/.tantivy-writer.lock"];
    for lock in lock_files {
        let _ = std::fs::remove_file(store.join(lock));
    }
    let before = listing(&store);
    let set_mode = |file_mode: u32, dir_mode: u32| {
        for (path, _, _) in listing(&store) {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(file_mode)).unwrap();
        }
        for d in [store.join("index"), store.clone()] {
            std::fs::set_permissions(&d, std::fs::Permissions::from_mode(dir_mode)).unwrap();
        }
    };
    set_mode(0o444, 0o555);
    let reads: [&[&str]; 7] = [
        &["search", "資金"],
        &["claims", "--company", "Oracle"],
        &["figures", "--format", "csv"],
        &["entities"],
        &["show", "oracle"],
        &["check"],
        &["export"],
    ];
    let mut failures = Vec::new();
    for args in reads {
        let out = claimdex(&store).args(args).output().unwrap();
        if !out.status.success() {
            failures.push(format!(
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    let after = listing(&store);
    set_mode(0o644, 0o755);
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(before, after, "a read command wrote to the store");
    for lock in lock_files {
        assert!(!store.join(lock).exists(), "{lock} was created by a reader");
    }
}

/// Item 9: `claimdex verify` checks every index file against its checksum and every
/// transcript's documents against its dataset, and says how to recover; the next `index`
/// cleans up files a failed run left behind.
#[test]
fn verify_finds_flipped_bytes_and_index_cleans_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let folder = episode_folder(dir.path(), EPISODE);
    claimdex(&store)
        .arg("index")
        .arg(&folder)
        .assert()
        .success();
    claimdex(&store)
        .arg("verify")
        .assert()
        .success()
        .stdout(predicate::str::contains("1 transcripts"))
        .stdout(predicate::str::ends_with("ok\n"));

    // A file a failed commit left behind (registered, used by no commit).
    let index = store.join("index");
    let orphan = index.join("0123456789abcdef0123456789abcdef.idx");
    std::fs::write(&orphan, b"half a segment").unwrap();
    let managed = index.join(".managed.json");
    let mut files: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(&managed).unwrap()).unwrap();
    files.push("0123456789abcdef0123456789abcdef.idx".into());
    std::fs::write(&managed, serde_json::to_string(&files).unwrap()).unwrap();
    claimdex(&store)
        .arg("index")
        .arg(&folder)
        .assert()
        .success();
    assert!(!orphan.exists(), "the orphan segment file is still there");

    // One flipped byte in a fast field (the values --min-value filters on).
    let fast = std::fs::read_dir(&index)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "fast"))
        .unwrap();
    let mut bytes = std::fs::read(&fast).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&fast, bytes).unwrap();
    let name = fast.file_name().unwrap().to_string_lossy().to_string();
    claimdex(&store)
        .arg("verify")
        .assert()
        .failure()
        .stdout(predicate::str::contains(format!("damaged: index/{name}")))
        .stderr(predicate::str::contains("re-index from the sources"));
    let out = claimdex(&store)
        .args(["verify", "--format", "json"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["damaged_files"][0], format!("index/{name}"));

    // A flipped byte in a transcript's dataset file: its checksum no longer matches.
    let dataset = std::fs::read_dir(store.join("datasets"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .next()
        .unwrap();
    let mut bytes = std::fs::read(&dataset).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&dataset, bytes).unwrap();
    let file = dataset.file_name().unwrap().to_string_lossy().to_string();
    claimdex(&store)
        .arg("verify")
        .assert()
        .failure()
        .stdout(predicate::str::contains(file.as_str()))
        .stdout(predicate::str::contains("does not match its checksum"));
}

/// The text of `claimdex ARGS --help`.
fn help(args: &[&str]) -> String {
    let out = Command::cargo_bin("claimdex")
        .unwrap()
        .args(args)
        .arg("--help")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// Item 13: help lists the values a command really takes, the README and `index --help`
/// name every input extension, and a value a command cannot take is refused.
#[test]
fn help_lists_the_real_values_and_others_are_refused() {
    let index_help = help(&["index"]);
    let readme =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    for ext in claimdex::source::TRANSCRIPT_EXTENSIONS {
        assert!(
            index_help.contains(&format!(".{ext}")),
            "index --help lacks .{ext}"
        );
        assert!(readme.contains(&format!("`.{ext}`")), "README lacks .{ext}");
    }
    for name in claimdex::source::InputFormat::names() {
        assert!(
            help(&["extract"]).contains(name),
            "extract --help lacks {name}"
        );
        assert!(index_help.contains(name), "index --help lacks {name}");
    }
    let figures = help(&["figures"]);
    for kind in ["money", "percent", "power", "energy", "exchange_rate"] {
        assert!(figures.contains(kind), "figures --help lacks {kind}");
    }
    let claims = help(&["claims"]);
    for kind in [
        "assertion",
        "opinion",
        "prediction",
        "reported",
        "question",
        "denial",
    ] {
        assert!(claims.contains(kind), "claims --help lacks {kind}");
    }
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    for args in [
        &["extract", "x.txt", "--input-format", "subtitles"][..],
        &["entities", "--format", "csv"],
        &["show", "x", "--format", "jsonl"],
        &["verify", "--format", "csv"],
        &["export", "--format", "csv"],
    ] {
        claimdex(&store)
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("possible values"));
    }
    assert!(!store.exists());
}

/// Item 12: exports that join. Claims, figures and mentions carry `transcript_id`; CSV rows
/// carry source, title, date, speaker and times; `holder` is an entity id with
/// `holder_name` beside it; an entity is exported once; `figures` takes value bounds (also
/// as Japanese numerals) and refuses impossible ones; `search --format csv` works; CSV is
/// RFC 4180 with an optional BOM.
#[test]
fn exports_join_on_transcript_and_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let store = labelled_store(dir.path());
    let csv = stdout_of(claimdex(&store).args(["claims", "--format", "csv", "--bom"]));
    assert!(csv.starts_with('\u{FEFF}'), "no BOM");
    assert!(csv.contains("\r\n"), "RFC 4180 line ends");
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{FEFF}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for column in [
        "transcript_id",
        "source",
        "title",
        "date",
        "speaker",
        "time_start",
        "time_end",
        "holder",
        "holder_name",
    ] {
        assert!(
            header.iter().any(|h| h == column),
            "claims CSV lacks {column}"
        );
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let by_ed: Vec<_> = rows
        .iter()
        .filter(|r| {
            r[col("holder_name")].contains("Ed Zitron")
                || r[col("holder_name")].contains("エド・ジトロン")
        })
        .collect();
    assert!(!by_ed.is_empty(), "{csv}");
    for r in by_ed {
        assert_eq!(&r[col("holder")], "ed-zitron", "{r:?}");
        assert!(
            r[col("source")].ends_with(".txt") && !r[col("speaker")].is_empty(),
            "{r:?}"
        );
    }
    let figures = stdout_of(claimdex(&store).args(["figures", "--format", "csv"]));
    let header = figures.lines().next().unwrap();
    for column in ["transcript_id", "source", "title", "speaker", "time_start"] {
        assert!(header.contains(column), "figures CSV lacks {column}");
    }
    // Value bounds, as numbers or Japanese numerals.
    let bounded =
        stdout_of(claimdex(&store).args(["figures", "--min-value", "100億", "--format", "csv"]));
    assert!(bounded.contains("300億ドル"), "{bounded}");
    let bounded =
        stdout_of(claimdex(&store).args(["figures", "--max-value", "1e9", "--format", "csv"]));
    assert!(!bounded.contains("300億ドル"), "{bounded}");
    for args in [
        &["figures", "--min-value", "NaN"][..],
        &["figures", "--min-value", "10", "--max-value", "1"],
        &["search", "資金", "--min-value", "10", "--max-value", "1"],
    ] {
        claimdex(&store).args(args).assert().failure();
    }
    // JSON: transcript ids on claims, figures, mentions; each entity once.
    let claims = stdout_of(claimdex(&store).args(["claims", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&claims).unwrap();
    assert!(
        v["claims"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["transcript_id"].is_string())
    );
    let export = stdout_of(claimdex(&store).args(["export", "--format", "jsonl"]));
    let mut entity_ids = Vec::new();
    for line in export.lines() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        match r["record"].as_str().unwrap() {
            "claim" | "figure" | "mention" => assert!(r["transcript_id"].is_string(), "{line}"),
            "entity" => entity_ids.push(r["id"].as_str().unwrap().to_string()),
            _ => {}
        }
    }
    let distinct: std::collections::BTreeSet<_> = entity_ids.iter().collect();
    assert_eq!(distinct.len(), entity_ids.len(), "an entity exported twice");
    assert!(entity_ids.iter().any(|e| e == "ed-zitron"));
    // search --format csv
    let hits = stdout_of(claimdex(&store).args(["search", "資金", "--format", "csv"]));
    assert!(hits.starts_with("id,kind,score,transcript_id"), "{hits}");
    assert!(hits.lines().count() >= 2, "{hits}");
}

/// The smaller items: `export --out all.jsonl` writes that file (it made a folder of that
/// name); `index --quiet` prints no warnings; a mostly-ASCII UTF-8 file with one broken
/// byte is refused, not decoded as Shift_JIS; `extract -` reads standard input.
#[test]
fn smaller_items() {
    let dir = tempfile::tempdir().unwrap();
    let store = labelled_store(dir.path());
    let out = dir.path().join("all.jsonl");
    claimdex(&store)
        .args(["export", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(out.is_file(), "--out all.jsonl is not a file");
    let first = std::fs::read_to_string(&out).unwrap();
    assert!(first.starts_with("{\"record\":\"transcript\""), "{first}");

    // Overlapping subtitle times are a warning; --quiet keeps stderr empty.
    let srt = dir.path().join("subs");
    std::fs::create_dir_all(&srt).unwrap();
    std::fs::write(
        srt.join("a.srt"),
        "1\n00:00:01,000 --> 00:00:05,000\nOracleは資金が足りません。\n\n2\n00:00:03,000 --> 00:00:06,000\nそう思います。\n",
    )
    .unwrap();
    let loud = claimdex(&store).arg("index").arg(&srt).output().unwrap();
    let _ = claimdex(&store)
        .args(["remove"])
        .arg(srt.join("a.srt"))
        .output();
    let quiet = claimdex(&store)
        .args(["index", "--quiet"])
        .arg(&srt)
        .output()
        .unwrap();
    assert!(quiet.status.success());
    if !loud.stderr.is_empty() {
        assert!(
            quiet.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&quiet.stderr)
        );
    }

    let broken = dir.path().join("broken.txt");
    let mut bytes = "Speaker: an English transcript about Oracle, with の and の in it.\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"One broken byte: \xe9.\nMore text about Oracle.\n");
    std::fs::write(&broken, bytes).unwrap();
    claimdex(&store)
        .arg("extract")
        .arg(&broken)
        .assert()
        .failure()
        .stderr(predicate::str::contains("broken.txt"));

    // A first index where every file fails leaves no empty store behind.
    let only_bad = dir.path().join("only-bad");
    std::fs::create_dir_all(&only_bad).unwrap();
    std::fs::copy(&broken, only_bad.join("broken.txt")).unwrap();
    let fresh = dir.path().join("fresh-store");
    claimdex(&fresh)
        .arg("index")
        .arg(&only_bad)
        .assert()
        .failure()
        .stderr(predicate::str::contains("broken.txt"));
    assert!(!fresh.exists(), "an empty store was left behind");

    claimdex(&store)
        .args(["extract", "-", "--format", "json"])
        .write_stdin(EPISODE)
        .assert()
        .success()
        .stdout(predicate::str::contains("300億ドル"));
}
