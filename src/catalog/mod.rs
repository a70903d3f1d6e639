//! The built-in connector catalog: one file per connector, data only.
//! Adding a fifth connector is one new file plus one line in [`ALL`].

mod docushareflex;
mod egnyte;
mod googlesuite;
mod sharefile;

/// Failures of catalog lookups.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CatalogError {
    #[error("unknown connector {key:?}; known connectors: {known}")]
    UnknownConnector { key: String, known: String },
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
