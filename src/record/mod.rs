//! The structured dataset: the records every command reads and writes.
//!
//! These are the serialisation types of `extract --format json`, `export` and the store.
//! Spans (`start`, `end`) are Unicode code-point offsets into the transcript as decoded (a
//! leading BOM removed), end exclusive. Ids are derived from content, so re-indexing the
//! same text gives the same ids.

use serde::{Deserialize, Serialize};

mod check;
mod decimal;
mod figure;
mod flow;

pub use check::{Check, CheckRule, Relation, Statement, Verdict};
pub use decimal::{Decimal, MAX_SCALE, ParseDecimalError};
pub use figure::{Bound, FigureKind, Period, PeriodKind, Rate};
pub use flow::{Flow, FlowGroup, FlowKind, FlowStatus};

/// Version of the record schema, carried by every machine-readable output.
pub const SCHEMA: &str = "claimdex/2";

/// One transcript file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    /// Stable id derived from the text: `t` and 16 hex digits.
    pub id: String,
    /// The path the transcript was read from, as given.
    pub source: String,
    /// Title: the file name without extensions unless the text says otherwise.
    pub title: String,
    /// Date of the episode, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The show or podcast, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show: Option<String>,
    /// The episode, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub episode: Option<String>,
    /// The input format (`text`, `markdown`, `srt`, `vtt`, `whisper-json`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Length of the text in code points.
    pub chars: usize,
    /// For subtitle and Whisper inputs: the transcript text rebuilt from the cues, which
    /// every span indexes (for plain text the spans index the file itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// One sentence of a transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    /// `<transcript id>-s<n>`.
    pub id: String,
    /// The transcript it belongs to.
    pub transcript_id: String,
    /// Start offset (code points, inclusive).
    pub start: usize,
    /// End offset (code points, exclusive).
    pub end: usize,
    /// The sentence as written in the file.
    pub text: String,
    /// The heading of the section it is in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Who speaks it, when the transcript says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// A heading line (title, byline): its names are mentions, it makes no claim.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub heading: bool,
    /// Start time in seconds, for timed inputs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_start: Option<f64>,
    /// End time in seconds, for timed inputs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_end: Option<f64>,
}

/// A money amount or other quantity found in a sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// `<transcript id>-f<n>`.
    pub id: String,
    /// The sentence it was found in.
    pub sentence_id: String,
    /// Start offset (code points, inclusive).
    pub start: usize,
    /// End offset (code points, exclusive).
    pub end: usize,
    /// The figure as written.
    pub text: String,
    /// What it measures.
    pub kind: FigureKind,
    /// The value in whole units (lower end for ranges and vague amounts).
    pub value: Decimal,
    /// The upper end of a range or vague amount.
    pub value_max: Option<Decimal>,
    /// ISO 4217 code, for money.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Unit, for other quantities (`GW`, `%`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Marked as approximate (約, およそ, 程度, …).
    pub approx: bool,
    /// A vague amount (数十億): `value`..`value_max`.
    pub vague: bool,
    /// A bound on the value (最大 = up_to, 以上 = at_least, …).
    pub bound: Option<Bound>,
    /// What the amount is counted per (年間 = year, 月に = month, …).
    pub rate: Option<Rate>,
    /// The currency is not written but implied by the passage.
    pub implied_currency: bool,
    /// A duration or date that qualifies it (`5年間で` → over 5 years, `2029年までに`);
    /// its span is in the original text too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// Ids of the entities the figure is about.
    pub entities: Vec<String>,
    /// The extraction rule that produced it (shown by `--explain`).
    pub rule: String,
}

/// One place where an entity is named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// `<transcript id>-m<n>`.
    pub id: String,
    /// The sentence it is in.
    pub sentence_id: String,
    /// Start offset (code points, inclusive).
    pub start: usize,
    /// End offset (code points, exclusive).
    pub end: usize,
    /// The name as written.
    pub text: String,
    /// The canonical entity id (`unknown-…` for names not in the gazetteer).
    pub entity: String,
    /// For a person: the title and employer the sentence states (`Jensen Huang、NvidiaのCEO`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
}

/// A person's title and employer, as stated in a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    /// The title (`CEO`, `社長`), when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The employer's entity id, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer: Option<String>,
}

/// Kinds of entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityType {
    /// A business.
    Company,
    /// Any other organisation (fund, association, registry, …).
    Organization,
    /// A government or ministry.
    Government,
    /// A regulator.
    Regulator,
    /// A news outlet, show or publication.
    Media,
    /// A person.
    Person,
    /// A place.
    Place,
    /// A product, service or project.
    Product,
    /// A name that is not in the gazetteer.
    Unknown,
}

impl EntityType {
    /// The name used in outputs and dictionaries.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Company => "company",
            EntityType::Organization => "organization",
            EntityType::Government => "government",
            EntityType::Regulator => "regulator",
            EntityType::Media => "media",
            EntityType::Person => "person",
            EntityType::Place => "place",
            EntityType::Product => "product",
            EntityType::Unknown => "unknown",
        }
    }

    /// Whether claims can be about it in the sense of "claims about a company".
    pub fn is_organisation(self) -> bool {
        matches!(
            self,
            EntityType::Company
                | EntityType::Organization
                | EntityType::Government
                | EntityType::Regulator
                | EntityType::Media
        )
    }
}

/// An entity mentioned in the dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Canonical id (the gazetteer's).
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// What kind of entity it is.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Other spellings of the name.
    pub aliases: Vec<String>,
}

/// What kind of statement a claim is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// Stated as fact.
    Assertion,
    /// Marked as the speaker's view (と思います).
    Opinion,
    /// About the future (でしょう, だろう).
    Prediction,
    /// Somebody else's words, reported (と言いました, によると).
    Reported,
    /// A question; never counted as the speaker's claim.
    Question,
    /// A denial.
    Denial,
}

impl ClaimKind {
    /// The name used in outputs and dictionaries.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Assertion => "assertion",
            ClaimKind::Opinion => "opinion",
            ClaimKind::Prediction => "prediction",
            ClaimKind::Reported => "reported",
            ClaimKind::Question => "question",
            ClaimKind::Denial => "denial",
        }
    }
}

/// Polarity of a claim toward its targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// Good news for the target.
    Positive,
    /// Bad news for the target.
    Negative,
    /// Both.
    Mixed,
}

/// Something asserted about one or more entities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// `<transcript id>-c<n>`.
    pub id: String,
    /// The sentence it is in.
    pub sentence_id: String,
    /// Start offset (code points, inclusive).
    pub start: usize,
    /// End offset (code points, exclusive).
    pub end: usize,
    /// The claim as written.
    pub text: String,
    /// What kind of statement it is.
    pub kind: ClaimKind,
    /// Entity id of who holds it (for reported speech), else the speaker's name if known.
    pub holder: Option<String>,
    /// Entity ids the claim is about.
    pub targets: Vec<String>,
    /// Ids of figures inside the claim.
    pub figures: Vec<String>,
    /// Polarity toward the targets.
    pub polarity: Option<Polarity>,
    /// The claim is negated (ではない, ありません).
    pub negated: bool,
    /// The claim is hedged (たぶん, かもしれない).
    pub hedged: bool,
    /// Topics (funding, debt, revenue, …).
    pub topics: Vec<String>,
    /// The cue words and rule that made it (shown by `--explain`).
    pub cues: Vec<String>,
}

/// Everything extracted from one transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    /// Schema version ([`SCHEMA`]).
    pub schema: String,
    /// The transcript.
    pub transcript: Transcript,
    /// Its sentences, in order.
    pub sentences: Vec<Sentence>,
    /// Its figures, in order.
    pub figures: Vec<Figure>,
    /// Its entity mentions, in order.
    pub mentions: Vec<Mention>,
    /// The entities mentioned, by id.
    pub entities: Vec<Entity>,
    /// Its claims, in order.
    pub claims: Vec<Claim>,
    /// The arithmetic its speakers do out loud, redone (schema `claimdex/2` on).
    #[serde(default)]
    pub checks: Vec<Check>,
    /// Money moving between organisations, as its sentences state it (absent in datasets
    /// written before flows were found: read as none).
    #[serde(default)]
    pub flows: Vec<Flow>,
}

impl Dataset {
    /// The sentence with this id.
    pub fn sentence(&self, id: &str) -> Option<&Sentence> {
        self.sentences.iter().find(|s| s.id == id)
    }

    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }
}

/// A stable 64-bit FNV-1a hash, written out so ids never depend on a library's hasher.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    stable_hash_more(STABLE_HASH_START, bytes)
}

/// [`stable_hash`] of nothing: where a hash fed in parts ([`stable_hash_more`]) starts.
pub const STABLE_HASH_START: u64 = 0xcbf2_9ce4_8422_2325;

/// [`stable_hash`] continued over more bytes: `stable_hash_more(stable_hash(a), b)` is
/// `stable_hash` of `a` then `b`.
pub fn stable_hash_more(mut hash: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The id of a transcript with this text.
pub fn transcript_id(text: &str) -> String {
    format!("t{:016x}", stable_hash(text.as_bytes()))
}

/// Which kind of record an id names, judged from its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// `t` + 16 hex digits.
    Transcript,
    /// `…-s<n>`.
    Sentence,
    /// `…-f<n>`.
    Figure,
    /// `…-m<n>`.
    Mention,
    /// `…-c<n>`.
    Claim,
    /// `…-k<n>`: an arithmetic check.
    Check,
    /// `…-x<n>`: a conflict between transcripts (worked out when asked for, not stored).
    Conflict,
    /// `…-w<n>`: a money flow.
    Flow,
    /// Anything else: an entity id.
    Entity,
}

impl IdKind {
    /// Classify an id; also returns the transcript id part for transcript-scoped records.
    pub fn of(id: &str) -> (IdKind, Option<&str>) {
        let is_tid = |s: &str| {
            s.len() == 17 && s.starts_with('t') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
        };
        if is_tid(id) {
            return (IdKind::Transcript, Some(id));
        }
        if let Some((tid, rest)) = id.split_once('-')
            && is_tid(tid)
            && rest.len() > 1
            && rest[1..].bytes().all(|b| b.is_ascii_digit())
        {
            let kind = match rest.as_bytes()[0] {
                b's' => IdKind::Sentence,
                b'f' => IdKind::Figure,
                b'm' => IdKind::Mention,
                b'c' => IdKind::Claim,
                b'k' => IdKind::Check,
                b'x' => IdKind::Conflict,
                b'w' => IdKind::Flow,
                _ => return (IdKind::Entity, None),
            };
            return (kind, Some(tid));
        }
        (IdKind::Entity, None)
    }
}

/// Values are read back from JSON numbers (or strings) exactly: an integer stays an integer,
/// a fraction is re-read from its shortest decimal form (`2222.13`).
impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Decimal;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a decimal number")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Decimal, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Decimal, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Decimal, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Decimal, E> {
                v.parse::<Decimal>()
                    .map_err(|_| E::custom(format!("not a decimal number: {v}")))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_classified() {
        let t = transcript_id("Oracleは資金が枯渇しつつあり");
        assert_eq!(t, transcript_id("Oracleは資金が枯渇しつつあり"));
        assert_ne!(t, transcript_id("Oracleは資金が枯渇しつつある"));
        assert_eq!(IdKind::of(&t), (IdKind::Transcript, Some(t.as_str())));
        let s = format!("{t}-s0012");
        assert_eq!(IdKind::of(&s), (IdKind::Sentence, Some(t.as_str())));
        assert_eq!(IdKind::of("oracle").0, IdKind::Entity);
        assert_eq!(IdKind::of("td-cowen").0, IdKind::Entity);
    }

    #[test]
    fn fnv_matches_reference_values() {
        assert_eq!(stable_hash(b""), 0xcbf29ce484222325);
        assert_eq!(stable_hash(b"a"), 0xaf63dc4c8601ec8c);
    }
}
