//! What a clause is (denial, reported, opinion, prediction, assertion) and how it says it:
//! negation, hedging, polarity and topics.

use crate::record::{ClaimKind, Polarity};
use crate::tokenize::{Pos, PosDetail};

use super::cues::{find_cues, last_cue, outside_names};
use super::grammar::GRAMMAR;
use super::holder::{Holder, Report, ReportCue};
use super::roles::Occurrence;
use super::{ClaimDetector, ClaimRule, Sentence, Trace};

/// The kind cues of a clause.
#[derive(Debug, Clone)]
pub(super) struct KindCues<'l> {
    /// The rightmost reporting cue.
    pub(super) report: Option<ReportCue<'l>>,
    /// Whether every reporting cue is a thought (と考えている), none speech or a source.
    pub(super) only_thoughts: bool,
    /// The last prediction cue.
    pub(super) prediction: Option<(usize, &'l str)>,
    /// The last opinion cue.
    pub(super) opinion: Option<(usize, &'l str)>,
    /// What the final predicate says of the kind, and its word.
    pub(super) shape: Option<(Shape, String)>,
    /// The first word of a time to come (来期, 2028年には).
    pub(super) future: Option<(usize, &'l str)>,
}

/// What a clause's final predicate says of its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// An action verb in the polite non-past (建てます, 維持いたします): a plan or forecast.
    Plan,
    /// An adjective or adjectival noun (厳しい, 心強い, 圧倒的です): an evaluation.
    Evaluative,
}

/// What a claim's negation, hedging, polarity and topics came to.
#[derive(Debug, Clone, Default)]
pub(super) struct Qualifiers {
    pub(super) negated: bool,
    pub(super) hedged: bool,
    pub(super) polarity: Option<Polarity>,
    pub(super) topics: Vec<String>,
}

/// Negative and positive polarity cues of a clause.
pub(super) type PolarityCues = (Vec<(usize, String)>, Vec<(usize, String)>);

impl ClaimDetector {
    /// The kind cues of the clause `[cs, ce)`.
    pub(super) fn kind_cues(&self, s: &Sentence<'_>, cs: usize, ce: usize) -> KindCues<'_> {
        let k = &self.rules.kinds;
        let future = super::cues::first_cue(&self.rules.predicate.future_time, s, cs, ce);
        KindCues {
            report: self.report_cue(s, cs, ce),
            only_thoughts: self
                .report_cues(s, cs, ce)
                .iter()
                .all(|r| r.2 == Report::Attributable),
            prediction: last_cue(&k.prediction, s, cs, ce),
            opinion: last_cue(&k.opinion, s, cs, ce),
            shape: self.predicate_shape(s, cs, ce, future.is_some()),
            future,
        }
    }

    /// What the final predicate of the clause `[cs, ce)` says of its kind: an action verb
    /// in the polite non-past is a plan when the clause names a time to come (`future`), an
    /// adjective or adjectival noun an evaluation.
    fn predicate_shape(
        &self,
        s: &Sentence<'_>,
        cs: usize,
        ce: usize,
        future: bool,
    ) -> Option<(Shape, String)> {
        let p = &self.rules.predicate;
        let in_list = |list: &super::cues::CueList, t: &crate::tokenize::Token| {
            list.iter().any(|w| w == t.base_form())
        };
        let tokens: Vec<_> = s
            .tokens
            .iter()
            .filter(|t| t.start >= cs && t.end <= ce && !t.is_symbol())
            .collect();
        let mut rest = tokens
            .iter()
            .rev()
            .skip_while(|t| t.tag().detail == PosDetail::SentenceFinalParticle);
        let last = rest.clone().next()?;
        if last.tag().pos == Pos::AuxiliaryVerb && last.text.as_ref() == GRAMMAR.polite_non_past {
            let verb = rest.nth(1)?;
            let tag = verb.tag();
            if tag.pos != Pos::Verb || in_list(&p.stative_verbs, verb) || !future {
                return None;
            }
            if tag.detail == PosDetail::Independent && !in_list(&p.sahen_verbs, verb) {
                return Some((Shape::Plan, verb.text.to_string()));
            }
            let noun = rest.next()?;
            return (in_list(&p.sahen_verbs, verb) && noun.tag().detail == PosDetail::SahenNoun)
                .then(|| (Shape::Plan, noun.text.to_string()));
        }
        let head = tokens.iter().rev().find(|t| {
            let tag = t.tag();
            !(matches!(tag.pos, Pos::Particle | Pos::AuxiliaryVerb)
                || (tag.pos == Pos::Noun && tag.detail == PosDetail::Dependent))
        })?;
        let tag = head.tag();
        let evaluative = (tag.pos == Pos::Adjective && !in_list(&p.non_evaluative, head))
            || head.is_adjectival_noun();
        evaluative.then(|| (Shape::Evaluative, head.text.to_string()))
    }

    /// Negation, hedging, polarity and topics of the clause `[cs, ce)`, each leaving its
    /// trace.
    pub(super) fn qualifiers(
        &self,
        s: &Sentence<'_>,
        (cs, ce): (usize, usize),
        (neg, pos): PolarityCues,
        topic_cues: Vec<(String, String)>,
        trace: &mut Vec<Trace>,
    ) -> Qualifiers {
        // Negation: in the final predicate of the content (before a reporting or modal cue).
        let content_end = self.content_end(s, cs, ce);
        let negation = self.negation(s, cs, content_end);
        let negated = negation.is_some();
        if let Some((_, t)) = &negation {
            trace.push(Trace::cue(ClaimRule::NegationToken, t));
        }
        // Hedges start a token (らしい, not the end of 素晴らしい).
        let hedge = find_cues(&self.rules.modality.hedge, s, cs, ce)
            .into_iter()
            .find(|&(at, _)| s.tokens.iter().any(|t| t.start == at));
        if let Some((_, h)) = hedge {
            trace.push(Trace::cue(ClaimRule::ModalityHedge, h));
        }
        let reading = PolarityReading {
            negation: negation.as_ref().map(|n| n.0),
            denied: neg.iter().map(|n| self.denied(s, n)).collect(),
            contrast: match (neg.first(), pos.last(), pos.first(), neg.last()) {
                (Some(n), Some(p), Some(p0), Some(n1)) => {
                    self.contrasted(s, n.0, p.0) || self.contrasted(s, p0.0, n1.0)
                }
                _ => false,
            },
        };
        let polarity = polarity(&neg, &pos, &reading, trace);
        let mut topics = Vec::new();
        for (topic, w) in topic_cues {
            trace.push(Trace::topic(&topic, &w));
            topics.push(topic);
        }
        Qualifiers {
            negated,
            hedged: hedge.is_some(),
            polarity,
            topics,
        }
    }

    /// The topics of a clause, each with its first cue outside entity names
    /// (取引 in 証券取引委員会 is a name, not a deal).
    pub(super) fn topic_cues(
        &self,
        s: &Sentence<'_>,
        occs: &[Occurrence],
        cs: usize,
        ce: usize,
    ) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (topic, words) in &self.rules.topics {
            if let Some((_, w)) = outside_names(find_cues(words, s, cs, ce), occs).first() {
                out.push((topic.clone(), w.to_string()));
            }
        }
        out
    }

    /// Negative and positive polarity cues of a clause, outside entity names; positive
    /// cues inside a negative one (利益 in 利益を出していません) are dropped.
    pub(super) fn polarity_cues(
        &self,
        s: &Sentence<'_>,
        occs: &[Occurrence],
        cs: usize,
        ce: usize,
    ) -> PolarityCues {
        let p = &self.rules.polarity;
        let neg = outside_names(find_cues(&p.negative, s, cs, ce), occs);
        let pos = outside_names(find_cues(&p.positive, s, cs, ce), occs);
        let covered = |at: usize, len: usize| {
            neg.iter()
                .any(|&(n, c)| at >= n && at + len <= n + c.chars().count())
        };
        let inside_positive = |at: usize, len: usize| {
            pos.iter()
                .any(|&(n, c)| at >= n && at + len < n + c.chars().count())
        };
        let neg: Vec<(usize, String)> = neg
            .iter()
            .filter(|&&(at, c)| !inside_positive(at, c.chars().count()))
            .map(|&(at, c)| (at, c.to_string()))
            .collect();
        let pos = pos
            .iter()
            .filter(|&&(at, c)| !covered(at, c.chars().count()))
            .map(|&(at, c)| (at, c.to_string()))
            .collect();
        (neg, pos)
    }

    /// Whether a negative word at `at` is denied by what follows it (赤字ではない).
    pub(super) fn denied(&self, s: &Sentence<'_>, (at, cue): &(usize, String)) -> bool {
        let end = at + cue.chars().count();
        find_cues(&self.rules.polarity.denial, s, end, s.chars.len())
            .first()
            .is_some_and(|&(d, _)| d == end)
    }

    /// Whether a contrast (一方, ものの) lies between `a` and `b`.
    pub(super) fn contrasted(&self, s: &Sentence<'_>, a: usize, b: usize) -> bool {
        let (a, b) = (a.min(b), a.max(b));
        !find_cues(&self.rules.polarity.contrast, s, a, b).is_empty()
    }

    /// Where the content of a clause ends: before the first reporting, opinion, prediction
    /// or hedging cue of its second half (…ないと考えているというコメント: before と考え),
    /// else at the clause end.
    fn content_end(&self, s: &Sentence<'_>, cs: usize, ce: usize) -> usize {
        let k = &self.rules.kinds;
        let mid = cs + (ce - cs) / 2;
        let mut at: Option<usize> = self
            .report_cues(s, cs, ce)
            .into_iter()
            .map(|r| r.0)
            .filter(|&r| r >= mid)
            .min();
        for list in [&k.opinion, &k.prediction, &self.rules.modality.hedge] {
            if let Some(&(c, _)) = find_cues(list, s, mid, ce).first() {
                at = Some(at.map_or(c, |a: usize| a.min(c)));
            }
        }
        at.unwrap_or(ce)
    }

    /// The negating token of the final predicate before `end`, walking back over
    /// auxiliaries, particles and light verbs to the first content word.
    fn negation(&self, s: &Sentence<'_>, cs: usize, end: usize) -> Option<(usize, String)> {
        let p = &self.rules.predicate;
        let mut found = None;
        for t in s
            .tokens
            .iter()
            .rev()
            .filter(|t| t.end <= end && t.start >= cs)
        {
            let tag = t.tag();
            let negating = (tag.pos == Pos::AuxiliaryVerb
                && p.negation.iter().any(|n| n == t.base_form()))
                || (tag.pos == Pos::Adjective && t.base_form() == GRAMMAR.negative_adjective);
            if negating {
                found.get_or_insert_with(|| (t.start, t.text.to_string()));
                continue;
            }
            let dependent = tag.detail == PosDetail::Dependent;
            let walk = t.is_symbol()
                || matches!(tag.pos, Pos::AuxiliaryVerb | Pos::Particle)
                || (tag.pos == Pos::Verb
                    && (dependent || p.light_verbs.iter().any(|v| v == t.base_form())))
                || (tag.pos == Pos::Noun && dependent);
            if !walk {
                break;
            }
        }
        found
    }
}

/// How far after the end of a negative word its negation may start and still deny it
/// (途切れ + てい + ませ + ん: four characters).
const DENIAL_GAP: usize = 4;

/// What besides its cue words decides a clause's polarity.
#[derive(Debug, Default)]
pub(super) struct PolarityReading {
    /// Where the final predicate is negated.
    pub(super) negation: Option<usize>,
    /// For each negative word, whether the word after it denies it (赤字ではない).
    pub(super) denied: Vec<bool>,
    /// Whether a contrast (一方, ものの) separates a negative and a positive word.
    pub(super) contrast: bool,
}

/// The polarity of a clause from its negative and positive cues (by position), leaving
/// the trace of the cue that decided it:
/// - a positive idiom that holds the negation itself (変わりはない) stays positive;
/// - a negative word denied right after it (赤字ではない, 途切れていません) is positive;
/// - words of both kinds: mixed across a contrast (増収の一方で赤字), else the last word
///   decides (営業利益は…引き下げ: negative);
/// - positive words are negative when the predicate is negated;
/// - no word but a negated predicate (回収の道筋はまだ見えない): negative.
pub(super) fn polarity(
    neg: &[(usize, String)],
    pos: &[(usize, String)],
    r: &PolarityReading,
    trace: &mut Vec<Trace>,
) -> Option<Polarity> {
    let mut decide = |rule: ClaimRule, cue: &str, p: Polarity| {
        trace.push(Trace::cue(rule, cue));
        Some(p)
    };
    let len = |c: &str| c.chars().count();
    let end = |(at, c): &(usize, String)| at + len(c);
    if let Some((_, c)) = pos
        .iter()
        .find(|(at, c)| r.negation.is_some_and(|n| n >= *at && n < at + len(c)))
    {
        return decide(ClaimRule::PolarityPositive, c, Polarity::Positive);
    }
    let denied = |i: usize| {
        r.denied.get(i).copied().unwrap_or(false)
            || r.negation.is_some_and(|n| {
                let e = end(&neg[i]);
                n >= e && n <= e + DENIAL_GAP
            })
    };
    let last_neg = neg.iter().enumerate().max_by_key(|(_, n)| end(n));
    let last_pos = pos.iter().max_by_key(|p| end(p));
    match (last_neg, last_pos) {
        (Some((_, n)), Some(p)) if r.contrast => {
            decide(ClaimRule::PolarityNegative, &n.1, Polarity::Mixed);
            decide(ClaimRule::PolarityPositive, &p.1, Polarity::Mixed)
        }
        (Some((i, n)), _) if denied(i) => {
            decide(ClaimRule::PolarityDenied, &n.1, Polarity::Positive)
        }
        (Some((_, n)), Some(p)) if end(p) > end(n) && r.negation.is_none() => {
            decide(ClaimRule::PolarityPositive, &p.1, Polarity::Positive)
        }
        (Some((_, n)), _) => decide(ClaimRule::PolarityNegative, &n.1, Polarity::Negative),
        (None, Some(p)) if r.negation.is_some() => {
            decide(ClaimRule::PolarityNegated, &p.1, Polarity::Negative)
        }
        (None, Some(p)) => decide(ClaimRule::PolarityPositive, &p.1, Polarity::Positive),
        (None, None) if r.negation.is_some() => {
            decide(ClaimRule::PolarityNegation, "", Polarity::Negative)
        }
        (None, None) => None,
    }
}

/// The kind of a clause and the trace of the cue that decided it. A verb of saying or
/// thinking whose subject is the speaker leaves the claim the speaker's own; a thought
/// with a third party's subject is reported, the speaker's own an opinion.
pub(super) fn kind(holder: &Holder, cues: &KindCues<'_>) -> (ClaimKind, Trace) {
    let of = |kind: ClaimKind, rule: ClaimRule, cue: &str| (kind, Trace::cue(rule, cue));
    let opinion = |c| of(ClaimKind::Opinion, ClaimRule::KindOpinion, c);
    let reported = |c| of(ClaimKind::Reported, ClaimRule::KindReported, c);
    let prediction = |c| of(ClaimKind::Prediction, ClaimRule::KindPrediction, c);
    let assertion = || (ClaimKind::Assertion, Trace::rule(ClaimRule::KindAssertion));
    let by_shape = || match &cues.shape {
        Some((Shape::Plan, w)) => (ClaimKind::Prediction, Trace::cue(ClaimRule::KindPlan, w)),
        Some((Shape::Evaluative, w)) => {
            (ClaimKind::Opinion, Trace::cue(ClaimRule::KindEvaluative, w))
        }
        None => assertion(),
    };
    if holder.is_self {
        // A view of the future held by the speaker (黒字化できると見ています) predicts.
        return match (cues.report, cues.prediction.or(cues.future)) {
            (Some((_, c, Report::Forecast)), _) => prediction(c),
            (Some((_, _, Report::Attributable)), Some((_, p))) => prediction(p),
            (Some((_, c, Report::Attributable)), None) => opinion(c),
            _ => {
                if let Some((_, c)) = cues.opinion {
                    opinion(c)
                } else if let Some((_, c)) = cues.prediction {
                    prediction(c)
                } else {
                    by_shape()
                }
            }
        };
    }
    if holder.quoted {
        return of(ClaimKind::Reported, ClaimRule::KindReported, "「」");
    }
    match cues.report {
        Some((_, c, Report::Denial)) => of(ClaimKind::Denial, ClaimRule::KindDenial, c),
        Some((_, c, Report::Speech | Report::Source | Report::Hearsay)) => reported(c),
        Some((_, c, Report::Attributable | Report::Forecast)) if holder.entity.is_some() => {
            reported(c)
        }
        Some((_, c, Report::Forecast)) => prediction(c),
        // A thought about a time to come (年明けには正常化するとみており) predicts.
        Some((_, _, Report::Attributable)) if cues.only_thoughts && cues.future.is_some() => {
            prediction(cues.future.map_or("", |f| f.1))
        }
        Some((_, c, Report::Attributable)) if cues.only_thoughts => opinion(c),
        _ => {
            if let Some((_, c)) = cues.prediction {
                prediction(c)
            } else if let Some((_, c)) = cues.opinion {
                opinion(c)
            } else {
                by_shape()
            }
        }
    }
}
