//! Whole datasets, one zstd-compressed JSON file per transcript in `DIR/datasets/`.
//!
//! They used to be documents of the index. tantivy's document store compresses neighbouring
//! documents into one block, so every light document next to a dataset (a transcript's
//! record, its last claims) shared a block of a third of a megabyte with it: listing 3,000
//! transcripts decompressed a gigabyte. In files of their own the index holds only light
//! documents, and a dataset is read, whole, only by what needs it.
//!
//! A file's name is `TRANSCRIPT-HASH.json.zst`, the hash being [`stable_hash`] of its
//! compressed bytes: a new analysis of the same transcript gets a new file, so the file a
//! committed transcript document names is never overwritten, and damage shows as a hash
//! that no longer matches. Files are written and synced before the commit that names them
//! and deleted after the commit that stops naming them; a crash in between leaves files no
//! document names, which the next writer deletes ([`DatasetFiles::collect_garbage`]).

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::record::{STABLE_HASH_START, stable_hash, stable_hash_more};
use crate::{Error, Result};

/// The folder of the store that holds the dataset files.
pub const FOLDER: &str = "datasets";

/// zstd level: 3 compresses a dataset about ten to one at well over 100 MB/s.
const LEVEL: i32 = 3;

/// Why a dataset file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReadError {
    /// No file by that name (its path): deleted since the index named it, which an
    /// `index` running beside a reader does when it replaces a transcript.
    Missing(String),
    /// Unreadable, or not what its checksum says (the path and what is wrong).
    Damaged(String),
}

/// A writer that hashes ([`stable_hash`]) what passes through it.
struct Hashing<W> {
    inner: W,
    hash: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash = stable_hash_more(self.hash, &buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The dataset files of one store.
#[derive(Debug, Clone)]
pub(crate) struct DatasetFiles {
    dir: PathBuf,
}

impl DatasetFiles {
    /// The dataset files of the store at `store_dir`.
    pub(crate) fn new(store_dir: &Path) -> Self {
        DatasetFiles {
            dir: store_dir.join(FOLDER),
        }
    }

    /// The folder, created if missing.
    pub(crate) fn create(&self) -> Result<()> {
        std::fs::create_dir_all(&self.dir).map_err(|e| Error::io(&self.dir, e))
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Write transcript `tid`'s dataset, serialised straight into the compressor and the
    /// file (a long transcript's dataset JSON is never whole in memory), synced to disk;
    /// returns the file's name, what the transcript document records.
    pub(crate) fn write<T: serde::Serialize>(&self, tid: &str, dataset: &T) -> Result<String> {
        let tmp = self.path(&format!(".{tid}.{}.tmp", std::process::id()));
        let io = |e: std::io::Error| Error::io(&tmp, e);
        let file = std::fs::File::create(&tmp).map_err(io)?;
        let hashing = Hashing {
            inner: std::io::BufWriter::new(file),
            hash: STABLE_HASH_START,
        };
        let mut encoder = zstd::stream::Encoder::new(hashing, LEVEL).map_err(io)?;
        serde_json::to_writer(&mut encoder, dataset).map_err(|e| io(e.into()))?;
        let hashing = encoder.finish().map_err(io)?;
        let hash = hashing.hash;
        let file = hashing.inner.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_data().map_err(io)?;
        drop(file);
        let name = format!("{tid}-{hash:016x}.json.zst");
        let path = self.path(&name);
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
        Ok(name)
    }

    /// Make the folder's new entries durable (after [`DatasetFiles::write`]s, before the
    /// commit that names them).
    pub(crate) fn sync(&self) -> Result<()> {
        #[cfg(unix)]
        std::fs::File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| Error::io(&self.dir, e))?;
        Ok(())
    }

    /// The JSON of the dataset file `name`, checked against the hash its name carries.
    pub(crate) fn read(&self, name: &str) -> std::result::Result<Vec<u8>, ReadError> {
        let path = self.path(name);
        let bytes = std::fs::read(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ReadError::Missing(path.display().to_string()),
            _ => ReadError::Damaged(format!("{}: {e}", path.display())),
        })?;
        let expected = name
            .strip_suffix(".json.zst")
            .and_then(|stem| stem.rsplit_once('-'))
            .and_then(|(_, hash)| u64::from_str_radix(hash, 16).ok());
        if expected != Some(stable_hash(&bytes)) {
            return Err(ReadError::Damaged(format!(
                "{}: its content does not match its checksum",
                path.display()
            )));
        }
        let mut out = Vec::new();
        zstd::stream::copy_decode(bytes.as_slice(), &mut out)
            .map_err(|e| ReadError::Damaged(format!("{}: {e}", path.display())))?;
        Ok(out)
    }

    /// Delete the files named (after the commit that stopped naming them). A file that
    /// cannot be deleted is left for [`DatasetFiles::collect_garbage`].
    pub(crate) fn remove(&self, names: impl IntoIterator<Item = String>) {
        for name in names {
            let _ = std::fs::remove_file(self.path(&name));
        }
    }

    /// Delete every file of the folder that `live` does not name: what a crash between a
    /// write and its commit, or between a commit and its deletions, left behind.
    pub(crate) fn collect_garbage(&self, live: &HashSet<&str>) -> Result<()> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io(&self.dir, e)),
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !live.contains(name.as_str()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Ok(())
    }

    /// How many dataset files the folder holds.
    #[cfg(test)]
    pub(crate) fn count(&self) -> usize {
        std::fs::read_dir(&self.dir).map_or(0, |entries| entries.flatten().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("claimdex-datasets-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn round_trip_and_damage() {
        let dir = scratch("round");
        let files = DatasetFiles::new(&dir);
        files.create().unwrap();
        let name = files.write("t1", &serde_json::json!({"a": 1})).unwrap();
        assert!(name.starts_with("t1-") && name.ends_with(".json.zst"));
        assert_eq!(files.read(&name).unwrap(), b"{\"a\":1}");
        // Its name carries the hash of what is on disk.
        let on_disk = std::fs::read(dir.join(FOLDER).join(&name)).unwrap();
        assert!(name.contains(&format!("{:016x}", stable_hash(&on_disk))));
        // A flipped byte no longer matches the name's hash.
        let path = dir.join(FOLDER).join(&name);
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&path, bytes).unwrap();
        assert!(matches!(files.read(&name), Err(ReadError::Damaged(m)) if m.contains("checksum")));
        assert!(matches!(
            files.read("t2-0000000000000000.json.zst"),
            Err(ReadError::Missing(_))
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn garbage_is_what_no_document_names() {
        let dir = scratch("gc");
        let files = DatasetFiles::new(&dir);
        files.create().unwrap();
        let kept = files.write("t1", &serde_json::json!({})).unwrap();
        let orphan = files.write("t2", &serde_json::json!({})).unwrap();
        files
            .collect_garbage(&HashSet::from([kept.as_str()]))
            .unwrap();
        assert!(files.read(&kept).is_ok());
        assert!(files.read(&orphan).is_err());
        assert_eq!(files.count(), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
