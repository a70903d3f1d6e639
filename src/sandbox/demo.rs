//! `pollctl demo`: the whole mission on an in-process sandbox, through the code paths a user's
//! commands take — the platform client for `oauth/url` and `POST /instances`, pollctl's
//! validator for the body, the poller for one cycle of every resource, forwarding signed
//! notifications to the sandbox receiver, which checks them with pollctl's signature code.
//!
//! No network beyond loopback, no credentials, a few seconds.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::receiver::SignatureVerdict;
use super::{Sandbox, SandboxConfig, SandboxError, SandboxHandle};
use crate::catalog::{self, Connector};
use crate::instance::{Instance, validate};
use crate::platform::Credentials;
use crate::platform::client::{OAuthUrlRequest, PlatformClient};
use crate::poll::classify::EventType;
use crate::poll::setup::Forwarding;
use crate::poll::sink::SignatureScheme;
use crate::poll::{LoadedInstance, PollOptions};

/// What to run.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Seed of the sandbox's records.
    pub seed: u64,
}

/// One resource's cycle.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceReport {
    pub resource: String,
    pub events: u64,
    pub events_by_type: BTreeMap<String, u64>,
    /// The cycle's failure, if it failed.
    pub error: Option<String>,
}

/// One connector, end to end.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectorReport {
    pub connector: String,
    pub instance_id: String,
    pub resources: Vec<ResourceReport>,
    pub events_by_type: BTreeMap<String, u64>,
    /// Events the poller emitted (forwarded).
    pub events_emitted: u64,
    /// Events the receiver accepted in validly signed notifications.
    pub events_received: u64,
    pub deliveries: u64,
    pub signatures_valid: u64,
    pub signatures_invalid: u64,
    pub elapsed_ms: u64,
}

/// The whole demo.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoReport {
    pub base_url: String,
    pub seed: u64,
    pub connectors: Vec<ConnectorReport>,
    /// Every signature verified and every emitted event arrived.
    pub ok: bool,
    /// What went wrong, when not ok.
    pub problems: Vec<String>,
    pub elapsed_ms: u64,
}

/// An instance the demo provisioned.
pub struct Provisioned {
    pub connector: &'static Connector,
    pub id: String,
    pub token: SecretString,
    /// The validated instance body (the poller's input).
    pub instance: Instance,
    /// The body plus `id` and `token`, as a provisioned instance file holds them.
    pub raw: Value,
    pub provision_ms: u64,
}

/// The result of polling one resource once, as the demo needs it from the poller.
pub struct PolledResource {
    pub instance_id: String,
    pub resource: String,
    pub events_by_type: BTreeMap<String, u64>,
    pub error: Option<String>,
}

const USER: &str = "demo-user";
const ORG: &str = "demo-org";
const CALLBACK: &str = "https://demo.pollctl.invalid/oauth/callback";

fn demo_secret(seed: u64, what: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let mut h = Sha256::new();
    h.update(seed.to_le_bytes());
    h.update(nanos.to_le_bytes());
    h.update(what.as_bytes());
    format!("demo-{}", hex::encode(&h.finalize()[..12]))
}

fn err(what: impl std::fmt::Display) -> SandboxError {
    SandboxError::Demo(what.to_string())
}

/// Start a sandbox and provision one instance per connector through the platform API, the
/// way `pollctl oauth login` does: oauth/url → consent redirect (not followed; the code is
/// read from `Location`) → `POST /instances`.
pub async fn provision_all(
    sandbox: &SandboxHandle,
    seed: u64,
) -> Result<Vec<Provisioned>, SandboxError> {
    provision_all_with(sandbox, seed, |_, _| {}).await
}

/// [`provision_all`], with each connector's `event.poller.configuration` passed through
/// `edit(connector key, configuration)` before the instance is created (tests: other date
/// patterns, a `pollDelay`). The sandbox serves what the edited configuration says.
pub async fn provision_all_with(
    sandbox: &SandboxHandle,
    seed: u64,
    edit: impl Fn(&str, &mut Value),
) -> Result<Vec<Provisioned>, SandboxError> {
    let creds = Credentials {
        user_secret: Some(SecretString::from(USER)),
        org_secret: Some(SecretString::from(ORG)),
        element_token: None,
    };
    let platform =
        PlatformClient::new(&sandbox.base_url(), creds, Duration::from_secs(10)).map_err(err)?;
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(err)?;
    let mut out = Vec::new();
    for connector in catalog::ALL.iter().copied() {
        let started = Instant::now();
        let api_key = format!("demo-client-{}", connector.key);
        let api_secret = SecretString::from(demo_secret(seed, "client"));
        let state = demo_secret(seed, "state");
        let site = connector
            .config_keys
            .iter()
            .find(|k| k.required && !k.secret && !k.example.is_empty())
            .map(|k| k.example);
        let oauth_url = platform
            .oauth_url(
                connector.key,
                &OAuthUrlRequest {
                    api_key: &api_key,
                    api_secret: &api_secret,
                    callback_url: CALLBACK,
                    state: &state,
                    site_address: site,
                    scope: None,
                },
            )
            .await
            .map_err(err)?;
        // The user consents; the provider redirects back with the code.
        let consent = browser.get(&oauth_url).send().await.map_err(err)?;
        let location = consent
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| {
                err(format!(
                    "{}: the consent page answered {} without a redirect",
                    connector.key,
                    consent.status()
                ))
            })?;
        let back = url::Url::parse(location).map_err(err)?;
        let q: BTreeMap<String, String> = back.query_pairs().into_owned().collect();
        if q.get("state") != Some(&state) {
            return Err(err(format!(
                "{}: the redirect's state does not match",
                connector.key
            )));
        }
        let code = q.get("code").ok_or_else(|| {
            err(format!(
                "{}: the redirect carries no code ({})",
                connector.key,
                q.get("error").map_or("no error either", String::as_str)
            ))
        })?;

        let signature_key = demo_secret(seed, "signature");
        let mut configuration = serde_json::Map::new();
        configuration.insert("oauth.api.key".into(), json!(api_key));
        configuration.insert("oauth.api.secret".into(), json!(api_secret.expose_secret()));
        configuration.insert("oauth.callback.url".into(), json!(CALLBACK));
        for k in connector.config_keys.iter().filter(|k| k.required) {
            configuration.insert(k.key.into(), json!(k.example));
        }
        configuration.insert("event.notification.enabled".into(), json!(true));
        configuration.insert("event.vendor.type".into(), json!("polling"));
        configuration.insert(
            "event.notification.callback.url".into(),
            json!(sandbox.receiver_url()),
        );
        configuration.insert(
            "event.notification.signature.key".into(),
            json!(signature_key),
        );
        configuration.insert("event.poller.refresh_interval".into(), json!("15"));
        let mut poller: Value = serde_json::from_str(connector.default_poller).map_err(err)?;
        edit(connector.key, &mut poller);
        configuration.insert("event.poller.configuration".into(), poller);
        let body = json!({
            "element": {"key": connector.key},
            "providerData": {"code": code},
            "name": format!("demo-{}", connector.key),
            "tags": ["pollctl-demo"],
            "configuration": configuration,
        });
        let text = serde_json::to_vec(&body).map_err(err)?;
        let report = validate::validate(&text);
        let instance = match report.instance {
            Some(i) if report.is_valid() => i,
            _ => {
                let first = report
                    .diagnostics
                    .iter()
                    .find(|d| d.severity == validate::Severity::Error)
                    .map(|d| format!("{} {}", d.pointer, d.message))
                    .unwrap_or_default();
                return Err(err(format!(
                    "{}: the demo's instance body is invalid: {first}",
                    connector.key
                )));
            }
        };
        let created = platform.create_instance(&body).await.map_err(err)?;
        let mut raw = body;
        raw["id"] = json!(created.id);
        raw["token"] = json!(created.token.expose_secret());
        out.push(Provisioned {
            connector,
            id: created.id,
            token: created.token,
            instance,
            raw,
            provision_ms: started.elapsed().as_millis() as u64,
        });
    }
    Ok(out)
}

/// One poll cycle of every resource of `instances` with the poller's library entry point
/// ([`crate::poll::run_once`]), forwarding to each instance's callback URL with its signature
/// key (the platform's `Elements-Webhook-Signature`).
async fn poll_once(
    base_url: &str,
    instances: &[Provisioned],
    state_dir: &std::path::Path,
) -> Result<Vec<PolledResource>, SandboxError> {
    let loaded: Vec<LoadedInstance> = instances
        .iter()
        .map(|p| {
            LoadedInstance::new(
                p.instance.clone(),
                &p.raw,
                &format!("demo-{}", p.connector.key),
            )
        })
        .collect();
    let mut opts = PollOptions::new(base_url, state_dir);
    opts.credentials = Credentials {
        user_secret: Some(SecretString::from(USER)),
        org_secret: Some(SecretString::from(ORG)),
        element_token: None,
    };
    // Resources whose URL needs a value from the user (Google's
    // `calendars/{calendarId}/changed-events`) are left out: the catalog also has
    // `calendars/primary/changed-events`, the same calendar a user would name.
    opts.resources = loaded
        .iter()
        .flat_map(|l| l.instance.events.resources.iter())
        .filter(|r| r.url.placeholders().is_empty())
        .map(|r| r.name.clone())
        .collect();
    opts.timeout = Duration::from_secs(10);
    let sink = crate::poll::setup::forward_sink(
        &loaded,
        &Forwarding {
            to: None,
            key: None,
            scheme: SignatureScheme::Elements,
            timeout: opts.timeout,
            retry: opts.retry,
            in_flight: crate::poll::sink::DEFAULT_IN_FLIGHT,
            // Loopback only: no proxy.
            proxy: crate::poll::setup::ProxyEnv::default(),
        },
    )
    .map_err(err)?;
    let summary = crate::poll::run_once(&loaded, &opts, &sink)
        .await
        .map_err(err)?;
    Ok(summary
        .outcomes
        .into_iter()
        .map(|o| {
            let (events_by_type, error) = match o.result {
                Ok(rep) => (
                    EventType::ALL
                        .iter()
                        .filter(|t| rep.count(**t) > 0)
                        .map(|t| (t.as_str().to_string(), rep.count(*t)))
                        .collect(),
                    None,
                ),
                Err(e) => (BTreeMap::new(), Some(e.to_string())),
            };
            PolledResource {
                instance_id: o.instance_id,
                resource: o.resource,
                events_by_type,
                error,
            }
        })
        .collect())
}

/// Run the demo: sandbox, provisioning, one cycle, the receiver's verdicts.
pub async fn run(opts: &DemoOptions) -> Result<DemoReport, SandboxError> {
    let started = Instant::now();
    let sandbox = Sandbox::start(SandboxConfig {
        seed: opts.seed,
        ..SandboxConfig::default()
    })
    .await?;
    let state = tempfile::tempdir().map_err(err)?;
    let provisioned = provision_all(&sandbox, opts.seed).await?;
    let poll_started = Instant::now();
    let polled = poll_once(&sandbox.base_url(), &provisioned, state.path()).await?;
    let poll_ms = poll_started.elapsed().as_millis() as u64;
    let deliveries = sandbox.deliveries();
    let base_url = sandbox.base_url();
    sandbox.shutdown().await;

    let mut problems = Vec::new();
    let mut connectors = Vec::new();
    for p in &provisioned {
        let resources: Vec<ResourceReport> = polled
            .iter()
            .filter(|r| r.instance_id == p.id)
            .map(|r| ResourceReport {
                resource: r.resource.clone(),
                events: r.events_by_type.values().sum(),
                events_by_type: r.events_by_type.clone(),
                error: r.error.clone(),
            })
            .collect();
        let mut by_type = BTreeMap::new();
        for r in &resources {
            for (t, n) in &r.events_by_type {
                *by_type.entry(t.clone()).or_insert(0) += n;
            }
            if let Some(e) = &r.error {
                problems.push(format!("{}/{}: {e}", p.connector.key, r.resource));
            }
        }
        let mine: Vec<_> = deliveries
            .iter()
            .filter(|d| d.instance_id.as_deref() == Some(p.id.as_str()))
            .collect();
        let valid = mine
            .iter()
            .filter(|d| d.verdict == SignatureVerdict::Valid)
            .count() as u64;
        let invalid = mine.len() as u64 - valid;
        let received: u64 = mine
            .iter()
            .filter(|d| d.verdict == SignatureVerdict::Valid && (200..300).contains(&d.status))
            .map(|d| d.event_count as u64)
            .sum();
        let emitted: u64 = by_type.values().sum();
        if invalid > 0 {
            problems.push(format!(
                "{}: {invalid} notification(s) failed signature verification",
                p.connector.key
            ));
        }
        if emitted != received {
            problems.push(format!(
                "{}: {emitted} event(s) emitted but {received} arrived",
                p.connector.key
            ));
        }
        connectors.push(ConnectorReport {
            connector: p.connector.key.to_string(),
            instance_id: p.id.clone(),
            resources,
            events_by_type: by_type,
            events_emitted: emitted,
            events_received: received,
            deliveries: mine.len() as u64,
            signatures_valid: valid,
            signatures_invalid: invalid,
            elapsed_ms: p.provision_ms + poll_ms,
        });
    }
    Ok(DemoReport {
        base_url,
        seed: opts.seed,
        ok: problems.is_empty(),
        problems,
        connectors,
        elapsed_ms: started.elapsed().as_millis() as u64,
    })
}

/// The report as people read it.
pub fn render_text(r: &DemoReport) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "pollctl demo: sandbox at {} (seed {})",
        r.base_url, r.seed
    );
    for c in &r.connectors {
        let types: Vec<String> = c
            .events_by_type
            .iter()
            .map(|(t, n)| format!("{t} {n}"))
            .collect();
        let _ = writeln!(
            s,
            "\n{:<14} instance {}  {} resource(s)  {} event(s){}  {} deliver{}  signatures {}/{} valid  {:.2}s",
            c.connector,
            c.instance_id,
            c.resources.len(),
            c.events_emitted,
            if types.is_empty() {
                String::new()
            } else {
                format!(" ({})", types.join(", "))
            },
            c.deliveries,
            if c.deliveries == 1 { "y" } else { "ies" },
            c.signatures_valid,
            c.deliveries,
            c.elapsed_ms as f64 / 1000.0
        );
        for res in &c.resources {
            let _ = writeln!(
                s,
                "  {:<40} {:>4} event(s){}",
                res.resource,
                res.events,
                res.error
                    .as_deref()
                    .map(|e| format!("  FAILED: {e}"))
                    .unwrap_or_default()
            );
        }
    }
    let emitted: u64 = r.connectors.iter().map(|c| c.events_emitted).sum();
    let received: u64 = r.connectors.iter().map(|c| c.events_received).sum();
    let deliveries: u64 = r.connectors.iter().map(|c| c.deliveries).sum();
    let valid: u64 = r.connectors.iter().map(|c| c.signatures_valid).sum();
    let _ = writeln!(
        s,
        "\n{} connectors: {emitted} event(s) emitted, {received} received, {deliveries} deliveries, {valid}/{deliveries} signatures valid, {:.2}s",
        r.connectors.len(),
        r.elapsed_ms as f64 / 1000.0
    );
    if r.ok {
        let _ = writeln!(s, "ok: every signature verified and every event arrived");
    } else {
        for p in &r.problems {
            let _ = writeln!(s, "problem: {p}");
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn demo_in_process_every_connector_verified() {
        let r = run(&DemoOptions { seed: 5 }).await.unwrap();
        assert!(r.ok, "{:?}", r.problems);
        let keys: Vec<&str> = r.connectors.iter().map(|c| c.connector.as_str()).collect();
        assert_eq!(
            keys,
            ["docushareflex", "egnyte", "sharefile", "googlesuite"]
        );
        for c in &r.connectors {
            assert!(c.events_emitted > 0, "{}", c.connector);
            assert_eq!(c.events_emitted, c.events_received, "{}", c.connector);
            assert_eq!(c.signatures_valid, c.deliveries, "{}", c.connector);
            assert!(c.resources.iter().all(|res| res.error.is_none()));
        }
        let google = &r.connectors[3];
        // `calendars/primary` only: `calendars/{calendarId}` would be the same calendar
        // (it was polled twice, and each event delivered twice).
        let names: Vec<&str> = google
            .resources
            .iter()
            .map(|r| r.resource.as_str())
            .collect();
        assert_eq!(google.resources.len(), 3, "{names:?}");
        assert_eq!(
            names.iter().filter(|n| n.starts_with("calendars/")).count(),
            1,
            "{names:?}"
        );
        let text = render_text(&r);
        assert!(text.contains("every signature verified"), "{text}");
    }
}
