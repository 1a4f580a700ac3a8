//! One harness for the claim detector:
//! - the 22 key claims of the corpus gold file (`tests/fixtures/ed-zitron-*.gold.json`):
//!   at least 19 must be found with the right targets, holder and kind; every miss is printed
//!   with the reason;
//! - fixture passages in `tests/fixtures/claims/*.toml`: entities that are only mentioned
//!   (questions, greetings, lists, introductions) must not be targeted by any claim, and
//!   the expected claims must be found;
//! - property tests: no input panics, claim spans stay inside the text.

use std::fmt::Write as _;
use std::sync::OnceLock;

use claimdex::Dictionaries;
use claimdex::extract::claims::{ClaimDetector, ClaimInput, Discourse, SentenceContext};
use claimdex::extract::entities::SentenceMention;
use claimdex::record::{Claim, Dataset, EntityType};
use claimdex::source::SourceText;
use proptest::prelude::*;
use serde::Deserialize;

const CORPUS: &str = "corpus/ed-zitron-ai-market-collapse.ja.txt";
const GOLD: &str = "tests/fixtures/ed-zitron-ai-market-collapse.gold.json";
/// How many of the gold claims must be found.
const GOLD_REQUIRED: usize = 19;

use super::fixtures::root;
use super::pipeline;

fn claim_detector() -> &'static ClaimDetector {
    static C: OnceLock<ClaimDetector> = OnceLock::new();
    C.get_or_init(|| {
        let dict = Dictionaries::builtin()
            .text("claims.toml")
            .expect("claims.toml is built in");
        ClaimDetector::from_toml(&dict).expect("claims.toml loads")
    })
}

fn run(name: &str, text: &str) -> Dataset {
    match pipeline().run(&SourceText::from_string(name, text.to_string())) {
        Ok(d) => d,
        Err(e) => panic!("{name}: pipeline failed: {e}"),
    }
}

fn corpus() -> &'static Dataset {
    static D: OnceLock<Dataset> = OnceLock::new();
    D.get_or_init(|| {
        let text = std::fs::read_to_string(root().join(CORPUS)).expect("corpus is readable");
        run(CORPUS, &text)
    })
}

/// The gazetteer id of a gold name (`CoreWeave` → `coreweave`), by name or alias.
fn entity_id(d: &Dataset, name: &str) -> String {
    d.entities
        .iter()
        .find(|e| {
            e.name.eq_ignore_ascii_case(name)
                || e.id.eq_ignore_ascii_case(name)
                || e.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
        })
        .map_or_else(|| format!("<unknown entity {name}>"), |e| e.id.clone())
}

fn describe(c: &Claim) -> String {
    format!(
        "{} kind={} holder={} targets=[{}] polarity={:?} negated={} text={:?}\n      cues: {}",
        c.id,
        c.kind.as_str(),
        c.holder.as_deref().unwrap_or("-"),
        c.targets.join(","),
        c.polarity,
        c.negated,
        c.text,
        c.cues.join(", ")
    )
}

// ---------------------------------------------------------------------------------------------
// Gold
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
struct GoldFile {
    claims: Vec<GoldClaim>,
}

#[derive(Debug, Deserialize)]
struct GoldClaim {
    anchor: String,
    start: usize,
    targets: Vec<String>,
    holder: Option<String>,
    kinds: Vec<String>,
}

/// Why a gold claim is not matched by `c`, or `None` when it is.
fn mismatch(d: &Dataset, g: &GoldClaim, c: &Claim) -> Option<String> {
    let mut why = Vec::new();
    for t in &g.targets {
        let id = entity_id(d, t);
        if !c.targets.contains(&id) {
            why.push(format!("target {id} missing"));
        }
    }
    match &g.holder {
        Some(h) => {
            let id = entity_id(d, h);
            if c.holder.as_deref() != Some(id.as_str()) {
                why.push(format!(
                    "holder {} instead of {id}",
                    c.holder.as_deref().unwrap_or("none")
                ));
            }
        }
        None => {
            if let Some(h) = &c.holder {
                why.push(format!("holder {h} instead of the speaker"));
            }
        }
    }
    if !g.kinds.iter().any(|k| k == c.kind.as_str()) {
        why.push(format!(
            "kind {} not in [{}]",
            c.kind.as_str(),
            g.kinds.join(",")
        ));
    }
    if why.is_empty() {
        None
    } else {
        Some(why.join("; "))
    }
}

#[test]
fn gold_key_claims() {
    let d = corpus();
    let gold: GoldFile = serde_json::from_str(
        &std::fs::read_to_string(root().join(GOLD)).expect("gold file is readable"),
    )
    .expect("gold file parses");
    let mut found = 0;
    let mut report = String::new();
    for g in &gold.claims {
        let covering: Vec<&Claim> = d
            .claims
            .iter()
            .filter(|c| c.start <= g.start && g.start < c.end)
            .collect();
        let reasons: Vec<String> = covering
            .iter()
            .map(|c| mismatch(d, g, c).map(|why| format!("    {why}\n      {}", describe(c))))
            .collect::<Option<Vec<_>>>()
            .unwrap_or_default();
        if covering.is_empty() {
            let _ = writeln!(
                report,
                "MISS {:?} @{}: no claim covers it",
                g.anchor, g.start
            );
        } else if !reasons.is_empty() {
            let _ = writeln!(
                report,
                "MISS {:?} @{}:\n{}",
                g.anchor,
                g.start,
                reasons.join("\n")
            );
        } else {
            found += 1;
        }
    }
    println!(
        "gold claims: {found}/{} found (need {GOLD_REQUIRED})\n{report}",
        gold.claims.len()
    );
    println!("claims on the corpus: {}", d.claims.len());
    assert!(
        found >= GOLD_REQUIRED,
        "only {found}/{} gold claims found:\n{report}",
        gold.claims.len()
    );
}

#[test]
fn oracle_claims_and_jensen_huang_claims() {
    let d = corpus();
    let about_oracle: Vec<&Claim> = d
        .claims
        .iter()
        .filter(|c| c.targets.iter().any(|t| t == "oracle"))
        .collect();
    for needle in [
        "資金が枯渇",
        "3000億ドル",
        "OpenAIが彼らに支払った場合のみ",
        "破裂させる",
    ] {
        assert!(
            about_oracle.iter().any(|c| c.text.contains(needle)),
            "no Oracle claim contains {needle:?}"
        );
    }
    let by_jensen: Vec<&Claim> = d
        .claims
        .iter()
        .filter(|c| c.holder.as_deref() == Some("jensen-huang"))
        .collect();
    assert!(
        by_jensen
            .iter()
            .any(|c| c.text.contains("うまく運営していない")),
        "Jensen Huang's reported claim is missing"
    );
    // The holder is never a target unless the claim is about the holder alone.
    for c in &d.claims {
        if let Some(h) = &c.holder {
            assert!(
                !c.targets.contains(h) || c.targets.len() == 1,
                "holder is a target: {}",
                describe(c)
            );
        }
    }
}

#[test]
fn questions_are_questions_about_organisations_with_no_holder() {
    let d = corpus();
    let mut asked = 0;
    for c in &d.claims {
        let t = c.text.trim_end();
        if t.ends_with('?') || t.ends_with('？') {
            assert_eq!(c.kind.as_str(), "question", "{}", describe(c));
            assert!(c.holder.is_none(), "{}", describe(c));
            for e in &c.targets {
                let kind = d.entity(e).map(|x| x.kind);
                assert!(kind.is_some_and(|k| k.is_organisation()), "{}", describe(c));
            }
            asked += usize::from(!c.targets.is_empty());
        }
    }
    assert!(asked > 0, "the corpus asks about companies");
}

#[test]
fn explain_cues_name_rule_and_cue() {
    let d = corpus();
    assert!(!d.claims.is_empty());
    for c in &d.claims {
        assert!(
            c.cues.first().is_some_and(|k| k.starts_with("kind.")),
            "the first cue gives the kind: {}",
            describe(c)
        );
        for cue in &c.cues {
            let rule = cue.split(':').next().unwrap_or_default();
            assert!(
                rule.contains('.') && !rule.contains(' '),
                "cue {cue:?} is not rule:cue"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// The passage.
    text: String,
    /// Why this case exists, printed on failure.
    help: String,
    /// Entity ids no claim may target.
    #[serde(default)]
    absent: Vec<String>,
    /// Entity ids no claim may have as holder.
    #[serde(default)]
    not_holder: Vec<String>,
    /// Claims that must be found.
    #[serde(default)]
    expect: Vec<Expect>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// Text the claim's span must contain.
    contains: String,
    #[serde(default)]
    targets: Vec<String>,
    /// Entity id; `""` for "no holder".
    #[serde(default)]
    holder: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    polarity: Option<String>,
    #[serde(default)]
    negated: Option<bool>,
}

fn check_expect(c: &Claim, e: &Expect) -> Vec<String> {
    let mut why = Vec::new();
    for t in &e.targets {
        if !c.targets.contains(t) {
            why.push(format!("target {t} missing"));
        }
    }
    if let Some(h) = &e.holder {
        let got = c.holder.clone().unwrap_or_default();
        if &got != h {
            why.push(format!("holder {got:?} instead of {h:?}"));
        }
    }
    if let Some(k) = &e.kind
        && c.kind.as_str() != k
    {
        why.push(format!("kind {} instead of {k}", c.kind.as_str()));
    }
    if let Some(p) = &e.polarity {
        let got = c
            .polarity
            .map(|p| format!("{p:?}").to_lowercase())
            .unwrap_or_default();
        if &got != p {
            why.push(format!("polarity {got:?} instead of {p:?}"));
        }
    }
    if let Some(n) = e.negated
        && c.negated != n
    {
        why.push(format!("negated {} instead of {n}", c.negated));
    }
    why
}

#[test]
fn fixture_passages() {
    let files = super::fixtures::load::<Case>("claims");
    let (mut cases, mut absent_checks) = (0, 0);
    let mut failures = String::new();
    for (path, file_cases) in &files {
        let name = path.display().to_string();
        for case in file_cases {
            cases += 1;
            let d = run(&name, &case.text);
            for id in &case.absent {
                absent_checks += 1;
                for c in d.claims.iter().filter(|c| c.targets.contains(id)) {
                    let _ = writeln!(
                        failures,
                        "{name}: {id} must not be a target ({})\n  {}",
                        case.help,
                        describe(c)
                    );
                }
            }
            for id in &case.not_holder {
                for c in d.claims.iter().filter(|c| c.holder.as_ref() == Some(id)) {
                    let _ = writeln!(
                        failures,
                        "{name}: {id} must not be a holder ({})\n  {}",
                        case.help,
                        describe(c)
                    );
                }
            }
            for e in &case.expect {
                let candidates: Vec<&Claim> = d
                    .claims
                    .iter()
                    .filter(|c| c.text.contains(&e.contains))
                    .collect();
                let best = candidates
                    .iter()
                    .map(|c| (check_expect(c, e), *c))
                    .min_by_key(|(why, _)| why.len());
                match best {
                    None => {
                        let _ = writeln!(
                            failures,
                            "{name}: no claim contains {:?} ({})\n  claims: {:#?}",
                            e.contains,
                            case.help,
                            d.claims.iter().map(describe).collect::<Vec<_>>()
                        );
                    }
                    Some((why, c)) if !why.is_empty() => {
                        let _ = writeln!(
                            failures,
                            "{name}: claim with {:?}: {} ({})\n  {}",
                            e.contains,
                            why.join("; "),
                            case.help,
                            describe(c)
                        );
                    }
                    _ => {}
                }
            }
        }
    }
    println!("{cases} fixture passages, {absent_checks} mention-only entities checked");
    assert!(failures.is_empty(), "fixture failures:\n{failures}");
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn detector_never_panics_and_spans_stay_inside(
        text in "[a-zA-Z 。、？?!「」:彼らは同社がにのと言いましたOracleNvidiaOpenAIJensen Huang資金枯渇でしょうないません思います噂によると、Reuters私]{0,90}"
    ) {
        // An error (an empty transcript) is an answer; a panic is not.
        let Ok(d) = pipeline().run(&SourceText::from_string("p.txt", text.clone())) else {
            return Ok(());
        };
        let n = text.chars().count();
        for c in &d.claims {
            prop_assert!(c.start <= c.end && c.end <= n, "{c:?}");
            prop_assert!(!c.cues.is_empty());
            if c.kind.as_str() == "question" {
                prop_assert!(c.holder.is_none());
            }
        }
    }

    #[test]
    fn detector_survives_inconsistent_mentions(
        text in "[a-zA-Z 。、？?「」彼らはがにのと言いましたOracle資金枯渇でしょうない]{0,40}",
        spans in proptest::collection::vec((0usize..50, 0usize..50, 0usize..3), 0..4),
    ) {
        let detector = claim_detector();
        let tokens = pipeline().tokenizer().tokenize(&text).unwrap_or_default();
        let kinds = [EntityType::Company, EntityType::Person, EntityType::Media];
        let mentions: Vec<SentenceMention> = spans
            .iter()
            .map(|&(start, end, k)| SentenceMention {
                start,
                end,
                entity: format!("e{k}"),
                kind: kinds[k],
            })
            .collect();
        let mut discourse = Discourse::new(3);
        // Without a frame, then with a host and a speaker's organisation, then asking.
        let framed = SentenceContext {
            speaker_org: Some(("e0".to_string(), EntityType::Company)),
            host: Some(("e0".to_string(), EntityType::Company)),
            ..SentenceContext::default()
        };
        let asking = SentenceContext { asks: true, ..framed.clone() };
        for context in [SentenceContext::default(), framed, asking] {
            let input = ClaimInput { text: &text, tokens: &tokens, mentions: &mentions, context: &context };
            for c in detector.detect(input, &mut discourse) {
                prop_assert!(c.start <= c.end && c.end <= text.chars().count());
            }
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,60}") {
        let Ok(d) = pipeline().run(&SourceText::from_string("u.txt", text.clone())) else {
            return Ok(());
        };
        let n = text.chars().count();
        for c in &d.claims {
            prop_assert!(c.end <= n);
        }
    }
}
