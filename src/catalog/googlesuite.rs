//! Google Suite (`googlesuite`): general hub, polling only, four resources (seed 004).
use super::*;

pub static CONNECTOR: Connector = Connector {
    key: "googlesuite",
    name: "Google Suite",
    hub: "general",
    config_keys: &[],
    event_types: &["polling"],
    // As published. The calendar resources' `"idField": ""` is kept: events of those
    // resources get no objectId (validation warns).
    default_poller: r#"{
  "calendars/{calendarId}/changed-events": {
    "url": "/hubs/general/calendars/{calendarId}/changed-events",
    "idField": "",
    "datesConfiguration": {
      "updatedDateField": "updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
      "updatedDateTimezone": "GMT",
      "createdDateField": "created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
      "createdDateTimezone": "GMT"
    }
  },
  "calendars/primary/changed-events": {
    "url": "/hubs/general/calendars/primary/changed-events",
    "idField": "",
    "datesConfiguration": {
      "updatedDateField": "updated",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
      "updatedDateTimezone": "GMT",
      "createdDateField": "created",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
      "createdDateTimezone": "GMT"
    }
  },
  "changed-groups": {
    "url": "/hubs/general/changed-groups",
    "idField": "id",
    "datesConfiguration": {
      "updatedDateField": "metadata.updateTime",
      "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
      "updatedDateTimezone": "GMT",
      "createdDateField": "metadata.updateTime",
      "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
      "createdDateTimezone": "GMT"
    }
  },
  "changed-messages": {
    "url": "/hubs/general/changed-messages",
    "idField": "id"
  }
}"#,
    default_poller_origin: DefaultOrigin::Published,
    oauth: OAuthEndpoints {
        authorize_url: "https://accounts.google.com/o/oauth2/v2/auth",
        token_url: "https://oauth2.googleapis.com/token",
        default_scopes: &[
            "https://www.googleapis.com/auth/calendar.readonly",
            "https://www.googleapis.com/auth/admin.directory.group.readonly",
            "https://www.googleapis.com/auth/gmail.readonly",
        ],
        pkce: true,
        extra_authorize_params: &[("access_type", "offline"), ("prompt", "consent")],
        notes: "Desktop-app OAuth clients accept a loopback redirect (http://127.0.0.1:PORT). Send access_type=offline and prompt=consent to get a refresh token; PKCE S256.",
    },
};
