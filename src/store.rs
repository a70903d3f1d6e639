//! Where pollctl keeps its files, and how: XDG paths, `0600` atomic writes, advisory locks.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Failures of the file store. Every variant names the path.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path} is locked by another pollctl process (is another `pollctl poll` running on the same instance?)"
    )]
    Locked { path: PathBuf },
    #[error("cannot lock {path}: {source}")]
    Lock {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("no home directory found: set {var}")]
    NoHome { var: &'static str },
}

/// Create `dir` (and parents) with mode `0700` for the directories pollctl creates itself.
pub fn ensure_private_dir(dir: &Path) -> Result<(), StoreError> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|source| StoreError::CreateDir {
        path: dir.to_path_buf(),
        source,
    })
}

/// Write `bytes` to `path` atomically with mode `0600`: a temporary file in the same
/// directory, fsync, rename, then fsync of the directory. Readers see the old or the new
/// content, never a mix; a crash leaves the old file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let err = |source| StoreError::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".pollctl-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(err)?;
    // tempfile creates the file 0600 on Unix already; say so explicitly for clarity.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(err)?;
    }
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Read a whole file, naming it in the error.
pub fn read(path: &Path) -> Result<Vec<u8>, StoreError> {
    fs::read(path).map_err(|source| StoreError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// An exclusive advisory lock held for as long as the value lives.
#[derive(Debug)]
pub struct LockGuard {
    _file: File,
    path: PathBuf,
}

impl LockGuard {
    /// Take the lock at `path` without waiting: a second holder gets [`StoreError::Locked`].
    /// The OS releases it when the process dies, even by SIGKILL.
    ///
    /// The lock is a directory (mode `0700`) holding a note (`0600`), locked with `flock`:
    /// a stray `rm` cannot remove a directory, and `rmdir` cannot remove one that is not
    /// empty, so nobody deletes the lock from under a running poller and lets a second one
    /// in. A lock *file* left by an older pollctl is taken (when free) and replaced.
    pub fn try_acquire(path: &Path) -> Result<LockGuard, StoreError> {
        let lock_err = |source| StoreError::Lock {
            path: path.to_path_buf(),
            source,
        };
        let locked = |r: Result<(), fs::TryLockError>| match r {
            Ok(()) => Ok(()),
            Err(fs::TryLockError::WouldBlock) => Err(StoreError::Locked {
                path: path.to_path_buf(),
            }),
            Err(fs::TryLockError::Error(source)) => Err(lock_err(source)),
        };
        if let Some(dir) = path.parent() {
            ensure_private_dir(dir)?;
        }
        if fs::symlink_metadata(path).is_ok_and(|m| !m.is_dir()) {
            // An older pollctl's lock file: take it, then replace it while holding it.
            let legacy = OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(lock_err)?;
            locked(legacy.try_lock())?;
            fs::remove_file(path).map_err(lock_err)?;
        }
        ensure_private_dir(path)?;
        let note = path.join("HELD-BY-POLLCTL");
        if !note.exists() {
            let mut o = OpenOptions::new();
            o.create(true).truncate(true).write(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                o.mode(0o600);
            }
            let mut f = o.open(&note).map_err(lock_err)?;
            f.write_all(
                b"This directory is the lock of a `pollctl poll` on one resource.\n\
                  Do not remove it while pollctl runs; it is free when no pollctl holds it.\n",
            )
            .map_err(lock_err)?;
        }
        let file = File::open(path).map_err(lock_err)?;
        locked(file.try_lock())?;
        Ok(LockGuard {
            _file: file,
            path: path.to_path_buf(),
        })
    }

    /// Is the lock at [`LockGuard::path`] still the one this guard holds? `rm -r` of the lock
    /// directory lets another process take a new one there; the poller checks this before it
    /// commits and stops instead.
    pub fn still_held(&self) -> Result<(), StoreError> {
        let gone = || StoreError::Lock {
            path: self.path.clone(),
            source: std::io::Error::other(
                "the lock was removed while held; another pollctl may be polling this resource now, \
                 so nothing was committed",
            ),
        };
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let held = self._file.metadata().map_err(|_| gone())?;
            let now = fs::metadata(&self.path).map_err(|_| gone())?;
            if (held.dev(), held.ino()) != (now.dev(), now.ino()) {
                return Err(gone());
            }
        }
        #[cfg(not(unix))]
        if !self.path.exists() {
            return Err(gone());
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_is_private_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("secret.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        // no temporary file left behind
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn second_lock_is_refused_until_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/state.lock");
        let first = LockGuard::try_acquire(&p).unwrap();
        assert!(matches!(
            LockGuard::try_acquire(&p),
            Err(StoreError::Locked { .. })
        ));
        drop(first);
        LockGuard::try_acquire(&p).unwrap();
    }

    #[test]
    fn a_stray_rm_cannot_remove_a_held_lock() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("events.lock");
        // a lock file left by an older version is taken over
        fs::write(&p, b"").unwrap();
        let _held = LockGuard::try_acquire(&p).unwrap();
        assert!(fs::remove_file(&p).is_err());
        assert!(fs::remove_dir(&p).is_err());
        let rm = std::process::Command::new("rm").arg("-f").arg(&p).status();
        match rm {
            Ok(st) => assert!(!st.success(), "rm -f removed the lock"),
            Err(e) => panic!("`rm` is needed by this test: {e}"),
        }
        assert!(matches!(
            LockGuard::try_acquire(&p),
            Err(StoreError::Locked { .. })
        ));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&p), 0o700);
            assert_eq!(mode(&p.join("HELD-BY-POLLCTL")), 0o600);
        }
        // `rm -r` can remove it: the holder notices before committing
        _held.still_held().unwrap();
        fs::remove_dir_all(&p).unwrap();
        let _second = LockGuard::try_acquire(&p).unwrap();
        assert!(_held.still_held().is_err());
    }

    #[test]
    fn private_dir_mode() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b");
        ensure_private_dir(&p).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700);
        }
    }
}
