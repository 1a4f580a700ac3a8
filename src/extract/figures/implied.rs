//! Pass 5, implied currency: a bare amount with a big scale word (`1500億から1600億`) shortly
//! after money in the same passage takes that currency, marked `implied_currency`.

use super::atoms::Atom;
use super::drafts::Draft;
use super::{FigureExtractor, skip_spaces};
use crate::extract::numeral::Script;
use crate::record::FigureKind;
use crate::text::{is_kanji, is_katakana};

impl FigureExtractor {
    /// Bare amounts with a big scale word after money in the same passage.
    pub(super) fn implied(&self, chars: &[char], drafts: &[Draft], bare: &[Atom]) -> Vec<Draft> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < bare.len() {
            let a = &bare[i];
            i += 1;
            if !may_take_currency(chars, a) {
                continue;
            }
            let Some(prev) = drafts
                .iter()
                .filter(|d| {
                    d.kind == FigureKind::Money && d.end <= a.start && !d.implied && d.scaled
                })
                .max_by_key(|d| d.end)
            else {
                continue;
            };
            if a.start - prev.end > self.money.implied_currency_window {
                continue;
            }
            let mut d = implied_draft(a, prev);
            // `1500億から1600億`: a range of two bare amounts
            if let Some(b) = bare.get(i)
                && self.bare_range_end(chars, a, b)
            {
                d.max = Some(b.value);
                d.end = b.end;
                d.core_end = b.end;
                d.rules.insert(0, "money.range.full".into());
                i += 1;
            }
            out.push(d);
        }
        out
    }

    /// True when `a<conn>b` is a range of two bare scaled amounts, `b` not glued to a word.
    fn bare_range_end(&self, chars: &[char], a: &Atom, b: &Atom) -> bool {
        if !(b.num.big_scale.is_some()
            && a.max.is_none()
            && b.max.is_none()
            && self.connector_between(chars, a.end, b.start)
            && a.value < b.value)
        {
            return false;
        }
        let kb = skip_spaces(chars, b.end);
        !chars
            .get(kb)
            .is_some_and(|&c| is_kanji(c) || is_katakana(c) || c.is_ascii_alphanumeric())
    }
}

/// A bare amount that may take an earlier currency: scaled, not negative, not hiragana, and not
/// glued to a unit, counter or word after it.
fn may_take_currency(chars: &[char], a: &Atom) -> bool {
    if a.num.big_scale.is_none() || a.value.is_negative() || a.num.script == Script::Hiragana {
        return false;
    }
    let k = skip_spaces(chars, a.end);
    // `1600万の大当たり`, `10億人`: an amount glued to a noun counts that noun
    !chars.get(k).is_some_and(|&c| {
        is_kanji(c) || is_katakana(c) || c.is_ascii_alphanumeric() || matches!(c, '%' | '％' | 'の')
    })
}

/// The bare amount `a` as money in the currency of `prev`.
fn implied_draft(a: &Atom, prev: &Draft) -> Draft {
    let mut d = Draft {
        start: a.start,
        end: a.end,
        kind: FigureKind::Money,
        value: a.value,
        max: a.max,
        currency: prev.currency.clone(),
        unit: None,
        approx: false,
        vague: a.max.is_some(),
        bound: None,
        rate: None,
        implied: true,
        period: None,
        rules: vec!["money.implied_currency".into()],
        core_start: a.start,
        core_end: a.end,
        scaled: true,
    };
    if d.vague {
        d.rules.insert(0, "numeral.vague".into());
    }
    d
}
