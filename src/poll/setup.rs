//! From resolved settings to a ready run: the instances (files, stdin or registry names,
//! validated), the forwarding routes and sink, and the credential check. `pollctl poll`, the
//! sandbox and the demo all wire a run through here.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::SecretString;

use super::retry::RetryPolicy;
use super::sink::{ForwardSink, Route, SignatureScheme};
use super::{LoadedInstance, PollError, PollOptions};
use crate::instance::InstanceError;
use crate::instance::validate::{self, Report};
use crate::registry::Registry;

/// One INSTANCE argument, read: a file (or `-` for stdin), else the name of a provisioned
/// instance in the local registry.
pub struct Input {
    pub bytes: Vec<u8>,
    /// The registry entry's base URL, when the argument named one.
    pub base_url: Option<String>,
}

/// The names in the registry, for messages ("provisioned: a, b").
pub fn known_names(registry: &Registry) -> String {
    let known = registry.names();
    if known.is_empty() {
        " (the local registry is empty: `pollctl instance create --post` or `pollctl oauth login` fills it)".to_string()
    } else {
        format!("; provisioned: {}", known.join(", "))
    }
}

/// Read one INSTANCE argument.
pub fn read_instance_arg(p: &str, registry: &Registry) -> Result<Input, PollError> {
    if p != "-" && !Path::new(p).exists() && Registry::check_name(p).is_ok() {
        if let Some(entry) = registry.load(p)? {
            let body = entry.pollable_body();
            return Ok(Input {
                bytes: serde_json::to_vec(&body).unwrap_or_default(),
                base_url: Some(entry.base_url),
            });
        }
        return Err(PollError::Config(format!(
            "{p:?} is neither a file nor a provisioned instance{}",
            known_names(registry)
        )));
    }
    let bytes = if p == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|source| InstanceError::Read {
                path: PathBuf::from("-"),
                source,
            })?;
        buf
    } else {
        std::fs::read(p).map_err(|source| InstanceError::Read {
            path: PathBuf::from(p),
            source,
        })?
    };
    Ok(Input {
        bytes,
        base_url: None,
    })
}

/// Read and validate every INSTANCE argument. `report` sees each validation report (the
/// command prints its diagnostics); invalid instances fail the run (exit 3).
pub fn load_instances(
    args: &[String],
    registry: &Registry,
    explicit_base_url: bool,
    report: &mut dyn FnMut(&str, &Report),
    warn: &mut dyn FnMut(&str),
) -> Result<Vec<LoadedInstance>, PollError> {
    let mut out = Vec::new();
    let mut bad = 0;
    for p in args {
        let Input { bytes, base_url } = read_instance_arg(p, registry)?;
        let rep = validate::validate(&bytes);
        report(p, &rep);
        match rep.instance {
            Some(instance) if rep.is_valid() => {
                let raw: serde_json::Value =
                    serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
                let mut li = LoadedInstance::new(instance, &raw, p);
                if !explicit_base_url {
                    li.base_url = base_url;
                }
                out.push(li);
            }
            _ => {
                bad += 1;
                if bad == 1 && args.len() == 1 {
                    return Err(InstanceError::Invalid {
                        source_name: p.clone(),
                        errors: rep.errors().max(1),
                    }
                    .into());
                }
                warn(&format!(
                    "{p}: {} error(s) in the instance JSON",
                    rep.errors().max(1)
                ));
            }
        }
    }
    if bad > 0 {
        return Err(PollError::Config(format!(
            "{bad} of {} instance file(s) are invalid",
            args.len()
        )));
    }
    // Two files with one instance id would share state and locks.
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for li in &out {
        if let Some(prev) = seen.insert(&li.instance_id, &li.source) {
            return Err(PollError::Config(format!(
                "{} and {} have the same instance id {:?}; give them distinct \"id\" or \"name\"",
                prev, li.source, li.instance_id
            )));
        }
    }
    Ok(out)
}

/// Where and how to forward.
#[derive(Debug, Clone)]
pub struct Forwarding {
    /// `--forward-to`: one URL for every instance (else each instance's callback URL).
    pub to: Option<String>,
    /// A signature key for every instance (else each instance's own key).
    pub key: Option<SecretString>,
    pub scheme: SignatureScheme,
    pub timeout: Duration,
    pub retry: RetryPolicy,
    /// Notifications of one resource on the wire at once (`--in-flight`; 1: one at a time).
    pub in_flight: usize,
    /// The proxy variables of the environment: a forwarding URL a proxy would carry gets its
    /// notifications one at a time through the HTTP client, which honours them, whatever
    /// `in_flight` says (pollctl's own HTTP/1.1 connection, used otherwise, would go
    /// straight to the receiver).
    pub proxy: ProxyEnv,
}

/// The proxy variables (`ALL_PROXY`, `HTTP_PROXY`, `HTTPS_PROXY`, `NO_PROXY`; either case),
/// as read by the settings. A proxy URL may hold a password: no derived `Debug`.
#[derive(Clone, Default)]
pub struct ProxyEnv {
    pub all: Option<String>,
    pub http: Option<String>,
    pub https: Option<String>,
    pub no: Option<String>,
}

impl ProxyEnv {
    /// Whether a proxy would carry requests to `url`: the rules reqwest applies to the same
    /// variables (hyper-util's matcher), `NO_PROXY` included.
    pub fn carries(&self) -> impl Fn(&str) -> bool + use<> {
        let v = |o: &Option<String>| o.clone().unwrap_or_default();
        let matcher = hyper_util::client::proxy::matcher::Matcher::builder()
            .all(v(&self.all))
            .http(v(&self.http))
            .https(v(&self.https))
            .no(v(&self.no))
            .build();
        // Read as the HTTP client reads it (`url`: trimmed, punycode, percent-encoded); a URL
        // the rules cannot be applied to counts as carried, so nothing goes around a proxy.
        move |url: &str| match url::Url::parse(url) {
            Ok(u) => u
                .as_str()
                .parse::<http::Uri>()
                .map_or(true, |u| matcher.intercept(&u).is_some()),
            Err(_) => true,
        }
    }
}

impl std::fmt::Debug for ProxyEnv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = |o: &Option<String>| o.as_deref().map(crate::platform::redact::url);
        f.debug_struct("ProxyEnv")
            .field("all", &shown(&self.all))
            .field("http", &shown(&self.http))
            .field("https", &shown(&self.https))
            .field("no", &self.no)
            .finish()
    }
}

/// The forwarding sink: one route per instance (URL and signature key).
pub fn forward_sink(
    instances: &[LoadedInstance],
    f: &Forwarding,
) -> Result<ForwardSink, PollError> {
    let mut routes = HashMap::new();
    for li in instances {
        let url = match (&f.to, &li.instance.events.callback_url) {
            (Some(u), _) => u.clone(),
            (None, Some(u)) if !u.trim().is_empty() => u.clone(),
            _ => {
                return Err(PollError::Config(format!(
                    "--forward: instance {} ({}) has no event.notification.callback.url; pass --forward-to URL",
                    li.instance_id, li.source
                )));
            }
        };
        let parsed = url::Url::parse(&url).map_err(|e| {
            PollError::Config(format!(
                "forwarding URL {:?} is not a valid URL: {e}",
                crate::platform::redact::url(&url)
            ))
        })?;
        // Anything but http(s) failed only at the first delivery, after every retry (exit 5).
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(PollError::Config(format!(
                "forwarding URL {:?} is not an http or https URL (scheme {:?})",
                crate::platform::redact::url(&url),
                parsed.scheme()
            )));
        }
        let key = f
            .key
            .clone()
            .or_else(|| li.instance.events.signature_key.clone());
        routes.insert(li.instance_id.clone(), Route { url, key });
    }
    let client = crate::platform::hub::forward_client(f.timeout)
        .map_err(|source| PollError::HttpClient { source })?;
    let sink = ForwardSink::with_routes(client, routes, f.scheme, f.retry).pipelined(
        f.in_flight,
        f.timeout,
        f.proxy.carries(),
    );
    sink.check_keys().map_err(PollError::Config)?;
    Ok(sink)
}

/// What to say about each of [`raw_standard_webhooks_keys`].
pub const RAW_KEY_WARNING: &str = "the signature key has no \"whsec_\" prefix, so pollctl signs with its raw bytes; Standard Webhooks receivers (the official libraries) read every secret as base64 and will not verify. Give the key as whsec_ followed by its base64: printf 'whsec_%s' \"$(printf %s \"$KEY\" | base64 -w0)\"";

/// With Standard Webhooks, who signs with a key that has no `whsec_` prefix (an instance id,
/// or `--signature-key-file` for all): pollctl signs with that key's bytes, while the
/// official libraries (Python, JavaScript) read every secret as base64, prefix or not, so
/// their receivers verify none of these notifications.
pub fn raw_standard_webhooks_keys(instances: &[LoadedInstance], f: &Forwarding) -> Vec<String> {
    use secrecy::ExposeSecret;
    if f.scheme != SignatureScheme::StandardWebhooks {
        return Vec::new();
    }
    let raw = |k: &SecretString| !k.expose_secret().starts_with("whsec_");
    if let Some(k) = &f.key {
        return if raw(k) {
            vec!["the signature key".to_string()]
        } else {
            Vec::new()
        };
    }
    instances
        .iter()
        .filter(|li| li.instance.events.signature_key.as_ref().is_some_and(raw))
        .map(|li| format!("instance {} ({})", li.instance_id, li.source))
        .collect()
}

/// Fail before any request when the platform secrets are missing: a hub GET needs the user
/// and organization secrets and an instance token (the instance's own, or a global one).
/// A run whose every server (resource URL or base URL) is on loopback (the sandbox, a local test server) is left to the
/// server to judge.
pub fn check_credentials(
    instances: &[LoadedInstance],
    opts: &PollOptions,
) -> Result<(), PollError> {
    let on_loopback = |base: &str| {
        url::Url::parse(base).is_ok_and(|u| match u.host() {
            Some(url::Host::Domain(d)) => d == "localhost",
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        })
    };
    // Each resource's server: its own absolute URL, else the instance's base URL.
    let all_loopback = instances.iter().all(|li| {
        let base = li.base_url.as_deref().unwrap_or(&opts.base_url);
        li.instance.events.resources.iter().all(|r| {
            let src = r.url.source();
            if src.starts_with("http://") || src.starts_with("https://") {
                on_loopback(src)
            } else {
                on_loopback(base)
            }
        })
    });
    if all_loopback {
        return Ok(());
    }
    let mut missing = Vec::new();
    if opts.credentials.user_secret.is_none() {
        missing.push(
            "user secret      --user-secret-file FILE, POLLCTL_USER_SECRET, or user-secret in the config file",
        );
    }
    if opts.credentials.org_secret.is_none() {
        missing.push(
            "org secret       --org-secret-file FILE, POLLCTL_ORG_SECRET, or org-secret in the config file",
        );
    }
    let without_token: Vec<&str> = instances
        .iter()
        .filter(|li| li.element_token.is_none())
        .map(|li| li.source.as_str())
        .collect();
    if opts.credentials.element_token.is_none() && !without_token.is_empty() {
        missing.push(
            "instance token   a provisioned instance (`token` in the JSON, or a registry name), \
             --element-token-file FILE, POLLCTL_ELEMENT_TOKEN, or element-token in the config file",
        );
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(PollError::MissingCredentials {
        what: missing.join("\n  "),
    })
}

#[cfg(test)]
mod proxy_tests {
    use super::ProxyEnv;

    /// Which receivers a proxy carries: `NO_PROXY` by the HTTP client's rules, URLs read as
    /// it reads them (non-ASCII paths and hosts, spaces), and the password out of `Debug`.
    #[test]
    fn carried_receivers_and_no_password_in_debug() {
        let env = ProxyEnv {
            https: Some("http://user:pr0xy-pass@proxy:3128".into()),
            no: Some("internal.example, 10.0.0.0/8".into()),
            ..ProxyEnv::default()
        };
        let carries = env.carries();
        assert!(carries("https://hooks.example.com/in"));
        assert!(carries("https://hooks.example.com/événements"));
        assert!(carries("https://bücher.example/x"));
        assert!(carries(" https://hooks.example.com/in \n"));
        assert!(!carries("https://a.internal.example/in"));
        assert!(!carries("https://10.1.2.3/in"));
        // HTTP_PROXY is not set: plain http goes straight.
        assert!(!carries("http://hooks.example.com/in"));
        assert!(!format!("{env:?}").contains("pr0xy-pass"), "{env:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `--forward-to ftp://x` (or such a callback URL) was accepted, retried six times and
    /// ended as a delivery failure (exit 5); it is refused before any request.
    #[test]
    fn a_forwarding_url_must_be_http_or_https() {
        let text = include_str!("../../examples/egnyte-polling.json");
        let rep = validate::validate(text.as_bytes());
        let raw: serde_json::Value = serde_json::from_str(text).unwrap();
        let li = LoadedInstance::new(rep.instance.unwrap(), &raw, "egnyte-polling.json");
        let forwarding = |to: &str| Forwarding {
            to: Some(to.to_string()),
            key: None,
            scheme: SignatureScheme::Elements,
            timeout: Duration::from_secs(5),
            retry: RetryPolicy::default(),
            in_flight: 1,
            proxy: ProxyEnv::default(),
        };
        for bad in [
            "ftp://example.com/hook",
            "mailto:ops@example.com",
            "file:///tmp/x",
        ] {
            let e = forward_sink(std::slice::from_ref(&li), &forwarding(bad))
                .err()
                .unwrap_or_else(|| panic!("{bad} accepted"));
            assert!(matches!(e, PollError::Config(_)), "{bad}: {e}");
            assert!(e.to_string().contains("not an http or https URL"), "{e}");
        }
        assert!(
            forward_sink(
                std::slice::from_ref(&li),
                &forwarding("https://hooks.example.com/x")
            )
            .is_ok()
        );
    }

    /// A key without `whsec_` under Standard Webhooks was used silently as raw bytes; the
    /// official libraries base64-decode every secret, so none of the notifications verified.
    #[test]
    fn raw_keys_under_standard_webhooks_are_named() {
        let mut raw: serde_json::Value =
            serde_json::from_str(include_str!("../../examples/egnyte-polling.json")).unwrap();
        raw["configuration"]["event.notification.signature.key"] =
            serde_json::json!("a-long-raw-signature-key-0123456789");
        let text = raw.to_string();
        let rep = validate::validate(text.as_bytes());
        let li = LoadedInstance::new(rep.instance.unwrap(), &raw, "egnyte-polling.json");
        assert!(li.instance.events.signature_key.is_some());
        let f = |scheme, key: Option<&str>| Forwarding {
            to: None,
            key: key.map(|k| SecretString::from(k.to_string())),
            scheme,
            timeout: Duration::from_secs(5),
            retry: RetryPolicy::default(),
            in_flight: 1,
            proxy: ProxyEnv::default(),
        };
        let one = std::slice::from_ref(&li);
        let named = raw_standard_webhooks_keys(one, &f(SignatureScheme::StandardWebhooks, None));
        assert_eq!(named.len(), 1, "{named:?}");
        assert!(named[0].contains("egnyte-polling.json"), "{named:?}");
        assert!(raw_standard_webhooks_keys(one, &f(SignatureScheme::Elements, None)).is_empty());
        let whsec = Some("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assert!(
            raw_standard_webhooks_keys(one, &f(SignatureScheme::StandardWebhooks, whsec))
                .is_empty()
        );
        assert_eq!(
            raw_standard_webhooks_keys(
                one,
                &f(SignatureScheme::StandardWebhooks, Some("plain-key"))
            ),
            vec!["the signature key".to_string()]
        );
    }
}
