//! Egnyte (`egnyte`): documents hub, polling only, default `events` resource (seed 002).
use super::*;

pub static CONNECTOR: Connector = Connector {
    key: "egnyte",
    name: "Egnyte",
    hub: "documents",
    config_keys: &[ConfigKey {
        key: "subdomain",
        description: "The Egnyte Domain which appears in the URL between https:// and egnyte.com. For example, the Egnyte Domain in https://cloudelements.egnyte.com is cloudelements.",
        required: true,
        secret: false,
        example: "cloudelements",
    }],
    event_types: &["polling"],
    // As published, with the seed's `…AtField` names spelled the way the platform reads them
    // (`…DateField`) and the stray trailing quote of `createdDateFormat` removed.
    default_poller: r#"{
  "events": {
    "url": "/hubs/documents/events",
    "idField": "event_object_id",
    "datesConfiguration": {
      "updatedDateField": "event_date",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss.SSSX",
      "updatedDateTimezone": "GMT",
      "createdDateField": "event_date",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss.SSSX",
      "createdDateTimezone": "GMT"
    }
  }
}"#,
    default_poller_origin: DefaultOrigin::Published,
    oauth: OAuthEndpoints {
        authorize_url: "https://{subdomain}.egnyte.com/puboauth/token",
        token_url: "https://{subdomain}.egnyte.com/puboauth/token",
        default_scopes: &["Egnyte.filesystem"],
        pkce: false,
        extra_authorize_params: &[],
        notes: "Per-tenant URLs. Egnyte's SDK sends the browser to /puboauth/token?response_type=code; newer Egnyte code uses /puboauth/authorize: override the authorize URL if your tenant wants that. The redirect URI must be HTTPS and match the registered callback. Tokens may not expire; refresh_token is optional.",
    },
};
