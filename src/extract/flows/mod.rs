//! Money flows: who pays whom, how much, on what terms, from one sentence's text, tokens,
//! organisation mentions and money figures.
//!
//! A flow verb (`dictionaries/flows.toml`, `[[verb]]`) has a frame that says which
//! particle marks the payer and which the payee (`XがYに…を投資`, `XがYから…を調達`,
//! `XからYへの…投資`, `YはXが…投資した`, passives with `を受けた`). The amount is the money
//! figure nearest before the verb in its clause. Pronouns (彼ら, 同社) stand for the last
//! organisation named when that is clear. Status comes from cue words in the sentence (and
//! in a following sentence that points back to it).
//!
//! **Direction over recall.** A flow is emitted only when both sides are found in the
//! places the frame says; a `deal` (契約, 取引) has no direction of its own and is emitted
//! only when one side is a known supplier and the sentence says what is sold. Sentences
//! with two organisations and an amount but no flow verb (sums, each one's capex, market
//! values) give nothing.

mod parties;
pub mod rules;

use crate::extract::entities::SentenceMention;
use crate::record::{FlowGroup, FlowKind, FlowStatus};
use crate::tokenize::Token;

use parties::{Clauses, PartyMention};
pub use parties::{Party, Role};
pub use rules::{FlowRules, Frame, Verb};

/// A money figure of the sentence: its span (chars, relative to the sentence) and its
/// index among the caller's figures.
#[derive(Debug, Clone, Copy)]
pub struct MoneySpan {
    /// Start (char offset in the sentence).
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// Index among the caller's figures.
    pub index: usize,
}

/// One sentence as the flows extractor reads it.
#[derive(Debug, Clone, Copy)]
pub struct FlowInput<'a> {
    /// The normalised sentence.
    pub text: &'a str,
    /// Its tokens.
    pub tokens: &'a [Token],
    /// The entities it names.
    pub mentions: &'a [SentenceMention],
    /// Its money figures.
    pub money: &'a [MoneySpan],
    /// The next sentence's text, when it names no amount (its status cues may count).
    pub next: Option<&'a str>,
}

/// A flow found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowMatch {
    /// Who pays.
    pub payer: Party,
    /// Who is paid (an entity id).
    pub payee: String,
    /// Index of the money figure it carries, if any.
    pub figure: Option<usize>,
    /// Kind.
    pub kind: FlowKind,
    /// Status.
    pub status: FlowStatus,
    /// `rule:cue` names of what made it.
    pub cues: Vec<String>,
}

/// What pronouns point back to: the last organisation named, while it is the only one.
#[derive(Debug, Clone, Default)]
pub struct FlowDiscourse {
    last: Option<String>,
    age: usize,
}

impl FlowDiscourse {
    fn resolve(&self, window: usize) -> Option<&str> {
        self.last.as_deref().filter(|_| self.age <= window)
    }

    fn update(&mut self, parties: &[PartyMention]) {
        let mut named: Vec<&str> = parties
            .iter()
            .filter_map(|p| match &p.party {
                Party::Entity(e) => Some(e.as_str()),
                Party::Group(_) => None,
            })
            .collect();
        named.dedup();
        named.sort_unstable();
        named.dedup();
        match named.as_slice() {
            [] => self.age += 1,
            [one] => {
                self.last = Some((*one).to_string());
                self.age = 1;
            }
            _ => {
                self.last = None;
                self.age = 0;
            }
        }
    }
}

/// The flows extractor, built from `flows.toml`.
#[derive(Debug, Clone)]
pub struct FlowExtractor {
    rules: FlowRules,
}

/// One flow verb found in a sentence.
struct VerbAt<'r> {
    verb: &'r Verb,
    start: usize,
    end: usize,
}

impl FlowExtractor {
    /// Build from the parsed rules.
    pub fn new(rules: FlowRules) -> Self {
        FlowExtractor { rules }
    }

    /// The rules in force.
    pub fn rules(&self) -> &FlowRules {
        &self.rules
    }

    /// The flows one sentence states; `discourse` carries pronoun antecedents across
    /// sentences.
    pub fn detect(&self, input: FlowInput<'_>, discourse: &mut FlowDiscourse) -> Vec<FlowMatch> {
        let chars: Vec<char> = input.text.chars().collect();
        let antecedent = discourse
            .resolve(self.rules.pronouns.window)
            .map(str::to_string);
        let parties = parties::find(&self.rules, &chars, input.mentions, antecedent.as_deref());
        discourse.update(&parties);
        if self
            .rules
            .skip
            .iter()
            .any(|c| input.text.contains(c.as_str()))
        {
            return Vec::new();
        }
        let clauses = Clauses::new(&chars, input.tokens);
        let mut out: Vec<FlowMatch> = Vec::new();
        let mut used_until = 0;
        for v in self.verbs(&chars, input.mentions) {
            let ctx = VerbContext {
                rules: &self.rules,
                chars: &chars,
                input: &input,
                parties: &parties,
                clauses: &clauses,
                verb: &v,
                figures_from: used_until,
            };
            if let Some(m) = ctx.flow() {
                if let Some(f) = m.figure {
                    used_until = input
                        .money
                        .iter()
                        .find(|s| s.index == f)
                        .map_or(0, |s| s.end);
                }
                push_flow(&mut out, m);
            }
        }
        out
    }

    /// The flow verbs of a sentence in text order, none inside a longer word it excludes
    /// or inside a name.
    fn verbs(&self, chars: &[char], mentions: &[SentenceMention]) -> Vec<VerbAt<'_>> {
        let text: String = chars.iter().collect();
        let mut found: Vec<VerbAt<'_>> = Vec::new();
        for verb in &self.rules.verbs {
            for start in char_positions(&text, &verb.word) {
                let end = start + verb.word.chars().count();
                let excluded = verb.not_in.iter().any(|w| covers(&text, w, start, end));
                let taken = found.iter().any(|f| f.start < end && start < f.end);
                let named = mentions.iter().any(|m| m.start < end && start < m.end);
                if !excluded && !taken && !named {
                    found.push(VerbAt { verb, start, end });
                }
            }
        }
        found.sort_by_key(|v| v.start);
        found
    }
}

/// Everything one verb's flow is decided from.
struct VerbContext<'a> {
    rules: &'a FlowRules,
    chars: &'a [char],
    input: &'a FlowInput<'a>,
    parties: &'a [PartyMention],
    clauses: &'a Clauses,
    verb: &'a VerbAt<'a>,
    figures_from: usize,
}

impl VerbContext<'_> {
    fn flow(&self) -> Option<FlowMatch> {
        let v = self.verb;
        let rest: String = self.chars[v.end..].iter().take(8).collect();
        let (hard, soft) = self.clauses.start_of(v.start);
        let figure = self.figure(hard, soft);
        let mut frame = v.verb.frame;
        let mut kind = v.verb.kind;
        let around: String = self.window(soft.min(figure.map_or(soft, |f| f.start)), v.end + 12);
        if v.verb.needs_security && !contains_any(&around, &self.rules.kinds.securities) {
            return None;
        }
        if frame == Frame::Take && contains_any(&around, &self.rules.kinds.purchase) {
            // 「NvidiaからGPUを調達」: goods bought, not money raised.
            frame = Frame::Buy;
            kind = FlowKind::Purchase;
        }
        let span: String = self.window(soft.min(figure.map_or(soft, |f| f.start)), v.end);
        if contains_any(&span, &self.rules.kinds.loan) {
            kind = FlowKind::Loan;
        } else if contains_any(&span, &self.rules.kinds.share_sale) && frame != Frame::Give {
            kind = FlowKind::ShareSale;
        }
        let passive = starts_with_any(&rest, &self.rules.passive);
        let sides = parties::Sides::collect(self.parties, self.input.tokens, hard, v.start);
        let (payer, payee) = match frame {
            Frame::Deal => self.deal(&sides, soft)?,
            _ => sides.resolve(frame, passive, v.verb.group)?,
        };
        if payer == Party::Entity(payee.clone()) {
            return None;
        }
        if figure.is_none() && (matches!(payer, Party::Group(_)) || v.verb.needs_money) {
            return None;
        }
        let (status, cue) = self.status(&rest, frame);
        Some(FlowMatch {
            payer,
            payee,
            figure: figure.map(|f| f.index),
            kind,
            status,
            cues: vec![format!("{:?}:{}", frame, v.verb.word).to_lowercase(), cue],
        })
    }

    /// The money figure nearest before the verb in its clause (a figure naming securities
    /// reaches back across a `…して、`).
    fn figure(&self, hard: usize, soft: usize) -> Option<MoneySpan> {
        let v = self.verb;
        self.input
            .money
            .iter()
            .filter(|m| m.end <= v.start && m.start >= self.figures_from && m.start >= hard)
            .filter(|m| {
                if m.start >= soft {
                    return true;
                }
                let after: String = self.window(m.end, m.end + 6);
                matches!(v.verb.frame, Frame::Sell | Frame::Take)
                    && contains_any(&after, &self.rules.kinds.securities)
            })
            .max_by_key(|m| m.end)
            .copied()
    }

    /// A deal's direction: the known supplier is paid. A supplier that also invests needs
    /// the clause to say what it sells.
    fn deal(&self, sides: &parties::Sides, soft: usize) -> Option<(Party, String)> {
        let named = sides.deal_parties();
        let [a, b] = named.as_slice() else {
            return None;
        };
        let rules = self.rules;
        let sells = |e: &str| rules.suppliers.iter().any(|s| s == e);
        let invests = |e: &str| rules.investing_suppliers.iter().any(|s| s == e);
        let supplier = |e: &str| sells(e) || invests(e);
        let (payer, payee) = match (supplier(a), supplier(b)) {
            (true, false) => (b, a),
            (false, true) => (a, b),
            _ => return None,
        };
        if invests(payee) {
            let clause = self.window(soft.min(sides.first_start()), self.verb.end);
            if !contains_any(&clause, &rules.supply) {
                return None;
            }
        }
        Some((Party::Entity(payer.clone()), payee.clone()))
    }

    fn status(&self, rest: &str, frame: Frame) -> (FlowStatus, String) {
        let texts = [Some(self.input.text), self.input.next];
        for s in &self.rules.statuses {
            for text in texts.iter().flatten() {
                if let Some(c) = s.cues.iter().find(|c| text.contains(c.as_str())) {
                    return (s.name, format!("status:{c}"));
                }
            }
        }
        if starts_with_any(rest, &self.rules.negation) {
            return (FlowStatus::Doubted, "status:negated".into());
        }
        if starts_with_any(rest, &self.rules.completed) {
            return (FlowStatus::Completed, "status:past".into());
        }
        match frame {
            Frame::Deal => (FlowStatus::Agreed, "status:deal".into()),
            _ => (FlowStatus::Announced, "status:default".into()),
        }
    }

    fn window(&self, from: usize, to: usize) -> String {
        let to = to.min(self.chars.len());
        self.chars
            .get(from.min(to)..to)
            .map(|c| c.iter().collect())
            .unwrap_or_default()
    }
}

/// Add a sentence's flow unless it states one already there: 「…への追加出資として225億ドル
/// の払い込み」 is one deal stated by two verbs, and the statement with the amount stands
/// for it.
fn push_flow(out: &mut Vec<FlowMatch>, m: FlowMatch) {
    let same_ends = |o: &FlowMatch| o.payer == m.payer && o.payee == m.payee;
    if m.figure.is_some() {
        out.retain(|o| !(same_ends(o) && o.figure.is_none()));
    }
    if !out
        .iter()
        .any(|o| same_ends(o) && (o.figure == m.figure || m.figure.is_none()))
    {
        out.push(m);
    }
}

/// Char offsets of every occurrence of `needle` in `text`.
fn char_positions(text: &str, needle: &str) -> Vec<usize> {
    text.match_indices(needle)
        .map(|(b, _)| text[..b].chars().count())
        .collect()
}

/// Whether an occurrence of `word` in `text` covers `[start, end)`.
fn covers(text: &str, word: &str, start: usize, end: usize) -> bool {
    let len = word.chars().count();
    char_positions(text, word)
        .into_iter()
        .any(|s| s <= start && s + len >= end)
}

fn contains_any(text: &str, words: &[String]) -> bool {
    words.iter().any(|w| text.contains(w.as_str()))
}

fn starts_with_any(text: &str, words: &[String]) -> bool {
    words.iter().any(|w| text.starts_with(w.as_str()))
}

/// The group a word stands for, if it is one.
pub fn group_of(rules: &FlowRules, word: &str) -> Option<FlowGroup> {
    if rules.groups.market.iter().any(|w| w == word) {
        Some(FlowGroup::Market)
    } else if rules.groups.investors.iter().any(|w| w == word) {
        Some(FlowGroup::Investors)
    } else {
        None
    }
}
