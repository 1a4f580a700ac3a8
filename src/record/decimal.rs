//! An exact decimal number: every figure's value, every computed value.
//!
//! `i128` mantissa and a base-10 scale: `16.7億` is exactly `1670000000`; arithmetic is
//! checked, so an absurd numeral (`999999999999兆兆`) is rejected, never wrapped or panicked on.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

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

impl Default for Decimal {
    fn default() -> Self {
        Decimal::ZERO
    }
}
