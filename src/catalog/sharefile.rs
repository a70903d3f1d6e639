//! STUB: filled in with the catalog work.
use super::*;

pub static CONNECTOR: Connector = Connector {
    key: "sharefile",
    name: "sharefile",
    hub: "documents",
    config_keys: &[],
    event_types: &["polling"],
    default_poller: "{}",
    default_poller_origin: DefaultOrigin::Published,
    oauth: OAuthEndpoints {
        authorize_url: "",
        token_url: "",
        default_scopes: &[],
        pkce: false,
        extra_authorize_params: &[],
        notes: "",
    },
};
