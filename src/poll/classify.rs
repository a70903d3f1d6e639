//! Classification of one record (docs/design.md, "The poll cycle", step 4):
//!
//! - `updated` / `created` are read through their dot paths, patterns and zones (compiled
//!   once per resource, at validation);
//! - `filterByUpdatedDate` (default): skip records whose updated time is before the window
//!   start; with `false`, the created time is compared instead. The platform skips a record
//!   *at* the start too; pollctl keeps it, because a record updated exactly at the previous
//!   cycle's start but not yet visible then would otherwise be lost for good; the ledger keeps
//!   the ones already emitted from coming twice;
//! - `filterByCurrentDate`: skip records updated after the window end (the next cycle sees
//!   them);
//! - a record's own `event_type` / `eventType` (`CREATED`, `UPDATED`, `DELETED`, `UNKNOWN`)
//!   wins; else `|updated − created| ≤ createdCheckTolerance` → `CREATED`, otherwise
//!   `UPDATED`; only an updated date → `UPDATED`; only a created date → `CREATED`;
//! - no `datesConfiguration`: every record is an event of its own type or `UNKNOWN`;
//! - a configured date that is missing or cannot be parsed is a [`Verdict::BadDate`]: the
//!   caller reports and counts it, it is never silently dropped nor given an invented date.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use super::record::{Field, RecordRef};
use crate::datefmt::DateError;
use crate::instance::{DateField, Resource};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventType {
    Created,
    Updated,
    Deleted,
    Unknown,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Created => "CREATED",
            EventType::Updated => "UPDATED",
            EventType::Deleted => "DELETED",
            EventType::Unknown => "UNKNOWN",
        }
    }

    /// A record's own type, case-insensitively.
    pub fn parse(s: &str) -> Option<EventType> {
        let s = s.trim();
        [
            EventType::Created,
            EventType::Updated,
            EventType::Deleted,
            EventType::Unknown,
        ]
        .into_iter()
        .find(|t| t.as_str().eq_ignore_ascii_case(s))
    }

    pub const ALL: [EventType; 4] = [
        EventType::Created,
        EventType::Updated,
        EventType::Deleted,
        EventType::Unknown,
    ];
}

/// The window of one cycle, in epoch milliseconds.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// `None`: no lower bound (`--from-start`).
    pub start: Option<i64>,
    pub end: i64,
}

/// A record that becomes an event.
#[derive(Debug, Clone)]
pub struct Classified<'r> {
    pub object_id: Option<Cow<'r, str>>,
    pub event_type: EventType,
    pub updated: Option<DateTime<Utc>>,
    /// The instant compared with the window (epoch ms): the record's date raised to the last
    /// millisecond its text can stand for (see [`crate::datefmt::DateFormat::resolution_ms`]);
    /// kept in the ledger for pruning.
    pub at: Option<i64>,
}

#[derive(Debug)]
pub enum Verdict<'r> {
    Event(Classified<'r>),
    /// Before the window start.
    Old,
    /// Updated after the window end, with `filterByCurrentDate`.
    Future,
    /// A configured date is missing or unparseable (the message names field, text, pattern).
    BadDate(String),
}

/// Classify `record` of `resource` in `window`.
pub fn classify<'r>(
    resource: &Resource,
    record: impl Into<RecordRef<'r>>,
    window: Window,
) -> Verdict<'r> {
    classify_noting(resource, record, window, None)
}

/// [`classify`]; with `fraction_note`, also the note about a date text whose fraction of a
/// second has more (or fewer) digits than the pattern's `S` letters, when the record has one
/// and it is still `None` (see [`crate::datefmt::DateFormat::fraction_note`]): read from the
/// same text as the date, not looked up again.
pub fn classify_noting<'r>(
    resource: &Resource,
    record: impl Into<RecordRef<'r>>,
    window: Window,
    mut fraction_note: Option<&mut Option<String>>,
) -> Verdict<'r> {
    let record = record.into();
    let object_id = object_id(resource, record);
    let own = own_type(record);
    let Some(dates) = &resource.dates else {
        return Verdict::Event(Classified {
            object_id,
            event_type: own.unwrap_or(EventType::Unknown),
            updated: None,
            at: None,
        });
    };
    let updated = match dates
        .updated
        .as_ref()
        .map(|f| read_date(f, record, fraction_note.as_deref_mut()))
        .transpose()
    {
        Ok(v) => v,
        Err(m) => return Verdict::BadDate(m),
    };
    // One field read as both dates (the usual `updated = created` configuration): read once.
    let same_field = matches!((&dates.updated, &dates.created),
        (Some(u), Some(c)) if u.path == c.path && u.format.source() == c.format.source() && u.zone == c.zone);
    let created = if same_field {
        updated
    } else {
        match dates
            .created
            .as_ref()
            .map(|f| read_date(f, record, fraction_note))
            .transpose()
        {
            Ok(v) => v,
            Err(m) => return Verdict::BadDate(m),
        }
    };
    // The resolution of the one field compared with the window (not of both, per record).
    let filter_on = if resource.filter_by_updated_date {
        updated
            .map(|d| (d, &dates.updated))
            .or(created.map(|d| (d, &dates.created)))
    } else {
        created
            .map(|d| (d, &dates.created))
            .or(updated.map(|d| (d, &dates.updated)))
    }
    .map(|(d, f)| (d, f.as_ref().map_or(1, |f| f.format.resolution_ms())));
    // The latest instant the date's text can stand for: a whole-second `…:42Z` may be any
    // time in [42.000, 43.000), so it is compared with the window as 42.999 (never dropped
    // by rounding; the ledger suppresses the repeat).
    let at = filter_on.map(|(d, res)| d.timestamp_millis().saturating_add(res - 1));
    if let (Some(at), Some(start)) = (at, window.start)
        && at < start
    {
        return Verdict::Old;
    }
    if resource.filter_by_current_date
        && let Some(u) = updated.or(created)
        && u.timestamp_millis() > window.end
    {
        return Verdict::Future;
    }
    let event_type = own.unwrap_or_else(|| match (updated, created) {
        (Some(u), Some(c)) => {
            let diff = (u - c).abs();
            let tol = chrono::Duration::from_std(resource.created_check_tolerance)
                .unwrap_or(chrono::Duration::MAX);
            if diff <= tol {
                EventType::Created
            } else {
                EventType::Updated
            }
        }
        (Some(_), None) => EventType::Updated,
        (None, Some(_)) => EventType::Created,
        (None, None) => EventType::Unknown,
    });
    Verdict::Event(Classified {
        object_id,
        event_type,
        updated: updated.or(created),
        at,
    })
}

/// The record's `idField` value as text; `None` when the path is empty or absent.
pub fn object_id<'r>(
    resource: &Resource,
    record: impl Into<RecordRef<'r>>,
) -> Option<Cow<'r, str>> {
    match record.into().get(&resource.id_field)? {
        Field::Str(s) => Some(s),
        Field::Null => None,
        Field::Num(n) => Some(n),
        Field::Bool(b) => Some(Cow::Owned(b.to_string())),
        Field::Other(v) => Some(Cow::Owned(v.to_string())),
    }
}

fn own_type(record: RecordRef<'_>) -> Option<EventType> {
    record
        .key("event_type")
        .or_else(|| record.key("eventType"))
        .as_ref()
        .and_then(Field::as_str)
        .and_then(EventType::parse)
}

fn read_date(
    field: &DateField,
    record: RecordRef<'_>,
    fraction_note: Option<&mut Option<String>>,
) -> Result<DateTime<Utc>, String> {
    let path = field.path.as_str();
    let parsed: Result<DateTime<Utc>, DateError> = match record.get(&field.path) {
        None | Some(Field::Null) => return Err(format!("date field {path:?} is missing")),
        Some(Field::Str(s)) => {
            if let Some(note @ None) = fraction_note {
                *note = field
                    .format
                    .fraction_note(&s)
                    .map(|n| format!("date field {path:?}: {n}"));
            }
            field.format.parse(&s, &field.zone)
        }
        Some(Field::Num(n)) => field.format.parse(&n, &field.zone),
        Some(other) => {
            return Err(format!(
                "date field {path:?} holds {} instead of a date",
                other.kind()
            ));
        }
    };
    parsed.map_err(|e| format!("date field {path:?}: {e}"))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::datefmt::{DateFormat, Zone};
    use crate::instance::{DatesConfig, FieldPath, UrlTemplate};
    use serde_json::Value;
    use serde_json::json;
    use std::time::Duration;

    /// A hand-built resource (the engine does not need validation to be tested).
    pub(crate) fn resource(dates: Option<(&str, &str)>) -> Resource {
        let field = |p: &str, f: &str| DateField {
            path: FieldPath::new(p),
            format: DateFormat::compile(f).unwrap(),
            zone: Zone::parse("GMT").unwrap(),
        };
        Resource {
            name: "events".into(),
            url: UrlTemplate::parse("/hubs/documents/events").unwrap(),
            id_field: FieldPath::new("id"),
            dates: dates.map(|(u, c)| DatesConfig {
                updated: Some(field(u, "milliseconds")),
                created: Some(field(c, "milliseconds")),
            }),
            filter_by_updated_date: true,
            filter_by_current_date: false,
            created_check_tolerance: Duration::ZERO,
            page_size: None,
            poll_delay: Duration::ZERO,
            records_path: None,
        }
    }

    #[test]
    fn no_dates_means_own_type_or_unknown() {
        let r = resource(None);
        let w = Window {
            start: Some(0),
            end: 10,
        };
        let rec = json!({"id": 7, "eventType": "deleted"});
        match classify(&r, &rec, w) {
            Verdict::Event(c) => {
                assert_eq!(c.event_type, EventType::Deleted);
                assert_eq!(c.object_id.as_deref(), Some("7"));
                assert!(c.updated.is_none() && c.at.is_none());
            }
            v => panic!("{v:?}"),
        }
        match classify(&r, &json!({"id": "a"}), w) {
            Verdict::Event(c) => assert_eq!(c.event_type, EventType::Unknown),
            v => panic!("{v:?}"),
        }
    }

    #[test]
    fn missing_date_is_reported_not_invented() {
        let r = resource(Some(("u", "c")));
        let w = Window {
            start: None,
            end: 0,
        };
        match classify(&r, &json!({"id": 1, "c": "5"}), w) {
            Verdict::BadDate(m) => assert!(m.contains("\"u\""), "{m}"),
            v => panic!("{v:?}"),
        }
        match classify(&r, &json!({"id": 1, "u": [1], "c": "5"}), w) {
            Verdict::BadDate(m) => assert!(m.contains("an array"), "{m}"),
            v => panic!("{v:?}"),
        }
    }

    #[test]
    fn window_filters_and_tolerance() {
        let mut r = resource(Some(("u", "c")));
        let w = Window {
            start: Some(1_000),
            end: 10_000,
        };
        let t = |rec: Value, r: &Resource| match classify(r, &rec, w) {
            Verdict::Event(c) => format!("{:?}@{:?}", c.event_type, c.at),
            other => format!("{other:?}"),
        };
        // before the start, at it (kept: the ledger dedupes), after it, past the end
        assert_eq!(t(json!({"id": 1, "u": 999, "c": 999}), &r), "Old");
        assert_eq!(
            t(json!({"id": 1, "u": 1000, "c": 1000}), &r),
            "Created@Some(1000)"
        );
        assert_eq!(
            t(json!({"id": 1, "u": 1001, "c": 1001}), &r),
            "Created@Some(1001)"
        );
        assert_eq!(
            t(json!({"id": 1, "u": 20_000, "c": 1}), &r),
            "Updated@Some(20000)"
        );
        r.filter_by_current_date = true;
        assert_eq!(t(json!({"id": 1, "u": 20_000, "c": 1}), &r), "Future");
        assert_eq!(
            t(json!({"id": 1, "u": 10_000, "c": 1}), &r),
            "Updated@Some(10000)"
        );
        // tolerance in seconds
        assert_eq!(
            t(json!({"id": 1, "u": 5_000, "c": 3_000}), &r),
            "Updated@Some(5000)"
        );
        r.created_check_tolerance = Duration::from_secs(2);
        assert_eq!(
            t(json!({"id": 1, "u": 5_000, "c": 3_000}), &r),
            "Created@Some(5000)"
        );
        // filterByUpdatedDate: false compares the created date with the window
        r.filter_by_updated_date = false;
        assert_eq!(t(json!({"id": 1, "u": 5_000, "c": 500}), &r), "Old");
        assert_eq!(
            t(json!({"id": 1, "u": 5_000, "c": 4_000}), &r),
            "Created@Some(4000)"
        );
        // unparseable text is reported with the field name
        match classify(&r, &json!({"id": 1, "u": "yesterday", "c": 1}), w) {
            Verdict::BadDate(m) => assert!(m.contains("\"u\"") && m.contains("yesterday"), "{m}"),
            v => panic!("{v:?}"),
        }
    }

    #[test]
    fn whole_second_dates_are_compared_at_their_precision() {
        // watermark …:42.703, record …:42Z (whole seconds): it may have changed after the
        // watermark, so it is in the window (issue 9 item 1).
        let mut r = resource(Some(("u", "c")));
        let f = DateFormat::compile("yyyy-MM-dd'T'HH:mm:ss'Z'").unwrap();
        for d in r.dates.as_mut().unwrap().updated.iter_mut() {
            d.format = f.clone();
        }
        for d in r.dates.as_mut().unwrap().created.iter_mut() {
            d.format = f.clone();
        }
        let start: DateTime<Utc> = "2024-01-02T03:04:42.703Z".parse().unwrap();
        let w = Window {
            start: Some(start.timestamp_millis()),
            end: start.timestamp_millis() + 10_000,
        };
        let rec = json!({"id": 1, "u": "2024-01-02T03:04:42Z", "c": "2024-01-01T00:00:00Z"});
        match classify(&r, &rec, w) {
            Verdict::Event(c) => assert_eq!(c.at, Some(start.timestamp_millis() - 703 + 999)),
            v => panic!("{v:?}"),
        }
        let rec = json!({"id": 1, "u": "2024-01-02T03:04:41Z", "c": "2024-01-01T00:00:00Z"});
        assert!(matches!(classify(&r, &rec, w), Verdict::Old));
    }

    #[test]
    fn event_type_parse() {
        assert_eq!(EventType::parse("created"), Some(EventType::Created));
        assert_eq!(EventType::parse(" UPDATED "), Some(EventType::Updated));
        assert_eq!(EventType::parse("moved"), None);
    }
}
