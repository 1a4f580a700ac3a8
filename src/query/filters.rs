//! The claim and figure filters of `claims`, `figures` (and what `search` shares with
//! them): names already resolved to ids with [`crate::query::names`].

use crate::export::enum_name;
use crate::query::names::Holder;
use crate::record::{Claim, Dataset, Figure};

/// Which claims to list.
#[derive(Debug, Clone, Default)]
pub struct ClaimFilter {
    /// Only claims about this entity id.
    pub company: Option<String>,
    /// Only claims held by this holder.
    pub by: Option<Holder>,
    /// Only claims of this kind (`assertion`, `opinion`, …).
    pub kind: Option<String>,
    /// Only claims of this polarity (`positive`, `negative`, `mixed`).
    pub polarity: Option<String>,
}

impl ClaimFilter {
    /// Whether `c` passes every filter.
    pub fn matches(&self, c: &Claim) -> bool {
        self.company
            .as_ref()
            .is_none_or(|id| c.targets.contains(id))
            && self
                .by
                .as_ref()
                .is_none_or(|by| c.holder.as_deref().is_some_and(|h| by.matches(h)))
            && self.kind.as_ref().is_none_or(|k| c.kind.as_str() == k)
            && self
                .polarity
                .as_ref()
                .is_none_or(|p| enum_name(&c.polarity) == *p)
    }

    /// The claims of `datasets` that pass, each with its dataset, in order.
    pub fn select<'a>(&self, datasets: &'a [Dataset]) -> Vec<(&'a Dataset, &'a Claim)> {
        datasets
            .iter()
            .flat_map(|d| d.claims.iter().map(move |c| (d, c)))
            .filter(|(_, c)| self.matches(c))
            .collect()
    }
}

/// Which figures to list.
#[derive(Debug, Clone, Default)]
pub struct FigureFilter {
    /// Only figures about this entity id.
    pub company: Option<String>,
    /// Only figures in this currency (ISO 4217, any case).
    pub currency: Option<String>,
    /// Only figures of this kind (`money`, `percent`, …).
    pub kind: Option<String>,
}

impl FigureFilter {
    /// Whether `f` passes every filter.
    pub fn matches(&self, f: &Figure) -> bool {
        self.company
            .as_ref()
            .is_none_or(|id| f.entities.contains(id))
            && self.currency.as_ref().is_none_or(|c| {
                f.currency
                    .as_ref()
                    .is_some_and(|fc| fc.eq_ignore_ascii_case(c))
            })
            && self.kind.as_ref().is_none_or(|k| enum_name(&f.kind) == *k)
    }

    /// The figures of `datasets` that pass, each with its dataset, in order.
    pub fn select<'a>(&self, datasets: &'a [Dataset]) -> Vec<(&'a Dataset, &'a Figure)> {
        datasets
            .iter()
            .flat_map(|d| d.figures.iter().map(move |f| (d, f)))
            .filter(|(_, f)| self.matches(f))
            .collect()
    }
}
