//! SubRip subtitles (`.srt`).
//!
//! ```text
//! 1
//! 00:00:01,000 --> 00:00:04,200
//! Ed Zitron: 市場が暴落している理由は、
//!
//! 2
//! 00:00:04,200 --> 00:00:07,900
//! 人々がようやく計算を始めたからなんです。
//! ```
//!
//! A cue starts at its timing line (`start --> end`); the number on the line before it is
//! its index, and the lines after it, up to the next cue, its text. Numbering that is
//! missing or out of order, blank lines inside a cue, a missing blank line between cues and
//! unparseable timing lines are recovered from with a warning. A cue's text may start with
//! a speaker label (`Name:`, `【Name】`, `[Name]`), which holds until the next label.

use super::{Parsed, check_times, parse_timing, push_cue, strip_markup, take_label};

/// Parse an SRT file's text. Fails only when it holds no cue at all.
pub fn parse(text: &str) -> Result<Parsed, String> {
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let mut parsed = Parsed::default();
    let raw = raw_cues(&lines, &mut parsed.warnings);
    if raw.iter().all(|r| r.times.is_none()) {
        return Err(if text.trim().is_empty() {
            "empty subtitle file: no cues".to_string()
        } else {
            "not an SRT file: no cue timing lines (`00:00:01,000 --> 00:00:04,000`) found"
                .to_string()
        });
    }
    let mut expected = 1u64;
    let mut numbering_reported = false;
    let mut speaker: Option<String> = None;
    for RawCue {
        line,
        index,
        times,
        text: text_lines,
    } in raw
    {
        let Some((start, end)) = times else {
            continue;
        };
        match index.as_deref().map(str::parse::<u64>) {
            Some(Ok(n)) if n == expected => {}
            _ if !numbering_reported => {
                let given = index.as_deref().unwrap_or("none");
                parsed.warnings.push(format!(
                    "line {line}: cue numbered {given}, expected {expected}; numbering ignored from here"
                ));
                numbering_reported = true;
            }
            _ => {}
        }
        expected = index
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(expected)
            .saturating_add(1);
        let body = strip_markup(&text_lines.join("\n"));
        let (label, body) = take_label(&body);
        push_cue(&mut parsed, (start, end), label, body, &mut speaker);
    }
    check_times(&mut parsed.cues, "cue", &mut parsed.warnings);
    Ok(parsed)
}

/// The cues as found: each timing line with the index line before it and the text lines
/// after it. Damaged timing lines and stray lines before the first cue are warned about.
fn raw_cues<'a>(lines: &[&'a str], warnings: &mut Vec<String>) -> Vec<RawCue<'a>> {
    let mut raw: Vec<RawCue> = Vec::new();
    let mut stray = 0usize;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if trimmed.contains("-->") {
            // The line just before is this cue's index, not the previous cue's text; so is
            // a non-number after a blank line (a damaged index).
            let mut index = None;
            let after_blank = i < 2 || lines[i - 2].trim().is_empty();
            if i > 0 && (is_index(lines[i - 1]) || (after_blank && !lines[i - 1].trim().is_empty()))
            {
                index = Some(lines[i - 1].trim().to_string());
                if let Some(last) = raw.last_mut()
                    && last.text.last().is_some_and(|l| *l == lines[i - 1].trim())
                {
                    last.text.pop();
                }
            }
            let times = parse_timing(trimmed);
            if times.is_none() {
                warnings.push(format!(
                    "line {}: cannot read the timing {trimmed:?}; cue skipped",
                    i + 1
                ));
            }
            // A cue without times keeps its text lines from joining the previous cue.
            raw.push(RawCue {
                line: i + 1,
                index: if times.is_some() { index } else { None },
                times,
                text: Vec::new(),
            });
        } else if let Some(cue) = raw.last_mut() {
            if !trimmed.is_empty() {
                cue.text.push(trimmed);
            }
        } else if !trimmed.is_empty() && (!is_index(trimmed) || !next_is_timing(lines, i)) {
            stray += 1;
        }
    }
    if stray > 0 {
        warnings.push(format!(
            "{stray} line(s) before the first cue ignored (no timing line)"
        ));
    }
    raw
}

/// A cue as found, before numbering and labels are looked at.
struct RawCue<'a> {
    /// Line number of its timing line.
    line: usize,
    /// The index line before it, as written.
    index: Option<String>,
    /// Start and end, unless the timing line could not be read.
    times: Option<(f64, f64)>,
    /// Its text lines.
    text: Vec<&'a str>,
}

fn is_index(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.len() <= 9 && t.bytes().all(|b| b.is_ascii_digit())
}

fn next_is_timing(lines: &[&str], i: usize) -> bool {
    lines.get(i + 1).is_some_and(|l| l.contains("-->"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cues_and_labels() {
        let p = parse(
            "1\n00:00:01,000 --> 00:00:02,500\nEd Zitron: 資金が\n\n2\n00:00:02,500 --> 00:00:04,000\n<i>枯渇</i>しつつあります。\n",
        )
        .unwrap();
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        assert_eq!(p.cues.len(), 2);
        assert_eq!(p.cues[1].text, "枯渇しつつあります。");
        assert_eq!(p.cues[1].speaker.as_deref(), Some("Ed Zitron"));
        assert_eq!(p.cues[1].time_start, Some(2.5));
    }

    #[test]
    fn recovers_from_broken_numbering_and_missing_blank_lines() {
        let p = parse(
            "1\n00:00:01,000 --> 00:00:02,000\nA。\n7\n00:00:02,000 --> 00:00:03,000\nB。\n\nx\n00:00:03,000 --> 00:00:04,000\nC。\n",
        )
        .unwrap();
        let texts: Vec<&str> = p.cues.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["A。", "B。", "C。"]);
        assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
        assert!(p.warnings[0].contains("numbered 7, expected 2"));
    }

    #[test]
    fn no_cues_is_an_error() {
        assert!(parse("hello\nworld\n").is_err());
        assert!(parse("").is_err());
    }
}
