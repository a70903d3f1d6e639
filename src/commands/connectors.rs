//! `pollctl connectors list|show`: the built-in catalog.
use serde_json::{Value, json};

use crate::Result;
use crate::catalog::{self, Connector, DefaultOrigin};
use crate::cli::{ConnectorsCommand, OutputFormat};
use crate::commands::print_stdout;
use crate::instance::keys;
use crate::output::Ui;

pub fn run(cmd: ConnectorsCommand, _ui: &Ui) -> Result<()> {
    match cmd {
        ConnectorsCommand::List { format } => {
            let text = match format {
                OutputFormat::Json => pretty(&json!(
                    catalog::ALL
                        .iter()
                        .map(|c| summary_json(c))
                        .collect::<Vec<_>>()
                )),
                OutputFormat::Text => list_text(),
            };
            print_stdout(&text)
        }
        ConnectorsCommand::Show { key, format } => {
            let c = catalog::get(&key)?;
            let text = match format {
                OutputFormat::Json => pretty(&show_json(c)),
                OutputFormat::Text => show_text(c),
            };
            print_stdout(&text)
        }
    }
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string());
    s.push('\n');
    s
}

fn origin(o: DefaultOrigin) -> &'static str {
    match o {
        DefaultOrigin::Published => "published",
        DefaultOrigin::Pollctl => "pollctl",
        DefaultOrigin::Unknown => "none",
    }
}

fn origin_text(o: DefaultOrigin) -> &'static str {
    match o {
        DefaultOrigin::Published => "as published in the vendor's documentation",
        DefaultOrigin::Pollctl => {
            "pollctl's own: the vendor publishes none; supply your own event.poller.configuration if it does not fit"
        }
        DefaultOrigin::Unknown => {
            "none known: the connector is not in pollctl's catalog; copy its default from the connector's documentation"
        }
    }
}

fn default_poller(c: &Connector) -> Value {
    serde_json::from_str(c.default_poller).unwrap_or(Value::Null)
}

/// Resource names in the order written (serde_json's map would sort them).
fn resource_names(c: &Connector) -> Vec<String> {
    crate::instance::json::parse_str(c.default_poller)
        .root
        .and_then(|r| {
            r.members()
                .map(|m| m.iter().map(|m| m.key.clone()).collect())
        })
        .unwrap_or_default()
}

fn summary_json(c: &Connector) -> Value {
    json!({
        "key": c.key,
        "name": c.name,
        "hub": c.hub,
        "eventTypes": c.event_types,
        "requiredKeys": catalog::OAUTH_KEYS.iter().chain(c.config_keys.iter())
            .filter(|k| k.required).map(|k| k.key).collect::<Vec<_>>(),
        "defaultResources": resource_names(c),
        "defaultPollerOrigin": origin(c.default_poller_origin),
    })
}

fn list_text() -> String {
    let rows: Vec<[String; 5]> = catalog::ALL
        .iter()
        .map(|c| {
            [
                c.key.to_string(),
                c.name.to_string(),
                c.hub.to_string(),
                c.event_types.join(", "),
                format!(
                    "{}{}",
                    resource_names(c).join(", "),
                    if c.default_poller_origin == DefaultOrigin::Pollctl {
                        " (pollctl's own)"
                    } else {
                        ""
                    }
                ),
            ]
        })
        .collect();
    let header = [
        "KEY".to_string(),
        "NAME".into(),
        "HUB".into(),
        "EVENTS".into(),
        "DEFAULT RESOURCES".into(),
    ];
    let mut widths = header.clone().map(|h| h.chars().count());
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for r in std::iter::once(&header).chain(rows.iter()) {
        let line: Vec<String> = r
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out.push_str(
        "\nAny other Cloud Elements connector key (sfdc, hubspotcrm, zendesk…) works generically:\n\
         validate, create (--connector KEY with --set), poll and the sandbox check its OAuth and\n\
         event.* keys and its poller configuration; its own keys are not checked.\n",
    );
    out
}

fn show_json(c: &Connector) -> Value {
    json!({
        "key": c.key,
        "name": c.name,
        "hub": c.hub,
        "eventTypes": c.event_types,
        "configuration": catalog::OAUTH_KEYS.iter().chain(c.config_keys.iter()).map(|k| json!({
            "key": k.key,
            "description": k.description,
            "required": k.required,
            "secret": k.secret,
            "example": if k.example.is_empty() { Value::Null } else { json!(k.example) },
        })).collect::<Vec<_>>(),
        "eventKeys": keys::EVENT_KEYS.iter().map(|k| json!({
            "key": k.key,
            "description": k.description,
            "secret": k.secret,
        })).collect::<Vec<_>>(),
        "defaultPollerConfiguration": default_poller(c),
        "defaultPollerOrigin": origin(c.default_poller_origin),
        "oauth": {
            "authorizeUrl": c.oauth.authorize_url,
            "tokenUrl": c.oauth.token_url,
            "scopes": c.oauth.default_scopes,
            "pkce": c.oauth.pkce,
            "overridable": true,
            "notes": c.oauth.notes,
        },
    })
}

fn show_text(c: &Connector) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "{} — {} (hub: {})", c.key, c.name, c.hub);
    let _ = writeln!(s, "Events: {}", c.event_types.join(", "));
    let _ = writeln!(s, "\nConfiguration keys:");
    for k in catalog::OAUTH_KEYS.iter().chain(c.config_keys.iter()) {
        let mut flags = vec![if k.required { "required" } else { "optional" }];
        if k.secret {
            flags.push("secret");
        }
        let _ = writeln!(s, "  {} ({})", k.key, flags.join(", "));
        let _ = writeln!(s, "      {}", k.description);
        if !k.example.is_empty() {
            let _ = writeln!(s, "      e.g. {}", k.example);
        }
    }
    let _ = writeln!(s, "\nEvent keys (optional):");
    for k in keys::EVENT_KEYS {
        let secret = if k.secret { " (secret)" } else { "" };
        let _ = writeln!(s, "  {}{secret}", k.key);
        let _ = writeln!(s, "      {}", k.description);
    }
    let _ = writeln!(
        s,
        "\nDefault event.poller.configuration ({}):",
        origin_text(c.default_poller_origin)
    );
    for line in c.default_poller.lines() {
        let _ = writeln!(s, "  {line}");
    }
    let _ = writeln!(
        s,
        "\nOAuth 2.0 endpoints (each overridable with --auth-url/--token-url and --direct; tenants and regions differ):"
    );
    let _ = writeln!(s, "  authorize URL: {}", c.oauth.authorize_url);
    let _ = writeln!(s, "  token URL:     {}", c.oauth.token_url);
    let scopes = if c.oauth.default_scopes.is_empty() {
        "(none)".to_string()
    } else {
        c.oauth.default_scopes.join(" ")
    };
    let _ = writeln!(s, "  scopes:        {scopes}");
    let _ = writeln!(
        s,
        "  PKCE:          {}",
        if c.oauth.pkce {
            "S256"
        } else {
            "not used (the provider documents none)"
        }
    );
    if !c.oauth.notes.is_empty() {
        let _ = writeln!(s, "  notes:         {}", c.oauth.notes);
    }
    s
}
