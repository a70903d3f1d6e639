//! Token endpoint calls (code exchange, refresh) and the token store.
//!
//! Responses are read per RFC 6749 §5.1/§5.2, with the providers' quirks: Egnyte may send no
//! `refresh_token` and no `expires_in`; ShareFile adds `subdomain`, `apicp`, `appcp`; Egnyte's
//! errors use `errorMessage`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration as ChronoDuration, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::OAuthError;
use crate::platform::client::redacted_excerpt;
use crate::store;

/// Tokens held for one login. `Debug` never shows them.
#[derive(Debug, Clone)]
pub struct TokenSet {
    pub access_token: SecretString,
    pub refresh_token: Option<SecretString>,
    pub token_type: Option<String>,
    pub scope: Option<String>,
    /// None when the provider gave no `expires_in` (Egnyte's long-lived tokens).
    pub expires_at: Option<DateTime<Utc>>,
    /// Provider extras worth keeping (ShareFile's `subdomain`, `apicp`, `appcp`).
    pub extra: BTreeMap<String, String>,
}

impl TokenSet {
    /// Whether the access token expires within `margin` of `now`.
    pub fn expires_within(&self, now: DateTime<Utc>, margin: ChronoDuration) -> bool {
        self.expires_at.is_some_and(|t| t <= now + margin)
    }
}

/// Read a token endpoint response body. Errors in the body win over the status.
pub fn parse_token_response(
    url: &str,
    status: u16,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<TokenSet, OAuthError> {
    read_token_response(url, status, body, now, &[])
}

/// [`parse_token_response`], with the secrets the request carried (`sent`) removed from any
/// body excerpt in the error (a token endpoint may echo the form back).
fn read_token_response(
    url: &str,
    status: u16,
    body: &[u8],
    now: DateTime<Utc>,
    sent: &[&str],
) -> Result<TokenSet, OAuthError> {
    let body_excerpt = |b: &[u8]| redacted_excerpt(b, sent);
    let v: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) => {
            return Err(if (200..300).contains(&status) {
                OAuthError::BadTokenResponse {
                    url: url.to_string(),
                    reason: format!("not JSON: {}", body_excerpt(body)),
                }
            } else {
                OAuthError::Status {
                    url: url.to_string(),
                    status,
                    body: body_excerpt(body),
                }
            });
        }
    };
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    if let Some(error) = text("error").or_else(|| text("errorCode")) {
        return Err(OAuthError::Provider {
            error,
            description: text("error_description")
                .or_else(|| text("errorMessage"))
                .or_else(|| text("message"))
                .map(|d| body_excerpt(d.as_bytes())),
        });
    }
    if let Some(msg) = text("errorMessage") {
        return Err(OAuthError::Provider {
            error: if status == 401 {
                "invalid_client".into()
            } else {
                "error".into()
            },
            description: Some(body_excerpt(msg.as_bytes())),
        });
    }
    if !(200..300).contains(&status) {
        return Err(OAuthError::Status {
            url: url.to_string(),
            status,
            body: body_excerpt(body),
        });
    }
    let access = text("access_token")
        .filter(|t| !t.is_empty())
        .ok_or_else(|| OAuthError::BadTokenResponse {
            url: url.to_string(),
            reason: "no access_token".into(),
        })?;
    let expires_in = match v.get("expires_in") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    let mut extra = BTreeMap::new();
    for k in ["subdomain", "apicp", "appcp", "id_token"] {
        if k != "id_token"
            && let Some(x) = text(k)
        {
            extra.insert(k.to_string(), x);
        }
    }
    Ok(TokenSet {
        access_token: SecretString::from(access),
        refresh_token: text("refresh_token")
            .filter(|t| !t.is_empty())
            .map(SecretString::from),
        token_type: text("token_type"),
        scope: text("scope"),
        expires_at: expires_in
            .filter(|s| *s > 0)
            .map(|s| now + ChronoDuration::seconds(s)),
        extra,
    })
}

/// The client identity used at the token endpoint (credentials go in the form body, which
/// every one of the four providers accepts).
#[derive(Debug, Clone)]
pub struct ClientAuth {
    pub token_url: String,
    pub client_id: String,
    pub client_secret: Option<SecretString>,
}

async fn post_form(
    http: &reqwest::Client,
    client: &ClientAuth,
    form: &[(&str, &str)],
) -> Result<TokenSet, OAuthError> {
    let mut fields: Vec<(&str, &str)> = form.to_vec();
    fields.push(("client_id", &client.client_id));
    if let Some(s) = &client.client_secret {
        fields.push(("client_secret", s.expose_secret()));
    }
    let resp = http
        .post(&client.token_url)
        .header("Accept", "application/json")
        .form(&fields)
        .send()
        .await
        .map_err(|source| OAuthError::Transport {
            url: client.token_url.clone(),
            source: source.without_url(),
        })?;
    let status = resp.status().as_u16();
    let body = resp.bytes().await.map_err(|source| OAuthError::Transport {
        url: client.token_url.clone(),
        source: source.without_url(),
    })?;
    let mut sent: Vec<&str> = form
        .iter()
        .filter(|(k, _)| matches!(*k, "code" | "refresh_token" | "code_verifier"))
        .map(|(_, v)| *v)
        .collect();
    if let Some(s) = &client.client_secret {
        sent.push(s.expose_secret());
    }
    read_token_response(&client.token_url, status, &body, Utc::now(), &sent)
}

/// `grant_type=authorization_code`.
pub async fn exchange_code(
    http: &reqwest::Client,
    client: &ClientAuth,
    code: &SecretString,
    redirect_uri: Option<&str>,
    verifier: Option<&SecretString>,
) -> Result<TokenSet, OAuthError> {
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code.expose_secret()),
    ];
    if let Some(r) = redirect_uri {
        form.push(("redirect_uri", r));
    }
    if let Some(v) = verifier {
        form.push(("code_verifier", v.expose_secret()));
    }
    post_form(http, client, &form).await
}

/// `grant_type=refresh_token`. A response without a new refresh token keeps the old one.
pub async fn refresh(
    http: &reqwest::Client,
    client: &ClientAuth,
    current: &TokenSet,
    name: &str,
) -> Result<TokenSet, OAuthError> {
    let rt = current
        .refresh_token
        .as_ref()
        .ok_or_else(|| OAuthError::NoRefreshToken(name.to_string()))?;
    let mut fresh = post_form(
        http,
        client,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", rt.expose_secret()),
        ],
    )
    .await?;
    if fresh.refresh_token.is_none() {
        fresh.refresh_token = current.refresh_token.clone();
    }
    for (k, v) in &current.extra {
        fresh.extra.entry(k.clone()).or_insert_with(|| v.clone());
    }
    Ok(fresh)
}

/// An access token is refreshed when it expires within this margin (`oauth token`, `oauth refresh`).
pub const REFRESH_MARGIN: ChronoDuration = ChronoDuration::minutes(5);

/// A usable access token for a stored login, as `pollctl oauth token NAME` prints it.
#[derive(Debug)]
pub struct AccessToken {
    pub token: SecretString,
    pub expires_at: Option<DateTime<Utc>>,
    /// Whether it was refreshed (and the new tokens saved) to get it.
    pub refreshed: bool,
}

/// The stored login `name`'s access token if it stays valid for more than `margin` after
/// `now` (or never expires, like Egnyte's long-lived tokens); otherwise refresh it with the
/// stored refresh token (and `client_secret`, for confidential clients), save the new tokens
/// and return the new access token. No stored login, or no refresh token for an expiring
/// one, is an authentication error naming what to run.
pub async fn valid_access_token(
    store: &TokenStore,
    http: &reqwest::Client,
    name: &str,
    client_secret: Option<SecretString>,
    now: DateTime<Utc>,
    margin: ChronoDuration,
) -> Result<AccessToken, OAuthError> {
    let load = || {
        store
            .load(name)?
            .ok_or_else(|| OAuthError::NoTokens(name.to_string()))
    };
    let fresh_enough = |login: StoredLogin| AccessToken {
        token: login.tokens.access_token,
        expires_at: login.tokens.expires_at,
        refreshed: false,
    };
    let login = load()?;
    if !login.tokens.expires_within(now, margin) {
        return Ok(fresh_enough(login));
    }
    // Two `oauth token` runs (two CI jobs, a cron and a shell) must not both spend the refresh
    // token: providers that rotate it answer the second with `invalid_grant`. One refreshes
    // under the lock; the other waits, re-reads, and finds the new token (docs/oauth.md).
    let _refreshing = store.lock_refresh(name).await?;
    let mut login = load()?;
    if !login.tokens.expires_within(now, margin) {
        return Ok(fresh_enough(login));
    }
    login.client.client_secret = client_secret;
    let fresh = refresh(http, &login.client, &login.tokens, name).await?;
    login.tokens = fresh;
    store.save(&login)?;
    Ok(AccessToken {
        token: login.tokens.access_token.clone(),
        expires_at: login.tokens.expires_at,
        refreshed: true,
    })
}

/// What is stored on disk for one login: the tokens and how to refresh them.
#[derive(Debug, Clone)]
pub struct StoredLogin {
    pub name: String,
    pub connector: String,
    pub client: ClientAuth,
    pub tokens: TokenSet,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredFile {
    connector: String,
    token_url: String,
    client_id: String,
    access_token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    token_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    extra: BTreeMap<String, String>,
}

/// How long a refresh waits for another pollctl refreshing the same login.
pub const REFRESH_LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Token files: `<config dir>/tokens/<name>.json`, `0600` in a `0700` directory, atomic.
#[derive(Debug, Clone)]
pub struct TokenStore {
    dir: PathBuf,
}

impl TokenStore {
    pub fn new(config_dir: &Path) -> TokenStore {
        TokenStore {
            dir: config_dir.join("tokens"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{}.json", safe_name(name)))
    }

    /// Save a login (the client secret is not stored here: it stays where the user keeps it).
    pub fn save(&self, login: &StoredLogin) -> Result<PathBuf, store::StoreError> {
        store::ensure_private_dir(&self.dir)?;
        let t = &login.tokens;
        let file = StoredFile {
            connector: login.connector.clone(),
            token_url: login.client.token_url.clone(),
            client_id: login.client.client_id.clone(),
            access_token: t.access_token.expose_secret().to_string(),
            refresh_token: t
                .refresh_token
                .as_ref()
                .map(|r| r.expose_secret().to_string()),
            token_type: t.token_type.clone(),
            scope: t.scope.clone(),
            expires_at: t.expires_at,
            extra: t.extra.clone(),
        };
        let mut bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
        bytes.push(b'\n');
        let path = self.path(&login.name);
        store::write_atomic(&path, &bytes)?;
        Ok(path)
    }

    /// Hold the refresh lock of one login (`tokens/.<name>.refresh-lock`, `flock`), waiting up
    /// to [`REFRESH_LOCK_WAIT`] for another pollctl that is refreshing it. Released on drop, and
    /// by the OS when the holder dies.
    pub async fn lock_refresh(&self, name: &str) -> Result<std::fs::File, store::StoreError> {
        store::ensure_private_dir(&self.dir)?;
        let path = self.dir.join(format!(".{}.refresh-lock", safe_name(name)));
        let lock_err = |source| store::StoreError::Lock {
            path: path.clone(),
            source,
        };
        let mut o = std::fs::OpenOptions::new();
        o.create(true).truncate(false).write(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            o.mode(0o600);
        }
        let file = o.open(&path).map_err(lock_err)?;
        let deadline = std::time::Instant::now() + REFRESH_LOCK_WAIT;
        let mut said = false;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(file),
                Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                    if !said {
                        said = true;
                        tracing::warn!(
                            "another pollctl is refreshing login {name:?}; waiting for it (up to {} s)",
                            REFRESH_LOCK_WAIT.as_secs()
                        );
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(25)).await;
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(lock_err(std::io::Error::other(format!(
                        "another pollctl has been refreshing login {name:?} for {} s; \
                         try again, or remove a stuck process",
                        REFRESH_LOCK_WAIT.as_secs()
                    ))));
                }
                Err(std::fs::TryLockError::Error(source)) => return Err(lock_err(source)),
            }
        }
    }

    /// Load a login; `None` when there is none by that name.
    pub fn load(&self, name: &str) -> Result<Option<StoredLogin>, store::StoreError> {
        let path = self.path(name);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(store::StoreError::Read { path, source }),
        };
        let f: StoredFile =
            serde_json::from_slice(&bytes).map_err(|e| store::StoreError::Read {
                path: path.clone(),
                source: std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()),
            })?;
        Ok(Some(StoredLogin {
            name: name.to_string(),
            connector: f.connector,
            client: ClientAuth {
                token_url: f.token_url,
                client_id: f.client_id,
                client_secret: None,
            },
            tokens: TokenSet {
                access_token: SecretString::from(f.access_token),
                refresh_token: f.refresh_token.map(SecretString::from),
                token_type: f.token_type,
                scope: f.scope,
                expires_at: f.expires_at,
                extra: f.extra,
            },
        }))
    }
}

/// A file-name-safe version of a user-chosen name (letters, digits, `-`, `_`, `.`).
pub fn safe_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with('.') {
        format!("_{s}")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z")
            .unwrap()
            .to_utc()
    }

    #[test]
    fn google_style_response() {
        let t = parse_token_response(
            "u",
            200,
            br#"{"access_token":"at","expires_in":3599,"refresh_token":"rt","scope":"a b","token_type":"Bearer"}"#,
            now(),
        )
        .unwrap();
        assert_eq!(t.access_token.expose_secret(), "at");
        assert_eq!(t.refresh_token.unwrap().expose_secret(), "rt");
        assert_eq!(t.expires_at.unwrap(), now() + ChronoDuration::seconds(3599));
    }

    #[test]
    fn egnyte_without_refresh_or_expiry() {
        let t = parse_token_response(
            "u",
            200,
            br#"{"access_token":"at","token_type":"bearer","expires_in":-1}"#,
            now(),
        )
        .unwrap();
        assert!(t.refresh_token.is_none());
        assert!(t.expires_at.is_none());
        assert!(!t.expires_within(now(), ChronoDuration::minutes(5)));
    }

    #[test]
    fn sharefile_extras_kept() {
        let t = parse_token_response(
            "u",
            200,
            br#"{"access_token":"at","refresh_token":"rt","expires_in":"28800","subdomain":"acme","apicp":"sf-api.com","appcp":"sharefile.com"}"#,
            now(),
        )
        .unwrap();
        assert_eq!(t.extra["subdomain"], "acme");
        assert_eq!(t.extra["apicp"], "sf-api.com");
        assert!(t.expires_within(now() + ChronoDuration::hours(8), ChronoDuration::zero()));
    }

    #[test]
    fn errors_are_named() {
        let e = parse_token_response("u", 400, br#"{"error":"invalid_grant","error_description":"Token has been expired or revoked."}"#, now()).unwrap_err();
        assert!(e.is_auth());
        assert_eq!(
            e.to_string(),
            "the provider refused: invalid_grant (Token has been expired or revoked.)"
        );
        let e = parse_token_response(
            "u",
            400,
            br#"{"errorMessage":"Request hostname and redirect url hostname do not match"}"#,
            now(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("hostname"), "{e}");
        let e = parse_token_response("u", 502, b"<html>bad gateway</html>", now()).unwrap_err();
        assert!(matches!(e, OAuthError::Status { status: 502, .. }));
        let e = parse_token_response("u", 200, br#"{"token_type":"x"}"#, now()).unwrap_err();
        assert!(matches!(e, OAuthError::BadTokenResponse { .. }));
    }

    /// A token endpoint that echoes the request, or answers form-encoded without the Accept
    /// it was asked for: the secrets sent and the tokens received stay out of the error.
    #[test]
    fn echoed_and_form_encoded_secrets_stay_out_of_errors() {
        let sent = ["client-secret-7a7a", "refresh-tok-7a7a"];
        let e = read_token_response(
            "u",
            500,
            b"grant_type=refresh_token&refresh_token=refresh-tok-7a7a&client_secret=client-secret-7a7a",
            now(),
            &sent,
        )
        .unwrap_err()
        .to_string();
        let e2 = read_token_response(
            "u",
            400,
            br#"{"error":"invalid_client","error_description":"bad secret client-secret-7a7a"}"#,
            now(),
            &sent,
        )
        .unwrap_err()
        .to_string();
        let e3 = parse_token_response(
            "u",
            200,
            b"access_token=gho_abcdef12&token_type=bearer",
            now(),
        )
        .unwrap_err()
        .to_string();
        for msg in [&e, &e2, &e3] {
            assert!(msg.contains("[redacted]"), "{msg}");
            for s in sent.iter().chain(&["gho_abcdef12"]) {
                assert!(!msg.contains(s), "{s} leaked: {msg}");
            }
        }
    }

    #[test]
    fn store_round_trip_private() {
        let dir = tempfile::tempdir().unwrap();
        let store = TokenStore::new(dir.path());
        let login = StoredLogin {
            name: "my/inst".into(),
            connector: "googlesuite".into(),
            client: ClientAuth {
                token_url: "https://t".into(),
                client_id: "c".into(),
                client_secret: Some("s3cret".to_string().into()),
            },
            tokens: parse_token_response(
                "u",
                200,
                br#"{"access_token":"at","refresh_token":"rt","expires_in":60}"#,
                now(),
            )
            .unwrap(),
        };
        let path = store.save(&login).unwrap();
        assert!(path.ends_with("tokens/my_inst.json"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("s3cret"), "client secret must not be stored");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
            assert_eq!(
                std::fs::metadata(path.parent().unwrap())
                    .unwrap()
                    .permissions()
                    .mode()
                    & 0o777,
                0o700
            );
        }
        let back = store.load("my/inst").unwrap().unwrap();
        assert_eq!(back.tokens.access_token.expose_secret(), "at");
        assert_eq!(back.tokens.expires_at, login.tokens.expires_at);
        assert!(store.load("nope").unwrap().is_none());
        assert!(!format!("{back:?}").contains("\"at\""));
    }

    #[test]
    fn safe_names() {
        assert_eq!(safe_name("a b/c"), "a_b_c");
        assert_eq!(safe_name(".."), "_..");
        assert_eq!(safe_name(""), "_");
    }
}
