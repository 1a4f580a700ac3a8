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
//! - [`find_numbers`]: the general number finder of the Recognizers-Text `NumberModel` kind
//!   (bare numbers, fractions `3分の2`, powers `2^5`, dozens `半ダース`, `40k`), driven by the
//!   counter and unit lists in `dictionaries/quantities.toml` (`[numbers]`). Figure extraction
//!   does not use it: bare numbers are not figures.
//!
//! Grammar choices worth knowing: the long-vowel mark `ー` is never a minus; a `,`/`、` is a
//! thousands separator only before exactly three digits; a space joins parts of one numeral
//! only next to a unit (`130 億`, `7万 5千`); `数` must be followed by a unit (`数十億`).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

/// Largest number of digits after the decimal point a [`Decimal`] keeps.
pub const MAX_SCALE: u32 = 28;

/// An exact decimal number: `mantissa × 10^-scale`, always stored normalised (no trailing
/// zeros in the mantissa when `scale > 0`), so equal values compare and hash equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        scale: 0,
    };
    /// One.
    pub const ONE: Decimal = Decimal {
        mantissa: 1,
        scale: 0,
    };

    /// `mantissa × 10^-scale`; `None` when `scale` exceeds [`MAX_SCALE`].
    pub fn new(mantissa: i128, scale: u32) -> Option<Self> {
        if scale > MAX_SCALE {
            return None;
        }
        Some(Self::normalized(mantissa, scale))
    }

    /// An integer value.
    pub fn from_i64(value: i64) -> Self {
        Decimal {
            mantissa: i128::from(value),
            scale: 0,
        }
    }

    /// `10^exp`, if it fits.
    pub fn pow10(exp: u32) -> Option<Self> {
        Some(Decimal {
            mantissa: 10i128.checked_pow(exp)?,
            scale: 0,
        })
    }

    fn normalized(mut mantissa: i128, mut scale: u32) -> Self {
        while scale > 0 && mantissa % 10 == 0 {
            mantissa /= 10;
            scale -= 1;
        }
        if mantissa == 0 {
            scale = 0;
        }
        Decimal { mantissa, scale }
    }

    /// The mantissa (the value times `10^scale`).
    pub fn mantissa(&self) -> i128 {
        self.mantissa
    }

    /// Digits after the decimal point.
    pub fn scale(&self) -> u32 {
        self.scale
    }

    /// True when the value has no fractional part.
    pub fn is_integer(&self) -> bool {
        self.scale == 0
    }

    /// True for zero.
    pub fn is_zero(&self) -> bool {
        self.mantissa == 0
    }

    /// True below zero.
    pub fn is_negative(&self) -> bool {
        self.mantissa < 0
    }

    /// The nearest `f64` (for display and tolerance comparisons only).
    pub fn to_f64(&self) -> f64 {
        self.to_string().parse().unwrap_or(f64::NAN)
    }

    /// Both mantissas at the larger of the two scales.
    fn aligned(self, other: Decimal) -> Option<(i128, i128, u32)> {
        let scale = self.scale.max(other.scale);
        let a = self
            .mantissa
            .checked_mul(10i128.checked_pow(scale - self.scale)?)?;
        let b = other
            .mantissa
            .checked_mul(10i128.checked_pow(scale - other.scale)?)?;
        Some((a, b, scale))
    }

    /// `self + other`, `None` on overflow.
    pub fn checked_add(self, other: Decimal) -> Option<Self> {
        let (a, b, scale) = self.aligned(other)?;
        Some(Self::normalized(a.checked_add(b)?, scale))
    }

    /// `self - other`, `None` on overflow.
    pub fn checked_sub(self, other: Decimal) -> Option<Self> {
        self.checked_add(other.checked_neg()?)
    }

    /// `self × other`, `None` on overflow or when the scale would exceed [`MAX_SCALE`].
    pub fn checked_mul(self, other: Decimal) -> Option<Self> {
        let m = self.mantissa.checked_mul(other.mantissa)?;
        Self::new(m, self.scale + other.scale)
    }

    /// `-self`.
    pub fn checked_neg(self) -> Option<Self> {
        Some(Decimal {
            mantissa: self.mantissa.checked_neg()?,
            scale: self.scale,
        })
    }

    /// `self × 10^exp` (exp may be negative), `None` on overflow.
    pub fn checked_shift(self, exp: i32) -> Option<Self> {
        if exp >= 0 {
            self.checked_mul(Self::pow10(exp.unsigned_abs())?)
        } else {
            Self::new(self.mantissa, self.scale.checked_add(exp.unsigned_abs())?)
        }
    }

    /// `self / other` rounded half away from zero to at most `digits` decimal places (fewer
    /// if the exact quotient would overflow). `None` for division by zero.
    pub fn checked_div(self, other: Decimal, digits: u32) -> Option<Self> {
        if other.mantissa == 0 {
            return None;
        }
        let mut target = digits.min(MAX_SCALE);
        loop {
            if let Some(q) = self.div_at(other, target) {
                return Some(q);
            }
            if target == 0 {
                return None;
            }
            target -= 1;
        }
    }

    fn div_at(self, other: Decimal, target: u32) -> Option<Self> {
        // q = a.m·10^(b.s+target) / (b.m·10^a.s), scale = target
        let up = other.scale.checked_add(target)?;
        let (num, den) = if up >= self.scale {
            (
                self.mantissa
                    .checked_mul(10i128.checked_pow(up - self.scale)?)?,
                other.mantissa,
            )
        } else {
            (
                self.mantissa,
                other
                    .mantissa
                    .checked_mul(10i128.checked_pow(self.scale - up)?)?,
            )
        };
        let q = num / den;
        let r = num % den;
        let twice = r.checked_abs()?.checked_mul(2)?;
        let q = if twice >= den.checked_abs()? {
            if (num < 0) != (den < 0) {
                q.checked_sub(1)?
            } else {
                q.checked_add(1)?
            }
        } else {
            q
        };
        Self::new(q, target)
    }

    /// `self^exp` for an integer exponent (negative exponents divide, rounded to 20 places).
    pub fn checked_powi(self, exp: i32) -> Option<Self> {
        if exp.unsigned_abs() > 256 {
            return None;
        }
        let mut acc = Decimal::ONE;
        for _ in 0..exp.unsigned_abs() {
            acc = acc.checked_mul(self).or_else(|| {
                // keep going at reduced precision rather than fail on long fractions
                acc.to_string()
                    .parse::<Decimal>()
                    .ok()
                    .and_then(|a| a.round_to(12).checked_mul(self.round_to(12)))
            })?;
        }
        if exp < 0 {
            Decimal::ONE.checked_div(acc, 20)
        } else {
            Some(acc)
        }
    }

    /// Round half away from zero to at most `digits` decimal places.
    pub fn round_to(self, digits: u32) -> Self {
        if self.scale <= digits {
            return self;
        }
        let drop = self.scale - digits;
        let Some(div) = 10i128.checked_pow(drop) else {
            return Decimal::ZERO;
        };
        let q = self.mantissa / div;
        let r = (self.mantissa % div).abs();
        let q = if r * 2 >= div {
            q + self.mantissa.signum()
        } else {
            q
        };
        Self::normalized(q, digits)
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        match self.aligned(*other) {
            Some((a, b, _)) => a.cmp(&b),
            None => self.to_f64().total_cmp(&other.to_f64()),
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.unsigned_abs().to_string();
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let scale = self.scale as usize;
        if scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = if digits.len() <= scale {
            format!("{}{}", "0".repeat(scale + 1 - digits.len()), digits)
        } else {
            digits
        };
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{int}.{frac}")
    }
}

/// Why a string is not a plain decimal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseDecimalError(String);

impl fmt::Display for ParseDecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a decimal number: {:?}", self.0)
    }
}

impl std::error::Error for ParseDecimalError {}

impl FromStr for Decimal {
    type Err = ParseDecimalError;

    /// Parses a plain decimal (`-12.50`, `1670000000`); no exponent, no separators.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseDecimalError(s.to_string());
        let (neg, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if (int.is_empty() && frac.is_empty())
            || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
        {
            return Err(err());
        }
        let mut m: i128 = 0;
        for c in int.chars().chain(frac.chars()) {
            let d = i128::from(c.to_digit(10).ok_or_else(err)?);
            m = m
                .checked_mul(10)
                .and_then(|v| v.checked_add(d))
                .ok_or_else(err)?;
        }
        let scale = u32::try_from(frac.len()).map_err(|_| err())?;
        let m = if neg { -m } else { m };
        Decimal::new(m, scale).ok_or_else(err)
    }
}

impl serde::Serialize for Decimal {
    /// A JSON number: integers exactly (`100000000000`), other values as `f64`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.is_integer() {
            if let Ok(v) = i64::try_from(self.mantissa) {
                return serializer.serialize_i64(v);
            }
            return serializer.serialize_i128(self.mantissa);
        }
        serializer.serialize_f64(self.to_f64())
    }
}

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

/// True for CJK unified ideographs (kanji).
pub fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々')
}

fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}')
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

impl Default for Decimal {
    fn default() -> Self {
        Decimal::ZERO
    }
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
/// does not join it, see [`arabic_at`]). A wrong value is worse than none, so such digits
/// give no numeral. A lone `0` and `0.5` are read.
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

/// The kanji/arabic numeral body at `i` (no sign).
fn body_at(chars: &[char], start: usize) -> Option<Numeral> {
    let mut acc = Acc::default();
    let mut i = start;
    let mut end = start; // end of the last consumed token
    let mut saw_arabic = false;
    let mut saw_kanji = false;
    let mut has_unit = false;
    let mut last: Option<Tok> = None;
    let mut snapshot: Option<(Acc, usize, bool, bool)> = None;
    loop {
        // Spaces may join parts of one numeral only next to a unit.
        let mut j = i;
        if i > start && chars.get(i).is_some_and(|&c| is_space(c)) {
            let k = skip_spaces(chars, i);
            let next = chars.get(k).copied();
            let next_is_unit =
                next.is_some_and(|c| small_unit(c).is_some() || big_unit(c).is_some());
            let after_unit = acc.ends_with_unit(last)
                && next.is_some_and(|c| {
                    (kanji_digit(c).is_some() && saw_kanji)
                        || (arabic_digit(c).is_some() && saw_arabic)
                });
            if next_is_unit || after_unit {
                j = k;
            } else {
                break;
            }
        }
        let Some(&c) = chars.get(j) else { break };
        let (tok, next_i) = if let Some(d) = kanji_digit(c) {
            (Tok::Digit(d), j + 1)
        } else if let Some(u) = small_unit(c) {
            (Tok::Small(u), j + 1)
        } else if let Some(u) = big_unit(c) {
            (Tok::Big(u), j + 1)
        } else if c == '数' || c == '何' {
            // `数` only before a unit: `数十億`, `数億`, `十数億`.
            if !chars
                .get(j + 1)
                .is_some_and(|&n| small_unit(n).is_some() || big_unit(n).is_some())
            {
                break;
            }
            (Tok::Vague, j + 1)
        } else if arabic_digit(c).is_some() || (is_dot(c) && j == start && leading_dot_ok(chars, j))
        {
            if acc.pending.is_some() {
                break;
            }
            match arabic_at(chars, j) {
                Some((v, e)) => (Tok::Arabic(v), e),
                None => break,
            }
        } else if c == '・' || c == '点' {
            // kanji decimal point: `〇・〇八`, `四点八`
            match kanji_fraction(chars, j, &acc) {
                Some((v, e)) => {
                    let base = match acc.pending {
                        Some(Pending::Digits { value, .. }) => Some(value),
                        None => Some(Decimal::ZERO),
                        Some(Pending::Vague) => None,
                    };
                    if let Some(value) = base {
                        let Some(sum) = value.checked_add(v) else {
                            break;
                        };
                        acc.pending = Some(Pending::Digits {
                            value: sum,
                            arabic: false,
                            zero_only: false,
                        });
                        end = e;
                        i = e;
                        last = Some(Tok::Digit(0));
                        continue;
                    }
                    break;
                }
                None => break,
            }
        } else {
            break;
        };
        let before = acc.clone();
        match acc.feed(tok) {
            Ok(()) => {
                match tok {
                    Tok::Arabic(_) => saw_arabic = true,
                    Tok::Digit(_) => saw_kanji = true,
                    Tok::Small(_) | Tok::Big(_) => has_unit = true,
                    Tok::Vague => {}
                }
                if matches!(tok, Tok::Big(_)) {
                    snapshot = Some((acc.clone(), next_i, saw_arabic, has_unit));
                }
                last = Some(tok);
                i = next_i;
                end = next_i;
            }
            Err(Refuse::Stop) => {
                acc = before;
                break;
            }
            Err(Refuse::Backtrack) => {
                if let Some((a, e, sa, hu)) = snapshot.take() {
                    acc = a;
                    end = e;
                    saw_arabic = sa;
                    has_unit = hu;
                } else {
                    acc = before;
                }
                break;
            }
        }
    }
    if acc.tokens == 0 || end == start {
        return None;
    }
    // A lone `数` (no unit consumed after it) is not a numeral.
    let vague = acc.vague;
    if vague && !has_unit {
        return None;
    }
    // Arabic pending followed directly by a big unit with nothing else is fine; a bare
    // zero-only kanji pending like `〇` is also fine.
    let biggest = acc.biggest;
    let (min, max) = acc.finish()?;
    let script = if saw_arabic {
        Script::Arabic
    } else {
        Script::Kanji
    };
    Some(Numeral {
        start,
        end,
        value: min,
        max: vague.then_some(max),
        big_scale: biggest,
        script,
        has_unit,
    })
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
/// Returns the value and the end.
fn arabic_at(chars: &[char], i: usize) -> Option<(Decimal, usize)> {
    let mut k = i;
    let mut int_digits: Vec<u8> = Vec::new();
    while let Some(d) = chars.get(k).and_then(|&c| arabic_digit(c)) {
        int_digits.push(d);
        k += 1;
    }
    // thousands separators: `,` `，` `、` before exactly three digits; spaces only in
    // `1 234 567` (two or more groups).
    if !int_digits.is_empty() && int_digits.len() <= 3 {
        while let Some(&sep) = chars.get(k) {
            if !matches!(sep, ',' | '，' | '、') {
                break;
            }
            let group: Vec<u8> = (1..=3)
                .map_while(|o| chars.get(k + o).and_then(|&c| arabic_digit(c)))
                .collect();
            let after = chars.get(k + 4).copied();
            if group.len() == 3 && after.and_then(arabic_digit).is_none() {
                int_digits.extend(group);
                k += 4;
            } else {
                break;
            }
        }
        if k == i + int_digits.len() && chars.get(k).is_some_and(|&c| is_space(c)) {
            let mut groups = Vec::new();
            let mut p = k;
            while chars.get(p).is_some_and(|&c| c == ' ') {
                let group: Vec<u8> = (1..=3)
                    .map_while(|o| chars.get(p + o).and_then(|&c| arabic_digit(c)))
                    .collect();
                let after = chars.get(p + 4).copied();
                if group.len() == 3 && after.and_then(arabic_digit).is_none() {
                    groups.push(group);
                    p += 4;
                } else {
                    break;
                }
            }
            if groups.len() >= 2 {
                for g in groups {
                    int_digits.extend(g);
                }
                k = p;
            }
        }
    }
    let mut frac_digits: Vec<u8> = Vec::new();
    if chars.get(k).is_some_and(|&c| is_dot(c))
        && chars.get(k + 1).and_then(|&c| arabic_digit(c)).is_some()
    {
        let mut p = k + 1;
        let mut fd = Vec::new();
        while let Some(d) = chars.get(p).and_then(|&c| arabic_digit(c)) {
            fd.push(d);
            p += 1;
        }
        // `192.168.1.2`, `2222.2222.22`: dotted sequences are not decimals.
        let dotted = (chars.get(p).is_some_and(|&c| is_dot(c))
            && chars.get(p + 1).and_then(|&c| arabic_digit(c)).is_some())
            || (i >= 2 && is_dot(chars[i - 1]) && arabic_digit(chars[i - 2]).is_some());
        if !dotted {
            frac_digits = fd;
            k = p;
        }
    }
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
    let mut value = Decimal::new(m, u32::try_from(frac_digits.len()).ok()?)?;
    // exponent: `2e5`, `12.32e+14`, `2.7890e－1`
    if matches!(chars.get(k), Some('e' | 'E')) {
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
            value = v;
            k = p;
        }
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
// The general number finder
// ---------------------------------------------------------------------------------------------

/// What a found number is, in Recognizers-Text terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
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

/// Word lists the number finder reads from `dictionaries/quantities.toml` (`[numbers]`).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberRules {
    /// Counters a kanji numeral may be glued to (`一匹`, `十本`); any other kanji after a kanji
    /// numeral makes it part of a word (`四川`, `西九条`).
    #[serde(default)]
    pub counters: Vec<String>,
    /// Kanji allowed right before a kanji numeral (`第十`, `約三`).
    #[serde(default)]
    pub prefixes: Vec<String>,
    /// Measurement units after which a number is a measure, not a bare number (`29キロメートル`).
    #[serde(default)]
    pub measure_units: Vec<String>,
    /// Latin multipliers after a number (`40k`): (suffix, power of ten).
    #[serde(default)]
    pub latin_multipliers: Vec<(String, u32)>,
}

#[derive(serde::Deserialize)]
struct QuantitiesNumbersOnly {
    #[serde(default)]
    numbers: NumberRules,
}

impl NumberRules {
    /// Read the `[numbers]` table of a quantities dictionary text.
    pub fn from_toml(name: &str, text: &str) -> crate::Result<Self> {
        #[derive(serde::Deserialize)]
        struct Loose {
            #[serde(default)]
            numbers: Option<toml::Value>,
        }
        let loose: Loose =
            toml::from_str(text).map_err(|e| crate::Error::dictionary(name, e.to_string()))?;
        let Some(v) = loose.numbers else {
            return Ok(NumberRules::default());
        };
        let wrapped = QuantitiesNumbersOnly {
            numbers: v.try_into().map_err(|e: toml::de::Error| {
                crate::Error::dictionary(name, format!("[numbers]: {e}"))
            })?,
        };
        Ok(wrapped.numbers)
    }

    /// The built-in rules (`dictionaries/quantities.toml`).
    pub fn builtin() -> &'static NumberRules {
        static RULES: OnceLock<NumberRules> = OnceLock::new();
        RULES.get_or_init(|| {
            NumberRules::from_toml(
                "quantities.toml",
                include_str!("../dictionaries/quantities.toml"),
            )
            .unwrap_or_default()
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

/// A number (with fraction, power, dozen, multiplier extensions) starting at `i`.
fn number_at(chars: &[char], i: usize, rules: &NumberRules) -> Option<NumberMatch> {
    let n = numeral_at(chars, i)?;
    let mut m = NumberMatch {
        start: n.start,
        end: n.end,
        value: n.value,
        kind: kind_of(n.value),
    };
    // fractions `A分のB` (= B/A), with optional spaces: `五 分の 一`
    let k = skip_spaces(chars, m.end);
    if starts_with(chars, k, "分の") {
        let k2 = skip_spaces(chars, k + 2);
        if let Some(b) = numeral_at(chars, k2) {
            let v = b.value.checked_div(n.value, 20)?;
            return Some(NumberMatch {
                start: m.start,
                end: b.end,
                value: v,
                kind: NumberKind::Fraction,
            });
        }
    }
    // mixed numbers `AとB分のC`, `A と B 分の C`
    for conj in ["と", "又", "また"] {
        let k = skip_spaces(chars, m.end);
        if starts_with(chars, k, conj) {
            let k2 = skip_spaces(chars, k + conj.chars().count());
            if let Some(f) = numeral_at(chars, k2).and_then(|_| number_at(chars, k2, rules))
                && f.kind == NumberKind::Fraction
            {
                let frac = if n.value.is_negative() {
                    f.value.checked_neg()?
                } else {
                    f.value
                };
                return Some(NumberMatch {
                    start: m.start,
                    end: f.end,
                    value: n.value.checked_add(frac)?,
                    kind: NumberKind::Fraction,
                });
            }
            // `三百と二ダース`
            if let Some(d) = numeral_at(chars, k2)
                && starts_with(chars, d.end, "ダース")
            {
                let dozen = d.value.checked_mul(Decimal::from_i64(12))?;
                return Some(NumberMatch {
                    start: m.start,
                    end: d.end + 3,
                    value: n.value.checked_add(dozen)?,
                    kind: NumberKind::Integer,
                });
            }
        }
    }
    // slash fractions `12/3`, `1 3/5`
    if matches!(chars.get(m.end), Some('/' | '／'))
        && n.script == Script::Arabic
        && !n.has_unit
        && !(m.start > 0 && matches!(chars[m.start - 1], '/' | '／'))
        && let Some((b, e)) = arabic_at(chars, m.end + 1)
    {
        let date_like = matches!(chars.get(e), Some('/' | '／'));
        if !date_like && !b.is_zero() {
            let mut v = n.value.checked_div(b, 20)?;
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
            return Some(NumberMatch {
                start,
                end: e,
                value: v,
                kind: NumberKind::Fraction,
            });
        }
    }
    // powers `2^5`, `-1.1^--23`
    if chars.get(m.end) == Some(&'^') {
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
        if let Some((e, end)) = arabic_at(chars, p)
            && e.is_integer()
        {
            let exp = i32::try_from(e.mantissa()).ok()?;
            let exp = if neg { -exp } else { exp };
            let base = n.value.checked_neg().filter(|_| n.value.is_negative());
            let v = match base {
                Some(abs) => abs.checked_powi(exp)?.checked_neg()?,
                None => n.value.checked_powi(exp)?,
            };
            return Some(NumberMatch {
                start: m.start,
                end,
                value: v.round_to(20),
                kind: NumberKind::Power,
            });
        }
    }
    // dozens `三ダース`
    if starts_with(chars, m.end, "ダース") {
        m.value = m.value.checked_mul(Decimal::from_i64(12))?;
        m.end += 3;
        m.kind = NumberKind::Integer;
        return Some(m);
    }
    // latin multipliers `40k`, `-2.5 M`
    if n.script == Script::Arabic
        && !n.has_unit
        && let Some((mult, end)) = latin_multiplier(chars, m.end, &rules.latin_multipliers)
    {
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

/// Drop numbers that are part of a word, measures or percentages.
fn keep_number(chars: &[char], m: NumberMatch, rules: &NumberRules) -> Option<NumberMatch> {
    let text: Vec<char> = chars.get(m.start..m.end)?.to_vec();
    let kanji_only = text
        .iter()
        .all(|&c| kanji_digit(c).is_some() || small_unit(c).is_some() || big_unit(c).is_some());
    let next = chars.get(m.end).copied();
    if kanji_only {
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
        if glued_after || glued_before {
            return None;
        }
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
