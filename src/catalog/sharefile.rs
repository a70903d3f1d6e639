//! Citrix ShareFile (`sharefile`): documents hub, polling and webhooks (seed 003).
use super::*;

pub static CONNECTOR: Connector = Connector {
    key: "sharefile",
    name: "Citrix ShareFile",
    hub: "documents",
    config_keys: &[
        ConfigKey {
            key: "document.root.folder.name",
            description: "The root folder. The /top folder is the root level folder.",
            required: true,
            secret: false,
            example: "/top",
        },
        ConfigKey {
            key: "sharefile.subdomain",
            description: "The subdomain part of your Sharefile url. For example, if your url is https://cloud-elements.sharefile.com enter cloud-elements.",
            required: true,
            secret: false,
            example: "cloud-elements",
        },
    ],
    event_types: &["polling", "webhook"],
    // As published (the polling JSON body of seed 003), with the URL joined on one line.
    default_poller: r#"{
  "documents": {
    "url": "/hubs/documents/events/poll/documents?where=lastmodifieddate='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
    "idField": "id",
    "datesConfiguration": {
      "updatedDateField": "CreationDate",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
      "updatedDateTimezone": "GMT",
      "createdDateField": "ProgenyEditDate",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
      "createdDateTimezone": "GMT"
    }
  }
}"#,
    default_poller_origin: DefaultOrigin::Published,
    oauth: OAuthEndpoints {
        authorize_url: "https://secure.sharefile.com/oauth/authorize",
        token_url: "https://{sharefile.subdomain}.sharefile.com/oauth/token",
        default_scopes: &[],
        pkce: false,
        extra_authorize_params: &[],
        notes: "No scopes: access follows the user's permissions. The token URL uses the subdomain and control plane (appcp, e.g. sharefile.com or sharefile.eu) returned on the redirect. The redirect URI must be HTTPS and match the registered one exactly.",
    },
};
