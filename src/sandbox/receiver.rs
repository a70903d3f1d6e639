//! `POST /receiver`: a notification endpoint that checks signatures with pollctl's own
//! [`crate::poll::sign`] and keeps what it got; `GET /receiver` lists it.

use std::sync::Arc;

use axum::Router;
use axum::extract::State as AxState;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde_json::{Value, json};

use super::State;
use crate::poll::sign;

pub(super) fn routes() -> Router<Arc<State>> {
    Router::new().route(
        "/receiver",
        get(list_deliveries).post(receive).delete(clear_deliveries),
    )
}

/// The receiver's judgement of one delivery's signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureVerdict {
    /// Signed, and the signature matches the key.
    Valid,
    /// Signed, but the signature does not match.
    Invalid,
    /// A key is configured but the delivery carried no signature.
    Missing,
    /// Signed, but the receiver has no key to check it with.
    NoKey,
    /// No key and no signature.
    Unsigned,
}

/// The signature scheme a delivery used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scheme {
    Elements,
    StandardWebhooks,
    None,
}

/// One received notification.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    pub seq: u64,
    pub received_at: String,
    pub scheme: Scheme,
    pub verdict: SignatureVerdict,
    /// The status the receiver answered with.
    pub status: u16,
    /// `Elements-Webhook-Id` or `webhook-id`.
    pub webhook_id: Option<String>,
    pub instance_id: Option<String>,
    pub element_key: Option<String>,
    /// Number of events in `message.events`.
    pub event_count: usize,
    /// The body (JSON when it parses, else the text).
    pub body: Value,
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn id_string(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

async fn receive(
    AxState(st): AxState<Arc<State>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let parsed: Option<Value> = serde_json::from_slice(&body).ok();
    let message = parsed.as_ref().and_then(|v| v.get("message"));
    let instance_id = id_string(message.and_then(|m| m.get("instanceId")));
    let element_key = message
        .and_then(|m| m.get("elementKey"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let event_count = message
        .and_then(|m| m.get("events"))
        .and_then(Value::as_array)
        .map_or(0, Vec::len);

    let mut inner = st.lock();
    let key: Option<SecretString> = st.receiver_key.clone().or_else(|| {
        let id: u64 = instance_id.as_deref()?.parse().ok()?;
        inner.instances.get(&id)?.signature_key.clone()
    });
    let elements_sig = header(&headers, "elements-webhook-signature");
    let sw = (
        header(&headers, "webhook-id"),
        header(&headers, "webhook-timestamp"),
        header(&headers, "webhook-signature"),
    );
    let (scheme, verdict) = match (elements_sig, sw) {
        (Some(sig), _) => (
            Scheme::Elements,
            match &key {
                None => SignatureVerdict::NoKey,
                Some(k) if sign::verify_elements(k.expose_secret().as_bytes(), &body, sig) => {
                    SignatureVerdict::Valid
                }
                Some(_) => SignatureVerdict::Invalid,
            },
        ),
        (None, (id, ts, Some(sig))) => (
            Scheme::StandardWebhooks,
            match (&key, id, ts.and_then(|t| t.trim().parse::<i64>().ok())) {
                (None, _, _) => SignatureVerdict::NoKey,
                (Some(k), Some(id), Some(ts))
                    if sign::standard_webhooks_key(k.expose_secret()).is_ok_and(|key| {
                        sign::verify_standard_webhooks(&key, id, ts, &body, sig)
                    }) =>
                {
                    SignatureVerdict::Valid
                }
                (Some(_), _, _) => SignatureVerdict::Invalid,
            },
        ),
        _ => (
            Scheme::None,
            if key.is_some() {
                SignatureVerdict::Missing
            } else {
                SignatureVerdict::Unsigned
            },
        ),
    };
    let status = match inner.receiver_fail.pop_front() {
        Some(s) => s,
        None if matches!(
            verdict,
            SignatureVerdict::Invalid | SignatureVerdict::Missing
        ) =>
        {
            401
        }
        None => 200,
    };
    inner.received += 1;
    let seq = inner.received;
    tracing::info!(
        "sandbox: receiver #{seq}: {event_count} event(s), signature {verdict:?}, answered {status}"
    );
    if inner.deliveries.len() >= MAX_KEPT {
        inner.deliveries.remove(0);
    }
    let webhook_id = header(&headers, "elements-webhook-id")
        .or(sw.0)
        .map(str::to_string);
    inner.deliveries.push(Delivery {
        seq,
        received_at: st
            .clock
            .now()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        scheme,
        verdict,
        status,
        webhook_id,
        instance_id,
        element_key,
        event_count,
        body: parsed.unwrap_or_else(|| Value::String(String::from_utf8_lossy(&body).into_owned())),
    });
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        code,
        axum::Json(json!({ "seq": seq, "verdict": verdict, "status": status })),
    )
        .into_response()
}

/// The receiver keeps the latest this many deliveries (a long-running sandbox stays small).
const MAX_KEPT: usize = 10_000;

async fn list_deliveries(AxState(st): AxState<Arc<State>>) -> Response {
    axum::Json(st.lock().deliveries.clone()).into_response()
}

async fn clear_deliveries(AxState(st): AxState<Arc<State>>) -> Response {
    let mut inner = st.lock();
    let n = inner.deliveries.len();
    inner.deliveries.clear();
    axum::Json(json!({ "cleared": n })).into_response()
}
