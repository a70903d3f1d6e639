//! Where events go: JSON Lines (or pretty lines) on a buffered writer, forwarding of signed
//! platform notifications to a callback URL.
//!
//! Event (one JSON object per line, docs/design.md, "Events"):
//! `{"eventId","instanceId","elementKey","hubKey","objectType","objectId","eventType","date","pollDate","raw"}`.
//! Notification envelope (≤ 10 events per POST, in order per resource):
//! `{"message":{"eventId","instanceId","elementKey","events":[…without raw…],"raw":{"objectType","<resource>":[records],"events":[…]}}}`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::sync::Mutex;

use chrono::{DateTime, Datelike, SecondsFormat, Timelike, Utc};
use reqwest::header::{CONTENT_TYPE, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use super::PollError;
use super::cancel::Cancel;
use super::classify::EventType;
use super::pipeline::{self, Answer, Ended, Flow};
use super::retry::{self, Failure, RetryPolicy};
use super::sign;
use crate::platform::redact::{self, Redactor};

/// A boxed future (sinks are used as `&dyn Sink` across tasks).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What every event of one cycle of one resource shares.
#[derive(Debug, Clone)]
pub struct EmitContext {
    pub instance_id: String,
    pub element_key: String,
    pub hub_key: String,
    /// The resource name: the events' `objectType`.
    pub object_type: String,
    /// The cycle start, RFC 3339 UTC.
    pub poll_date: String,
    /// `"instanceId":…,"elementKey":…,"hubKey":…,"objectType":…,"objectId":` as JSON,
    /// written once for every event of the cycle.
    middle: Vec<u8>,
    /// The poll date as a JSON string.
    poll_date_json: Vec<u8>,
}

impl EmitContext {
    pub fn new(
        instance_id: &str,
        element_key: &str,
        hub_key: &str,
        object_type: &str,
        poll_date: &str,
    ) -> EmitContext {
        let mut middle = Vec::new();
        for (key, value) in [
            ("instanceId", instance_id),
            ("elementKey", element_key),
            ("hubKey", hub_key),
            ("objectType", object_type),
        ] {
            json_str(&mut middle, key);
            middle.push(b':');
            json_str(&mut middle, value);
            middle.push(b',');
        }
        middle.extend_from_slice(b"\"objectId\":");
        let mut poll_date_json = Vec::new();
        json_str(&mut poll_date_json, poll_date);
        EmitContext {
            instance_id: instance_id.to_string(),
            element_key: element_key.to_string(),
            hub_key: hub_key.to_string(),
            object_type: object_type.to_string(),
            poll_date: poll_date.to_string(),
            middle,
            poll_date_json,
        }
    }
}

/// `s` as a JSON string (serde_json's escapes).
fn json_str(out: &mut Vec<u8>, s: &str) {
    // Writing into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

/// One normalized event, borrowing its record from the page (no allocation for its id or
/// date: both are written straight into the output).
#[derive(Debug, Clone)]
pub struct Event<'r> {
    pub event_id: EventId,
    pub object_id: Option<Cow<'r, str>>,
    pub event_type: EventType,
    /// The record's updated time (or created); `None`: the poll date.
    pub date: Option<DateTime<Utc>>,
    /// The record: its original JSON text when known (written as `raw` byte for byte, line
    /// breaks between tokens removed), else its tree (re-serialized).
    pub raw: Raw<'r>,
}

pub use super::identity::EventId;
pub use super::record::Raw;

/// Append `d` as RFC 3339 UTC with only the sub-second digits that are there (`…:05Z`,
/// `…:05.678Z`).
fn push_rfc3339(out: &mut Vec<u8>, d: DateTime<Utc>) {
    if !(0..=9999).contains(&d.year()) {
        out.extend_from_slice(d.to_rfc3339_opts(SecondsFormat::AutoSi, true).as_bytes());
        return;
    }
    fn digits(out: &mut Vec<u8>, n: u32, width: u32) {
        for p in (0..width).rev() {
            out.push(b'0' + (n / 10u32.pow(p) % 10) as u8);
        }
    }
    // In 0..=9999: not negative.
    digits(out, d.year().unsigned_abs(), 4);
    out.push(b'-');
    digits(out, d.month(), 2);
    out.push(b'-');
    digits(out, d.day(), 2);
    out.push(b'T');
    digits(out, d.hour(), 2);
    out.push(b':');
    digits(out, d.minute(), 2);
    out.push(b':');
    digits(out, d.second(), 2);
    let ns = d.nanosecond() % 1_000_000_000;
    if ns == 0 {
    } else if ns.is_multiple_of(1_000_000) {
        out.push(b'.');
        digits(out, ns / 1_000_000, 3);
    } else if ns.is_multiple_of(1_000) {
        out.push(b'.');
        digits(out, ns / 1_000, 6);
    } else {
        out.push(b'.');
        digits(out, ns, 9);
    }
    out.push(b'Z');
}

/// RFC 3339 UTC with only the sub-second digits that are there (`…:05Z`, `…:05.678Z`).
pub struct Rfc3339(pub DateTime<Utc>);

impl std::fmt::Display for Rfc3339 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut text = Vec::with_capacity(32);
        push_rfc3339(&mut text, self.0);
        f.write_str(&String::from_utf8_lossy(&text))
    }
}

/// Append `e`'s record to `out` as JSON: its original text when known (line breaks between
/// tokens removed: one event per line, and in valid JSON a line break can only be
/// whitespace), else re-serialized.
fn write_raw(out: &mut Vec<u8>, e: &Event<'_>) -> serde_json::Result<()> {
    match e.raw {
        Raw::Text(text) if memchr::memchr2(b'\n', b'\r', text).is_some() => {
            out.extend(text.iter().filter(|b| !matches!(b, b'\n' | b'\r')));
        }
        Raw::Text(text) => out.extend_from_slice(text),
        Raw::Value(v) => serde_json::to_writer(&mut *out, v)?,
    }
    Ok(())
}

/// Append `e` without `raw` and without its closing brace:
/// `{"eventId":…,"instanceId":…,"elementKey":…,"hubKey":…,"objectType":…,"objectId":…,
/// "eventType":…,"date":…,"pollDate":…` — what serde_json writes for these fields, byte for
/// byte, with the fields every event of the cycle shares written once ([`EmitContext`]).
fn write_head(out: &mut Vec<u8>, ctx: &EmitContext, e: &Event<'_>) {
    out.extend_from_slice(b"{\"eventId\":\"");
    out.extend_from_slice(e.event_id.as_str().as_bytes());
    out.extend_from_slice(b"\",");
    out.extend_from_slice(&ctx.middle);
    match &e.object_id {
        Some(id) => json_str(out, id),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"eventType\":\"");
    out.extend_from_slice(e.event_type.as_str().as_bytes());
    out.extend_from_slice(b"\",\"date\":");
    match e.date {
        // Digits, `-`, `:`, `.`, `T`, `Z` and `+`: nothing to escape.
        Some(d) => {
            out.push(b'"');
            push_rfc3339(out, d);
            out.push(b'"');
        }
        None => out.extend_from_slice(&ctx.poll_date_json),
    }
    out.extend_from_slice(b",\"pollDate\":");
    out.extend_from_slice(&ctx.poll_date_json);
}

/// Append `e` as one JSON object to `out`, `raw` last.
fn write_event(out: &mut Vec<u8>, ctx: &EmitContext, e: &Event<'_>) -> serde_json::Result<()> {
    write_head(out, ctx, e);
    out.extend_from_slice(b",\"raw\":");
    write_raw(out, e)?;
    out.push(b'}');
    Ok(())
}

/// A delivery that stopped part-way: the first `accepted` events were taken by the receiver
/// before `error` (a notification split after a 413 whose first half went through).
#[derive(Debug)]
pub struct Undelivered {
    pub accepted: usize,
    pub error: PollError,
}

impl From<PollError> for Undelivered {
    fn from(error: PollError) -> Undelivered {
        Undelivered { accepted: 0, error }
    }
}

/// A destination for the events of a cycle. `deliver` returns once the events are written or
/// delivered (or fails); `flush` makes everything written so far durable for the consumer.
/// The cycle commits state only after both succeeded.
pub trait Sink: Send + Sync {
    fn deliver<'a>(
        &'a self,
        ctx: &'a EmitContext,
        events: &'a [Event<'a>],
        cancel: &'a Cancel,
    ) -> BoxFuture<'a, Result<(), Undelivered>>;

    fn flush(&self) -> BoxFuture<'_, Result<(), PollError>>;

    /// Where events go, for summaries ("stdout", "https://…").
    fn describe(&self) -> String;

    /// Does this sink forward (deliveries count as such in summaries)?
    fn forwards(&self) -> bool {
        false
    }
}

/// How events are written on a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineFormat {
    /// JSON Lines, one event per line.
    #[default]
    Jsonl,
    /// `date  TYPE  instance/resource  objectId` for people.
    Pretty,
}

type Output = std::io::BufWriter<Box<dyn Write + Send>>;

/// Events on a writer (stdout), buffered: no syscall per event. One batch is written under
/// one lock, so lines of concurrent resources never interleave.
pub struct WriterSink {
    /// The writer, and the buffer a batch is formatted in (reused).
    out: Mutex<(Output, Vec<u8>)>,
    format: LineFormat,
    name: String,
}

impl WriterSink {
    pub fn new(out: Box<dyn Write + Send>, format: LineFormat, name: &str) -> WriterSink {
        WriterSink {
            out: Mutex::new((
                std::io::BufWriter::with_capacity(64 * 1024, out),
                Vec::new(),
            )),
            format,
            name: name.to_string(),
        }
    }

    pub fn stdout(format: LineFormat) -> WriterSink {
        WriterSink::new(Box::new(std::io::stdout()), format, "stdout")
    }

    fn io_err(&self, e: std::io::Error) -> PollError {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            PollError::Output(format!("{} was closed (broken pipe)", self.name))
        } else {
            PollError::Output(format!("{}: {e}", self.name))
        }
    }

    fn write_batch(&self, ctx: &EmitContext, events: &[Event<'_>]) -> Result<(), PollError> {
        let mut guard = self
            .out
            .lock()
            .map_err(|_| PollError::Output("output lock poisoned".into()))?;
        let (out, buf) = &mut *guard;
        buf.clear();
        for e in events {
            match self.format {
                LineFormat::Jsonl => {
                    write_event(buf, ctx, e).map_err(|e| self.io_err(std::io::Error::other(e)))?;
                    buf.push(b'\n');
                }
                LineFormat::Pretty => writeln!(
                    buf,
                    "{}  {:<8} {}/{}  {}",
                    DisplayDate(e.date, &ctx.poll_date),
                    e.event_type.as_str(),
                    ctx.instance_id,
                    ctx.object_type,
                    e.object_id.as_deref().unwrap_or("-")
                )
                .map_err(|e| self.io_err(e))?,
            }
            // Written on in slices (a huge page's events are not all held at once); the lock
            // is held for the whole batch, so its lines still come together.
            if buf.len() >= 1 << 20 {
                out.write_all(buf).map_err(|e| self.io_err(e))?;
                buf.clear();
            }
        }
        out.write_all(buf).map_err(|e| self.io_err(e))?;
        buf.clear();
        Ok(())
    }
}

impl Sink for WriterSink {
    fn deliver<'a>(
        &'a self,
        ctx: &'a EmitContext,
        events: &'a [Event<'a>],
        _cancel: &'a Cancel,
    ) -> BoxFuture<'a, Result<(), Undelivered>> {
        Box::pin(async move { Ok(self.write_batch(ctx, events)?) })
    }

    fn flush(&self) -> BoxFuture<'_, Result<(), PollError>> {
        Box::pin(async move {
            let mut guard = self
                .out
                .lock()
                .map_err(|_| PollError::Output("output lock poisoned".into()))?;
            guard.0.flush().map_err(|e| self.io_err(e))
        })
    }

    fn describe(&self) -> String {
        self.name.clone()
    }
}

struct DisplayDate<'a>(Option<DateTime<Utc>>, &'a str);
impl std::fmt::Display for DisplayDate<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(d) => Rfc3339(d).fmt(f),
            None => f.write_str(self.1),
        }
    }
}

/// Which signature headers a forwarded notification carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignatureScheme {
    /// `Elements-Webhook-Signature: sha256=<base64(HMAC-SHA256(key, body))>`.
    #[default]
    Elements,
    /// `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>` over `id.ts.body`.
    StandardWebhooks,
}

/// The `user-agent` of forwarded notifications.
const USER_AGENT: &str = concat!("pollctl/", env!("CARGO_PKG_VERSION"));

/// At most this many events per notification (the platform's limit for polling).
pub const MAX_EVENTS_PER_NOTIFICATION: usize = 10;

/// Where one instance's notifications go.
#[derive(Clone)]
pub struct Route {
    pub url: String,
    /// The signature key, if any.
    pub key: Option<SecretString>,
}

impl std::fmt::Debug for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Route")
            .field("url", &redact::url(&self.url))
            .field("key", &self.key.as_ref().map(|_| redact::REDACTED))
            .finish()
    }
}

/// Notifications one resource may have on the wire before the first is answered, unless
/// `--in-flight` says otherwise. The default is one at a time: it keeps the delivery promise
/// whole (a later notification is never sent before an earlier one was accepted, and nothing
/// accepted is sent again after another's failure). `benches/compare.sh` (1M events to nginx
/// on loopback): one at a time about 184k events/s on pollctl's own connection (answers
/// awaited by polling the socket, `super::spin`); `--in-flight 16` about 360k, the user's
/// choice for receivers that drop repeats by `eventId` (docs/delivery.md).
pub const DEFAULT_IN_FLIGHT: usize = 1;

/// POSTs the platform's notification envelope to each instance's callback URL, in order,
/// with retries; redirects are not followed. Through [`ForwardSink::pipelined`]: up to
/// `in_flight` notifications (1 by default) written on one HTTP/1.1 connection per resource
/// before the first answer ([`super::pipeline`]); for a receiver a proxy would carry (the
/// proxy variables, `NO_PROXY` included), one at a time through the HTTP client, which
/// honours them.
pub struct ForwardSink {
    client: reqwest::Client,
    /// By instance id; `fallback` for instances not listed.
    routes: HashMap<String, Prepared>,
    fallback: Option<Prepared>,
    scheme: SignatureScheme,
    retry: RetryPolicy,
    in_flight: usize,
    timeout: std::time::Duration,
    /// Idle pipelined connections, by URL.
    pool: Mutex<HashMap<String, Vec<pipeline::Conn>>>,
    /// Counted for `--metrics-listen`.
    metrics: Option<std::sync::Arc<super::metrics::Metrics>>,
}

/// A route with what every notification to it needs, worked out once: the URL as shown in
/// messages, the redactor of its secrets, and the decoded Standard Webhooks key.
struct Prepared {
    route: Route,
    shown: String,
    redactor: Redactor,
    /// With Standard Webhooks: the decoded `whsec_` key, or why it does not decode.
    sw_key: Result<Option<secrecy::SecretSlice<u8>>, String>,
    /// Pipelined forwarding: the connection target, or why the URL cannot be one.
    target: Option<Result<pipeline::Target, String>>,
    /// Set once the receiver showed that it reads one request per connection.
    one_per_connection: std::sync::atomic::AtomicBool,
}

impl Prepared {
    fn new(route: Route, scheme: SignatureScheme) -> Prepared {
        let mut redactor = Redactor::default();
        redactor.add_url_userinfo(&route.url);
        if let Some(k) = &route.key {
            redactor.add(k.expose_secret());
        }
        let sw_key = match (scheme, &route.key) {
            (SignatureScheme::StandardWebhooks, Some(k)) => {
                sign::standard_webhooks_key(k.expose_secret())
                    .map(|b| Some(b.into()))
                    .map_err(|e| e.to_string())
            }
            _ => Ok(None),
        };
        Prepared {
            shown: redact::url(&route.url),
            redactor,
            sw_key,
            target: None,
            one_per_connection: std::sync::atomic::AtomicBool::new(false),
            route,
        }
    }
}

impl ForwardSink {
    /// Every instance to `url`. The client must not follow redirects
    /// ([`crate::platform::hub::forward_client`]).
    pub fn new(
        client: reqwest::Client,
        url: &str,
        key: Option<SecretString>,
        scheme: SignatureScheme,
        retry: RetryPolicy,
    ) -> ForwardSink {
        ForwardSink {
            client,
            routes: HashMap::new(),
            fallback: Some(Prepared::new(
                Route {
                    url: url.to_string(),
                    key,
                },
                scheme,
            )),
            scheme,
            retry,
            in_flight: 1,
            timeout: std::time::Duration::from_secs(30),
            pool: Mutex::default(),
            metrics: None,
        }
    }

    /// One route per instance id (e.g. each instance's `event.notification.callback.url`).
    pub fn with_routes(
        client: reqwest::Client,
        routes: HashMap<String, Route>,
        scheme: SignatureScheme,
        retry: RetryPolicy,
    ) -> ForwardSink {
        let routes = routes
            .into_iter()
            .map(|(id, r)| (id, Prepared::new(r, scheme)))
            .collect();
        ForwardSink {
            client,
            routes,
            fallback: None,
            scheme,
            retry,
            in_flight: 1,
            timeout: std::time::Duration::from_secs(30),
            pool: Mutex::default(),
            metrics: None,
        }
    }

    /// Up to `in_flight` notifications of one resource on the wire at once (1: one at a
    /// time), on pollctl's own HTTP/1.1 connection per resource; `timeout`: the longest wait
    /// for each answer.
    pub fn pipelined(
        mut self,
        in_flight: usize,
        timeout: std::time::Duration,
        proxied: impl Fn(&str) -> bool,
    ) -> ForwardSink {
        self.in_flight = in_flight.max(1);
        self.timeout = timeout;
        let mut tls: Option<Result<std::sync::Arc<rustls::ClientConfig>, String>> = None;
        let mut tls_config = || {
            tls.get_or_insert_with(|| {
                use rustls_platform_verifier::ConfigVerifierExt;
                crate::platform::install_crypto_provider();
                let mut c = rustls::ClientConfig::with_platform_verifier()
                    .map_err(|e| format!("TLS set-up: {e}"))?;
                c.alpn_protocols = vec![b"http/1.1".to_vec()];
                Ok(std::sync::Arc::new(c))
            })
            .clone()
        };
        // Every route's reads counted together: a read spins only when it is alone.
        let readers = super::spin::Readers::default();
        for p in self.routes.values_mut().chain(self.fallback.as_mut()) {
            // A proxy would carry it: one at a time through the HTTP client, which honours
            // the proxy variables.
            if proxied(&p.route.url) {
                continue;
            }
            p.target = Some(
                url::Url::parse(&p.route.url)
                    .map_err(|e| format!("not a valid URL: {e}"))
                    .and_then(|u| pipeline::Target::new(&u, USER_AGENT, &mut tls_config))
                    .map(|t| t.sharing(&readers)),
            );
        }
        self
    }

    /// Routes a proxy carries (one notification at a time through the HTTP client).
    pub fn proxied_routes(&self) -> usize {
        self.routes
            .values()
            .chain(self.fallback.as_ref())
            .filter(|p| p.target.is_none())
            .count()
    }

    /// Check every route's signature key before the first request: with Standard Webhooks,
    /// a `whsec_` key that does not decode is an error naming the instance (not the key).
    pub fn check_keys(&self) -> Result<(), String> {
        let mut routes: Vec<(&str, &Prepared)> =
            self.routes.iter().map(|(id, r)| (id.as_str(), r)).collect();
        routes.sort_by_key(|(id, _)| *id);
        let fallback = self.fallback.iter().map(|r| ("--forward-to", r));
        for (who, p) in routes.into_iter().chain(fallback) {
            if let Err(e) = &p.sw_key {
                return Err(format!("instance {who}: {e}"));
            }
            if let Some(Err(e)) = &p.target {
                return Err(format!("instance {who}: forwarding URL {:?}: {e}", p.shown));
            }
        }
        Ok(())
    }

    /// Count notifications, failures and retries in `metrics`.
    pub fn with_metrics(
        mut self,
        metrics: Option<std::sync::Arc<super::metrics::Metrics>>,
    ) -> Self {
        self.metrics = metrics;
        self
    }

    fn route(&self, instance_id: &str) -> Option<&Prepared> {
        self.routes.get(instance_id).or(self.fallback.as_ref())
    }

    async fn post(
        &self,
        ctx: &EmitContext,
        chunk: &[Event<'_>],
        cancel: &Cancel,
    ) -> Result<(), PostError> {
        let Some(route) = self.route(&ctx.instance_id) else {
            return Err(PostError::Other(PollError::Config(format!(
                "{}: no forwarding URL for this instance",
                ctx.instance_id
            ))));
        };
        let id = notification_id(chunk);
        let body = envelope(ctx, &id, chunk)
            .map_err(|e| PostError::Other(PollError::Output(e.to_string())))?;
        let body = bytes::Bytes::from(body);
        let elements_sig = match (self.scheme, &route.route.key) {
            (SignatureScheme::Elements, Some(k)) => Some(sign::elements_signature(
                k.expose_secret().as_bytes(),
                &body,
            )),
            _ => None,
        };
        let sw_key = route
            .sw_key
            .as_ref()
            .map_err(|e| PollError::Config(format!("{}: {e}", ctx.instance_id)))?;
        let shown = &route.shown;
        let what = format!("POST {shown}");
        let result = retry::send(&self.retry, &what, &route.redactor, None, cancel, || {
            let mut req = self
                .client
                .post(&route.route.url)
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .header("Elements-Webhook-Id", id.as_str())
                .body(body.clone());
            if let Some(sig) = &elements_sig {
                req = req.header("Elements-Webhook-Signature", sig.as_str());
            }
            if self.scheme == SignatureScheme::StandardWebhooks {
                // The timestamp is the attempt's, refreshed on every retry.
                let ts = chrono::Utc::now().timestamp();
                req = req
                    .header("webhook-id", id.as_str())
                    .header("webhook-timestamp", ts.to_string());
                if let Some(k) = sw_key {
                    req = req.header(
                        "webhook-signature",
                        sign::standard_webhooks_signature(k.expose_secret(), &id, ts, &body),
                    );
                }
            }
            req
        })
        .await;
        if let Some(m) = &self.metrics {
            let (accepted, attempts) = match &result {
                Ok(reply) => (true, reply.attempts),
                Err(f) => (false, f.attempts()),
            };
            m.post(&ctx.instance_id, &ctx.object_type, accepted, attempts);
        }
        match result {
            Ok(_) => Ok(()),
            Err(Failure::Interrupted) => Err(PostError::Other(PollError::Interrupted)),
            Err(f) => {
                let too_large = matches!(&f, Failure::Status { status, .. }
                    if *status == reqwest::StatusCode::PAYLOAD_TOO_LARGE);
                let e = delivery_error(ctx, shown, f);
                Err(if too_large {
                    PostError::TooLarge(e)
                } else {
                    PostError::Other(e)
                })
            }
        }
    }

    /// A notification that failed for good after `attempts` requests, for `--metrics-listen`.
    fn count_failure(&self, ctx: &EmitContext, attempts: u32) {
        if let Some(m) = &self.metrics {
            m.post(&ctx.instance_id, &ctx.object_type, false, attempts);
            m.delivery_failed(&ctx.instance_id, &ctx.object_type);
        }
    }

    fn pool_take(&self, url: &str) -> Option<pipeline::Conn> {
        let mut c = self.pool.lock().ok()?.get_mut(url)?.pop()?;
        c.reused = true;
        Some(c)
    }

    fn pool_put(&self, url: &str, c: pipeline::Conn) {
        if let Ok(mut pool) = self.pool.lock() {
            let idle = pool.entry(url.to_string()).or_default();
            if idle.len() < 16 {
                idle.push(c);
            }
        }
    }

    /// Append the request for `chunk` to `out`: the route's fixed head, length, id and
    /// signature headers (the signature over the final body bytes, computed once), the body.
    /// `body` is a buffer reused between notifications.
    #[allow(clippy::too_many_arguments)]
    fn write_request(
        &self,
        route: &Prepared,
        target: &pipeline::Target,
        sw_key: &Option<secrecy::SecretSlice<u8>>,
        ctx: &EmitContext,
        chunk: &[Event<'_>],
        body: &mut Vec<u8>,
        out: &mut Vec<u8>,
    ) -> Result<(), PollError> {
        let id = notification_id(chunk);
        body.clear();
        envelope_into(body, ctx, &id, chunk).map_err(|e| PollError::Output(e.to_string()))?;
        out.extend_from_slice(target.head());
        // Writing to a Vec cannot fail.
        let _ = write!(
            out,
            "content-length: {}\r\nelements-webhook-id: {id}\r\n",
            body.len()
        );
        match (self.scheme, &route.route.key) {
            (SignatureScheme::Elements, Some(k)) => {
                out.extend_from_slice(b"elements-webhook-signature: ");
                out.extend_from_slice(
                    sign::elements_signature(k.expose_secret().as_bytes(), body).as_bytes(),
                );
                out.extend_from_slice(b"\r\n");
            }
            (SignatureScheme::StandardWebhooks, _) => {
                // The timestamp is the attempt's: a re-sent notification gets a fresh one.
                let ts = chrono::Utc::now().timestamp();
                let _ = write!(out, "webhook-id: {id}\r\nwebhook-timestamp: {ts}\r\n");
                if let Some(k) = sw_key {
                    out.extend_from_slice(b"webhook-signature: ");
                    out.extend_from_slice(
                        sign::standard_webhooks_signature(k.expose_secret(), &id, ts, body)
                            .as_bytes(),
                    );
                    out.extend_from_slice(b"\r\n");
                }
            }
            (SignatureScheme::Elements, None) => {}
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(body);
        Ok(())
    }

    /// `events` to `route`, up to `in_flight` notifications on one connection before the
    /// first answer. A notification that fails (an error status, a broken connection, no
    /// answer in time) is sent again after the back-off, and every notification written
    /// after it is sent again behind it, in order: the receiver may have taken some of them
    /// already (docs/delivery.md, "Forwarding"). Returns how many events, from the start,
    /// the receiver accepted when it stops.
    async fn deliver_pipelined(
        &self,
        route: &Prepared,
        target: &pipeline::Target,
        ctx: &EmitContext,
        events: &[Event<'_>],
        cancel: &Cancel,
    ) -> Result<(), Undelivered> {
        let sw_key = route
            .sw_key
            .as_ref()
            .map_err(|e| PollError::Config(format!("{}: {e}", ctx.instance_id)))?;
        let url = route.route.url.as_str();
        let mut batches: Vec<&[Event<'_>]> = events.chunks(MAX_EVENTS_PER_NOTIFICATION).collect();
        // Notifications answered 2xx, the events in them, failed tries of the next one.
        let (mut acked, mut accepted, mut attempts) = (0usize, 0usize, 0u32);
        let interrupted = |accepted| Undelivered {
            accepted,
            error: PollError::Interrupted,
        };
        let mut pooled = self.pool_take(url);
        let mut body = Vec::new();
        // A receiver that closes the connection after one answer (an HTTP/1.0 server) gets
        // one notification per connection from then on, not a window it will not read.
        let one_at_a_time = &route.one_per_connection;
        let mut window = if one_at_a_time.load(std::sync::atomic::Ordering::Relaxed) {
            1
        } else {
            self.in_flight
        };
        'notifications: while acked < batches.len() {
            let (failure, retry_after) = 'attempt: {
                let mut conn = match pooled.take() {
                    Some(c) => c,
                    None => {
                        let connect = tokio::time::timeout(
                            self.timeout.min(std::time::Duration::from_secs(10)),
                            target.connect(),
                        );
                        let message = tokio::select! {
                            r = connect => match r {
                                Ok(Ok(c)) => Ok(c),
                                Ok(Err(e)) => Err(format!("cannot connect: {e}")),
                                Err(_) => Err("cannot connect: timed out".to_string()),
                            },
                            () = cancel.cancelled() => return Err(interrupted(accepted)),
                        };
                        match message {
                            Ok(c) => c,
                            Err(message) => {
                                let message = route.redactor.text(&message);
                                break 'attempt (Failure::Transport { message, attempts }, None);
                            }
                        }
                    }
                };
                let mut next = acked;
                let mut build_error = None;
                let mut refused: Option<Answer> = None;
                let ended = pipeline::exchange(
                    &mut conn,
                    window,
                    self.timeout,
                    cancel,
                    |out| {
                        if build_error.is_some() || next >= batches.len() {
                            return false;
                        }
                        match self.write_request(
                            route,
                            target,
                            sw_key,
                            ctx,
                            batches[next],
                            &mut body,
                            out,
                        ) {
                            Ok(()) => {
                                next += 1;
                                true
                            }
                            Err(e) => {
                                build_error = Some(e);
                                false
                            }
                        }
                    },
                    |a| {
                        if (200..300).contains(&a.status) {
                            if let Some(m) = &self.metrics {
                                m.post(&ctx.instance_id, &ctx.object_type, true, attempts + 1);
                            }
                            accepted += batches[acked].len();
                            acked += 1;
                            attempts = 0;
                            Flow::Continue
                        } else {
                            refused = Some(a);
                            Flow::Stop
                        }
                    },
                )
                .await;
                if let Some(error) = build_error {
                    return Err(Undelivered { accepted, error });
                }
                match ended {
                    Ended::Finished { reusable } => {
                        if reusable {
                            self.pool_put(url, conn);
                        }
                        continue 'notifications;
                    }
                    Ended::Interrupted => return Err(interrupted(accepted)),
                    // Answered, then closed (`Connection: close`): what was written behind
                    // was not read by the server; go on on a new connection.
                    Ended::ClosedByServer { answered } => {
                        if answered == 1 && !conn.reused && window > 1 {
                            window = 1;
                            one_at_a_time.store(true, std::sync::atomic::Ordering::Relaxed);
                            tracing::info!(
                                "POST {}: the receiver closes the connection after each answer; sending one notification per connection",
                                route.shown
                            );
                        }
                        continue 'notifications;
                    }
                    // An idle connection the server closed meanwhile: nothing was taken.
                    Ended::Broken { answered: 0, .. } if conn.reused => continue 'notifications,
                    Ended::Broken { error, .. } => {
                        let message = route.redactor.text(&format!("request failed: {error}"));
                        break 'attempt (Failure::Transport { message, attempts }, None);
                    }
                    Ended::TimedOut { .. } => {
                        let message = "timed out".to_string();
                        break 'attempt (Failure::Transport { message, attempts }, None);
                    }
                    // The answers behind the refused one were read: the connection is idle.
                    Ended::Stopped { reusable } => {
                        if reusable {
                            conn.reused = true;
                            pooled = Some(conn);
                        }
                    }
                }
                let Some(a) = refused else {
                    continue 'notifications;
                };
                // A notification the receiver refuses as too large (413) is split in halves,
                // in order, down to one event; one event refused is a delivery failure.
                if a.status == 413 && batches[acked].len() > 1 {
                    let part = batches[acked];
                    let (x, y) = part.split_at(part.len() / 2);
                    tracing::info!(
                        "{}/{}: the receiver refused {} events as too large (413); sending {} and {}",
                        ctx.instance_id,
                        ctx.object_type,
                        part.len(),
                        x.len(),
                        y.len()
                    );
                    batches.splice(acked..=acked, [x, y]);
                    continue 'notifications;
                }
                let status = reqwest::StatusCode::from_u16(a.status)
                    .unwrap_or(reqwest::StatusCode::BAD_GATEWAY);
                let snippet = route.redactor.text(&retry::snippet(&a.body));
                let failure = Failure::Status {
                    status,
                    snippet,
                    attempts,
                };
                if !retry::is_retryable(status) {
                    self.count_failure(ctx, attempts + 1);
                    return Err(Undelivered {
                        accepted,
                        error: delivery_error(ctx, &route.shown, count(failure, attempts + 1)),
                    });
                }
                let ra = a
                    .retry_after
                    .as_deref()
                    .and_then(|v| retry::parse_retry_after(v, std::time::SystemTime::now()));
                (failure, ra)
            };
            // Notification `acked` failed; it and every one after it go again.
            attempts += 1;
            let failure = count(failure, attempts);
            if attempts > self.retry.max_retries {
                self.count_failure(ctx, attempts);
                return Err(Undelivered {
                    accepted,
                    error: delivery_error(ctx, &route.shown, failure),
                });
            }
            let wait = self.retry.delay(attempts, retry_after);
            let wait_text = humantime::format_duration(std::time::Duration::from_millis(
                wait.as_millis().min(u128::from(u64::MAX)) as u64,
            ));
            match &failure {
                Failure::Status {
                    status, snippet, ..
                } => tracing::warn!(
                    "POST {}: {status}, retry {attempts}/{} in {wait_text}: {snippet}",
                    route.shown,
                    self.retry.max_retries
                ),
                Failure::Transport { message, .. } => tracing::warn!(
                    "POST {}: {message}, retry {attempts}/{} in {wait_text}",
                    route.shown,
                    self.retry.max_retries
                ),
                Failure::Interrupted | Failure::TooLarge { .. } => {}
            }
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = cancel.cancelled() => return Err(interrupted(accepted)),
            }
        }
        Ok(())
    }
}

/// `f` with its number of attempts set.
fn count(f: Failure, n: u32) -> Failure {
    match f {
        Failure::Status {
            status, snippet, ..
        } => Failure::Status {
            status,
            snippet,
            attempts: n,
        },
        Failure::Transport { message, .. } => Failure::Transport {
            message,
            attempts: n,
        },
        other => other,
    }
}

/// The id of the notification carrying `chunk`: a digest of its event ids (the same
/// notification sent again has the same id).
fn notification_id(chunk: &[Event<'_>]) -> String {
    let mut h = Sha256::new();
    for e in chunk {
        h.update(e.event_id.as_str().as_bytes());
    }
    hex::encode(&h.finalize()[..16])
}

/// A notification that could not be delivered, in words: the status and the first bytes of
/// the answer, or the transport error; the URL as shown (secrets redacted).
fn delivery_error(ctx: &EmitContext, shown: &str, f: Failure) -> PollError {
    let after = f.attempts_note();
    let message = match f {
        Failure::Status {
            status, snippet, ..
        } if status.is_redirection() => format!(
            "{status} (redirects are not followed when forwarding; use the final URL): {snippet}"
        ),
        Failure::Status {
            status, snippet, ..
        } => format!("{status}: {snippet}"),
        Failure::Transport { message, .. } => message,
        Failure::Interrupted => "interrupted".into(),
        Failure::TooLarge { limit, .. } => {
            format!("the response is larger than {limit} bytes")
        }
    };
    PollError::Delivery {
        resource: format!("{}/{}", ctx.instance_id, ctx.object_type),
        url: shown.to_string(),
        message,
        after,
    }
}

impl Sink for ForwardSink {
    fn deliver<'a>(
        &'a self,
        ctx: &'a EmitContext,
        events: &'a [Event<'a>],
        cancel: &'a Cancel,
    ) -> BoxFuture<'a, Result<(), Undelivered>> {
        Box::pin(async move {
            if let Some(route) = self.route(&ctx.instance_id) {
                match &route.target {
                    Some(Ok(target)) => {
                        return self
                            .deliver_pipelined(route, target, ctx, events, cancel)
                            .await;
                    }
                    Some(Err(e)) => {
                        return Err(PollError::Config(format!(
                            "{}: forwarding URL {:?}: {e}",
                            ctx.instance_id, route.shown
                        ))
                        .into());
                    }
                    None => {}
                }
            }
            // Events taken by the receiver so far, in order: parts go out first half first.
            let mut accepted = 0;
            for chunk in events.chunks(MAX_EVENTS_PER_NOTIFICATION) {
                // A notification the receiver refuses as too large (413) is split in halves,
                // in order, down to one event; one event refused is a delivery failure.
                let mut pending: Vec<&[Event<'_>]> = vec![chunk];
                while let Some(part) = pending.pop() {
                    match self.post(ctx, part, cancel).await {
                        Ok(()) => accepted += part.len(),
                        Err(PostError::TooLarge(_)) if part.len() > 1 => {
                            let (a, b) = part.split_at(part.len() / 2);
                            tracing::info!(
                                "{}/{}: the receiver refused {} events as too large (413); sending {} and {}",
                                ctx.instance_id,
                                ctx.object_type,
                                part.len(),
                                a.len(),
                                b.len()
                            );
                            pending.push(b);
                            pending.push(a);
                        }
                        Err(PostError::TooLarge(error) | PostError::Other(error)) => {
                            if let Some(m) = &self.metrics
                                && !matches!(error, PollError::Interrupted)
                            {
                                m.delivery_failed(&ctx.instance_id, &ctx.object_type);
                            }
                            return Err(Undelivered { accepted, error });
                        }
                    }
                }
            }
            Ok(())
        })
    }

    fn flush(&self) -> BoxFuture<'_, Result<(), PollError>> {
        Box::pin(async { Ok(()) })
    }

    fn describe(&self) -> String {
        match (&self.fallback, self.routes.len()) {
            (Some(r), _) => r.shown.clone(),
            (None, 1) => self.routes.values().map(|r| r.shown.clone()).collect(),
            (None, n) => format!("{n} callback URLs"),
        }
    }

    fn forwards(&self) -> bool {
        true
    }
}

/// Why a notification was not delivered.
enum PostError {
    /// 413: the receiver refuses this many events at once.
    TooLarge(PollError),
    Other(PollError),
}

impl From<PollError> for PostError {
    fn from(e: PollError) -> PostError {
        PostError::Other(e)
    }
}

/// The notification `{"message":{…}}` for `events`, written straight from the borrowed events
/// (the records' original text spliced in).
fn envelope(ctx: &EmitContext, id: &str, events: &[Event<'_>]) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(1024 * events.len().max(1));
    envelope_into(&mut out, ctx, id, events)?;
    Ok(out)
}

/// [`envelope`], appended to `o` (a buffer reused from one notification to the next).
fn envelope_into(
    o: &mut Vec<u8>,
    ctx: &EmitContext,
    id: &str,
    events: &[Event<'_>],
) -> serde_json::Result<()> {
    let key = |o: &mut Vec<u8>, k: &str| -> serde_json::Result<()> {
        serde_json::to_writer(&mut *o, k)?;
        o.push(b':');
        Ok(())
    };
    let records = |o: &mut Vec<u8>| -> serde_json::Result<()> {
        o.push(b'[');
        for (i, e) in events.iter().enumerate() {
            if i > 0 {
                o.push(b',');
            }
            write_raw(o, e)?;
        }
        o.push(b']');
        Ok(())
    };
    o.extend_from_slice(b"{\"message\":{\"eventId\":");
    serde_json::to_writer(&mut *o, id)?;
    o.extend_from_slice(b",\"instanceId\":");
    serde_json::to_writer(&mut *o, &ctx.instance_id)?;
    o.extend_from_slice(b",\"elementKey\":");
    serde_json::to_writer(&mut *o, &ctx.element_key)?;
    o.extend_from_slice(b",\"events\":");
    // Written once; a second copy (under `raw`) is copied from these bytes.
    let start = o.len();
    o.push(b'[');
    for (i, e) in events.iter().enumerate() {
        if i > 0 {
            o.push(b',');
        }
        write_head(o, ctx, e);
        o.push(b'}');
    }
    o.push(b']');
    let normalized = start..o.len();
    o.extend_from_slice(b",\"raw\":{\"objectType\":");
    serde_json::to_writer(&mut *o, &ctx.object_type)?;
    o.push(b',');
    match ctx.object_type.as_str() {
        // A resource named `events` (Egnyte's): its records take the key; the normalized
        // events are in `message.events` already.
        "events" => {
            key(o, "events")?;
            records(o)?;
        }
        "objectType" => {
            key(o, "events")?;
            o.extend_from_within(normalized);
        }
        name => {
            key(o, name)?;
            records(o)?;
            o.extend_from_slice(b",\"events\":");
            o.extend_from_within(normalized);
        }
    }
    o.extend_from_slice(b"}}}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use serde_json::{Value, json};

    /// An event as serde_json writes it (what [`write_head`] writes by hand).
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct EventJson<'a> {
        event_id: &'a str,
        instance_id: &'a str,
        element_key: &'a str,
        hub_key: &'a str,
        object_type: &'a str,
        object_id: Option<&'a str>,
        event_type: &'static str,
        date: String,
        poll_date: &'a str,
        raw: &'a Value,
    }

    /// The hand-written event line is serde_json's, byte for byte: escapes in every shared
    /// field and in the object id, no object id, the poll date as date, dates of every
    /// precision and years outside 0–9999.
    #[test]
    fn event_lines_are_what_serde_json_writes() {
        let rec = json!({"id": "x", "n": [1, {"b": null}]});
        let names = ["42", "t\"ab\\le\u{1}", "é ünïcode", "\u{2028}"];
        let dates = [
            None,
            Some("2024-01-02T03:04:05Z"),
            Some("2024-01-02T03:04:05.678Z"),
            Some("2024-01-02T03:04:05.000678Z"),
            Some("0001-01-02T03:04:05.000000001Z"),
            Some("+12024-01-02T03:04:05.5Z"),
            Some("-0044-03-15T12:00:00Z"),
        ];
        for (n, name) in names.iter().enumerate() {
            let c = EmitContext::new(
                name,
                "egnyte",
                names[(n + 1) % 4],
                names[(n + 2) % 4],
                "2024-01-02T03:05:00.123Z",
            );
            for date in dates {
                for object_id in [None, Some(*name), Some("plain")] {
                    let d: Option<DateTime<Utc>> = date.map(|d| d.parse().unwrap());
                    let e = Event {
                        event_id: event_id("x", EventType::Deleted, &rec),
                        object_id: object_id.map(Cow::Borrowed),
                        event_type: EventType::Deleted,
                        date: d,
                        raw: Raw::Value(&rec),
                    };
                    let mut got = Vec::new();
                    write_event(&mut got, &c, &e).unwrap();
                    let want = serde_json::to_vec(&EventJson {
                        event_id: e.event_id.as_str(),
                        instance_id: &c.instance_id,
                        element_key: &c.element_key,
                        hub_key: &c.hub_key,
                        object_type: &c.object_type,
                        object_id,
                        event_type: "DELETED",
                        date: d.map_or(c.poll_date.clone(), |d| {
                            d.to_rfc3339_opts(SecondsFormat::AutoSi, true)
                        }),
                        poll_date: &c.poll_date,
                        raw: &rec,
                    })
                    .unwrap();
                    assert_eq!(
                        String::from_utf8_lossy(&got),
                        String::from_utf8_lossy(&want)
                    );
                }
            }
        }
    }

    fn event_id(object_id: &str, t: EventType, rec: &Value) -> EventId {
        crate::poll::identity::of_record("i", "r", Some(object_id), t, None, rec)
    }

    fn ctx(resource: &str) -> EmitContext {
        EmitContext::new(
            "42",
            "egnyte",
            "documents",
            resource,
            "2024-01-02T03:05:00Z",
        )
    }

    #[test]
    fn rfc3339_keeps_only_the_digits_there() {
        let t = |s: &str| Rfc3339(s.parse().unwrap()).to_string();
        assert_eq!(t("2024-01-02T03:04:05Z"), "2024-01-02T03:04:05Z");
        assert_eq!(t("2024-01-02T03:04:05.678Z"), "2024-01-02T03:04:05.678Z");
        assert_eq!(
            t("2024-01-02T03:04:05.000678Z"),
            "2024-01-02T03:04:05.000678Z"
        );
        assert_eq!(
            t("0900-01-02T03:04:05.000000001Z"),
            "0900-01-02T03:04:05.000000001Z"
        );
    }

    #[test]
    fn envelope_shape() {
        let rec = json!({"id": "x1", "n": 1});
        let c = ctx("documents");
        let evs = [Event {
            event_id: event_id("x1", EventType::Created, &rec),
            object_id: Some(Cow::Borrowed("x1")),
            event_type: EventType::Created,
            date: Some("2024-01-02T03:04:05Z".parse().unwrap()),
            raw: Raw::Value(&rec),
        }];
        let body: Value = serde_json::from_slice(&envelope(&c, "n1", &evs).unwrap()).unwrap();
        let m = &body["message"];
        assert_eq!(m["eventId"], "n1");
        assert_eq!(m["instanceId"], "42");
        assert_eq!(m["elementKey"], "egnyte");
        assert_eq!(m["events"][0]["objectId"], "x1");
        assert_eq!(m["events"][0]["eventType"], "CREATED");
        assert_eq!(m["events"][0]["pollDate"], "2024-01-02T03:05:00Z");
        assert!(m["events"][0].get("raw").is_none());
        assert_eq!(m["raw"]["objectType"], "documents");
        assert_eq!(m["raw"]["documents"][0], rec);
        assert_eq!(m["raw"]["events"], m["events"]);
    }

    #[test]
    fn writer_sink_writes_json_lines() {
        #[derive(Clone, Default)]
        struct Shared(std::sync::Arc<Mutex<Vec<u8>>>);
        impl Write for Shared {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let buf = Shared::default();
        let sink = WriterSink::new(Box::new(buf.clone()), LineFormat::Jsonl, "test");
        let rec = json!({"id": 1});
        let c = ctx("events");
        let evs = [Event {
            event_id: event_id("", EventType::Unknown, &rec),
            object_id: None,
            event_type: EventType::Unknown,
            date: None,
            raw: Raw::Value(&rec),
        }];
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(async {
            sink.deliver(&c, &evs, &Cancel::default()).await.unwrap();
            sink.flush().await.unwrap();
        });
        let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        let v: Value = serde_json::from_str(text.trim_end()).unwrap();
        assert_eq!(v["objectId"], Value::Null);
        assert_eq!(v["eventType"], "UNKNOWN");
        assert_eq!(v["hubKey"], "documents");
        assert_eq!(v["raw"], rec);
        assert_eq!(v["date"], "2024-01-02T03:05:00Z");
        assert!(text.ends_with('\n'));
    }

    #[test]
    fn raw_is_the_records_own_text() {
        // Key order, number spelling, escapes and big integers as the source wrote them; line
        // breaks between tokens removed (one event per line).
        let text = b"{\"z\": 1.50,\r\n \"a\": \"\\u00e9\\n\", \"n\": 12345678901234567890123}";
        let rec: Value = serde_json::from_slice(text).unwrap();
        let c = ctx("events");
        let ev = Event {
            event_id: event_id("", EventType::Unknown, &rec),
            object_id: None,
            event_type: EventType::Unknown,
            date: None,
            raw: Raw::Text(text),
        };
        let mut line = Vec::new();
        write_event(&mut line, &c, &ev).unwrap();
        let line = String::from_utf8(line).unwrap();
        assert!(
            line.ends_with(r#","raw":{"z": 1.50, "a": "\u00e9\n", "n": 12345678901234567890123}}"#),
            "{line}"
        );
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["raw"], rec);
        assert_eq!(v["eventType"], "UNKNOWN");
        let body = envelope(&c, "n1", std::slice::from_ref(&ev)).unwrap();
        let body = String::from_utf8(body).unwrap();
        assert!(
            body.contains(
                r#""events":[{"z": 1.50, "a": "\u00e9\n", "n": 12345678901234567890123}]"#
            ),
            "{body}"
        );
    }

    /// A 413 split whose first half is accepted and second half refused reports the accepted
    /// prefix, so that the cycle does not forget (and the retry re-send) what was delivered.
    #[tokio::test]
    async fn a_split_notification_reports_what_the_receiver_took() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut sock, _)) = listener.accept().await {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 8192];
                let body = loop {
                    let m = sock.read(&mut chunk).await.unwrap_or(0);
                    buf.extend_from_slice(&chunk[..m]);
                    let text = String::from_utf8_lossy(&buf).to_string();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let len = text[..end]
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                            })
                            .unwrap_or(0);
                        if buf.len() >= end + 4 + len || m == 0 {
                            break buf[end + 4..].to_vec();
                        }
                    } else if m == 0 {
                        break Vec::new();
                    }
                };
                let v: Value = serde_json::from_slice(&body).unwrap_or_default();
                let evs = v["message"]["events"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                let status = match evs.as_slice() {
                    [one] if one["objectId"] == "1" => "200 OK",
                    [_] => "400 Bad Request",
                    _ => "413 Payload Too Large",
                };
                let resp =
                    format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
                let _ = sock.write_all(resp.as_bytes()).await;
            }
        });
        let sink = ForwardSink::new(
            crate::platform::hub::forward_client(std::time::Duration::from_secs(10)).unwrap(),
            &format!("http://{addr}/hook"),
            None,
            SignatureScheme::Elements,
            crate::poll::retry::RetryPolicy::default(),
        );
        let recs = [json!({"id": "1"}), json!({"id": "2"})];
        let evs: Vec<Event<'_>> = recs
            .iter()
            .map(|rec| {
                let id = rec["id"].as_str().unwrap();
                Event {
                    event_id: event_id(id, EventType::Updated, rec),
                    object_id: Some(id.into()),
                    event_type: EventType::Updated,
                    date: None,
                    raw: Raw::Value(rec),
                }
            })
            .collect();
        let u = sink
            .deliver(&ctx("things"), &evs, &Cancel::default())
            .await
            .unwrap_err();
        assert_eq!(u.accepted, 1, "{:?}", u.error);
        assert!(u.error.to_string().contains("400"), "{}", u.error);
    }
}
