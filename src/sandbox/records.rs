//! Deterministic records that change over time.
//!
//! Each resource path has a stream of changes at a steady rate (one slot every 10–30 s, the
//! step chosen by the seed and the path); a quarter of the slots hold two changes at exactly
//! the same instant. A change creates an object or updates one created earlier (Egnyte's event
//! feed also deletes). Everything is a pure function of (seed, path, slot), so the same seed
//! gives the same records at the same instants, and pages read "as of" one instant never shift.

use std::collections::HashMap;

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Map, Value, json};

use super::resources::{DateSlot, RecordKind, ResourceShape};
use super::rng::{hash, hash_str};
use crate::datefmt::{DateFormat, Zone};

/// What a change did to its object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Created,
    Updated,
    Deleted,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Created => "CREATED",
            ChangeKind::Updated => "UPDATED",
            ChangeKind::Deleted => "DELETED",
        }
    }
}

/// One change of one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub slot: i64,
    pub index: u8,
    /// When it happened (epoch milliseconds).
    pub at_ms: i64,
    /// The object it touched (a stable number; rendered per provider).
    pub object: u64,
    /// When that object was created (epoch milliseconds).
    pub created_ms: i64,
    pub kind: ChangeKind,
}

/// The change stream of one concrete resource path.
#[derive(Debug, Clone, Copy)]
pub struct Stream {
    key: u64,
    step_ms: i64,
    deletes: bool,
}

const LOOKBACK_SLOTS: i64 = 40;

impl Stream {
    pub fn new(seed: u64, path: &str, deletes: bool) -> Stream {
        let key = hash(&[seed, hash_str(path)]);
        Stream {
            key,
            step_ms: (10 + (key % 21) as i64) * 1000,
            deletes,
        }
    }

    pub fn step_ms(&self) -> i64 {
        self.step_ms
    }

    fn h(&self, words: &[u64]) -> u64 {
        let mut all = Vec::with_capacity(words.len() + 1);
        all.push(self.key);
        all.extend_from_slice(words);
        hash(&all)
    }

    /// The instant of slot `k` (its changes share it exactly).
    pub fn slot_ms(&self, k: i64) -> i64 {
        k * self.step_ms + (self.h(&[k as u64, 0]) % 1000) as i64
    }

    fn changes_in(&self, k: i64) -> u8 {
        if self.h(&[k as u64, 1]).is_multiple_of(4) {
            2
        } else {
            1
        }
    }

    fn is_create(&self, k: i64, j: u8) -> bool {
        self.h(&[k as u64, 2, u64::from(j)]).is_multiple_of(3)
    }

    fn object_of_create(&self, k: i64, j: u8) -> u64 {
        self.h(&[k as u64, 3, u64::from(j)]) >> 1
    }

    /// The `j`-th change of slot `k`.
    pub fn change(&self, k: i64, j: u8) -> Change {
        let at_ms = self.slot_ms(k);
        if !self.is_create(k, j) {
            // Update an object created a few slots earlier.
            let back = 1 + (self.h(&[k as u64, 4, u64::from(j)]) % 12) as i64;
            for k2 in (k - back - LOOKBACK_SLOTS..=k - back).rev() {
                for j2 in 0..self.changes_in(k2) {
                    if self.is_create(k2, j2) {
                        let deleted =
                            self.deletes && self.h(&[k as u64, 5, u64::from(j)]).is_multiple_of(8);
                        return Change {
                            slot: k,
                            index: j,
                            at_ms,
                            object: self.object_of_create(k2, j2),
                            created_ms: self.slot_ms(k2),
                            kind: if deleted {
                                ChangeKind::Deleted
                            } else {
                                ChangeKind::Updated
                            },
                        };
                    }
                }
            }
        }
        Change {
            slot: k,
            index: j,
            at_ms,
            object: self.object_of_create(k, j),
            created_ms: at_ms,
            kind: ChangeKind::Created,
        }
    }

    /// Every change with `lo_ms < at ≤ hi_ms`, oldest first.
    pub fn changes(&self, lo_ms: i64, hi_ms: i64) -> Vec<Change> {
        let mut out = Vec::new();
        if hi_ms <= lo_ms {
            return out;
        }
        let first = lo_ms.div_euclid(self.step_ms);
        let last = hi_ms.div_euclid(self.step_ms);
        for k in first..=last {
            let at = self.slot_ms(k);
            if at <= lo_ms || at > hi_ms {
                continue;
            }
            for j in 0..self.changes_in(k) {
                out.push(self.change(k, j));
            }
        }
        out
    }

    /// The latest change of every object changed in the window (the state view a listing API
    /// gives), oldest first; deletions are not visible in a state view.
    pub fn latest_per_object(&self, lo_ms: i64, hi_ms: i64) -> Vec<Change> {
        let all = self.changes(lo_ms, hi_ms);
        let mut latest: HashMap<u64, usize> = HashMap::with_capacity(all.len());
        for (i, c) in all.iter().enumerate() {
            if c.kind != ChangeKind::Deleted {
                latest.insert(c.object, i);
            }
        }
        let mut keep: Vec<usize> = latest.into_values().collect();
        keep.sort_unstable();
        keep.into_iter().map(|i| all[i]).collect()
    }
}

/// Renders changes as provider records. Patterns are compiled once.
#[derive(Debug)]
pub struct Renderer {
    /// RFC 3339 UTC with milliseconds, the providers' natural date form.
    rfc3339_millis: Option<DateFormat>,
}

const WORDS: &[&str] = &[
    "budget", "roadmap", "invoice", "contract", "minutes", "design", "report", "plan", "notes",
    "summary", "proposal", "review", "launch", "audit", "forecast", "survey",
];

fn ms_to_utc(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

fn hex(n: u64, width: usize) -> String {
    format!("{:0width$x}", n, width = width)
}

fn uuid(n: u64) -> String {
    let m = hash(&[n, 99]);
    format!(
        "{}-{}-{}-{}-{}",
        hex(n >> 32, 8),
        hex((n >> 16) & 0xffff, 4),
        hex(n & 0xffff, 4),
        hex(m >> 48, 4),
        hex(m & 0xffff_ffff_ffff, 12)
    )
}

fn set_path(record: &mut Map<String, Value>, path: &[String], value: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut cur = record;
    for p in parents {
        let entry = cur
            .entry(p.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
        let Value::Object(next) = entry else {
            return;
        };
        cur = next;
    }
    cur.insert(last.clone(), value);
}

impl Default for Renderer {
    fn default() -> Self {
        Renderer::new()
    }
}

impl Renderer {
    pub fn new() -> Renderer {
        Renderer {
            rfc3339_millis: DateFormat::compile("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").ok(),
        }
    }

    fn natural(&self, ms: i64) -> Value {
        let t = ms_to_utc(ms);
        Value::String(match &self.rfc3339_millis {
            Some(f) => f.format(t, &Zone::Utc),
            None => t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        })
    }

    fn dated(slot: &DateSlot, ms: i64) -> Value {
        Value::String(slot.format.format(ms_to_utc(ms), &slot.zone))
    }

    /// One record for `change` of `shape`.
    pub fn render(&self, shape: &ResourceShape, change: &Change) -> Value {
        let obj = change.object;
        let word = WORDS[(obj % WORDS.len() as u64) as usize];
        let n = obj % 100_000;
        let version = change.slot.rem_euclid(1000);
        let mut r = match shape.kind {
            RecordKind::EgnyteEvent => {
                let action = match change.kind {
                    ChangeKind::Created => "create",
                    ChangeKind::Updated => "move",
                    ChangeKind::Deleted => "delete",
                };
                json!({
                    "event_id": change.slot * 2 + i64::from(change.index),
                    "event_date": self.natural(change.at_ms),
                    "event_object_id": uuid(obj),
                    "event_object_type": "file",
                    "event_type": change.kind.as_str(),
                    "action": action,
                    "action_source": "PublicAPI",
                    "actor": 1000 + (obj % 50),
                    "target_path": format!("/Shared/Projects/{word}-{n}.docx"),
                })
            }
            RecordKind::ShareFileItem => json!({
                "odata.type": "ShareFile.Api.Models.File",
                "id": format!("fi{}", &uuid(obj)[2..]),
                "Name": format!("{word}-{n}.pdf"),
                "FileName": format!("{word}-{n}.pdf"),
                "StreamID": format!("st{}", &uuid(obj ^ 0x5157)[2..]),
                "FileSizeBytes": 1024 + (obj % 900_000),
                "CreationDate": self.natural(change.created_ms),
                "ProgenyEditDate": self.natural(change.at_ms),
                "Parent": {"Id": "fo-top"},
            }),
            RecordKind::GoogleCalendarEvent => json!({
                "kind": "calendar#event",
                "id": hex(obj, 16),
                "status": "confirmed",
                "summary": format!("{word} sync #{n}"),
                "created": self.natural(change.created_ms),
                "updated": self.natural(change.at_ms),
                "iCalUID": format!("{}@google.com", hex(obj, 16)),
                "sequence": version,
            }),
            RecordKind::GoogleGroup => json!({
                "kind": "admin#directory#group",
                "id": format!("0{}", hex(obj, 14)),
                "email": format!("{word}-{n}@example.com"),
                "name": format!("{word} team {n}"),
                "directMembersCount": (obj % 40).to_string(),
                "adminCreated": true,
                "metadata": {"updateTime": self.natural(change.at_ms)},
            }),
            RecordKind::GoogleMessage => json!({
                "id": hex(obj, 16),
                "threadId": hex(obj >> 3, 16),
                "historyId": (change.slot * 2 + i64::from(change.index)).to_string(),
                "labelIds": ["INBOX", "UNREAD"],
                "snippet": format!("About the {word} ({n})"),
            }),
            RecordKind::DocuShareObject => json!({
                "handle": format!("Document-{n}"),
                "id": format!("Document-{n}"),
                "title": format!("{word} {n}"),
                "createdDate": self.natural(change.created_ms),
                "modifiedDate": self.natural(change.at_ms),
                "version": format!("Version-{}", change.slot.rem_euclid(1_000_000)),
            }),
            RecordKind::Generic => json!({
                "id": hex(obj, 16),
                "name": format!("{word} {n}"),
                "created": self.natural(change.created_ms),
                "updated": self.natural(change.at_ms),
            }),
        };
        let Value::Object(map) = &mut r else {
            return r;
        };
        if !shape.id_field.is_empty() && shape.kind == RecordKind::Generic {
            set_path(map, &shape.id_field, Value::String(hex(obj, 16)));
        } else if !shape.id_field.is_empty() {
            let present = {
                let mut cur: Option<&Value> = None;
                for (i, seg) in shape.id_field.iter().enumerate() {
                    cur = if i == 0 {
                        map.get(seg)
                    } else {
                        cur.and_then(|v| v.get(seg))
                    };
                }
                cur.is_some()
            };
            if !present {
                set_path(map, &shape.id_field, Value::String(hex(obj, 16)));
            }
        }
        if let Some(c) = &shape.created {
            set_path(map, &c.path, Self::dated(c, change.created_ms));
        }
        if let Some(u) = &shape.updated {
            set_path(map, &u.path, Self::dated(u, change.at_ms));
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_deterministic_steady_and_share_instants() {
        let s = Stream::new(1, "/documents/events", true);
        let t = Stream::new(1, "/documents/events", true);
        let lo = 1_700_000_000_000;
        let hi = lo + 3_600_000;
        let a = s.changes(lo, hi);
        assert_eq!(a, t.changes(lo, hi));
        let slots = 3_600_000 / s.step_ms();
        assert!(a.len() as i64 >= slots - 1 && (a.len() as i64) <= 2 * slots + 2);
        assert!(a.windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
        assert!(
            a.windows(2).any(|w| w[0].at_ms == w[1].at_ms),
            "shared instants"
        );
        assert!(a.iter().all(|c| c.at_ms > lo && c.at_ms <= hi));
        assert!(a.iter().all(|c| c.created_ms <= c.at_ms));
        for kind in [
            ChangeKind::Created,
            ChangeKind::Updated,
            ChangeKind::Deleted,
        ] {
            assert!(a.iter().any(|c| c.kind == kind), "{kind:?}");
        }
        assert_ne!(a, Stream::new(2, "/documents/events", true).changes(lo, hi));
    }

    #[test]
    fn state_view_keeps_latest_change_per_object() {
        let s = Stream::new(5, "/general/changed-groups", false);
        let lo = 1_700_000_000_000;
        let v = s.latest_per_object(lo, lo + 7_200_000);
        let mut objs: Vec<u64> = v.iter().map(|c| c.object).collect();
        objs.sort_unstable();
        objs.dedup();
        assert_eq!(objs.len(), v.len());
        assert!(v.iter().all(|c| c.kind != ChangeKind::Deleted));
        assert!(v.iter().any(|c| c.kind == ChangeKind::Updated));
    }
}
