//! Names typed by a user (`--company`, `--by`, `--speaker`) resolved to the ids and labels
//! records carry, one way for every command: any spelling the gazetteer knows, any case.
//! A name that resolves to nothing is the caller's error, with the nearest known names
//! ([`nearest`]) to offer.

use crate::Result;
use crate::extract::entities::Gazetteer;
use crate::store::Store;

/// The entity id for a name: any spelling the gazetteer knows, else the id or name
/// (ignoring ASCII case) of an entity in the store (names discovered in transcripts).
/// `Ok(None)`: neither knows it.
pub fn entity_id(gazetteer: &Gazetteer, store: &Store, name: &str) -> Result<Option<String>> {
    if let Some(def) = gazetteer.lookup(name) {
        return Ok(Some(def.id.clone()));
    }
    store_entity_id(store, name)
}

/// The first entity of the store (in source order) with this id or name, read from the
/// light transcript documents: no dataset is decoded, so an unknown name fails fast.
fn store_entity_id(store: &Store, name: &str) -> Result<Option<String>> {
    let mut found: Option<String> = None;
    store.for_each_transcript_meta(|m| {
        if found.is_none() {
            found = m
                .entities
                .iter()
                .map(|t| &t.entity)
                .find(|e| e.id == name || e.name.eq_ignore_ascii_case(name))
                .map(|e| e.id.clone());
        }
        Ok(())
    })?;
    Ok(found)
}

/// Whether a value the store holds (a speaker label, a holder) means the name a user typed:
/// the same ignoring case, or two spellings of one gazetteer entity (`Ed Zitron`,
/// `エド・ジトロン`), or the entity's id itself.
fn same_name(gazetteer: &Gazetteer, typed: &str, stored: &str) -> bool {
    if typed.trim().to_lowercase() == stored.trim().to_lowercase() {
        return true;
    }
    match gazetteer.lookup(typed) {
        Some(def) => stored == def.id || gazetteer.lookup(stored).is_some_and(|d| d.id == def.id),
        None => false,
    }
}

/// Who `--by NAME` means. A claim's holder is an entity id (reported speech) or, for a
/// claim the speaker makes, the speaker's name as the transcript writes it; a holder
/// matches if it is the entity's id, that name in any case, or another spelling of the same
/// gazetteer entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// The entity id the name resolves to, if any.
    pub id: Option<String>,
    /// The name as typed.
    pub name: String,
    /// The holder values in the store that match, distinct, sorted.
    pub in_store: Vec<String>,
}

impl Holder {
    /// Whether a claim's holder is this one.
    pub fn matches(&self, holder: &str) -> bool {
        self.id.as_deref() == Some(holder)
            || holder.to_lowercase() == self.name.to_lowercase()
            || self.in_store.iter().any(|h| h == holder)
    }

    /// One holder value a store search can filter on: the value the store's claims use when
    /// they all use one, else the entity id, else the name. A search filters on all of
    /// [`Holder::in_store`] (`SearchRequest::holders`); this is for callers that take one.
    pub fn term(&self) -> &str {
        match self.in_store.as_slice() {
            [one] => one,
            _ => self.id.as_deref().unwrap_or(&self.name),
        }
    }
}

/// Resolve `--by NAME`: an entity the gazetteer or the store knows, or a speaker name some
/// claim in the store is held by (any case, any alias). `Ok(None)`: nobody by that name.
pub fn holder(gazetteer: &Gazetteer, store: &Store, name: &str) -> Result<Option<Holder>> {
    let in_store: Vec<String> = store
        .holder_values()?
        .into_iter()
        .filter(|h| same_name(gazetteer, name, h))
        .collect();
    let id = match gazetteer.lookup(name) {
        Some(def) => Some(def.id.clone()),
        None if in_store.is_empty() => store_entity_id(store, name)?,
        None => None,
    };
    if id.is_none() && in_store.is_empty() {
        return Ok(None);
    }
    Ok(Some(Holder {
        id,
        name: name.to_string(),
        in_store,
    }))
}

/// The speaker labels in the store that `--speaker NAME` means: the name in any case, or
/// any spelling of the same gazetteer entity. Empty: nobody speaks under that name.
pub fn speaker_labels(gazetteer: &Gazetteer, store: &Store, name: &str) -> Result<Vec<String>> {
    Ok(store
        .speaker_labels()?
        .into_iter()
        .filter(|label| same_name(gazetteer, name, label))
        .collect())
}

/// The bare words of a search query that name an entity the gazetteer knows (any
/// spelling: `オラクル`, `ORCL`), each with the entity's id, for
/// `SearchRequest::entity_words`: such a word also matches records that name the entity.
pub fn entity_words(gazetteer: &Gazetteer, query: &str) -> Vec<(String, String)> {
    crate::store::query_text::plain_words(query)
        .into_iter()
        .filter(|w| !w.starts_with('"'))
        .filter_map(|w| gazetteer.lookup(&w).map(|def| (w, def.id.clone())))
        .collect()
}

/// The names a user could have meant, for an error about a name that resolves to nothing:
/// the gazetteer's canonical names, the store's speaker labels and holders.
pub fn known_names(gazetteer: &Gazetteer, store: &Store) -> Result<Vec<String>> {
    let mut names: Vec<String> = gazetteer
        .entities()
        .iter()
        .map(|d| d.name.clone())
        .collect();
    names.extend(store.speaker_labels()?);
    names.extend(
        store
            .holder_values()?
            .into_iter()
            .filter(|h| gazetteer.get(h).is_none()),
    );
    names.sort();
    names.dedup();
    Ok(names)
}

/// The at most `n` candidates nearest to `typed`: first those that contain it or that it
/// contains (ignoring case), then by edit distance; none further than half its length.
pub fn nearest(typed: &str, candidates: &[String], n: usize) -> Vec<String> {
    let typed_lower = typed.trim().to_lowercase();
    if typed_lower.is_empty() {
        return Vec::new();
    }
    let limit = typed_lower.chars().count().div_ceil(2).max(1);
    let mut scored: Vec<(usize, &String)> = candidates
        .iter()
        .filter_map(|c| {
            let lower = c.to_lowercase();
            if lower.contains(&typed_lower) || typed_lower.contains(&lower) {
                return Some((0, c));
            }
            let d = edit_distance(&typed_lower, &lower);
            (d <= limit).then_some((d, c))
        })
        .collect();
    scored.sort();
    // Names that contain the typed one say more than near spellings of it.
    if scored.first().is_some_and(|(d, _)| *d == 0) {
        scored.retain(|(d, _)| *d == 0);
    }
    scored.into_iter().take(n).map(|(_, c)| c.clone()).collect()
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_names_contain_or_are_close() {
        let names: Vec<String> = ["Jensen Huang", "Oracle", "OpenAI", "Nvidia"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(nearest("Jensen", &names, 3), vec!["Jensen Huang"]);
        assert_eq!(nearest("Oracel", &names, 3), vec!["Oracle"]);
        assert!(nearest("zzzzzz", &names, 3).is_empty());
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
