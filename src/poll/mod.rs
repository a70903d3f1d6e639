//! The poll engine: window → URL → fetch → classify → dedupe → sink → commit
//! (docs/design.md, "The poll cycle").
//!
//! - [`runner`]: the loop over instances and resources (concurrency, ticks, signals) and the
//!   library entry point [`runner::run_once`] / [`runner::run`];
//! - [`cycle`]: one cycle of one resource, top to bottom;
//! - [`fetch`] + [`retry`]: the hub GETs with paging, retries and `Retry-After`;
//! - [`classify`]: CREATED / UPDATED / own type, window filters, dates;
//! - [`sink`]: JSON Lines / pretty on a writer, or forwarding of signed notifications;
//! - [`state`]: watermark + dedupe ledger per instance and resource, atomic and locked.

pub mod backend;
pub mod cancel;
pub mod classify;
pub mod cycle;
pub mod fetch;
pub mod fleet;
pub mod hold;
pub mod identity;
pub mod metrics;
pub mod ops;
pub mod pg;
pub mod pipeline;
pub mod record;
pub mod retry;
pub mod runner;
pub mod seen;
pub mod setaside;
pub mod setup;
pub mod sign;
pub mod sink;
pub mod spin;
pub mod state;
pub mod transfer;
pub mod turn;

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use crate::instance::Instance;
use crate::platform::Credentials;

pub use runner::{RunSummary, run, run_once};

/// An instance ready to poll: the validated body plus what identifies it.
#[derive(Debug, Clone)]
pub struct LoadedInstance {
    pub instance: Instance,
    /// The events' `instanceId`: the JSON's `id` when present (a provisioned instance), else
    /// its `name`, else the file stem. Also names the state files.
    pub instance_id: String,
    /// Where it came from (file path), for messages.
    pub source: String,
    /// The id came from the JSON's `id` (a provisioned instance). Without one, the state
    /// records which file it belongs to, so two files with one `name` cannot share it.
    pub id_is_explicit: bool,
    /// The instance token found in the JSON (`token`, as `POST /instances` returns it).
    pub element_token: Option<SecretString>,
    /// The platform this instance was provisioned on (a registry entry), used instead of the
    /// run's base URL when the user did not choose one explicitly.
    pub base_url: Option<String>,
}

impl LoadedInstance {
    /// Build from a validated instance and the raw JSON it came from (for `id` / `token`).
    pub fn new(instance: Instance, raw: &serde_json::Value, source: &str) -> LoadedInstance {
        let id = match raw.get("id") {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => {
                Some(s.trim().to_string())
            }
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let stem = std::path::Path::new(source)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty() && s != "-")
            .unwrap_or_else(|| "stdin".to_string());
        let id_is_explicit = id.is_some();
        let instance_id = id
            .or_else(|| instance.name.clone().filter(|n| !n.trim().is_empty()))
            .unwrap_or(stem);
        let element_token = raw
            .get("token")
            .and_then(|t| t.as_str())
            .filter(|t| !t.is_empty())
            .map(|t| SecretString::from(t.to_string()));
        LoadedInstance {
            instance,
            instance_id,
            source: source.to_string(),
            id_is_explicit,
            element_token,
            base_url: None,
        }
    }
}

/// Where the first window starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StartPolicy {
    /// Saved watermark − pollDelay; with no state, now − refresh interval.
    #[default]
    Saved,
    /// `--since`: start at this instant (moves a saved watermark).
    Since(DateTime<Utc>),
    /// `--from-start`: no lower bound on the first cycle (date macros expand to the epoch).
    FromStart,
}

/// Everything a poll run needs besides the instances and the sink.
#[derive(Debug, Clone)]
pub struct PollOptions {
    /// Relative resource URLs join this.
    pub base_url: String,
    /// User / organization secrets and a global element token (the instance's own `token`
    /// is used when this has none).
    pub credentials: Credentials,
    /// `--param name=value`, looked up before the instance configuration.
    pub params: Vec<(String, String)>,
    /// Poll only these resources (empty: all).
    pub resources: Vec<String>,
    pub start: StartPolicy,
    /// Forget saved state first.
    pub reset: bool,
    /// Never write state (the caller also picks a printing sink).
    pub dry_run: bool,
    /// Where state files and locks live (`<state_dir>/poll/…`); with PostgreSQL state, only
    /// the spill files of the delivered-id memory and replay queues.
    pub state_dir: PathBuf,
    /// Files (default) or PostgreSQL.
    pub backend: backend::Backend,
    pub retry: retry::RetryPolicy,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Resources polled at once.
    pub concurrency: usize,
    /// Time between cycles (default: the instance's refresh interval).
    pub interval: Option<Duration>,
    /// An unparseable date fails the resource (exit 3) instead of being reported and skipped.
    pub strict_dates: bool,
    /// Pages one cycle of one resource follows at most (`--max-pages`).
    pub max_pages: u64,
    /// The largest page body accepted, in bytes (`--max-page-size`, in MiB).
    pub max_page_bytes: usize,
    /// Delivered event ids kept in memory before they spill to the state directory.
    pub seen_memory_ids: usize,
    /// Counted for `--metrics-listen` (none: nothing counted).
    pub metrics: Option<std::sync::Arc<metrics::Metrics>>,
}

impl PollOptions {
    /// Defaults suitable for library callers (sandbox, demo): no retries wait long.
    pub fn new(base_url: impl Into<String>, state_dir: impl Into<PathBuf>) -> PollOptions {
        PollOptions {
            base_url: base_url.into(),
            credentials: Credentials::default(),
            params: Vec::new(),
            resources: Vec::new(),
            start: StartPolicy::Saved,
            reset: false,
            dry_run: false,
            state_dir: state_dir.into(),
            backend: backend::Backend::Files,
            retry: retry::RetryPolicy::default(),
            timeout: Duration::from_secs(30),
            concurrency: 4,
            interval: None,
            strict_dates: false,
            max_pages: cycle::DEFAULT_MAX_PAGES,
            max_page_bytes: (cycle::DEFAULT_MAX_PAGE_MIB as usize) << 20,
            seen_memory_ids: seen::MEMORY_IDS,
            metrics: None,
        }
    }
}

/// Failures of the poller. Each names the instance/resource or URL concerned; secrets never
/// appear (URLs and response bodies do, truncated).
#[derive(Debug, thiserror::Error)]
pub enum PollError {
    /// Bad flags or configuration for polling (unknown resource, missing placeholder…).
    #[error("{0}")]
    Config(String),
    /// The server answered 2xx with something that is not the expected JSON.
    #[error("{resource}: unparseable response from {url}: {reason}; received {snippet}")]
    Unparseable {
        resource: String,
        url: String,
        reason: String,
        snippet: String,
    },
    /// A date field that cannot be parsed, with `--strict-dates`.
    #[error("{resource}: {message}")]
    Date { resource: String, message: String },
    /// 401/403 from the platform.
    #[error(
        "{resource}: authentication failed: GET {url} answered {status}: {snippet} (check the user/organization secrets and the instance token)"
    )]
    Auth {
        resource: String,
        url: String,
        status: u16,
        snippet: String,
    },
    /// Any other failed fetch (status after retries, connection, timeout).
    #[error("{resource}: GET {url} failed{after}: {message}")]
    Fetch {
        resource: String,
        url: String,
        message: String,
        after: String,
    },
    /// Forwarding failed after retries.
    #[error("{resource}: delivery to {url} failed{after}: {message}")]
    Delivery {
        resource: String,
        url: String,
        message: String,
        after: String,
    },
    /// Another process holds the state of this instance/resource.
    #[error(
        "instance {instance:?} resource {resource:?} is being polled by another pollctl process (lock {path}); stop it or use another --state-dir"
    )]
    Locked {
        instance: String,
        resource: String,
        path: PathBuf,
    },
    /// Another worker took this resource's lease while this cycle ran (the process paused,
    /// the database was unreachable longer than the lease): nothing was committed.
    #[error(
        "instance {instance:?} resource {resource:?}: the lease was lost{} before the commit; nothing was committed, the next holder polls the window again",
        holder.as_deref().map(|h| format!(" (now held by {h})")).unwrap_or_default()
    )]
    LeaseLost {
        instance: String,
        resource: String,
        holder: Option<String>,
    },
    /// A state file that cannot be read or written.
    #[error("state {path}: {message}")]
    State { path: PathBuf, message: String },
    /// Writing events failed (stdout closed…).
    #[error("writing events: {0}")]
    Output(String),
    /// An instance argument that cannot be read or is invalid.
    #[error(transparent)]
    Instance(#[from] crate::instance::InstanceError),
    /// The local registry cannot be read.
    #[error(transparent)]
    Registry(#[from] crate::store::StoreError),
    /// The HTTP client cannot be built (TLS set-up).
    #[error("cannot build the HTTP client")]
    HttpClient {
        #[source]
        source: reqwest::Error,
    },
    /// The platform secrets a hub GET needs are not all given.
    #[error("cannot poll: missing platform credentials:\n  {what}")]
    MissingCredentials { what: String },
    #[error("interrupted")]
    Interrupted,
    /// The `--metrics-listen` address cannot be bound (in use, not this machine's…).
    #[error("--metrics-listen {addr}: cannot listen: {message}")]
    Listen { addr: String, message: String },
    /// Some resources failed in a `--once` run; the worst decides the exit code.
    #[error("{failed} of {total} resource(s) failed; worst: {worst}")]
    Failures {
        failed: usize,
        total: usize,
        worst: Box<PollError>,
    },
}

impl PollError {
    /// One word for the kind of failure (the `kind` label of `pollctl_failures_total`; a
    /// fixed list, see docs/operations.md).
    pub fn kind(&self) -> &'static str {
        match self {
            PollError::Config(_) => "config",
            PollError::Unparseable { .. } => "unparseable",
            PollError::Date { .. } => "date",
            PollError::Auth { .. } | PollError::MissingCredentials { .. } => "auth",
            PollError::Fetch { .. } | PollError::HttpClient { .. } => "fetch",
            PollError::Delivery { .. } => "delivery",
            PollError::Locked { .. } => "locked",
            PollError::LeaseLost { .. } => "lease_lost",
            PollError::State { .. } | PollError::Registry(_) => "state",
            PollError::Output(_) => "output",
            PollError::Instance(_) => "instance",
            PollError::Interrupted => "interrupted",
            PollError::Listen { .. } => "listen",
            PollError::Failures { worst, .. } => worst.kind(),
        }
    }
}
