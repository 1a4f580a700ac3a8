//! Whisper JSON: the output of OpenAI Whisper, faster-whisper or WhisperX.
//!
//! ```json
//! {"text": "…", "language": "ja",
//!  "segments": [{"start": 0.0, "end": 4.2, "text": "市場が暴落している理由は、", "speaker": "SPEAKER_00"}]}
//! ```
//!
//! The file is an object with a `segments` array (or the array itself); each segment has
//! `start` and `end` in seconds, `text`, and optionally `speaker`. A segment without text is
//! skipped with a warning; one without times is kept without them, with a warning. A file
//! that is not valid JSON (a truncated download, say) is an error saying where it breaks.

use serde_json::Value;

use super::{Cue, Parsed, check_times};

/// Whether a file's text looks like Whisper output (an object or array mentioning
/// `"segments"` or a list of objects with `"start"`), without parsing it.
pub fn looks_like_whisper(text: &str) -> bool {
    let t = text.trim_start_matches('\u{FEFF}').trim_start();
    (t.starts_with('{') && t.contains("\"segments\""))
        || (t.starts_with('[') && t.contains("\"start\"") && t.contains("\"text\""))
}

/// Parse Whisper JSON.
pub fn parse(text: &str) -> Result<Parsed, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("not valid Whisper JSON: {e}"))?;
    let segments = match &value {
        Value::Object(map) => match map.get("segments") {
            Some(Value::Array(a)) => a,
            Some(_) => return Err("not Whisper JSON: \"segments\" is not an array".into()),
            None => return Err("not Whisper JSON: no \"segments\" array".into()),
        },
        Value::Array(a) => a,
        _ => return Err("not Whisper JSON: expected an object with \"segments\"".into()),
    };
    let mut parsed = Parsed::default();
    for (i, seg) in segments.iter().enumerate() {
        let n = i + 1;
        let Value::Object(seg) = seg else {
            parsed
                .warnings
                .push(format!("segment {n}: not an object; skipped"));
            continue;
        };
        let Some(text) = seg.get("text").and_then(Value::as_str) else {
            parsed
                .warnings
                .push(format!("segment {n}: no \"text\"; skipped"));
            continue;
        };
        let time = |key: &str| {
            seg.get(key)
                .and_then(Value::as_f64)
                .filter(|t| t.is_finite() && *t >= 0.0)
        };
        let (start, end) = (time("start"), time("end"));
        if start.is_none() || end.is_none() {
            parsed.warnings.push(format!(
                "segment {n}: missing or invalid \"start\"/\"end\"; kept without times"
            ));
        }
        let speaker = match seg.get("speaker") {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::Number(x)) => Some(format!("SPEAKER_{x}")),
            _ => None,
        };
        if text.trim().is_empty() {
            continue;
        }
        parsed.cues.push(Cue {
            time_start: start,
            time_end: end,
            speaker,
            text: text.trim().to_string(),
        });
    }
    check_times(&mut parsed.cues, "segment", &mut parsed.warnings);
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_segments() {
        let p = parse(
            r#"{"text":"x","segments":[{"start":0.0,"end":1.5,"text":" 資金が","speaker":"Ed Zitron"},{"start":1.5,"end":3,"text":"枯渇。"}]}"#,
        )
        .unwrap();
        assert_eq!(p.cues.len(), 2);
        assert_eq!(p.cues[0].text, "資金が");
        assert_eq!(p.cues[0].speaker.as_deref(), Some("Ed Zitron"));
        assert_eq!(p.cues[1].time_end, Some(3.0));
    }

    #[test]
    fn truncated_json_says_where() {
        let err = parse("{\"segments\": [{\"start\": 0.0,\n \"end\": 1").unwrap_err();
        assert!(err.starts_with("not valid Whisper JSON: "), "{err}");
        assert!(err.contains("line 2 column"), "{err}");
    }
}
