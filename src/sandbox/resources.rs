//! The resources an instance can poll, read from its `event.poller.configuration` (or the
//! catalog's default for its connector): which hub path serves them, which date filter their
//! URL carries, and where their id and dates go in a generated record.
//!
//! Dates are written with pollctl's own date engine and the configuration's patterns and zones,
//! so whatever the poller parses is exactly what the configuration promises.

use serde_json::Value;

use crate::datefmt::{DateFormat, Zone};

/// One servable resource, compiled once when the instance is created.
#[derive(Debug, Clone)]
pub struct ResourceShape {
    /// The key in `event.poller.configuration` (the events' `objectType`).
    pub name: String,
    /// Path segments of the URL (without the query); `None` matches any one segment
    /// (`{calendarId}`).
    pub segments: Vec<Option<String>>,
    /// The date filter the URL carries (`where=lastmodifieddate='${gmtDate:…}'`), if any.
    pub since: Option<SinceFilter>,
    /// Dot path of `idField` (may be empty: then `id` is still in the record).
    pub id_field: Vec<String>,
    pub updated: Option<DateSlot>,
    pub created: Option<DateSlot>,
    /// What kind of records the resource returns.
    pub kind: RecordKind,
}

/// Where one date goes in a record and how it is written.
#[derive(Debug, Clone)]
pub struct DateSlot {
    pub path: Vec<String>,
    pub format: DateFormat,
    pub zone: Zone,
}

/// How the URL's date macro renders the window start, so the sandbox can read it back.
#[derive(Debug, Clone)]
pub enum SinceFilter {
    /// `${gmtDate:FMT}`, `${date:FMT}`, `${dateTimeZone:ZONE:FMT}`.
    Pattern { format: DateFormat, zone: Zone },
    /// `${epoch}`, `${epoch:s|ms|us}`, `${milliseconds}`: the divisor to get seconds × 1000.
    Epoch { unit: EpochUnit },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EpochUnit {
    Seconds,
    Millis,
    Micros,
}

/// The record families the generator knows (chosen from the connector and the URL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    /// Egnyte's `/hubs/documents/events`: one record per change, carrying `event_type`.
    EgnyteEvent,
    /// ShareFile items (`CreationDate`, `ProgenyEditDate`, `StreamID`…).
    ShareFileItem,
    /// Google Calendar events (`created`, `updated`, RFC 3339 with milliseconds).
    GoogleCalendarEvent,
    /// Google Directory groups (`metadata.updateTime`).
    GoogleGroup,
    /// Gmail messages (no dates).
    GoogleMessage,
    /// DocuShare Flex objects (handles like `Document-12345`).
    DocuShareObject,
    /// Anything else: `{id, name}` plus the configured id and dates.
    Generic,
}

impl ResourceShape {
    /// Does this resource serve `path` (segments after `/hubs/…`, query excluded)?
    pub fn matches(&self, path: &[&str]) -> bool {
        self.segments.len() == path.len()
            && self
                .segments
                .iter()
                .zip(path)
                .all(|(s, p)| s.as_deref().is_none_or(|s| s == *p))
    }
}

/// Read the resources of a poller configuration (object, or the same JSON as a string).
/// Resources whose URL is not a hub path the sandbox can serve, or whose date patterns do not
/// compile, are left out (validation reports those to the user).
pub fn shapes_from_poller(connector: &str, poller: &Value) -> Vec<ResourceShape> {
    let parsed;
    let poller = match poller {
        Value::String(s) => match serde_json::from_str::<Value>(s) {
            Ok(v) => {
                parsed = v;
                &parsed
            }
            Err(_) => return Vec::new(),
        },
        other => other,
    };
    let Some(map) = poller.as_object() else {
        return Vec::new();
    };
    map.iter()
        .filter_map(|(name, cfg)| shape(connector, name, cfg))
        .collect()
}

fn str_at<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| v.get(*k).and_then(Value::as_str))
}

fn shape(connector: &str, name: &str, cfg: &Value) -> Option<ResourceShape> {
    let url = cfg.get("url")?.as_str()?;
    // The seed's ShareFile URL may arrive broken across a line: drop white space.
    let url: String = url.chars().filter(|c| !c.is_whitespace()).collect();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let path = path
        .strip_prefix("/elements/api-v2")
        .unwrap_or(path)
        .trim_start_matches('/');
    let rest = path.strip_prefix("hubs/")?;
    let segments: Vec<Option<String>> = rest
        .split('/')
        .map(|s| {
            if s.starts_with('{') && s.ends_with('}') {
                None
            } else {
                Some(s.to_string())
            }
        })
        .collect();
    let dates = cfg.get("datesConfiguration");
    let slot = |field: &[&str], format: &[&str], zone: &[&str]| -> Option<DateSlot> {
        let d = dates?;
        let path = str_at(d, field)?.trim();
        if path.is_empty() {
            return None;
        }
        let format = DateFormat::compile(str_at(d, format)?).ok()?;
        let zone = Zone::parse(str_at(d, zone).unwrap_or("GMT")).ok()?;
        Some(DateSlot {
            path: path.split('.').map(str::to_string).collect(),
            format,
            zone,
        })
    };
    let updated = slot(
        &["updatedDateField", "updatedAtField"],
        &["updatedDateFormat", "updatedAtFormat"],
        &["updatedDateTimezone", "updatedAtTimezone"],
    );
    let mut created = slot(
        &["createdDateField", "createdAtField"],
        &["createdDateFormat", "createdAtFormat"],
        &["createdDateTimezone", "createdAtTimezone"],
    );
    // The same field for both (Egnyte's event_date): the updated pattern writes it.
    if let (Some(u), Some(c)) = (&updated, &created)
        && u.path == c.path
    {
        created = None;
    }
    let id_field = cfg
        .get("idField")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.split('.').map(str::to_string).collect())
        .unwrap_or_default();
    let last = rest.rsplit('/').next().unwrap_or_default();
    let kind = match connector {
        "egnyte" if last == "events" => RecordKind::EgnyteEvent,
        "sharefile" => RecordKind::ShareFileItem,
        "googlesuite" if last == "changed-events" || last == "events" => {
            RecordKind::GoogleCalendarEvent
        }
        "googlesuite" if last.contains("groups") => RecordKind::GoogleGroup,
        "googlesuite" if last.contains("messages") => RecordKind::GoogleMessage,
        "docushareflex" => RecordKind::DocuShareObject,
        _ => RecordKind::Generic,
    };
    Some(ResourceShape {
        name: name.to_string(),
        segments,
        since: since_filter(query),
        id_field,
        updated,
        created,
        kind,
    })
}

/// Find the date macro in the query and how it renders the window start.
fn since_filter(query: &str) -> Option<SinceFilter> {
    let start = query.find("${")?;
    let body = &query[start + 2..];
    let body = &body[..body.find('}')?];
    let (kind, arg) = body.split_once(':').unwrap_or((body, ""));
    match kind {
        "gmtDate" | "date" if !arg.is_empty() => Some(SinceFilter::Pattern {
            format: DateFormat::compile(arg).ok()?,
            zone: Zone::Utc,
        }),
        "date" => Some(SinceFilter::Epoch {
            unit: EpochUnit::Millis,
        }),
        "dateTimeZone" | "DateTimeZone" => {
            let (zone, fmt) = arg.split_once(':')?;
            Some(SinceFilter::Pattern {
                format: DateFormat::compile(fmt).ok()?,
                zone: Zone::parse(zone).ok()?,
            })
        }
        "epoch" | "milliseconds" => Some(SinceFilter::Epoch {
            unit: match arg {
                "s" => EpochUnit::Seconds,
                "us" => EpochUnit::Micros,
                _ => EpochUnit::Millis,
            },
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_paths_placeholders_macros_and_kinds() {
        let poller = json!({
            "documents": {
                "url": "/hubs/documents/events/poll/documents?where=lastmodifi\n  eddate='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
                "idField": "id",
                "datesConfiguration": {"updatedDateField": "CreationDate", "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"}
            },
            "calendars/{calendarId}/changed-events": {
                "url": "/hubs/general/calendars/{calendarId}/changed-events", "idField": ""
            },
            "not-a-hub": {"url": "https://example.com/x", "idField": "id"}
        });
        let shapes = shapes_from_poller("sharefile", &poller);
        assert_eq!(shapes.len(), 2);
        let docs = shapes.iter().find(|s| s.name == "documents").unwrap();
        assert!(docs.matches(&["documents", "events", "poll", "documents"]));
        assert!(matches!(docs.since, Some(SinceFilter::Pattern { .. })));
        assert_eq!(docs.kind, RecordKind::ShareFileItem);
        assert_eq!(docs.id_field, vec!["id".to_string()]);
        let cal = shapes
            .iter()
            .find(|s| s.name.starts_with("calendars"))
            .unwrap();
        assert!(cal.matches(&["general", "calendars", "primary", "changed-events"]));
        assert!(!cal.matches(&["general", "calendars", "changed-events"]));
        assert!(cal.since.is_none() && cal.id_field.is_empty());
    }

    #[test]
    fn poller_as_string_and_epoch_macros() {
        let poller =
            json!({"a": {"url": "/hubs/x/a?where=t>${epoch:s}", "idField": "id"}}).to_string();
        let shapes = shapes_from_poller("other", &Value::String(poller));
        assert_eq!(shapes.len(), 1);
        assert!(matches!(
            shapes[0].since,
            Some(SinceFilter::Epoch {
                unit: EpochUnit::Seconds
            })
        ));
        assert_eq!(shapes[0].kind, RecordKind::Generic);
    }
}
