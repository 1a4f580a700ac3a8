//! The frame of a transcript: which organisation it is about and whom each speaker speaks
//! for, so that statements with no subject of their own (今期は増収を見込む), self-references
//! (当社, われわれ) and questions find what they are about.
//!
//! - The **host** is the organisation a results call or a leader's interview is about: the
//!   first organisation in a header line with an event word (決算, 説明会, 電話会議…), else
//!   an organisation right before a person with a leader's title in the header
//!   (`ヨツバ計算機・桐生拓真社長`).
//! - **Speakers**: answer labels (`A`, `A(春日井)`) and the people of a host roster line
//!   (`登壇者：社長 山田太郎`) speak for the host; a label that is a person introduced with
//!   an organisation (`大和証券の新堂亮様`, `大和証券の新堂です`) speaks for it; question
//!   labels (`Q`, `記者`) and analysts ask about the host. In an interview, the unlabelled
//!   paragraphs after the first `──` question are the interviewee's, the `──` lines the
//!   interviewer's. Moderators speak for nobody.
//!
//! The words are in `claims.toml` under `[frame]`.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Deserialize;

use crate::extract::entities::SentenceMention;
use crate::record::EntityType;

/// The `[frame]` table of `claims.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FrameRules {
    /// Words of a header line that make its organisation the host (決算, 説明会).
    event: Vec<String>,
    /// Titles after a person that make their organisation the host of an interview.
    leader_titles: Vec<String>,
    /// Roster words whose people speak for the host (登壇者).
    host_rosters: Vec<String>,
    /// Speaker labels that answer for the host (A, 回答).
    answer_labels: Vec<String>,
    /// Speaker labels that ask (Q, 記者).
    question_labels: Vec<String>,
    /// Speaker labels that speak for nobody (司会).
    moderator_labels: Vec<String>,
    /// What starts an interviewer's line (──).
    interviewer_marks: Vec<String>,
    /// How many sentences at the start count as the header.
    header_sentences: usize,
}

/// What the frame needs of one sentence.
#[derive(Debug, Clone, Copy)]
pub struct FrameSentence<'a> {
    /// The sentence (normalised).
    pub text: &'a str,
    /// Its speaker label, if any.
    pub speaker: Option<&'a str>,
    /// The entities it names (offsets relative to the sentence).
    pub mentions: &'a [SentenceMention],
}

/// What the frame says of one sentence: whom its speaker speaks for, and what a statement
/// with no subject of its own is about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentenceContext {
    /// The organisation the speaker speaks for (当社 and われわれ mean it).
    pub speaker_org: Option<(String, EntityType)>,
    /// The organisation a statement or question with no other subject is about.
    pub host: Option<(String, EntityType)>,
    /// Whether the speaker is the one asking (a `Q` label, a `──` line, an analyst on a
    /// results call): elliptical lines (`最後に株主還元について。`) are questions.
    pub asks: bool,
    /// The organisation each person was introduced with anywhere in the transcript
    /// (`アマテラス・スペース株式会社（北海道大樹町）の久遠寺颯社長`): person entity id →
    /// organisation. A quoted person's words with no other target are about it.
    pub employers: Arc<HashMap<String, (String, EntityType)>>,
}

/// Which side of a results call or interview a sentence's speaker is on.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Side {
    Host,
    Asks,
    For(String, EntityType),
    Nobody,
}

/// A transcript's frame.
#[derive(Debug, Clone, Default)]
pub struct Frame {
    host: Option<(String, EntityType)>,
    sides: Vec<Side>,
    employers: Arc<HashMap<String, (String, EntityType)>>,
}

fn org(m: &SentenceMention) -> bool {
    m.kind.is_organisation() && m.kind != EntityType::Media
}

fn chars_from(text: &str, at: usize) -> String {
    text.chars().skip(at).take(12).collect()
}

fn char_before(text: &str, at: usize) -> Option<char> {
    at.checked_sub(1).and_then(|i| text.chars().nth(i))
}

impl FrameRules {
    fn starts(list: &[String], s: &str) -> bool {
        list.iter().any(|w| s.starts_with(w.as_str()))
    }

    /// The host, and the interviewee when found through a leader's title.
    fn host(&self, header: &[FrameSentence<'_>]) -> Option<(String, EntityType)> {
        for s in header {
            if self.event.iter().any(|e| s.text.contains(e.as_str()))
                && let Some(m) = s.mentions.iter().find(|m| org(m))
            {
                return Some((m.entity.clone(), m.kind));
            }
        }
        for s in header {
            for p in s.mentions.iter().filter(|m| m.kind == EntityType::Person) {
                let led = Self::starts(&self.leader_titles, &chars_from(s.text, p.end));
                let o = s.mentions.iter().find(|o| {
                    org(o)
                        && (o.end == p.start
                            || (o.end + 1 == p.start
                                && matches!(char_before(s.text, p.start), Some('・' | 'の' | ' '))))
                });
                if led && let Some(o) = o {
                    return Some((o.entity.clone(), o.kind));
                }
            }
        }
        None
    }
}

/// Whether organisation `o` introduces person `p` of `text`: right before them, or before
/// の, ・ or a space, with an optional parenthesis between (`X株式会社（北海道大樹町）の`).
fn introduces(text: &str, o: &SentenceMention, p: &SentenceMention) -> bool {
    if o.end == p.start {
        return true;
    }
    if o.end >= p.start || !matches!(char_before(text, p.start), Some('の' | '・' | ' ')) {
        return false;
    }
    let between: String = text.chars().skip(o.end).take(p.start - 1 - o.end).collect();
    // A legal form the name left out may come first (`…工業株式会社（…）の`).
    let paren = between.find(['(', '（']).unwrap_or(0);
    between.is_empty()
        || (between[..paren].chars().count() <= LEGAL_FORM_CHARS
            && (between.ends_with(')') || between.ends_with('）'))
            && between.chars().count() <= PARENTHESIS_CHARS)
}

/// The longest legal form between an organisation's name and a parenthesis (株式会社).
const LEGAL_FORM_CHARS: usize = 4;

/// The longest parenthesis between an organisation and the person it introduces (a place
/// or a ticker: `（北海道大樹町）`).
const PARENTHESIS_CHARS: usize = 16;

/// People introduced with an organisation (`大和証券の新堂亮様`): person mention text →
/// organisation, and person entity id → organisation.
type Affiliations = (
    HashMap<String, (String, EntityType)>,
    HashMap<String, (String, EntityType)>,
);

fn affiliations(sentences: &[FrameSentence<'_>]) -> Affiliations {
    let (mut by_name, mut by_id) = (HashMap::new(), HashMap::new());
    for s in sentences {
        for p in s.mentions.iter().filter(|m| m.kind == EntityType::Person) {
            let o = s
                .mentions
                .iter()
                .find(|o| org(o) && introduces(s.text, o, p));
            if let Some(o) = o {
                let name: String = s.text.chars().skip(p.start).take(p.end - p.start).collect();
                by_name.entry(name).or_insert((o.entity.clone(), o.kind));
                by_id
                    .entry(p.entity.clone())
                    .or_insert((o.entity.clone(), o.kind));
            }
        }
    }
    (by_name, by_id)
}

impl Frame {
    /// The frame of a transcript's sentences.
    pub(super) fn build(rules: &FrameRules, sentences: &[FrameSentence<'_>]) -> Frame {
        let first_label = sentences
            .iter()
            .position(|s| s.speaker.is_some())
            .unwrap_or(sentences.len());
        let header = &sentences[..first_label.max(rules.header_sentences).min(sentences.len())];
        let host = rules.host(header);
        let (introduced, employers) = affiliations(sentences);
        // The people of a host roster line speak for the host.
        let mut hosts: Vec<String> = Vec::new();
        for s in header {
            if FrameRules::starts(&rules.host_rosters, s.text) {
                for p in s.mentions.iter().filter(|m| m.kind == EntityType::Person) {
                    hosts.push(s.text.chars().skip(p.start).take(p.end - p.start).collect());
                }
            }
        }
        let interview = sentences
            .iter()
            .position(|s| FrameRules::starts(&rules.interviewer_marks, s.text));
        let side_of_label = |label: &str| -> Side {
            let (head, inner) = match label.split_once(['(', '（']) {
                Some((h, rest)) => (h.trim(), Some(rest.trim_end_matches([')', '）']).trim())),
                None => (label.trim(), None),
            };
            let is = |list: &[String], w: &str| list.iter().any(|x| x == w);
            if is(&rules.moderator_labels, head) {
                return Side::Nobody;
            }
            if is(&rules.answer_labels, head) {
                return Side::Host;
            }
            if is(&rules.question_labels, head) {
                return Side::Asks;
            }
            let name = inner.unwrap_or(head);
            if hosts.iter().any(|h| h.starts_with(name)) {
                return Side::Host;
            }
            match introduced.iter().find(|(p, _)| p.starts_with(name)) {
                Some((_, o)) if Some(o) == host.as_ref() => Side::Host,
                Some((_, (id, kind))) => Side::For(id.clone(), *kind),
                None => Side::Nobody,
            }
        };
        let mut sides = Vec::with_capacity(sentences.len());
        for (i, s) in sentences.iter().enumerate() {
            let side = match (s.speaker, interview) {
                (Some(label), _) => side_of_label(label),
                (None, Some(q)) if i >= q => {
                    if FrameRules::starts(&rules.interviewer_marks, s.text) {
                        Side::Asks
                    } else {
                        Side::Host
                    }
                }
                _ => Side::Nobody,
            };
            sides.push(side);
        }
        Frame {
            host,
            sides,
            employers: Arc::new(employers),
        }
    }

    /// What the frame says of sentence `i`.
    ///
    /// With no host, only the asking side is known: the other sides speak for an
    /// organisation only relative to a host. With one, a person introduced with another
    /// organisation (an analyst of a results call) asks.
    pub fn context(&self, i: usize) -> SentenceContext {
        let side = self.sides.get(i);
        let asks = matches!(side, Some(Side::Asks))
            || (self.host.is_some() && matches!(side, Some(Side::For(..))));
        let employers = Arc::clone(&self.employers);
        let Some(host) = &self.host else {
            return SentenceContext {
                asks,
                employers,
                ..SentenceContext::default()
            };
        };
        let speaker_org = match side {
            Some(Side::Host) => Some(host.clone()),
            Some(Side::For(id, kind)) => Some((id.clone(), *kind)),
            _ => None,
        };
        match side {
            Some(Side::Host | Side::Asks | Side::For(..)) => SentenceContext {
                speaker_org,
                host: Some(host.clone()),
                asks,
                employers,
            },
            _ => SentenceContext {
                employers,
                ..SentenceContext::default()
            },
        }
    }
}
