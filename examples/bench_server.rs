//! A loopback server for the poll benchmarks (`benches/compare.sh`): a hub resource with
//! N generated Egnyte-like event records served in pages with `elements-next-page-token`,
//! and a receiver that accepts forwarded notifications.
//!
//! ```sh
//! cargo run --release --example bench_server -- --records 1000000
//! ```
//! Prints its base URL on the first stdout line, then serves until killed.
//!
//! - `GET /hubs/documents/events?pageSize=N&nextPage=T`: records in ascending `event_date`
//!   (one per millisecond from 2024-01-01); the token is the next page number; like the
//!   platform, a token comes even with the last (empty) page.
//! - `POST /receive`: 200; counts notifications and events (`GET /stats` shows them).

use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};

struct Bench {
    records: u64,
    notifications: AtomicU64,
    events: AtomicU64,
}

#[derive(serde::Deserialize)]
struct PageQuery {
    #[serde(rename = "pageSize")]
    page_size: Option<u64>,
    #[serde(rename = "nextPage")]
    next_page: Option<u64>,
}

const BASE_MS: i64 = 1_704_067_200_000; // 2024-01-01T00:00:00Z

async fn page(State(b): State<Arc<Bench>>, Query(q): Query<PageQuery>) -> impl IntoResponse {
    let size = q.page_size.unwrap_or(200).clamp(1, 100_000);
    let page = q.next_page.unwrap_or(0);
    let from = page.saturating_mul(size).min(b.records);
    let to = (from + size).min(b.records);
    let mut body = String::with_capacity(((to - from) as usize) * 260 + 2);
    body.push('[');
    for i in from..to {
        if i > from {
            body.push(',');
        }
        let ms = BASE_MS + i as i64;
        let date = chrono::DateTime::from_timestamp_millis(ms)
            .unwrap_or_default()
            .format("%Y-%m-%dT%H:%M:%S%.3fZ");
        let kind = if i % 3 == 0 { "CREATED" } else { "UPDATED" };
        let _ = write!(
            body,
            r#"{{"event_object_id":"obj-{i:08}","event_date":"{date}","event_type":"{kind}","event_object_type":"file","path":"/Shared/bench/folder-{}/file-{i}.pdf","size":{},"user":{{"id":{},"username":"bench"}}}}"#,
            i % 100,
            (i * 7919) % 1_000_000,
            i % 50
        );
    }
    body.push(']');
    (
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (
                header::HeaderName::from_static("elements-next-page-token"),
                (page + 1).to_string(),
            ),
        ],
        body,
    )
}

async fn receive(State(b): State<Arc<Bench>>, body: Bytes) -> impl IntoResponse {
    b.notifications.fetch_add(1, Ordering::Relaxed);
    let n = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["message"]["events"].as_array().map(Vec::len))
        .unwrap_or(0);
    b.events.fetch_add(n as u64, Ordering::Relaxed);
    ""
}

async fn stats(State(b): State<Arc<Bench>>) -> impl IntoResponse {
    format!(
        "{{\"notifications\":{},\"events\":{}}}\n",
        b.notifications.load(Ordering::Relaxed),
        b.events.load(Ordering::Relaxed)
    )
}

fn main() {
    let mut records: u64 = 1_000_000;
    let mut port: u16 = 0;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--records" => records = args.next().and_then(|v| v.parse().ok()).unwrap_or(records),
            "--port" => port = args.next().and_then(|v| v.parse().ok()).unwrap_or(port),
            other => {
                eprintln!("bench_server: unknown argument {other:?} (--records N, --port P)");
                std::process::exit(2);
            }
        }
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("tokio runtime");
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        println!("http://{addr}");
        let state = Arc::new(Bench {
            records,
            notifications: AtomicU64::new(0),
            events: AtomicU64::new(0),
        });
        let app = axum::Router::new()
            .route("/hubs/documents/events", get(page))
            .route("/receive", post(receive))
            .route("/stats", get(stats))
            .with_state(state);
        axum::serve(listener, app).await.expect("serve");
    });
}
