//! Plain text with a timestamp at the start of each turn, as transcription services
//! export it:
//!
//! ```text
//! [00:12:34] 司会: それでは始めましょう。
//! 00:12:40 ゲスト よろしくお願いします。
//! (12:51) 続けて、…
//! 司会  12:58
//! 次の話題です。
//! ```
//!
//! A line starting with `[H:MM:SS]`, `(MM:SS)` or a bare `HH:MM:SS`/`MM:SS` (then a
//! space) starts a turn at that time; so does a line holding only a name and a time
//! (`Speaker 1  0:00`, the text on the lines below). After the timestamp, a speaker label
//! (`Name:`, `Name：`, `【Name】`, `[Name]`) names the speaker; so does a first word followed by
//! a space when the whole file writes names that way (a few names, every line). Lines
//! without a timestamp belong to the turn above. A turn ends when the next one starts.
//!
//! The text is rebuilt ([`rebuild_lines`]) without the timestamps, one line per line of the
//! file, `Name: ` at each change of speaker, so sentences, times and speakers come out as for
//! subtitles and the sentence texts hold no timestamp.

use super::TimedSpan;
use super::{Cue, Parsed, Rebuilt, parse_timestamp, take_label};
use crate::text::is_label_name;

/// Lines looked at to decide whether a text is timestamped.
const DETECT_LINES: usize = 200;

/// Longest name taken from `00:12:34 Name text` (a first word before a space).
const MAX_BARE_NAME_CHARS: usize = 16;

/// A timestamp at the start of `line`: the time in seconds and the rest of the line.
pub fn timestamp_prefix(line: &str) -> Option<(f64, &str)> {
    let t = line.trim_start();
    for (open, close) in [('[', ']'), ('(', ')'), ('（', '）')] {
        if let Some(rest) = t.strip_prefix(open) {
            let (inside, after) = rest.split_once(close)?;
            return Some((time_of(inside)?, after));
        }
    }
    let end = t.find(char::is_whitespace).unwrap_or(t.len());
    let (stamp, rest) = t.split_at(end);
    let stamp = stamp.trim_end_matches([',', '-', '|']);
    Some((time_of(stamp)?, rest))
}

/// A time `H:MM:SS`, `MM:SS`, with optional `.mmm`/`,mmm`: at least one colon, and only
/// digits and separators (so `10:30に` is not one).
fn time_of(s: &str) -> Option<f64> {
    let s = s.trim();
    if !s.contains(':') || !s.bytes().all(|b| b.is_ascii_digit() || b".:,".contains(&b)) {
        return None;
    }
    parse_timestamp(s)
}

/// A line holding only a name and a time (`Speaker 1  0:00`, `司会 00:12:34`).
fn name_then_time(line: &str) -> Option<(String, f64)> {
    let t = line.trim();
    let (name, stamp) = t.rsplit_once(char::is_whitespace)?;
    let time = time_of(stamp)?;
    let name = name.trim();
    is_label_name(name).then(|| (name.to_string(), time))
}

/// Whether a text is plain text with timestamps: at least two lines, and at least three in
/// five of its first non-blank lines, start a timed turn.
pub fn looks_timestamped(text: &str) -> bool {
    let mut lines = 0usize;
    let mut timed = 0usize;
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(DETECT_LINES)
    {
        lines += 1;
        if timestamp_prefix(line).is_some() || name_then_time(line).is_some() {
            timed += 1;
        }
    }
    timed >= 2 && timed * 5 >= lines * 3
}

/// A first word before a space that may be a name (`ゲスト よろしく…`).
fn bare_name(rest: &str) -> Option<(&str, &str)> {
    let (name, text) = rest.trim().split_once(char::is_whitespace)?;
    let ok = name.chars().count() <= MAX_BARE_NAME_CHARS
        && !text.trim().is_empty()
        && is_label_name(name)
        && !name
            .chars()
            .any(|c| "、。，．,.!?！？「」『』（）()".contains(c));
    ok.then_some((name, text.trim_start()))
}

/// Whether the file writes speakers as a bare first word on every timestamped line without
/// a label: all such lines have one, and there are few different ones (at most a third of
/// the lines, or two).
fn uses_bare_names(rests: &[&str]) -> bool {
    let unlabelled: Vec<&str> = rests
        .iter()
        .copied()
        .filter(|r| take_label(r).0.is_none() && !r.trim().is_empty())
        .collect();
    if unlabelled.len() < 2 {
        return false;
    }
    let mut names: Vec<&str> = Vec::new();
    for r in &unlabelled {
        let Some((name, _)) = bare_name(r) else {
            return false;
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names.len() <= (unlabelled.len() / 3).max(2)
}

/// Parse timestamped plain text into one cue per turn. Fails only when no line has a
/// timestamp.
pub fn parse(text: &str) -> Result<Parsed, String> {
    let text = text.trim_start_matches('\u{FEFF}');
    let rests: Vec<&str> = text
        .lines()
        .filter_map(|l| timestamp_prefix(l).map(|(_, r)| r))
        .collect();
    let bare_names = uses_bare_names(&rests);
    let mut parsed = Parsed::default();
    let mut speaker: Option<String> = None;
    let mut stray = 0usize;
    let mut any = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (time, label, body) = if let Some((time, rest)) = timestamp_prefix(line) {
            let (label, body) = match take_label(rest) {
                (Some(name), body) => (Some(name), body),
                (None, body) if bare_names => match bare_name(&body) {
                    Some((name, text)) => (Some(name.to_string()), text.to_string()),
                    None => (None, body),
                },
                (None, body) => (None, body),
            };
            (time, label, body)
        } else if let Some((name, time)) = name_then_time(line) {
            (time, Some(name), String::new())
        } else {
            match parsed.cues.last_mut() {
                Some(cue) if any => {
                    if !cue.text.is_empty() {
                        cue.text.push('\n');
                    }
                    cue.text.push_str(line);
                }
                _ => stray += 1,
            }
            continue;
        };
        any = true;
        if label.is_some() {
            speaker = label;
        }
        parsed.cues.push(Cue {
            time_start: Some(time),
            time_end: None,
            speaker: speaker.clone(),
            text: body.trim().to_string(),
        });
    }
    if !any {
        return Err(
            "no timestamps at line starts (`[00:12:34]`, `00:12:34 `, `(12:34)`) found".into(),
        );
    }
    if stray > 0 {
        parsed.warnings.push(format!(
            "{stray} line(s) before the first timestamp ignored"
        ));
    }
    end_turns(&mut parsed);
    parsed.cues.retain(|c| !c.text.trim().is_empty());
    Ok(parsed)
}

/// A turn ends when the next one starts; a time earlier than the one before is kept as
/// written, with a warning.
fn end_turns(parsed: &mut Parsed) {
    let starts: Vec<Option<f64>> = parsed.cues.iter().map(|c| c.time_start).collect();
    for (i, cue) in parsed.cues.iter_mut().enumerate() {
        cue.time_end = starts.get(i + 1).copied().flatten();
    }
    let mut backwards = 0usize;
    for cue in &mut parsed.cues {
        if let (Some(s), Some(e)) = (cue.time_start, cue.time_end)
            && e < s
        {
            backwards += 1;
            cue.time_end = Some(s);
        }
    }
    if backwards > 0 {
        parsed.warnings.push(format!(
            "{backwards} timestamp(s) earlier than the one before; times kept as written"
        ));
    }
}

/// Join turns into a text one line per line of the file, `Name: ` at each change of speaker
/// (when every name reads back as a label), with a [`TimedSpan`] per turn.
pub fn rebuild_lines(cues: &[Cue]) -> Rebuilt {
    let labels = cues
        .iter()
        .filter_map(|c| c.speaker.as_deref())
        .all(is_label_name);
    let mut out = Rebuilt::default();
    let mut len = 0usize;
    let mut prev: Option<&Option<String>> = None;
    for cue in cues {
        let text: Vec<&str> = cue
            .text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if text.is_empty() {
            continue;
        }
        if labels
            && prev != Some(&cue.speaker)
            && let Some(name) = cue.speaker.as_deref()
        {
            out.text.push_str(name);
            out.text.push_str(": ");
            len += name.chars().count() + 2;
        }
        prev = Some(&cue.speaker);
        let text = text.join("\n");
        let start = len;
        len += text.chars().count();
        out.text.push_str(&text);
        out.timeline.push(TimedSpan {
            start,
            end: len,
            time_start: cue.time_start,
            time_end: cue.time_end,
            speaker: cue.speaker.clone(),
        });
        out.text.push('\n');
        len += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamp_forms() {
        assert_eq!(
            timestamp_prefix("[00:12:34] 司会: x"),
            Some((754.0, " 司会: x"))
        );
        assert_eq!(timestamp_prefix("(12:34) x"), Some((754.0, " x")));
        assert_eq!(
            timestamp_prefix("00:12:34 ゲスト x"),
            Some((754.0, " ゲスト x"))
        );
        assert_eq!(timestamp_prefix("1:02:03.5 x").map(|t| t.0), Some(3723.5));
        assert_eq!(timestamp_prefix("10:30に始めます。"), None);
        assert_eq!(timestamp_prefix("[注] x"), None);
        assert_eq!(timestamp_prefix("2025年"), None);
        assert_eq!(
            name_then_time("Speaker 1  0:05"),
            Some(("Speaker 1".into(), 5.0))
        );
    }

    #[test]
    fn turns_speakers_and_times() {
        let text = "[00:00:01] 司会: 始めます。\n[00:00:04] ゲスト: はい。\n続きの行です。\n(00:09) 最後です。\n";
        assert!(looks_timestamped(text));
        let p = parse(text).unwrap();
        type Turn<'a> = (Option<&'a str>, Option<f64>, Option<f64>, &'a str);
        let got: Vec<Turn> = p
            .cues
            .iter()
            .map(|c| {
                (
                    c.speaker.as_deref(),
                    c.time_start,
                    c.time_end,
                    c.text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (Some("司会"), Some(1.0), Some(4.0), "始めます。"),
                (
                    Some("ゲスト"),
                    Some(4.0),
                    Some(9.0),
                    "はい。\n続きの行です。"
                ),
                (Some("ゲスト"), Some(9.0), None, "最後です。"),
            ]
        );
        let r = rebuild_lines(&p.cues);
        assert_eq!(
            r.text,
            "司会: 始めます。\nゲスト: はい。\n続きの行です。\n最後です。\n"
        );
    }

    #[test]
    fn bare_names_only_when_the_file_writes_them() {
        let named =
            "00:00:01 司会 始めます。\n00:00:04 ゲスト はい、そうです。\n00:00:07 司会 次です。\n";
        let p = parse(named).unwrap();
        assert_eq!(p.cues[1].speaker.as_deref(), Some("ゲスト"));
        assert_eq!(p.cues[1].text, "はい、そうです。");
        let plain =
            "00:00:01 今日は 晴れです。\n00:00:04 明日は 雨です。\n00:00:07 明後日は 雪です。\n";
        let p = parse(plain).unwrap();
        assert!(p.cues.iter().all(|c| c.speaker.is_none()));
        assert_eq!(p.cues[0].text, "今日は 晴れです。");
    }

    #[test]
    fn ordinary_text_is_not_timestamped() {
        assert!(!looks_timestamped(
            "司会: 会議は10:30に始まります。\n12:00 から昼食です。\n午後は自由です。\n"
        ));
    }
}
