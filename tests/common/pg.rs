//! Helpers of the tests that run against a real PostgreSQL server (`tests/pg.rs`,
//! `tests/pg_adversarial.rs`): the server comes from `POLLCTL_TEST_PG_URL` (a superuser URL;
//! each test creates its own database). Without it a test prints SKIPPED with the command that
//! runs it; under `CI=true` it fails instead.

use chrono::{SecondsFormat, Utc};
use serde_json::{Value, json};

/// The date pattern of [`dated`] resources.
pub const FMT: &str = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

/// The server's admin URL, or `None` (with SKIPPED printed, naming the command that runs
/// `binary`'s tests) when there is none; under CI a missing server is a failure, never a
/// silent pass.
pub fn admin_url(test: &str, binary: &str) -> Option<String> {
    match std::env::var("POLLCTL_TEST_PG_URL") {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{test}: POLLCTL_TEST_PG_URL is not set under CI=true; .ci/run starts PostgreSQL \
                 with tools/pg-test-cluster.sh"
            );
            // Straight to the process's stderr: the harness captures eprintln! of passing tests.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED {test}: no PostgreSQL (POLLCTL_TEST_PG_URL unset); run: eval \
                 \"$(tools/pg-test-cluster.sh start)\" && cargo test --test {binary}; \
                 tools/pg-test-cluster.sh stop"
            );
            None
        }
    }
}

pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

pub async fn connect(url: &str) -> tokio_postgres::Client {
    let (c, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to the test server: {e}"));
    tokio::spawn(conn);
    c
}

/// `prefix_` and 12 random hex digits: a name no other test run uses.
pub fn random_name(prefix: &str) -> String {
    let mut r = [0u8; 6];
    getrandom::fill(&mut r).unwrap();
    format!("{prefix}_{}", hex::encode(r))
}

/// A fresh database on the test server, named `prefix_…`; returns its URL.
pub fn fresh_db(admin: &str, prefix: &str) -> String {
    let name = random_name(prefix);
    exec(admin, &format!("CREATE DATABASE {name}"));
    let mut u = url::Url::parse(admin).unwrap();
    u.set_path(&format!("/{name}"));
    u.to_string()
}

/// Run statements (no rows).
pub fn exec(url: &str, q: &str) {
    block_on(async { connect(url).await.batch_execute(q).await.unwrap() });
}

/// The rows of one query.
pub fn sql(url: &str, q: &str) -> Vec<tokio_postgres::Row> {
    block_on(async { connect(url).await.query(q, &[]).await.unwrap() })
}

pub fn password(url: &str) -> String {
    url::Url::parse(url)
        .unwrap()
        .password()
        .unwrap_or("")
        .to_string()
}

/// `secs` seconds ago, RFC 3339 with milliseconds.
pub fn ago(secs: i64) -> String {
    (Utc::now() - chrono::Duration::seconds(secs)).to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A `things` resource with `updated` and `created` dates in [`FMT`], plus `extra` keys.
pub fn dated(extra: Value) -> Value {
    let mut r = json!({
        "url": "/hubs/documents/things",
        "idField": "id",
        "datesConfiguration": {
            "updatedDateField": "updated", "updatedDateFormat": FMT, "updatedDateTimezone": "GMT",
            "createdDateField": "created", "createdDateFormat": FMT, "createdDateTimezone": "GMT"
        }
    });
    if let Value::Object(m) = extra {
        for (k, v) in m {
            r[k] = v;
        }
    }
    json!({ "things": r })
}
