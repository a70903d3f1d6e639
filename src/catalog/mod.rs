//! The built-in connector catalog: one file per connector, data only.
//! Adding a fifth connector is one new file plus one line in [`ALL`].

mod docushareflex;
mod egnyte;
mod googlesuite;
mod sharefile;

/// Failures of catalog lookups.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CatalogError {
    #[error(
        "{key:?} is not in pollctl's catalog ({known}); other connectors work generically in instance validate, instance create, instance schema and poll"
    )]
    UnknownConnector { key: String, known: String },
    #[error(
        "{key:?} is not a connector key: keys are lower-case letters, digits, `-` and `_` (e.g. sfdc, hubspotcrm)"
    )]
    BadKey { key: String },
    #[error("{key:?}: more than {MAX_GENERIC} connectors outside the catalog in one process")]
    TooMany { key: String },
}

/// One connector as pollctl knows it.
#[derive(Debug)]
pub struct Connector {
    /// `element.key`, e.g. `egnyte`.
    pub key: &'static str,
    pub name: &'static str,
    /// The platform hub (`documents`, `general`): the events' `hubKey`.
    pub hub: &'static str,
    /// Configuration keys the user supplies, beyond the `event.*` keys.
    pub config_keys: &'static [ConfigKey],
    /// `polling`, and `webhook` where the connector supports it.
    pub event_types: &'static [&'static str],
    /// The default `event.poller.configuration`, as JSON text.
    pub default_poller: &'static str,
    /// Where that default comes from: the vendor's documentation, or pollctl's own.
    pub default_poller_origin: DefaultOrigin,
    pub oauth: OAuthEndpoints,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultOrigin {
    /// Published in the vendor's documentation (the seeds).
    Published,
    /// None is published; this one is pollctl's own.
    Pollctl,
    /// A connector outside the catalog: pollctl knows no default at all.
    Unknown,
}

#[derive(Debug)]
pub struct ConfigKey {
    pub key: &'static str,
    /// The seed's description.
    pub description: &'static str,
    pub required: bool,
    /// Never from argv, never printed.
    pub secret: bool,
    /// An example value, shown in prompts and help.
    pub example: &'static str,
}

/// The provider's OAuth 2.0 endpoints (every one overridable: `--auth-url` / `--token-url`).
#[derive(Debug)]
pub struct OAuthEndpoints {
    /// Authorization URL; `{subdomain}`-style placeholders are filled from configuration.
    pub authorize_url: &'static str,
    pub token_url: &'static str,
    pub default_scopes: &'static [&'static str],
    pub pkce: bool,
    /// Provider-specific authorize parameters (Google: `access_type=offline`, `prompt=consent`).
    pub extra_authorize_params: &'static [(&'static str, &'static str)],
    pub notes: &'static str,
}

/// Every connector, in display order.
pub static ALL: &[&Connector] = &[
    &docushareflex::CONNECTOR,
    &egnyte::CONNECTOR,
    &sharefile::CONNECTOR,
    &googlesuite::CONNECTOR,
];

/// Look a connector up by key (exact, lower-case).
pub fn get(key: &str) -> Result<&'static Connector, CatalogError> {
    ALL.iter()
        .copied()
        .find(|c| c.key == key)
        .ok_or_else(|| CatalogError::UnknownConnector {
            key: key.to_string(),
            known: ALL.iter().map(|c| c.key).collect::<Vec<_>>().join(", "),
        })
}

impl Connector {
    /// Whether this connector is in the built-in catalog (false: any other Cloud Elements
    /// connector, checked generically).
    pub fn is_builtin(&self) -> bool {
        ALL.iter().any(|c| std::ptr::eq(*c, self))
    }
}

/// At most this many distinct connectors outside the catalog per process.
const MAX_GENERIC: usize = 1024;

/// Event types a connector outside the catalog may use: pollctl cannot know which it offers.
static GENERIC_EVENT_TYPES: &[&str] = &["polling", "webhook"];

/// The built-in connector for `key`, or a generic one for any other well-formed key: every
/// Cloud Elements connector can be polled, only its own configuration keys are unknown.
/// Generic connectors are interned (one allocation per distinct key per process).
pub fn resolve(key: &str) -> Result<&'static Connector, CatalogError> {
    if let Ok(c) = get(key) {
        return Ok(c);
    }
    if !is_connector_key(key) {
        return Err(CatalogError::BadKey {
            key: key.to_string(),
        });
    }
    static GENERIC: std::sync::Mutex<Vec<&'static Connector>> = std::sync::Mutex::new(Vec::new());
    let mut interned = GENERIC
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(c) = interned.iter().find(|c| c.key == key) {
        return Ok(c);
    }
    // A bound on what one process interns (the sandbox resolves keys from requests).
    if interned.len() >= MAX_GENERIC {
        return Err(CatalogError::TooMany {
            key: key.to_string(),
        });
    }
    let key: &'static str = Box::leak(key.to_string().into_boxed_str());
    let c: &'static Connector = Box::leak(Box::new(Connector {
        key,
        name: key,
        hub: "unknown",
        config_keys: &[],
        event_types: GENERIC_EVENT_TYPES,
        default_poller: "",
        default_poller_origin: DefaultOrigin::Unknown,
        oauth: OAuthEndpoints {
            authorize_url: "",
            token_url: "",
            default_scopes: &[],
            pkce: false,
            extra_authorize_params: &[],
            notes: "Not in pollctl's catalog: pass the provider's endpoints with --auth-url and --token-url.",
        },
    }));
    interned.push(c);
    Ok(c)
}

/// A plausible `element.key`: what the platform's keys look like (`sfdc`, `quickbooks`,
/// `googledrive`, `netsuiteerpv2`, `zohocrmv2`, `box`, `office365`, `hubspotcrm`…): lower-case
/// letters, digits, `-` and `_`, 1 to 64 characters, starting with a letter.
pub fn is_connector_key(key: &str) -> bool {
    (1..=64).contains(&key.len())
        && key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// The hub of a resource URL (`/hubs/crm/contacts` → `crm`), for connectors outside the
/// catalog.
pub fn hub_of_url(url: &str) -> Option<&str> {
    let rest = url.split("/hubs/").nth(1)?;
    let hub = rest.split(['/', '?', '#']).next()?;
    (!hub.is_empty()
        && hub
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    .then_some(hub)
}

/// The keys every OAuth connector needs.
pub static OAUTH_KEYS: &[ConfigKey] = &[
    ConfigKey {
        key: "oauth.api.key",
        description: "The API key or client ID obtained from registering your app with the provider.",
        required: true,
        secret: false,
        example: "my-client-id",
    },
    ConfigKey {
        key: "oauth.api.secret",
        description: "The client secret obtained from registering your app with the API provider.",
        required: true,
        secret: true,
        example: "",
    },
    ConfigKey {
        key: "oauth.callback.url",
        description: "The URL that the API provider returns a user to after they authorize access: the redirect URI registered with the provider.",
        required: true,
        secret: false,
        example: "https://auth.cloudelements.io/oauth",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_connectors_are_interned_and_keys_checked() {
        let a = resolve("hubspotcrm").unwrap();
        let b = resolve("hubspotcrm").unwrap();
        assert!(std::ptr::eq(a, b));
        assert!(!a.is_builtin());
        assert!(resolve("egnyte").unwrap().is_builtin());
        for bad in ["", "Egnyte", "drop box", "9lives", &"a".repeat(65)] {
            assert!(
                matches!(resolve(bad), Err(CatalogError::BadKey { .. })),
                "{bad:?}"
            );
        }
        assert_eq!(hub_of_url("/hubs/crm/contacts?where=x"), Some("crm"));
        assert_eq!(
            hub_of_url("https://x.example/elements/api-v2/hubs/helpdesk/users"),
            Some("helpdesk")
        );
        assert_eq!(hub_of_url("/contacts"), None);
    }
}
