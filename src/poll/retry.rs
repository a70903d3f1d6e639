//! Retries for fetch and forward: connection errors, timeouts, 408, 429 and 5xx are retried
//! with capped exponential backoff and full jitter, honouring `Retry-After` (seconds or an
//! HTTP date) up to a cap; other statuses are final. Each retry and each final failure is
//! logged (tracing `warn`) with the status and the first bytes of the body.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// How hard to try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// First backoff; doubles per attempt.
    pub base: Duration,
    /// Largest backoff.
    pub cap: Duration,
    /// Largest `Retry-After` honoured (longer values are cut to this).
    pub retry_after_cap: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 5,
            base: Duration::from_millis(500),
            cap: Duration::from_secs(30),
            retry_after_cap: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// Delay before retry number `attempt` (1-based): full jitter over
    /// `min(cap, base·2^(attempt−1))`, or the server's `Retry-After` (capped) when given.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(ra) = retry_after {
            return ra.min(self.retry_after_cap);
        }
        let exp = self
            .base
            .saturating_mul(
                1u32.checked_shl(attempt.saturating_sub(1))
                    .unwrap_or(u32::MAX),
            )
            .min(self.cap);
        // Full jitter, but never below half the step so retries stay spread out.
        let half = exp / 2;
        let jitter: f64 = rand::random();
        half + half.mul_f64(jitter)
    }
}

/// Is a response with this status worth another attempt?
pub fn is_retryable(status: StatusCode) -> bool {
    status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
        || status.is_server_error()
}

/// `Retry-After`: delta-seconds or an HTTP date (RFC 9110 §10.2.3). A date in the past is 0.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The first ~200 bytes of a body, printable, for logs and errors.
pub fn snippet(body: &[u8]) -> String {
    snippet_of(body, body.len())
}

/// [`snippet`] of a body of `total` bytes of which `head` are the first (at least
/// [`SNIPPET_BYTES`] when there are that many).
pub fn snippet_of(head: &[u8], total: usize) -> String {
    const MAX: usize = SNIPPET_BYTES;
    if total == 0 {
        return "an empty body".to_string();
    }
    let cut = &head[..head.len().min(MAX)];
    let text = String::from_utf8_lossy(cut);
    let more = if total > MAX { "…" } else { "" };
    format!("{:?}{more} ({total} bytes)", text.as_ref())
}

/// The bytes of a body a [`snippet`] shows.
pub const SNIPPET_BYTES: usize = 200;

/// A successful (2xx) response.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// Requests sent, this one included (1: no retry).
    pub attempts: u32,
}

/// Why a request finally failed.
#[derive(Debug)]
pub enum Failure {
    /// A final status (not retryable, or retries exhausted).
    Status {
        status: StatusCode,
        snippet: String,
        attempts: u32,
    },
    /// Connection error or timeout, retries exhausted.
    Transport { message: String, attempts: u32 },
    /// SIGINT/SIGTERM while waiting.
    Interrupted,
    /// The body is larger than the caller's limit (not retried).
    TooLarge {
        /// The announced `Content-Length`, when there was one.
        size: Option<u64>,
        limit: usize,
    },
}

impl Failure {
    /// Requests sent before giving up (1 when the failure came before any was answered).
    pub fn attempts(&self) -> u32 {
        match self {
            Failure::Status { attempts, .. } | Failure::Transport { attempts, .. } => *attempts,
            Failure::Interrupted | Failure::TooLarge { .. } => 1,
        }
    }

    pub fn attempts_note(&self) -> String {
        match self {
            Failure::Status { attempts, .. } | Failure::Transport { attempts, .. }
                if *attempts > 1 =>
            {
                format!(" after {attempts} attempts")
            }
            _ => String::new(),
        }
    }
}

/// A transport error in words, without the URL (callers name it) and with its causes.
pub fn describe(e: &reqwest::Error) -> String {
    use std::error::Error as _;
    let mut msg = if e.is_timeout() {
        "timed out".to_string()
    } else if e.is_connect() {
        "cannot connect".to_string()
    } else {
        "request failed".to_string()
    };
    let mut src = e.source();
    while let Some(s) = src {
        let s_text = s.to_string();
        if !msg.contains(&s_text) {
            msg.push_str(": ");
            msg.push_str(&s_text);
        }
        src = s.source();
    }
    msg
}

/// How a [`send_with`] body reader stopped short.
#[derive(Debug)]
pub enum Taken {
    /// The connection broke (or timed out) while reading: the request is worth another
    /// attempt. The message says what happened (see [`describe`]).
    Retry(String),
    /// Final (nothing more is tried).
    Fail(Failure),
}

/// Send the request `make()` builds until it succeeds, fails for good, or `cancel` fires.
/// `what` names the request in logs (`GET https://…`), never with secrets; server text in
/// logs and failures passes through `redact` (a body may echo the request's secrets).
pub async fn send(
    policy: &RetryPolicy,
    what: &str,
    redact: &crate::platform::redact::Redactor,
    max_body: Option<usize>,
    cancel: &super::cancel::Cancel,
    make: impl FnMut() -> reqwest::RequestBuilder,
) -> Result<Reply, Failure> {
    send_with(
        policy,
        what,
        redact,
        max_body,
        None,
        cancel,
        make,
        |mut resp, attempts| async move {
            let status = resp.status();
            let headers = resp.headers().clone();
            let body = read_bounded(&mut resp, max_body).await?;
            Ok(Reply {
                status,
                headers,
                body,
                attempts,
            })
        },
    )
    .await
}

/// The body of `resp`, refused past `max` bytes (memory per response).
pub async fn read_bounded(
    resp: &mut reqwest::Response,
    max: Option<usize>,
) -> Result<Bytes, Taken> {
    let Some(max) = max else {
        let mut body = bytes::BytesMut::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| Taken::Retry(describe(&e)))? {
            body.extend_from_slice(&chunk);
        }
        return Ok(body.freeze());
    };
    // Sized once from Content-Length when the server gives one (no regrowing).
    let mut body =
        bytes::BytesMut::with_capacity(resp.content_length().map_or(0, |n| n as usize).min(max));
    while let Some(chunk) = resp.chunk().await.map_err(|e| Taken::Retry(describe(&e)))? {
        if body.len() + chunk.len() > max {
            return Err(Taken::Fail(Failure::TooLarge {
                size: None,
                limit: max,
            }));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// [`send`], with the body of a 2xx answer read by `take` (a streaming reader): the retries,
/// the `Content-Length` check against `max_body` and the handling of other statuses are
/// [`send`]'s. `take` gets the response and the number of requests sent so far (1: the
/// first), and says whether a broken read is worth another attempt ([`Taken::Retry`]).
/// `answer_within` bounds the wait for the response's head (for requests whose own timeout
/// was lifted because their body is read at the pace of its processing).
#[allow(clippy::too_many_arguments)]
pub async fn send_with<T, Fut>(
    policy: &RetryPolicy,
    what: &str,
    redact: &crate::platform::redact::Redactor,
    max_body: Option<usize>,
    answer_within: Option<Duration>,
    cancel: &super::cancel::Cancel,
    mut make: impl FnMut() -> reqwest::RequestBuilder,
    mut take: impl FnMut(reqwest::Response, u32) -> Fut,
) -> Result<T, Failure>
where
    Fut: std::future::Future<Output = Result<T, Taken>>,
{
    enum Got<T> {
        Taken(T),
        Status(StatusCode, HeaderMap, Bytes),
    }
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        let outcome = tokio::select! {
            r = async {
                let sent = make().send();
                let mut resp = match answer_within {
                    None => sent.await,
                    Some(d) => tokio::time::timeout(d, sent)
                        .await
                        .map_err(|_| Taken::Retry("timed out".to_string()))?,
                }
                .map_err(|e| Taken::Retry(describe(&e)))?;
                // Bounded: refuse a body above `max` before holding it (memory per page).
                if let Some(max) = max_body
                    && resp.content_length().is_some_and(|n| n > max as u64)
                {
                    return Err(Taken::Fail(Failure::TooLarge {
                        size: resp.content_length(),
                        limit: max,
                    }));
                }
                let status = resp.status();
                if status.is_success() {
                    return take(resp, attempt).await.map(Got::Taken);
                }
                let headers = resp.headers().clone();
                let body = read_bounded(&mut resp, max_body).await?;
                Ok(Got::Status(status, headers, body))
            } => r,
            () = cancel.cancelled() => return Err(Failure::Interrupted),
        };
        let (retry_after, failure) = match outcome {
            Ok(Got::Taken(t)) => return Ok(t),
            Err(Taken::Fail(f)) => return Err(f),
            Ok(Got::Status(status, headers, body)) => {
                let snip = redact.text(&snippet(&body));
                let failure = Failure::Status {
                    status,
                    snippet: snip,
                    attempts: attempt,
                };
                if !is_retryable(status) {
                    return Err(failure);
                }
                let ra = headers
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| parse_retry_after(v, SystemTime::now()));
                (ra, failure)
            }
            Err(Taken::Retry(message)) => (
                None,
                Failure::Transport {
                    message: redact.text(&message),
                    attempts: attempt,
                },
            ),
        };
        if attempt > policy.max_retries {
            return Err(failure);
        }
        let wait = policy.delay(attempt, retry_after);
        match &failure {
            Failure::Status {
                status, snippet, ..
            } => tracing::warn!(
                "{what}: {status}, retry {attempt}/{} in {}: {snippet}",
                policy.max_retries,
                humantime::format_duration(round_ms(wait))
            ),
            Failure::Transport { message, .. } => tracing::warn!(
                "{what}: {message}, retry {attempt}/{} in {}",
                policy.max_retries,
                humantime::format_duration(round_ms(wait))
            ),
            Failure::Interrupted | Failure::TooLarge { .. } => {}
        }
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = cancel.cancelled() => return Err(Failure::Interrupted),
        }
    }
}

fn round_ms(d: Duration) -> Duration {
    Duration::from_millis(d.as_millis().min(u128::from(u64::MAX)) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(30))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(parse_retry_after(&past, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn backoff_grows_is_capped_and_honours_retry_after_cap() {
        let p = RetryPolicy {
            max_retries: 10,
            base: Duration::from_millis(100),
            cap: Duration::from_secs(1),
            retry_after_cap: Duration::from_secs(5),
        };
        for attempt in 1..=10 {
            let step = (Duration::from_millis(100) * 2u32.pow(attempt - 1)).min(p.cap);
            let d = p.delay(attempt, None);
            assert!(
                d >= step / 2 && d <= step,
                "attempt {attempt}: {d:?} vs {step:?}"
            );
        }
        assert!(p.delay(40, None) <= p.cap);
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(3600))),
            Duration::from_secs(5)
        );
    }

    #[test]
    fn retryable_statuses() {
        for s in [408, 429, 500, 502, 503, 504] {
            assert!(is_retryable(StatusCode::from_u16(s).unwrap()), "{s}");
        }
        for s in [400, 401, 403, 404, 410, 301] {
            assert!(!is_retryable(StatusCode::from_u16(s).unwrap()), "{s}");
        }
    }

    #[test]
    fn snippet_is_bounded_and_printable() {
        let long = vec![b'x'; 1000];
        let s = snippet(&long);
        assert!(s.len() < 260 && s.contains("1000 bytes"));
        assert_eq!(snippet(b""), "an empty body");
        assert!(snippet(b"<html>\n").contains("\\n"));
    }
}
