//! OAuth 2.0 authorization code flow: PKCE and state, the authorize URL, the loopback
//! listener and pasted redirects, code exchange and refresh, token storage.

pub mod flow;
pub mod pkce;
pub mod tokens;

/// `oauth login` through the platform provisions the instance with the redirect URI the
/// consent actually used (the loopback listener's, unless `--redirect-uri`): the platform
/// redeems the code only with that URI. When this replaces a different `oauth.callback.url`
/// of the instance file, the user is told (`None` when nothing changes).
pub fn callback_url_replaced(before: Option<&serde_json::Value>, used: &str) -> Option<String> {
    match before.and_then(serde_json::Value::as_str) {
        Some(b) if b == used => None,
        Some(b) if !b.trim().is_empty() => Some(format!(
            "the provisioned instance's oauth.callback.url is {used} (the redirect URI this login used), not {b} from the instance file: the platform accepts the code only with the URI the consent used; pass --redirect-uri {b} to keep yours"
        )),
        _ => Some(format!(
            "the provisioned instance's oauth.callback.url is {used} (the redirect URI this login used)"
        )),
    }
}

/// Failures of the OAuth flow. None of them carries a secret.
#[derive(Debug, thiserror::Error)]
pub enum OAuthError {
    /// The provider (or the user) refused: `error=access_denied` and friends on the redirect,
    /// or an RFC 6749 error from the token endpoint (`invalid_grant`, `invalid_client`…).
    #[error("the provider refused: {error}{}", description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Provider {
        error: String,
        description: Option<String>,
    },
    #[error(
        "the redirect's state does not match the one pollctl sent (possible CSRF); ignoring it"
    )]
    StateMismatch,
    #[error("no authorization code in {0}")]
    NoCode(String),
    #[error("timed out after {0:?} waiting for the provider to redirect back")]
    Timeout(std::time::Duration),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: String,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid {what} {value:?}: {reason}")]
    Invalid {
        what: &'static str,
        value: String,
        reason: String,
    },
    #[error("POST {url}: {source}")]
    Transport {
        url: String,
        #[source]
        source: reqwest::Error,
    },
    #[error("POST {url}: HTTP {status}: {body}")]
    Status {
        url: String,
        status: u16,
        body: String,
    },
    #[error("token response from {url} is not usable: {reason}")]
    BadTokenResponse { url: String, reason: String },
    /// The token store cannot be read or written.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("no stored tokens for {0:?}: run `pollctl oauth login --direct` first")]
    NoTokens(String),
    #[error("the stored tokens for {0:?} have no refresh token: log in again")]
    NoRefreshToken(String),
}

impl OAuthError {
    /// Authentication failures (→ exit 4) as opposed to bad input or I/O.
    pub fn is_auth(&self) -> bool {
        matches!(
            self,
            OAuthError::Provider { .. }
                | OAuthError::StateMismatch
                | OAuthError::NoTokens(_)
                | OAuthError::NoRefreshToken(_)
        ) || matches!(
            self,
            OAuthError::Status {
                status: 401 | 403,
                ..
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaced_callback_url_is_reported() {
        let used = "http://127.0.0.1:5000/callback";
        assert_eq!(callback_url_replaced(Some(&used.into()), used), None);
        let note =
            callback_url_replaced(Some(&"https://app.example.com/oauth".into()), used).unwrap();
        assert!(note.contains(used) && note.contains("https://app.example.com/oauth"));
        assert!(note.contains("--redirect-uri"));
        assert!(callback_url_replaced(None, used).unwrap().contains(used));
    }
}
