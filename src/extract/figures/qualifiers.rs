//! Pass 4, qualifiers: cue words before and after a figure (`約`, `最大`, `以上`, `年間`,
//! `月に`), per-unit rates (`1メガワットあたり`), periods (`5年間で`, `2029年までに`).

use super::drafts::Draft;
use super::rules::QualifierRule;
use super::{FigureExtractor, chars_of, skip_spaces_back, word_at, word_before};
use crate::extract::numeral;
use crate::record::Period;

impl FigureExtractor {
    /// Qualifier cue words before and after a draft.
    pub(super) fn qualify(&self, chars: &[char], d: &mut Draft, floor: usize, ceiling: usize) {
        // before: chains such as `年間約`
        loop {
            let k = skip_spaces_back(chars, d.start);
            if k < floor {
                break;
            }
            let Some((s, qi)) = word_before(chars, k, &self.before_cues) else {
                break;
            };
            if s < floor {
                break;
            }
            // `3月に`, `5年間`: a cue right after a number is part of a date or duration
            if s > 0
                && (numeral::arabic_digit(chars[s - 1]).is_some()
                    || numeral::kanji_digit(chars[s - 1]).is_some())
            {
                break;
            }
            let Some(q) = self.qualifiers.get(qi) else {
                break;
            };
            if !self.apply_qualifier(d, q) {
                break;
            }
            d.start = s;
        }
        // after
        while let Some((e, qi)) = word_at(chars, d.end, &self.after_cues) {
            if e > ceiling {
                break;
            }
            let Some(q) = self.qualifiers.get(qi) else {
                break;
            };
            if !self.apply_qualifier(d, q) {
                break;
            }
            d.end = e;
        }
        self.per_unit_rate(chars, d, floor);
        self.period(chars, d, floor);
        if d.vague {
            d.approx = false;
        }
    }

    /// Apply one qualifier; false when it conflicts with what is already set.
    fn apply_qualifier(&self, d: &mut Draft, q: &QualifierRule) -> bool {
        if (q.bound.is_some() && d.bound.is_some()) || (q.rate.is_some() && d.rate.is_some()) {
            return false;
        }
        if q.bound.is_some() && d.max.is_some() && !d.vague {
            return false;
        }
        d.approx |= q.approx;
        if q.bound.is_some() {
            d.bound = q.bound;
        }
        if q.rate.is_some() {
            d.rate = q.rate;
        }
        d.rules.push(q.rule.clone());
        true
    }

    /// `1メガワットあたり4200万ドル`: rate per the unit before `あたり`.
    fn per_unit_rate(&self, chars: &[char], d: &mut Draft, floor: usize) {
        if d.rate.is_some() {
            return;
        }
        let k = skip_spaces_back(chars, d.start);
        for cue in &self.per_unit_cues.words {
            let w = chars_of(cue);
            if k < w.len() || chars.get(k - w.len()..k) != Some(w.as_slice()) {
                continue;
            }
            // the unit may be the end of the previous figure (`1メガワット` + `あたり`)
            if k - w.len() < floor {
                continue;
            }
            let Some((_, rate)) = word_before(chars, k - w.len(), &self.per_unit) else {
                continue;
            };
            d.rate = Some(rate);
            d.rules.push(self.per_unit_cues.rule.clone());
            return;
        }
    }

    /// `5年間で3000億ドル`, `2029年までに10ギガワット`.
    fn period(&self, chars: &[char], d: &mut Draft, floor: usize) {
        let k = skip_spaces_back(chars, d.start);
        for (w, ri, unit) in &self.periods {
            if k < w.len() || chars.get(k - w.len()..k) != Some(w.as_slice()) {
                continue;
            }
            let cue_start = k - w.len();
            // the number right before the cue
            let mut s = cue_start;
            while s > floor
                && chars.get(s - 1).is_some_and(|&c| {
                    numeral::arabic_digit(c).is_some()
                        || numeral::kanji_digit(c).is_some()
                        || numeral::small_unit(c).is_some()
                })
            {
                s -= 1;
            }
            if s == cue_start {
                continue;
            }
            let Some(n) = numeral::parse_numeral(&chars[s..cue_start].iter().collect::<String>())
            else {
                continue;
            };
            let Some(rule) = self.period_rules.get(*ri) else {
                continue;
            };
            d.period = Some(Period {
                kind: rule.kind,
                value: n.value,
                unit: unit.clone(),
                text: chars[s..k].iter().collect(),
                start: s,
                end: k,
            });
            d.rules.push(rule.rule.clone());
            return;
        }
    }
}
