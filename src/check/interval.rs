//! Closed intervals of real numbers, and the interval a stated figure stands for.
//!
//! Arithmetic is done in `f64` on intervals: every operand is `[value, value_max]` (an exact
//! figure is a point), and the result of `+ − × ÷` is the smallest interval holding every
//! combination of the ends. A stated result stands for a wider interval: its written precision
//! (`16.7億` is [16.65億, 16.75億]), the rounding a round number allows, the tolerance of an
//! approximate figure, and the open side of a bound (`以上`, `何がしか`):
//!
//! - written precision: half the place of the last written digit (`16.7億` ± 0.05億);
//! - a round figure (`3,000億`) may be rounded at its last non-zero digit, but by at most
//!   `round_cap_pct` (5%) of its value;
//! - `approx` (約, ほど, 程度, くらい…): ± `approx_pct` (5%);
//! - open above (何がしか, 余り): `[v, v + place of its last non-zero digit]` — `1000億ドル何がしか`
//!   is [1000億, 2000億], `120億ドル余り` is [120億, 130億];
//! - bounds: `以上`/`超` open the top, `以下`/`未満` the bottom, `最大` reaches down to 0.

use crate::record::Bound;
use crate::record::Figure;

use super::rules::CheckSettings;

/// A closed interval `[lo, hi]`; either end may be infinite for a bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Lower end.
    pub lo: f64,
    /// Upper end.
    pub hi: f64,
}

impl Interval {
    /// `[lo, hi]`, ends swapped when given in the wrong order; `None` when either is NaN.
    pub fn new(lo: f64, hi: f64) -> Option<Self> {
        if lo.is_nan() || hi.is_nan() {
            return None;
        }
        Some(if lo <= hi {
            Interval { lo, hi }
        } else {
            Interval { lo: hi, hi: lo }
        })
    }

    /// A single value.
    pub fn point(v: f64) -> Option<Self> {
        Self::new(v, v)
    }

    /// Whether both ends are finite.
    pub fn is_finite(&self) -> bool {
        self.lo.is_finite() && self.hi.is_finite()
    }

    /// Sum.
    pub fn plus(self, o: Interval) -> Option<Self> {
        Self::new(self.lo + o.lo, self.hi + o.hi)
    }

    /// Difference.
    pub fn minus(self, o: Interval) -> Option<Self> {
        Self::new(self.lo - o.hi, self.hi - o.lo)
    }

    /// Product.
    pub fn times(self, o: Interval) -> Option<Self> {
        let c = [
            self.lo * o.lo,
            self.lo * o.hi,
            self.hi * o.lo,
            self.hi * o.hi,
        ];
        if c.iter().any(|v| v.is_nan()) {
            return None;
        }
        let lo = c.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = c.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Self::new(lo, hi)
    }

    /// Quotient; `None` when the divisor contains zero.
    pub fn over(self, o: Interval) -> Option<Self> {
        if o.lo <= 0.0 && o.hi >= 0.0 {
            return None;
        }
        self.times(Interval::new(1.0 / o.hi, 1.0 / o.lo)?)
    }

    /// Multiply by a constant.
    pub fn scale(self, k: f64) -> Option<Self> {
        self.times(Interval::point(k)?)
    }

    /// Whether the two intervals share a point.
    pub fn meets(&self, o: &Interval) -> bool {
        self.lo <= o.hi && o.lo <= self.hi
    }

    /// The midpoint (the finite end for a half-open interval).
    pub fn mid(&self) -> f64 {
        match (self.lo.is_finite(), self.hi.is_finite()) {
            (true, true) => (self.lo + self.hi) / 2.0,
            (true, false) => self.lo,
            (false, true) => self.hi,
            (false, false) => 0.0,
        }
    }

    /// The point of `self` nearest to `v`.
    pub fn nearest(&self, v: f64) -> f64 {
        v.clamp(self.lo, self.hi)
    }
}

/// The interval a figure's value covers as an operand: `[value, value_max]`.
pub fn operand(f: &Figure) -> Option<Interval> {
    let lo = f.value.to_f64();
    let hi = f.value_max.map_or(lo, |m| m.to_f64());
    if !lo.is_finite() || !hi.is_finite() {
        return None;
    }
    Interval::new(lo, hi)
}

/// How a stated figure is qualified in its text, for [`stated`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Qualifiers {
    /// Followed by a word that opens it above (`何がしか`, `余り`).
    pub open_above: bool,
}

/// The place value of the last written digit of a figure's numeral (`16.7億` → 1e7), and of
/// its last non-zero digit (`3,000億` → 1e11). `None` when the text has no digit.
pub fn written_places(text: &str, value: f64) -> Option<(f64, f64)> {
    let digits: Vec<u8> = text.chars().filter_map(digit_of).collect();
    let first = digits.iter().position(|d| *d != 0)?;
    let sig = &digits[first..];
    if value <= 0.0 || !value.is_finite() {
        return None;
    }
    let mut exp = value.log10().floor();
    if 10f64.powf(exp + 1.0) <= value {
        exp += 1.0;
    }
    let n = sig.len() as f64;
    let last = 10f64.powf(exp - n + 1.0);
    let zeros = sig.iter().rev().take_while(|d| **d == 0).count() as f64;
    Some((last, last * 10f64.powf(zeros)))
}

fn digit_of(c: char) -> Option<u8> {
    if let Some(d) = c.to_digit(10) {
        return u8::try_from(d).ok();
    }
    let full = "０１２３４５６７８９";
    if let Some(i) = full.chars().position(|x| x == c) {
        return u8::try_from(i).ok();
    }
    let kanji = "〇一二三四五六七八九";
    kanji
        .chars()
        .position(|x| x == c)
        .and_then(|i| u8::try_from(i).ok())
}

/// The interval a stated result stands for, at its written precision and with its qualifiers.
pub fn stated(f: &Figure, q: Qualifiers, s: &CheckSettings) -> Option<Interval> {
    let base = operand(f)?;
    let v = base.lo;
    let (last, nonzero) = written_places(&f.text, base.hi.max(v)).unwrap_or((0.0, 0.0));
    let round_cap = base.hi.abs() * s.round_cap_pct / 100.0;
    let mut tol = (last / 2.0).max((nonzero / 2.0).min(round_cap));
    if f.approx && !f.vague {
        tol = tol.max(base.hi.abs() * s.approx_pct / 100.0);
    }
    let mut out = Interval::new(base.lo - tol, base.hi + tol)?;
    if q.open_above {
        out = Interval::new(base.lo, base.hi + nonzero.max(last))?;
    }
    match f.bound {
        Some(Bound::AtLeast | Bound::MoreThan) => out.hi = f64::INFINITY,
        Some(Bound::AtMost | Bound::LessThan) => out.lo = f64::NEG_INFINITY,
        Some(Bound::UpTo) => out.lo = out.lo.min(0.0),
        None => {}
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_follow_the_written_digits() {
        assert_eq!(written_places("16.7億ドル", 1.67e9), Some((1e7, 1e7)));
        let (last, nz) = written_places("3,000億ドル", 3e11).unwrap_or_default();
        assert!((last - 1e8).abs() < 1.0 && (nz - 1e11).abs() < 1.0);
        let (last, _) = written_places("1兆7,400億円", 1.74e12).unwrap_or_default();
        assert!((last - 1e8).abs() < 1.0);
        assert_eq!(written_places("ドル", 1.0), None);
    }

    fn figure(text: &str, value: i64, approx: bool) -> Figure {
        Figure {
            id: "t0-f0000".into(),
            sentence_id: "t0-s0000".into(),
            start: 0,
            end: 1,
            text: text.into(),
            kind: crate::record::FigureKind::Money,
            value: crate::record::Decimal::from_i64(value),
            value_max: None,
            currency: Some("USD".into()),
            unit: None,
            approx,
            vague: false,
            bound: None,
            rate: None,
            implied_currency: false,
            period: None,
            entities: vec![],
            rule: String::new(),
        }
    }

    fn settings() -> CheckSettings {
        match crate::check::CheckRules::builtin() {
            Ok(r) => r.settings,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn stated_intervals_follow_precision_rounding_and_qualifiers() {
        let s = settings();
        let close = |i: Option<Interval>, lo: f64, hi: f64| {
            let i = i.unwrap_or(Interval { lo: 0.0, hi: 0.0 });
            assert!(
                (i.lo - lo).abs() < 1.0 && (i.hi - hi).abs() < 1.0,
                "{i:?} vs [{lo}, {hi}]"
            );
        };
        let q = Qualifiers::default();
        close(
            stated(&figure("16.7億ドル", 1_670_000_000, false), q, &s),
            1.665e9,
            1.675e9,
        );
        close(
            stated(&figure("3,000億ドル", 300_000_000_000, false), q, &s),
            2.85e11,
            3.15e11,
        );
        close(
            stated(&figure("約20億ドル", 2_000_000_000, true), q, &s),
            1.9e9,
            2.1e9,
        );
        let open = Qualifiers { open_above: true };
        let f = figure("1000億ドル何がしか", 100_000_000_000, true);
        close(stated(&f, open, &s), 1e11, 2e11);
    }

    #[test]
    fn division_by_an_interval_holding_zero_is_refused() {
        let a = Interval::new(1.0, 2.0).unwrap_or(Interval { lo: 0.0, hi: 0.0 });
        let z = Interval::new(-1.0, 1.0).unwrap_or(Interval { lo: 0.0, hi: 0.0 });
        assert!(a.over(z).is_none());
    }
}
