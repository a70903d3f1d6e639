//! The typed instance, as validation produces it and the poller consumes it.

use std::time::Duration;

use secrecy::SecretString;
use serde_json::Value;

use crate::datefmt::{DateFormat, Zone};
use crate::instance::template::UrlTemplate;

/// A validated instance body. Its `Debug` redacts secret configuration values.
#[derive(Clone)]
pub struct Instance {
    /// `element.key`.
    pub connector: String,
    pub name: Option<String>,
    pub tags: Vec<String>,
    /// `providerData.code`.
    pub code: Option<SecretString>,
    /// The `configuration` object as given (event keys included), for re-serialization and
    /// for resolving `{placeholders}` from configuration values.
    pub configuration: serde_json::Map<String, Value>,
    pub events: EventSettings,
}

impl Instance {
    /// The events' `hubKey`: the catalog's hub, or for a connector outside the catalog the
    /// hub its resource URLs name (`/hubs/crm/…` → `crm`), else `unknown`.
    pub fn hub_key(&self) -> String {
        if let Ok(c) = crate::catalog::get(&self.connector) {
            return c.hub.to_string();
        }
        self.events
            .resources
            .iter()
            .find_map(|r| crate::catalog::hub_of_url(r.url.source()))
            .unwrap_or("unknown")
            .to_string()
    }
}

/// Whether a configuration key holds a secret (never printed, never in `Debug`).
pub fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    let mut catalog = crate::catalog::OAUTH_KEYS.iter().chain(
        crate::catalog::ALL
            .iter()
            .flat_map(|c| c.config_keys.iter()),
    );
    let mut known_public = false;
    if catalog.any(|s| {
        known_public |= !s.secret && s.key == key;
        s.secret && s.key == key
    }) {
        return true;
    }
    // An API key (ActiveCampaign's `api.key`, HubSpot's `hubspot.authorization.apikey`) is a
    // credential; `oauth.api.key`, the OAuth client id, is known and public.
    let squashed: String = k
        .chars()
        .filter(|c| !matches!(c, '.' | '_' | '-'))
        .collect();
    k == "event.notification.signature.key"
        || ["secret", "token", "password", "signature", "private"]
            .iter()
            .any(|w| k.contains(w))
        || (!known_public
            && ["apikey", "passwd", "credential"]
                .iter()
                .any(|w| squashed.contains(w)))
}

impl std::fmt::Debug for Instance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let configuration: serde_json::Map<String, Value> = self
            .configuration
            .iter()
            .map(|(k, v)| {
                let v = if is_secret_key(k) {
                    Value::String("[REDACTED]".into())
                } else {
                    v.clone()
                };
                (k.clone(), v)
            })
            .collect();
        f.debug_struct("Instance")
            .field("connector", &self.connector)
            .field("name", &self.name)
            .field("tags", &self.tags)
            .field("code", &self.code)
            .field("configuration", &configuration)
            .field("events", &self.events)
            .finish()
    }
}

/// The `event.*` keys, typed.
#[derive(Debug, Clone)]
pub struct EventSettings {
    /// `event.notification.enabled` (default false).
    pub enabled: bool,
    /// `event.vendor.type` (default polling).
    pub vendor_type: VendorType,
    /// `event.notification.callback.url`.
    pub callback_url: Option<String>,
    /// `event.notification.signature.key`.
    pub signature_key: Option<SecretString>,
    /// `event.poller.refresh_interval`, in minutes (≥ 1; default 15 when absent).
    pub refresh_interval_minutes: u32,
    /// `event.poller.configuration`, in the order written; when the key is absent, the
    /// connector's default from the catalog (`validate::default_resources`).
    pub resources: Vec<Resource>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VendorType {
    Polling,
    Webhook,
}

/// One resource of `event.poller.configuration`.
#[derive(Debug, Clone)]
pub struct Resource {
    /// The key in `event.poller.configuration`: the events' `objectType`.
    pub name: String,
    pub url: UrlTemplate,
    /// `idField` (dot path); empty means events get no objectId.
    pub id_field: FieldPath,
    pub dates: Option<DatesConfig>,
    /// `filterByUpdatedDate` (default true).
    pub filter_by_updated_date: bool,
    /// `filterByCurrentDate` (default false).
    pub filter_by_current_date: bool,
    /// `createdCheckTolerance` (seconds; default 0).
    pub created_check_tolerance: Duration,
    /// `pageSize`.
    pub page_size: Option<u32>,
    /// `pollDelay` (seconds; default 0).
    pub poll_delay: Duration,
    /// `recordsPath`: a pollctl extension for APIs that wrap records in an object.
    pub records_path: Option<FieldPath>,
}

/// `datesConfiguration`.
#[derive(Debug, Clone)]
pub struct DatesConfig {
    pub updated: Option<DateField>,
    pub created: Option<DateField>,
}

/// One date field: where it is, its pattern, and the zone used when the text has none.
#[derive(Debug, Clone)]
pub struct DateField {
    pub path: FieldPath,
    pub format: DateFormat,
    pub zone: Zone,
}

/// A dot path into a JSON record (`metadata.updateTime`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath {
    raw: String,
    segments: Vec<String>,
}

impl FieldPath {
    /// Dot paths (`metadata.updateTime`) and bracket segments (`['Modified Time']`,
    /// `items[0].id`), as the platform's published configurations write them.
    pub fn new(raw: &str) -> FieldPath {
        let trimmed = raw.trim();
        let mut segments = Vec::new();
        let mut cur = String::new();
        let mut chars = trimmed.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '.' => {
                    if !cur.is_empty() {
                        segments.push(std::mem::take(&mut cur));
                    }
                }
                '[' => {
                    if !cur.is_empty() {
                        segments.push(std::mem::take(&mut cur));
                    }
                    let mut inner = String::new();
                    let quote = chars.peek().copied().filter(|q| *q == '\'' || *q == '"');
                    if quote.is_some() {
                        chars.next();
                    }
                    for d in chars.by_ref() {
                        if Some(d) == quote {
                            continue;
                        }
                        if d == ']' {
                            break;
                        }
                        inner.push(d);
                    }
                    segments.push(inner);
                }
                _ => cur.push(c),
            }
        }
        if !cur.is_empty() {
            segments.push(cur);
        }
        FieldPath {
            raw: raw.to_string(),
            segments,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.raw
    }

    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// The top-level keys [`FieldPath::get`] may read: the whole path (a key with a literal
    /// dot) and its first segment.
    pub fn top_keys(&self) -> impl Iterator<Item = &str> {
        (!self.segments.is_empty())
            .then(|| [self.raw.trim(), self.segments[0].as_str()])
            .into_iter()
            .flatten()
    }

    /// The value at this path; a key with a literal dot is tried whole first.
    pub fn get<'v>(&self, record: &'v Value) -> Option<&'v Value> {
        if self.segments.is_empty() {
            return None;
        }
        if let Some(v) = record.get(self.raw.trim()) {
            return Some(v);
        }
        self.below(record.get(self.first_segment()?)?)
    }

    /// The key of the path's first segment (the top-level field it starts from).
    pub fn first_segment(&self) -> Option<&str> {
        self.segments.first().map(String::as_str)
    }

    /// The value at the rest of the path (after the first segment) below `top`, the value of
    /// [`FieldPath::first_segment`].
    pub fn below<'v>(&self, top: &'v Value) -> Option<&'v Value> {
        let mut cur = top;
        for seg in self.segments.iter().skip(1) {
            cur = match cur {
                Value::Object(m) => m.get(seg)?,
                Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(cur)
    }
}

/// How a JSON value's type reads in a message: "an array", "a string", "null"…
pub fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn debug_redacts_secrets() {
        let src = br#"{"element":{"key":"egnyte"},"providerData":{"code":"the-code-1"},
            "configuration":{"oauth.api.key":"client-1","oauth.api.secret":"very-secret-1",
            "oauth.callback.url":"https://a.example/cb","subdomain":"acme",
            "event.notification.signature.key":"sig-secret-0123456789"}}"#;
        let report = crate::instance::validate::validate(src);
        let i = report.instance.expect("valid");
        let dbg = format!("{i:?}");
        assert!(dbg.contains("client-1"));
        for secret in ["very-secret-1", "sig-secret-0123456789", "the-code-1"] {
            assert!(!dbg.contains(secret), "{secret} in {dbg}");
        }
    }

    /// API keys of connectors outside the catalog, as the vendor's pages name them, were
    /// plain values: accepted by `--set` (so in argv), shown by `instance show`.
    #[test]
    fn api_keys_are_secrets_but_the_oauth_client_id_is_not() {
        for k in [
            "api.key",
            "hubspot.authorization.apikey",
            "api_key",
            "x-api-key",
            "apiKey",
            "db.passwd",
        ] {
            assert!(is_secret_key(k), "{k}");
        }
        for k in [
            "oauth.api.key",
            "subdomain",
            "public_key",
            "username",
            "event.poller.refresh_interval",
        ] {
            assert!(!is_secret_key(k), "{k}");
        }
    }

    #[test]
    fn field_path_walks_objects_and_arrays() {
        let r = json!({"metadata": {"updateTime": "x"}, "a": [{"b": 1}], "c.d": 2});
        assert_eq!(
            FieldPath::new("metadata.updateTime").get(&r),
            Some(&json!("x"))
        );
        assert_eq!(FieldPath::new("a.0.b").get(&r), Some(&json!(1)));
        assert_eq!(FieldPath::new("c.d").get(&r), Some(&json!(2)));
        // Zoho CRM's published default writes `['Modified Time']`.
        let z = json!({"Modified Time": "t", "items": [{"id": 7}]});
        assert_eq!(
            FieldPath::new("['Modified Time']").get(&z),
            Some(&json!("t"))
        );
        assert_eq!(
            FieldPath::new("[\"Modified Time\"]").get(&z),
            Some(&json!("t"))
        );
        assert_eq!(FieldPath::new("items[0].id").get(&z), Some(&json!(7)));
        assert_eq!(FieldPath::new("").get(&r), None);
        assert_eq!(FieldPath::new("missing.x").get(&r), None);
    }
}
