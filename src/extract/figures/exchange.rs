//! Pass 2, exchange-rate glosses: `1ドル＝156円` becomes one `exchange_rate` figure.

use super::atoms::{Atom, AtomKind};
use super::drafts::Draft;
use super::{FigureExtractor, skip_spaces, skip_spaces_back};
use crate::record::FigureKind;

impl FigureExtractor {
    /// `1ドル＝156円`.
    pub(super) fn try_rate_gloss(&self, chars: &[char], a: &Atom, b: &Atom) -> Option<Draft> {
        let (AtomKind::Money(x), AtomKind::Money(y)) = (&a.kind, &b.kind) else {
            return None;
        };
        let k = skip_spaces(chars, a.end);
        let e = skip_spaces_back(chars, b.start);
        let between: String = chars.get(k..e)?.iter().collect();
        if !self.money.rate_gloss_signs.contains(&between) || a.value.is_zero() {
            return None;
        }
        let base = self.currencies.get(*x)?;
        let quote = self.currencies.get(*y)?;
        Some(Draft {
            start: a.start,
            end: b.end,
            kind: FigureKind::ExchangeRate,
            value: b.value.checked_div(a.value, 10)?,
            max: None,
            currency: Some(quote.code.clone()),
            unit: Some(base.code.clone()),
            approx: false,
            vague: false,
            bound: None,
            rate: None,
            implied: false,
            period: None,
            rules: vec!["exchange_rate.gloss".into()],
            core_start: a.start,
            core_end: a.end,
            scaled: a.num.big_scale.is_some(),
        })
    }
}
