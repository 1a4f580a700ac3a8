//! Names the gazetteer does not know yet.
//!
//! In each sentence, outside the gazetteer's mentions, in this order (an earlier finder's
//! name wins where two overlap):
//! - organisations from how their names are built: a legal form, a head word, 社 after a
//!   foreign name (`orgs.rs`);
//! - people: joined kanji names, katakana and Latin names with a title or role
//!   (`people.rs`);
//! - runs of capitalised Latin words (`Alex Wilhelm`, `Door Dash`), typed by a head word or
//!   legal form after them when there is one;
//! - tokens IPADIC tags as proper nouns (名詞,固有名詞), with its guess of place or
//!   organisation (a lone person's name counts only with a title, above);
//! - katakana words IPADIC does not know, which are often new company names.
//!
//! Then, over the whole transcript, every typed name found once (and its short forms: a
//! surname, a group's name without ホールディングス) is linked wherever else it stands as
//! whole words, so that `早瀬です` after `代表取締役社長 早瀬隆之` is the same person.
//!
//! The pipeline records each name as a mention of an entity with id `unknown-…`, so no
//! company is invisible to search; `claimdex entities --unknown` counts them with an example
//! sentence, ready to paste into a user `entities.toml`. Words that look like names but are
//! not (`AI`, `CEO`, `GPU`) are listed in `dictionaries/discovery.toml`.

mod orgs;
mod people;
mod tokens;

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::record::{Dataset, EntityType, stable_hash};
use crate::rules::DictionaryText;
use crate::tokenize::{NameKind, Pos, Token};
use crate::{Error, Result};

use tokens::{is_katakana, person_name};

/// Prefix of the ids of discovered entities.
pub const UNKNOWN_PREFIX: &str = "unknown-";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct DiscoveryFile {
    ignore: Vec<String>,
    min_latin_chars: usize,
    min_katakana_chars: usize,
    person: people::PersonRules,
    organisation: orgs::OrgRules,
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
    /// Other forms that name it in the same transcript (a surname, the name with its
    /// legal form).
    pub aliases: Vec<String>,
}

/// A name found in a transcript: the sentence it is in, and the name.
pub type Found = (usize, Candidate);

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

/// Whether `[a, b)` overlaps none of `spans`.
fn free(spans: impl IntoIterator<Item = (usize, usize)>, a: usize, b: usize) -> bool {
    spans.into_iter().all(|(s, e)| b <= s || a >= e)
}

impl Discovery {
    /// Build from the text of a `discovery.toml`.
    pub fn from_toml(dict: &DictionaryText) -> Result<Self> {
        let mut rules: DiscoveryFile =
            toml::from_str(&dict.text).map_err(|e| Error::dictionary(&dict.name, e.to_string()))?;
        rules.person = rules.person.normalized();
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
        let chars: Vec<char> = text.chars().collect();
        let mut out: Vec<Candidate> = Vec::new();
        let take = |c: Candidate, out: &mut Vec<Candidate>| {
            if !self.ignored(&c.name)
                && free(covered.iter().copied(), c.start, c.end)
                && free(out.iter().map(|o| (o.start, o.end)), c.start, c.end)
            {
                out.push(c);
            }
        };
        for c in orgs::find(&self.rules.organisation, tokens) {
            take(c, &mut out);
        }
        for c in people::find(&self.rules.person, &chars, tokens) {
            take(c, &mut out);
        }
        for c in self.latin(text, &chars) {
            take(c, &mut out);
        }
        for c in self.proper_nouns(tokens) {
            take(c, &mut out);
        }
        out.sort_by_key(|c| c.start);
        out
    }

    /// Runs of capitalised Latin words, typed by a head word or a legal form after them.
    fn latin(&self, text: &str, chars: &[char]) -> Vec<Candidate> {
        let org = &self.rules.organisation;
        let mut out = Vec::new();
        for m in latin_names().find_iter(text) {
            let name = m.as_str().trim_end_matches(['.', '-', '\'', '’']);
            let a = text[..m.start()].chars().count();
            let b = a + name.chars().count();
            if name.chars().count() < self.rules.min_latin_chars {
                continue;
            }
            let (guess, aliases) = if let Some(n) = org.latin_legal_after(chars, b) {
                let full: String = chars[a..b + n].iter().collect();
                (EntityType::Company, vec![full])
            } else {
                (
                    org.latin_head(name).unwrap_or(EntityType::Unknown),
                    Vec::new(),
                )
            };
            out.push(Candidate {
                start: a,
                end: b,
                name: name.to_string(),
                guess,
                rule: "discovery.latin_capitalised",
                aliases,
            });
        }
        out
    }

    /// Proper nouns IPADIC knows (not a lone person's name: see `people.rs`) and katakana
    /// words it does not.
    fn proper_nouns(&self, tokens: &[Token]) -> Vec<Candidate> {
        let mut out = Vec::new();
        for t in tokens {
            if t.text.is_ascii() {
                continue;
            }
            // The cheap tests first: most tokens are neither proper nouns nor unknown
            // katakana, and never reach the ignore list.
            let candidate = if t.is_proper_noun() && t.text.chars().count() >= 2 {
                match t.tag().name {
                    NameKind::Person => None,
                    NameKind::Place => Some((EntityType::Place, "discovery.ipadic_proper_noun")),
                    NameKind::Organization => {
                        Some((EntityType::Organization, "discovery.ipadic_proper_noun"))
                    }
                    NameKind::Other => Some((EntityType::Unknown, "discovery.ipadic_proper_noun")),
                }
            } else if t.tag().pos == Pos::Unknown
                && t.text.chars().all(is_katakana)
                && t.text.chars().count() >= self.rules.min_katakana_chars
            {
                Some((EntityType::Unknown, "discovery.unknown_katakana"))
            } else {
                None
            };
            // `ツムギ・マテリアル・綾瀬`: lindera may keep a separator at a word's edge.
            let name = t.text.trim_matches(['・', '＝', '=']);
            if let Some((guess, rule)) = candidate
                && name.chars().count() >= 2
            {
                let lead = t.text.chars().count()
                    - t.text.trim_start_matches(['・', '＝', '=']).chars().count();
                out.push(Candidate {
                    start: t.start + lead,
                    end: t.start + lead + name.chars().count(),
                    name: name.to_string(),
                    guess,
                    rule,
                    aliases: Vec::new(),
                });
            }
        }
        out
    }

    /// Every likely name of a transcript, sentence by sentence (`texts`, `tokens`, and the
    /// gazetteer's spans in each), then every typed name again wherever else it stands.
    pub fn transcript(
        &self,
        texts: &[String],
        tokens: &[Vec<Token>],
        covered: &[Vec<(usize, usize)>],
    ) -> Vec<Found> {
        let mut found: Vec<Found> = Vec::new();
        for (si, text) in texts.iter().enumerate() {
            for c in self.candidates(text, &tokens[si], &covered[si]) {
                found.push((si, c));
            }
        }
        merge_surnames(&mut found);
        let again = relink(texts, tokens, covered, &found);
        found.extend(again);
        found.sort_by_key(|(si, c)| (*si, c.start));
        found
    }
}

/// A person named by surname alone (久遠寺社長) is the person named in full in the same
/// transcript whose surname it is, when exactly one is.
fn merge_surnames(found: &mut [Found]) {
    let mut full: HashMap<String, Vec<String>> = HashMap::new();
    for (_, c) in found.iter() {
        if c.guess == EntityType::Person {
            for a in &c.aliases {
                let names = full.entry(a.clone()).or_default();
                if !names.contains(&c.name) {
                    names.push(c.name.clone());
                }
            }
        }
    }
    for (_, c) in found.iter_mut() {
        if c.guess == EntityType::Person
            && let Some([name]) = full.get(&c.name).map(Vec::as_slice)
        {
            c.name = name.clone();
        }
    }
}

/// The typed names of `found` (and their aliases), linked wherever else they stand as
/// whole tokens outside `covered` and the names already found. A lone surname that IPADIC
/// tags as one becomes the person first named in full.
fn relink(
    texts: &[String],
    tokens: &[Vec<Token>],
    covered: &[Vec<(usize, usize)>],
    found: &[Found],
) -> Vec<Found> {
    let mut forms: Vec<(String, usize)> = Vec::new();
    for (i, (_, c)) in found.iter().enumerate() {
        if c.guess == EntityType::Unknown || c.guess == EntityType::Place {
            continue;
        }
        for f in std::iter::once(&c.name).chain(&c.aliases) {
            if f.chars().count() >= 2 && !forms.iter().any(|(g, _)| g == f) {
                forms.push((f.clone(), i));
            }
        }
    }
    if forms.is_empty() {
        return Vec::new();
    }
    let Ok(ac) = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(forms.iter().map(|(f, _)| f.as_str()))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (si, text) in texts.iter().enumerate() {
        let toks = &tokens[si];
        let taken: Vec<(usize, usize)> = found
            .iter()
            .filter(|(s, _)| *s == si)
            .map(|(_, c)| (c.start, c.end))
            .chain(covered[si].iter().copied())
            .collect();
        for m in ac.find_iter(text) {
            let a = text[..m.start()].chars().count();
            let b = a + text[m.start()..m.end()].chars().count();
            let chars_at = |i: usize| text[m.end()..].chars().next().filter(|_| i == b);
            let aligned = toks.iter().any(|t| t.start == a)
                && (toks.iter().any(|t| t.end == b) || matches!(chars_at(b), Some('・' | '＝')));
            if !aligned || !free(taken.iter().copied(), a, b) {
                continue;
            }
            // A short form alone is a person only where IPADIC also reads a name there.
            let (form, owner) = &forms[m.pattern().as_usize()];
            let c = &found[*owner].1;
            if c.guess == EntityType::Person
                && *form != c.name
                && !toks.iter().any(|t| t.start == a && person_name(t))
                && !form.is_ascii()
            {
                continue;
            }
            out.push((
                si,
                Candidate {
                    start: a,
                    end: b,
                    name: c.name.clone(),
                    guess: c.guess,
                    rule: "discovery.relinked",
                    aliases: Vec::new(),
                },
            ));
        }
    }
    out
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
