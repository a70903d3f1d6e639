//! A client for the platform's own API: `/elements/{key}/oauth/url` and `/instances`.
//! (Hub GETs on an instance belong to the poller's fetch.)

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use super::Credentials;

/// Failures talking to the platform. URLs in messages never carry secrets (query strings of
/// `oauth/url` hold the client secret, so they are dropped).
#[derive(Debug, thiserror::Error)]
pub enum PlatformError {
    #[error("invalid base URL {url:?}: {reason}")]
    BaseUrl { url: String, reason: String },
    #[error(
        "no platform credentials: set POLLCTL_USER_SECRET and POLLCTL_ORG_SECRET (or --user-secret-file / --org-secret-file, or user-secret / org-secret in the config file)"
    )]
    NoCredentials,
    #[error("{method} {url}: {source}")]
    Transport {
        method: &'static str,
        url: String,
        #[source]
        source: reqwest::Error,
    },
    #[error("{method} {url}: the platform refused the credentials (HTTP {status}): {body}")]
    Auth {
        method: &'static str,
        url: String,
        status: u16,
        body: String,
    },
    #[error("{method} {url}: HTTP {status}: {body}")]
    Status {
        method: &'static str,
        url: String,
        status: u16,
        body: String,
    },
    #[error("{method} {url}: unexpected response: {reason}")]
    Decode {
        method: &'static str,
        url: String,
        reason: String,
    },
}

impl PlatformError {
    /// Whether the platform said the credentials are wrong (→ exit 4).
    pub fn is_auth(&self) -> bool {
        matches!(
            self,
            PlatformError::Auth { .. } | PlatformError::NoCredentials
        )
    }
}

/// What `GET /elements/{key}/oauth/url` needs.
#[derive(Debug)]
pub struct OAuthUrlRequest<'a> {
    pub api_key: &'a str,
    pub api_secret: &'a SecretString,
    pub callback_url: &'a str,
    pub state: &'a str,
    /// Subdomain / site for subdomain connectors (`siteAddress`).
    pub site_address: Option<&'a str>,
    pub scope: Option<&'a str>,
}

/// A provisioned instance, from the `POST /instances` response.
#[derive(Debug, Clone)]
pub struct CreatedInstance {
    pub id: String,
    pub token: SecretString,
    pub name: Option<String>,
    pub element_key: Option<String>,
    /// The response without the token.
    pub response: Value,
}

/// The platform API client. One per process; it keeps connections alive.
#[derive(Debug, Clone)]
pub struct PlatformClient {
    http: reqwest::Client,
    base: String,
    creds: Credentials,
}

/// Up to 300 bytes of a response body, for error messages.
pub fn body_excerpt(body: &[u8]) -> String {
    let cut = body.len().min(300);
    let mut s = String::from_utf8_lossy(&body[..cut]).trim().to_string();
    if body.len() > cut {
        s.push('…');
    }
    if s.is_empty() {
        "(empty body)".into()
    } else {
        s
    }
}

impl PlatformClient {
    pub fn new(
        base_url: &str,
        creds: Credentials,
        timeout: Duration,
    ) -> Result<Self, PlatformError> {
        let parsed = url::Url::parse(base_url).map_err(|e| PlatformError::BaseUrl {
            url: base_url.to_string(),
            reason: e.to_string(),
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(PlatformError::BaseUrl {
                url: base_url.to_string(),
                reason: "scheme must be http or https".into(),
            });
        }
        crate::platform::install_crypto_provider();
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("pollctl/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|source| PlatformError::Transport {
                method: "INIT",
                url: base_url.to_string(),
                source,
            })?;
        Ok(PlatformClient {
            http,
            base: base_url.trim_end_matches('/').to_string(),
            creds,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    fn auth_header(&self) -> Result<SecretString, PlatformError> {
        if self.creds.user_secret.is_none() || self.creds.org_secret.is_none() {
            return Err(PlatformError::NoCredentials);
        }
        self.creds
            .authorization(false)
            .ok_or(PlatformError::NoCredentials)
    }

    async fn send(
        &self,
        method: &'static str,
        shown_url: &str,
        req: reqwest::RequestBuilder,
    ) -> Result<(u16, Vec<u8>), PlatformError> {
        let resp = req
            .send()
            .await
            .map_err(|source| PlatformError::Transport {
                method,
                url: shown_url.to_string(),
                source: source.without_url(),
            })?;
        let status = resp.status().as_u16();
        let body = resp
            .bytes()
            .await
            .map_err(|source| PlatformError::Transport {
                method,
                url: shown_url.to_string(),
                source: source.without_url(),
            })?
            .to_vec();
        tracing::debug!(method, url = shown_url, status, "platform response");
        match status {
            200..=299 => Ok((status, body)),
            401 | 403 => Err(PlatformError::Auth {
                method,
                url: shown_url.to_string(),
                status,
                body: body_excerpt(&body),
            }),
            _ => Err(PlatformError::Status {
                method,
                url: shown_url.to_string(),
                status,
                body: body_excerpt(&body),
            }),
        }
    }

    fn json(method: &'static str, url: &str, body: &[u8]) -> Result<Value, PlatformError> {
        serde_json::from_slice(body).map_err(|e| PlatformError::Decode {
            method,
            url: url.to_string(),
            reason: format!("{e}; body starts: {}", body_excerpt(body)),
        })
    }

    /// `GET /elements/{key}/oauth/url`: the provider's consent URL for this app.
    /// Egnyte's answer lacks the subdomain (`https://.egnyte.com/…`); it is filled in from
    /// `site_address`.
    pub async fn oauth_url(
        &self,
        key: &str,
        req: &OAuthUrlRequest<'_>,
    ) -> Result<String, PlatformError> {
        let shown = format!("{}/elements/{key}/oauth/url", self.base);
        let mut query: Vec<(&str, &str)> = vec![
            ("apiKey", req.api_key),
            ("apiSecret", req.api_secret.expose_secret()),
            ("callbackUrl", req.callback_url),
            ("state", req.state),
        ];
        if let Some(site) = req.site_address {
            query.push(("siteAddress", site));
        }
        if let Some(scope) = req.scope {
            query.push(("scope", scope));
        }
        let mut builder = self.http.get(&shown).query(&query);
        if let Ok(h) = self.auth_header() {
            builder = builder.header("Authorization", h.expose_secret());
        }
        let (_, body) = self.send("GET", &shown, builder).await?;
        let v = Self::json("GET", &shown, &body)?;
        let url =
            v.get("oauthUrl")
                .and_then(Value::as_str)
                .ok_or_else(|| PlatformError::Decode {
                    method: "GET",
                    url: shown.clone(),
                    reason: format!("no \"oauthUrl\" in {}", body_excerpt(&body)),
                })?;
        Ok(fix_missing_subdomain(url, req.site_address))
    }

    /// `POST /instances` with the instance body; the response's `id` and `token`.
    pub async fn create_instance(&self, body: &Value) -> Result<CreatedInstance, PlatformError> {
        let url = format!("{}/instances", self.base);
        let h = self.auth_header()?;
        let builder = self
            .http
            .post(&url)
            .header("Authorization", h.expose_secret())
            .header("Accept", "application/json")
            .json(body);
        let (_, bytes) = self.send("POST", &url, builder).await?;
        let mut v = Self::json("POST", &url, &bytes)?;
        let id = match v.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => {
                return Err(PlatformError::Decode {
                    method: "POST",
                    url,
                    reason: "the response has no \"id\"".into(),
                });
            }
        };
        let token = match v.as_object_mut().and_then(|m| m.remove("token")) {
            Some(Value::String(t)) if !t.is_empty() => SecretString::from(t),
            _ => {
                return Err(PlatformError::Decode {
                    method: "POST",
                    url,
                    reason: "the response has no \"token\"".into(),
                });
            }
        };
        let name = v.get("name").and_then(Value::as_str).map(str::to_string);
        let element_key = v
            .pointer("/element/key")
            .and_then(Value::as_str)
            .map(str::to_string);
        Ok(CreatedInstance {
            id,
            token,
            name,
            element_key,
            response: v,
        })
    }

    /// `GET /instances`.
    pub async fn list_instances(&self) -> Result<Vec<Value>, PlatformError> {
        let url = format!("{}/instances", self.base);
        let h = self.auth_header()?;
        let builder = self
            .http
            .get(&url)
            .header("Authorization", h.expose_secret());
        let (_, bytes) = self.send("GET", &url, builder).await?;
        match Self::json("GET", &url, &bytes)? {
            Value::Array(a) => Ok(a),
            other => Err(PlatformError::Decode {
                method: "GET",
                url,
                reason: format!(
                    "expected an array, got {}",
                    crate::instance::model::json_kind(&other)
                ),
            }),
        }
    }

    /// `DELETE /instances/{id}`.
    pub async fn delete_instance(&self, id: &str) -> Result<(), PlatformError> {
        let url = format!("{}/instances/{}", self.base, urlencode(id));
        let h = self.auth_header()?;
        let builder = self
            .http
            .delete(&url)
            .header("Authorization", h.expose_secret());
        self.send("DELETE", &url, builder).await.map(|_| ())
    }
}

fn urlencode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// `https://.egnyte.com/…` → `https://acme.egnyte.com/…` (the platform's Egnyte URL bug).
pub fn fix_missing_subdomain(url: &str, subdomain: Option<&str>) -> String {
    match (subdomain, url.find("://.")) {
        (Some(sub), Some(i)) if !sub.is_empty() => {
            format!("{}://{}.{}", &url[..i], sub, &url[i + 4..])
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn egnyte_subdomain_is_filled_in() {
        assert_eq!(
            fix_missing_subdomain("https://.egnyte.com/puboauth/token?x=1", Some("acme")),
            "https://acme.egnyte.com/puboauth/token?x=1"
        );
        assert_eq!(
            fix_missing_subdomain("https://acme.egnyte.com/a", Some("other")),
            "https://acme.egnyte.com/a"
        );
        assert_eq!(
            fix_missing_subdomain("https://.egnyte.com/a", None),
            "https://.egnyte.com/a"
        );
    }

    #[test]
    fn excerpt_is_bounded() {
        let long = vec![b'a'; 1000];
        assert!(body_excerpt(&long).chars().count() <= 301);
        assert_eq!(body_excerpt(b""), "(empty body)");
    }
}
