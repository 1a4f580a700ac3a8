//! The library's error type: one enum, one clear message per failure, naming the file or
//! dictionary involved.

use std::path::PathBuf;

/// Everything that can go wrong inside the claimdex library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read or written.
    #[error("{path}: {err}")]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// What the operating system said (part of the message, so not also a `source`).
        err: std::io::Error,
    },
    /// A transcript is not valid text in a supported encoding.
    #[error("{path}: {message}")]
    Decode {
        /// The transcript file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A path given to `index` holds no transcript files.
    #[error(
        "{path}: no transcripts found (looked for .txt, .md, .srt, .vtt, and Whisper or Podcasting 2.0 .json files)"
    )]
    NoTranscripts {
        /// The directory that was searched.
        path: PathBuf,
    },
    /// A dictionary file (built in or from `--dictionaries`) is malformed.
    #[error("dictionary {name}: {message}")]
    Dictionary {
        /// The dictionary's file name or path.
        name: String,
        /// What is wrong with it, with the line where known.
        message: String,
    },
    /// The Japanese tokenizer could not be built or failed on a text.
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    /// The store could not be opened, read or written.
    #[error("store {path}: {message}")]
    Store {
        /// The store directory.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A search query could not be parsed.
    #[error("query {query:?}: {message}")]
    Query {
        /// The query as given.
        query: String,
        /// What is wrong with it.
        message: String,
    },
    /// No record has the given id.
    #[error("no record with id {0:?} in the store")]
    NotFound(String),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An I/O error about `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            err: source,
        }
    }

    /// A malformed dictionary.
    pub fn dictionary(name: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Dictionary {
            name: name.into(),
            message: message.into(),
        }
    }
}
