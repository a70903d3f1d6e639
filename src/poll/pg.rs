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
pub const SCHEMA_VERSION: i32 = 1;

/// Forward-only migrations: `MIGRATIONS[n]` brings the schema from version `n` to `n + 1`.
const MIGRATIONS: &[&str] = &[r"
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
"];

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

/// One connection to the state database, reconnected when lost.
pub struct PgState {
    url: StateUrl,
    /// A few connections, each used by one operation at a time (commits of different
    /// resources run in parallel and share WAL flushes).
    clients: Vec<Mutex<Option<tokio_postgres::Client>>>,
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
    async fn client(
        &self,
    ) -> Result<tokio::sync::MappedMutexGuard<'_, tokio_postgres::Client>, PollError> {
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
        if guard.as_ref().is_none_or(|c| c.is_closed()) {
            *guard = Some(self.connect().await?);
        }
        tokio::sync::MutexGuard::try_map(guard, Option::as_mut).map_err(|_| PollError::State {
            path: PathBuf::from(self.url.redacted()),
            message: "no connection to the database".into(),
        })
    }

    /// The schema version of the database (0: none yet).
    pub async fn schema_version(&self) -> Result<i32, PollError> {
        let guard = self.client().await?;
        let c = &*guard;
        schema_version(c)
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
    /// lease, write the state, append the set-aside records and renew the lease. Nothing is
    /// written otherwise.
    pub async fn commit(
        &self,
        instance: &str,
        key: &str,
        resource: &str,
        next: &ResourceState,
        set_aside: &[setaside::Entry],
    ) -> Result<(), PollError> {
        self.commit_with(instance, key, resource, next, set_aside, false)
            .await
    }

    /// [`PgState::commit`]; `replace_set_aside` first drops the resource's set-aside records
    /// (an import with `--replace`), in the same transaction.
    pub async fn commit_with(
        &self,
        instance: &str,
        key: &str,
        resource: &str,
        next: &ResourceState,
        set_aside: &[setaside::Entry],
        replace_set_aside: bool,
    ) -> Result<(), PollError> {
        let doc = next
            .to_json(instance, resource, key)
            .map_err(|m| PollError::State {
                path: PathBuf::from(self.url.redacted()),
                message: m,
            })?;
        let doc: serde_json::Value =
            serde_json::from_slice(&doc).map_err(|e| PollError::State {
                path: PathBuf::from(self.url.redacted()),
                message: e.to_string(),
            })?;
        let mut guard = self.client().await?;
        let c = &mut *guard;
        let url = &self.url;
        let e = |e: tokio_postgres::Error| db_err(url, "committing", &e);
        let tx = c.transaction().await.map_err(e)?;
        // The state commit is durable before it is reported.
        tx.batch_execute("SET LOCAL synchronous_commit TO on")
            .await
            .map_err(e)?;
        let row = tx
            .query_opt(
                "SELECT owner, coalesce(expires_at > now(), false) FROM pollctl_lease \
                 WHERE instance_id = $1 AND resource = $2 FOR UPDATE",
                &[&instance, &key],
            )
            .await
            .map_err(e)?;
        let (holder, live): (Option<String>, bool) = match &row {
            Some(r) => (r.get(0), r.get(1)),
            None => (None, false),
        };
        if holder.as_deref() != Some(self.owner.as_str()) || !live {
            return Err(PollError::LeaseLost {
                instance: instance.to_string(),
                resource: resource.to_string(),
                holder,
            });
        }
        tx.execute(
            "INSERT INTO pollctl_state (instance_id, resource, watermark, doc, committed_by) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (instance_id, resource) DO UPDATE SET watermark = $3, doc = $4, \
             committed_by = $5, committed_at = now()",
            &[&instance, &key, &next.watermark, &doc, &self.owner],
        )
        .await
        .map_err(e)?;
        if replace_set_aside {
            tx.execute(
                "DELETE FROM pollctl_set_aside WHERE instance_id = $1 AND resource = $2",
                &[&instance, &key],
            )
            .await
            .map_err(e)?;
        }
        for entry in set_aside {
            let v = serde_json::to_value(entry).map_err(|er| PollError::State {
                path: PathBuf::from(url.redacted()),
                message: er.to_string(),
            })?;
            tx.execute(
                "INSERT INTO pollctl_set_aside (instance_id, resource, entry) VALUES ($1, $2, $3)",
                &[&instance, &key, &v],
            )
            .await
            .map_err(e)?;
        }
        tx.execute(
            "UPDATE pollctl_lease SET expires_at = now() + $3 * interval '1 millisecond' \
             WHERE instance_id = $1 AND resource = $2",
            &[&instance, &key, &self.ttl_ms()],
        )
        .await
        .map_err(e)?;
        tx.commit().await.map_err(e)
    }
}

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
    renewer: tokio::task::JoinHandle<()>,
}

impl PgLease {
    pub fn start(state: Arc<PgState>, instance: &str, key: &str) -> PgLease {
        let (s, i, k) = (state.clone(), instance.to_string(), key.to_string());
        let every = (state.ttl / 3).max(Duration::from_millis(50));
        let renewer = tokio::spawn(async move {
            let mut t = tokio::time::interval(every);
            t.tick().await;
            loop {
                t.tick().await;
                match s.renew(&i, &k).await {
                    Ok(true) => {}
                    // Lost: the fenced commit will refuse; stop renewing.
                    Ok(false) => return,
                    // The database is unreachable: try again at the next tick.
                    Err(_) => {}
                }
            }
        });
        PgLease {
            state,
            instance: instance.to_string(),
            key: key.to_string(),
            renewer,
        }
    }

    /// Stop renewing and give the lease up.
    pub async fn release(self) -> Result<(), PollError> {
        self.renewer.abort();
        self.state.release(&self.instance, &self.key).await
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
