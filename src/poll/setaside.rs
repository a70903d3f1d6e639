//! Records pollctl could not turn into events (a configured date missing, null or
//! unparseable) are **set aside**, never dropped: appended to a per-resource JSON Lines file
//! in the state directory (`<state_dir>/poll/<instance>/<resource>.set-aside.jsonl`, `0600`),
//! counted in the cycle's summary, and `poll --once` exits 6.
//!
//! `pollctl set-aside list` shows them; `pollctl set-aside replay` moves them to the
//! resource's replay queue (`….replay.jsonl`), whose records the next cycle classifies again
//! (without the window's lower bound) before fetching: after fixing the date pattern, they
//! become events; if they still cannot be classified they are set aside again.

use std::fs::{self, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use chrono::{SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::PollError;
use crate::store;

/// One set-aside record (one line of the file).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// When it was set aside (RFC 3339 UTC, milliseconds).
    pub set_aside_at: String,
    pub instance_id: String,
    pub resource: String,
    /// The record's objectId, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_id: Option<String>,
    /// Why: the field, its text and the pattern.
    pub reason: String,
    /// The record as received.
    pub record: Value,
}

impl Entry {
    pub fn new(
        instance_id: &str,
        resource: &str,
        object_id: Option<&str>,
        reason: &str,
        record: &Value,
    ) -> Entry {
        Entry {
            set_aside_at: Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
            instance_id: instance_id.to_string(),
            resource: resource.to_string(),
            object_id: object_id.map(str::to_string),
            reason: reason.to_string(),
            record: record.clone(),
        }
    }
}

/// The set-aside file that goes with a state file (`x.json` → `x.set-aside.jsonl`).
pub fn file_for(state_file: &Path) -> PathBuf {
    state_file.with_extension("set-aside.jsonl")
}

/// The replay queue that goes with a state file (`x.json` → `x.replay.jsonl`).
pub fn replay_for(state_file: &Path) -> PathBuf {
    state_file.with_extension("replay.jsonl")
}

fn state_err(path: &Path, message: String) -> PollError {
    PollError::State {
        path: path.to_path_buf(),
        message,
    }
}

/// Append `entries` to `path` (created `0600` in a `0700` directory) and fsync.
pub fn append(path: &Path, entries: &[Entry]) -> Result<(), PollError> {
    if entries.is_empty() {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        store::ensure_private_dir(dir).map_err(|e| state_err(path, e.to_string()))?;
    }
    let mut o = OpenOptions::new();
    o.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let mut f = o
        .open(path)
        .map_err(|e| state_err(path, format!("cannot open: {e}")))?;
    // Appends, `replay` and the poller's consumption of the queue take the file's lock: a
    // record moved or appended by one while another runs is never lost.
    f.lock()
        .map_err(|e| state_err(path, format!("cannot lock: {e}")))?;
    let mut buf = Vec::new();
    for e in entries {
        serde_json::to_writer(&mut buf, e).map_err(|e| state_err(path, e.to_string()))?;
        buf.push(b'\n');
    }
    f.write_all(&buf)
        .and_then(|()| f.sync_all())
        .map_err(|e| state_err(path, format!("cannot write: {e}")))
}

/// Read a set-aside or replay file; a missing file is empty. A damaged line is an error
/// naming the file and line (never skipped).
pub fn read(path: &Path) -> Result<Vec<Entry>, PollError> {
    let mut f = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(state_err(path, format!("cannot read: {e}"))),
    };
    // Shared lock: never half of a line being appended.
    f.lock_shared()
        .map_err(|e| state_err(path, format!("cannot lock: {e}")))?;
    parse(path, &read_all(path, &mut f)?)
}

fn read_all(path: &Path, f: &mut fs::File) -> Result<String, PollError> {
    let mut text = String::new();
    f.read_to_string(&mut text)
        .map_err(|e| state_err(path, format!("cannot read: {e}")))?;
    Ok(text)
}

/// Open `path` for reading and rewriting under its exclusive lock; `None` when missing.
fn open_locked(path: &Path) -> Result<Option<fs::File>, PollError> {
    let f = match OpenOptions::new().read(true).write(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(state_err(path, format!("cannot open: {e}"))),
    };
    f.lock()
        .map_err(|e| state_err(path, format!("cannot lock: {e}")))?;
    Ok(Some(f))
}

/// Replace the content of the locked file `f` with `entries` (emptied when none). The file
/// is kept, not removed: a writer waiting for its lock holds it open and would write into a
/// removed file.
fn rewrite(path: &Path, f: &mut fs::File, entries: &[Entry]) -> Result<(), PollError> {
    let mut buf = Vec::new();
    for e in entries {
        serde_json::to_writer(&mut buf, e).map_err(|e| state_err(path, e.to_string()))?;
        buf.push(b'\n');
    }
    f.set_len(0)
        .and_then(|()| f.rewind())
        .and_then(|()| f.write_all(&buf))
        .and_then(|()| f.sync_all())
        .map_err(|e| state_err(path, format!("cannot write: {e}")))
}

/// The replay queue `path` after a cycle classified its first `done` entries: those are
/// removed, entries queued since (a `set-aside replay` during the cycle) stay.
pub fn consume(path: &Path, done: usize) -> Result<(), PollError> {
    let Some(mut f) = open_locked(path)? else {
        return Ok(());
    };
    let entries = parse(path, &read_all(path, &mut f)?)?;
    rewrite(path, &mut f, entries.get(done..).unwrap_or_default())
}

fn parse(path: &Path, text: &str) -> Result<Vec<Entry>, PollError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l)
                .map_err(|e| state_err(path, format!("line {}: damaged ({e})", i + 1)))
        })
        .collect()
}

/// Every set-aside file under `state_dir` (for one instance id, or all), with its entries.
pub fn list(
    state_dir: &Path,
    instance_id: Option<&str>,
) -> Result<Vec<(PathBuf, Vec<Entry>)>, PollError> {
    list_files(state_dir, instance_id, ".set-aside.jsonl")
}

/// Every replay queue under `state_dir` (for one instance id, or all), with its entries:
/// set-aside records `set-aside replay` queued, which the next cycle classifies again.
pub fn list_queued(
    state_dir: &Path,
    instance_id: Option<&str>,
) -> Result<Vec<(PathBuf, Vec<Entry>)>, PollError> {
    list_files(state_dir, instance_id, ".replay.jsonl")
}

fn list_files(
    state_dir: &Path,
    instance_id: Option<&str>,
    suffix: &str,
) -> Result<Vec<(PathBuf, Vec<Entry>)>, PollError> {
    let root = state_dir.join("poll");
    let dirs: Vec<PathBuf> = match instance_id {
        Some(id) => vec![root.join(super::state::sanitize(id))],
        None => match fs::read_dir(&root) {
            Ok(rd) => rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect(),
            Err(_) => Vec::new(),
        },
    };
    let mut out = Vec::new();
    for d in dirs {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        let mut files: Vec<PathBuf> = rd
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(suffix))
            .collect();
        files.sort();
        for f in files {
            let entries = read(&f)?;
            if !entries.is_empty() {
                out.push((f, entries));
            }
        }
    }
    Ok(out)
}

/// Move the set-aside records of `file` to its replay queue (appended), so the next cycle of
/// that resource offers them again. Returns how many were queued.
pub fn queue_for_replay(set_aside_file: &Path) -> Result<usize, PollError> {
    let name = set_aside_file.to_string_lossy();
    let Some(stem) = name.strip_suffix(".set-aside.jsonl") else {
        return Err(state_err(set_aside_file, "not a set-aside file".into()));
    };
    let queue = PathBuf::from(format!("{stem}.replay.jsonl"));
    // Under the set-aside file's lock: a cycle appending to it meanwhile waits, so nothing
    // it adds is emptied away unread.
    let Some(mut f) = open_locked(set_aside_file)? else {
        return Ok(0);
    };
    let entries = parse(set_aside_file, &read_all(set_aside_file, &mut f)?)?;
    append(&queue, &entries)?;
    rewrite(set_aside_file, &mut f, &[])?;
    Ok(entries.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn append_list_and_queue_for_replay() {
        let dir = tempfile::tempdir().unwrap();
        let paths = super::super::state::StatePaths::new(dir.path(), "acme", "things");
        let f = file_for(&paths.file);
        let e = Entry::new(
            "acme",
            "things",
            Some("7"),
            "date field \"u\" is missing",
            &json!({"id": 7}),
        );
        append(&f, std::slice::from_ref(&e)).unwrap();
        append(&f, std::slice::from_ref(&e)).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&f).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        let all = list(dir.path(), None).unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].1, vec![e.clone(), e.clone()]);
        assert_eq!(list(dir.path(), Some("acme")).unwrap().len(), 1);
        assert!(list(dir.path(), Some("other")).unwrap().is_empty());
        assert_eq!(queue_for_replay(&f).unwrap(), 2);
        // emptied under its lock, not removed (a waiting appender holds it open)
        assert!(read(&f).unwrap().is_empty());
        assert!(list(dir.path(), Some("acme")).unwrap().is_empty());
        let queue = replay_for(&paths.file);
        assert_eq!(read(&queue).unwrap().len(), 2);
        // a cycle that took the 2 queued records leaves one queued after it started
        append(&queue, std::slice::from_ref(&e)).unwrap();
        consume(&queue, 2).unwrap();
        assert_eq!(read(&queue).unwrap(), vec![e.clone()]);
        consume(&queue, 1).unwrap();
        assert!(read(&queue).unwrap().is_empty());
        fs::write(&f, b"{broken\n").unwrap();
        let err = read(&f).unwrap_err().to_string();
        assert!(err.contains("line 1") && err.contains("set-aside"), "{err}");
    }
}
