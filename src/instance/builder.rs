//! Build the instance body of `POST /instances` (docs/design.md, "The instance body") from a set of inputs.
//!
//! No clap, no printing, no prompting: the command layer feeds values in (from flags, the
//! environment, the config file or prompts), asks [`InstanceBuilder::missing`] what is still
//! required, and finally calls [`InstanceBuilder::build`]. Values are typed here, once:
//! `event.notification.enabled` is a boolean, `event.poller.refresh_interval` a numeric string
//! (as in every platform example), `event.vendor.type` one of the connector's event types,
//! callback URLs absolute `http(s)` URLs, everything else a string.
//!
//! The body necessarily holds the OAuth client secret (it is what the platform takes), so the
//! result is a [`Body`] whose text is a [`SecretString`] and whose `Debug` is redacted.

use secrecy::zeroize::Zeroize;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use crate::catalog::{self, ConfigKey, Connector};
use crate::instance::keys;

/// `event.notification.enabled` (boolean).
pub const EVENTS_ENABLED: &str = "event.notification.enabled";
/// `event.vendor.type` (`polling` | `webhook`).
pub const VENDOR_TYPE: &str = "event.vendor.type";
/// `event.notification.callback.url`.
pub const CALLBACK_URL: &str = "event.notification.callback.url";
/// `event.notification.signature.key` (secret).
pub const SIGNATURE_KEY: &str = "event.notification.signature.key";
/// `event.poller.refresh_interval` (minutes, numeric string).
pub const REFRESH_INTERVAL: &str = "event.poller.refresh_interval";
/// `event.poller.configuration` (object).
pub const POLLER_CONFIGURATION: &str = "event.poller.configuration";
/// `oauth.api.secret` (secret).
pub const CLIENT_SECRET: &str = "oauth.api.secret";
/// `oauth.callback.url`.
pub const OAUTH_CALLBACK_URL: &str = "oauth.callback.url";

/// The refresh interval pollctl writes when none is given: the platform examples' 15 minutes.
pub const DEFAULT_REFRESH_INTERVAL: &str = "15";

/// The `event.*` keys, in the order they are written.
pub const EVENT_KEYS: &[&str] = &[
    EVENTS_ENABLED,
    VENDOR_TYPE,
    CALLBACK_URL,
    SIGNATURE_KEY,
    REFRESH_INTERVAL,
    POLLER_CONFIGURATION,
];

/// Failures of building an instance. Messages never contain secret values.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A secret was offered as a plain value (it would show in `ps` and shell history).
    #[error("{key} is a secret and is never taken as a plain value")]
    SecretAsValue { key: String },
    /// The same key was given twice with different values.
    #[error("{key} is given twice with different values (by {first} and by {second})")]
    Conflict {
        key: String,
        first: String,
        second: String,
    },
    /// An event key was given while events are disabled.
    #[error("{key} is given (by {origin}) but events are disabled")]
    EventsDisabled { key: String, origin: String },
    /// A value that cannot be typed for its key.
    #[error("{key}: {value:?} is not valid: {expected}")]
    BadValue {
        key: String,
        value: String,
        expected: String,
    },
    /// The poller configuration is not a JSON object.
    #[error("poller configuration from {origin}: {message}")]
    PollerConfig { origin: String, message: String },
    /// Required values are missing (the command layer lists them with the flags to pass).
    #[error("missing required values: {}", .0.iter().map(Missing::label).collect::<Vec<_>>().join(", "))]
    Missing(Vec<Missing>),
}

/// Something the body needs that was not given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub slot: Slot,
    pub description: String,
    /// Ask for it without echo.
    pub secret: bool,
    /// An example value ("" when none).
    pub example: String,
}

impl Missing {
    /// `name`, or the configuration key.
    pub fn label(&self) -> &str {
        match &self.slot {
            Slot::Name => "name",
            Slot::Key(k) => k,
        }
    }
}

/// Where a missing value goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// The top-level `name`.
    Name,
    /// A key of `configuration` (including `event.poller.configuration`).
    Key(String),
}

/// The built body: pretty-printed JSON, key order as in docs/design.md, "The instance body". Holds the client secret.
pub struct Body {
    text: SecretString,
}

impl Body {
    /// The JSON text (pretty-printed, no trailing newline). It contains secrets: write it
    /// only to stdout or a `0600` file.
    pub fn expose(&self) -> &str {
        self.text.expose_secret()
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Body([REDACTED instance JSON])")
    }
}

#[derive(Debug)]
struct Entry {
    key: String,
    value: Value,
    origin: String,
}

#[derive(Debug)]
struct SecretEntry {
    key: String,
    value: SecretString,
    origin: String,
}

#[derive(Debug)]
struct PollerEntry {
    /// The object's JSON text as given (key order preserved).
    text: String,
    origin: String,
}

/// Collects inputs and produces the instance body.
#[derive(Debug)]
pub struct InstanceBuilder {
    connector: &'static Connector,
    name: Option<String>,
    tags: Vec<String>,
    code: Option<SecretString>,
    /// `None`: events on (the default); `Some(origin)`: disabled by `origin`.
    events_disabled_by: Option<String>,
    /// `--local-polling`: the poller configuration is written, the platform's events are off.
    local_polling: bool,
    values: Vec<Entry>,
    secrets: Vec<SecretEntry>,
    poller: Option<PollerEntry>,
}

impl InstanceBuilder {
    /// A builder for `connector`, with events enabled.
    pub fn new(connector: &'static Connector) -> InstanceBuilder {
        InstanceBuilder {
            connector,
            name: None,
            tags: Vec::new(),
            code: None,
            events_disabled_by: None,
            local_polling: false,
            values: Vec::new(),
            secrets: Vec::new(),
            poller: None,
        }
    }

    pub fn connector(&self) -> &'static Connector {
        self.connector
    }

    /// The instance `name`.
    pub fn name(&mut self, name: &str) -> Result<(), BuildError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(BuildError::BadValue {
                key: "name".into(),
                value: name.into(),
                expected: "an instance name must not be empty".into(),
            });
        }
        self.name = Some(name.to_string());
        Ok(())
    }

    /// The instance `name`, once given.
    pub fn instance_name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Add a tag (empty tags and repeats are dropped).
    pub fn tag(&mut self, tag: &str) {
        let tag = tag.trim();
        if !tag.is_empty() && !self.tags.iter().any(|t| t == tag) {
            self.tags.push(tag.to_string());
        }
    }

    /// `providerData.code`, the OAuth authorization code.
    pub fn code(&mut self, code: SecretString) {
        self.code = Some(code);
    }

    pub fn has_code(&self) -> bool {
        self.code.is_some()
    }

    /// `event.notification.enabled: false`; no other `event.*` key is written.
    pub fn disable_events(&mut self, origin: &str) {
        self.events_disabled_by = Some(origin.to_string());
    }

    /// For polling with `pollctl poll` only: the platform's events stay off
    /// (`event.notification.enabled: false`, so its hosted poller never runs and never
    /// delivers a second copy), while the callback URL, signature key, refresh interval and
    /// poller configuration are written as for an enabled instance.
    pub fn local_polling(&mut self) {
        self.local_polling = true;
    }

    pub fn events_enabled(&self) -> bool {
        self.events_disabled_by.is_none()
    }

    /// Whether `key` is a secret (never a plain value): the client secret, the signature key
    /// and every key the catalog marks secret.
    pub fn is_secret_key(&self, key: &str) -> bool {
        key == CLIENT_SECRET
            || key == SIGNATURE_KEY
            || self.catalog_keys().any(|k| k.key == key && k.secret)
            // Outside the catalog pollctl knows no key list: names that say secret, token,
            // password or signature are secrets.
            || (!self.connector.is_builtin() && crate::instance::model::is_secret_key(key))
    }

    /// The catalog's keys for this connector: the OAuth keys first, then the connector's own
    /// (a connector that repeats an OAuth key is not listed twice).
    fn catalog_keys(&self) -> impl Iterator<Item = &'static ConfigKey> + '_ {
        let oauth = catalog::OAUTH_KEYS.iter();
        let own = self
            .connector
            .config_keys
            .iter()
            .filter(|k| !catalog::OAUTH_KEYS.iter().any(|o| o.key == k.key));
        oauth.chain(own)
    }

    /// Check a plain value for `key` without storing it (for prompts that re-ask).
    pub fn check(&self, key: &str, raw: &str) -> Result<(), BuildError> {
        self.typed(key, raw).map(|_| ())
    }

    /// Set a configuration value from text, typed for its key. `origin` names where it came
    /// from (a flag, `--set`, a prompt) for conflict messages.
    pub fn set(&mut self, key: &str, raw: &str, origin: &str) -> Result<(), BuildError> {
        let key = key.trim();
        if key.is_empty() {
            return Err(BuildError::BadValue {
                key: "(empty key)".into(),
                value: raw.into(),
                expected: "a configuration key such as subdomain".into(),
            });
        }
        if self.is_secret_key(key) {
            return Err(BuildError::SecretAsValue { key: key.into() });
        }
        if key == POLLER_CONFIGURATION {
            return self.poller_config(raw, origin);
        }
        let value = self.typed(key, raw)?;
        if key == EVENTS_ENABLED && value == Value::Bool(false) {
            self.disable_events(origin);
        }
        if let Some(prev) = self.values.iter().find(|e| e.key == key) {
            if prev.value == value {
                return Ok(());
            }
            return Err(BuildError::Conflict {
                key: key.into(),
                first: prev.origin.clone(),
                second: origin.into(),
            });
        }
        self.values.push(Entry {
            key: key.into(),
            value,
            origin: origin.into(),
        });
        Ok(())
    }

    /// Set a secret configuration value (client secret, signature key, catalog secrets).
    pub fn set_secret(
        &mut self,
        key: &str,
        value: SecretString,
        origin: &str,
    ) -> Result<(), BuildError> {
        if value.expose_secret().trim().is_empty() {
            return Err(BuildError::BadValue {
                key: key.into(),
                value: String::new(),
                expected: "a secret must not be empty".into(),
            });
        }
        if let Some(prev) = self.secrets.iter().find(|e| e.key == key) {
            if prev.value.expose_secret() == value.expose_secret() {
                return Ok(());
            }
            return Err(BuildError::Conflict {
                key: key.into(),
                first: prev.origin.clone(),
                second: origin.into(),
            });
        }
        self.secrets.push(SecretEntry {
            key: key.into(),
            value,
            origin: origin.into(),
        });
        Ok(())
    }

    /// `event.poller.configuration` from JSON text: an object, or a JSON string holding one
    /// (the platform accepts both). Key order is kept as written.
    pub fn poller_config(&mut self, text: &str, origin: &str) -> Result<(), BuildError> {
        let err = |message: String| BuildError::PollerConfig {
            origin: origin.into(),
            message,
        };
        let parsed: Value = serde_json::from_str(text).map_err(|e| {
            let hint = if e.to_string().contains("control character") {
                " (a line break inside a string? URLs copied from the PDF documentation break \
                 across lines: join them)"
            } else {
                ""
            };
            err(format!("{e}{hint}"))
        })?;
        let (object_text, value) = match parsed {
            Value::String(inner) => {
                let v: Value = serde_json::from_str(&inner)
                    .map_err(|e| err(format!("the string does not hold JSON: {e}")))?;
                (inner, v)
            }
            v => (text.trim().to_string(), v),
        };
        let Value::Object(map) = &value else {
            return Err(err(format!(
                "expected a JSON object of resources, found {}",
                crate::instance::model::json_kind(&value)
            )));
        };
        if map.contains_key("configuration") || map.contains_key(POLLER_CONFIGURATION) {
            return Err(err(
                "this looks like a whole instance; pass only the object under \
                 configuration.\"event.poller.configuration\""
                    .into(),
            ));
        }
        if let Some(prev) = &self.poller {
            let prev_value: Value = serde_json::from_str(&prev.text).unwrap_or(Value::Null);
            if prev_value == value {
                return Ok(());
            }
            return Err(BuildError::Conflict {
                key: POLLER_CONFIGURATION.into(),
                first: prev.origin.clone(),
                second: origin.into(),
            });
        }
        self.poller = Some(PollerEntry {
            text: object_text,
            origin: origin.into(),
        });
        Ok(())
    }

    /// Parse and type `raw` for `key`.
    fn typed(&self, key: &str, raw: &str) -> Result<Value, BuildError> {
        let bad = |expected: &str| BuildError::BadValue {
            key: key.into(),
            value: raw.into(),
            expected: expected.into(),
        };
        let v = raw.trim();
        match key {
            EVENTS_ENABLED => match v.to_ascii_lowercase().as_str() {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err(bad("expected true or false")),
            },
            REFRESH_INTERVAL => match v.parse::<u32>() {
                // A numeric string, as in every platform example.
                Ok(n) if n >= 1 => Ok(Value::String(n.to_string())),
                _ => Err(bad("expected a whole number of minutes, at least 1")),
            },
            VENDOR_TYPE => {
                let t = match v.to_ascii_lowercase().as_str() {
                    "polling" => "polling",
                    "webhook" | "webhooks" => "webhook",
                    _ => return Err(bad("expected polling or webhook")),
                };
                if !self.connector.event_types.contains(&t) {
                    return Err(bad(&format!(
                        "{} supports only {} events",
                        self.connector.key,
                        self.connector.event_types.join(" and ")
                    )));
                }
                Ok(Value::String(t.into()))
            }
            CALLBACK_URL | OAUTH_CALLBACK_URL => match url::Url::parse(v) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.has_host() => {
                    Ok(Value::String(v.into()))
                }
                Ok(_) => Err(bad(
                    "expected an http(s) URL such as https://example.com/events",
                )),
                Err(e) => {
                    let hint = if v.starts_with("https;//") || v.starts_with("http;//") {
                        " (did you mean :// ?)"
                    } else {
                        ""
                    };
                    Err(bad(&format!("not a URL: {e}{hint}")))
                }
            },
            _ if v.is_empty() => Err(bad("the value must not be empty")),
            _ => Ok(Value::String(v.into())),
        }
    }

    fn has(&self, key: &str) -> bool {
        self.values.iter().any(|e| e.key == key) || self.secrets.iter().any(|e| e.key == key)
    }

    fn vendor_type(&self) -> &str {
        self.values
            .iter()
            .find(|e| e.key == VENDOR_TYPE)
            .and_then(|e| e.value.as_str())
            .unwrap_or("polling")
    }

    fn polling(&self) -> bool {
        self.events_enabled() && self.vendor_type() == "polling"
    }

    /// The connector's default poller configuration, when it has a non-empty one.
    fn default_poller(&self) -> Option<&'static str> {
        let text = self.connector.default_poller;
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(m)) if !m.is_empty() => Some(text),
            _ => None,
        }
    }

    /// Everything still required, in the order a person would be asked.
    pub fn missing(&self) -> Vec<Missing> {
        let mut out = Vec::new();
        for k in self.catalog_keys().filter(|k| k.required) {
            if !self.has(k.key) {
                out.push(Missing {
                    slot: Slot::Key(k.key.into()),
                    description: k.description.into(),
                    secret: k.secret || self.is_secret_key(k.key),
                    example: k.example.into(),
                });
            }
        }
        if self.events_enabled() && !self.has(CALLBACK_URL) {
            out.push(Missing {
                slot: Slot::Key(CALLBACK_URL.into()),
                description: keys::lookup(keys::EVENT_KEYS, CALLBACK_URL)
                    .map_or("Where event notifications are sent (https).", |(k, _)| {
                        k.description
                    })
                    .into(),
                secret: false,
                example: "https://example.com/events".into(),
            });
        }
        // The legacy `event.poller.urls` (given with --set) is a poller configuration too.
        if self.polling()
            && self.poller.is_none()
            && self.default_poller().is_none()
            && !self.has("event.poller.urls")
        {
            out.push(Missing {
                slot: Slot::Key(POLLER_CONFIGURATION.into()),
                description: format!(
                    "The resources to poll: a JSON file with one object per resource \
                     ({} publishes no default).",
                    self.connector.key
                ),
                secret: false,
                example: "poller.json".into(),
            });
        }
        if self.name.is_none() {
            out.push(Missing {
                slot: Slot::Name,
                description: "The instance name shown on the platform.".into(),
                secret: false,
                example: format!("{}-polling", self.connector.key),
            });
        }
        out
    }

    /// The body, pretty-printed. Fails when something required is missing or an event key
    /// was given while events are disabled.
    pub fn build(&self) -> Result<Body, BuildError> {
        // `--local-polling` means "pollctl polls this instance, the platform does not": it
        // silently overrode `event.notification.enabled=true`, and with webhook events it
        // wrote an instance nobody polls.
        if self.local_polling {
            if let Some(e) = self
                .values
                .iter()
                .find(|e| e.key == EVENTS_ENABLED && e.value == Value::Bool(true))
            {
                return Err(BuildError::Conflict {
                    key: EVENTS_ENABLED.into(),
                    first: e.origin.clone(),
                    second: "--local-polling (which writes false)".into(),
                });
            }
            if self.events_enabled() && !self.polling() {
                return Err(BuildError::BadValue {
                    key: VENDOR_TYPE.into(),
                    value: self.vendor_type().into(),
                    expected:
                        "--local-polling keeps a poller for `pollctl poll`: use polling events"
                            .into(),
                });
            }
        }
        if let Some(by) = &self.events_disabled_by {
            let event_value = self
                .values
                .iter()
                .map(|e| (&e.key, &e.origin))
                .chain(self.secrets.iter().map(|e| (&e.key, &e.origin)))
                .find(|(k, _)| k.starts_with("event.") && k.as_str() != EVENTS_ENABLED);
            if let Some((key, origin)) = event_value {
                return Err(BuildError::EventsDisabled {
                    key: key.clone(),
                    origin: format!("{origin}; events disabled by {by}"),
                });
            }
            if let Some(p) = &self.poller {
                return Err(BuildError::EventsDisabled {
                    key: POLLER_CONFIGURATION.into(),
                    origin: format!("{}; events disabled by {by}", p.origin),
                });
            }
        } else if !self.polling() {
            if let Some(p) = &self.poller {
                return Err(BuildError::BadValue {
                    key: POLLER_CONFIGURATION.into(),
                    value: format!("(from {})", p.origin),
                    expected: "webhook events take no poller configuration".into(),
                });
            }
            if let Some(e) = self.values.iter().find(|e| e.key == REFRESH_INTERVAL) {
                return Err(BuildError::BadValue {
                    key: REFRESH_INTERVAL.into(),
                    value: e.value.as_str().unwrap_or_default().into(),
                    expected: "webhook events take no refresh interval".into(),
                });
            }
        }
        let missing = self.missing();
        if !missing.is_empty() {
            return Err(BuildError::Missing(missing));
        }

        // Compact JSON in the order of docs/design.md, "The instance body", then re-indented: the poller configuration is
        // embedded as written, so its key order survives.
        let mut s = String::with_capacity(2048);
        s.push_str("{\"element\":{\"key\":");
        push_json_str(&mut s, self.connector.key);
        s.push('}');
        if let Some(code) = &self.code {
            s.push_str(",\"providerData\":{\"code\":");
            push_json_str(&mut s, code.expose_secret());
            s.push('}');
        }
        s.push_str(",\"configuration\":{");
        let mut first = true;
        let mut field = |s: &mut String, key: &str| {
            if !std::mem::take(&mut first) {
                s.push(',');
            }
            push_json_str(s, key);
            s.push(':');
        };
        // The catalog's keys in catalog order, then other keys in the order given.
        let catalog_order: Vec<&str> = self.catalog_keys().map(|k| k.key).collect();
        let mut ordered: Vec<&str> = catalog_order
            .iter()
            .copied()
            .filter(|k| self.has(k))
            .collect();
        for k in self
            .values
            .iter()
            .map(|e| e.key.as_str())
            .chain(self.secrets.iter().map(|e| e.key.as_str()))
        {
            if !k.starts_with("event.") && !ordered.contains(&k) {
                ordered.push(k);
            }
        }
        for key in ordered {
            field(&mut s, key);
            self.push_value(&mut s, key);
        }
        field(&mut s, EVENTS_ENABLED);
        if self.events_enabled() {
            s.push_str(if self.local_polling { "false" } else { "true" });
            let explicit_vendor = self.has(VENDOR_TYPE);
            if explicit_vendor || self.connector.event_types.len() > 1 {
                field(&mut s, VENDOR_TYPE);
                push_json_str(&mut s, self.vendor_type());
            }
            for key in [CALLBACK_URL, SIGNATURE_KEY] {
                if self.has(key) {
                    field(&mut s, key);
                    self.push_value(&mut s, key);
                }
            }
            if self.polling() {
                field(&mut s, REFRESH_INTERVAL);
                if self.has(REFRESH_INTERVAL) {
                    self.push_value(&mut s, REFRESH_INTERVAL);
                } else {
                    push_json_str(&mut s, DEFAULT_REFRESH_INTERVAL);
                }
                let poller = match (&self.poller, self.default_poller()) {
                    (Some(p), _) => Some(p.text.as_str()),
                    (None, Some(d)) => Some(d),
                    // The legacy `event.poller.urls` (from --set, written below) is the
                    // poller; an empty JSON configuration would win over it and poll nothing.
                    (None, None) => None,
                };
                if let Some(poller) = poller {
                    field(&mut s, POLLER_CONFIGURATION);
                    s.push_str(poller.trim());
                }
            }
            // Other event keys given with --set (none today, but keep what the user asked).
            for e in &self.values {
                if e.key.starts_with("event.") && !EVENT_KEYS.contains(&e.key.as_str()) {
                    field(&mut s, &e.key);
                    s.push_str(&e.value.to_string());
                }
            }
        } else {
            s.push_str("false");
        }
        s.push_str("},\"tags\":[");
        for (i, t) in self.tags.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            push_json_str(&mut s, t);
        }
        s.push_str("],\"name\":");
        push_json_str(&mut s, self.name.as_deref().unwrap_or_default());
        s.push('}');
        let pretty = pretty_json(&s);
        s.zeroize();
        Ok(Body {
            text: SecretString::from(pretty),
        })
    }

    /// Append the JSON of `key`'s value (present: checked by the caller).
    fn push_value(&self, s: &mut String, key: &str) {
        if let Some(e) = self.values.iter().find(|e| e.key == key) {
            match &e.value {
                Value::String(v) => push_json_str(s, v),
                v => s.push_str(&v.to_string()),
            }
        } else if let Some(e) = self.secrets.iter().find(|e| e.key == key) {
            push_json_str(s, e.value.expose_secret());
        }
    }

    /// The secret values given so far, for redacting text shown to people.
    pub fn secret_values(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .secrets
            .iter()
            .map(|e| e.value.expose_secret())
            .collect();
        if let Some(c) = &self.code {
            v.push(c.expose_secret());
        }
        v
    }
}

fn push_json_str(s: &mut String, v: &str) {
    // Serializing a &str cannot fail; fall back to an empty string rather than panic.
    let mut quoted = serde_json::to_string(v).unwrap_or_else(|_| "\"\"".into());
    s.push_str(&quoted);
    quoted.zeroize();
}

/// Re-indent valid JSON text with two spaces (as `serde_json::to_string_pretty` does),
/// keeping key order and every token exactly as written.
pub fn pretty_json(compact: &str) -> String {
    let bytes = compact.as_bytes();
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut i = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' => {
                // Copy the whole string literal, escapes included.
                let start = i;
                i += 1;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 2,
                        b'"' => {
                            i += 1;
                            break;
                        }
                        _ => i += 1,
                    }
                }
                let end = i.min(bytes.len());
                out.push_str(&compact[start..end]);
                continue;
            }
            b'{' | b'[' => {
                let close = if b == b'{' { b'}' } else { b']' };
                let mut j = i + 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < bytes.len() && bytes[j] == close {
                    out.push(b as char);
                    out.push(close as char);
                    i = j + 1;
                    continue;
                }
                out.push(b as char);
                depth += 1;
                newline(&mut out, depth);
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(b as char);
            }
            b',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            b':' => out.push_str(": "),
            b if b.is_ascii_whitespace() => {}
            _ => {
                // Numbers, literals and multi-byte text outside strings (not valid JSON, but
                // never split a character).
                let start = i;
                while i < bytes.len()
                    && !matches!(bytes[i], b'"' | b'{' | b'[' | b'}' | b']' | b',' | b':')
                    && !bytes[i].is_ascii_whitespace()
                {
                    i += 1;
                }
                out.push_str(&compact[start..i]);
                continue;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sharefile() -> &'static Connector {
        catalog::get("sharefile").unwrap()
    }

    fn egnyte() -> &'static Connector {
        catalog::get("egnyte").unwrap()
    }

    fn complete(c: &'static Connector) -> InstanceBuilder {
        let mut b = InstanceBuilder::new(c);
        b.name("n").unwrap();
        b.set("oauth.api.key", "id", "--api-key").unwrap();
        b.set_secret(CLIENT_SECRET, SecretString::from("s3cret"), "env")
            .unwrap();
        b.set(
            OAUTH_CALLBACK_URL,
            "https://cb.example/oauth",
            "--oauth-callback-url",
        )
        .unwrap();
        b.set(CALLBACK_URL, "https://ev.example/events", "--callback-url")
            .unwrap();
        for k in c.config_keys.iter().filter(|k| k.required) {
            b.set(k.key, "acme", "--set").unwrap();
        }
        b
    }

    fn json(b: &InstanceBuilder) -> Value {
        serde_json::from_str(b.build().unwrap().expose()).unwrap()
    }

    #[test]
    fn body_has_spec_shape_and_order() {
        let mut b = complete(sharefile());
        b.tag("ci");
        b.tag("ci");
        b.code(SecretString::from("the-code"));
        let body = b.build().unwrap();
        let text = body.expose();
        let v: Value = serde_json::from_str(text).unwrap();
        assert_eq!(v["element"]["key"], "sharefile");
        assert_eq!(v["providerData"]["code"], "the-code");
        assert_eq!(v["tags"], serde_json::json!(["ci"]));
        assert_eq!(v["name"], "n");
        let c = &v["configuration"];
        assert_eq!(c["oauth.api.secret"], "s3cret");
        assert_eq!(c["event.notification.enabled"], true);
        assert_eq!(c["event.vendor.type"], "polling");
        assert_eq!(c["event.poller.refresh_interval"], "15");
        assert_eq!(c["sharefile.subdomain"], "acme");
        assert!(c["event.poller.configuration"]["documents"].is_object());
        // Top-level and configuration order as in docs/design.md, "The instance body"; poller key order as written.
        let pos = |needle: &str| text.find(needle).unwrap();
        assert!(pos("\"element\"") < pos("\"providerData\""));
        assert!(pos("\"providerData\"") < pos("\"configuration\""));
        assert!(pos("\"configuration\"") < pos("\"tags\""));
        assert!(pos("\"tags\"") < pos("\"name\""));
        assert!(pos("\"oauth.api.key\"") < pos("\"sharefile.subdomain\""));
        assert!(pos("\"sharefile.subdomain\"") < pos("\"event.notification.enabled\""));
        assert!(pos("\"url\"") < pos("\"idField\""));
        // Debug never shows the secret.
        assert!(!format!("{body:?}").contains("s3cret"));
        assert!(!format!("{b:?}").contains("s3cret"));
    }

    #[test]
    fn pretty_matches_serde_json_for_sorted_documents() {
        let v = serde_json::json!({"a": {"b": [1, 2.5, {"c": "x,y:{z}"}], "d": {}, "e": []},
                                   "f": "q\"uote\\", "g": null, "h": true, "i": "é😀"});
        let compact = serde_json::to_string(&v).unwrap();
        assert_eq!(
            pretty_json(&compact),
            serde_json::to_string_pretty(&v).unwrap()
        );
        // Whitespace in the input does not matter.
        assert_eq!(
            pretty_json("{ \"a\" : [ ] ,\n \"b\" : { } }"),
            "{\n  \"a\": [],\n  \"b\": {}\n}"
        );
    }

    #[test]
    fn set_types_values() {
        let mut b = complete(sharefile());
        b.set(REFRESH_INTERVAL, " 5 ", "--set").unwrap();
        b.set(VENDOR_TYPE, "Polling", "--set").unwrap();
        b.set("custom.flag", "true", "--set").unwrap();
        b.set(EVENTS_ENABLED, "TRUE", "--set").unwrap();
        let c = json(&b)["configuration"].clone();
        assert_eq!(c[REFRESH_INTERVAL], "5");
        assert_eq!(c[VENDOR_TYPE], "polling");
        // Only the keys the platform types are typed.
        assert_eq!(c["custom.flag"], "true");
        assert_eq!(c[EVENTS_ENABLED], true);
        for (k, v) in [
            (REFRESH_INTERVAL, "0"),
            (REFRESH_INTERVAL, "1.5"),
            (REFRESH_INTERVAL, "soon"),
            (EVENTS_ENABLED, "yes"),
            (VENDOR_TYPE, "push"),
            (CALLBACK_URL, "https;//mycoolapp.com"),
            (CALLBACK_URL, "ftp://x.example"),
            ("subdomain", ""),
        ] {
            assert!(
                matches!(b.check(k, v), Err(BuildError::BadValue { .. })),
                "{k}={v} accepted"
            );
        }
        let e = b.check(CALLBACK_URL, "https;//mycoolapp.com").unwrap_err();
        assert!(e.to_string().contains("did you mean"), "{e}");
    }

    #[test]
    fn vendor_type_must_be_supported_and_webhook_has_no_poller() {
        let mut b = complete(egnyte());
        let e = b.set(VENDOR_TYPE, "webhook", "--vendor-type").unwrap_err();
        assert!(e.to_string().contains("supports only polling"), "{e}");

        let mut b = complete(sharefile());
        b.set(VENDOR_TYPE, "webhooks", "--vendor-type").unwrap();
        let c = json(&b)["configuration"].clone();
        assert_eq!(c[VENDOR_TYPE], "webhook");
        assert!(c.get(POLLER_CONFIGURATION).is_none());
        assert!(c.get(REFRESH_INTERVAL).is_none());
        b.set(REFRESH_INTERVAL, "5", "--refresh-interval").unwrap();
        assert!(matches!(b.build(), Err(BuildError::BadValue { .. })));
    }

    #[test]
    fn secrets_are_refused_as_values() {
        let mut b = InstanceBuilder::new(sharefile());
        for k in [CLIENT_SECRET, SIGNATURE_KEY] {
            assert!(matches!(
                b.set(k, "x", "--set"),
                Err(BuildError::SecretAsValue { .. })
            ));
        }
    }

    #[test]
    fn conflicts_and_repeats() {
        let mut b = complete(sharefile());
        b.set("oauth.api.key", "id", "--set").unwrap(); // same value: fine
        let e = b.set("oauth.api.key", "other", "--set").unwrap_err();
        assert_eq!(
            e.to_string(),
            "oauth.api.key is given twice with different values (by --api-key and by --set)"
        );
        let e = b
            .set_secret(
                CLIENT_SECRET,
                SecretString::from("other-s3cret"),
                "--api-secret-file",
            )
            .unwrap_err();
        assert!(!e.to_string().contains("other-s3cret"));
    }

    #[test]
    fn missing_lists_everything_in_order() {
        let b = InstanceBuilder::new(egnyte());
        let labels: Vec<String> = b.missing().iter().map(|m| m.label().to_string()).collect();
        assert_eq!(
            labels,
            [
                "oauth.api.key",
                "oauth.api.secret",
                "oauth.callback.url",
                "subdomain",
                CALLBACK_URL,
                "name"
            ]
        );
        assert!(b.missing()[1].secret);
        match b.build() {
            Err(BuildError::Missing(m)) => assert_eq!(m.len(), 6),
            other => panic!("{other:?}"),
        }
        // Without events, neither a callback nor a poller configuration is needed.
        let mut b = InstanceBuilder::new(egnyte());
        b.name("n").unwrap();
        b.set("oauth.api.key", "id", "--api-key").unwrap();
        b.set_secret(CLIENT_SECRET, SecretString::from("s"), "env")
            .unwrap();
        b.set(
            OAUTH_CALLBACK_URL,
            "https://cb.example/",
            "--oauth-callback-url",
        )
        .unwrap();
        b.set("subdomain", "acme", "--set").unwrap();
        b.disable_events("--no-events");
        assert!(b.missing().is_empty(), "{:?}", b.missing());
        let c = json(&b)["configuration"].clone();
        assert_eq!(c[EVENTS_ENABLED], false);
        assert!(c.get(REFRESH_INTERVAL).is_none());
        assert!(c.get(CALLBACK_URL).is_none());
        assert!(c.get(POLLER_CONFIGURATION).is_none());
    }

    /// A connector outside the catalog with its poller in the legacy format (`--set
    /// event.poller.urls=…`): before, `--poller-config` was still demanded.
    #[test]
    fn legacy_poller_urls_answer_the_poller_configuration() {
        let c = catalog::resolve("sfdc").unwrap();
        let mut b = complete(c);
        assert!(
            b.missing()
                .iter()
                .any(|m| m.label() == POLLER_CONFIGURATION),
            "{:?}",
            b.missing()
        );
        b.set(
            "event.poller.urls",
            "accounts|/hubs/crm/accounts?where=LastModifiedDate>='${date}'||LastModifiedDate|yyyy-MM-dd'T'HH:mm:ss'Z'|GMT\r\n",
            "--set",
        )
        .unwrap();
        assert!(b.missing().is_empty(), "{:?}", b.missing());
        let text = b.build().unwrap();
        let report = crate::instance::validate::validate(text.expose().as_bytes());
        assert!(report.is_valid(), "{:?}", report.diagnostics);
        let i = report.instance.unwrap();
        assert_eq!(i.events.resources.len(), 1, "{}", text.expose());
    }

    /// `--local-polling` with `event.notification.enabled=true` or webhook events contradicts
    /// itself: refused (the first was silently overridden, the second built an instance that
    /// nobody polls).
    #[test]
    fn local_polling_refuses_what_contradicts_it() {
        let mut b = complete(egnyte());
        b.local_polling();
        b.set(EVENTS_ENABLED, "true", "--set").unwrap();
        assert!(
            matches!(b.build(), Err(BuildError::Conflict { ref key, .. }) if key == EVENTS_ENABLED),
            "{:?}",
            b.build().err()
        );
        let mut b = complete(sharefile());
        b.set(VENDOR_TYPE, "webhook", "--vendor-type").unwrap();
        b.local_polling();
        assert!(
            matches!(b.build(), Err(BuildError::BadValue { ref key, .. }) if key == VENDOR_TYPE),
            "{:?}",
            b.build().err()
        );
    }

    /// `--local-polling`: the platform's events off, everything `pollctl poll` needs kept.
    #[test]
    fn local_polling_keeps_the_poller_but_turns_platform_events_off() {
        let mut b = complete(egnyte());
        b.local_polling();
        assert!(b.missing().is_empty(), "{:?}", b.missing());
        let text = b.build().unwrap();
        let c = json(&b)["configuration"].clone();
        assert_eq!(c[EVENTS_ENABLED], false);
        assert!(c.get(CALLBACK_URL).is_some());
        assert!(c.get(REFRESH_INTERVAL).is_some());
        assert!(c[POLLER_CONFIGURATION].is_object());
        // What the poller reads: events off, resources present.
        let report = crate::instance::validate::validate(text.expose().as_bytes());
        assert!(report.is_valid(), "{:?}", report.diagnostics);
        let i = report.instance.unwrap();
        assert!(!i.events.enabled);
        assert!(!i.events.resources.is_empty());
    }

    #[test]
    fn event_keys_conflict_with_disabled_events() {
        let mut b = complete(egnyte());
        b.poller_config(r#"{"r":{"url":"/x","idField":"id"}}"#, "p.json")
            .unwrap();
        b.disable_events("--no-events");
        let e = b.build().unwrap_err();
        assert!(matches!(e, BuildError::EventsDisabled { .. }), "{e}");
        assert!(e.to_string().contains("--no-events"), "{e}");

        let mut b = InstanceBuilder::new(egnyte());
        b.name("n").unwrap();
        b.set(EVENTS_ENABLED, "false", "--set").unwrap();
        assert!(!b.events_enabled());
        assert!(
            !b.missing()
                .iter()
                .any(|m| m.label() == CALLBACK_URL || m.label() == POLLER_CONFIGURATION)
        );
    }

    #[test]
    fn poller_config_object_string_or_error() {
        let mut b = complete(egnyte());
        let text = r#"{"zeta":{"url":"/z","idField":"id"},"alpha":{"url":"/a","idField":"id"}}"#;
        b.poller_config(&serde_json::to_string(text).unwrap(), "string")
            .unwrap();
        let out = b.build().unwrap();
        let s = out.expose();
        assert!(s.find("\"zeta\"").unwrap() < s.find("\"alpha\"").unwrap());

        let mut b = complete(egnyte());
        let e = b
            .poller_config("{\"r\": {\"url\": \"/a?b=lastmodifi\neddate\"}}", "f.json")
            .unwrap_err();
        assert!(e.to_string().contains("line 2 column 0"), "{e}");
        assert!(e.to_string().contains("join them"), "{e}");
        for bad in ["[1]", "{", "\"nope\"", r#"{"configuration":{}}"#] {
            assert!(
                matches!(
                    b.poller_config(bad, "f.json"),
                    Err(BuildError::PollerConfig { .. })
                ),
                "{bad}"
            );
        }
    }
}
