//! `pollctl sandbox`: a local stand-in for the platform and the four connectors' resources.
//!
//! The platform API is served under `/elements/api-v2` (the real base URL's shape) and, for
//! convenience, at the root too:
//!
//! - `POST /instances`, `GET /instances`, `DELETE /instances/{id}` (`User …, Organization …`);
//! - `GET /elements/{key}/oauth/url` → `{element, oauthUrl}`, the `oauthUrl` pointing at
//!   `GET /sandbox/consent`, which redirects (302) to the callback with `code` and `state`
//!   (or `error=access_denied` with `deny=1`);
//! - `GET /hubs/…`: the instance's poller resources (its `event.poller.configuration`, or the
//!   catalog's default), `Element <token>` required, with generated records that change over
//!   time ([`records`]), the URL's date filter honoured, `pageSize`, `nextPage` and
//!   `elements-next-page-token`, and injected faults ([`faults`]);
//! - `POST /receiver`: verifies `Elements-Webhook-Signature` or Standard Webhooks headers
//!   with pollctl's own [`crate::poll::sign`]; `GET /receiver` lists what arrived;
//! - `/sandbox/faults`, `/sandbox/clock`, `/sandbox/receiver`: controls for tests.
//!
//! The library has no printing: `commands::sandbox` and `commands::demo` do that.

pub mod clock;
pub mod demo;
pub mod faults;
pub mod generic;
pub mod hostile;
mod hubs;
mod platform;
mod receiver;
pub mod records;
pub mod resources;
pub mod rng;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use secrecy::SecretString;
use serde_json::{Value, json};
use tokio::sync::oneshot;

pub use clock::Clock;
pub use faults::{Fault, FaultSpec};
pub use receiver::{Delivery, Scheme, SignatureVerdict};

use faults::Faults;
use records::Renderer;
use resources::ResourceShape;

/// The path under which the platform API is served (like the real base URL).
pub const API_PREFIX: &str = "/elements/api-v2";

/// Failures of starting or using the sandbox.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error(
        "refusing to listen on {addr}: not a loopback address (pass --listen {addr} to mean it)"
    )]
    NotLoopback { addr: SocketAddr },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("--listen {0:?}: expected an address such as 127.0.0.1:8080, [::1]:0 or 0.0.0.0")]
    Address(String),
    #[error("fault spec: {0}")]
    FaultSpec(String),
    #[error("demo: {0}")]
    Demo(String),
}

/// How to run a sandbox.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Where to listen (default `127.0.0.1:0`: any free port on loopback).
    pub addr: SocketAddr,
    /// Allow a non-loopback address (the CLI sets this for `--listen`).
    pub allow_non_loopback: bool,
    /// Seed of the generated records and of the fault dice.
    pub seed: u64,
    pub faults: FaultSpec,
    pub clock: Clock,
    /// When set, the platform secrets the `Authorization` header must carry; otherwise any
    /// non-empty `User` and `Organization` are accepted.
    pub user_secret: Option<SecretString>,
    pub org_secret: Option<SecretString>,
    /// The key the receiver verifies with; otherwise the key of the instance named in the
    /// notification (`event.notification.signature.key`).
    pub receiver_key: Option<SecretString>,
    /// How far back records exist (the lower bound of an unfiltered listing).
    pub history: Duration,
    /// What a resource without a date macro in its URL returns: the changes of this long ago.
    pub recent: Duration,
    /// The delay of a `slow` fault.
    pub slow_delay: Duration,
    /// `Retry-After` (seconds) of 429 and 503 faults.
    pub retry_after_secs: u64,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            addr: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            allow_non_loopback: false,
            seed: 1,
            faults: FaultSpec::default(),
            clock: Clock::System,
            user_secret: None,
            org_secret: None,
            receiver_key: None,
            history: Duration::from_secs(6 * 3600),
            recent: Duration::from_secs(15 * 60),
            slow_delay: Duration::from_secs(2),
            retry_after_secs: 1,
        }
    }
}

/// Parse `--listen`: `IP:PORT`, `[IPv6]:PORT` or a bare IP (then `port` applies).
pub fn parse_listen(text: &str, port: u16) -> Result<SocketAddr, SandboxError> {
    let t = text.trim();
    if let Ok(a) = t.parse::<SocketAddr>() {
        return Ok(a);
    }
    if let Ok(ip) = t.trim_matches(|c| c == '[' || c == ']').parse::<IpAddr>() {
        return Ok(SocketAddr::new(ip, port));
    }
    if t == "localhost" {
        return Ok(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port));
    }
    Err(SandboxError::Address(t.to_string()))
}

/// A provisioned instance as the sandbox keeps it.
struct InstanceRec {
    id: u64,
    connector: &'static crate::catalog::Connector,
    token: SecretString,
    signature_key: Option<SecretString>,
    shapes: Arc<Vec<ResourceShape>>,
    /// The `POST /instances` response without the token.
    summary: Value,
}

/// An issued, not yet redeemed authorization code.
struct CodeGrant {
    element: String,
    client_id: String,
}

/// Mutable sandbox state behind one lock (held briefly, never across an await).
struct Inner {
    instances: BTreeMap<u64, InstanceRec>,
    next_instance: u64,
    codes: HashMap<String, CodeGrant>,
    issued: u64,
    faults: Faults,
    slow_delay: Duration,
    retry_after_secs: u64,
    deliveries: Vec<Delivery>,
    /// Deliveries received since start (their `seq`).
    received: u64,
    receiver_fail: VecDeque<u16>,
    requests: u64,
}

/// Shared by every handler.
struct State {
    seed: u64,
    clock: Clock,
    /// When the sandbox started (by its clock): records exist from `started - history`.
    started: DateTime<Utc>,
    history: chrono::Duration,
    recent: chrono::Duration,
    user_secret: Option<SecretString>,
    org_secret: Option<SecretString>,
    receiver_key: Option<SecretString>,
    /// `http://host:port` (no prefix).
    root: String,
    renderer: Renderer,
    inner: Mutex<Inner>,
}

impl State {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A handler that panicked cannot leave the maps half-written in a way that matters
        // to a test double; keep serving.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn base_url(&self) -> String {
        format!("{}{API_PREFIX}", self.root)
    }
}

/// An error response in the platform's shape: `{"message": …}` with a status.
pub(crate) struct ApiError {
    status: StatusCode,
    body: Value,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            body: json!({ "message": message.into() }),
        }
    }

    fn with_body(status: StatusCode, body: Value) -> ApiError {
        ApiError { status, body }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body)).into_response()
    }
}

/// The entry point: [`Sandbox::start`].
pub struct Sandbox;

impl Sandbox {
    /// Bind, then serve in the background until [`SandboxHandle::shutdown`]. Needs a Tokio
    /// runtime.
    pub async fn start(config: SandboxConfig) -> Result<SandboxHandle, SandboxError> {
        if !config.addr.ip().is_loopback() && !config.allow_non_loopback {
            return Err(SandboxError::NotLoopback { addr: config.addr });
        }
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| SandboxError::Bind {
                addr: config.addr,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| SandboxError::Bind {
            addr: config.addr,
            source,
        })?;
        let host = match addr.ip() {
            IpAddr::V6(ip) => format!("[{ip}]"),
            IpAddr::V4(ip) => ip.to_string(),
        };
        let root = format!("http://{host}:{}", addr.port());
        let started = config.clock.now();
        let state = Arc::new(State {
            seed: config.seed,
            clock: config.clock.clone(),
            started,
            history: chrono::Duration::from_std(config.history)
                .unwrap_or(chrono::Duration::hours(6)),
            recent: chrono::Duration::from_std(config.recent)
                .unwrap_or(chrono::Duration::minutes(15)),
            user_secret: config.user_secret.clone(),
            org_secret: config.org_secret.clone(),
            receiver_key: config.receiver_key.clone(),
            root,
            renderer: Renderer::new(),
            inner: Mutex::new(Inner {
                instances: BTreeMap::new(),
                next_instance: 480_001,
                codes: HashMap::new(),
                issued: 0,
                faults: Faults::new(config.faults.clone(), config.seed),
                slow_delay: config.slow_delay,
                retry_after_secs: config.retry_after_secs,
                deliveries: Vec::new(),
                received: 0,
                receiver_fail: VecDeque::new(),
                requests: 0,
            }),
        });
        let app = router(state.clone());
        let (tx, rx) = oneshot::channel::<()>();
        let server = axum::serve(listener, app).with_graceful_shutdown(async move {
            let _ = rx.await;
        });
        let join = tokio::spawn(async move { server.await });
        Ok(SandboxHandle {
            addr,
            state,
            shutdown: Some(tx),
            join: Some(join),
        })
    }
}

fn router(state: Arc<State>) -> Router {
    let api = Router::new()
        .merge(platform::routes())
        .merge(hubs::routes())
        .merge(receiver::routes())
        .merge(hostile::routes())
        .merge(control_routes());
    Router::new()
        .merge(api.clone())
        .nest(API_PREFIX, api)
        .fallback(not_found)
        .with_state(state)
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!(
            "the sandbox has no endpoint {}; see `pollctl sandbox --help` and docs/sandbox.md",
            uri.path()
        ),
    )
}

/// A running sandbox. Dropping it without [`shutdown`](Self::shutdown) stops it too.
pub struct SandboxHandle {
    addr: SocketAddr,
    state: Arc<State>,
    shutdown: Option<oneshot::Sender<()>>,
    join: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl SandboxHandle {
    /// The platform base URL, e.g. `http://127.0.0.1:PORT/elements/api-v2`.
    pub fn base_url(&self) -> String {
        self.state.base_url()
    }

    /// The receiver's URL (`{base}/receiver`).
    pub fn receiver_url(&self) -> String {
        format!("{}/receiver", self.state.base_url())
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The sandbox's clock (move a manual clock to make records appear).
    pub fn clock(&self) -> &Clock {
        &self.state.clock
    }

    /// Everything the receiver got so far.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.state.lock().deliveries.clone()
    }

    /// Script the next hub responses (tests).
    pub fn push_faults(&self, faults: impl IntoIterator<Item = Fault>) {
        self.state.lock().faults.push(faults);
    }

    /// Stop accepting connections and wait for in-flight requests to finish.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(join) = self.join.take() {
            let _ = join.await;
        }
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// control endpoints (tests and users scripting their own pipelines)

fn control_routes() -> Router<Arc<State>> {
    use axum::routing::get;
    Router::new()
        .route(
            "/sandbox/faults",
            get(get_faults).post(post_faults).delete(delete_faults),
        )
        .route("/sandbox/clock", get(get_clock).post(post_clock))
        .route(
            "/sandbox/receiver",
            axum::routing::post(post_receiver_control),
        )
}

#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FaultsBody {
    /// `429:0.1,…` replaces the probabilities ("" clears them).
    spec: Option<String>,
    /// Faults for the next hub responses, in order: `429`, `500`, `503`, `slow`, `garbage`, `cycle`, `ok`.
    next: Option<Vec<String>>,
    slow_ms: Option<u64>,
    retry_after: Option<u64>,
}

fn faults_view(inner: &Inner) -> Value {
    json!({
        "spec": inner.faults.spec().to_string(),
        "next": inner.faults.queued().iter().map(ToString::to_string).collect::<Vec<_>>(),
        "slowMs": inner.slow_delay.as_millis() as u64,
        "retryAfter": inner.retry_after_secs,
    })
}

async fn get_faults(axum::extract::State(st): axum::extract::State<Arc<State>>) -> Response {
    axum::Json(faults_view(&st.lock())).into_response()
}

async fn post_faults(
    axum::extract::State(st): axum::extract::State<Arc<State>>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let body: FaultsBody = if body.iter().all(u8::is_ascii_whitespace) {
        FaultsBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                format!(
                    "fault control body: {e} (expected {{\"spec\": \"429:0.1\", \"next\": [\"500\", \"ok\"], \"slowMs\": 2000, \"retryAfter\": 1}})"
                ),
            )
        })?
    };
    let spec = body
        .spec
        .as_deref()
        .map(FaultSpec::parse)
        .transpose()
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.to_string()))?;
    let next = body
        .next
        .unwrap_or_default()
        .iter()
        .map(|s| s.parse::<Fault>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.to_string()))?;
    let mut inner = st.lock();
    if let Some(spec) = spec {
        inner.faults.set_spec(spec);
    }
    inner.faults.push(next);
    if let Some(ms) = body.slow_ms {
        inner.slow_delay = Duration::from_millis(ms);
    }
    if let Some(s) = body.retry_after {
        inner.retry_after_secs = s;
    }
    Ok(axum::Json(faults_view(&inner)).into_response())
}

async fn delete_faults(axum::extract::State(st): axum::extract::State<Arc<State>>) -> Response {
    let mut inner = st.lock();
    inner.faults.clear();
    axum::Json(faults_view(&inner)).into_response()
}

fn clock_view(st: &State) -> Value {
    json!({
        "now": st.clock.now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "manual": st.clock.is_manual(),
    })
}

async fn get_clock(axum::extract::State(st): axum::extract::State<Arc<State>>) -> Response {
    axum::Json(clock_view(&st)).into_response()
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ClockBody {
    /// RFC 3339 instant.
    set: Option<String>,
    /// A duration such as `90s` or `5m` (humantime).
    advance: Option<String>,
}

async fn post_clock(
    axum::extract::State(st): axum::extract::State<Arc<State>>,
    axum::Json(body): axum::Json<ClockBody>,
) -> Result<Response, ApiError> {
    if !st.clock.is_manual() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "the sandbox runs on the system clock; start it with a manual clock to move time",
        ));
    }
    if let Some(s) = body.set {
        let t = DateTime::parse_from_rfc3339(&s).map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("set: {s:?} is not RFC 3339: {e}"),
            )
        })?;
        st.clock.set(t.with_timezone(&Utc));
    }
    if let Some(a) = body.advance {
        let d = humantime::parse_duration(&a).map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("advance: {a:?} is not a duration: {e}"),
            )
        })?;
        let d = chrono::Duration::from_std(d)
            .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "advance: too large"))?;
        st.clock.advance(d);
    }
    Ok(axum::Json(clock_view(&st)).into_response())
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ReceiverControl {
    /// Fail the next N deliveries…
    fail_next: u32,
    /// …with this status (default 500).
    status: Option<u16>,
}

async fn post_receiver_control(
    axum::extract::State(st): axum::extract::State<Arc<State>>,
    axum::Json(body): axum::Json<ReceiverControl>,
) -> Result<Response, ApiError> {
    let status = body.status.unwrap_or(500);
    if StatusCode::from_u16(status).is_err() || status < 400 {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("status {status}: expected an HTTP error status (400–599)"),
        ));
    }
    let mut inner = st.lock();
    inner.receiver_fail.clear();
    inner
        .receiver_fail
        .extend(std::iter::repeat_n(status, body.fail_next as usize));
    Ok(axum::Json(json!({ "failNext": body.fail_next, "status": status })).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_addresses() {
        assert_eq!(
            parse_listen("127.0.0.1:8080", 1).unwrap(),
            "127.0.0.1:8080".parse().unwrap()
        );
        assert_eq!(
            parse_listen("0.0.0.0", 9).unwrap(),
            "0.0.0.0:9".parse().unwrap()
        );
        assert_eq!(
            parse_listen("[::1]", 3).unwrap(),
            "[::1]:3".parse().unwrap()
        );
        assert!(parse_listen("example.com:80", 0).is_err());
    }

    #[tokio::test]
    async fn refuses_non_loopback_unless_allowed() {
        let cfg = SandboxConfig {
            addr: "0.0.0.0:0".parse().unwrap(),
            ..SandboxConfig::default()
        };
        let e = Sandbox::start(cfg).await.err().expect("refused");
        assert!(matches!(e, SandboxError::NotLoopback { .. }), "{e}");
        assert!(e.to_string().contains("--listen"));
    }
}
