//! The pipeline: the one place where the stages are put together, in order.
//!
//! ```text
//! read ─► normalise ─► segment ─► tokenize ─► extract (figures, entities, claims) ─► link ─► Dataset
//! ```
//!
//! Every stage works on the normalised text; [`Pipeline::run`] maps each span back to the
//! original text at the end, when it builds the records.

use std::collections::HashMap;
use std::sync::Arc;

use crate::Result;
use crate::check::{CheckRules, find_checks};
use crate::extract::claims::{ClaimDetector, ClaimInput, Discourse, FrameSentence};
use crate::extract::entities::discover::{Candidate, Discovery, unknown_id};
use crate::extract::entities::{Gazetteer, RoleRules, SentenceMention};
use crate::extract::figures::FigureExtractor;
use crate::extract::flows::{
    FlowDiscourse, FlowExtractor, FlowInput, FlowMatch, FlowRules, MoneySpan, Party,
};
use crate::link::link_figure;
use crate::normalize::NormalizedText;
use crate::record::{
    Claim, Dataset, Entity, EntityType, Figure, FigureKind, Flow, FlowGroup, Mention, SCHEMA,
    Sentence, Transcript, transcript_id,
};
use crate::rules::Dictionaries;
use crate::segment::{SentenceSpan, segment};
use crate::source::{SourceText, TimedSpan};
use crate::tokenize::{JapaneseTokenizer, Token};

pub use crate::tokenize::TOKENIZE_CHUNK_CHARS;

/// How many previous sentences pronouns may point back into.
pub const ANAPHORA_WINDOW: usize = 3;

/// Everything needed to turn a transcript into a [`Dataset`], built once and shared.
#[derive(Debug, Clone)]
pub struct Pipeline {
    tokenizer: Arc<JapaneseTokenizer>,
    gazetteer: Arc<Gazetteer>,
    figures: Arc<FigureExtractor>,
    claims: Arc<ClaimDetector>,
    discovery: Arc<Discovery>,
    roles: Arc<RoleRules>,
    checks: Arc<CheckRules>,
    flows: Arc<FlowExtractor>,
    fingerprint: String,
}

impl Pipeline {
    /// Build every stage from the dictionaries in force.
    pub fn new(dictionaries: &Dictionaries) -> Result<Self> {
        let gazetteer = Gazetteer::from_texts(&dictionaries.gazetteer()?)?;
        let tokenizer = JapaneseTokenizer::new(Some(&gazetteer.user_dictionary_csv()))?;
        let money = dictionaries.text("money.toml")?;
        let quantities = dictionaries.text("quantities.toml")?;
        let figures = FigureExtractor::from_toml(
            (&money.name, &money.text),
            (&quantities.name, &quantities.text),
        )?;
        let claims = ClaimDetector::from_toml(&dictionaries.text("claims.toml")?)?;
        let discovery = Discovery::from_toml(&dictionaries.text("discovery.toml")?)?;
        let roles = RoleRules::from_toml(&dictionaries.text("roles.toml")?)?;
        let checks = CheckRules::from_dictionaries(dictionaries)?;
        let flows = FlowExtractor::new(FlowRules::from_toml(&dictionaries.text("flows.toml")?)?);
        Ok(Pipeline {
            tokenizer: Arc::new(tokenizer),
            gazetteer: Arc::new(gazetteer),
            figures: Arc::new(figures),
            claims: Arc::new(claims),
            discovery: Arc::new(discovery),
            roles: Arc::new(roles),
            checks: Arc::new(checks),
            flows: Arc::new(flows),
            fingerprint: format!(
                "claimdex {} schema {SCHEMA} rules {:016x}",
                env!("CARGO_PKG_VERSION"),
                dictionaries.fingerprint()?
            ),
        })
    }

    /// What the analysis depends on besides the text: claimdex's version, the record schema
    /// and a hash of the dictionaries in force. The store keeps it with each transcript, so
    /// an `index` with other rules or another version re-analyses what is stale.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The tokenizer, shared with the search index.
    pub fn tokenizer(&self) -> Arc<JapaneseTokenizer> {
        Arc::clone(&self.tokenizer)
    }

    /// The gazetteer in force.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Run every stage on one transcript.
    pub fn run(&self, source: &SourceText) -> Result<Dataset> {
        Ok(self.analyze(source)?.dataset)
    }

    /// Run every stage on one transcript, keeping the tokens of each sentence so the index
    /// can reuse them instead of tokenizing again.
    pub fn analyze(&self, source: &SourceText) -> Result<Analysis> {
        if source.text.trim().is_empty() {
            return Err(crate::Error::Decode {
                path: source.path.clone(),
                message: "is empty: no text to index".into(),
            });
        }
        let doc = Doc::new(source);
        // Stage 3: sentences; stage 4: their tokens.
        let segments = segment(doc.norm.as_str());
        let spans = &segments.sentences;
        let sentences = doc.sentences(spans, &source.timeline);
        let texts: Vec<String> = spans
            .iter()
            .map(|s| doc.normalized(s.start, s.end))
            .collect();
        let bounds: Vec<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
        let tokens = self
            .tokenizer
            .tokenize_sentences(&doc.chars, &bounds, &texts)?;
        // Stage 5: entities, figures and claims; stage 6: their links.
        let names = self.names(&doc, spans, &texts, &tokens);
        let mut mentions = doc.mentions(spans, &sentences, &names);
        for (si, text) in texts.iter().enumerate() {
            for (i, role) in self.roles.roles(text, &mentions.per_sentence[si]) {
                if let Some(&mi) = mentions.index[si].get(i) {
                    mentions.records[mi].role = Some(role);
                }
            }
        }
        let (mut figures, figure_spans) =
            self.figures(&doc, spans, &sentences, &mentions.per_sentence);
        let parts = SentenceParts {
            spans,
            records: &sentences,
            texts: &texts,
            tokens: &tokens,
        };
        let (claims, inside) = self.claims(&doc, &parts, &mentions, &figures);
        inherit_targets(&claims, &inside, &mut figures, &names.types);
        let mut dataset = Dataset {
            schema: SCHEMA.to_string(),
            transcript: doc.transcript(source),
            sentences,
            figures,
            mentions: mentions.records,
            entities: names.entities,
            claims,
            checks: Vec::new(),
            flows: Vec::new(),
        };
        // Money flows between the organisations each sentence names.
        let sentence_flows = SentenceFlows {
            texts: &texts,
            tokens: &tokens,
            mentions: &mentions.per_sentence,
            figure_spans: &figure_spans,
        };
        dataset.flows = self.flows(&dataset, &sentence_flows);
        // Stage 7: the arithmetic the speakers do, redone over the linked figures.
        dataset.checks = find_checks(&dataset, &self.checks);
        Ok(Analysis {
            dataset,
            sentence_tokens: tokens,
        })
    }

    /// The gazetteer's names, then likely names it lacks, sentence by sentence.
    fn names(
        &self,
        doc: &Doc,
        spans: &[SentenceSpan],
        texts: &[String],
        tokens: &[Vec<Token>],
    ) -> Names {
        let mut names = Names::default();
        for m in self.gazetteer.find(doc.norm.as_str()) {
            if let Some(def) = self.gazetteer.get(&m.entity) {
                if !names.types.contains_key(&def.id) {
                    names.types.insert(def.id.clone(), def.kind);
                    names.entities.push(def.to_record());
                }
                names.found.push((m.start, m.end, m.entity));
            }
        }
        let known = names.found.len();
        // In text order, so each sentence finds its names by binary search: scanning all of
        // them for every sentence made long transcripts quadratic.
        names.found.sort_by_key(|f| (f.0, f.1));
        let covered: Vec<Vec<(usize, usize)>> = spans
            .iter()
            .map(|s| {
                within(&names.found[..known], |f| (f.0, f.1), s.start, s.end)
                    .map(|f| (f.0 - s.start, f.1 - s.start))
                    .collect()
            })
            .collect();
        for (si, c) in self.discovery.transcript(texts, tokens, &covered) {
            let id = unknown_id(&c.name);
            names.add_discovered(&id, &c);
            names
                .found
                .push((spans[si].start + c.start, spans[si].start + c.end, id));
        }
        names.found.sort_by_key(|f| (f.0, f.1));
        names.entities.sort_by(|a, b| a.id.cmp(&b.id));
        names
    }

    /// Figures, linked to the organisations named in their sentence.
    fn figures(
        &self,
        doc: &Doc,
        spans: &[SentenceSpan],
        sentences: &[Sentence],
        per_sentence: &[Vec<SentenceMention>],
    ) -> (Vec<Figure>, Vec<(usize, usize)>) {
        let mut figures = Vec::new();
        let mut normalized = Vec::new();
        for f in self.figures.extract(doc.norm.as_str()) {
            let Some(si) = sentence_of(spans, f.start) else {
                continue;
            };
            let (start, end) = doc.norm.span_to_original(f.start, f.end);
            let rel = f.start.saturating_sub(spans[si].start);
            normalized.push((rel, f.end.saturating_sub(spans[si].start)));
            let period = f.period.map(|mut p| {
                (p.start, p.end) = doc.norm.span_to_original(p.start, p.end);
                p.text = doc.original(p.start, p.end);
                p
            });
            figures.push(Figure {
                id: format!("{}-f{:04}", doc.tid, figures.len()),
                sentence_id: sentences[si].id.clone(),
                start,
                end,
                text: doc.original(start, end),
                kind: f.kind,
                value: f.value,
                value_max: f.value_max,
                currency: f.currency,
                unit: f.unit,
                approx: f.approx,
                vague: f.vague,
                bound: f.bound,
                rate: f.rate,
                implied_currency: f.implied_currency,
                period,
                entities: link_figure(&per_sentence[si], rel),
                rule: f.rule,
            });
        }
        (figures, normalized)
    }

    /// Claims, sentence by sentence, each with the figures inside it (also returned as
    /// indices into `figures`, claim by claim).
    fn claims(
        &self,
        doc: &Doc,
        parts: &SentenceParts,
        mentions: &Mentions,
        figures: &[Figure],
    ) -> (Vec<Claim>, Vec<Vec<usize>>) {
        // Figures by start, so that a claim finds those inside it by binary search rather
        // than by scanning them all.
        let mut by_start: Vec<usize> = (0..figures.len()).collect();
        by_start.sort_by_key(|&i| (figures[i].start, i));
        let figures_within = |start: usize, end: usize| -> Vec<usize> {
            let span = |&i: &usize| (figures[i].start, figures[i].end);
            let mut inside: Vec<usize> = within(&by_start, span, start, end).copied().collect();
            inside.sort_unstable();
            inside
        };
        let mut inside_each = Vec::new();
        let mut claims = Vec::new();
        let mut discourse = Discourse::new(ANAPHORA_WINDOW);
        let frame_input: Vec<FrameSentence<'_>> = (0..parts.spans.len())
            .map(|si| FrameSentence {
                text: &parts.texts[si],
                speaker: parts.records[si].speaker.as_deref(),
                mentions: &mentions.per_sentence[si],
            })
            .collect();
        let frame = self.claims.frame(&frame_input);
        for (si, s) in parts.spans.iter().enumerate() {
            // A title or byline names things without saying anything about them.
            if s.heading {
                continue;
            }
            let context = frame.context(si);
            let input = ClaimInput {
                text: &parts.texts[si],
                tokens: &parts.tokens[si],
                mentions: &mentions.per_sentence[si],
                context: &context,
            };
            for c in self.claims.detect(input, &mut discourse) {
                let (start, end) = doc
                    .norm
                    .span_to_original(s.start + c.start, s.start + c.end);
                let inside = figures_within(start, end);
                let claim_figures = inside.iter().map(|&i| figures[i].id.clone()).collect();
                inside_each.push(inside);
                claims.push(Claim {
                    id: format!("{}-c{:04}", doc.tid, claims.len()),
                    sentence_id: parts.records[si].id.clone(),
                    start,
                    end,
                    text: doc.original(start, end),
                    kind: c.kind,
                    holder: c.holder_or_speaker(s.speaker.as_deref()),
                    targets: c.targets,
                    figures: claim_figures,
                    polarity: c.polarity,
                    negated: c.negated,
                    hedged: c.hedged,
                    topics: c.topics,
                    cues: c.cues,
                });
            }
        }
        (claims, inside_each)
    }
}

/// What the flows stage reads of each sentence: its normalised text, tokens, mentions, and
/// the normalised spans (relative to their sentence) of every figure.
struct SentenceFlows<'s> {
    texts: &'s [String],
    tokens: &'s [Vec<Token>],
    mentions: &'s [Vec<SentenceMention>],
    figure_spans: &'s [(usize, usize)],
}

impl Pipeline {
    /// Money flows, sentence by sentence, as records with their figures, holder and claims.
    fn flows(&self, dataset: &Dataset, parts: &SentenceFlows<'_>) -> Vec<Flow> {
        let index: HashMap<&str, usize> = dataset
            .sentences
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let mut money: Vec<Vec<MoneySpan>> = vec![Vec::new(); dataset.sentences.len()];
        for (i, f) in dataset.figures.iter().enumerate() {
            if let (Some(&si), FigureKind::Money, Some(_)) =
                (index.get(f.sentence_id.as_str()), f.kind, &f.currency)
            {
                let (start, end) = parts.figure_spans[i];
                money[si].push(MoneySpan {
                    start,
                    end,
                    index: i,
                });
            }
        }
        let follow = &self.flows.rules().follow;
        let mut discourse = FlowDiscourse::default();
        let mut out = Vec::new();
        for si in 0..dataset.sentences.len() {
            let next = parts.texts.get(si + 1).filter(|t| {
                money.get(si + 1).is_some_and(Vec::is_empty)
                    && follow.iter().any(|w| t.contains(w.as_str()))
            });
            let input = FlowInput {
                text: &parts.texts[si],
                tokens: &parts.tokens[si],
                mentions: &parts.mentions[si],
                money: &money[si],
                next: next.map(String::as_str),
            };
            for m in self.flows.detect(input, &mut discourse) {
                let id = format!("{}-w{:04}", dataset.transcript.id, out.len() + 1);
                out.push(flow_record(dataset, si, id, m));
            }
        }
        out
    }
}

/// A flow match as a record: its figure's amount, the claim holding it and its holder.
fn flow_record(dataset: &Dataset, si: usize, id: String, m: FlowMatch) -> Flow {
    let sentence = &dataset.sentences[si];
    let figure = m.figure.and_then(|i| dataset.figures.get(i));
    let (payer, payer_group) = match m.payer {
        Party::Entity(e) => (Some(e), None),
        Party::Group(g) => (None, Some(g)),
    };
    let claims: Vec<&Claim> = dataset
        .claims
        .iter()
        .filter(|c| c.sentence_id == sentence.id)
        .filter(|c| match figure {
            Some(f) => c.figures.contains(&f.id),
            None => c.targets.contains(&m.payee),
        })
        .collect();
    let holder = claims
        .iter()
        .find_map(|c| c.holder.clone())
        .or_else(|| sentence.speaker.clone());
    Flow {
        id,
        payer,
        payer_group: payer_group.or(None::<FlowGroup>),
        payee: m.payee,
        figures: figure.map(|f| vec![f.id.clone()]).unwrap_or_default(),
        value: figure.map(|f| f.value),
        value_max: figure.and_then(|f| f.value_max),
        bound: figure.and_then(|f| f.bound),
        currency: figure.and_then(|f| f.currency.clone()),
        rate: figure.and_then(|f| f.rate),
        kind: m.kind,
        status: m.status,
        period: figure.and_then(|f| f.period.as_ref().map(|p| p.text.clone())),
        holder,
        sentence_id: sentence.id.clone(),
        claims: claims.iter().map(|c| c.id.clone()).collect(),
        cues: m.cues,
    }
}

/// A figure whose sentence names no organisation is about what its claim is about
/// (彼らは…500から550億ドルを調達: 彼ら resolved to Oracle).
fn inherit_targets(
    claims: &[Claim],
    inside: &[Vec<usize>],
    figures: &mut [Figure],
    types: &HashMap<String, EntityType>,
) {
    for (c, inside) in claims.iter().zip(inside) {
        for &i in inside {
            let f = &mut figures[i];
            if f.entities.is_empty() {
                f.entities = c
                    .targets
                    .iter()
                    .filter(|t| types.get(*t).is_some_and(|k| k.is_organisation()))
                    .cloned()
                    .collect();
            }
        }
    }
}

/// One transcript's text in the forms the stages need: original, normalised, as chars.
struct Doc<'a> {
    norm: NormalizedText,
    chars: Vec<char>,
    orig: CharIndex<'a>,
    tid: String,
}

impl<'a> Doc<'a> {
    fn new(source: &'a SourceText) -> Self {
        let norm = NormalizedText::new(&source.text);
        let chars = norm.as_str().chars().collect();
        Doc {
            norm,
            chars,
            orig: CharIndex::new(&source.text),
            tid: transcript_id(&source.text),
        }
    }

    /// The original text of `[start, end)` (original offsets).
    fn original(&self, start: usize, end: usize) -> String {
        self.orig.slice(start, end).to_string()
    }

    /// The normalised text of `[start, end)` (normalised offsets).
    fn normalized(&self, start: usize, end: usize) -> String {
        self.chars[start..end].iter().collect()
    }

    /// The sentence records, with the times and speaker of the timed spans they overlap.
    fn sentences(&self, spans: &[SentenceSpan], timeline: &[TimedSpan]) -> Vec<Sentence> {
        let mut sentences = Vec::with_capacity(spans.len());
        for (i, s) in spans.iter().enumerate() {
            let (start, end) = self.norm.span_to_original(s.start, s.end);
            let timing = timing(timeline, start, end);
            sentences.push(Sentence {
                id: format!("{}-s{i:04}", self.tid),
                transcript_id: self.tid.clone(),
                start,
                end,
                text: self.original(start, end),
                section: s.section.clone(),
                speaker: s.speaker.clone().or(timing.speaker),
                heading: s.heading,
                time_start: timing.time_start,
                time_end: timing.time_end,
            });
        }
        sentences
    }

    /// The mention records of `names`, and per sentence the entities it names (relative to
    /// its start) with their index among the records.
    fn mentions(&self, spans: &[SentenceSpan], sentences: &[Sentence], names: &Names) -> Mentions {
        let mut out = Mentions {
            records: Vec::with_capacity(names.found.len()),
            per_sentence: vec![Vec::new(); spans.len()],
            index: vec![Vec::new(); spans.len()],
        };
        for (nstart, nend, entity) in &names.found {
            let (nstart, nend) = (*nstart, *nend);
            let Some(si) = sentence_of(spans, nstart) else {
                continue;
            };
            let (start, end) = self.norm.span_to_original(nstart, nend);
            let s = &spans[si];
            if nstart >= s.start && nend <= s.end {
                out.per_sentence[si].push(SentenceMention {
                    start: nstart - s.start,
                    end: nend - s.start,
                    entity: entity.clone(),
                    kind: names
                        .types
                        .get(entity)
                        .copied()
                        .unwrap_or(EntityType::Unknown),
                });
                out.index[si].push(out.records.len());
            }
            out.records.push(Mention {
                id: format!("{}-m{:04}", self.tid, out.records.len()),
                sentence_id: sentences[si].id.clone(),
                start,
                end,
                text: self.original(start, end),
                entity: entity.clone(),
                role: None,
            });
        }
        out
    }

    /// The transcript record.
    fn transcript(&self, source: &SourceText) -> Transcript {
        Transcript {
            id: self.tid.clone(),
            source: source.path.display().to_string(),
            title: source.title(),
            date: source.date.clone(),
            show: source.show.clone(),
            episode: source.episode.clone(),
            format: Some(source.format.name().to_string()),
            text: source.format.is_timed().then(|| source.text.clone()),
            chars: self.norm.original_len(),
        }
    }
}

/// A transcript's sentences as the later stages see them: spans, records, normalised texts
/// and tokens, index by index.
struct SentenceParts<'s> {
    spans: &'s [SentenceSpan],
    records: &'s [Sentence],
    texts: &'s [String],
    tokens: &'s [Vec<Token>],
}

/// The entities a transcript names and where (normalised offsets, in text order).
#[derive(Default)]
struct Names {
    entities: Vec<Entity>,
    types: HashMap<String, EntityType>,
    found: Vec<(usize, usize, String)>,
    /// Position in `entities` of each discovered entity.
    discovered: HashMap<String, usize>,
}

impl Names {
    /// Record a discovered name's entity: new, or typed now where it was not before, or
    /// with more aliases.
    fn add_discovered(&mut self, id: &str, c: &Candidate) {
        match self
            .discovered
            .get(id)
            .and_then(|&i| self.entities.get_mut(i))
        {
            None => {
                self.discovered.insert(id.to_string(), self.entities.len());
                self.types.insert(id.to_string(), c.guess);
                self.entities.push(Entity {
                    id: id.to_string(),
                    name: c.name.clone(),
                    kind: c.guess,
                    aliases: c.aliases.clone(),
                });
            }
            Some(e) => {
                if e.kind == EntityType::Unknown && c.guess != EntityType::Unknown {
                    e.kind = c.guess;
                    self.types.insert(id.to_string(), c.guess);
                }
                for a in &c.aliases {
                    if !e.aliases.contains(a) {
                        e.aliases.push(a.clone());
                    }
                }
            }
        }
    }
}

/// Mention records and, per sentence, its mentions and their record indices.
struct Mentions {
    records: Vec<Mention>,
    per_sentence: Vec<Vec<SentenceMention>>,
    index: Vec<Vec<usize>>,
}

/// The sentence that holds normalised offset `pos` (the last one past the end).
fn sentence_of(spans: &[SentenceSpan], pos: usize) -> Option<usize> {
    if spans.is_empty() {
        return None;
    }
    let i = spans.partition_point(|s| s.end <= pos);
    Some(i.min(spans.len() - 1))
}

/// A dataset with the tokens of its sentences.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The records.
    pub dataset: Dataset,
    /// For each sentence of `dataset`, its tokens (of its width-normalised text, char
    /// offsets relative to the sentence).
    pub sentence_tokens: Vec<Vec<Token>>,
}

/// The items of `sorted` (ordered by start) whose span `[start, end)` lies within
/// `[from, to)`, found by binary search.
fn within<T>(
    sorted: &[T],
    span: impl Fn(&T) -> (usize, usize) + Copy,
    from: usize,
    to: usize,
) -> impl Iterator<Item = &T> {
    let first = sorted.partition_point(|x| span(x).0 < from);
    sorted[first..]
        .iter()
        .take_while(move |x| span(x).0 < to)
        .filter(move |x| span(x).1 <= to)
}

/// The time and speaker of the sentence `[start, end)` (original offsets) from the timed
/// spans it overlaps: earliest start, latest end, the speaker of the first.
fn timing(timeline: &[TimedSpan], start: usize, end: usize) -> TimedSpan {
    let mut out = TimedSpan {
        start,
        end,
        time_start: None,
        time_end: None,
        speaker: None,
    };
    for t in timeline.iter().filter(|t| t.start < end && t.end > start) {
        if out.speaker.is_none() {
            out.speaker = t.speaker.clone();
        }
        out.time_start = match (out.time_start, t.time_start) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        out.time_end = match (out.time_end, t.time_end) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }
    out
}

/// Byte offsets of every char of a text, to slice it by char offsets.
struct CharIndex<'a> {
    text: &'a str,
    bytes: Vec<usize>,
}

impl<'a> CharIndex<'a> {
    fn new(text: &'a str) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        CharIndex { text, bytes }
    }

    fn slice(&self, start: usize, end: usize) -> &'a str {
        let last = self.bytes.len() - 1;
        let (s, e) = (self.bytes[start.min(last)], self.bytes[end.min(last)]);
        self.text.get(s..e.max(s)).unwrap_or("")
    }
}
