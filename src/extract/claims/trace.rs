//! The typed trace of a claim: which rule decided what, on which cue word.
//!
//! The detector decides from these values only; they are rendered as `rule:cue` strings
//! (`kind.reported:と言いました`, `anaphora.person:彼->jensen-huang`) for `--explain` and
//! [`crate::record::Claim::cues`] at the very end.

use std::fmt;

/// A rule of the claim detector, with a stable name (its `--explain` prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimRule {
    /// `kind.question`: the sentence asks something.
    KindQuestion,
    /// `kind.denial`: an explicit denial.
    KindDenial,
    /// `kind.reported`: reported speech, a source, hearsay or a third party's thought.
    KindReported,
    /// `kind.opinion`: the speaker's view.
    KindOpinion,
    /// `kind.prediction`: about the future.
    KindPrediction,
    /// `kind.assertion`: none of the above.
    KindAssertion,
    /// `kind.prediction.plan`: an action verb in the polite non-past (建てます).
    KindPlan,
    /// `kind.opinion.evaluative`: an adjective or adjectival noun ends the clause.
    KindEvaluative,
    /// `question.mentions`: an entity a question names (never a target).
    QuestionMentions,
    /// `kind.question.request`: a request for an explanation (教えてください).
    QuestionRequest,
    /// `kind.question.elliptic`: a line of the one asking that ends on a particle.
    QuestionElliptic,
    /// `clause.split`: the claim is clause `i` of `n` of its sentence.
    ClauseSplit,
    /// `holder.source`: the holder is a source (Reutersによると).
    HolderSource,
    /// `holder.subject`: the holder is the subject of the reporting verb.
    HolderSubject,
    /// `holder.self`: the speaker is the subject of the reporting verb (私は…と言った).
    HolderSelf,
    /// `holder.zero`: an omitted subject, the previous sentence's.
    HolderZero,
    /// `holder.quote`: the name right before a quotation with no verb of saying.
    HolderQuote,
    /// `anaphora.organisation`: a pronoun for an organisation (彼ら, 同社).
    AnaphoraOrganisation,
    /// `anaphora.self_org`: the speaker's own organisation (当社, われわれ).
    AnaphoraSelfOrg,
    /// `anaphora.topic`: a statement with no subject, about the organisation talked about
    /// in the last sentences (Nvidiaについて伺います。…強いと思います).
    AnaphoraTopic,
    /// `anaphora.person`: a pronoun for a person (彼, 彼女).
    AnaphoraPerson,
    /// `anaphora.thing`: それ, for a salient organisation or product.
    AnaphoraThing,
    /// `anaphora.zero`: an omitted subject taken as the target.
    AnaphoraZero,
    /// `target.topic`: a target marked as subject or topic.
    TargetTopic,
    /// `target.possessive`: a target possessing the subject (`Nvidiaの取引は`).
    TargetPossessive,
    /// `target.about`: a target talked about (について).
    TargetAbout,
    /// `target.mention`: any other entity of the clause.
    TargetMention,
    /// `target.excluded.apposition`: describes a person in apposition; not a target.
    TargetExcludedApposition,
    /// `target.excluded.affiliation`: a person's employer; not a target.
    TargetExcludedAffiliation,
    /// `target.affiliation`: the employer of a holder with no other target.
    TargetAffiliation,
    /// `target.self`: a holder speaking about themself.
    TargetSelf,
    /// `target.host`: a statement or question with no subject of its own, about the
    /// organisation the transcript is about.
    TargetHost,
    /// `negation.token`: the negating token of the final predicate.
    NegationToken,
    /// `modality.hedge`: a hedge (たぶん, かもしれ).
    ModalityHedge,
    /// `polarity.negative`: a negative cue.
    PolarityNegative,
    /// `polarity.positive`: a positive cue.
    PolarityPositive,
    /// `polarity.negated`: a positive cue in a negated clause.
    PolarityNegated,
    /// `polarity.denied`: a negative word the predicate denies (赤字ではない).
    PolarityDenied,
    /// `polarity.negation`: no polarity word, but a negated predicate (まだ見えない).
    PolarityNegation,
    /// `topic.<name>`: a topic of `claims.toml`.
    Topic,
}

impl ClaimRule {
    /// The rule's stable name, as `--explain` shows it.
    pub fn name(self) -> &'static str {
        use ClaimRule::*;
        match self {
            KindQuestion => "kind.question",
            KindDenial => "kind.denial",
            KindReported => "kind.reported",
            KindOpinion => "kind.opinion",
            KindPrediction => "kind.prediction",
            KindAssertion => "kind.assertion",
            KindPlan => "kind.prediction.plan",
            KindEvaluative => "kind.opinion.evaluative",
            QuestionMentions => "question.mentions",
            QuestionRequest => "kind.question.request",
            QuestionElliptic => "kind.question.elliptic",
            ClauseSplit => "clause.split",
            HolderSource => "holder.source",
            HolderSubject => "holder.subject",
            HolderSelf => "holder.self",
            HolderZero => "holder.zero",
            HolderQuote => "holder.quote",
            AnaphoraOrganisation => "anaphora.organisation",
            AnaphoraSelfOrg => "anaphora.self_org",
            AnaphoraTopic => "anaphora.topic",
            AnaphoraPerson => "anaphora.person",
            AnaphoraThing => "anaphora.thing",
            AnaphoraZero => "anaphora.zero",
            TargetTopic => "target.topic",
            TargetPossessive => "target.possessive",
            TargetAbout => "target.about",
            TargetMention => "target.mention",
            TargetExcludedApposition => "target.excluded.apposition",
            TargetExcludedAffiliation => "target.excluded.affiliation",
            TargetAffiliation => "target.affiliation",
            TargetSelf => "target.self",
            TargetHost => "target.host",
            NegationToken => "negation.token",
            ModalityHedge => "modality.hedge",
            PolarityNegative => "polarity.negative",
            PolarityPositive => "polarity.positive",
            PolarityNegated => "polarity.negated",
            PolarityDenied => "polarity.denied",
            PolarityNegation => "polarity.negation",
            Topic => "topic",
        }
    }
}

/// One step of a claim's explanation: a rule and what it fired on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    /// The rule.
    pub rule: ClaimRule,
    /// For [`ClaimRule::Topic`], the topic's name in `claims.toml` (`topic.funding`).
    pub topic: Option<String>,
    /// What the rule fired on: a cue word, a mention's surface, a pronoun, an entity id
    /// (`question.mentions`, `target.self`) or the clause's place (`1/2`).
    pub cue: Option<String>,
    /// The entity a pronoun or an omitted subject was resolved to.
    pub resolved: Option<String>,
}

impl Trace {
    /// A rule that fired on nothing in particular (`kind.assertion`).
    pub fn rule(rule: ClaimRule) -> Self {
        Trace {
            rule,
            topic: None,
            cue: None,
            resolved: None,
        }
    }

    /// A rule that fired on `cue`.
    pub fn cue(rule: ClaimRule, cue: impl Into<String>) -> Self {
        Trace {
            cue: Some(cue.into()),
            ..Trace::rule(rule)
        }
    }

    /// A rule that resolved `from` (a pronoun; none for an omitted subject) to `entity`.
    pub fn resolved(rule: ClaimRule, from: Option<&str>, entity: &str) -> Self {
        Trace {
            cue: from.map(str::to_string),
            resolved: Some(entity.to_string()),
            ..Trace::rule(rule)
        }
    }

    /// The topic `topic` found by its cue word `cue`.
    pub fn topic(topic: &str, cue: &str) -> Self {
        Trace {
            topic: Some(topic.to_string()),
            ..Trace::cue(ClaimRule::Topic, cue)
        }
    }
}

/// `rule:cue`, `rule:pronoun->entity` or `rule` alone, as `--explain` prints it.
impl fmt::Display for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.rule.name())?;
        if let Some(topic) = &self.topic {
            write!(f, ".{topic}")?;
        }
        if self.cue.is_some() || self.resolved.is_some() {
            f.write_str(":")?;
        }
        if let Some(cue) = &self.cue {
            f.write_str(cue)?;
        }
        if let Some(entity) = &self.resolved {
            write!(f, "->{entity}")?;
        }
        Ok(())
    }
}
