//! Clauses: a sentence split where two subjects each carry a predicate, and the claim
//! each clause makes.

use crate::tokenize::{Pos, PosDetail, Token};

use super::discourse::Discourse;
use super::grammar::{GRAMMAR, Grammar};
use super::kind::kind;
use super::roles::{Occurrence, Role};
use super::targets::Targets;
use super::{ClaimDetector, ClaimMatch, ClaimRule, Sentence, Trace};

/// Shortest clause that takes the topic as its omitted subject (そうです。 says nothing).
const MIN_TOPIC_CLAUSE_CHARS: usize = 10;

/// A clause of a sentence.
#[derive(Debug, Clone, Copy)]
pub(super) struct ClauseSpan {
    /// Start (char offset in the sentence).
    pub(super) start: usize,
    /// End (exclusive).
    pub(super) end: usize,
    /// Its number and the number of clauses, when the sentence was split.
    pub(super) part: Option<(usize, usize)>,
    /// It may take the previous sentence's subject as its target (zero anaphora): the
    /// first clause of a sentence that names nothing.
    pub(super) may_zero: bool,
}

impl ClaimDetector {
    /// Clause boundaries: split at a conjunctive particle before 、 when both sides have
    /// their own subject entity and the last clause is not reported speech (whose verb
    /// governs the whole sentence).
    pub(super) fn clauses(&self, s: &Sentence<'_>, occs: &[Occurrence]) -> Vec<(usize, usize)> {
        let n = s.chars.len();
        let has_subject = |a: usize, b: usize| {
            occs.iter().any(|o| {
                o.entity.is_some()
                    && o.start >= a
                    && o.end <= b
                    && matches!(o.role, Role::Subject | Role::Possessive)
                    && !o.in_quote
            })
        };
        let mut out = Vec::new();
        let mut cur = 0;
        for (i, t) in s.tokens.iter().enumerate() {
            let before_comma = s
                .tokens
                .get(i + 1)
                .is_some_and(|u| Grammar::is(&u.text, GRAMMAR.comma));
            if t.tag().pos == Pos::Particle
                && t.tag().detail == PosDetail::ConjunctiveParticle
                && self.rules.markers.clause.iter().any(|w| *w == *t.text)
                && before_comma
                && !s.in_quote(t.start)
                && t.end <= n
            {
                let next = t.end + 1;
                if has_subject(cur, t.end) && has_subject(next, n) {
                    out.push((cur, t.end));
                    cur = next;
                }
            }
        }
        out.push((cur, n));
        if out.len() > 1 && self.report_cue(s, cur, n).is_some() {
            return vec![(0, n)];
        }
        out
    }

    /// The claim a clause makes, if it says something about someone: its kind and
    /// holder, its targets, then negation, hedging, polarity and topics.
    pub(super) fn clause(
        &self,
        s: &Sentence<'_>,
        occs: &[Occurrence],
        discourse: &Discourse,
        span: ClauseSpan,
    ) -> Option<ClaimMatch> {
        let (cs, ce) = (span.start, span.end);
        if !self.has_predicate(s, occs, cs, ce) {
            return None;
        }
        let inside: Vec<&Occurrence> = occs
            .iter()
            .filter(|o| o.start >= cs && o.end <= ce)
            .collect();
        let cues = self.kind_cues(s, cs, ce);
        let holder = match cues.report {
            None => self.quoted_holder(s, &inside),
            report => self.holder(s, occs, &inside, discourse, cs, report),
        };
        let (kind, kind_trace) = kind(&holder, &cues);

        let polarity_cues = self.polarity_cues(s, occs, cs, ce);
        let topic_cues = self.topic_cues(s, occs, cs, ce);
        let says_something = cues.prediction.is_some()
            || !polarity_cues.0.is_empty()
            || !polarity_cues.1.is_empty()
            || !topic_cues.is_empty();
        let mut targets = Targets::of_clause(&inside, holder.entity.as_ref(), says_something);
        if targets.ids.is_empty()
            && let Some(h) = &holder.entity
        {
            targets.holder_fallback(s, &inside, occs, h);
        }
        if targets.ids.is_empty()
            && holder.entity.is_none()
            && span.may_zero
            && (cues.prediction.is_some() || !polarity_cues.0.is_empty())
            && !self.has_plain_subject(s, occs, cs, ce)
        {
            targets.zero_subject(discourse);
        }
        if holder.entity.is_none() {
            targets.host(s, &inside);
        }
        if targets.ids.is_empty()
            && holder.entity.is_none()
            && span.may_zero
            && s.context.host.is_none()
            && ce - cs >= MIN_TOPIC_CLAUSE_CHARS
        {
            targets.topic(discourse);
        }
        if targets.ids.is_empty() && holder.entity.is_none() {
            return None;
        }

        let mut trace = vec![kind_trace];
        if let Some((i, n)) = span.part {
            trace.push(Trace::cue(ClaimRule::ClauseSplit, format!("{i}/{n}")));
        }
        trace.extend(holder.trace);
        trace.extend(targets.trace);
        let q = self.qualifiers(s, (cs, ce), polarity_cues, topic_cues, &mut trace);
        let (start, end) = trim_span(&s.chars, cs, ce);
        Some(ClaimMatch {
            start,
            end,
            kind,
            holder: holder.entity,
            targets: targets.ids,
            polarity: q.polarity,
            negated: q.negated,
            hedged: q.hedged,
            topics: q.topics,
            trace,
            cues: Vec::new(),
        })
    }

    /// The clause says something: it has a content word besides the names and pronouns,
    /// and does not end on a name.
    fn has_predicate(&self, s: &Sentence<'_>, occs: &[Occurrence], cs: usize, ce: usize) -> bool {
        let in_occ = |t: &Token| occs.iter().any(|o| t.start < o.end && t.end > o.start);
        let tokens: Vec<&Token> = s
            .tokens
            .iter()
            .filter(|t| t.start >= cs && t.end <= ce)
            .collect();
        let last = tokens.iter().rev().find(|t| {
            !(t.is_symbol()
                || (t.tag().pos == Pos::Particle
                    && t.tag().detail == PosDetail::SentenceFinalParticle))
        });
        match last {
            None => return false,
            Some(t) if in_occ(t) => return false,
            _ => {}
        }
        tokens.iter().any(|t| {
            !in_occ(t)
                && match t.tag().pos {
                    Pos::Verb | Pos::Adjective => t.tag().detail == PosDetail::Independent,
                    Pos::Noun => !matches!(
                        t.tag().detail,
                        PosDetail::Pronoun
                            | PosDetail::Dependent
                            | PosDetail::Number
                            | PosDetail::Suffix
                    ),
                    _ => false,
                }
        })
    }
}

/// `[start, end)` without leading punctuation and whitespace.
pub(super) fn trim_span(chars: &[char], start: usize, end: usize) -> (usize, usize) {
    let end = end.min(chars.len());
    let mut s = start.min(end);
    while s < end && (chars[s].is_whitespace() || chars[s] == GRAMMAR.comma) {
        s += 1;
    }
    if s == end {
        (start.min(end), end)
    } else {
        (s, end)
    }
}
