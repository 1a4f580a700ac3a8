//! Pass 3, ranges: `A<conn>B` where B carries the unit; the unit is shared, and so is B's scale
//! word when A has none (`500から550億ドル` = 5e10..5.5e10).

use super::atoms::{Atom, AtomKind};
use super::drafts::Draft;
use super::{FigureExtractor, chars_of, skip_spaces, skip_spaces_back};
use crate::record::{Decimal, FigureKind};

impl FigureExtractor {
    fn same_unit(&self, a: &AtomKind, b: &AtomKind) -> bool {
        match (a, b) {
            (AtomKind::Money(x), AtomKind::Money(y)) => {
                self.currencies.get(*x).map(|c| &c.code) == self.currencies.get(*y).map(|c| &c.code)
            }
            (AtomKind::Quantity(x), AtomKind::Quantity(y)) => {
                let (ux, uy) = (self.units.get(*x), self.units.get(*y));
                ux.map(|u| (&u.unit, u.kind)) == uy.map(|u| (&u.unit, u.kind))
            }
            _ => false,
        }
    }

    /// Range connector between `a` and `b` (only spaces around it).
    pub(super) fn connector_between(&self, chars: &[char], a_end: usize, b_start: usize) -> bool {
        let k = skip_spaces(chars, a_end);
        let e = skip_spaces_back(chars, b_start);
        let Some(between) = chars.get(k..e) else {
            return false;
        };
        let s: String = between.iter().collect();
        self.money.range_connectors.contains(&s)
    }

    /// Merge `A<conn>B` into ranges; `i` indexes `atoms`.
    pub(super) fn try_range(&self, chars: &[char], a: &Atom, b: &Atom) -> Option<Draft> {
        if b.kind == AtomKind::Bare || a.max.is_some() || b.max.is_some() {
            return None;
        }
        if !self.connector_between(chars, a.end, b.start) {
            return None;
        }
        let mut upper = self.draft_of(b)?;
        let (lower_value, rule) = match &a.kind {
            AtomKind::Bare => {
                let mut v = a.value;
                let mut rule = "range.shared_unit";
                if a.num.big_scale.is_none()
                    && let Some(s) = b.num.big_scale
                {
                    v = v.checked_mul(Decimal::pow10(s)?)?;
                    rule = "range.shared_scale";
                }
                (v.checked_mul(b.factor)?, rule)
            }
            k if self.same_unit(k, &b.kind) => (a.value, "range.full"),
            _ => return None,
        };
        if lower_value >= upper.value
            || lower_value.is_negative() != upper.value.is_negative() && lower_value.is_negative()
        {
            return None;
        }
        let prefix = match upper.kind {
            FigureKind::Money => "money.",
            FigureKind::Percent => "percent.",
            _ => "quantity.",
        };
        upper.max = Some(upper.value);
        upper.value = lower_value;
        upper.start = a.start;
        upper.core_start = a.start;
        upper.scaled |= a.num.big_scale.is_some();
        upper.rules.insert(0, format!("{prefix}{rule}"));
        // `まで` closing the range
        for c in &self.money.range_closers {
            let w = chars_of(c);
            if chars.get(upper.end..upper.end + w.len()) == Some(w.as_slice()) {
                upper.end += w.len();
                upper.core_end = upper.end;
            }
        }
        Some(upper)
    }
}
