//! IPADIC's parts of speech, typed: read once per word into [`WordInfo`](super::WordInfo),
//! so that extractors compare enums, never tag strings.
//!
//! Tags from IPADIC's part-of-speech scheme (品詞, 品詞細分類1, 品詞細分類2), as lindera's
//! embedded IPADIC and the gazetteer's user dictionary write them; lindera reports words
//! it does not know as 未知語. Only the tags claimdex decides on have their own variant.

/// Part of speech (品詞).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    /// 名詞.
    Noun,
    /// 動詞.
    Verb,
    /// 形容詞.
    Adjective,
    /// 助詞.
    Particle,
    /// 助動詞.
    AuxiliaryVerb,
    /// 接頭詞.
    Prefix,
    /// 記号: punctuation and symbols.
    Symbol,
    /// 未知語: a word the dictionary does not know.
    Unknown,
    /// Any other part of speech (副詞, 連体詞, 接続詞, 感動詞, フィラー …).
    Other,
}

impl Pos {
    /// The part of speech of an IPADIC tag.
    pub fn parse(tag: &str) -> Self {
        match tag {
            "名詞" => Pos::Noun,
            "動詞" => Pos::Verb,
            "形容詞" => Pos::Adjective,
            "助詞" => Pos::Particle,
            "助動詞" => Pos::AuxiliaryVerb,
            "接頭詞" => Pos::Prefix,
            "記号" => Pos::Symbol,
            "未知語" => Pos::Unknown,
            _ => Pos::Other,
        }
    }
}

/// First subcategory (品詞細分類1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PosDetail {
    /// 固有名詞: a proper noun.
    ProperNoun,
    /// 代名詞: a pronoun.
    Pronoun,
    /// サ変接続: a noun that takes する (発表, 投資).
    SahenNoun,
    /// 数: a numeral.
    Number,
    /// 接尾: a suffix.
    Suffix,
    /// 非自立: dependent (こと, もの; verbs such as いる after て).
    Dependent,
    /// 自立: independent (verbs, adjectives).
    Independent,
    /// 接続助詞: a conjunctive particle (が, けど, て).
    ConjunctiveParticle,
    /// 終助詞: a sentence-final particle (ね, よ, か).
    SentenceFinalParticle,
    /// Any other subcategory, or none (`*`).
    Other,
}

impl PosDetail {
    /// The subcategory of an IPADIC tag.
    pub fn parse(tag: &str) -> Self {
        match tag {
            "固有名詞" => PosDetail::ProperNoun,
            "代名詞" => PosDetail::Pronoun,
            "サ変接続" => PosDetail::SahenNoun,
            "数" => PosDetail::Number,
            "接尾" => PosDetail::Suffix,
            "非自立" => PosDetail::Dependent,
            "自立" => PosDetail::Independent,
            "接続助詞" => PosDetail::ConjunctiveParticle,
            "終助詞" => PosDetail::SentenceFinalParticle,
            _ => PosDetail::Other,
        }
    }
}

/// Second subcategory (品詞細分類2) of a proper noun: what it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// 人名: a person.
    Person,
    /// 地域: a place.
    Place,
    /// 組織: an organisation.
    Organization,
    /// Any other subcategory, or none (`*`).
    Other,
}

impl NameKind {
    /// The name kind of an IPADIC tag.
    pub fn parse(tag: &str) -> Self {
        match tag {
            "人名" => NameKind::Person,
            "地域" => NameKind::Place,
            "組織" => NameKind::Organization,
            _ => NameKind::Other,
        }
    }
}

/// Third subcategory (品詞細分類3) of a person's name: which part of the name it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamePart {
    /// 姓: a surname.
    Surname,
    /// 名: a given name.
    Given,
    /// Anything else (`*`, or not a person's name).
    None,
}

impl NamePart {
    /// The name part of an IPADIC tag.
    pub fn parse(tag: &str) -> Self {
        match tag {
            "姓" => NamePart::Surname,
            "名" => NamePart::Given,
            _ => NamePart::None,
        }
    }
}

/// A word's part of speech, typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PosTag {
    /// 品詞.
    pub pos: Pos,
    /// 品詞細分類1.
    pub detail: PosDetail,
    /// 品詞細分類2.
    pub name: NameKind,
}

impl PosTag {
    /// The typed tag of IPADIC's three tag fields.
    pub fn parse(pos: &str, detail: &str, detail2: &str) -> Self {
        PosTag {
            pos: Pos::parse(pos),
            detail: PosDetail::parse(detail),
            name: NameKind::parse(detail2),
        }
    }

    /// A particle other than a conjunctive one (は, が, の; not the が of …ますが、).
    pub fn is_plain_particle(self) -> bool {
        self.pos == Pos::Particle && self.detail != PosDetail::ConjunctiveParticle
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_tags_claimdex_decides_on_and_lumps_the_rest() {
        let t = PosTag::parse("名詞", "固有名詞", "組織");
        assert_eq!(
            t,
            PosTag {
                pos: Pos::Noun,
                detail: PosDetail::ProperNoun,
                name: NameKind::Organization
            }
        );
        assert_eq!(PosTag::parse("副詞", "一般", "*").pos, Pos::Other);
        assert_eq!(
            PosTag::parse("助詞", "係助詞", "*").detail,
            PosDetail::Other
        );
        assert!(PosTag::parse("助詞", "係助詞", "*").is_plain_particle());
        assert!(!PosTag::parse("助詞", "接続助詞", "*").is_plain_particle());
    }
}
