//! From atoms to drafts: each glued atom becomes a figure, two neighbouring atoms may become an
//! exchange-rate gloss or a range, bare atoms wait for the implied-currency pass.

use super::FigureExtractor;
use super::atoms::{Atom, AtomKind};
use crate::record::{Bound, Decimal, FigureKind, Period, Rate};

/// A figure in the making.
#[derive(Debug, Clone)]
pub(super) struct Draft {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: FigureKind,
    pub(super) value: Decimal,
    pub(super) max: Option<Decimal>,
    pub(super) currency: Option<String>,
    pub(super) unit: Option<String>,
    pub(super) approx: bool,
    pub(super) vague: bool,
    pub(super) bound: Option<Bound>,
    pub(super) rate: Option<Rate>,
    pub(super) implied: bool,
    pub(super) period: Option<Period>,
    pub(super) rules: Vec<String>,
    /// The amount itself, without qualifier words.
    pub(super) core_start: usize,
    pub(super) core_end: usize,
    /// Written with a big scale word (`億`), so it can lend its currency to bare amounts.
    pub(super) scaled: bool,
}

impl FigureExtractor {
    pub(super) fn draft_of(&self, a: &Atom) -> Option<Draft> {
        let (kind, currency, unit) = match a.kind {
            AtomKind::Money(i) => (
                FigureKind::Money,
                Some(self.currencies.get(i)?.code.clone()),
                None,
            ),
            AtomKind::Quantity(i) => {
                let u = self.units.get(i)?;
                (u.kind, None, Some(u.unit.clone()))
            }
            AtomKind::Bare => return None,
        };
        let mut rules = a.rules.clone();
        if a.max.is_some() {
            rules.insert(0, "numeral.vague".into());
        }
        Some(Draft {
            start: a.start,
            end: a.end,
            kind,
            value: a.value,
            max: a.max,
            currency,
            unit,
            approx: false,
            vague: a.max.is_some(),
            bound: None,
            rate: None,
            implied: false,
            period: None,
            rules,
            core_start: a.start,
            core_end: a.end,
            scaled: a.num.big_scale.is_some(),
        })
    }

    /// Turn atoms into drafts: glosses, ranges, single figures; bare atoms stay for later.
    pub(super) fn drafts(&self, chars: &[char], atoms: &[Atom]) -> (Vec<Draft>, Vec<Atom>) {
        let mut drafts = Vec::new();
        let mut bare = Vec::new();
        let mut i = 0;
        while i < atoms.len() {
            let a = &atoms[i];
            if let Some(b) = atoms.get(i + 1)
                && let Some(d) = self
                    .try_rate_gloss(chars, a, b)
                    .or_else(|| self.try_range(chars, a, b))
            {
                drafts.push(d);
                i += 2;
                continue;
            }
            match self.draft_of(a) {
                Some(d) => drafts.push(d),
                None => bare.push(a.clone()),
            }
            i += 1;
        }
        (drafts, bare)
    }
}
