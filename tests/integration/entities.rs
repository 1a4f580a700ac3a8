//! Entities: the gold list of the corpus, passages on other topics, and `--company` in any
//! spelling.

use std::collections::BTreeMap;

use claimdex::record::EntityType;
use claimdex::source::SourceText;
use serde::Deserialize;

use super::{corpus_dataset, pipeline};

fn gold() -> serde_json::Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ed-zitron-ai-market-collapse.gold.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Does our type fit the gold's coarser one?
fn type_fits(gold: &str, ours: EntityType) -> bool {
    match gold {
        "organization" => ours.is_organisation(),
        "person" => ours == EntityType::Person,
        "place" => ours == EntityType::Place,
        "product_or_media" => matches!(ours, EntityType::Product | EntityType::Media),
        _ => false,
    }
}

#[test]
fn every_gold_entity_is_found_and_linked() {
    let d = corpus_dataset();
    let gazetteer = pipeline().gazetteer();
    let mut failures = Vec::new();
    let mut report = Vec::new();
    for g in gold()["entities"].as_array().unwrap() {
        let name = g["name"].as_str().unwrap();
        let Some(entity) = d.entities.iter().find(|e| e.name == name) else {
            failures.push(format!("{name}: not found"));
            continue;
        };
        let discovered = entity
            .id
            .starts_with(claimdex::extract::entities::discover::UNKNOWN_PREFIX);
        if !discovered && !type_fits(g["type"].as_str().unwrap(), entity.kind) {
            failures.push(format!("{name}: type {:?}", entity.kind));
        }
        // Every spelling in the file is linked to this entity.
        for alias in g["aliases"].as_array().unwrap() {
            let alias = alias.as_str().unwrap();
            if !d
                .mentions
                .iter()
                .any(|m| m.text == alias && m.entity == entity.id)
            {
                failures.push(format!(
                    "{name}: spelling {alias:?} not linked to {}",
                    entity.id
                ));
            }
        }
        // Mentions, counting names nested in a subsidiary's name (Amazon in Amazon Web
        // Services), as the gold file does.
        let own = d.mentions.iter().filter(|m| m.entity == entity.id).count();
        let nested = d
            .mentions
            .iter()
            .filter(|m| {
                gazetteer
                    .get(&m.entity)
                    .and_then(|def| def.parent.as_deref())
                    .is_some_and(|p| p == entity.id)
                    && m.text.contains(name)
            })
            .count();
        let at_least = g["mentions_at_least"].as_u64().unwrap() as usize;
        report.push(format!(
            "{name:<22} {:>3} (+{nested} nested) ≥ {at_least}",
            own
        ));
        if own + nested < at_least {
            failures.push(format!(
                "{name}: {own}+{nested} mentions, gold says at least {at_least}"
            ));
        }
    }
    println!("{}", report.join("\n"));
    assert!(
        failures.is_empty(),
        "{} gold entities fail:\n{}\nhelp: add the spelling to dictionaries/entities.toml",
        failures.len(),
        failures.join("\n")
    );
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Passage {
    help: String,
    text: String,
    expect: Vec<String>,
    #[serde(default)]
    reject: Vec<String>,
    #[serde(default)]
    unknown: Vec<String>,
}

#[test]
fn passages_on_other_topics() {
    let mut failures = Vec::new();
    let files = super::fixtures::load::<Passage>("entities");
    for p in files.iter().flat_map(|(_, cases)| cases) {
        let d = pipeline()
            .run(&SourceText::from_string("passage.txt", p.text.clone()))
            .unwrap();
        let found: BTreeMap<&str, usize> = d.mentions.iter().fold(BTreeMap::new(), |mut m, x| {
            *m.entry(x.entity.as_str()).or_default() += 1;
            m
        });
        for id in &p.expect {
            if !found.contains_key(id.as_str()) {
                failures.push(format!("{}: {id} not found (found {found:?})", p.help));
            }
        }
        for id in &p.reject {
            if found.contains_key(id.as_str()) {
                failures.push(format!("{}: {id} found in a look-alike word", p.help));
            }
        }
        for name in &p.unknown {
            let id = claimdex::extract::entities::discover::unknown_id(name);
            if !found.contains_key(id.as_str()) {
                failures.push(format!(
                    "{}: {name:?} not discovered (found {found:?})",
                    p.help
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn people_get_the_title_and_employer_the_text_states() {
    let d = corpus_dataset();
    let role = |name: &str| {
        d.mentions
            .iter()
            .find(|m| m.text == name && m.role.is_some())
            .and_then(|m| m.role.clone())
    };
    let jensen = role("Jensen Huang").expect("Jensen Huang、NvidiaのCEO");
    assert_eq!(jensen.employer.as_deref(), Some("nvidia"));
    assert_eq!(jensen.title.as_deref(), Some("CEO"));
    let tan = role("Hock Tan").expect("BroadcomのHock Tan、CEO");
    assert_eq!(tan.employer.as_deref(), Some("broadcom"));
}

#[test]
fn figures_are_linked_to_their_companies() {
    let d = corpus_dataset();
    let about = |text: &str, at: usize| {
        d.figures
            .iter()
            .find(|f| f.text.contains(text) && f.start >= at)
            .map(|f| f.entities.clone())
            .unwrap_or_default()
    };
    assert_eq!(about("3000億ドル", 5400)[..2], ["oracle", "openai"]);
    assert_eq!(about("1820億ドル", 11500)[0], "google");
}

#[test]
fn a_full_name_from_the_gazetteer_is_one_token() {
    // lindera alone splits 三木谷浩史 into 三 + 木谷 + 浩史; the user dictionary made from the
    // gazetteer keeps it whole.
    let tokens = pipeline()
        .tokenizer()
        .tokenize("楽天の三木谷浩史会長と柳井正氏")
        .unwrap();
    let words: Vec<&str> = tokens.iter().map(|t| &*t.text).collect();
    assert!(words.contains(&"三木谷浩史"), "{words:?}");
    assert!(words.contains(&"柳井正氏"), "{words:?}");
}

#[test]
fn both_gazetteer_files_are_loaded_and_entities_toml_wins() {
    let g = pipeline().gazetteer();
    assert!(g.len() > 2000, "{} entities", g.len());
    // Generated from the index list, with its Japanese spelling.
    assert_eq!(g.lookup("資生堂").map(|d| d.id.as_str()), Some("shiseido"));
    // In both files' scope but kept from entities.toml: its note and aliases.
    assert_eq!(g.lookup("NVDA").map(|d| d.id.as_str()), Some("nvidia"));
    // Tickers resolve too.
    assert_eq!(g.lookup("4911.T").map(|d| d.id.as_str()), Some("shiseido"));
}

#[test]
fn an_empty_user_organisations_toml_switches_the_generated_list_off() {
    use claimdex::extract::entities::Gazetteer;
    use claimdex::rules::Dictionaries;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("organisations.toml"), "").unwrap();
    let texts = Dictionaries::with_overrides(dir.path())
        .unwrap()
        .gazetteer()
        .unwrap();
    let g = Gazetteer::from_texts(&texts).unwrap();
    assert!(g.lookup("資生堂").is_none());
    assert_eq!(g.lookup("オラクル").map(|d| d.id.as_str()), Some("oracle"));
    assert!(g.len() < pipeline().gazetteer().len());
}
