//! Hiragana readings of numerals (`にせんにひゃく`), read when they stand alone between
//! delimiters.

use super::accumulator::{Acc, Tok};
use super::{Numeral, Script, is_space};
use crate::text::is_hiragana;

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
pub(super) fn hiragana_at(chars: &[char], i: usize) -> Option<Numeral> {
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
