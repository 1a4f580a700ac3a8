//! Stage 5c: claims — what a sentence asserts, about whom, held by whom, how strongly.
//!
//! Rule-based, one sentence at a time, over lindera tokens and the cue lists of
//! `dictionaries/claims.toml`; a [`Discourse`] carries the entities of the previous
//! sentences so that pronouns (彼ら, 同社, 彼, それ) and omitted subjects can be resolved.
//!
//! For each sentence:
//! - **questions** (`?`, `か。`) become one `question` record with no targets and no holder:
//!   a question is never counted as a claim about what it names; greetings (ありがとう
//!   ございます) and talk about the conversation (Oracleについて話そう) make no claim;
//! - the sentence is split into **clauses** at a conjunctive particle before 、 (`…ますが、`)
//!   when both sides have their own subject entity, so one sentence can carry two claims;
//! - a clause must **say something**: a verb, adjective or content noun besides the names,
//!   and not end on a name (`Coreweave、Nebius。` is a list, not a claim);
//! - every mention gets a **role** from the tokens after it: subject/topic (は, が, には),
//!   possessive of the subject (`Nvidiaの取引は`), about (について), source (によると,
//!   `Reutersに記事`), apposition (`Jensen Huang、NvidiaのCEOが`: Nvidia describes the
//!   person) or affiliation (`BroadcomのHock Tan`), or other;
//! - the **kind** comes from the cue lists (denial, reported speech/source/hearsay, thought
//!   attributed to a third party, prediction, opinion; else assertion); a verb of saying or
//!   thinking whose subject is the speaker (私は…と言ってきました) stays the speaker's own;
//! - the **holder** of reported speech is the source, else the earliest subject before the
//!   reporting verb; the holder and the entities describing it are never targets;
//! - the **targets** are the remaining entities, subjects and topics first; a clause with
//!   none and no holder takes the subject of the previous sentence (zero anaphora) only when
//!   it predicts or judges something;
//! - **negation** is read from the tokens of the final predicate (助動詞 ない/ぬ/ん,
//!   形容詞 ない), so ない inside a word or a relative clause does not count; hedging,
//!   polarity and topics come from their cue lists.
//!
//! Every decision leaves a typed [`Trace`] in [`ClaimMatch::trace`], rendered as
//! `rule:cue` strings in [`ClaimMatch::cues`] (`--explain`).
//!
//! One job per file: `cues` loads `claims.toml` and scans a sentence for every cue list
//! at once; `clause` splits a sentence into clauses and makes one claim of each; `roles`
//! gives each mention its role; `holder` finds who holds reported speech; `kind` reads the
//! kind, negation, hedging, polarity and topics; `targets` picks what a claim is about;
//! `discourse` carries the previous sentences for pronouns and omitted subjects; `trace`
//! names the rules.

mod clause;
mod cues;
mod discourse;
mod frame;
mod grammar;
mod holder;
mod kind;
mod roles;
mod targets;
mod trace;

use crate::extract::entities::SentenceMention;
use crate::record::{ClaimKind, Polarity};
use crate::rules::DictionaryText;
use crate::tokenize::Token;
use crate::{Error, Result};

use crate::tokenize as tokenize_pos;
use cues::{ClaimsFile, CueIndex, first_cue, last_cue};
pub use discourse::Discourse;
pub use frame::{Frame, FrameSentence, SentenceContext};
use grammar::GRAMMAR;
use roles::Occurrence;
pub use trace::{ClaimRule, Trace};

/// What the claim detector sees of one sentence.
#[derive(Debug, Clone, Copy)]
pub struct ClaimInput<'a> {
    /// The sentence (normalised).
    pub text: &'a str,
    /// Its tokens, offsets relative to the sentence.
    pub tokens: &'a [Token],
    /// The entities it names, offsets relative to the sentence.
    pub mentions: &'a [SentenceMention],
    /// What the transcript's [`Frame`] says of it.
    pub context: &'a SentenceContext,
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
    /// Which rules and cue words fired, the kind first.
    pub trace: Vec<Trace>,
    /// The trace rendered as `rule:cue` strings, for `--explain`.
    pub cues: Vec<String>,
}

impl ClaimMatch {
    /// Who holds the claim: the holder of reported speech, else the speaker of the
    /// sentence when the transcript names one; a question has no holder.
    pub fn holder_or_speaker(&self, speaker: Option<&str>) -> Option<String> {
        if self.kind == ClaimKind::Question {
            return None;
        }
        self.holder.clone().or_else(|| speaker.map(str::to_string))
    }
}

/// The claim detector, built from `claims.toml`.
#[derive(Debug, Clone)]
pub struct ClaimDetector {
    rules: ClaimsFile,
    cues: CueIndex,
}

/// One sentence being analysed.
struct Sentence<'a> {
    chars: Vec<char>,
    tokens: &'a [Token],
    context: &'a SentenceContext,
    quotes: Vec<(usize, usize)>,
    /// Every cue of every list in the sentence, per list slot: (char position, index of
    /// the cue in its list), by position, longest first.
    cues: Vec<Vec<(usize, usize)>>,
}

impl Sentence<'_> {
    fn token_at(&self, start: usize) -> Option<(usize, &Token)> {
        self.tokens
            .iter()
            .enumerate()
            .find(|(_, t)| t.start == start)
    }

    fn slice(&self, start: usize, end: usize) -> String {
        let end = end.min(self.chars.len());
        self.chars[start.min(end)..end].iter().collect()
    }

    fn in_quote(&self, at: usize) -> bool {
        self.quotes.iter().any(|&(s, e)| at > s && at < e)
    }
}

/// Char offsets of the `「…」` and `『…』` spans of a sentence (bracket to bracket).
fn quote_spans(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if GRAMMAR.quote_open.contains(c) {
            open.push(i);
        } else if GRAMMAR.quote_close.contains(c)
            && let Some(s) = open.pop()
        {
            out.push((s, i));
        }
    }
    for s in open {
        out.push((s, chars.len()));
    }
    out
}

impl ClaimDetector {
    /// Build from the text of a `claims.toml`.
    pub fn from_toml(dict: &DictionaryText) -> Result<Self> {
        let mut rules: ClaimsFile =
            toml::from_str(&dict.text).map_err(|e| Error::dictionary(&dict.name, e.to_string()))?;
        let cues = CueIndex::build(rules.lists_mut());
        Ok(ClaimDetector { rules, cues })
    }

    /// The frame of a transcript: its host organisation and whom each speaker speaks for.
    pub fn frame(&self, sentences: &[FrameSentence<'_>]) -> Frame {
        Frame::build(&self.rules.frame, sentences)
    }

    /// The claims one sentence makes (none, one, or one per clause), in text order.
    /// `discourse` holds the previous sentences' entities and is updated with this one's.
    pub fn detect(&self, input: ClaimInput<'_>, discourse: &mut Discourse) -> Vec<ClaimMatch> {
        let chars: Vec<char> = input.text.chars().collect();
        let quotes = quote_spans(&chars);
        let cues = self.cues.scan(&chars);
        let s = Sentence {
            chars,
            tokens: input.tokens,
            context: input.context,
            quotes,
            cues,
        };
        let occs = self.occurrences(&s, input.mentions, discourse);
        let mut claims = self.claims(&s, &occs, discourse);
        discourse.remember(&claims, &occs);
        for c in &mut claims {
            c.cues = c.trace.iter().map(Trace::to_string).collect();
        }
        claims
    }

    fn claims(
        &self,
        s: &Sentence<'_>,
        occs: &[Occurrence],
        discourse: &Discourse,
    ) -> Vec<ClaimMatch> {
        let n = s.chars.len();
        let nothing_named = occs.iter().all(|o| o.entity.is_none());
        if is_question(&s.chars) {
            // Kept, but never a claim about what it names.
            return self
                .question(s, occs, discourse, None)
                .into_iter()
                .collect();
        }
        let nc = &self.rules.non_claims;
        if first_cue(&nc.greeting, s, 0, n).is_none()
            && let Some(rule) = self.unmarked_question(s, occs)
        {
            return self
                .question(s, occs, discourse, Some(rule))
                .into_iter()
                .collect();
        }
        if first_cue(&nc.greeting, s, 0, n).is_some()
            || first_cue(&nc.discourse, s, 0, n).is_some()
            || first_cue(&nc.turn, s, 0, n).is_some()
            || first_cue(&nc.credit, s, 0, n).is_some()
        {
            return Vec::new();
        }
        let clauses = self.clauses(s, occs);
        let mut out = Vec::new();
        for (ci, &(cs, ce)) in clauses.iter().enumerate() {
            let part = (clauses.len() > 1).then_some((ci + 1, clauses.len()));
            let span = clause::ClauseSpan {
                start: cs,
                end: ce,
                part,
                may_zero: ci == 0 && nothing_named,
            };
            out.extend(self.clause(s, occs, discourse, span));
        }
        out
    }

    /// A question: one `question` record about the organisations it asks about (and the
    /// transcript's host, unless another organisation is its subject), with no holder.
    fn question(
        &self,
        s: &Sentence<'_>,
        occs: &[Occurrence],
        discourse: &Discourse,
        unmarked: Option<(ClaimRule, String)>,
    ) -> Option<ClaimMatch> {
        let mut trace = vec![match unmarked {
            Some((rule, cue)) => Trace::cue(rule, &cue),
            None => Trace::cue(ClaimRule::KindQuestion, "?"),
        }];
        let mut t = targets::Targets::default();
        for o in occs {
            if matches!(
                o.role,
                roles::Role::Affiliation | roles::Role::Apposition | roles::Role::Source
            ) || !o.kind.is_organisation()
            {
                continue;
            }
            if let Some(e) = &o.entity
                && !t.ids.contains(e)
            {
                t.ids.push(e.clone());
                t.trace
                    .push(Trace::cue(ClaimRule::QuestionMentions, &o.surface));
            }
        }
        let all: Vec<&Occurrence> = occs.iter().collect();
        t.host(s, &all);
        if t.ids.is_empty() {
            t.topic(discourse);
        }
        if t.ids.is_empty() {
            return None;
        }
        trace.extend(t.trace);
        // What a question asks about may be good or bad news (減益の要因を教えてください);
        // its own negation (ないのですか) is not read.
        let (neg, pos) = self.polarity_cues(s, occs, 0, s.chars.len());
        let reading = kind::PolarityReading {
            denied: neg.iter().map(|c| self.denied(s, c)).collect(),
            ..Default::default()
        };
        let polarity = kind::polarity(&neg, &pos, &reading, &mut trace);
        let (start, end) = clause::trim_span(&s.chars, 0, s.chars.len());
        Some(ClaimMatch {
            start,
            end,
            kind: ClaimKind::Question,
            holder: None,
            targets: t.ids,
            polarity,
            negated: false,
            hedged: false,
            topics: Vec::new(),
            trace,
            cues: Vec::new(),
        })
    }
}

impl ClaimDetector {
    /// A question with no question mark, and the rule and cue that make it one: a request
    /// for an explanation (教えてください) anywhere; from the one asking, a request that
    /// names what it asks about (`競合について一言お願いします`) or a line that ends on a
    /// particle (`メキシコの新工場の投資額は。`).
    fn unmarked_question(
        &self,
        s: &Sentence<'_>,
        occs: &[Occurrence],
    ) -> Option<(ClaimRule, String)> {
        let q = &self.rules.questions;
        let n = s.chars.len();
        if let Some((_, c)) = first_cue(&q.requests, s, 0, n) {
            return Some((ClaimRule::QuestionRequest, c.to_string()));
        }
        if !s.context.asks {
            return None;
        }
        let names_something = occs.iter().any(|o| o.entity.is_some())
            || first_cue(&self.rules.markers.about, s, 0, n).is_some();
        if names_something && let Some((_, c)) = last_cue(&q.asking_requests, s, 0, n) {
            return Some((ClaimRule::QuestionRequest, c.to_string()));
        }
        let last = s.tokens.iter().rev().find(|t| !t.is_symbol())?;
        let tag = last.tag();
        (tag.pos == tokenize_pos::Pos::Particle
            && tag.detail != tokenize_pos::PosDetail::SentenceFinalParticle
            && q.elliptic.iter().any(|w| w == last.text.as_ref() as &str))
        .then(|| (ClaimRule::QuestionElliptic, last.text.to_string()))
    }
}

/// A sentence ending on a question mark or on the question particle か.
fn is_question(chars: &[char]) -> bool {
    let body: String = chars.iter().collect();
    let trimmed = body.trim_end();
    trimmed.ends_with(GRAMMAR.question_marks)
        || GRAMMAR
            .question_endings
            .iter()
            .any(|e| trimmed.ends_with(e))
}
