//! A client for the platform's own API: `/elements/{key}/oauth/url` and `/instances`.
//! (Hub GETs on an instance belong to the poller's fetch.)

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use super::Credentials;
use crate::platform::redact::{REDACTED, Redactor};

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

/// Whether a JSON member's name says it holds a secret (an instance's `token`, OAuth tokens,
/// the configuration's secret keys, an authorization `code`).
fn is_secret_member(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    crate::instance::model::is_secret_key(name)
        || matches!(n.as_str(), "code" | "apisecret" | "authorization")
}

fn redact_json(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if is_secret_member(k) && !x.is_null() {
                    *x = Value::String(REDACTED.into());
                } else {
                    redact_json(x);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(redact_json),
        _ => {}
    }
}

/// [`body_excerpt`] of a response that may echo what pollctl sent: every `known` secret
/// (as sent, JSON-escaped or URL-encoded) becomes `[redacted]` (through the poller's
/// [`Redactor`]), and in a JSON body so does
/// every member whose name says it holds a secret (`token`, `oauth.api.secret`, `code`…).
/// Redacted before the cut, so no secret survives half-cut at the end.
pub fn redacted_excerpt(body: &[u8], known: &[&str]) -> String {
    let bytes = match serde_json::from_slice::<Value>(body) {
        Ok(mut v) => {
            redact_json(&mut v);
            serde_json::to_vec(&v).unwrap_or_default()
        }
        Err(_) => body.to_vec(),
    };
    // A form-encoded body (`access_token=…&scope=…`, GitHub's answer without an Accept).
    let form: Vec<String> = if bytes == body && body.contains(&b'=') {
        url::form_urlencoded::parse(body)
            .filter(|(k, v)| is_secret_member(k) && !v.is_empty())
            .map(|(_, v)| v.into_owned())
            .collect()
    } else {
        Vec::new()
    };
    // Short values would wipe out ordinary text and are no secret worth the name: the
    // redactor skips them.
    let mut redactor = Redactor::default();
    for secret in known.iter().copied().chain(form.iter().map(String::as_str)) {
        let json = serde_json::to_string(secret).unwrap_or_default();
        redactor.add(secret);
        redactor.add(json.trim_matches('"'));
        redactor.add(&urlencode(secret));
        redactor.add(&url::form_urlencoded::byte_serialize(secret.as_bytes()).collect::<String>());
    }
    let text = redactor.text(&String::from_utf8_lossy(&bytes));
    body_excerpt(text.as_bytes())
}

impl PlatformClient {
    pub fn new(
        base_url: &str,
        creds: Credentials,
        timeout: Duration,
    ) -> Result<Self, PlatformError> {
        let parsed = url::Url::parse(base_url).map_err(|e| PlatformError::BaseUrl {
            url: crate::platform::redact::url(base_url),
            reason: e.to_string(),
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(PlatformError::BaseUrl {
                url: crate::platform::redact::url(base_url),
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
                url: crate::platform::redact::url(base_url),
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

    /// The base URL for people: a `user:password@` in it redacted.
    pub fn shown_base_url(&self) -> String {
        crate::platform::redact::url(&self.base)
    }

    fn auth_header(&self) -> Result<SecretString, PlatformError> {
        if self.creds.user_secret.is_none() || self.creds.org_secret.is_none() {
            return Err(PlatformError::NoCredentials);
        }
        self.creds
            .authorization(false)
            .ok_or(PlatformError::NoCredentials)
    }

    /// The secrets this client sends with every request (they may come back in a body).
    fn own_secrets(&self) -> Vec<&str> {
        [
            &self.creds.user_secret,
            &self.creds.org_secret,
            &self.creds.element_token,
        ]
        .into_iter()
        .flatten()
        .map(|s| s.expose_secret())
        .collect()
    }

    /// Send; a non-2xx answer is an error whose body excerpt has every secret sent removed
    /// (the credentials and `sent`: what this request carried).
    async fn send(
        &self,
        method: &'static str,
        shown_url: &str,
        req: reqwest::RequestBuilder,
        sent: &[&str],
    ) -> Result<(u16, Vec<u8>), PlatformError> {
        // The base URL may carry `user:password@`: shown redacted in logs and errors.
        let shown = crate::platform::redact::url(shown_url);
        let shown_url = shown.as_str();
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
        if (200..=299).contains(&status) {
            return Ok((status, body));
        }
        let mut secrets = self.own_secrets();
        secrets.extend_from_slice(sent);
        let excerpt = redacted_excerpt(&body, &secrets);
        match status {
            401 | 403 => Err(PlatformError::Auth {
                method,
                url: shown_url.to_string(),
                status,
                body: excerpt,
            }),
            _ => Err(PlatformError::Status {
                method,
                url: shown_url.to_string(),
                status,
                body: excerpt,
            }),
        }
    }

    fn json(
        &self,
        method: &'static str,
        url: &str,
        body: &[u8],
        sent: &[&str],
    ) -> Result<Value, PlatformError> {
        serde_json::from_slice(body).map_err(|e| {
            let mut secrets = self.own_secrets();
            secrets.extend_from_slice(sent);
            PlatformError::Decode {
                method,
                url: crate::platform::redact::url(url),
                reason: format!("{e}; body starts: {}", redacted_excerpt(body, &secrets)),
            }
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
        let sent = [req.api_secret.expose_secret()];
        let (_, body) = self.send("GET", &shown, builder, &sent).await?;
        let v = self.json("GET", &shown, &body, &sent)?;
        let url =
            v.get("oauthUrl")
                .and_then(Value::as_str)
                .ok_or_else(|| PlatformError::Decode {
                    method: "GET",
                    url: crate::platform::redact::url(&shown),
                    reason: format!("no \"oauthUrl\" in {}", redacted_excerpt(&body, &sent)),
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
        let mut sent = Vec::new();
        secret_values(body, &mut sent);
        let (_, bytes) = self.send("POST", &url, builder, &sent).await?;
        let mut v = self.json("POST", &url, &bytes, &sent)?;
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
        let (_, bytes) = self.send("GET", &url, builder, &[]).await?;
        match self.json("GET", &url, &bytes, &[])? {
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
        self.send("DELETE", &url, builder, &[]).await.map(|_| ())
    }
}

/// The string values of the secret members of an instance body (what `POST /instances` sends).
fn secret_values<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match x {
                    Value::String(s) if is_secret_member(k) => out.push(s),
                    _ => secret_values(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| secret_values(x, out)),
        _ => {}
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

    /// A platform that echoes the request: neither the credentials, nor the client secret
    /// of the query, nor the body's secrets reach the error message (they did before).
    #[tokio::test]
    async fn echoed_secrets_are_redacted_from_errors() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            loop {
                let Ok((mut sock, _)) = listener.accept().await else {
                    return;
                };
                let mut buf = vec![0u8; 65536];
                let mut n = 0;
                // Headers and a body of Content-Length bytes; enough for these requests.
                loop {
                    let m = sock.read(&mut buf[n..]).await.unwrap_or(0);
                    n += m;
                    let text = String::from_utf8_lossy(&buf[..n]).to_string();
                    if m == 0 {
                        break;
                    }
                    if let Some(end) = text.find("\r\n\r\n") {
                        let len = text
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                            })
                            .unwrap_or(0);
                        if n >= end + 4 + len {
                            break;
                        }
                    }
                }
                let echo = serde_json::json!({
                    "message": "bad request",
                    "request": String::from_utf8_lossy(&buf[..n]),
                })
                .to_string();
                let resp = format!(
                    "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{echo}",
                    echo.len()
                );
                let _ = sock.write_all(resp.as_bytes()).await;
            }
        });
        let creds = Credentials {
            user_secret: Some(SecretString::from("user-secret-9f8e")),
            org_secret: Some(SecretString::from("org secret/9f8e+")),
            element_token: None,
        };
        let client = PlatformClient::new(
            &format!("http://{addr}/elements/api-v2"),
            creds,
            Duration::from_secs(5),
        )
        .unwrap();
        let api_secret = SecretString::from("client secret&9f8e");
        let e = client
            .oauth_url(
                "egnyte",
                &OAuthUrlRequest {
                    api_key: "id",
                    api_secret: &api_secret,
                    callback_url: "http://127.0.0.1:1/cb",
                    state: "st",
                    site_address: None,
                    scope: None,
                },
            )
            .await
            .unwrap_err()
            .to_string();
        let body = serde_json::json!({
            "element": {"key": "egnyte"},
            "providerData": {"code": "auth-code-9f8e"},
            "configuration": {
                "oauth.api.secret": "client secret&9f8e",
                "event.notification.signature.key": "sig-key-9f8e",
            },
        });
        let e2 = client.create_instance(&body).await.unwrap_err().to_string();
        for msg in [&e, &e2] {
            assert!(
                msg.contains("HTTP 400") && msg.contains("[redacted]"),
                "{msg}"
            );
            for secret in [
                "user-secret-9f8e",
                "org secret/9f8e+",
                "org%20secret",
                "org+secret",
                "client secret&9f8e",
                "client+secret%269f8e",
                "auth-code-9f8e",
                "sig-key-9f8e",
            ] {
                assert!(!msg.contains(secret), "{secret} leaked: {msg}");
            }
        }
    }

    #[test]
    fn excerpt_redacts_secret_members_and_known_values() {
        let body = br#"{"id": 7, "token": "tok-abc", "nested": [{"refresh_token": "r-1", "note": "key=known-xyz"}]}"#;
        let s = redacted_excerpt(body, &["known-xyz", "ab"]);
        assert!(
            !s.contains("tok-abc") && !s.contains("r-1") && !s.contains("known-xyz"),
            "{s}"
        );
        assert!(s.contains("\"id\":7"), "{s}");
        // Not JSON: the known values still go.
        assert_eq!(
            redacted_excerpt(b"note=known-xyz&x=1", &["known-xyz"]),
            "note=[redacted]&x=1"
        );
        // A form-encoded token answer: its secret members go too.
        assert_eq!(
            redacted_excerpt(b"access_token=gho_16C7e42F&scope=repo", &[]),
            "access_token=[redacted]&scope=repo"
        );
    }

    #[test]
    fn a_bad_base_url_does_not_show_its_password() {
        for bad in ["https://u:pw-7c7c@ho st/", "ftp://u:pw-7c7c@host/"] {
            let creds = Credentials {
                user_secret: None,
                org_secret: None,
                element_token: None,
            };
            let Err(e) = PlatformClient::new(bad, creds, Duration::from_secs(1)) else {
                panic!("{bad} accepted");
            };
            let msg = e.to_string();
            assert!(
                msg.contains("invalid base URL") && !msg.contains("pw-7c7c"),
                "{msg}"
            );
        }
    }

    #[test]
    fn excerpt_is_bounded() {
        let long = vec![b'a'; 1000];
        assert!(body_excerpt(&long).chars().count() <= 301);
        assert_eq!(body_excerpt(b""), "(empty body)");
    }
}
