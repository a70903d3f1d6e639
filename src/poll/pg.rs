//! The PostgreSQL state backend: watermarks, ledgers and set-aside records in tables of a
//! database the user already runs, and leases (owner, expiry) instead of lock files.
//!
//! - Schema: versioned and forward-only ([`MIGRATIONS`]); applied at start (and by
//!   `pollctl state migrate`) under a transaction-scoped advisory lock; a database whose schema
//!   is newer than this pollctl knows is refused.
//! - Leases: one row per (instance, resource key) in `pollctl_lease`, taken with
//!   `SELECT … FOR UPDATE SKIP LOCKED` when free or expired, renewed in the background while
//!   held, released at the end of a run.
//! - Fencing: the commit (state document + set-aside records + lease renewal) is one
//!   transaction that first locks the lease row and checks that this worker still holds an
//!   unexpired lease; otherwise nothing is written ([`PollError::LeaseLost`]).
//!
//! The connection URL can hold a password: it lives in a [`SecretString`] and every message
//! shows [`StateUrl::redacted`].

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Mutex;

use super::PollError;
use super::setaside;
use super::state::ResourceState;

/// Connections per process.
const POOL: usize = 4;

/// The newest schema version this pollctl knows.
pub const SCHEMA_VERSION: i32 = 2;

/// Forward-only migrations: `MIGRATIONS[n]` brings the schema from version `n` to `n + 1`.
const MIGRATIONS: &[&str] = &[
    r"
CREATE TABLE pollctl_lease (
    instance_id text NOT NULL,
    resource    text NOT NULL,
    owner       text,
    expires_at  timestamptz,
    PRIMARY KEY (instance_id, resource)
);
CREATE TABLE pollctl_state (
    instance_id  text NOT NULL,
    resource     text NOT NULL,
    watermark    timestamptz,
    doc          jsonb NOT NULL,
    committed_by text NOT NULL,
    committed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (instance_id, resource)
);
CREATE TABLE pollctl_set_aside (
    id           bigserial PRIMARY KEY,
    instance_id  text NOT NULL,
    resource     text NOT NULL,
    set_aside_at timestamptz NOT NULL DEFAULT now(),
    entry        jsonb NOT NULL
);
CREATE INDEX pollctl_set_aside_by_resource ON pollctl_set_aside (instance_id, resource);
",
    r"
ALTER TABLE pollctl_lease ADD COLUMN next_due timestamptz;
ALTER TABLE pollctl_lease ADD COLUMN polled_at timestamptz;
CREATE INDEX pollctl_lease_by_due ON pollctl_lease (next_due);
ALTER TABLE pollctl_set_aside ADD COLUMN queued boolean NOT NULL DEFAULT false;
CREATE TABLE pollctl_instance (
    name       text PRIMARY KEY,
    entry      jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
",
];

/// Key of the advisory lock that serializes migrations (any constant unique to pollctl).
const MIGRATION_LOCK: i64 = 0x706f_6c6c_6374_6c00;

/// A `postgres://` / `postgresql://` URL, password kept secret.
#[derive(Clone)]
pub struct StateUrl {
    full: SecretString,
    redacted: String,
}

impl fmt::Debug for StateUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted)
    }
}

impl fmt::Display for StateUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted)
    }
}

impl StateUrl {
    /// Parse; the error never repeats the URL's password.
    pub fn parse(text: &str) -> Result<StateUrl, String> {
        let redacted = redact(text);
        let url = url::Url::parse(text).map_err(|e| format!("{redacted}: not a URL ({e})"))?;
        if !matches!(url.scheme(), "postgres" | "postgresql") {
            return Err(format!("{redacted}: not a postgres:// URL"));
        }
        text.parse::<tokio_postgres::Config>()
            .map_err(|e| format!("{redacted}: {}", redact(&e.to_string())))?;
        Ok(StateUrl {
            full: SecretString::from(text.to_string()),
            redacted,
        })
    }

    /// The URL with its password (user info and `password=` parameter) replaced by `***`.
    pub fn redacted(&self) -> &str {
        &self.redacted
    }
}

/// `text` with any password in it replaced by `***`.
pub fn redact(text: &str) -> String {
    let Ok(mut url) = url::Url::parse(text) else {
        return redact_unparsed(text);
    };
    if url.password().is_some() {
        let _ = url.set_password(Some("***"));
    }
    if url.query_pairs().any(|(k, _)| k == "password") {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let v = if k == "password" {
                    "***".to_string()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
    url.to_string()
}

/// [`redact`] for text the URL parser refuses (a bad port…): the user-info password and
/// everything after a `password=` are hidden by position.
fn redact_unparsed(text: &str) -> String {
    let mut out = text.to_string();
    if let Some(scheme_end) = out.find("://") {
        let rest_start = scheme_end + 3;
        let rest = &out[rest_start..];
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        if let Some(at) = rest[..authority_end].rfind('@')
            && let Some(colon) = rest[..at].find(':')
        {
            out.replace_range(rest_start + colon + 1..rest_start + at, "***");
        }
    }
    if let Some(i) = out.find("password=") {
        out.truncate(i);
        out.push_str("password=***");
    }
    out
}

/// One connection and the statements prepared on it (each hot statement is parsed once per
/// connection, then runs in one round trip).
pub struct Conn {
    client: tokio_postgres::Client,
    prepared: HashMap<&'static str, tokio_postgres::Statement>,
}

impl std::ops::Deref for Conn {
    type Target = tokio_postgres::Client;
    fn deref(&self) -> &tokio_postgres::Client {
        &self.client
    }
}

impl std::ops::DerefMut for Conn {
    fn deref_mut(&mut self) -> &mut tokio_postgres::Client {
        &mut self.client
    }
}

impl Conn {
    /// `sql` prepared on this connection (cached).
    async fn prepared(
        &mut self,
        sql: &'static str,
    ) -> Result<tokio_postgres::Statement, tokio_postgres::Error> {
        if let Some(s) = self.prepared.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql).await?;
        self.prepared.insert(sql, s.clone());
        Ok(s)
    }
}

/// One connection to the state database, reconnected when lost.
pub struct PgState {
    url: StateUrl,
    /// A few connections, each used by one operation at a time (commits of different
    /// resources run in parallel and share WAL flushes).
    clients: Vec<Mutex<Option<Conn>>>,
    next: std::sync::atomic::AtomicUsize,
    /// This process's lease owner id (`host:pid:random`).
    owner: String,
    /// How long a lease lasts without renewal.
    ttl: Duration,
}

impl fmt::Debug for PgState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PgState")
            .field("url", &self.url)
            .field("owner", &self.owner)
            .field("ttl", &self.ttl)
            .finish()
    }
}

/// What taking a lease found.
#[derive(Debug)]
pub enum Acquired {
    /// This worker holds it now.
    Held,
    /// Another worker holds it (or is taking it right now).
    Busy { owner: Option<String> },
}

fn db_err(url: &StateUrl, what: &str, e: &tokio_postgres::Error) -> PollError {
    // The driver's messages never contain the password, but a server may echo parts of the
    // connection string: redact again.
    PollError::State {
        path: PathBuf::from(url.redacted()),
        message: format!("{what}: {}", redact(&e.to_string())),
    }
}

fn owner_id() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_string());
    let mut r = [0u8; 4];
    let _ = getrandom::fill(&mut r);
    format!("{host}:{}:{}", std::process::id(), hex::encode(r))
}

impl PgState {
    /// Connect, create or migrate the schema, and refuse a schema from a newer pollctl.
    pub async fn open(url: StateUrl, ttl: Duration) -> Result<Arc<PgState>, PollError> {
        let st = PgState::new(url, ttl);
        st.migrate().await?;
        Ok(st)
    }

    /// Refuse a database whose schema is missing or newer than this pollctl's, without
    /// migrating it (for commands that only read).
    pub async fn check_schema(self: &Arc<Self>) -> Result<Arc<PgState>, PollError> {
        let v = self.schema_version().await?;
        if v != SCHEMA_VERSION {
            return Err(PollError::State {
                path: PathBuf::from(self.url.redacted()),
                message: if v > SCHEMA_VERSION {
                    format!(
                        "the state schema is version {v}, written by a newer pollctl (this one \
                         knows up to version {SCHEMA_VERSION}); upgrade pollctl"
                    )
                } else {
                    format!("the state schema is version {v}; run `pollctl state migrate`")
                },
            });
        }
        Ok(self.clone())
    }

    /// Not connected yet (the first use connects); [`PgState::open`] also migrates.
    pub fn new(url: StateUrl, ttl: Duration) -> Arc<PgState> {
        Arc::new(PgState {
            url,
            clients: (0..POOL).map(|_| Mutex::new(None)).collect(),
            next: std::sync::atomic::AtomicUsize::new(0),
            owner: owner_id(),
            ttl,
        })
    }

    pub fn owner(&self) -> &str {
        &self.owner
    }

    pub fn url(&self) -> &StateUrl {
        &self.url
    }

    async fn connect(&self) -> Result<tokio_postgres::Client, PollError> {
        crate::platform::install_crypto_provider();
        let config: tokio_postgres::Config = self
            .url
            .full
            .expose_secret()
            .parse()
            .map_err(|e: tokio_postgres::Error| db_err(&self.url, "bad URL", &e))?;
        use rustls_platform_verifier::ConfigVerifierExt;
        let tls = rustls::ClientConfig::with_platform_verifier().map_err(|e| PollError::State {
            path: PathBuf::from(self.url.redacted()),
            message: format!("TLS set-up: {e}"),
        })?;
        let tls = tokio_postgres_rustls::MakeRustlsConnect::new(tls);
        let (client, connection) = config
            .connect(tls)
            .await
            .map_err(|e| db_err(&self.url, "cannot connect", &e))?;
        tokio::spawn(async move {
            // Ends when the connection closes; the next use reconnects.
            let _ = connection.await;
        });
        // Lease traffic (take, renew, release) need not wait for the WAL flush: a lease change
        // lost in a server crash is caught by the fenced commit, which does wait (see
        // `commit_with`).
        client
            .batch_execute("SET synchronous_commit TO off")
            .await
            .map_err(|e| db_err(&self.url, "setting up the connection", &e))?;
        Ok(client)
    }

    /// A connection, (re)opened when there is none or it closed: a free one if any, else
    /// the next in turn.
    async fn client(&self) -> Result<tokio::sync::MappedMutexGuard<'_, Conn>, PollError> {
        let mut guard = None;
        for m in &self.clients {
            if let Ok(g) = m.try_lock() {
                guard = Some(g);
                break;
            }
        }
        let mut guard = match guard {
            Some(g) => g,
            None => {
                let i = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                self.clients[i % self.clients.len()].lock().await
            }
        };
        if guard.as_ref().is_none_or(|c| c.client.is_closed()) {
            *guard = Some(Conn {
                client: self.connect().await?,
                prepared: HashMap::new(),
            });
        }
        tokio::sync::MutexGuard::try_map(guard, Option::as_mut).map_err(|_| PollError::State {
            path: PathBuf::from(self.url.redacted()),
            message: "no connection to the database".into(),
        })
    }

    /// The schema version of the database (0: none yet).
    pub async fn schema_version(&self) -> Result<i32, PollError> {
        let guard = self.client().await?;
        schema_version(&**guard)
            .await
            .map_err(|e| db_err(&self.url, "reading the schema version", &e))
    }

    /// Apply the migrations this database lacks; refuse a newer schema. Returns the versions
    /// (before, after).
    pub async fn migrate(&self) -> Result<(i32, i32), PollError> {
        let mut guard = self.client().await?;
        let c = &mut *guard;
        let url = &self.url;
        let tx = c
            .transaction()
            .await
            .map_err(|e| db_err(url, "migrating", &e))?;
        tx.batch_execute("SET LOCAL synchronous_commit TO on")
            .await
            .map_err(|e| db_err(url, "migrating", &e))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await
            .map_err(|e| db_err(url, "migrating", &e))?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS pollctl_schema (
                 version    integer PRIMARY KEY,
                 applied_at timestamptz NOT NULL DEFAULT now(),
                 pollctl    text NOT NULL
             )",
        )
        .await
        .map_err(|e| db_err(url, "migrating", &e))?;
        let before = schema_version(&tx)
            .await
            .map_err(|e| db_err(url, "reading the schema version", &e))?;
        if before > SCHEMA_VERSION {
            return Err(PollError::State {
                path: PathBuf::from(url.redacted()),
                message: format!(
                    "the state schema is version {before}, written by a newer pollctl (this one \
                     knows up to version {SCHEMA_VERSION}); upgrade pollctl"
                ),
            });
        }
        for v in before..SCHEMA_VERSION {
            tx.batch_execute(MIGRATIONS[v as usize])
                .await
                .map_err(|e| db_err(url, &format!("migrating to version {}", v + 1), &e))?;
            tx.execute(
                "INSERT INTO pollctl_schema (version, pollctl) VALUES ($1, $2)",
                &[&(v + 1), &env!("CARGO_PKG_VERSION")],
            )
            .await
            .map_err(|e| db_err(url, "migrating", &e))?;
        }
        tx.commit()
            .await
            .map_err(|e| db_err(url, "migrating", &e))?;
        Ok((before, SCHEMA_VERSION))
    }

    /// Take the lease of (instance, key) if it is free, expired or already ours.
    pub async fn acquire(&self, instance: &str, key: &str) -> Result<Acquired, PollError> {
        let mut guard = self.client().await?;
        let c = &mut *guard;
        let url = &self.url;
        let e = |e: tokio_postgres::Error| db_err(url, "taking a lease", &e);
        c.execute(
            "INSERT INTO pollctl_lease (instance_id, resource) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING",
            &[&instance, &key],
        )
        .await
        .map_err(e)?;
        let tx = c.transaction().await.map_err(e)?;
        let row = tx
            .query_opt(
                "SELECT owner, coalesce(expires_at > now(), false) FROM pollctl_lease \
                 WHERE instance_id = $1 AND resource = $2 FOR UPDATE SKIP LOCKED",
                &[&instance, &key],
            )
            .await
            .map_err(e)?;
        let Some(row) = row else {
            // Another worker has the row locked: it is taking or committing this lease.
            return Ok(Acquired::Busy { owner: None });
        };
        let owner: Option<String> = row.get(0);
        let live: bool = row.get(1);
        if live && owner.as_deref() != Some(self.owner.as_str()) {
            return Ok(Acquired::Busy { owner });
        }
        tx.execute(
            "UPDATE pollctl_lease SET owner = $3, \
             expires_at = now() + $4 * interval '1 millisecond' \
             WHERE instance_id = $1 AND resource = $2",
            &[&instance, &key, &self.owner, &self.ttl_ms()],
        )
        .await
        .map_err(e)?;
        tx.commit().await.map_err(e)?;
        Ok(Acquired::Held)
    }

    fn ttl_ms(&self) -> f64 {
        self.ttl.as_millis() as f64
    }

    /// Extend a lease this worker holds; false when it is no longer ours (expired and taken,
    /// or released).
    pub async fn renew(&self, instance: &str, key: &str) -> Result<bool, PollError> {
        let guard = self.client().await?;
        let c = &*guard;
        let n = c
            .execute(
                "UPDATE pollctl_lease SET expires_at = now() + $4 * interval '1 millisecond' \
                 WHERE instance_id = $1 AND resource = $2 AND owner = $3 AND expires_at > now()",
                &[&instance, &key, &self.owner, &self.ttl_ms()],
            )
            .await
            .map_err(|e| db_err(&self.url, "renewing a lease", &e))?;
        Ok(n == 1)
    }

    /// Give a lease up (end of a run), so another worker need not wait for it to expire.
    pub async fn release(&self, instance: &str, key: &str) -> Result<(), PollError> {
        let guard = self.client().await?;
        let c = &*guard;
        c.execute(
            "UPDATE pollctl_lease SET owner = NULL, expires_at = NULL \
             WHERE instance_id = $1 AND resource = $2 AND owner = $3",
            &[&instance, &key, &self.owner],
        )
        .await
        .map_err(|e| db_err(&self.url, "releasing a lease", &e))?;
        Ok(())
    }

    /// The committed state of (instance, key); empty when none.
    pub async fn load(&self, instance: &str, key: &str) -> Result<ResourceState, PollError> {
        let guard = self.client().await?;
        let c = &*guard;
        let row = c
            .query_opt(
                "SELECT doc::text FROM pollctl_state WHERE instance_id = $1 AND resource = $2",
                &[&instance, &key],
            )
            .await
            .map_err(|e| db_err(&self.url, "loading state", &e))?;
        match row {
            None => Ok(ResourceState::default()),
            Some(row) => {
                let doc: String = row.get(0);
                ResourceState::from_json(
                    doc.as_bytes(),
                    &PathBuf::from(format!("{} {instance}/{key}", self.url.redacted())),
                )
            }
        }
    }

    /// Fenced commit: in one transaction, check that this worker still holds an unexpired
    /// lease, write the state, append the set-aside records, drop the replayed records it
    /// classified again, renew the lease and set the resource's next due time. Nothing is
    /// written otherwise.
    pub async fn commit(&self, c: &Commit<'_>) -> Result<(), PollError> {
        let doc = c
            .next
            .to_json(c.instance, c.resource, c.key)
            .map_err(|m| PollError::State {
                path: PathBuf::from(self.url.redacted()),
                message: m,
            })?;
        let doc: serde_json::Value =
            serde_json::from_slice(&doc).map_err(|e| PollError::State {
                path: PathBuf::from(self.url.redacted()),
                message: e.to_string(),
            })?;
        let entries = c
            .set_aside
            .iter()
            .map(serde_json::to_value)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|er| PollError::State {
                path: PathBuf::from(self.url.redacted()),
                message: er.to_string(),
            })?;
        let period_ms = c.period.map(|p| p.as_millis() as f64);
        let mut guard = self.client().await?;
        let url = &self.url;
        let e = |e: tokio_postgres::Error| db_err(url, "committing", &e);
        let stmt = guard.prepared(COMMIT).await.map_err(e)?;
        let conn = &*guard;
        // One round trip: BEGIN, the fenced statement and COMMIT are pipelined. The state
        // commit is durable before it is reported (the connection's lease traffic is not).
        let ttl_ms = self.ttl_ms();
        let params: [&(dyn tokio_postgres::types::ToSql + Sync); 10] = [
            &c.instance,
            &c.key,
            &self.owner,
            &c.next.watermark,
            &doc,
            &c.replace_set_aside,
            &entries,
            &c.replayed,
            &ttl_ms,
            &period_ms,
        ];
        let (_, fenced, _) = futures_util::try_join!(
            conn.batch_execute("BEGIN; SET LOCAL synchronous_commit TO on"),
            conn.query_one(&stmt, &params),
            conn.batch_execute("COMMIT"),
        )
        // An error inside the pipelined transaction aborts it: the server answers the
        // COMMIT with a rollback, and the connection is idle again.
        .map_err(e)?;
        if fenced.get::<_, i64>(0) == 1 {
            return Ok(());
        }
        let holder = conn
            .query_opt(
                "SELECT owner FROM pollctl_lease WHERE instance_id = $1 AND resource = $2",
                &[&c.instance, &c.key],
            )
            .await
            .ok()
            .flatten()
            .and_then(|r| r.get::<_, Option<String>>(0));
        Err(PollError::LeaseLost {
            instance: c.instance.to_string(),
            resource: c.resource.to_string(),
            holder,
        })
    }
}

/// What a fenced [`PgState::commit`] writes.
pub struct Commit<'a> {
    pub instance: &'a str,
    pub key: &'a str,
    pub resource: &'a str,
    pub next: &'a ResourceState,
    pub set_aside: &'a [setaside::Entry],
    /// Ids of queued (replayed) set-aside records this cycle classified again: removed.
    pub replayed: &'a [i64],
    /// Drop the resource's set-aside records first (an import with `--replace`).
    pub replace_set_aside: bool,
    /// The resource's polling period: its next due time is set one period on (see
    /// [`COMMIT`]); `None` leaves it.
    pub period: Option<Duration>,
}

/// The fenced commit, one statement: `l` locks the lease row only if this worker holds it
/// unexpired ($3); every write joins `l`, so nothing is written without it. The next due
/// time keeps a fixed rate (one period after the due time this cycle was taken at) unless
/// that is already past, or the cycle ran early (`--once`): then one period from now.
const COMMIT: &str = "
WITH l AS (
    SELECT instance_id, resource, next_due FROM pollctl_lease
    WHERE instance_id = $1 AND resource = $2 AND owner = $3 AND expires_at > now()
    FOR UPDATE),
s AS (
    INSERT INTO pollctl_state (instance_id, resource, watermark, doc, committed_by)
    SELECT instance_id, resource, $4, $5, $3 FROM l
    ON CONFLICT (instance_id, resource) DO UPDATE SET watermark = EXCLUDED.watermark,
        doc = EXCLUDED.doc, committed_by = EXCLUDED.committed_by, committed_at = now()
    RETURNING 1),
r AS (
    DELETE FROM pollctl_set_aside a USING l
    WHERE a.instance_id = l.instance_id AND a.resource = l.resource
      AND ($6::boolean OR a.id = ANY($8::bigint[]))
    RETURNING 1),
i AS (
    INSERT INTO pollctl_set_aside (instance_id, resource, entry)
    SELECT l.instance_id, l.resource, x.entry
    FROM l, unnest($7::jsonb[]) WITH ORDINALITY AS x(entry, n)
    ORDER BY x.n
    RETURNING 1),
u AS (
    UPDATE pollctl_lease p SET
        expires_at = now() + $9::float8 * interval '1 millisecond',
        polled_at = now(),
        next_due = CASE
            WHEN $10::float8 IS NULL THEN p.next_due
            WHEN l.next_due IS NOT NULL AND l.next_due <= now()
                 AND l.next_due + $10::float8 * interval '1 millisecond' > now()
                THEN l.next_due + $10::float8 * interval '1 millisecond'
            ELSE now() + $10::float8 * interval '1 millisecond' END
    FROM l WHERE p.instance_id = l.instance_id AND p.resource = l.resource
    RETURNING 1)
SELECT count(*) FROM l";

impl PgState {
    /// Every state document and set-aside record: `(instance, key, doc)` and
    /// `(instance, key, entry)`, in key order (set-aside records in the order kept).
    #[allow(clippy::type_complexity)]
    pub async fn export(
        &self,
    ) -> Result<
        (
            Vec<(String, String, serde_json::Value)>,
            Vec<(String, String, serde_json::Value)>,
        ),
        PollError,
    > {
        let guard = self.client().await?;
        let c = &*guard;
        let e = |e: tokio_postgres::Error| db_err(&self.url, "exporting", &e);
        let rows = |rs: Vec<tokio_postgres::Row>| {
            rs.into_iter()
                .map(|r| (r.get(0), r.get(1), r.get(2)))
                .collect::<Vec<_>>()
        };
        let states = c
            .query(
                "SELECT instance_id, resource, doc FROM pollctl_state ORDER BY 1, 2",
                &[],
            )
            .await
            .map_err(e)?;
        let aside = c
            .query(
                "SELECT instance_id, resource, entry FROM pollctl_set_aside ORDER BY 1, 2, id",
                &[],
            )
            .await
            .map_err(e)?;
        Ok((rows(states), rows(aside)))
    }

    /// Whether (instance, key) has committed state.
    pub async fn has_state(&self, instance: &str, key: &str) -> Result<bool, PollError> {
        let guard = self.client().await?;
        let c = &*guard;
        let r = c
            .query_opt(
                "SELECT 1 FROM pollctl_state WHERE instance_id = $1 AND resource = $2",
                &[&instance, &key],
            )
            .await
            .map_err(|e| db_err(&self.url, "reading state", &e))?;
        Ok(r.is_some())
    }
}

impl PgState {
    /// Save a provisioned instance in the registry kept in the database (replacing one of
    /// the same name), durably. The entry holds the instance token, as a registry file does.
    pub async fn save_instance(&self, entry: &crate::registry::Entry) -> Result<(), PollError> {
        let mut guard = self.client().await?;
        let doc = entry.to_stored();
        let e = |e: tokio_postgres::Error| db_err(&self.url, "saving the instance", &e);
        let tx = guard.transaction().await.map_err(e)?;
        tx.batch_execute("SET LOCAL synchronous_commit TO on")
            .await
            .map_err(e)?;
        tx.execute(
            "INSERT INTO pollctl_instance (name, entry) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET entry = EXCLUDED.entry, created_at = now()",
            &[&entry.name, &doc],
        )
        .await
        .map_err(e)?;
        tx.commit().await.map_err(e)
    }

    /// Remove `name` from the registry kept in the database; false when it was not there.
    pub async fn delete_instance(&self, name: &str) -> Result<bool, PollError> {
        let guard = self.client().await?;
        let n = guard
            .execute("DELETE FROM pollctl_instance WHERE name = $1", &[&name])
            .await
            .map_err(|e| db_err(&self.url, "removing the instance", &e))?;
        Ok(n > 0)
    }

    /// Every instance of the registry kept in the database, by name.
    pub async fn instances(&self) -> Result<Vec<crate::registry::Entry>, PollError> {
        let guard = self.client().await?;
        let rows = guard
            .query(
                "SELECT name, entry FROM pollctl_instance ORDER BY name",
                &[],
            )
            .await
            .map_err(|e| db_err(&self.url, "reading the instance registry", &e))?;
        rows.into_iter()
            .map(|r| {
                let name: String = r.get(0);
                crate::registry::Entry::from_stored(r.get(1)).map_err(|m| PollError::State {
                    path: PathBuf::from(format!("{} pollctl_instance {name}", self.url.redacted())),
                    message: format!("a damaged registry entry: {m}"),
                })
            })
            .collect()
    }
}

/// Keys as the two text arrays the batch statements `unnest`.
fn key_arrays<'a>(keys: impl Iterator<Item = (&'a str, &'a str)>) -> (Vec<&'a str>, Vec<&'a str>) {
    keys.unzip()
}

/// One period in milliseconds per key (zero where `periods` is short).
fn millis(keys: &[(&str, &str)], periods: &[Duration]) -> Vec<f64> {
    (0..keys.len())
        .map(|n| periods.get(n).map_or(0.0, |d| d.as_millis() as f64))
        .collect()
}

/// A resource's committed state and its queued (replayed) set-aside records, as loaded.
#[derive(Debug, Default)]
pub struct Loaded {
    pub state: ResourceState,
    /// `(id, record)` in the order set aside.
    pub queued: Vec<(i64, setaside::Entry)>,
}

/// Lease rows for `keys` (a claim only updates existing rows).
const REGISTER: &str = "INSERT INTO pollctl_lease (instance_id, resource) \
     SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING";

/// When a resource is due for a worker whose period for it is `m.p` (milliseconds): at the
/// next due time its last commit set, or one of this worker's periods after that commit,
/// whichever comes first (workers, or a `--once` run, may poll one resource with different
/// periods); never polled: now.
macro_rules! due {
    () => {
        "least(l.next_due, l.polled_at + m.p * interval '1 millisecond')"
    };
}

/// Take the leases of up to `$4` of `keys` that are free, expired or ours — with `$5`, only
/// those due, earliest first — skipping rows another worker is locking right now.
const CLAIM: &str = concat!(
    "
WITH c AS (
    SELECT l.instance_id, l.resource FROM pollctl_lease l
    JOIN unnest($1::text[], $2::text[], $7::float8[]) AS m(i, r, p)
      ON l.instance_id = m.i AND l.resource = m.r
    WHERE (NOT $5::boolean OR coalesce(",
    due!(),
    " <= now(), true))
      AND (l.owner IS NULL OR l.owner = $3 OR l.expires_at IS NULL OR l.expires_at <= now())
    ORDER BY ",
    due!(),
    " NULLS FIRST, l.instance_id, l.resource
    LIMIT $4
    FOR UPDATE OF l SKIP LOCKED)
UPDATE pollctl_lease l SET owner = $3, expires_at = now() + $6::float8 * interval '1 millisecond'
FROM c WHERE l.instance_id = c.instance_id AND l.resource = c.resource
RETURNING l.instance_id, l.resource"
);

/// Seconds until the first of `keys` can be claimed: due, and not leased by another live
/// worker (negative: now). A resource another worker is polling is looked at again when its
/// lease would expire or one period on, whichever is first (that worker gives it back at the
/// end of its cycle, with a new due time this one learns then).
const NEXT_WAKE: &str = concat!(
    "
SELECT extract(epoch FROM min(greatest(
           coalesce(",
    due!(),
    ", '-infinity'),
           CASE WHEN l.owner IS NOT NULL AND l.owner <> $3 AND l.expires_at > now()
                THEN least(l.expires_at, now() + m.p * interval '1 millisecond')
                ELSE '-infinity' END)) - now())::float8
FROM pollctl_lease l
JOIN unnest($1::text[], $2::text[], $4::float8[]) AS m(i, r, p)
  ON l.instance_id = m.i AND l.resource = m.r"
);

const LOAD_MANY: &str = "
SELECT m.i, m.r, s.doc::text,
       (SELECT jsonb_agg(jsonb_build_array(a.id, a.entry) ORDER BY a.id)
        FROM pollctl_set_aside a
        WHERE a.instance_id = m.i AND a.resource = m.r AND a.queued)::text
FROM unnest($1::text[], $2::text[]) AS m(i, r)
LEFT JOIN pollctl_state s ON s.instance_id = m.i AND s.resource = m.r";

const RELEASE_MANY: &str = "
UPDATE pollctl_lease l SET owner = NULL, expires_at = NULL
FROM unnest($1::text[], $2::text[]) AS m(i, r)
WHERE l.instance_id = m.i AND l.resource = m.r AND l.owner = $3";

impl PgState {
    /// Take the leases of `keys` (`due_only`: only those due for their period in `periods`,
    /// earliest first) up to `limit`, in one round trip; returns the keys now held.
    pub async fn claim(
        &self,
        keys: &[(&str, &str)],
        periods: &[Duration],
        due_only: bool,
        limit: usize,
    ) -> Result<Vec<(String, String)>, PollError> {
        if keys.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let (i, r) = key_arrays(keys.iter().copied());
        let p = millis(keys, periods);
        let mut guard = self.client().await?;
        let e = |e: tokio_postgres::Error| db_err(&self.url, "taking leases", &e);
        let register = guard.prepared(REGISTER).await.map_err(e)?;
        let claim = guard.prepared(CLAIM).await.map_err(e)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let conn = &*guard;
        // Pipelined: the rows exist (autocommitted) before the claim reads them.
        let ttl_ms = self.ttl_ms();
        let reg: [&(dyn tokio_postgres::types::ToSql + Sync); 2] = [&i, &r];
        let params: [&(dyn tokio_postgres::types::ToSql + Sync); 7] =
            [&i, &r, &self.owner, &limit, &due_only, &ttl_ms, &p];
        let (_, rows) =
            futures_util::try_join!(conn.execute(&register, &reg), conn.query(&claim, &params),)
                .map_err(e)?;
        Ok(rows
            .into_iter()
            .map(|row| (row.get(0), row.get(1)))
            .collect())
    }

    /// The owners of the leases of `keys` (for messages about those not taken).
    pub async fn owners(
        &self,
        keys: &[(&str, &str)],
    ) -> Result<HashMap<(String, String), Option<String>>, PollError> {
        let (i, r) = key_arrays(keys.iter().copied());
        let guard = self.client().await?;
        let rows = guard
            .query(
                "SELECT l.instance_id, l.resource, l.owner FROM pollctl_lease l \
                 JOIN unnest($1::text[], $2::text[]) AS m(i, r) \
                 ON l.instance_id = m.i AND l.resource = m.r",
                &[&i, &r],
            )
            .await
            .map_err(|e| db_err(&self.url, "reading leases", &e))?;
        Ok(rows
            .into_iter()
            .map(|row| ((row.get(0), row.get(1)), row.get(2)))
            .collect())
    }

    /// How long until one of `keys` can be claimed (zero when one is due and free now;
    /// `None` when none has a lease row).
    pub async fn next_wake(
        &self,
        keys: &[(&str, &str)],
        periods: &[Duration],
    ) -> Result<Option<Duration>, PollError> {
        let (i, r) = key_arrays(keys.iter().copied());
        let p = millis(keys, periods);
        let mut guard = self.client().await?;
        let e = |e: tokio_postgres::Error| db_err(&self.url, "reading due times", &e);
        let stmt = guard.prepared(NEXT_WAKE).await.map_err(e)?;
        let row = guard
            .query_one(&stmt, &[&i, &r, &self.owner, &p])
            .await
            .map_err(e)?;
        Ok(row
            .get::<_, Option<f64>>(0)
            .map(|s| Duration::from_secs_f64(s.clamp(0.0, 86_400.0))))
    }

    /// The committed states (empty when none) and queued set-aside records of `keys`, in one
    /// round trip.
    pub async fn load_many(
        &self,
        keys: &[(&str, &str)],
    ) -> Result<HashMap<(String, String), Loaded>, PollError> {
        let (i, r) = key_arrays(keys.iter().copied());
        let mut guard = self.client().await?;
        let e = |e: tokio_postgres::Error| db_err(&self.url, "loading state", &e);
        let stmt = guard.prepared(LOAD_MANY).await.map_err(e)?;
        let rows = guard.query(&stmt, &[&i, &r]).await.map_err(e)?;
        let mut out = HashMap::with_capacity(rows.len());
        for row in rows {
            let (instance, key): (String, String) = (row.get(0), row.get(1));
            let name = PathBuf::from(format!("{} {instance}/{key}", self.url.redacted()));
            let state = match row.get::<_, Option<String>>(2) {
                Some(doc) => ResourceState::from_json(doc.as_bytes(), &name)?,
                None => ResourceState::default(),
            };
            let queued =
                match row.get::<_, Option<String>>(3) {
                    None => Vec::new(),
                    Some(text) => serde_json::from_str::<Vec<(i64, setaside::Entry)>>(&text)
                        .map_err(|er| PollError::State {
                            path: name.clone(),
                            message: format!("a queued set-aside record: {er}"),
                        })?,
                };
            out.insert((instance, key), Loaded { state, queued });
        }
        Ok(out)
    }

    /// Give back the leases of `keys` this worker holds, in one round trip.
    pub async fn release_many(&self, keys: &[(&str, &str)]) -> Result<(), PollError> {
        if keys.is_empty() {
            return Ok(());
        }
        let (i, r) = key_arrays(keys.iter().copied());
        let mut guard = self.client().await?;
        let e = |e: tokio_postgres::Error| db_err(&self.url, "releasing leases", &e);
        let stmt = guard.prepared(RELEASE_MANY).await.map_err(e)?;
        guard
            .execute(&stmt, &[&i, &r, &self.owner])
            .await
            .map_err(e)?;
        Ok(())
    }

    /// Give a lease back and set the resource due again `after` from now (a failed cycle is
    /// retried one period later, by whichever worker takes it then).
    pub async fn release_due_in(
        &self,
        instance: &str,
        key: &str,
        after: Duration,
    ) -> Result<(), PollError> {
        let guard = self.client().await?;
        guard
            .execute(
                "UPDATE pollctl_lease SET owner = NULL, expires_at = NULL, \
                 next_due = now() + $4::float8 * interval '1 millisecond' \
                 WHERE instance_id = $1 AND resource = $2 AND owner = $3",
                &[&instance, &key, &self.owner, &(after.as_millis() as f64)],
            )
            .await
            .map_err(|e| db_err(&self.url, "releasing a lease", &e))?;
        Ok(())
    }

    /// Queue the set-aside records of `instance` (only those of `resource`, when given) for
    /// the next cycle of their resource; returns how many were queued.
    pub async fn queue_for_replay(
        &self,
        instance: &str,
        resource: Option<&str>,
    ) -> Result<u64, PollError> {
        let guard = self.client().await?;
        guard
            .execute(
                "UPDATE pollctl_set_aside SET queued = true \
                 WHERE instance_id = $1 AND NOT queued \
                   AND ($2::text IS NULL OR entry->>'resource' = $2)",
                &[&instance, &resource],
            )
            .await
            .map_err(|e| db_err(&self.url, "queueing set-aside records", &e))
    }

    /// The set-aside records: `(instance, key, entry, queued)` in key order, those set aside
    /// before those queued for replay, each in the order kept.
    pub async fn set_aside(
        &self,
        instance: Option<&str>,
    ) -> Result<Vec<(String, String, serde_json::Value, bool)>, PollError> {
        let guard = self.client().await?;
        let rows = guard
            .query(
                "SELECT instance_id, resource, entry, queued FROM pollctl_set_aside \
                 WHERE ($1::text IS NULL OR instance_id = $1) ORDER BY 1, 2, 4, id",
                &[&instance],
            )
            .await
            .map_err(|e| db_err(&self.url, "reading set-aside records", &e))?;
        Ok(rows
            .into_iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect())
    }
}

async fn schema_version(
    c: &impl tokio_postgres::GenericClient,
) -> Result<i32, tokio_postgres::Error> {
    let exists: bool = c
        .query_one("SELECT to_regclass('pollctl_schema') IS NOT NULL", &[])
        .await?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let v: Option<i32> = c
        .query_one("SELECT max(version) FROM pollctl_schema", &[])
        .await?
        .get(0);
    Ok(v.unwrap_or(0))
}

/// A lease this worker holds, renewed in the background every third of its lifetime until
/// dropped (then left to expire, or released explicitly by the run).
#[derive(Debug)]
pub struct PgLease {
    pub state: Arc<PgState>,
    pub instance: String,
    pub key: String,
    /// The resource's set-aside records queued for replay when the lease was taken
    /// (`(id, record)`): the next cycle classifies them again and its commit removes them.
    pub queued: Vec<(i64, setaside::Entry)>,
    /// Lost (the database said so), and when the last renewal that succeeded was sent.
    health: Arc<std::sync::Mutex<(bool, std::time::Instant)>>,
    ttl: Duration,
    renewer: tokio::task::JoinHandle<()>,
}

impl PgLease {
    pub fn start(state: Arc<PgState>, instance: &str, key: &str) -> PgLease {
        let (s, i, k) = (state.clone(), instance.to_string(), key.to_string());
        let every = (state.ttl / 3).max(Duration::from_millis(50));
        let health = Arc::new(std::sync::Mutex::new((false, std::time::Instant::now())));
        let h = health.clone();
        let renewer = tokio::spawn(async move {
            let mut t = tokio::time::interval(every);
            t.tick().await;
            loop {
                t.tick().await;
                let sent = std::time::Instant::now();
                match s.renew(&i, &k).await {
                    Ok(true) => {
                        if let Ok(mut g) = h.lock() {
                            g.1 = sent;
                        }
                    }
                    // Lost: the fenced commit will refuse; stop renewing.
                    Ok(false) => {
                        if let Ok(mut g) = h.lock() {
                            g.0 = true;
                        }
                        return;
                    }
                    // The database is unreachable: try again at the next tick.
                    Err(_) => {}
                }
            }
        });
        PgLease {
            ttl: state.ttl,
            state,
            instance: instance.to_string(),
            key: key.to_string(),
            queued: Vec::new(),
            health,
            renewer,
        }
    }

    /// Whether this worker may still act on the lease, as far as it can tell without asking
    /// the database: not reported lost, and renewed (or taken) less than 90% of its lifetime
    /// ago. A cycle stops delivering when it is not (the fenced commit would refuse anyway):
    /// a worker cut off from the database longer than its lease stops early instead of
    /// delivering what the worker that takes over will deliver again.
    pub fn in_force(&self) -> bool {
        match self.health.lock() {
            Ok(g) => !g.0 && g.1.elapsed() < self.ttl.mul_f64(0.9),
            Err(_) => false,
        }
    }

    /// Stop renewing and give the lease up.
    pub async fn release(self) -> Result<(), PollError> {
        self.renewer.abort();
        self.state.release(&self.instance, &self.key).await
    }

    /// Stop renewing and give the lease up, the resource due again `after` from now.
    pub async fn release_due_in(self, after: Duration) -> Result<(), PollError> {
        self.renewer.abort();
        self.state
            .release_due_in(&self.instance, &self.key, after)
            .await
    }
}

impl Drop for PgLease {
    fn drop(&mut self) {
        self.renewer.abort();
    }
}

impl PgState {
    /// The (instance, resource key) pairs whose unexpired lease this process holds, as the
    /// database sees them (`pollctl_leases_held` of `--metrics-listen`).
    pub async fn leases_held(&self) -> Result<Vec<(String, String)>, PollError> {
        let guard = self.client().await?;
        let rows = guard
            .query(
                "SELECT instance_id, resource FROM pollctl_lease \
                 WHERE owner = $1 AND expires_at > now()",
                &[&self.owner],
            )
            .await
            .map_err(|e| db_err(&self.url, "reading the leases held", &e))?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lease whose renewals do not reach the database stops being in force after 90% of
    /// its lifetime: a cycle then stops delivering (another worker may hold it by now).
    #[test]
    fn a_lease_not_renewed_in_time_is_no_longer_in_force() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            // Nothing listens on port 9: every renewal fails.
            let url = StateUrl::parse("postgres://u:pw@127.0.0.1:9/db").unwrap();
            let st = PgState::new(url, Duration::from_millis(300));
            let lease = PgLease::start(st, "inst", "things");
            assert!(lease.in_force());
            tokio::time::sleep(Duration::from_millis(200)).await;
            assert!(lease.in_force(), "within 90% of the lifetime");
            tokio::time::sleep(Duration::from_millis(150)).await;
            assert!(
                !lease.in_force(),
                "not renewed for 350 ms of a 300 ms lease"
            );
        });
    }

    #[test]
    fn passwords_are_redacted_in_urls_and_messages() {
        let u = StateUrl::parse("postgres://bob:s3cret@db.example:5432/pollctl?sslmode=require")
            .unwrap();
        assert!(!u.to_string().contains("s3cret"), "{u}");
        assert!(!format!("{u:?}").contains("s3cret"));
        let st = PgState::new(u.clone(), Duration::from_secs(1));
        let b = super::super::backend::Backend::Postgres(st);
        assert!(!format!("{b:?}").contains("s3cret"), "{b:?}");
        assert!(u.redacted().contains("bob:***@db.example"), "{u}");
        let q = redact("postgresql://db/x?user=a&password=hunter2");
        assert!(!q.contains("hunter2") && q.contains("password=***"), "{q}");
        assert_eq!(redact("host=db password=pw1"), "host=db password=***");
        assert_eq!(
            redact("postgres://u:p@ss@h:notaport/db"),
            "postgres://u:***@h:notaport/db"
        );
        let bad = StateUrl::parse("postgres://u:pw3@h:notaport/db").unwrap_err();
        assert!(!bad.contains("pw3") && bad.contains("u:***@h"), "{bad}");
        let e = StateUrl::parse("mysql://u:pw9@h/db").unwrap_err();
        assert!(!e.contains("pw9") && e.contains("postgres://"), "{e}");
    }
}
