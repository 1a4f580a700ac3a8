//! The index directory as the store uses it: tantivy's memory-mapped directory, with two
//! changes. Files written whole (`meta.json`, `.managed.json`) get the permissions the
//! user's umask gives, like every other file of the store (tantivy writes them through a
//! temporary file created 0600, which a teammate could not read). And a read-only view
//! takes no lock and writes nothing, so a store on read-only media, or one the reader may
//! not write to, can be read.
//!
//! A read-only view also reads the document stores (`.store` files) with positioned reads
//! instead of mapping them. A listing reads scattered compressed blocks of them; mapped,
//! every page touched stays in the process's resident memory (half a gigabyte for
//! `claims --company` on 3,000 transcripts), read, only the block being decompressed does.
//! Writers keep the map: a merge copies whole document stores, which reads would load.

use std::io::{self, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::HasLen;
use tantivy::directory::OwnedBytes;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

/// The store's index directory.
#[derive(Debug, Clone)]
pub(crate) struct StoreDirectory {
    inner: MmapDirectory,
    root: PathBuf,
    read_only: bool,
}

impl StoreDirectory {
    /// The directory at `root`, to read and write.
    pub(crate) fn open(root: &Path) -> tantivy::Result<Self> {
        Ok(StoreDirectory {
            inner: MmapDirectory::open(root)?,
            root: root.to_path_buf(),
            read_only: false,
        })
    }

    /// The directory at `root`, to read only: no lock, no write of any kind.
    pub(crate) fn open_read_only(root: &Path) -> tantivy::Result<Self> {
        Ok(StoreDirectory {
            read_only: true,
            ..Self::open(root)?
        })
    }

    fn refused(&self, path: &Path) -> Arc<io::Error> {
        Arc::new(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{}: the store is open read-only", path.display()),
        ))
    }
}

impl Directory for StoreDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        #[cfg(unix)]
        if self.read_only && path.extension().is_some_and(|e| e == "store") {
            return ReadAtFile::open(&self.root.join(path))
                .map(|f| Arc::new(f) as Arc<dyn FileHandle>)
                .map_err(|e| match e.kind() {
                    io::ErrorKind::NotFound => OpenReadError::FileDoesNotExist(path.to_path_buf()),
                    _ => OpenReadError::wrap_io_error(e, path.to_path_buf()),
                });
        }
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        if self.read_only {
            return Err(DeleteError::IoError {
                io_error: self.refused(path),
                filepath: path.to_path_buf(),
            });
        }
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        if self.read_only {
            return Err(OpenWriteError::IoError {
                io_error: self.refused(path),
                filepath: path.to_path_buf(),
            });
        }
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    /// Through a temporary file in the same directory, created with the umask's
    /// permissions, synced, then renamed over the target.
    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        if self.read_only {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!("{}: the store is open read-only", path.display()),
            ));
        }
        let target = self.root.join(path);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let tmp = self
            .root
            .join(format!(".{}.claimdex-tmp", name.unwrap_or_default()));
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(data)?;
        file.sync_data()?;
        drop(file);
        std::fs::rename(&tmp, &target)
    }

    fn sync_directory(&self) -> io::Result<()> {
        match self.read_only {
            true => Ok(()),
            false => self.inner.sync_directory(),
        }
    }

    /// Readers take no lock: the lock file is the one thing a reader would write.
    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.read_only {
            true => Ok(DirectoryLock::from(Box::new(()))),
            false => self.inner.acquire_lock(lock),
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

/// A file read with positioned reads (`pread`): each read allocates what it reads, nothing
/// is mapped.
#[cfg(unix)]
#[derive(Debug)]
struct ReadAtFile {
    file: std::fs::File,
    len: usize,
}

#[cfg(unix)]
impl ReadAtFile {
    fn open(path: &Path) -> io::Result<Self> {
        let file = std::fs::File::open(path)?;
        let len = usize::try_from(file.metadata()?.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "file too large"))?;
        Ok(ReadAtFile { file, len })
    }
}

#[cfg(unix)]
impl HasLen for ReadAtFile {
    fn len(&self) -> usize {
        self.len
    }
}

#[cfg(unix)]
impl FileHandle for ReadAtFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        use std::os::unix::fs::FileExt;
        let end = range.end.min(self.len);
        let start = range.start.min(end);
        let mut buffer = vec![0; end - start];
        self.file.read_exact_at(&mut buffer, start as u64)?;
        Ok(OwnedBytes::new(buffer))
    }
}
