//! `GET /hubs/…`: the connectors' resources, with paging, date filters and faults.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, RawQuery, State as AxState};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use subtle::ConstantTimeEq;

use super::faults::Fault;
use super::generic::{EpochUnit, SinceFilter};
use super::records::{Change, Stream};
use super::resources::{RecordKind, ResourceShape};
use super::rng::hash_str;
use super::{ApiError, State};
use crate::platform::parse_authorization;

pub(super) fn routes() -> Router<Arc<State>> {
    Router::new().route("/hubs/{*path}", get(hub_get))
}

/// The default and the largest `pageSize` (the platform's hub limits).
const DEFAULT_PAGE_SIZE: usize = 200;
const MAX_PAGE_SIZE: usize = 5000;
/// The longest stretch of changes one listing covers (7 days).
const MAX_WINDOW_MS: i64 = 7 * 24 * 3600 * 1000;

struct Authorized {
    shapes: Arc<Vec<ResourceShape>>,
    connector: &'static str,
    instance_id: u64,
}

fn element_auth(st: &State, headers: &HeaderMap) -> Result<Authorized, ApiError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let (user, org, element) = parse_authorization(value);
    let Some(token) = element.filter(|t| !t.is_empty()) else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "Authorization header has no `Element <instance token>` part",
        ));
    };
    let secret_mismatch = |given: Option<&str>, want: &Option<secrecy::SecretString>| {
        want.as_ref().is_some_and(|w| {
            !bool::from(
                given
                    .unwrap_or_default()
                    .as_bytes()
                    .ct_eq(w.expose_secret().as_bytes()),
            )
        })
    };
    if secret_mismatch(user, &st.user_secret) || secret_mismatch(org, &st.org_secret) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "Invalid user or organization secret",
        ));
    }
    let inner = st.lock();
    let mut found = None;
    for i in inner.instances.values() {
        // Compare with every instance, in constant time per comparison.
        if bool::from(token.as_bytes().ct_eq(i.token.expose_secret().as_bytes())) {
            found = Some(Authorized {
                shapes: i.shapes.clone(),
                connector: i.connector.key,
                instance_id: i.id,
            });
        }
    }
    found.ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "Invalid Element token: no instance of this sandbox has it",
        )
    })
}

/// The paging cursor: the listing "as of" one instant, its lower bound, and the offset.
struct Cursor {
    asof_ms: i64,
    lo_ms: i64,
    offset: usize,
    path: u64,
}

impl Cursor {
    fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!(
            "v1:{}:{}:{}:{:x}",
            self.asof_ms, self.lo_ms, self.offset, self.path
        ))
    }

    fn decode(token: &str) -> Option<Cursor> {
        let raw = URL_SAFE_NO_PAD.decode(token.trim()).ok()?;
        let text = String::from_utf8(raw).ok()?;
        let mut it = text.split(':');
        if it.next()? != "v1" {
            return None;
        }
        let c = Cursor {
            asof_ms: it.next()?.parse().ok()?,
            lo_ms: it.next()?.parse().ok()?,
            offset: it.next()?.parse().ok()?,
            path: u64::from_str_radix(it.next()?, 16).ok()?,
        };
        it.next().is_none().then_some(c)
    }
}

/// Read the window start from a `where` clause such as `lastmodifieddate='2024-01-02T03:04:05Z'`.
/// Returns the exclusive lower bound in epoch milliseconds.
fn since_from_where(clause: &str, filter: &SinceFilter) -> Result<i64, String> {
    let op_at = clause
        .find(['=', '>', '<'])
        .ok_or_else(|| format!("where={clause:?}: no comparison operator"))?;
    let rest = &clause[op_at..];
    let op_len = rest
        .chars()
        .take_while(|c| matches!(c, '=' | '>' | '<' | '!'))
        .count();
    let (op, literal) = rest.split_at(op_len);
    let literal = literal.trim();
    let literal = literal
        .strip_prefix('\'')
        .and_then(|l| l.strip_suffix('\''))
        .unwrap_or(literal);
    let inclusive = op != ">";
    let ms = match filter {
        SinceFilter::Pattern { format, zone } => format
            .parse(literal, zone)
            .map_err(|e| format!("where={clause:?}: {e}"))?
            .timestamp_millis(),
        SinceFilter::Epoch { unit } => {
            let n: i64 = literal
                .parse()
                .map_err(|_| format!("where={clause:?}: {literal:?} is not an epoch number"))?;
            match unit {
                EpochUnit::Seconds => n.saturating_mul(1000),
                EpochUnit::Millis => n,
                EpochUnit::Micros => n / 1000,
            }
        }
    };
    Ok(if inclusive { ms.saturating_sub(1) } else { ms })
}

fn bad(msg: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, msg)
}

async fn hub_get(
    AxState(st): AxState<Arc<State>>,
    Path(path): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let auth = element_auth(&st, &headers)?;
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let Some(shape) = auth.shapes.iter().find(|s| s.matches(&segments)) else {
        let known: Vec<&str> = auth.shapes.iter().map(|s| s.name.as_str()).collect();
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!(
                "no resource /hubs/{path} on instance {} ({}); its resources: {}",
                auth.instance_id,
                auth.connector,
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            ),
        ));
    };

    // Faults first, like an overloaded upstream.
    let (fault, slow, retry_after, request_id) = {
        let mut inner = st.lock();
        inner.requests += 1;
        (
            inner.faults.next_fault(),
            inner.slow_delay,
            inner.retry_after_secs,
            inner.requests,
        )
    };
    let request_id = HeaderValue::from_str(&format!("sbx-{request_id}"))
        .unwrap_or(HeaderValue::from_static("sbx"));
    if matches!(
        fault,
        Fault::TooManyRequests | Fault::Unavailable | Fault::ServerError
    ) {
        tracing::info!("sandbox: GET /hubs/{path}: injected fault {fault}");
    }
    match fault {
        Fault::TooManyRequests | Fault::Unavailable => {
            let status = if fault == Fault::TooManyRequests {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::SERVICE_UNAVAILABLE
            };
            let mut r = (
                status,
                axum::Json(
                    json!({"message": "sandbox: injected fault", "fault": fault.to_string()}),
                ),
            )
                .into_response();
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
            r.headers_mut().insert("elements-request-id", request_id);
            return Ok(r);
        }
        Fault::ServerError => {
            let mut r = (
                StatusCode::INTERNAL_SERVER_ERROR,
                axum::Json(json!({"message": "sandbox: injected fault", "fault": "500"})),
            )
                .into_response();
            r.headers_mut().insert("elements-request-id", request_id);
            return Ok(r);
        }
        Fault::Slow => tokio::time::sleep(slow).await,
        Fault::Garbage | Fault::Cycle | Fault::None => {}
    }

    let mut where_clause = None;
    let mut page_size = DEFAULT_PAGE_SIZE;
    let mut next_page = None;
    let since_param = shape.since_param.as_deref().unwrap_or("where");
    for (k, v) in url::form_urlencoded::parse(query.as_deref().unwrap_or_default().as_bytes()) {
        match k.as_ref() {
            k if k == since_param => where_clause = Some(v.into_owned()),
            "pageSize" => {
                page_size = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| {
                        bad(format!(
                            "pageSize {v:?} is not a whole number of at least 1"
                        ))
                    })?
                    .min(MAX_PAGE_SIZE);
            }
            "nextPage" => next_page = Some(v.into_owned()),
            _ => {}
        }
    }
    let concrete = format!("/{}", segments.join("/"));
    let path_key = hash_str(&concrete);
    let history_lo = (st.started - st.history).timestamp_millis();
    let cursor = match next_page {
        Some(token) => {
            let c = Cursor::decode(&token).ok_or_else(|| {
                bad(format!(
                    "nextPage {token:?} is not a token this sandbox issued"
                ))
            })?;
            if c.path != path_key {
                return Err(bad(format!(
                    "nextPage token was issued for another resource, not {concrete}"
                )));
            }
            c
        }
        None => {
            let asof_ms = st.clock.now().timestamp_millis();
            let lo_ms = match (&shape.since, where_clause.as_deref()) {
                (Some(filter), Some(clause)) if since_param == "where" => {
                    since_from_where(clause, filter).map_err(bad)?
                }
                (Some(filter), Some(value)) => {
                    super::generic::since_from_value(value, filter).map_err(bad)?
                }
                (Some(_), None) => history_lo,
                (None, _) => asof_ms - st.recent.num_milliseconds(),
            };
            Cursor {
                asof_ms,
                lo_ms: lo_ms.max(history_lo - 1),
                offset: 0,
                path: path_key,
            }
        }
    };

    // Never more than MAX_WINDOW of changes in one listing, never past the clock (a token is
    // client input too).
    let now_ms = st.clock.now().timestamp_millis();
    let asof_ms = cursor.asof_ms.min(now_ms);
    let cursor = Cursor {
        asof_ms,
        lo_ms: cursor
            .lo_ms
            .max(history_lo - 1)
            .max(asof_ms.saturating_sub(MAX_WINDOW_MS)),
        ..cursor
    };
    let events = shape.kind == RecordKind::EgnyteEvent;
    let stream = Stream::new(st.seed, &concrete, events);
    let changes: Vec<Change> = if events {
        stream.changes(cursor.lo_ms, cursor.asof_ms)
    } else {
        stream.latest_per_object(cursor.lo_ms, cursor.asof_ms)
    };
    let page: Vec<Value> = changes
        .iter()
        .skip(cursor.offset)
        .take(page_size)
        .map(|c| st.renderer.render(shape, c))
        .collect();
    let count = page.len();
    tracing::info!(
        "sandbox: GET {concrete} (instance {}): {count} record(s) from offset {}{}",
        auth.instance_id,
        cursor.offset,
        if fault == Fault::None {
            String::new()
        } else {
            format!(", fault {fault}")
        }
    );
    let mut body = serde_json::to_vec(&Value::Array(page))
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    if fault == Fault::Garbage {
        // A body cut off mid-way: valid UTF-8, invalid JSON.
        body.truncate(body.len() / 2);
        if body.is_empty() {
            body = b"[{\"id\":".to_vec();
        }
    }
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert("elements-returned-count", HeaderValue::from(count));
    h.insert("elements-request-id", request_id);
    // Like the platform: a token comes with every non-empty page, so the page after the last
    // one is an empty page (the client stops there).
    if count > 0 {
        let next = Cursor {
            // `cycle`: back to the first page, so the cycle's tokens repeat.
            offset: if fault == Fault::Cycle {
                0
            } else {
                cursor.offset + count
            },
            ..cursor
        };
        if let Ok(v) = HeaderValue::from_str(&next.encode()) {
            h.insert("elements-next-page-token", v);
        }
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datefmt::Zone;

    #[test]
    fn cursor_round_trip_and_rejects_junk() {
        let c = Cursor {
            asof_ms: 1_700_000_000_123,
            lo_ms: -5,
            offset: 400,
            path: 0xdead_beef,
        };
        let d = Cursor::decode(&c.encode()).unwrap();
        assert_eq!(
            (d.asof_ms, d.lo_ms, d.offset, d.path),
            (c.asof_ms, c.lo_ms, c.offset, c.path)
        );
        assert!(Cursor::decode("not-a-token").is_none());
        assert!(Cursor::decode(&URL_SAFE_NO_PAD.encode("v1:1:2")).is_none());
    }

    #[test]
    fn epoch_where_clauses() {
        let f = SinceFilter::Epoch {
            unit: EpochUnit::Seconds,
        };
        assert_eq!(
            since_from_where("t>1700000000", &f).unwrap(),
            1_700_000_000_000
        );
        assert_eq!(
            since_from_where("t>='1700000000'", &f).unwrap(),
            1_700_000_000_000 - 1
        );
        assert!(since_from_where("t", &f).is_err());
        assert!(since_from_where("t>abc", &f).unwrap_err().contains("epoch"));
        let _ = Zone::Utc;
    }
}
