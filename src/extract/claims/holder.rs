//! The holder of reported speech: a source (Reutersによると), else the subject of the
//! reporting verb, the speaker themself (私は…と言った) or an omitted subject.

use crate::record::EntityType;
use crate::tokenize::{Pos, PosDetail, Token};

use super::cues::find_cues;
use super::discourse::Discourse;
use super::grammar::{GRAMMAR, Grammar};
use super::roles::{Occurrence, Role, is_particle};
use super::{ClaimDetector, ClaimRule, Sentence, Trace};

/// Which kind of reporting cue a clause carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Report {
    Denial,
    Speech,
    Source,
    Hearsay,
    Attributable,
    /// A forecast or plan held by its subject (Xは…を見込んでいます).
    Forecast,
}

/// A reporting cue: where, which, of what kind.
pub(super) type ReportCue<'l> = (usize, &'l str, Report);

/// Who holds a clause's claim.
#[derive(Debug, Default)]
pub(super) struct Holder {
    /// The holder's entity id (none for the speaker).
    pub(super) entity: Option<String>,
    /// The speaker is the subject of the reporting verb: the claim stays theirs.
    pub(super) is_self: bool,
    /// The rule that found it.
    pub(super) trace: Option<Trace>,
    /// Found as the name right before a quotation with no verb of saying (a headline:
    /// `霧島CEO「2030年に10万台」`): the claim is reported.
    pub(super) quoted: bool,
}

impl ClaimDetector {
    /// Every reporting cue of a clause with its category, leaving out cues in quotes and
    /// cues whose verb modifies a following noun (`購入予定とされるデータセンター`: a
    /// relative clause, not a report).
    pub(super) fn report_cues(&self, s: &Sentence<'_>, cs: usize, ce: usize) -> Vec<ReportCue<'_>> {
        let k = &self.rules.kinds;
        let lists = [
            (&k.denial, Report::Denial),
            (&k.speech, Report::Speech),
            (&k.source, Report::Source),
            (&k.hearsay, Report::Hearsay),
            (&k.attributable, Report::Attributable),
            (&k.forecast, Report::Forecast),
        ];
        let mut out = Vec::new();
        for (list, what) in lists {
            for (at, cue) in find_cues(list, s, cs, ce) {
                if s.in_quote(at) {
                    continue;
                }
                let end = at + cue.chars().count();
                let relative = what != Report::Source
                    && s.token_at(end).is_some_and(|(_, t)| {
                        t.tag().pos == Pos::Noun
                            && !matches!(
                                t.tag().detail,
                                PosDetail::Dependent | PosDetail::Pronoun | PosDetail::SahenNoun
                            )
                    });
                if !relative {
                    out.push((at, cue, what));
                }
            }
        }
        out
    }

    /// The rightmost reporting cue of a clause and its category.
    pub(super) fn report_cue(
        &self,
        s: &Sentence<'_>,
        cs: usize,
        ce: usize,
    ) -> Option<ReportCue<'_>> {
        let mut best: Option<ReportCue<'_>> = None;
        for (at, cue, what) in self.report_cues(s, cs, ce) {
            let better = match best {
                None => true,
                Some((b, bc, _)) => at > b || (at == b && cue.len() > bc.len()),
            };
            if better {
                best = Some((at, cue, what));
            }
        }
        best
    }

    /// The holder of a clause `[cs, …)` reported by `report` (hearsay has none): the
    /// source, else the subject before the quotation (`Xは「…」と言う`), else the earliest
    /// subject before the reporting verb. それ never speaks.
    pub(super) fn holder(
        &self,
        s: &Sentence<'_>,
        occs: &[Occurrence],
        inside: &[&Occurrence],
        discourse: &Discourse,
        cs: usize,
        report: Option<ReportCue<'_>>,
    ) -> Holder {
        let Some((cue_at, _, what)) = report.filter(|r| r.2 != Report::Hearsay) else {
            return Holder::default();
        };
        let quote_start = s
            .quotes
            .iter()
            .find(|&&(_, e)| e + 1 == cue_at)
            .map(|&(b, _)| b);
        let limit = quote_start.unwrap_or(cue_at);
        let before =
            |o: &&&Occurrence| o.end <= limit && !o.in_quote && o.entity.is_some() && !o.is_thing();
        if let Some(o) = inside
            .iter()
            .filter(before)
            .find(|o| o.role == Role::Source)
        {
            return Holder {
                entity: o.entity.clone(),
                is_self: false,
                trace: Some(Trace::cue(ClaimRule::HolderSource, &o.surface)),
                quoted: false,
            };
        }
        // A name the gazetteer does not know may speak too (JAXA広報部は…としている).
        let speaker = |o: &&&Occurrence| {
            matches!(o.role, Role::Subject | Role::Possessive)
                && (o.kind.is_organisation()
                    || matches!(o.kind, EntityType::Person | EntityType::Unknown))
        };
        let subject = if quote_start.is_some() {
            inside.iter().rev().filter(before).find(speaker)
        } else {
            inside.iter().filter(before).find(speaker)
        };
        // The speaker's own organisation as subject (当社は…と考えています): the
        // speaker's claim.
        let own = |o: &&&Occurrence| {
            s.context
                .speaker_org
                .as_ref()
                .is_some_and(|(id, _)| o.entity.as_ref() == Some(id))
        };
        match (subject, self.first_person_subject(s, cs, limit)) {
            (Some(o), Some(fp)) if fp.0 < o.start => self_holder(&fp.1),
            (None, Some(fp)) => self_holder(&fp.1),
            (Some(o), _) if own(&o) => self_holder(&o.surface),
            (Some(o), _) => Holder {
                entity: o.entity.clone(),
                is_self: false,
                trace: Some(Trace::cue(ClaimRule::HolderSubject, &o.surface)),
                quoted: false,
            },
            // An omitted subject: the person (else organisation) who was the subject of
            // the previous sentence, unless a plain noun is the subject.
            (None, None) => self.unnamed_holder(s, occs, discourse, (cs, limit), what),
        }
    }

    /// The holder of a report whose speaker is not named: the person (else organisation)
    /// who was the subject of the previous sentence, unless a plain noun is the subject.
    /// A person is preferred; an organisation only when no report went on just before
    /// (news: the speaker quoted last goes on speaking).
    fn unnamed_holder(
        &self,
        s: &Sentence<'_>,
        occs: &[Occurrence],
        discourse: &Discourse,
        (cs, limit): (usize, usize),
        what: Report,
    ) -> Holder {
        if what != Report::Speech || self.has_plain_subject(s, occs, cs, limit) {
            return Holder::default();
        }
        match discourse.zero_holder() {
            Some(r)
                if r.kind == EntityType::Person
                    || discourse.last_holder(REPORT_CONTINUES).is_none() =>
            {
                Holder {
                    entity: Some(r.entity.clone()),
                    is_self: false,
                    trace: Some(Trace::resolved(ClaimRule::HolderZero, None, &r.entity)),
                    quoted: false,
                }
            }
            // A report that goes on without naming its speaker again.
            _ => match discourse.last_holder(REPORT_CONTINUES) {
                Some(h) => Holder {
                    entity: Some(h.to_string()),
                    is_self: false,
                    trace: Some(Trace::resolved(ClaimRule::HolderZero, None, h)),
                    quoted: false,
                },
                None => Holder::default(),
            },
        }
    }

    /// With no verb of saying: a person or organisation right before a quotation, with
    /// at most a title between (`霧島CEO「…」`, `久遠寺社長「…」`), holds it.
    pub(super) fn quoted_holder(&self, s: &Sentence<'_>, inside: &[&Occurrence]) -> Holder {
        let titles = &self.rules.markers.title;
        let speaker = inside.iter().find(|o| {
            if o.in_quote || !(o.kind.is_organisation() || o.kind == EntityType::Person) {
                return false;
            }
            let rest = &s.chars[o.end.min(s.chars.len())..];
            let title = titles
                .iter()
                .map(|t| t.chars().count())
                .filter(|&n| {
                    rest.len() > n
                        && titles
                            .iter()
                            .any(|t| t.chars().eq(rest[..n].iter().copied()))
                })
                .max()
                .unwrap_or(0);
            rest.get(title)
                .is_some_and(|c| GRAMMAR.quote_open.contains(c))
        });
        match speaker {
            Some(o) => Holder {
                entity: o.entity.clone(),
                is_self: false,
                trace: Some(Trace::cue(ClaimRule::HolderQuote, &o.surface)),
                quoted: true,
            },
            None => Holder::default(),
        }
    }

    /// A first-person pronoun marked as subject (私は, 私が) in `[cs, before)`.
    fn first_person_subject(
        &self,
        s: &Sentence<'_>,
        cs: usize,
        before: usize,
    ) -> Option<(usize, String)> {
        let fp = &self.rules.anaphora.first_person;
        s.tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.start >= cs && t.end <= before && !s.in_quote(t.start))
            .find(|(i, t)| {
                fp.iter().any(|w| *w == *t.text)
                    && s.tokens
                        .get(i + 1)
                        .is_some_and(|u| is_particle(u, &self.rules.markers.topic))
            })
            .map(|(_, t)| (t.start, t.text.to_string()))
    }

    /// Whether a plain noun (not a name, not a pronoun) is marked as subject in `[cs, end)`
    /// outside quotes: then an omitted subject is not the previous sentence's.
    pub(super) fn has_plain_subject(
        &self,
        s: &Sentence<'_>,
        occs: &[Occurrence],
        cs: usize,
        end: usize,
    ) -> bool {
        let in_occ = |t: &Token| occs.iter().any(|o| t.start < o.end && t.end > o.start);
        s.tokens.iter().enumerate().any(|(i, t)| {
            t.start >= cs
                && t.end <= end
                && t.tag().pos == Pos::Noun
                && !in_occ(t)
                && !s.in_quote(t.start)
                && s.tokens.get(i + 1).is_some_and(|u| {
                    u.tag().is_plain_particle() && Grammar::any(GRAMMAR.subject, &u.text)
                })
        })
    }
}

/// How many sentences after a reported statement its speaker may go on unnamed.
const REPORT_CONTINUES: usize = 3;

/// The speaker holds their own claim (私は…と言ってきました).
fn self_holder(pronoun: &str) -> Holder {
    Holder {
        entity: None,
        is_self: true,
        trace: Some(Trace::cue(ClaimRule::HolderSelf, pronoun)),
        quoted: false,
    }
}
