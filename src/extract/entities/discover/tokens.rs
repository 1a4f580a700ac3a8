//! What the name finders ask of a token: its script and whether it may be part of a name.

use crate::tokenize::{NameKind, Pos, PosDetail, Token};

/// A katakana letter, the long-vowel mark or a name separator (・, ＝).
pub(super) fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー' | '・' | '＝' | '=')
}

/// A CJK ideograph (kanji), with 々 and ヶ.
pub(super) fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々' | 'ヶ' | '〆')
}

/// All of a token's characters are katakana (a separator alone is not a word).
pub(super) fn katakana(t: &Token) -> bool {
    !t.text.is_empty()
        && t.text.chars().all(is_katakana)
        && t.text
            .chars()
            .any(|c| !matches!(c, '・' | '＝' | '=' | 'ー'))
}

/// A name separator token: ・ or ＝.
pub(super) fn separator(t: &Token) -> bool {
    matches!(&*t.text, "・" | "＝" | "=")
}

/// A token of Latin letters and digits that starts with a letter (`Kumo`, `AI2`).
pub(super) fn latin(t: &Token) -> bool {
    t.text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && t.text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '&' | '.' | '-' | '\''))
}

/// Whitespace only.
pub(super) fn space(t: &Token) -> bool {
    !t.text.is_empty() && t.text.chars().all(char::is_whitespace)
}

/// All kanji.
pub(super) fn kanji(t: &Token) -> bool {
    !t.text.is_empty() && t.text.chars().all(is_kanji)
}

/// IPADIC says it is a person's name (固有名詞,人名).
pub(super) fn person_name(t: &Token) -> bool {
    t.is_proper_noun() && t.tag().name == NameKind::Person
}

/// A noun that may be a word of a name: not a pronoun, number or suffix.
pub(super) fn name_noun(t: &Token) -> bool {
    t.tag().pos == Pos::Noun
        && !matches!(
            t.tag().detail,
            PosDetail::Pronoun | PosDetail::Number | PosDetail::Suffix | PosDetail::Dependent
        )
}

/// A word that may stand in an organisation's name: katakana, Latin, or a noun.
pub(super) fn org_word(t: &Token) -> bool {
    katakana(t)
        || latin(t)
        || (name_noun(t)
            && !t
                .text
                .chars()
                .any(|c| c.is_ascii_digit() || c.is_ascii_punctuation() || c.is_whitespace()))
}

/// A word that shows the name is a name: katakana, Latin or a proper noun.
pub(super) fn naming_word(t: &Token) -> bool {
    katakana(t) || latin(t) || t.is_proper_noun() || t.tag().pos == Pos::Unknown
}
