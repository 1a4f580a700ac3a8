//! The discourse: the entities of the last few sentences, for resolving pronouns (彼ら,
//! 同社, 彼, それ) and omitted subjects (zero anaphora).

use std::collections::VecDeque;

use crate::record::{ClaimKind, EntityType};

use super::cues::find_cues;
use super::roles::{Occurrence, Role};
use super::{ClaimDetector, ClaimMatch, ClaimRule, Sentence, Trace};

/// An entity the discourse has named, for resolving pronouns and omitted subjects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Referent {
    pub(super) entity: String,
    pub(super) kind: EntityType,
    /// It was a subject, topic or source (は, が, について, によると).
    pub(super) salient: bool,
}

/// The entities named (or pointed to) in the last few sentences of a transcript, most
/// recent last. Create one per transcript and pass it to every [`ClaimDetector::detect`].
#[derive(Debug, Clone, Default)]
pub struct Discourse {
    window: usize,
    sentences: VecDeque<Vec<Referent>>,
    /// The holder of the latest reported speech, and how many sentences ago it was.
    last_holder: Option<(String, usize)>,
    /// The organisation talked about (Xについて, Xは), and how many sentences ago.
    topic: Option<(Referent, usize)>,
    /// Sentences since the topic was last named (not merely went on).
    topic_named: usize,
}

impl Discourse {
    /// A discourse remembering the entities of the last `window` sentences.
    pub fn new(window: usize) -> Self {
        Discourse {
            window,
            sentences: VecDeque::new(),
            last_holder: None,
            topic: None,
            topic_named: 0,
        }
    }

    /// Remember a sentence: the omitted subjects its claims took over (they continue as
    /// the topic of the next sentences), then its entities.
    pub(super) fn remember(&mut self, claims: &[ClaimMatch], occs: &[Occurrence]) {
        let mut referents: Vec<Referent> = Vec::new();
        let zeros = claims.iter().flat_map(|c| &c.trace).filter_map(|t| {
            (t.rule == ClaimRule::AnaphoraZero)
                .then_some(t.resolved.as_deref())
                .flatten()
        });
        for id in zeros {
            if let Some(r) = self.previous().iter().find(|r| r.entity == id) {
                referents.push(r.clone());
            }
        }
        referents.extend(occs.iter().filter_map(|o| {
            o.entity.as_ref().map(|e| Referent {
                entity: e.clone(),
                kind: o.kind,
                salient: o.role.salient(),
            })
        }));
        self.sentences.push_back(referents);
        if let Some((_, age)) = &mut self.last_holder {
            *age += 1;
        }
        if let Some(h) = claims.iter().rev().find_map(|c| c.holder.as_ref()) {
            self.last_holder = Some((h.clone(), 0));
        }
        self.remember_topic(claims, occs);
        while self.sentences.len() > self.window {
            self.sentences.pop_front();
        }
    }

    /// The referents of the sentence just before (none at the start).
    fn previous(&self) -> &[Referent] {
        self.sentences.back().map_or(&[], Vec::as_slice)
    }

    /// Most recent first: salient referents of the right type, then any of the right type.
    fn resolve(&self, fits: impl Fn(EntityType) -> bool) -> Option<&Referent> {
        let recent = || self.sentences.iter().rev().flat_map(|s| s.iter().rev());
        recent()
            .find(|r| r.salient && fits(r.kind))
            .or_else(|| recent().find(|r| fits(r.kind)))
    }

    /// The omitted speaker of reported speech: the person (else organisation) who was a
    /// subject of the previous sentence.
    pub(super) fn zero_holder(&self) -> Option<&Referent> {
        let prev = self.sentences.back()?;
        let salient = || prev.iter().rev().filter(|r| r.salient);
        salient()
            .find(|r| r.kind == EntityType::Person)
            .or_else(|| salient().find(|r| r.kind.is_organisation()))
    }

    /// The topic: the latest organisation the sentence is about (について) or has as its
    /// subject, else the first one a question names; a statement that went on about the topic keeps it fresh, for at most
    /// [`TOPIC_GOES_ON`] sentences after it was last named (a talk moves on).
    fn remember_topic(&mut self, claims: &[ClaimMatch], occs: &[Occurrence]) {
        if let Some((_, age)) = &mut self.topic {
            *age += 1;
        }
        self.topic_named += 1;
        let org = |o: &&Occurrence| {
            o.entity.is_some()
                && o.kind.is_organisation()
                && o.kind != EntityType::Media
                && !o.in_quote
        };
        let named = occs
            .iter()
            .rev()
            .filter(org)
            .find(|o| o.role == Role::About)
            .or_else(|| {
                occs.iter()
                    .rev()
                    .filter(org)
                    .find(|o| o.role == Role::Subject)
            })
            // A question names what the answer is about (まずNvidiaから伺います).
            .or_else(|| {
                claims
                    .iter()
                    .any(|c| c.kind == ClaimKind::Question)
                    .then(|| occs.iter().find(org))
                    .flatten()
            });
        if let Some(o) = named
            && let Some(e) = &o.entity
        {
            let r = Referent {
                entity: e.clone(),
                kind: o.kind,
                salient: true,
            };
            self.topic = Some((r, 0));
            self.topic_named = 0;
        } else if self.topic_named < TOPIC_GOES_ON
            && claims
                .iter()
                .flat_map(|c| &c.trace)
                .any(|t| t.rule == ClaimRule::AnaphoraTopic)
            && let Some((_, age)) = &mut self.topic
        {
            *age = 0;
        }
    }

    /// The topic, if it was named (or went on) within the last `within` sentences.
    pub(super) fn topic(&self, within: usize) -> Option<&Referent> {
        self.topic
            .as_ref()
            .filter(|(_, age)| *age < within)
            .map(|(r, _)| r)
    }

    /// Who spoke last in reported speech, if that was within the last `within` sentences:
    /// the omitted speaker of a report that goes on (…と述べた。…とも語った).
    pub(super) fn last_holder(&self, within: usize) -> Option<&str> {
        self.last_holder
            .as_ref()
            .filter(|(_, age)| *age < within)
            .map(|(h, _)| h.as_str())
    }

    /// The omitted subject of a judgement or prediction: the organisation (not the press)
    /// that was a subject of the previous sentence.
    pub(super) fn zero_target(&self) -> Option<&Referent> {
        self.sentences
            .back()?
            .iter()
            .rev()
            .find(|r| r.salient && r.kind.is_organisation() && r.kind != EntityType::Media)
    }
}

/// How many sentences after a topic was last named statements going on about it keep it
/// fresh.
const TOPIC_GOES_ON: usize = 4;

/// The kinds of pronoun of `claims.toml`'s `[anaphora]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pronoun {
    /// 彼ら, 同社: an organisation.
    Organisation,
    /// 彼, 彼女: a person.
    Person,
    /// それ: a salient organisation or product of the sentence or the one just before.
    Thing,
    /// 当社, われわれ: the organisation the speaker speaks for.
    SelfOrg,
}

impl Pronoun {
    fn rule(self) -> ClaimRule {
        match self {
            Pronoun::Organisation => ClaimRule::AnaphoraOrganisation,
            Pronoun::Person => ClaimRule::AnaphoraPerson,
            Pronoun::Thing => ClaimRule::AnaphoraThing,
            Pronoun::SelfOrg => ClaimRule::AnaphoraSelfOrg,
        }
    }

    /// Whether an entity of type `k` may be what the pronoun points to.
    fn fits(self, k: EntityType) -> bool {
        match self {
            Pronoun::Person => k == EntityType::Person,
            Pronoun::Organisation => k.is_organisation(),
            Pronoun::Thing => k.is_organisation() || k == EntityType::Product,
            Pronoun::SelfOrg => k.is_organisation(),
        }
    }
}

/// A pronoun found in a sentence: span, surface, kind.
type FoundPronoun = (usize, usize, String, Pronoun);

impl ClaimDetector {
    /// Resolve the pronouns of a sentence, in text order, adding them to `occs`.
    pub(super) fn resolve_pronouns(
        &self,
        s: &Sentence<'_>,
        occs: &mut Vec<Occurrence>,
        discourse: &Discourse,
    ) {
        for (at, end, pronoun, kind) in self.pronouns(s, occs) {
            let role = self.role(s, end);
            // `thing` (それ) only as a subject, and only to a salient entity.
            if kind == Pronoun::Thing && role != Role::Subject {
                continue;
            }
            let resolved = if kind == Pronoun::SelfOrg {
                s.context
                    .speaker_org
                    .as_ref()
                    .map(|(e, k)| (Some(e.clone()), *k))
            } else {
                resolve_in_sentence(occs, at, role, kind)
                    .or_else(|| resolve_in_discourse(discourse, kind))
            };
            if let Some((Some(entity), ek)) = resolved {
                occs.push(Occurrence {
                    start: at,
                    end,
                    surface: pronoun.clone(),
                    anaphora: Some(Trace::resolved(kind.rule(), Some(&pronoun), &entity)),
                    entity: Some(entity),
                    kind: ek,
                    role,
                    in_quote: s.in_quote(at),
                });
                occs.sort_by_key(|o| o.start);
            }
        }
    }

    /// The pronouns of a sentence that are whole tokens and not part of a name, by start.
    fn pronouns(&self, s: &Sentence<'_>, occs: &[Occurrence]) -> Vec<FoundPronoun> {
        let a = &self.rules.anaphora;
        let n = s.chars.len();
        let mut pronouns: Vec<FoundPronoun> = Vec::new();
        for (list, kind) in [
            (&a.organisation, Pronoun::Organisation),
            (&a.person, Pronoun::Person),
            (&a.thing, Pronoun::Thing),
            (&a.self_org, Pronoun::SelfOrg),
        ] {
            for (at, p) in find_cues(list, s, 0, n) {
                let end = at + p.chars().count();
                let aligned =
                    s.tokens.iter().any(|t| t.start == at) && s.tokens.iter().any(|t| t.end == end);
                // 彼らCoreweave: the pronoun stands in apposition to the name.
                let taken = pronouns.iter().any(|&(ps, pe, _, _)| at < pe && end > ps)
                    || occs.iter().any(|o| at < o.end && end >= o.start);
                if aligned && !taken {
                    pronouns.push((at, end, p.to_string(), kind));
                }
            }
        }
        pronouns.sort_by_key(|p| p.0);
        pronouns
    }
}

/// What a pronoun at `at` points to in its own sentence: the latest salient entity of the
/// right type before it, else (not for それ) the latest of the right type.
fn resolve_in_sentence(
    occs: &[Occurrence],
    at: usize,
    role: Role,
    kind: Pronoun,
) -> Option<(Option<String>, EntityType)> {
    let before: Vec<&Occurrence> = occs
        .iter()
        .filter(|o| o.end <= at && o.entity.is_some() && kind.fits(o.kind))
        .filter(|o| !matches!(o.role, Role::Apposition | Role::Affiliation))
        // Not the subject of the pronoun's own clause (OpenAIが彼らに支払った).
        .filter(|o| !(role != Role::Subject && o.role == Role::Subject && at - o.end <= 1))
        .collect();
    before
        .iter()
        .rev()
        .find(|o| o.role.salient())
        .or_else(|| {
            if kind == Pronoun::Thing {
                None
            } else {
                before.last()
            }
        })
        .map(|o| (o.entity.clone(), o.kind))
}

/// What a pronoun points to in the previous sentences; それ only to a salient entity of
/// the sentence just before.
fn resolve_in_discourse(
    discourse: &Discourse,
    kind: Pronoun,
) -> Option<(Option<String>, EntityType)> {
    let found = if kind == Pronoun::Thing {
        discourse
            .previous()
            .iter()
            .rev()
            .find(|r| r.salient && kind.fits(r.kind))
    } else {
        discourse.resolve(|k| kind.fits(k))
    };
    found.map(|r| (Some(r.entity.clone()), r.kind))
}
