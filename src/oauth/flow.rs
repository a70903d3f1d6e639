//! The authorization step: the authorize URL, the loopback listener that receives the
//! redirect, and the pasted-redirect fallback for providers that need an https redirect URI.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;

use secrecy::SecretString;
use tokio::sync::mpsc;
use url::Url;

use super::OAuthError;
use super::pkce::CsrfState;

/// What goes into the provider's authorize URL.
#[derive(Debug)]
pub struct AuthorizeParams<'a> {
    pub authorize_url: &'a str,
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    pub scopes: &'a [String],
    pub state: &'a CsrfState,
    /// S256 challenge, when the provider supports PKCE.
    pub pkce_challenge: Option<&'a str>,
    /// Provider-specific parameters (Google: `access_type=offline`, `prompt=consent`).
    pub extra: &'a [(String, String)],
}

/// Build the authorize URL: `response_type=code`, `client_id`, `redirect_uri`, `scope`
/// (space-separated), `state`, PKCE S256, then the extras.
pub fn authorize_url(p: &AuthorizeParams<'_>) -> Result<Url, OAuthError> {
    let mut url = Url::parse(p.authorize_url).map_err(|e| OAuthError::Invalid {
        what: "authorize URL",
        value: p.authorize_url.to_string(),
        reason: e.to_string(),
    })?;
    if url
        .host_str()
        .is_none_or(|h| h.is_empty() || h.starts_with('.'))
    {
        return Err(OAuthError::Invalid {
            what: "authorize URL",
            value: p.authorize_url.to_string(),
            reason: "the host is empty or starts with a dot (is a subdomain missing?)".into(),
        });
    }
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("response_type", "code");
        q.append_pair("client_id", p.client_id);
        q.append_pair("redirect_uri", p.redirect_uri);
        if !p.scopes.is_empty() {
            q.append_pair("scope", &p.scopes.join(" "));
        }
        q.append_pair("state", p.state.as_str());
        if let Some(c) = p.pkce_challenge {
            q.append_pair("code_challenge", c);
            q.append_pair("code_challenge_method", "S256");
        }
        for (k, v) in p.extra {
            q.append_pair(k, v);
        }
    }
    Ok(url)
}

/// A successful redirect: the code and the other parameters the provider added
/// (ShareFile's `subdomain`, `apicp`, `appcp`).
#[derive(Debug)]
pub struct Callback {
    pub code: SecretString,
    pub extra: BTreeMap<String, String>,
}

/// Read a redirect's query string: the state first (constant time; RFC 6749 §4.1.2.1 returns
/// it with errors too), then `error` (the user may have said no), then the code. An error
/// without the right state is forged like a code without it: any web page can send the
/// browser to `http://127.0.0.1:PORT/callback?error=access_denied`, which ended the login.
pub fn parse_callback_query(query: &str, state: &CsrfState) -> Result<Callback, OAuthError> {
    let mut params: BTreeMap<String, String> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    match params.remove("state") {
        Some(s) if state.matches(&s) => {}
        _ => return Err(OAuthError::StateMismatch),
    }
    if let Some(error) = params.remove("error") {
        return Err(OAuthError::Provider {
            error,
            description: params.remove("error_description"),
        });
    }
    let code = params
        .remove("code")
        .filter(|c| !c.is_empty())
        .ok_or_else(|| OAuthError::NoCode("the redirect".into()))?;
    params.remove("h");
    Ok(Callback {
        code: SecretString::from(code),
        extra: params,
    })
}

/// Accept what a user pastes after consenting on a provider that cannot redirect to the
/// loopback listener: the whole redirected URL (checked like a real redirect), or the bare code.
pub fn parse_pasted(input: &str, state: &CsrfState) -> Result<Callback, OAuthError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(OAuthError::NoCode("the pasted text (it is empty)".into()));
    }
    if let Ok(url) = Url::parse(input)
        && url.has_host()
    {
        return parse_callback_query(url.query().unwrap_or(""), state);
    }
    if let Some(q) = input.strip_prefix('?') {
        return parse_callback_query(q, state);
    }
    if input.contains("code=") {
        return parse_callback_query(input, state);
    }
    if input.chars().any(char::is_whitespace) {
        return Err(OAuthError::Invalid {
            what: "pasted code",
            value: "(not shown)".into(),
            reason: "it contains white space; paste the whole redirected URL or the code alone"
                .into(),
        });
    }
    Ok(Callback {
        code: SecretString::from(input.to_string()),
        extra: BTreeMap::new(),
    })
}

const DONE_PAGE: &str = "<!doctype html><html><head><meta charset=utf-8><title>pollctl</title></head>\
<body style=\"font-family:sans-serif;margin:3em\"><h1>Done</h1>\
<p>pollctl received the authorization. You can close this tab and return to the terminal.</p></body></html>";

const REFUSED_PAGE: &str = "<!doctype html><html><head><meta charset=utf-8><title>pollctl</title></head>\
<body style=\"font-family:sans-serif;margin:3em\"><h1>Authorization not completed</h1>\
<p>The provider reported an error; see the terminal for details.</p></body></html>";

/// A one-shot listener on the loopback interface for the provider's redirect.
pub struct Listener {
    listener: tokio::net::TcpListener,
    addr: SocketAddr,
    path: String,
}

impl Listener {
    /// Bind `127.0.0.1:port` (0 = any free port); the redirect URI is
    /// `http://127.0.0.1:PORT{path}`.
    pub async fn bind(port: u16, path: &str) -> Result<Listener, OAuthError> {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| OAuthError::Listen {
                addr: addr.to_string(),
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| OAuthError::Listen {
            addr: addr.to_string(),
            source,
        })?;
        let path = if path.starts_with('/') {
            path.to_string()
        } else {
            format!("/{path}")
        };
        Ok(Listener {
            listener,
            addr,
            path,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn redirect_uri(&self) -> String {
        format!("http://{}{}", self.addr, self.path)
    }

    /// Serve until one redirect carries the right state (a code, or a provider error), or the
    /// timeout. Requests with a wrong or missing state get 400 and do not end the wait, so a
    /// forged request cannot complete or abort the flow. The listener closes when this returns.
    pub async fn wait(self, state: &CsrfState, timeout: Duration) -> Result<Callback, OAuthError> {
        use axum::extract::{RawQuery, State as AxState};
        use axum::http::StatusCode;
        use axum::response::{Html, IntoResponse};

        type Tx = mpsc::Sender<Result<Callback, OAuthError>>;
        let (tx, mut rx) = mpsc::channel::<Result<Callback, OAuthError>>(1);

        async fn handle(
            AxState((tx, state)): AxState<(Tx, CsrfState)>,
            RawQuery(query): RawQuery,
        ) -> axum::response::Response {
            match parse_callback_query(query.as_deref().unwrap_or(""), &state) {
                Err(OAuthError::StateMismatch) => {
                    tracing::warn!("ignored a redirect with a wrong or missing state");
                    (StatusCode::BAD_REQUEST, Html("state mismatch".to_string())).into_response()
                }
                Err(OAuthError::NoCode(_)) => {
                    (StatusCode::BAD_REQUEST, Html("no code".to_string())).into_response()
                }
                Ok(cb) => {
                    let _ = tx.try_send(Ok(cb));
                    Html(DONE_PAGE).into_response()
                }
                Err(e) => {
                    let _ = tx.try_send(Err(e));
                    (StatusCode::OK, Html(REFUSED_PAGE)).into_response()
                }
            }
        }

        let app = axum::Router::new()
            .route(&self.path, axum::routing::get(handle))
            .with_state((tx, state.clone()));
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let server = axum::serve(self.listener, app).with_graceful_shutdown(async move {
            let _ = stop_rx.await;
        });
        let server = tokio::spawn(async move { server.await });
        let result = match tokio::time::timeout(timeout, rx.recv()).await {
            Ok(Some(r)) => r,
            Ok(None) | Err(_) => Err(OAuthError::Timeout(timeout)),
        };
        let _ = stop_tx.send(());
        // Let the success page go out before closing.
        let _ = tokio::time::timeout(Duration::from_secs(2), server).await;
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn authorize_url_carries_everything() {
        let state = CsrfState::new();
        let scopes = vec!["a".to_string(), "b c".to_string()];
        let extra = vec![("access_type".to_string(), "offline".to_string())];
        let url = authorize_url(&AuthorizeParams {
            authorize_url: "https://accounts.example.com/o/oauth2/auth?x=1",
            client_id: "cid",
            redirect_uri: "http://127.0.0.1:5000/callback",
            scopes: &scopes,
            state: &state,
            pkce_challenge: Some("chal"),
            extra: &extra,
        })
        .unwrap();
        let q: BTreeMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(q["x"], "1");
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["client_id"], "cid");
        assert_eq!(q["redirect_uri"], "http://127.0.0.1:5000/callback");
        assert_eq!(q["scope"], "a b c");
        assert_eq!(q["state"], state.as_str());
        assert_eq!(q["code_challenge"], "chal");
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["access_type"], "offline");
    }

    #[test]
    fn authorize_url_rejects_missing_subdomain() {
        let state = CsrfState::new();
        let err = authorize_url(&AuthorizeParams {
            authorize_url: "https://.egnyte.com/puboauth/token",
            client_id: "c",
            redirect_uri: "https://x",
            scopes: &[],
            state: &state,
            pkce_challenge: None,
            extra: &[],
        })
        .unwrap_err();
        assert!(err.to_string().contains("subdomain"), "{err}");
    }

    #[test]
    fn callback_checks_error_then_state_then_code() {
        let state = CsrfState::new();
        let s = state.as_str();
        let cb = parse_callback_query(
            &format!("code=abc&state={s}&subdomain=acme&apicp=sf-api.com"),
            &state,
        )
        .unwrap();
        assert_eq!(cb.code.expose_secret(), "abc");
        assert_eq!(cb.extra["subdomain"], "acme");
        assert!(matches!(
            parse_callback_query("code=abc&state=forged", &state),
            Err(OAuthError::StateMismatch)
        ));
        assert!(matches!(
            parse_callback_query("code=abc", &state),
            Err(OAuthError::StateMismatch)
        ));
        assert!(matches!(
            parse_callback_query(&format!("error=access_denied&error_description=no+thanks&state={s}"), &state),
            Err(OAuthError::Provider { error, description: Some(d) }) if error == "access_denied" && d == "no thanks"
        ));
        assert!(matches!(
            parse_callback_query(&format!("state={s}"), &state),
            Err(OAuthError::NoCode(_))
        ));
    }

    #[test]
    fn pasted_url_or_code() {
        let state = CsrfState::new();
        let s = state.as_str();
        let cb = parse_pasted(
            &format!("  https://app.example.com/cb?code=xyz&state={s}\n"),
            &state,
        )
        .unwrap();
        assert_eq!(cb.code.expose_secret(), "xyz");
        assert!(matches!(
            parse_pasted("https://app.example.com/cb?code=xyz&state=bad", &state),
            Err(OAuthError::StateMismatch)
        ));
        assert_eq!(
            parse_pasted("rawcode123", &state)
                .unwrap()
                .code
                .expose_secret(),
            "rawcode123"
        );
        assert!(parse_pasted("", &state).is_err());
        assert!(parse_pasted("two words", &state).is_err());
    }

    #[tokio::test]
    async fn listener_serves_one_valid_callback_on_loopback_only() {
        let state = CsrfState::new();
        let listener = Listener::bind(0, "/callback").await.unwrap();
        assert!(listener.local_addr().ip().is_loopback());
        let uri = listener.redirect_uri();
        let s = state.as_str().to_string();
        let wait = tokio::spawn({
            let state = state.clone();
            async move { listener.wait(&state, Duration::from_secs(10)).await }
        });
        crate::platform::install_crypto_provider();
        let http = reqwest::Client::new();
        // a forged state is refused and does not end the flow
        let r = http
            .get(format!("{uri}?code=evil&state=forged"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
        // nor does a forged error (no state, or a wrong one): it ended the login with exit 4
        for forged in ["error=access_denied", "error=access_denied&state=forged"] {
            let r = http.get(format!("{uri}?{forged}")).send().await.unwrap();
            assert_eq!(r.status(), 400, "{forged}");
        }
        let r = http
            .get(format!("{uri}?code=good&state={s}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.text().await.unwrap().contains("return to the terminal"));
        let cb = wait.await.unwrap().unwrap();
        assert_eq!(cb.code.expose_secret(), "good");
        // closed afterwards
        assert!(
            http.get(format!("{uri}?code=again&state={s}"))
                .send()
                .await
                .is_err()
        );
    }

    #[tokio::test]
    async fn listener_times_out() {
        let state = CsrfState::new();
        let listener = Listener::bind(0, "cb").await.unwrap();
        let err = listener
            .wait(&state, Duration::from_millis(50))
            .await
            .unwrap_err();
        assert!(matches!(err, OAuthError::Timeout(_)));
    }
}
