//! `pollctl state export` / `state import`: the state of every instance and resource as JSON
//! Lines, so a user can move between the file backend and PostgreSQL (either way) without
//! losing watermarks, ledgers or set-aside records.
//!
//! One line per state document and per set-aside record:
//!
//! ```text
//! {"type":"state","instanceId":"…","resource":"KEY","doc":{…the state document…}}
//! {"type":"setAside","instanceId":"…","resource":"KEY","entry":{…one set-aside record…}}
//! ```
//!
//! `resource` is the state key (the resource name, plus `?k=v…` for placeholder values).
//! Import writes under the lock (files) or the lease (PostgreSQL) and refuses to replace
//! existing state unless asked to.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::PollError;
use super::backend::Backend;
use super::pg::{Acquired, Commit};
use super::setaside::{self, Entry};
use super::state::{self, ResourceState, StatePaths};

/// One line of an export.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Line {
    #[serde(rename_all = "camelCase")]
    State {
        instance_id: String,
        resource: String,
        doc: Value,
    },
    #[serde(rename_all = "camelCase")]
    SetAside {
        instance_id: String,
        resource: String,
        entry: Value,
    },
}

fn err(path: &Path, message: String) -> PollError {
    PollError::State {
        path: path.to_path_buf(),
        message,
    }
}

/// Every line of `backend`'s state (`state_dir` for files).
pub async fn export(backend: &Backend, state_dir: &Path) -> Result<Vec<Line>, PollError> {
    match backend {
        Backend::Postgres(pg) => {
            let (states, aside) = pg.export().await?;
            let mut out: Vec<Line> = states
                .into_iter()
                .map(|(instance_id, resource, doc)| Line::State {
                    instance_id,
                    resource,
                    doc,
                })
                .collect();
            out.extend(
                aside
                    .into_iter()
                    .map(|(instance_id, resource, entry)| Line::SetAside {
                        instance_id,
                        resource,
                        entry,
                    }),
            );
            Ok(out)
        }
        Backend::Files => export_files(state_dir),
    }
}

fn export_files(state_dir: &Path) -> Result<Vec<Line>, PollError> {
    let root = state_dir.join("poll");
    let mut files: Vec<PathBuf> = Vec::new();
    if let Ok(rd) = std::fs::read_dir(&root) {
        for d in rd.flatten().map(|e| e.path()).filter(|p| p.is_dir()) {
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            files.extend(rd.flatten().map(|e| e.path()).filter(|p| {
                let n = p.to_string_lossy();
                n.ends_with(".json") && !n.ends_with(".set-aside.jsonl")
            }));
        }
    }
    files.sort();
    let mut states = Vec::new();
    let mut aside = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).map_err(|e| err(&f, format!("cannot read: {e}")))?;
        // Checks the version and the content, as a poll would.
        ResourceState::from_json(&bytes, &f)?;
        let doc: Value =
            serde_json::from_slice(&bytes).map_err(|e| err(&f, format!("damaged ({e})")))?;
        let Some((instance_id, resource, key)) = state::doc_identity(&doc) else {
            return Err(err(&f, "no instanceId / resource in the state".into()));
        };
        let key = key.unwrap_or_else(|| resource.clone());
        // Older files of resources with placeholders do not record the values.
        let expected = StatePaths::new(state_dir, &instance_id, &key).file;
        if expected.file_name() != f.file_name() {
            return Err(err(
                &f,
                format!(
                    "the state of {instance_id}/{resource} does not record its placeholder \
                     values (written by an older pollctl); run one poll cycle with this pollctl \
                     first, then export"
                ),
            ));
        }
        // Records queued for replay (`set-aside replay`, not yet taken by a cycle) are
        // set-aside records still: exported as such, like the database's queued rows. The
        // watermark is past them; left out, they would be lost by the move.
        let mut entries = setaside::read(&setaside::file_for(&f))?;
        entries.extend(setaside::read(&setaside::replay_for(&f))?);
        for entry in entries {
            let entry = serde_json::to_value(&entry).map_err(|e| err(&f, e.to_string()))?;
            aside.push(Line::SetAside {
                instance_id: instance_id.clone(),
                resource: key.clone(),
                entry,
            });
        }
        states.push(Line::State {
            instance_id,
            resource: key,
            doc,
        });
    }
    states.extend(aside);
    Ok(states)
}

/// Read JSON Lines; a bad line is an error naming its number.
pub fn read_lines(input: impl BufRead, origin: &str) -> Result<Vec<Line>, PollError> {
    let mut out = Vec::new();
    for (n, line) in input.lines().enumerate() {
        let line = line.map_err(|e| err(Path::new(origin), format!("cannot read: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let l: Line = serde_json::from_str(&line).map_err(|e| {
            PollError::Config(format!(
                "{origin}:{}: not a line of `pollctl state export` ({e})",
                n + 1
            ))
        })?;
        out.push(l);
    }
    Ok(out)
}

/// What an import wrote.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub states: usize,
    pub set_aside: usize,
}

/// Write `lines` into `backend`. Existing state for a key is an error unless `replace`, which
/// replaces its state and its set-aside records.
pub async fn import(
    backend: &Backend,
    state_dir: &Path,
    lines: Vec<Line>,
    replace: bool,
) -> Result<Imported, PollError> {
    // Group per (instance, key): one commit each.
    type Group = (Option<(ResourceState, String)>, Vec<Entry>);
    let mut groups: BTreeMap<(String, String), Group> = BTreeMap::new();
    for l in lines {
        match l {
            Line::State {
                instance_id,
                resource,
                doc,
            } => {
                let origin = PathBuf::from(format!("import {instance_id}/{resource}"));
                let bytes = serde_json::to_vec(&doc).map_err(|e| err(&origin, e.to_string()))?;
                let st = ResourceState::from_json(&bytes, &origin)?;
                let name = state::doc_identity(&doc)
                    .map(|(_, r, _)| r)
                    .unwrap_or_else(|| resource.clone());
                groups.entry((instance_id, resource)).or_default().0 = Some((st, name));
            }
            Line::SetAside {
                instance_id,
                resource,
                entry,
            } => {
                let origin = PathBuf::from(format!("import {instance_id}/{resource}"));
                let e: Entry = serde_json::from_value(entry)
                    .map_err(|e| err(&origin, format!("set-aside record: {e}")))?;
                groups.entry((instance_id, resource)).or_default().1.push(e);
            }
        }
    }
    let mut done = Imported::default();
    for ((instance, key), (st, aside)) in groups {
        let origin = PathBuf::from(format!("{instance}/{key}"));
        let Some((st, name)) = st else {
            return Err(err(
                &origin,
                "set-aside records without the resource's state line".into(),
            ));
        };
        match backend {
            Backend::Files => {
                let paths = StatePaths::new(state_dir, &instance, &key);
                let _lock = paths.lock(&instance, &name)?;
                if !replace && paths.file.exists() {
                    return Err(err(
                        &paths.file,
                        "already has state; pass --replace to overwrite it".into(),
                    ));
                }
                let aside_file = setaside::file_for(&paths.file);
                if replace {
                    // The replay queue too: its records are in the export as set-aside ones.
                    for f in [&aside_file, &setaside::replay_for(&paths.file)] {
                        match std::fs::remove_file(f) {
                            Ok(()) => {}
                            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                            Err(e) => return Err(err(f, format!("cannot replace: {e}"))),
                        }
                    }
                }
                setaside::append(&aside_file, &aside)?;
                st.save(&paths.file, &instance, &name, &key)?;
            }
            Backend::Postgres(pg) => {
                if let Acquired::Busy { owner } = pg.acquire(&instance, &key).await? {
                    return Err(PollError::Locked {
                        instance,
                        resource: name,
                        path: PathBuf::from(format!(
                            "lease held by {}",
                            owner.as_deref().unwrap_or("another worker")
                        )),
                    });
                }
                let r = async {
                    if !replace && pg.has_state(&instance, &key).await? {
                        return Err(err(
                            &origin,
                            "already has state in the database; pass --replace to overwrite it"
                                .into(),
                        ));
                    }
                    pg.commit(&Commit {
                        instance: &instance,
                        key: &key,
                        resource: &name,
                        next: &st,
                        set_aside: &aside,
                        replayed: &[],
                        replace_set_aside: replace,
                        period: None,
                    })
                    .await
                }
                .await;
                let released = pg.release(&instance, &key).await;
                r?;
                released?;
            }
        }
        done.states += 1;
        done.set_aside += aside.len();
    }
    Ok(done)
}
