//! The key tables of the instance body: one place that both validation and the JSON Schema
//! read, so the two never disagree.

/// `event.poller.refresh_interval` at most one year, in minutes.
pub const MAX_REFRESH_MINUTES: u64 = 525_600;
/// `pollDelay` at most 30 days, in seconds: the window start moves back by it every cycle.
pub const MAX_POLL_DELAY_SECS: u64 = 2_592_000;
/// `createdCheckTolerance` at most one year, in seconds.
pub const MAX_TOLERANCE_SECS: u64 = 31_536_000;
/// `pageSize` at most 100,000 records (pollctl's bound; the hubs document less, see below).
pub const MAX_PAGE_SIZE: u64 = 100_000;
/// The hubs' documented `pageSize` maximum: above it, a warning.
pub const HUB_PAGE_SIZE_MAX: u64 = 5_000;

/// What a key's value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Any string.
    String,
    /// An absolute http(s) URL.
    Url,
    /// `true`/`false`, or the strings `"true"`/`"false"`.
    Bool,
    /// An integer in `min..=max`, as a number or a numeric string.
    Integer { min: u64, max: u64 },
    /// `event.poller.urls`: the legacy pipe-delimited poller configuration.
    LegacyPollerUrls,
    /// `polling` | `webhook` (| `webhooks`).
    VendorType,
    /// `event.poller.configuration`: an object, or the same JSON in a string.
    PollerConfig,
    /// A Java SimpleDateFormat pattern, or `milliseconds`.
    DatePattern,
    /// A time zone: IANA name, abbreviation, offset, `GMT`.
    TimeZone,
    /// A dot path into a record (`metadata.updateTime`).
    FieldPath,
    /// A resource URL template (relative to the base URL, or absolute).
    UrlTemplate,
    /// The `datesConfiguration` object.
    DatesObject,
}

/// One known key.
#[derive(Debug)]
pub struct KeySpec {
    pub key: &'static str,
    pub kind: ValueKind,
    pub required: bool,
    /// Never printed.
    pub secret: bool,
    pub description: &'static str,
    /// Other spellings accepted with a warning (seen in published documentation).
    pub aliases: &'static [&'static str],
}

const fn k(key: &'static str, kind: ValueKind, description: &'static str) -> KeySpec {
    KeySpec {
        key,
        kind,
        required: false,
        secret: false,
        description,
        aliases: &[],
    }
}

/// The platform's `event.*` configuration keys pollctl checks.
pub static EVENT_KEYS: &[KeySpec] = &[
    k(
        "event.notification.enabled",
        ValueKind::Bool,
        "Whether events are enabled for the instance (default false); a boolean, or \"true\"/\"false\".",
    ),
    k(
        "event.vendor.type",
        ValueKind::VendorType,
        "How events are obtained: polling or webhook (webhooks is accepted).",
    ),
    k(
        "event.notification.callback.url",
        ValueKind::Url,
        "The URL where the platform sends the events (https).",
    ),
    KeySpec {
        key: "event.notification.signature.key",
        kind: ValueKind::String,
        required: false,
        secret: true,
        description: "Optional. A user-defined key: notifications carry Elements-Webhook-Signature = sha256=base64(HMAC-SHA256(key, body)).",
        aliases: &[],
    },
    k(
        "event.poller.refresh_interval",
        ValueKind::Integer {
            min: 1,
            max: MAX_REFRESH_MINUTES,
        },
        "How often the poller checks for changes, in minutes (≥ 1); a number or a numeric string.",
    ),
    k(
        "event.poller.configuration",
        ValueKind::PollerConfig,
        "Optional. The resources to poll: an object (or the same JSON in a string) mapping resource names to their configuration; default: the connector's.",
    ),
    k(
        "event.poller.urls",
        ValueKind::LegacyPollerUrls,
        "Legacy poller configuration, one resource per line: resource|url|xPath|updatedField|updatedFormat|updatedZone|createdField|createdFormat|createdZone. Ignored when event.poller.configuration is set.",
    ),
];

/// Platform event keys pollctl accepts without checking them.
pub static OTHER_EVENT_KEYS: &[&str] = &[
    "event.notification.type",
    "event.objects",
    "event.metadata",
    "event.notification.subscription.id",
    "event.notification.instance.finder",
    "event.helper.key",
];

/// The keys of one resource in `event.poller.configuration`.
pub static RESOURCE_KEYS: &[KeySpec] = &[
    KeySpec {
        key: "url",
        kind: ValueKind::UrlTemplate,
        required: true,
        secret: false,
        description: "The URL to query for updates (hub-relative like /hubs/documents/events, or absolute), with {placeholders} and date macros such as ${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}.",
        aliases: &[],
    },
    KeySpec {
        key: "idField",
        kind: ValueKind::FieldPath,
        required: true,
        secret: false,
        description: "The field (dot path) that uniquely identifies a record: the events' objectId.",
        aliases: &[],
    },
    k(
        "datesConfiguration",
        ValueKind::DatesObject,
        "Where the records' updated and created dates are, and how to read them.",
    ),
    KeySpec {
        key: "filterByUpdatedDate",
        kind: ValueKind::Bool,
        required: false,
        secret: false,
        description: "Drop records not updated after the window start (default true); false compares the created date instead.",
        aliases: &["filterByUpdateDate"],
    },
    k(
        "filterByCurrentDate",
        ValueKind::Bool,
        "Also drop records updated after the cycle began, so the next cycle sees them (default false).",
    ),
    k(
        "createdCheckTolerance",
        ValueKind::Integer {
            min: 0,
            max: MAX_TOLERANCE_SECS,
        },
        "Seconds of tolerance when comparing created and updated: within it the event is CREATED.",
    ),
    k(
        "pageSize",
        ValueKind::Integer {
            min: 1,
            max: MAX_PAGE_SIZE,
        },
        "Records per page when paging the poll URL.",
    ),
    k(
        "pollDelay",
        ValueKind::Integer {
            min: 0,
            max: MAX_POLL_DELAY_SECS,
        },
        "Seconds subtracted from the window start, for records not yet searchable (default 0).",
    ),
    k(
        "recordsPath",
        ValueKind::FieldPath,
        "pollctl extension: the dot path of the records array when the response wraps it in an object.",
    ),
];

/// Resource keys seen in published configurations that pollctl accepts and ignores.
pub static IGNORED_RESOURCE_KEYS: &[&str] = &["xPath"];

/// The keys of `datesConfiguration`.
pub static DATES_KEYS: &[KeySpec] = &[
    KeySpec {
        key: "updatedDateField",
        kind: ValueKind::FieldPath,
        required: false,
        secret: false,
        description: "The field (dot path) that holds the record's last-update date.",
        aliases: &["updatedAtField"],
    },
    KeySpec {
        key: "updatedDateFormat",
        kind: ValueKind::DatePattern,
        required: false,
        secret: false,
        description: "Java SimpleDateFormat pattern of the updated date, or milliseconds.",
        aliases: &["updatedAtFormat"],
    },
    KeySpec {
        key: "updatedDateTimezone",
        kind: ValueKind::TimeZone,
        required: false,
        secret: false,
        description: "Zone of the updated date when its text has none (default GMT).",
        aliases: &["updatedAtTimezone"],
    },
    KeySpec {
        key: "createdDateField",
        kind: ValueKind::FieldPath,
        required: false,
        secret: false,
        description: "The field (dot path) that holds the record's creation date.",
        aliases: &["createdAtField"],
    },
    KeySpec {
        key: "createdDateFormat",
        kind: ValueKind::DatePattern,
        required: false,
        secret: false,
        description: "Java SimpleDateFormat pattern of the created date, or milliseconds.",
        aliases: &["createdAtFormat"],
    },
    KeySpec {
        key: "createdDateTimezone",
        kind: ValueKind::TimeZone,
        required: false,
        secret: false,
        description: "Zone of the created date when its text has none (default GMT).",
        aliases: &["createdAtTimezone"],
    },
];

/// Top-level keys of the instance body.
pub static TOP_KEYS: &[&str] = &[
    "element",
    "providerData",
    "configuration",
    "tags",
    "name",
    "description",
    "disabled",
    "externalAuthentication",
    "retrieveObjectsAfterInstantiation",
    // Fields of the `POST /instances` response: a provisioned instance saved to a file keeps
    // them, and `pollctl poll` reads `id` (the events' instanceId) and `token`.
    "id",
    "token",
    "createdDate",
    "updatedDate",
    "elementId",
    "valid",
    "eventsEnabled",
    "traceLoggingEnabled",
    "cachingEnabled",
    "cacheTimeToLive",
    "maxCacheSize",
    "provisionInteractions",
    "user",
];

/// Find a spec by its key or one of its aliases; the bool says "by alias".
pub fn lookup<'a>(table: &'a [KeySpec], key: &str) -> Option<(&'a KeySpec, bool)> {
    table
        .iter()
        .find(|s| s.key == key)
        .map(|s| (s, false))
        .or_else(|| {
            table
                .iter()
                .find(|s| s.aliases.contains(&key))
                .map(|s| (s, true))
        })
}

/// Levenshtein distance, case-insensitive.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest candidate that `key` is plausibly a typo of.
pub fn suggest<'a>(key: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = key.chars().count();
    let limit = if len >= 12 { 3 } else { 2 };
    if len > 128 {
        return None;
    }
    candidates
        .into_iter()
        .filter(|c| *c != key && c.chars().count().abs_diff(len) <= limit)
        .map(|c| (edit_distance(key, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_suggested() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(
            suggest("filterByUpdateDate", RESOURCE_KEYS.iter().map(|s| s.key)),
            Some("filterByUpdatedDate")
        );
        assert_eq!(
            suggest("idfield", RESOURCE_KEYS.iter().map(|s| s.key)),
            Some("idField")
        );
        assert_eq!(
            suggest("somethingElse", RESOURCE_KEYS.iter().map(|s| s.key)),
            None
        );
        assert_eq!(
            lookup(DATES_KEYS, "updatedAtField").map(|(s, a)| (s.key, a)),
            Some(("updatedDateField", true))
        );
    }
}
