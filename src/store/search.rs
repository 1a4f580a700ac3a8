//! Search: ranked hits over sentences, claims and figures, each linked to its records.
//!
//! The query is parsed with the same Japanese analyzer the text was indexed with (terms are
//! ANDed; `"…"` makes a phrase). Filters narrow by entity (`--company`, which also matches
//! pronoun-resolved claim targets), holder (`--by`) and record kind. Claims rank above plain
//! sentences for the same match, and a sentence whose claim is already a hit is not repeated.

use serde::{Deserialize, Serialize};
use std::ops::Bound;
use tantivy::collector::TopDocs;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::schema::Value;
use tantivy::snippet::SnippetGenerator;
use tantivy::{TantivyDocument, Term};

use crate::record::Sentence;
use crate::store::links::Links;
use crate::store::query_text;
use crate::store::records::{StoredClaim, StoredFigure};
use crate::store::schema::Fields;
use crate::store::{Store, first_str};
use crate::{Error, Result};

/// Claims score this much higher than sentences for the same match.
pub const CLAIM_BOOST: f32 = 1.5;

/// Weight of a match on analyzer tokens over a match on character bigrams only.
pub const TOKEN_BOOST: f32 = 2.0;

/// Score added to records that name the `--company` outright.
pub const NAMED_BOOST: f32 = 5.0;

/// Record kinds a search can return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    /// A claim.
    Claim,
    /// A sentence.
    Sentence,
    /// A figure (matched by the text of its sentence).
    Figure,
}

impl HitKind {
    /// The name used in the index and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            HitKind::Claim => "claim",
            HitKind::Sentence => "sentence",
            HitKind::Figure => "figure",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "claim" => Some(HitKind::Claim),
            "sentence" => Some(HitKind::Sentence),
            "figure" => Some(HitKind::Figure),
            _ => None,
        }
    }
}

/// A search as the user asked for it, names already resolved to entity ids.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The query text.
    pub query: String,
    /// Only records about this entity id.
    pub company: Option<String>,
    /// Only claims held by this entity id.
    pub by: Option<String>,
    /// Which kinds of record; empty means claims and sentences (figures when a value or
    /// currency filter is given).
    pub kinds: Vec<HitKind>,
    /// Only records spoken by this speaker (exactly as the transcript names them).
    pub speaker: Option<String>,
    /// Only records spoken by one of these speaker labels (all the labels one name means,
    /// from [`crate::query::names::speaker_labels`]); when not empty, used with `speaker`.
    pub speakers: Vec<String>,
    /// Only claims held by one of these holder values (entity ids or speaker labels, from
    /// [`crate::query::names::Holder`]); when not empty, used with `by`.
    pub holders: Vec<String>,
    /// Only records of this transcript id.
    pub transcript: Option<String>,
    /// Only figures in this currency (ISO 4217).
    pub currency: Option<String>,
    /// Only figures whose value (upper end for ranges) is at least this, in whole units.
    pub min_value: Option<f64>,
    /// Only figures whose value (lower end for ranges) is at most this, in whole units.
    pub max_value: Option<f64>,
    /// At most this many hits.
    pub limit: usize,
    /// Words of the query that name a known entity, with its id (from
    /// [`crate::query::names::entity_words`]): each also matches records naming the entity.
    pub entity_words: Vec<(String, String)>,
}

impl SearchRequest {
    /// A plain search for `query`, no filters, 10 hits.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            company: None,
            by: None,
            kinds: Vec::new(),
            speaker: None,
            speakers: Vec::new(),
            holders: Vec::new(),
            transcript: None,
            currency: None,
            min_value: None,
            max_value: None,
            limit: 10,
            entity_words: Vec::new(),
        }
    }

    fn filters_figures(&self) -> bool {
        self.currency.is_some() || self.min_value.is_some() || self.max_value.is_some()
    }

    /// The kinds of record searched: those asked for, else figures when a value or currency
    /// filter is given, else claims and sentences.
    pub fn kinds_searched(&self) -> Vec<HitKind> {
        if self.kinds.is_empty() && self.filters_figures() {
            vec![HitKind::Figure]
        } else if self.kinds.is_empty() {
            vec![HitKind::Claim, HitKind::Sentence]
        } else {
            self.kinds.clone()
        }
    }
}

/// The matching part of a record's text.
#[derive(Debug, Clone, Serialize)]
pub struct Snippet {
    /// A fragment of the text around the match.
    pub text: String,
    /// The matched parts, as char ranges `[start, end)` of `text`.
    pub highlights: Vec<(usize, usize)>,
}

/// One search hit with the ids of everything linked to it.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The record's id.
    pub id: String,
    /// Its kind.
    pub kind: HitKind,
    /// Relevance (BM25, claims boosted).
    pub score: f32,
    /// The record's text.
    pub text: String,
    /// The match in context.
    pub snippet: Snippet,
    /// The transcript.
    pub transcript_id: String,
    /// The transcript's source path.
    pub source: String,
    /// The sentence.
    pub sentence_id: String,
    /// Where the sentence starts in the transcript (code points).
    pub start: usize,
    /// The speaker, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// The section heading, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// When the sentence starts, in seconds, for timed transcripts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_start: Option<f64>,
    /// When the sentence ends, in seconds, for timed transcripts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_end: Option<f64>,
    /// Linked figures.
    pub figures: Vec<String>,
    /// Linked entities.
    pub entities: Vec<String>,
    /// Linked claims.
    pub claims: Vec<String>,
}

/// Run a search.
pub fn search(store: &Store, request: &SearchRequest) -> Result<Vec<Hit>> {
    let f = store.fields;
    let searcher = store.searcher();
    // Words match as tokens of the Japanese analyzer, or else as a run of character
    // bigrams, so a query that does not fall on token boundaries still finds its text.
    let parser = parser(store);
    let text_query = parse(&parser, request, &request.query)?;
    let query = filtered(f, request, text_query.box_clone());
    // Bounded by the documents that exist: a huge --limit allocates nothing more.
    let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    let candidates = request
        .limit
        .saturating_mul(4)
        .saturating_add(20)
        .min(docs)
        .max(1);
    let top = searcher
        .search(&query, &TopDocs::with_limit(candidates).order_by_score())
        .map_err(|e| query_error(request, e))?;
    let mut snippets = SnippetGenerator::create(&searcher, &*text_query, f.text)
        .map_err(|e| query_error(request, e))?;
    // One fragment per record: the whole text, cut afterwards by `snippet::cut`.
    snippets.set_max_num_chars(usize::MAX / 2);

    // Rank and de-duplicate on the cheap fields first; snippets and links only for the
    // hits that are shown.
    let mut ranked = Vec::new();
    for (score, addr) in top {
        let doc: TantivyDocument = searcher.doc(addr).map_err(|e| query_error(request, e))?;
        let Some(kind) = HitKind::parse(&first_str(&doc, f.doc_type)) else {
            continue;
        };
        let score = if kind == HitKind::Claim {
            score * CLAIM_BOOST
        } else {
            score
        };
        let id = first_str(&doc, f.id);
        let sentence_id = first_str(&doc, f.sentence_id);
        ranked.push((score, kind, id, sentence_id, doc));
    }
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
    // A sentence whose claim is already listed adds nothing.
    let claimed: Vec<String> = ranked
        .iter()
        .filter(|r| r.1 == HitKind::Claim)
        .map(|r| r.3.clone())
        .collect();
    ranked.retain(|r| r.1 != HitKind::Sentence || !claimed.contains(&r.3));
    ranked.truncate(request.limit);
    Ok(ranked
        .into_iter()
        .map(|(score, kind, id, sentence_id, doc)| {
            hit(f, &snippets, (score, kind, id, sentence_id), &doc)
        })
        .collect())
}

/// The text query with the request's filters: record kinds, entity, holder, speaker,
/// transcript, currency and value range.
fn filtered(f: Fields, request: &SearchRequest, text_query: Box<dyn Query>) -> BooleanQuery {
    let kinds = request.kinds_searched();
    let term = |field, value: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        ))
    };
    let kind_query = BooleanQuery::new(
        kinds
            .iter()
            .map(|k| (Occur::Should, term(f.doc_type, k.as_str())))
            .collect(),
    );
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
        (Occur::Must, text_query),
        (Occur::Must, Box::new(kind_query)),
    ];
    if let Some(company) = &request.company {
        clauses.push((Occur::Must, term(f.entities, company)));
        // Records that name the company outright rank above those that reach it through a
        // pronoun (彼ら, 同社).
        clauses.push((
            Occur::Should,
            Box::new(BoostQuery::new(
                Box::new(ConstScoreQuery::new(term(f.mentioned, company), 1.0)),
                NAMED_BOOST,
            )),
        ));
    }
    let exact = [
        (f.holder, request.by.clone()),
        (f.speaker, request.speaker.clone()),
        (f.transcript_id, request.transcript.clone()),
        (
            f.currency,
            request.currency.as_ref().map(|c| c.to_ascii_uppercase()),
        ),
    ];
    for (field, value) in exact {
        if let Some(value) = value {
            clauses.push((Occur::Must, term(field, &value)));
        }
    }
    for (field, values) in [(f.holder, &request.holders), (f.speaker, &request.speakers)] {
        if !values.is_empty() {
            let any = values
                .iter()
                .map(|v| (Occur::Should, term(field, v)))
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
    }
    // A range [value, value_max] overlaps [min, max].
    if let Some(min) = request.min_value {
        clauses.push((
            Occur::Must,
            Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_f64(f.value_max, min)),
                Bound::Unbounded,
            )),
        ));
    }
    if let Some(max) = request.max_value {
        clauses.push((
            Occur::Must,
            Box::new(RangeQuery::new(
                Bound::Unbounded,
                Bound::Included(Term::from_field_f64(f.value, max)),
            )),
        ));
    }
    BooleanQuery::new(clauses)
}

/// One shown hit: its snippet and the links stored with it.
fn hit(
    f: Fields,
    snippets: &SnippetGenerator,
    (score, kind, id, sentence_id): (f32, HitKind, String, String),
    doc: &TantivyDocument,
) -> Hit {
    let (body, sentence) = text_and_sentence(f, kind, doc);
    // The whole record is one fragment (its highlights are byte ranges of it), cut to
    // length by `snippet::cut`.
    let snippet = snippets.snippet(&body);
    let offset = snippet.fragment_range().start;
    let highlights: Vec<std::ops::Range<usize>> = snippet
        .highlighted()
        .iter()
        .map(|r| r.start + offset..r.end + offset)
        .collect();
    let (text, highlights) = super::snippet::cut(&body, &highlights);
    let mut links: Links = doc
        .get_first(f.links)
        .and_then(|v| v.as_str())
        .and_then(|b| serde_json::from_str(b).ok())
        .unwrap_or_default();
    if let Some(s) = &sentence {
        links = links.place_from(s);
    }
    Hit {
        id,
        kind,
        score,
        text: body.clone(),
        snippet: Snippet { text, highlights },
        transcript_id: first_str(doc, f.transcript_id),
        source: links.source,
        sentence_id,
        start: links.start,
        speaker: links.speaker,
        section: links.section,
        time_start: links.time_start,
        time_end: links.time_end,
        figures: links.figures,
        entities: links.entities,
        claims: links.claims,
    }
}

/// A hit's text, and for a claim or figure the sentence its record holds (where the hit
/// is: its links leave that out). A sentence document stores its text as `body`.
fn text_and_sentence(
    f: Fields,
    kind: HitKind,
    doc: &TantivyDocument,
) -> (String, Option<Sentence>) {
    let record = doc.get_first(f.record).and_then(|v| v.as_str());
    let from_record = match (kind, record) {
        (HitKind::Claim, Some(json)) => serde_json::from_str::<StoredClaim>(json)
            .ok()
            .map(|r| (r.claim.text, r.sentence)),
        (HitKind::Figure, Some(json)) => serde_json::from_str::<StoredFigure>(json)
            .ok()
            .map(|r| (r.sentence.text.clone(), r.sentence)),
        _ => None,
    };
    match from_record {
        Some((text, sentence)) => (text, Some(sentence)),
        None => (first_str(doc, f.body), None),
    }
}

/// The query parser over the searchable fields, as `search` uses it.
fn parser(store: &Store) -> QueryParser {
    let f = store.fields;
    let mut parser = QueryParser::for_index(store.index(), vec![f.text, f.text_ngram]);
    parser.set_conjunction_by_default();
    parser.set_field_boost(f.text, TOKEN_BOOST);
    parser
}

/// `text` parsed (its entity words widened), or an error that says what is wrong in plain
/// words.
fn parse(parser: &QueryParser, request: &SearchRequest, text: &str) -> Result<Box<dyn Query>> {
    let widened = query_text::with_entity_words(text, &request.entity_words);
    parser.parse_query(&widened).map_err(|e| Error::Query {
        query: request.query.clone(),
        message: query_text::explain(text, &e),
    })
}

/// Why a search found nothing: how many records each of its words finds alone (with the
/// same filters; sentences, when sentences are searched, since a claim's sentence matches
/// what the claim matches), when it has two words or more. Empty when it has one.
pub fn word_counts(store: &Store, request: &SearchRequest) -> Result<Vec<(String, usize)>> {
    let words = query_text::plain_words(&request.query);
    if words.len() < 2 {
        return Ok(Vec::new());
    }
    // A claim's sentence matches what the claim matches: count sentences, not both.
    let mut counted = request.clone();
    if request.kinds_searched().contains(&HitKind::Sentence) {
        counted.kinds = vec![HitKind::Sentence];
    }
    let searcher = store.searcher();
    let parser = parser(store);
    words
        .into_iter()
        .map(|word| {
            let q = filtered(store.fields, &counted, parse(&parser, request, &word)?);
            let n = searcher
                .search(&q, &tantivy::collector::Count)
                .map_err(|e| query_error(request, e))?;
            Ok((word, n))
        })
        .collect()
}

fn query_error(request: &SearchRequest, e: impl std::fmt::Display) -> Error {
    Error::Query {
        query: request.query.clone(),
        message: e.to_string(),
    }
}
