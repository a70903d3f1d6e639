//! Xerox DocuShare Flex (`docushareflex`): documents hub, polling only.
//!
//! No default poller configuration is published (the seeds' example instance relies on the
//! element's unpublished default). pollctl ships its own: the documents hub's `files` resource
//! filtered on the modification date, marked [`DefaultOrigin::Pollctl`].
use super::*;

pub static CONNECTOR: Connector = Connector {
    key: "docushareflex",
    name: "DocuShare Flex",
    hub: "documents",
    config_keys: &[ConfigKey {
        key: "docushare.domain",
        description: "The domain of your DocuShare Flex site, in the format of <domain>.docushareflex.com, the site you navigated to in DocuShare Flex API Provider Setup.",
        required: true,
        secret: false,
        example: "mydomain.docushareflex.com",
    }],
    event_types: &["polling"],
    default_poller: r#"{
  "documents": {
    "url": "/hubs/documents/files?where=modifiedDate>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
    "idField": "id",
    "datesConfiguration": {
      "updatedDateField": "modifiedDate",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss.SSSX",
      "updatedDateTimezone": "GMT",
      "createdDateField": "createdDate",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss.SSSX",
      "createdDateTimezone": "GMT"
    }
  }
}"#,
    default_poller_origin: DefaultOrigin::Pollctl,
    oauth: OAuthEndpoints {
        authorize_url: "https://{docushare.domain}/oauth/authorize",
        token_url: "https://{docushare.domain}/oauth/token",
        default_scopes: &[],
        pkce: false,
        extra_authorize_params: &[],
        notes: "DocuShare Flex publishes no OAuth documentation; these endpoints are a guess on the tenant's domain: override them (`pollctl oauth … --direct --auth-url URL --token-url URL`) with the values from Xerox. Register the app under Administration > Application Settings > OAuth Application.",
    },
};
