//! The pages of a resource: `GET` with the platform's `Authorization` header and
//! `Accept: application/json`, retried per [`super::retry`]; the records are the top-level
//! JSON array, read record by record while the body arrives (memory does not follow the page
//! size), or the array under `recordsPath` (that page is held whole); the next page token
//! comes from the `elements-next-page-token` header.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use sha2::{Digest, Sha256};
use tokio::sync::mpsc::Sender;
use url::Url;

use super::PollError;
use super::cancel::Cancel;
use super::identity;
use super::record::{FieldTexts, Raw, RecordRef};
use super::retry::{self, Failure, RetryPolicy, Taken};
use crate::instance::FieldPath;
use crate::platform::redact::{self, Redactor};

pub const NEXT_PAGE_HEADER: &str = "elements-next-page-token";

/// The records of a page, a bounded part at a time: read while the body arrives, so memory
/// does not follow the page size (see [`Feed`]).
#[derive(Debug, Default)]
pub struct Batch {
    /// The records held whole; for a record read from its text ([`Batch::fields`]), `null`.
    pub records: Vec<Value>,
    /// Where each record's original text is in `text` (same length as `records`), or empty
    /// when the records were not read from a top-level array (`recordsPath`, replay): then
    /// they are written re-serialized.
    pub spans: Vec<Range<usize>>,
    /// The records' text, back to back.
    pub text: Vec<u8>,
    /// Each record's content digest, when it was read from its text
    /// ([`identity::read_record`]); else empty.
    pub digests: Vec<[u8; 16]>,
    /// The fields the classifier reads of the records read from their text (then no tree is
    /// built for them: see [`super::record`]).
    pub fields: Option<FieldTexts>,
}

impl Batch {
    /// Records in the batch.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Record `i` for the classifier.
    pub fn record(&self, i: usize) -> RecordRef<'_> {
        match &self.fields {
            Some(f) if !f.is_whole(i) => RecordRef::Fields(f, i),
            _ => RecordRef::Tree(&self.records[i]),
        }
    }

    /// The original bytes of record `i`, when known (see [`Batch::spans`]).
    pub fn raw(&self, i: usize) -> Option<&[u8]> {
        self.text.get(self.spans.get(i)?.clone())
    }

    /// Record `i` for an event's `raw`: its original text when known, else its tree.
    pub fn raw_record(&self, i: usize) -> Raw<'_> {
        match self.raw(i) {
            Some(t) => Raw::Text(t),
            None => Raw::Value(&self.records[i]),
        }
    }

    /// The content digest of record `i` ([`identity::content_digest`]).
    pub fn digest(&self, i: usize) -> [u8; 16] {
        match self.digests.get(i) {
            Some(d) => *d,
            None => identity::content_digest(&self.records[i]),
        }
    }

    /// Record `i` whole (parsed again from its text when only some fields were read).
    pub fn whole(&self, i: usize) -> Value {
        if matches!(self.record(i), RecordRef::Fields(..))
            && let Some(Ok(v)) = self.raw(i).map(serde_json::from_slice::<Value>)
        {
            return v;
        }
        self.records[i].clone()
    }
}

/// What the fetching task hands the cycle, in order.
#[derive(Debug)]
pub enum Item {
    /// A page is requested.
    Fetching(Url),
    /// Records of the current page.
    Records(Batch),
    /// The current page was read whole.
    PageEnd,
    /// The feed stopped on an error (nothing more comes; nothing may be committed).
    Failed(PollError),
    /// The last page was read.
    Done,
}

/// Record text gathered before it is handed on as a [`Batch`]: a page up to this size is read
/// whole before any of its records is handed on (a page that turns out broken delivers
/// nothing); a larger one is handed on in parts of about this size while it streams.
pub const BATCH_BYTES: usize = 512 * 1024;

/// How long one page may take in all, processing included (the network time is bounded by
/// [`Fetcher::timeout`]).
const PAGE_DEADLINE: std::time::Duration = std::time::Duration::from_secs(7 * 24 * 3600);

/// Items queued between the fetching task and the cycle: memory stays bounded by a few
/// batches, whatever the page size.
const QUEUE: usize = 3;

/// The pages of one cycle, fetched by another task (on a multi-thread runtime, another
/// thread): the transfer and the decoding overlap the processing of the records, at most
/// [`QUEUE`] items ahead. Dropping it aborts the requests.
pub struct Feed {
    rx: tokio::sync::mpsc::Receiver<Item>,
    task: tokio::task::JoinHandle<()>,
}

impl Feed {
    /// The next item; after `Done` or `Failed` nothing more comes.
    pub async fn next(&mut self) -> Item {
        if let Some(item) = self.rx.recv().await {
            return item;
        }
        // The task ended without saying so: it panicked or was aborted.
        match (&mut self.task).await {
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            _ => Item::Failed(PollError::Interrupted),
        }
    }
}

impl Drop for Feed {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// How one page ended.
struct PageEnd {
    records: u64,
    next_token: Option<String>,
}

/// Hub GETs for one resource. Owns what it needs, so that the pages can be fetched by
/// another task while the records are processed ([`Fetcher::feed`]).
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
    /// A page above this many bytes is refused (a guard against endless bodies; memory does
    /// not depend on it, except for `recordsPath` pages, which are held whole).
    pub max_page_bytes: usize,
    /// `pageSize`, when configured.
    pub page_size: Option<u32>,
    /// Pages one cycle follows at most.
    pub max_pages: u64,
    /// `--timeout`: bounds the wait for a page's answer and, apart, the time spent receiving
    /// its body — not the time its records take to process (the body is read at that pace).
    pub timeout: std::time::Duration,
    /// The top-level fields the classifier reads: a record is then read from its text
    /// without building its whole tree ([`identity::read_record`]); `None`: whole records.
    pub wanted: Option<std::sync::Arc<[String]>>,
    /// Progress and retries, for `--metrics-listen`.
    pub tally: Option<super::metrics::FetchTally>,
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
    /// Start fetching the pages from `base` on another task, following the page tokens.
    pub fn feed(self: &std::sync::Arc<Self>, base: Url, cancel: &Cancel) -> Feed {
        let (tx, rx) = tokio::sync::mpsc::channel(QUEUE);
        let (me, cancel) = (self.clone(), cancel.clone());
        let task = tokio::spawn(async move { me.run(&base, &cancel, &tx).await });
        Feed { rx, task }
    }

    /// Every page of the cycle: the next one is requested when the current one is read and
    /// came with a token and records. A token that loops or a chain that is too long is
    /// reported after the page that brought it.
    async fn run(&self, base: &Url, cancel: &Cancel, tx: &Sender<Item>) {
        let mut token: Option<String> = None;
        // Digests of the tokens followed (bounded by `max_pages`): a token that comes back,
        // even after others (A, B, A…), is a loop.
        let mut tokens_seen: HashSet<[u8; 16]> = HashSet::new();
        let mut pages: u64 = 0;
        loop {
            let url = page_url(base, self.page_size, token.as_deref());
            if tx.send(Item::Fetching(url.clone())).await.is_err() {
                return;
            }
            pages += 1;
            let end = match self.stream(&url, cancel, tx).await {
                Ok(end) => end,
                Err(e) => {
                    let _ = tx.send(Item::Failed(e)).await;
                    return;
                }
            };
            if tx.send(Item::PageEnd).await.is_err() {
                return;
            }
            let t = match end.next_token {
                Some(t) if end.records > 0 => t,
                _ => {
                    let _ = tx.send(Item::Done).await;
                    return;
                }
            };
            let loop_error = |message: String| PollError::Fetch {
                resource: self.label.clone(),
                url: redact::url(url.as_str()),
                message,
                after: String::new(),
            };
            let digest: [u8; 16] = Sha256::digest(t.as_bytes())[..16]
                .try_into()
                .unwrap_or_default();
            let failed = if !tokens_seen.insert(digest) {
                Some(loop_error(format!(
                    "the server returned a {NEXT_PAGE_HEADER} it had already returned in this \
                     cycle (page {pages}); the pages loop, so nothing was committed"
                )))
            } else if pages >= self.max_pages {
                Some(loop_error(format!(
                    "more than {} pages in one cycle (--max-pages); nothing was committed. \
                     Raise --max-pages if the feed really is that long",
                    self.max_pages
                )))
            } else {
                None
            };
            if let Some(e) = failed {
                let _ = tx.send(Item::Failed(e)).await;
                return;
            }
            token = Some(t);
        }
    }

    /// GET one page and hand its records on as they arrive.
    async fn stream(
        &self,
        url: &Url,
        cancel: &Cancel,
        tx: &Sender<Item>,
    ) -> Result<PageEnd, PollError> {
        let shown = redact::url(url.as_str());
        let what = format!("{}: GET {shown}", self.label);
        // Records of this page already handed on: after that a broken connection fails the
        // cycle instead of asking for the page again.
        let handed = AtomicU64::new(0);
        let handed = &handed;
        retry::send_with(
            &self.retry,
            &what,
            &self.redactor,
            Some(self.max_page_bytes),
            Some(self.timeout),
            cancel,
            || {
                let mut req = self
                    .client
                    .get(url.clone())
                    // The client's timeout covers the whole body; this one is read at the
                    // pace of its processing, so the timeout is applied here instead.
                    .timeout(PAGE_DEADLINE)
                    .header(ACCEPT, HeaderValue::from_static("application/json"));
                if let Some(auth) = &self.authorization
                    && let Ok(mut v) = HeaderValue::from_str(auth.expose_secret())
                {
                    v.set_sensitive(true);
                    req = req.header(AUTHORIZATION, v);
                }
                req
            },
            |resp, attempts| async move {
                let r = self.take(url, resp, tx, handed).await;
                // A read that is retried or fails for good is counted by what follows.
                if let (Some(t), Ok(_)) = (&self.tally, &r) {
                    t.answered(attempts);
                }
                r
            },
        )
        .await
        .map_err(|f| {
            if let Some(t) = &self.tally {
                t.answered(f.attempts());
            }
            self.failure(url, f)
        })?
    }

    /// Read one page's body (see [`Fetcher::stream`]).
    async fn take(
        &self,
        url: &Url,
        mut resp: reqwest::Response,
        tx: &Sender<Item>,
        handed: &AtomicU64,
    ) -> Result<Result<PageEnd, PollError>, Taken> {
        // A token that is not text is an error, never the end of the feed: treating it as
        // "no more pages" would skip the rest and commit the watermark past it.
        let next_token = match resp.headers().get(NEXT_PAGE_HEADER) {
            None => None,
            Some(v) => match std::str::from_utf8(v.as_bytes()) {
                Ok(t) => Some(t.trim()).filter(|t| !t.is_empty()).map(str::to_string),
                Err(_) => {
                    return Ok(Err(PollError::Fetch {
                        resource: self.label.to_string(),
                        url: redact::url(url.as_str()),
                        message: format!(
                            "the {NEXT_PAGE_HEADER} header is not UTF-8 text ({}); the rest of \
                             the feed cannot be requested, so nothing was committed",
                            retry::snippet(v.as_bytes())
                        ),
                        after: String::new(),
                    }));
                }
            },
        };
        if resp.status() == reqwest::StatusCode::NO_CONTENT {
            return Ok(Ok(PageEnd {
                records: 0,
                next_token: None,
            }));
        }
        let content_type = resp
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|c| format!(" (Content-Type {c})"))
            .unwrap_or_default();
        let unparseable = |reason: String, head: &[u8], total: usize| PollError::Unparseable {
            resource: self.label.to_string(),
            url: redact::url(url.as_str()),
            reason: format!("{reason}{content_type}"),
            snippet: self.redactor.text(&retry::snippet_of(head, total)),
        };
        // Hand a batch on; false when the cycle stopped listening.
        let hand_on = async |batch: Batch| -> bool {
            let n = batch.len() as u64;
            handed.fetch_add(n, Ordering::Relaxed);
            tx.send(Item::Records(batch)).await.is_ok()
        };
        if self.records_path.is_some() {
            // Records under a key: the page is held whole (bounded by `max_page_bytes`).
            let body = tokio::time::timeout(
                self.timeout,
                retry::read_bounded(&mut resp, Some(self.max_page_bytes)),
            )
            .await
            .map_err(|_| Taken::Retry("timed out".to_string()))??;
            let records = match decode_records(&body, self.records_path.as_ref()) {
                Ok(records) => records,
                Err(reason) => return Ok(Err(unparseable(reason, &body, body.len()))),
            };
            let n = records.len() as u64;
            if n > 0
                && !hand_on(Batch {
                    records,
                    ..Batch::default()
                })
                .await
            {
                return Ok(Err(PollError::Interrupted));
            }
            return Ok(Ok(PageEnd {
                records: n,
                next_token,
            }));
        }
        let mut split = Splitter::reading(self.wanted.clone());
        let mut head: Vec<u8> = Vec::new();
        let mut total: usize = 0;
        // Not an array: the whole body, for the message (bounded by `max_page_bytes`).
        let mut other: Option<Vec<u8>> = None;
        // Time spent waiting for the body's bytes (not for the cycle to take the records).
        let mut waited = std::time::Duration::ZERO;
        loop {
            let asked = std::time::Instant::now();
            let read = tokio::time::timeout(self.timeout.saturating_sub(waited), resp.chunk())
                .await
                .map_err(|_| "timed out".to_string())
                .and_then(|r| r.map_err(|e| retry::describe(&e)));
            waited += asked.elapsed();
            let chunk = match read {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(m) if handed.load(Ordering::Relaxed) == 0 => return Err(Taken::Retry(m)),
                Err(m) => {
                    return Ok(Err(PollError::Fetch {
                        resource: self.label.to_string(),
                        url: redact::url(url.as_str()),
                        message: format!(
                            "{} after {} records of the page were read; nothing was committed",
                            self.redactor.text(&m),
                            handed.load(Ordering::Relaxed)
                        ),
                        after: String::new(),
                    }));
                }
            };
            total += chunk.len();
            if total > self.max_page_bytes {
                return Err(Taken::Fail(Failure::TooLarge {
                    size: None,
                    limit: self.max_page_bytes,
                }));
            }
            if head.len() < retry::SNIPPET_BYTES {
                let n = (retry::SNIPPET_BYTES - head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..n]);
            }
            if let Some(body) = &mut other {
                body.extend_from_slice(&chunk);
                continue;
            }
            match split.feed(&chunk) {
                Ok(()) => {}
                Err(SplitError::NotArray) => {
                    other = Some(chunk.to_vec());
                    continue;
                }
                Err(SplitError::Syntax(m)) => {
                    return Ok(Err(unparseable(format!("not JSON ({m})"), &head, total)));
                }
            }
            if split.text.len() >= BATCH_BYTES && !split.spans.is_empty() {
                let batch = match split.take_batch() {
                    Ok(b) => b,
                    Err(m) => return Ok(Err(unparseable(m, &head, total))),
                };
                if !hand_on(batch).await {
                    return Ok(Err(PollError::Interrupted));
                }
            }
        }
        if other.is_none() && split.finish() == Err(SplitError::NotArray) {
            other = Some(Vec::new());
        }
        if let Some(body) = other {
            // Whatever it is, it is not an array: the message says what it is.
            let reason = match decode_records(&body, None) {
                Ok(_) => "expected a JSON array of records".to_string(),
                Err(reason) => reason,
            };
            return Ok(Err(unparseable(reason, &head, total)));
        }
        if let Err(SplitError::Syntax(m)) = split.finish() {
            return Ok(Err(unparseable(format!("not JSON ({m})"), &head, total)));
        }
        let records = split.records;
        if !split.spans.is_empty() {
            let batch = match split.take_batch() {
                Ok(b) => b,
                Err(m) => return Ok(Err(unparseable(m, &head, total))),
            };
            if !hand_on(batch).await {
                return Ok(Err(PollError::Interrupted));
            }
        }
        Ok(Ok(PageEnd {
            records,
            next_token,
        }))
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

/// Why a [`Splitter`] stopped.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The body is not a JSON array (its first character is something else, or it is empty).
    NotArray,
    /// The array is broken (the message says where).
    Syntax(String),
}

/// Where a [`Splitter`] is in the body.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum At {
    /// Before the `[`.
    #[default]
    Start,
    /// After the `[`: a record or `]`.
    First,
    /// After a `,`: a record.
    Next,
    /// Inside a record.
    Record,
    /// After a record: `,` or `]`.
    After,
    /// After the `]`: whitespace only.
    End,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Finds the records of a top-level JSON array while the body arrives, chunk by chunk: each
/// record's text is appended to `text` with its span. Only the structure is followed here
/// (strings, escapes, nesting, the separators between records); each record's text is then
/// parsed by serde_json ([`Splitter::take_batch`]), which checks everything else, so a body
/// is accepted exactly when it is a JSON array.
#[derive(Debug, Default)]
pub struct Splitter {
    at: At,
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// Where the record in progress starts in `text`.
    start: usize,
    /// The text of the records found (and of the one in progress), back to back.
    pub text: Vec<u8>,
    /// The complete records in `text`.
    pub spans: Vec<Range<usize>>,
    /// Bytes of the body seen.
    offset: usize,
    /// Records found in the body.
    pub records: u64,
    /// Records handed on by [`Splitter::take_batch`].
    taken: u64,
    /// See [`Fetcher::wanted`].
    pub wanted: Option<std::sync::Arc<[String]>>,
}

impl Splitter {
    /// A splitter whose records are read for `wanted` fields (see [`Fetcher::wanted`]).
    pub fn reading(wanted: Option<std::sync::Arc<[String]>>) -> Splitter {
        Splitter {
            wanted,
            ..Splitter::default()
        }
    }

    /// The next part of the body.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), SplitError> {
        let mut i = 0;
        let n = chunk.len();
        while i < n {
            match self.at {
                At::Record => {
                    let from = i;
                    let done = self.scan(chunk, &mut i);
                    self.text.extend_from_slice(&chunk[from..i]);
                    if done {
                        self.spans.push(self.start..self.text.len());
                        self.records += 1;
                        self.at = At::After;
                    }
                }
                _ if is_ws(chunk[i]) => i += 1,
                At::Start if chunk[i] == b'[' => {
                    self.at = At::First;
                    i += 1;
                }
                At::Start => return Err(SplitError::NotArray),
                At::First if chunk[i] == b']' => {
                    self.at = At::End;
                    i += 1;
                }
                At::First | At::Next if matches!(chunk[i], b',' | b']') => {
                    return Err(SplitError::Syntax(format!(
                        "expected a record, found {:?} at byte {}",
                        chunk[i] as char,
                        self.offset + i
                    )));
                }
                At::First | At::Next => {
                    self.start = self.text.len();
                    self.depth = 0;
                    self.in_string = false;
                    self.escaped = false;
                    self.at = At::Record;
                }
                At::After => {
                    match chunk[i] {
                        b',' => self.at = At::Next,
                        b']' => self.at = At::End,
                        b => {
                            return Err(SplitError::Syntax(format!(
                                "expected ',' or ']' after record {}, found {:?} at byte {}",
                                self.records,
                                b as char,
                                self.offset + i
                            )));
                        }
                    }
                    i += 1;
                }
                At::End => {
                    return Err(SplitError::Syntax(format!(
                        "text after the end of the array, at byte {}",
                        self.offset + i
                    )));
                }
            }
        }
        self.offset += n;
        Ok(())
    }

    /// Follow the record in progress from `chunk[*i]`; true when it ended (at `*i`, exclusive).
    fn scan(&mut self, chunk: &[u8], i: &mut usize) -> bool {
        let n = chunk.len();
        while *i < n {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                    *i += 1;
                    continue;
                }
                match memchr::memchr2(b'"', b'\\', &chunk[*i..]) {
                    None => {
                        *i = n;
                        return false;
                    }
                    Some(k) => {
                        let b = chunk[*i + k];
                        *i += k + 1;
                        if b == b'\\' {
                            self.escaped = true;
                        } else {
                            self.in_string = false;
                            if self.depth == 0 {
                                return true;
                            }
                        }
                    }
                }
                continue;
            }
            match chunk[*i] {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' if self.depth > 0 => {
                    self.depth -= 1;
                    if self.depth == 0 {
                        *i += 1;
                        return true;
                    }
                }
                // The end of a number, `true`, `false` or `null` at the top (or of something
                // broken, which serde_json refuses).
                b'}' | b']' | b',' if self.depth == 0 => return true,
                b if self.depth == 0 && is_ws(b) => return true,
                _ => {}
            }
            *i += 1;
        }
        false
    }

    /// The end of the body: an error unless the array was closed.
    pub fn finish(&self) -> Result<(), SplitError> {
        match self.at {
            At::End => Ok(()),
            At::Start => Err(SplitError::NotArray),
            _ => Err(SplitError::Syntax(format!(
                "the body ends before the array is closed, after {} records ({} bytes)",
                self.records, self.offset
            ))),
        }
    }

    /// The complete records found so far, decoded; the one in progress stays.
    pub fn take_batch(&mut self) -> Result<Batch, String> {
        // Every batch's text in one allocation of one size (no regrowing, and the allocator
        // reuses the same blocks instead of keeping fragments of every size).
        let mut text = std::mem::replace(&mut self.text, Vec::with_capacity(2 * BATCH_BYTES));
        if self.at == At::Record {
            self.text.extend_from_slice(&text[self.start..]);
            text.truncate(self.start);
            self.start = 0;
        }
        let spans = std::mem::take(&mut self.spans);
        let mut records = Vec::with_capacity(spans.len());
        let mut digests = Vec::new();
        let mut fields = self.wanted.clone().map(FieldTexts::new);
        let mut scratch = identity::Scratch::default();
        for s in &spans {
            let read =
                match &mut fields {
                    None => serde_json::from_slice::<Value>(&text[s.clone()]),
                    Some(fields) => identity::read_record(&text[s.clone()], &mut scratch, fields)
                        .map(|read| match read {
                            identity::Read::Fields(d) => {
                                digests.push(d);
                                Value::Null
                            }
                            identity::Read::Whole(d, v) => {
                                digests.push(d);
                                v
                            }
                        }),
                };
            match read {
                Ok(v) => records.push(v),
                Err(e) => {
                    return Err(format!(
                        "not JSON (record {}: {e})",
                        self.taken + records.len() as u64 + 1
                    ));
                }
            }
        }
        drop(scratch);
        self.taken += records.len() as u64;
        Ok(Batch {
            records,
            spans,
            text,
            digests,
            fields,
        })
    }
}

/// The records of a whole body that is a top-level JSON array, each with the span of its
/// original text (what [`Fetcher`] does while a page streams, on a body held in memory).
/// Anything else gets [`decode_records`]'s message.
pub fn decode_array(body: &[u8]) -> Result<Batch, String> {
    let mut split = Splitter::default();
    match split.feed(body).and_then(|()| split.finish()) {
        Ok(()) => split.take_batch(),
        Err(SplitError::NotArray) => Err(match decode_records(body, None) {
            Ok(_) => "expected a JSON array of records".to_string(),
            Err(reason) => reason,
        }),
        Err(SplitError::Syntax(m)) => Err(format!("not JSON ({m})")),
    }
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
        let batch = decode_array(body).unwrap();
        assert_eq!(batch.records.len(), 5);
        let texts: Vec<&[u8]> = (0..5).map(|i| batch.raw(i).unwrap()).collect();
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
        assert_eq!(batch.records[0]["a"], "\u{e9}");
        assert!(decode_array(b"[]").unwrap().records.is_empty());
        // A broken array is refused whole, never a partial page.
        for bad in [
            &b"[1,]"[..],
            b"[1 2]",
            b"[1] x",
            b"[{\"a\":}]",
            b"[1,2",
            b"[{\"a\":1}{\"b\":2}]",
            b"[\"a\\\"]",
            b"[,1]",
            b"[1}",
        ] {
            let e = decode_array(bad).unwrap_err();
            assert!(e.starts_with("not JSON ("), "{e}");
            assert!(decode_records(bad, None).is_err());
        }
        // Not an array at all: the message says what it is.
        for other in [&b"{}"[..], b"", b"  ", b"<html>", b"12"] {
            assert_eq!(
                decode_array(other).unwrap_err(),
                decode_records(other, None).unwrap_err()
            );
        }
    }

    /// Feed `body` in parts cut at `cuts`, taking a batch after each part (records in
    /// progress move into the next batch); each record's kept text parses to the record.
    fn split_in_parts(body: &[u8], cuts: &[usize]) -> Result<Vec<Value>, String> {
        let mut points: Vec<usize> = cuts.iter().map(|c| c % (body.len() + 1)).collect();
        points.sort_unstable();
        points.push(body.len());
        let mut split = Splitter::default();
        let mut out = Vec::new();
        let mut check = |b: Batch| {
            for (i, r) in b.records.iter().enumerate() {
                let text = b.raw(i).expect("a span per record");
                assert_eq!(&serde_json::from_slice::<Value>(text).unwrap(), r);
            }
            out.extend(b.records);
        };
        let mut last = 0;
        for p in points {
            split.feed(&body[last..p]).map_err(|e| format!("{e:?}"))?;
            last = p;
            check(split.take_batch()?);
        }
        split.finish().map_err(|e| format!("{e:?}"))?;
        check(split.take_batch()?);
        Ok(out)
    }

    fn arb_json() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            "-?(0|[1-9][0-9]{0,25})(\\.[0-9]{1,4})?([eE][+-]?[0-9]{1,3})?"
                .prop_map(|n| serde_json::from_str::<Value>(&n).unwrap()),
            "[a-z\"\\\\/\n\t\u{1}\u{e9}\u{1F600}\\]\\[{},: ]{0,8}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 40, 5, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::from),
                proptest::collection::vec(("[a-z\"\\\\\\]{}]{0,4}", inner), 0..5)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        /// Whatever the cuts of the body, the records are serde_json's, each with its text.
        #[test]
        fn splitting_agrees_with_serde_json(
            records in proptest::collection::vec(arb_json(), 0..6),
            pretty: bool,
            cuts in proptest::collection::vec(0usize..4096, 0..6),
        ) {
            let body = if pretty {
                serde_json::to_vec_pretty(&records).unwrap()
            } else {
                serde_json::to_vec(&records).unwrap()
            };
            proptest::prop_assert_eq!(split_in_parts(&body, &cuts), Ok(records));
        }

        /// A damaged body is accepted exactly when serde_json accepts it, with its records.
        #[test]
        fn damaged_bodies_are_refused_like_serde_json(
            records in proptest::collection::vec(arb_json(), 0..5),
            edits in proptest::collection::vec(
                (0usize..4096, 0usize..3, proptest::sample::select(
                    &b"\"\\,[]{}: 1xe-.\n"[..])), 1..3),
            cuts in proptest::collection::vec(0usize..4096, 0..4),
        ) {
            let mut body = serde_json::to_vec(&records).unwrap();
            for (at, kind, b) in edits {
                let at = at % (body.len() + 1);
                match kind {
                    0 => body.insert(at, b),
                    1 if at < body.len() => body[at] = b,
                    _ if at < body.len() => { body.remove(at); }
                    _ => {}
                }
            }
            let serde = serde_json::from_slice::<Value>(&body)
                .ok()
                .and_then(|v| v.as_array().cloned());
            proptest::prop_assert_eq!(split_in_parts(&body, &cuts).ok(), serde, "{}",
                String::from_utf8_lossy(&body));
        }
    }

    /// A page far above [`BATCH_BYTES`] is handed on in parts while it arrives (memory does
    /// not follow the page size); each record is read from its text, with its digest.
    #[tokio::test]
    async fn a_large_page_is_handed_on_in_parts_while_it_streams() {
        use wiremock::matchers::any;
        use wiremock::{Mock, MockServer, ResponseTemplate};
        let records: Vec<Value> = (0..40_000)
            .map(|i| json!({"id": i, "pad": "é\"x".repeat(20), "n": [1.50, i]}))
            .collect();
        let body = serde_json::to_vec_pretty(&records).unwrap();
        assert!(body.len() > 8 * BATCH_BYTES);
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        let fetcher = std::sync::Arc::new(Fetcher {
            client: crate::platform::hub::hub_client(std::time::Duration::from_secs(30)).unwrap(),
            authorization: None,
            retry: RetryPolicy::default(),
            label: "i/r".into(),
            records_path: None,
            redactor: Redactor::default(),
            max_page_bytes: 64 << 20,
            page_size: None,
            max_pages: 10,
            wanted: Some(vec!["id".to_string()].into()),
            timeout: std::time::Duration::from_secs(30),
            tally: None,
        });
        let mut feed = fetcher.feed(Url::parse(&server.uri()).unwrap(), &Cancel::default());
        let (mut batches, mut got) = (0, Vec::new());
        loop {
            match feed.next().await {
                Item::Fetching(_) | Item::PageEnd => {}
                Item::Records(b) => {
                    batches += 1;
                    assert!(b.text.len() < 2 * BATCH_BYTES, "{}", b.text.len());
                    for i in 0..b.len() {
                        let whole = b.whole(i);
                        let rec = b.record(i);
                        assert_eq!(
                            rec.key("id").and_then(|f| f.as_str().map(str::to_string)),
                            whole["id"].as_str().map(str::to_string)
                        );
                        assert!(matches!(rec, RecordRef::Fields(..)));
                        assert!(rec.key("pad").is_none(), "only the wanted fields");
                        assert_eq!(b.digest(i), identity::content_digest(&whole));
                        got.push(whole);
                    }
                }
                Item::Failed(e) => panic!("{e}"),
                Item::Done => break,
            }
        }
        assert!(batches >= 8, "{batches} batches");
        assert_eq!(got, records);
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
