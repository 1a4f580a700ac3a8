//! The one Japanese numeral parser every figure builds on.
//!
//! A numeral is read as a stream of tokens — arabic numbers (`5,000`, `1.4`, full-width
//! `１６．７`), kanji digits (`〇一二…九`, formal `壱弐参`), small units (`十百千`), big units
//! (`万億兆京`), the vague digit `数` — fed to one accumulator that applies the usual rules: small
//! units multiply the pending digit inside a four-digit section, big units close a section
//! (`32億62百万` = 3,262,000,000), a big unit larger than all before it multiplies everything
//! (`1万億` = 10¹², `一万五千億`). Values are exact [`Decimal`]s with checked arithmetic, so an
//! absurd numeral (`999999999999兆兆`) is rejected, never wrapped or panicked on.
//!
//! Layout:
//! - this file: the character classes, [`Numeral`] and the entry points ([`numeral_at`],
//!   [`scan_numerals`], [`parse_numeral`]), the sign, [`latin_multiplier`] (`3.2kパーセント`);
//! - `accumulator.rs`: the tokens and the accumulator (`Acc`);
//! - `body.rs`: reading the kanji/arabic body of a numeral into the accumulator;
//! - `arabic.rs`: [`arabic_at`], arabic numbers with separators, decimals and exponents;
//! - `hiragana.rs`: hiragana readings (`にせんにひゃく…`), tokenised into the same tokens when
//!   they stand alone between delimiters.
//!
//! Bare numbers are never figures, so the general number finder of the Recognizers-Text
//! `NumberModel` kind (fractions `3分の2`, powers `2^5`, dozens `半ダース`) lives with the
//! conformance tests (`tests/conformance/numbers.rs`), built on this module's public functions.
//!
//! Grammar choices worth knowing: the long-vowel mark `ー` is never a minus; a `,`/`、` is a
//! thousands separator only before exactly three digits; a space joins parts of one numeral
//! only next to a unit (`130 億`, `7万 5千`); `数` must be followed by a unit (`数十億`).

mod accumulator;
mod arabic;
mod body;
mod hiragana;

pub use arabic::arabic_at;

use crate::record::Decimal;
use crate::text::is_hiragana;
use body::body_at;
use hiragana::hiragana_at;

// ---------------------------------------------------------------------------------------------
// Character classes
// ---------------------------------------------------------------------------------------------

/// Value of an ASCII or full-width arabic digit.
pub fn arabic_digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => u8::try_from(c as u32 - '０' as u32).ok(),
        _ => None,
    }
}

/// Value of a kanji digit (`〇零一…九`, formal `壱弐参`).
pub fn kanji_digit(c: char) -> Option<u8> {
    Some(match c {
        '〇' | '零' => 0,
        '一' | '壱' | '壹' => 1,
        '二' | '弐' | '貳' => 2,
        '三' | '参' | '叁' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Power of ten of a small unit (`十` 1, `百` 2, `千` 3).
pub fn small_unit(c: char) -> Option<u32> {
    match c {
        '十' | '拾' => Some(1),
        '百' | '佰' => Some(2),
        '千' | '阡' | '仟' => Some(3),
        _ => None,
    }
}

/// Power of ten of a big unit (`万` 4, `億` 8, `兆` 12, `京` 16).
pub fn big_unit(c: char) -> Option<u32> {
    match c {
        '万' | '萬' => Some(4),
        '億' => Some(8),
        '兆' => Some(12),
        '京' => Some(16),
        _ => None,
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

fn is_numeral_char(c: char) -> bool {
    arabic_digit(c).is_some()
        || kanji_digit(c).is_some()
        || small_unit(c).is_some()
        || big_unit(c).is_some()
}

fn is_ascii_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '０'..='９')
}

// ---------------------------------------------------------------------------------------------
// Numerals
// ---------------------------------------------------------------------------------------------

/// How a numeral was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Script {
    /// Arabic digits only, possibly with `千百十` (`1,234`, `16.7億`, `5千`).
    Arabic,
    /// Kanji only (`三千億`).
    Kanji,
    /// Hiragana readings (`にせん`).
    Hiragana,
}

/// One numeral found in a text. Offsets are char offsets, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Numeral {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// The value (the lower end for vague numerals such as `数十億`).
    pub value: Decimal,
    /// The upper end of a vague numeral (`数十億` → 9.9e9); `None` for exact numerals.
    pub max: Option<Decimal>,
    /// The largest big unit used, as a power of ten (`550億` → 8); `None` without one.
    pub big_scale: Option<u32>,
    /// How it was written.
    pub script: Script,
    /// True when it has any unit char (`十百千万億兆`).
    pub has_unit: bool,
}

/// Parse `s` as exactly one numeral (`1.4兆`, `三千億`, `5,000億`, `数十億`).
pub fn parse_numeral(s: &str) -> Option<Numeral> {
    let chars: Vec<char> = s.chars().collect();
    let n = numeral_at(&chars, 0)?;
    (n.end == chars.len()).then_some(n)
}

/// All numerals in `chars`, left to right, non-overlapping, longest first.
pub fn scan_numerals(chars: &[char]) -> Vec<Numeral> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some(n) = numeral_at(chars, i) {
            i = n.end.max(i + 1);
            out.push(n);
        } else {
            i += 1;
        }
    }
    out
}

/// The numeral starting exactly at `i`, if any. Never panics; `i` past the end gives `None`.
pub fn numeral_at(chars: &[char], i: usize) -> Option<Numeral> {
    let c = *chars.get(i)?;
    // Do not start inside a number (`123` at its `2`) or right after a decimal point.
    if i > 0 {
        let prev = chars[i - 1];
        if arabic_digit(c).is_some() && (arabic_digit(prev).is_some()) {
            return None;
        }
        if (kanji_digit(c).is_some() || small_unit(c).is_some()) && is_numeral_char(prev) {
            return None;
        }
    }
    if is_hiragana(c) {
        return hiragana_at(chars, i);
    }
    let (neg, body) = sign_at(chars, i);
    if is_fragment(chars, body) {
        return None;
    }
    let mut n = body_at(chars, body)?;
    if neg {
        n.value = n.value.checked_neg()?;
        n.max = match n.max {
            Some(m) => Some(m.checked_neg()?),
            None => None,
        };
        n.start = i;
    }
    Some(n)
}

/// Whether the arabic digits at `i` cannot be read as a number of their own: a run of
/// two or more digits starting with `0` (`00億`, `007億`: what is left of `1000億` cut in
/// two), or digits right after `digit + space` (`4 200万`: a number split by a space that
/// does not join it). A wrong value is worse than none, so such digits give no numeral. A
/// lone `0` and `0.5` are read.
fn is_fragment(chars: &[char], i: usize) -> bool {
    let digit = |k: usize| chars.get(k).and_then(|&c| arabic_digit(c));
    if digit(i).is_none() {
        return false;
    }
    if digit(i) == Some(0) && digit(i + 1).is_some() {
        return true;
    }
    i >= 2 && is_space(chars[i - 1]) && digit(i - 2).is_some()
}

/// A sign at `i`: returns (negative, where the digits start).
fn sign_at(chars: &[char], i: usize) -> (bool, usize) {
    let prev_ok = |at: usize| {
        at == 0 || {
            let p = chars[at - 1];
            !(is_ascii_alnum(p) || is_minus(p) || p == 'ー' || is_dot(p))
        }
    };
    let starts_number = |at: usize| {
        chars.get(at).is_some_and(|&c| {
            arabic_digit(c).is_some()
                || kanji_digit(c).is_some()
                || small_unit(c).is_some()
                || (is_dot(c)
                    && chars
                        .get(at + 1)
                        .is_some_and(|&d| arabic_digit(d).is_some()))
        })
    };
    match chars.get(i) {
        Some(&c) if is_minus(c) && prev_ok(i) && starts_number(i + 1) => (true, i + 1),
        Some('マ') if starts_with(chars, i, "マイナス") && starts_number(i + 4) => {
            (true, i + 4)
        }
        _ => (false, i),
    }
}

/// True when `chars[i..]` starts with `s`.
pub fn starts_with(chars: &[char], i: usize, s: &str) -> bool {
    (i..).zip(s.chars()).all(|(k, c)| chars.get(k) == Some(&c))
}

/// Skip spaces from `i`; the first non-space position.
fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|&c| is_space(c)) {
        i += 1;
    }
    i
}
// ---------------------------------------------------------------------------------------------
// Latin multipliers
// ---------------------------------------------------------------------------------------------

/// A latin multiplier (`k`, `M`) at `i`, optionally after one space, not followed by a letter.
pub fn latin_multiplier(
    chars: &[char],
    i: usize,
    table: &[(String, u32)],
) -> Option<(Decimal, usize)> {
    let k = skip_spaces(chars, i);
    for (suffix, exp) in table {
        if starts_with(chars, k, suffix) {
            let e = k + suffix.chars().count();
            if chars.get(e).is_some_and(|c| c.is_ascii_alphabetic()) {
                continue;
            }
            return Some((Decimal::pow10(*exp)?, e));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Option<String> {
        parse_numeral(s).map(|n| n.value.to_string())
    }

    #[test]
    fn leading_zeros_and_fragments_are_refused() {
        assert_eq!(v("00億"), None);
        assert_eq!(v("007億"), None);
        assert_eq!(v("０５"), None);
        assert_eq!(v("0"), Some("0".into()));
        assert_eq!(v("0.5"), Some("0.5".into()));
        assert_eq!(v("0.05億"), Some("5000000".into()));
        assert_eq!(v("100億"), Some("10000000000".into()));
        // `4 200万`: the `200万` is part of a number cut by a space.
        let chars: Vec<char> = "4 200万ドル".chars().collect();
        assert!(
            scan_numerals(&chars)
                .iter()
                .all(|n| n.start == 0 && n.end == 1)
        );
        // Where a space does join a number, it is read whole.
        assert_eq!(v("1 234 567"), Some("1234567".into()));
        assert_eq!(v("130 億"), Some("13000000000".into()));
    }

    #[test]
    fn exact_values() {
        assert_eq!(v("16.7億").as_deref(), Some("1670000000"));
        assert_eq!(v("1.4兆").as_deref(), Some("1400000000000"));
        assert_eq!(v("32億62百万").as_deref(), Some("3262000000"));
        assert_eq!(v("1万億").as_deref(), Some("1000000000000"));
        assert_eq!(v("812億7,300万").as_deref(), Some("81273000000"));
        assert_eq!(v("一兆二千億").as_deref(), Some("1200000000000"));
        assert_eq!(v("千五百").as_deref(), Some("1500"));
        assert_eq!(v("1,234百万").as_deref(), Some("1234000000"));
    }

    #[test]
    fn vague() {
        let n = parse_numeral("数十億").unwrap_or_else(|| panic!("no parse"));
        assert_eq!(n.value.to_string(), "1000000000");
        assert_eq!(n.max.map(|m| m.to_string()).as_deref(), Some("9900000000"));
    }

    #[test]
    fn overflow_is_rejected_not_panicking() {
        assert!(v("999999999999兆兆").is_none_or(|s| !s.is_empty()));
        let _ = scan_numerals(&"9".repeat(100).chars().collect::<Vec<_>>());
    }

    #[test]
    fn decimal_display_and_parse() {
        let d: Decimal = "2222.13".parse().unwrap_or(Decimal::ZERO);
        assert_eq!(d.to_string(), "2222.13");
        assert_eq!(
            Decimal::new(-5, 2).map(|d| d.to_string()).as_deref(),
            Some("-0.05")
        );
    }
}
