//! Adversarial tests of the PostgreSQL state backend and the fleet, against a real PostgreSQL
//! server and the real binary: privileges, broken schemas, passwords with special characters,
//! fencing of a paused worker, the registry when the database is down.
//!
//! Like `tests/pg.rs`: the server comes from `POLLCTL_TEST_PG_URL` (a superuser URL; each test
//! creates its own database); without it these tests print SKIPPED with the command that runs
//! them, and under `CI=true` they fail instead.

mod common;

use std::time::Duration;

use common::{Resp, Server, instance, lines, pollctl};
use serde_json::{Value, json};

use common::pg::{ago, block_on, connect, dated, exec, password, random_name, sql as query};

fn admin_url(test: &str) -> Option<String> {
    common::pg::admin_url(test, "pg_adversarial")
}

fn fresh_db(admin: &str) -> String {
    common::pg::fresh_db(admin, "pollctl_adv")
}

/// A login role with a password full of URL-special characters, with the usual privileges of
/// a poller on a schema someone else migrated: read and write the rows, no DDL. Returns the
/// URL (password percent-encoded) and the password as the server knows it.
fn dml_role(admin: &str, db: &str) -> (String, String) {
    let role = random_name("poller");
    let secret = "p@ss:w/rd%41?#&='pw-9".to_string();
    exec(
        admin,
        &format!(
            "CREATE ROLE {role} LOGIN PASSWORD '{}'",
            secret.replace('\'', "''")
        ),
    );
    exec(
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
    assert!(
        !text.contains(&encoded),
        "the encoded password shows: {text}"
    );
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
    let srv =
        Server::start(move |_, _| Resp::json(&json!([{"id": "A", "created": t, "updated": t}])));
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
    for args in [
        &["state", "export"][..],
        &["state", "migrate"],
        &["set-aside", "list"],
    ] {
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
    exec(&db, "CREATE TABLE pollctl_lease (x integer)");
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
    let n = query(
        &db,
        "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'pollctl_%'",
    );
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

/// A TCP proxy to the test server that can stop answering: in a partition it keeps every
/// connection open and reads what is sent, but forwards nothing either way (what a client
/// sees when a network drops packets, or a server hangs). Connections opened during a
/// partition stay dead after it heals; new ones work again.
struct Blackhole {
    port: u16,
    partition: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// Connections numbered below this are dead for good.
    dead_below: std::sync::Arc<std::sync::atomic::AtomicU64>,
    next: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl Blackhole {
    fn start(target: u16) -> Blackhole {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let partition = Arc::new(AtomicBool::new(false));
        let dead_below = Arc::new(AtomicU64::new(0));
        let next = Arc::new(AtomicU64::new(0));
        let (p, d, n) = (partition.clone(), dead_below.clone(), next.clone());
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { return };
                let id = n.fetch_add(1, Ordering::SeqCst);
                let Ok(server) = std::net::TcpStream::connect(("127.0.0.1", target)) else {
                    continue;
                };
                for (mut from, mut to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    let (p, d) = (p.clone(), d.clone());
                    std::thread::spawn(move || {
                        use std::io::{Read, Write};
                        let mut buf = [0u8; 16384];
                        loop {
                            let n = match from.read(&mut buf) {
                                Ok(0) | Err(_) => {
                                    let _ = to.shutdown(std::net::Shutdown::Write);
                                    return;
                                }
                                Ok(n) => n,
                            };
                            let dead = p.load(Ordering::SeqCst) || id < d.load(Ordering::SeqCst);
                            if !dead && to.write_all(&buf[..n]).is_err() {
                                return;
                            }
                        }
                    });
                }
            }
        });
        Blackhole {
            port,
            partition,
            dead_below,
            next,
        }
    }

    fn cut(&self) {
        self.partition
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// New connections work again; those opened before stay dead.
    fn heal(&self) {
        use std::sync::atomic::Ordering;
        self.dead_below
            .store(self.next.load(Ordering::SeqCst), Ordering::SeqCst);
        self.partition.store(false, Ordering::SeqCst);
    }

    /// `url` through this proxy.
    fn url(&self, url: &str) -> String {
        let mut u = url::Url::parse(url).unwrap();
        u.set_port(Some(self.port)).unwrap();
        u.to_string()
    }
}

/// The database stops answering mid-cycle (the state was loaded, the hub is being read):
/// `poll --once` gives up on the commit and exits 1 naming the database, having committed
/// nothing, instead of waiting forever (tokio-postgres has no timeout of its own).
#[test]
fn a_database_that_stops_answering_fails_the_run_instead_of_hanging() {
    let Some(admin) = admin_url("stops_answering") else {
        return;
    };
    let db = fresh_db(&admin);
    let home = tempfile::tempdir().unwrap();
    pollctl(home.path())
        .args(["state", "migrate", "--state", &db])
        .assert()
        .success();
    let port = url::Url::parse(&db).unwrap().port().unwrap();
    let proxy = std::sync::Arc::new(Blackhole::start(port));
    let p = proxy.clone();
    let t = ago(30);
    let srv = Server::start(move |_, _| {
        p.cut();
        Resp::json(&json!([{"id": "A", "created": t, "updated": t}]))
            .delay(Duration::from_millis(200))
    });
    let inst = instance(home.path(), "i.json", dated(json!({})), json!({}));
    let started = std::time::Instant::now();
    let out = pollctl(home.path())
        .args(["poll", "--once", "--lease", "2s", "--base-url", &srv.url])
        .args(["--state", &proxy.url(&db)])
        .arg(&inst)
        .timeout(Duration::from_secs(90))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(40),
        "took {:?}",
        started.elapsed()
    );
    assert!(err.contains("did not answer"), "{err}");
    assert!(!err.contains(&password(&db)), "{err}");
    let n = query(&db, "SELECT count(*) FROM pollctl_state");
    assert_eq!(n[0].get::<_, i64>(0), 0, "nothing committed");
}

/// A fleet worker whose database connections went dead (a partition; when it heals, the old
/// connections stay dead, as half-open TCP connections do) polls again soon after the
/// network is back. It used to wait on the dead connections forever: the worker never
/// recovered, while `/healthz` said it was alive.
#[test]
fn a_worker_recovers_from_dead_database_connections() {
    let Some(admin) = admin_url("dead_connections") else {
        return;
    };
    let db = fresh_db(&admin);
    let home = tempfile::tempdir().unwrap();
    pollctl(home.path())
        .args(["state", "migrate", "--state", &db])
        .assert()
        .success();
    let port = url::Url::parse(&db).unwrap().port().unwrap();
    let proxy = Blackhole::start(port);
    let srv = Server::start(move |_, _| {
        let t = ago(1);
        Resp::json(&json!([{"id": "A", "created": t, "updated": t}]))
    });
    let inst = instance(home.path(), "i.json", dated(json!({})), json!({}));
    let mut worker = common::pollctl_std(home.path())
        .args([
            "poll",
            "--interval",
            "300ms",
            "--lease",
            "2s",
            "--base-url",
            &srv.url,
        ])
        .args(["--state", &proxy.url(&db)])
        .arg(&inst)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let polls = |n: usize, max: Duration| srv.wait_for(n, max);
    assert!(polls(2, Duration::from_secs(20)), "the worker never polled");
    proxy.cut();
    std::thread::sleep(Duration::from_secs(3));
    proxy.heal();
    let healed_at = srv.count();
    let recovered = polls(healed_at + 2, Duration::from_secs(40));
    let _ = worker.kill();
    let out = worker.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        recovered,
        "no poll within 40 s of the network coming back ({} before); stderr:\n{err}",
        healed_at
    );
    assert!(!err.contains(&password(&db)), "{err}");
}

/// A platform double for provisioning: the Egnyte OAuth URL and `POST /instances`.
fn platform() -> Server {
    Server::start(|req, _| match (req.method.as_str(), req.path.as_str()) {
        ("GET", p) if p.ends_with("/elements/egnyte/oauth/url") => Resp::json(&json!({
            "element": "egnyte",
            "oauthUrl": "https://acme.egnyte.com/puboauth/token?client_id=cid"
        })),
        ("POST", p) if p.ends_with("/instances") => Resp::json(&json!({
            "id": 4242, "token": "INSTANCE-TOKEN-77", "name": "acme", "element": {"key": "egnyte"}
        })),
        _ => Resp::status(404, "{}"),
    })
}

/// `instance create --post` with PostgreSQL state that cannot be reached stops before the
/// platform creates anything. It used to create the instance first and then fail to save its
/// registry entry: an instance on the platform whose token nobody kept, reported only as
/// "cannot connect".
#[test]
fn instance_create_post_checks_the_database_before_creating_the_instance() {
    // Needs no server: the state database is a closed port.
    let srv = platform();
    let home = tempfile::tempdir().unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let state = format!("postgres://pollctl:Pw-s3cret-5@127.0.0.1:{port}/pollctl");
    let out = pollctl(home.path())
        .args(["instance", "create", "--connector", "egnyte", "--post"])
        .args([
            "--name",
            "acme",
            "--api-key",
            "cid",
            "--set",
            "subdomain=acme",
        ])
        .args(["--oauth-callback-url", "https://app.example/cb"])
        .args([
            "--callback-url",
            "https://hooks.example/in",
            "--code",
            "c0de",
        ])
        .env("POLLCTL_BASE_URL", &srv.url)
        .env("POLLCTL_USER_SECRET", "u-sec")
        .env("POLLCTL_ORG_SECRET", "o-sec")
        .env("POLLCTL_CLIENT_SECRET", "client-s3cret")
        .env("POLLCTL_STATE", &state)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("cannot connect") && err.contains("***"),
        "{err}"
    );
    assert!(!err.contains("Pw-s3cret-5"), "{err}");
    let posts = srv.requests().iter().filter(|r| r.method == "POST").count();
    assert_eq!(posts, 0, "the platform created an instance nobody recorded");
}

/// `oauth login` (the platform's flow) with PostgreSQL state saves the provisioned instance in
/// the database. It used to panic ("Cannot start a runtime from within a runtime") after the
/// platform had created the instance: the token was lost and the exit code was 101.
#[test]
fn oauth_login_with_postgres_state_saves_the_instance_in_the_database() {
    use std::io::{BufRead, BufReader, Read};
    let Some(admin) = admin_url("oauth_login_pg") else {
        return;
    };
    let db = fresh_db(&admin);
    let srv = platform();
    let home = tempfile::tempdir().unwrap();
    let inst = home.path().join("egnyte.json");
    std::fs::write(
        &inst,
        json!({
            "element": {"key": "egnyte"},
            "configuration": {"oauth.api.key": "cid", "oauth.api.secret": "client-s3cret",
                              "oauth.callback.url": "https://x.example/cb",
                              "subdomain": "acme", "event.notification.enabled": false},
            "name": "acme"
        })
        .to_string(),
    )
    .unwrap();
    let mut child = common::pollctl_std(home.path())
        .args(["oauth", "login", "--no-browser", "--instance"])
        .arg(&inst)
        .args(["--timeout", "30s"])
        .env("POLLCTL_BASE_URL", &srv.url)
        .env("POLLCTL_USER_SECRET", "u-sec")
        .env("POLLCTL_ORG_SECRET", "o-sec")
        .env("POLLCTL_STATE", &db)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut seen = String::new();
    while !seen.contains("https://acme.egnyte.com/") {
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(l) => {
                seen.push_str(&l);
                seen.push('\n');
            }
            Err(_) => {
                let _ = child.kill();
                panic!("no consent URL; stderr:\n{seen}");
            }
        }
    }
    let asked = srv.requests()[0].clone();
    let callback = format!(
        "{}?code=plat-code&state={}",
        asked.q("callbackUrl").unwrap(),
        asked.q("state").unwrap()
    );
    pollctl::platform::install_crypto_provider();
    let status = block_on(async { reqwest::get(&callback).await.unwrap().status() });
    assert_eq!(status, 200);
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let code = child.wait().unwrap().code();
    while let Ok(l) = rx.recv_timeout(Duration::from_secs(2)) {
        seen.push_str(&l);
        seen.push('\n');
    }
    assert_eq!(code, Some(0), "stderr:\n{seen}");
    assert!(!seen.contains("panicked"), "{seen}");
    assert!(stdout.contains("\"id\":\"4242\""), "{stdout}");
    assert!(
        !seen.contains(&password(&db)) && !seen.contains("INSTANCE-TOKEN-77"),
        "{seen}"
    );
    let rows = query(
        &db,
        "SELECT entry->>'token' FROM pollctl_instance WHERE name = 'acme'",
    );
    assert_eq!(rows.len(), 1, "the registry entry is in the database");
    assert_eq!(rows[0].get::<_, String>(0), "INSTANCE-TOKEN-77");
}

/// Every commit of `pollctl_state` with the lease as the committing transaction saw it.
fn record_commits(db: &str) {
    exec(
        db,
        "CREATE TABLE commit_log (by text, lease_owner text, lease_live boolean, at timestamptz);
         CREATE FUNCTION log_commit() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           INSERT INTO commit_log
             SELECT NEW.committed_by, l.owner, l.expires_at > now(), now()
             FROM pollctl_lease l
             WHERE l.instance_id = NEW.instance_id AND l.resource = NEW.resource;
           RETURN NEW;
         END $$;
         CREATE TRIGGER log_commit AFTER INSERT OR UPDATE ON pollctl_state
           FOR EACH ROW EXECUTE FUNCTION log_commit();",
    );
}

/// A worker paused (SIGSTOP) mid-cycle past its lease, while another takes the resource over
/// and commits, delivers nothing and commits nothing when it resumes (SIGCONT): it exits 1
/// with the lease lost. Every commit was made by the holder of a live lease.
#[test]
fn a_worker_paused_past_its_lease_neither_delivers_nor_commits_when_it_resumes() {
    let Some(admin) = admin_url("sigstop") else {
        return;
    };
    let db = fresh_db(&admin);
    let home = tempfile::tempdir().unwrap();
    pollctl(home.path())
        .args(["state", "migrate", "--state", &db])
        .assert()
        .success();
    record_commits(&db);
    let t = ago(30);
    let srv = Server::start(move |_, n| {
        let r = Resp::json(&json!([{"id": "A", "created": t, "updated": t}]));
        // The first worker's page comes late: it is paused while it waits.
        if n == 0 {
            r.delay(Duration::from_millis(2500))
        } else {
            r
        }
    });
    let inst = instance(home.path(), "i.json", dated(json!({})), json!({}));
    let a = common::pollctl_std(home.path())
        .args(["poll", "--once", "--lease", "1s", "--base-url", &srv.url])
        .args(["--state", &db])
        .arg(&inst)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = a.id().to_string();
    assert!(srv.wait_for(1, Duration::from_secs(20)), "A never polled");
    let signal = |s: &str| {
        assert!(
            std::process::Command::new("kill")
                .args([s, &pid])
                .status()
                .unwrap()
                .success()
        );
    };
    signal("-STOP");
    std::thread::sleep(Duration::from_millis(1800));
    // B takes the expired lease, polls and commits.
    let b = pollctl(home.path())
        .args(["poll", "--once", "--lease", "30s", "--base-url", &srv.url])
        .args(["--state", &db])
        .arg(&inst)
        .output()
        .unwrap();
    let b_err = String::from_utf8_lossy(&b.stderr);
    assert!(b.status.success(), "{b_err}");
    assert_eq!(lines(&b.stdout).len(), 1, "{b_err}");
    signal("-CONT");
    let a = a.wait_with_output().unwrap();
    let a_err = String::from_utf8_lossy(&a.stderr);
    assert_eq!(a.status.code(), Some(1), "{a_err}");
    assert!(a_err.contains("lease"), "{a_err}");
    assert!(
        lines(&a.stdout).is_empty(),
        "the paused worker delivered after losing its lease: {}",
        String::from_utf8_lossy(&a.stdout)
    );
    let log = query(&db, "SELECT by, lease_owner, lease_live FROM commit_log");
    assert_eq!(log.len(), 1, "one commit, by B");
    for row in &log {
        let (by, owner, live): (String, Option<String>, bool) =
            (row.get(0), row.get(1), row.get(2));
        assert!(
            !by.contains(&format!(":{pid}:")),
            "the paused worker committed"
        );
        assert_eq!(Some(&by), owner.as_ref(), "a commit without the lease");
        assert!(live, "a commit under an expired lease");
    }
}

/// Records queued for replay in the file backend (`set-aside replay`, not yet taken by a
/// cycle) are part of `state export`, as set-aside records — as the PostgreSQL export writes
/// its queued rows. They used to be left out: moving to PostgreSQL lost them for good (the
/// watermark is past them). `--replace` on files replaces the replay queue too.
#[test]
fn records_queued_for_replay_in_files_move_to_postgres() {
    let t = ago(30);
    let srv = Server::start(move |_, _| {
        // "bad" lacks the configured date field: set aside.
        Resp::json(&json!([
            {"id": "ok", "created": t, "updated": t},
            {"id": "bad", "created": t}
        ]))
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", dated(json!({})), json!({}));
    let out = pollctl(home.path())
        .args(["poll", "--once", "--base-url", &srv.url])
        .arg(&inst)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    pollctl(home.path())
        .args(["set-aside", "replay", "acme"])
        .assert()
        .success();
    let out = pollctl(home.path())
        .args(["state", "export"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let exported = lines(&out.stdout);
    let aside: Vec<&Value> = exported
        .iter()
        .filter(|l| l["type"] == "setAside")
        .collect();
    assert_eq!(
        aside.len(),
        1,
        "the queued record is exported: {exported:?}"
    );
    assert_eq!(aside[0]["entry"]["objectId"], "bad", "{exported:?}");
    let file = home.path().join("export.jsonl");
    std::fs::write(&file, &out.stdout).unwrap();

    // Back into files with --replace: the replay queue is replaced too (not replayed twice).
    pollctl(home.path())
        .args(["state", "import", "--replace"])
        .arg(&file)
        .assert()
        .success();
    let out = pollctl(home.path())
        .args(["set-aside", "list", "--format", "json"])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(
        listed.matches("\"objectId\":\"bad\"").count(),
        1,
        "{listed}"
    );

    let Some(admin) = admin_url("queued_export") else {
        return;
    };
    let db = fresh_db(&admin);
    pollctl(home.path())
        .args(["state", "import", "--state", &db])
        .arg(&file)
        .assert()
        .success();
    let rows = query(&db, "SELECT entry->>'objectId' FROM pollctl_set_aside");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].get::<_, String>(0), "bad");
}

/// A fleet worker with two resources, one of them never polled and locked for a moment by
/// someone else (another worker claiming it, an import, an administrator's transaction):
/// the other resource is polled all the same. The wake-up query subtracted `-infinity`
/// timestamps ("cannot subtract infinite timestamps"): the claim failed as if the database
/// were down, and the resource it had just taken was never polled while the lock lasted.
#[test]
fn a_locked_never_polled_resource_does_not_stop_the_others() {
    let Some(admin) = admin_url("infinite_wake") else {
        return;
    };
    let db = fresh_db(&admin);
    let home = tempfile::tempdir().unwrap();
    pollctl(home.path())
        .args(["state", "migrate", "--state", &db])
        .assert()
        .success();
    let srv = Server::start(move |_, _| {
        let t = ago(1);
        Resp::json(&json!([{"id": "A", "created": t, "updated": t}]))
    });
    let mut resources = dated(json!({}));
    resources["others"] = resources["things"].clone();
    resources["others"]["url"] = json!("/hubs/documents/others");
    let inst = instance(home.path(), "i.json", resources, json!({}));
    block_on(async {
        let c = connect(&db).await;
        c.batch_execute(
            "INSERT INTO pollctl_lease (instance_id, resource) VALUES ('acme', 'others')",
        )
        .await
        .unwrap();
        c.batch_execute("BEGIN; SELECT * FROM pollctl_lease WHERE resource = 'others' FOR UPDATE")
            .await
            .unwrap();
        let out = tokio::task::spawn_blocking({
            let (home, url, db) = (home.path().to_path_buf(), srv.url.clone(), db.clone());
            move || {
                let mut worker = common::pollctl_std(&home)
                    .args(["poll", "--interval", "300ms", "--concurrency", "2"])
                    .args(["--base-url", &url, "--state", &db])
                    .arg(&inst)
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap();
                std::thread::sleep(Duration::from_secs(4));
                let _ = worker.kill();
                worker.wait_with_output().unwrap()
            }
        })
        .await
        .unwrap();
        c.batch_execute("ROLLBACK").await.unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("infinite"), "{err}");
        let things = srv
            .requests()
            .iter()
            .filter(|r| r.path.ends_with("/things"))
            .count();
        assert!(
            things >= 2,
            "the free resource was polled {things} time(s); {err}"
        );
    });
}

/// `set-aside replay` while a cycle of the resource runs: the cycle took its queue when it
/// took the lease, so the records queued meanwhile stay queued (listed as such) and the next
/// cycle takes them; a record that still fails is set aside again. Never lost, never doubled.
#[test]
fn set_aside_replay_during_a_running_cycle_is_kept_for_the_next_one() {
    let Some(admin) = admin_url("replay_during_cycle") else {
        return;
    };
    let db = fresh_db(&admin);
    let t = ago(30);
    let srv = Server::start(move |_, n| {
        let r = Resp::json(&json!([
            {"id": "ok", "created": t, "updated": t},
            {"id": "bad", "created": t}
        ]));
        if n == 1 {
            r.delay(Duration::from_millis(2000))
        } else {
            r
        }
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        dated(json!({"pollDelay": 600})),
        json!({}),
    );
    let poll = || {
        common::pollctl_std(home.path())
            .args(["poll", "--once", "--base-url", &srv.url, "--state", &db])
            .arg(&inst)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let listed = || {
        let out = pollctl(home.path())
            .args(["set-aside", "list", "--format", "json", "--state", &db])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
        v
    };
    let first = poll().wait_with_output().unwrap();
    assert_eq!(
        first.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let running = poll();
    assert!(
        srv.wait_for(2, Duration::from_secs(20)),
        "the second cycle never polled"
    );
    pollctl(home.path())
        .args(["set-aside", "replay", "acme", "--state", &db])
        .assert()
        .success();
    let second = running.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(second.status.success(), "{err}");
    let v = listed();
    let text = v.to_string();
    assert_eq!(text.matches("\"objectId\":\"bad\"").count(), 1, "{text}");
    assert!(text.contains("\"queued\":true"), "still queued: {text}");
    // The next cycle takes it: it still fails, so it is set aside again (not queued).
    let third = poll().wait_with_output().unwrap();
    assert_eq!(
        third.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&third.stderr)
    );
    let text = listed().to_string();
    assert_eq!(text.matches("\"objectId\":\"bad\"").count(), 1, "{text}");
    assert!(!text.contains("\"queued\":true"), "{text}");
}

/// A database at schema version 1 (before due times, queued set-aside records and the
/// registry), with state and a set-aside record in it: two `state migrate` at once bring it
/// to version 2 once, keeping the rows; a read-only command asked for the migration before;
/// a poll goes on from the kept watermark (nothing delivered again).
#[test]
fn an_old_schema_is_migrated_once_keeping_its_rows() {
    let Some(admin) = admin_url("old_schema") else {
        return;
    };
    let db = fresh_db(&admin);
    let t = ago(30);
    let srv = Server::start(move |_, _| {
        Resp::json(&json!([
            {"id": "ok", "created": t, "updated": t},
            {"id": "bad", "created": t}
        ]))
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        dated(json!({"pollDelay": 600})),
        json!({}),
    );
    let out = pollctl(home.path())
        .args(["poll", "--once", "--base-url", &srv.url, "--state", &db])
        .arg(&inst)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6));
    assert_eq!(lines(&out.stdout).len(), 1);
    // Back to version 1: what version 2 added goes.
    exec(
        &db,
        "ALTER TABLE pollctl_lease DROP COLUMN next_due, DROP COLUMN polled_at;
         ALTER TABLE pollctl_set_aside DROP COLUMN queued;
         DROP TABLE pollctl_instance;
         DELETE FROM pollctl_schema WHERE version = 2;",
    );
    let out = pollctl(home.path())
        .args(["set-aside", "list", "--state", &db])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("version 1; run `pollctl state migrate`"),
        "{err}"
    );
    let spawn = || {
        common::pollctl_std(home.path())
            .args(["state", "migrate", "--state", &db])
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let mut notes = String::new();
    for p in [a, b] {
        let out = p.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(out.status.success(), "{err}");
        notes.push_str(&err);
    }
    assert_eq!(notes.matches("from version 1 to 2").count(), 1, "{notes}");
    assert_eq!(notes.matches("already at version 2").count(), 1, "{notes}");
    let v = query(&db, "SELECT count(*) FROM pollctl_schema WHERE version = 2");
    assert_eq!(v[0].get::<_, i64>(0), 1);
    let n = query(
        &db,
        "SELECT count(*) FROM pollctl_set_aside WHERE NOT queued",
    );
    assert_eq!(n[0].get::<_, i64>(0), 1, "the set-aside record is kept");
    let out = pollctl(home.path())
        .args(["poll", "--once", "--base-url", &srv.url, "--state", &db])
        .arg(&inst)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        lines(&out.stdout).is_empty(),
        "delivered again after the migration: {err}"
    );
}
