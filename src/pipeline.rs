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
use crate::claims::{ClaimDetector, ClaimInput, SentenceMention};
use crate::dataset::{
    Claim, Dataset, Entity, EntityType, Figure, Mention, SCHEMA, Sentence, Transcript,
    transcript_id,
};
use crate::dictionaries::Dictionaries;
use crate::entities::Gazetteer;
use crate::figures::FigureExtractor;
use crate::normalize::NormalizedText;
use crate::read::{SourceText, TimedSpan};
use crate::segment::segment;
use crate::tokenize::JapaneseTokenizer;

/// How many previous sentences pronouns may point back into.
pub const ANAPHORA_WINDOW: usize = 3;

/// Everything needed to turn a transcript into a [`Dataset`], built once and shared.
#[derive(Debug, Clone)]
pub struct Pipeline {
    tokenizer: Arc<JapaneseTokenizer>,
    gazetteer: Arc<Gazetteer>,
    figures: Arc<FigureExtractor>,
    claims: Arc<ClaimDetector>,
}

impl Pipeline {
    /// Build every stage from the dictionaries in force.
    pub fn new(dictionaries: &Dictionaries) -> Result<Self> {
        let gazetteer = Gazetteer::from_texts(&dictionaries.layered("entities.toml")?)?;
        let tokenizer = JapaneseTokenizer::new(Some(&gazetteer.user_dictionary_csv()))?;
        let money = dictionaries.text("money.toml")?;
        let quantities = dictionaries.text("quantities.toml")?;
        let figures = FigureExtractor::from_toml(
            (&money.name, &money.text),
            (&quantities.name, &quantities.text),
        )?;
        let claims = ClaimDetector::from_toml(&dictionaries.text("claims.toml")?)?;
        Ok(Pipeline {
            tokenizer: Arc::new(tokenizer),
            gazetteer: Arc::new(gazetteer),
            figures: Arc::new(figures),
            claims: Arc::new(claims),
        })
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
        let original = &source.text;
        let norm = NormalizedText::new(original);
        let ntext = norm.as_str();
        let nchars: Vec<char> = ntext.chars().collect();
        let orig = CharIndex::new(original);
        let tid = transcript_id(original);

        // Stage 3: sentences.
        let segments = segment(ntext);
        let nsent = &segments.sentences;
        let mut sentences = Vec::with_capacity(nsent.len());
        for (i, s) in nsent.iter().enumerate() {
            let (start, end) = norm.span_to_original(s.start, s.end);
            let timing = timing(&source.timeline, start, end);
            sentences.push(Sentence {
                id: format!("{tid}-s{i:04}"),
                transcript_id: tid.clone(),
                start,
                end,
                text: orig.slice(start, end).to_string(),
                section: s.section.clone(),
                speaker: s.speaker.clone().or(timing.speaker),
                time_start: timing.time_start,
                time_end: timing.time_end,
            });
        }
        let sentence_of = |pos: usize| -> Option<usize> {
            if nsent.is_empty() {
                return None;
            }
            let i = nsent.partition_point(|s| s.end <= pos);
            Some(i.min(nsent.len() - 1))
        };

        // Stage 5b: entity mentions.
        let matches = self.gazetteer.find(ntext);
        let mut mentions = Vec::with_capacity(matches.len());
        let mut mention_sentence = Vec::with_capacity(matches.len());
        let mut entities: Vec<Entity> = Vec::new();
        let mut entity_types: HashMap<String, EntityType> = HashMap::new();
        for m in &matches {
            let Some(si) = sentence_of(m.start) else {
                continue;
            };
            let (start, end) = norm.span_to_original(m.start, m.end);
            mentions.push(Mention {
                id: format!("{tid}-m{:04}", mentions.len()),
                sentence_id: sentences[si].id.clone(),
                start,
                end,
                text: orig.slice(start, end).to_string(),
                entity: m.entity.clone(),
            });
            mention_sentence.push((si, m));
            if let Some(def) = self.gazetteer.get(&m.entity)
                && !entity_types.contains_key(&def.id)
            {
                entity_types.insert(def.id.clone(), def.kind);
                entities.push(def.to_record());
            }
        }
        entities.sort_by(|a, b| a.id.cmp(&b.id));

        // Per sentence: the entities it names, relative to its start.
        let mut per_sentence: Vec<Vec<SentenceMention>> = vec![Vec::new(); nsent.len()];
        for (si, m) in &mention_sentence {
            let s = &nsent[*si];
            if m.start >= s.start && m.end <= s.end {
                per_sentence[*si].push(SentenceMention {
                    start: m.start - s.start,
                    end: m.end - s.start,
                    entity: m.entity.clone(),
                    kind: entity_types
                        .get(&m.entity)
                        .copied()
                        .unwrap_or(EntityType::Unknown),
                });
            }
        }

        // Stage 5a: figures, linked to the organisations named in their sentence.
        let mut figures = Vec::new();
        let mut figure_sentence = Vec::new();
        for f in self.figures.extract(ntext) {
            let Some(si) = sentence_of(f.start) else {
                continue;
            };
            let (start, end) = norm.span_to_original(f.start, f.end);
            let rel = f.start.saturating_sub(nsent[si].start);
            let period = f.period.map(|mut p| {
                (p.start, p.end) = norm.span_to_original(p.start, p.end);
                p.text = orig.slice(p.start, p.end).to_string();
                p
            });
            figures.push(Figure {
                id: format!("{tid}-f{:04}", figures.len()),
                sentence_id: sentences[si].id.clone(),
                start,
                end,
                text: orig.slice(start, end).to_string(),
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
            figure_sentence.push(si);
        }

        // Stage 4 + 5c: tokens and claims, sentence by sentence.
        let mut claims = Vec::new();
        let mut context: Vec<(String, EntityType)> = Vec::new();
        let mut recent: Vec<Vec<(String, EntityType)>> = Vec::new();
        for (si, s) in nsent.iter().enumerate() {
            let stext: String = nchars[s.start..s.end].iter().collect();
            let tokens = self.tokenizer.tokenize(&stext)?;
            let input = ClaimInput {
                text: &stext,
                tokens: &tokens,
                mentions: &per_sentence[si],
                context: &context,
            };
            if let Some(c) = self.claims.detect(input) {
                let (start, end) = norm.span_to_original(s.start + c.start, s.start + c.end);
                let claim_figures = figures
                    .iter()
                    .filter(|f| f.start >= start && f.end <= end)
                    .map(|f| f.id.clone())
                    .collect();
                claims.push(Claim {
                    id: format!("{tid}-c{:04}", claims.len()),
                    sentence_id: sentences[si].id.clone(),
                    start,
                    end,
                    text: orig.slice(start, end).to_string(),
                    kind: c.kind,
                    holder: c.holder.or_else(|| s.speaker.clone()),
                    targets: c.targets,
                    figures: claim_figures,
                    polarity: c.polarity,
                    negated: c.negated,
                    hedged: c.hedged,
                    topics: c.topics,
                    cues: c.cues,
                });
            }
            // Slide the anaphora window: most recent mentions first.
            let named: Vec<(String, EntityType)> = per_sentence[si]
                .iter()
                .rev()
                .map(|m| (m.entity.clone(), m.kind))
                .collect();
            recent.push(named);
            if recent.len() > ANAPHORA_WINDOW {
                recent.remove(0);
            }
            context = recent.iter().rev().flatten().cloned().collect();
        }

        Ok(Dataset {
            schema: SCHEMA.to_string(),
            transcript: Transcript {
                id: tid,
                source: source.path.display().to_string(),
                title: source.title(),
                date: source.date.clone(),
                chars: norm.original_len(),
            },
            sentences,
            figures,
            mentions,
            entities,
            claims,
        })
    }
}

/// The entities a figure is about: organisations named in its sentence, nearest before it
/// first, then those after it.
fn link_figure(mentions: &[SentenceMention], at: usize) -> Vec<String> {
    let mut before: Vec<&SentenceMention> = mentions
        .iter()
        .filter(|m| m.end <= at && m.kind.is_organisation())
        .collect();
    before.reverse();
    let after = mentions
        .iter()
        .filter(|m| m.start >= at && m.kind.is_organisation());
    let mut out: Vec<String> = Vec::new();
    for m in before.into_iter().chain(after) {
        if !out.contains(&m.entity) {
            out.push(m.entity.clone());
        }
    }
    out
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
