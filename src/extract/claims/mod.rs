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
//! Every decision leaves a `rule:cue` entry in [`ClaimMatch::cues`] (`--explain`).

use std::collections::{BTreeMap, VecDeque};

use serde::Deserialize;

use crate::extract::entities::SentenceMention;
use crate::record::{ClaimKind, EntityType, Polarity};
use crate::rules::DictionaryText;
use crate::tokenize::Token;
use crate::{Error, Result};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimsFile {
    kinds: Kinds,
    non_claims: NonClaims,
    anaphora: Anaphora,
    markers: Markers,
    predicate: Predicate,
    modality: Modality,
    polarity: PolarityCues,
    topics: BTreeMap<String, CueList>,
}

impl ClaimsFile {
    /// Every cue list, each once.
    fn lists_mut(&mut self) -> Vec<&mut CueList> {
        let k = &mut self.kinds;
        let mut out = vec![
            &mut k.denial,
            &mut k.speech,
            &mut k.source,
            &mut k.hearsay,
            &mut k.attributable,
            &mut k.prediction,
            &mut k.opinion,
            &mut self.non_claims.greeting,
            &mut self.non_claims.discourse,
            &mut self.anaphora.organisation,
            &mut self.anaphora.person,
            &mut self.anaphora.thing,
            &mut self.anaphora.first_person,
            &mut self.markers.topic,
            &mut self.markers.about,
            &mut self.markers.source,
            &mut self.markers.clause,
            &mut self.predicate.negation,
            &mut self.predicate.light_verbs,
            &mut self.modality.hedge,
            &mut self.polarity.negative,
            &mut self.polarity.positive,
        ];
        out.extend(self.topics.values_mut());
        out
    }
}

/// A cue in the [`CueIndex`]: its list's slot, its index in the list, its characters.
type IndexedCue = (usize, usize, Vec<char>);

/// Every cue of every list, by first character: a sentence is scanned once for all of
/// them, not once per list and clause.
#[derive(Debug, Clone, Default)]
struct CueIndex {
    /// First character → the cues starting with it.
    by_first: Vec<(char, Vec<IndexedCue>)>,
    /// Lists indexed.
    lists: usize,
}

impl CueIndex {
    /// Number the lists and index their cues.
    fn build(mut lists: Vec<&mut CueList>) -> Self {
        let mut by_first: Vec<(char, Vec<IndexedCue>)> = Vec::new();
        for (slot, list) in lists.iter_mut().enumerate() {
            list.slot = slot;
            for (i, cue) in list.chars.iter().enumerate() {
                let Some(&first) = cue.first() else { continue };
                let entry = (slot, i, cue.clone());
                match by_first.iter_mut().find(|(f, _)| *f == first) {
                    Some((_, entries)) => entries.push(entry),
                    None => by_first.push((first, vec![entry])),
                }
            }
        }
        by_first.sort_by_key(|(first, _)| *first);
        CueIndex {
            by_first,
            lists: lists.len(),
        }
    }

    /// Every cue in `chars`, per list slot, as (position, cue index), by position and
    /// longest first.
    fn scan(&self, chars: &[char]) -> Vec<Vec<(usize, usize)>> {
        let mut out = vec![Vec::new(); self.lists];
        for (at, c) in chars.iter().enumerate() {
            let Ok(k) = self.by_first.binary_search_by_key(c, |(first, _)| *first) else {
                continue;
            };
            for (slot, i, cue) in &self.by_first[k].1 {
                if chars[at..].starts_with(cue) {
                    out[*slot].push((at, *i, cue.len()));
                }
            }
        }
        out.into_iter()
            .map(|mut found: Vec<(usize, usize, usize)>| {
                found.sort_by_key(|&(at, _, len)| (at, std::cmp::Reverse(len)));
                found.into_iter().map(|(at, i, _)| (at, i)).collect()
            })
            .collect()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Kinds {
    denial: CueList,
    speech: CueList,
    source: CueList,
    hearsay: CueList,
    attributable: CueList,
    prediction: CueList,
    opinion: CueList,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct NonClaims {
    greeting: CueList,
    discourse: CueList,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Anaphora {
    organisation: CueList,
    person: CueList,
    thing: CueList,
    first_person: CueList,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Markers {
    topic: CueList,
    about: CueList,
    source: CueList,
    clause: CueList,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Predicate {
    negation: CueList,
    light_verbs: CueList,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Modality {
    hedge: CueList,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolarityCues {
    negative: CueList,
    positive: CueList,
}

/// A list of cue words from `claims.toml`. The detector finds the cues of
/// all lists in one pass over a sentence.
#[derive(Debug, Clone)]
pub struct CueList {
    words: Vec<String>,
    chars: Vec<Vec<char>>,
    /// The list's place in the detector's [`CueIndex`] (set when the detector is built).
    slot: usize,
}

impl Default for CueList {
    fn default() -> Self {
        CueList::from(Vec::new())
    }
}

impl From<Vec<String>> for CueList {
    fn from(words: Vec<String>) -> Self {
        let chars: Vec<Vec<char>> = words.iter().map(|w| w.chars().collect()).collect();
        CueList {
            words,
            chars,
            slot: usize::MAX,
        }
    }
}

impl<'de> Deserialize<'de> for CueList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Vec::<String>::deserialize(d).map(CueList::from)
    }
}

impl std::ops::Deref for CueList {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.words
    }
}

/// What the claim detector sees of one sentence.
#[derive(Debug, Clone, Copy)]
pub struct ClaimInput<'a> {
    /// The sentence (normalised).
    pub text: &'a str,
    /// Its tokens, offsets relative to the sentence.
    pub tokens: &'a [Token],
    /// The entities it names, offsets relative to the sentence.
    pub mentions: &'a [SentenceMention],
}

/// An entity the discourse has named, for resolving pronouns and omitted subjects.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Referent {
    entity: String,
    kind: EntityType,
    /// It was a subject, topic or source (は, が, について, によると).
    salient: bool,
}

/// The entities named (or pointed to) in the last few sentences of a transcript, most
/// recent last. Create one per transcript and pass it to every [`ClaimDetector::detect`].
#[derive(Debug, Clone, Default)]
pub struct Discourse {
    window: usize,
    sentences: VecDeque<Vec<Referent>>,
}

impl Discourse {
    /// A discourse remembering the entities of the last `window` sentences.
    pub fn new(window: usize) -> Self {
        Discourse {
            window,
            sentences: VecDeque::new(),
        }
    }

    fn push(&mut self, referents: Vec<Referent>) {
        self.sentences.push_back(referents);
        while self.sentences.len() > self.window {
            self.sentences.pop_front();
        }
    }

    /// Most recent first: salient referents of the right type, then any of the right type.
    fn resolve(&self, fits: impl Fn(EntityType) -> bool) -> Option<&Referent> {
        let recent = || self.sentences.iter().rev().flat_map(|s| s.iter().rev());
        recent()
            .find(|r| r.salient && fits(r.kind))
            .or_else(|| recent().find(|r| fits(r.kind)))
    }
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
    /// Which rules and cue words fired, as `rule:cue`.
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

/// The grammatical role of an entity in its sentence, read from the tokens after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
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
    fn salient(self) -> bool {
        matches!(
            self,
            Role::Subject | Role::Possessive | Role::About | Role::Source
        )
    }
}

/// An entity occurring in the sentence: a mention or a resolved pronoun.
#[derive(Debug, Clone)]
struct Occurrence {
    start: usize,
    end: usize,
    surface: String,
    entity: Option<String>,
    kind: EntityType,
    role: Role,
    /// For pronouns: `anaphora.<rule>:<pronoun>-><id>`.
    anaphora: Option<String>,
    in_quote: bool,
}

/// Which kind of reporting cue a clause carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Report {
    Denial,
    Speech,
    Source,
    Hearsay,
    Attributable,
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
        match c {
            '「' | '『' => open.push(i),
            '」' | '』' => {
                if let Some(s) = open.pop() {
                    out.push((s, i));
                }
            }
            _ => {}
        }
    }
    for s in open {
        out.push((s, chars.len()));
    }
    out
}

/// Every (char position, cue) where a cue of `list` occurs within `[start, end)` of the
/// sentence, by position, longest first.
fn find_cues<'l>(
    list: &'l CueList,
    s: &Sentence<'_>,
    start: usize,
    end: usize,
) -> Vec<(usize, &'l str)> {
    let end = end.min(s.chars.len());
    let found = s.cues.get(list.slot).map_or(&[][..], Vec::as_slice);
    found
        .iter()
        .filter(|&&(at, i)| at >= start && at + list.chars[i].len() <= end)
        .map(|&(at, i)| (at, list.words[i].as_str()))
        .collect()
}

/// The first cue (longest at the earliest position).
fn first_cue<'l>(
    list: &'l CueList,
    s: &Sentence<'_>,
    start: usize,
    end: usize,
) -> Option<(usize, &'l str)> {
    find_cues(list, s, start, end).into_iter().next()
}

/// The last cue (longest at the latest position).
fn last_cue<'l>(
    list: &'l CueList,
    s: &Sentence<'_>,
    start: usize,
    end: usize,
) -> Option<(usize, &'l str)> {
    let all = find_cues(list, s, start, end);
    let at = all.last()?.0;
    all.into_iter().find(|&(a, _)| a == at)
}

fn is_particle(t: &Token, words: &[String]) -> bool {
    t.pos() == "助詞" && t.pos_detail() != "接続助詞" && words.iter().any(|w| *w == *t.text)
}

impl ClaimDetector {
    /// Build from the text of a `claims.toml`.
    pub fn from_toml(dict: &DictionaryText) -> Result<Self> {
        let mut rules: ClaimsFile =
            toml::from_str(&dict.text).map_err(|e| Error::dictionary(&dict.name, e.to_string()))?;
        let cues = CueIndex::build(rules.lists_mut());
        Ok(ClaimDetector { rules, cues })
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
            quotes,
            cues,
        };
        let occs = self.occurrences(&s, input.mentions, discourse);
        let claims = self.claims(&s, &occs, discourse);
        let mut referents: Vec<Referent> = Vec::new();
        // An omitted subject continues as the topic of the next sentences.
        for c in &claims {
            for cue in &c.cues {
                if let Some(id) = cue.strip_prefix("anaphora.zero:->")
                    && let Some(r) = discourse
                        .sentences
                        .back()
                        .and_then(|prev| prev.iter().find(|r| r.entity == id))
                {
                    referents.push(r.clone());
                }
            }
        }
        referents.extend(occs.iter().filter_map(|o| {
            o.entity.as_ref().map(|e| Referent {
                entity: e.clone(),
                kind: o.kind,
                salient: o.role.salient(),
            })
        }));
        discourse.push(referents);
        claims
    }

    fn claims(
        &self,
        s: &Sentence<'_>,
        occs: &[Occurrence],
        discourse: &Discourse,
    ) -> Vec<ClaimMatch> {
        let n = s.chars.len();
        let named: Vec<&Occurrence> = occs.iter().filter(|o| o.entity.is_some()).collect();

        // Questions: kept, but never a claim about what they name.
        let body: String = s.chars.iter().collect();
        let trimmed = body.trim_end();
        let is_question = trimmed.ends_with(['?', '？'])
            || trimmed.ends_with("か。")
            || trimmed.ends_with("か")
            || trimmed.ends_with("か?");
        if is_question {
            if named.is_empty() {
                return Vec::new();
            }
            let mut cues = vec!["kind.question:?".to_string()];
            for o in &named {
                if let Some(e) = &o.entity {
                    let cue = format!("question.mentions:{e}");
                    if !cues.contains(&cue) {
                        cues.push(cue);
                    }
                }
            }
            let (start, end) = trim_span(&s.chars, 0, n);
            return vec![ClaimMatch {
                start,
                end,
                kind: ClaimKind::Question,
                holder: None,
                targets: Vec::new(),
                polarity: None,
                negated: false,
                hedged: false,
                topics: Vec::new(),
                cues,
            }];
        }
        let nc = &self.rules.non_claims;
        if first_cue(&nc.greeting, s, 0, n).is_some() || first_cue(&nc.discourse, s, 0, n).is_some()
        {
            return Vec::new();
        }

        let clauses = self.clauses(s, occs);
        let split = clauses.len() > 1;
        let mut out = Vec::new();
        for (ci, &(cs, ce)) in clauses.iter().enumerate() {
            if let Some(mut c) =
                self.clause(s, occs, discourse, cs, ce, ci == 0 && named.is_empty())
            {
                if split {
                    c.cues
                        .insert(1, format!("clause.split:{}/{}", ci + 1, clauses.len()));
                }
                out.push(c);
            }
        }
        out
    }

    /// Clause boundaries: split at a conjunctive particle before 、 when both sides have
    /// their own subject entity and the last clause is not reported speech (whose verb
    /// governs the whole sentence).
    fn clauses(&self, s: &Sentence<'_>, occs: &[Occurrence]) -> Vec<(usize, usize)> {
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
            let before_comma = s.tokens.get(i + 1).is_some_and(|u| &*u.text == "、");
            if t.pos() == "助詞"
                && t.pos_detail() == "接続助詞"
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

    /// Every reporting cue of a clause with its category, leaving out cues in quotes and
    /// cues whose verb modifies a following noun (`購入予定とされるデータセンター`: a
    /// relative clause, not a report).
    fn report_cues(&self, s: &Sentence<'_>, cs: usize, ce: usize) -> Vec<(usize, &str, Report)> {
        let k = &self.rules.kinds;
        let lists = [
            (&k.denial, Report::Denial),
            (&k.speech, Report::Speech),
            (&k.source, Report::Source),
            (&k.hearsay, Report::Hearsay),
            (&k.attributable, Report::Attributable),
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
                        t.pos() == "名詞"
                            && !matches!(t.pos_detail(), "非自立" | "代名詞" | "サ変接続")
                    });
                if !relative {
                    out.push((at, cue, what));
                }
            }
        }
        out
    }

    /// The rightmost reporting cue of a clause and its category.
    fn report_cue(&self, s: &Sentence<'_>, cs: usize, ce: usize) -> Option<(usize, &str, Report)> {
        let mut best: Option<(usize, &str, Report)> = None;
        {
            for (at, cue, what) in self.report_cues(s, cs, ce) {
                let better = match best {
                    None => true,
                    Some((b, bc, _)) => at > b || (at == b && cue.len() > bc.len()),
                };
                if better {
                    best = Some((at, cue, what));
                }
            }
        }
        best
    }

    fn clause(
        &self,
        s: &Sentence<'_>,
        occs: &[Occurrence],
        discourse: &Discourse,
        cs: usize,
        ce: usize,
        may_zero: bool,
    ) -> Option<ClaimMatch> {
        if !self.has_predicate(s, occs, cs, ce) {
            return None;
        }
        let chars = &s.chars;
        let k = &self.rules.kinds;
        let mut cues: Vec<String> = Vec::new();
        let inside: Vec<&Occurrence> = occs
            .iter()
            .filter(|o| o.start >= cs && o.end <= ce)
            .collect();

        // Kind and holder.
        let report = self.report_cue(s, cs, ce);
        let all_reports: Vec<Report> = self
            .report_cues(s, cs, ce)
            .into_iter()
            .map(|r| r.2)
            .collect();
        let prediction = last_cue(&k.prediction, s, cs, ce);
        let opinion = last_cue(&k.opinion, s, cs, ce);
        let mut holder: Option<String> = None;
        let mut holder_self = false;
        if let Some((cue_at, _, what)) = report
            && what != Report::Hearsay
        {
            // The source, else the subject before the quotation (`Xは「…」と言う`), else
            // the earliest subject before the reporting verb. それ never speaks.
            let quote_start = s
                .quotes
                .iter()
                .find(|&&(_, e)| e + 1 == cue_at)
                .map(|&(b, _)| b);
            let limit = quote_start.unwrap_or(cue_at);
            let before = |o: &&&Occurrence| {
                o.end <= limit
                    && !o.in_quote
                    && o.entity.is_some()
                    && !o
                        .anaphora
                        .as_deref()
                        .is_some_and(|a| a.starts_with("anaphora.thing"))
            };
            let first_person = self.first_person_subject(s, cs, limit);
            if let Some(o) = inside
                .iter()
                .filter(before)
                .find(|o| o.role == Role::Source)
            {
                holder = o.entity.clone();
                cues.push(format!("holder.source:{}", o.surface));
            } else {
                let speaker = |o: &&&Occurrence| {
                    matches!(o.role, Role::Subject | Role::Possessive)
                        && (o.kind.is_organisation() || o.kind == EntityType::Person)
                };
                let subject = if quote_start.is_some() {
                    inside.iter().rev().filter(before).find(speaker)
                } else {
                    inside.iter().filter(before).find(speaker)
                };
                match (subject, first_person) {
                    (Some(o), Some(fp)) if fp.0 < o.start => {
                        holder_self = true;
                        cues.push(format!("holder.self:{}", fp.1));
                    }
                    (None, Some(fp)) => {
                        holder_self = true;
                        cues.push(format!("holder.self:{}", fp.1));
                    }
                    (Some(o), _) => {
                        holder = o.entity.clone();
                        cues.push(format!("holder.subject:{}", o.surface));
                    }
                    (None, None) => {
                        // An omitted subject: the person (else organisation) who was the
                        // subject of the previous sentence, unless a plain noun is the subject.
                        if what == Report::Speech
                            && !self.has_plain_subject(s, occs, cs, limit)
                            && let Some(prev) = discourse.sentences.back()
                            && let Some(r) = prev
                                .iter()
                                .rev()
                                .filter(|r| r.salient)
                                .find(|r| r.kind == EntityType::Person)
                                .or_else(|| {
                                    prev.iter()
                                        .rev()
                                        .filter(|r| r.salient)
                                        .find(|r| r.kind.is_organisation())
                                })
                        {
                            holder = Some(r.entity.clone());
                            cues.push(format!("holder.zero:->{}", r.entity));
                        }
                    }
                }
            }
        }
        let kind_cue = |rule: &str, cue: &str| format!("kind.{rule}:{cue}");
        let kind = if holder_self {
            if let Some((_, c, Report::Attributable)) = report {
                cues.insert(0, kind_cue("opinion", c));
                ClaimKind::Opinion
            } else if let Some((_, c)) = opinion {
                cues.insert(0, kind_cue("opinion", c));
                ClaimKind::Opinion
            } else if let Some((_, c)) = prediction {
                cues.insert(0, kind_cue("prediction", c));
                ClaimKind::Prediction
            } else {
                cues.insert(0, "kind.assertion".to_string());
                ClaimKind::Assertion
            }
        } else {
            match report {
                Some((_, c, Report::Denial)) => {
                    cues.insert(0, kind_cue("denial", c));
                    ClaimKind::Denial
                }
                Some((_, c, Report::Speech | Report::Source | Report::Hearsay)) => {
                    cues.insert(0, kind_cue("reported", c));
                    ClaimKind::Reported
                }
                Some((_, c, Report::Attributable)) if holder.is_some() => {
                    cues.insert(0, kind_cue("reported", c));
                    ClaimKind::Reported
                }
                Some((_, c, Report::Attributable))
                    if all_reports.iter().all(|r| *r == Report::Attributable) =>
                {
                    cues.insert(0, kind_cue("opinion", c));
                    ClaimKind::Opinion
                }
                _ => {
                    if let Some((_, c)) = prediction {
                        cues.insert(0, kind_cue("prediction", c));
                        ClaimKind::Prediction
                    } else if let Some((_, c)) = opinion {
                        cues.insert(0, kind_cue("opinion", c));
                        ClaimKind::Opinion
                    } else {
                        cues.insert(0, "kind.assertion".to_string());
                        ClaimKind::Assertion
                    }
                }
            }
        };

        // Targets: subjects and topics first, then the other entities; never the holder
        // or the words describing it.
        let mut targets: Vec<String> = Vec::new();
        let polarity_cues = self.polarity_cues(s, occs, cs, ce);
        let topic_cues = self.topic_cues(s, occs, cs, ce);
        // それ counts only when the clause judges or predicts something.
        let says_something = prediction.is_some()
            || !polarity_cues.0.is_empty()
            || !polarity_cues.1.is_empty()
            || !topic_cues.is_empty();
        let add =
            |o: &Occurrence, rule: &str, cues: &mut Vec<String>, targets: &mut Vec<String>| {
                let Some(e) = &o.entity else { return };
                if Some(e) == holder.as_ref() || targets.contains(e) {
                    return;
                }
                let thing = o
                    .anaphora
                    .as_deref()
                    .is_some_and(|a| a.starts_with("anaphora.thing"));
                if (thing && !says_something)
                    || (o.kind == EntityType::Unknown && rule == "target.mention")
                {
                    return;
                }
                if let Some(a) = &o.anaphora {
                    cues.push(a.clone());
                }
                cues.push(format!("{rule}:{}", o.surface));
                targets.push(e.clone());
            };
        for o in &inside {
            let rule = match o.role {
                Role::Subject => "target.topic",
                Role::Possessive => "target.possessive",
                Role::About => "target.about",
                _ => continue,
            };
            add(o, rule, &mut cues, &mut targets);
        }
        for o in &inside {
            match o.role {
                Role::Other => add(o, "target.mention", &mut cues, &mut targets),
                Role::Apposition | Role::Affiliation => {
                    if let Some(e) = &o.entity {
                        let cue = format!("target.excluded.{}:{}", role_name(o.role), o.surface);
                        if !targets.contains(e) && !cues.contains(&cue) {
                            cues.push(cue);
                        }
                    }
                }
                _ => {}
            }
        }
        if targets.is_empty()
            && let Some(h) = &holder
        {
            // A person speaking for an employer named with them: about the employer.
            if let Some(o) = inside.iter().find(|o| o.role == Role::Affiliation) {
                if let Some(e) = &o.entity {
                    cues.push(format!("target.affiliation:{}", o.surface));
                    targets.push(e.clone());
                }
            } else if holder_kind(occs, h) != Some(EntityType::Media) {
                // Somebody speaking about themself (the press reports about others).
                cues.push(format!("target.self:{h}"));
                targets.push(h.clone());
            }
        }
        if targets.is_empty()
            && holder.is_none()
            && may_zero
            && (prediction.is_some() || !polarity_cues.0.is_empty())
            && !self.has_plain_subject(s, occs, cs, ce)
            && let Some(prev) = discourse.sentences.back()
            && let Some(r) = prev
                .iter()
                .rev()
                .find(|r| r.salient && r.kind.is_organisation() && r.kind != EntityType::Media)
        {
            cues.push(format!("anaphora.zero:->{}", r.entity));
            targets.push(r.entity.clone());
        }
        if targets.is_empty() && holder.is_none() {
            return None;
        }

        // Negation: in the final predicate of the content (before a reporting or modal cue).
        let content_end = self.content_end(s, cs, ce);
        let negated = match self.negation(s, cs, content_end) {
            Some(t) => {
                cues.push(format!("negation.token:{t}"));
                true
            }
            None => false,
        };
        // Hedges start a token (らしい, not the end of 素晴らしい).
        let hedges: Vec<(usize, &str)> = find_cues(&self.rules.modality.hedge, s, cs, ce)
            .into_iter()
            .filter(|&(at, _)| s.tokens.iter().any(|t| t.start == at))
            .collect();
        let hedged = !hedges.is_empty();
        if let Some((_, h)) = hedges.first() {
            cues.push(format!("modality.hedge:{h}"));
        }
        let (neg, pos) = polarity_cues;
        let polarity = match (neg.first(), pos.first()) {
            (Some(n), Some(p)) => {
                cues.push(format!("polarity.negative:{n}"));
                cues.push(format!("polarity.positive:{p}"));
                Some(Polarity::Mixed)
            }
            (Some(n), None) => {
                cues.push(format!("polarity.negative:{n}"));
                Some(Polarity::Negative)
            }
            (None, Some(p)) if negated => {
                cues.push(format!("polarity.negated:{p}"));
                Some(Polarity::Negative)
            }
            (None, Some(p)) => {
                cues.push(format!("polarity.positive:{p}"));
                Some(Polarity::Positive)
            }
            (None, None) => None,
        };
        let mut topics = Vec::new();
        for (topic, w) in topic_cues {
            cues.push(format!("topic.{topic}:{w}"));
            topics.push(topic);
        }
        let (start, end) = trim_span(chars, cs, ce);
        Some(ClaimMatch {
            start,
            end,
            kind,
            holder,
            targets,
            polarity,
            negated,
            hedged,
            topics,
            cues,
        })
    }

    /// The topics of a clause, each with its first cue outside entity names
    /// (取引 in 証券取引委員会 is a name, not a deal).
    fn topic_cues(
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

    /// Whether a plain noun (not a name, not a pronoun) is marked as subject in `[cs, end)`
    /// outside quotes: then an omitted subject is not the previous sentence's.
    fn has_plain_subject(
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
                && t.pos() == "名詞"
                && !in_occ(t)
                && !s.in_quote(t.start)
                && s.tokens.get(i + 1).is_some_and(|u| {
                    u.pos() == "助詞"
                        && u.pos_detail() != "接続助詞"
                        && (&*u.text == "は" || &*u.text == "が")
                })
        })
    }

    /// Negative and positive polarity cues of a clause, outside entity names; positive
    /// cues inside a negative one (利益 in 利益を出していません) are dropped.
    fn polarity_cues(
        &self,
        s: &Sentence<'_>,
        occs: &[Occurrence],
        cs: usize,
        ce: usize,
    ) -> (Vec<String>, Vec<String>) {
        let p = &self.rules.polarity;
        let neg = outside_names(find_cues(&p.negative, s, cs, ce), occs);
        let pos = outside_names(find_cues(&p.positive, s, cs, ce), occs);
        let covered = |at: usize, len: usize| {
            neg.iter()
                .any(|&(n, c)| at >= n && at + len <= n + c.chars().count())
        };
        let pos = pos
            .into_iter()
            .filter(|&(at, c)| !covered(at, c.chars().count()))
            .map(|(_, c)| c.to_string())
            .collect();
        (neg.into_iter().map(|(_, c)| c.to_string()).collect(), pos)
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
    fn negation(&self, s: &Sentence<'_>, cs: usize, end: usize) -> Option<String> {
        let p = &self.rules.predicate;
        let mut found = None;
        for t in s
            .tokens
            .iter()
            .rev()
            .filter(|t| t.end <= end && t.start >= cs)
        {
            let negating = (t.pos() == "助動詞" && p.negation.iter().any(|n| n == t.base_form()))
                || (t.pos() == "形容詞" && t.base_form() == "ない");
            if negating {
                found.get_or_insert_with(|| t.text.to_string());
                continue;
            }
            let walk = t.is_symbol()
                || t.pos() == "助動詞"
                || t.pos() == "助詞"
                || (t.pos() == "動詞"
                    && (t.pos_detail() == "非自立"
                        || p.light_verbs.iter().any(|v| v == t.base_form())))
                || (t.pos() == "名詞" && t.pos_detail() == "非自立");
            if !walk {
                break;
            }
        }
        found
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
        let last = tokens
            .iter()
            .rev()
            .find(|t| !(t.is_symbol() || (t.pos() == "助詞" && t.pos_detail() == "終助詞")));
        match last {
            None => return false,
            Some(t) if in_occ(t) => return false,
            _ => {}
        }
        tokens.iter().any(|t| {
            !in_occ(t)
                && match t.pos() {
                    "動詞" | "形容詞" => t.pos_detail() == "自立",
                    "名詞" => !matches!(t.pos_detail(), "代名詞" | "非自立" | "数" | "接尾"),
                    _ => false,
                }
        })
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

    /// The entities of a sentence: its mentions and its resolved pronouns, with roles.
    fn occurrences(
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
        // Apposition (`Jensen Huang、NvidiaのCEOが`) and affiliation (`BroadcomのHock Tan`).
        let persons: Vec<(usize, usize)> = occs
            .iter()
            .filter(|o| o.kind == EntityType::Person)
            .map(|o| (o.start, o.end))
            .collect();
        for (ps, pe) in &persons {
            if s.chars.get(*pe) == Some(&'、')
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
                && s.chars.get(o.end) == Some(&'の')
                && persons.iter().any(|(ps, _)| *ps == o.end + 1)
            {
                o.role = Role::Affiliation;
            }
        }

        // Pronouns, resolved in text order.
        let a = &self.rules.anaphora;
        let mut pronouns: Vec<(usize, usize, String, &str)> = Vec::new();
        for (list, rule) in [
            (&a.organisation, "organisation"),
            (&a.person, "person"),
            (&a.thing, "thing"),
        ] {
            for (at, p) in find_cues(list, s, 0, n) {
                let end = at + p.chars().count();
                let aligned =
                    s.tokens.iter().any(|t| t.start == at) && s.tokens.iter().any(|t| t.end == end);
                // 彼らCoreweave: the pronoun stands in apposition to the name.
                let taken = pronouns.iter().any(|&(ps, pe, _, _)| at < pe && end > ps)
                    || occs.iter().any(|o| at < o.end && end >= o.start);
                if aligned && !taken {
                    pronouns.push((at, end, p.to_string(), rule));
                }
            }
        }
        pronouns.sort_by_key(|p| p.0);
        for (at, end, pronoun, rule) in pronouns {
            let role = self.role(s, end);
            let fits = |k: EntityType| match rule {
                "person" => k == EntityType::Person,
                _ => k.is_organisation() || (rule == "thing" && k == EntityType::Product),
            };
            // `thing` (それ) only as a subject, and only to a salient entity.
            let thing = rule == "thing";
            if thing && role != Role::Subject {
                continue;
            }
            let before: Vec<&Occurrence> = occs
                .iter()
                .filter(|o| o.end <= at && o.entity.is_some() && fits(o.kind))
                .filter(|o| !matches!(o.role, Role::Apposition | Role::Affiliation))
                // Not the subject of the pronoun's own clause (OpenAIが彼らに支払った).
                .filter(|o| !(role != Role::Subject && o.role == Role::Subject && at - o.end <= 1))
                .collect();
            let in_sentence = before
                .iter()
                .rev()
                .find(|o| o.role.salient())
                .or_else(|| if thing { None } else { before.last() })
                .map(|o| (o.entity.clone(), o.kind));
            let resolved = in_sentence.or_else(|| {
                if thing {
                    // それ: only a salient entity of the sentence just before.
                    discourse.sentences.back().and_then(|prev| {
                        prev.iter()
                            .rev()
                            .find(|r| r.salient && fits(r.kind))
                            .map(|r| (Some(r.entity.clone()), r.kind))
                    })
                } else {
                    discourse
                        .resolve(fits)
                        .map(|r| (Some(r.entity.clone()), r.kind))
                }
            });
            if let Some((Some(entity), kind)) = resolved {
                occs.push(Occurrence {
                    start: at,
                    end,
                    surface: pronoun.clone(),
                    anaphora: Some(format!("anaphora.{rule}:{pronoun}->{entity}")),
                    entity: Some(entity),
                    kind,
                    role,
                    in_quote: s.in_quote(at),
                });
                occs.sort_by_key(|o| o.start);
            }
        }
        occs
    }

    /// The role of an entity ending at `end`, from what follows it.
    fn role(&self, s: &Sentence<'_>, end: usize) -> Role {
        let m = &self.rules.markers;
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
        if (&*t.text == "に" || &*t.text == "で") && next.is_some_and(|u| &*u.text == "は") {
            return Role::Subject;
        }
        if (&*t.text == "の" || &*t.text == "という")
            && let Some((_, true)) = self.noun_phrase(s, t.end)
        {
            return if &*t.text == "の" {
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
            let noun = t.pos() == "名詞" || t.pos() == "接頭詞" || t.pos() == "未知語";
            if noun {
                seen_noun = true;
                end = t.end;
                continue;
            }
            if &*t.text == "の" && t.pos() == "助詞" && seen_noun {
                continue;
            }
            let marked = seen_noun
                && t.start == end
                && (is_particle(t, &self.rules.markers.topic)
                    || &*t.text == "に"
                    || &*t.text == "で")
                && (&*t.text != "に" && &*t.text != "で"
                    || s.token_at(t.end).is_some_and(|(_, u)| &*u.text == "は"));
            return Some((end, marked));
        }
        Some((end, false))
    }
}

/// The entity type of a holder, from the occurrences of the sentence.
fn holder_kind(occs: &[Occurrence], holder: &str) -> Option<EntityType> {
    occs.iter()
        .find(|o| o.entity.as_deref() == Some(holder))
        .map(|o| o.kind)
}

/// Cue matches that do not overlap an entity name.
fn outside_names<'l>(found: Vec<(usize, &'l str)>, occs: &[Occurrence]) -> Vec<(usize, &'l str)> {
    found
        .into_iter()
        .filter(|&(at, c)| {
            let end = at + c.chars().count();
            !occs
                .iter()
                .any(|o| o.anaphora.is_none() && at < o.end && end > o.start)
        })
        .collect()
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Apposition => "apposition",
        Role::Affiliation => "affiliation",
        Role::Subject => "subject",
        Role::Possessive => "possessive",
        Role::About => "about",
        Role::Source => "source",
        Role::Other => "other",
    }
}

/// `[start, end)` without leading punctuation and whitespace.
fn trim_span(chars: &[char], start: usize, end: usize) -> (usize, usize) {
    let end = end.min(chars.len());
    let mut s = start.min(end);
    while s < end && (chars[s].is_whitespace() || chars[s] == '、') {
        s += 1;
    }
    if s == end {
        (start.min(end), end)
    } else {
        (s, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Dictionaries;

    #[test]
    fn every_cue_list_has_its_own_slot() {
        let detector =
            ClaimDetector::from_toml(&Dictionaries::builtin().text("claims.toml").unwrap())
                .unwrap();
        let mut rules = detector.rules.clone();
        let mut slots: Vec<usize> = rules.lists_mut().iter().map(|l| l.slot).collect();
        let n = slots.len();
        slots.sort_unstable();
        slots.dedup();
        assert_eq!(slots.len(), n);
        assert!(slots.iter().all(|&s| s < detector.cues.lists));
    }

    #[test]
    fn one_scan_finds_every_list_s_cues_longest_first() {
        let mut a = CueList::from(vec!["と言".to_string(), "と言った".to_string()]);
        let mut b = CueList::from(vec!["言".to_string(), "た".to_string()]);
        let index = CueIndex::build(vec![&mut a, &mut b]);
        let chars: Vec<char> = "彼はと言ったと言".chars().collect();
        let found = index.scan(&chars);
        // At 2 both cues of `a` start; the longer comes first.
        assert_eq!(found[a.slot], vec![(2, 1), (2, 0), (6, 0)]);
        assert_eq!(found[b.slot], vec![(3, 0), (5, 1), (7, 0)]);
    }
}
