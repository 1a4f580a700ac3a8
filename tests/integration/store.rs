//! The store: index the corpus into a temporary store, search it, read it back.

use claimdex::Store;
use claimdex::search::{HitKind, SearchRequest, search};

use super::{corpus_dataset, pipeline};

fn request(query: &str, company: Option<&str>) -> SearchRequest {
    SearchRequest {
        query: query.to_string(),
        company: company.map(str::to_string),
        by: None,
        kinds: Vec::new(),
        limit: 10,
    }
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
