//! Each entity's role in its sentence (subject, possessive, about, source, apposition,
//! affiliation), read from the tokens after it.

use crate::extract::entities::SentenceMention;
use crate::record::EntityType;
use crate::tokenize::{Pos, Token};

use super::discourse::Discourse;
use super::grammar::{GRAMMAR, Grammar};
use super::{ClaimDetector, ClaimRule, Sentence, Trace};

/// The grammatical role of an entity in its sentence, read from the tokens after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Topic or subject (は, が, も, には, では; `Xという…が`).
    Subject,
    /// Possessor of the subject (`Nvidiaの取引は`).
    Possessive,
    /// What is talked about (について).
    About,
    /// A source of reported speech (によると, に記事).
    Source,
    /// Describes a person in apposition (`Jensen Huang、NvidiaのCEOが`).
    Apposition,
    /// A person's employer (`BroadcomのHock Tan`).
    Affiliation,
    /// Anything else (objects, lists, adverbials).
    Other,
}

impl Role {
    pub(super) fn salient(self) -> bool {
        matches!(
            self,
            Role::Subject | Role::Possessive | Role::About | Role::Source
        )
    }
}

/// An entity occurring in the sentence: a mention or a resolved pronoun.
#[derive(Debug, Clone)]
pub(super) struct Occurrence {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) surface: String,
    pub(super) entity: Option<String>,
    pub(super) kind: EntityType,
    pub(super) role: Role,
    /// For pronouns: the anaphora rule, the pronoun and the entity it was resolved to.
    pub(super) anaphora: Option<Trace>,
    pub(super) in_quote: bool,
}

impl Occurrence {
    /// A それ resolved to an entity.
    pub(super) fn is_thing(&self) -> bool {
        self.anaphora
            .as_ref()
            .is_some_and(|a| a.rule == ClaimRule::AnaphoraThing)
    }
}

/// Whether `t` is one of `words` used as a particle (not a conjunctive one).
pub(super) fn is_particle(t: &Token, words: &[String]) -> bool {
    t.tag().is_plain_particle() && words.iter().any(|w| *w == *t.text)
}

impl ClaimDetector {
    /// The entities of a sentence: its mentions and its resolved pronouns, with roles.
    pub(super) fn occurrences(
        &self,
        s: &Sentence<'_>,
        mentions: &[SentenceMention],
        discourse: &Discourse,
    ) -> Vec<Occurrence> {
        let n = s.chars.len();
        let mut occs: Vec<Occurrence> = mentions
            .iter()
            .filter(|m| m.kind != EntityType::Place && m.start < m.end && m.end <= n)
            .map(|m| Occurrence {
                start: m.start,
                end: m.end,
                surface: s.slice(m.start, m.end),
                entity: Some(m.entity.clone()),
                kind: m.kind,
                role: self.role(s, m.end),
                anaphora: None,
                in_quote: s.in_quote(m.start),
            })
            .collect();
        occs.sort_by_key(|o| o.start);
        self.mark_apposition_and_affiliation(s, &mut occs);
        self.resolve_pronouns(s, &mut occs, discourse);
        occs
    }

    /// Apposition (`Jensen Huang、NvidiaのCEOが`: the person is the subject, Nvidia
    /// describes them) and affiliation (`BroadcomのHock Tan`).
    fn mark_apposition_and_affiliation(&self, s: &Sentence<'_>, occs: &mut [Occurrence]) {
        let persons: Vec<(usize, usize)> = occs
            .iter()
            .filter(|o| o.kind == EntityType::Person)
            .map(|o| (o.start, o.end))
            .collect();
        for (ps, pe) in &persons {
            if s.chars.get(*pe) == Some(&GRAMMAR.comma)
                && let Some((phrase_end, true)) = self.noun_phrase(s, pe + 1)
            {
                for o in occs.iter_mut() {
                    if o.start == *ps {
                        o.role = Role::Subject;
                    } else if o.start > *pe && o.end <= phrase_end {
                        o.role = Role::Apposition;
                    }
                }
            }
        }
        for o in occs.iter_mut() {
            if o.kind != EntityType::Person
                && s.chars.get(o.end) == Some(&GRAMMAR.genitive)
                && persons.iter().any(|(ps, _)| *ps == o.end + 1)
            {
                o.role = Role::Affiliation;
            }
        }
    }

    /// The role of an entity ending at `end`, from what follows it.
    pub(super) fn role(&self, s: &Sentence<'_>, end: usize) -> Role {
        let m = &self.rules.markers;
        // 久遠寺社長は, JAXA広報部は: the role is read after a title.
        let end = end
            + m.title
                .iter()
                .map(|w| w.chars().collect::<Vec<char>>())
                .filter(|w| s.chars.get(end..end + w.len()) == Some(&w[..]))
                .map(|w| w.len())
                .max()
                .unwrap_or(0);
        // シズク・ジェノミクス（京都市）は: the role is read after a short parenthesis.
        let end = match s.chars.get(end) {
            Some('(' | '（') => s.chars[end..]
                .iter()
                .take(PARENTHESIS_CHARS)
                .position(|c| matches!(c, ')' | '）'))
                .map_or(end, |close| end + close + 1),
            _ => end,
        };
        let rest = |list: &[String]| {
            list.iter().any(|w| {
                let w: Vec<char> = w.chars().collect();
                s.chars.get(end..end + w.len()) == Some(&w[..])
            })
        };
        if rest(&m.source) {
            return Role::Source;
        }
        if rest(&m.about) {
            return Role::About;
        }
        let Some((i, t)) = s.token_at(end) else {
            return Role::Other;
        };
        if is_particle(t, &m.topic) {
            return Role::Subject;
        }
        let next = s.tokens.get(i + 1);
        // には, では.
        if Grammar::any(GRAMMAR.case_before_topic, &t.text)
            && next.is_some_and(|u| *u.text == *GRAMMAR.topic)
        {
            return Role::Subject;
        }
        let genitive = Grammar::is(&t.text, GRAMMAR.genitive);
        if (genitive || *t.text == *GRAMMAR.quotative)
            && let Some((_, true)) = self.noun_phrase(s, t.end)
        {
            return if genitive {
                Role::Possessive
            } else {
                Role::Subject
            };
        }
        Role::Other
    }

    /// A noun phrase from `start` (nouns joined by の): its end and whether a topic or
    /// subject particle follows it.
    fn noun_phrase(&self, s: &Sentence<'_>, start: usize) -> Option<(usize, bool)> {
        let (i0, _) = s.token_at(start)?;
        let mut end = start;
        let mut seen_noun = false;
        for t in &s.tokens[i0..] {
            let noun = matches!(t.tag().pos, Pos::Noun | Pos::Prefix | Pos::Unknown);
            if noun {
                seen_noun = true;
                end = t.end;
                continue;
            }
            if Grammar::is(&t.text, GRAMMAR.genitive) && t.tag().pos == Pos::Particle && seen_noun {
                continue;
            }
            // A topic or subject particle, or に/で followed by は (には, では).
            let marked = seen_noun
                && t.start == end
                && if Grammar::any(GRAMMAR.case_before_topic, &t.text) {
                    s.token_at(t.end)
                        .is_some_and(|(_, u)| *u.text == *GRAMMAR.topic)
                } else {
                    is_particle(t, &self.rules.markers.topic)
                };
            return Some((end, marked));
        }
        Some((end, false))
    }
}

/// The longest parenthesis after a name that its role is read past (a place: `（京都市）`).
const PARENTHESIS_CHARS: usize = 16;
