//! Percentages and currency names on their own, as Recognizers-Text's PercentModel and
//! CurrencyModel report them: no qualifiers, no ranges, no implied currency.

use super::{CurrencyMention, FigureExtractor, FigureMatch, url_spans, word_at};
use crate::extract::numeral::{self, Script, scan_numerals};
use crate::record::FigureKind;
use crate::text::{is_kanji, is_katakana};

impl FigureExtractor {
    /// Percentages alone (`25%`, `九パーセント`, `3割8分7厘`, `3.2kパーセント`), without
    /// qualifiers or ranges, as Recognizers-Text's PercentModel reports them. Values are in
    /// percent (`五割` → 50).
    pub fn find_percentages(&self, text: &str) -> Vec<FigureMatch> {
        let chars: Vec<char> = text.chars().collect();
        let urls = url_spans(&chars);
        let mut out: Vec<FigureMatch> = Vec::new();
        for n in scan_numerals(&chars) {
            if urls.iter().any(|&(s, e)| n.start < e && s < n.end) {
                continue;
            }
            let mut n2 = n;
            if !n.has_unit
                && n.script == Script::Arabic
                && let Some((m, end)) =
                    numeral::latin_multiplier(&chars, n.end, &self.latin_multipliers)
                && self.unit_after(&chars, end).is_some()
                && let Some(v) = n.value.checked_mul(m)
            {
                n2.value = v;
                n2.end = end;
            }
            let a = self.atom_for(&chars, n2);
            let Some(d) = self.draft_of(&a) else { continue };
            if d.kind != FigureKind::Percent {
                continue;
            }
            if out.last().is_some_and(|p| p.end > d.start) {
                continue;
            }
            out.push(FigureMatch {
                start: d.start,
                end: d.end,
                text: chars[d.start..d.end].iter().collect(),
                kind: d.kind,
                value: d.value,
                value_max: d.max,
                currency: None,
                unit: d.unit,
                approx: false,
                vague: d.vague,
                bound: None,
                rate: None,
                implied_currency: false,
                period: None,
                rule: d.rules.join("+"),
                amount_start: d.core_start,
                amount_end: d.core_end,
            });
        }
        out
    }

    /// Currencies named without an amount (`ドル`, `人民元　米ドル`); names inside longer
    /// katakana words are skipped.
    pub fn find_currency_mentions(&self, text: &str) -> Vec<CurrencyMention> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let prev_kata = i > 0 && is_katakana(chars[i - 1]);
            if !prev_kata && let Some((end, idx)) = word_at(&chars, i, &self.currency_names) {
                let w = &chars[i..end];
                let next_glued = chars.get(end).is_some_and(|&c| {
                    is_katakana(c)
                        || (w.iter().all(|x| x.is_ascii_alphabetic()) && c.is_ascii_alphanumeric())
                });
                let single_kanji = w.len() == 1 && is_kanji(w[0]);
                if !next_glued
                    && !single_kanji
                    && let Some(c) = self.currencies.get(idx)
                {
                    out.push(CurrencyMention {
                        start: i,
                        end,
                        currency: c.code.clone(),
                    });
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        out
    }
}
