//! The pipeline on the corpus and on generated text: spans, ids, sentences.

use claimdex::source::SourceText;
use proptest::prelude::*;

use super::{corpus_dataset, pipeline};

#[test]
fn every_span_slices_the_original_text() {
    let d = corpus_dataset();
    let text = std::fs::read_to_string(super::corpus_path()).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let slice = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
    assert!(d.sentences.len() > 100);
    for s in &d.sentences {
        assert_eq!(slice(s.start, s.end), s.text, "sentence {}", s.id);
    }
    for f in &d.figures {
        assert_eq!(slice(f.start, f.end), f.text, "figure {}", f.id);
        assert!(d.sentence(&f.sentence_id).is_some());
    }
    for m in &d.mentions {
        assert_eq!(slice(m.start, m.end), m.text, "mention {}", m.id);
    }
    for c in &d.claims {
        assert_eq!(slice(c.start, c.end), c.text, "claim {}", c.id);
    }
}

#[test]
fn ids_are_stable_across_runs() {
    let source = claimdex::source::read_transcript(&super::corpus_path()).unwrap();
    let again = pipeline().run(&source).unwrap();
    assert_eq!(&again, corpus_dataset());
}

#[test]
fn finds_the_oracle_claim_and_its_amounts() {
    let d = corpus_dataset();
    let s = d
        .sentences
        .iter()
        .find(|s| {
            s.text
                .contains("Oracleは資金が枯渇しつつあり、たった一つの顧客")
        })
        .expect("the sentence is found whole");
    assert!(s.text.ends_with("支払うことができなくなります。"));
    assert_eq!(s.section.as_deref(), Some("AI 市場崩壊の始まり"));
    let claim = d
        .claims
        .iter()
        .find(|c| c.sentence_id == s.id)
        .expect("the sentence makes a claim");
    assert!(claim.targets.contains(&"oracle".to_string()), "{claim:?}");
    let f = d
        .figures
        .iter()
        .find(|f| f.sentence_id == s.id)
        .expect("数十億ドル is a figure");
    assert_eq!(f.text, "数十億ドル");
    assert_eq!(f.currency.as_deref(), Some("USD"));
}

#[test]
fn extract_json_has_the_documented_shape() {
    let json = serde_json::to_value(corpus_dataset()).unwrap();
    for key in [
        "schema",
        "transcript",
        "sentences",
        "figures",
        "mentions",
        "entities",
        "claims",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    let fig = json["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["text"] == "1000億ドル")
        .unwrap();
    // A JSON number in whole currency units, not a string or a float with an exponent.
    assert_eq!(fig["value"].to_string(), "100000000000");
    assert_eq!(fig["currency"], "USD");
}

fn sentences_and_gaps_rebuild(text: &str) {
    let seg = claimdex::segment::segment(text);
    let chars: Vec<char> = text.chars().collect();
    let mut at = 0;
    let mut rebuilt = String::new();
    for s in &seg.sentences {
        assert!(s.start >= at && s.end > s.start && s.end <= chars.len());
        rebuilt.extend(&chars[at..s.start]); // the gap
        rebuilt.extend(&chars[s.start..s.end]);
        at = s.end;
    }
    rebuilt.extend(&chars[at..]);
    assert_eq!(rebuilt, text);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn sentences_with_gaps_reproduce_the_input(
        text in "[a-zA-Z0-9 。、！？!?「」『』（）()\n\r:：#資金が枯渇OracleはＡＢ１２ｶﾞ]{0,120}"
    ) {
        sentences_and_gaps_rebuild(&text);
    }

    #[test]
    fn pipeline_never_panics_and_spans_stay_inside(
        text in "[a-zA-Z0-9 。、！？!?「」\n:数十億兆万円ドル%％ーOracleはが彼ら１２ｶﾞ]{0,80}"
    ) {
        let result = pipeline().run(&SourceText::from_string("p.txt", text.clone()));
        if text.trim().is_empty() {
            // Nothing to index is an error naming the file, not an empty dataset.
            prop_assert!(result.unwrap_err().to_string().contains("p.txt"));
            return Ok(());
        }
        let d = result.unwrap();
        let n = text.chars().count();
        for s in &d.sentences { prop_assert!(s.start < s.end && s.end <= n); }
        for f in &d.figures { prop_assert!(f.start < f.end && f.end <= n); }
        for m in &d.mentions { prop_assert!(m.start < m.end && m.end <= n); }
        for c in &d.claims { prop_assert!(c.start < c.end && c.end <= n); }
    }
}

/// A transcript longer than one tokenizer run (`TOKENIZE_CHUNK_CHARS`) is tokenized in
/// runs of whole sentences. Copy for copy, it must get what the corpus alone gets: the same
/// sentences, tokens, figures and claims.
#[test]
fn a_long_transcript_is_analysed_like_its_parts() {
    let text = std::fs::read_to_string(super::corpus_path()).unwrap();
    // The corpus ends with a lone `コメント` line, which would become the heading of the
    // next copy: without it, each copy segments as the corpus does.
    let text = text.trim_end().trim_end_matches("コメント").trim_end();
    let copies = 3;
    let long = vec![text; copies].join("\n\n");
    assert!(long.chars().count() > 2 * claimdex::pipeline::TOKENIZE_CHUNK_CHARS);
    let one = pipeline()
        .analyze(&SourceText::from_string("one.txt", text))
        .unwrap();
    let all = pipeline()
        .analyze(&SourceText::from_string("long.txt", long))
        .unwrap();
    let n = one.dataset.sentences.len();
    assert_eq!(all.dataset.sentences.len(), copies * n);
    let token_view = |tokens: &[claimdex::tokenize::Token]| {
        tokens
            .iter()
            .map(|t| (t.text.clone(), t.start, t.end, t.pos().to_string()))
            .collect::<Vec<_>>()
    };
    for (i, s) in all.dataset.sentences.iter().enumerate() {
        let (copy, j) = (i / n, i % n);
        assert_eq!(
            s.text, one.dataset.sentences[j].text,
            "sentence {j} of copy {copy}"
        );
        assert_eq!(
            token_view(&all.sentence_tokens[i]),
            token_view(&one.sentence_tokens[j]),
            "tokens of sentence {j} of copy {copy}"
        );
    }
    let figures = |d: &claimdex::Dataset| {
        d.figures
            .iter()
            .map(|f| (f.text.clone(), f.value.to_f64(), f.currency.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        figures(&all.dataset),
        vec![figures(&one.dataset); copies].concat()
    );
    let claims = |d: &claimdex::Dataset| {
        d.claims
            .iter()
            .map(|c| (c.text.clone(), c.kind, c.figures.len()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        claims(&all.dataset),
        vec![claims(&one.dataset); copies].concat()
    );
}

#[test]
fn corpus_sentences_rebuild_the_file() {
    let text = std::fs::read_to_string(super::corpus_path()).unwrap();
    sentences_and_gaps_rebuild(&text);
}

/// The whole pipeline output on the corpus, one record per line, with the rule and cue names
/// that made each figure and claim: any change in what claimdex extracts, or in which rule
/// fired, shows up in review as a diff of this snapshot.
#[test]
fn corpus_snapshot() {
    let d = corpus_dataset();
    let mut lines = Vec::new();
    let t = &d.transcript;
    lines.push(format!("transcript {} {} chars={}", t.id, t.title, t.chars));
    for s in &d.sentences {
        let section = s.section.as_deref().unwrap_or("-");
        lines.push(format!(
            "sentence {}..{} [{section}] {}",
            s.start, s.end, s.text
        ));
    }
    for f in &d.figures {
        let v = serde_json::to_value(f).unwrap();
        lines.push(format!(
            "figure {}..{} {} kind={} value={} max={} cur={} unit={} approx={} vague={} bound={} rate={} implied={} about={} rule={}",
            f.start, f.end, f.text, v["kind"].as_str().unwrap_or(""), f.value,
            f.value_max.map(|x| x.to_string()).unwrap_or_default(),
            f.currency.as_deref().unwrap_or(""), f.unit.as_deref().unwrap_or(""),
            f.approx, f.vague, v["bound"], v["rate"], f.implied_currency, f.entities.join(","),
            f.rule
        ));
    }
    for m in &d.mentions {
        lines.push(format!(
            "mention {}..{} {} -> {}",
            m.start, m.end, m.text, m.entity
        ));
    }
    for c in &d.claims {
        lines.push(format!(
            "claim {}..{} {} holder={} targets={} polarity={} negated={} hedged={} topics={} figures={} cues={}",
            c.start, c.end, c.kind.as_str(), c.holder.as_deref().unwrap_or("-"),
            c.targets.join(","), serde_json::to_value(c.polarity).unwrap(), c.negated, c.hedged,
            c.topics.join(","), c.figures.len(), c.cues.join(" ")
        ));
    }
    for k in &d.checks {
        let v = serde_json::to_value(k).unwrap();
        lines.push(format!(
            "check {} {} {} rule={} cues={}",
            v["relation"].as_str().unwrap_or(""),
            v["verdict"].as_str().unwrap_or(""),
            k.explanation,
            v["rule"].as_str().unwrap_or(""),
            k.cues.join(" ")
        ));
    }
    insta::assert_snapshot!("corpus", lines.join("\n"));
}
