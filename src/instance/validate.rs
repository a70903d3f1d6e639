//! Validation of an instance body: every problem at once, each with its JSON Pointer,
//! line:column, severity and a hint (docs/design.md, "The instance body"). The typed [`Instance`] is built when there is
//! no error (warnings allowed).
//!
//! Secret values (client secret, signature key, authorization code) are never quoted in a
//! message.

use std::time::Duration;

use secrecy::SecretString;
use serde::Serialize;

use crate::catalog::{self, Connector};
use crate::datefmt::{DateFormat, Zone};
use crate::instance::json::{self, IssueLevel, Kind, Member, Node, Pos};
use crate::instance::keys::{self, KeySpec};
use crate::instance::model::{EventSettings, Instance, Resource, VendorType};
use crate::instance::template::{TemplateError, UrlTemplate};
use crate::instance::{DateField, DatesConfig, FieldPath};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// RFC 6901 JSON Pointer of the offending value ("" for the document).
    pub pointer: String,
    /// 1-based line and column of the value in the input.
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

/// The result of validating one document.
#[derive(Debug)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// The typed instance, when there were no errors (warnings allowed).
    pub instance: Option<Instance>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    pub fn is_valid(&self) -> bool {
        self.errors() == 0
    }
}

/// How strictly to judge an instance body.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// A documentation template: required values that are empty or hold a placeholder
    /// (`<Google app Client ID>`, `xxxxxxxx`) are warnings, not errors.
    pub template: bool,
}

/// Validate raw bytes (any size, any encoding: bad input is a diagnostic, never a panic).
/// Exit-0 semantics: no error means the platform will accept the body and the poller will run.
pub fn validate(bytes: &[u8]) -> Report {
    validate_with(bytes, Options::default())
}

/// [`validate`] with [`Options`].
pub fn validate_with(bytes: &[u8], options: Options) -> Report {
    let parsed = json::parse_bytes(bytes);
    let mut cx = Cx {
        template: options.template,
        ..Cx::default()
    };
    for issue in &parsed.issues {
        cx.push(
            match issue.level {
                IssueLevel::Error => Severity::Error,
                IssueLevel::Warning => Severity::Warning,
            },
            &issue.pointer,
            issue.pos,
            issue.message.clone(),
            issue.hint.clone(),
        );
    }
    let instance = match (&parsed.root, std::str::from_utf8(bytes)) {
        (Some(root), Ok(src)) => {
            cx.src = Some(src);
            check_document(&mut cx, root)
        }
        _ => None,
    };
    let mut diagnostics = cx.diags;
    diagnostics.sort_by_key(|d| (d.line, d.column));
    let instance = if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        None
    } else {
        instance
    };
    Report {
        diagnostics,
        instance,
    }
}

/// The resources of a connector's default `event.poller.configuration` (catalog data).
/// Diagnostics of the default are dropped; the catalog's tests keep them error-free.
pub fn default_resources(connector: &Connector) -> Vec<Resource> {
    let parsed = json::parse_str(connector.default_poller);
    let Some(root) = parsed.root else {
        return Vec::new();
    };
    let mut cx = Cx {
        src: Some(connector.default_poller),
        ..Cx::default()
    };
    check_poller_object(&mut cx, &root, "", &serde_json::Map::new(), false).unwrap_or_default()
}

/// Validate a connector's default poller configuration; for the catalog's tests and
/// `connectors show`.
pub fn check_default(connector: &Connector) -> Vec<Diagnostic> {
    let parsed = json::parse_str(connector.default_poller);
    let mut cx = Cx {
        src: Some(connector.default_poller),
        ..Cx::default()
    };
    for issue in parsed.issues {
        cx.err("", issue.pos, issue.message, issue.hint);
    }
    if let Some(root) = parsed.root {
        check_poller_object(&mut cx, &root, "", &serde_json::Map::new(), false);
    }
    cx.diags
}

#[derive(Default)]
struct Cx<'s> {
    src: Option<&'s str>,
    diags: Vec<Diagnostic>,
    /// `--template`: unfilled required values are warnings.
    template: bool,
}

impl Cx<'_> {
    fn push(
        &mut self,
        severity: Severity,
        pointer: &str,
        pos: Pos,
        message: String,
        hint: Option<String>,
    ) {
        self.diags.push(Diagnostic {
            severity,
            pointer: pointer.to_string(),
            line: pos.line.max(1),
            column: pos.column.max(1),
            message,
            hint,
        });
    }

    fn err(&mut self, pointer: &str, pos: Pos, message: String, hint: Option<String>) {
        self.push(Severity::Error, pointer, pos, message, hint);
    }

    /// "`expected`, found <the node's JSON type>", as an error.
    fn wrong_type(
        &mut self,
        pointer: &str,
        pos: Pos,
        expected: impl std::fmt::Display,
        found: &Node,
        hint: Option<String>,
    ) {
        let message = format!("{expected}, found {}", found.type_name());
        self.err(pointer, pos, message, hint);
    }

    fn warn(&mut self, pointer: &str, pos: Pos, message: String, hint: Option<String>) {
        self.push(Severity::Warning, pointer, pos, message, hint);
    }

    /// A required value that is empty or a documentation placeholder: the platform would
    /// refuse the body (an error), unless this is a template (`--template`: a warning).
    fn unfilled(&mut self, pointer: &str, pos: Pos, message: String, hint: Option<String>) {
        if self.template {
            self.warn(
                pointer,
                pos,
                format!("{message} (allowed in a template)"),
                hint,
            );
        } else {
            self.err(pointer, pos, message, hint);
        }
    }
}

fn ptr(base: &str, key: &str) -> String {
    format!("{base}/{}", json::pointer_segment(key))
}

fn check_document(cx: &mut Cx, root: &Node) -> Option<Instance> {
    let Some(members) = root.members() else {
        let hint = match &root.kind {
            Kind::Array(items) if items.len() == 1 && items[0].members().is_some() => {
                "remove the surrounding `[` `]`: the body is the object itself"
            }
            _ => {
                "an instance body is an object: {\"element\": {\"key\": …}, \"configuration\": {…}}"
            }
        };
        cx.wrong_type(
            "",
            root.pos,
            "the instance body must be a JSON object",
            root,
            Some(hint.into()),
        );
        return None;
    };
    for m in members {
        if !keys::TOP_KEYS.contains(&m.key.as_str()) {
            unknown_key(cx, "", m, keys::TOP_KEYS.iter().copied(), "top-level key");
        }
    }

    // element.key → connector
    let connector = match root.get("element") {
        None => {
            cx.err(
                "/element",
                root.pos,
                "missing \"element\": which connector is this instance for?".into(),
                Some(format!(
                    "add \"element\": {{\"key\": \"…\"}} with one of: {}",
                    known_connectors()
                )),
            );
            None
        }
        Some(el) => check_element(cx, el),
    };

    let name = opt_string(cx, root, "name", "");
    if let Some((n, node)) = &name {
        if n.trim().is_empty() {
            cx.warn(
                "/name",
                node.pos,
                "\"name\" is empty".into(),
                Some(format!(
                    "give the instance a name you will recognise, e.g. \"acme-{}-polling\"",
                    connector.map_or("egnyte", |c| c.key)
                )),
            );
        } else if looks_placeholder(n) {
            cx.warn(
                "/name",
                node.pos,
                format!("\"name\" looks like a placeholder: {n:?}"),
                Some("replace it with a real name".into()),
            );
        }
    }
    let tags = check_tags(cx, root);
    let code = check_provider_data(cx, root);

    let configuration = match root.get("configuration") {
        None => {
            cx.err(
                "/configuration",
                root.pos,
                "missing \"configuration\"".into(),
                Some("see `pollctl connectors show KEY` for the keys the connector needs".into()),
            );
            None
        }
        Some(c) if c.members().is_none() => {
            cx.wrong_type(
                "/configuration",
                c.pos,
                "\"configuration\" must be an object",
                c,
                None,
            );
            None
        }
        Some(c) => Some(c),
    };
    let config = configuration?;
    let events = check_configuration(cx, config, connector);
    let connector = connector?;
    let events = events?;
    let configuration = match config.to_value() {
        serde_json::Value::Object(m) => m,
        _ => serde_json::Map::new(),
    };
    Some(Instance {
        connector: connector.key.to_string(),
        name: name.map(|(n, _)| n),
        tags,
        code,
        configuration,
        events,
    })
}

fn known_connectors() -> String {
    catalog::ALL
        .iter()
        .map(|c| c.key)
        .collect::<Vec<_>>()
        .join(", ")
}

fn check_element(cx: &mut Cx, el: &Node) -> Option<&'static Connector> {
    if el.members().is_none() {
        cx.err(
            "/element",
            el.pos,
            format!("\"element\" must be an object, found {}", el.type_name()),
            Some("write \"element\": {\"key\": \"egnyte\"}".into()),
        );
        return None;
    }
    for m in el.members().unwrap_or_default() {
        if m.key != "key" && m.key != "id" {
            unknown_key(cx, "/element", m, ["key", "id"], "key of \"element\"");
        }
    }
    let Some(key_node) = el.get("key") else {
        cx.err(
            "/element/key",
            el.pos,
            "missing \"element.key\"".into(),
            Some(format!("one of: {}", known_connectors())),
        );
        return None;
    };
    let Some(key) = key_node.as_str() else {
        cx.wrong_type(
            "/element/key",
            key_node.pos,
            "\"element.key\" must be a string",
            key_node,
            None,
        );
        return None;
    };
    if let Ok(c) = catalog::get(key) {
        return Some(c);
    }
    let lower = key.trim().to_lowercase();
    let close = catalog::ALL
        .iter()
        .map(|c| c.key)
        .find(|k| *k == lower)
        .or_else(|| keys::suggest(&lower, catalog::ALL.iter().map(|c| c.key)));
    let generic = if close.is_some_and(|k| k == lower) {
        // `Egnyte`, ` egnyte`: a catalog key written another way; the platform's keys are
        // exact.
        None
    } else {
        catalog::resolve(key).ok()
    };
    match generic {
        Some(c) => {
            let typo = close
                .map(|k| format!("if you meant the catalog's \"{k}\", fix the key; otherwise "))
                .unwrap_or_default();
            cx.warn(
                "/element/key",
                key_node.pos,
                format!(
                    "{key:?} is not in pollctl's catalog: it is checked generically (OAuth and event.* keys, the poller configuration); its own configuration keys are not checked"
                ),
                Some(format!(
                    "{typo}see the connector's documentation for the keys it needs (catalog: {})",
                    known_connectors()
                )),
            );
            Some(c)
        }
        None => {
            let hint = match close {
                Some(k) => format!(
                    "did you mean \"{k}\"? Known connectors: {}",
                    known_connectors()
                ),
                None => "connector keys are lower-case letters, digits, `-` and `_`, e.g. \"sfdc\", \"hubspotcrm\"".to_string(),
            };
            cx.err(
                "/element/key",
                key_node.pos,
                format!("{key:?} is not a connector key"),
                Some(hint),
            );
            None
        }
    }
}

fn opt_string<'n>(cx: &mut Cx, obj: &'n Node, key: &str, base: &str) -> Option<(String, &'n Node)> {
    let node = obj.get(key)?;
    match node.as_str() {
        Some(s) => Some((s.to_string(), node)),
        None => {
            cx.err(
                &ptr(base, key),
                node.pos,
                format!("{key:?} must be a string, found {}", node.type_name()),
                None,
            );
            None
        }
    }
}

fn check_tags(cx: &mut Cx, root: &Node) -> Vec<String> {
    let Some(node) = root.get("tags") else {
        return Vec::new();
    };
    let Kind::Array(items) = &node.kind else {
        cx.wrong_type(
            "/tags",
            node.pos,
            "\"tags\" must be an array of strings",
            node,
            Some("write \"tags\": [\"docs\"]".into()),
        );
        return Vec::new();
    };
    let mut tags = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let p = format!("/tags/{i}");
        match item.as_str() {
            Some(s) if s.trim().is_empty() => cx.warn(
                &p,
                item.pos,
                "empty tag".into(),
                Some("remove it, or write a tag".into()),
            ),
            Some(s) if looks_placeholder(s) => cx.warn(
                &p,
                item.pos,
                format!("tag {s:?} looks like a placeholder"),
                Some("replace it with a real tag or remove it".into()),
            ),
            Some(s) => tags.push(s.to_string()),
            None => cx.err(
                &p,
                item.pos,
                format!("a tag must be a string, found {}", item.type_name()),
                None,
            ),
        }
    }
    tags
}

fn check_provider_data(cx: &mut Cx, root: &Node) -> Option<SecretString> {
    let node = root.get("providerData")?;
    if node.members().is_none() {
        cx.wrong_type(
            "/providerData",
            node.pos,
            "\"providerData\" must be an object",
            node,
            Some("write \"providerData\": {\"code\": \"…\"}".into()),
        );
        return None;
    }
    let code = node.get("code")?;
    let Some(s) = code.as_str() else {
        cx.wrong_type(
            "/providerData/code",
            code.pos,
            "\"providerData.code\" must be a string",
            code,
            None,
        );
        return None;
    };
    if s.trim().is_empty() {
        cx.unfilled(
            "/providerData/code",
            code.pos,
            "\"providerData.code\" is empty: the platform needs the OAuth authorization code to create the instance".into(),
            Some("run `pollctl oauth login` (or `oauth url`) to get one, or pass --code-file to `instance create`".into()),
        );
        return None;
    }
    if looks_placeholder(s) {
        cx.unfilled(
            "/providerData/code",
            code.pos,
            "\"providerData.code\" looks like a placeholder left from the documentation".into(),
            Some("replace it with the code the provider returned after consent".into()),
        );
        return None;
    }
    Some(SecretString::from(s.to_string()))
}

/// A value that was obviously never filled in: `<INSERT_API_KEY>`, `xxxxxxxx`, `{{key}}`…
pub fn looks_placeholder(s: &str) -> bool {
    let t = s.trim();
    if t.is_empty() {
        return false;
    }
    let upper = t.to_ascii_uppercase();
    (t.starts_with('<') && t.ends_with('>'))
        || (t.starts_with("{{") && t.ends_with("}}"))
        || (t.len() >= 4 && t.chars().all(|c| c == 'x' || c == 'X'))
        || (t.len() >= 4 && t.chars().all(|c| c == '*'))
        || upper.starts_with("INSERT_")
        || upper.starts_with("YOUR_")
        || upper.starts_with("<INSERT")
        || upper == "CHANGEME"
        || matches!(upper.as_str(), "TODO" | "TBD" | "FIXME" | "..." | "…")
        || unexpanded_variable(t)
}

/// `${CLIENT_ID}`, `$CLIENT_ID`, `%CLIENT_ID%`: an environment variable a template should
/// have substituted (a quoted heredoc, a file never run through `envsubst`), the sibling of
/// the unset variable substituted as `""`. Upper-case names only: `${date}` and
/// `${gmtDate:…}` are the platform's own macros.
fn unexpanded_variable(t: &str) -> bool {
    let name = t
        .strip_prefix("${")
        .and_then(|r| r.strip_suffix('}'))
        .or_else(|| t.strip_prefix('$'))
        .or_else(|| t.strip_prefix('%').and_then(|r| r.strip_suffix('%')));
    name.is_some_and(|n| {
        n.starts_with(|c: char| c.is_ascii_uppercase() || c == '_')
            && n.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    })
}

fn unknown_key<'a>(
    cx: &mut Cx,
    base: &str,
    m: &Member,
    known: impl IntoIterator<Item = &'a str>,
    what: &str,
) {
    let hint = keys::suggest(&m.key, known).map(|s| format!("did you mean {s:?}?"));
    let msg = match &hint {
        Some(_) => format!(
            "unknown {what} {:?} (looks like a typo); it is ignored",
            m.key
        ),
        None => format!("unknown {what} {:?}; it is ignored", m.key),
    };
    cx.warn(&ptr(base, &m.key), m.key_pos, msg, hint);
}

// ---------------------------------------------------------------------------------------------
// configuration

fn check_configuration(
    cx: &mut Cx,
    config: &Node,
    connector: Option<&'static Connector>,
) -> Option<EventSettings> {
    const BASE: &str = "/configuration";
    let members = config.members().unwrap_or_default();
    let mut ok = true;

    // Required keys (OAuth + connector). A connector outside the catalog may not use OAuth:
    // its OAuth keys are checked only when present.
    if let Some(c) = connector {
        let builtin = c.is_builtin();
        for spec in catalog::OAUTH_KEYS.iter().chain(c.config_keys.iter()) {
            match config.get(spec.key) {
                None if spec.required && builtin => {
                    let near = members
                        .iter()
                        .find(|m| keys::suggest(&m.key, [spec.key]).is_some());
                    let hint = match near {
                        Some(m) => format!(
                            "{:?} at {}:{} looks like a typo of it",
                            m.key, m.key_pos.line, m.key_pos.column
                        ),
                        None => format!(
                            "{}; e.g. {:?}",
                            spec.description,
                            example(spec.key, spec.example)
                        ),
                    };
                    cx.err(
                        &ptr(BASE, spec.key),
                        config.pos,
                        format!("missing required key {:?} for {}", spec.key, c.key),
                        Some(hint),
                    );
                }
                None => {}
                Some(v) => check_connector_value(cx, c, spec.key, spec.secret, spec.required, v),
            }
        }
    }

    // Unknown keys: typos of known keys, or another connector's keys.
    let own: Vec<&str> = catalog::OAUTH_KEYS
        .iter()
        .chain(connector.map_or(&[][..], |c| c.config_keys).iter())
        .map(|k| k.key)
        .chain(keys::EVENT_KEYS.iter().map(|k| k.key))
        .collect();
    for m in members {
        if own.contains(&m.key.as_str()) || keys::OTHER_EVENT_KEYS.contains(&m.key.as_str()) {
            continue;
        }
        let other = catalog::ALL
            .iter()
            .find(|c| c.config_keys.iter().any(|k| k.key == m.key));
        if let (Some(other), Some(c)) = (other, connector)
            && c.is_builtin()
        {
            let own_keys: Vec<&str> = c.config_keys.iter().map(|k| k.key).collect();
            cx.warn(
                &ptr(BASE, &m.key),
                m.key_pos,
                format!(
                    "{:?} is a key of {}, not of {}; it is ignored",
                    m.key, other.key, c.key
                ),
                Some(if own_keys.is_empty() {
                    format!("{} needs no connector-specific keys", c.key)
                } else {
                    format!("{} uses: {}", c.key, own_keys.join(", "))
                }),
            );
        } else if m.key.starts_with("event.") {
            unknown_key(cx, BASE, m, own.iter().copied(), "event key");
        } else if let Some(s) = keys::suggest(&m.key, own.iter().copied()) {
            cx.warn(
                &ptr(BASE, &m.key),
                m.key_pos,
                format!("unknown configuration key {:?} (looks like a typo)", m.key),
                Some(format!("did you mean {s:?}?")),
            );
        }
        // Other keys may be the platform's own (base.url, pagination.max…): accepted.
    }

    // Event keys.
    let mut enabled = false;
    if let Some(v) = config.get("event.notification.enabled") {
        match bool_value(v) {
            Some(b) => enabled = b,
            None => {
                ok = false;
                cx.err(
                    &ptr(BASE, "event.notification.enabled"),
                    v.pos,
                    format!(
                        "\"event.notification.enabled\" must be true or false, found {}",
                        describe(v)
                    ),
                    Some("write true (a boolean), or the string \"true\"".into()),
                );
            }
        }
    }

    let mut vendor_type = VendorType::Polling;
    if let Some(v) = config.get("event.vendor.type") {
        let p = ptr(BASE, "event.vendor.type");
        match v.as_str().map(|s| s.trim().to_ascii_lowercase()) {
            Some(s) if s == "polling" => {}
            Some(s) if s == "webhook" || s == "webhooks" => {
                vendor_type = VendorType::Webhook;
                if let Some(c) = connector
                    && !c.event_types.contains(&"webhook")
                {
                    ok = false;
                    cx.err(
                        &p,
                        v.pos,
                        format!(
                            "{} supports {} events only, not webhooks",
                            c.key,
                            c.event_types.join(" and ")
                        ),
                        Some("use \"polling\"".into()),
                    );
                }
            }
            _ => {
                ok = false;
                cx.err(
                    &p,
                    v.pos,
                    format!(
                        "\"event.vendor.type\" must be \"polling\" or \"webhook\", found {}",
                        describe(v)
                    ),
                    None,
                );
            }
        }
    }

    let mut callback_url = None;
    // `null` is "not set" (the platform's own instance dumps carry it with events off).
    match config
        .get("event.notification.callback.url")
        .filter(|v| !matches!(v.kind, Kind::Null))
    {
        Some(v) => {
            let p = ptr(BASE, "event.notification.callback.url");
            match v.as_str() {
                Some(s) if s.trim().is_empty() => {
                    if enabled {
                        cx.unfilled(
                            &p,
                            v.pos,
                            "\"event.notification.callback.url\" is empty while events are enabled: the platform has nowhere to send them".into(),
                            Some("set your receiver's https URL (an unset variable substituted as \"\"?), or set \"event.notification.enabled\": false".into()),
                        );
                    }
                }
                Some(s) if looks_placeholder(s) => {
                    let msg = format!("\"event.notification.callback.url\" looks like a placeholder: {s:?}");
                    let hint = Some("set your receiver's https URL".into());
                    if enabled {
                        cx.unfilled(&p, v.pos, msg, hint);
                    } else {
                        cx.warn(&p, v.pos, msg, hint);
                    }
                }
                Some(s) => {
                    if check_url(cx, &p, v, s, "event.notification.callback.url", true) {
                        callback_url = Some(s.to_string());
                    } else {
                        ok = false;
                    }
                }
                None => {
                    ok = false;
                    cx.err(&p, v.pos, format!("\"event.notification.callback.url\" must be a string, found {}", v.type_name()), None);
                }
            }
        }
        None if enabled => cx.warn(
            &ptr(BASE, "event.notification.callback.url"),
            config.pos,
            "events are enabled but \"event.notification.callback.url\" is missing: the platform has nowhere to send them".into(),
            Some("add your receiver's https URL".into()),
        ),
        None => {}
    }

    let mut signature_key = None;
    if let Some(v) = config
        .get("event.notification.signature.key")
        .filter(|v| !matches!(v.kind, Kind::Null))
    {
        let p = ptr(BASE, "event.notification.signature.key");
        match v.as_str() {
            Some("") => cx.warn(
                &p,
                v.pos,
                "\"event.notification.signature.key\" is empty: notifications will not be signed".into(),
                Some("remove the key, or set a long random secret (e.g. `openssl rand -base64 32`)".into()),
            ),
            Some(s) if looks_placeholder(s) => cx.warn(
                &p,
                v.pos,
                "\"event.notification.signature.key\" looks like a placeholder left from the documentation".into(),
                Some("set a long random secret (e.g. `openssl rand -base64 32`)".into()),
            ),
            Some(s) => {
                if s.chars().count() < 16 {
                    cx.warn(
                        &p,
                        v.pos,
                        format!(
                            "\"event.notification.signature.key\" is only {} characters: easy to guess",
                            s.chars().count()
                        ),
                        Some("use a long random secret (e.g. `openssl rand -base64 32`)".into()),
                    );
                }
                signature_key = Some(SecretString::from(s.to_string()));
            }
            None => {
                ok = false;
                cx.err(&p, v.pos, format!("\"event.notification.signature.key\" must be a string, found {}", v.type_name()), None);
            }
        }
    }

    let mut refresh = 15u32;
    if let Some(v) = config.get("event.poller.refresh_interval") {
        match integer(
            cx,
            &ptr(BASE, "event.poller.refresh_interval"),
            "event.poller.refresh_interval",
            v,
            1,
            keys::MAX_REFRESH_MINUTES,
            "minutes",
        ) {
            Some(n) => refresh = u32::try_from(n).unwrap_or(u32::MAX),
            None => ok = false,
        }
    }

    // Poller configuration.
    let config_map = match config.to_value() {
        serde_json::Value::Object(m) => m,
        _ => serde_json::Map::new(),
    };
    // `""`/`null` (the platform's defaults ship `""`): not set.
    let unset = |cx: &mut Cx, key: &str| -> Option<&Node> {
        let v = config.get(key)?;
        let empty = match &v.kind {
            Kind::Null => true,
            Kind::String(s) => s.trim().is_empty(),
            _ => false,
        };
        if empty {
            cx.warn(
                &ptr(BASE, key),
                v.pos,
                format!("{key:?} is {}: read as not set", describe(v)),
                Some("remove the key, or fill it in".into()),
            );
            return None;
        }
        Some(v)
    };
    let poller = unset(cx, "event.poller.configuration");
    let legacy = unset(cx, "event.poller.urls");
    if vendor_type == VendorType::Webhook
        && let Some((key, v)) = poller
            .map(|v| ("event.poller.configuration", v))
            .or(legacy.map(|v| ("event.poller.urls", v)))
    {
        cx.warn(
            &ptr(BASE, key),
            v.pos,
            format!("{key:?} is ignored when \"event.vendor.type\" is webhook"),
            Some("remove it, or set \"event.vendor.type\": \"polling\"".into()),
        );
    }
    let resources = match (poller, legacy) {
        (Some(v), legacy) => {
            if let Some(l) = legacy {
                cx.warn(
                    &ptr(BASE, "event.poller.urls"),
                    l.pos,
                    "both \"event.poller.configuration\" and the legacy \"event.poller.urls\" are set: the JSON configuration wins and \"event.poller.urls\" is ignored".into(),
                    Some("the platform replaced the legacy format with the JSON one; remove \"event.poller.urls\" (`pollctl instance migrate FILE` converts it)".into()),
                );
            }
            check_poller_value(cx, v, &ptr(BASE, "event.poller.configuration"), &config_map)
        }
        (None, Some(l)) => check_legacy(
            cx,
            connector,
            l,
            &ptr(BASE, "event.poller.urls"),
            &config_map,
        ),
        (None, None) => {
            if let Some(c) = connector
                && enabled
                && vendor_type == VendorType::Polling
                && c.default_poller_origin == catalog::DefaultOrigin::Pollctl
            {
                cx.warn(
                    &ptr(BASE, "event.poller.configuration"),
                    config.pos,
                    format!(
                        "no \"event.poller.configuration\": {} publishes no default, so the platform uses its own unpublished one and `pollctl poll` uses pollctl's (see `pollctl connectors show {}`)",
                        c.key, c.key
                    ),
                    Some("set \"event.poller.configuration\" explicitly so both poll the same resources".into()),
                );
            }
            if let Some(c) = connector
                && enabled
                && vendor_type == VendorType::Polling
                && c.default_poller_origin == catalog::DefaultOrigin::Unknown
            {
                cx.warn(
                    &ptr(BASE, "event.poller.configuration"),
                    config.pos,
                    format!(
                        "events are enabled but there is no \"event.poller.configuration\" (nor \"event.poller.urls\"): the platform uses {}'s own default, which pollctl does not know, so `pollctl poll` has nothing to poll",
                        c.key
                    ),
                    Some("copy the connector's default poller configuration from its documentation into the instance".into()),
                );
            }
            connector.map(default_resources)
        }
    };
    let resources = match resources {
        Some(r) => r,
        None => {
            ok = false;
            Vec::new()
        }
    };
    ok.then_some(EventSettings {
        enabled,
        vendor_type,
        callback_url,
        signature_key,
        refresh_interval_minutes: refresh,
        resources,
    })
}

fn example(key: &str, example: &str) -> String {
    if example.is_empty() {
        format!("<{key}>")
    } else {
        example.to_string()
    }
}

/// Checks of the OAuth and connector-specific values.
fn check_connector_value(
    cx: &mut Cx,
    c: &Connector,
    key: &str,
    secret: bool,
    required: bool,
    v: &Node,
) {
    let p = ptr("/configuration", key);
    let Some(s) = v.as_str() else {
        cx.err(
            &p,
            v.pos,
            format!("{key:?} must be a string, found {}", v.type_name()),
            None,
        );
        return;
    };
    let shown = |s: &str| {
        if secret {
            String::new()
        } else {
            format!(": {s:?}")
        }
    };
    if s.trim().is_empty() {
        let msg = format!("{key:?} is empty");
        let hint = Some(
            "fill it in before creating the instance (an unset variable substituted as \"\"?)"
                .into(),
        );
        if required {
            cx.unfilled(&p, v.pos, format!("{msg}: the platform needs it"), hint);
        } else {
            cx.warn(&p, v.pos, msg, hint);
        }
        return;
    }
    if looks_placeholder(s) {
        let msg = format!(
            "{key:?} looks like a placeholder left from the documentation{}",
            shown(s)
        );
        let hint = Some("replace it with your real value".into());
        if required {
            cx.unfilled(&p, v.pos, msg, hint);
        } else {
            cx.warn(&p, v.pos, msg, hint);
        }
        return;
    }
    match key {
        "oauth.callback.url" => {
            check_url(cx, &p, v, s, key, false);
        }
        "docushare.domain" => {
            let host = s.trim();
            if host.contains("://") || host.contains('/') {
                cx.err(
                    &p,
                    v.pos,
                    format!("\"docushare.domain\" must be a host name, not a URL: {s:?}"),
                    Some(format!(
                        "write only the host, e.g. {:?}",
                        host.split("://")
                            .last()
                            .unwrap_or(host)
                            .split('/')
                            .next()
                            .unwrap_or(host)
                    )),
                );
            } else if !host.to_ascii_lowercase().ends_with(".docushareflex.com") {
                cx.warn(
                    &p,
                    v.pos,
                    format!(
                        "\"docushare.domain\" {s:?} is not of the form <name>.docushareflex.com"
                    ),
                    Some(format!("e.g. \"{host}.docushareflex.com\"")),
                );
            }
        }
        "subdomain" | "sharefile.subdomain" => {
            let suffix = if c.key == "egnyte" {
                ".egnyte.com"
            } else {
                ".sharefile.com"
            };
            let t = s.trim();
            let bare = t
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .trim_end_matches('/');
            let bare_l = bare.to_ascii_lowercase();
            if bare_l.ends_with(suffix) || t.contains("://") || t.contains('.') || t.contains('/') {
                let fixed = bare_l.strip_suffix(suffix).unwrap_or(bare).to_string();
                cx.err(
                    &p,
                    v.pos,
                    format!("{key:?} must be only the subdomain, found {s:?}"),
                    Some(format!("the part between https:// and {suffix}: {fixed:?}")),
                );
            } else if t.contains(char::is_whitespace) {
                cx.err(
                    &p,
                    v.pos,
                    format!("{key:?} contains white space: {s:?}"),
                    None,
                );
            }
        }
        "document.root.folder.name" if !s.starts_with('/') => {
            cx.warn(
                &p,
                v.pos,
                format!("\"document.root.folder.name\" {s:?} does not start with `/`"),
                Some("folders are paths such as \"/top\" (the root level folder)".into()),
            );
        }
        _ => {}
    }
}

/// An absolute http(s) URL. Returns false after reporting an error.
fn check_url(cx: &mut Cx, p: &str, v: &Node, s: &str, key: &str, https_warning: bool) -> bool {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    for scheme in ["https", "http"] {
        for bad in [";//", ":/", "//", ":\\\\", ";"] {
            let prefix = format!("{scheme}{bad}");
            if lower.starts_with(&prefix) && !lower.starts_with(&format!("{scheme}://")) {
                let rest = &t[prefix.len()..];
                let rest = rest.trim_start_matches('/');
                cx.err(
                    p,
                    v.pos,
                    format!("{key:?} is not a valid URL: {s:?}"),
                    Some(format!("did you mean {scheme}://{rest} ?")),
                );
                return false;
            }
        }
    }
    match url::Url::parse(t) {
        Ok(u)
            if matches!(u.scheme(), "http" | "https")
                && u.host_str().is_some_and(|h| !h.is_empty()) =>
        {
            if t != s {
                cx.warn(
                    p,
                    v.pos,
                    format!("{key:?} has white space around it"),
                    Some("remove it".into()),
                );
            }
            if u.scheme() == "http" {
                let loopback = matches!(u.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
                if https_warning && !loopback {
                    cx.warn(
                        p,
                        v.pos,
                        format!("{key:?} is not https: {s:?}; events would travel unencrypted"),
                        Some(format!(
                            "use https://{}",
                            u.as_str().get("http://".len()..).unwrap_or_default()
                        )),
                    );
                } else if !https_warning && !loopback {
                    cx.warn(
                        p,
                        v.pos,
                        format!("{key:?} is not https: {s:?}"),
                        Some("providers require an https redirect URI (or a loopback one)".into()),
                    );
                }
            }
            true
        }
        Ok(u) => {
            cx.err(
                p,
                v.pos,
                format!(
                    "{key:?} must be an http(s) URL, found scheme {:?}",
                    u.scheme()
                ),
                None,
            );
            false
        }
        Err(e) => {
            let hint = if !t.contains("://") {
                Some(format!("did you mean https://{t} ?"))
            } else {
                None
            };
            cx.err(
                p,
                v.pos,
                format!("{key:?} is not a valid URL ({e}): {s:?}"),
                hint,
            );
            false
        }
    }
}

fn describe(v: &Node) -> String {
    match &v.kind {
        Kind::String(s) => format!("{s:?}"),
        Kind::Number(n) => n.clone(),
        _ => v.type_name().to_string(),
    }
}

fn bool_value(v: &Node) -> Option<bool> {
    match &v.kind {
        Kind::Bool(b) => Some(*b),
        Kind::String(s) if s.trim().eq_ignore_ascii_case("true") => Some(true),
        Kind::String(s) if s.trim().eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// An integer in `min..=max`, as a number or a numeric string. A number with a zero fraction
/// (`15.0`) is read as the integer with a warning (JSON Schema's `integer` accepts it too).
/// Reports and returns None otherwise.
fn integer(
    cx: &mut Cx,
    p: &str,
    key: &str,
    v: &Node,
    min: u64,
    max: u64,
    unit: &str,
) -> Option<u64> {
    let text = match &v.kind {
        Kind::Number(n) => n.clone(),
        Kind::String(s) => s.trim().to_string(),
        _ => {
            cx.wrong_type(
                p,
                v.pos,
                format!("{key:?} must be a number of {unit}"),
                v,
                None,
            );
            return None;
        }
    };
    let example = if key == "event.poller.refresh_interval" {
        "\"15\""
    } else {
        "30"
    };
    let whole = match &v.kind {
        Kind::Number(_) => text
            .split_once('.')
            .filter(|(int, frac)| {
                !frac.contains(['e', 'E'])
                    && frac.bytes().all(|b| b == b'0')
                    && int.bytes().all(|b| b.is_ascii_digit())
            })
            .map(|(int, _)| int.to_string()),
        _ => None,
    };
    if let Some(int) = &whole {
        cx.warn(
            p,
            v.pos,
            format!("{key:?} is written {text}: read as {int}"),
            Some(format!("write {int}: the platform reads whole numbers")),
        );
    }
    let text = whole.unwrap_or(text);
    match text.parse::<u64>() {
        Ok(n) if n > max => {
            cx.err(
                p,
                v.pos,
                format!("{key:?} must be at most {max} {unit}, found {n}"),
                Some(format!(
                    "pollctl's documented maximum for {key:?} is {max} {unit}"
                )),
            );
            None
        }
        Ok(n) if n >= min => Some(n),
        Ok(n) => {
            cx.err(
                p,
                v.pos,
                format!("{key:?} must be at least {min} {unit}, found {n}"),
                None,
            );
            None
        }
        Err(_) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => {
            cx.err(
                p,
                v.pos,
                format!("{key:?} must be at most {max} {unit}, found {text}"),
                Some(format!(
                    "pollctl's documented maximum for {key:?} is {max} {unit}"
                )),
            );
            None
        }
        Err(_) => {
            let neg = text.starts_with('-') && text[1..].parse::<u64>().is_ok();
            let frac = text.parse::<f64>().is_ok_and(f64::is_finite);
            let msg = if text.is_empty() {
                format!("{key:?} is empty: expected a whole number of {unit}")
            } else if neg {
                format!("{key:?} must be at least {min} {unit}, found {text}")
            } else if frac {
                format!("{key:?} must be a whole number of {unit}, found {text}")
            } else {
                format!(
                    "{key:?} must be a whole number of {unit}, found {}",
                    describe(v)
                )
            };
            cx.err(p, v.pos, msg, Some(format!("e.g. {example}")));
            None
        }
    }
}

// ---------------------------------------------------------------------------------------------
// event.poller.configuration

fn check_poller_value(
    cx: &mut Cx,
    v: &Node,
    p: &str,
    config: &serde_json::Map<String, serde_json::Value>,
) -> Option<Vec<Resource>> {
    match &v.kind {
        Kind::Object(_) => check_poller_object(cx, v, p, config, true),
        Kind::String(s) => {
            // The same JSON serialized in a string: parse it, report outer positions.
            let parsed = json::parse_str(s);
            let map = cx
                .src
                .map(|src| json::string_source_map(src, v.pos))
                .unwrap_or_default();
            let remap = |pos: Pos| map.get(pos.offset).copied().unwrap_or(v.pos);
            let mut failed = false;
            for issue in &parsed.issues {
                let level = match issue.level {
                    IssueLevel::Error => {
                        failed = true;
                        Severity::Error
                    }
                    IssueLevel::Warning => Severity::Warning,
                };
                cx.push(
                    level,
                    &format!("{p}{}", issue.pointer),
                    remap(issue.pos),
                    format!(
                        "in the JSON string of \"event.poller.configuration\": {}",
                        issue.message
                    ),
                    issue.hint.clone(),
                );
            }
            let mut root = parsed.root?;
            remap_tree(&mut root, &remap);
            if root.members().is_none() {
                cx.err(
                    p,
                    v.pos,
                    format!("the JSON string of \"event.poller.configuration\" must hold an object, found {}", root.type_name()),
                    None,
                );
                return None;
            }
            // Positions inside now point into the outer document; source maps of nested
            // strings are not available, so template columns use the string's own position.
            let saved = cx.src.take();
            let r = check_poller_object(cx, &root, p, config, true);
            cx.src = saved;
            if failed { None } else { r }
        }
        _ => {
            cx.wrong_type(
                p,
                v.pos,
                "\"event.poller.configuration\" must be an object (or the same JSON in a string)",
                v,
                None,
            );
            None
        }
    }
}

/// The legacy `event.poller.urls` string: each line becomes a resource through the same
/// checks as the JSON format; diagnostics point at the string (`p`), name the line and field,
/// and carry the field's position in the file.
fn check_legacy(
    cx: &mut Cx,
    connector: Option<&'static Connector>,
    v: &Node,
    p: &str,
    config: &serde_json::Map<String, serde_json::Value>,
) -> Option<Vec<Resource>> {
    use crate::instance::legacy;
    let Some(text) = v.as_str() else {
        cx.wrong_type(
            p,
            v.pos,
            "\"event.poller.urls\" must be a string (one resource per line)",
            v,
            None,
        );
        return None;
    };
    let map = cx
        .src
        .map(|src| json::string_source_map(src, v.pos))
        .unwrap_or_default();
    let at = |offset: usize| map.get(offset).copied().unwrap_or(v.pos);
    if looks_placeholder(text) {
        cx.unfilled(
            p,
            v.pos,
            format!("\"event.poller.urls\" looks like a placeholder left from the documentation: {text:?}"),
            Some("write the resources to poll, or remove the key".into()),
        );
        return Some(Vec::new());
    }
    let mut out: Vec<Resource> = Vec::new();
    let mut ok = true;
    let mut seen: Vec<(String, usize)> = Vec::new();
    let mut unresolved: Vec<&str> = Vec::new();
    let defaults = connector
        .filter(|c| c.is_builtin())
        .map(default_resources)
        .unwrap_or_default();
    let lines = legacy::split(text);
    if lines
        .iter()
        .any(|l| legacy::shape(l) == legacy::Shape::Resource)
    {
        cx.warn(
            p,
            v.pos,
            format!(
                "\"event.poller.urls\" is the legacy format; it has no id field, so pollctl reads each record's \"{}\" as the events' objectId",
                legacy::IMPLIED_ID_FIELD
            ),
            Some("`pollctl instance migrate FILE` prints the JSON \"event.poller.configuration\" (set \"idField\" there)".into()),
        );
    }
    for line in lines {
        let n = line.number;
        if let legacy::Shape::Names(names) = legacy::shape(&line) {
            // Object names the connector polls with its built-in configuration: the
            // catalog's default resource of that name when pollctl knows it.
            for name in names {
                match defaults.iter().find(|r| r.name == name) {
                    Some(r) if !out.iter().any(|o| o.name == name) => out.push(r.clone()),
                    Some(_) => {}
                    None => unresolved.push(name),
                }
            }
            continue;
        }
        if let Some(problem) = legacy::line_problem(&line) {
            ok = false;
            cx.err(
                p,
                at(line.offset),
                format!("\"event.poller.urls\" line {n}: {problem}"),
                Some(format!("each line is {}", legacy::FIELDS.join("|"))),
            );
            continue;
        }
        let name = line.field(0).to_string();
        if let Some((_, first)) = seen.iter().find(|(s, _)| *s == name) {
            ok = false;
            cx.err(
                p,
                at(line.fields[0].0),
                format!(
                    "\"event.poller.urls\" line {n}: resource {name:?} is already defined on line {first}"
                ),
                None,
            );
            continue;
        }
        seen.push((name.clone(), n));
        // The line as a resource object whose values sit where the fields are in the file.
        let string = |i: usize| {
            let (off, f) = line.fields.get(i).copied().unwrap_or((line.offset, ""));
            let pos = at(off);
            Node {
                pos,
                end: pos.offset,
                kind: Kind::String(f.to_string()),
            }
        };
        let member = |key: &str, value: Node| Member {
            key: key.to_string(),
            key_pos: value.pos,
            value,
        };
        let mut members = vec![
            member("url", string(1)),
            member("idField", {
                let mut id = string(0);
                id.kind = Kind::String(legacy::IMPLIED_ID_FIELD.into());
                id
            }),
        ];
        if !line.field(2).is_empty() {
            members.push(member("xPath", string(2)));
        }
        let dates: Vec<Member> = (3..legacy::FIELDS.len())
            .filter(|&i| !line.field(i).is_empty())
            .map(|i| member(legacy::FIELDS[i], string(i)))
            .collect();
        if !dates.is_empty() {
            let d = string(3);
            members.push(member(
                "datesConfiguration",
                Node {
                    kind: Kind::Object(dates),
                    ..d
                },
            ));
        }
        let resource = Member {
            key: name.clone(),
            key_pos: at(line.fields[0].0),
            value: Node {
                pos: at(line.offset),
                end: 0,
                kind: Kind::Object(members),
            },
        };
        let base = format!("{p}\u{0}{n}");
        let first_new = cx.diags.len();
        let r = check_resource(cx, &resource, &ptr(&base, &name), config, true);
        // Synthetic pointers → the string's pointer, with the line and field in the message.
        for d in &mut cx.diags[first_new..] {
            let field = d.pointer.rsplit('/').next().unwrap_or("");
            let which = legacy::FIELDS
                .iter()
                .position(|f| *f == field)
                .map(|i| format!(", field {} ({})", i + 1, legacy::FIELDS[i]))
                .unwrap_or_default();
            d.pointer = p.to_string();
            d.message = format!("\"event.poller.urls\" line {n}{which}: {}", d.message);
        }
        match r {
            Some(r) => out.push(r),
            None => ok = false,
        }
    }
    if !unresolved.is_empty() {
        cx.warn(
            p,
            v.pos,
            format!(
                "\"event.poller.urls\" lists object names ({}) that the platform polls with the connector's own built-in configuration: pollctl does not know their URLs or dates, so `pollctl poll` does not poll them",
                unresolved.join(", ")
            ),
            Some("to poll them with pollctl, copy the connector's poller configuration from its documentation into \"event.poller.configuration\"".into()),
        );
    }
    if out.is_empty() && unresolved.is_empty() && ok {
        cx.warn(
            p,
            v.pos,
            "\"event.poller.urls\" has no resources: nothing will be polled".into(),
            None,
        );
    }
    ok.then_some(out)
}

fn remap_tree(node: &mut Node, remap: &dyn Fn(Pos) -> Pos) {
    node.pos = remap(node.pos);
    match &mut node.kind {
        Kind::Array(items) => items.iter_mut().for_each(|n| remap_tree(n, remap)),
        Kind::Object(members) => {
            for m in members {
                m.key_pos = remap(m.key_pos);
                remap_tree(&mut m.value, remap);
            }
        }
        _ => {}
    }
}

fn check_poller_object(
    cx: &mut Cx,
    obj: &Node,
    p: &str,
    config: &serde_json::Map<String, serde_json::Value>,
    check_placeholders: bool,
) -> Option<Vec<Resource>> {
    let members = obj.members()?;
    if members.is_empty() {
        cx.warn(
            p,
            obj.pos,
            "\"event.poller.configuration\" has no resources: nothing will be polled".into(),
            Some("remove it to use the connector's default, or add a resource".into()),
        );
    }
    let mut out = Vec::new();
    let mut ok = true;
    for m in members {
        match check_resource(cx, m, &ptr(p, &m.key), config, check_placeholders) {
            Some(r) => out.push(r),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn check_resource(
    cx: &mut Cx,
    m: &Member,
    p: &str,
    config: &serde_json::Map<String, serde_json::Value>,
    check_placeholders: bool,
) -> Option<Resource> {
    let name = &m.key;
    let node = &m.value;
    let Some(members) = node.members() else {
        cx.wrong_type(
            p,
            node.pos,
            format!("resource {name:?} must be an object with \"url\" and \"idField\""),
            node,
            None,
        );
        return None;
    };
    if name.trim().is_empty() {
        cx.err(
            p,
            m.key_pos,
            "a resource needs a name (it becomes the events' objectType)".into(),
            None,
        );
    }
    let mut ok = true;
    let mut url = None;
    let mut id_field = None;
    let mut dates = None;
    let mut filter_updated = true;
    let mut filter_current = false;
    let mut tolerance = 0u64;
    let mut page_size = None;
    let mut poll_delay = 0u64;
    let mut records_path = None;
    let mut seen: Vec<&str> = Vec::new();

    for mem in members {
        let kp = ptr(p, &mem.key);
        let v = &mem.value;
        let Some((spec, alias)) = keys::lookup(keys::RESOURCE_KEYS, &mem.key) else {
            if keys::IGNORED_RESOURCE_KEYS.contains(&mem.key.as_str()) {
                cx.warn(
                    &kp,
                    mem.key_pos,
                    format!(
                        "{:?} is ignored by pollctl (its meaning is not documented)",
                        mem.key
                    ),
                    None,
                );
            } else if keys::DATES_KEYS.iter().any(|s| s.key == mem.key) {
                cx.warn(
                    &kp,
                    mem.key_pos,
                    format!(
                        "{:?} belongs inside \"datesConfiguration\"; it is ignored here",
                        mem.key
                    ),
                    Some("move it into the resource's \"datesConfiguration\"".into()),
                );
            } else {
                unknown_key(
                    cx,
                    p,
                    mem,
                    keys::RESOURCE_KEYS.iter().map(|s| s.key),
                    "resource key",
                );
            }
            continue;
        };
        if alias {
            if members.iter().any(|o| o.key == spec.key) {
                cx.warn(
                    &kp,
                    mem.key_pos,
                    format!(
                        "{:?} is an alias of {:?}, which is also given; it is ignored",
                        mem.key, spec.key
                    ),
                    Some("remove it".into()),
                );
                continue;
            }
            cx.warn(
                &kp,
                mem.key_pos,
                format!(
                    "{:?} is not the platform's spelling; read as {:?}",
                    mem.key, spec.key
                ),
                Some(format!("rename it to {:?}", spec.key)),
            );
        }
        seen.push(spec.key);
        match spec.key {
            "url" => match v.as_str() {
                Some(s) => url = check_template(cx, &kp, v, s, config, check_placeholders),
                None => cx.err(
                    &kp,
                    v.pos,
                    format!("\"url\" must be a string, found {}", v.type_name()),
                    None,
                ),
            },
            "idField" => match v.as_str() {
                Some(s) => {
                    if s.trim().is_empty() {
                        cx.warn(
                            &kp,
                            v.pos,
                            format!("\"idField\" of {name:?} is empty: its events get no objectId"),
                            Some("set the record's id field (dot path), e.g. \"id\"; without one, pollctl cannot dedupe records of this resource by id".into()),
                        );
                    }
                    id_field = Some(FieldPath::new(s));
                }
                None => cx.err(
                    &kp,
                    v.pos,
                    format!("\"idField\" must be a string, found {}", v.type_name()),
                    None,
                ),
            },
            "datesConfiguration" => match check_dates(cx, v, &kp, config) {
                DatesCheck::Dates(d) => dates = Some(*d),
                DatesCheck::NoDates => dates = None,
                DatesCheck::Invalid => ok = false,
            },
            "filterByUpdatedDate" | "filterByCurrentDate" => match bool_value(v) {
                Some(b) if spec.key == "filterByUpdatedDate" => filter_updated = b,
                Some(b) => filter_current = b,
                None => {
                    ok = false;
                    cx.err(
                        &kp,
                        v.pos,
                        format!(
                            "{:?} must be true or false, found {}",
                            spec.key,
                            describe(v)
                        ),
                        None,
                    );
                }
            },
            "createdCheckTolerance" | "pollDelay" | "pageSize" => {
                let (min, max, unit) = match spec.key {
                    "pageSize" => (1, keys::MAX_PAGE_SIZE, "records"),
                    "pollDelay" => (0, keys::MAX_POLL_DELAY_SECS, "seconds"),
                    _ => (0, keys::MAX_TOLERANCE_SECS, "seconds"),
                };
                match integer(cx, &kp, &mem.key, v, min, max, unit) {
                    Some(n) => match spec.key {
                        "createdCheckTolerance" => tolerance = n,
                        "pollDelay" => poll_delay = n,
                        _ => {
                            if n > keys::HUB_PAGE_SIZE_MAX {
                                cx.warn(&kp, v.pos, format!("\"pageSize\" {n} is above the hubs' documented maximum of {}: the hub may cap or refuse it", keys::HUB_PAGE_SIZE_MAX), Some(format!("use at most {}", keys::HUB_PAGE_SIZE_MAX)));
                            }
                            page_size = Some(u32::try_from(n).unwrap_or(u32::MAX));
                        }
                    },
                    None => ok = false,
                }
            }
            "recordsPath" => match v.as_str() {
                Some(s) if !s.trim().is_empty() => records_path = Some(FieldPath::new(s)),
                Some(_) => cx.warn(
                    &kp,
                    v.pos,
                    "\"recordsPath\" is empty; the response itself is the records array".into(),
                    None,
                ),
                None => {
                    ok = false;
                    cx.err(
                        &kp,
                        v.pos,
                        format!("\"recordsPath\" must be a string, found {}", v.type_name()),
                        None,
                    );
                }
            },
            _ => {}
        }
    }
    if !seen.contains(&"url") {
        cx.err(
            &ptr(p, "url"),
            node.pos,
            format!("resource {name:?} has no \"url\""),
            Some("add the URL to poll, e.g. \"/hubs/documents/events\"".into()),
        );
    }
    if !seen.contains(&"idField") {
        cx.err(
            &ptr(p, "idField"),
            node.pos,
            format!("resource {name:?} has no \"idField\""),
            Some("add the field that identifies a record, e.g. \"id\"".into()),
        );
    }
    if !filter_updated
        && let Some(d) = &dates
        && d.created.is_none()
    {
        cx.warn(
            &ptr(p, "filterByUpdatedDate"),
            node.pos,
            "\"filterByUpdatedDate\" is false but there is no created date to filter on".into(),
            Some("set createdDateField and createdDateFormat in datesConfiguration".into()),
        );
    }
    let url = url?;
    let id_field = id_field?;
    ok.then(|| Resource {
        name: name.clone(),
        url,
        id_field,
        dates,
        filter_by_updated_date: filter_updated,
        filter_by_current_date: filter_current,
        created_check_tolerance: Duration::from_secs(tolerance),
        page_size,
        poll_delay: Duration::from_secs(poll_delay),
        records_path,
    })
}

fn check_template(
    cx: &mut Cx,
    p: &str,
    v: &Node,
    s: &str,
    config: &serde_json::Map<String, serde_json::Value>,
    check_placeholders: bool,
) -> Option<UrlTemplate> {
    if s.trim().is_empty() {
        cx.err(
            p,
            v.pos,
            "\"url\" is empty".into(),
            Some("e.g. \"/hubs/documents/events\"".into()),
        );
        return None;
    }
    // A control character (a lone CR or a tab from a copied line, a NUL) is no part of a URL:
    // the HTTP client would drop or escape it silently and poll another URL.
    if let Some((i, c)) = s.chars().enumerate().find(|(_, c)| c.is_control()) {
        cx.err(
            p,
            v.pos,
            format!(
                "\"url\" holds a control character ({}) at character {}",
                c.escape_unicode(),
                i + 1
            ),
            Some("remove it: a line break, tab or NUL copied with the URL?".into()),
        );
        return None;
    }
    let lower = s.trim_start().to_ascii_lowercase();
    if lower.starts_with("https;")
        || lower.starts_with("http;")
        || (lower.starts_with("http") && lower.contains(":/") && !lower.contains("://"))
    {
        let fixed = s.replacen(";//", "://", 1);
        cx.err(
            p,
            v.pos,
            format!("\"url\" is not a valid URL: {s:?}"),
            Some(format!("did you mean {fixed:?}?")),
        );
        return None;
    }
    if !(s.starts_with('/')
        || lower.starts_with("http://")
        || lower.starts_with("https://")
        || s.starts_with("${")
        || s.starts_with('{'))
    {
        cx.warn(
            p,
            v.pos,
            format!("\"url\" {s:?} is neither absolute (https://…) nor hub-relative (/hubs/…)"),
            Some(format!("write \"/{s}\"; it is joined to the base URL")),
        );
    }
    match UrlTemplate::parse(s) {
        Ok(t) => {
            for note in t.notes() {
                cx.warn(p, v.pos, note.clone(), None);
            }
            if let Some(fixed) = t.hard_coded_date() {
                cx.warn(
                    p,
                    v.pos,
                    format!("the URL holds a fixed date {fixed:?} and no date macro: every cycle asks for the same window, so it never moves"),
                    Some("replace the date with a macro such as ${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'} or ${epoch:s}".into()),
                );
            }
            if check_placeholders {
                for name in t.placeholders() {
                    if !config
                        .get(name)
                        .is_some_and(|v| v.is_string() || v.is_number())
                    {
                        cx.warn(
                            p,
                            v.pos,
                            format!("{{{name}}} in the URL has no value in the configuration"),
                            Some(format!("pass it at poll time: pollctl poll … --param {name}=VALUE (or add \"{name}\" to the configuration)")),
                        );
                    }
                }
            }
            Some(t)
        }
        Err(e) => {
            let (column, reason) = match &e {
                TemplateError::Syntax { column, reason, .. } => (*column, reason.clone()),
                other => (1, other.to_string()),
            };
            let pos = cx
                .src
                .and_then(|src| {
                    // Character `column` of the decoded string → byte offset → source position.
                    let byte = s
                        .char_indices()
                        .nth(column.saturating_sub(1))
                        .map_or(s.len(), |(b, _)| b);
                    json::string_source_map(src, v.pos).get(byte).copied()
                })
                .unwrap_or(v.pos);
            let hint = if reason.contains("never closed") {
                Some("close it with `}`".to_string())
            } else if reason.contains("unknown macro") {
                Some("date macros look like ${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}".to_string())
            } else {
                None
            };
            cx.err(
                p,
                pos,
                format!("URL macro error at column {column} of the URL: {reason}"),
                hint,
            );
            None
        }
    }
}

/// What `datesConfiguration` gave.
enum DatesCheck {
    /// Errors, already reported.
    Invalid,
    /// Valid, but no usable date field.
    NoDates,
    Dates(Box<DatesConfig>),
}

fn check_dates(
    cx: &mut Cx,
    v: &Node,
    p: &str,
    config: &serde_json::Map<String, serde_json::Value>,
) -> DatesCheck {
    let Some(members) = v.members() else {
        cx.wrong_type(
            p,
            v.pos,
            "\"datesConfiguration\" must be an object",
            v,
            None,
        );
        return DatesCheck::Invalid;
    };
    // Collect canonical → node, accepting aliases with a warning.
    // (spec, value, the key as written: pointers address what is in the file)
    let mut found: Vec<(&'static KeySpec, &Node, &str)> = Vec::new();
    for m in members {
        let kp = ptr(p, &m.key);
        match keys::lookup(keys::DATES_KEYS, &m.key) {
            Some((spec, false)) => found.push((spec, &m.value, &m.key)),
            Some((spec, true)) => {
                if members.iter().any(|o| o.key == spec.key) {
                    cx.warn(
                        &kp,
                        m.key_pos,
                        format!(
                            "{:?} is an alias of {:?}, which is also given; it is ignored",
                            m.key, spec.key
                        ),
                        Some("remove it".into()),
                    );
                } else {
                    cx.warn(
                        &kp,
                        m.key_pos,
                        format!(
                            "{:?} is not the platform's spelling; read as {:?}",
                            m.key, spec.key
                        ),
                        Some(format!(
                            "rename it to {:?}: the platform may ignore {:?}",
                            spec.key, m.key
                        )),
                    );
                    found.push((spec, &m.value, &m.key));
                }
            }
            None => unknown_key(
                cx,
                p,
                m,
                keys::DATES_KEYS.iter().map(|s| s.key),
                "datesConfiguration key",
            ),
        }
    }
    let get = |k: &str| {
        found
            .iter()
            .rev()
            .find(|(s, _, _)| s.key == k)
            .map(|(_, n, written)| (*n, *written))
    };
    let mut ok = true;
    let mut field = |prefix: &str, cx: &mut Cx| -> Option<DateField> {
        let fkey = format!("{prefix}DateField");
        let pkey = format!("{prefix}DateFormat");
        let zkey = format!("{prefix}DateTimezone");
        let (f, fp) = split(get(&fkey), p, &fkey);
        let (fmt, pp) = split(get(&pkey), p, &pkey);
        let (tz, zp) = split(get(&zkey), p, &zkey);
        let mut path = None;
        if let Some(f) = f {
            match f.as_str() {
                Some(s) if s.trim().is_empty() => cx.warn(
                    &fp,
                    f.pos,
                    format!("{fkey:?} is empty; the {prefix} date is not read"),
                    None,
                ),
                Some(s) => path = Some(FieldPath::new(s)),
                None => {
                    ok = false;
                    cx.err(
                        &fp,
                        f.pos,
                        format!("{fkey:?} must be a string, found {}", f.type_name()),
                        None,
                    );
                }
            }
        }
        let format = fmt.and_then(|n| {
            let r = check_pattern(cx, &pp, &pkey, n);
            if r.is_none() {
                ok = false;
            }
            r
        });
        let zone = match tz {
            None => Some(Zone::Utc),
            // The platform's own defaults ship `"createdDateTimezone": ""`: not set.
            Some(n) if n.as_str().is_some_and(|s| s.trim().is_empty()) => {
                cx.warn(
                    &zp,
                    n.pos,
                    format!("{zkey:?} is empty: read as not set (GMT)"),
                    Some("remove it, or name the zone, e.g. \"GMT\"".into()),
                );
                Some(Zone::Utc)
            }
            Some(n) => {
                let r = check_zone(cx, &zp, &zkey, n, config);
                if r.is_none() {
                    ok = false;
                }
                r
            }
        };
        match (path, format, fmt) {
            (Some(path), Some(format), _) => Some(DateField {
                path,
                format,
                zone: zone?,
            }),
            (Some(_), None, None) => {
                ok = false;
                cx.err(
                    &ptr(p, &pkey),
                    v.pos,
                    format!("{fkey:?} is set but {pkey:?} is missing"),
                    Some(format!(
                        "add \"{pkey}\", e.g. \"yyyy-MM-dd'T'HH:mm:ss.SSSX\" (or \"milliseconds\")"
                    )),
                );
                None
            }
            (None, _, Some(n)) if f.is_none() => {
                cx.warn(
                    &pp,
                    n.pos,
                    format!("{pkey:?} is set but {fkey:?} is missing; it is unused"),
                    Some(format!("add \"{fkey}\"")),
                );
                None
            }
            _ => None,
        }
    };
    let updated = field("updated", cx);
    let created = field("created", cx);
    if !ok {
        return DatesCheck::Invalid;
    }
    if updated.is_none() && created.is_none() {
        return DatesCheck::NoDates;
    }
    DatesCheck::Dates(Box::new(DatesConfig { updated, created }))
}

/// A found key's node and its pointer (the key as written), or the canonical pointer.
fn split<'n>(
    found: Option<(&'n Node, &str)>,
    p: &str,
    canonical: &str,
) -> (Option<&'n Node>, String) {
    match found {
        Some((n, written)) => (Some(n), ptr(p, written)),
        None => (None, ptr(p, canonical)),
    }
}

/// A date pattern: quotes balanced, then compiled by the date engine.
fn check_pattern(cx: &mut Cx, p: &str, key: &str, n: &Node) -> Option<DateFormat> {
    let Some(s) = n.as_str() else {
        cx.err(
            p,
            n.pos,
            format!("{key:?} must be a string, found {}", n.type_name()),
            None,
        );
        return None;
    };
    if s.trim().is_empty() {
        cx.err(
            p,
            n.pos,
            format!("{key:?} is empty"),
            Some("e.g. \"yyyy-MM-dd'T'HH:mm:ss.SSSX\" or \"milliseconds\"".into()),
        );
        return None;
    }
    if let Some(open_at) = unbalanced_quote(s) {
        let hint = match s.strip_suffix('\'') {
            Some(fixed) if unbalanced_quote(fixed).is_none() => {
                format!("remove the stray trailing quote: {fixed:?}")
            }
            _ => "close the quoted text with `'` (write '' for a literal quote)".to_string(),
        };
        cx.err(
            p,
            n.pos,
            format!(
                "date pattern {s:?} has an unbalanced quote (opened at character {})",
                open_at + 1
            ),
            Some(hint),
        );
        return None;
    }
    match DateFormat::compile(s) {
        Ok(f) => Some(f),
        Err(e) => {
            cx.err(
                p,
                n.pos,
                format!("{key:?}: {e}"),
                Some("see `pollctl date format --help` for the pattern letters".into()),
            );
            None
        }
    }
}

/// The char index of a quote that is never closed (`''` is a literal quote).
pub fn unbalanced_quote(pattern: &str) -> Option<usize> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\'' {
            if chars.get(i + 1) == Some(&'\'') {
                i += 2;
                continue;
            }
            open = if open.is_some() { None } else { Some(i) };
        }
        i += 1;
    }
    open
}

fn check_zone(
    cx: &mut Cx,
    p: &str,
    key: &str,
    n: &Node,
    config: &serde_json::Map<String, serde_json::Value>,
) -> Option<Zone> {
    let Some(s) = n.as_str() else {
        cx.err(
            p,
            n.pos,
            format!("{key:?} must be a string, found {}", n.type_name()),
            None,
        );
        return None;
    };
    // `{TimeZone}` (Zoho CRM's default): a configuration value, like URL placeholders.
    if let Some(name) = s.trim().strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        return match config.get(name).and_then(|v| v.as_str()) {
            Some(value) => match Zone::parse(value.trim()) {
                Ok(z) => Some(z),
                Err(e) => {
                    cx.err(
                        p,
                        n.pos,
                        format!("{key:?} is {{{name}}} = {value:?}, which is not a time zone: {e}"),
                        None,
                    );
                    None
                }
            },
            None => {
                cx.warn(
                    p,
                    n.pos,
                    format!("{key:?} is {{{name}}}, which has no value in the configuration: pollctl reads these dates as GMT"),
                    Some(format!("add \"{name}\" (a zone such as America/New_York) to the configuration")),
                );
                Some(Zone::Utc)
            }
        };
    }
    match Zone::parse(s.trim()) {
        Ok(z) => {
            if let Some(note) = Zone::java_fallback_note(s) {
                cx.warn(p, n.pos, format!("{key:?}: {note}"), None);
            }
            Some(z)
        }
        Err(e) => {
            cx.err(
                p,
                n.pos,
                format!("{key:?}: {e}"),
                Some("IANA names (America/New_York), GMT/UTC, offsets (+05:30, -8:00) and Java's abbreviations (EST, MST, PST) are accepted".into()),
            );
            None
        }
    }
}

/// The report for an input over [`json::MAX_BYTES`], without reading it all; `size` when known.
pub fn too_large(size: Option<u64>) -> Report {
    let what = match size {
        Some(n) => format!("file is {n} bytes"),
        None => "input is larger than the limit".to_string(),
    };
    Report {
        diagnostics: vec![Diagnostic {
            severity: Severity::Error,
            pointer: String::new(),
            line: 1,
            column: 1,
            message: format!(
                "{what}; instance JSON is limited to {} bytes ({} MiB)",
                json::MAX_BYTES,
                json::MAX_BYTES / (1024 * 1024)
            ),
            hint: Some("is this the right file? An instance body is a few kilobytes".into()),
        }],
        instance: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diags(src: &str) -> Vec<(Severity, String, String)> {
        validate(src.as_bytes())
            .diagnostics
            .into_iter()
            .map(|d| (d.severity, d.pointer, d.message))
            .collect()
    }

    const EGNYTE: &str = r#"{
  "element": {"key": "egnyte"},
  "providerData": {"code": "abc123"},
  "configuration": {
    "oauth.callback.url": "https://mycoolapp.com/oauth",
    "oauth.api.key": "client-id",
    "oauth.api.secret": "s3cret-value",
    "subdomain": "acme",
    "event.notification.enabled": true,
    "event.notification.callback.url": "https://mycoolapp.com/events",
    "event.poller.refresh_interval": "15",
    "event.poller.configuration": {
      "events": {
        "url": "/hubs/documents/events",
        "idField": "event_object_id",
        "datesConfiguration": {
          "updatedDateField": "event_date",
          "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss.SSSX",
          "createdDateField": "event_date",
          "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss.SSSX"
        }
      }
    }
  },
  "tags": ["docs"],
  "name": "acme"
}"#;

    #[test]
    fn valid_instance_is_typed() {
        let r = validate(EGNYTE.as_bytes());
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        let i = r.instance.unwrap();
        assert_eq!(i.connector, "egnyte");
        assert_eq!(i.events.refresh_interval_minutes, 15);
        assert!(i.events.enabled);
        assert_eq!(i.events.resources.len(), 1);
        let res = &i.events.resources[0];
        assert_eq!(res.name, "events");
        assert_eq!(res.id_field.as_str(), "event_object_id");
        assert_eq!(res.url.source(), "/hubs/documents/events");
        let d = res.dates.as_ref().unwrap();
        assert_eq!(d.updated.as_ref().unwrap().path.as_str(), "event_date");
        assert_eq!(d.updated.as_ref().unwrap().zone, Zone::Utc);
        assert!(res.filter_by_updated_date);
    }

    #[test]
    fn poller_configuration_as_string_reports_outer_positions() {
        let src = "{\"element\":{\"key\":\"egnyte\"},\"configuration\":{\"oauth.api.key\":\"a1\",\"oauth.api.secret\":\"b2c3\",\"oauth.callback.url\":\"https://x.example/cb\",\"subdomain\":\"acme\",\n\"event.poller.configuration\":\"{\\\"events\\\":{\\\"url\\\":\\\"/e\\\"}}\"}}";
        let r = validate(src.as_bytes());
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.message.contains("idField"))
            .unwrap();
        assert_eq!(
            d.pointer,
            "/configuration/event.poller.configuration/events/idField"
        );
        assert_eq!(d.line, 2);
        // The resource object `{` follows `"{\"events\":` on line 2: column 43.
        assert_eq!(d.column, 43);
    }

    #[test]
    fn defaults_of_every_connector_have_no_errors() {
        for c in catalog::ALL {
            let d = check_default(c);
            assert!(
                d.iter().all(|d| d.severity == Severity::Warning),
                "{}: {d:?}",
                c.key
            );
            assert!(!default_resources(c).is_empty(), "{}", c.key);
        }
    }

    #[test]
    fn typed_errors() {
        let bad = EGNYTE
            .replace("\"15\"", "\"0\"")
            .replace(
                "\"event.notification.enabled\": true",
                "\"event.notification.enabled\": \"yes\"",
            )
            .replace("\"acme\",\n", "\"acme.egnyte.com\",\n");
        let d = diags(&bad);
        assert!(
            d.iter().any(|(s, p, m)| *s == Severity::Error
                && p == "/configuration/event.poller.refresh_interval"
                && m.contains("at least 1")),
            "{d:?}"
        );
        assert!(
            d.iter().any(|(s, p, _)| *s == Severity::Error
                && p == "/configuration/event.notification.enabled")
        );
        assert!(
            d.iter()
                .any(|(s, p, _)| *s == Severity::Error && p == "/configuration/subdomain")
        );
    }

    proptest::proptest! {
        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512)) {
            let _ = validate(&bytes);
        }

        /// Any legacy `event.poller.urls` text is a diagnostic, never a panic, and every
        /// diagnostic about it points at the string.
        #[test]
        fn legacy_strings_never_panic(text in "[a-z/|${}:'\n\r .TZXyMdHms-]{0,80}") {
            let doc = serde_json::json!({
                "element": {"key": "sfdc"},
                "configuration": {"event.notification.enabled": true, "event.poller.urls": text}
            });
            let r = validate(doc.to_string().as_bytes());
            for d in &r.diagnostics {
                if d.message.contains("event.poller.urls\" line") {
                    proptest::prop_assert_eq!(&d.pointer, "/configuration/event.poller.urls");
                }
            }
        }

        /// Mutations of a valid document reach the semantic checks, not only the parser.
        #[test]
        fn mutated_instances_never_panic(at in 0usize..2000, with in "[\\{}\\[\\]\":,a-z0-9 $'\n.-]{0,3}") {
            let mut s = EGNYTE.to_string();
            let at = at % s.len();
            if s.is_char_boundary(at) {
                s.insert_str(at, &with);
            }
            let _ = validate(s.as_bytes());
        }
    }

    fn has(d: &[(Severity, String, String)], sev: Severity, pointer: &str, word: &str) -> bool {
        d.iter()
            .any(|(s, p, m)| *s == sev && p == pointer && m.contains(word))
    }

    #[test]
    fn more_rules() {
        const RES: &str = "/configuration/event.poller.configuration/events";
        let src = EGNYTE
            .replace("\"/hubs/documents/events\"", "\"https;//api.example.com/events\", \"pageSize\": 0, \"pollDelay\": \"30\"")
            .replace("\"event.notification.enabled\": true", "\"event.notification.enabled\": \"true\", \"event.vendor.type\": \"webhook\", \"sharefile.subdomain\": \"x\"")
            .replace("\"15\"", "5");
        let d = diags(&src);
        assert!(
            has(
                &d,
                Severity::Error,
                &format!("{RES}/url"),
                "not a valid URL"
            ),
            "{d:?}"
        );
        assert!(has(
            &d,
            Severity::Error,
            &format!("{RES}/pageSize"),
            "at least 1"
        ));
        assert!(has(
            &d,
            Severity::Error,
            "/configuration/event.vendor.type",
            "polling events only"
        ));
        assert!(has(
            &d,
            Severity::Warning,
            "/configuration/sharefile.subdomain",
            "key of sharefile"
        ));
        assert!(has(
            &d,
            Severity::Warning,
            "/configuration/event.poller.configuration",
            "ignored when"
        ));
        assert!(!d.iter().any(|(_, p, _)| p.ends_with("pollDelay")
            || p.ends_with("refresh_interval")
            || p.ends_with("enabled")));

        let src = EGNYTE.replace(
            "\"event.poller.configuration\": {\n      \"events\"",
            "\"event.poller.configuration\": \"{\\\"a\\\": 1,}\", \"unused\": {\n      \"events\"",
        );
        let r = validate(src.as_bytes());
        let e = r
            .diagnostics
            .iter()
            .find(|d| d.message.contains("trailing comma"))
            .expect("reported");
        assert_eq!(e.pointer, "/configuration/event.poller.configuration");
        assert_eq!((e.line, e.column), (12, 45));
        assert!(r.instance.is_none());

        let src = EGNYTE.replace(
            "\"event.poller.configuration\": {",
            "\"event.poller.configuration\": {},\"x\": {",
        );
        let r = validate(src.as_bytes());
        assert!(
            r.diagnostics
                .iter()
                .any(|d| d.message.contains("no resources"))
        );
        assert_eq!(r.instance.expect("valid").events.resources.len(), 0);
    }

    #[test]
    fn absent_poller_configuration_uses_the_catalog_default() {
        let start = EGNYTE.find("    \"event.poller.configuration\"").unwrap();
        let end = EGNYTE.find("\n  },\n  \"tags\"").unwrap();
        let src = format!("{}    \"x.unused\": 1{}", &EGNYTE[..start], &EGNYTE[end..]);
        let r = validate(src.as_bytes());
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        let i = r.instance.unwrap();
        assert_eq!(i.events.resources.len(), 1);
        assert_eq!(i.events.resources[0].id_field.as_str(), "event_object_id");
    }

    /// A lone CR, a tab or a NUL in a resource URL (escaped in JSON, or a bare CR ending a
    /// legacy line) was valid; the HTTP client drops or escapes it and polls another URL.
    #[test]
    fn control_characters_in_a_url_are_errors_in_both_formats() {
        for bad in [
            r"/hubs/documents/ev\rents",
            r"/hubs/documents/events\t",
            r"/hubs/documents/events\u0000",
        ] {
            let src = EGNYTE.replace("\"/hubs/documents/events\"", &format!("\"{bad}\""));
            let d = diags(&src);
            assert!(
                d.iter().any(|(s, p, m)| *s == Severity::Error
                    && p == "/configuration/event.poller.configuration/events/url"
                    && m.contains("control character")),
                "{bad}: {d:?}"
            );
        }
        // The legacy format: "a|/hubs/crm/a\rb|/hubs/crm/b" (an old-Mac line end).
        let start = EGNYTE.find("    \"event.poller.configuration\"").unwrap();
        let end = EGNYTE.find("\n  },\n  \"tags\"").unwrap();
        let src = format!(
            "{}    \"event.poller.urls\": \"a|/hubs/documents/a\\rb|/hubs/documents/b\"{}",
            &EGNYTE[..start],
            &EGNYTE[end..]
        );
        let d = diags(&src);
        assert!(
            d.iter().any(|(s, p, m)| *s == Severity::Error
                && p == "/configuration/event.poller.urls"
                && m.contains("control character")),
            "{d:?}"
        );
    }

    #[test]
    fn quotes() {
        assert_eq!(unbalanced_quote("yyyy-MM-dd'T'HH:mm:ss.SSSX'"), Some(26));
        assert_eq!(unbalanced_quote("yyyy-MM-dd'T'HH:mm:ss'Z'"), None);
        assert_eq!(unbalanced_quote("h 'o''clock'"), None);
        assert!(looks_placeholder("<INSERT_API_KEY>"));
        assert!(looks_placeholder("xxxxxxxxxxxx"));
        assert!(!looks_placeholder("cloudelements"));
        // Unexpanded environment variables and to-do markers (they were exit 0).
        for p in [
            "${CLIENT_ID}",
            "$CLIENT_ID",
            "%CLIENT_ID%",
            "${_X1}",
            "TODO",
            "…",
            "...",
        ] {
            assert!(looks_placeholder(p), "{p}");
        }
        for real in [
            "${date}",
            "${gmtDate:yyyy}",
            "$ecret-value",
            "$",
            "${}",
            "100%",
            "client$ID",
        ] {
            assert!(!looks_placeholder(real), "{real}");
        }
    }
}
