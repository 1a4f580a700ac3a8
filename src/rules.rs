//! The rule and word-list files in `dictionaries/`, built into the binary and overridable.
//!
//! Every dictionary is a TOML file embedded with `include_str!`. `--dictionaries DIR` reads
//! files of the same names from DIR: `entities.toml` there is merged with the built-in
//! gazetteer (entries with the same id replace the built-in ones); any other file there
//! replaces the built-in file of that name.
//!
//! The gazetteer is two files: `organisations.toml` (generated from a licensed list of index
//! companies plus hand-curated entries, see `scripts/gazetteer/`) and the hand-written
//! `entities.toml`, whose entries win on an id clash. [`Dictionaries::gazetteer`] gives them
//! in that order.

use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The built-in dictionary files: (file name, contents). The one list of them.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "entities.toml",
        include_str!("../dictionaries/entities.toml"),
    ),
    (
        "organisations.toml",
        include_str!("../dictionaries/organisations.toml"),
    ),
    ("claims.toml", include_str!("../dictionaries/claims.toml")),
    (
        "discovery.toml",
        include_str!("../dictionaries/discovery.toml"),
    ),
    ("money.toml", include_str!("../dictionaries/money.toml")),
    (
        "quantities.toml",
        include_str!("../dictionaries/quantities.toml"),
    ),
    ("roles.toml", include_str!("../dictionaries/roles.toml")),
    ("checks.toml", include_str!("../dictionaries/checks.toml")),
    ("flows.toml", include_str!("../dictionaries/flows.toml")),
];

/// A dictionary file's name (for messages) and contents.
#[derive(Debug, Clone)]
pub struct DictionaryText {
    /// The file name, or the path of a user's file.
    pub name: String,
    /// The TOML text.
    pub text: String,
}

/// Where dictionaries come from: the built-in ones, optionally overridden from a directory.
#[derive(Debug, Clone, Default)]
pub struct Dictionaries {
    dir: Option<PathBuf>,
}

impl Dictionaries {
    /// The built-in dictionaries only.
    pub fn builtin() -> Self {
        Dictionaries { dir: None }
    }

    /// Built-in dictionaries overridden by the files in `dir`.
    pub fn with_overrides(dir: &Path) -> Result<Self> {
        if !dir.is_dir() {
            return Err(Error::dictionary(
                dir.display().to_string(),
                "--dictionaries must name a directory",
            ));
        }
        Ok(Dictionaries {
            dir: Some(dir.to_path_buf()),
        })
    }

    /// The override directory, if any.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The built-in text of a file.
    pub fn builtin_text(name: &str) -> Result<DictionaryText> {
        BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, t)| DictionaryText {
                name: (*n).to_string(),
                text: (*t).to_string(),
            })
            .ok_or_else(|| Error::dictionary(name, "no built-in dictionary of that name"))
    }

    /// The user's file of that name, if the override directory has one.
    pub fn user_text(&self, name: &str) -> Result<Option<DictionaryText>> {
        let Some(dir) = &self.dir else {
            return Ok(None);
        };
        let path = dir.join(name);
        if !path.exists() {
            return Ok(None);
        }
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        Ok(Some(DictionaryText {
            name: path.display().to_string(),
            text,
        }))
    }

    /// The text in force for a replaced-whole dictionary: the user's if given, else built in.
    pub fn text(&self, name: &str) -> Result<DictionaryText> {
        match self.user_text(name)? {
            Some(t) => Ok(t),
            None => Self::builtin_text(name),
        }
    }

    /// The gazetteer's files, lowest priority first: `organisations.toml` (the user's if given,
    /// else the built-in one), then the built-in `entities.toml`, then the user's
    /// `entities.toml`. A later file's entry replaces an earlier one with the same id.
    pub fn gazetteer(&self) -> Result<Vec<DictionaryText>> {
        let mut out = vec![self.text("organisations.toml")?];
        out.extend(self.layered("entities.toml")?);
        Ok(out)
    }

    /// A hash of every dictionary text in force (built in and the user's): two runs with
    /// the same fingerprint apply the same rules.
    pub fn fingerprint(&self) -> Result<u64> {
        let mut bytes = Vec::new();
        for (name, builtin) in BUILTIN {
            bytes.extend_from_slice(name.as_bytes());
            bytes.push(0);
            bytes.extend_from_slice(builtin.as_bytes());
            bytes.push(0);
            if let Some(user) = self.user_text(name)? {
                bytes.extend_from_slice(user.text.as_bytes());
            }
            bytes.push(0);
        }
        Ok(crate::record::stable_hash(&bytes))
    }

    /// The texts of a merged dictionary: built in first, then the user's (which wins).
    pub fn layered(&self, name: &str) -> Result<Vec<DictionaryText>> {
        let mut out = vec![Self::builtin_text(name)?];
        out.extend(self.user_text(name)?);
        Ok(out)
    }
}
