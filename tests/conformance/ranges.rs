//! Number ranges of the Recognizers-Text `NumberRangeModel` kind: `20と30の間` ([20, 30)),
//! `100以上310以下`, `最大700`, `1000から1500`. Built on the number finder of `numbers.rs`; the
//! product never reports ranges of bare numbers, so this lives with the conformance cases. The
//! cue words are in `number-finder.toml` (`[number_range]`).

use super::numbers::{NumberRules, RULES_TOML, number_at_with};
use claimdex::extract::numeral::{numeral_at, starts_with};
use claimdex::record::Decimal;
use serde::Deserialize;
use std::sync::OnceLock;

/// One end of a number range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RangeEnd {
    /// The limit.
    pub value: Decimal,
    /// Whether the limit itself belongs to the range.
    pub inclusive: bool,
}

/// A number range such as `20と30の間` ([20, 30)) or `100以下` ((, 100]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberRange {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Lower end, if bounded below.
    pub lower: Option<RangeEnd>,
    /// Upper end, if bounded above.
    pub upper: Option<RangeEnd>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RangeCues {
    more_than: Vec<String>,
    at_least: Vec<String>,
    less_than: Vec<String>,
    at_most: Vec<String>,
    equal: Vec<String>,
    prefix_equal: Vec<String>,
    prefix_at_most: Vec<String>,
    prefix_at_least: Vec<String>,
    connectors: Vec<String>,
    between: Vec<(String, String)>,
    joiners: Vec<String>,
    ordinal_prefixes: Vec<String>,
    ordinal_suffixes: Vec<String>,
    number_words: Vec<(String, String)>,
}

/// The range finder: its cue words and the number finder's rules.
#[derive(Debug, Clone)]
pub struct RangeFinder {
    cues: RangeCues,
    /// Words standing for a number (`半分`), longest first.
    number_words: Vec<(Vec<char>, Decimal)>,
    numbers: &'static NumberRules,
}

/// A range operand: the number and its span.
#[derive(Debug, Clone, Copy)]
struct Operand {
    start: usize,
    end: usize,
    value: Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Side {
    Lower(bool),
    Upper(bool),
    Equal,
}

fn bound(value: Decimal, inclusive: bool) -> Option<RangeEnd> {
    Some(RangeEnd { value, inclusive })
}

fn range(
    start: usize,
    end: usize,
    lower: Option<RangeEnd>,
    upper: Option<RangeEnd>,
) -> NumberRange {
    NumberRange {
        start,
        end,
        lower,
        upper,
    }
}

/// All number ranges in `text` with the built-in rules.
pub fn find_number_ranges(text: &str) -> Vec<NumberRange> {
    RangeFinder::builtin().find(text)
}

impl RangeFinder {
    /// The cues of `number-finder.toml` and the built-in number rules.
    pub fn builtin() -> &'static RangeFinder {
        static FINDER: OnceLock<RangeFinder> = OnceLock::new();
        FINDER.get_or_init(|| {
            #[derive(Deserialize)]
            struct File {
                number_range: RangeCues,
            }
            let file: File = toml::from_str(RULES_TOML)
                .unwrap_or_else(|e| panic!("tests/conformance/number-finder.toml: {e}"));
            let cues = file.number_range;
            let mut number_words: Vec<(Vec<char>, Decimal)> = cues
                .number_words
                .iter()
                .map(|(w, v)| {
                    let d = v
                        .parse()
                        .unwrap_or_else(|_| panic!("[number_range]: bad number {v:?}"));
                    (w.chars().collect(), d)
                })
                .collect();
            number_words.sort_by_key(|b| std::cmp::Reverse(b.0.len()));
            RangeFinder {
                cues,
                number_words,
                numbers: NumberRules::builtin(),
            }
        })
    }

    /// All number ranges in `text` (`20と30の間`, `100以上310以下`, `最大700`, `1000から1500`).
    pub fn find(&self, text: &str) -> Vec<NumberRange> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            // start only at a number boundary
            let at_boundary = i == 0
                || numeral_at(&chars, i).is_some()
                || numeral_at(&chars, i - 1).is_none_or(|n| n.end <= i);
            if at_boundary && let Some(r) = self.range_at(&chars, i) {
                i = r.end.max(i + 1);
                out.push(r);
                continue;
            }
            // skip past a number that is not a range, so its tail is not read as one
            if let Some(n) = numeral_at(&chars, i) {
                i = n.end.max(i + 1);
            } else {
                i += 1;
            }
        }
        out
    }

    fn operand_at(&self, chars: &[char], i: usize) -> Option<Operand> {
        for (w, v) in &self.number_words {
            if chars.get(i..i + w.len()) == Some(w.as_slice()) {
                return Some(Operand {
                    start: i,
                    end: i + w.len(),
                    value: *v,
                });
            }
        }
        let mut s = i;
        for p in &self.cues.ordinal_prefixes {
            if starts_with(chars, s, p) {
                s += p.chars().count();
                break;
            }
        }
        let m = number_at_with(chars, s, self.numbers)?;
        let mut end = m.end;
        for suf in &self.cues.ordinal_suffixes {
            if starts_with(chars, end, suf) {
                end += suf.chars().count();
                break;
            }
        }
        Some(Operand {
            start: i,
            end,
            value: m.value,
        })
    }

    fn cue_after(&self, chars: &[char], i: usize) -> Option<(usize, Side)> {
        let r = &self.cues;
        let mut best: Option<(usize, Side)> = None;
        let groups: [(&Vec<String>, Side); 5] = [
            (&r.at_least, Side::Lower(true)),
            (&r.more_than, Side::Lower(false)),
            (&r.at_most, Side::Upper(true)),
            (&r.less_than, Side::Upper(false)),
            (&r.equal, Side::Equal),
        ];
        for (words, side) in groups {
            for w in words {
                if starts_with(chars, i, w) {
                    let e = i + w.chars().count();
                    if best.is_none_or(|(be, _)| e > be) {
                        best = Some((e, side));
                    }
                }
            }
        }
        // `小さいか等しい`: extend `より小さい` by `か等しい`
        if let Some((e, Side::Upper(false))) = best
            && starts_with(chars, e, "か等しい")
        {
            best = Some((e + 4, Side::Upper(true)));
        }
        if let Some((e, Side::Lower(false))) = best
            && starts_with(chars, e, "か等しい")
        {
            best = Some((e + 4, Side::Lower(true)));
        }
        best
    }

    /// One range starting at `i`: a prefix form, `AとBの間`, `AからB`, or `A<cue>` with an
    /// optional other half.
    fn range_at(&self, chars: &[char], i: usize) -> Option<NumberRange> {
        if let Some(r) = self.prefix_equal(chars, i) {
            return Some(r);
        }
        if let Some(r) = self.prefix_bound(chars, i) {
            return Some(r);
        }
        let a = self.operand_at(chars, i)?;
        if let Some(r) = self.between(chars, i, &a) {
            return Some(r);
        }
        if let Some(r) = self.connected(chars, i, &a) {
            return Some(r);
        }
        self.cued(chars, i, a)
    }

    /// `イコール5`.
    fn prefix_equal(&self, chars: &[char], i: usize) -> Option<NumberRange> {
        for w in &self.cues.prefix_equal {
            if starts_with(chars, i, w)
                && let Some(o) = self.operand_at(chars, i + w.chars().count())
            {
                return Some(range(i, o.end, bound(o.value, true), bound(o.value, true)));
            }
        }
        None
    }

    /// `最大700`, `少なくとも20`, and both: `多くて100、少なくとも20`.
    fn prefix_bound(&self, chars: &[char], i: usize) -> Option<NumberRange> {
        let r = &self.cues;
        for (words, upper) in [(&r.prefix_at_most, true), (&r.prefix_at_least, false)] {
            for w in words {
                if !starts_with(chars, i, w) {
                    continue;
                }
                let Some(o) = self.operand_at(chars, i + w.chars().count()) else {
                    continue;
                };
                let mut found = if upper {
                    range(i, o.end, None, bound(o.value, true))
                } else {
                    range(i, o.end, bound(o.value, true), None)
                };
                self.other_prefix_half(chars, &mut found, o.end, upper);
                return Some(found);
            }
        }
        None
    }

    /// The second half of `多くて100、少なくとも20` after the first operand ending at `end`.
    fn other_prefix_half(&self, chars: &[char], found: &mut NumberRange, end: usize, upper: bool) {
        let r = &self.cues;
        let other = if upper {
            &r.prefix_at_least
        } else {
            &r.prefix_at_most
        };
        for j in &r.joiners {
            let k = end + j.chars().count();
            if !starts_with(chars, end, j) {
                continue;
            }
            for w2 in other {
                if starts_with(chars, k, w2)
                    && let Some(o2) = self.operand_at(chars, k + w2.chars().count())
                {
                    found.end = o2.end;
                    if upper {
                        found.lower = bound(o2.value, true);
                    } else {
                        found.upper = bound(o2.value, true);
                    }
                    return;
                }
            }
        }
    }

    /// `AとBの間`.
    fn between(&self, chars: &[char], i: usize, a: &Operand) -> Option<NumberRange> {
        for (conj, close) in &self.cues.between {
            if starts_with(chars, a.end, conj)
                && let Some(b) = self.operand_at(chars, a.end + conj.chars().count())
                && starts_with(chars, b.end, close)
            {
                let (lo, hi) = if a.value <= b.value {
                    (a.value, b.value)
                } else {
                    (b.value, a.value)
                };
                return Some(range(
                    i,
                    b.end + close.chars().count(),
                    bound(lo, true),
                    bound(hi, false),
                ));
            }
        }
        None
    }

    /// `AからB`, `A~B`, `A-B`, with an upper cue after B (`AからB以下`).
    fn connected(&self, chars: &[char], i: usize, a: &Operand) -> Option<NumberRange> {
        for c in &self.cues.connectors {
            if !starts_with(chars, a.end, c) {
                continue;
            }
            let Some(b) = self.operand_at(chars, a.end + c.chars().count()) else {
                continue;
            };
            if c == "-" && !self.dash_range_ok(chars, a, &b) {
                continue;
            }
            if b.value <= a.value {
                continue;
            }
            let mut found = range(i, b.end, bound(a.value, true), bound(b.value, false));
            if let Some((e, side)) = self.cue_after(chars, b.end)
                && let Side::Upper(inc) = side
            {
                found.end = e;
                found.upper = bound(b.value, inc);
            }
            return Some(found);
        }
        None
    }

    /// `A<cue>` and the other half: `20以上30未満`, `50以下20以上`, `20より大きく、35以下`.
    fn cued(&self, chars: &[char], i: usize, a: Operand) -> Option<NumberRange> {
        let (e1, s1) = self.cue_after(chars, a.end)?;
        let mut found = match s1 {
            Side::Lower(inc) => range(i, e1, bound(a.value, inc), None),
            Side::Upper(inc) => range(i, e1, None, bound(a.value, inc)),
            Side::Equal => return Some(range(i, e1, bound(a.value, true), bound(a.value, true))),
        };
        let mut joiners: Vec<&str> = self.cues.joiners.iter().map(String::as_str).collect();
        joiners.push("");
        for j in joiners {
            if !starts_with(chars, e1, j) {
                continue;
            }
            let k = e1 + j.chars().count();
            let Some(b) = self.operand_at(chars, k) else {
                continue;
            };
            let Some((e2, s2)) = self.cue_after(chars, b.end) else {
                continue;
            };
            match (s1, s2) {
                (Side::Lower(_), Side::Upper(inc)) => found.upper = bound(b.value, inc),
                (Side::Upper(_), Side::Lower(inc)) => found.lower = bound(b.value, inc),
                _ => continue,
            }
            found.end = e2;
            // `20以上30未満の間`
            for (_, close) in &self.cues.between {
                if starts_with(chars, found.end, close) {
                    found.end += close.chars().count();
                }
            }
            break;
        }
        Some(found)
    }

    /// `A-B` is a range only when it is not part of a phone number, date or code.
    fn dash_range_ok(&self, chars: &[char], a: &Operand, b: &Operand) -> bool {
        let before = a.start.checked_sub(1).and_then(|p| chars.get(p)).copied();
        if before.is_some_and(|c| matches!(c, '+' | '-' | '/' | '＋') || c.is_ascii_alphanumeric())
        {
            return false;
        }
        if matches!(chars.get(b.end), Some('-' | '/' | '－')) {
            return false;
        }
        let b_first = chars.get(a.end + 1).copied();
        !matches!(b_first, Some('0' | '０'))
    }
}
