//! JSON Schema (draft 2020-12) of the instance body, generated from the same key tables
//! validation reads ([`crate::instance::keys`] and the catalog), so the two never disagree.
//!
//! The schema describes a finished instance, like `instance validate` without `--template`:
//! required values may not be empty or documentation placeholders, numbers are bounded, and
//! the four catalog connectors get their own required keys and event types. Any other
//! connector key is accepted (checked generically). Validation stays the authority: it also
//! checks date patterns, zones, URL macros and the legacy `event.poller.urls` lines, which a
//! schema cannot express. `tests/fixtures/schema-cases.json` holds the cases both must judge
//! alike; the schema compiles under Ajv's strict mode (every subschema that constrains an
//! object says `"type": "object"`, every required key is declared).

use serde_json::{Map, Value, json};

use crate::catalog::{self, ConfigKey, Connector};
use crate::instance::keys::{self, KeySpec, ValueKind};

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// A documentation placeholder (`validate::looks_placeholder`), as an ECMA-262 regex.
pub const PLACEHOLDER_PATTERN: &str = "^\\s*(<[\\s\\S]*>|\\{\\{[\\s\\S]*\\}\\}|[xX]{4,}|\\*{4,}|[Ii][Nn][Ss][Ee][Rr][Tt]_[\\s\\S]*|[Yy][Oo][Uu][Rr]_[\\s\\S]*|[Cc][Hh][Aa][Nn][Gg][Ee][Mm][Ee])\\s*$";

/// The schema for one connector, or (None) for any connector.
pub fn schema(connector: Option<&Connector>) -> Value {
    let mut config_props = Map::new();
    for k in catalog::OAUTH_KEYS {
        config_props.insert(k.key.into(), config_key_schema(k));
    }
    let connectors: Vec<&Connector> = match connector {
        Some(c) => vec![c],
        None => catalog::ALL.to_vec(),
    };
    for c in &connectors {
        for k in c.config_keys {
            config_props.insert(k.key.into(), config_key_schema(k));
        }
    }
    for spec in keys::EVENT_KEYS {
        let mut s = kind_schema(spec.kind);
        if spec.kind == ValueKind::VendorType
            && let Some(c) = connector
        {
            let mut allowed: Vec<&str> = c.event_types.to_vec();
            if allowed.contains(&"webhook") {
                allowed.push("webhooks");
            }
            s = json!({ "enum": allowed });
        }
        config_props.insert(spec.key.into(), describe(s, spec.description));
    }

    let mut configuration = json!({
        "type": "object",
        "description": "Connector configuration: OAuth keys, connector keys and the platform's event.* keys. Other keys are passed to the platform as they are.",
        "properties": config_props,
        "allOf": [callback_when_enabled()],
    });

    let mut root = json!({
        "$schema": DRAFT,
        "title": match connector {
            Some(c) => format!("pollctl instance body for {} ({})", c.name, c.key),
            None => "pollctl instance body (POST /instances)".to_string(),
        },
        "type": "object",
        "required": ["element", "configuration"],
        "properties": {
            "element": {
                "type": "object",
                "required": ["key"],
                "properties": {
                    "key": match connector {
                        Some(c) => json!({ "const": c.key, "description": "The connector key." }),
                        None => json!({
                            "type": "string",
                            "pattern": "^[a-z][a-z0-9_-]{0,63}$",
                            "description": "The connector key: one of the catalog's or any other Cloud Elements connector (checked generically).",
                            "examples": catalog::ALL.iter().map(|c| c.key).collect::<Vec<_>>(),
                        }),
                    },
                    "id": {}
                }
            },
            "providerData": {
                "type": "object",
                "properties": {
                    "code": {
                        "type": "string",
                        "pattern": "\\S",
                        "not": { "pattern": PLACEHOLDER_PATTERN },
                        "description": "The authorization grant code returned by the provider in the OAuth 2.0 flow."
                    }
                }
            },
            "name": { "type": "string", "description": "The name of the instance." },
            "tags": {
                "type": "array",
                "items": { "type": "string" },
                "description": "Optional. User-defined tags."
            },
            "configuration": Value::Null,
        },
        "$defs": defs(),
    });

    match connector {
        Some(c) if c.is_builtin() => {
            configuration["required"] = json!(required_keys(c));
        }
        Some(_) => {}
        None => {
            // Per-connector required keys and event types, chosen by element.key.
            let all_of: Vec<Value> = catalog::ALL
                .iter()
                .map(|c| {
                    let mut config_then = json!({
                        "type": "object",
                        "required": required_keys(c),
                        "properties": required_keys(c).iter().map(|k| (k.to_string(), json!({}))).collect::<Map<_, _>>(),
                    });
                    if !c.event_types.contains(&"webhook") {
                        config_then["properties"]["event.vendor.type"] = json!({ "enum": c.event_types });
                    }
                    json!({
                        "if": {
                            "type": "object",
                            "properties": {
                                "element": {
                                    "type": "object",
                                    "properties": { "key": { "const": c.key } },
                                    "required": ["key"]
                                }
                            },
                            "required": ["element"]
                        },
                        "then": {
                            "type": "object",
                            "properties": { "configuration": config_then }
                        }
                    })
                })
                .collect();
            root["allOf"] = json!(all_of);
        }
    }
    root["properties"]["configuration"] = configuration;
    root
}

/// With events enabled, a present callback URL may not be empty or a placeholder.
fn callback_when_enabled() -> Value {
    json!({
        "if": {
            "type": "object",
            "properties": {
                "event.notification.enabled": {
                    "anyOf": [
                        { "const": true },
                        { "type": "string", "pattern": "^\\s*[Tt][Rr][Uu][Ee]\\s*$" }
                    ]
                }
            },
            "required": ["event.notification.enabled"]
        },
        "then": {
            "type": "object",
            "properties": {
                "event.notification.callback.url": {
                    "anyOf": [
                        { "type": "null" },
                        { "type": "string", "pattern": "\\S", "not": { "pattern": PLACEHOLDER_PATTERN } }
                    ]
                }
            }
        }
    })
}

fn required_keys(c: &Connector) -> Vec<&'static str> {
    catalog::OAUTH_KEYS
        .iter()
        .chain(c.config_keys.iter())
        .filter(|k| k.required)
        .map(|k| k.key)
        .collect()
}

fn config_key_schema(k: &ConfigKey) -> Value {
    let s = match k.key {
        "oauth.callback.url" => url_schema(),
        "subdomain" | "sharefile.subdomain" => json!({
            "type": "string",
            "pattern": "^[A-Za-z0-9-]*$"
        }),
        "docushare.domain" => json!({
            "type": "string",
            "pattern": "^[^/:\\s]*$"
        }),
        _ => json!({ "type": "string" }),
    };
    // Present means filled in: not empty, not a documentation placeholder (validation errors
    // on both; OAuth keys are checked when present for every connector).
    let mut s = json!({
        "allOf": [s, { "type": "string", "pattern": "\\S", "not": { "pattern": PLACEHOLDER_PATTERN } }]
    });
    if k.secret {
        s["writeOnly"] = json!(true);
    }
    if !k.example.is_empty() {
        s["examples"] = json!([k.example]);
    }
    describe(s, k.description)
}

fn describe(mut s: Value, description: &str) -> Value {
    if let Value::Object(m) = &mut s {
        m.insert("description".into(), json!(description));
    }
    s
}

fn url_schema() -> Value {
    json!({ "type": "string", "pattern": "^\\s*(https?://[^/\\s]+.*)?$" })
}

fn kind_schema(kind: ValueKind) -> Value {
    match kind {
        // `null` is "not set" (the platform's instance dumps carry it).
        ValueKind::String => json!({ "anyOf": [{ "type": "string" }, { "type": "null" }] }),
        ValueKind::FieldPath => json!({ "type": "string" }),
        ValueKind::Url => json!({ "anyOf": [url_schema(), { "type": "null" }] }),
        ValueKind::LegacyPollerUrls => {
            json!({ "anyOf": [{ "type": "string" }, { "type": "null" }] })
        }
        ValueKind::Bool => json!({ "$ref": "#/$defs/boolean" }),
        ValueKind::Integer { min, max } => integer_schema(min, max),
        ValueKind::VendorType => json!({ "enum": ["polling", "webhook", "webhooks"] }),
        ValueKind::PollerConfig => json!({
            "anyOf": [
                { "$ref": "#/$defs/pollerConfiguration" },
                { "type": "null" },
                { "type": "string", "contentMediaType": "application/json",
                  "contentSchema": { "$ref": "#/$defs/pollerConfiguration" } }
            ]
        }),
        ValueKind::DatePattern | ValueKind::UrlTemplate => {
            json!({ "type": "string", "pattern": "\\S" })
        }
        // `""` is read as "not set" (the platform's own defaults ship it).
        ValueKind::TimeZone => json!({ "type": "string" }),
        ValueKind::DatesObject => json!({ "$ref": "#/$defs/datesConfiguration" }),
    }
}

/// An integer in `min..=max` (`min` is 0 or 1), as a number or a numeric string; the string's
/// range is an exact regex.
fn integer_schema(min: u64, max: u64) -> Value {
    let nonzero = if min >= 1 { "(?!0*\\s*$)" } else { "" };
    let pattern = format!("^\\s*{nonzero}0*(?:{})\\s*$", at_most(max));

    json!({
        "anyOf": [
            { "type": "integer", "minimum": min, "maximum": max },
            { "type": "string", "pattern": pattern }
        ]
    })
}

/// A regex (no anchors, no leading zeros) for the integers `0..=max`.
fn at_most(max: u64) -> String {
    let d: Vec<u8> = max.to_string().bytes().map(|b| b - b'0').collect();
    let n = d.len();
    let mut alts = vec!["0".to_string()];
    if n >= 2 {
        alts.push(format!("[1-9][0-9]{{0,{}}}", n - 2));
    }
    for i in 0..n {
        let lo = u8::from(i == 0);
        if d[i] == 0 || d[i] - 1 < lo {
            continue;
        }
        let prefix: String = d[..i].iter().map(|x| char::from(b'0' + x)).collect();
        alts.push(format!("{prefix}[{lo}-{}][0-9]{{{}}}", d[i] - 1, n - i - 1));
    }
    alts.push(max.to_string());
    alts.join("|")
}

fn table_object(table: &[KeySpec], description: &str) -> Value {
    let mut props = Map::new();
    for spec in table {
        props.insert(
            spec.key.into(),
            describe(kind_schema(spec.kind), spec.description),
        );
        for alias in spec.aliases {
            let mut s = describe(
                kind_schema(spec.kind),
                &format!("Alias of {} (accepted with a warning).", spec.key),
            );
            s["deprecated"] = json!(true);
            props.insert((*alias).into(), s);
        }
    }
    let required: Vec<&str> = table.iter().filter(|s| s.required).map(|s| s.key).collect();
    json!({
        "type": "object",
        "description": description,
        "required": required,
        "properties": props,
    })
}

fn defs() -> Value {
    json!({
        "boolean": {
            "anyOf": [
                { "type": "boolean" },
                { "type": "string", "pattern": "^\\s*([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])\\s*$" }
            ]
        },
        "pollerConfiguration": {
            "type": "object",
            "description": "Resource name (the events' objectType) → resource configuration.",
            "additionalProperties": { "$ref": "#/$defs/resource" }
        },
        "resource": table_object(keys::RESOURCE_KEYS, "One resource to poll."),
        "datesConfiguration": table_object(
            keys::DATES_KEYS,
            "Where the records' dates are and how to read them (Java SimpleDateFormat patterns).",
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_ranges_are_exact() {
        for max in [5u64, 10, 19, 20, 100_000, 525_600, 2_592_000, 31_536_000] {
            let re = regex::Regex::new(&format!("^(?:{})$", at_most(max))).unwrap();
            let probes = (0..=200u64)
                .chain((0..=200).map(|k| max.saturating_sub(k)))
                .chain((1..=200).map(|k| max + k))
                .chain([max * 10, max * 10 + 9]);
            for n in probes {
                assert_eq!(re.is_match(&n.to_string()), n <= max, "{n} vs {max}");
            }
            assert!(
                !re.is_match("007"),
                "leading zeros are outside the alternation"
            );
        }
    }

    #[test]
    fn schema_follows_the_tables() {
        let s = schema(catalog::get("egnyte").ok());
        let req = &s["properties"]["configuration"]["required"];
        assert_eq!(
            req,
            &json!([
                "oauth.api.key",
                "oauth.api.secret",
                "oauth.callback.url",
                "subdomain"
            ])
        );
        assert_eq!(
            s["properties"]["element"]["properties"]["key"]["const"],
            "egnyte"
        );
        assert_eq!(
            s["properties"]["configuration"]["properties"]["event.vendor.type"]["enum"],
            json!(["polling"])
        );
        assert_eq!(
            s["$defs"]["resource"]["required"],
            json!(["url", "idField"])
        );
        assert_eq!(
            s["$defs"]["datesConfiguration"]["properties"]["updatedAtField"]["deprecated"],
            true
        );
        let any = schema(None);
        assert_eq!(
            any["allOf"].as_array().map(Vec::len),
            Some(catalog::ALL.len())
        );
    }
}
