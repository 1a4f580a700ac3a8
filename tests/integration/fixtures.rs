//! The one fixture harness. Every fixture file, `tests/fixtures/<area>/*.toml`, has one
//! shape: `[[case]]` tables, each with the passage in `text`, an optional `help` saying why
//! the case exists (printed when it fails), and the expectations of its area — figures
//! (`expect` with values), claims (`expect`, `absent`, `not_holder`) or entities (`expect`,
//! `reject`, `unknown`). Inputs that must give nothing are cases with empty expectations.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file under `tests/fixtures/`.
pub fn path(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File<C> {
    case: Vec<C>,
}

/// The cases of every `*.toml` file of `tests/fixtures/<area>/`, file by file, in name
/// order. A file that does not parse as the area's case type fails the test, naming it.
pub fn load<C: DeserializeOwned>(area: &str) -> Vec<(PathBuf, Vec<C>)> {
    let dir = path(area);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixture files in {}", dir.display());
    files
        .into_iter()
        .map(|p| {
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let file: File<C> =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, file.case)
        })
        .collect()
}
