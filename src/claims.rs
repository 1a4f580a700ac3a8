//! Stage 5c: claims — what a sentence asserts, about whom, held by whom, how strongly.
//!
//! Rule-based over one sentence at a time, with cue lists from `dictionaries/claims.toml`:
//! - a sentence is a claim candidate when it names an entity (or points back to one with a
//!   pronoun such as 彼ら or 同社);
//! - its **kind** is `question` when it asks, else `reported` / `prediction` / `opinion` by
//!   the first list with a cue in it, else `assertion`;
//! - the **holder** of reported speech is the person or organisation before the reporting
//!   cue marked as subject (`Xが…と言いました`, `Xによると`); otherwise the speaker;
//! - the **targets** are the other entities, those marked with は/が first; pronouns resolve
//!   to the most recent organisation of the previous sentences;
//! - negation, hedging, polarity and topics come from their cue lists.

use serde::Deserialize;

use crate::dataset::{ClaimKind, EntityType, Polarity};
use crate::dictionaries::DictionaryText;
use crate::tokenize::Token;
use crate::{Error, Result};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimsFile {
    kinds: Kinds,
    anaphora: Anaphora,
    markers: Markers,
    modality: Modality,
    polarity: PolarityCues,
    topics: std::collections::BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Kinds {
    reported: Vec<String>,
    prediction: Vec<String>,
    opinion: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Anaphora {
    organisation: Vec<String>,
    person: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Markers {
    topic: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Modality {
    negation: Vec<String>,
    hedge: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolarityCues {
    negative: Vec<String>,
    positive: Vec<String>,
}

/// An entity named in the sentence, with char offsets relative to the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceMention {
    /// Start (char offset in the sentence).
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// Entity id.
    pub entity: String,
    /// Entity type.
    pub kind: EntityType,
}

/// What the claim detector sees of one sentence.
#[derive(Debug, Clone, Copy)]
pub struct ClaimInput<'a> {
    /// The sentence (normalised).
    pub text: &'a str,
    /// Its tokens, offsets relative to the sentence.
    pub tokens: &'a [Token],
    /// The entities it names, offsets relative to the sentence.
    pub mentions: &'a [SentenceMention],
    /// Organisations and people named in the previous sentences, most recent first.
    pub context: &'a [(String, EntityType)],
}

/// A claim found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimMatch {
    /// Start (char offset in the sentence).
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// What kind of statement it is.
    pub kind: ClaimKind,
    /// Entity id of the holder of reported speech.
    pub holder: Option<String>,
    /// Entity ids it is about.
    pub targets: Vec<String>,
    /// Polarity toward the targets.
    pub polarity: Option<Polarity>,
    /// Negated.
    pub negated: bool,
    /// Hedged.
    pub hedged: bool,
    /// Topics.
    pub topics: Vec<String>,
    /// Which rules and cue words fired, as `rule:cue`.
    pub cues: Vec<String>,
}

/// The claim detector, built from `claims.toml`.
#[derive(Debug, Clone)]
pub struct ClaimDetector {
    rules: ClaimsFile,
}

impl ClaimDetector {
    /// Build from the text of a `claims.toml`.
    pub fn from_toml(dict: &DictionaryText) -> Result<Self> {
        let rules: ClaimsFile =
            toml::from_str(&dict.text).map_err(|e| Error::dictionary(&dict.name, e.to_string()))?;
        Ok(ClaimDetector { rules })
    }

    /// The claim in one sentence, if it makes one.
    pub fn detect(&self, input: ClaimInput<'_>) -> Option<ClaimMatch> {
        let text = input.text;
        let mut cues = Vec::new();
        let first_cue = |rule: &str, list: &[String], cues: &mut Vec<String>| {
            let hit = list
                .iter()
                .filter_map(|c| text.find(c.as_str()).map(|at| (at, c)))
                .min_by_key(|(at, c)| (*at, std::cmp::Reverse(c.len())));
            if let Some((at, c)) = hit {
                cues.push(format!("{rule}:{c}"));
                Some(at)
            } else {
                None
            }
        };
        let trimmed = text.trim_end();
        let is_question = trimmed.ends_with(['?', '？'])
            || trimmed.ends_with("か。")
            || trimmed.ends_with("ですか")
            || trimmed.ends_with("か?");
        let kinds = &self.rules.kinds;
        let (kind, cue_at) = if is_question {
            cues.push("kind.question:?".to_string());
            (ClaimKind::Question, None)
        } else if let Some(at) = first_cue("kind.reported", &kinds.reported, &mut cues) {
            (ClaimKind::Reported, Some(at))
        } else if let Some(at) = first_cue("kind.prediction", &kinds.prediction, &mut cues) {
            (ClaimKind::Prediction, Some(at))
        } else if let Some(at) = first_cue("kind.opinion", &kinds.opinion, &mut cues) {
            (ClaimKind::Opinion, Some(at))
        } else {
            cues.push("kind.assertion".to_string());
            (ClaimKind::Assertion, None)
        };
        let cue_char = cue_at.map(|b| text[..b].chars().count());

        // Holder: for reported speech, the subject-marked person or organisation before the cue.
        let holder = if kind == ClaimKind::Reported {
            self.holder(input, cue_char.unwrap_or(usize::MAX))
        } else {
            None
        };

        // Targets: other entities, topic-marked first; pronouns resolved from context.
        let mut marked = Vec::new();
        let mut others = Vec::new();
        for m in input.mentions {
            if Some(&m.entity) == holder.as_ref() || m.kind == EntityType::Place {
                continue;
            }
            let list = if self.is_topic_marked(input, m.end) {
                &mut marked
            } else {
                &mut others
            };
            if !list.contains(&m.entity) {
                list.push(m.entity.clone());
            }
        }
        let mut targets = marked;
        for e in others {
            if !targets.contains(&e) {
                targets.push(e);
            }
        }
        if targets.is_empty()
            && let Some((rule, pronoun, person)) = self.pronoun(text)
            && let Some((id, _)) = input.context.iter().find(|(id, t)| {
                Some(id) != holder.as_ref()
                    && if person {
                        *t == EntityType::Person
                    } else {
                        t.is_organisation()
                    }
            })
        {
            cues.push(format!("{rule}:{pronoun}->{id}"));
            targets.push(id.clone());
        }
        if targets.is_empty() {
            return None;
        }

        let negated = first_cue(
            "modality.negation",
            &self.rules.modality.negation,
            &mut cues,
        )
        .is_some();
        let hedged = first_cue("modality.hedge", &self.rules.modality.hedge, &mut cues).is_some();
        let neg = first_cue(
            "polarity.negative",
            &self.rules.polarity.negative,
            &mut cues,
        );
        let pos = first_cue(
            "polarity.positive",
            &self.rules.polarity.positive,
            &mut cues,
        );
        let polarity = match (neg, pos) {
            (Some(_), Some(_)) => Some(Polarity::Mixed),
            (Some(_), None) => Some(Polarity::Negative),
            (None, Some(_)) => Some(Polarity::Positive),
            (None, None) => None,
        };
        let mut topics = Vec::new();
        for (topic, words) in &self.rules.topics {
            if words.iter().any(|w| text.contains(w.as_str())) {
                topics.push(topic.clone());
            }
        }
        Some(ClaimMatch {
            start: 0,
            end: text.chars().count(),
            kind,
            holder,
            targets,
            polarity,
            negated,
            hedged,
            topics,
            cues,
        })
    }

    /// The first pronoun in the text: (rule, pronoun, whether it points to a person).
    /// Organisation pronouns are checked first, so 彼ら is not taken for 彼.
    fn pronoun(&self, text: &str) -> Option<(&'static str, String, bool)> {
        let a = &self.rules.anaphora;
        if let Some(p) = a.organisation.iter().find(|p| text.contains(p.as_str())) {
            return Some(("anaphora.organisation", p.clone(), false));
        }
        a.person
            .iter()
            .find(|p| text.contains(p.as_str()))
            .map(|p| ("anaphora.person", p.clone(), true))
    }

    fn is_topic_marked(&self, input: ClaimInput<'_>, end: usize) -> bool {
        let next = input.tokens.iter().find(|t| t.start >= end);
        match next {
            Some(t) if t.start == end && t.pos == "助詞" => {
                self.rules.markers.topic.contains(&t.text)
                    || (t.text == "に"
                        && input
                            .tokens
                            .iter()
                            .find(|u| u.start == t.end)
                            .is_some_and(|u| u.text == "は"))
            }
            _ => false,
        }
    }

    fn holder(&self, input: ClaimInput<'_>, cue_char: usize) -> Option<String> {
        let before_cue = input.mentions.iter().filter(|m| m.end <= cue_char);
        let mut best: Option<&SentenceMention> = None;
        for m in before_cue {
            let rest: String = input.text.chars().skip(m.end).take(4).collect();
            let speaks = matches!(m.kind, EntityType::Person | EntityType::Media)
                || rest.starts_with("によると")
                || rest.starts_with("に対し");
            let subject = self.is_topic_marked(input, m.end) || rest.starts_with("によると");
            // A speaking subject always wins; failing that, the first person or outlet.
            let person_or_media = matches!(m.kind, EntityType::Person | EntityType::Media);
            if (speaks && subject) || (best.is_none() && person_or_media) {
                best = Some(m);
            }
        }
        best.map(|m| m.entity.clone())
    }
}
