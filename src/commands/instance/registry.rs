//! `pollctl instance list|show|delete`: the local registry of provisioned instances.

use std::time::Duration;

use secrecy::ExposeSecret;
use serde_json::{Value, json};

use crate::cli::OutputFormat;
use crate::output::Ui;
use crate::platform::client::PlatformClient;
use crate::registry::{Entry, Registry};
use crate::runtime::{self, Flavor};
use crate::settings::{ElementToken, Settings};
use crate::{Error, Result};

fn summary(e: &Entry, reveal: bool) -> Value {
    json!({
        "name": e.name,
        "id": e.id,
        "connector": e.connector,
        "baseUrl": e.base_url,
        "createdAt": e.created_at,
        "token": if reveal { e.token.expose_secret().to_string() } else { "(redacted: --reveal shows it)".to_string() },
    })
}

pub fn list(format: OutputFormat, settings: &Settings) -> Result<()> {
    // With PostgreSQL state the registry is the database's.
    let entries = match settings.state_url()? {
        Some(url) => {
            let pg = crate::poll::pg::PgState::new(url, Duration::from_secs(60));
            runtime::block_on(Flavor::CurrentThread, async {
                pg.check_schema().await?.instances().await
            })??
        }
        None => settings.registry()?.list()?,
    };
    let text = match format {
        OutputFormat::Json => {
            let v: Vec<Value> = entries
                .iter()
                .map(|e| {
                    let mut s = summary(e, false);
                    if let Some(o) = s.as_object_mut() {
                        o.remove("token");
                    }
                    s
                })
                .collect();
            format!("{}\n", Value::Array(v))
        }
        OutputFormat::Text => {
            if entries.is_empty() {
                "No provisioned instances. Create one with `pollctl instance create --post` or `pollctl oauth login`.\n".to_string()
            } else {
                let w = entries
                    .iter()
                    .map(|e| e.name.len())
                    .max()
                    .unwrap_or(4)
                    .max(4);
                let mut out = format!(
                    "{:w$}  {:<14}  {:<10}  BASE URL\n",
                    "NAME", "CONNECTOR", "ID"
                );
                for e in &entries {
                    out.push_str(&format!(
                        "{:w$}  {:<14}  {:<10}  {}\n",
                        e.name, e.connector, e.id, e.base_url
                    ));
                }
                out
            }
        }
    };
    super::super::print_stdout(&text)
}

fn not_found(name: &str, reg: &Registry) -> Error {
    let known = reg.names();
    Error::Invalid(format!(
        "no provisioned instance named {name:?} in {}{}",
        reg.dir().display(),
        if known.is_empty() {
            String::new()
        } else {
            format!("; known: {}", known.join(", "))
        }
    ))
}

pub fn show(name: &str, reveal: bool, format: OutputFormat, settings: &Settings) -> Result<()> {
    let reg = settings.registry()?;
    let e = reg.load(name)?.ok_or_else(|| not_found(name, &reg))?;
    let mut v = summary(&e, reveal);
    let text = match format {
        OutputFormat::Json => {
            if let Some(o) = v.as_object_mut() {
                o.insert("instance".into(), redact_body(&e.body, reveal));
            }
            format!("{v}\n")
        }
        OutputFormat::Text => {
            let mut out = String::new();
            for k in ["name", "id", "connector", "baseUrl", "createdAt", "token"] {
                out.push_str(&format!(
                    "{k:10} {}\n",
                    v[k].as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v[k].to_string())
                ));
            }
            let body =
                serde_json::to_string_pretty(&redact_body(&e.body, reveal)).unwrap_or_default();
            out.push_str(&format!("instance:\n{body}\n"));
            out
        }
    };
    super::super::print_stdout(&text)
}

/// Hide the secrets the stored body holds (client secret, signature key…) unless revealed.
fn redact_body(body: &Value, reveal: bool) -> Value {
    let mut b = body.clone();
    if !reveal && let Some(cfg) = b.get_mut("configuration").and_then(Value::as_object_mut) {
        for (key, value) in cfg.iter_mut() {
            if crate::instance::model::is_secret_key(key) {
                *value = json!("(redacted)");
            }
        }
    }
    b
}

pub fn delete(name: &str, remote: bool, settings: &Settings, ui: &Ui) -> Result<()> {
    let reg = settings.registry()?;
    let e = reg.load(name)?.ok_or_else(|| not_found(name, &reg))?;
    if remote {
        let creds = settings.credentials(None, None, ElementToken::Skip)?;
        // The platform it was provisioned on, unless a flag or variable names another.
        let base = if settings.base_url_explicit() {
            settings.base_url()?.value
        } else {
            e.base_url.clone()
        };
        let client = PlatformClient::new(&base, creds, Duration::from_secs(30))?;
        runtime::block_on(Flavor::CurrentThread, client.delete_instance(&e.id))??;
        ui.note(&format!("Deleted instance {} on {}", e.id, base));
    }
    reg.delete(name)?;
    ui.note(&format!("Removed {name:?} from the local registry"));
    Ok(())
}
