//! Stage 5b: entity mentions, from the gazetteer in `dictionaries/organisations.toml` and
//! `dictionaries/entities.toml`.
//!
//! All aliases of all entities go into one Aho-Corasick automaton (leftmost-longest, ASCII
//! case-insensitive), so matching costs one pass over the text whatever the gazetteer's size.
//! A match is kept only where it stands as a word of its own script: a Latin name is not
//! inside a longer Latin word, a katakana name not inside a longer katakana run. Aliases of
//! three characters or fewer (`AMD`, `SEC`) must match case exactly. A person's
//! `short_names` (`Jensen`, `Altman`) count only after the full name appeared in the same
//! text. The same gazetteer generates lindera's user dictionary, so names stay whole tokens.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use crate::record::{Entity, EntityType};

pub mod discover;
mod roles;

use crate::rules::DictionaryText;
use crate::{Error, Result};
pub use roles::RoleRules;

/// One gazetteer entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityDef {
    /// Stable id: lowercase ASCII, digits and `-`.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// What it is.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Every spelling that names it.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Common misspellings and speech-recognition errors.
    #[serde(default)]
    pub misspellings: Vec<String>,
    /// A person's first name or surname alone; linked only after the full name appeared.
    #[serde(default)]
    pub short_names: Vec<String>,
    /// Stock ticker, for listed companies.
    #[serde(default)]
    pub ticker: Option<String>,
    /// A one-line description.
    #[serde(default)]
    pub note: Option<String>,
    /// Id of the parent organisation.
    #[serde(default)]
    pub parent: Option<String>,
    /// A person's employer (entity id).
    #[serde(default)]
    pub employer: Option<String>,
    /// A person's role.
    #[serde(default)]
    pub title: Option<String>,
    /// Phrases that contain an alias but do not name the entity (`アマゾン川`): a match
    /// inside one of them is dropped.
    #[serde(default)]
    pub not_in: Vec<String>,
}

impl EntityDef {
    /// The dataset record for this entry.
    pub fn to_record(&self) -> Entity {
        let mut aliases: Vec<String> = Vec::new();
        for a in self.aliases.iter().chain(&self.misspellings) {
            if a != &self.name && !aliases.contains(a) {
                aliases.push(a.clone());
            }
        }
        Entity {
            id: self.id.clone(),
            name: self.name.clone(),
            kind: self.kind,
            aliases,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GazetteerFile {
    #[serde(default)]
    entity: Vec<EntityDef>,
}

/// How a pattern names its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AliasKind {
    /// A full name or alias.
    Alias,
    /// A known misspelling.
    Misspelling,
    /// A short name, valid after the full name.
    Short,
}

#[derive(Debug, Clone)]
struct Pattern {
    entity: usize,
    kind: AliasKind,
    exact_case: bool,
    text: String,
}

/// A name found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityMatch {
    /// Start (char offset, inclusive).
    pub start: usize,
    /// End (char offset, exclusive).
    pub end: usize,
    /// The entity's id.
    pub entity: String,
    /// How the text named it.
    pub kind: AliasKind,
}

/// The entity gazetteer with its matcher.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    entities: Vec<EntityDef>,
    by_id: HashMap<String, usize>,
    patterns: Vec<Pattern>,
    /// Built when `from_texts` loads the gazetteer, or on the first [`Gazetteer::find`] of
    /// one loaded only to look names up ([`Gazetteer::for_lookup`]).
    matcher: OnceLock<Option<Matcher>>,
}

/// The automata that find names in text.
#[derive(Debug, Clone)]
struct Matcher {
    automaton: AhoCorasick,
    /// Phrases that contain an alias but are not the entity (`not_in`).
    exclusions: AhoCorasick,
}

impl Matcher {
    fn build(patterns: &[Pattern], entities: &[EntityDef]) -> Result<Self> {
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(patterns.iter().map(|p| p.text.as_str()))
            .map_err(|e| Error::dictionary("entities.toml", e.to_string()))?;
        let exclusions = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(entities.iter().flat_map(|d| d.not_in.iter()))
            .map_err(|e| Error::dictionary("entities.toml", e.to_string()))?;
        Ok(Matcher {
            automaton,
            exclusions,
        })
    }
}

impl Gazetteer {
    /// Build from gazetteer files; a later file's entry replaces an earlier one with its id.
    pub fn from_texts(texts: &[DictionaryText]) -> Result<Self> {
        let gazetteer = Self::for_lookup(texts)?;
        let matcher = Matcher::build(&gazetteer.patterns, &gazetteer.entities)?;
        let _ = gazetteer.matcher.set(Some(matcher));
        Ok(gazetteer)
    }

    /// Load gazetteer files to look names up ([`Gazetteer::lookup`], [`Gazetteer::get`]):
    /// the automata that find names in text are built only if [`Gazetteer::find`] is
    /// called. What the read commands load: building the automata is most of the cost.
    pub fn for_lookup(texts: &[DictionaryText]) -> Result<Self> {
        let mut entities: Vec<EntityDef> = Vec::new();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        for t in texts {
            let file: GazetteerFile =
                toml::from_str(&t.text).map_err(|e| Error::dictionary(&t.name, e.to_string()))?;
            for def in file.entity {
                validate(&def).map_err(|m| Error::dictionary(&t.name, m))?;
                match by_id.get(&def.id) {
                    Some(&i) => entities[i] = def,
                    None => {
                        by_id.insert(def.id.clone(), entities.len());
                        entities.push(def);
                    }
                }
            }
        }
        let mut patterns = Vec::new();
        let mut seen: HashSet<(String, AliasKind)> = HashSet::new();
        for (i, def) in entities.iter().enumerate() {
            let names = std::iter::once(&def.name)
                .chain(&def.aliases)
                .map(|a| (a, AliasKind::Alias))
                .chain(def.misspellings.iter().map(|a| (a, AliasKind::Misspelling)))
                .chain(def.short_names.iter().map(|a| (a, AliasKind::Short)));
            for (alias, kind) in names {
                let alias = alias.trim();
                if alias.is_empty() {
                    continue;
                }
                // An alias names one entity: the first entry to list it keeps it.
                if !seen.insert((alias.to_string(), kind)) {
                    continue;
                }
                patterns.push(Pattern {
                    entity: i,
                    kind,
                    exact_case: alias.chars().count() <= 3,
                    text: alias.to_string(),
                });
            }
        }
        Ok(Gazetteer {
            entities,
            by_id,
            patterns,
            matcher: OnceLock::new(),
        })
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// Whether the gazetteer is empty.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// All entries.
    pub fn entities(&self) -> &[EntityDef] {
        &self.entities
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&EntityDef> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    /// Resolve a name as a user types it (`Oracle`, `オラクル`, `oracle`) to an entry: by id,
    /// canonical name, alias, misspelling or ticker, ignoring ASCII case.
    pub fn lookup(&self, name: &str) -> Option<&EntityDef> {
        let name = name.trim();
        if let Some(def) = self.get(name) {
            return Some(def);
        }
        self.entities.iter().find(|d| {
            std::iter::once(&d.name)
                .chain(&d.aliases)
                .chain(&d.misspellings)
                .chain(d.ticker.iter())
                .any(|a| a.eq_ignore_ascii_case(name))
        })
    }

    /// All names of the gazetteer found in `text`, in order, non-overlapping.
    pub fn find(&self, text: &str) -> Vec<EntityMatch> {
        // Char offsets of every byte boundary we need, computed in one pass.
        let mut char_at = vec![0usize; text.len() + 1];
        let mut n = 0;
        for (b, _) in text.char_indices() {
            char_at[b] = n;
            n += 1;
        }
        char_at[text.len()] = n;
        // Built by `from_texts`, which fails on what would fail here: `None` only for a
        // gazetteer loaded for lookups whose automata cannot be built.
        let matcher = self
            .matcher
            .get_or_init(|| Matcher::build(&self.patterns, &self.entities).ok());
        let Some(matcher) = matcher else {
            return Vec::new();
        };
        let excluded: Vec<(usize, usize)> = matcher
            .exclusions
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect();
        let mut seen_full: HashSet<usize> = HashSet::new();
        let mut out = Vec::new();
        for m in matcher.automaton.find_iter(text) {
            if excluded
                .iter()
                .any(|&(s, e)| s <= m.start() && m.end() <= e)
            {
                continue;
            }
            let p = &self.patterns[m.pattern().as_usize()];
            let found = &text[m.start()..m.end()];
            if p.exact_case && found != p.text {
                continue;
            }
            if !stands_alone(text, m.start(), m.end()) {
                continue;
            }
            if p.kind == AliasKind::Short && !seen_full.contains(&p.entity) {
                continue;
            }
            if p.kind != AliasKind::Short {
                seen_full.insert(p.entity);
            }
            out.push(EntityMatch {
                start: char_at[m.start()],
                end: char_at[m.end()],
                entity: self.entities[p.entity].id.clone(),
                kind: p.kind,
            });
        }
        out
    }

    /// lindera user dictionary rows (IPADIC's 13 columns) for every alias and misspelling,
    /// so the tokenizer keeps names whole and tags them as proper nouns.
    pub fn user_dictionary_csv(&self) -> String {
        let mut csv = String::new();
        let mut done: HashSet<&str> = HashSet::new();
        for def in &self.entities {
            // IPADIC 2.7.0 context ids (left-id.def) for proper nouns.
            let (id, sub2, sub3) = match def.kind {
                EntityType::Person => (1289, "人名", "一般"),
                EntityType::Place => (1293, "地域", "一般"),
                EntityType::Product | EntityType::Unknown => (1288, "一般", "*"),
                _ => (1292, "組織", "*"),
            };
            for alias in std::iter::once(&def.name)
                .chain(&def.aliases)
                .chain(&def.misspellings)
            {
                let alias = alias.trim();
                if alias.is_empty()
                    || alias.contains([',', '"', '\n', '\r'])
                    || alias.chars().count() < 2
                    || !done.insert(alias)
                {
                    continue;
                }
                csv.push_str(&format!(
                    "{alias},{id},{id},-3000,名詞,固有名詞,{sub2},{sub3},*,*,{alias},*,*\n"
                ));
            }
        }
        csv
    }
}

fn validate(def: &EntityDef) -> std::result::Result<(), String> {
    let ok = !def.id.is_empty()
        && def
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !ok {
        return Err(format!(
            "entity id {:?} must be lowercase ASCII letters, digits and '-'",
            def.id
        ));
    }
    if def.name.trim().is_empty() {
        return Err(format!("entity {:?} has an empty name", def.id));
    }
    Ok(())
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Script {
    Latin,
    Katakana,
    Other,
}

fn script(c: char) -> Script {
    if c.is_ascii_alphanumeric() || matches!(c, '\u{00C0}'..='\u{024F}') {
        Script::Latin
    } else if matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー' | '・') {
        Script::Katakana
    } else {
        Script::Other
    }
}

/// Whether `text[start..end]` is not part of a longer word of the same script.
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let clash = |edge: Option<char>, neighbour: Option<char>| match (edge, neighbour) {
        (Some(e), Some(n)) => {
            let s = script(e);
            s != Script::Other && s == script(n) && !(s == Script::Katakana && n == '・')
        }
        _ => false,
    };
    !clash(first, before) && !clash(last, after)
}

/// An entity named in the sentence, with char offsets relative to the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceMention {
    /// Start (char offset in the sentence).
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// Entity id.
    pub entity: String,
    /// Entity type.
    pub kind: EntityType,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> Gazetteer {
        let text = r#"
[[entity]]
id = "oracle"
name = "Oracle"
type = "company"
aliases = ["Oracle", "オラクル"]

[[entity]]
id = "amd"
name = "AMD"
type = "company"
aliases = ["AMD"]

[[entity]]
id = "meta"
name = "Meta"
type = "company"
aliases = ["Meta", "メタ"]

[[entity]]
id = "jensen-huang"
name = "Jensen Huang"
type = "person"
aliases = ["Jensen Huang"]
short_names = ["Jensen"]
"#;
        Gazetteer::from_texts(&[DictionaryText {
            name: "test".into(),
            text: text.into(),
        }])
        .unwrap()
    }

    #[test]
    fn a_gazetteer_loaded_for_lookups_finds_the_same_names_when_asked() {
        let full = gazetteer();
        let texts = [DictionaryText {
            name: "test".into(),
            text: "[[entity]]\nid = \"oracle\"\nname = \"Oracle\"\ntype = \"company\"\naliases = [\"オラクル\"]\n".into(),
        }];
        let light = Gazetteer::for_lookup(&texts).unwrap();
        assert!(light.matcher.get().is_none(), "built before it was needed");
        assert_eq!(
            light.lookup("オラクル").map(|d| d.id.as_str()),
            Some("oracle")
        );
        let text = "オラクルとORACLE";
        let ids =
            |g: &Gazetteer| -> Vec<String> { g.find(text).into_iter().map(|m| m.entity).collect() };
        assert_eq!(ids(&light), vec!["oracle", "oracle"]);
        assert_eq!(ids(&light), ids(&full));
    }

    fn found(text: &str) -> Vec<(String, String)> {
        let chars: Vec<char> = text.chars().collect();
        gazetteer()
            .find(text)
            .into_iter()
            .map(|m| (chars[m.start..m.end].iter().collect(), m.entity))
            .collect()
    }

    #[test]
    fn finds_names_in_any_script_and_case() {
        assert_eq!(
            found("ORACLEとオラクル、Jensen"),
            vec![
                ("ORACLE".to_string(), "oracle".to_string()),
                ("オラクル".to_string(), "oracle".to_string())
            ]
        );
    }

    #[test]
    fn respects_word_boundaries_and_short_names() {
        assert!(found("Metadataとメタバース、amd").is_empty());
        assert_eq!(found("Jensen HuangとJensen").len(), 2);
    }

    #[test]
    fn lookup_accepts_any_spelling() {
        let g = gazetteer();
        assert_eq!(g.lookup("オラクル").map(|d| d.id.as_str()), Some("oracle"));
        assert_eq!(g.lookup("oracle").map(|d| d.id.as_str()), Some("oracle"));
        assert!(g.lookup("Nvidia").is_none());
    }
}
