//! The snippet of a hit: the whole record when it is short (sentences are), else a cut with
//! `…` on each side that was cut, always keeping the end of the sentence — in Japanese the
//! predicate, and with it any negation (`支払うことができなくなります`) — and never cutting
//! inside a word.

use std::ops::Range;

/// Records up to this many characters are shown whole.
pub const WHOLE_CHARS: usize = 160;
/// Characters kept before the first highlight when a long record is cut.
const BEFORE: usize = 24;
/// Characters kept after the last highlight before a middle cut.
const AFTER: usize = 24;
/// Characters kept at the end of a long record (its predicate).
const TAIL: usize = 40;
/// What stands for the text cut away.
const ELLIPSIS: char = '…';

/// The snippet of `text` with `highlights` (byte ranges of `text`): its text and the
/// highlights as char ranges of it.
pub fn cut(text: &str, highlights: &[Range<usize>]) -> (String, Vec<(usize, usize)>) {
    let chars: Vec<char> = text.chars().collect();
    let char_of = |byte: usize| text[..byte.min(text.len())].chars().count();
    let marks: Vec<(usize, usize)> = highlights
        .iter()
        .filter(|r| {
            r.start < r.end && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
        })
        .map(|r| (char_of(r.start), char_of(r.end)))
        .collect();
    let n = chars.len();
    if n <= WHOLE_CHARS {
        return (text.to_string(), marks);
    }
    let first = marks.first().map_or(0, |m| m.0);
    let last = marks.iter().map(|m| m.1).max().unwrap_or(0);
    let start = boundary_before(&chars, first.saturating_sub(BEFORE));
    let tail = boundary_before(&chars, n.saturating_sub(TAIL)).max(start);
    // Kept: [start, head_end) and [tail, n); one piece when they meet.
    let head_end = boundary_after(&chars, (last + AFTER).min(n)).max(start);
    let pieces: Vec<Range<usize>> = if head_end >= tail || n - start <= WHOLE_CHARS {
        std::iter::once(start..n).collect()
    } else {
        Vec::from([start..head_end, tail..n])
    };
    let mut out = String::new();
    let mut out_marks = Vec::new();
    let mut at = 0; // chars written so far
    for piece in &pieces {
        if piece.start > 0 {
            out.push(ELLIPSIS);
            at += 1;
        }
        for &(s, e) in &marks {
            let (s, e) = (s.max(piece.start), e.min(piece.end));
            if s < e {
                out_marks.push((at + s - piece.start, at + e - piece.start));
            }
        }
        out.extend(&chars[piece.clone()]);
        at += piece.len();
    }
    (out, out_marks)
}

/// Whether a cut between `chars[i - 1]` and `chars[i]` falls between words: after
/// punctuation or a space, at the end of a run of kana particles before a word, or where
/// Latin letters meet Japanese. Never inside a kanji compound, a katakana word, a Latin
/// word, a figure, or between a verb's kanji and its kana ending.
fn is_boundary(chars: &[char], i: usize) -> bool {
    if i == 0 || i >= chars.len() {
        return true;
    }
    let (prev, next) = (chars[i - 1], chars[i]);
    // Letters only: a digit run is part of its figure (`300億ドル`).
    let latin = |c: char| c.is_ascii_alphabetic();
    let digit = |c: char| c.is_ascii_digit() || ".,".contains(c);
    let hiragana = |c: char| ('\u{3041}'..='\u{309F}').contains(&c);
    if digit(prev) && digit(next) {
        return false; // 1,000 or 2.5
    }
    is_break(prev)
        || (hiragana(prev) && !hiragana(next) && !is_break(next) && next != 'ー')
        || (latin(prev) != latin(next) && !digit(prev) && !digit(next))
}

/// Punctuation and spaces: a cut may always follow them.
fn is_break(c: char) -> bool {
    c.is_whitespace() || "、。，．,.!?！？「」『』（）()・：:；;".contains(c)
}

/// The nearest word boundary at or before `i`.
fn boundary_before(chars: &[char], i: usize) -> usize {
    (0..=i.min(chars.len()))
        .rev()
        .find(|&k| is_boundary(chars, k))
        .unwrap_or(0)
}

/// The nearest word boundary at or after `i`.
fn boundary_after(chars: &[char], i: usize) -> usize {
    (i.min(chars.len())..=chars.len())
        .find(|&k| is_boundary(chars, k))
        .unwrap_or(chars.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn byte_range(text: &str, needle: &str) -> Range<usize> {
        let start = text.find(needle).unwrap();
        start..start + needle.len()
    }

    #[test]
    fn a_short_sentence_is_whole() {
        let text = "Oracleは資金が枯渇しつつあり、最終的にはOracleに支払うことができなくなります。";
        let (snippet, marks) = cut(text, &[byte_range(text, "資金")]);
        assert_eq!(snippet, text);
        let chars: Vec<char> = snippet.chars().collect();
        let (s, e) = marks[0];
        assert_eq!(chars[s..e].iter().collect::<String>(), "資金");
    }

    #[test]
    fn a_long_sentence_keeps_its_predicate_and_cuts_between_words() {
        let filler = "そしてその会社は新しいデータセンターを次々に建設しており、".repeat(6);
        let text = format!(
            "{filler}Oracleは資金が枯渇しつつあり、{filler}最終的にはOracleに支払うことができなくなります。"
        );
        let (snippet, marks) = cut(&text, &[byte_range(&text, "資金")]);
        assert!(snippet.starts_with('…'), "{snippet}");
        assert!(
            snippet.ends_with("支払うことができなくなります。"),
            "{snippet}"
        );
        assert!(snippet.chars().count() < text.chars().count());
        let chars: Vec<char> = snippet.chars().collect();
        let (s, e) = marks[0];
        assert_eq!(chars[s..e].iter().collect::<String>(), "資金");
        // Every piece is a run of the text that starts and ends between words.
        for piece in snippet.split('…').filter(|p| !p.is_empty()) {
            let at = text.find(piece).expect("a piece of the text");
            let before = text[..at].chars().count();
            let all: Vec<char> = text.chars().collect();
            assert!(
                is_boundary(&all, before),
                "cut inside a word before {piece}"
            );
            assert!(
                is_boundary(&all, before + piece.chars().count()),
                "cut inside a word after {piece}"
            );
        }
    }

    #[test]
    fn boundaries_fall_between_words() {
        let chars: Vec<char> = "Oracleに支払うことができない".chars().collect();
        assert!(is_boundary(&chars, 6)); // Oracle|に
        assert!(is_boundary(&chars, 7)); // に|支払う
        assert!(!is_boundary(&chars, 3)); // Ora|cle
        assert!(!is_boundary(&chars, 8)); // 支|払う
        assert!(!is_boundary(&chars, 9)); // 支払|う
    }
}
