//! Podcasting 2.0 JSON transcripts: the `application/json` form of the `podcast:transcript`
//! tag, which podcast hosts publish alongside episodes.
//!
//! ```json
//! {"version": "1.0.0",
//!  "segments": [{"speaker": "Ed Zitron", "startTime": 0.0, "endTime": 4.2, "body": "市場が"}]}
//! ```
//!
//! Each segment has `startTime` and `endTime` in seconds, `body` (a phrase or a single word)
//! and optionally `speaker`. As for Whisper JSON, a segment without a body is skipped with a
//! warning, one without times kept without them, and a file that is not valid JSON is an
//! error saying where it breaks.

use serde_json::Value;

use super::{Cue, Parsed, check_times};

/// Whether a file's text looks like a Podcasting 2.0 transcript (an object with
/// `"segments"` whose segments have `"body"` or `"startTime"`), without parsing it.
pub fn looks_like_podcast(text: &str) -> bool {
    let t = text.trim_start_matches('\u{FEFF}').trim_start();
    t.starts_with("{")
        && t.contains("\"segments\"")
        && (t.contains("\"body\"") || t.contains("\"startTime\""))
}

/// Parse a Podcasting 2.0 JSON transcript.
pub fn parse(text: &str) -> Result<Parsed, String> {
    let text = text.trim_start_matches('\u{FEFF}');
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("not valid Podcasting 2.0 JSON: {e}"))?;
    let segments = match value.get("segments") {
        Some(Value::Array(a)) => a,
        Some(_) => return Err("not Podcasting 2.0 JSON: \"segments\" is not an array".into()),
        None => return Err("not Podcasting 2.0 JSON: no \"segments\" array".into()),
    };
    let mut parsed = Parsed::default();
    let mut missing_times = Vec::new();
    for (i, seg) in segments.iter().enumerate() {
        let n = i + 1;
        let Value::Object(seg) = seg else {
            parsed
                .warnings
                .push(format!("segment {n}: not an object; skipped"));
            continue;
        };
        let Some(body) = seg.get("body").and_then(Value::as_str) else {
            parsed
                .warnings
                .push(format!("segment {n}: no \"body\"; skipped"));
            continue;
        };
        let time = |key: &str| {
            seg.get(key)
                .and_then(|v| v.as_f64().or_else(|| v.as_str()?.trim().parse().ok()))
                .filter(|t: &f64| t.is_finite() && *t >= 0.0)
        };
        let (start, end) = (time("startTime"), time("endTime"));
        if start.is_none() || end.is_none() {
            missing_times.push(n);
        }
        let speaker = match seg.get("speaker") {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::Number(x)) => Some(format!("SPEAKER_{x}")),
            _ => None,
        };
        if body.trim().is_empty() {
            continue;
        }
        parsed.cues.push(Cue {
            time_start: start,
            time_end: end,
            speaker,
            text: body.trim().to_string(),
        });
    }
    for n in missing_times.iter().take(super::MAX_WARNINGS_PER_KIND) {
        parsed.warnings.push(format!(
            "segment {n}: missing or invalid \"startTime\"/\"endTime\"; kept without times"
        ));
    }
    if missing_times.len() > super::MAX_WARNINGS_PER_KIND {
        parsed.warnings.push(format!(
            "… and {} more like that",
            missing_times.len() - super::MAX_WARNINGS_PER_KIND
        ));
    }
    check_times(&mut parsed.cues, "segment", &mut parsed.warnings);
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_segments() {
        let text = r#"{"version": "1.0.0", "segments": [
            {"speaker": "Ed Zitron", "startTime": 0.5, "endTime": 1.5, "body": "資金が"},
            {"speaker": "Ed Zitron", "startTime": "1.5", "endTime": 3, "body": "枯渇。"},
            {"startTime": 3, "endTime": 4},
            {"speaker": "司会", "body": "はい。"}]}"#;
        assert!(looks_like_podcast(text));
        let p = parse(text).unwrap();
        assert_eq!(p.cues.len(), 3);
        assert_eq!(p.cues[0].speaker.as_deref(), Some("Ed Zitron"));
        assert_eq!(p.cues[1].time_start, Some(1.5));
        assert_eq!(p.cues[2].time_start, None);
        let w = p.warnings.join("\n");
        assert!(w.contains("segment 3: no \"body\""), "{w}");
        assert!(w.contains("segment 4: missing or invalid"), "{w}");
    }

    #[test]
    fn whisper_json_is_not_podcast_json() {
        assert!(!looks_like_podcast(
            r#"{"segments": [{"start": 0, "end": 1, "text": "x"}]}"#
        ));
        let err = parse("{\"segments\": [").unwrap_err();
        assert!(err.starts_with("not valid Podcasting 2.0 JSON: "), "{err}");
    }
}
