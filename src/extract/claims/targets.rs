//! The targets of a claim: the entities it is about, subjects and topics first; never its
//! holder or the words describing the holder.

use crate::record::EntityType;

use super::discourse::Discourse;
use super::roles::{Occurrence, Role};
use super::{ClaimRule, Sentence, Trace};

/// How many sentences a topic lasts without being named or talked about again.
const TOPIC_LASTS: usize = 2;

/// Honorifics and suffixes a name may carry before its particle (KDDIさんは).
const NAME_TAILS: &[&str] = &["さん", "様", "社", "氏"];

/// A claim's targets (entity ids) as they are found, with the trace of each.
#[derive(Debug, Default)]
pub(super) struct Targets {
    pub(super) ids: Vec<String>,
    pub(super) trace: Vec<Trace>,
}

impl Targets {
    /// The entities of a clause (`inside`) other than the `holder`. それ counts only when
    /// the clause `says_something` (judges or predicts).
    pub(super) fn of_clause(
        inside: &[&Occurrence],
        holder: Option<&String>,
        says_something: bool,
    ) -> Self {
        let mut t = Targets::default();
        for o in inside {
            let rule = match o.role {
                Role::Subject => ClaimRule::TargetTopic,
                Role::Possessive => ClaimRule::TargetPossessive,
                Role::About => ClaimRule::TargetAbout,
                _ => continue,
            };
            t.add(o, rule, holder, says_something);
        }
        for o in inside {
            match o.role {
                Role::Other => t.add(o, ClaimRule::TargetMention, holder, says_something),
                Role::Apposition => t.exclude(o, ClaimRule::TargetExcludedApposition),
                Role::Affiliation => t.exclude(o, ClaimRule::TargetExcludedAffiliation),
                _ => {}
            }
        }
        t
    }

    fn add(&mut self, o: &Occurrence, rule: ClaimRule, holder: Option<&String>, says: bool) {
        let Some(e) = &o.entity else { return };
        if Some(e) == holder || self.ids.contains(e) {
            return;
        }
        if (o.is_thing() && !says)
            || (o.kind == EntityType::Unknown && rule == ClaimRule::TargetMention)
        {
            return;
        }
        if let Some(a) = &o.anaphora {
            self.trace.push(a.clone());
        }
        self.trace.push(Trace::cue(rule, &o.surface));
        self.ids.push(e.clone());
    }

    /// An entity describing a person: noted, not targeted.
    fn exclude(&mut self, o: &Occurrence, rule: ClaimRule) {
        if let Some(e) = &o.entity {
            let t = Trace::cue(rule, &o.surface);
            if !self.ids.contains(e) && !self.trace.contains(&t) {
                self.trace.push(t);
            }
        }
    }

    /// A clause with no target but a holder is about the holder's employer named with
    /// them, else about the holder themself (unless the holder is the press, which
    /// reports about others).
    pub(super) fn holder_fallback(
        &mut self,
        s: &Sentence<'_>,
        inside: &[&Occurrence],
        occs: &[Occurrence],
        h: &str,
    ) {
        if let Some(o) = inside.iter().find(|o| o.role == Role::Affiliation) {
            if let Some(e) = &o.entity {
                self.trace
                    .push(Trace::cue(ClaimRule::TargetAffiliation, &o.surface));
                self.ids.push(e.clone());
            }
        } else if let Some((org, _)) = s.context.employers.get(h) {
            // Introduced with their organisation earlier in the transcript.
            self.trace
                .push(Trace::cue(ClaimRule::TargetAffiliation, org));
            self.ids.push(org.clone());
        } else if holder_kind(occs, h) != Some(EntityType::Media) {
            self.trace.push(Trace::cue(ClaimRule::TargetSelf, h));
            self.ids.push(h.to_string());
        }
    }

    /// The transcript's host (see `frame.rs`), unless it is there already or another
    /// organisation is the plain subject (`MicrosoftもGoogleも…`, `両社とも…`).
    pub(super) fn host(&mut self, s: &Sentence<'_>, inside: &[&Occurrence]) {
        let Some((host, _)) = &s.context.host else {
            return;
        };
        if self.ids.contains(host) {
            return;
        }
        let other_subject = inside.iter().any(|o| {
            o.kind.is_organisation()
                && o.entity.as_ref().is_some_and(|e| e != host)
                && plain_subject(&s.chars, o.end)
        });
        if !other_subject {
            self.trace.push(Trace::cue(ClaimRule::TargetHost, host));
            self.ids.push(host.clone());
        }
    }

    /// An omitted subject in a transcript with no host: the organisation talked about in
    /// the last sentences.
    pub(super) fn topic(&mut self, discourse: &Discourse) {
        if let Some(r) = discourse.topic(TOPIC_LASTS) {
            self.trace
                .push(Trace::resolved(ClaimRule::AnaphoraTopic, None, &r.entity));
            self.ids.push(r.entity.clone());
        }
    }

    /// An omitted subject: the organisation that was the subject of the previous sentence.
    pub(super) fn zero_subject(&mut self, discourse: &Discourse) {
        if let Some(r) = discourse.zero_target() {
            self.trace
                .push(Trace::resolved(ClaimRule::AnaphoraZero, None, &r.entity));
            self.ids.push(r.entity.clone());
        }
    }
}

/// The entity type of a holder, from the occurrences of the sentence.
fn holder_kind(occs: &[Occurrence], holder: &str) -> Option<EntityType> {
    occs.iter()
        .find(|o| o.entity.as_deref() == Some(holder))
        .map(|o| o.kind)
}

/// Whether the name ending at `end` is directly the subject or topic: は, が or も (とも)
/// right after it or after its honorific, not からは or とは.
fn plain_subject(chars: &[char], end: usize) -> bool {
    let mut at = end;
    for tail in NAME_TAILS {
        let n = tail.chars().count();
        if chars.len() >= at + n && chars[at..at + n].iter().copied().eq(tail.chars()) {
            at += n;
            break;
        }
    }
    matches!(chars.get(at), Some('は' | 'が' | 'も'))
        || (chars.get(at) == Some(&'と') && chars.get(at + 1) == Some(&'も'))
}
