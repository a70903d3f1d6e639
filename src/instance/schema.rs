//! JSON Schema (draft 2020-12) of the instance body, generated from the same key tables
//! validation reads ([`crate::instance::keys`] and the catalog), so the two never disagree.
//!
//! The schema describes a finished instance: it is a little stricter than validation where
//! validation only warns (placeholder values are not recognised by the schema, and an empty
//! value is allowed by both). Validation stays the authority: it also checks date patterns,
//! zones, URL macros and placeholders, which a schema cannot express.

use serde_json::{Map, Value, json};

use crate::catalog::{self, ConfigKey, Connector};
use crate::instance::keys::{self, KeySpec, ValueKind};

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The schema for one connector, or (None) for any known connector.
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
                            "enum": catalog::ALL.iter().map(|c| c.key).collect::<Vec<_>>(),
                            "description": "The connector key."
                        }),
                    }
                }
            },
            "providerData": {
                "type": "object",
                "properties": {
                    "code": {
                        "type": "string",
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
        Some(c) => {
            configuration["required"] = json!(required_keys(c));
        }
        None => {
            // Per-connector required keys, chosen by element.key.
            let all_of: Vec<Value> = catalog::ALL
                .iter()
                .map(|c| {
                    json!({
                        "if": {
                            "properties": { "element": { "properties": { "key": { "const": c.key } } } },
                            "required": ["element"]
                        },
                        "then": {
                            "properties": { "configuration": { "required": required_keys(c) } }
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

fn required_keys(c: &Connector) -> Vec<&'static str> {
    catalog::OAUTH_KEYS
        .iter()
        .chain(c.config_keys.iter())
        .filter(|k| k.required)
        .map(|k| k.key)
        .collect()
}

fn config_key_schema(k: &ConfigKey) -> Value {
    let mut s = match k.key {
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
    json!({ "type": "string", "pattern": "^(https?://[^/\\s]+.*)?$" })
}

fn kind_schema(kind: ValueKind) -> Value {
    match kind {
        ValueKind::String | ValueKind::FieldPath => json!({ "type": "string" }),
        ValueKind::Url => url_schema(),
        ValueKind::Bool => json!({ "$ref": "#/$defs/boolean" }),
        ValueKind::Integer { min } => integer_schema(min),
        ValueKind::VendorType => json!({ "enum": ["polling", "webhook", "webhooks"] }),
        ValueKind::PollerConfig => json!({
            "anyOf": [
                { "$ref": "#/$defs/pollerConfiguration" },
                { "type": "string", "contentMediaType": "application/json",
                  "contentSchema": { "$ref": "#/$defs/pollerConfiguration" } }
            ]
        }),
        ValueKind::DatePattern | ValueKind::TimeZone | ValueKind::UrlTemplate => {
            json!({ "type": "string", "minLength": 1 })
        }
        ValueKind::DatesObject => json!({ "$ref": "#/$defs/datesConfiguration" }),
    }
}

fn integer_schema(min: u64) -> Value {
    let pattern = if min >= 1 {
        "^\\s*0*[1-9][0-9]*\\s*$"
    } else {
        "^\\s*[0-9]+\\s*$"
    };
    json!({
        "anyOf": [
            { "type": "integer", "minimum": min },
            { "type": "string", "pattern": pattern }
        ]
    })
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
            "anyOf": [ { "type": "boolean" }, { "enum": ["true", "false"] } ]
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
