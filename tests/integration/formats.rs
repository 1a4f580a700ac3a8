//! Input formats (issue 7): subtitles, Whisper JSON, speaker labels, encodings, metadata.
//!
//! The fixtures in `tests/fixtures/formats/` are made by `make.py` there from
//! `zitron.ja.txt`, six paragraphs of the corpus transcript with `Name:` speaker labels:
//! SRT, WebVTT and Whisper JSON versions whose cues cut sentences anywhere, and the same text
//! in Shift_JIS, EUC-JP and UTF-16 with a BOM. Every one must give the same sentences,
//! figures and claims as the plain text; the timed ones also the same times and speakers.
//! `broken.srt` is damaged on purpose; `metadata.md` has front matter and every label form.
//!
//! Issue 18: the `amounts.*` fixtures, made by the same script from `amounts.ja.txt`, cut
//! about every 38 characters with amounts split across cues (`あたり4` | `200万ドル`,
//! `10` | `00億ドル`), as SRT, WebVTT, Whisper JSON, Podcasting 2.0 JSON, YouTube-style
//! rolling captions and plain text with timestamps; each must give the plain text's figures.
//!
//! The pipeline uses the built-in dictionaries, or the directory named by
//! `CLAIMDEX_TEST_DICTIONARIES` when set (to test against a known set while they change).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use claimdex::Dataset;
use claimdex::source::formats::{self, Cue};
use claimdex::source::{self, InputFormat, ReadOptions, SourceText};
use proptest::prelude::*;

use super::pipeline;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

fn read(name: &str) -> SourceText {
    source::read_transcript(&fixture(name)).unwrap_or_else(|e| panic!("{e}"))
}

fn run(source: &SourceText) -> Dataset {
    pipeline().run(source).expect("pipeline runs")
}

/// What must not change between formats: per sentence its text and speaker; per figure its
/// text, kind, value and currency; per claim its text, kind, holder and targets.
#[derive(Debug, PartialEq)]
struct Summary {
    sentences: Vec<(String, Option<String>)>,
    figures: Vec<(String, String, String, Option<String>)>,
    claims: Vec<(String, String, Option<String>, Vec<String>)>,
}

fn summary(d: &Dataset) -> Summary {
    Summary {
        sentences: d
            .sentences
            .iter()
            .map(|s| (s.text.clone(), s.speaker.clone()))
            .collect(),
        figures: d
            .figures
            .iter()
            .map(|f| {
                (
                    f.text.clone(),
                    json(&f.kind),
                    f.value.to_string(),
                    f.currency.clone(),
                )
            })
            .collect(),
        claims: d
            .claims
            .iter()
            .map(|c| {
                (
                    c.text.clone(),
                    json(&c.kind),
                    c.holder.clone(),
                    c.targets.clone(),
                )
            })
            .collect(),
    }
}

/// An enum's JSON name.
fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn plain() -> &'static Dataset {
    static D: OnceLock<Dataset> = OnceLock::new();
    D.get_or_init(|| run(&read("zitron.ja.txt")))
}

/// Every record's span indexes `SourceText.text` and gives back the record's text.
fn spans_index_the_text(source: &SourceText, d: &Dataset) {
    let chars: Vec<char> = source.text.chars().collect();
    let slice = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
    for s in &d.sentences {
        assert_eq!(slice(s.start, s.end), s.text);
    }
    for f in &d.figures {
        assert_eq!(slice(f.start, f.end), f.text);
    }
    for c in &d.claims {
        assert_eq!(slice(c.start, c.end), c.text);
    }
}

#[test]
fn plain_fixture_has_the_expected_content() {
    let d = plain();
    assert_eq!(d.sentences.len(), 18);
    assert_eq!(d.sentences[0].speaker.as_deref(), Some("Ed Zitron"));
    assert_eq!(d.sentences[7].speaker.as_deref(), Some("司会"));
    assert!(d.figures.iter().any(|f| f.text == "1000億ドル"));
    assert!(d.figures.iter().any(|f| f.text == "数十億ドル"));
    assert!(!d.claims.is_empty());
    assert!(d.sentences.iter().all(|s| s.time_start.is_none()));
}

#[test]
fn timed_formats_give_the_plain_sentences_figures_and_claims() {
    let expected = summary(plain());
    for (name, format) in [
        ("zitron.ja.srt", InputFormat::Srt),
        ("zitron.ja.vtt", InputFormat::Vtt),
        ("zitron.ja.whisper.json", InputFormat::WhisperJson),
    ] {
        let source = read(name);
        assert_eq!(source.format, format, "{name}");
        assert!(source.warnings.is_empty(), "{name}: {:?}", source.warnings);
        let d = run(&source);
        assert_eq!(summary(&d), expected, "{name}");
        spans_index_the_text(&source, &d);
        // Every sentence of a timed input has a time and a speaker.
        for s in &d.sentences {
            assert!(
                s.time_start.is_some() && s.time_end.is_some() && s.speaker.is_some(),
                "{name}: {s:?}"
            );
        }
        for c in &d.claims {
            assert!(c.holder.is_some(), "{name}: {c:?}");
        }
    }
}

#[test]
fn timed_formats_agree_on_times_and_the_times_are_the_cues() {
    let times = |name: &str| -> Vec<(Option<String>, f64, f64)> {
        run(&read(name))
            .sentences
            .iter()
            .map(|s| {
                (
                    s.speaker.clone(),
                    s.time_start.unwrap_or(-1.0),
                    s.time_end.unwrap_or(-1.0),
                )
            })
            .collect()
    };
    let srt = times("zitron.ja.srt");
    assert_eq!(srt, times("zitron.ja.vtt"));
    assert_eq!(srt, times("zitron.ja.whisper.json"));
    let at = |i: usize| (srt[i].0.as_deref(), srt[i].1, srt[i].2);
    // Split over three cues, the last ending mid-cue after "なんです" + "。".
    assert_eq!(at(0), (Some("Ed Zitron"), 0.0, 12.15));
    // The host's turn, after a pause.
    assert_eq!(at(7), (Some("司会"), 54.55, 67.45));
    // "Nvidiaが少し前に発表された1000億ドルの取引に…": starts in the middle of a cue.
    assert_eq!(at(16), (Some("Ed Zitron"), 96.05, 106.85));
    let d = run(&read("zitron.ja.srt"));
    let fig = d.figures.iter().find(|f| f.text == "1000億ドル").unwrap();
    let s = d
        .sentences
        .iter()
        .find(|s| s.id == fig.sentence_id)
        .unwrap();
    assert_eq!(
        (s.time_start, s.speaker.as_deref()),
        (Some(96.05), Some("Ed Zitron"))
    );
}

#[test]
fn rebuilt_text_joins_cues_and_labels_speaker_turns() {
    let source = read("zitron.ja.srt");
    let lines: Vec<&str> = source.text.lines().collect();
    assert_eq!(lines.len(), 3, "{}", source.text);
    assert!(lines[0].starts_with("Ed Zitron: 市場が暴落している理由は、人々がようやく"));
    assert!(lines[1].starts_with("司会: 本日のテックレポート"));
    assert!(lines[1].contains("Where’s Your Edの執筆者であり、Better Offlineポッドキャスト"));
    // One timed span per cue, covering exactly the cue's text.
    let chars: Vec<char> = source.text.chars().collect();
    let first = &source.timeline[0];
    let text: String = chars[first.start..first.end].iter().collect();
    assert_eq!(text, "市場が暴落している理由は、人々がよ");
    assert_eq!((first.time_start, first.time_end), (Some(0.0), Some(2.55)));
    assert_eq!(source.timeline.len(), 37);
}

#[test]
fn encodings_give_the_plain_text() {
    let plain_text = read("zitron.ja.txt").text;
    for name in [
        "encodings/zitron.sjis.txt",
        "encodings/zitron.eucjp.txt",
        "encodings/zitron.utf16.txt",
    ] {
        let source = read(name);
        assert_eq!(source.text, plain_text, "{name}");
        assert_eq!(summary(&run(&source)), summary(plain()), "{name}");
    }
    // UTF-16BE and UTF-8 with a BOM too.
    let mut be = vec![0xFE, 0xFF];
    be.extend(plain_text.encode_utf16().flat_map(|u| u.to_be_bytes()));
    let s = source::decode(Path::new("be.txt"), be).unwrap();
    assert_eq!(s.text, plain_text);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(plain_text.as_bytes());
    assert_eq!(
        source::decode(Path::new("bom.txt"), bom).unwrap().text,
        plain_text
    );
}

#[test]
fn undecidable_and_binary_files_are_refused_naming_the_file() {
    // Latin-1 "café." is not UTF-8, and not Shift_JIS or EUC-JP either.
    let err = source::decode(Path::new("old/latin1.txt"), b"caf\xe9.\n".to_vec()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with("old/latin1.txt: cannot decode"), "{msg}");
    assert!(msg.contains("Shift_JIS") && msg.contains("EUC-JP"), "{msg}");
    assert!(!msg.contains('\n'));
    // Damaged UTF-8 is not read as Shift_JIS mojibake.
    let mut damaged = std::fs::read(fixture("zitron.ja.txt")).unwrap();
    damaged[100] = 0xFF;
    let err = source::decode(Path::new("d.txt"), damaged).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("d.txt: looks like UTF-8 but has "),
        "{err}"
    );
    let err = source::decode(Path::new("x.bin"), vec![0x50, 0x4B, 0x03, 0x04, 0, 0, 1]);
    assert!(err.unwrap_err().to_string().contains("binary"));
    // A UTF-16 BOM with an odd byte count.
    let err = source::decode(Path::new("odd.txt"), vec![0xFF, 0xFE, 0x42]).unwrap_err();
    assert!(err.to_string().starts_with("odd.txt: "), "{err}");
}

#[test]
fn metadata_and_labels_from_a_markdown_file() {
    let source = read("metadata.md");
    assert_eq!(source.format, InputFormat::Markdown);
    assert_eq!(source.title.as_deref(), Some("AI 市場崩壊の始まり"));
    assert_eq!(source.date.as_deref(), Some("2025-11-06"));
    assert_eq!(source.show.as_deref(), Some("Tech Report"));
    assert_eq!(source.episode.as_deref(), Some("42"));
    // Front matter stays in the text (offsets index the file) but is no sentence.
    assert!(source.text.starts_with("---\ntitle:"));
    let d = run(&source);
    // The heading is a sentence of its own, marked as one.
    assert!(
        d.sentences
            .iter()
            .any(|s| s.heading && s.text == "# Oracle の危険な賭け")
    );
    let got: Vec<(Option<&str>, Option<&str>, &str)> = d
        .sentences
        .iter()
        .filter(|s| !s.heading)
        .map(|s| (s.section.as_deref(), s.speaker.as_deref(), s.text.as_str()))
        .collect();
    let section = Some("Oracle の危険な賭け");
    assert_eq!(got.len(), 4, "{got:#?}");
    assert_eq!(
        (got[0].0, got[0].1),
        (section, Some("Ed Zitron")),
        "【Ed Zitron】 names the speaker"
    );
    assert!(got[0].2.starts_with("Oracleは資金が枯渇"));
    assert_eq!(got[1].1, Some("司会"));
    assert_eq!(
        (got[2].1, got[2].2),
        (Some("Q"), "会議は10:30に始まりますか？")
    );
    assert_eq!(got[3].1, Some("A"));
    assert!(
        d.claims
            .iter()
            .any(|c| c.holder.as_deref() == Some("Ed Zitron"))
    );
    assert_eq!(d.transcript.title, "AI 市場崩壊の始まり");
    assert_eq!(d.transcript.date.as_deref(), Some("2025-11-06"));
    // --title and --date win over the file.
    let options = ReadOptions {
        title: Some("Given".into()),
        date: Some("2026-01-01".into()),
        ..ReadOptions::default()
    };
    let s = source::read_transcript_with(&fixture("metadata.md"), &options).unwrap();
    assert_eq!(
        (s.title(), s.date.as_deref()),
        ("Given".into(), Some("2026-01-01"))
    );
    // The WebVTT header's title.
    assert_eq!(read("zitron.ja.vtt").title(), "AI 市場崩壊の始まり");
}

#[test]
fn broken_srt_recovers_with_warnings() {
    let source = read("broken.srt");
    let w = source.warnings.join("\n");
    assert!(w.contains("numbered 2, expected 3"), "{w}");
    assert!(w.contains("cannot read the timing"), "{w}");
    assert!(w.contains("times overlap"), "{w}");
    let d = run(&source);
    let texts: Vec<&str> = d.sentences.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts[..2],
        [&plain().sentences[0].text, &plain().sentences[1].text]
    );
    assert_eq!(texts[2], "OpenAIという顧客がいる");
    assert!(
        !source.text.contains("読めません"),
        "the unreadable cue is skipped"
    );
    assert!(!source.text.contains("four"));
}

#[test]
fn truncated_whisper_json_is_a_clear_error() {
    let full = std::fs::read_to_string(fixture("zitron.ja.whisper.json")).unwrap();
    let cut = &full[..full.len() / 2];
    let cut = &cut[..cut.char_indices().last().map_or(0, |(i, _)| i)];
    let err = source::decode(Path::new("ep1.json"), cut.as_bytes().to_vec()).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.starts_with("ep1.json: not valid Whisper JSON: EOF while parsing"),
        "{msg}"
    );
    assert!(
        msg.contains(" at line ") && msg.contains(" column "),
        "{msg}"
    );
    // Valid JSON that is not Whisper output.
    let err = source::decode(Path::new("x.json"), br#"{"a": 1}"#.to_vec()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "x.json: not Whisper JSON: no \"segments\" array"
    );
    // A subtitle file without cues.
    let err = source::decode(Path::new("x.srt"), b"hello\n".to_vec()).unwrap_err();
    assert!(
        err.to_string().starts_with("x.srt: not an SRT file"),
        "{err}"
    );
}

#[test]
fn whisper_segments_without_times_or_text_are_kept_or_skipped_with_warnings() {
    let json = r#"[{"start": 0, "end": 2, "text": "資金が"}, {"text": "枯渇しています。"},
                   {"start": 5, "end": 4, "text": "逆。"}, {"start": 6}, 7]"#;
    let s = source::decode(Path::new("w.json"), json.as_bytes().to_vec()).unwrap();
    assert_eq!(s.text, "資金が枯渇しています。逆。\n");
    let w = s.warnings.join("\n");
    assert!(w.contains("segment 2: missing or invalid"), "{w}");
    assert!(w.contains("ends (0:00:04.000) before it starts"), "{w}");
    assert!(w.contains("segment 4: no \"text\""), "{w}");
    assert!(w.contains("segment 5: not an object"), "{w}");
}

#[test]
fn formats_are_detected_from_extension_and_content() {
    let d = |p: &str, t: &str| source::detect_format(Path::new(p), t);
    assert_eq!(d("a.srt", ""), InputFormat::Srt);
    assert_eq!(d("a.VTT", ""), InputFormat::Vtt);
    assert_eq!(d("a.md", ""), InputFormat::Markdown);
    assert_eq!(d("a.json", ""), InputFormat::WhisperJson);
    assert_eq!(
        d("a.txt", "WEBVTT\n\n00:01.000 --> 00:02.000\nx"),
        InputFormat::Vtt
    );
    assert_eq!(
        d("a.txt", "1\n00:00:01,000 --> 00:00:02,000\nx\n"),
        InputFormat::Srt
    );
    assert_eq!(d("a", "{\"segments\": []}"), InputFormat::WhisperJson);
    assert_eq!(
        d("a.txt", "司会: 10:30 --> 11:00 の予定です。"),
        InputFormat::Text
    );
    for name in ["srt", "vtt", "whisper-json", "text", "markdown"] {
        assert!(InputFormat::from_name(name).is_some(), "{name}");
        assert!(InputFormat::names().contains(&name));
    }
    // --input-format wins over the extension.
    let options = ReadOptions {
        input_format: Some(InputFormat::Text),
        ..ReadOptions::default()
    };
    let s = source::read_transcript_with(&fixture("zitron.ja.srt"), &options).unwrap();
    assert!(s.text.starts_with("1\n00:00:00,000"));
}

#[test]
fn folders_yield_subtitles_and_whisper_json_but_not_other_json() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nx\n"),
        ("b.vtt", "WEBVTT\n"),
        ("c.json", "{\"text\": \"\", \"segments\": []}"),
        ("package.json", "{\"name\": \"x\"}"),
        ("d.txt", "x"),
        ("e.png", "x"),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let files = source::collect_transcripts(&[dir.path().to_path_buf()]).unwrap();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["a.srt", "b.vtt", "c.json", "d.txt"]);
}

fn check_rebuilt(cues: &[Cue]) -> Result<(), TestCaseError> {
    let r = formats::rebuild(cues);
    let chars: Vec<char> = r.text.chars().collect();
    let mut at = 0;
    for span in &r.timeline {
        prop_assert!(at <= span.start && span.start < span.end && span.end <= chars.len());
        at = span.end;
    }
    // Segmenting the rebuilt text still rebuilds it exactly.
    let seg = claimdex::segment::segment(&r.text);
    let mut at = 0;
    for s in &seg.sentences {
        prop_assert!(s.start >= at && s.end > s.start && s.end <= chars.len());
        at = s.end;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn subtitle_parsers_never_panic(
        text in "(WEBVTT|NOTE|[0-9]{1,3}|[0-9:,.]{0,14} --> [0-9:,.]{0,14}|<v [A-Z]>|</v>|<[a-z]{0,3}|\\{\\\\|&amp;|[資金がOracle。、:：【】\\[\\]\\- ]{0,8}|\r?\n){0,30}"
    ) {
        let _ = formats::srt::parse(&text);
        let _ = formats::vtt::parse(&text);
        if let Ok(p) = formats::srt::parse(&text) { check_rebuilt(&p.cues)?; }
        if let Ok(p) = formats::vtt::parse(&text) { check_rebuilt(&p.cues)?; }
    }

    #[test]
    fn whisper_parser_never_panics(
        text in "(\\{|\\}|\\[|\\]|\"segments\"|\"start\"|\"end\"|\"text\"|\"speaker\"|:|,|-?[0-9.e]{1,5}|\"[資金が。a ]{0,5}\"|null|true| ){0,40}"
    ) {
        if let Ok(p) = formats::whisper::parse(&text) { check_rebuilt(&p.cues)?; }
    }

    #[test]
    fn any_string_parses_without_panic(text in "\\PC{0,200}") {
        let _ = formats::srt::parse(&text);
        let _ = formats::vtt::parse(&text);
        let _ = formats::whisper::parse(&text);
        let _ = formats::podcast::parse(&text);
        if let Ok(p) = formats::timed_text::parse(&text) {
            let r = formats::timed_text::rebuild_lines(&p.cues);
            let n = r.text.chars().count();
            for t in &r.timeline { prop_assert!(t.start <= t.end && t.end <= n); }
        }
    }

    #[test]
    fn timestamped_lines_and_rolling_cues_never_panic(
        text in "(\\[|\\]|\\(|\\)|[0-9]{1,2}|:|\\.|,|司会|: |【速報】| |資金が|4|200万ドル|。|\n){0,40}"
    ) {
        if let Ok(mut p) = formats::timed_text::parse(&text) {
            check_rebuilt(&p.cues)?;
            formats::rolling::unroll(&mut p.cues);
            check_rebuilt(&p.cues)?;
        }
        let _ = claimdex::segment::segment(&text);
    }

    #[test]
    fn decode_never_panics_on_bytes(
        bytes in proptest::collection::vec(any::<u8>(), 0..300),
        ext in "(txt|srt|vtt|json|md|)"
    ) {
        let path = PathBuf::from(format!("f.{ext}"));
        if let Ok(s) = source::decode(&path, bytes) {
            let n = s.text.chars().count();
            for t in &s.timeline { prop_assert!(t.start <= t.end && t.end <= n); }
        }
    }

    #[test]
    fn shift_jis_and_euc_jp_round_trip(text in "[あ-んア-ン資金枯渇市場。、a-z0-9 \n]{1,80}") {
        for enc in [encoding_rs::SHIFT_JIS, encoding_rs::EUC_JP] {
            let (bytes, _, _) = enc.encode(&text);
            let decoded = source::decode_text(Path::new("j.txt"), &bytes).ok();
            // Pure ASCII is UTF-8; Japanese must come back exactly.
            prop_assert_eq!(decoded.as_deref(), Some(text.as_str()));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Issue 18: real transcript inputs
// ---------------------------------------------------------------------------------------------

/// Per figure: text, kind, value, upper value and currency.
type Figures = Vec<(String, String, String, Option<String>, Option<String>)>;

fn figures(d: &Dataset) -> Figures {
    d.figures
        .iter()
        .map(|f| {
            (
                f.text.clone(),
                json(&f.kind),
                f.value.to_string(),
                f.value_max.map(|v| v.to_string()),
                f.currency.clone(),
            )
        })
        .collect()
}

fn amounts_plain() -> &'static Dataset {
    static D: OnceLock<Dataset> = OnceLock::new();
    D.get_or_init(|| run(&read("amounts.ja.txt")))
}

#[test]
fn amounts_plain_fixture_reads_the_split_amounts_right() {
    let got = figures(amounts_plain());
    let value = |text: &str| {
        got.iter()
            .find(|f| f.0 == text)
            .map(|f| (f.2.as_str(), f.4.as_deref()))
    };
    assert_eq!(
        value("4200万ドル"),
        Some(("42000000", Some("USD"))),
        "{got:#?}"
    );
    assert_eq!(
        value("1000億ドル何がしか"),
        Some(("100000000000", Some("USD"))),
        "{got:#?}"
    );
    assert_eq!(
        value("3.75億ドル"),
        Some(("375000000", Some("USD"))),
        "{got:#?}"
    );
    assert_eq!(
        value("毎月およそ2,400万ドル"),
        Some(("24000000", Some("USD"))),
        "{got:#?}"
    );
}

#[test]
fn amounts_cut_across_cues_give_the_plain_figures_with_times() {
    let expected = figures(amounts_plain());
    for (name, format, speakers) in [
        ("amounts.ja.srt", InputFormat::Srt, true),
        ("amounts.ja.vtt", InputFormat::Vtt, true),
        ("amounts.ja.whisper.json", InputFormat::WhisperJson, true),
        ("amounts.podcast.txt", InputFormat::PodcastJson, true),
        ("amounts.rolling.vtt", InputFormat::Vtt, false),
        ("amounts.brackets.txt", InputFormat::TimestampedText, true),
        ("amounts.bare.txt", InputFormat::TimestampedText, true),
    ] {
        let source = read(name);
        assert_eq!(source.format, format, "{name}");
        assert!(source.warnings.is_empty(), "{name}: {:?}", source.warnings);
        let d = run(&source);
        assert_eq!(figures(&d), expected, "{name}\n{}", source.text);
        spans_index_the_text(&source, &d);
        for f in &d.figures {
            let s = d.sentences.iter().find(|s| s.id == f.sentence_id).unwrap();
            // Timestamped text gives no end to its last line.
            let ends = format != InputFormat::TimestampedText;
            assert!(
                s.time_start.is_some() && (s.time_end.is_some() || !ends),
                "{name}: {s:?}"
            );
            if speakers {
                assert!(s.speaker.is_some(), "{name}: {s:?}");
            }
            assert!(!s.text.contains("00:0"), "{name}: a timestamp in {s:?}");
        }
    }
}

#[test]
fn amounts_keep_their_speakers_and_times_in_vtt_and_timestamped_text() {
    for name in ["amounts.ja.vtt", "amounts.brackets.txt", "amounts.bare.txt"] {
        let d = run(&read(name));
        let f = d.figures.iter().find(|f| f.text == "4200万ドル").unwrap();
        let s = d.sentences.iter().find(|s| s.id == f.sentence_id).unwrap();
        assert_eq!(s.speaker.as_deref(), Some("ジトロン"), "{name}");
        assert_eq!(
            s.text, "データセンター1メガワットあたり4200万ドルです。",
            "{name}"
        );
        // The cue (or the timestamped line) it starts in: after the host's two lines.
        let start = s.time_start.unwrap_or(-1.0);
        assert!((7.0..=10.5).contains(&start), "{name}: {start}");
    }
}

#[test]
fn the_rebuilt_text_of_rolling_captions_says_each_thing_once() {
    let source = read("amounts.rolling.vtt");
    let n = |text: &str, what: &str| text.matches(what).count();
    assert_eq!(
        n(&source.text, "1メガワットあたり4200万ドル"),
        1,
        "{}",
        source.text
    );
    assert_eq!(n(&source.text, "今日は設備投資"), 1, "{}", source.text);
    let plain: String = std::fs::read_to_string(fixture("amounts.ja.txt"))
        .unwrap()
        .lines()
        .map(|l| l.split_once(": ").map_or(l, |(_, t)| t))
        .collect();
    let rolled: String = source.text.chars().filter(|c| *c != '\n').collect();
    assert_eq!(rolled, plain);
}

#[test]
fn rolling_captions_as_srt_are_unrolled_too() {
    // amounts.rolling.vtt converted as tools convert YouTube captions to SRT.
    let vtt = std::fs::read_to_string(fixture("amounts.rolling.vtt")).unwrap();
    let mut srt = String::new();
    let mut n = 0;
    for block in vtt.split("\n\n").skip(1) {
        let mut lines = block.lines();
        let Some(timing) = lines.next() else { continue };
        let timing: Vec<&str> = timing.split_whitespace().take(3).collect();
        n += 1;
        srt.push_str(&format!("{n}\n{}\n", timing.join(" ").replace('.', ",")));
        for l in lines {
            srt.push_str(l);
            srt.push('\n');
        }
        srt.push('\n');
    }
    let source = source::decode(Path::new("rolling.srt"), srt.into_bytes()).unwrap();
    assert!(source.warnings.is_empty(), "{:?}", source.warnings);
    assert_eq!(figures(&run(&source)), figures(amounts_plain()));
}

#[test]
fn utf16_without_a_bom_is_read_by_its_zero_bytes() {
    let plain_text = read("amounts.ja.txt").text;
    let le: Vec<u8> = plain_text
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let be: Vec<u8> = plain_text
        .encode_utf16()
        .flat_map(|u| u.to_be_bytes())
        .collect();
    for (name, bytes) in [("le.txt", le), ("be.txt", be)] {
        let s = source::decode(Path::new(name), bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.text, plain_text, "{name}");
    }
    // Binary with zero bytes is still refused, naming the file.
    let err = source::decode(Path::new("x.bin"), vec![0x50, 0x4B, 0x03, 0x04, 0, 0, 1, 0])
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("x.bin: looks like a binary file"), "{err}");
}

#[test]
fn standard_input_is_read_by_content_under_the_given_title() {
    let bytes = std::fs::read(fixture("amounts.ja.srt")).unwrap();
    let options = ReadOptions {
        title: Some("設備投資".into()),
        ..ReadOptions::default()
    };
    let name = source::stdin_name(options.title.as_deref());
    let s = source::read_transcript_from(&bytes[..], &name, &options).unwrap();
    assert_eq!(s.format, InputFormat::Srt);
    assert_eq!(s.title(), "設備投資");
    assert_eq!(s.path, PathBuf::from("stdin:設備投資"));
    let err = source::read_transcript_from(&b"\n"[..], &source::stdin_name(None), &options)
        .unwrap_err()
        .to_string();
    assert_eq!(err, "stdin: is empty: no text to read");
    let err = source::read_transcript_from(&b"{\"segments\": [{\"body\": 1"[..], &name, &options)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("stdin:設備投資: not valid Podcasting 2.0 JSON"),
        "{err}"
    );
}

#[test]
fn new_formats_are_detected_by_content() {
    let d = |p: &str, t: &str| source::detect_format(Path::new(p), t);
    let podcast =
        r#"{"version": "1.0.0", "segments": [{"startTime": 0, "endTime": 1, "body": "x"}]}"#;
    assert_eq!(d("ep.json", podcast), InputFormat::PodcastJson);
    assert_eq!(d("ep", podcast), InputFormat::PodcastJson);
    assert_eq!(
        d(
            "ep.json",
            r#"{"segments": [{"start": 0, "end": 1, "text": "x"}]}"#
        ),
        InputFormat::WhisperJson
    );
    assert_eq!(
        d(
            "ep.txt",
            "[00:00:01] 司会: はい。\n[00:00:03] ゲスト: ええ。\n"
        ),
        InputFormat::TimestampedText
    );
    assert_eq!(
        d("ep.txt", "(00:01) はい。\n(00:03) ええ。\n"),
        InputFormat::TimestampedText
    );
    assert_eq!(
        d(
            "ep.txt",
            "司会: 会議は10:30に始まります。\n12:00 から昼食です。\n午後です。\n"
        ),
        InputFormat::Text
    );
    // Front matter on timestamped text gives the metadata and is no turn.
    let text = "---\ntitle: 設備投資\ndate: 2025-11-06\n---\n[00:00:01] 司会: はい。\n[00:00:03] ゲスト: ええ。\n";
    let s = source::decode(Path::new("ep.txt"), text.as_bytes().to_vec()).unwrap();
    assert_eq!(s.format, InputFormat::TimestampedText);
    assert_eq!(
        (s.title(), s.date.as_deref()),
        ("設備投資".into(), Some("2025-11-06"))
    );
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    assert_eq!(s.text, "司会: はい。\nゲスト: ええ。\n");
    for name in ["podcast-json", "timestamped-text"] {
        assert!(InputFormat::from_name(name).is_some(), "{name}");
        assert!(InputFormat::names().contains(&name));
    }
    // A folder's Podcasting 2.0 .json files are transcripts.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ep.json"), podcast).unwrap();
    let files = source::collect_transcripts(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(files.len(), 1);
}

#[test]
fn headline_tags_are_not_speakers() {
    let text =
        "司会: はじめます。\n【速報】Oracleが新たに資金を調達\nOracleは500億ドルを調達しました。\n";
    let d = run(&SourceText::from_string("news.txt", text));
    let s = d
        .sentences
        .iter()
        .find(|s| s.text.starts_with("Oracleは"))
        .unwrap();
    assert_eq!(
        s.section.as_deref(),
        Some("【速報】Oracleが新たに資金を調達")
    );
    assert_eq!(s.speaker.as_deref(), Some("司会"));
    let d = run(&SourceText::from_string(
        "news.txt",
        "はじめに。\n【速報】\n資金が尽きました。\n",
    ));
    assert!(
        d.sentences.iter().all(|s| s.speaker.is_none()),
        "{:?}",
        d.sentences
    );
}

/// The plain amounts passage as (speaker, text) turns.
fn amounts_turns() -> Vec<(String, String)> {
    std::fs::read_to_string(fixture("amounts.ja.txt"))
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once(": "))
        .map(|(s, t)| (s.to_string(), t.to_string()))
        .collect()
}

/// The turns cut into SRT cues of the given lengths (cycled), a label on a turn's first cue.
fn srt_cut(turns: &[(String, String)], lengths: &[usize]) -> String {
    let mut out = String::new();
    let (mut n, mut k, mut t) = (0usize, 0usize, 0.0f64);
    for (speaker, text) in turns {
        let chars: Vec<char> = text.chars().collect();
        let mut at = 0;
        let mut first = true;
        while at < chars.len() {
            let len = lengths[k % lengths.len()].max(1);
            k += 1;
            let piece: String = chars[at..(at + len).min(chars.len())].iter().collect();
            at += len;
            n += 1;
            let label = if first {
                format!("{speaker}: ")
            } else {
                String::new()
            };
            first = false;
            let ts = |x: f64| formats::format_time(x).replace('.', ",");
            out.push_str(&format!(
                "{n}\n0{} --> 0{}\n{label}{piece}\n\n",
                ts(t),
                ts(t + 1.0)
            ));
            t += 1.0;
        }
        t += 3.0;
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Issue 18: a transcript cut into cues anywhere reads the same money as the plain text.
    #[test]
    fn srt_cut_anywhere_gives_the_plain_money(lengths in proptest::collection::vec(1usize..60, 1..24)) {
        let money = |d: &Dataset| -> Figures {
            figures(d).into_iter().filter(|f| f.4.is_some()).collect()
        };
        let expected = money(amounts_plain());
        prop_assert!(expected.len() >= 8);
        let srt = srt_cut(&amounts_turns(), &lengths);
        let source = source::decode(Path::new("cut.srt"), srt.clone().into_bytes())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(money(&run(&source)), expected, "{}\n{}", srt, source.text);
    }
}
