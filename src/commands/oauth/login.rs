//! `pollctl oauth login`: the whole authorization-code flow on a loopback listener (or a pasted URL).

use super::*;

/// How the redirect reaches pollctl.
enum Receive {
    Listen(Listener),
    Paste,
}

pub(super) fn is_loopback_http(uri: &url::Url) -> bool {
    uri.scheme() == "http"
        && matches!(
            uri.host_str(),
            Some("127.0.0.1") | Some("localhost") | Some("[::1]")
        )
}

pub(super) fn login(ctx: &Ctx<'_>, a: OauthLoginArgs) -> Result<()> {
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

pub(super) async fn login_async(
    ctx: &Ctx<'_>,
    a: &OauthLoginArgs,
    app: App,
    timeout: Duration,
) -> Result<()> {
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
    let state = CsrfState::new();
    let pkce = (a.app.direct && app.connector.oauth.pkce).then(Pkce::new);
    let consent = if a.app.direct {
        direct_authorize_url(&app, &a.app, &redirect, &state, pkce.as_ref())?.to_string()
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
        ctx.ui.always(&format!(
            "Open this URL in a browser and consent:\n  {consent}"
        ));
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

pub(super) async fn wait_or_paste(
    l: Listener,
    state: &CsrfState,
    timeout: Duration,
) -> Result<Callback> {
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
pub(super) async fn read_pasted(state: &CsrfState, timeout: Duration) -> Result<Callback> {
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

pub(super) async fn finish_login(
    ctx: &Ctx<'_>,
    a: &OauthLoginArgs,
    app: App,
    cb: Callback,
    redirect: &str,
    pkce: Option<&Pkce>,
) -> Result<()> {
    if a.print_code {
        return crate::commands::print_stdout(&format!("{}\n", cb.code.expose_secret()));
    }
    if a.app.direct {
        let client = direct_client(&app, &a.app, &cb)?;
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
    crate::commands::save_provisioned(
        ctx.settings,
        ctx.ui,
        &name,
        app.connector.key,
        &client,
        created,
        &body,
    )
}
