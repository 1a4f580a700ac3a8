//! Pass 1, atoms: a numeral with what is glued to it — a currency after it (`100億ドル`), a
//! symbol before it (`$80B`, `¥100`), minor units (`2222円13銭`), a unit (`25%`,
//! `6ギガワット`), or nothing (a bare numeral, kept for ranges and implied currency).

use super::{
    FigureExtractor, chars_of, is_ascii_word, skip_spaces, skip_spaces_back, word_at, word_before,
};
use crate::extract::numeral::{self, Numeral, Script, numeral_at, scan_numerals, starts_with};
use crate::record::Decimal;
use crate::text::is_kanji;

/// What is glued to a numeral.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum AtomKind {
    Money(usize),
    Quantity(usize),
    Bare,
}

#[derive(Debug, Clone)]
pub(super) struct Atom {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) num: Numeral,
    pub(super) value: Decimal,
    pub(super) max: Option<Decimal>,
    pub(super) kind: AtomKind,
    pub(super) rules: Vec<String>,
    /// Unit applied to a bare left end of a range (`%` → factor).
    pub(super) factor: Decimal,
}

/// A word written with optional spaces between its chars (`パ ーセ ント`).
fn loose_word_at(chars: &[char], i: usize, word: &[char]) -> Option<usize> {
    let mut k = i;
    for (n, &wc) in word.iter().enumerate() {
        if n > 0 {
            while chars.get(k).is_some_and(|&c| c == ' ' || c == '\u{3000}') {
                k += 1;
            }
        }
        if chars.get(k) != Some(&wc) {
            return None;
        }
        k += 1;
    }
    Some(k)
}

impl FigureExtractor {
    /// The currency name after a numeral ending at `i` (spaces allowed), with its end.
    fn currency_after(&self, chars: &[char], i: usize) -> Option<(usize, usize)> {
        let k = skip_spaces(chars, i);
        let (end, idx) = word_at(chars, k, &self.currency_names)?;
        let w = &chars[k..end];
        if w.iter().any(|c| c.is_ascii_alphabetic())
            && chars.get(end).is_some_and(|c| c.is_ascii_alphanumeric())
        {
            return None;
        }
        // `元帳`-like words are not currencies: a one-kanji name followed by kanji
        if w.len() == 1
            && is_kanji(w[0])
            && w[0] != '円'
            && chars
                .get(end)
                .is_some_and(|&c| is_kanji(c) && numeral::kanji_digit(c).is_none())
        {
            return None;
        }
        Some((end, idx))
    }

    /// A currency symbol ending right before `start` (spaces allowed): (symbol start, idx).
    fn symbol_before(&self, chars: &[char], start: usize) -> Option<(usize, usize)> {
        let k = skip_spaces_back(chars, start);
        let (s, idx) = word_before(chars, k, &self.currency_symbols)?;
        let w = &chars[s..k];
        if is_ascii_word(w) || w.iter().all(|c| c.is_ascii_alphanumeric() || *c == '$') {
            // `USD 100`, `US$`: must not be glued to a preceding word
            if s > 0 && chars[s - 1].is_ascii_alphanumeric() {
                return None;
            }
        }
        if w.iter().all(|c| c.is_ascii_alphabetic()) && k == start {
            return None; // `USD100` is fine only with $; require a space for bare codes
        }
        Some((s, idx))
    }

    pub(super) fn atom_for(&self, chars: &[char], n: Numeral) -> Atom {
        let mut atom = Atom {
            start: n.start,
            end: n.end,
            num: n,
            value: n.value,
            max: n.max,
            kind: AtomKind::Bare,
            rules: Vec::new(),
            factor: Decimal::ONE,
        };
        if let Some((s, idx)) = self.symbol_before(chars, n.start) {
            atom.start = s;
            atom.kind = AtomKind::Money(idx);
            atom.rules.push("money.amount.prefix_symbol".into());
            if let Some(c) = self.currencies.get(idx) {
                atom.rules.push(c.rule.clone());
            }
            if !n.has_unit
                && let Some((end, w)) = self.western_after(chars, n.end)
                && let Some(rule) = self.western_rules.get(w)
                && let Some(v) = Decimal::pow10(rule.exp).and_then(|p| atom.value.checked_mul(p))
            {
                atom.value = v;
                atom.end = end;
                atom.rules.push(rule.rule.clone());
            }
            self.minor_units(chars, &mut atom, idx);
            return atom;
        }
        if let Some((end, idx)) = self.currency_after(chars, n.end) {
            atom.end = end;
            atom.kind = AtomKind::Money(idx);
            atom.rules.push("money.amount.suffix_currency".into());
            if let Some(c) = self.currencies.get(idx) {
                atom.rules.push(c.rule.clone());
            }
            self.minor_units(chars, &mut atom, idx);
            return atom;
        }
        if let Some((end, idx)) = self.unit_after(chars, n.end) {
            atom.end = end;
            atom.kind = AtomKind::Quantity(idx);
            if let Some(u) = self.units.get(idx) {
                atom.rules.push(u.rule.clone());
                if let Some(f) = u.factor {
                    let f = Decimal::from_i64(i64::from(f));
                    atom.factor = f;
                    atom.value = atom.value.checked_mul(f).unwrap_or(atom.value);
                    atom.max = atom.max.and_then(|m| m.checked_mul(f));
                    self.wari_tail(chars, &mut atom);
                }
            }
        }
        atom
    }

    fn western_after(&self, chars: &[char], i: usize) -> Option<(usize, usize)> {
        let k = skip_spaces(chars, i);
        let (end, idx) = word_at(chars, k, &self.western)?;
        if chars.get(end).is_some_and(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        Some((end, idx))
    }

    pub(super) fn unit_after(&self, chars: &[char], i: usize) -> Option<(usize, usize)> {
        let k = skip_spaces(chars, i);
        for (w, idx) in &self.unit_words {
            let loose = self.units.get(*idx).is_some_and(|u| u.loose_spacing);
            let end = if loose {
                loose_word_at(chars, k, w)
            } else {
                (chars.get(k..k + w.len()) == Some(w.as_slice())).then_some(k + w.len())
            };
            let Some(end) = end else { continue };
            if is_ascii_word(w) && chars.get(end).is_some_and(|c| c.is_ascii_alphanumeric()) {
                continue;
            }
            // `割合`, `割高`: 割 glued to another kanji (other than 引) is not a percentage
            if w.as_slice() == ['割']
                && chars
                    .get(end)
                    .is_some_and(|&c| is_kanji(c) && c != '引' && c != '半')
            {
                continue;
            }
            return Some((end, *idx));
        }
        None
    }

    /// `3割8分7厘`, `5割半`, `5割引`.
    fn wari_tail(&self, chars: &[char], atom: &mut Atom) {
        let mut k = atom.end;
        if chars.get(k) == Some(&'半') {
            if let Some(v) = atom.value.checked_add(Decimal::from_i64(5)) {
                atom.value = v;
                atom.end = k + 1;
            }
            return;
        }
        for (ch, scale) in [('分', 1u32), ('厘', 2u32)] {
            if let Some(n) = numeral_at(chars, k)
                && chars.get(n.end) == Some(&ch)
                && n.value < Decimal::from_i64(10)
                && let Some(add) = Decimal::new(n.value.mantissa(), n.value.scale() + scale - 1)
                && let Some(v) = atom.value.checked_add(add)
            {
                atom.value = v;
                atom.end = n.end + 1;
                k = atom.end;
            }
        }
        if chars.get(atom.end) == Some(&'引') {
            atom.end += 1;
            if chars.get(atom.end) == Some(&'き') {
                atom.end += 1;
            }
        }
    }

    /// `2222円13銭`, `2ドル3セント`, `545ドルと5セント`, `50元6角3分`, `100ユーロと30`.
    fn minor_units(&self, chars: &[char], atom: &mut Atom, idx: usize) {
        let Some(cur) = self.currencies.get(idx) else {
            return;
        };
        let mut k = atom.end;
        let mut added = false;
        loop {
            let mut p = k;
            if chars.get(p) == Some(&'と') {
                p += 1;
            }
            let Some(n) = numeral_at(chars, p) else { break };
            if n.max.is_some() || n.value.is_negative() {
                break;
            }
            let mut matched = false;
            for mu in &cur.minor {
                let w = chars_of(&mu.name);
                if chars.get(n.end..n.end + w.len()) == Some(w.as_slice()) {
                    let d = Decimal::from_i64(i64::from(mu.divisor));
                    if n.value < d
                        && let Some(part) = n.value.checked_div(d, 6)
                        && let Some(v) = atom.value.checked_add(part)
                    {
                        atom.value = v;
                        atom.end = n.end + w.len();
                        k = atom.end;
                        matched = true;
                        added = true;
                    }
                    break;
                }
            }
            if !matched {
                // `100ユーロと30です`: a bare minor amount after と at the end of a clause
                let next = chars.get(n.end).copied();
                let clause_end = next
                    .is_none_or(|c| matches!(c, '。' | '、' | '.' | ',' | '!' | '?' | '」'))
                    || starts_with(chars, n.end, "です")
                    || starts_with(chars, n.end, "でした");
                if chars.get(k) == Some(&'と')
                    && !added
                    && n.script != Script::Hiragana
                    && n.value.is_integer()
                    && n.value < Decimal::from_i64(100)
                    && clause_end
                    && let Some(d) = cur.minor.first()
                    && let Some(part) = n
                        .value
                        .checked_div(Decimal::from_i64(i64::from(d.divisor)), 6)
                    && let Some(v) = atom.value.checked_add(part)
                {
                    atom.value = v;
                    atom.end = n.end;
                    added = true;
                }
                break;
            }
        }
        if added {
            atom.rules.push("money.amount.minor_unit".into());
        }
    }

    pub(super) fn atoms(&self, chars: &[char]) -> Vec<Atom> {
        let mut atoms: Vec<Atom> = Vec::new();
        for n in scan_numerals(chars) {
            let a = self.atom_for(chars, n);
            // a previous atom may already cover this numeral (minor units: `13銭`)
            if atoms.last().is_some_and(|p| p.end > a.start) {
                continue;
            }
            atoms.push(a);
        }
        atoms
    }
}
