//! The pages' templates (askama, `templates/*.html`, every `{{ value }}` HTML-escaped) and
//! the small view types they show. Text from transcripts only ever reaches a page through
//! these fields, never as markup.

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

/// What every page's frame shows: which menu item is current, and the store.
#[derive(Debug, Clone)]
pub struct Layout {
    /// `search`, `claims`, `figures`, `entities`, or "" for other pages.
    pub here: &'static str,
    /// The store directory and its size, for the header.
    pub store: String,
}

/// A link: where to and what to show.
#[derive(Debug, Clone)]
pub struct Link {
    /// The URL (escaped by the template like any other value).
    pub href: String,
    /// The text.
    pub label: String,
}

/// A piece of text, highlighted or not.
#[derive(Debug, Clone)]
pub struct Segment {
    /// The text.
    pub text: String,
    /// Part of the match.
    pub hl: bool,
}

/// Split `text` into plain and highlighted pieces at the char ranges `highlights`
/// (sorted or not, overlapping or out of range: what cannot be used is ignored).
pub fn segments(text: &str, highlights: &[(usize, usize)]) -> Vec<Segment> {
    let chars: Vec<char> = text.chars().collect();
    let mut ranges: Vec<(usize, usize)> = highlights
        .iter()
        .map(|&(a, b)| (a.min(chars.len()), b.min(chars.len())))
        .filter(|(a, b)| a < b)
        .collect();
    ranges.sort_unstable();
    let mut out = Vec::new();
    let mut at = 0;
    for (a, b) in ranges {
        if a < at {
            continue;
        }
        if a > at {
            out.push(Segment {
                text: chars[at..a].iter().collect(),
                hl: false,
            });
        }
        // Adjacent matches (`文字` `列`) read as one.
        match out.last_mut() {
            Some(last) if last.hl && a == at => last.text.extend(&chars[a..b]),
            _ => out.push(Segment {
                text: chars[a..b].iter().collect(),
                hl: true,
            }),
        }
        at = b;
    }
    if at < chars.len() {
        out.push(Segment {
            text: chars[at..].iter().collect(),
            hl: false,
        });
    }
    out
}

/// Seconds as `m:ss` or `h:mm:ss`.
pub fn timestamp(seconds: Option<f64>) -> Option<String> {
    let s = seconds.filter(|s| s.is_finite() && *s >= 0.0)? as u64;
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    Some(if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    })
}

/// The filters of the search form, as typed.
#[derive(Debug, Clone, Default)]
pub struct SearchForm {
    /// Words.
    pub q: String,
    /// Company.
    pub company: String,
    /// Holder.
    pub by: String,
    /// Speaker.
    pub speaker: String,
    /// Record kind.
    pub kind: String,
    /// Currency.
    pub currency: String,
}

/// One search hit as shown.
#[derive(Debug, Clone)]
pub struct HitView {
    /// Record id.
    pub id: String,
    /// `claim`, `sentence` or `figure`.
    pub kind: &'static str,
    /// The snippet, highlighted.
    pub segments: Vec<Segment>,
    /// Speaker.
    pub speaker: Option<String>,
    /// Time stamp.
    pub time: Option<String>,
    /// Section heading.
    pub section: Option<String>,
    /// Transcript source.
    pub source: String,
    /// The record's page.
    pub href: String,
    /// The sentence in its transcript.
    pub context: String,
    /// Linked entities.
    pub entities: Vec<Link>,
    /// Linked figures and claims.
    pub records: Vec<Link>,
}

/// The search page.
#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    /// Frame.
    pub layout: Layout,
    /// The form, as typed.
    pub form: SearchForm,
    /// Hits, best first.
    pub hits: Vec<HitView>,
    /// A query was given.
    pub searched: bool,
    /// Example searches for an empty page.
    pub examples: Vec<Link>,
}

/// One row of a record list (claims, figures, checks, …) on record and entity pages.
#[derive(Debug, Clone)]
pub struct Row {
    /// The record's page.
    pub href: String,
    /// Its id.
    pub id: String,
    /// A short badge: kind or verdict.
    pub badge: String,
    /// The text.
    pub text: String,
    /// Speaker, time, value, …
    pub meta: String,
}

/// A titled list of rows.
#[derive(Debug, Clone)]
pub struct RecordList {
    /// The heading.
    pub title: String,
    /// Rows.
    pub rows: Vec<Row>,
}

/// One claim in the claims table.
#[derive(Debug, Clone)]
pub struct ClaimRow {
    /// Claim id and page.
    pub id: String,
    /// The id without its transcript part (`c0007`), as shown.
    pub short: String,
    /// Kind.
    pub kind: String,
    /// Polarity, negated, hedged.
    pub flags: String,
    /// Holder.
    pub holder: Option<Link>,
    /// Targets.
    pub targets: Vec<Link>,
    /// The claim's text.
    pub text: String,
    /// Speaker.
    pub speaker: Option<String>,
    /// Time stamp.
    pub time: Option<String>,
    /// The sentence in its transcript.
    pub context: String,
}

/// A list page's position: what is shown out of how many, and links to move.
#[derive(Debug, Clone)]
pub struct Pager {
    /// First shown (1-based), last shown, total.
    pub from: usize,
    /// Last shown.
    pub to: usize,
    /// All that match.
    pub total: usize,
    /// The previous page.
    pub prev: Option<String>,
    /// The next page.
    pub next: Option<String>,
}

/// The claims page.
#[derive(Template)]
#[template(path = "claims.html")]
pub struct ClaimsPage {
    /// Frame.
    pub layout: Layout,
    /// Filters as typed: company, by, kind, polarity.
    pub company: String,
    /// Holder.
    pub by: String,
    /// The claim kinds to choose from, the chosen one marked.
    pub kinds: Vec<(&'static str, bool)>,
    /// The polarities to choose from, the chosen one marked.
    pub polarities: Vec<(&'static str, bool)>,
    /// Rows.
    pub rows: Vec<ClaimRow>,
    /// Position.
    pub pager: Pager,
    /// The same list as JSON.
    pub api: String,
}

/// One figure in the figure table.
#[derive(Debug, Clone)]
pub struct FigureRow {
    /// Figure id.
    pub id: String,
    /// The id without its transcript part (`f0018`), as shown.
    pub short: String,
    /// As written.
    pub text: String,
    /// Value (a range as `a–b`).
    pub value: String,
    /// Currency.
    pub currency: String,
    /// Unit.
    pub unit: String,
    /// Kind.
    pub kind: String,
    /// approx, vague, bound, rate, period.
    pub qualifiers: String,
    /// Companies.
    pub companies: Vec<Link>,
    /// Speaker.
    pub speaker: Option<String>,
    /// Time stamp.
    pub time: Option<String>,
    /// The sentence in its transcript.
    pub context: String,
}

/// A sortable column header.
#[derive(Debug, Clone)]
pub struct Column {
    /// Label.
    pub label: &'static str,
    /// Link that sorts by it (or reverses the order).
    pub href: String,
    /// Sorted by it now.
    pub sorted: bool,
    /// Descending.
    pub desc: bool,
}

/// The figures page.
#[derive(Template)]
#[template(path = "figures.html")]
pub struct FiguresPage {
    /// Frame.
    pub layout: Layout,
    /// Filters as typed.
    pub company: String,
    /// Currency.
    pub currency: String,
    /// The figure kinds to choose from, the chosen one marked.
    pub kinds: Vec<(&'static str, bool)>,
    /// Sort and dir, kept in the filter form.
    pub sort: String,
    /// asc or desc.
    pub dir: String,
    /// Column headers.
    pub columns: Vec<Column>,
    /// Rows.
    pub rows: Vec<FigureRow>,
    /// Position.
    pub pager: Pager,
    /// The CSV download of these filters.
    pub csv: String,
    /// The same list as JSON.
    pub api: String,
}

/// A sentence with the record inside it highlighted.
#[derive(Debug, Clone)]
pub struct SentenceView {
    /// Sentence id.
    pub id: String,
    /// Text, the record's span highlighted.
    pub segments: Vec<Segment>,
    /// Speaker.
    pub speaker: Option<String>,
    /// Time stamp.
    pub time: Option<String>,
    /// Section heading.
    pub section: Option<String>,
    /// The sentence in its transcript.
    pub context: String,
}

/// The page of one record (sentence, figure, mention, claim, check or conflict).
#[derive(Template)]
#[template(path = "record.html")]
pub struct RecordPage {
    /// Frame.
    pub layout: Layout,
    /// Record type.
    pub kind: String,
    /// Record id.
    pub id: String,
    /// Its transcript.
    pub transcript: Option<Link>,
    /// Its sentence.
    pub sentence: Option<SentenceView>,
    /// The record's own fields, as text.
    pub fields: Vec<(String, String)>,
    /// Linked entities.
    pub entities: Vec<Link>,
    /// Linked records, by kind.
    pub lists: Vec<RecordList>,
    /// The JSON `show --format json` prints.
    pub json: String,
    /// `/api/record/ID`.
    pub api: String,
}

/// One sentence of a transcript page.
#[derive(Debug, Clone)]
pub struct Line {
    /// Sentence id (the anchor).
    pub id: String,
    /// A section heading starting here.
    pub section: Option<String>,
    /// Speaker, when it changes here.
    pub speaker: Option<String>,
    /// Time stamp.
    pub time: Option<String>,
    /// Text.
    pub text: String,
    /// Claims and figures in it, as a short note.
    pub note: String,
}

/// A whole transcript, sentence by sentence, each an anchor.
#[derive(Template)]
#[template(path = "transcript.html")]
pub struct TranscriptPage {
    /// Frame.
    pub layout: Layout,
    /// Transcript id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Source, date, show, episode, format.
    pub fields: Vec<(String, String)>,
    /// Sentences.
    pub lines: Vec<Line>,
    /// `/api/record/ID`.
    pub api: String,
}

/// An entity across the store.
#[derive(Template)]
#[template(path = "entity.html")]
pub struct EntityPage {
    /// Frame.
    pub layout: Layout,
    /// Entity id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Type, ticker, note, aliases, mentions.
    pub fields: Vec<(String, String)>,
    /// Transcripts that name it.
    pub transcripts: Vec<Link>,
    /// Claims about it, claims it holds, figures, checks, and whatever later record
    /// kinds add (see `pages::entity_lists`).
    pub lists: Vec<RecordList>,
    /// Searches and lists filtered by it.
    pub filtered: Vec<Link>,
    /// `/api/entity/ID`.
    pub api: String,
}

/// One line of the entities page.
#[derive(Debug, Clone)]
pub struct EntityLine {
    /// The entity's page.
    pub href: String,
    /// Name.
    pub name: String,
    /// Id.
    pub id: String,
    /// Type.
    pub kind: String,
    /// Mentions.
    pub mentions: usize,
    /// Claims about it.
    pub claims: usize,
    /// Figures about it.
    pub figures: usize,
    /// Transcripts.
    pub transcripts: usize,
}

/// Every entity in the store.
#[derive(Template)]
#[template(path = "entities.html")]
pub struct EntitiesPage {
    /// Frame.
    pub layout: Layout,
    /// Entities, most mentioned first.
    pub entities: Vec<EntityLine>,
}

/// A failed request.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    /// Frame.
    pub layout: Layout,
    /// The status code.
    pub status: u16,
    /// Its reason phrase.
    pub reason: String,
    /// What went wrong.
    pub message: String,
}

/// Render a page, or a plain 500 if rendering fails (it cannot, short of memory).
pub fn html(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("cannot render the page: {e}\n"),
        )
            .into_response(),
    }
}

/// The error page for `status`.
pub fn error_page(status: StatusCode, message: &str) -> Response {
    let page = ErrorPage {
        layout: Layout {
            here: "",
            store: String::new(),
        },
        status: status.as_u16(),
        reason: status.canonical_reason().unwrap_or("").to_string(),
        message: message.to_string(),
    };
    html(status, &page)
}
