//! Adversarial tests of the PostgreSQL state backend and the fleet, against a real PostgreSQL
//! server and the real binary: privileges, broken schemas, passwords with special characters,
//! fencing of a paused worker, the registry when the database is down.
//!
//! Like `tests/pg.rs`: the server comes from `POLLCTL_TEST_PG_URL` (a superuser URL; each test
//! creates its own database); without it these tests print SKIPPED with the command that runs
//! them, and under `CI=true` they fail instead.

mod common;

use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use common::{Resp, Server, instance, lines, pollctl};
use serde_json::{Value, json};

const FMT: &str = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";
const RUN: &str = "eval \"$(tools/pg-test-cluster.sh start)\" && cargo test --test \
                   pg_adversarial; tools/pg-test-cluster.sh stop";

/// The server's admin URL, or `None` (with SKIPPED printed) when there is none; under CI a
/// missing server is a failure, never a silent pass.
fn admin_url(test: &str) -> Option<String> {
    match std::env::var("POLLCTL_TEST_PG_URL") {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{test}: POLLCTL_TEST_PG_URL is not set under CI=true; .ci/run starts PostgreSQL \
                 with tools/pg-test-cluster.sh"
            );
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED {test}: no PostgreSQL (POLLCTL_TEST_PG_URL unset); run: {RUN}"
            );
            None
        }
    }
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

async fn connect(url: &str) -> tokio_postgres::Client {
    let (c, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to the test server: {e}"));
    tokio::spawn(conn);
    c
}

fn random_name(prefix: &str) -> String {
    let mut r = [0u8; 6];
    getrandom::fill(&mut r).unwrap();
    format!("{prefix}_{}", hex::encode(r))
}

/// A fresh database on the test server; returns its URL.
fn fresh_db(admin: &str) -> String {
    let name = random_name("pollctl_adv");
    sql(admin, &format!("CREATE DATABASE {name}"));
    let mut u = url::Url::parse(admin).unwrap();
    u.set_path(&format!("/{name}"));
    u.to_string()
}

fn sql(url: &str, q: &str) {
    block_on(async { connect(url).await.batch_execute(q).await.unwrap() });
}

fn query(url: &str, q: &str) -> Vec<tokio_postgres::Row> {
    block_on(async { connect(url).await.query(q, &[]).await.unwrap() })
}

fn password(url: &str) -> String {
    url::Url::parse(url)
        .unwrap()
        .password()
        .unwrap_or("")
        .to_string()
}

fn ago(secs: i64) -> String {
    (Utc::now() - chrono::Duration::seconds(secs)).to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn dated(extra: Value) -> Value {
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

/// A login role with a password full of URL-special characters, with the usual privileges of
/// a poller on a schema someone else migrated: read and write the rows, no DDL. Returns the
/// URL (password percent-encoded) and the password as the server knows it.
fn dml_role(admin: &str, db: &str) -> (String, String) {
    let role = random_name("poller");
    let secret = "p@ss:w/rd%41?#&='pw-9".to_string();
    sql(
        admin,
        &format!(
            "CREATE ROLE {role} LOGIN PASSWORD '{}'",
            secret.replace('\'', "''")
        ),
    );
    sql(
        db,
        &format!(
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC; \
             GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}; \
             GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}"
        ),
    );
    (with_password(db, &role, &secret), secret)
}

/// `url` with this user and password, every byte of the password but letters and digits
/// percent-encoded (`%` as `%25`, `@` as `%40`…).
fn with_password(url: &str, user: &str, secret: &str) -> String {
    let encoded: String = secret
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let u = url::Url::parse(url).unwrap();
    format!(
        "postgres://{user}:{encoded}@{}:{}{}",
        u.host_str().unwrap(),
        u.port().unwrap(),
        u.path()
    )
}

/// No form of `secret` (as typed, percent-encoded) appears in `text`.
fn assert_hidden(text: &str, url: &str, secret: &str) {
    assert!(!text.contains(secret), "the password shows: {text}");
    let encoded = password(url);
    assert!(!text.contains(&encoded), "the encoded password shows: {text}");
    assert!(!text.contains("pw-9"), "part of the password shows: {text}");
}

/// A role that may read and write pollctl's rows but not create tables (the schema was
/// migrated by an administrator, as `pollctl state migrate` suggests): `poll`, `state export`
/// and `state migrate` (nothing to do) work. They used to run `CREATE TABLE IF NOT EXISTS` at
/// every start, which needs CREATE on the schema, and failed with "migrating: db error".
/// The role's password has URL-special characters (percent-encoded): never shown.
#[test]
fn a_role_without_create_privilege_polls_a_migrated_database() {
    let Some(admin) = admin_url("dml_role") else {
        return;
    };
    let db = fresh_db(&admin);
    let home = tempfile::tempdir().unwrap();
    pollctl(home.path())
        .args(["state", "migrate", "--state", &db])
        .assert()
        .success();
    let (url, secret) = dml_role(&admin, &db);
    let t = ago(30);
    let srv = Server::start(move |_, _| {
        Resp::json(&json!([{"id": "A", "created": t, "updated": t}]))
    });
    let inst = instance(home.path(), "i.json", dated(json!({})), json!({}));
    let out = pollctl(home.path())
        .args(["poll", "--once", "-vv", "--base-url", &srv.url])
        .env("POLLCTL_STATE", &url)
        .arg(&inst)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_hidden(&err, &url, &secret);
    assert_eq!(lines(&out.stdout).len(), 1, "{err}");
    let n = query(&db, "SELECT count(*) FROM pollctl_state");
    assert_eq!(n[0].get::<_, i64>(0), 1);
    for args in [&["state", "export"][..], &["state", "migrate"], &["set-aside", "list"]] {
        let out = pollctl(home.path())
            .args(args)
            .env("POLLCTL_STATE", &url)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {err}");
        assert_hidden(&err, &url, &secret);
        assert_hidden(&String::from_utf8_lossy(&out.stdout), &url, &secret);
    }
}

/// What the database refused is named in the message (it used to be "db error" for every
/// refusal): a table of pollctl's name that is someone else's, a role that may not create
/// tables, a wrong password. Exit 1, password hidden.
#[test]
fn database_errors_name_the_servers_reason() {
    let Some(admin) = admin_url("db_reasons") else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    // The tables exist with other columns (another program's, or a damaged schema).
    let db = fresh_db(&admin);
    sql(&db, "CREATE TABLE pollctl_lease (x integer)");
    let out = pollctl(home.path())
        .args(["state", "migrate", "--state", &db])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("migrating to version 1") && err.contains("\"pollctl_lease\" already exists"),
        "{err}"
    );
    assert!(!err.contains(&password(&db)), "{err}");
    // Nothing half-done: the migration is one transaction.
    let n = query(&db, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'pollctl_%'");
    assert_eq!(n[0].get::<_, i64>(0), 1);

    // A role that may not create tables, on an empty database.
    let db = fresh_db(&admin);
    let (url, secret) = dml_role(&admin, &db);
    let out = pollctl(home.path())
        .args(["state", "migrate"])
        .env("POLLCTL_STATE", &url)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("permission denied for schema public"), "{err}");
    assert_hidden(&err, &url, &secret);

    // A wrong password.
    let user = url::Url::parse(&url).unwrap().username().to_string();
    let wrong = with_password(&url, &user, "Wr0ng:p@ss%-pw-9");
    let out = pollctl(home.path())
        .args(["state", "migrate"])
        .env("POLLCTL_STATE", &wrong)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("password authentication failed"), "{err}");
    assert_hidden(&err, &wrong, "Wr0ng:p@ss%");
}
