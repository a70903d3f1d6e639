//! Deterministic records that change over time.
//!
//! Each resource path has a stream of changes at a steady rate (one slot every 10–30 s, the
//! step chosen by the seed and the path); a quarter of the slots hold two changes at exactly
//! the same instant. A change creates an object or updates one created earlier (Egnyte's event
//! feed also deletes). Everything is a pure function of (seed, path, slot), so the same seed
//! gives the same records at the same instants, and pages read "as of" one instant never shift.
//!
//! [`Modes`] (all off by default, so the demo and the sandbox's own behaviour do not change)
//! make the stream harder on a poller: `same_second` packs several changes into each second
//! (a slot every 300–700 ms, updates of objects changed a slot or two before), `type_changes`
//! turns some two-change slots of an event feed into an `UPDATED` then a `DELETED` of one
//! object at the same millisecond, and `late_ms` makes a third of the changes visible to
//! listings only up to that long after their timestamp.

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

/// Opt-in ways of making the change stream hostile (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Modes {
    /// Several changes per second (of one object or several).
    pub same_second: bool,
    /// Event feeds: an `UPDATED` then a `DELETED` of one object with the same timestamp.
    pub type_changes: bool,
    /// A third of the changes become visible to listings up to this many milliseconds after
    /// their timestamp (0: every change is visible at once).
    pub late_ms: i64,
}

/// One change of one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub slot: i64,
    pub index: u8,
    /// When it happened (epoch milliseconds).
    pub at_ms: i64,
    /// When listings start to show it (epoch milliseconds; `at_ms` unless late).
    pub visible_ms: i64,
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
    modes: Modes,
}

const LOOKBACK_SLOTS: i64 = 40;

impl Stream {
    pub fn new(seed: u64, path: &str, deletes: bool) -> Stream {
        Stream::with_modes(seed, path, deletes, Modes::default())
    }

    /// The stream of `path` with `modes` on.
    pub fn with_modes(seed: u64, path: &str, deletes: bool, modes: Modes) -> Stream {
        let key = hash(&[seed, hash_str(path)]);
        let step_ms = if modes.same_second {
            300 + (key % 401) as i64
        } else {
            (10 + (key % 21) as i64) * 1000
        };
        Stream {
            key,
            step_ms,
            deletes,
            modes,
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
        // Dense slots stay inside their step, so slots keep their order.
        let jitter = if self.modes.same_second {
            self.step_ms as u64
        } else {
            1000
        };
        k * self.step_ms + (self.h(&[k as u64, 0]) % jitter) as i64
    }

    /// When listings start to show a change made at `at_ms` (slot `k`, index `j`).
    fn visible_ms(&self, k: i64, j: u8, at_ms: i64) -> i64 {
        let late = self.modes.late_ms;
        if late > 0 && self.h(&[k as u64, 7, u64::from(j)]).is_multiple_of(3) {
            at_ms + 1 + (self.h(&[k as u64, 8, u64::from(j)]) % late as u64) as i64
        } else {
            at_ms
        }
    }

    /// `type_changes`: slot `k` holds an `UPDATED` then a `DELETED` of one object.
    fn is_type_change(&self, k: i64) -> bool {
        self.modes.type_changes
            && self.deletes
            && self.changes_in(k) == 2
            && self.h(&[k as u64, 6]).is_multiple_of(2)
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
        let mut c = self.change_of(k, j);
        c.visible_ms = self.visible_ms(k, j, c.at_ms);
        c
    }

    fn change_of(&self, k: i64, j: u8) -> Change {
        let at_ms = self.slot_ms(k);
        if self.is_type_change(k) {
            // Both changes touch what the first would have: an update, then its deletion.
            let mut c = self.plain_change(k, 0, at_ms, true);
            c.index = j;
            c.kind = if j == 0 {
                ChangeKind::Updated
            } else {
                ChangeKind::Deleted
            };
            return c;
        }
        self.plain_change(k, j, at_ms, false)
    }

    fn plain_change(&self, k: i64, j: u8, at_ms: i64, force_update: bool) -> Change {
        if force_update || !self.is_create(k, j) {
            // Update an object created a few slots earlier (dense streams: one or two slots,
            // so one object changes several times within a second).
            let spread = if self.modes.same_second { 2 } else { 12 };
            let back = 1 + (self.h(&[k as u64, 4, u64::from(j)]) % spread) as i64;
            for k2 in (k - back - LOOKBACK_SLOTS..=k - back).rev() {
                for j2 in 0..self.changes_in(k2) {
                    if self.is_create(k2, j2) {
                        let deleted =
                            self.deletes && self.h(&[k as u64, 5, u64::from(j)]).is_multiple_of(8);
                        return Change {
                            slot: k,
                            index: j,
                            at_ms,
                            visible_ms: at_ms,
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
            visible_ms: at_ms,
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

    /// The changes with `lo_ms < at ≤ hi_ms` that a listing made at `hi_ms` shows (late
    /// ones only once visible), oldest first.
    pub fn visible_changes(&self, lo_ms: i64, hi_ms: i64) -> Vec<Change> {
        let mut all = self.changes(lo_ms, hi_ms);
        all.retain(|c| c.visible_ms <= hi_ms);
        all
    }

    /// The latest visible change of every object changed in the window (the state view a
    /// listing API made at `hi_ms` gives), oldest first; deletions are not visible in a state
    /// view.
    pub fn latest_per_object(&self, lo_ms: i64, hi_ms: i64) -> Vec<Change> {
        let all = self.visible_changes(lo_ms, hi_ms);
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
    fn modes_are_off_by_default_and_each_does_what_it_says() {
        let lo = 1_700_000_000_000;
        let hi = lo + 600_000;
        let plain = Stream::new(3, "/documents/events", true);
        let off = Stream::with_modes(3, "/documents/events", true, Modes::default());
        assert_eq!(plain.changes(lo, hi), off.changes(lo, hi));
        assert!(
            plain
                .changes(lo, hi)
                .iter()
                .all(|c| c.visible_ms == c.at_ms)
        );

        let dense = Stream::with_modes(
            3,
            "/documents/events",
            true,
            Modes {
                same_second: true,
                ..Modes::default()
            },
        );
        let a = dense.changes(lo, hi);
        assert!(a.windows(2).all(|w| w[0].at_ms <= w[1].at_ms), "in order");
        let second = |c: &Change| c.at_ms.div_euclid(1000);
        let same_second_distinct_ms = a
            .windows(2)
            .filter(|w| second(&w[0]) == second(&w[1]) && w[0].at_ms != w[1].at_ms)
            .count();
        assert!(same_second_distinct_ms > 100, "{same_second_distinct_ms}");
        let one_object_twice_in_a_second = a.iter().enumerate().any(|(i, c)| {
            a[i + 1..]
                .iter()
                .take_while(|d| second(d) == second(c))
                .any(|d| d.object == c.object && d.at_ms != c.at_ms)
        });
        assert!(one_object_twice_in_a_second);

        let typed = Stream::with_modes(
            3,
            "/documents/events",
            true,
            Modes {
                type_changes: true,
                ..Modes::default()
            },
        );
        let t = typed.changes(lo, hi);
        let pairs = t
            .windows(2)
            .filter(|w| {
                w[0].at_ms == w[1].at_ms
                    && w[0].object == w[1].object
                    && w[0].kind == ChangeKind::Updated
                    && w[1].kind == ChangeKind::Deleted
            })
            .count();
        assert!(pairs >= 1, "an UPDATED then a DELETED at one instant");
        // A state view (no deletes) is not touched.
        let state = |m| Stream::with_modes(3, "/general/changed-groups", false, m);
        assert_eq!(
            state(Modes::default()).changes(lo, hi),
            state(Modes {
                type_changes: true,
                ..Modes::default()
            })
            .changes(lo, hi)
        );

        let late = Stream::with_modes(
            3,
            "/documents/events",
            true,
            Modes {
                late_ms: 1500,
                ..Modes::default()
            },
        );
        let l = late.changes(lo, hi);
        assert!(l.iter().all(|c| c.visible_ms - c.at_ms < 1500 + 1));
        let lagging: Vec<&Change> = l.iter().filter(|c| c.visible_ms > c.at_ms).collect();
        assert!(!lagging.is_empty() && lagging.len() < l.len());
        // Listed only once visible.
        let c = lagging[0];
        assert!(
            !late
                .visible_changes(lo, c.visible_ms - 1)
                .iter()
                .any(|d| d == c)
        );
        assert!(
            late.visible_changes(lo, c.visible_ms)
                .iter()
                .any(|d| d == c)
        );
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
