//! Stage 1: find transcript files, decode them and read their format.
//!
//! **Encodings.** A byte-order mark decides first (UTF-8, UTF-16LE, UTF-16BE); then strict
//! UTF-8; then Shift_JIS (Windows-31J) and EUC-JP, each accepted only if it decodes without a
//! single error, the one that reads as more Japanese winning if both do. Anything else is a
//! [`Error::Decode`] naming the file and the encodings tried, never mojibake. Binary files
//! (NUL bytes outside UTF-16) are refused.
//!
//! **Formats** ([`InputFormat`]), from the extension, then the content, unless
//! `--input-format` says: plain text and Markdown (offsets index the file as decoded, BOM
//! removed; a leading front-matter block gives title, date, show and episode), and the timed
//! formats SRT, WebVTT, Whisper JSON, Podcasting 2.0 JSON and timestamped plain text, whose
//! cues are joined into one transcript text by [`formats::rebuild`] (rolling captions
//! unrolled first; timestamped text line by line) — for those, [`SourceText::text`] is that
//! rebuilt text, and offsets in every record index it.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

pub mod formats;

pub use formats::TimedSpan;

use crate::{Error, Result};
use formats::{Parsed, podcast, rolling, timed_text, whisper};

/// File extensions taken as transcripts when a directory is indexed (`.json` files only
/// when they look like Whisper output or Podcasting 2.0 transcripts).
pub const TRANSCRIPT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "srt", "vtt", "json"];

/// Files larger than this are refused rather than read whole into memory. A transcript is
/// analysed whole, and indexing one takes about 57 times its size in memory at its peak
/// (measured: 513 MB for an 8.96 MB file), so this bounds one file at about 1 GB. 16 MB of
/// Japanese text is some 5 million characters, days of speech.
pub const MAX_TRANSCRIPT_BYTES: u64 = 16 * 1024 * 1024;

/// At most this many bytes of transcripts are analysed at once when a folder is indexed
/// (one file larger than this is analysed alone).
pub const BATCH_BYTES: u64 = 16 * 1024 * 1024;

/// Input formats a transcript can come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// Plain text, optionally with speaker labels (`Name:`, `司会：`, `Q:`, `【名前】`).
    #[default]
    Text,
    /// Markdown: `#` headings become sections, the first `# ` heading is the title.
    Markdown,
    /// SubRip subtitles (`.srt`).
    Srt,
    /// WebVTT subtitles (`.vtt`), with `<v Speaker>` voice tags.
    Vtt,
    /// Whisper JSON: `segments` with `start`, `end`, `text` and optional `speaker`.
    WhisperJson,
    /// Podcasting 2.0 JSON (`podcast:transcript`): `segments` with `startTime`, `endTime`,
    /// `body` and optional `speaker`.
    PodcastJson,
    /// Plain text with timestamps at line starts (`[00:12:34] 名前：…`, `00:12:34 名前 …`,
    /// `(12:34)`), as transcription services export it.
    TimestampedText,
}

impl InputFormat {
    /// Every format with its command-line name.
    pub const ALL: &'static [(&'static str, InputFormat)] = &[
        ("text", InputFormat::Text),
        ("markdown", InputFormat::Markdown),
        ("srt", InputFormat::Srt),
        ("vtt", InputFormat::Vtt),
        ("whisper-json", InputFormat::WhisperJson),
        ("podcast-json", InputFormat::PodcastJson),
        ("timestamped-text", InputFormat::TimestampedText),
    ];

    /// Other names accepted for formats (`md`, `webvtt`, `whisper`, `json`, `txt`).
    const ALIASES: &'static [(&'static str, InputFormat)] = &[
        ("txt", InputFormat::Text),
        ("md", InputFormat::Markdown),
        ("webvtt", InputFormat::Vtt),
        ("whisper", InputFormat::WhisperJson),
        ("json", InputFormat::WhisperJson),
        ("podcast", InputFormat::PodcastJson),
        ("timestamped", InputFormat::TimestampedText),
    ];

    /// The format of a command-line name (`--input-format NAME`).
    pub fn from_name(name: &str) -> Option<InputFormat> {
        Self::ALL
            .iter()
            .chain(Self::ALIASES)
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, f)| *f)
    }

    /// The command-line names, for help and error messages.
    pub fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|(n, _)| *n).collect()
    }

    /// The other names accepted on the command line.
    pub fn aliases() -> Vec<&'static str> {
        Self::ALIASES.iter().map(|(n, _)| *n).collect()
    }

    /// The command-line name of this format.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("text", |(n, _)| *n)
    }

    /// Whether the text is rebuilt from timed cues (subtitles, Whisper, Podcasting 2.0,
    /// timestamped text).
    pub fn is_timed(self) -> bool {
        matches!(
            self,
            InputFormat::Srt
                | InputFormat::Vtt
                | InputFormat::WhisperJson
                | InputFormat::PodcastJson
                | InputFormat::TimestampedText
        )
    }
}

/// How to read transcripts: overrides of what is detected from the file.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The input format, instead of detecting it from the extension and content.
    pub input_format: Option<InputFormat>,
    /// The title, instead of the file name.
    pub title: Option<String>,
    /// The episode's date (as given, e.g. `2025-11-06`).
    pub date: Option<String>,
}

/// A transcript file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The path it was read from.
    pub path: PathBuf,
    /// Its text, decoded, BOM removed (for timed inputs: rebuilt from the cues).
    pub text: String,
    /// Title from `--title` or the file's own metadata; the file name otherwise.
    pub title: Option<String>,
    /// Date of the episode, when given.
    pub date: Option<String>,
    /// The show (podcast, programme) the episode belongs to, from front matter.
    pub show: Option<String>,
    /// The episode (number or name), from front matter.
    pub episode: Option<String>,
    /// The format it was read as.
    pub format: InputFormat,
    /// Times and speakers of stretches of `text`, in order, for timed or labelled inputs.
    pub timeline: Vec<TimedSpan>,
    /// Problems recovered from while reading (a skipped cue, overlapping times), one line
    /// each, without the file name.
    pub warnings: Vec<String>,
}

impl SourceText {
    /// Wrap a text that did not come from a file (tests, standard input).
    pub fn from_string(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        let text = text.into();
        let text = match text.strip_prefix('\u{FEFF}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        SourceText {
            path: path.into(),
            text,
            title: None,
            date: None,
            show: None,
            episode: None,
            format: InputFormat::Text,
            timeline: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The title: given, or the file name's stem without a language suffix (`x.ja.txt` → `x`,
    /// `x.ja.whisper.json` → `x`).
    pub fn title(&self) -> String {
        if let Some(t) = &self.title {
            return t.clone();
        }
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut stem = name.as_str();
        for _ in 0..3 {
            if let Some((head, ext)) = stem.rsplit_once('.')
                && !head.is_empty()
                && (ext.len() <= 4 || ext.eq_ignore_ascii_case("whisper"))
            {
                stem = head;
            }
        }
        stem.to_string()
    }
}

/// A front-matter block at the very start of a text file:
///
/// ```text
/// ---
/// title: AI 市場崩壊の始まり
/// date: 2025-11-06
/// show: Tech Report
/// episode: 42
/// ---
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    /// Char offset just after the closing `---` line (and its line break).
    pub end: usize,
    /// `title:`.
    pub title: Option<String>,
    /// `date:`.
    pub date: Option<String>,
    /// `show:` (or `podcast:`, `series:`).
    pub show: Option<String>,
    /// `episode:`.
    pub episode: Option<String>,
}

/// Most lines a front-matter block may have; a longer one is not taken as front matter.
const MAX_FRONT_MATTER_LINES: usize = 40;

/// The front-matter block at the start of `text`, if there is one: a first line `---`, then
/// `key: value` lines (or blank or `#` comment lines), then `---` or `...`.
pub fn front_matter(text: &str) -> Option<FrontMatter> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut fm = FrontMatter {
        end: first.chars().count(),
        ..FrontMatter::default()
    };
    for line in lines.take(MAX_FRONT_MATTER_LINES) {
        fm.end += line.chars().count();
        let l = line.trim();
        if l == "---" || l == "..." {
            return Some(fm);
        }
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let (key, value) = l.split_once(':')?;
        let key = key.trim().to_ascii_lowercase();
        if key.is_empty() || key.contains(char::is_whitespace) {
            return None;
        }
        let value = value.trim().trim_matches(['"', '\'']).trim().to_string();
        let value = (!value.is_empty()).then_some(value);
        match key.as_str() {
            "title" => fm.title = value,
            "date" => fm.date = value,
            "show" | "podcast" | "series" | "program" | "programme" => fm.show = value,
            "episode" => fm.episode = value,
            _ => {}
        }
    }
    None
}

/// Read one transcript file with default options.
pub fn read_transcript(path: &Path) -> Result<SourceText> {
    read_transcript_with(path, &ReadOptions::default())
}

/// Read one transcript file: decode it, detect its format (unless given) and read it.
pub fn read_transcript_with(path: &Path, options: &ReadOptions) -> Result<SourceText> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::Decode {
            path: path.to_path_buf(),
            message: "is a directory, not a transcript file".into(),
        });
    }
    if meta.len() > MAX_TRANSCRIPT_BYTES {
        return Err(Error::Decode {
            path: path.to_path_buf(),
            message: format!(
                "file is {} MB; transcripts over {} MB are not read (split it into smaller files)",
                meta.len() / (1024 * 1024),
                MAX_TRANSCRIPT_BYTES / (1024 * 1024)
            ),
        });
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    decode_with(path, bytes, options)
}

/// The identity of a transcript's source in a store: its canonical path (absolute, links
/// and `..` resolved) while the file exists, else the name as given (standard input, a
/// file since removed). `ep/a.txt` and `$PWD/ep/a.txt` are one source.
pub fn source_key(source: &str) -> String {
    match std::fs::canonicalize(source) {
        Ok(path) => path.display().to_string(),
        Err(_) => source.to_string(),
    }
}

/// What stands for standard input among the paths of the command line.
pub const STDIN_ARG: &str = "-";

/// The name a transcript read from standard input goes by in messages and records:
/// `stdin:TITLE`, or `stdin` without a title.
pub fn stdin_name(title: Option<&str>) -> PathBuf {
    match title {
        Some(t) => PathBuf::from(format!("stdin:{t}")),
        None => PathBuf::from("stdin"),
    }
}

/// Read one transcript from `reader` (standard input), named `name` in messages and records;
/// its format is detected from its content unless `options` give it.
pub fn read_transcript_from(
    reader: impl std::io::Read,
    name: &Path,
    options: &ReadOptions,
) -> Result<SourceText> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader
        .take(MAX_TRANSCRIPT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(name, e))?;
    if bytes.len() as u64 > MAX_TRANSCRIPT_BYTES {
        return Err(Error::Decode {
            path: name.to_path_buf(),
            message: format!(
                "more than {} MB of input; transcripts over that are not read (split it into smaller files)",
                MAX_TRANSCRIPT_BYTES / (1024 * 1024)
            ),
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Decode {
            path: name.to_path_buf(),
            message: "is empty: no text to read".into(),
        });
    }
    decode_with(name, bytes, options)
}

/// Decode the bytes of a transcript and read it in the format its name and content show.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<SourceText> {
    decode_with(path, bytes, &ReadOptions::default())
}

/// Decode the bytes of a transcript and read it with `options`.
pub fn decode_with(path: &Path, bytes: Vec<u8>, options: &ReadOptions) -> Result<SourceText> {
    let text = decode_text(path, &bytes)?;
    let format = options
        .input_format
        .unwrap_or_else(|| detect_format(path, &text));
    let mut source = parse(path, text, format)?;
    if options.title.is_some() {
        source.title = options.title.clone();
    }
    if options.date.is_some() {
        source.date = options.date.clone();
    }
    Ok(source)
}

/// Decode a file's bytes to text (see the module documentation), BOM removed.
pub fn decode_text(path: &Path, bytes: &[u8]) -> Result<String> {
    let fail = |message: String| Error::Decode {
        path: path.to_path_buf(),
        message,
    };
    let utf16 = if bytes.starts_with(&[0xFF, 0xFE]) {
        Some(encoding_rs::UTF_16LE)
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    };
    if let Some(enc) = utf16 {
        let text = enc
            .decode_without_bom_handling_and_without_replacement(&bytes[2..])
            .ok_or_else(|| {
                fail(format!(
                    "starts with a {} byte-order mark but is not valid {} (odd length or unpaired surrogate)",
                    enc.name(),
                    enc.name()
                ))
            })?;
        if text.contains('\0') {
            return Err(fail(
                "looks like a binary file (contains NUL characters), not a transcript".into(),
            ));
        }
        return Ok(text.into_owned());
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return match std::str::from_utf8(rest) {
            Ok(t) => Ok(t.to_string()),
            Err(e) => Err(fail(format!(
                "starts with a UTF-8 byte-order mark but is not valid UTF-8 (first bad byte at offset {})",
                e.valid_up_to() + 3
            ))),
        };
    }
    if bytes.contains(&0) {
        if let Some(text) = utf16_without_bom(bytes) {
            return Ok(text);
        }
        return Err(fail(
            "looks like a binary file (contains NUL bytes), not a transcript (nor UTF-16 text)"
                .into(),
        ));
    }
    let bad_at = match std::str::from_utf8(bytes) {
        Ok(t) => return Ok(t.to_string()),
        Err(e) => e.valid_up_to(),
    };
    // Mostly valid UTF-8 with a few bad bytes is damaged UTF-8, whatever Shift_JIS makes of it.
    let lossy = String::from_utf8_lossy(bytes);
    let bad = lossy.chars().filter(|&c| c == '\u{FFFD}').count();
    let good = lossy
        .chars()
        .filter(|&c| !c.is_ascii() && c != '\u{FFFD}')
        .count();
    if good >= 8 && good >= 4 * bad {
        return Err(fail(format!(
            "looks like UTF-8 but has {bad} invalid byte sequence(s), the first at offset {bad_at}; the file may be damaged"
        )));
    }
    let mut best: Option<(i64, Cow<'_, str>)> = None;
    for enc in [encoding_rs::SHIFT_JIS, encoding_rs::EUC_JP] {
        if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
            let score = japanese_score(&text);
            if score > 0 && best.as_ref().is_none_or(|(b, _)| score > *b) {
                best = Some((score, text));
            }
        }
    }
    match best {
        Some((_, text)) => Ok(text.into_owned()),
        None => Err(fail(format!(
            "cannot decode: not UTF-8 (first bad byte at offset {bad_at}), and not Shift_JIS or EUC-JP text either (tried UTF-8, UTF-16 with BOM, Shift_JIS, EUC-JP); convert it to UTF-8"
        ))),
    }
}

/// UTF-16 text without a byte-order mark, told by its zero bytes: the high bytes of ASCII
/// characters (line ends, digits, Latin letters) are zero, so in UTF-16LE the zero bytes
/// fall (nearly all) at odd offsets, in UTF-16BE at even ones. Accepted only when the bytes decode
/// without error to text with no control characters but tabs and line ends.
fn utf16_without_bom(bytes: &[u8]) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let zeros_at = |parity: usize| {
        bytes
            .iter()
            .enumerate()
            .filter(|(i, b)| **b == 0 && i % 2 == parity)
            .count()
    };
    // A few zero bytes at the other parity are characters such as U+3000 or U+4E00 (一).
    let (even, odd) = (zeros_at(0), zeros_at(1));
    let enc = if odd > 0 && odd >= 4 * even {
        encoding_rs::UTF_16LE
    } else if even > 0 && even >= 4 * odd {
        encoding_rs::UTF_16BE
    } else {
        return None;
    };
    let text = enc.decode_without_bom_handling_and_without_replacement(bytes)?;
    let clean = text
        .chars()
        .all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'));
    (clean && !text.trim().is_empty()).then(|| text.into_owned())
}

/// How Japanese a decoded text reads: kana, kanji and full-width forms count for it;
/// half-width katakana (what EUC-JP read as Shift_JIS looks like), private-use characters
/// and control characters against it.
fn japanese_score(text: &str) -> i64 {
    text.chars()
        .map(|c| match c {
            '\u{3041}'..='\u{309F}' => 3, // hiragana: the strongest sign
            '\u{30A0}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' => 2,
            '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF5E}' => 1,
            '\u{FF61}'..='\u{FF9F}' => -2,
            '\u{E000}'..='\u{F8FF}' | '\u{FFFD}' => -5,
            '\t' | '\n' | '\r' => 0,
            c if c.is_control() => -5,
            _ => 0,
        })
        .sum()
}

/// The format of a file from its extension, or from its content when the extension says
/// nothing (`.txt`, none): a `WEBVTT` header, Podcasting 2.0 or Whisper-like JSON, SRT cue
/// lines, or timestamps at the start of most lines. A `.json` file is Podcasting 2.0 JSON
/// when its segments have `body`/`startTime`, Whisper JSON otherwise.
pub fn detect_format(path: &Path, text: &str) -> InputFormat {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("srt") => return InputFormat::Srt,
        Some("vtt") => return InputFormat::Vtt,
        Some("json") if podcast::looks_like_podcast(text) => return InputFormat::PodcastJson,
        Some("json") => return InputFormat::WhisperJson,
        Some("md" | "markdown") => return InputFormat::Markdown,
        _ => {}
    }
    let t = text.trim_start_matches('\u{FEFF}').trim_start();
    if t.starts_with("WEBVTT") {
        return InputFormat::Vtt;
    }
    if podcast::looks_like_podcast(t) {
        return InputFormat::PodcastJson;
    }
    if whisper::looks_like_whisper(t) {
        return InputFormat::WhisperJson;
    }
    let mut lines = t.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("");
    let second = lines.next().unwrap_or("");
    let is_timing = |l: &str| l.contains("-->") && formats::parse_timing(l).is_some();
    if is_timing(first) || (first.bytes().all(|b| b.is_ascii_digit()) && is_timing(second)) {
        return InputFormat::Srt;
    }
    let skip = front_matter(t).map_or(0, |f| f.end);
    if timed_text::looks_timestamped(&t.chars().skip(skip).collect::<String>()) {
        return InputFormat::TimestampedText;
    }
    InputFormat::Text
}

/// Read decoded text in the given format.
pub fn parse(path: &Path, text: String, format: InputFormat) -> Result<SourceText> {
    let fail = |message: String| Error::Decode {
        path: path.to_path_buf(),
        message,
    };
    let mut meta: (Option<String>, Option<String>, Option<String>) = (None, None, None);
    let mut parsed: Parsed = match format {
        InputFormat::Text | InputFormat::Markdown => {
            let mut source = SourceText::from_string(path, text);
            source.format = format;
            if let Some(fm) = front_matter(&source.text) {
                source.title = fm.title;
                source.date = fm.date;
                source.show = fm.show;
                source.episode = fm.episode;
            }
            if format == InputFormat::Markdown && source.title.is_none() {
                source.title = markdown_title(&source.text);
            }
            return Ok(source);
        }
        InputFormat::Srt => formats::srt::parse(&text).map_err(fail)?,
        InputFormat::Vtt => formats::vtt::parse(&text).map_err(fail)?,
        InputFormat::WhisperJson => whisper::parse(&text).map_err(fail)?,
        InputFormat::PodcastJson => podcast::parse(&text).map_err(fail)?,
        InputFormat::TimestampedText => {
            // Front matter, as in plain text, gives the metadata and is no turn.
            let fm = front_matter(&text).unwrap_or_default();
            let body: String = text.chars().skip(fm.end).collect();
            let mut parsed = timed_text::parse(&body).map_err(fail)?;
            parsed.title = fm.title;
            meta = (fm.date, fm.show, fm.episode);
            parsed
        }
    };
    if matches!(format, InputFormat::Srt | InputFormat::Vtt) {
        rolling::unroll(&mut parsed.cues);
    }
    let rebuilt = if format == InputFormat::TimestampedText {
        timed_text::rebuild_lines(&parsed.cues)
    } else {
        formats::rebuild(&parsed.cues)
    };
    let mut warnings = parsed.warnings;
    if rebuilt.text.is_empty() {
        warnings.push("no text in any cue".into());
    }
    Ok(SourceText {
        path: path.to_path_buf(),
        text: rebuilt.text,
        title: parsed.title,
        date: meta.0,
        show: meta.1,
        episode: meta.2,
        format,
        timeline: rebuilt.timeline,
        warnings,
    })
}

/// The first level-one heading of a Markdown text, after any front matter.
fn markdown_title(text: &str) -> Option<String> {
    let skip = front_matter(text).map_or(0, |f| f.end);
    let rest: String = text.chars().skip(skip).collect();
    let first = rest.lines().map(str::trim).find(|l| !l.is_empty())?;
    let title = first.strip_prefix("# ")?.trim();
    (!title.is_empty()).then(|| title.to_string())
}

/// Cut `files` into consecutive batches to analyse at once: at most `max_files` files, and
/// past a batch's first file at most `max_bytes` bytes (sizes as the file system gives
/// them; a file it cannot tell counts as empty, and reading it will say what is wrong).
pub fn batches(files: &[PathBuf], max_files: usize, max_bytes: u64) -> Vec<&[PathBuf]> {
    let sizes: Vec<u64> = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .collect();
    batches_of_sizes(&sizes, max_files, max_bytes)
        .into_iter()
        .map(|r| &files[r])
        .collect()
}

/// [`batches`] on known sizes: the ranges of consecutive items of each batch.
fn batches_of_sizes(
    sizes: &[u64],
    max_files: usize,
    max_bytes: u64,
) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < sizes.len() {
        let mut end = start + 1;
        let mut bytes = sizes[start];
        while end < sizes.len()
            && end - start < max_files.max(1)
            && bytes.saturating_add(sizes[end]) <= max_bytes
        {
            bytes = bytes.saturating_add(sizes[end]);
            end += 1;
        }
        out.push(start..end);
        start = end;
    }
    out
}

/// Expand the paths given on the command line into transcript files, sorted; the first
/// problem [`find_transcripts`] meets is the error.
pub fn collect_transcripts(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut found = find_transcripts(paths);
    match found.problems.is_empty() {
        true => Ok(found.files),
        false => Err(found.problems.remove(0)),
    }
}

/// What [`find_transcripts`] found: the transcript files, and what could not be read.
#[derive(Debug, Default)]
pub struct Found {
    /// Transcript files, sorted, each once.
    pub files: Vec<PathBuf>,
    /// Paths that could not be read (missing, unreadable folders, broken links) and folders
    /// with no transcripts, in the order met.
    pub problems: Vec<Error>,
}

/// Expand the paths given on the command line into transcript files.
///
/// Files are taken as given whatever their extension; directories are walked recursively for
/// [`TRANSCRIPT_EXTENSIONS`], skipping hidden entries. Inside a folder, links to files are
/// followed and links to folders are not (as ripgrep and `find` do by default), so a link
/// loop cannot make the walk endless. What cannot be read is a problem and the walk goes on; a directory with no transcripts
/// is a problem naming it.
pub fn find_transcripts(paths: &[PathBuf]) -> Found {
    find_transcripts_with(paths, &mut |_, _| {})
}

/// [`find_transcripts`], telling `progress` of each folder entered and how many transcript
/// files were found before it (a walk of a large tree takes a while: `index` shows it).
pub fn find_transcripts_with(paths: &[PathBuf], progress: &mut dyn FnMut(usize, &Path)) -> Found {
    let mut found = Found::default();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => found.problems.push(Error::io(path, e)),
            Ok(meta) if meta.is_dir() => {
                let (files, problems) = (found.files.len(), found.problems.len());
                walk(path, &mut found, progress);
                if found.files.len() == files && found.problems.len() == problems {
                    found
                        .problems
                        .push(Error::NoTranscripts { path: path.clone() });
                }
            }
            Ok(_) => found.files.push(path.clone()),
        }
    }
    found.files.sort();
    found.files.dedup();
    found
}

fn walk(dir: &Path, found: &mut Found, progress: &mut dyn FnMut(usize, &Path)) {
    progress(found.files.len(), dir);
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return found.problems.push(Error::io(dir, e)),
    };
    let mut paths = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => paths.push(entry.path()),
            Err(e) => found.problems.push(Error::io(dir, e)),
        }
    }
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        let link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        // A broken or looping link is reported, not skipped silently.
        match std::fs::metadata(&path) {
            Err(e) => found.problems.push(Error::io(&path, e)),
            Ok(meta) if meta.is_dir() && !link => walk(&path, found, progress),
            Ok(meta) if meta.is_dir() => {} // a link to a folder: not followed
            Ok(_) if is_transcript_file(&path) => found.files.push(path),
            Ok(_) => {}
        }
    }
}

/// Whether a file met in a folder is taken as a transcript: its extension, and for `.json`
/// its first kilobytes.
fn is_transcript_file(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    TRANSCRIPT_EXTENSIONS.contains(&ext.as_str())
        && (ext != "json" || json_looks_like_transcript(path))
}

/// Bytes of a `.json` file read to tell whether it is a transcript.
pub const SNIFF_BYTES: u64 = 64 * 1024;

/// Whether a `.json` file found in a folder is Whisper output or a Podcasting 2.0
/// transcript, from its first [`SNIFF_BYTES`] (an unrelated 200 MB `data.json` is not read
/// into memory). Unreadable files are taken, so that reading them reports the problem.
fn json_looks_like_transcript(path: &Path) -> bool {
    match std::fs::File::open(path) {
        Ok(file) => json_head_looks_like_transcript(file),
        Err(_) => true,
    }
}

/// [`json_looks_like_transcript`] on a reader. Whisper writes the whole text before its
/// segments, so a head that is a JSON object with `"text"` but no `"segments"` yet is read
/// on, a chunk at a time (memory stays at two chunks), up to [`MAX_TRANSCRIPT_BYTES`].
fn json_head_looks_like_transcript(reader: impl std::io::Read) -> bool {
    use std::io::Read;
    let mut reader = reader.take(MAX_TRANSCRIPT_BYTES);
    let mut head = Vec::new();
    if (&mut reader)
        .take(SNIFF_BYTES)
        .read_to_end(&mut head)
        .is_err()
    {
        return true;
    }
    let text = String::from_utf8_lossy(&head);
    if whisper::looks_like_whisper(&text) || podcast::looks_like_podcast(&text) {
        return true;
    }
    let object = text
        .trim_start_matches('\u{FEFF}')
        .trim_start()
        .starts_with('{');
    if !object || !text.contains("\"text\"") || (head.len() as u64) < SNIFF_BYTES {
        return false;
    }
    const KEY: &[u8] = b"\"segments\"";
    let mut tail = head[head.len() - KEY.len()..].to_vec();
    let mut chunk = vec![0u8; SNIFF_BYTES as usize];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) | Err(_) => return false,
            Ok(n) => n,
        };
        tail.extend_from_slice(&chunk[..n]);
        if tail.windows(KEY.len()).any(|w| w == KEY) {
            return true;
        }
        tail.drain(..tail.len() - KEY.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_names_title() {
        let s = SourceText::from_string("corpus/ed-zitron.ja.txt", "\u{FEFF}本文");
        assert_eq!(s.text, "本文");
        assert_eq!(s.title(), "ed-zitron");
        let w = SourceText::from_string("ep.ja.whisper.json", "");
        assert_eq!(w.title(), "ep");
    }

    #[test]
    fn batches_hold_few_files_and_few_bytes() {
        let mb = 1024 * 1024;
        // Small files: batches of `max_files`.
        assert_eq!(
            batches_of_sizes(&[1; 5], 2, 16 * mb),
            vec![0..2, 2..4, 4..5]
        );
        // Big files: as many as fit the bytes, and one too big alone.
        assert_eq!(
            batches_of_sizes(&[6 * mb, 6 * mb, 6 * mb, 20 * mb, 1], 8, 16 * mb),
            vec![0..2, 2..3, 3..4, 4..5]
        );
        assert!(batches_of_sizes(&[], 8, mb).is_empty());
        // A limit of zero files still makes progress.
        assert_eq!(batches_of_sizes(&[1, 1], 0, mb), vec![0..1, 1..2]);
    }

    /// A reader that fails once more than `limit` bytes were asked of it.
    struct Bounded {
        data: Vec<u8>,
        at: usize,
        limit: usize,
    }

    impl std::io::Read for Bounded {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            assert!(self.at < self.limit, "read past {} bytes", self.limit);
            let n = buf.len().min(self.data.len() - self.at);
            buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    #[test]
    fn json_sniffing_reads_only_the_head() {
        let big = |head: &str, fill: u8, end: &str| {
            let mut data = head.as_bytes().to_vec();
            data.resize(4 * 1024 * 1024, fill);
            data.extend_from_slice(end.as_bytes());
            data
        };
        // An unrelated data file: decided from its first kilobytes.
        let data = big("{\"rows\": [", b' ', "]}");
        let limit = SNIFF_BYTES as usize;
        assert!(!json_head_looks_like_transcript(Bounded {
            data,
            at: 0,
            limit
        }));
        // Whisper with a long text before its segments: read on, and found.
        let data = big(
            "{\"text\": \"",
            b'a',
            "\", \"segments\": [], \"language\": \"ja\"}",
        );
        let limit = usize::MAX;
        assert!(json_head_looks_like_transcript(Bounded {
            data,
            at: 0,
            limit
        }));
        let small = b"{\"segments\": [{\"start\": 0, \"text\": \"x\"}]}".to_vec();
        assert!(json_head_looks_like_transcript(Bounded {
            data: small,
            at: 0,
            limit: 1 << 20
        }));
    }

    #[test]
    fn invalid_utf8_names_the_file() {
        let err = decode(Path::new("bad.txt"), vec![0x66, 0xff, 0x67]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "bad.txt: cannot decode: not UTF-8 (first bad byte at offset 1), and not Shift_JIS or EUC-JP text either (tried UTF-8, UTF-16 with BOM, Shift_JIS, EUC-JP); convert it to UTF-8"
        );
    }
}
