//! Arabic numbers: digits with thousands separators, a decimal part, an exponent.

use super::{arabic_digit, is_dot, is_minus, is_space};
use crate::record::Decimal;

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
