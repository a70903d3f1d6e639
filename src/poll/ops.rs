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
    let listener = Bounded {
        inner: listener,
        slots: Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS)),
    };
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!("the metrics endpoint stopped: {e}");
        }
    });
}

/// Connections the endpoint serves at once; one more is closed as soon as it is accepted.
/// Idle or slow clients cannot take the descriptors the poller needs for its state files
/// and HTTP requests.
pub const MAX_CONNECTIONS: usize = 32;

/// How long one connection may stay open (a scrape takes milliseconds; `/metrics` and
/// `/readyz` wait at most [`READY_TIMEOUT`] for the database): a client that sends its
/// request slowly, or keeps the connection idle, gives its slot back after this.
pub const CONNECTION_LIFETIME: Duration = Duration::from_secs(10);

/// The endpoint's listener: at most [`MAX_CONNECTIONS`] open connections (more are closed on
/// arrival), each closed after [`CONNECTION_LIFETIME`].
struct Bounded {
    inner: tokio::net::TcpListener,
    slots: Arc<tokio::sync::Semaphore>,
}

impl axum::serve::Listener for Bounded {
    type Io = Slot;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Slot, SocketAddr) {
        loop {
            match self.inner.accept().await {
                Ok((io, addr)) => match self.slots.clone().try_acquire_owned() {
                    Ok(permit) => return (Slot::new(io, permit), addr),
                    // Every slot taken: closed at once (the client sees a reset), so the
                    // backlog never fills with clients that would be served after them.
                    Err(_) => drop(io),
                },
                Err(e) => {
                    // Out of descriptors, or the client went away: try again shortly.
                    tracing::debug!("metrics endpoint: accept: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.inner.local_addr()
    }
}

/// One connection of the endpoint: its slot is given back when it closes, and it fails
/// (closes) once [`CONNECTION_LIFETIME`] is over.
struct Slot {
    io: tokio::net::TcpStream,
    _permit: tokio::sync::OwnedSemaphorePermit,
    deadline: std::pin::Pin<Box<tokio::time::Sleep>>,
}

impl Slot {
    fn new(io: tokio::net::TcpStream, permit: tokio::sync::OwnedSemaphorePermit) -> Slot {
        Slot {
            io,
            _permit: permit,
            deadline: Box::pin(tokio::time::sleep(CONNECTION_LIFETIME)),
        }
    }

    fn expired(&mut self, cx: &mut std::task::Context<'_>) -> bool {
        use std::future::Future;
        self.deadline.as_mut().poll(cx).is_ready()
    }
}

fn expired_error() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::TimedOut,
        "metrics connection open too long",
    )
}

impl tokio::io::AsyncRead for Slot {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        if self.expired(cx) {
            return std::task::Poll::Ready(Err(expired_error()));
        }
        std::pin::Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for Slot {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        if self.expired(cx) {
            return std::task::Poll::Ready(Err(expired_error()));
        }
        std::pin::Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        if self.expired(cx) {
            return std::task::Poll::Ready(Err(expired_error()));
        }
        std::pin::Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.io).poll_shutdown(cx)
    }
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
