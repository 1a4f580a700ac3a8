//! The general number finder of the Recognizers-Text `NumberModel` kind: bare numbers,
//! fractions (`3分の2`, `1 3/5`), powers (`2^5`), dozens (`半ダース`), latin multipliers
//! (`40k`). Built on claimdex's public numeral parser; the product never reports bare numbers,
//! so this lives with the conformance cases. Its word lists are in `number-finder.toml`
//! (`[numbers]`); the latin multipliers are the product's (`dictionaries/quantities.toml`).

use claimdex::extract::figures::FigureExtractor;
use claimdex::extract::numeral::{
    Script, arabic_at, arabic_digit, big_unit, kanji_digit, latin_multiplier, numeral_at,
    small_unit, starts_with,
};
use claimdex::record::Decimal;
use claimdex::text::is_kanji;
use serde::Deserialize;
use std::sync::OnceLock;

/// What a found number is, in Recognizers-Text terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    /// A whole number.
    Integer,
    /// A number with a fractional part.
    Decimal,
    /// `3分の2`, `12/3`.
    Fraction,
    /// `2^5`, `1.1^23`.
    Power,
}

/// A number found by [`find_numbers`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberMatch {
    /// First char (char offset).
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// The value; fractions and negative powers are rounded to 20 decimal places.
    pub value: Decimal,
    /// What kind of number it is.
    pub kind: NumberKind,
}

/// The word lists of `number-finder.toml` (`[numbers]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct NumberWords {
    #[serde(default)]
    counters: Vec<String>,
    #[serde(default)]
    prefixes: Vec<String>,
    #[serde(default)]
    measure_units: Vec<String>,
}

/// What the number finder reads: its own word lists and the product's latin multipliers.
#[derive(Debug, Clone, Default)]
pub struct NumberRules {
    /// Counters a kanji numeral may be glued to (`一匹`, `十本`); any other kanji after a kanji
    /// numeral makes it part of a word (`四川`, `西九条`).
    pub counters: Vec<String>,
    /// Kanji allowed right before a kanji numeral (`第十`, `約三`).
    pub prefixes: Vec<String>,
    /// Measurement units after which a number is a measure, not a bare number (`29キロメートル`).
    pub measure_units: Vec<String>,
    /// Latin multipliers after a number (`40k`): (suffix, power of ten).
    pub latin_multipliers: Vec<(String, u32)>,
}

/// The conformance rules file: `[numbers]` here, `[number_range]` in `ranges.rs`.
pub const RULES_TOML: &str = include_str!("number-finder.toml");

impl NumberRules {
    /// The finder's word lists and the built-in latin multipliers.
    pub fn builtin() -> &'static NumberRules {
        static RULES: OnceLock<NumberRules> = OnceLock::new();
        RULES.get_or_init(|| {
            #[derive(Deserialize)]
            struct File {
                numbers: NumberWords,
            }
            let file: File = toml::from_str(RULES_TOML)
                .unwrap_or_else(|e| panic!("tests/conformance/number-finder.toml: {e}"));
            let figures =
                FigureExtractor::builtin().unwrap_or_else(|e| panic!("built-in dictionaries: {e}"));
            NumberRules {
                counters: file.numbers.counters,
                prefixes: file.numbers.prefixes,
                measure_units: file.numbers.measure_units,
                latin_multipliers: figures.latin_multipliers().to_vec(),
            }
        })
    }

    fn is_counter_at(&self, chars: &[char], i: usize) -> bool {
        self.counters.iter().any(|w| starts_with(chars, i, w))
    }

    /// The measure unit starting at `i` (after optional spaces), if any.
    fn measure_at(&self, chars: &[char], i: usize) -> bool {
        let k = skip_spaces(chars, i);
        self.measure_units.iter().any(|w| starts_with(chars, k, w))
    }
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}'
}

fn is_minus(c: char) -> bool {
    matches!(c, '-' | '−' | '－' | '△' | '▲')
}

fn is_dot(c: char) -> bool {
    c == '.' || c == '．'
}

fn is_ascii_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '０'..='９')
}

fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|&c| is_space(c)) {
        i += 1;
    }
    i
}

/// All numbers in `text` with the built-in rules (see [`find_numbers_with`]).
pub fn find_numbers(text: &str) -> Vec<NumberMatch> {
    find_numbers_with(text, NumberRules::builtin())
}

/// All numbers in `text`: bare numerals, fractions (`3分の2`, `1 3/5`), powers (`2^5`),
/// dozens (`半ダース`), latin multipliers (`40k`). Kanji numerals inside words (`四川`) and
/// numbers that are measures (`1メートル`) or percentages are left out.
pub fn find_numbers_with(text: &str, rules: &NumberRules) -> Vec<NumberMatch> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let found = number_at(&chars, i, rules);
        match found {
            Some(m) if m.end > i => {
                i = m.end;
                if let Some(m) = keep_number(&chars, m, rules) {
                    while out.last().is_some_and(|p: &NumberMatch| p.end > m.start) {
                        out.pop();
                    }
                    out.push(m);
                }
            }
            _ => {
                // `半ダース`
                if chars[i] == '半' && starts_with(&chars, i + 1, "ダース") {
                    out.push(NumberMatch {
                        start: i,
                        end: i + 4,
                        value: Decimal::from_i64(6),
                        kind: NumberKind::Integer,
                    });
                    i += 4;
                } else {
                    i += 1;
                }
            }
        }
    }
    out
}

/// The number starting exactly at `i` (with the fraction, power, dozen and multiplier
/// extensions of [`find_numbers_with`]), unless the rules drop it.
pub fn number_at_with(chars: &[char], i: usize, rules: &NumberRules) -> Option<NumberMatch> {
    let m = number_at(chars, i, rules)?;
    keep_number(chars, m, rules)
}

fn kind_of(v: Decimal) -> NumberKind {
    if v.is_integer() {
        NumberKind::Integer
    } else {
        NumberKind::Decimal
    }
}

/// A number (with fraction, power, dozen, multiplier extensions) starting at `i`: the first
/// extension that applies wins.
fn number_at(chars: &[char], i: usize, rules: &NumberRules) -> Option<NumberMatch> {
    let n = numeral_at(chars, i)?;
    let m = NumberMatch {
        start: n.start,
        end: n.end,
        value: n.value,
        kind: kind_of(n.value),
    };
    if let Some(found) = kanji_fraction(chars, &m) {
        return found;
    }
    if let Some(found) = mixed_or_dozens(chars, &m, rules) {
        return found;
    }
    if n.script == Script::Arabic
        && !n.has_unit
        && let Some(found) = slash_fraction(chars, &m)
    {
        return found;
    }
    if let Some(found) = power(chars, &m) {
        return found;
    }
    if let Some(found) = dozens(chars, &m) {
        return found;
    }
    if n.script == Script::Arabic && !n.has_unit {
        return multiplied(chars, m, rules);
    }
    Some(m)
}

/// `A分のB` (= B/A), with optional spaces: `五 分の 一`. `Some(None)`: it applies, but the
/// arithmetic failed, and so the whole number is dropped.
fn kanji_fraction(chars: &[char], m: &NumberMatch) -> Option<Option<NumberMatch>> {
    let k = skip_spaces(chars, m.end);
    if !starts_with(chars, k, "分の") {
        return None;
    }
    let b = numeral_at(chars, skip_spaces(chars, k + 2))?;
    Some(b.value.checked_div(m.value, 20).map(|v| NumberMatch {
        start: m.start,
        end: b.end,
        value: v,
        kind: NumberKind::Fraction,
    }))
}

/// Mixed numbers `AとB分のC`, `A と B 分の C`, and `三百と二ダース`.
fn mixed_or_dozens(
    chars: &[char],
    m: &NumberMatch,
    rules: &NumberRules,
) -> Option<Option<NumberMatch>> {
    for conj in ["と", "又", "また"] {
        let k = skip_spaces(chars, m.end);
        if !starts_with(chars, k, conj) {
            continue;
        }
        let k2 = skip_spaces(chars, k + conj.chars().count());
        if let Some(f) = numeral_at(chars, k2).and_then(|_| number_at(chars, k2, rules))
            && f.kind == NumberKind::Fraction
        {
            let frac = if m.value.is_negative() {
                f.value.checked_neg()
            } else {
                Some(f.value)
            };
            return Some(frac.and_then(|frac| {
                Some(NumberMatch {
                    start: m.start,
                    end: f.end,
                    value: m.value.checked_add(frac)?,
                    kind: NumberKind::Fraction,
                })
            }));
        }
        if let Some(d) = numeral_at(chars, k2)
            && starts_with(chars, d.end, "ダース")
        {
            return Some((|| {
                let dozen = d.value.checked_mul(Decimal::from_i64(12))?;
                Some(NumberMatch {
                    start: m.start,
                    end: d.end + 3,
                    value: m.value.checked_add(dozen)?,
                    kind: NumberKind::Integer,
                })
            })());
        }
    }
    None
}

/// Slash fractions `12/3`, `1 3/5` after a plain arabic number.
fn slash_fraction(chars: &[char], m: &NumberMatch) -> Option<Option<NumberMatch>> {
    if !matches!(chars.get(m.end), Some('/' | '／'))
        || (m.start > 0 && matches!(chars[m.start - 1], '/' | '／'))
    {
        return None;
    }
    let (b, e) = arabic_at(chars, m.end + 1)?;
    let date_like = matches!(chars.get(e), Some('/' | '／'));
    if date_like || b.is_zero() {
        return None;
    }
    Some((|| {
        let mut v = m.value.checked_div(b, 20)?;
        let mut start = m.start;
        // mixed `1 3/5`
        if m.start >= 2
            && chars[m.start - 1] == ' '
            && let Some((w, we)) = whole_before(chars, m.start - 1)
            && we == m.start - 1
        {
            v = w.0.checked_add(v)?;
            start = w.1;
        }
        Some(NumberMatch {
            start,
            end: e,
            value: v,
            kind: NumberKind::Fraction,
        })
    })())
}

/// Powers `2^5`, `-1.1^--23`.
fn power(chars: &[char], m: &NumberMatch) -> Option<Option<NumberMatch>> {
    if chars.get(m.end) != Some(&'^') {
        return None;
    }
    let mut p = m.end + 1;
    let mut neg = false;
    while let Some(&c) = chars.get(p) {
        if is_minus(c) {
            neg = !neg;
            p += 1;
        } else if c == '+' {
            p += 1;
        } else {
            break;
        }
    }
    let (e, end) = arabic_at(chars, p).filter(|(e, _)| e.is_integer())?;
    Some((|| {
        let exp = i32::try_from(e.mantissa()).ok()?;
        let exp = if neg { -exp } else { exp };
        let base = m.value.checked_neg().filter(|_| m.value.is_negative());
        let v = match base {
            Some(abs) => abs.checked_powi(exp)?.checked_neg()?,
            None => m.value.checked_powi(exp)?,
        };
        Some(NumberMatch {
            start: m.start,
            end,
            value: v.round_to(20),
            kind: NumberKind::Power,
        })
    })())
}

/// Dozens `三ダース`.
fn dozens(chars: &[char], m: &NumberMatch) -> Option<Option<NumberMatch>> {
    if !starts_with(chars, m.end, "ダース") {
        return None;
    }
    Some(
        m.value
            .checked_mul(Decimal::from_i64(12))
            .map(|value| NumberMatch {
                start: m.start,
                end: m.end + 3,
                value,
                kind: NumberKind::Integer,
            }),
    )
}

/// Latin multipliers `40k`, `-2.5 M`; the number itself without one.
fn multiplied(chars: &[char], mut m: NumberMatch, rules: &NumberRules) -> Option<NumberMatch> {
    if let Some((mult, end)) = latin_multiplier(chars, m.end, &rules.latin_multipliers) {
        m.value = m.value.checked_mul(mult)?;
        m.end = end;
        m.kind = kind_of(m.value);
    }
    Some(m)
}

/// A whole arabic number ending at `end` (exclusive): ((value, start), end).
fn whole_before(chars: &[char], end: usize) -> Option<((Decimal, usize), usize)> {
    let mut s = end;
    while s > 0 && arabic_digit(chars[s - 1]).is_some() {
        s -= 1;
    }
    if s == end || (s > 0 && (is_ascii_alnum(chars[s - 1]) || is_dot(chars[s - 1]))) {
        return None;
    }
    let (v, e) = arabic_at(chars, s)?;
    (e == end).then_some(((v, s), end))
}

/// Drop numbers that are part of a word, measures or percentages.
fn keep_number(chars: &[char], m: NumberMatch, rules: &NumberRules) -> Option<NumberMatch> {
    let text: Vec<char> = chars.get(m.start..m.end)?.to_vec();
    let kanji_only = text
        .iter()
        .all(|&c| kanji_digit(c).is_some() || small_unit(c).is_some() || big_unit(c).is_some());
    if kanji_only && glued_into_word(chars, &m, rules) {
        return None;
    }
    if rules.measure_at(chars, m.end) {
        return None;
    }
    let k = skip_spaces(chars, m.end);
    if matches!(chars.get(k), Some('%' | '％')) || starts_with(chars, k, "パーセント") {
        return None;
    }
    Some(m)
}

/// A kanji numeral glued to a kanji that is neither a counter nor a prefix (`四川`, `西九条`).
fn glued_into_word(chars: &[char], m: &NumberMatch, rules: &NumberRules) -> bool {
    let next = chars.get(m.end).copied();
    let glued_after = next.is_some_and(is_kanji) && !rules.is_counter_at(chars, m.end);
    let prev = if m.start > 0 {
        Some(chars[m.start - 1])
    } else {
        None
    };
    let glued_before = prev.is_some_and(|p| {
        is_kanji(p)
            && !rules.prefixes.iter().any(|w| w.starts_with(p))
            && !rules
                .counters
                .iter()
                .any(|w| w.chars().count() == 1 && w.starts_with(p))
    }) && !rules.is_counter_at(chars, m.end);
    glued_after || glued_before
}
