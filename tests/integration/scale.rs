//! Issue 20, item 11: `claims`, `figures`, `entities` and names answered from the index
//! (no dataset decoded), the same bytes as the dataset path gave; `export` streamed one
//! dataset at a time, the same bytes; and `bench --scale` reporting the four commands.

use assert_cmd::Command;
use claimdex::Store;
use claimdex::export;
use claimdex::query::filters::{ClaimFilter, FigureFilter};
use claimdex::query::names;
use claimdex::query::show::{entity_counts, entity_counts_of};

use super::pipeline;

/// A corpus variant with its own content and source.
fn variant(n: usize) -> claimdex::Dataset {
    let text = std::fs::read_to_string(super::corpus_path()).unwrap();
    let text = format!("{text}\n第{n}回の追記。Nvidiaは資金を{n}億ドル調達した。\n");
    pipeline()
        .run(&claimdex::source::SourceText::from_string(
            format!("episodes/{n}.txt"),
            text,
        ))
        .unwrap()
}

/// A store of three transcripts added out of source order.
fn store(dir: &std::path::Path) -> Store {
    let store = Store::open_or_create(&dir.join("s"), pipeline().tokenizer()).unwrap();
    store.add(&[variant(3), variant(1), variant(2)]).unwrap();
    Store::open_read_only(&dir.join("s"), pipeline().tokenizer()).unwrap()
}

fn bytes(write: impl FnOnce(&mut Vec<u8>) -> claimdex::Result<()>) -> String {
    let mut out = Vec::new();
    write(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn claims_figures_and_entities_come_from_the_index_without_decoding_a_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let gazetteer = pipeline().gazetteer();
    let oracle = names::entity_id(gazetteer, &store, "オラクル").unwrap();
    assert_eq!(oracle.as_deref(), Some("oracle"));
    // A name nobody knows fails without reading a dataset.
    assert_eq!(
        names::entity_id(gazetteer, &store, "Nobody Inc").unwrap(),
        None
    );
    let mut claim_csv = Vec::new();
    let mut figure_csv = Vec::new();
    for company in [None, oracle.clone(), Some("nvidia".to_string())] {
        let claims = ClaimFilter {
            company: company.clone(),
            ..ClaimFilter::default()
        };
        let found = store.claim_datasets(company.as_deref()).unwrap();
        claim_csv.push(bytes(|w| export::claims_csv(w, claims.select(&found))));
        let figures = FigureFilter {
            company: company.clone(),
            ..FigureFilter::default()
        };
        let found = store.figure_datasets(company.as_deref()).unwrap();
        figure_csv.push(bytes(|w| export::figures_csv(w, figures.select(&found))));
    }
    let counts = entity_counts_of(&store.transcript_metas().unwrap());
    assert_eq!(
        store.datasets_decoded(),
        0,
        "the read paths decoded a dataset"
    );

    // The same bytes as the old path: every dataset decoded and filtered.
    let all = store.datasets().unwrap();
    assert_eq!(all.len(), 3);
    for (i, company) in [None, oracle, Some("nvidia".to_string())]
        .into_iter()
        .enumerate()
    {
        let claims = ClaimFilter {
            company: company.clone(),
            ..ClaimFilter::default()
        };
        let want = bytes(|w| export::claims_csv(w, claims.select(&all)));
        assert!(want.lines().count() > 1, "no claims for {company:?}");
        assert_eq!(claim_csv[i], want, "claims about {company:?}");
        let figures = FigureFilter {
            company: company.clone(),
            ..FigureFilter::default()
        };
        let want = bytes(|w| export::figures_csv(w, figures.select(&all)));
        assert!(want.lines().count() > 1, "no figures for {company:?}");
        assert_eq!(figure_csv[i], want, "figures about {company:?}");
    }
    assert_eq!(
        serde_json::to_string(&counts).unwrap(),
        serde_json::to_string(&entity_counts(&all)).unwrap()
    );
}

/// Listings group their hits by transcript in a collector that reads the fast
/// `transcript_id` column segment by segment: over several segments, with the documents of
/// a replaced file deleted but not yet merged away, they list what the datasets hold.
#[test]
fn listings_over_several_segments_and_deleted_documents_match_the_datasets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s");
    let writer = Store::open_or_create(&path, pipeline().tokenizer()).unwrap();
    writer.add(&[variant(3), variant(1)]).unwrap();
    writer.add(&[variant(2)]).unwrap();
    // The same source with new content: its old documents are deleted.
    let mut changed = variant(4);
    changed.transcript.source = "episodes/1.txt".into();
    let report = writer.add(&[changed]).unwrap();
    assert_eq!(report.updated.len(), 1);
    drop(writer);
    let store = Store::open_read_only(&path, pipeline().tokenizer()).unwrap();
    let all = store.datasets().unwrap();
    assert_eq!(all.len(), 3);
    for company in [None, Some("oracle"), Some("nvidia")] {
        let claims = ClaimFilter {
            company: company.map(str::to_string),
            ..ClaimFilter::default()
        };
        let want = bytes(|w| export::claims_csv(w, claims.select(&all)));
        let found = store.claim_datasets(company).unwrap();
        assert_eq!(found.len(), 3, "{company:?}");
        let got = bytes(|w| export::claims_csv(w, claims.select(&found)));
        assert_eq!(got, want, "claims about {company:?}");
        if company != Some("oracle") {
            assert!(got.contains("資金を4億ドル調達") && !got.contains("資金を1億ドル調達"));
        }
    }
}

#[test]
fn export_streams_the_same_bytes_one_dataset_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let all = store.datasets().unwrap();
    let sources: Vec<&str> = all.iter().map(|d| d.transcript.source.as_str()).collect();
    assert_eq!(
        sources,
        ["episodes/1.txt", "episodes/2.txt", "episodes/3.txt"]
    );
    let streamed = bytes(|w| {
        let mut jsonl = export::JsonlExport::default();
        store.for_each_dataset(|d| jsonl.write(w, &d))
    });
    assert_eq!(streamed, bytes(|w| export::export_jsonl(w, &all)));
    let streamed = bytes(|w| {
        let mut array = export::JsonArray::default();
        store.for_each_dataset(|d| array.item(w, &d))?;
        array.finish(w)
    });
    assert_eq!(streamed, bytes(|w| export::write_json(w, &all)));
    let empty = bytes(|w| export::JsonArray::default().finish(w));
    let none: Vec<claimdex::Dataset> = Vec::new();
    assert_eq!(empty, bytes(|w| export::write_json(w, &none)));
}

#[test]
fn bench_scale_reports_the_four_read_commands() {
    let out = Command::cargo_bin("claimdex")
        .unwrap()
        .args([
            "bench",
            "--scale",
            "--transcripts",
            "12",
            "--format",
            "json",
        ])
        .arg(super::corpus_path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(report["transcripts"], 12);
    let commands: Vec<&str> = report["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["command"].as_str().unwrap())
        .collect();
    assert_eq!(
        commands,
        [
            "claims --company Oracle",
            "figures --company Oracle --format csv",
            "entities",
            "export --format jsonl"
        ]
    );
    for c in report["commands"].as_array().unwrap() {
        assert!(c["peak_mb"].as_f64().unwrap() > 0.0);
        assert!(c["output_bytes"].as_u64().unwrap() > 0, "{c}");
        // The targeted commands are judged on the median of five runs, export runs once.
        let runs: Vec<f64> = c["runs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_f64().unwrap())
            .collect();
        let targeted = c["target_seconds"].is_number();
        assert_eq!(runs.len(), if targeted { 5 } else { 1 }, "{c}");
        assert!(runs.windows(2).all(|w| w[0] <= w[1]), "{c}");
        assert_eq!(c["seconds"].as_f64().unwrap(), runs[runs.len() / 2], "{c}");
    }
}
