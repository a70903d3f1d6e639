//! `pollctl oauth url|login|exchange|refresh`.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};

use crate::catalog::{self, Connector};
use crate::cli::{
    OauthAppArgs, OauthCommand, OauthExchangeArgs, OauthLoginArgs, OauthRefreshArgs,
    OauthTokenArgs, OauthUrlArgs,
};
use crate::config;
use crate::oauth::flow::{self, AuthorizeParams, Callback, Listener};
use crate::oauth::pkce::{CsrfState, Pkce};
use crate::oauth::tokens::{self, ClientAuth, StoredLogin, TokenStore};
use crate::output::Ui;
use crate::platform::client::{OAuthUrlRequest, PlatformClient};
use crate::registry::Registry;
use crate::runtime::{self, Flavor};
use crate::settings::{ElementToken, Key, Settings};
use crate::{Error, Result};

mod authorize_url;
mod direct;
mod login;

use authorize_url::*;
use direct::*;
use login::*;

pub fn run(cmd: OauthCommand, settings: &Settings, ui: &Ui) -> Result<()> {
    let ctx = Ctx { settings, ui };
    match cmd {
        OauthCommand::Url(a) => url(&ctx, a),
        OauthCommand::Login(a) => login(&ctx, a),
        OauthCommand::Exchange(a) => exchange(&ctx, a),
        OauthCommand::Refresh(a) => refresh(&ctx, a),
        OauthCommand::Token(a) => token(&ctx, a),
    }
}

struct Ctx<'a> {
    settings: &'a Settings,
    ui: &'a Ui,
}

impl Ctx<'_> {
    fn platform(&self, user: Option<&Path>, org: Option<&Path>) -> Result<PlatformClient> {
        let creds = self.settings.credentials(user, org, ElementToken::Skip)?;
        Ok(PlatformClient::new(
            &self.settings.base_url()?.value,
            creds,
            Duration::from_secs(30),
        )?)
    }

    /// Where OAuth tokens and pending logins are kept.
    fn token_store(&self) -> Result<TokenStore> {
        Ok(TokenStore::new(&self.settings.config_dir()?))
    }

    /// The OAuth client secret: `--api-secret-file`, `POLLCTL_CLIENT_SECRET`, config file.
    fn client_secret(&self, file: Option<&Path>) -> Result<Option<SecretString>> {
        Ok(self
            .settings
            .secret(Key::ClientSecret, file.map(|p| (p, "--api-secret-file")))?
            .map(|r| r.value))
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
    let client_secret = match ctx.client_secret(a.api_secret_file.as_deref())? {
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
fn pending_path(ctx: &Ctx<'_>, name: &str) -> Result<PathBuf> {
    Ok(ctx.token_store()?.path(name).with_extension("pending.json"))
}

fn block_on<F: std::future::Future>(f: F) -> Result<F::Output> {
    runtime::block_on(Flavor::CurrentThread, f)
}
