//! `pollctl oauth url|login|exchange|refresh`.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};

use crate::catalog::{self, Connector};
use crate::cli::{
    GlobalArgs, OauthAppArgs, OauthCommand, OauthExchangeArgs, OauthLoginArgs, OauthRefreshArgs,
    OauthTokenArgs, OauthUrlArgs,
};
use crate::config::{self, ConfigFile};
use crate::oauth::flow::{self, AuthorizeParams, Callback, Listener};
use crate::oauth::pkce::{Pkce, State};
use crate::oauth::tokens::{self, ClientAuth, StoredLogin, TokenStore};
use crate::output::Ui;
use crate::platform::Credentials;
use crate::platform::client::{OAuthUrlRequest, PlatformClient};
use crate::registry::{self, Registry};
use crate::store::Dirs;
use crate::{Error, Result};

pub fn run(cmd: OauthCommand, global: &GlobalArgs, ui: &Ui) -> Result<()> {
    let dirs = Dirs::resolve(global.state_dir.as_deref())?;
    let cfg = ConfigFile::load(global.config.as_deref(), &dirs)?;
    let ctx = Ctx {
        global,
        ui,
        dirs,
        cfg,
    };
    match cmd {
        OauthCommand::Url(a) => url(&ctx, a),
        OauthCommand::Login(a) => login(&ctx, a),
        OauthCommand::Exchange(a) => exchange(&ctx, a),
        OauthCommand::Refresh(a) => refresh(&ctx, a),
        OauthCommand::Token(a) => token(&ctx, a),
    }
}

struct Ctx<'a> {
    global: &'a GlobalArgs,
    ui: &'a Ui,
    dirs: Dirs,
    cfg: ConfigFile,
}

impl Ctx<'_> {
    fn base_url(&self) -> String {
        config::resolve(
            self.global.base_url.clone(),
            "POLLCTL_BASE_URL",
            self.cfg.base_url.clone(),
            config::DEFAULT_BASE_URL,
        )
    }

    fn platform(&self, user: Option<&Path>, org: Option<&Path>) -> Result<PlatformClient> {
        let creds = Credentials::load(&self.cfg, user, org, None)?;
        Ok(PlatformClient::new(
            &self.base_url(),
            creds,
            Duration::from_secs(30),
        )?)
    }
}

/// The resolved OAuth app: connector, client id/secret, callback URL, subdomain, instance body.
struct App {
    connector: &'static Connector,
    client_id: String,
    client_secret: Option<SecretString>,
    callback_url: Option<String>,
    subdomain: Option<String>,
    body: Option<Value>,
}

/// The configuration key that holds a connector's tenant subdomain, if it has one.
fn subdomain_key(connector: &str) -> Option<&'static str> {
    match connector {
        "egnyte" => Some("subdomain"),
        "sharefile" => Some("sharefile.subdomain"),
        "docushareflex" => Some("docushare.domain"),
        _ => None,
    }
}

fn cfg_str(body: Option<&Value>, key: &str) -> Option<String> {
    body.and_then(|b| b.get("configuration"))
        .and_then(|c| c.get(key))
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(str::to_string)
}

fn read_instance(path: &Path) -> Result<Value> {
    let bytes = crate::store::read(path)?;
    let v: Value = serde_json::from_slice(&bytes).map_err(|e| {
        Error::Invalid(format!(
            "{}: not valid JSON ({e}); run `pollctl instance validate {}` for details",
            path.display(),
            path.display()
        ))
    })?;
    if !v.is_object() {
        return Err(Error::Invalid(format!(
            "{}: the instance JSON must be an object",
            path.display()
        )));
    }
    Ok(v)
}

fn resolve_app(ctx: &Ctx<'_>, a: &OauthAppArgs, need_secret: bool) -> Result<App> {
    let body = a.instance.as_deref().map(read_instance).transpose()?;
    let key = a
        .connector
        .clone()
        .or_else(|| {
            body.as_ref()
                .and_then(|b| b.pointer("/element/key"))
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .ok_or_else(|| {
            Error::Usage("name the connector with --connector KEY (or give --instance FILE)".into())
        })?;
    let connector = catalog::get(&key)?;
    let client_id = a
        .api_key
        .clone()
        .or_else(|| cfg_str(body.as_ref(), "oauth.api.key"))
        .ok_or_else(|| {
            Error::Usage(
                "no OAuth client id: pass --api-key ID (or --instance FILE with oauth.api.key)"
                    .into(),
            )
        })?;
    let from_body = cfg_str(body.as_ref(), "oauth.api.secret").map(SecretString::from);
    let client_secret = match config::secret(
        a.api_secret_file.as_deref(),
        "POLLCTL_CLIENT_SECRET",
        ctx.cfg.client_secret.as_ref(),
    )? {
        Some(s) => Some(s),
        None => from_body,
    };
    if need_secret && client_secret.is_none() {
        return Err(Error::Usage(
            "no OAuth client secret: pass --api-secret-file FILE (or - for stdin), set POLLCTL_CLIENT_SECRET, or give --instance FILE with oauth.api.secret".into(),
        ));
    }
    let subdomain = a
        .subdomain
        .clone()
        .or_else(|| subdomain_key(connector.key).and_then(|k| cfg_str(body.as_ref(), k)));
    Ok(App {
        connector,
        client_id,
        client_secret,
        callback_url: cfg_str(body.as_ref(), "oauth.callback.url"),
        subdomain,
        body,
    })
}

/// Fill the tenant placeholder of a catalog endpoint (`{subdomain}`, `{sharefile.subdomain}`,
/// `{docushare.domain}`: the connector's configuration key) with the tenant value.
fn endpoint(template: &str, flag: Option<&str>, app: &App, what: &str) -> Result<String> {
    let t = flag.unwrap_or(template);
    if t.is_empty() {
        return Err(Error::Usage(format!(
            "no {what} is published for {}: pass --{} URL",
            app.connector.name,
            if what == "authorization endpoint" {
                "auth-url"
            } else {
                "token-url"
            }
        )));
    }
    let (Some(open), Some(close)) = (t.find('{'), t.find('}')) else {
        return Ok(t.to_string());
    };
    let sub = app.subdomain.as_deref().ok_or_else(|| {
        Error::Usage(format!(
            "{} needs the tenant ({}): pass --subdomain NAME or --{} URL",
            app.connector.name,
            &t[open + 1..close],
            if what == "authorization endpoint" {
                "auth-url"
            } else {
                "token-url"
            }
        ))
    })?;
    // `subdomain` is the bare name; `docushare.domain` is a whole host name.
    let value = if t[close + 1..].starts_with('.') {
        sub.split('.').next().unwrap_or(sub)
    } else {
        sub
    };
    Ok(format!("{}{}{}", &t[..open], value, &t[close + 1..]))
}

fn scopes(a: &OauthAppArgs, c: &Connector) -> Vec<String> {
    if a.scopes.is_empty() {
        c.oauth
            .default_scopes
            .iter()
            .map(|s| s.to_string())
            .collect()
    } else {
        a.scopes.clone()
    }
}

/// Provider-specific authorize parameters. Google only returns a refresh token with
/// `access_type=offline`, and only reliably with `prompt=consent`.
fn extra_params(c: &Connector) -> Vec<(String, String)> {
    c.oauth
        .extra_authorize_params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// State and PKCE verifier kept between `oauth url --direct` and `oauth exchange`.
fn pending_path(dirs: &Dirs, name: &str) -> PathBuf {
    TokenStore::new(&dirs.config)
        .path(name)
        .with_extension("pending.json")
}

fn block_on<F: std::future::Future>(f: F) -> Result<F::Output> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("starting the async runtime", e))?;
    Ok(rt.block_on(f))
}

// --------------------------------------------------------------------------------------------

fn url(ctx: &Ctx<'_>, a: OauthUrlArgs) -> Result<()> {
    let app = resolve_app(ctx, &a.app, !a.app.direct)?;
    let state = match &a.state {
        Some(s) => s.clone(),
        None => State::new().as_str().to_string(),
    };
    let redirect = a
        .redirect_uri
        .clone()
        .or(app.callback_url.clone())
        .ok_or_else(|| Error::Usage("no redirect URI: pass --redirect-uri URI (or --instance FILE with oauth.callback.url)".into()))?;
    let url = if a.app.direct {
        let auth = endpoint(
            app.connector.oauth.authorize_url,
            a.app.auth_url.as_deref(),
            &app,
            "authorization endpoint",
        )?;
        let st = State::from_string(state.clone());
        let pkce = app.connector.oauth.pkce.then(Pkce::new);
        let scopes = scopes(&a.app, app.connector);
        let extra = extra_params(app.connector);
        let u = flow::authorize_url(&AuthorizeParams {
            authorize_url: &auth,
            client_id: &app.client_id,
            redirect_uri: &redirect,
            scopes: &scopes,
            state: &st,
            pkce_challenge: pkce.as_ref().map(|p| p.challenge.as_str()),
            extra: &extra,
        })?;
        if let Some(p) = &pkce {
            let name = app.connector.key;
            let path = pending_path(&ctx.dirs, name);
            crate::store::ensure_private_dir(path.parent().unwrap_or(Path::new(".")))?;
            let pending = json!({"codeVerifier": p.verifier.expose_secret(), "redirectUri": redirect, "state": state});
            crate::store::write_atomic(&path, pending.to_string().as_bytes())?;
            ctx.ui.note(&format!(
                "PKCE verifier saved to {} for `pollctl oauth exchange --connector {name}`",
                path.display()
            ));
        }
        u.to_string()
    } else {
        let client = ctx.platform(None, None)?;
        let secret = app
            .client_secret
            .as_ref()
            .ok_or_else(|| Error::Usage("no client secret".into()))?;
        block_on(
            client.oauth_url(
                app.connector.key,
                &OAuthUrlRequest {
                    api_key: &app.client_id,
                    api_secret: secret,
                    callback_url: &redirect,
                    state: &state,
                    site_address: app.subdomain.as_deref(),
                    scope: (!a.app.scopes.is_empty())
                        .then(|| a.app.scopes.join(" "))
                        .as_deref(),
                },
            ),
        )??
    };
    if a.state.is_none() {
        ctx.ui.note(&format!("state: {state}"));
    }
    super::print_stdout(&format!("{url}\n"))
}

// --------------------------------------------------------------------------------------------

/// How the redirect reaches pollctl.
enum Receive {
    Listen(Listener),
    Paste,
}

fn is_loopback_http(uri: &url::Url) -> bool {
    uri.scheme() == "http"
        && matches!(
            uri.host_str(),
            Some("127.0.0.1") | Some("localhost") | Some("[::1]")
        )
}

fn login(ctx: &Ctx<'_>, a: OauthLoginArgs) -> Result<()> {
    let timeout = humantime::parse_duration(&a.timeout)
        .map_err(|e| Error::Usage(format!("--timeout {:?}: {e}", a.timeout)))?;
    let app = resolve_app(ctx, &a.app, !a.print_code)?;
    if !a.app.direct && !a.print_code && app.body.is_none() {
        return Err(Error::Usage(
            "provisioning on the platform needs the instance body: pass --instance FILE (make one with `pollctl instance create … -o FILE`), or use --direct / --print-code".into(),
        ));
    }
    block_on(login_async(ctx, &a, app, timeout))?
}

async fn login_async(ctx: &Ctx<'_>, a: &OauthLoginArgs, app: App, timeout: Duration) -> Result<()> {
    let (receive, redirect) = match &a.redirect_uri {
        Some(r) => {
            let u = url::Url::parse(r)
                .map_err(|e| Error::Usage(format!("--redirect-uri {r:?}: {e}")))?;
            if is_loopback_http(&u) {
                let l = Listener::bind(u.port().unwrap_or(80), u.path()).await?;
                (Receive::Listen(l), r.clone())
            } else {
                ctx.ui.note(&format!(
                    "{r} is not a loopback address, so pollctl cannot receive the redirect itself.\n\
                     After you consent, your browser lands on that page: copy the whole address from the address bar and paste it here."
                ));
                (Receive::Paste, r.clone())
            }
        }
        None => {
            let l = Listener::bind(a.redirect_port, "/callback").await?;
            let uri = l.redirect_uri();
            (Receive::Listen(l), uri)
        }
    };
    let state = State::new();
    let pkce = (a.app.direct && app.connector.oauth.pkce).then(Pkce::new);
    let consent = if a.app.direct {
        let auth = endpoint(
            app.connector.oauth.authorize_url,
            a.app.auth_url.as_deref(),
            &app,
            "authorization endpoint",
        )?;
        let scopes = scopes(&a.app, app.connector);
        let extra = extra_params(app.connector);
        flow::authorize_url(&AuthorizeParams {
            authorize_url: &auth,
            client_id: &app.client_id,
            redirect_uri: &redirect,
            scopes: &scopes,
            state: &state,
            pkce_challenge: pkce.as_ref().map(|p| p.challenge.as_str()),
            extra: &extra,
        })?
        .to_string()
    } else {
        let client = ctx.platform(a.user_secret_file.as_deref(), a.org_secret_file.as_deref())?;
        let secret = app
            .client_secret
            .as_ref()
            .ok_or_else(|| Error::Usage("no client secret".into()))?;
        client
            .oauth_url(
                app.connector.key,
                &OAuthUrlRequest {
                    api_key: &app.client_id,
                    api_secret: secret,
                    callback_url: &redirect,
                    state: state.as_str(),
                    site_address: app.subdomain.as_deref(),
                    scope: None,
                },
            )
            .await?
    };

    let opened = !a.no_browser && open::that_detached(&consent).is_ok();
    if opened {
        ctx.ui.note(&format!(
            "Opened your browser to consent. If it did not open, visit:\n  {consent}"
        ));
    } else {
        // The URL must be visible even with -q: it is the whole point of this step.
        eprintln!("Open this URL in a browser and consent:\n  {consent}");
    }
    let callback = match receive {
        Receive::Listen(l) => {
            ctx.ui.note(&format!(
                "Waiting for the redirect on {redirect} (timeout {})…",
                humantime::format_duration(timeout)
            ));
            if a.no_browser {
                // stdin is read whether or not it is a terminal (a pipe works too); at its
                // end the listener simply goes on waiting.
                ctx.ui
                    .note("…or paste the redirected URL (or the code) on stdin and press Enter.");
                wait_or_paste(l, &state, timeout).await?
            } else {
                l.wait(&state, timeout).await?
            }
        }
        Receive::Paste => read_pasted(&state, timeout).await?,
    };
    finish_login(ctx, a, app, callback, &redirect, pkce.as_ref()).await
}

async fn wait_or_paste(l: Listener, state: &State, timeout: Duration) -> Result<Callback> {
    let listen = l.wait(state, timeout);
    let paste = async {
        match read_stdin_line(timeout).await? {
            Some(line) => Ok(flow::parse_pasted(&line, state)?),
            // End of stdin: nothing will be pasted; the redirect may still come.
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        r = listen => Ok(r?),
        r = paste => r,
    }
}

/// Paste mode: the redirect can only come through stdin.
async fn read_pasted(state: &State, timeout: Duration) -> Result<Callback> {
    let line = read_stdin_line(timeout).await?.unwrap_or_default();
    Ok(flow::parse_pasted(&line, state)?)
}

/// One line of stdin; `None` at its end.
async fn read_stdin_line(timeout: Duration) -> Result<Option<String>> {
    let read = tokio::time::timeout(
        timeout,
        tokio::task::spawn_blocking(|| {
            let mut s = String::new();
            std::io::stdin().lock().read_line(&mut s).map(|n| (n, s))
        }),
    )
    .await
    .map_err(|_| crate::oauth::OAuthError::Timeout(timeout))?
    .map_err(|e| Error::io("reading the pasted redirect", std::io::Error::other(e)))?
    .map_err(|e| Error::io("reading the pasted redirect from stdin", e))?;
    Ok(match read {
        (0, _) => None,
        (_, line) => Some(line),
    })
}

async fn finish_login(
    ctx: &Ctx<'_>,
    a: &OauthLoginArgs,
    app: App,
    cb: Callback,
    redirect: &str,
    pkce: Option<&Pkce>,
) -> Result<()> {
    if a.print_code {
        return super::print_stdout(&format!("{}\n", cb.code.expose_secret()));
    }
    if a.app.direct {
        let token_url = token_endpoint(&app, a.app.token_url.as_deref(), &cb)?;
        let client = ClientAuth {
            token_url,
            client_id: app.client_id.clone(),
            client_secret: app.client_secret.clone(),
        };
        let http = token_http()?;
        let tokens = tokens::exchange_code(
            &http,
            &client,
            &cb.code,
            Some(redirect),
            pkce.map(|p| &p.verifier),
        )
        .await?;
        let name = a
            .name
            .clone()
            .unwrap_or_else(|| app.connector.key.to_string());
        return store_tokens(ctx, name, app.connector.key, client, tokens);
    }
    // Through the platform: POST /instances with the code; the redirect URI used must be the
    // instance's oauth.callback.url for the platform to redeem the code.
    let mut body = app.body.clone().unwrap_or_else(|| json!({}));
    if let Some(obj) = body.as_object_mut() {
        obj.insert(
            "providerData".into(),
            json!({"code": cb.code.expose_secret()}),
        );
        if let Some(cfg) = obj.get_mut("configuration").and_then(Value::as_object_mut) {
            let before = cfg.insert("oauth.callback.url".into(), json!(redirect));
            if let Some(note) = crate::oauth::callback_url_replaced(before.as_ref(), redirect) {
                ctx.ui.warn(&note);
            }
        }
    }
    let client = ctx.platform(a.user_secret_file.as_deref(), a.org_secret_file.as_deref())?;
    let created = client.create_instance(&body).await?;
    let name = a
        .name
        .clone()
        .or_else(|| {
            body.get("name")
                .and_then(Value::as_str)
                .map(str::to_string)
                .filter(|n| Registry::check_name(n).is_ok())
        })
        .unwrap_or_else(|| format!("{}-{}", app.connector.key, created.id));
    save_registry(ctx, &name, app.connector.key, &client, created, &body)
}

/// Save a provisioned instance in the registry and print what was saved.
pub(crate) fn save_registry(
    ctx_like: &impl RegistryCtx,
    name: &str,
    connector: &str,
    client: &PlatformClient,
    created: crate::platform::client::CreatedInstance,
    body: &Value,
) -> Result<()> {
    Registry::check_name(name).map_err(Error::Usage)?;
    let reg = Registry::new(&ctx_like.dirs().state);
    let entry = registry::Entry {
        name: name.to_string(),
        id: created.id.clone(),
        token: created.token,
        connector: connector.to_string(),
        base_url: client.base_url().to_string(),
        created_at: chrono::Utc::now(),
        body: body.clone(),
    };
    let path = reg.save(&entry)?;
    ctx_like.ui().note(&format!(
        "Provisioned instance {} (id {}) saved as {name:?} in {}. Poll it with: pollctl poll {name}",
        created.name.as_deref().unwrap_or(name),
        created.id,
        path.display()
    ));
    let out = json!({"name": name, "id": created.id, "connector": connector, "baseUrl": client.base_url()});
    super::print_stdout(&format!("{out}\n"))
}

/// What saving to the registry needs from a command context.
pub(crate) trait RegistryCtx {
    fn dirs(&self) -> &Dirs;
    fn ui(&self) -> &Ui;
}

impl RegistryCtx for Ctx<'_> {
    fn dirs(&self) -> &Dirs {
        &self.dirs
    }
    fn ui(&self) -> &Ui {
        self.ui
    }
}

fn token_http() -> Result<reqwest::Client> {
    crate::platform::install_crypto_provider();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| Error::io("building the HTTP client", std::io::Error::other(e)))
}

/// The token endpoint: flag, else the catalog's; ShareFile's lives on the subdomain and
/// control plane the redirect reported.
fn token_endpoint(app: &App, flag: Option<&str>, cb: &Callback) -> Result<String> {
    if flag.is_none()
        && app.connector.key == "sharefile"
        && let (Some(sub), Some(appcp)) = (cb.extra.get("subdomain"), cb.extra.get("appcp"))
    {
        return Ok(format!("https://{sub}.{appcp}/oauth/token"));
    }
    endpoint(app.connector.oauth.token_url, flag, app, "token endpoint")
}

fn store_tokens(
    ctx: &Ctx<'_>,
    name: String,
    connector: &str,
    client: ClientAuth,
    tokens: tokens::TokenSet,
) -> Result<()> {
    let store = TokenStore::new(&ctx.dirs.config);
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
    super::print_stdout(&format!("{out}\n"))
}

// --------------------------------------------------------------------------------------------

fn exchange(ctx: &Ctx<'_>, a: OauthExchangeArgs) -> Result<()> {
    let app = resolve_app(ctx, &a.app, false)?;
    let code = config::read_secret_file(&a.code_file)?;
    let name = a
        .name
        .clone()
        .unwrap_or_else(|| app.connector.key.to_string());
    let pending_file = pending_path(&ctx.dirs, app.connector.key);
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
    let token_url = token_endpoint(&app, a.app.token_url.as_deref(), &cb)?;
    let client = ClientAuth {
        token_url,
        client_id: app.client_id.clone(),
        client_secret: app.client_secret.clone(),
    };
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

fn refresh(ctx: &Ctx<'_>, a: OauthRefreshArgs) -> Result<()> {
    let store = TokenStore::new(&ctx.dirs.config);
    let mut login = store
        .load(&a.name)?
        .ok_or_else(|| crate::oauth::OAuthError::NoTokens(a.name.clone()))?;
    login.client.client_secret = config::secret(
        a.api_secret_file.as_deref(),
        "POLLCTL_CLIENT_SECRET",
        ctx.cfg.client_secret.as_ref(),
    )?;
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
        return super::print_stdout(&format!("{out}\n"));
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

fn token(ctx: &Ctx<'_>, a: OauthTokenArgs) -> Result<()> {
    let secret = config::secret(
        a.api_secret_file.as_deref(),
        "POLLCTL_CLIENT_SECRET",
        ctx.cfg.client_secret.as_ref(),
    )?;
    let store = TokenStore::new(&ctx.dirs.config);
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
    super::print_stdout(&format!("{}\n", t.token.expose_secret()))
}
