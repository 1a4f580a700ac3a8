//! What every request reads: the open store, the gazetteer, the check rules, and the
//! store's datasets decoded once per commit.

use std::sync::{Arc, Mutex, PoisonError};

use crate::check::CheckRules;
use crate::query::names::{self, Holder};
use crate::record::{Check, Dataset};
use crate::{Pipeline, Store};

use super::params::Failure;

/// The server's state, shared by every request.
pub struct State {
    /// The store, opened as a reader.
    pub store: Store,
    /// The pipeline, for its gazetteer (names to ids, ids to names).
    pub pipeline: Pipeline,
    rules: CheckRules,
    /// Listening on a loopback address: answer only requests for this machine.
    pub loopback_only: bool,
    snapshot: Mutex<Option<Arc<Snapshot>>>,
}

/// The store's records at one commit.
pub struct Snapshot {
    /// Every transcript's dataset, in store order.
    pub datasets: Vec<Dataset>,
    /// Conflicts across transcripts (worked out once per commit, as `check` does).
    pub conflicts: Vec<Check>,
}

impl State {
    /// The state over an open store.
    pub fn new(store: Store, pipeline: Pipeline, rules: CheckRules, loopback_only: bool) -> Self {
        State {
            store,
            pipeline,
            rules,
            loopback_only,
            snapshot: Mutex::new(None),
        }
    }

    /// Look at the store's last commit; forget the decoded datasets if it changed.
    pub fn refresh(&self) -> Result<(), Failure> {
        let mut snapshot = self.snapshot.lock().unwrap_or_else(PoisonError::into_inner);
        if self.store.reload()? {
            *snapshot = None;
        }
        Ok(())
    }

    /// The datasets (and conflicts) of the last commit, decoded once per commit.
    pub fn snapshot(&self) -> Result<Arc<Snapshot>, Failure> {
        let mut slot = self.snapshot.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(s) = slot.as_ref() {
            return Ok(Arc::clone(s));
        }
        let datasets = self.store.datasets()?;
        let all: Vec<&Dataset> = datasets.iter().collect();
        let conflicts = crate::check::conflicts(&all, &self.rules);
        let s = Arc::new(Snapshot {
            datasets,
            conflicts,
        });
        *slot = Some(Arc::clone(&s));
        Ok(s)
    }

    /// A `company` (or any entity) name as an entity id, as `--company` resolves it; an
    /// unknown name is a 400.
    pub fn entity(&self, name: Option<&str>) -> Result<Option<String>, Failure> {
        let Some(name) = name else { return Ok(None) };
        match names::entity_id(self.pipeline.gazetteer(), &self.store, name)? {
            Some(id) => Ok(Some(id)),
            None => Err(unknown_name(name)),
        }
    }

    /// A `by` name as a holder, as `--by` resolves it; an unknown name is a 400.
    pub fn holder(&self, name: Option<&str>) -> Result<Option<Holder>, Failure> {
        let Some(name) = name else { return Ok(None) };
        match names::holder(self.pipeline.gazetteer(), &self.store, name)? {
            Some(h) => Ok(Some(h)),
            None => Err(unknown_name(name)),
        }
    }

    /// The display name of an entity id: the gazetteer's, else the store's, else the id.
    pub fn entity_name(&self, snapshot: &Snapshot, id: &str) -> String {
        if let Some(def) = self.pipeline.gazetteer().lookup(id) {
            return def.name.clone();
        }
        snapshot
            .datasets
            .iter()
            .find_map(|d| d.entity(id).map(|e| e.name.clone()))
            .unwrap_or_else(|| id.to_string())
    }
}

fn unknown_name(name: &str) -> Failure {
    Failure::bad(format!(
        "no entity named {name:?} in the gazetteer or the store (the Entities page lists the names in the store)"
    ))
}
