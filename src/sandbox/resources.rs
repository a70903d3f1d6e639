//! The resources an instance can poll, read from its `event.poller.configuration` (or the
//! catalog's default for its connector): which hub path serves them, which date filter their
//! URL carries, and where their id and dates go in a generated record.
//!
//! Dates are written with pollctl's own date engine and the configuration's patterns and zones,
//! so whatever the poller parses is exactly what the configuration promises.

use super::generic::{EpochUnit, SinceFilter};
use crate::datefmt::{DateFormat, Zone};
use crate::instance::{DateField, FieldPath, Resource};

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
    /// The query parameter that carries it (`where`, or a vendor's own such as `since`).
    pub since_param: Option<String>,
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

/// The servable resources of typed poller resources (from the validated instance, or
/// [`crate::instance::validate::default_resources`] for the catalog default). Resources whose
/// URL is not a hub path of this platform are left out.
pub fn shapes(connector: &str, resources: &[Resource]) -> Vec<ResourceShape> {
    resources
        .iter()
        .filter_map(|r| shape(connector, r))
        .collect()
}

fn dot_path(p: &FieldPath) -> Vec<String> {
    let t = p.as_str().trim();
    if t.is_empty() {
        Vec::new()
    } else {
        t.split('.').map(str::to_string).collect()
    }
}

fn slot(field: Option<&DateField>) -> Option<DateSlot> {
    let f = field?;
    let path = dot_path(&f.path);
    (!path.is_empty()).then(|| DateSlot {
        path,
        format: f.format.clone(),
        zone: f.zone.clone(),
    })
}

fn shape(connector: &str, resource: &Resource) -> Option<ResourceShape> {
    let url = resource.url.source();
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
    let dates = resource.dates.as_ref();
    let updated = slot(dates.and_then(|d| d.updated.as_ref()));
    let mut created = slot(dates.and_then(|d| d.created.as_ref()));
    // The same field for both (Egnyte's event_date): the updated pattern writes it.
    if let (Some(u), Some(c)) = (&updated, &created)
        && u.path == c.path
    {
        created = None;
    }
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
        name: resource.name.clone(),
        segments,
        since: since_filter(query),
        since_param: super::generic::since_param(query),
        id_field: dot_path(&resource.id_field),
        updated,
        created,
        kind,
    })
}

/// Find the date macro in the query and how it renders the window start. (The typed
/// [`crate::instance::UrlTemplate`] expands macros but does not expose them; this reads only
/// the one the filter needs.)
fn since_filter(query: &str) -> Option<SinceFilter> {
    let start = query.find("${")?;
    let body = &query[start + 2..];
    let body = &body[..body.find('}')?];
    let (kind, arg) = body.split_once(':').unwrap_or((body, ""));
    match kind {
        "date" if arg.contains("Unix time") => Some(SinceFilter::Epoch {
            unit: EpochUnit::Seconds,
        }),
        "gmtDate" | "date" if !arg.is_empty() => Some(SinceFilter::Pattern {
            format: DateFormat::compile(arg).ok()?,
            zone: Zone::Utc,
        }),
        // The legacy `${date}` with no format (as the poller renders it).
        "date" => Some(SinceFilter::Pattern {
            format: DateFormat::compile(crate::instance::template::LEGACY_DATE_PATTERN).ok()?,
            zone: Zone::Utc,
        }),
        k if k.eq_ignore_ascii_case("dateTimeZone") => {
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
    use crate::catalog;
    use crate::instance::validate::default_resources;

    fn catalog_shapes(key: &str) -> Vec<ResourceShape> {
        shapes(key, &default_resources(catalog::get(key).unwrap()))
    }

    #[test]
    fn every_catalog_default_is_servable() {
        for c in catalog::ALL {
            let s = catalog_shapes(c.key);
            assert!(!s.is_empty(), "{}", c.key);
            assert_eq!(s.len(), default_resources(c).len(), "{}", c.key);
        }
    }

    #[test]
    fn sharefile_filter_and_google_placeholders() {
        let docs = catalog_shapes("sharefile");
        assert!(docs[0].matches(&["documents", "events", "poll", "documents"]));
        assert!(matches!(docs[0].since, Some(SinceFilter::Pattern { .. })));
        assert_eq!(docs[0].kind, RecordKind::ShareFileItem);
        assert!(docs[0].updated.is_some() && docs[0].created.is_some());
        let g = catalog_shapes("googlesuite");
        let cal = g.iter().find(|s| s.name.contains("{calendarId}")).unwrap();
        assert!(cal.matches(&["general", "calendars", "primary", "changed-events"]));
        assert!(!cal.matches(&["general", "calendars", "changed-events"]));
        assert!(cal.since.is_none() && cal.id_field.is_empty());
        let groups = g.iter().find(|s| s.name == "changed-groups").unwrap();
        assert_eq!(groups.kind, RecordKind::GoogleGroup);
        assert!(groups.created.is_none(), "same field as updated");
        let egnyte = catalog_shapes("egnyte");
        assert_eq!(egnyte[0].kind, RecordKind::EgnyteEvent);
    }

    #[test]
    fn epoch_and_zone_macros() {
        assert!(matches!(
            since_filter("where=t>${epoch:s}"),
            Some(SinceFilter::Epoch {
                unit: EpochUnit::Seconds
            })
        ));
        assert!(matches!(
            since_filter("where=t>'${dateTimeZone:America/Denver:yyyy-MM-dd HH:mm}'"),
            Some(SinceFilter::Pattern { .. })
        ));
        assert!(since_filter("pageSize=5").is_none());
    }
}
