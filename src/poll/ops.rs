//! The operations endpoint of `pollctl poll --metrics-listen ADDR` (docs/operations.md):
//!
//! - `GET /metrics`: [`Metrics::render`], Prometheus text format;
//! - `GET /healthz`: 200 while the poll loop makes progress, 503 once it made none for longer
//!   than the stall limit (a hung cycle holding every slot);
//! - `GET /readyz`: 200 when the instances are loaded and the state backend answers
//!   (PostgreSQL: a query within [`READY_TIMEOUT`] and the schema this pollctl knows; files:
//!   their locks are taken before the loop starts), 503 otherwise.
//!
//! Bodies are short plain text; they never hold a URL with its password nor a secret.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::PollError;
use super::backend::Backend;
use super::metrics::{self, Metrics};

/// How long `/readyz` waits for the database.
pub const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// `ADDR` of `--metrics-listen`: `IP:PORT` (`127.0.0.1:9464`, `[::]:9464`, `0.0.0.0:9464`) or
/// `localhost:PORT`.
pub fn parse_listen(text: &str) -> Result<SocketAddr, String> {
    let t = text.trim();
    if let Ok(a) = t.parse::<SocketAddr>() {
        return Ok(a);
    }
    if let Some(port) = t.strip_prefix("localhost:")
        && let Ok(p) = port.parse::<u16>()
    {
        return Ok(SocketAddr::from(([127, 0, 0, 1], p)));
    }
    Err(format!(
        "{text:?} is not an address to listen on: expected IP:PORT such as 127.0.0.1:9464, \
         0.0.0.0:9464 or [::]:9464"
    ))
}

/// Bind the endpoint's socket (before anything else starts, so a port in use fails fast).
pub async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, PollError> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| PollError::Listen {
            addr: addr.to_string(),
            message: e.to_string(),
        })
}

/// Serve the endpoint on `listener` until the runtime ends.
pub fn spawn(listener: tokio::net::TcpListener, metrics: Arc<Metrics>) {
    let app = Router::new()
        .route("/metrics", get(serve_metrics))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(metrics);
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!("the metrics endpoint stopped: {e}");
        }
    });
}

async fn serve_metrics(State(m): State<Arc<Metrics>>) -> Response {
    // The leases held, as the database says (within READY_TIMEOUT, else left out).
    let leases = match m.backend() {
        Some(Backend::Postgres(pg)) => tokio::time::timeout(READY_TIMEOUT, pg.leases_held())
            .await
            .ok()
            .and_then(Result::ok),
        _ => None,
    };
    (
        [(header::CONTENT_TYPE, metrics::CONTENT_TYPE)],
        m.render(chrono::Utc::now(), leases.as_deref()),
    )
        .into_response()
}

fn text(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body + "\n",
    )
        .into_response()
}

async fn healthz(State(m): State<Arc<Metrics>>) -> Response {
    let idle = m.since_progress();
    if idle > m.stall() {
        text(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "stalled: no poll progress for {}s (limit {}s)",
                idle.as_secs(),
                m.stall().as_secs()
            ),
        )
    } else {
        text(StatusCode::OK, "ok".into())
    }
}

async fn readyz(State(m): State<Arc<Metrics>>) -> Response {
    match ready(&m).await {
        Ok(what) => text(StatusCode::OK, format!("ready: {what}")),
        Err(why) => text(StatusCode::SERVICE_UNAVAILABLE, format!("not ready: {why}")),
    }
}

/// What makes the process ready, or why it is not.
async fn ready(m: &Metrics) -> Result<String, String> {
    if m.is_stopped() {
        return Err("the poll loop stopped".into());
    }
    match m.backend() {
        None => Err("loading the instances and the state backend".into()),
        Some(Backend::Files) => Ok("state in files".into()),
        Some(Backend::Postgres(pg)) => {
            let shown = pg.url().redacted().to_string();
            match tokio::time::timeout(READY_TIMEOUT, pg.schema_version()).await {
                Err(_) => Err(format!(
                    "PostgreSQL {shown} did not answer within {}s",
                    READY_TIMEOUT.as_secs()
                )),
                // The message is the backend's own (redacted) error.
                Ok(Err(e)) => Err(e.to_string()),
                Ok(Ok(v)) if v != super::pg::SCHEMA_VERSION => Err(format!(
                    "PostgreSQL {shown}: the state schema is version {v}, this pollctl uses {}",
                    super::pg::SCHEMA_VERSION
                )),
                Ok(Ok(_)) => Ok(format!("PostgreSQL {shown}")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_addresses() {
        assert_eq!(
            parse_listen("127.0.0.1:9464").unwrap(),
            "127.0.0.1:9464".parse().unwrap()
        );
        assert_eq!(parse_listen("[::]:0").unwrap(), "[::]:0".parse().unwrap());
        assert_eq!(
            parse_listen("localhost:9464").unwrap(),
            "127.0.0.1:9464".parse().unwrap()
        );
        for bad in ["9464", "example.com:80", "127.0.0.1", "127.0.0.1:99999", ""] {
            assert!(parse_listen(bad).is_err(), "{bad}");
        }
    }
}
