//! The sides of a flow: organisations, pronouns and group words in a sentence, each with
//! the particle that follows it, and the clauses a verb's sides are looked for in.

use crate::extract::entities::SentenceMention;
use crate::record::{EntityType, FlowGroup};
use crate::tokenize::Token;
use crate::tokenize::pos::{Pos, PosDetail};

use super::rules::{FlowRules, Frame};

/// One side of a flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Party {
    /// A named organisation (entity id).
    Entity(String),
    /// The market or unnamed investors.
    Group(FlowGroup),
}

/// What the particle after a name makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `が`.
    Subject,
    /// `は`, `も`.
    Topic,
    /// `に`, `へ`.
    To,
    /// `から`.
    From,
    /// `によって`, `により`: the agent of a passive.
    Agent,
    /// `と`.
    With,
    /// `の`.
    Of,
    /// `を`.
    Object,
    /// `向け`: the customer.
    For,
    /// Anything else.
    Other,
}

/// A side named in the sentence, with where and how.
#[derive(Debug, Clone)]
pub struct PartyMention {
    pub start: usize,
    pub end: usize,
    pub party: Party,
    pub role: Role,
}

/// Organisation mentions (not media), resolved pronouns and group words, in text order.
pub fn find(
    rules: &FlowRules,
    chars: &[char],
    mentions: &[SentenceMention],
    antecedent: Option<&str>,
) -> Vec<PartyMention> {
    let text: String = chars.iter().collect();
    let mut out: Vec<PartyMention> = mentions
        .iter()
        .filter(|m| {
            (m.kind.is_organisation() || m.kind == EntityType::Unknown)
                && m.kind != EntityType::Media
        })
        .map(|m| PartyMention {
            start: m.start,
            end: m.end,
            party: Party::Entity(m.entity.clone()),
            role: role_after(rules, chars, m.end),
        })
        .collect();
    let free = |s: usize, e: usize, out: &[PartyMention]| {
        !mentions.iter().any(|m| m.start < e && s < m.end)
            && !out.iter().any(|p| p.start < e && s < p.end)
    };
    if let Some(entity) = antecedent {
        for word in &rules.pronouns.words {
            for s in super::char_positions(&text, word) {
                let e = s + word.chars().count();
                // 「彼らCoreweaveは」: the name that follows is the side.
                let apposition = mentions.iter().any(|m| m.start == e);
                if free(s, e, &out) && !apposition {
                    let role = role_after(rules, chars, e);
                    out.push(PartyMention {
                        start: s,
                        end: e,
                        party: Party::Entity(entity.to_string()),
                        role,
                    });
                }
            }
        }
    }
    let groups = rules.groups.market.iter().chain(&rules.groups.investors);
    for word in groups {
        let Some(group) = super::group_of(rules, word) else {
            continue;
        };
        for s in super::char_positions(&text, word) {
            let e = s + word.chars().count();
            // 「債券市場」 is a compound, not the market as a side.
            let bound = s == 0 || !chars.get(s - 1).is_some_and(|c| is_word_char(*c));
            if bound && free(s, e, &out) {
                out.push(PartyMention {
                    start: s,
                    end: e,
                    party: Party::Group(group),
                    role: role_after(rules, chars, e),
                });
            }
        }
    }
    out.sort_by_key(|p| p.start);
    out
}

fn is_word_char(c: char) -> bool {
    crate::text::is_cjk(c) && !matches!(c, '、' | '。' | '「' | '」')
}

/// The role the particle after `end` gives a name.
pub fn role_after(rules: &FlowRules, chars: &[char], end: usize) -> Role {
    let mut rest: String = chars.iter().skip(end).take(8).collect();
    if let Some(r) = rules
        .suffixes
        .iter()
        .find_map(|w| rest.strip_prefix(w.as_str()))
    {
        rest = r.to_string();
    }
    const TABLE: &[(&str, Role)] = &[
        ("によって", Role::Agent),
        ("により", Role::Agent),
        ("に対し", Role::Other),
        ("について", Role::Other),
        ("にとって", Role::Other),
        ("において", Role::Other),
        ("による", Role::Other),
        ("に", Role::To),
        ("へ", Role::To),
        ("から", Role::From),
        ("が", Role::Subject),
        ("は", Role::Topic),
        ("も", Role::Topic),
        ("という", Role::Other),
        ("と言", Role::Other),
        ("と思", Role::Other),
        ("と", Role::With),
        ("向け", Role::For),
        ("を", Role::Object),
        ("の", Role::Of),
    ];
    TABLE
        .iter()
        .find(|(p, _)| rest.starts_with(p))
        .map_or(Role::Other, |(_, r)| *r)
}

/// Clause starts in a sentence: hard (a new subject may start: `が、`, `けど`, `ので`,
/// `し、`) and soft (a chained predicate: `…して、`, a verb then `、`).
pub struct Clauses {
    hard: Vec<usize>,
    soft: Vec<usize>,
}

impl Clauses {
    pub fn new(chars: &[char], tokens: &[Token]) -> Self {
        let mut hard = vec![0];
        let mut soft = vec![0];
        let comma_after = |t: &Token| chars.get(t.end) == Some(&'、');
        for t in tokens {
            let tag = t.tag();
            let conj = tag.pos == Pos::Particle && tag.detail == PosDetail::ConjunctiveParticle;
            if conj
                && matches!(
                    &*t.text,
                    "が" | "けど" | "けれど" | "けれども" | "ので" | "のに" | "し" | "から"
                )
            {
                hard.push(t.end);
            } else if (conj && comma_after(t)) || (tag.pos == Pos::Verb && comma_after(t)) {
                soft.push(t.end);
            } else if matches!(&*t.text, "?" | "？" | "「" | "」") {
                hard.push(t.end);
            }
        }
        Clauses { hard, soft }
    }

    /// (hard, soft) start of the clause holding `at`; soft ≥ hard.
    pub fn start_of(&self, at: usize) -> (usize, usize) {
        let last = |v: &[usize]| v.iter().copied().filter(|&p| p <= at).max().unwrap_or(0);
        let hard = last(&self.hard);
        (hard, last(&self.soft).max(hard))
    }
}

/// The sides named before a verb, by role.
pub struct Sides<'p> {
    clause: Vec<&'p PartyMention>,
    topic: Option<&'p PartyMention>,
    /// A `が` in the clause after a word that is no side: the subject is not named.
    unnamed_subject: bool,
}

impl<'p> Sides<'p> {
    /// The sides between `hard` and `verb` (a topic also from earlier in the sentence).
    pub fn collect(
        parties: &'p [PartyMention],
        tokens: &[Token],
        hard: usize,
        verb: usize,
    ) -> Self {
        let clause: Vec<&PartyMention> = parties
            .iter()
            .filter(|p| p.start >= hard && p.end <= verb)
            .collect();
        let topic = parties
            .iter()
            .rev()
            .find(|p| p.end <= verb && p.role == Role::Topic);
        let unnamed_subject = tokens.iter().any(|t| {
            let tag = t.tag();
            &*t.text == "が"
                && tag.pos == Pos::Particle
                && tag.detail != PosDetail::ConjunctiveParticle
                && t.start >= hard
                && t.end <= verb
                && !parties
                    .iter()
                    .any(|p| p.end == t.start || p.end + 1 == t.start)
        });
        Sides {
            clause,
            topic,
            unnamed_subject,
        }
    }

    fn last(&self, role: Role) -> Option<&'p PartyMention> {
        self.clause.iter().rev().find(|p| p.role == role).copied()
    }

    fn entity(p: Option<&PartyMention>) -> Option<String> {
        match p.map(|p| &p.party) {
            Some(Party::Entity(e)) => Some(e.clone()),
            _ => None,
        }
    }

    /// The subject: a `が` side in the clause, else the topic unless the clause has a
    /// subject that is no side.
    fn subject(&self) -> Option<&'p PartyMention> {
        self.last(Role::Subject).or_else(|| {
            if self.unnamed_subject {
                None
            } else {
                self.last(Role::Topic).or(self.topic)
            }
        })
    }

    /// (payer, payee) by the frame's particles.
    pub fn resolve(
        &self,
        frame: Frame,
        passive: bool,
        group: Option<FlowGroup>,
    ) -> Option<(Party, String)> {
        let subject = self.subject();
        let party = |p: Option<&PartyMention>| p.map(|p| p.party.clone());
        match frame {
            Frame::Give if passive => {
                let payer = self
                    .last(Role::From)
                    .or(self.last(Role::Agent))
                    .or(self.last(Role::To));
                Some((party(payer)?, Self::entity(subject)?))
            }
            Frame::Give => {
                if let Some(to) = self.last(Role::To) {
                    let payer = self.last(Role::From).or(subject)?;
                    return Some((payer.party.clone(), Self::entity(Some(to))?));
                }
                // 「Yは…Xが…投資した」: the topic receives from the subject.
                let (topic, subj) = (
                    self.last(Role::Topic).or(self.topic)?,
                    self.last(Role::Subject)?,
                );
                (topic.party != subj.party).then_some(())?;
                Some((subj.party.clone(), Self::entity(Some(topic))?))
            }
            Frame::Take => {
                let from = self.last(Role::From).or(self.last(Role::For));
                let payer = party(from).or(group.map(Party::Group))?;
                Some((payer, Self::entity(subject)?))
            }
            Frame::Buy => Some((party(subject)?, Self::entity(self.last(Role::From))?)),
            Frame::Sell => {
                let payer = party(self.last(Role::To)).or(group.map(Party::Group))?;
                Some((payer, Self::entity(subject)?))
            }
            Frame::Acquire => Some((party(subject)?, Self::entity(self.last(Role::Object))?)),
            Frame::Deal => None,
        }
    }

    /// The start of the first side in the clause (or of the verb's clause).
    pub fn first_start(&self) -> usize {
        self.clause.first().map_or(usize::MAX, |p| p.start)
    }

    /// The organisations a deal is between: its subject or topic and its `と`/`の` sides.
    pub fn deal_parties(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let roles = [Role::Subject, Role::Topic, Role::With, Role::Of];
        for p in &self.clause {
            if let (true, Party::Entity(e)) = (roles.contains(&p.role), &p.party)
                && !out.contains(e)
            {
                out.push(e.clone());
            }
        }
        out
    }
}
