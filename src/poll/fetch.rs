//! One page of a resource: `GET` with the platform's `Authorization` header and
//! `Accept: application/json`, retried per [`super::retry`]; the records are the top-level
//! JSON array or the array under `recordsPath`; the next page token comes from the
//! `elements-next-page-token` header.

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use url::Url;

use super::PollError;
use super::cancel::Cancel;
use super::retry::{self, Failure, RetryPolicy};
use crate::instance::FieldPath;
use crate::platform::redact::{self, Redactor};

pub const NEXT_PAGE_HEADER: &str = "elements-next-page-token";

/// A fetched page.
#[derive(Debug, Default)]
pub struct Page {
    pub records: Vec<Value>,
    /// Where each record's original text is in `body` (same length as `records`), or empty
    /// when the records were not read from a top-level array (`recordsPath`, replay): then
    /// they are written re-serialized.
    pub spans: Vec<std::ops::Range<usize>>,
    /// The response body the spans point into.
    pub body: bytes::Bytes,
    /// `elements-next-page-token`, when present and non-empty.
    pub next_token: Option<String>,
}

/// Hub GETs for one resource. Owns what it needs, so that the next page can be fetched by
/// another task while the current one is processed ([`Fetcher::prefetch`]).
#[derive(Clone)]
pub struct Fetcher {
    pub client: reqwest::Client,
    /// The `Authorization` value; `None` sends none.
    pub authorization: Option<SecretString>,
    pub retry: RetryPolicy,
    /// `instance/resource`, for messages.
    pub label: String,
    pub records_path: Option<FieldPath>,
    /// Secrets to keep out of messages (the `Authorization` parts, URL userinfo).
    pub redactor: Redactor,
    /// A page above this many bytes is refused before it is held (memory per page).
    pub max_page_bytes: usize,
    /// Progress and retries, for `--metrics-listen`.
    pub tally: Option<super::metrics::FetchTally>,
}

/// A page being fetched by another task: at most one ahead of the page being processed, so
/// memory stays bounded by two pages. Dropping it aborts the request.
pub struct Prefetch(tokio::task::JoinHandle<Result<Page, PollError>>);

impl Prefetch {
    /// The page (or the error its fetch ended with).
    pub async fn page(mut self) -> Result<Page, PollError> {
        match (&mut self.0).await {
            Ok(r) => r,
            Err(e) if e.is_cancelled() => Err(PollError::Interrupted),
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }
}

impl Drop for Prefetch {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The URL of one page: `pageSize` when configured (unless the URL has one), `nextPage`
/// when following a token.
pub fn page_url(base: &Url, page_size: Option<u32>, token: Option<&str>) -> Url {
    let mut url = base.clone();
    let has_page_size = base.query_pairs().any(|(k, _)| k == "pageSize");
    if page_size.is_some() && !has_page_size || token.is_some() {
        let mut q = url.query_pairs_mut();
        if let (Some(n), false) = (page_size, has_page_size) {
            q.append_pair("pageSize", &n.to_string());
        }
        if let Some(t) = token {
            q.append_pair("nextPage", t);
        }
    }
    url
}

impl Fetcher {
    /// Start fetching `url` on another task (on a multi-thread runtime, another thread: the
    /// transfer overlaps the processing of the current page).
    pub fn prefetch(self: &std::sync::Arc<Self>, url: Url, cancel: &Cancel) -> Prefetch {
        let (me, cancel) = (self.clone(), cancel.clone());
        Prefetch(tokio::spawn(async move { me.get(&url, &cancel).await }))
    }

    pub async fn get(&self, url: &Url, cancel: &Cancel) -> Result<Page, PollError> {
        let shown = redact::url(url.as_str());
        let what = format!("{}: GET {shown}", self.label);
        let reply = retry::send(
            &self.retry,
            &what,
            &self.redactor,
            Some(self.max_page_bytes),
            cancel,
            || {
                let mut req = self
                    .client
                    .get(url.clone())
                    .header(ACCEPT, HeaderValue::from_static("application/json"));
                if let Some(auth) = &self.authorization
                    && let Ok(mut v) = HeaderValue::from_str(auth.expose_secret())
                {
                    v.set_sensitive(true);
                    req = req.header(AUTHORIZATION, v);
                }
                req
            },
        )
        .await
        .map_err(|f| {
            if let Some(t) = &self.tally {
                t.answered(f.attempts());
            }
            self.failure(url, f)
        })?;
        if let Some(t) = &self.tally {
            t.answered(reply.attempts);
        }
        // A token that is not text is an error, never the end of the feed: treating it as
        // "no more pages" would skip the rest and commit the watermark past it.
        let next_token = match reply.headers.get(NEXT_PAGE_HEADER) {
            None => None,
            Some(v) => match std::str::from_utf8(v.as_bytes()) {
                Ok(t) => Some(t.trim()).filter(|t| !t.is_empty()).map(str::to_string),
                Err(_) => {
                    return Err(PollError::Fetch {
                        resource: self.label.to_string(),
                        url: redact::url(url.as_str()),
                        message: format!(
                            "the {NEXT_PAGE_HEADER} header is not UTF-8 text ({}); the rest of \
                             the feed cannot be requested, so nothing was committed",
                            retry::snippet(v.as_bytes())
                        ),
                        after: String::new(),
                    });
                }
            },
        };
        let unparseable = |reason: String| {
            let ct = reply
                .headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(|c| format!(" (Content-Type {c})"))
                .unwrap_or_default();
            PollError::Unparseable {
                resource: self.label.to_string(),
                url: redact::url(url.as_str()),
                reason: format!("{reason}{ct}"),
                snippet: self.redactor.text(&retry::snippet(&reply.body)),
            }
        };
        if reply.status == reqwest::StatusCode::NO_CONTENT {
            return Ok(Page { ..Page::default() });
        }
        let (records, spans) = match &self.records_path {
            None => decode_array(&reply.body),
            Some(_) => {
                decode_records(&reply.body, self.records_path.as_ref()).map(|r| (r, Vec::new()))
            }
        }
        .map_err(unparseable)?;
        Ok(Page {
            records,
            spans,
            body: reply.body,
            next_token,
        })
    }

    fn failure(&self, url: &Url, f: Failure) -> PollError {
        let after = f.attempts_note();
        match f {
            Failure::Interrupted => PollError::Interrupted,
            Failure::Status {
                status, snippet, ..
            } if status == reqwest::StatusCode::UNAUTHORIZED
                || status == reqwest::StatusCode::FORBIDDEN =>
            {
                PollError::Auth {
                    resource: self.label.to_string(),
                    url: redact::url(url.as_str()),
                    status: status.as_u16(),
                    snippet,
                }
            }
            Failure::Status {
                status, snippet, ..
            } => PollError::Fetch {
                resource: self.label.to_string(),
                url: redact::url(url.as_str()),
                message: format!("{status}: {snippet}"),
                after,
            },
            Failure::TooLarge { size, limit } => PollError::Fetch {
                resource: self.label.to_string(),
                url: redact::url(url.as_str()),
                message: format!(
                    "the page is {} than the {} MiB limit; lower the resource's pageSize or raise \
                     --max-page-size (nothing was committed)",
                    size.map_or("larger".to_string(), |n| format!("{n} bytes, larger")),
                    limit / (1024 * 1024)
                ),
                after: String::new(),
            },
            Failure::Transport { message, .. } => PollError::Fetch {
                resource: self.label.to_string(),
                url: redact::url(url.as_str()),
                message,
                after,
            },
        }
    }
}

impl Page {
    /// The original bytes of record `i`, when known (see [`Page::spans`]).
    pub fn raw(&self, i: usize) -> Option<&[u8]> {
        self.body.get(self.spans.get(i)?.clone())
    }
}

/// The records of a top-level JSON array, each with the span of its original text: one pass,
/// record by record (the text is what is written as the event's `raw`, byte for byte).
/// Anything else gets [`decode_records`]'s message.
pub fn decode_array(body: &[u8]) -> Result<(Vec<Value>, Vec<std::ops::Range<usize>>), String> {
    let fallback = || decode_records(body, None).map(|r| (r, Vec::new()));
    let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let skip = |mut i: usize| {
        while body.get(i).is_some_and(ws) {
            i += 1;
        }
        i
    };
    let mut i = skip(0);
    if body.get(i) != Some(&b'[') {
        return fallback();
    }
    i = skip(i + 1);
    let mut records = Vec::new();
    let mut spans = Vec::new();
    if body.get(i) == Some(&b']') {
        i += 1;
    } else {
        loop {
            let mut stream = serde_json::Deserializer::from_slice(&body[i..]).into_iter::<Value>();
            match stream.next() {
                Some(Ok(v)) => {
                    let end = i + stream.byte_offset();
                    // The stream skips leading whitespace; there is none at `i`.
                    records.push(v);
                    spans.push(i..end);
                    i = skip(end);
                }
                _ => return fallback(),
            }
            match body.get(i) {
                Some(b',') => i = skip(i + 1),
                Some(b']') => {
                    i += 1;
                    break;
                }
                _ => return fallback(),
            }
        }
    }
    if skip(i) != body.len() {
        return fallback();
    }
    Ok((records, spans))
}

/// The records of a page body: the top-level array, or the array at `recordsPath`. The error
/// says what was found instead.
pub fn decode_records(body: &[u8], records_path: Option<&FieldPath>) -> Result<Vec<Value>, String> {
    match records_path {
        None => match serde_json::from_slice::<Value>(body) {
            Ok(Value::Array(a)) => Ok(a),
            Ok(other) => Err(format!(
                "expected a JSON array of records, got {} (set recordsPath if the records are wrapped)",
                crate::instance::model::json_kind(&other)
            )),
            Err(e) => Err(format!("not JSON ({e})")),
        },
        Some(path) => {
            let mut doc: Value =
                serde_json::from_slice(body).map_err(|e| format!("not JSON ({e})"))?;
            match take_path(&mut doc, path) {
                Some(Value::Array(a)) => Ok(a),
                Some(Value::Null) | None => {
                    Err(format!("no array at recordsPath {:?}", path.as_str()))
                }
                Some(other) => Err(format!(
                    "recordsPath {:?} holds {} instead of an array",
                    path.as_str(),
                    crate::instance::model::json_kind(&other)
                )),
            }
        }
    }
}

fn take_path(doc: &mut Value, path: &FieldPath) -> Option<Value> {
    let mut cur = doc;
    let raw = path.as_str().trim();
    if cur.get(raw).is_some() {
        return cur.get_mut(raw).map(Value::take);
    }
    for seg in raw.split('.') {
        cur = match cur {
            Value::Object(m) => m.get_mut(seg)?,
            Value::Array(a) => a.get_mut(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur.take())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn page_url_adds_page_size_and_token_once() {
        let base = Url::parse("http://h/x?where=a%3D'b'").unwrap();
        assert_eq!(page_url(&base, None, None), base);
        let u = page_url(&base, Some(50), Some("t/+="));
        let pairs: Vec<(String, String)> = u.query_pairs().into_owned().collect();
        assert!(pairs.contains(&("pageSize".into(), "50".into())));
        assert!(pairs.contains(&("nextPage".into(), "t/+=".into())));
        let with = Url::parse("http://h/x?pageSize=7").unwrap();
        let u = page_url(&with, Some(50), None);
        assert_eq!(u.query_pairs().filter(|(k, _)| k == "pageSize").count(), 1);
    }

    #[test]
    fn decode_array_keeps_each_records_text() {
        let body = br#" [ {"b": 1.50, "a": "\u00e9"} ,
  12345678901234567890123 ,"x",[1, 2],{}]
"#;
        let (records, spans) = decode_array(body).unwrap();
        assert_eq!(records.len(), 5);
        let texts: Vec<&[u8]> = spans.iter().map(|s| &body[s.clone()]).collect();
        assert_eq!(
            texts,
            [
                &br#"{"b": 1.50, "a": "\u00e9"}"#[..],
                b"12345678901234567890123",
                b"\"x\"",
                b"[1, 2]",
                b"{}"
            ]
        );
        assert_eq!(records[0]["a"], "\u{e9}");
        assert_eq!(decode_array(b"[]").unwrap(), (vec![], vec![]));
        // Anything else: the same message as before, never a partial page.
        for bad in [
            &b"{}"[..],
            b"[1,]",
            b"[1 2]",
            b"[1] x",
            b"[{\"a\":}]",
            b"",
            b"[1,2",
        ] {
            assert_eq!(
                decode_array(bad).map(|(r, _)| r),
                decode_records(bad, None),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
            assert!(
                decode_array(bad).is_err(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn take_path_moves_nested_arrays() {
        let mut doc = json!({"data": {"items": [1, 2]}});
        assert_eq!(
            take_path(&mut doc, &FieldPath::new("data.items")),
            Some(json!([1, 2]))
        );
        assert_eq!(take_path(&mut doc, &FieldPath::new("nope")), None);
    }
}
