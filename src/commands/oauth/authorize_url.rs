//! `pollctl oauth url`: the authorization URL, through the platform or straight from the provider.

use super::*;

pub(super) fn url(ctx: &Ctx<'_>, a: OauthUrlArgs) -> Result<()> {
    let app = resolve_app(ctx, &a.app, !a.app.direct)?;
    let state = match &a.state {
        Some(s) => s.clone(),
        None => CsrfState::new().as_str().to_string(),
    };
    let redirect = a
        .redirect_uri
        .clone()
        .or(app.callback_url.clone())
        .ok_or_else(|| Error::Usage("no redirect URI: pass --redirect-uri URI (or --instance FILE with oauth.callback.url)".into()))?;
    let url = if a.app.direct {
        let st = CsrfState::from_string(state.clone());
        let pkce = app.connector.oauth.pkce.then(Pkce::new);
        let u = direct_authorize_url(&app, &a.app, &redirect, &st, pkce.as_ref())?;
        if let Some(p) = &pkce {
            let name = app.connector.key;
            let path = pending_path(ctx, name)?;
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
    crate::commands::print_stdout(&format!("{url}\n"))
}
