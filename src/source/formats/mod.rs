//! Timed transcript formats: SubRip (`.srt`), WebVTT (`.vtt`), Whisper JSON, Podcasting 2.0
//! JSON and plain text with timestamps at line starts.
//!
//! Each parser turns a decoded file into [`Cue`]s (time, speaker, text); [`rebuild`] joins
//! the cues into one transcript text for the rest of the pipeline, with a
//! [`TimedSpan`] per cue covering exactly the characters that came from it.
//!
//! Joining follows how people write: a cue that does not end a sentence runs straight on
//! into the next (with no space between Japanese characters, one space between Latin
//! words), so a sentence split across cues becomes one sentence again; a change of speaker
//! starts a new line with a `Name: ` label, and a long pause after a finished sentence
//! starts a new line (a paragraph).
//!
//! Parsers never panic: a damaged cue is skipped or repaired with a warning in
//! [`Parsed::warnings`]; only a file whose intent cannot be recovered is an error (a
//! message without the file name, which the caller adds).

pub mod podcast;
pub mod rolling;
pub mod srt;
pub mod timed_text;
pub mod vtt;
pub mod whisper;

use crate::text::{is_cjk, is_label_name, speaker_label};

/// A stretch of the transcript text with its time and speaker, from timed inputs
/// (subtitles, Whisper JSON) or speaker labels.
#[derive(Debug, Clone, PartialEq)]
pub struct TimedSpan {
    /// Start (char offset into [`crate::source::SourceText::text`], inclusive).
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// Start time in seconds.
    pub time_start: Option<f64>,
    /// End time in seconds.
    pub time_end: Option<f64>,
    /// Who speaks.
    pub speaker: Option<String>,
}

/// A pause between cues (seconds) after a finished sentence that starts a new paragraph.
pub const PARAGRAPH_PAUSE_SECONDS: f64 = 2.0;

/// One subtitle cue or Whisper segment.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    /// Start time in seconds.
    pub time_start: Option<f64>,
    /// End time in seconds.
    pub time_end: Option<f64>,
    /// Who speaks, when the file says.
    pub speaker: Option<String>,
    /// The text, markup removed (lines of a cue may still be separated by `\n`).
    pub text: String,
}

/// What a parser found in a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    /// The cues in file order.
    pub cues: Vec<Cue>,
    /// Problems recovered from, one line each (`cue 12: …`).
    pub warnings: Vec<String>,
    /// A title, when the file gives one (the WebVTT header line).
    pub title: Option<String>,
}

/// The transcript text rebuilt from cues, and where each cue's text is in it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rebuilt {
    /// The text: cue texts joined, with `Name: ` labels at speaker changes.
    pub text: String,
    /// One span per non-empty cue, in order, char offsets into `text`.
    pub timeline: Vec<TimedSpan>,
}

/// Join cues into one text (see the module documentation).
///
/// Speaker labels are written only when every speaker name would read back as a label
/// (see [`crate::text::speaker_label`]); otherwise the speakers are carried by the timeline
/// alone.
pub fn rebuild(cues: &[Cue]) -> Rebuilt {
    let labels = cues
        .iter()
        .filter_map(|c| c.speaker.as_deref())
        .all(is_label_name);
    let mut out = Rebuilt::default();
    let mut len = 0usize; // chars in out.text
    let mut prev: Option<&Cue> = None;
    for cue in cues {
        let text = join_lines(&cue.text);
        if text.is_empty() {
            continue;
        }
        let label = |out: &mut String, len: &mut usize| {
            if let (true, Some(name)) = (labels, cue.speaker.as_deref()) {
                out.push_str(name);
                out.push_str(": ");
                *len += name.chars().count() + 2;
            }
        };
        match prev {
            None => label(&mut out.text, &mut len),
            Some(p) => {
                let pause = match (p.time_end, cue.time_start) {
                    (Some(e), Some(s)) => s - e >= PARAGRAPH_PAUSE_SECONDS,
                    _ => false,
                };
                if p.speaker != cue.speaker {
                    out.text.push('\n');
                    len += 1;
                    label(&mut out.text, &mut len);
                } else if pause && ends_sentence(&p.text) {
                    out.text.push('\n');
                    len += 1;
                } else if needs_space(&out.text, &text) {
                    out.text.push(' ');
                    len += 1;
                }
            }
        }
        let start = len;
        let n = text.chars().count();
        out.text.push_str(&text);
        len += n;
        out.timeline.push(TimedSpan {
            start,
            end: len,
            time_start: cue.time_start,
            time_end: cue.time_end,
            speaker: cue.speaker.clone(),
        });
        prev = Some(cue);
    }
    if !out.text.is_empty() {
        out.text.push('\n');
    }
    out
}

/// The lines of one cue joined by the same rule as cues, whitespace trimmed.
fn join_lines(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if needs_space(&out, line) {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Whether a cue's text ends a sentence (an end mark, maybe followed by closing brackets).
fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end();
    let mut chars = t
        .chars()
        .rev()
        .skip_while(|&c| "」』）)】\"'”’".contains(c));
    chars
        .next()
        .is_some_and(|c| matches!(c, '。' | '！' | '？' | '!' | '?' | '．' | '.' | '…'))
}

/// Whether text ending in `before` and text starting with `after` need a space between
/// them when joined: only where Latin words meet (a letter, digit or closing punctuation
/// before; a letter, digit or opening quote after), and not where a number in Japanese text
/// was cut (see [`cuts_a_number`]). So `12.5` + `%` and `Inc` + `.` join without one.
pub(crate) fn needs_space(before: &str, after: &str) -> bool {
    let (Some(last), Some(first)) = (before.chars().next_back(), after.chars().next()) else {
        return false;
    };
    let word_end = |c: char| c.is_alphanumeric() || ",.;:!?)]}\"'%”’…".contains(c);
    let word_start = |c: char| c.is_alphanumeric() || "([{\"'“‘$#@&".contains(c);
    !is_cjk(last)
        && !is_cjk(first)
        && word_end(last)
        && word_start(first)
        && !cuts_a_number(before, after)
}

/// Whether the cut between `before` and `after` falls inside a number of Japanese text:
/// digits on both sides (`あたり4` | `200万ドル`), or a decimal point or thousands separator
/// between digits on either side (`4.` | `5億`, `4` | `.5億`, `1,` | `000億`), with a CJK
/// character right before or right after the whole run of digits. Speech recognisers cut
/// Japanese anywhere, so such a number is one number; in English (`in 2023` | `2024 and`)
/// the space stays.
fn cuts_a_number(before: &str, after: &str) -> bool {
    let digit = |c: char| c.is_ascii_digit();
    let sep = |c: char| matches!(c, '.' | ',');
    let b: Vec<char> = before.chars().rev().take(64).collect();
    let a: Vec<char> = after.chars().take(64).collect();
    let (Some(&l), Some(&f)) = (b.first(), a.first()) else {
        return false;
    };
    let l2 = b.get(1).copied();
    let f2 = a.get(1).copied();
    let cut = (digit(l) && digit(f))
        || (sep(l) && l2.is_some_and(digit) && digit(f))
        || (digit(l) && sep(f) && f2.is_some_and(digit));
    if !cut {
        return false;
    }
    let in_number = |c: &&char| digit(**c) || sep(**c);
    let outside_before = b.iter().find(|c| !in_number(c));
    let outside_after = a.iter().find(|c| !in_number(c));
    outside_before.is_some_and(|&c| is_cjk(c)) || outside_after.is_some_and(|&c| is_cjk(c))
}

/// Parse a subtitle timestamp: `HH:MM:SS,mmm`, `HH:MM:SS.mmm` or `MM:SS.mmm`; seconds.
pub fn parse_timestamp(s: &str) -> Option<f64> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(':').collect();
    let (h, m, sec) = match parts.as_slice() {
        [h, m, sec] => (*h, *m, *sec),
        [m, sec] => ("0", *m, *sec),
        _ => return None,
    };
    let digits = |x: &str| !x.is_empty() && x.len() <= 9 && x.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return None;
    }
    let sec = sec.replace(',', ".");
    let (whole, frac) = sec.split_once('.').unwrap_or((&sec, ""));
    if !digits(whole) || !(frac.is_empty() || digits(frac)) {
        return None;
    }
    let h: f64 = h.parse().ok()?;
    let m: f64 = m.parse().ok()?;
    let s: f64 = format!("{whole}.{}", if frac.is_empty() { "0" } else { frac })
        .parse()
        .ok()?;
    if m >= 60.0 || s >= 60.0 {
        return None;
    }
    Some(h * 3600.0 + m * 60.0 + s)
}

/// Parse a timing line `start --> end [settings]`.
pub(crate) fn parse_timing(line: &str) -> Option<(f64, f64)> {
    let (a, b) = line.split_once("-->")?;
    let b = b.split_whitespace().next()?;
    Some((parse_timestamp(a)?, parse_timestamp(b)?))
}

/// A time as `H:MM:SS.mmm` for messages.
pub fn format_time(seconds: f64) -> String {
    let ms = (seconds.max(0.0) * 1000.0).round() as u64;
    let (h, rest) = (ms / 3_600_000, ms % 3_600_000);
    let (m, rest) = (rest / 60_000, rest % 60_000);
    format!("{h}:{m:02}:{:02}.{:03}", rest / 1000, rest % 1000)
}

/// Most warnings of one kind listed for a file; the rest are counted.
pub const MAX_WARNINGS_PER_KIND: usize = 5;

/// Check cue times in order, repairing what can be repaired and saying so.
///
/// An end before its start is set to the start; a cue that starts before the previous one
/// ends is kept as it is, with a warning (cues split from one cue, by voice, share times and
/// are not reported).
pub(crate) fn check_times(cues: &mut [Cue], what: &str, warnings: &mut Vec<String>) {
    let mut reversed = Vec::new();
    let mut overlaps = Vec::new();
    let mut prev: Option<(Option<f64>, Option<f64>)> = None;
    let mut prev_end: Option<f64> = None;
    for (i, cue) in cues.iter_mut().enumerate() {
        let times = (cue.time_start, cue.time_end);
        if let (Some(s), Some(e)) = times
            && e < s
        {
            reversed.push(format!(
                "{what} {}: ends ({}) before it starts ({}); end set to the start",
                i + 1,
                format_time(e),
                format_time(s)
            ));
            cue.time_end = Some(s);
        }
        if let (Some(p), Some(s)) = (prev_end, cue.time_start)
            && s < p
            && prev != Some(times)
        {
            overlaps.push(format!(
                "{what} {}: starts at {}, before the previous one ends ({}); times overlap",
                i + 1,
                format_time(s),
                format_time(p)
            ));
        }
        prev = Some(times);
        if cue.time_end.is_some() {
            prev_end = cue.time_end;
        }
    }
    for list in [reversed, overlaps] {
        let n = list.len();
        warnings.extend(list.into_iter().take(MAX_WARNINGS_PER_KIND));
        if n > MAX_WARNINGS_PER_KIND {
            warnings.push(format!(
                "… and {} more like that",
                n - MAX_WARNINGS_PER_KIND
            ));
        }
    }
}

/// Take a speaker label off the start of a cue's text: `Name: `, `Name：`, `【Name】`,
/// `[Name]` or `>> Name:`. Returns the name and the rest.
/// Add a cue spoken by `label` (or, without one, by the last speaker), unless it is empty.
pub(crate) fn push_cue(
    parsed: &mut Parsed,
    (start, end): (f64, f64),
    label: Option<String>,
    body: String,
    speaker: &mut Option<String>,
) {
    if label.is_some() {
        *speaker = label;
    }
    if body.trim().is_empty() {
        return;
    }
    parsed.cues.push(Cue {
        time_start: Some(start),
        time_end: Some(end),
        speaker: speaker.clone(),
        text: body,
    });
}

pub(crate) fn take_label(text: &str) -> (Option<String>, String) {
    let t = text.trim_start();
    let t = t.strip_prefix(">>").map(str::trim_start).unwrap_or(t);
    if let Some(rest) = t.strip_prefix('[')
        && let Some((name, after)) = rest.split_once(']')
        && is_label_name(name.trim())
        && !name.trim().is_empty()
    {
        return (
            Some(name.trim().to_string()),
            after.trim_start().to_string(),
        );
    }
    let first_line = t.lines().next().unwrap_or("");
    let chars: Vec<char> = first_line.chars().collect();
    if let Some((name, after)) = speaker_label(&chars) {
        let skip: usize = chars[..after].iter().map(|c| c.len_utf8()).sum();
        let rest = t.get(skip..).unwrap_or("").trim_start().to_string();
        return (Some(name), rest);
    }
    (None, text.trim().to_string())
}

/// Remove markup tags (`<i>`, `<font …>`, `{\an8}`) and decode the common HTML entities.
pub(crate) fn strip_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => {
                // A tag: skip to '>' if it closes on this text; else keep the '<'.
                let rest: String = chars.clone().take(200).collect();
                match rest.find('>') {
                    Some(n) if !rest[..n].contains('\n') => {
                        let tag = &rest[..n];
                        for _ in 0..tag.chars().count() + 1 {
                            chars.next();
                        }
                        // Ruby text (furigana) is dropped with its tag.
                        if tag.eq_ignore_ascii_case("rt") {
                            let rest: String = chars.clone().collect();
                            if let Some(end) = rest.find("</rt>") {
                                for _ in 0..rest[..end].chars().count() + 5 {
                                    chars.next();
                                }
                            }
                        }
                    }
                    _ => out.push(c),
                }
            }
            '{' if chars.peek() == Some(&'\\') => {
                let rest: String = chars.clone().take(100).collect();
                match rest.find('}') {
                    Some(n) => {
                        for _ in 0..rest[..n].chars().count() + 1 {
                            chars.next();
                        }
                    }
                    None => out.push(c),
                }
            }
            _ => out.push(c),
        }
    }
    decode_entities(&out)
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&lrm;", "")
        .replace("&rlm;", "")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(t: (f64, f64), speaker: Option<&str>, text: &str) -> Cue {
        Cue {
            time_start: Some(t.0),
            time_end: Some(t.1),
            speaker: speaker.map(String::from),
            text: text.into(),
        }
    }

    #[test]
    fn joins_japanese_without_spaces_and_labels_speakers() {
        let r = rebuild(&[
            cue((0.0, 2.0), Some("司会"), "Oracleは資金が"),
            cue((2.0, 4.0), Some("司会"), "枯渇しつつあります。"),
            cue((4.5, 6.0), Some("Ed Zitron"), "そうですね。"),
            cue((9.0, 10.0), Some("Ed Zitron"), "Sam"),
            cue((10.0, 11.0), Some("Ed Zitron"), "Altmanです。"),
        ]);
        assert_eq!(
            r.text,
            "司会: Oracleは資金が枯渇しつつあります。\nEd Zitron: そうですね。\nSam Altmanです。\n"
        );
        let chars: Vec<char> = r.text.chars().collect();
        let piece = |i: usize| -> String {
            chars[r.timeline[i].start..r.timeline[i].end]
                .iter()
                .collect()
        };
        assert_eq!(piece(1), "枯渇しつつあります。");
        assert_eq!(piece(4), "Altmanです。");
    }

    #[test]
    fn numbers_cut_across_cues_read_whole() {
        let text = |cues: &[&str]| {
            let cues: Vec<Cue> = cues
                .iter()
                .enumerate()
                .map(|(i, t)| cue((i as f64, i as f64 + 1.0), None, t))
                .collect();
            rebuild(&cues).text
        };
        assert_eq!(
            text(&["あたり4", "200万ドルです。"]),
            "あたり4200万ドルです。\n"
        );
        assert_eq!(text(&["約10", "00億ドル"]), "約1000億ドル\n");
        assert_eq!(text(&["は4.", "5億ドル"]), "は4.5億ドル\n");
        assert_eq!(text(&["は4", ".5億ドル"]), "は4.5億ドル\n");
        assert_eq!(text(&["は1,", "200万ドル"]), "は1,200万ドル\n");
        assert_eq!(text(&["4", "200万ドル"]), "4200万ドル\n");
        // Latin words keep their space, and so do numbers in English.
        assert_eq!(text(&["Sam", "Altman"]), "Sam Altman\n");
        assert_eq!(text(&["in 2023", "2024 and"]), "in 2023 2024 and\n");
        assert_eq!(text(&["Nvidia", "は"]), "Nvidiaは\n");
        assert_eq!(text(&["は12.5", "%増えて"]), "は12.5%増えて\n");
        assert_eq!(text(&["Hello,", "world"]), "Hello, world\n");
        // Lines of one cue join by the same rule.
        assert_eq!(text(&["あたり4\n200万ドル"]), "あたり4200万ドル\n");
    }

    #[test]
    fn timestamps() {
        assert_eq!(parse_timestamp("00:01:02,500"), Some(62.5));
        assert_eq!(parse_timestamp("01:02.25"), Some(62.25));
        assert_eq!(parse_timestamp("1:00:00.000"), Some(3600.0));
        assert_eq!(parse_timestamp("00:61:00,000"), None);
        assert_eq!(parse_timestamp("x"), None);
        assert_eq!(format_time(754.5), "0:12:34.500");
    }

    #[test]
    fn markup_and_labels() {
        assert_eq!(
            strip_markup("<i>こんにちは</i>{\\an8} &amp;"),
            "こんにちは &"
        );
        assert_eq!(strip_markup("<ruby>漢<rt>かん</rt></ruby>字"), "漢字");
        assert_eq!(strip_markup("a < b"), "a < b");
        let (s, t) = take_label("Ed Zitron: 資金が");
        assert_eq!((s.as_deref(), t.as_str()), (Some("Ed Zitron"), "資金が"));
        let (s, t) = take_label("[司会] はい");
        assert_eq!((s.as_deref(), t.as_str()), (Some("司会"), "はい"));
        let (s, _) = take_label("10:30に始まります");
        assert_eq!(s, None);
    }
}
