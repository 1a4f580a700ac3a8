//! Names typed by a user (`--company`, `--by`) resolved to the ids records carry, one way
//! for every command.

use crate::Result;
use crate::extract::entities::Gazetteer;
use crate::record::Dataset;
use crate::store::Store;

/// The entity id for a name: any spelling the gazetteer knows, else the id or name
/// (ignoring ASCII case) of an entity in the store (names discovered in transcripts).
/// `Ok(None)`: neither knows it.
pub fn entity_id(gazetteer: &Gazetteer, store: &Store, name: &str) -> Result<Option<String>> {
    if let Some(def) = gazetteer.lookup(name) {
        return Ok(Some(def.id.clone()));
    }
    Ok(store_entity_id(&store.datasets()?, name))
}

fn store_entity_id(datasets: &[Dataset], name: &str) -> Option<String> {
    datasets.iter().find_map(|d| {
        d.entities
            .iter()
            .find(|e| e.id == name || e.name.eq_ignore_ascii_case(name))
            .map(|e| e.id.clone())
    })
}

/// Who `--by NAME` means. A claim's holder is an entity id (reported speech) or, for a
/// claim the speaker makes, the speaker's name as the transcript writes it; a holder
/// matches if it is the entity's id or that name, ignoring ASCII case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// The entity id the name resolves to, if any.
    pub id: Option<String>,
    /// The name as typed.
    pub name: String,
    /// The holder values in the store that match, distinct, in order of first use.
    pub in_store: Vec<String>,
}

impl Holder {
    /// Whether a claim's holder is this one.
    pub fn matches(&self, holder: &str) -> bool {
        self.id.as_deref() == Some(holder) || holder.eq_ignore_ascii_case(&self.name)
    }

    /// The one holder value a store search filters on (the index holds holders as exact
    /// terms): the value the store's claims use when they all use one, which makes a search
    /// find the same claims [`Holder::matches`] does; else the entity id, else the name.
    pub fn term(&self) -> &str {
        match self.in_store.as_slice() {
            [one] => one,
            _ => self.id.as_deref().unwrap_or(&self.name),
        }
    }
}

/// Resolve `--by NAME`: an entity the gazetteer or the store knows, or a speaker name some
/// claim in the store is held by. `Ok(None)`: nobody by that name.
pub fn holder(gazetteer: &Gazetteer, store: &Store, name: &str) -> Result<Option<Holder>> {
    let datasets = store.datasets()?;
    let id = match gazetteer.lookup(name) {
        Some(def) => Some(def.id.clone()),
        None => store_entity_id(&datasets, name),
    };
    let mut holder = Holder {
        id,
        name: name.to_string(),
        in_store: Vec::new(),
    };
    for h in datasets
        .iter()
        .flat_map(|d| &d.claims)
        .filter_map(|c| c.holder.as_deref())
    {
        if holder.matches(h) && !holder.in_store.iter().any(|x| x == h) {
            holder.in_store.push(h.to_string());
        }
    }
    if holder.id.is_none() && holder.in_store.is_empty() {
        return Ok(None);
    }
    Ok(Some(holder))
}
