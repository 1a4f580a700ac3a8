//! Stage 3: sections, speaker turns and sentences.
//!
//! Works on the normalised text and returns char-offset spans into it. Nothing is added,
//! changed or dropped: the sentences and the gaps between them (whitespace, heading lines,
//! speaker labels) put back together give the input exactly.
//!
//! - A **heading** is a short line (at most [`MAX_HEADING_CHARS`]) with no sentence-final
//!   punctuation, between other lines, or a Markdown `#` line. It names the section of the
//!   sentences after it and is itself a sentence marked `heading` (its names are found, it
//!   makes no claim).
//! - A **roster or caption line** (`登壇者：…`, `出演：…`, `写真：…`, see
//!   [`crate::text::is_roster_tag`]) is a sentence spoken by nobody, and ends the turn of
//!   the speaker before it.
//! - A **speaker label** is `Name: `, `Name：` (so also `司会：`, `Q:`, `A:`) or `【Name】` at
//!   the start of a line, the name short and without sentence punctuation; the text after it,
//!   and every line after it until the next label, is spoken by that name. `10:30` and
//!   `https://` are not labels, nor is `【…】` inside a sentence, nor a headline tag such as
//!   `【速報】` at a line start: a line that is one, or one followed by a headline without
//!   sentence punctuation, is a heading, never the speaker of what follows.
//! - **Front matter** (a leading `---` … `---` block of `key: value` lines, see
//!   [`crate::source::front_matter`]) and horizontal rules (`---`, `***`) are neither headings
//!   nor sentences: they stay in the gaps.
//! - A **sentence** ends after `。！？!?` (and any run of them) or at the end of a line. A
//!   closing bracket `」』）)` right after the end mark stays with its sentence, and text in
//!   brackets is not split while the bracket closes on the same line, so a quoted remark and
//!   its `と言いました` stay together.

use crate::text::{headline_tag, is_end_mark, is_roster_tag, speaker_label};

/// Lines longer than this are never headings.
pub const MAX_HEADING_CHARS: usize = 40;

/// Lines that start with a headline tag (`【インタビュー】…`) and are longer than this are
/// never headings.
pub const MAX_TAGGED_HEADING_CHARS: usize = 120;

/// Quoted text longer than this may be split into sentences even inside brackets.
pub const MAX_UNSPLIT_QUOTE_CHARS: usize = 300;

/// Characters that, right after a closing quote, show the quote is part of a longer sentence.
const QUOTE_CONTINUATIONS: &str = "とっ、,のをがはもでにや";

/// One sentence found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceSpan {
    /// Start (char offset in the normalised text, inclusive).
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The heading of the section it is in.
    pub section: Option<String>,
    /// The speaker, when a label names one.
    pub speaker: Option<String>,
    /// It is a heading line (a title, a byline): its names count, it makes no claim.
    pub heading: bool,
}

/// The output of segmentation.
#[derive(Debug, Clone, Default)]
pub struct Segments {
    /// Sentences in order, non-overlapping.
    pub sentences: Vec<SentenceSpan>,
    /// Section headings in order, with their char spans.
    pub headings: Vec<(usize, usize, String)>,
}

/// Split a normalised text into sentences with their section and speaker.
pub fn segment(text: &str) -> Segments {
    let chars: Vec<char> = text.chars().collect();
    let lines = line_spans(&chars);
    let mut out = Segments::default();
    let mut section: Option<String> = None;
    let mut speaker: Option<String> = None;
    let skip_to = crate::source::front_matter(text).map_or(0, |f| f.end);
    for (i, &(start, end)) in lines.iter().enumerate() {
        if start < skip_to {
            continue;
        }
        let line = &chars[start..end];
        let (content_start, content_end) = trim(line, start);
        if content_start >= content_end {
            continue;
        }
        let content = &chars[content_start..content_end];
        if is_rule(content) {
            continue;
        }
        let has_neighbours = i > 0 && i + 1 < lines.len();
        if let Some(title) = heading(content, has_neighbours) {
            out.headings
                .push((content_start, content_end, title.clone()));
            section = Some(title.clone());
            out.sentences.push(SentenceSpan {
                start: content_start,
                end: content_end,
                section: Some(title),
                speaker: None,
                heading: true,
            });
            continue;
        }
        let mut body_start = content_start;
        if let Some((name, _)) = speaker_label(content)
            && is_roster_tag(&name)
        {
            // `登壇者：…`, `写真：…`: a list of people or a caption, spoken by nobody.
            speaker = None;
        } else if let Some((name, after)) = speaker_label(content) {
            speaker = Some(name);
            body_start = content_start + after;
            while body_start < content_end && chars[body_start].is_whitespace() {
                body_start += 1;
            }
        }
        for (s, e) in sentences_in(&chars, body_start, content_end) {
            out.sentences.push(SentenceSpan {
                start: s,
                end: e,
                section: section.clone(),
                speaker: speaker.clone(),
                heading: false,
            });
        }
    }
    out
}

/// Spans of the lines, without their line terminators.
fn line_spans(chars: &[char]) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            lines.push((start, i));
            start = i + 1;
        }
    }
    if start < chars.len() {
        lines.push((start, chars.len()));
    }
    lines
}

/// Trim whitespace (including `\r`) from both ends of a line; returns absolute offsets.
fn trim(line: &[char], offset: usize) -> (usize, usize) {
    let lead = line.iter().take_while(|c| c.is_whitespace()).count();
    let trail = line[lead..]
        .iter()
        .rev()
        .take_while(|c| c.is_whitespace())
        .count();
    (offset + lead, offset + line.len() - trail)
}

fn is_closing(c: char) -> bool {
    matches!(c, '」' | '』' | '）' | ')' | '】' | '〉' | '》')
}

fn is_opening(c: char) -> bool {
    matches!(c, '「' | '『' | '（' | '(' | '【' | '〈' | '《')
}

/// A heading's title, if this line is one.
fn heading(content: &[char], has_neighbours: bool) -> Option<String> {
    if content.first() == Some(&'#') {
        let title: String = content.iter().collect();
        let title = title.trim_start_matches('#').trim().to_string();
        return (!title.is_empty()).then_some(title);
    }
    if !has_neighbours {
        return None;
    }
    // `【速報】` alone, or before a headline without sentence punctuation (a tagged
    // headline may be long).
    if let Some(tag) = headline_tag(content)
        && content.len() <= MAX_TAGGED_HEADING_CHARS
        && !content[tag..].iter().any(|&c| is_end_mark(c))
    {
        return Some(content.iter().collect());
    }
    if content.len() > MAX_HEADING_CHARS {
        return None;
    }
    if content
        .iter()
        .any(|&c| is_end_mark(c) || c == '、' || c == ',' || c == ':' || c == '：')
    {
        return None;
    }
    if content.last().is_some_and(|&c| is_closing(c) || c == '…') {
        return None;
    }
    Some(content.iter().collect())
}

/// A Markdown horizontal rule: three or more of one of `-*_=`, spaces allowed.
fn is_rule(content: &[char]) -> bool {
    let marks: Vec<char> = content.iter().copied().filter(|c| *c != ' ').collect();
    marks.len() >= 3
        && matches!(marks[0], '-' | '*' | '_' | '=')
        && marks.iter().all(|&c| c == marks[0])
}

/// Sentence spans inside `[start, end)`, trimmed of surrounding whitespace.
fn sentences_in(chars: &[char], start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut sentence_start = start;
    let mut depth = 0usize;
    let mut quote_start = 0usize;
    let mut i = start;
    while i < end {
        let c = chars[i];
        if is_opening(c) {
            if depth == 0 {
                quote_start = i;
            }
            // Only hold sentences together if the bracket closes on this line.
            if closes_before(chars, i, end) {
                depth += 1;
            }
        } else if is_closing(c) {
            depth = depth.saturating_sub(1);
            // 「大丈夫。」次。: a quote that ends a sentence, not followed by a quotative
            // particle (と, って) or other particle, ends the sentence with it.
            let ended = i > start && is_end_mark(chars[i - 1]);
            let continues = chars.get(i + 1).is_some_and(|&n| {
                i + 1 < end && (is_end_mark(n) || is_closing(n) || QUOTE_CONTINUATIONS.contains(n))
            });
            if depth == 0 && ended && !continues {
                push_trimmed(chars, sentence_start, i + 1, &mut out);
                sentence_start = i + 1;
            }
        }
        let quote_too_long = depth > 0 && i - quote_start > MAX_UNSPLIT_QUOTE_CHARS;
        if is_end_mark(c) && (depth == 0 || quote_too_long) {
            let mut j = i + 1;
            while j < end && (is_end_mark(chars[j]) || (depth == 0 && is_closing(chars[j]))) {
                j += 1;
            }
            push_trimmed(chars, sentence_start, j, &mut out);
            sentence_start = j;
            i = j;
            continue;
        }
        i += 1;
    }
    push_trimmed(chars, sentence_start, end, &mut out);
    out
}

fn closes_before(chars: &[char], open: usize, end: usize) -> bool {
    let mut depth = 0usize;
    for &c in &chars[open..end] {
        if is_opening(c) {
            depth += 1;
        } else if is_closing(c) {
            depth -= 1;
            if depth == 0 {
                return true;
            }
        }
    }
    false
}

fn push_trimmed(chars: &[char], start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let (s, e) = trim(&chars[start..end], start);
    if s < e {
        out.push((s, e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::is_label_name;

    fn texts(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        segment(text)
            .sentences
            .iter()
            .map(|s| chars[s.start..s.end].iter().collect())
            .collect()
    }

    #[test]
    fn splits_on_end_marks_and_keeps_quotes_whole() {
        assert_eq!(
            texts("前書き。\n見出し\n彼は「買え。素晴らしい」と言った。本当? はい！"),
            vec![
                "前書き。",
                "見出し",
                "彼は「買え。素晴らしい」と言った。",
                "本当?",
                "はい！"
            ]
        );
    }

    #[test]
    fn headings_name_sections_and_labels_name_speakers() {
        let seg = segment("導入。\nOracle の危険な賭け\nEd Zitron: 資金が枯渇しつつあります。\n");
        assert_eq!(seg.headings.len(), 1);
        assert!(seg.sentences[1].heading);
        let s = &seg.sentences[2];
        assert_eq!(s.section.as_deref(), Some("Oracle の危険な賭け"));
        assert_eq!(s.speaker.as_deref(), Some("Ed Zitron"));
    }

    #[test]
    fn roster_and_caption_lines_are_spoken_by_nobody() {
        let seg = segment(
            "司会：始めます。\n登壇者：社長 山田太郎、CFO 川口花子\n山田：はい。\n写真：会見する山田社長\n",
        );
        let got: Vec<Option<&str>> = seg.sentences.iter().map(|x| x.speaker.as_deref()).collect();
        assert_eq!(got, [Some("司会"), None, Some("山田"), None]);
        assert!(seg.sentences[1].start < seg.sentences[1].end);
    }

    #[test]
    fn label_forms() {
        let speakers = |text: &str| -> Vec<Option<String>> {
            segment(text)
                .sentences
                .into_iter()
                .map(|s| s.speaker)
                .collect()
        };
        assert_eq!(
            speakers("司会：はい。\nQ: 本当?\nA: はい。\n【山田】そうです。続けます。\n"),
            [
                Some("司会"),
                Some("Q"),
                Some("A"),
                Some("山田"),
                Some("山田")
            ]
            .map(|s| s.map(String::from))
        );
        // Not labels: a time, a URL, a bracket inside a sentence.
        assert_eq!(
            speakers(
                "会議は10:30に始まる。\nhttps://example.com を見て。\n彼は【重要】と言った。\n"
            ),
            [None, None, None]
        );
        assert!(is_label_name("SPEAKER_01") && is_label_name("Ed Zitron"));
        assert!(!is_label_name("a:b") && !is_label_name("はい。"));
    }

    #[test]
    fn headline_tags_are_headings_not_speakers() {
        let s = segment(
            "はじめに。\n【速報】Oracleが資金を調達\n本文です。\n【速報】\n続きです。\n【山田】そうです。\n",
        );
        let got: Vec<(Option<&str>, Option<&str>)> = s
            .sentences
            .iter()
            .filter(|x| !x.heading)
            .map(|x| (x.section.as_deref(), x.speaker.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (None, None),
                (Some("【速報】Oracleが資金を調達"), None),
                (Some("【速報】"), None),
                (Some("【速報】"), Some("山田")),
            ]
        );
        // 【第3回】 is a tag, 【第一生命】 a name.
        let s = segment("【第3回】\n【第一生命】ええ。\n");
        let got: Vec<Option<&str>> = s
            .sentences
            .iter()
            .filter(|x| !x.heading)
            .map(|x| x.speaker.as_deref())
            .collect();
        assert_eq!(got, [None, Some("第一生命")]);
        // With sentence punctuation, a tagged line is a sentence, still spoken by no one.
        let s = segment("【速報】資金が尽きました。\n次です。\n");
        assert!(s.sentences.iter().all(|x| x.speaker.is_none()));
        assert_eq!(s.sentences.len(), 2);
    }

    #[test]
    fn front_matter_and_rules_are_gaps() {
        let text = "---\ntitle: T\ndate: 2025-11-06\n---\n本文です。\n\n---\n次。\n";
        assert_eq!(texts(text), ["本文です。", "次。"]);
        assert!(segment(text).headings.is_empty());
    }

    #[test]
    fn closing_bracket_after_end_mark_stays() {
        assert_eq!(texts("「大丈夫。」次。"), vec!["「大丈夫。」", "次。"]);
    }
}
