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
    let entries = match Where::of(settings)? {
        Where::Database(pg) => runtime::block_on(Flavor::CurrentThread, async {
            pg.check_schema().await?.instances().await
        })??,
        Where::Files(reg) => reg.list()?,
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

/// Where the registry is: the state directory's files, or the PostgreSQL state's table.
enum Where {
    Files(Registry),
    Database(std::sync::Arc<crate::poll::pg::PgState>),
}

impl Where {
    fn of(settings: &Settings) -> Result<Where> {
        Ok(match settings.state_url()? {
            Some(url) => {
                Where::Database(crate::poll::pg::PgState::new(url, Duration::from_secs(60)))
            }
            None => Where::Files(settings.registry()?),
        })
    }

    /// The entry named `name`; an error naming the registry and the known names when none.
    fn load(&self, name: &str) -> Result<Entry> {
        let (found, known, place) = match self {
            Where::Files(reg) => (
                reg.load(name)?,
                reg.names(),
                reg.dir().display().to_string(),
            ),
            Where::Database(pg) => {
                let all = runtime::block_on(Flavor::CurrentThread, async {
                    pg.check_schema().await?.instances().await
                })??;
                let known = all.iter().map(|e| e.name.clone()).collect();
                (
                    all.into_iter().find(|e| e.name == name),
                    known,
                    format!("{} (pollctl_instance)", pg.url().redacted()),
                )
            }
        };
        found.ok_or_else(|| {
            Error::Invalid(format!(
                "no provisioned instance named {name:?} in {place}{}",
                if known.is_empty() {
                    String::new()
                } else {
                    format!("; known: {}", known.join(", "))
                }
            ))
        })
    }

    fn delete(&self, name: &str) -> Result<()> {
        match self {
            Where::Files(reg) => {
                reg.delete(name)?;
            }
            Where::Database(pg) => {
                runtime::block_on(Flavor::CurrentThread, async {
                    pg.check_schema().await?.delete_instance(name).await
                })??;
            }
        }
        Ok(())
    }

    fn describe(&self) -> String {
        match self {
            Where::Files(_) => "the local registry".to_string(),
            Where::Database(pg) => format!("the registry in {}", pg.url().redacted()),
        }
    }
}

pub fn show(name: &str, reveal: bool, format: OutputFormat, settings: &Settings) -> Result<()> {
    let e = Where::of(settings)?.load(name)?;
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
    let registry = Where::of(settings)?;
    let e = registry.load(name)?;
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
    registry.delete(name)?;
    ui.note(&format!("Removed {name:?} from {}", registry.describe()));
    Ok(())
}
