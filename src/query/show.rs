//! `show ID`: one record with everything linked to it, both ways.

use serde::Serialize;

use crate::extract::entities::EntityDef;
use crate::record::{
    Check, Claim, Dataset, Entity, EntityType, Figure, Flow, IdKind, Mention, Sentence, Transcript,
};
use crate::store::records::TranscriptMeta;

/// A transcript-scoped record with its links.
#[derive(Debug, Serialize)]
pub struct RecordView<'a> {
    /// `transcript`, `sentence`, `figure`, `mention`, `claim`, `check` or `flow`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The record itself.
    pub record: serde_json::Value,
    /// Its transcript.
    pub transcript: &'a Transcript,
    /// Its sentence (for figures, mentions and claims; the sentence itself for sentences).
    pub sentence: Option<&'a Sentence>,
    /// Figures in the sentence or claim, or the figure itself.
    pub figures: Vec<&'a Figure>,
    /// Mentions in the sentence.
    pub mentions: Vec<&'a Mention>,
    /// Entities linked: mentioned, targeted, holding, or a figure's company.
    pub entities: Vec<&'a Entity>,
    /// Claims in the sentence, or containing the figure.
    pub claims: Vec<&'a Claim>,
    /// Arithmetic checks the figure or sentence takes part in (the check itself for a check).
    pub checks: Vec<&'a Check>,
}

impl<'a> RecordView<'a> {
    /// Gather the record `id` of `dataset` and its links.
    pub fn collect(d: &'a Dataset, id: &str, kind: IdKind) -> Option<Self> {
        let (kind_name, record, sentence_id) = find_record(d, id, kind)?;
        let in_sentence = |sid: &str| sentence_id == Some(sid);
        let mentions: Vec<&Mention> = d
            .mentions
            .iter()
            .filter(|m| in_sentence(&m.sentence_id) || m.id == id)
            .collect();
        let links = Links::of(d, id, kind, sentence_id, &mentions);
        let mut entities: Vec<&Entity> = Vec::new();
        for eid in links.entity_ids {
            if let Some(e) = d.entity(eid)
                && !entities.iter().any(|x| x.id == e.id)
            {
                entities.push(e);
            }
        }
        Some(RecordView {
            kind: kind_name,
            record,
            transcript: &d.transcript,
            sentence: sentence_id.and_then(|sid| d.sentence(sid)),
            figures: links.figures,
            mentions: if kind == IdKind::Transcript {
                Vec::new()
            } else {
                mentions
            },
            entities,
            claims: links.claims,
            checks: links.checks,
        })
    }
}

/// The record `id` of kind `kind`: its type name, its JSON, and the id of its sentence.
fn find_record<'a>(
    d: &'a Dataset,
    id: &str,
    kind: IdKind,
) -> Option<(&'static str, serde_json::Value, Option<&'a str>)> {
    let value = |v: &dyn erased::Ser| v.to_value();
    Some(match kind {
        IdKind::Transcript => ("transcript", value(&d.transcript), None),
        IdKind::Sentence => {
            let s = d.sentences.iter().find(|s| s.id == id)?;
            ("sentence", value(s), Some(s.id.as_str()))
        }
        IdKind::Figure => {
            let f = d.figures.iter().find(|f| f.id == id)?;
            ("figure", value(f), Some(f.sentence_id.as_str()))
        }
        IdKind::Mention => {
            let m = d.mentions.iter().find(|m| m.id == id)?;
            ("mention", value(m), Some(m.sentence_id.as_str()))
        }
        IdKind::Claim => {
            let c = d.claims.iter().find(|c| c.id == id)?;
            ("claim", value(c), Some(c.sentence_id.as_str()))
        }
        IdKind::Check => {
            let k = d.checks.iter().find(|k| k.id == id)?;
            let last = k.sentences.last().map(String::as_str);
            ("check", value(k), last)
        }
        IdKind::Flow => {
            let f = d.flows.iter().find(|f| f.id == id)?;
            ("flow", value(f), Some(f.sentence_id.as_str()))
        }
        IdKind::Entity | IdKind::Conflict => return None,
    })
}

/// What a record links to, by kind: figures, claims, and entity ids (in order, repeats
/// allowed).
struct Links<'a> {
    figures: Vec<&'a Figure>,
    claims: Vec<&'a Claim>,
    checks: Vec<&'a Check>,
    entity_ids: Vec<&'a str>,
}

impl<'a> Links<'a> {
    fn of(
        d: &'a Dataset,
        id: &str,
        kind: IdKind,
        sentence_id: Option<&str>,
        mentions: &[&'a Mention],
    ) -> Self {
        let in_sentence = |sid: &str| sentence_id == Some(sid);
        let mut figures: Vec<&Figure> = Vec::new();
        let mut claims: Vec<&Claim> = Vec::new();
        let mut entity_ids: Vec<&str> = Vec::new();
        let checks: Vec<&Check> = d
            .checks
            .iter()
            .filter(|k| match kind {
                IdKind::Figure => k.figures.iter().any(|f| f == id),
                IdKind::Sentence => k.sentences.iter().any(|s| s == id),
                IdKind::Check => k.id == id,
                _ => false,
            })
            .collect();
        match kind {
            IdKind::Figure => {
                figures.extend(d.figures.iter().filter(|f| f.id == id));
                claims.extend(
                    d.claims
                        .iter()
                        .filter(|c| c.figures.iter().any(|f| f == id)),
                );
                entity_ids.extend(
                    figures
                        .iter()
                        .flat_map(|f| f.entities.iter().map(String::as_str)),
                );
            }
            IdKind::Claim => {
                if let Some(c) = d.claims.iter().find(|c| c.id == id) {
                    figures.extend(d.figures.iter().filter(|f| c.figures.contains(&f.id)));
                    entity_ids.extend(c.targets.iter().map(String::as_str));
                    entity_ids.extend(c.holder.as_deref());
                }
            }
            IdKind::Mention => {
                entity_ids.extend(
                    mentions
                        .iter()
                        .filter(|m| m.id == id)
                        .map(|m| m.entity.as_str()),
                );
                claims.extend(d.claims.iter().filter(|c| in_sentence(&c.sentence_id)));
            }
            IdKind::Sentence => {
                figures.extend(d.figures.iter().filter(|f| in_sentence(&f.sentence_id)));
                claims.extend(d.claims.iter().filter(|c| in_sentence(&c.sentence_id)));
                entity_ids.extend(mentions.iter().map(|m| m.entity.as_str()));
                entity_ids.extend(
                    claims
                        .iter()
                        .flat_map(|c| c.targets.iter().map(String::as_str)),
                );
            }
            IdKind::Check => {
                for k in &checks {
                    figures.extend(d.figures.iter().filter(|f| k.figures.contains(&f.id)));
                    entity_ids.extend(k.entities.iter().map(String::as_str));
                }
            }
            IdKind::Flow => return Self::of_flow(d, id),
            IdKind::Transcript | IdKind::Entity | IdKind::Conflict => {}
        }
        Links {
            figures,
            claims,
            checks,
            entity_ids,
        }
    }
}

impl<'a> Links<'a> {
    /// A flow links its figures, its claims, its payer and its payee.
    fn of_flow(d: &'a Dataset, id: &str) -> Self {
        let mut links = Links {
            figures: Vec::new(),
            claims: Vec::new(),
            checks: Vec::new(),
            entity_ids: Vec::new(),
        };
        if let Some(w) = d.flows.iter().find(|w| w.id == id) {
            let figures = d.figures.iter().filter(|f| w.figures.contains(&f.id));
            links.figures.extend(figures);
            let claims = d.claims.iter().filter(|c| w.claims.contains(&c.id));
            links.claims.extend(claims);
            links.entity_ids.extend(w.payer.as_deref());
            links.entity_ids.push(w.payee.as_str());
        }
        links
    }
}

mod erased {
    /// Serialise any record to a JSON value (records always serialise).
    pub trait Ser {
        fn to_value(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Ser for T {
        fn to_value(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
        }
    }
}

/// A claim or figure together with the transcript it comes from.
#[derive(Debug, Serialize)]
pub struct InTranscript<'a, T> {
    /// The transcript id.
    pub transcript_id: &'a str,
    /// The record.
    #[serde(flatten)]
    pub record: &'a T,
}

/// An entity across all transcripts: its claims and figures.
#[derive(Debug, Serialize)]
pub struct EntityView<'a> {
    /// The entity.
    pub entity: Entity,
    /// Ticker, for listed companies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticker: Option<String>,
    /// Gazetteer note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// How many times it is named.
    pub mentions: usize,
    /// Transcripts that name it.
    pub transcripts: Vec<&'a str>,
    /// Claims about it.
    pub claims_about: Vec<InTranscript<'a, Claim>>,
    /// Claims it holds.
    pub claims_by: Vec<InTranscript<'a, Claim>>,
    /// Figures about it.
    pub figures: Vec<InTranscript<'a, Figure>>,
    /// Money flows it pays.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flows_out: Vec<InTranscript<'a, Flow>>,
    /// Money flows it receives.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flows_in: Vec<InTranscript<'a, Flow>>,
}

impl<'a> EntityView<'a> {
    /// Everything the datasets say about entity `id` (None if it is neither in the
    /// gazetteer nor in any dataset).
    pub fn collect(id: &str, def: Option<&EntityDef>, datasets: &'a [Dataset]) -> Option<Self> {
        let entity = def
            .map(EntityDef::to_record)
            .or_else(|| datasets.iter().find_map(|d| d.entity(id).cloned()))?;
        let mut view = EntityView {
            entity,
            ticker: def.and_then(|d| d.ticker.clone()),
            note: def.and_then(|d| d.note.clone()),
            mentions: 0,
            transcripts: Vec::new(),
            claims_about: Vec::new(),
            claims_by: Vec::new(),
            figures: Vec::new(),
            flows_out: Vec::new(),
            flows_in: Vec::new(),
        };
        for d in datasets {
            let tid = d.transcript.id.as_str();
            for w in &d.flows {
                let record = InTranscript {
                    transcript_id: tid,
                    record: w,
                };
                if w.payer.as_deref() == Some(id) {
                    view.flows_out.push(record);
                } else if w.payee == id {
                    view.flows_in.push(record);
                }
            }
        }
        for d in datasets {
            let tid = d.transcript.id.as_str();
            let n = d.mentions.iter().filter(|m| m.entity == id).count();
            view.mentions += n;
            if n > 0 {
                view.transcripts.push(tid);
            }
            for c in &d.claims {
                if c.targets.iter().any(|t| t == id) {
                    view.claims_about.push(InTranscript {
                        transcript_id: tid,
                        record: c,
                    });
                }
                if c.holder.as_deref() == Some(id) {
                    view.claims_by.push(InTranscript {
                        transcript_id: tid,
                        record: c,
                    });
                }
            }
            for f in &d.figures {
                if f.entities.iter().any(|e| e == id) {
                    view.figures.push(InTranscript {
                        transcript_id: tid,
                        record: f,
                    });
                }
            }
        }
        Some(view)
    }
}

/// One line of `claimdex entities`.
#[derive(Debug, Clone, Serialize)]
pub struct EntityCount {
    /// Entity id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Entity type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Times named.
    pub mentions: usize,
    /// Claims about it.
    pub claims: usize,
    /// Figures about it.
    pub figures: usize,
    /// Transcripts that name it.
    pub transcripts: usize,
}

/// Mention, claim and figure counts of every entity in the datasets, most mentioned first.
pub fn entity_counts(datasets: &[Dataset]) -> Vec<EntityCount> {
    let metas: Vec<TranscriptMeta> = datasets.iter().map(TranscriptMeta::of).collect();
    entity_counts_of(&metas)
}

/// [`entity_counts`] from the store's light transcript documents (in source order), each
/// carrying its entities' counts: the same list without decoding a dataset.
pub fn entity_counts_of(metas: &[TranscriptMeta]) -> Vec<EntityCount> {
    let mut totals = EntityTotals::default();
    for m in metas {
        totals.add(m);
    }
    totals.finish()
}

/// [`entity_counts_of`] summed one transcript at a time, so the light documents need not
/// all be in memory at once.
#[derive(Debug, Default)]
pub struct EntityTotals {
    counts: Vec<EntityCount>,
    index: std::collections::HashMap<String, usize>,
}

impl EntityTotals {
    /// Add one transcript's counts (in source order: an entity's name and type are those
    /// of the first transcript that has it).
    pub fn add(&mut self, m: &TranscriptMeta) {
        for t in &m.entities {
            let e = &t.entity;
            let i = match self.index.get(e.id.as_str()) {
                Some(&i) => i,
                None => {
                    self.counts.push(EntityCount {
                        id: e.id.clone(),
                        name: e.name.clone(),
                        kind: e.kind,
                        mentions: 0,
                        claims: 0,
                        figures: 0,
                        transcripts: 0,
                    });
                    self.index.insert(e.id.clone(), self.counts.len() - 1);
                    self.counts.len() - 1
                }
            };
            let c = &mut self.counts[i];
            c.transcripts += 1;
            c.mentions += t.mentions;
            c.claims += t.claims;
            c.figures += t.figures;
        }
    }

    /// The counts, most mentioned first.
    pub fn finish(self) -> Vec<EntityCount> {
        let mut counts = self.counts;
        counts.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.id.cmp(&b.id)));
        counts
    }
}
