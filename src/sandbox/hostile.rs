//! The hostile hub: `GET /hostile/{mode}` plays one adversarial feed per mode, so the sandbox
//! can also test a poller against the feeds real APIs serve (issue 9). No authentication;
//! records are `{"id", "updated", …}` with `updated` as `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'` unless
//! the mode says otherwise. Each mode counts its first-page requests (`n`, from 0: one per
//! poll cycle) to play a story over consecutive cycles.
//!
//! | mode | what it serves |
//! |---|---|
//! | `whole-seconds` | cycle 0: nothing; then a record stamped `…ss'Z'` (no fraction) with the second of cycle 0 |
//! | `same-second-types` | cycle 0: `a` UPDATED; then `a` DELETED with the same timestamp; then `a` with new content, same timestamp |
//! | `cycling-tokens` | non-empty pages whose tokens go A, B, A… |
//! | `endless-tokens` | a fresh token with every non-empty page, forever |
//! | `non-utf8-token` | page 1 with the token `t\xe9` (Latin-1), never a page 2 |
//! | `bad-dates` | `good`, plus records whose date is slashed, missing and null |
//! | `late` | `fresh` (now − 1 s) and `late` (now − 1 h) |
//! | `echo-secrets` | 401 whose body echoes the request's `Authorization` header |
//! | `huge-page` | one page of about 3 MiB |
//! | `big-integers` | `{"id": 12345678901234567890123, "price": 1.10}` |
//! | `microseconds` | dates with six fraction digits (`.123456`) |
//! | `repeated-record` | the same record on page 1 and page 2 |

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};

/// The modes, in the order of the table above.
pub const MODES: &[&str] = &[
    "whole-seconds",
    "same-second-types",
    "cycling-tokens",
    "endless-tokens",
    "non-utf8-token",
    "bad-dates",
    "late",
    "echo-secrets",
    "huge-page",
    "big-integers",
    "microseconds",
    "repeated-record",
];

#[derive(Default)]
struct Story {
    /// First-page requests per mode.
    cycles: HashMap<String, usize>,
    /// A fixed instant per mode (same-timestamp stories).
    instants: HashMap<String, DateTime<Utc>>,
}

/// The hostile routes, mounted on the sandbox.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    let story = Arc::new(Mutex::new(Story::default()));
    Router::new().route(
        "/hostile/{mode}",
        axum::routing::get(
            move |Path(mode): Path<String>,
                  Query(q): Query<HashMap<String, String>>,
                  headers: HeaderMap| {
                let story = story.clone();
                async move {
                    serve(
                        &story,
                        &mode,
                        q.get("nextPage").map(String::as_str),
                        &headers,
                    )
                }
            },
        ),
    )
}

fn ms(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn page(records: Value, token: Option<&[u8]>) -> Response {
    let mut r = (
        StatusCode::OK,
        serde_json::to_vec(&records).unwrap_or_default(),
    )
        .into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Some(t) = token
        && let Ok(v) = HeaderValue::from_bytes(t)
    {
        h.insert("elements-next-page-token", v);
    }
    r
}

fn serve(story: &Mutex<Story>, mode: &str, token: Option<&str>, headers: &HeaderMap) -> Response {
    let now = Utc::now();
    let (cycle, fixed) = {
        let mut s = story.lock().unwrap_or_else(|p| p.into_inner());
        let fixed = *s
            .instants
            .entry(mode.to_string())
            .or_insert(if mode == "whole-seconds" {
                now
            } else {
                now - chrono::Duration::seconds(30)
            });
        let c = s.cycles.entry(mode.to_string()).or_default();
        let cycle = *c;
        if token.is_none() {
            *c += 1;
        }
        (cycle.saturating_sub(usize::from(token.is_some())), fixed)
    };
    match mode {
        // Cycle 0 sees nothing; later cycles see a change stamped with the whole second of
        // cycle 0's request: after the watermark cycle 0 committed, in the same second.
        "whole-seconds" => page(
            match cycle {
                0 => json!([]),
                _ => {
                    json!([{"id": "a", "updated": fixed.format("%Y-%m-%dT%H:%M:%SZ").to_string()}])
                }
            },
            None,
        ),
        "same-second-types" => {
            let upd = json!({"id": "a", "updated": ms(fixed), "name": "one"});
            let del =
                json!({"id": "a", "updated": ms(fixed), "name": "one", "eventType": "DELETED"});
            let changed = json!({"id": "a", "updated": ms(fixed), "name": "two"});
            page(
                match cycle {
                    0 => json!([upd]),
                    1 => json!([upd, del]),
                    _ => json!([upd, del, changed]),
                },
                None,
            )
        }
        "cycling-tokens" => {
            let next: &[u8] = if token == Some("A") { b"B" } else { b"A" };
            page(
                json!([{"id": format!("r-{}", token.unwrap_or("first")), "updated": ms(now)}]),
                Some(next),
            )
        }
        "endless-tokens" => {
            let n: u64 = token.and_then(|t| t.parse().ok()).unwrap_or(0) + 1;
            page(
                json!([{"id": format!("r{n}"), "updated": ms(now)}]),
                Some(n.to_string().as_bytes()),
            )
        }
        "non-utf8-token" => page(json!([{"id": "p1", "updated": ms(now)}]), Some(b"t\xe9")),
        "bad-dates" => page(
            json!([
                {"id": "good", "updated": ms(fixed)},
                {"id": "slashed", "updated": fixed.format("%Y/%m/%d %H:%M:%S").to_string()},
                {"id": "nodate"},
                {"id": "nulldate", "updated": null},
            ]),
            None,
        ),
        "late" => page(
            json!([
                {"id": "fresh", "updated": ms(now - chrono::Duration::seconds(1))},
                {"id": "late", "updated": ms(now - chrono::Duration::hours(1))},
            ]),
            None,
        ),
        "echo-secrets" => {
            let auth = headers
                .get(header::AUTHORIZATION)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .unwrap_or_default();
            (
                StatusCode::UNAUTHORIZED,
                format!("invalid credentials: {auth}"),
            )
                .into_response()
        }
        "huge-page" => {
            let pad = "x".repeat(150);
            let recs: Vec<Value> = (0..20_000)
                .map(|i| json!({"id": format!("h{i}"), "updated": ms(fixed), "pad": pad}))
                .collect();
            page(Value::Array(recs), None)
        }
        "big-integers" => {
            let body = br#"[{"id": 12345678901234567890123, "price": 1.10}]"#;
            let mut r = (StatusCode::OK, body.to_vec()).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            r
        }
        "microseconds" => page(
            json!([{"id": "u", "updated": fixed.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()}]),
            None,
        ),
        "repeated-record" => {
            let rec = json!({"id": "same", "updated": ms(fixed)});
            match token {
                None => page(
                    json!([rec, {"id": "other", "updated": ms(fixed)}]),
                    Some(b"2"),
                ),
                Some(_) => page(json!([rec]), None),
            }
        }
        other => (
            StatusCode::NOT_FOUND,
            format!("no hostile mode {other:?}; modes: {}", MODES.join(", ")),
        )
            .into_response(),
    }
}
