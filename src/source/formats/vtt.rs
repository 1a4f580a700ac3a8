//! WebVTT subtitles (`.vtt`).
//!
//! ```text
//! WEBVTT - Tech Report
//!
//! 00:00:01.000 --> 00:00:04.200
//! <v Ed Zitron>市場が暴落している理由は、</v>
//! ```
//!
//! The header line's text after `WEBVTT` is taken as the title. `NOTE`, `STYLE` and
//! `REGION` blocks are skipped; a cue identifier line is ignored. Voice tags
//! `<v Name>` (and `<v.class Name>`) give the speaker; a cue with several voices becomes one
//! cue per voice with the same times. Other tags (`<c>`, `<i>`, `<b>`, `<u>`, `<lang>`,
//! inline timestamps) are removed and ruby text dropped. Without voice tags, a leading
//! `Name:` label gives the speaker, which holds until the next label or voice.

use super::{Parsed, check_times, parse_timing, push_cue, strip_markup, take_label};

/// Parse a WebVTT file's text. Fails only when it holds no cue at all.
pub fn parse(text: &str) -> Result<Parsed, String> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let mut parsed = Parsed::default();
    let mut i = header(&lines, &mut parsed);
    let mut speaker: Option<String> = None;
    let mut any_timing = false;
    while i < lines.len() {
        // One block: up to the next blank line.
        while i < lines.len() && lines[i].trim().is_empty() {
            i += 1;
        }
        let block_start = i;
        while i < lines.len() && !ends_block(&lines, i) {
            i += 1;
        }
        let block = &lines[block_start..i];
        let Some(first) = block.first() else {
            continue;
        };
        let first_word = first.split_whitespace().next().unwrap_or("");
        if matches!(first_word, "NOTE" | "STYLE" | "REGION") {
            continue;
        }
        let Some(t) = block.iter().position(|l| l.contains("-->")) else {
            parsed.warnings.push(format!(
                "line {}: text outside a cue (no timing line) ignored",
                block_start + 1
            ));
            continue;
        };
        any_timing = true;
        if t > 1 {
            parsed.warnings.push(format!(
                "line {}: {} extra line(s) before the timing line ignored",
                block_start + 1,
                t - 1
            ));
        }
        let Some((start, end)) = parse_timing(block[t]) else {
            parsed.warnings.push(format!(
                "line {}: cannot read the timing {:?}; cue skipped",
                block_start + t + 1,
                block[t].trim()
            ));
            continue;
        };
        let payload = block[t + 1..].join("\n");
        for (voice, body) in voices(&payload) {
            let body = strip_markup(&body);
            let (label, body) = match voice {
                Some(v) => (Some(v), body.trim().to_string()),
                None => take_label(&body),
            };
            push_cue(&mut parsed, (start, end), label, body, &mut speaker);
        }
    }
    if !any_timing {
        return Err(
            "not a WebVTT file: no cue timing lines (`00:00:01.000 --> 00:00:04.000`) found".into(),
        );
    }
    check_times(&mut parsed.cues, "cue", &mut parsed.warnings);
    Ok(parsed)
}

/// Read the `WEBVTT` header (its title, and the header lines up to the first blank line:
/// `Kind: captions`, `Language: ja`); the index of the line after it.
fn header(lines: &[&str], parsed: &mut Parsed) -> usize {
    let Some(first) = lines.first().filter(|f| f.starts_with("WEBVTT")) else {
        parsed
            .warnings
            .push("line 1: no `WEBVTT` header; read as WebVTT anyway".into());
        return 0;
    };
    let title = first["WEBVTT".len()..]
        .trim()
        .trim_start_matches(['-', ':'])
        .trim();
    if !title.is_empty() {
        parsed.title = Some(title.to_string());
    }
    let mut i = 1;
    while i < lines.len() && !lines[i].trim().is_empty() && !lines[i].contains("-->") {
        i += 1;
    }
    i
}

/// Whether line `i` ends a block: a blank line does, except a line of spaces inside a cue
/// whose text goes on after it (YouTube's rolling captions write the empty line above the
/// one being typed as a single space).
fn ends_block(lines: &[&str], i: usize) -> bool {
    let line = lines[i];
    if !line.trim().is_empty() {
        return false;
    }
    if line.is_empty() {
        return true;
    }
    let text_line = |k: usize| {
        lines
            .get(k)
            .is_some_and(|l| !l.trim().is_empty() && !l.contains("-->"))
    };
    // Goes on: the next line is text, and not the identifier of a cue that follows.
    let goes_on = text_line(i + 1) && !lines.get(i + 2).is_some_and(|l| l.contains("-->"));
    !goes_on
}

/// Split a cue payload at `<v Name>` tags: (voice, text) pieces in order. Text before the
/// first voice tag has no voice.
fn voices(payload: &str) -> Vec<(Option<String>, String)> {
    let mut out: Vec<(Option<String>, String)> = Vec::new();
    let mut current: (Option<String>, String) = (None, String::new());
    let mut rest = payload;
    while let Some(at) = find_voice(rest) {
        current.1.push_str(&rest[..at]);
        let tag_end = rest[at..].find('>').map(|n| at + n);
        let Some(tag_end) = tag_end else {
            break;
        };
        let tag = &rest[at + 1..tag_end]; // "v Name" or "v.loud Name"
        let name = tag
            .split_once(char::is_whitespace)
            .map(|(_, n)| n.trim())
            .unwrap_or("");
        if !current.1.trim().is_empty() || current.0.is_some() {
            out.push(std::mem::take(&mut current));
        }
        current = ((!name.is_empty()).then(|| name.to_string()), String::new());
        rest = &rest[tag_end + 1..];
    }
    current.1.push_str(rest);
    if !current.1.trim().is_empty() || out.is_empty() {
        out.push(current);
    }
    out
}

/// Byte offset of the next `<v ` or `<v.` tag.
fn find_voice(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(n) = text[from..].find("<v") {
        let at = from + n;
        match text[at + 2..].chars().next() {
            Some(c) if c == '.' || c.is_whitespace() => return Some(at),
            _ => from = at + 2,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voices_and_notes() {
        let p = parse(
            "WEBVTT - Tech Report\n\nNOTE made by hand\n\nc1\n00:01.000 --> 00:02.000 align:start\n<v Ed Zitron>資金が</v>\n\n00:02.000 --> 00:03.000\n<v.loud 司会>はい。</v><v Ed Zitron>ええ。\n",
        )
        .unwrap();
        assert_eq!(p.title.as_deref(), Some("Tech Report"));
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        let got: Vec<(Option<&str>, &str)> = p
            .cues
            .iter()
            .map(|c| (c.speaker.as_deref(), c.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("Ed Zitron"), "資金が"),
                (Some("司会"), "はい。"),
                (Some("Ed Zitron"), "ええ。")
            ]
        );
    }

    #[test]
    fn youtube_header_and_lines_of_one_space() {
        let p = parse(
            "WEBVTT\nKind: captions\nLanguage: ja\n\n00:00.000 --> 00:02.000 align:start position:0%\n \n市場が<00:00:01.000><c>暴落</c>\n\n00:02.000 --> 00:02.010 align:start position:0%\n市場が暴落\n \n\n00:02.010 --> 00:04.000\n市場が暴落\nしている\n",
        )
        .unwrap();
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        let got: Vec<&str> = p.cues.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(got, ["市場が暴落", "市場が暴落", "市場が暴落\nしている"]);
    }

    #[test]
    fn no_cues_is_an_error() {
        assert!(parse("WEBVTT\n\nNOTE nothing\n").is_err());
    }
}
