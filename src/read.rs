//! Stage 1: find transcript files and read them as text.
//!
//! A transcript is decoded as UTF-8 with a leading byte-order mark removed; offsets in every
//! record count code points of the text as returned here.

use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// File extensions taken as transcripts when a directory is indexed.
pub const TRANSCRIPT_EXTENSIONS: &[&str] = &["txt", "md"];

/// Files larger than this are refused rather than read whole into memory.
pub const MAX_TRANSCRIPT_BYTES: u64 = 64 * 1024 * 1024;

/// Input formats a transcript can come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Plain text, optionally with `Name:` speaker labels.
    Text,
    /// Markdown: `#` headings become sections.
    Markdown,
}

impl InputFormat {
    /// Every format with its command-line name.
    pub const ALL: &'static [(&'static str, InputFormat)] = &[
        ("text", InputFormat::Text),
        ("markdown", InputFormat::Markdown),
    ];

    /// The format of a command-line name (`--input-format NAME`).
    pub fn from_name(name: &str) -> Option<InputFormat> {
        Self::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, f)| *f)
    }

    /// The command-line names, for help and error messages.
    pub fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|(n, _)| *n).collect()
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

/// A stretch of the transcript text with its time and speaker, from timed inputs
/// (subtitles, Whisper JSON) or speaker labels.
#[derive(Debug, Clone, PartialEq)]
pub struct TimedSpan {
    /// Start (char offset into [`SourceText::text`], inclusive).
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
    /// Times and speakers of stretches of `text`, in order, for timed or labelled inputs.
    pub timeline: Vec<TimedSpan>,
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
            timeline: Vec::new(),
        }
    }

    /// The title: given, or the file name's stem without a language suffix (`x.ja.txt` → `x`).
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
        for _ in 0..2 {
            if let Some((head, ext)) = stem.rsplit_once('.')
                && !head.is_empty()
                && ext.len() <= 4
            {
                stem = head;
            }
        }
        stem.to_string()
    }
}

/// Read one transcript file with default options.
pub fn read_transcript(path: &Path) -> Result<SourceText> {
    read_transcript_with(path, &ReadOptions::default())
}

/// Read one transcript file.
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
                "file is {} MB; transcripts over {} MB are not read",
                meta.len() / (1024 * 1024),
                MAX_TRANSCRIPT_BYTES / (1024 * 1024)
            ),
        });
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let mut source = decode(path, bytes)?;
    if options.title.is_some() {
        source.title = options.title.clone();
    }
    if options.date.is_some() {
        source.date = options.date.clone();
    }
    Ok(source)
}

/// Decode the bytes of a transcript.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<SourceText> {
    if bytes.contains(&0) {
        return Err(Error::Decode {
            path: path.to_path_buf(),
            message: "looks like a binary file (contains NUL bytes), not a transcript".into(),
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceText::from_string(path, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Err(Error::Decode {
                path: path.to_path_buf(),
                message: format!("not valid UTF-8 (first bad byte at offset {at})"),
            })
        }
    }
}

/// Expand the paths given on the command line into transcript files, sorted.
///
/// Files are taken as given whatever their extension; directories are walked recursively for
/// [`TRANSCRIPT_EXTENSIONS`], skipping hidden entries. A directory with no transcripts is an
/// error naming it.
pub fn collect_transcripts(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            let before = out.len();
            walk(path, &mut out)?;
            if out.len() == before {
                return Err(Error::NoTranscripts { path: path.clone() });
            }
        } else {
            out.push(path.clone());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        paths.push(entry.path());
    }
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| TRANSCRIPT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_names_title() {
        let s = SourceText::from_string("corpus/ed-zitron.ja.txt", "\u{FEFF}本文");
        assert_eq!(s.text, "本文");
        assert_eq!(s.title(), "ed-zitron");
    }

    #[test]
    fn invalid_utf8_names_the_file() {
        let err = decode(Path::new("bad.txt"), vec![0x66, 0xff, 0x67]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "bad.txt: not valid UTF-8 (first bad byte at offset 1)"
        );
    }
}
