//! Poll state: one file per instance and resource holding the watermark and the dedupe
//! ledger, written atomically (`store::write_atomic`, 0600) and guarded by a lock file so two
//! processes never poll one resource on one state.
//!
//! Layout: `<state_dir>/poll/<instance>/<resource>.json` and `….lock`, names sanitized
//! (characters outside `[A-Za-z0-9._-]` become `_`, plus a short hash when anything changed,
//! so distinct names never share a file).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::PollError;
use crate::store::{self, LockGuard, StoreError};

const VERSION: u32 = 1;

/// A file-name-safe rendering of `name`.
pub fn sanitize(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let out_trimmed = out.trim_matches('.').to_string();
    if out_trimmed != name || out.is_empty() || out.len() > 100 {
        out = out_trimmed.chars().take(80).collect();
        let h = Sha256::digest(name.as_bytes());
        out.push('-');
        out.push_str(&hex::encode(&h[..4]));
    }
    out
}

/// Where one resource's state lives.
#[derive(Debug, Clone)]
pub struct StatePaths {
    pub file: PathBuf,
    pub lock: PathBuf,
}

impl StatePaths {
    /// `key` is the resource name, plus its placeholder values when it has any.
    pub fn new(state_dir: &Path, instance_id: &str, key: &str) -> StatePaths {
        let dir = state_dir.join("poll").join(sanitize(instance_id));
        let base = sanitize(key);
        StatePaths {
            file: dir.join(format!("{base}.json")),
            lock: dir.join(format!("{base}.lock")),
        }
    }

    /// Take the lock, naming the instance and resource when another process holds it.
    pub fn lock(&self, instance: &str, resource: &str) -> Result<LockGuard, PollError> {
        LockGuard::try_acquire(&self.lock).map_err(|e| match e {
            StoreError::Locked { path } => PollError::Locked {
                instance: instance.to_string(),
                resource: resource.to_string(),
                path,
            },
            other => PollError::State {
                path: self.lock.clone(),
                message: other.to_string(),
            },
        })
    }
}

/// One ledger entry on disk.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct LedgerEntry {
    /// objectId (or a content hash when the record has none).
    id: String,
    /// The record's updated instant (epoch ms), if it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    updated: Option<i64>,
    /// The instant compared with the window (epoch ms); absent for records without dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    at: Option<i64>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StateFile {
    version: u32,
    instance_id: String,
    resource: String,
    /// The start of the last committed cycle (the next window starts here − pollDelay),
    /// RFC 3339 UTC.
    watermark: Option<String>,
    /// Who this state belongs to: the instance file (instances without an `id`), `id:<id>`,
    /// or `(standard input)` ([`ResourceState::claim`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    /// The state key when it is not the resource name (placeholder values: `name?k=v`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    #[serde(default)]
    ledger: Vec<LedgerEntry>,
}

/// The dedupe ledger: (objectId, updated) → the instant that was compared with the window.
/// Nested by `updated` so that lookups by `&str` need no allocation.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    map: HashMap<Option<i64>, HashMap<String, Option<i64>>>,
    len: usize,
}

impl Ledger {
    pub fn contains(&self, id: &str, updated: Option<i64>) -> bool {
        self.map.get(&updated).is_some_and(|m| m.contains_key(id))
    }

    pub fn insert(&mut self, id: &str, updated: Option<i64>, at: Option<i64>) {
        let inner = self.map.entry(updated).or_default();
        if inner.insert(id.to_string(), at).is_none() {
            self.len += 1;
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Merge the entries of a committed cycle and prune what the next window cannot return:
    /// dated entries whose instant is before `next_start`; undated entries that were not
    /// seen in this cycle (they are kept while the source keeps returning them).
    pub fn commit(&mut self, cycle: Ledger, next_start: Option<i64>) {
        let old = std::mem::take(&mut self.map);
        self.len = 0;
        let keep = |at: Option<i64>| match (at, next_start) {
            (Some(at), Some(ns)) => at >= ns,
            (Some(_), None) => true,
            (None, _) => false,
        };
        for (updated, inner) in old {
            for (id, at) in inner {
                if at.is_some() && keep(at) {
                    self.insert(&id, updated, at);
                }
            }
        }
        for (updated, inner) in cycle.map {
            for (id, at) in inner {
                if at.is_none() || keep(at) {
                    self.insert(&id, updated, at);
                }
            }
        }
    }

    fn entries(&self) -> Vec<LedgerEntry> {
        let mut v: Vec<LedgerEntry> = self
            .map
            .iter()
            .flat_map(|(updated, inner)| {
                inner.iter().map(|(id, at)| LedgerEntry {
                    id: id.clone(),
                    updated: *updated,
                    at: *at,
                })
            })
            .collect();
        v.sort_by(|a, b| (a.at, a.updated, &a.id).cmp(&(b.at, b.updated, &b.id)));
        v
    }
}

/// The state of one resource in memory.
#[derive(Debug, Clone, Default)]
pub struct ResourceState {
    pub watermark: Option<DateTime<Utc>>,
    pub ledger: Ledger,
    /// Who this state belongs to (see [`ResourceState::claim`]).
    pub source: Option<String>,
}

/// The owner recorded for an instance read from standard input without an `"id"`.
pub const STDIN_OWNER: &str = "(standard input)";

/// The owner recorded for an instance with an explicit `"id"`.
pub fn id_owner(instance_id: &str) -> String {
    format!("id:{instance_id}")
}

/// How an owner reads in a message.
fn describe_owner(owner: &str) -> String {
    match owner.strip_prefix("id:") {
        Some(id) => format!("the instance with \"id\" {id:?}"),
        None if owner == STDIN_OWNER => "an instance read from standard input".to_string(),
        None => owner.to_string(),
    }
}

/// What a state document says about itself: (instance id, resource name, state key).
pub fn doc_identity(doc: &serde_json::Value) -> Option<(String, String, Option<String>)> {
    let f = |k: &str| doc.get(k).and_then(|v| v.as_str()).map(str::to_string);
    Some((f("instanceId")?, f("resource")?, f("key")))
}

impl ResourceState {
    /// Claim this state for its owner: the instance file (canonical path) of an instance
    /// without `id`, [`STDIN_OWNER`] for one read from standard input, [`id_owner`] for one
    /// with an `id`. Refused when another owner holds it (a file only while it still exists):
    /// two instances sharing one state would move each other's watermark and drop each
    /// other's changes as old. `file` is the instance's own file (canonical path) when it
    /// has one: a state claimed by that file before it was given an `id` stays its own.
    pub fn claim(
        &mut self,
        source: &str,
        file: Option<&str>,
        state_file: &Path,
        instance_id: &str,
    ) -> Result<(), PollError> {
        if let Some(prev) = &self.source
            && prev != source
            && Some(prev.as_str()) != file
            && (!Path::new(prev).is_absolute() || Path::new(prev).exists())
        {
            return Err(PollError::Config(format!(
                "{} and {} are both instance {instance_id:?} and would share the state {}; \
                 give the one without an \"id\" an \"id\" or a distinct \"name\", or poll it with \
                 another --state-dir",
                describe_owner(source),
                describe_owner(prev),
                state_file.display()
            )));
        }
        self.source = Some(source.to_string());
        Ok(())
    }
}

impl ResourceState {
    /// Load; a missing file is empty state. A damaged file is an error naming it (and
    /// `--reset`), never silently replaced.
    pub fn load(path: &Path) -> Result<ResourceState, PollError> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(ResourceState::default());
            }
            Err(e) => {
                return Err(PollError::State {
                    path: path.to_path_buf(),
                    message: format!("cannot read: {e}"),
                });
            }
        };
        ResourceState::from_json(&bytes, path)
    }

    /// Decode the state document (the file's content, or a database row's `doc`); `origin`
    /// names where it came from in errors.
    pub fn from_json(bytes: &[u8], origin: &Path) -> Result<ResourceState, PollError> {
        let path = origin;
        let file: StateFile = serde_json::from_slice(bytes).map_err(|e| PollError::State {
            path: path.to_path_buf(),
            message: format!("damaged ({e}); move it away or pass --reset to start over"),
        })?;
        if file.version != VERSION {
            return Err(PollError::State {
                path: path.to_path_buf(),
                message: format!(
                    "written by another pollctl version (state version {}); pass --reset",
                    file.version
                ),
            });
        }
        let watermark = match file.watermark.as_deref() {
            None => None,
            Some(w) => Some(
                DateTime::parse_from_rfc3339(w)
                    .map_err(|e| PollError::State {
                        path: path.to_path_buf(),
                        message: format!("watermark {w:?} is not RFC 3339 ({e}); pass --reset"),
                    })?
                    .with_timezone(&Utc),
            ),
        };
        let mut ledger = Ledger::default();
        for e in file.ledger {
            ledger.insert(&e.id, e.updated, e.at);
        }
        Ok(ResourceState {
            watermark,
            ledger,
            source: file.source,
        })
    }

    /// The state document: what the file holds, and what the PostgreSQL backend stores.
    pub fn to_json(&self, instance_id: &str, resource: &str, key: &str) -> Result<Vec<u8>, String> {
        let file = StateFile {
            version: VERSION,
            instance_id: instance_id.to_string(),
            resource: resource.to_string(),
            key: (key != resource).then(|| key.to_string()),
            watermark: self
                .watermark
                .map(|w| w.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
            source: self.source.clone(),
            ledger: self.ledger.entries(),
        };
        serde_json::to_vec_pretty(&file).map_err(|e| e.to_string())
    }

    /// Write atomically (0600, in a 0700 directory).
    pub fn save(
        &self,
        path: &Path,
        instance_id: &str,
        resource: &str,
        key: &str,
    ) -> Result<(), PollError> {
        let err = |message: String| PollError::State {
            path: path.to_path_buf(),
            message,
        };
        if let Some(dir) = path.parent() {
            store::ensure_private_dir(dir).map_err(|e| err(e.to_string()))?;
        }
        let bytes = self.to_json(instance_id, resource, key).map_err(err)?;
        store::write_atomic(path, &bytes).map_err(|e| err(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_is_safe_and_distinct() {
        assert_eq!(sanitize("events"), "events");
        let a = sanitize("calendars/{calendarId}/changed-events");
        let b = sanitize("calendars_{calendarId}_changed-events");
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        );
        assert_ne!(a, b);
        assert!(!sanitize("..").is_empty() && !sanitize("..").starts_with('.'));
        assert!(!sanitize("../../etc").contains('/'));
    }

    #[test]
    fn ledger_commit_prunes_outside_the_overlap() {
        let mut l = Ledger::default();
        l.insert("old", Some(10), Some(10));
        l.insert("keep", Some(50), Some(50));
        let mut cycle = Ledger::default();
        cycle.insert("new", Some(60), Some(60));
        cycle.insert("below", Some(20), Some(20));
        cycle.insert("undated", None, None);
        l.commit(cycle, Some(30));
        assert!(!l.contains("old", Some(10)));
        assert!(!l.contains("below", Some(20)));
        assert!(l.contains("keep", Some(50)));
        assert!(l.contains("new", Some(60)));
        assert!(l.contains("undated", None));
        assert_eq!(l.len(), 3);
        // undated entries not seen again are forgotten at the next commit
        l.commit(Ledger::default(), Some(30));
        assert!(!l.contains("undated", None));
        assert!(!l.contains("new", Some(61)));
    }

    #[test]
    fn save_load_round_trip_and_damaged_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = StatePaths::new(dir.path(), "inst 1", "calendars/{x}");
        let mut s = ResourceState {
            watermark: Some("2024-01-02T03:04:05.678Z".parse().unwrap()),
            ..Default::default()
        };
        s.ledger.insert("a", Some(1), Some(1));
        s.ledger.insert("b", None, None);
        s.save(&p.file, "inst 1", "calendars/{x}", "calendars/{x}")
            .unwrap();
        let back = ResourceState::load(&p.file).unwrap();
        assert_eq!(back.watermark, s.watermark);
        assert!(back.ledger.contains("a", Some(1)) && back.ledger.contains("b", None));
        std::fs::write(&p.file, b"{not json").unwrap();
        let e = ResourceState::load(&p.file).unwrap_err().to_string();
        assert!(e.contains("--reset") && e.contains(".json"), "{e}");
        assert!(
            ResourceState::load(&dir.path().join("none.json"))
                .unwrap()
                .watermark
                .is_none()
        );
    }

    #[test]
    fn lock_names_instance_and_resource() {
        let dir = tempfile::tempdir().unwrap();
        let p = StatePaths::new(dir.path(), "acme", "events");
        let _g = p.lock("acme", "events").unwrap();
        let e = p.lock("acme", "events").unwrap_err().to_string();
        assert!(e.contains("\"acme\"") && e.contains("\"events\""), "{e}");
    }
}
