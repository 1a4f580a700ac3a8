//! `entities --unknown`: names in the transcripts that the gazetteer does not know yet.
//!
//! Three sources of candidates, none inside a known mention:
//! - runs of capitalised Latin words (`Alex Wilhelm`, `Door Dash`);
//! - tokens IPADIC tags as proper nouns (名詞,固有名詞), with its guess of person,
//!   place or organisation;
//! - katakana words IPADIC does not know (未知語), which are often new company names.
//!
//! Each is counted with an example sentence, ready to paste into a user `entities.toml`.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::dataset::Dataset;
use crate::dictionaries::Dictionaries;
use crate::{Error, Pipeline, Result};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DiscoveryFile {
    ignore: Vec<String>,
    min_latin_chars: usize,
    min_katakana_chars: usize,
}

/// A likely name not in the gazetteer.
#[derive(Debug, Clone, Serialize)]
pub struct UnknownName {
    /// The name as written.
    pub name: String,
    /// How many times it occurs.
    pub count: usize,
    /// A guess at its type: `person`, `place`, `organization` or `unknown`.
    pub guess: &'static str,
    /// Which rule found it.
    pub rule: &'static str,
    /// A sentence it occurs in.
    pub example_sentence_id: String,
    /// That sentence's text.
    pub example: String,
}

fn latin_names() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"[A-Z][A-Za-z0-9&'’.\-]*(?: [A-Z][A-Za-z0-9&'’.\-]*)*")
            .expect("constant pattern compiles")
    })
}

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー' | '・')
}

/// Find likely names that no gazetteer entry covers.
pub fn discover_unknown(pipeline: &Pipeline, datasets: &[Dataset]) -> Result<Vec<UnknownName>> {
    let dict = Dictionaries::builtin().text("discovery.toml")?;
    discover_with(pipeline, datasets, &dict.text, &dict.name)
}

/// [`discover_unknown`] with a given `discovery.toml` text.
pub fn discover_with(
    pipeline: &Pipeline,
    datasets: &[Dataset],
    rules_text: &str,
    rules_name: &str,
) -> Result<Vec<UnknownName>> {
    let rules: DiscoveryFile =
        toml::from_str(rules_text).map_err(|e| Error::dictionary(rules_name, e.to_string()))?;
    let ignored = |name: &str| rules.ignore.iter().any(|i| i.eq_ignore_ascii_case(name));
    let tokenizer = pipeline.tokenizer();
    let mut found: HashMap<String, UnknownName> = HashMap::new();
    let mut add = |name: &str, guess: &'static str, rule: &'static str, sid: &str, text: &str| {
        let entry = found
            .entry(name.to_string())
            .or_insert_with(|| UnknownName {
                name: name.to_string(),
                count: 0,
                guess,
                rule,
                example_sentence_id: sid.to_string(),
                example: text.to_string(),
            });
        entry.count += 1;
    };
    for d in datasets {
        for s in &d.sentences {
            // Mention spans relative to the sentence, in chars.
            let covered: Vec<(usize, usize)> = d
                .mentions
                .iter()
                .filter(|m| m.sentence_id == s.id && m.start >= s.start && m.end <= s.end)
                .map(|m| (m.start - s.start, m.end - s.start))
                .collect();
            let free = |a: usize, b: usize| covered.iter().all(|&(s, e)| b <= s || a >= e);
            for m in latin_names().find_iter(&s.text) {
                let a = s.text[..m.start()].chars().count();
                let b = a + m.as_str().chars().count();
                let name = m.as_str().trim_end_matches(['.', '-', '\'']);
                if name.chars().count() >= rules.min_latin_chars && !ignored(name) && free(a, b) {
                    add(name, "unknown", "latin_capitalised", &s.id, &s.text);
                }
            }
            for t in tokenizer.tokenize(&s.text)? {
                if !free(t.start, t.end) || ignored(&t.text) {
                    continue;
                }
                if t.text.is_ascii() {
                    continue; // Latin words are handled above.
                }
                if t.is_proper_noun() && t.text.chars().count() >= 2 {
                    let guess = match t.pos_detail2.as_str() {
                        "人名" => "person",
                        "地域" => "place",
                        "組織" => "organization",
                        _ => "unknown",
                    };
                    add(&t.text, guess, "ipadic_proper_noun", &s.id, &s.text);
                } else if t.pos == "未知語"
                    && t.text.chars().count() >= rules.min_katakana_chars
                    && t.text.chars().all(is_katakana)
                {
                    add(&t.text, "unknown", "unknown_katakana", &s.id, &s.text);
                }
            }
        }
    }
    let mut out: Vec<UnknownName> = found.into_values().collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    Ok(out)
}
