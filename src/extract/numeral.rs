//! The one Japanese numeral parser every figure builds on, and an exact decimal type.
//!
//! Layout:
//! - [`Decimal`]: an exact decimal (`i128` mantissa, base-10 scale). `16.7億` is exactly
//!   `1670000000`; arithmetic is checked, so an absurd numeral (`999999999999兆兆`) is rejected,
//!   never wrapped or panicked on.
//! - The numeral grammar ([`scan_numerals`], [`parse_numeral`]): a numeral is read as a stream
//!   of tokens — arabic numbers (`5,000`, `1.4`, full-width `１６．７`), kanji digits
//!   (`〇一二…九`, formal `壱弐参`), small units (`十百千`), big units (`万億兆京`), the vague
//!   digit `数` — fed to one accumulator (`Acc`) that applies the usual rules: small units
//!   multiply the pending digit inside a four-digit section, big units close a section
//!   (`32億62百万` = 3,262,000,000), a big unit larger than all before it multiplies everything
//!   (`1万億` = 10¹², `一万五千億`). Hiragana readings (`にせんにひゃく…`) are tokenised into the
//!   same tokens when they stand alone between delimiters.
//! - [`latin_multiplier`]: `k`/`M` after an arabic number (`3.2kパーセント`).
//!
//! Bare numbers are never figures, so the general number finder of the Recognizers-Text
//! `NumberModel` kind (fractions `3分の2`, powers `2^5`, dozens `半ダース`) lives with the
//! conformance tests (`tests/conformance/numbers.rs`), built on this module's public functions.
//!
//! Grammar choices worth knowing: the long-vowel mark `ー` is never a minus; a `,`/`、` is a
//! thousands separator only before exactly three digits; a space joins parts of one numeral
//! only next to a unit (`130 億`, `7万 5千`); `数` must be followed by a unit (`数十億`).

use crate::record::Decimal;
use crate::text::{is_hiragana, is_kanji};

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
// The accumulator
// ---------------------------------------------------------------------------------------------

/// One token of a numeral.
#[derive(Debug, Clone, Copy)]
enum Tok {
    /// A kanji (or hiragana) digit, read positionally when several follow each other.
    Digit(u8),
    /// A complete arabic number, possibly with a fraction.
    Arabic(Decimal),
    /// `十百千`.
    Small(u32),
    /// `万億兆京`.
    Big(u32),
    /// `数`: some digit from 1 to 9.
    Vague,
}

/// Why the accumulator refused a token.
enum Refuse {
    /// The numeral ends before this token.
    Stop,
    /// The numeral ends where the current section started (`10万 20万`).
    Backtrack,
}

#[derive(Debug, Clone, Copy)]
enum Pending {
    Digits {
        value: Decimal,
        arabic: bool,
        zero_only: bool,
    },
    Vague,
}

/// Accumulates tokens into a value (with a `max` for vague numerals).
#[derive(Debug, Clone, Default)]
struct Acc {
    total: (Decimal, Decimal),
    has_total: bool,
    section: (Decimal, Decimal),
    has_section: bool,
    pending: Option<Pending>,
    last_small: Option<u32>,
    last_big: Option<u32>,
    biggest: Option<u32>,
    vague: bool,
    tokens: usize,
}

fn add2(a: (Decimal, Decimal), b: (Decimal, Decimal)) -> Option<(Decimal, Decimal)> {
    Some((a.0.checked_add(b.0)?, a.1.checked_add(b.1)?))
}

fn mul2(a: (Decimal, Decimal), m: Decimal) -> Option<(Decimal, Decimal)> {
    Some((a.0.checked_mul(m)?, a.1.checked_mul(m)?))
}

impl Acc {
    fn feed(&mut self, tok: Tok) -> Result<(), Refuse> {
        let r = self.apply(tok);
        if r.is_ok() {
            self.tokens += 1;
        }
        r
    }

    fn apply(&mut self, tok: Tok) -> Result<(), Refuse> {
        use Refuse::Stop;
        match tok {
            Tok::Digit(d) => match self.pending {
                None => {
                    self.pending = Some(Pending::Digits {
                        value: Decimal::from_i64(i64::from(d)),
                        arabic: false,
                        zero_only: d == 0,
                    });
                    Ok(())
                }
                Some(Pending::Digits {
                    value,
                    arabic: false,
                    zero_only,
                }) => {
                    let v = value
                        .checked_mul(Decimal::from_i64(10))
                        .and_then(|v| v.checked_add(Decimal::from_i64(i64::from(d))))
                        .ok_or(Stop)?;
                    self.pending = Some(Pending::Digits {
                        value: v,
                        arabic: false,
                        zero_only: zero_only && d == 0,
                    });
                    Ok(())
                }
                _ => Err(Stop),
            },
            Tok::Arabic(v) => {
                if self.pending.is_some() {
                    return Err(Stop);
                }
                self.pending = Some(Pending::Digits {
                    value: v,
                    arabic: true,
                    zero_only: false,
                });
                Ok(())
            }
            Tok::Vague => {
                if self.pending.is_some() || self.vague {
                    return Err(Stop);
                }
                self.pending = Some(Pending::Vague);
                self.vague = true;
                Ok(())
            }
            Tok::Small(u) => {
                if self.last_small.is_some_and(|l| u >= l) {
                    return Err(Stop);
                }
                let unit = Decimal::pow10(u).ok_or(Stop)?;
                let add = match self.pending.take() {
                    None => (unit, unit),
                    Some(Pending::Digits {
                        zero_only: true, ..
                    }) => (unit, unit),
                    Some(Pending::Digits { value, .. }) => {
                        let v = value.checked_mul(unit).ok_or(Stop)?;
                        (v, v)
                    }
                    Some(Pending::Vague) => {
                        let max = Decimal::pow10(u + 1)
                            .and_then(|p| p.checked_sub(Decimal::ONE))
                            .ok_or(Stop)?;
                        (unit, max)
                    }
                };
                self.section = add2(self.section, add).ok_or(Stop)?;
                self.has_section = true;
                self.last_small = Some(u);
                Ok(())
            }
            Tok::Big(u) => self.big(u),
        }
    }

    fn close_section(&mut self) -> Option<(Decimal, Decimal)> {
        let pending = match self.pending.take() {
            None => (Decimal::ZERO, Decimal::ZERO),
            Some(Pending::Digits { value, .. }) => (value, value),
            Some(Pending::Vague) => (Decimal::ONE, Decimal::from_i64(9)),
        };
        let s = add2(self.section, pending)?;
        self.section = (Decimal::ZERO, Decimal::ZERO);
        self.has_section = false;
        self.last_small = None;
        Some(s)
    }

    fn big(&mut self, u: u32) -> Result<(), Refuse> {
        let content = self.has_section || self.pending.is_some();
        let unit = Decimal::pow10(u).ok_or(Refuse::Stop)?;
        if !content {
            // `1万億`: a bigger unit straight after a big unit multiplies everything.
            if self.has_total && self.biggest.is_some_and(|b| u > b) {
                self.total = mul2(self.total, unit).ok_or(Refuse::Stop)?;
                self.biggest = Some(u);
                self.last_big = Some(u);
                return Ok(());
            }
            return Err(Refuse::Stop);
        }
        match self.biggest {
            Some(b) if u <= b && self.last_big.is_some_and(|l| u >= l) => {
                return Err(Refuse::Backtrack);
            }
            _ => {}
        }
        let sec = self.close_section().ok_or(Refuse::Stop)?;
        if self.biggest.is_none_or(|b| u > b) {
            let all = add2(self.total, sec).ok_or(Refuse::Stop)?;
            self.total = mul2(all, unit).ok_or(Refuse::Stop)?;
            self.biggest = Some(u);
        } else {
            let part = mul2(sec, unit).ok_or(Refuse::Stop)?;
            self.total = add2(self.total, part).ok_or(Refuse::Stop)?;
        }
        self.has_total = true;
        self.last_big = Some(u);
        Ok(())
    }

    fn finish(mut self) -> Option<(Decimal, Decimal)> {
        let sec = self.close_section()?;
        add2(self.total, sec)
    }

    fn pending_arabic(&self) -> bool {
        matches!(self.pending, Some(Pending::Digits { arabic: true, .. }))
    }

    fn ends_with_unit(&self, last: Option<Tok>) -> bool {
        matches!(last, Some(Tok::Small(_)) | Some(Tok::Big(_)))
    }
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

/// What [`body_at`] has read so far.
#[derive(Clone)]
struct Body {
    acc: Acc,
    /// End of the last consumed token.
    end: usize,
    saw_arabic: bool,
    saw_kanji: bool,
    has_unit: bool,
    last: Option<Tok>,
}

/// What the char at a position adds to a numeral body.
enum Step {
    /// A token and where it ends.
    Token(Tok, usize),
    /// A kanji decimal point with its digits (`・〇八`, `点八`): the fraction and its end.
    Point(Decimal, usize),
    /// The numeral ends here.
    Stop,
}

/// The kanji/arabic numeral body at `i` (no sign).
fn body_at(chars: &[char], start: usize) -> Option<Numeral> {
    let mut body = Body {
        acc: Acc::default(),
        end: start,
        saw_arabic: false,
        saw_kanji: false,
        has_unit: false,
        last: None,
    };
    // The body right after the last big unit, to return to on `Refuse::Backtrack`.
    let mut snapshot: Option<Body> = None;
    let mut i = start;
    while let Some(j) = body.next_position(chars, start, i) {
        match step_at(chars, start, j, &body.acc) {
            Step::Stop => break,
            Step::Point(fraction, e) => {
                if !body.add_fraction(fraction) {
                    break;
                }
                body.end = e;
                body.last = Some(Tok::Digit(0));
                i = e;
            }
            Step::Token(tok, next_i) => {
                if !body.feed(tok, next_i, &mut snapshot) {
                    break;
                }
                i = next_i;
            }
        }
    }
    body.finish(start)
}

/// The step at `j`: a token, a kanji decimal point, or the end of the numeral.
fn step_at(chars: &[char], start: usize, j: usize, acc: &Acc) -> Step {
    let Some(&c) = chars.get(j) else {
        return Step::Stop;
    };
    if let Some(d) = kanji_digit(c) {
        Step::Token(Tok::Digit(d), j + 1)
    } else if let Some(u) = small_unit(c) {
        Step::Token(Tok::Small(u), j + 1)
    } else if let Some(u) = big_unit(c) {
        Step::Token(Tok::Big(u), j + 1)
    } else if c == '数' || c == '何' {
        // `数` only before a unit: `数十億`, `数億`, `十数億`.
        if chars
            .get(j + 1)
            .is_some_and(|&n| small_unit(n).is_some() || big_unit(n).is_some())
        {
            Step::Token(Tok::Vague, j + 1)
        } else {
            Step::Stop
        }
    } else if arabic_digit(c).is_some() || (is_dot(c) && j == start && leading_dot_ok(chars, j)) {
        if acc.pending.is_some() {
            return Step::Stop;
        }
        match arabic_at(chars, j) {
            Some((v, e)) => Step::Token(Tok::Arabic(v), e),
            None => Step::Stop,
        }
    } else if c == '・' || c == '点' {
        // kanji decimal point: `〇・〇八`, `四点八`
        match kanji_fraction(chars, j, acc) {
            Some((v, e)) => Step::Point(v, e),
            None => Step::Stop,
        }
    } else {
        Step::Stop
    }
}

impl Body {
    /// Where the next token starts, from `i`: spaces may join parts of one numeral only next
    /// to a unit (`130 億`, `7万 5千`). `None` when a space ends the numeral.
    fn next_position(&self, chars: &[char], start: usize, i: usize) -> Option<usize> {
        if i == start || !chars.get(i).is_some_and(|&c| is_space(c)) {
            return Some(i);
        }
        let k = skip_spaces(chars, i);
        let next = chars.get(k).copied();
        let next_is_unit = next.is_some_and(|c| small_unit(c).is_some() || big_unit(c).is_some());
        let after_unit = self.acc.ends_with_unit(self.last)
            && next.is_some_and(|c| {
                (kanji_digit(c).is_some() && self.saw_kanji)
                    || (arabic_digit(c).is_some() && self.saw_arabic)
            });
        (next_is_unit || after_unit).then_some(k)
    }

    /// Add a kanji decimal fraction to the pending digits; false when it cannot be added.
    fn add_fraction(&mut self, fraction: Decimal) -> bool {
        let value = match self.acc.pending {
            Some(Pending::Digits { value, .. }) => value,
            None => Decimal::ZERO,
            Some(Pending::Vague) => return false,
        };
        let Some(sum) = value.checked_add(fraction) else {
            return false;
        };
        self.acc.pending = Some(Pending::Digits {
            value: sum,
            arabic: false,
            zero_only: false,
        });
        true
    }

    /// Feed one token ending at `next_i`; false when the numeral ends (the body is then what
    /// it was before the token, or the `snapshot` on a backtrack).
    fn feed(&mut self, tok: Tok, next_i: usize, snapshot: &mut Option<Body>) -> bool {
        let before = self.acc.clone();
        match self.acc.feed(tok) {
            Ok(()) => {
                match tok {
                    Tok::Arabic(_) => self.saw_arabic = true,
                    Tok::Digit(_) => self.saw_kanji = true,
                    Tok::Small(_) | Tok::Big(_) => self.has_unit = true,
                    Tok::Vague => {}
                }
                self.last = Some(tok);
                self.end = next_i;
                if matches!(tok, Tok::Big(_)) {
                    *snapshot = Some(self.clone());
                }
                true
            }
            Err(Refuse::Stop) => {
                self.acc = before;
                false
            }
            Err(Refuse::Backtrack) => {
                match snapshot.take() {
                    Some(s) => *self = s,
                    None => self.acc = before,
                }
                false
            }
        }
    }

    /// The numeral read, if the body makes one.
    fn finish(self, start: usize) -> Option<Numeral> {
        if self.acc.tokens == 0 || self.end == start {
            return None;
        }
        // A lone `数` (no unit consumed after it) is not a numeral.
        let vague = self.acc.vague;
        if vague && !self.has_unit {
            return None;
        }
        // Arabic pending followed directly by a big unit with nothing else is fine; a bare
        // zero-only kanji pending like `〇` is also fine.
        let biggest = self.acc.biggest;
        let (min, max) = self.acc.finish()?;
        let script = if self.saw_arabic {
            Script::Arabic
        } else {
            Script::Kanji
        };
        Some(Numeral {
            start,
            end: self.end,
            value: min,
            max: vague.then_some(max),
            big_scale: biggest,
            script,
            has_unit: self.has_unit,
        })
    }
}

fn leading_dot_ok(chars: &[char], j: usize) -> bool {
    chars.get(j + 1).is_some_and(|&c| arabic_digit(c).is_some())
        && (j == 0 || {
            let p = chars[j - 1];
            !is_dot(p) && arabic_digit(p).is_none() && !p.is_ascii_alphanumeric()
        })
}

/// Digits after a kanji decimal point at `j` (`・` or `点`), as a fraction `0.xyz`.
fn kanji_fraction(chars: &[char], j: usize, acc: &Acc) -> Option<(Decimal, usize)> {
    let after_digits = matches!(acc.pending, Some(Pending::Digits { .. }));
    if !(after_digits || (acc.pending.is_none() && acc.has_section))
        || acc.pending_arabic() && chars[j] == '・'
    {
        return None;
    }
    let mut k = j + 1;
    let mut digits: Vec<u8> = Vec::new();
    while let Some(&c) = chars.get(k) {
        if let Some(d) = kanji_digit(c).or_else(|| arabic_digit(c)) {
            digits.push(d);
            k += 1;
        } else {
            break;
        }
    }
    if digits.is_empty() || digits.len() > 20 {
        return None;
    }
    // `三・四人` lists two numbers; one digit after `・` glued to a kanji is not a decimal
    if chars[j] == '・'
        && digits.len() == 1
        && chars
            .get(k)
            .is_some_and(|&c| is_kanji(c) && small_unit(c).is_none())
    {
        return None;
    }
    // `八十九` after the point reads as the digits 8,9.
    if chars.get(k).is_some_and(|&c| small_unit(c) == Some(1))
        && digits.len() == 1
        && chars.get(k + 1).and_then(|&c| kanji_digit(c)).is_some()
    {
        let d2 = chars.get(k + 1).and_then(|&c| kanji_digit(c))?;
        digits.push(d2);
        k += 2;
    }
    let mut m: i128 = 0;
    for d in &digits {
        m = m.checked_mul(10)?.checked_add(i128::from(*d))?;
    }
    Some((Decimal::new(m, u32::try_from(digits.len()).ok()?)?, k))
}

/// An arabic number at `i`: digits with thousands separators, a decimal part, an exponent.
/// Returns the value and the end. No sign, no kanji units: the plain number only.
pub fn arabic_at(chars: &[char], i: usize) -> Option<(Decimal, usize)> {
    let (int_digits, k) = integer_digits(chars, i);
    let (frac_digits, k) = fraction_digits(chars, i, k);
    if int_digits.is_empty() && frac_digits.is_empty() {
        return None;
    }
    if int_digits.len() + frac_digits.len() > 36 {
        return None;
    }
    let mut m: i128 = 0;
    for d in int_digits.iter().chain(frac_digits.iter()) {
        m = m.checked_mul(10)?.checked_add(i128::from(*d))?;
    }
    let value = Decimal::new(m, u32::try_from(frac_digits.len()).ok()?)?;
    exponent(chars, value, k)
}

/// The integer digits at `i` and their end. Thousands separators: `,` `，` `、` before
/// exactly three digits; spaces only in `1 234 567` (two or more groups).
fn integer_digits(chars: &[char], i: usize) -> (Vec<u8>, usize) {
    let mut k = i;
    let mut digits: Vec<u8> = Vec::new();
    while let Some(d) = chars.get(k).and_then(|&c| arabic_digit(c)) {
        digits.push(d);
        k += 1;
    }
    if !digits.is_empty() && digits.len() <= 3 {
        k = comma_groups(chars, k, &mut digits);
        if k == i + digits.len() && chars.get(k).is_some_and(|&c| is_space(c)) {
            k = space_groups(chars, k, &mut digits);
        }
    }
    (digits, k)
}

/// Three digits after the separator at `at`, not followed by a fourth.
fn group_of_three(chars: &[char], at: usize) -> Option<Vec<u8>> {
    let group: Vec<u8> = (1..=3)
        .map_while(|o| chars.get(at + o).and_then(|&c| arabic_digit(c)))
        .collect();
    let after = chars.get(at + 4).copied();
    (group.len() == 3 && after.and_then(arabic_digit).is_none()).then_some(group)
}

/// `,123,456` from `k`: appends the groups to `digits`, returns their end.
fn comma_groups(chars: &[char], mut k: usize, digits: &mut Vec<u8>) -> usize {
    while let Some(&sep) = chars.get(k) {
        if !matches!(sep, ',' | '，' | '、') {
            break;
        }
        let Some(group) = group_of_three(chars, k) else {
            break;
        };
        digits.extend(group);
        k += 4;
    }
    k
}

/// ` 234 567` from `k`: appends the groups to `digits` when there are two or more, returns
/// their end (`k` otherwise).
fn space_groups(chars: &[char], k: usize, digits: &mut Vec<u8>) -> usize {
    let mut groups = Vec::new();
    let mut p = k;
    while chars.get(p).is_some_and(|&c| c == ' ') {
        let Some(group) = group_of_three(chars, p) else {
            break;
        };
        groups.push(group);
        p += 4;
    }
    if groups.len() < 2 {
        return k;
    }
    for g in groups {
        digits.extend(g);
    }
    p
}

/// The decimal digits after a dot at `k` (the number started at `i`) and their end; none for
/// dotted sequences such as `192.168.1.2`.
fn fraction_digits(chars: &[char], i: usize, k: usize) -> (Vec<u8>, usize) {
    if !(chars.get(k).is_some_and(|&c| is_dot(c))
        && chars.get(k + 1).and_then(|&c| arabic_digit(c)).is_some())
    {
        return (Vec::new(), k);
    }
    let mut p = k + 1;
    let mut digits = Vec::new();
    while let Some(d) = chars.get(p).and_then(|&c| arabic_digit(c)) {
        digits.push(d);
        p += 1;
    }
    // `192.168.1.2`, `2222.2222.22`: dotted sequences are not decimals.
    let dotted = (chars.get(p).is_some_and(|&c| is_dot(c))
        && chars.get(p + 1).and_then(|&c| arabic_digit(c)).is_some())
        || (i >= 2 && is_dot(chars[i - 1]) && arabic_digit(chars[i - 2]).is_some());
    if dotted { (Vec::new(), k) } else { (digits, p) }
}

/// An exponent at `k` applied to `value` (`2e5`, `12.32e+14`, `2.7890e－1`), with the end;
/// `value` and `k` unchanged without one. `None` when the exponent overflows.
fn exponent(chars: &[char], value: Decimal, k: usize) -> Option<(Decimal, usize)> {
    if !matches!(chars.get(k), Some('e' | 'E')) {
        return Some((value, k));
    }
    let mut p = k + 1;
    let mut neg = false;
    if let Some(&c) = chars.get(p) {
        if c == '+' || c == '＋' {
            p += 1;
        } else if is_minus(c) && c != '△' && c != '▲' {
            neg = true;
            p += 1;
        }
    }
    let mut e: i32 = 0;
    let mut n = 0;
    while let Some(d) = chars.get(p).and_then(|&c| arabic_digit(c)) {
        e = e.checked_mul(10)?.checked_add(i32::from(d))?;
        p += 1;
        n += 1;
    }
    let letter_after = chars.get(p).is_some_and(|c| c.is_ascii_alphabetic());
    if n > 0
        && !letter_after
        && e <= 30
        && let Some(v) = value.checked_shift(if neg { -e } else { e })
    {
        return Some((v, p));
    }
    Some((value, k))
}

// ---------------------------------------------------------------------------------------------
// Hiragana readings
// ---------------------------------------------------------------------------------------------

/// Hiragana readings of digits and units, longest first where they overlap.
const HIRAGANA: &[(&str, Tok)] = &[
    ("きゅう", Tok::Digit(9)),
    ("じゅう", Tok::Small(1)),
    ("じゅっ", Tok::Small(1)),
    ("ひゃく", Tok::Small(2)),
    ("びゃく", Tok::Small(2)),
    ("ぴゃく", Tok::Small(2)),
    ("ちょう", Tok::Big(12)),
    ("ぜろ", Tok::Digit(0)),
    ("れい", Tok::Digit(0)),
    ("いち", Tok::Digit(1)),
    ("いっ", Tok::Digit(1)),
    ("さん", Tok::Digit(3)),
    ("よん", Tok::Digit(4)),
    ("ろく", Tok::Digit(6)),
    ("ろっ", Tok::Digit(6)),
    ("なな", Tok::Digit(7)),
    ("しち", Tok::Digit(7)),
    ("はち", Tok::Digit(8)),
    ("はっ", Tok::Digit(8)),
    ("せん", Tok::Small(3)),
    ("ぜん", Tok::Small(3)),
    ("まん", Tok::Big(4)),
    ("おく", Tok::Big(8)),
    ("に", Tok::Digit(2)),
    ("ご", Tok::Digit(5)),
];

/// Single readings that are far more often particles or prefixes than numbers.
const HIRAGANA_ALONE_NOT_NUMBERS: &[&str] = &["に", "し", "く"];

fn is_delimiter(c: char) -> bool {
    is_space(c)
        || c.is_ascii_punctuation()
        || matches!(
            c,
            '、' | '。'
                | '，'
                | '．'
                | '「'
                | '」'
                | '『'
                | '』'
                | '（'
                | '）'
                | '！'
                | '？'
                | '・'
                | '\n'
                | '\r'
                | '\t'
        )
}

/// A hiragana numeral: a whole run of hiragana between delimiters, made only of readings.
fn hiragana_at(chars: &[char], i: usize) -> Option<Numeral> {
    if i > 0 && !is_delimiter(chars[i - 1]) {
        return None;
    }
    let mut end = i;
    while chars.get(end).is_some_and(|&c| is_hiragana(c)) {
        end += 1;
    }
    if end < chars.len() && !is_delimiter(chars[end]) {
        return None;
    }
    let run: String = chars.get(i..end)?.iter().collect();
    if HIRAGANA_ALONE_NOT_NUMBERS.contains(&run.as_str()) {
        return None;
    }
    let mut acc = Acc::default();
    let mut rest = run.as_str();
    let mut has_unit = false;
    while !rest.is_empty() {
        let (reading, tok) = HIRAGANA.iter().find(|(r, _)| rest.starts_with(r))?;
        // sokuon forms (`いっ`, `はっ`) must be followed by a unit
        if reading.ends_with('っ') && !matches!(tok, Tok::Small(1)) {
            let after = &rest[reading.len()..];
            if !HIRAGANA
                .iter()
                .any(|(r, t)| matches!(t, Tok::Small(_) | Tok::Big(_)) && after.starts_with(r))
            {
                return None;
            }
        }
        if matches!(tok, Tok::Small(_) | Tok::Big(_)) {
            has_unit = true;
        }
        acc.feed(*tok).ok()?;
        rest = &rest[reading.len()..];
    }
    let biggest = acc.biggest;
    let (value, _) = acc.finish()?;
    Some(Numeral {
        start: i,
        end,
        value,
        max: None,
        big_scale: biggest,
        script: Script::Hiragana,
        has_unit,
    })
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
