//! People's names that IPADIC splits or does not know.
//!
//! - **Kanji names**: IPADIC tags a surname and a given name as two 人名 tokens (早瀬 +
//!   隆之); they are one person. A name it tags only in part (霧島 + 蒼 + 介) is joined when a
//!   title follows it (霧島蒼介CEO) or a role or credit stands before it (撮影：千早悠斗).
//!   A lone 人名 token is a person only with such a cue (鷹野さん); a lone given name or
//!   surname without one is left alone.
//! - **Katakana names** joined by ・ or ＝ (ジョナサン・ベイル) and **Latin names** (David
//!   Chen) are a person's when a title or 氏 follows, or a role stands before; a company can
//!   also be called さん in speech, so さん and 様 are not enough for these.
//!
//! Cue words are in `discovery.toml` under `[person]`.

use serde::Deserialize;

use crate::record::EntityType;
use crate::tokenize::{NameKind, NamePart, Token};

use super::Candidate;
use super::tokens::{kanji, katakana, latin, name_noun, person_name, separator, space};

/// The `[person]` table of `discovery.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PersonRules {
    after: Vec<String>,
    before: Vec<String>,
    max_given_chars: usize,
}

/// Honorifics a company can also take in speech (KDDIさん): not enough for a katakana or
/// Latin name to be a person's.
const SPOKEN_HONORIFICS: &[&str] = &["さん", "様", "さま", "君", "くん", "ちゃん"];

impl PersonRules {
    /// The cue words as the extractors see text: width-folded (`撮影：` → `撮影:`).
    pub(super) fn normalized(mut self) -> Self {
        for list in [&mut self.after, &mut self.before] {
            for w in list.iter_mut() {
                *w = crate::normalize::NormalizedText::new(w)
                    .as_str()
                    .to_string();
            }
        }
        self
    }

    /// The title or honorific right after `end`, if any.
    fn after_cue(&self, chars: &[char], end: usize) -> Option<&str> {
        let rest = &chars[end.min(chars.len())..];
        self.after
            .iter()
            .filter(|w| starts_with(rest, w))
            .max_by_key(|w| w.chars().count())
            .map(String::as_str)
    }

    /// A role, byline or credit right before `start`: directly when it ends in ・ or ：,
    /// else across one space (代表取締役社長 早瀬隆之).
    fn before_cue(&self, chars: &[char], start: usize) -> bool {
        let head = &chars[..start.min(chars.len())];
        let spaced = head.last().is_some_and(|c| c.is_whitespace());
        let head = if spaced {
            &head[..head.len() - 1]
        } else {
            head
        };
        self.before.iter().any(|w| {
            let sep = w.ends_with(['・', '：', ':']);
            (spaced || sep) && ends_with(head, w)
        })
    }

    /// A cue strong enough for a katakana or Latin name.
    fn foreign_cue(&self, chars: &[char], start: usize, end: usize) -> bool {
        self.after_cue(chars, end)
            .is_some_and(|w| !SPOKEN_HONORIFICS.contains(&w))
            || self.before_cue(chars, start)
    }
}

fn starts_with(chars: &[char], w: &str) -> bool {
    let mut it = chars.iter();
    w.chars().all(|c| it.next() == Some(&c))
}

fn ends_with(chars: &[char], w: &str) -> bool {
    let n = w.chars().count();
    chars.len() >= n && chars[chars.len() - n..].iter().copied().eq(w.chars())
}

fn text(tokens: &[Token]) -> String {
    tokens.iter().map(|t| &*t.text).collect()
}

fn contiguous(a: &Token, b: &Token) -> bool {
    a.end == b.start
}

/// Where a name may end: the sentence ends, or a symbol, space or particle follows.
fn boundary(tokens: &[Token], j: usize) -> bool {
    tokens.get(j).is_none_or(|t| {
        t.is_symbol() || space(t) || !matches!(t.tag().pos, crate::tokenize::Pos::Noun)
    })
}

fn person(
    tokens: &[Token],
    i: usize,
    j: usize,
    rule: &'static str,
    alias: Option<&Token>,
) -> Candidate {
    let name = text(&tokens[i..j]);
    Candidate {
        start: tokens[i].start,
        end: tokens[j - 1].end,
        aliases: alias
            .filter(|t| t.text.chars().count() >= 2 && *t.text != *name)
            .map(|t| vec![t.text.to_string()])
            .unwrap_or_default(),
        name,
        guess: EntityType::Person,
        rule,
    }
}

/// The people named in a sentence, by start, not overlapping each other.
pub(super) fn find(rules: &PersonRules, chars: &[char], tokens: &[Token]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let found = kanji_name(rules, chars, tokens, i)
            .or_else(|| katakana_name(rules, chars, tokens, i))
            .or_else(|| latin_name(rules, chars, tokens, i));
        match found {
            Some((c, next)) => {
                out.push(c);
                i = next;
            }
            None => i += 1,
        }
    }
    out
}

/// A kanji (or hiragana) name starting at token `i`, and the token after it.
fn kanji_name(
    rules: &PersonRules,
    chars: &[char],
    tokens: &[Token],
    i: usize,
) -> Option<(Candidate, usize)> {
    let first = &tokens[i];
    let before = rules.before_cue(chars, first.start);
    // 久我山 (tagged a place) + 透 (a given name).
    if first.is_proper_noun()
        && kanji(first)
        && !person_name(first)
        && tokens.get(i + 1).is_some_and(|t| {
            person_name(t) && t.name_part() == NamePart::Given && contiguous(first, t)
        })
        && (boundary(tokens, i + 2) || rules.after_cue(chars, tokens[i + 1].end).is_some())
    {
        return Some((
            person(tokens, i, i + 2, "discovery.person_joined", Some(first)),
            i + 2,
        ));
    }
    if let Some(found) = titled_proper_noun(rules, chars, tokens, i) {
        return Some(found);
    }
    if !person_name(first) {
        // A credit or role before a kanji name IPADIC does not know (撮影：千早悠斗).
        return credited_name(rules, chars, tokens, i).filter(|_| before);
    }
    let mut j = i + 1;
    while j < tokens.len()
        && j - i < 3
        && person_name(&tokens[j])
        && contiguous(&tokens[j - 1], &tokens[j])
    {
        j += 1;
    }
    if j - i >= 2 {
        // 白石 + 悠 + 真: a given name IPADIC reads in part, before a boundary or title.
        let k = given_rest(rules, tokens, j, tokens[j - 1].text.chars().count());
        let k = if k > j
            && (boundary(tokens, k) || rules.after_cue(chars, tokens[k - 1].end).is_some())
        {
            k
        } else {
            j
        };
        return Some((
            person(tokens, i, k, "discovery.person_joined", Some(first)),
            k,
        ));
    }
    // A surname followed by a given name IPADIC does not tag (霧島 + 蒼 + 介).
    if first.name_part() != NamePart::Given {
        let k = given_rest(rules, tokens, j, 0);
        if k > j
            && (rules.after_cue(chars, tokens[k - 1].end).is_some()
                || (before && boundary(tokens, k)))
        {
            return Some((
                person(tokens, i, k, "discovery.person_titled", Some(first)),
                k,
            ));
        }
    }
    (before || rules.after_cue(chars, first.end).is_some())
        .then(|| (person(tokens, i, j, "discovery.person_cued", None), j))
}

/// A kanji proper noun IPADIC does not read as a name (久遠寺, tagged 一般 or a place),
/// right before a person's title, alone (久遠寺社長) or with a given name of up to
/// `max_given_chars` kanji that IPADIC joins to the title (久遠寺 + 颯社 + 長). Names of
/// organisations (日産社長) are left alone.
fn titled_proper_noun(
    rules: &PersonRules,
    chars: &[char],
    tokens: &[Token],
    i: usize,
) -> Option<(Candidate, usize)> {
    let first = &tokens[i];
    if !first.is_proper_noun()
        || !kanji(first)
        || person_name(first)
        || first.tag().name == NameKind::Organization
        || first.text.chars().count() < 2
    {
        return None;
    }
    let is_kanji = |c: &char| ('\u{4E00}'..='\u{9FFF}').contains(c);
    let end = (0..=rules.max_given_chars)
        .map(|g| first.end + g)
        .take_while(|&e| e <= chars.len() && chars[first.end..e].iter().all(is_kanji))
        .find(|&e| rules.after_cue(chars, e).is_some())?;
    let next = tokens
        .iter()
        .position(|t| t.start >= end)
        .unwrap_or(tokens.len());
    // The given name must end where a token ends or a title starts inside one (颯社 + 長).
    let name: String = chars[first.start..end].iter().collect();
    Some((
        Candidate {
            start: first.start,
            end,
            aliases: if end > first.end {
                vec![first.text.to_string()]
            } else {
                Vec::new()
            },
            name,
            guess: EntityType::Person,
            rule: "discovery.person_titled",
        },
        next.max(i + 1),
    ))
}

/// The end of the kanji tokens from `j` that may finish a given name of which `given`
/// characters are already read.
fn given_rest(rules: &PersonRules, tokens: &[Token], j: usize, mut given: usize) -> usize {
    let mut k = j;
    while k < tokens.len()
        && k > 0
        && contiguous(&tokens[k - 1], &tokens[k])
        && kanji(&tokens[k])
        && name_noun(&tokens[k])
        && !rules.after.iter().any(|w| *w == *tokens[k].text)
        && given + tokens[k].text.chars().count() <= rules.max_given_chars
    {
        given += tokens[k].text.chars().count();
        k += 1;
    }
    k
}

/// A kanji name of 2–5 characters after a role or credit, ending at a boundary.
fn credited_name(
    rules: &PersonRules,
    chars: &[char],
    tokens: &[Token],
    i: usize,
) -> Option<(Candidate, usize)> {
    let mut j = i;
    let mut n = 0;
    while j < tokens.len()
        && (j == i || contiguous(&tokens[j - 1], &tokens[j]))
        && kanji(&tokens[j])
        && (name_noun(&tokens[j]) || person_name(&tokens[j]))
    {
        n += tokens[j].text.chars().count();
        j += 1;
    }
    let ends = boundary(tokens, j)
        || rules
            .after_cue(chars, tokens.get(j.max(1) - 1)?.end)
            .is_some();
    ((2..=5).contains(&n) && j - i >= 2 && ends)
        .then(|| (person(tokens, i, j, "discovery.person_credited", None), j))
}

/// A katakana name (ジョナサン・ベイル, or ワイス alone) with a strong cue.
fn katakana_name(
    rules: &PersonRules,
    chars: &[char],
    tokens: &[Token],
    i: usize,
) -> Option<(Candidate, usize)> {
    if !katakana(&tokens[i]) {
        return None;
    }
    let mut j = i + 1;
    while j + 1 < tokens.len()
        && separator(&tokens[j])
        && katakana(&tokens[j + 1])
        && contiguous(&tokens[j - 1], &tokens[j])
        && contiguous(&tokens[j], &tokens[j + 1])
    {
        j += 2;
    }
    let (start, end) = (tokens[i].start, tokens[j - 1].end);
    let parts = j - i > 1 || tokens[i].text.contains(['・', '＝', '=']);
    // A lone katakana word before a title is often a description (シニアアナリスト).
    let cued = if parts {
        rules.foreign_cue(chars, start, end)
    } else {
        rules.after_cue(chars, end) == Some("氏")
    };
    if !cued {
        return None;
    }
    let mut c = person(tokens, i, j, "discovery.person_katakana", None);
    if let Some(last) = c.name.rsplit(['・', '＝', '=']).next()
        && last.chars().count() >= 2
        && last != c.name
    {
        c.aliases.push(last.to_string());
    }
    Some((c, j))
}

/// A Latin name (David Chen, Raman) with a strong cue.
fn latin_name(
    rules: &PersonRules,
    chars: &[char],
    tokens: &[Token],
    i: usize,
) -> Option<(Candidate, usize)> {
    let capital = |t: &Token| {
        latin(t)
            && t.text
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_uppercase())
    };
    if !capital(&tokens[i]) || (i > 0 && latin(&tokens[i - 1])) {
        return None;
    }
    // Words one space apart, whether or not lindera keeps the space as a token.
    let mut words = vec![i];
    let mut j = i + 1;
    loop {
        let last = words[words.len() - 1];
        let next = if tokens.get(j).is_some_and(space) {
            j + 1
        } else {
            j
        };
        let Some(t) = tokens.get(next) else { break };
        if capital(t)
            && t.start == tokens[last].end + 1
            && chars.get(tokens[last].end) == Some(&' ')
        {
            words.push(next);
            j = next + 1;
        } else {
            break;
        }
    }
    let last = words[words.len() - 1];
    if words.len() > 4 || !rules.foreign_cue(chars, tokens[i].start, tokens[last].end) {
        return None;
    }
    let name: String = chars[tokens[i].start..tokens[last].end].iter().collect();
    let mut aliases = Vec::new();
    if words.len() >= 2 && tokens[last].text.chars().count() >= 3 {
        aliases.push(tokens[last].text.to_string());
    }
    let c = Candidate {
        start: tokens[i].start,
        end: tokens[last].end,
        name,
        guess: EntityType::Person,
        rule: "discovery.person_latin",
        aliases,
    };
    Some((c, last + 1))
}
