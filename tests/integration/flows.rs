//! Money flows: the fixture corpus (precision and recall of payer, payee and amount), the
//! flows the corpus interview states, and the graph outputs.

use claimdex::Dataset;
use claimdex::query::flows::edges;
use claimdex::record::Flow;
use claimdex::source::SourceText;
use serde::Deserialize;

use crate::{corpus_dataset, fixtures, pipeline};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    help: String,
    expect: Vec<Expected>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    payer: String,
    payee: String,
    #[serde(default)]
    value: Option<f64>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    status: Option<String>,
}

fn dataset(text: &str) -> Dataset {
    pipeline()
        .run(&SourceText::from_string("flows.txt", text))
        .expect("pipeline runs")
}

fn same(f: &Flow, e: &Expected) -> bool {
    let value_ok = match (e.value, f.value) {
        (None, _) => true,
        (Some(v), Some(x)) => (x.to_f64() - v).abs() <= 0.005 * v,
        (Some(_), None) => false,
    };
    f.payer_key() == e.payer && f.payee == e.payee && value_ok
}

/// Precision and recall of (payer, payee, amount) over the fixture corpus; kind and status
/// where a case names them; and no flow may be reversed.
#[test]
fn fixture_flows_score_above_thresholds() {
    let (mut tp, mut fp, mut fn_, mut reversed) = (0usize, 0usize, 0usize, 0usize);
    let (mut labels, mut labels_right) = (0usize, 0usize);
    let mut report = Vec::new();
    for (path, cases) in fixtures::load::<Case>("flows") {
        for c in cases {
            let ds = dataset(&c.text);
            let mut used = vec![false; ds.flows.len()];
            for e in &c.expect {
                match ds
                    .flows
                    .iter()
                    .enumerate()
                    .find(|(i, f)| !used[*i] && same(f, e))
                {
                    Some((i, f)) => {
                        used[i] = true;
                        tp += 1;
                        for (want, got) in
                            [(&e.kind, f.kind.as_str()), (&e.status, f.status.as_str())]
                        {
                            if let Some(want) = want {
                                labels += 1;
                                if want == got {
                                    labels_right += 1;
                                } else {
                                    report.push(format!("label {want} got {got}: {}", c.text));
                                }
                            }
                        }
                    }
                    None => {
                        fn_ += 1;
                        report.push(format!(
                            "miss ({}): {} [{}]",
                            c.help,
                            c.text,
                            path.display()
                        ));
                    }
                }
            }
            for (f, _) in ds.flows.iter().zip(&used).filter(|(_, u)| !**u) {
                fp += 1;
                let back = c
                    .expect
                    .iter()
                    .any(|e| e.payer == f.payee && e.payee == f.payer_key());
                reversed += usize::from(back);
                report.push(format!(
                    "FP {} -> {} ({}): {}",
                    f.payer_key(),
                    f.payee,
                    c.help,
                    c.text
                ));
            }
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    let l = labels_right as f64 / labels.max(1) as f64;
    println!(
        "flows fixtures: P {p:.3} R {r:.3} (tp {tp} fp {fp} fn {fn_}), labels {l:.3}, reversed {reversed}"
    );
    for line in &report {
        println!("  {line}");
    }
    assert_eq!(reversed, 0, "a flow in the wrong direction");
    assert!(p >= P_MIN, "precision {p:.3} below {P_MIN}");
    assert!(r >= R_MIN, "recall {r:.3} below {R_MIN}");
    assert!(
        l >= LABELS_MIN,
        "kind/status accuracy {l:.3} below {LABELS_MIN}"
    );
}

// Thresholds set a little below the values measured when the fixtures were written.
const P_MIN: f64 = 0.95;
const R_MIN: f64 = 0.9;
const LABELS_MIN: f64 = 0.9;

/// The flows of the corpus interview that claimdex must find: (payer, payee, value; 0 for
/// a deal stated without an amount).
const CORPUS: &[(&str, &str, f64)] = &[
    ("openai", "amd", 0.0),
    ("nvidia", "openai", 2e10),
    ("nvidia", "intel", 5e9),
    ("nvidia", "anthropic", 1e10),
    ("openai", "oracle", 3e11),
    ("investors", "oracle", 5e10),
    ("market", "oracle", 2.5e10),
    ("market", "oracle", 2e10),
    ("nvidia", "nebius", 2e9),
    ("nvidia", "coreweave", 2e9),
];

#[test]
fn corpus_flows_are_found_in_the_right_direction() {
    let ds = corpus_dataset();
    let found = CORPUS
        .iter()
        .filter(|(payer, payee, v)| {
            ds.flows.iter().any(|f| {
                f.payer_key() == *payer
                    && f.payee == *payee
                    && match f.value {
                        Some(x) => (x.to_f64() - v).abs() <= 0.005 * v,
                        None => *v == 0.0,
                    }
            })
        })
        .count();
    assert!(
        found >= 10,
        "only {found} of the corpus flows found: {:#?}",
        ds.flows
    );
    for f in &ds.flows {
        let reversed = CORPUS
            .iter()
            .any(|(a, b, _)| f.payee == *a && f.payer_key() == *b);
        assert!(!reversed, "reversed flow {} -> {}", f.payer_key(), f.payee);
    }
    // The 5-year Oracle contract keeps its period; the Bloomberg report is not "announced".
    let oracle = ds
        .flows
        .iter()
        .find(|f| f.payee == "oracle" && f.payer_key() == "openai");
    assert!(oracle.is_some_and(|f| f.period.as_deref().is_some_and(|p| p.contains("5年"))));
    let reported = ds
        .flows
        .iter()
        .find(|f| f.payee == "openai" && f.payer_key() == "nvidia");
    assert_eq!(reported.map(|f| f.status.as_str()), Some("reported"));
}

#[test]
fn the_same_deal_in_two_transcripts_is_one_edge() {
    let a = dataset("NvidiaはIntelに50億ドルを投資しました。");
    let b = dataset(
        "先月、NvidiaはIntelに約50億ドルを投資すると発表した。\nAmazonはAnthropicに40億ドルを投資した。",
    );
    let all = [&a, &b];
    let e = edges(&all, &[]);
    assert_eq!(e.len(), 2, "{e:#?}");
    assert_eq!(e[0].sources.len(), 2);
    assert_eq!(e[0].status.as_str(), "completed");
}

fn claimdex(store: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("claimdex").expect("the binary is built");
    cmd.env("CLAIMDEX_STORE", store).env("NO_COLOR", "1");
    cmd
}

fn run(store: &std::path::Path, args: &[&str]) -> String {
    let out = claimdex(store)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("UTF-8 output")
}

/// A store with the corpus indexed, for the command-line tests of `flows`.
fn corpus_store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = crate::corpus_path();
    let folder = corpus.parent().expect("corpus folder");
    claimdex(&dir.path().join("store"))
        .arg("index")
        .arg(folder)
        .assert()
        .success();
    dir
}

/// XML well-formedness, enough for GraphML: tags balanced and nested, attribute values
/// quoted, `&` only in the five predefined entities, no `<` in text.
fn well_formed_xml(xml: &str) -> Result<usize, String> {
    let mut stack: Vec<String> = Vec::new();
    let mut elements = 0;
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        check_text(&rest[..open])?;
        let close = rest[open..].find('>').ok_or("a tag is not closed")? + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if tag.starts_with('?') {
            continue;
        }
        if !tag.matches('"').count().is_multiple_of(2) {
            return Err(format!("unbalanced quotes in <{tag}>"));
        }
        let name = tag
            .trim_start_matches('/')
            .split([' ', '/'])
            .next()
            .unwrap_or("");
        if let Some(end) = tag.strip_prefix('/') {
            let top = stack.pop().ok_or(format!("</{end}> closes nothing"))?;
            if top != end.trim() {
                return Err(format!("</{end}> closes <{top}>"));
            }
        } else if !tag.ends_with('/') {
            stack.push(name.to_string());
        }
        elements += 1;
    }
    check_text(rest)?;
    if stack.is_empty() {
        Ok(elements)
    } else {
        Err(format!("unclosed {stack:?}"))
    }
}

fn check_text(text: &str) -> Result<(), String> {
    for (i, _) in text.match_indices('&') {
        let entity = &text[i..];
        let known = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"];
        if !known.iter().any(|k| entity.starts_with(k)) {
            return Err(format!("bare & in {text:?}"));
        }
    }
    Ok(())
}

#[test]
fn flows_graph_outputs_parse() {
    let dir = corpus_store();
    let store = dir.path().join("store");
    let graphml = run(&store, &["flows", "--format", "graphml"]);
    let elements = well_formed_xml(&graphml).unwrap_or_else(|e| panic!("{e}\n{graphml}"));
    assert!(elements > 20, "{graphml}");
    assert!(
        graphml.contains("source=\"nvidia\" target=\"intel\""),
        "{graphml}"
    );
    // The escaping itself: a name with every special character survives.
    assert!(well_formed_xml("<a b=\"&quot;&amp;\">x &lt; y</a>").is_ok());
    assert!(well_formed_xml("<a>x & y</a>").is_err());

    let dot = run(&store, &["flows", "--format", "dot"]);
    assert!(
        dot.starts_with("digraph flows {") && dot.trim_end().ends_with('}'),
        "{dot}"
    );
    assert_eq!(dot.matches('{').count(), dot.matches('}').count());
    let edge = regex::Regex::new(r#"^  "[^"]+" -> "[^"]+" \[label="[^"]*", style=(dashed|solid), kind="[a-z_]+", id="[^"]+"\];$"#).expect("regex");
    let edges = dot
        .lines()
        .filter(|l| l.contains(" -> "))
        .collect::<Vec<_>>();
    assert!(edges.len() >= 9, "{dot}");
    for l in &edges {
        assert!(edge.is_match(l), "not a DOT edge statement: {l}");
    }
    assert!(dot.contains(r#""nvidia" -> "openai""#) && dot.contains("style=dashed"));
    graphviz_parses(&dot);

    let svg = run(&store, &["flows", "--format", "svg"]);
    well_formed_xml(&svg).unwrap_or_else(|e| panic!("{e}"));
    assert!(svg.contains("<svg") && svg.contains("Nvidia") && svg.contains("stroke-dasharray"));
}

/// Graphviz's own parser, where it is installed (`dot -Tcanon` fails on a syntax error).
fn graphviz_parses(dot: &str) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let Ok(mut child) = Command::new("dot")
        .arg("-Tcanon")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
    else {
        return;
    };
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(dot.as_bytes()).expect("write to dot");
    }
    let out = child.wait_with_output().expect("dot runs");
    assert!(
        out.status.success(),
        "graphviz: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn flows_command_filters_exports_and_shows() {
    let dir = corpus_store();
    let store = dir.path().join("store");
    let json: serde_json::Value =
        serde_json::from_str(&run(&store, &["flows", "--format", "json"])).expect("JSON");
    let flows = json["flows"].as_array().expect("flows array");
    assert!(flows.len() >= 10);
    for f in flows {
        assert_eq!(f["schema"], "Payment");
        for key in ["payer", "beneficiary", "purpose"] {
            assert!(f["properties"][key].is_array(), "{key} in {f}");
        }
    }
    // A deal stated with an amount has one, with its currency; the AMD deal has none.
    let intel = flows
        .iter()
        .find(|f| f["properties"]["beneficiary"][0] == "Intel")
        .expect("Nvidia → Intel");
    assert_eq!(intel["properties"]["amount"][0], "5000000000");
    assert_eq!(intel["properties"]["currency"][0], "USD");
    assert_eq!(intel["properties"]["payer"][0], "Nvidia");
    let first = &flows[0];
    let oracle = run(
        &store,
        &["flows", "--company", "Oracle", "--status", "agreed"],
    );
    assert!(
        oracle.contains("OpenAI → Oracle") && !oracle.contains("Nvidia →"),
        "{oracle}"
    );
    let csv = run(&store, &["flows", "--format", "csv"]);
    assert!(csv.starts_with("id,payer,payee,kind,status,value"));
    let export = run(&store, &["export", "--format", "jsonl"]);
    assert!(export.lines().any(|l| l.contains(r#""record":"flow""#)));
    let show = run(&store, &["show", "nvidia"]);
    assert!(
        show.contains("flows out") && show.contains("→ intel"),
        "{show}"
    );
    let id = first["id"].as_str().expect("an id");
    let one = run(&store, &["show", id]);
    assert!(one.contains("flow"), "{one}");
}
