//! Organisations the gazetteer lacks, from the way their names are built.
//!
//! - a **legal form** before or after a name (`ハヤセ・コンピュート株式会社`,
//!   `株式会社ヨツバ計算機`): the organisation is the name without it;
//! - a **head word** ending the name (`カスガ精機ホールディングス`, `東都大学`,
//!   `ハドソン・ブリッジ・キャピタル`, `Altimeter Capital`): the name includes it. Most heads
//!   need a name in katakana, Latin letters or one IPADIC tags as a proper noun; a few
//!   (大学, 銀行, 証券, 新聞…) also take plain kanji. Descriptions are not names
//!   (地方銀行, 大手証券, 投資ファンド);
//! - **社 after a katakana or Latin name** (`ヴェルナー・アントリープ社`).
//!
//! The words are in `discovery.toml` under `[organisation]`.

use serde::Deserialize;

use crate::record::EntityType;
use crate::tokenize::{PosDetail, Token};

use super::Candidate;
use super::tokens::{kanji, katakana, latin, naming_word, org_word, separator};

/// The `[organisation]` table of `discovery.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OrgRules {
    legal: Vec<String>,
    latin_legal: Vec<String>,
    company_suffix: Vec<String>,
    company_heads: Vec<String>,
    organisation_heads: Vec<String>,
    media_heads: Vec<String>,
    kanji_heads: Vec<String>,
    generic: Vec<String>,
}

/// Most words in an organisation's name before its head or legal form.
const MAX_NAME_TOKENS: usize = 6;
/// Most characters in it.
const MAX_NAME_CHARS: usize = 24;

impl OrgRules {
    /// The type a head word gives, if it is one.
    fn head(&self, w: &str) -> Option<EntityType> {
        let is = |list: &[String]| list.iter().any(|h| h == w);
        if is(&self.media_heads) {
            Some(EntityType::Media)
        } else if is(&self.organisation_heads) {
            Some(EntityType::Organization)
        } else if is(&self.company_heads) {
            Some(EntityType::Company)
        } else {
            None
        }
    }

    fn generic(&self, w: &str) -> bool {
        self.generic.iter().any(|g| g == w)
    }

    /// The Latin legal form right after `end` (` Inc.`), as a char count including the
    /// space.
    pub(super) fn latin_legal_after(&self, chars: &[char], end: usize) -> Option<usize> {
        let rest: String = chars[end.min(chars.len())..].iter().take(16).collect();
        let rest = rest.strip_prefix([' ', ','])?.trim_start();
        self.latin_legal
            .iter()
            .filter(|l| {
                rest.starts_with(l.as_str())
                    && !rest[l.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
            })
            .map(|l| {
                chars[end..]
                    .iter()
                    .take_while(|c| **c == ' ' || **c == ',')
                    .count()
                    + l.chars().count()
            })
            .max()
    }

    /// The type of a Latin name by its last word (`Altimeter Capital`), if it has a head.
    pub(super) fn latin_head(&self, name: &str) -> Option<EntityType> {
        let last = name.rsplit(' ').next()?;
        (last != name).then(|| self.head(last)).flatten()
    }
}

fn text(tokens: &[Token]) -> String {
    tokens.iter().map(|t| &*t.text).collect()
}

/// The organisations named in a sentence, by start.
pub(super) fn find(rules: &OrgRules, tokens: &[Token]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    // The longest name wins: カスガ精機ホールディングス over カスガ精機 (精機 is a head too).
    let mut push = |c: Candidate| {
        out.retain(|o| !(c.start <= o.start && o.end <= c.end));
        if out.iter().all(|o| c.end <= o.start || c.start >= o.end) {
            out.push(c);
        }
    };
    for j in 0..tokens.len() {
        if let Some(c) = legal_form(rules, tokens, j) {
            push(c);
        } else if let Some(c) = headed(rules, tokens, j) {
            push(c);
        } else if let Some(c) = company_suffix(rules, tokens, j) {
            push(c);
        }
    }
    out.sort_by_key(|c| c.start);
    out
}

/// The name made of the words before token `j`, trimmed of descriptions; `kanji_ok`
/// lets it be plain kanji.
fn name_before(rules: &OrgRules, tokens: &[Token], j: usize, kanji_ok: bool) -> Option<usize> {
    let mut i = j;
    let mut chars = 0;
    while i > 0
        && j - i < MAX_NAME_TOKENS
        && tokens[i - 1].end == tokens[i].start
        && (org_word(&tokens[i - 1]) || (separator(&tokens[i - 1]) && i < j))
    {
        chars += tokens[i - 1].text.chars().count();
        if chars > MAX_NAME_CHARS {
            break;
        }
        i -= 1;
    }
    // Trim from the left: separators, descriptions, and (unless plain kanji may name)
    // words that do not show a name.
    while i < j
        && (separator(&tokens[i])
            || rules.generic(&tokens[i].text)
            || !(naming_word(&tokens[i]) || (kanji_ok && kanji(&tokens[i]))))
    {
        i += 1;
    }
    let name = text(&tokens[i..j]);
    (i < j && name.chars().count() >= 2 && !rules.generic(&name)).then_some(i)
}

/// A name before or after a legal form (株式会社).
fn legal_form(rules: &OrgRules, tokens: &[Token], j: usize) -> Option<Candidate> {
    let t = &tokens[j];
    let legal = rules.legal.iter().find(|l| **l == *t.text)?;
    if let Some(i) = name_before(rules, tokens, j, true)
        && tokens[j - 1].end == t.start
    {
        let name = text(&tokens[i..j]);
        return Some(org(
            tokens[i].start,
            tokens[j - 1].end,
            name.clone(),
            EntityType::Company,
            "discovery.org_legal",
            vec![format!("{name}{legal}")],
        ));
    }
    // 株式会社ヨツバ計算機: the words after it.
    let mut k = j + 1;
    while k < tokens.len()
        && k - j <= MAX_NAME_TOKENS
        && tokens[k - 1].end == tokens[k].start
        && (org_word(&tokens[k])
            || (k > j + 1 && (separator(&tokens[k]) || name_suffix(&tokens[k]))))
    {
        k += 1;
    }
    while k > j + 1 && separator(&tokens[k - 1]) {
        k -= 1;
    }
    let name = text(&tokens[j + 1..k]);
    (k > j + 1 && name.chars().count() >= 2 && !rules.generic(&name)).then(|| {
        org(
            tokens[j + 1].start,
            tokens[k - 1].end,
            name.clone(),
            EntityType::Company,
            "discovery.org_legal",
            vec![format!("{legal}{name}")],
        )
    })
}

/// A name ending in a head word (token `j`, or the last ・ part of katakana token `j`).
fn headed(rules: &OrgRules, tokens: &[Token], j: usize) -> Option<Candidate> {
    let t = &tokens[j];
    // ミカヅキ・ロボティクス as one token.
    if katakana(t)
        && let Some((before, last)) = t.text.rsplit_once('・')
        && let Some(kind) = rules.head(last)
        && before.chars().count() >= 2
    {
        let i = name_before(rules, tokens, j, false).unwrap_or(j);
        return Some(org(
            tokens[i].start,
            t.end,
            text(&tokens[i..=j]),
            kind,
            "discovery.org_head",
            Vec::new(),
        ));
    }
    let kind = rules.head(&t.text)?;
    let kanji_ok = rules.kanji_heads.iter().any(|h| *h == *t.text);
    let i = name_before(rules, tokens, j, kanji_ok)?;
    if tokens[j - 1].end != t.start {
        return None;
    }
    let base = text(&tokens[i..j]);
    let name = format!("{base}{}", t.text);
    // カスガ精機ホールディングス is also called カスガ精機.
    let aliases = if matches!(&*t.text, "ホールディングス" | "グループ")
        && base.chars().count() >= 3
    {
        vec![base]
    } else {
        Vec::new()
    };
    Some(org(
        tokens[i].start,
        t.end,
        name,
        kind,
        "discovery.org_head",
        aliases,
    ))
}

/// A katakana or Latin name before the suffix 社 (ヴェルナー・アントリープ社).
fn company_suffix(rules: &OrgRules, tokens: &[Token], j: usize) -> Option<Candidate> {
    let t = &tokens[j];
    if j == 0
        || t.tag().detail != PosDetail::Suffix
        || !rules.company_suffix.iter().any(|s| *s == *t.text)
        || tokens[j - 1].end != t.start
    {
        return None;
    }
    let mut i = j;
    while i > 0
        && j - i < MAX_NAME_TOKENS
        && (katakana(&tokens[i - 1])
            || latin(&tokens[i - 1])
            || (separator(&tokens[i - 1]) && i < j))
        && (i == j || tokens[i - 1].end == tokens[i].start)
    {
        i -= 1;
    }
    while i < j && separator(&tokens[i]) {
        i += 1;
    }
    let name = text(&tokens[i..j]);
    let full = format!("{name}{}", t.text);
    (i < j && name.chars().count() >= 2 && !rules.generic(&name)).then(|| {
        org(
            tokens[i].start,
            tokens[j - 1].end,
            name,
            EntityType::Company,
            "discovery.org_suffix",
            vec![full],
        )
    })
}

/// A suffix noun inside a name (ヨツバ計算機's 機), not a counter.
fn name_suffix(t: &Token) -> bool {
    t.tag().detail == PosDetail::Suffix
        && !t.text.chars().any(|c| c.is_ascii_digit())
        && t.text.chars().count() == 1
        && super::tokens::kanji(t)
}

fn org(
    start: usize,
    end: usize,
    name: String,
    kind: EntityType,
    rule: &'static str,
    aliases: Vec<String>,
) -> Candidate {
    Candidate {
        start,
        end,
        name,
        guess: kind,
        rule,
        aliases,
    }
}
