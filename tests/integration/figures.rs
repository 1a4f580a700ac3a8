//! One harness for the figure extractors:
//! - the fixture corpora in `tests/fixtures/figures/*.toml` (positive and negative cases);
//! - the gold file of the corpus transcript (`tests/fixtures/ed-zitron-*.gold.json`), run on the
//!   normalised text and mapped back, as the pipeline does;
//! - property tests: no input panics, spans are valid, sorted and non-overlapping.

use super::{numbers, ranges};
use claimdex::extract::figures::{FigureExtractor, FigureMatch};
use claimdex::extract::numeral;
use claimdex::normalize::NormalizedText;
use claimdex::record::Decimal;
use proptest::prelude::*;
use serde::Deserialize;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;

fn extractor() -> &'static FigureExtractor {
    static X: OnceLock<FigureExtractor> = OnceLock::new();
    X.get_or_init(|| match FigureExtractor::builtin() {
        Ok(x) => x,
        Err(e) => panic!("built-in dictionaries do not load: {e}"),
    })
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    #[serde(default)]
    help: Option<String>,
    #[serde(default)]
    expect: Vec<Expected>,
}

/// Fields left out are expected to be absent/false, except `rule` and `period`, which are
/// compared only when given.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    text: String,
    kind: String,
    value: String,
    #[serde(default)]
    value_max: Option<String>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    approx: bool,
    #[serde(default)]
    vague: bool,
    #[serde(default)]
    bound: Option<String>,
    #[serde(default)]
    rate: Option<String>,
    #[serde(default)]
    implied_currency: bool,
    #[serde(default)]
    rule: Option<String>,
    #[serde(default)]
    period: Option<String>,
}

fn json_str<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Differences between an expected figure and a found one (empty when they agree).
fn diff(e: &Expected, g: &FigureMatch) -> Vec<String> {
    let mut d = Vec::new();
    let dec = |s: &str| s.parse::<Decimal>().ok();
    let mut check = |name: &str, ok: bool, want: String, got: String| {
        if !ok {
            d.push(format!("{name}: expected {want}, got {got}"));
        }
    };
    check(
        "kind",
        json_str(&g.kind) == e.kind,
        e.kind.clone(),
        json_str(&g.kind),
    );
    check(
        "value",
        dec(&e.value) == Some(g.value),
        e.value.clone(),
        g.value.to_string(),
    );
    check(
        "value_max",
        e.value_max.as_deref().map(dec) == g.value_max.map(Some),
        format!("{:?}", e.value_max),
        format!("{:?}", g.value_max.map(|v| v.to_string())),
    );
    check(
        "currency",
        e.currency == g.currency,
        format!("{:?}", e.currency),
        format!("{:?}", g.currency),
    );
    check(
        "unit",
        e.unit == g.unit,
        format!("{:?}", e.unit),
        format!("{:?}", g.unit),
    );
    check(
        "approx",
        e.approx == g.approx,
        e.approx.to_string(),
        g.approx.to_string(),
    );
    check(
        "vague",
        e.vague == g.vague,
        e.vague.to_string(),
        g.vague.to_string(),
    );
    let gb = g.bound.as_ref().map(json_str);
    check(
        "bound",
        e.bound == gb,
        format!("{:?}", e.bound),
        format!("{gb:?}"),
    );
    let gr = g.rate.as_ref().map(json_str);
    check(
        "rate",
        e.rate == gr,
        format!("{:?}", e.rate),
        format!("{gr:?}"),
    );
    check(
        "implied_currency",
        e.implied_currency == g.implied_currency,
        e.implied_currency.to_string(),
        g.implied_currency.to_string(),
    );
    if let Some(rule) = &e.rule {
        check(
            "rule",
            g.rule.split('+').any(|r| r == rule),
            rule.clone(),
            g.rule.clone(),
        );
    }
    if let Some(p) = &e.period {
        let got = g
            .period
            .as_ref()
            .map(|p| format!("{} {} {}", json_str(&p.kind), p.value, p.unit));
        check(
            "period",
            got.as_deref() == Some(p.as_str()),
            p.clone(),
            format!("{got:?}"),
        );
    }
    d
}

fn run_fixture_file(path: &Path, cases: &[Case], failures: &mut Vec<String>) -> usize {
    for case in cases {
        let got = extractor().extract(&case.text);
        let mut problems = Vec::new();
        for e in &case.expect {
            match got.iter().find(|g| g.text == e.text) {
                None => problems.push(format!("missing {:?}", e.text)),
                Some(g) => {
                    for p in diff(e, g) {
                        problems.push(format!("{:?}: {p}", e.text));
                    }
                }
            }
        }
        for g in &got {
            if !case.expect.iter().any(|e| e.text == g.text) {
                problems.push(format!(
                    "unexpected {:?} ({} {})",
                    g.text,
                    json_str(&g.kind),
                    g.value
                ));
            }
        }
        if !problems.is_empty() {
            let mut msg = String::new();
            let _ = writeln!(msg, "{}: input {:?}", path.display(), case.text);
            let _ = writeln!(
                msg,
                "  expected: {:?}",
                case.expect.iter().map(|e| &e.text).collect::<Vec<_>>()
            );
            let _ = writeln!(
                msg,
                "  got:      {}",
                serde_json::to_string(&got).unwrap_or_default()
            );
            for p in problems {
                let _ = writeln!(msg, "  - {p}");
            }
            let hint = case.help.clone().unwrap_or_else(|| {
                "run `claimdex extract --explain` on the input and compare the rule names with dictionaries/*.toml".into()
            });
            let _ = writeln!(msg, "  help: {hint}");
            failures.push(msg);
        }
    }
    cases.len()
}

#[test]
fn fixture_corpora() {
    let entries = super::fixtures::load::<Case>("figures");
    let mut failures = Vec::new();
    let mut total = 0;
    for (p, cases) in &entries {
        total += run_fixture_file(p, cases, &mut failures);
    }
    println!(
        "fixtures: {} cases in {} files, {} failing",
        total,
        entries.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {total} fixture cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Gold file
// ---------------------------------------------------------------------------------------------

fn fixture_path(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn gold_decimal(v: &serde_json::Value) -> Option<Decimal> {
    match v {
        serde_json::Value::Number(n) => n.to_string().parse().ok(),
        _ => None,
    }
}

#[test]
fn gold_money_and_quantities() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/ed-zitron-ai-market-collapse.ja.txt"),
    )
    .unwrap_or_default();
    let gold: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture_path("ed-zitron-ai-market-collapse.gold.json"))
            .unwrap_or_default(),
    )
    .unwrap_or_default();
    assert!(!text.is_empty(), "transcript missing");
    let norm = NormalizedText::new(&text);
    let mut found: Vec<FigureMatch> = extractor().extract(norm.as_str());
    for f in &mut found {
        let (s, e) = norm.span_to_original(f.start, f.end);
        f.start = s;
        f.end = e;
    }
    let overlaps = |f: &FigureMatch, s: u64, e: u64| (f.start as u64) < e && s < (f.end as u64);
    let money: Vec<&FigureMatch> = found
        .iter()
        .filter(|f| json_str(&f.kind) == "money")
        .collect();
    let empty = Vec::new();
    let gold_money = gold["money"].as_array().unwrap_or(&empty);
    let mut problems = Vec::new();
    let (mut hit, mut exact) = (0, 0);
    for g in gold_money {
        let (s, e) = (
            g["start"].as_u64().unwrap_or(0),
            g["end"].as_u64().unwrap_or(0),
        );
        let optional = g["optional"].as_bool().unwrap_or(false);
        let Some(f) = money.iter().find(|f| overlaps(f, s, e)) else {
            if !optional {
                problems.push(format!("missing {} at {s}", g["text"]));
            }
            continue;
        };
        hit += 1;
        let mut bad = Vec::new();
        if Some(f.value) != gold_decimal(&g["value"]) {
            bad.push(format!("value {} != {}", f.value, g["value"]));
        }
        if f.value_max != gold_decimal(&g["value_max"]) {
            bad.push(format!(
                "value_max {:?} != {}",
                f.value_max.map(|v| v.to_string()),
                g["value_max"]
            ));
        }
        if f.currency.as_deref() != g["currency"].as_str() {
            bad.push(format!("currency {:?} != {}", f.currency, g["currency"]));
        }
        for (name, got) in [
            ("approx", f.approx),
            ("vague", f.vague),
            ("implied_currency", f.implied_currency),
        ] {
            if got != g[name].as_bool().unwrap_or(false) {
                bad.push(format!("{name} {got}"));
            }
        }
        let bound = f.bound.as_ref().map(json_str);
        if bound.as_deref() != g["bound"].as_str() {
            bad.push(format!("bound {bound:?} != {}", g["bound"]));
        }
        let rate = f.rate.as_ref().map(json_str);
        if rate.as_deref() != g["rate"].as_str() {
            bad.push(format!("rate {rate:?} != {}", g["rate"]));
        }
        if bad.is_empty() {
            exact += 1;
        } else {
            problems.push(format!(
                "{} at {s}: {} (found {:?} rule {})",
                g["text"],
                bad.join(", "),
                f.text,
                f.rule
            ));
        }
    }
    let extra: Vec<&&FigureMatch> = money
        .iter()
        .filter(|f| {
            !gold_money.iter().any(|g| {
                overlaps(
                    f,
                    g["start"].as_u64().unwrap_or(0),
                    g["end"].as_u64().unwrap_or(0),
                )
            })
        })
        .collect();
    for f in &extra {
        problems.push(format!(
            "extra money {:?} at {} (rule {})",
            f.text, f.start, f.rule
        ));
    }
    let gold_q = gold["quantities"].as_array().unwrap_or(&empty);
    let mut q_ok = 0;
    for g in gold_q {
        let (s, e) = (
            g["start"].as_u64().unwrap_or(0),
            g["end"].as_u64().unwrap_or(0),
        );
        let want_unit = g["unit"].as_str().unwrap_or("%");
        let ok = found.iter().any(|f| {
            overlaps(f, s, e)
                && json_str(&f.kind) == g["kind"].as_str().unwrap_or("")
                && Some(f.value) == gold_decimal(&g["value"])
                && f.unit.as_deref() == Some(want_unit)
        });
        if ok {
            q_ok += 1;
        } else {
            problems.push(format!("quantity {} at {s} not found exactly", g["text"]));
        }
    }
    println!(
        "gold money: {} items, found {hit}, exact {exact}, extra {}; quantities {q_ok}/{}",
        gold_money.len(),
        extra.len(),
        gold_q.len()
    );
    assert!(
        problems.is_empty(),
        "gold file mismatches:\n{}",
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Exact arithmetic and the public numeral API
// ---------------------------------------------------------------------------------------------

#[test]
fn exact_values_and_serialisation() {
    let n = numeral::parse_numeral("16.7億").map(|n| n.value);
    assert_eq!(n, "1670000000".parse().ok());
    let n = numeral::parse_numeral("1.4兆").map(|n| n.value);
    assert_eq!(n.map(|v| v.to_string()).as_deref(), Some("1400000000000"));
    let d: Decimal = "100000000000".parse().unwrap_or(Decimal::ZERO);
    assert_eq!(
        serde_json::to_string(&d).unwrap_or_default(),
        "100000000000"
    );
    let d: Decimal = "2222.13".parse().unwrap_or(Decimal::ZERO);
    assert_eq!(serde_json::to_string(&d).unwrap_or_default(), "2222.13");
    assert!(numeral::parse_numeral("999999999999兆兆").is_none_or(|n| n.value.to_f64() > 0.0));
}

#[test]
fn dictionaries_report_errors_with_the_file_name() {
    let bad = FigureExtractor::from_toml(("my-money.toml", "[money\n"), ("q.toml", ""));
    let msg = bad.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.contains("my-money.toml"), "{msg}");
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

fn interesting() -> impl Strategy<Value = String> {
    let alphabet: Vec<char> = "0123456789０１２３４５６７８９.,、，．・点 　-−－△ー~〜から約最大以上未満超数十百千万億兆京〇一二三四五六七八九零円ドル$¥€£銭セント%％パーセント割分厘ギガワットメガGWMWkKMBbillion年間月にあたり分の/^eEダース半マイナスいちにさんせんまんおく第番目より大きい小さいと間=＝http://x。\n"
        .chars()
        .collect();
    prop::collection::vec(prop::sample::select(alphabet), 0..40)
        .prop_map(|v| v.into_iter().collect())
}

fn check_spans(text: &str, spans: &[(usize, usize)], sorted: bool) -> Result<(), TestCaseError> {
    let len = text.chars().count();
    let mut last_end = 0;
    for &(s, e) in spans {
        prop_assert!(s < e, "empty span {s}..{e} in {text:?}");
        prop_assert!(e <= len, "span {s}..{e} past the end ({len}) of {text:?}");
        if sorted {
            prop_assert!(
                s >= last_end,
                "overlapping or unsorted span {s}..{e} in {text:?}"
            );
            last_end = e;
        }
    }
    Ok(())
}

fn check_all(text: &str) -> Result<(), TestCaseError> {
    let x = extractor();
    let figs = x.extract(text);
    let chars: Vec<char> = text.chars().collect();
    for f in &figs {
        let slice: String = chars
            .get(f.start..f.end)
            .map(|c| c.iter().collect())
            .unwrap_or_default();
        prop_assert_eq!(&slice, &f.text);
    }
    check_spans(
        text,
        &figs.iter().map(|f| (f.start, f.end)).collect::<Vec<_>>(),
        true,
    )?;
    let nums = numbers::find_numbers(text);
    check_spans(
        text,
        &nums.iter().map(|n| (n.start, n.end)).collect::<Vec<_>>(),
        true,
    )?;
    let ranges = ranges::find_number_ranges(text);
    check_spans(
        text,
        &ranges.iter().map(|r| (r.start, r.end)).collect::<Vec<_>>(),
        true,
    )?;
    let pcts = x.find_percentages(text);
    check_spans(
        text,
        &pcts.iter().map(|r| (r.start, r.end)).collect::<Vec<_>>(),
        true,
    )?;
    let cur = x.find_currency_mentions(text);
    check_spans(
        text,
        &cur.iter().map(|r| (r.start, r.end)).collect::<Vec<_>>(),
        true,
    )?;
    let _ = numeral::parse_numeral(text);
    let _ = x.extract(NormalizedText::new(text).as_str());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn no_panic_on_numeral_soup(text in interesting()) {
        check_all(&text)?;
    }

    #[test]
    fn no_panic_on_any_string(text in any::<String>()) {
        check_all(&text)?;
    }

    #[test]
    fn arabic_numbers_round_trip(n in 0u64..1_000_000_000_000u64) {
        let parsed = numeral::parse_numeral(&n.to_string()).map(|x| x.value.to_string());
        prop_assert_eq!(parsed, Some(n.to_string()));
    }
}

#[test]
fn huge_inputs_do_not_panic() {
    for s in [
        "9".repeat(500),
        "兆".repeat(500),
        "999999999999兆兆兆兆兆".to_string(),
        format!("{}億ドル", "9".repeat(60)),
        "1e99999999999".to_string(),
        "2^99999".to_string(),
        "1.1^-300".to_string(),
        "十".repeat(300),
        "数".repeat(100),
    ] {
        let _ = extractor().extract(&s);
        let _ = numbers::find_numbers(&s);
        let _ = ranges::find_number_ranges(&s);
    }
}
