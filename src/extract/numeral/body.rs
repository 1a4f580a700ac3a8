//! The kanji/arabic numeral body after an optional sign: tokens read left to right into the
//! accumulator, spaces joining parts only next to a unit, kanji decimal points (`四点八`).

use super::accumulator::{Acc, Pending, Refuse, Tok};
use super::arabic::arabic_at;
use super::{
    Numeral, Script, arabic_digit, big_unit, is_dot, is_space, kanji_digit, skip_spaces, small_unit,
};
use crate::record::Decimal;
use crate::text::is_kanji;

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
pub(super) fn body_at(chars: &[char], start: usize) -> Option<Numeral> {
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
