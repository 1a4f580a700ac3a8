//! The store: index the corpus into a temporary store, search it, read it back.

use claimdex::Store;
use claimdex::store::search::{HitKind, SearchRequest, search};

use super::{corpus_dataset, pipeline};

fn request(query: &str, company: Option<&str>) -> SearchRequest {
    let mut r = SearchRequest::new(query);
    r.company = company.map(str::to_string);
    r
}

#[test]
fn indexes_the_corpus_and_finds_oracle_running_out_of_money() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_or_create(&dir.path().join("store"), pipeline().tokenizer()).unwrap();
    let report = store.add(std::slice::from_ref(corpus_dataset())).unwrap();
    assert_eq!(report.added.len(), 1);

    let hits = search(&store, &request("資金", Some("oracle"))).unwrap();
    let hit = hits
        .iter()
        .find(|h| h.text.contains("Oracleは資金が枯渇しつつあり"))
        .expect("the Oracle sentence is among the hits");
    assert!(hit.entities.contains(&"oracle".to_string()));
    assert!(!hit.figures.is_empty(), "数十億ドル is linked");
    assert!(
        hits.iter()
            .all(|h| h.entities.contains(&"oracle".to_string()))
    );

    // Re-indexing the same content changes nothing.
    let again = store.add(std::slice::from_ref(corpus_dataset())).unwrap();
    assert_eq!((again.added.len(), again.unchanged.len()), (0, 1));
    let back = store.datasets().unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(&back[0], corpus_dataset());
}

#[test]
fn figure_and_claim_kinds_are_searchable_and_claims_come_first() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_or_create(&dir.path().join("s"), pipeline().tokenizer()).unwrap();
    store.add(std::slice::from_ref(corpus_dataset())).unwrap();
    let mut r = request("ギガワット", None);
    r.kinds = vec![HitKind::Figure];
    let hits = search(&store, &r).unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.kind == HitKind::Figure));

    let hits = search(&store, &request("資金 枯渇", None)).unwrap();
    assert_eq!(hits[0].kind, HitKind::Claim);
}

#[test]
fn a_bad_query_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_or_create(&dir.path().join("s"), pipeline().tokenizer()).unwrap();
    let err = search(&store, &request("\"unclosed", None));
    // tantivy accepts or rejects it; either way no panic and a message naming the query.
    if let Err(e) = err {
        assert!(e.to_string().contains("unclosed"));
    }
}

/// A corpus variant with different content (so a different transcript id).
fn variant(n: usize) -> claimdex::Dataset {
    let text = std::fs::read_to_string(super::corpus_path()).unwrap();
    let text = format!("{text}\n第{n}回の追記。Oracleは資金を{n}億ドル調達した。\n");
    pipeline()
        .run(&claimdex::source::SourceText::from_string(
            format!("episodes/{n}.txt"),
            text,
        ))
        .unwrap()
}

#[test]
fn a_changed_file_replaces_its_records_and_remove_drops_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_or_create(&dir.path().join("s"), pipeline().tokenizer()).unwrap();
    let first = variant(1);
    store.add(std::slice::from_ref(&first)).unwrap();
    // Same source path, new content: replaced, not duplicated.
    let mut second = variant(2);
    second.transcript.source = first.transcript.source.clone();
    let report = store.add(std::slice::from_ref(&second)).unwrap();
    assert_eq!(report.updated.len(), 1);
    let all = store.datasets().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].transcript.id, second.transcript.id);
    assert!(
        search(&store, &request("追記", None))
            .unwrap()
            .iter()
            .all(|h| h.transcript_id == second.transcript.id)
    );

    let mut session = store.begin().unwrap();
    let gone = session.remove(&second.transcript.id);
    assert_eq!(gone.len(), 1);
    session.finish().unwrap();
    assert!(store.datasets().unwrap().is_empty());
    assert!(search(&store, &request("資金", None)).unwrap().is_empty());
}

/// The names of the dataset files of the store at `dir`.
fn dataset_files(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("datasets"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn each_transcript_has_one_dataset_file_and_no_file_outlives_its_transcript() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("s");
    let store = Store::open_or_create(&root, pipeline().tokenizer()).unwrap();
    let first = variant(1);
    store.add(std::slice::from_ref(&first)).unwrap();
    let files = dataset_files(&root);
    assert_eq!(files.len(), 1);
    assert!(files[0].starts_with(&first.transcript.id));

    // Replaced: the new analysis's file, the old one deleted after the commit.
    let mut second = variant(2);
    second.transcript.source = first.transcript.source.clone();
    store.add(std::slice::from_ref(&second)).unwrap();
    let files = dataset_files(&root);
    assert_eq!(files.len(), 1);
    assert!(files[0].starts_with(&second.transcript.id));

    // A file a crash left between writing it and committing: the next writer deletes it.
    let orphan = root
        .join("datasets")
        .join("t0000000000000000-0000000000000000.json.zst");
    std::fs::write(&orphan, b"never committed").unwrap();
    let session = store.begin().unwrap();
    assert!(
        !orphan.exists(),
        "the uncommitted dataset file is still there"
    );
    session.finish().unwrap();
    assert_eq!(
        store.dataset(&second.transcript.id).unwrap().as_ref(),
        Some(&second)
    );

    // A file gone from under a reader (an `index` beside it replaced it) is said so.
    let file = root.join("datasets").join(&dataset_files(&root)[0]);
    let kept = std::fs::read(&file).unwrap();
    std::fs::remove_file(&file).unwrap();
    let err = store
        .dataset(&second.transcript.id)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("is gone") && err.contains("run the command again"),
        "{err}"
    );
    std::fs::write(&file, kept).unwrap();

    // Removed: its file goes with it.
    let mut session = store.begin().unwrap();
    session.remove(&second.transcript.id);
    session.finish().unwrap();
    assert!(dataset_files(&root).is_empty());
}

#[test]
fn one_writer_at_a_time_and_readers_see_the_last_commit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s");
    let store = Store::open_or_create(&path, pipeline().tokenizer()).unwrap();
    store.add(&[variant(1)]).unwrap();

    let mut session = store.begin().unwrap();
    session.add(&variant(2)).unwrap();
    // A second writer is refused with a message, not a corrupted store.
    let other = Store::open(&path, pipeline().tokenizer()).unwrap();
    let err = other.begin().err().expect("second writer refused");
    assert!(
        err.to_string()
            .contains("another `claimdex index` is writing"),
        "{err}"
    );
    // A reader opened now sees only what was committed.
    assert_eq!(other.datasets().unwrap().len(), 1);
    session.finish().unwrap();
    let reader = Store::open(&path, pipeline().tokenizer()).unwrap();
    assert_eq!(reader.datasets().unwrap().len(), 2);
}

#[test]
fn filters_narrow_hits() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_or_create(&dir.path().join("s"), pipeline().tokenizer()).unwrap();
    let a = variant(1);
    let b = variant(2);
    store.add(&[a.clone(), b.clone()]).unwrap();

    let mut r = request("資金", None);
    r.transcript = Some(b.transcript.id.clone());
    let hits = search(&store, &r).unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.transcript_id == b.transcript.id));

    // Figures of at least 1兆 (1e12) in USD: 1.4兆ドル and nothing smaller.
    let mut r = request("ドル", None);
    r.min_value = Some(1e12);
    r.currency = Some("usd".into());
    r.limit = 50;
    let hits = search(&store, &r).unwrap();
    assert!(!hits.is_empty());
    for h in &hits {
        assert_eq!(h.kind, HitKind::Figure);
        let d = if h.transcript_id == a.transcript.id {
            &a
        } else {
            &b
        };
        let f = d.figures.iter().find(|f| f.id == h.id).unwrap();
        assert!(
            f.value_max.unwrap_or(f.value).to_f64() >= 1e12,
            "{}",
            f.text
        );
    }
    // 手に入れたら is said of 10ポンド and of 10億ドル: only the first is at most 20.
    let mut r = request("手に入れたら", None);
    r.max_value = Some(20.0);
    let hits = search(&store, &r).unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| h.kind == HitKind::Figure && h.text.contains("10ポンド"))
    );

    let mut r = request("資金", None);
    r.speaker = Some("nobody".into());
    assert!(search(&store, &r).unwrap().is_empty());
}

#[test]
fn queries_off_token_boundaries_still_match() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_or_create(&dir.path().join("s"), pipeline().tokenizer()).unwrap();
    store.add(std::slice::from_ref(corpus_dataset())).unwrap();
    // 渇しつつ cuts through the tokens 枯渇 / し / つつ.
    let hits = search(&store, &request("渇しつつ", None)).unwrap();
    assert!(
        hits.iter().any(|h| h.text.contains("枯渇しつつ")),
        "{hits:?}"
    );
    // A phrase in quotes.
    let hits = search(&store, &request("\"資金が枯渇\"", None)).unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.text.contains("資金が枯渇")));

    // Claims and figures match off token boundaries too, so filters that keep only them
    // still find the text: 渇しつつ among claims about Oracle, 億ドルを調 (億 / ドル / を /
    // 調達) among figures of at least 1 billion.
    let mut r = request("渇しつつ", Some("oracle"));
    r.kinds = vec![HitKind::Claim];
    let hits = search(&store, &r).unwrap();
    assert!(
        hits.iter()
            .any(|h| h.kind == HitKind::Claim && h.text.contains("Oracleは資金が枯渇しつつ")),
        "{hits:?}"
    );
    let mut r = request("億ドルを調", None);
    r.min_value = Some(1e9);
    let hits = search(&store, &r).unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| h.kind == HitKind::Figure && h.text.contains("億ドルを調")),
        "{hits:?}"
    );
}

#[test]
fn company_filter_takes_every_spelling_of_newly_covered_companies() {
    let text = "三菱UFJ銀行は資金を供給した。伊藤忠商事は資金を投じた。ITOCHUの資金計画は堅い。\
                シャープは資金を集めた。Sharp Corporationの資金繰りは改善した。\
                ボーダフォンは資金を確保した。Vodafoneの資金も厚い。トヨタは資金を寝かせた。";
    let d = pipeline()
        .run(&claimdex::source::SourceText::from_string(
            "orgs.txt",
            text.to_string(),
        ))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_or_create(&dir.path().join("s"), pipeline().tokenizer()).unwrap();
    store.add(std::slice::from_ref(&d)).unwrap();
    let gazetteer = pipeline().gazetteer();
    let hits = |name: &str| {
        let id = claimdex::query::names::entity_id(gazetteer, &store, name)
            .unwrap()
            .unwrap_or_else(|| panic!("{name} does not resolve"));
        let mut ids: Vec<String> = search(&store, &request("資金", Some(&id)))
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect();
        ids.sort();
        (id, ids)
    };
    for spellings in [
        &["三菱UFJ銀行", "MUFG Bank", "mufg-bank"][..],
        &["伊藤忠商事", "伊藤忠", "ITOCHU", "Itochu", "8001.T"],
        &["シャープ", "Sharp Corporation", "6753.T"],
        &["ボーダフォン", "Vodafone", "VOD.L"],
    ] {
        let (id, first) = hits(spellings[0]);
        assert!(!first.is_empty(), "{id}: no hits");
        for s in &spellings[1..] {
            assert_eq!(hits(s), (id.clone(), first.clone()), "{s}");
        }
    }
    // The bank is not its holding company.
    assert_ne!(hits("三菱UFJ銀行").0, hits("MUFG").0);
}

/// Claim and figure documents leave their sentence's place out of their stored links (their
/// record holds the sentence): a hit must still carry the speaker, times and offset of its
/// sentence, and the text of its own record.
#[test]
fn claim_and_figure_hits_carry_their_sentence_place() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats/amounts.ja.srt");
    let source = claimdex::source::read_transcript(&path).unwrap();
    let d = pipeline().run(&source).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_or_create(&dir.path().join("s"), pipeline().tokenizer()).unwrap();
    store.add(std::slice::from_ref(&d)).unwrap();
    let mut r = request("ドル", None);
    r.limit = 1000;
    r.kinds = vec![HitKind::Claim, HitKind::Figure, HitKind::Sentence];
    let hits = search(&store, &r).unwrap();
    let mut kinds = std::collections::BTreeSet::new();
    for h in &hits {
        let s = d.sentences.iter().find(|s| s.id == h.sentence_id).unwrap();
        assert_eq!(h.start, s.start, "{}", h.id);
        assert_eq!(h.speaker, s.speaker, "{}", h.id);
        assert_eq!((h.time_start, h.time_end), (s.time_start, s.time_end));
        let text = match h.kind {
            HitKind::Claim => &d.claims.iter().find(|c| c.id == h.id).unwrap().text,
            _ => &s.text,
        };
        assert_eq!(&h.text, text, "{}", h.id);
        kinds.insert(h.kind.as_str());
    }
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["claim", "figure", "sentence"]
    );
    assert!(
        hits.iter()
            .any(|h| h.time_start.is_some() && h.speaker.is_some())
    );
}
