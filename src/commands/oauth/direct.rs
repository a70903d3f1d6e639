//! Tokens straight from the provider: `oauth exchange`, `oauth refresh`, and storing them.

use super::*;

/// The provider's own authorization URL (a direct flow, without the platform).
pub(super) fn direct_authorize_url(
    app: &App,
    a: &OauthAppArgs,
    redirect: &str,
    state: &CsrfState,
    pkce: Option<&Pkce>,
) -> Result<url::Url> {
    let auth = endpoint(
        app.connector.oauth.authorize_url,
        a.auth_url.as_deref(),
        app,
        "authorization endpoint",
    )?;
    let scopes = scopes(a, app.connector);
    let extra = extra_params(app.connector);
    Ok(flow::authorize_url(&AuthorizeParams {
        authorize_url: &auth,
        client_id: &app.client_id,
        redirect_uri: redirect,
        scopes: &scopes,
        state,
        pkce_challenge: pkce.map(|p| p.challenge.as_str()),
        extra: &extra,
    })?)
}

/// The client that redeems `cb` at the provider's token endpoint.
pub(super) fn direct_client(app: &App, a: &OauthAppArgs, cb: &Callback) -> Result<ClientAuth> {
    Ok(ClientAuth {
        token_url: token_endpoint(app, a.token_url.as_deref(), cb)?,
        client_id: app.client_id.clone(),
        client_secret: app.client_secret.clone(),
    })
}

pub(super) fn token_http() -> Result<reqwest::Client> {
    crate::platform::install_crypto_provider();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| Error::io("building the HTTP client", std::io::Error::other(e)))
}

/// The token endpoint: flag, else the catalog's; ShareFile's lives on the subdomain and
/// control plane the redirect reported.
pub(super) fn token_endpoint(app: &App, flag: Option<&str>, cb: &Callback) -> Result<String> {
    if flag.is_none()
        && app.connector.key == "sharefile"
        && let (Some(sub), Some(appcp)) = (cb.extra.get("subdomain"), cb.extra.get("appcp"))
    {
        return Ok(format!("https://{sub}.{appcp}/oauth/token"));
    }
    endpoint(app.connector.oauth.token_url, flag, app, "token endpoint")
}

pub(super) fn store_tokens(
    ctx: &Ctx<'_>,
    name: String,
    connector: &str,
    client: ClientAuth,
    tokens: tokens::TokenSet,
) -> Result<()> {
    let store = ctx.token_store()?;
    let login = StoredLogin {
        name: name.clone(),
        connector: connector.to_string(),
        client,
        tokens,
    };
    let path = store.save(&login)?;
    ctx.ui.note(&format!("Tokens stored in {}", path.display()));
    let out = json!({
        "name": name,
        "connector": connector,
        "expiresAt": login.tokens.expires_at,
        "refreshToken": login.tokens.refresh_token.is_some(),
        "path": path,
    });
    crate::commands::print_stdout(&format!("{out}\n"))
}

// --------------------------------------------------------------------------------------------

pub(super) fn exchange(ctx: &Ctx<'_>, a: OauthExchangeArgs) -> Result<()> {
    let app = resolve_app(ctx, &a.app, false)?;
    let code = config::read_secret_file(&a.code_file)?;
    let name = a
        .name
        .clone()
        .unwrap_or_else(|| app.connector.key.to_string());
    let pending_file = pending_path(ctx, app.connector.key)?;
    let pending: Option<Value> = std::fs::read(&pending_file)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let verifier = match &a.code_verifier_file {
        Some(p) => Some(config::read_secret_file(p)?),
        None => pending
            .as_ref()
            .and_then(|p| p.get("codeVerifier"))
            .and_then(Value::as_str)
            .map(|s| SecretString::from(s.to_string())),
    };
    let redirect = a
        .redirect_uri
        .clone()
        .or_else(|| {
            pending
                .as_ref()
                .and_then(|p| p.get("redirectUri"))
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .or(app.callback_url.clone());
    let cb = Callback {
        code,
        extra: Default::default(),
    };
    let client = direct_client(&app, &a.app, &cb)?;
    let http = token_http()?;
    let tokens = block_on(tokens::exchange_code(
        &http,
        &client,
        &cb.code,
        redirect.as_deref(),
        verifier.as_ref(),
    ))??;
    let _ = std::fs::remove_file(&pending_file);
    store_tokens(ctx, name, app.connector.key, client, tokens)
}

pub(super) fn refresh(ctx: &Ctx<'_>, a: OauthRefreshArgs) -> Result<()> {
    let store = ctx.token_store()?;
    // Read and refresh under the login's refresh lock, so a concurrent `oauth token` or
    // `oauth refresh` waits and then sees the new tokens instead of spending the old ones.
    let _refreshing =
        block_on(store.lock_refresh(&a.name))?.map_err(crate::oauth::OAuthError::from)?;
    let mut login = store
        .load(&a.name)?
        .ok_or_else(|| crate::oauth::OAuthError::NoTokens(a.name.clone()))?;
    login.client.client_secret = ctx.client_secret(a.api_secret_file.as_deref())?;
    if !a.force
        && login.tokens.expires_at.is_some()
        && !login
            .tokens
            .expires_within(chrono::Utc::now(), chrono::Duration::minutes(5))
    {
        ctx.ui.note(
            "The access token is valid for more than 5 minutes; not refreshed (use --force).",
        );
        let out = json!({"name": a.name, "connector": login.connector, "expiresAt": login.tokens.expires_at, "refreshed": false});
        return crate::commands::print_stdout(&format!("{out}\n"));
    }
    let http = token_http()?;
    let fresh = block_on(tokens::refresh(
        &http,
        &login.client,
        &login.tokens,
        &a.name,
    ))??;
    let connector = login.connector.clone();
    store_tokens(ctx, a.name, &connector, login.client, fresh)
}

/// `oauth token NAME`: a valid access token on stdout, refreshed first when it expires soon.
pub(super) fn token(ctx: &Ctx<'_>, a: OauthTokenArgs) -> Result<()> {
    let secret = ctx.client_secret(a.api_secret_file.as_deref())?;
    let store = ctx.token_store()?;
    let http = token_http()?;
    let t = block_on(tokens::valid_access_token(
        &store,
        &http,
        &a.name,
        secret,
        chrono::Utc::now(),
        tokens::REFRESH_MARGIN,
    ))??;
    if t.refreshed {
        ctx.ui
            .note(&format!("Refreshed the access token of {:?}.", a.name));
    }
    crate::commands::print_stdout(&format!("{}\n", t.token.expose_secret()))
}
