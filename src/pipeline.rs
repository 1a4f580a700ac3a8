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
use crate::claims::{ClaimDetector, ClaimInput, Discourse, SentenceMention};
use crate::dataset::{
    Claim, Dataset, Entity, EntityType, Figure, Mention, SCHEMA, Sentence, Transcript,
    transcript_id,
};
use crate::dictionaries::Dictionaries;
use crate::discover::{Discovery, unknown_id};
use crate::entities::Gazetteer;
use crate::figures::FigureExtractor;
use crate::link::{RoleRules, link_figure};
use crate::normalize::NormalizedText;
use crate::read::{SourceText, TimedSpan};
use crate::segment::segment;
use crate::tokenize::{JapaneseTokenizer, Token};

/// How many previous sentences pronouns may point back into.
pub const ANAPHORA_WINDOW: usize = 3;

/// At most this many characters (more only for one longer sentence) are tokenized in one
/// lindera call: its lattice grows with the text it is given.
pub const TOKENIZE_CHUNK_CHARS: usize = 16 * 1024;

/// Everything needed to turn a transcript into a [`Dataset`], built once and shared.
#[derive(Debug, Clone)]
pub struct Pipeline {
    tokenizer: Arc<JapaneseTokenizer>,
    gazetteer: Arc<Gazetteer>,
    figures: Arc<FigureExtractor>,
    claims: Arc<ClaimDetector>,
    discovery: Arc<Discovery>,
    roles: Arc<RoleRules>,
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
        let discovery = Discovery::from_toml(&dictionaries.text("discovery.toml")?)?;
        let roles = RoleRules::from_toml(&dictionaries.text("roles.toml")?)?;
        Ok(Pipeline {
            tokenizer: Arc::new(tokenizer),
            gazetteer: Arc::new(gazetteer),
            figures: Arc::new(figures),
            claims: Arc::new(claims),
            discovery: Arc::new(discovery),
            roles: Arc::new(roles),
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
        Ok(self.analyze(source)?.dataset)
    }

    /// Run every stage on one transcript, keeping the tokens of each sentence so the index
    /// can reuse them instead of tokenizing again.
    pub fn analyze(&self, source: &SourceText) -> Result<Analysis> {
        let original = &source.text;
        if original.trim().is_empty() {
            return Err(crate::Error::Decode {
                path: source.path.clone(),
                message: "is empty: no text to index".into(),
            });
        }
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

        // Stage 4: tokens. Runs of whole sentences up to TOKENIZE_CHUNK_CHARS are tokenized
        // in one call each (lindera splits them at punctuation and line ends itself) and the
        // tokens are dealt out to the sentences, relative to each; a sentence whose boundary
        // cuts a token is tokenized alone. Bounded runs keep lindera's buffers small: one
        // call on a whole 2 MB transcript held 58 MB of lattice.
        let sentence_texts: Vec<String> = nsent
            .iter()
            .map(|s| nchars[s.start..s.end].iter().collect())
            .collect();
        let mut sentence_tokens = Vec::with_capacity(nsent.len());
        let mut first_sentence = 0;
        while first_sentence < nsent.len() {
            let run_start = nsent[first_sentence].start;
            let mut end_sentence = first_sentence + 1;
            while end_sentence < nsent.len()
                && nsent[end_sentence].end - run_start <= TOKENIZE_CHUNK_CHARS
            {
                end_sentence += 1;
            }
            let run_end = nsent[end_sentence - 1].end;
            let run: String = nchars[run_start..run_end].iter().collect();
            let mut run_tokens = self.tokenizer.tokenize(&run)?;
            let mut next = 0;
            for si in first_sentence..end_sentence {
                let (s, text) = (&nsent[si], &sentence_texts[si]);
                let (start, end) = (s.start - run_start, s.end - run_start);
                while next < run_tokens.len() && run_tokens[next].end <= start {
                    next += 1;
                }
                let first = next;
                let mut last = first;
                let mut straddles = false;
                while last < run_tokens.len() && run_tokens[last].start < end {
                    let t = &run_tokens[last];
                    straddles |= t.start < start || t.end > end;
                    last += 1;
                }
                let mine = if straddles {
                    self.tokenizer.tokenize(text)?
                } else {
                    next = last;
                    // Each token belongs to one sentence: its text moves there.
                    let mut mine: Vec<Token> = run_tokens[first..last]
                        .iter_mut()
                        .map(|t| Token {
                            text: std::mem::take(&mut t.text),
                            start: t.start - start,
                            end: t.end - start,
                            byte_start: t.byte_start,
                            byte_end: t.byte_end,
                            info: Arc::clone(&t.info),
                        })
                        .collect();
                    rebase_bytes(&mut mine, text);
                    mine
                };
                sentence_tokens.push(mine);
            }
            first_sentence = end_sentence;
        }

        // Stage 5b: entity mentions: the gazetteer's names, then likely names it lacks.
        let mut entities: Vec<Entity> = Vec::new();
        let mut entity_types: HashMap<String, EntityType> = HashMap::new();
        let mut found: Vec<(usize, usize, String)> = Vec::new();
        for m in self.gazetteer.find(ntext) {
            if let Some(def) = self.gazetteer.get(&m.entity) {
                if !entity_types.contains_key(&def.id) {
                    entity_types.insert(def.id.clone(), def.kind);
                    entities.push(def.to_record());
                }
                found.push((m.start, m.end, m.entity));
            }
        }
        let known = found.len();
        // In text order, so each sentence finds its names by binary search: scanning all of
        // them for every sentence made long transcripts quadratic.
        found.sort_by_key(|f| (f.0, f.1));
        for (si, s) in nsent.iter().enumerate() {
            let covered: Vec<(usize, usize)> =
                within(&found[..known], |f| (f.0, f.1), s.start, s.end)
                    .map(|f| (f.0 - s.start, f.1 - s.start))
                    .collect();
            let candidates =
                self.discovery
                    .candidates(&sentence_texts[si], &sentence_tokens[si], &covered);
            for c in candidates {
                let id = unknown_id(&c.name);
                if !entity_types.contains_key(&id) {
                    entity_types.insert(id.clone(), c.guess);
                    entities.push(Entity {
                        id: id.clone(),
                        name: c.name.clone(),
                        kind: c.guess,
                        aliases: Vec::new(),
                    });
                }
                found.push((s.start + c.start, s.start + c.end, id));
            }
        }
        found.sort_by_key(|f| (f.0, f.1));
        entities.sort_by(|a, b| a.id.cmp(&b.id));

        let mut mentions = Vec::with_capacity(found.len());
        // Per sentence: the entities it names, relative to its start, and their mention index.
        let mut per_sentence: Vec<Vec<SentenceMention>> = vec![Vec::new(); nsent.len()];
        let mut per_sentence_index: Vec<Vec<usize>> = vec![Vec::new(); nsent.len()];
        for (nstart, nend, entity) in found {
            let Some(si) = sentence_of(nstart) else {
                continue;
            };
            let (start, end) = norm.span_to_original(nstart, nend);
            let s = &nsent[si];
            if nstart >= s.start && nend <= s.end {
                per_sentence[si].push(SentenceMention {
                    start: nstart - s.start,
                    end: nend - s.start,
                    entity: entity.clone(),
                    kind: entity_types
                        .get(&entity)
                        .copied()
                        .unwrap_or(EntityType::Unknown),
                });
                per_sentence_index[si].push(mentions.len());
            }
            mentions.push(Mention {
                id: format!("{tid}-m{:04}", mentions.len()),
                sentence_id: sentences[si].id.clone(),
                start,
                end,
                text: orig.slice(start, end).to_string(),
                entity,
                role: None,
            });
        }
        // People's titles and employers, where the sentence states them.
        for (si, text) in sentence_texts.iter().enumerate() {
            for (i, role) in self.roles.roles(text, &per_sentence[si]) {
                if let Some(&mi) = per_sentence_index[si].get(i) {
                    mentions[mi].role = Some(role);
                }
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

        // Stage 5c: claims, sentence by sentence. Figures by start, so that a claim finds
        // those inside it by binary search rather than by scanning them all.
        let mut by_start: Vec<usize> = (0..figures.len()).collect();
        by_start.sort_by_key(|&i| (figures[i].start, i));
        let figures_within = |start: usize, end: usize| -> Vec<usize> {
            let span = |&i: &usize| (figures[i].start, figures[i].end);
            let mut inside: Vec<usize> = within(&by_start, span, start, end).copied().collect();
            inside.sort_unstable();
            inside
        };
        let mut claim_figures_at: Vec<Vec<usize>> = Vec::new();
        let mut claims = Vec::new();
        let mut discourse = Discourse::new(ANAPHORA_WINDOW);
        for (si, s) in nsent.iter().enumerate() {
            let input = ClaimInput {
                text: &sentence_texts[si],
                tokens: &sentence_tokens[si],
                mentions: &per_sentence[si],
            };
            for c in self.claims.detect(input, &mut discourse) {
                let (start, end) = norm.span_to_original(s.start + c.start, s.start + c.end);
                let inside = figures_within(start, end);
                let claim_figures = inside.iter().map(|&i| figures[i].id.clone()).collect();
                claim_figures_at.push(inside);
                claims.push(Claim {
                    id: format!("{tid}-c{:04}", claims.len()),
                    sentence_id: sentences[si].id.clone(),
                    start,
                    end,
                    text: orig.slice(start, end).to_string(),
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

        // A figure whose sentence names no organisation is about what its claim is about
        // (彼らは…500から550億ドルを調達: 彼ら resolved to Oracle).
        for (c, inside) in claims.iter().zip(&claim_figures_at) {
            for &i in inside {
                let f = &mut figures[i];
                if f.entities.is_empty() {
                    f.entities = c
                        .targets
                        .iter()
                        .filter(|t| entity_types.get(*t).is_some_and(|k| k.is_organisation()))
                        .cloned()
                        .collect();
                }
            }
        }

        let dataset = Dataset {
            schema: SCHEMA.to_string(),
            transcript: Transcript {
                id: tid,
                source: source.path.display().to_string(),
                title: source.title(),
                date: source.date.clone(),
                show: source.show.clone(),
                episode: source.episode.clone(),
                format: Some(source.format.name().to_string()),
                text: source.format.is_timed().then(|| original.clone()),
                chars: norm.original_len(),
            },
            sentences,
            figures,
            mentions,
            entities,
            claims,
        };
        Ok(Analysis {
            dataset,
            sentence_tokens,
        })
    }
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

/// Recompute the byte offsets of tokens whose char offsets are relative to `text`.
fn rebase_bytes(tokens: &mut [Token], text: &str) {
    let mut bytes = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()));
    let mut char_at = 0;
    let mut byte_at = bytes.next().unwrap_or(0);
    for t in tokens {
        while char_at < t.start {
            byte_at = bytes.next().unwrap_or(text.len());
            char_at += 1;
        }
        t.byte_start = byte_at;
        let len = t.text.len();
        t.byte_end = (byte_at + len).min(text.len());
    }
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
