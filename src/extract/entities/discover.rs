//! Names the gazetteer does not know yet.
//!
//! Three sources of candidates in each sentence, none inside a known mention:
//! - runs of capitalised Latin words (`Alex Wilhelm`, `Door Dash`);
//! - tokens IPADIC tags as proper nouns (名詞,固有名詞), with its guess of person, place or
//!   organisation;
//! - katakana words IPADIC does not know, which are often new company names.
//!
//! The pipeline records each candidate as a mention of an entity with id `unknown-…`, so no
//! company is invisible to search; `claimdex entities --unknown` counts them with an example
//! sentence, ready to paste into a user `entities.toml`. Words that look like names but are
//! not (`AI`, `CEO`, `GPU`) are listed in `dictionaries/discovery.toml`.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::record::{Dataset, EntityType, stable_hash};
use crate::rules::DictionaryText;
use crate::tokenize::{NameKind, Pos, Token};
use crate::{Error, Result};

/// Prefix of the ids of discovered entities.
pub const UNKNOWN_PREFIX: &str = "unknown-";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct DiscoveryFile {
    ignore: Vec<String>,
    min_latin_chars: usize,
    min_katakana_chars: usize,
}

/// A likely name found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Start (char offset in the sentence).
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The name as written.
    pub name: String,
    /// A guess at its type (`Unknown` when there is no clue).
    pub guess: EntityType,
    /// The rule that found it.
    pub rule: &'static str,
}

/// The discovery rules, from `discovery.toml`.
#[derive(Debug, Clone)]
pub struct Discovery {
    rules: DiscoveryFile,
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

impl Discovery {
    /// Build from the text of a `discovery.toml`.
    pub fn from_toml(dict: &DictionaryText) -> Result<Self> {
        let rules: DiscoveryFile =
            toml::from_str(&dict.text).map_err(|e| Error::dictionary(&dict.name, e.to_string()))?;
        Ok(Discovery { rules })
    }

    fn ignored(&self, name: &str) -> bool {
        self.rules
            .ignore
            .iter()
            .any(|i| i.eq_ignore_ascii_case(name))
    }

    /// Likely names in one sentence (normalised text and its tokens) outside the `covered`
    /// char spans (the gazetteer's mentions), in order, non-overlapping.
    pub fn candidates(
        &self,
        text: &str,
        tokens: &[Token],
        covered: &[(usize, usize)],
    ) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = Vec::new();
        let free = |a: usize, b: usize, out: &[Candidate]| {
            covered.iter().all(|&(s, e)| b <= s || a >= e)
                && out.iter().all(|c| b <= c.start || a >= c.end)
        };
        for m in latin_names().find_iter(text) {
            let name = m.as_str().trim_end_matches(['.', '-', '\'', '’']);
            let a = text[..m.start()].chars().count();
            let b = a + name.chars().count();
            if name.chars().count() >= self.rules.min_latin_chars
                && !self.ignored(name)
                && free(a, b, &out)
            {
                out.push(Candidate {
                    start: a,
                    end: b,
                    name: name.to_string(),
                    guess: EntityType::Unknown,
                    rule: "discovery.latin_capitalised",
                });
            }
        }
        for t in tokens {
            if t.text.is_ascii() {
                continue;
            }
            // The cheap tests first: most tokens are neither proper nouns nor unknown
            // katakana, and never reach the ignore list.
            let candidate = if t.is_proper_noun() && t.text.chars().count() >= 2 {
                let guess = match t.tag().name {
                    NameKind::Person => EntityType::Person,
                    NameKind::Place => EntityType::Place,
                    NameKind::Organization => EntityType::Organization,
                    NameKind::Other => EntityType::Unknown,
                };
                Some((guess, "discovery.ipadic_proper_noun"))
            } else if t.tag().pos == Pos::Unknown
                && t.text.chars().all(is_katakana)
                && t.text.chars().count() >= self.rules.min_katakana_chars
            {
                Some((EntityType::Unknown, "discovery.unknown_katakana"))
            } else {
                None
            };
            let Some((guess, rule)) = candidate else {
                continue;
            };
            if self.ignored(&t.text) || !free(t.start, t.end, &out) {
                continue;
            }
            out.push(Candidate {
                start: t.start,
                end: t.end,
                name: t.text.to_string(),
                guess,
                rule,
            });
        }
        out.sort_by_key(|c| c.start);
        out
    }
}

/// The entity id of a discovered name: `unknown-` and an ASCII slug, or a hash for names
/// with no ASCII letters.
pub fn unknown_id(name: &str) -> String {
    let slug = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() || !name.is_ascii() {
        format!(
            "{UNKNOWN_PREFIX}{}{:08x}",
            if slug.is_empty() {
                String::new()
            } else {
                format!("{slug}-")
            },
            stable_hash(name.as_bytes()) & 0xffff_ffff
        )
    } else {
        format!("{UNKNOWN_PREFIX}{slug}")
    }
}

/// A discovered name, counted over the store.
#[derive(Debug, Clone, Serialize)]
pub struct UnknownName {
    /// The entity id given to it.
    pub id: String,
    /// The name as written.
    pub name: String,
    /// How many times it occurs.
    pub count: usize,
    /// The guessed type.
    pub guess: EntityType,
    /// A sentence it occurs in.
    pub example_sentence_id: String,
    /// That sentence's text.
    pub example: String,
}

/// Every discovered (`unknown-…`) entity in the datasets, most frequent first.
pub fn unknown_names(datasets: &[Dataset]) -> Vec<UnknownName> {
    let mut found: HashMap<String, UnknownName> = HashMap::new();
    for d in datasets {
        for m in &d.mentions {
            if !m.entity.starts_with(UNKNOWN_PREFIX) {
                continue;
            }
            let entry = found
                .entry(m.entity.clone())
                .or_insert_with(|| UnknownName {
                    id: m.entity.clone(),
                    name: m.text.clone(),
                    count: 0,
                    guess: d.entity(&m.entity).map_or(EntityType::Unknown, |e| e.kind),
                    example_sentence_id: m.sentence_id.clone(),
                    example: d
                        .sentence(&m.sentence_id)
                        .map(|s| s.text.clone())
                        .unwrap_or_default(),
                });
            entry.count += 1;
        }
    }
    let mut out: Vec<UnknownName> = found.into_values().collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_slugs_or_hashes() {
        assert_eq!(unknown_id("Door Dash"), "unknown-door-dash");
        assert!(unknown_id("小林").starts_with("unknown-"));
        assert_ne!(unknown_id("小林"), unknown_id("中村"));
    }
}
