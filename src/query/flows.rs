//! Money flows across transcripts: the same deal (same payer, payee and kind, amounts
//! within [`SAME_DEAL_TOLERANCE`]) stated several times is one edge with several sources,
//! worked out at query time over the store's datasets, like the conflicts of `check`.

use serde::Serialize;

use crate::record::{Bound, Check, Dataset, Decimal, Flow, FlowKind, FlowStatus, Rate, Verdict};

/// Two amounts of one deal may differ by this fraction and still be one edge.
pub const SAME_DEAL_TOLERANCE: f64 = 0.10;

/// One statement of a deal.
#[derive(Debug, Clone, Serialize)]
pub struct FlowSource {
    /// The flow record.
    pub flow: String,
    /// Its transcript.
    pub transcript_id: String,
    /// Its sentence.
    pub sentence_id: String,
    /// The sentence as written.
    pub text: String,
    /// Who states it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// The transcript's date, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The status this statement gives.
    pub status: FlowStatus,
    /// The amount this statement gives.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Decimal>,
}

/// One deal: a payer, a payee, an amount, and every statement of it.
#[derive(Debug, Clone, Serialize)]
pub struct FlowEdge {
    /// The id of its first statement's flow record.
    pub id: String,
    /// The payer: an entity id, or `market` / `investors`.
    pub payer: String,
    /// The payer's name.
    pub payer_name: String,
    /// The payee's entity id.
    pub payee: String,
    /// The payee's name.
    pub payee_name: String,
    /// Kind.
    pub kind: FlowKind,
    /// The firmest status any statement gives (completed over agreed over announced …).
    pub status: FlowStatus,
    /// The amount (the first statement's that has one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Decimal>,
    /// Its upper end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_max: Option<Decimal>,
    /// A bound on the amount (`up_to` for 最大).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound: Option<Bound>,
    /// Currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Rate, when the amount is per year or month.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<Rate>,
    /// The period it is over (`5年間`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The earliest transcript date among its sources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Every statement of it.
    pub sources: Vec<FlowSource>,
    /// Ids of `check` conflicts about its figures (amounts stated that cannot both be true).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<String>,
}

/// How firm a status is, for choosing an edge's: higher is firmer.
fn firmness(s: FlowStatus) -> u8 {
    match s {
        FlowStatus::Completed => 7,
        FlowStatus::Agreed => 6,
        FlowStatus::Announced => 5,
        FlowStatus::Planned => 4,
        FlowStatus::LetterOfIntent => 3,
        FlowStatus::Reported => 2,
        FlowStatus::Rumoured => 1,
        FlowStatus::Doubted => 0,
    }
}

fn close(a: &Flow, b: &FlowEdge) -> bool {
    match (a.value, b.value) {
        (None, None) => true,
        (Some(x), Some(y)) => {
            let (x, y) = (x.to_f64(), y.to_f64());
            a.currency == b.currency && (x - y).abs() <= SAME_DEAL_TOLERANCE * x.abs().max(y.abs())
        }
        _ => false,
    }
}

/// Every flow of the datasets as edges, one per deal, in order of first statement.
/// `conflicts` are the `check` conflicts to link where a deal's figures are in one.
pub fn edges(datasets: &[&Dataset], conflicts: &[Check]) -> Vec<FlowEdge> {
    let mut out: Vec<FlowEdge> = Vec::new();
    for d in datasets {
        for f in &d.flows {
            let source = FlowSource {
                flow: f.id.clone(),
                transcript_id: d.transcript.id.clone(),
                sentence_id: f.sentence_id.clone(),
                text: d
                    .sentence(&f.sentence_id)
                    .map(|s| s.text.clone())
                    .unwrap_or_default(),
                holder: f.holder.clone(),
                date: d.transcript.date.clone(),
                status: f.status,
                value: f.value,
            };
            let links: Vec<String> = conflicts
                .iter()
                .filter(|k| {
                    k.verdict == Verdict::Conflict
                        && k.figures.iter().any(|x| f.figures.contains(x))
                })
                .map(|k| k.id.clone())
                .collect();
            let payer = f.payer_key();
            let same = out.iter_mut().find(|e| {
                e.payer == payer && e.payee == f.payee && e.kind == f.kind && close(f, e)
            });
            match same {
                Some(e) => {
                    if firmness(f.status) > firmness(e.status) {
                        e.status = f.status;
                    }
                    e.date = match (e.date.take(), source.date.clone()) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    };
                    e.sources.push(source);
                    for l in links {
                        if !e.conflicts.contains(&l) {
                            e.conflicts.push(l);
                        }
                    }
                }
                None => out.push(FlowEdge {
                    id: f.id.clone(),
                    payer_name: name_of(datasets, &payer),
                    payer,
                    payee_name: name_of(datasets, &f.payee),
                    payee: f.payee.clone(),
                    kind: f.kind,
                    status: f.status,
                    value: f.value,
                    value_max: f.value_max,
                    bound: f.bound,
                    currency: f.currency.clone(),
                    rate: f.rate,
                    period: f.period.clone(),
                    date: source.date.clone(),
                    sources: vec![source],
                    conflicts: links,
                }),
            }
        }
    }
    out
}

/// The canonical name of an entity id (the id itself for groups and unknown ids).
fn name_of(datasets: &[&Dataset], id: &str) -> String {
    datasets
        .iter()
        .find_map(|d| d.entity(id).map(|e| e.name.clone()))
        .unwrap_or_else(|| id.to_string())
}

/// Which edges `flows` prints.
#[derive(Debug, Clone, Default)]
pub struct FlowFilter {
    /// Only edges this entity pays or receives.
    pub company: Option<String>,
    /// Only edges with one of these statuses (any when empty).
    pub statuses: Vec<FlowStatus>,
}

impl FlowFilter {
    /// Whether an edge passes.
    pub fn keep(&self, e: &FlowEdge) -> bool {
        self.company
            .as_ref()
            .is_none_or(|c| &e.payer == c || &e.payee == c)
            && (self.statuses.is_empty() || self.statuses.contains(&e.status))
    }
}
