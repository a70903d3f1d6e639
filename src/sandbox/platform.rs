//! The platform's own API: OAuth URL, consent, `/instances`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State as AxState};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::resources::shapes;
use super::rng::hash;
use super::{ApiError, CodeGrant, InstanceRec, State};
use crate::catalog;
use crate::instance::validate;
use crate::platform::parse_authorization;

pub(super) fn routes() -> Router<Arc<State>> {
    Router::new()
        .route("/instances", get(list_instances).post(create_instance))
        .route("/instances/{id}", delete(delete_instance).get(get_instance))
        .route("/elements/{key}/oauth/url", get(oauth_url))
        .route("/sandbox/consent", get(consent))
}

fn secret_eq(a: &str, b: &SecretString) -> bool {
    a.as_bytes().ct_eq(b.expose_secret().as_bytes()).into()
}

/// `User …, Organization …` must be present (and match, when the sandbox was given secrets).
pub(super) fn platform_auth(st: &State, headers: &HeaderMap) -> Result<(), ApiError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "Authorization header missing: expected `User <user secret>, Organization <organization secret>`",
            )
        })?;
    let (user, org, _) = parse_authorization(value);
    let user = user.filter(|u| !u.is_empty()).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "Authorization header has no `User <user secret>` part",
        )
    })?;
    let org = org.filter(|o| !o.is_empty()).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "Authorization header has no `Organization <organization secret>` part",
        )
    })?;
    if st.user_secret.as_ref().is_some_and(|s| !secret_eq(user, s))
        || st.org_secret.as_ref().is_some_and(|s| !secret_eq(org, s))
    {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "Invalid user or organization secret",
        ));
    }
    Ok(())
}

fn unguessable(st: &State, words: &[u64]) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let mut h = Sha256::new();
    h.update(st.seed.to_le_bytes());
    h.update(nanos.to_le_bytes());
    h.update(hash(words).to_le_bytes());
    hex::encode(&h.finalize()[..16])
}

async fn oauth_url(
    AxState(st): AxState<Arc<State>>,
    Path(key): Path<String>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    platform_auth(&st, &headers)?;
    let connector =
        catalog::resolve(&key).map_err(|e| ApiError::new(StatusCode::NOT_FOUND, e.to_string()))?;
    let missing: Vec<&str> = ["apiKey", "apiSecret", "callbackUrl"]
        .into_iter()
        .filter(|k| q.get(*k).is_none_or(|v| v.trim().is_empty()))
        .collect();
    if !missing.is_empty() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("missing query parameter(s): {}", missing.join(", ")),
        ));
    }
    let callback = q.get("callbackUrl").map(String::as_str).unwrap_or_default();
    if !url::Url::parse(callback).is_ok_and(|u| matches!(u.scheme(), "http" | "https")) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("callbackUrl {callback:?} is not an http(s) URL"),
        ));
    }
    let mut url = url::Url::parse(&format!("{}/sandbox/consent", st.base_url()))
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    {
        let mut qp = url.query_pairs_mut();
        qp.append_pair("response_type", "code")
            .append_pair(
                "client_id",
                q.get("apiKey").map(String::as_str).unwrap_or_default(),
            )
            .append_pair("redirect_uri", callback)
            .append_pair("element", connector.key);
        for k in ["state", "scope", "siteAddress"] {
            if let Some(v) = q.get(k) {
                qp.append_pair(k, v);
            }
        }
    }
    Ok(axum::Json(json!({ "element": connector.key, "oauthUrl": url.as_str() })).into_response())
}

/// The provider's consent page, already agreed: redirect back with a code (or a refusal).
async fn consent(
    AxState(st): AxState<Arc<State>>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let redirect = q.get("redirect_uri").ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "missing query parameter redirect_uri",
        )
    })?;
    let mut to = url::Url::parse(redirect).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("redirect_uri {redirect:?}: {e}"),
        )
    })?;
    let element = q.get("element").cloned().unwrap_or_default();
    let client_id = q.get("client_id").cloned().unwrap_or_default();
    let deny = q
        .get("deny")
        .is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes"));
    {
        let mut qp = to.query_pairs_mut();
        if deny {
            qp.append_pair("error", "access_denied").append_pair(
                "error_description",
                "The user denied access to the application",
            );
        } else {
            let mut inner = st.lock();
            inner.issued += 1;
            let code = format!("sbx_{}", unguessable(&st, &[inner.issued, 7]));
            inner
                .codes
                .insert(code.clone(), CodeGrant { element, client_id });
            qp.append_pair("code", &code);
        }
        if let Some(s) = q.get("state") {
            qp.append_pair("state", s);
        }
    }
    Ok((
        StatusCode::FOUND,
        [(header::LOCATION, to.as_str().to_string())],
    )
        .into_response())
}

fn mask(configuration: &serde_json::Map<String, Value>) -> Value {
    let mut c = configuration.clone();
    for k in ["oauth.api.secret", "event.notification.signature.key"] {
        if let Some(v) = c.get_mut(k) {
            *v = Value::String("********".into());
        }
    }
    Value::Object(c)
}

async fn create_instance(
    AxState(st): AxState<Arc<State>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    platform_auth(&st, &headers)?;
    let report = validate::validate(&body);
    let instance = match report.instance {
        Some(i) if report.is_valid() => i,
        _ => {
            return Err(ApiError::with_body(
                StatusCode::BAD_REQUEST,
                json!({
                    "message": format!("invalid instance: {} error(s)", report.errors().max(1)),
                    "diagnostics": report.diagnostics,
                }),
            ));
        }
    };
    let connector = catalog::resolve(&instance.connector)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.to_string()))?;
    let code = instance.code.as_ref().ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "providerData.code is required: get one from GET /elements/{key}/oauth/url and the consent redirect",
        )
    })?;
    let api_key = instance
        .configuration
        .get("oauth.api.key")
        .and_then(Value::as_str)
        .unwrap_or_default();
    // The instance's own poller resources, else the catalog's default for its connector.
    let shapes = if instance.events.resources.is_empty() {
        shapes(connector.key, &validate::default_resources(connector))
    } else {
        shapes(connector.key, &instance.events.resources)
    };

    let mut inner = st.lock();
    let grant = inner.codes.remove(code.expose_secret()).ok_or_else(|| {
        ApiError::with_body(
            StatusCode::BAD_REQUEST,
            json!({
                "message": "Failed to exchange providerData.code: invalid_grant (unknown, expired or already used code)",
                "providerMessage": "invalid_grant",
            }),
        )
    })?;
    if grant.element != connector.key || grant.client_id != api_key {
        return Err(ApiError::with_body(
            StatusCode::BAD_REQUEST,
            json!({
                "message": format!(
                    "Failed to exchange providerData.code: invalid_grant (the code was issued for element {:?} and oauth.api.key {:?})",
                    grant.element, grant.client_id
                ),
                "providerMessage": "invalid_grant",
            }),
        ));
    }
    let id = inner.next_instance;
    inner.next_instance += 1;
    let token = unguessable(&st, &[id, 11]);
    let now = st
        .clock
        .now()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let name = instance
        .name
        .clone()
        .unwrap_or_else(|| format!("{}-sandbox-{id}", connector.key));
    let summary = json!({
        "id": id,
        "name": name,
        "createdDate": now,
        "updatedDate": now,
        "element": {
            "id": 4000 + crate::catalog::ALL.iter().position(|c| c.key == connector.key).unwrap_or(0),
            "key": connector.key,
            "name": connector.name,
            "hub": connector.hub,
        },
        "elementId": 4000 + crate::catalog::ALL.iter().position(|c| c.key == connector.key).unwrap_or(0),
        "tags": instance.tags,
        "provisionInteractions": [],
        "valid": true,
        "disabled": false,
        "maxCacheSize": 0,
        "cacheTimeToLive": 0,
        "configuration": mask(&instance.configuration),
        "eventsEnabled": instance.events.enabled,
        "traceLoggingEnabled": false,
        "cachingEnabled": false,
        "externalAuthentication": "none",
        "user": {"id": 1},
        "resources": shapes.iter().map(|s| s.name.clone()).collect::<Vec<_>>(),
    });
    tracing::info!(
        "sandbox: provisioned {} instance {id} with resources: {}",
        connector.key,
        shapes
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut response = summary.clone();
    response["token"] = Value::String(token.clone());
    inner.instances.insert(
        id,
        InstanceRec {
            id,
            connector,
            token: SecretString::from(token),
            signature_key: instance.events.signature_key.clone(),
            shapes: Arc::new(shapes),
            summary,
        },
    );
    Ok((StatusCode::OK, axum::Json(response)).into_response())
}

async fn list_instances(
    AxState(st): AxState<Arc<State>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    platform_auth(&st, &headers)?;
    let inner = st.lock();
    let all: Vec<Value> = inner
        .instances
        .values()
        .map(|i| i.summary.clone())
        .collect();
    Ok(axum::Json(all).into_response())
}

fn parse_id(id: &str) -> Result<u64, ApiError> {
    id.parse().map_err(|_| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("instance id {id:?} is not a number"),
        )
    })
}

async fn get_instance(
    AxState(st): AxState<Arc<State>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    platform_auth(&st, &headers)?;
    let id = parse_id(&id)?;
    let inner = st.lock();
    let i = inner
        .instances
        .get(&id)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("no instance with id {id}")))?;
    Ok(axum::Json(i.summary.clone()).into_response())
}

async fn delete_instance(
    AxState(st): AxState<Arc<State>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    platform_auth(&st, &headers)?;
    let id = parse_id(&id)?;
    let mut inner = st.lock();
    match inner.instances.remove(&id) {
        Some(i) => Ok(axum::Json(json!({ "id": i.id, "deleted": true })).into_response()),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("no instance with id {id}"),
        )),
    }
}
