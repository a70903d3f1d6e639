//! The PostgreSQL state backend against a real PostgreSQL server.
//!
//! The server comes from `POLLCTL_TEST_PG_URL` (a superuser URL; each test creates its own
//! database). `.ci/run` starts one with `tools/pg-test-cluster.sh`. Without the variable these
//! tests print SKIPPED with the command that runs them; under `CI=true` they fail instead.

mod common;

use std::collections::BTreeSet;
use std::process::Stdio;
use std::time::Duration;

use common::{Resp, Server, instance, lines, pollctl, pollctl_std};
use pollctl::poll::PollError;
use pollctl::poll::pg::{Acquired, Commit, PgState, StateUrl};
use pollctl::poll::state::ResourceState;
use serde_json::{Value, json};

use chrono::Utc;
use common::pg::{FMT, ago, block_on, dated, password, sql};

fn admin_url(test: &str) -> Option<String> {
    common::pg::admin_url(test, "pg")
}

fn fresh_db(admin: &str) -> String {
    common::pg::fresh_db(admin, "pollctl_t")
}

/// Bad `--state` values need no server: refused with exit 3 (invalid input) or 2 (usage),
/// never echoing a password.
#[test]
fn bad_state_values_are_refused_without_showing_passwords() {
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", dated(json!({})), json!({}));
    for (state, code, needle) in [
        ("mysql://u:pw-one@h/db", 3, "unsupported scheme \"mysql\""),
        ("postgres://u:pw-two@h:notaport/db", 3, "postgres://u:***@"),
    ] {
        let out = pollctl(home.path())
            .args(["poll", "--once", "--base-url", "http://127.0.0.1:9"])
            .args(["--state", state])
            .arg(&inst)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{state}: {err}");
        assert!(err.contains(needle), "{state}: {err}");
        assert!(!err.contains("pw-one") && !err.contains("pw-two"), "{err}");
    }
    let out = pollctl(home.path())
        .args(["state", "migrate", "--state", "some/dir"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("needs PostgreSQL state"), "{err}");
}

#[test]
fn migrate_creates_the_schema_once_and_a_newer_schema_is_refused() {
    let Some(admin) = admin_url("migrate") else {
        return;
    };
    let db = fresh_db(&admin);
    let home = tempfile::tempdir().unwrap();
    let out = pollctl(home.path())
        .args(["state", "migrate", "--state", &db])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("from version 0 to 2"), "{err}");
    assert!(
        !err.contains(&password(&db)) && err.contains("***"),
        "{err}"
    );
    let out = pollctl(home.path())
        .args(["state", "migrate"])
        .env("POLLCTL_STATE", &db)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && err.contains("already at version 2"),
        "{err}"
    );
    // A newer pollctl migrated this database: this one refuses to touch it.
    sql(
        &db,
        "INSERT INTO pollctl_schema (version, pollctl) VALUES (99, '9.9.9')",
    );
    let inst = instance(home.path(), "i.json", dated(json!({})), json!({}));
    let out = pollctl(home.path())
        .args([
            "poll",
            "--once",
            "--base-url",
            "http://127.0.0.1:9",
            "--state",
            &db,
        ])
        .arg(&inst)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("version 99") && err.contains("newer pollctl"),
        "{err}"
    );
    assert!(!err.contains(&password(&db)), "{err}");
}

#[test]
fn a_wrong_password_is_an_error_that_never_shows_it() {
    let Some(admin) = admin_url("wrong_password") else {
        return;
    };
    let mut u = url::Url::parse(&admin).unwrap();
    u.set_password(Some("not-the-Password-42")).unwrap();
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", dated(json!({})), json!({}));
    let out = pollctl(home.path())
        .args(["poll", "--once", "--base-url", "http://127.0.0.1:9", "-vv"])
        .env("POLLCTL_STATE", u.as_str())
        .arg(&inst)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("cannot connect") && err.contains("***"),
        "{err}"
    );
    assert!(!err.contains("not-the-Password-42"), "{err}");
}

/// Issue 14's CI scenario: two `poll --once` processes started at the same moment on one
/// database deliver each change once between them; a third run delivers only new changes.
#[test]
fn two_concurrent_once_runs_deliver_each_change_once_and_a_third_only_new_ones() {
    let Some(admin) = admin_url("ci_scenario") else {
        return;
    };
    let db = fresh_db(&admin);
    let t = ago(60);
    let extra = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let x = extra.clone();
    let srv = Server::start(move |_, _| {
        let mut recs = vec![
            json!({"id": "A", "created": t, "updated": t}),
            json!({"id": "B", "created": t, "updated": t}),
            json!({"id": "C", "created": t, "updated": t}),
        ];
        if x.load(std::sync::atomic::Ordering::SeqCst) {
            let n = ago(1);
            recs.push(json!({"id": "D", "created": n, "updated": n}));
        }
        // Slow enough that the two runs overlap.
        Resp::json(&Value::Array(recs)).delay(Duration::from_millis(700))
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        dated(json!({"pollDelay": 600})),
        json!({}),
    );
    let spawn = || {
        pollctl_std(home.path())
            .args(["poll", "--once", "--base-url", &srv.url, "--state", &db])
            .arg(&inst)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let mut ids = Vec::new();
    let mut skipped = 0;
    for out in [&a, &b] {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        assert!(!err.contains(&password(&db)), "{err}");
        if err.contains("skipped: another worker") {
            skipped += 1;
        }
        ids.extend(
            lines(&out.stdout)
                .iter()
                .map(|e| e["eventId"].as_str().unwrap().to_string()),
        );
    }
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(
        ids.len(),
        3,
        "each change exactly once between the two runs: {ids:?}"
    );
    assert_eq!(unique.len(), 3);
    // Started together, the second finds the lease taken and skips (it only polls after the
    // first committed when it starts later, and then the ledger holds A, B, C).
    eprintln!(
        "runs that skipped: {skipped}, hub requests: {}",
        srv.count()
    );
    assert_eq!(
        skipped + srv.count(),
        2,
        "each run either polled or skipped"
    );
    // The third run, after a new change: only D.
    extra.store(true, std::sync::atomic::Ordering::SeqCst);
    let out = pollctl(home.path())
        .args(["poll", "--once", "--base-url", &srv.url, "--state", &db])
        .arg(&inst)
        .output()
        .unwrap();
    assert!(out.status.success());
    let third: Vec<String> = lines(&out.stdout)
        .iter()
        .map(|e| e["objectId"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(third, vec!["D"]);
    // The state is in the database, not in the state directory.
    let rows = sql(&db, "SELECT resource, committed_by FROM pollctl_state");
    assert_eq!(rows.len(), 1);
    assert!(common::state_files(home.path()).is_empty());
    // Leases were given back at the end of each run.
    let held = sql(
        &db,
        "SELECT count(*) FROM pollctl_lease WHERE owner IS NOT NULL",
    );
    assert_eq!(held[0].get::<_, i64>(0), 0);
}

/// The file backend's `ties_at_the_boundary_over_consecutive_cycles`, on PostgreSQL.
#[test]
fn ties_at_the_boundary_over_consecutive_cycles_on_postgres() {
    let Some(admin) = admin_url("ties_at_the_boundary") else {
        return;
    };
    let db = fresh_db(&admin);
    let t = ago(30);
    let (t1, t2) = (t.clone(), t.clone());
    let srv = Server::start(move |_, n| {
        let a = json!({"id": "A", "created": t1, "updated": t1});
        let b = json!({"id": "B", "created": t2, "updated": t2});
        let c = json!({"id": "C", "created": t2, "updated": t2});
        Resp::json(&match n {
            0 => json!([a]),
            1 => json!([a, b]),
            _ => json!([c, b, a]),
        })
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        dated(json!({"pollDelay": 300})),
        json!({}),
    );
    let mut seen = Vec::new();
    for _ in 0..4 {
        let out = pollctl(home.path())
            .args(["poll", "--once", "--base-url", &srv.url])
            .env("POLLCTL_STATE", &db)
            .arg(&inst)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        seen.push(
            lines(&out.stdout)
                .iter()
                .map(|e| e["objectId"].as_str().unwrap().to_string())
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(seen, vec![vec!["A"], vec!["B"], vec!["C"], vec![]]);
}

/// A failed cycle commits nothing (no row), the next run delivers everything again with the
/// same event ids; set-aside records are committed with the state.
#[test]
fn a_failed_cycle_commits_nothing_and_set_aside_records_land_in_the_database() {
    let Some(admin) = admin_url("failed_cycle") else {
        return;
    };
    let db = fresh_db(&admin);
    let broken = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let b = broken.clone();
    let t = ago(30);
    let srv = Server::start(move |_, _| {
        if b.load(std::sync::atomic::Ordering::SeqCst) {
            return Resp::status(500, "down");
        }
        // "bad" lacks the configured date field (set aside) but has another one.
        Resp::json(&json!([
            {"id": "ok", "created": t, "updated": t, "modified": t},
            {"id": "bad", "created": t, "modified": t}
        ]))
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", dated(json!({})), json!({}));
    let run = || {
        pollctl(home.path())
            .args([
                "poll",
                "--once",
                "--max-retries",
                "0",
                "--base-url",
                &srv.url,
                "--state",
                &db,
            ])
            .arg(&inst)
            .output()
            .unwrap()
    };
    let out = run();
    assert_eq!(out.status.code(), Some(1));
    let n = sql(&db, "SELECT count(*) FROM pollctl_state");
    assert_eq!(n[0].get::<_, i64>(0), 0, "nothing committed");
    broken.store(false, std::sync::atomic::Ordering::SeqCst);
    let out = run();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "set aside: exit 6; {err}");
    let ev = lines(&out.stdout);
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0]["objectId"], "ok");
    let rows = sql(
        &db,
        "SELECT entry->>'objectId', entry->>'reason' FROM pollctl_set_aside",
    );
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].get::<_, Option<String>>(0).as_deref(), Some("bad"));
    assert!(
        err.contains("pollctl set-aside replay"),
        "exit 6 points to replay: {err}"
    );
    // `set-aside list` finds it there (the exit-6 message points to it).
    let out = pollctl(home.path())
        .args(["set-aside", "list", "--format", "json", "--state", &db])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let listed = lines(&out.stdout);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["objectId"], "bad");
    let n = sql(
        &db,
        "SELECT count(*) FROM pollctl_state WHERE watermark IS NOT NULL",
    );
    assert_eq!(n[0].get::<_, i64>(0), 1);
    // Replay over the database: queued (no longer listed), classified again by the next cycle
    // with the fixed configuration, and removed by its commit.
    let replay = || {
        pollctl(home.path())
            .args(["set-aside", "replay", "acme", "--resource", "things"])
            .env("POLLCTL_STATE", &db)
            .output()
            .unwrap()
    };
    let out = replay();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("1 record(s) queued") && !err.contains(&password(&db)),
        "{err}"
    );
    let out = pollctl(home.path())
        .args(["set-aside", "list", "--format", "json", "--state", &db])
        .output()
        .unwrap();
    let listed = lines(&out.stdout);
    assert_eq!(listed.len(), 1, "queued records are listed: {listed:?}");
    assert_eq!(listed[0]["queued"], true, "{listed:?}");
    let queued = sql(&db, "SELECT count(*) FROM pollctl_set_aside WHERE queued");
    assert_eq!(queued[0].get::<_, i64>(0), 1);
    // Replayed before the fix: set aside again (one record, not queued), exit 6.
    let out = run();
    assert_eq!(out.status.code(), Some(6));
    let rows = sql(&db, "SELECT queued FROM pollctl_set_aside");
    assert_eq!(rows.len(), 1);
    assert!(!rows[0].get::<_, bool>(0));
    // The fix: the date is in `modified`. Replayed: an event, and nothing set aside.
    let fixed = instance(
        home.path(),
        "i.json",
        dated(json!({"datesConfiguration": {
            "updatedDateField": "modified", "updatedDateFormat": FMT, "updatedDateTimezone": "GMT",
            "createdDateField": "created", "createdDateFormat": FMT, "createdDateTimezone": "GMT"
        }})),
        json!({}),
    );
    assert_eq!(fixed, inst);
    assert!(replay().status.success());
    let out = run();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let ids: Vec<Value> = lines(&out.stdout)
        .iter()
        .map(|e| e["objectId"].clone())
        .collect();
    assert!(ids.contains(&json!("bad")), "{ids:?}");
    let left = sql(&db, "SELECT count(*) FROM pollctl_set_aside");
    assert_eq!(left[0].get::<_, i64>(0), 0, "replayed and committed");
}

/// Fencing: a worker whose lease expired and was taken by another cannot commit; the new
/// holder can. A live lease is not taken.
#[test]
fn a_worker_that_lost_its_lease_cannot_commit() {
    let Some(admin) = admin_url("fencing") else {
        return;
    };
    let db = fresh_db(&admin);
    block_on(async {
        let url = StateUrl::parse(&db).unwrap();
        let a = PgState::open(url.clone(), Duration::from_millis(300))
            .await
            .unwrap();
        let b = PgState::open(url, Duration::from_secs(30)).await.unwrap();
        assert_ne!(a.owner(), b.owner());
        assert!(matches!(
            a.acquire("inst", "things").await.unwrap(),
            Acquired::Held
        ));
        // Live: B may not take it.
        match b.acquire("inst", "things").await.unwrap() {
            Acquired::Busy { owner } => assert_eq!(owner.as_deref(), Some(a.owner())),
            other => panic!("{other:?}"),
        }
        // A pauses past its lease (no renewal); B takes it over.
        tokio::time::sleep(Duration::from_millis(450)).await;
        assert!(matches!(
            b.acquire("inst", "things").await.unwrap(),
            Acquired::Held
        ));
        let mut next = ResourceState {
            watermark: Some(Utc::now()),
            ..Default::default()
        };
        next.ledger.insert("x", Some(1), Some(1));
        let at = Commit {
            instance: "inst",
            key: "things",
            resource: "things",
            next: &next,
            set_aside: &[],
            replayed: &[],
            replace_set_aside: false,
            period: Some(Duration::from_secs(60)),
        };
        let e = a.commit(&at).await.unwrap_err();
        match &e {
            PollError::LeaseLost { holder, .. } => {
                assert_eq!(holder.as_deref(), Some(b.owner()))
            }
            other => panic!("{other}"),
        }
        assert!(e.to_string().contains("nothing was committed"), "{e}");
        assert!(!a.renew("inst", "things").await.unwrap());
        assert!(a.load("inst", "things").await.unwrap().watermark.is_none());
        b.commit(&at).await.unwrap();
        let back = b.load("inst", "things").await.unwrap();
        assert!(back.ledger.contains("x", Some(1)));
        // Released: A may take it again at once.
        b.release("inst", "things").await.unwrap();
        assert!(matches!(
            a.acquire("inst", "things").await.unwrap(),
            Acquired::Held
        ));
    });
}

/// A cycle longer than the lease: the lease is renewed while it runs, so the fenced commit
/// succeeds (without renewal it would find the lease expired and commit nothing).
#[test]
fn a_cycle_longer_than_the_lease_renews_it_and_commits() {
    let Some(admin) = admin_url("renewal") else {
        return;
    };
    let db = fresh_db(&admin);
    let t = ago(30);
    let srv = Server::start(move |_, _| {
        Resp::json(&json!([{"id": "A", "created": t, "updated": t}]))
            .delay(Duration::from_millis(1500))
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", dated(json!({})), json!({}));
    let out = pollctl(home.path())
        .args(["poll", "--once", "--lease", "400ms", "--base-url", &srv.url])
        .args(["--state", &db])
        .arg(&inst)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(lines(&out.stdout).len(), 1);
    let n = sql(&db, "SELECT count(*) FROM pollctl_state");
    assert_eq!(n[0].get::<_, i64>(0), 1);
}

/// Fleet mode: three `poll` processes over 20 instances on one database share the work by due
/// time — every resource polled, on its schedule, by one process at a time, every process
/// polling — and when one is killed (SIGKILL: a lease it held mid-cycle is never given back)
/// the others poll all of its resources within one lease period.
#[test]
fn a_fleet_of_three_shares_twenty_instances_and_takes_over_a_killed_workers() {
    let Some(admin) = admin_url("fleet") else {
        return;
    };
    let db = fresh_db(&admin);
    let seen: std::sync::Arc<std::sync::Mutex<Vec<(String, std::time::Instant)>>> =
        Default::default();
    let log = seen.clone();
    let srv = Server::start(move |req, _| {
        log.lock()
            .unwrap()
            .push((req.path.clone(), std::time::Instant::now()));
        // Slow enough that two workers polling one resource at once would overlap.
        Resp::json(&json!([])).delay(Duration::from_millis(100))
    });
    let home = tempfile::tempdir().unwrap();
    let n = 20;
    let insts: Vec<std::path::PathBuf> = (0..n)
        .map(|i| {
            let p = instance(
                home.path(),
                &format!("i{i:02}.json"),
                dated(json!({"url": format!("/hubs/documents/things{i:02}")})),
                json!({}),
            );
            let mut v: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
            v["name"] = json!(format!("inst-{i:02}"));
            std::fs::write(&p, serde_json::to_vec(&v).unwrap()).unwrap();
            p
        })
        .collect();
    let interval = Duration::from_millis(800);
    let lease = Duration::from_secs(1);
    let worker = |k: usize| {
        let err = std::fs::File::create(home.path().join(format!("w{k}.err"))).unwrap();
        pollctl_std(home.path())
            .args([
                "poll",
                "--interval",
                "800ms",
                "--lease",
                "1s",
                "--concurrency",
                "3",
                "--base-url",
                &srv.url,
            ])
            .args(["--state", &db])
            .args(&insts)
            .stdout(Stdio::null())
            .stderr(err)
            .spawn()
            .unwrap()
    };
    let mut workers: Vec<std::process::Child> = (0..3).map(worker).collect();
    std::thread::sleep(Duration::from_secs(4));
    // Kill one in the middle of a cycle if it has one (its lease then has to expire).
    let victim = 0;
    let pid = workers[victim].id();
    let t0 = std::time::Instant::now();
    while t0.elapsed() < Duration::from_secs(2) {
        let mine = sql(
            &db,
            &format!(
                "SELECT count(*) FROM pollctl_lease WHERE owner LIKE '%:{pid}:%' AND expires_at > now()"
            ),
        );
        if mine[0].get::<_, i64>(0) > 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    workers[victim].kill().unwrap();
    workers[victim].wait().unwrap();
    let killed = std::time::Instant::now();
    std::thread::sleep(Duration::from_secs(3));
    // The others stop on SIGTERM: they abandon their cycles and give the leases back (still
    // due: the other worker may poll them again at once).
    let stopping = std::time::Instant::now();
    for w in workers.iter_mut().skip(1) {
        let ok = std::process::Command::new("kill")
            .args(["-TERM", &w.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok);
    }
    for w in workers.iter_mut().skip(1) {
        let status = w.wait().unwrap();
        assert_eq!(status.code(), Some(130), "interrupted: exit 130");
    }
    let seen = seen.lock().unwrap().clone();
    let mut by_path: std::collections::BTreeMap<String, Vec<std::time::Instant>> =
        Default::default();
    for (p, t) in seen.iter().filter(|(_, t)| *t < stopping) {
        by_path.entry(p.clone()).or_default().push(*t);
    }
    assert_eq!(
        by_path.len(),
        n,
        "every resource polled: {:?}",
        by_path.keys()
    );
    let mut worst_takeover = Duration::ZERO;
    for (p, times) in &by_path {
        // One worker at a time: the next poll starts after the previous one's answer (which
        // takes 100 ms), never two at once.
        let mut gaps: Vec<Duration> = times.windows(2).map(|w| w[1] - w[0]).collect();
        for gap in &gaps {
            assert!(
                *gap >= Duration::from_millis(100),
                "{p} polled twice within {gap:?}: two workers at once"
            );
        }
        // On its schedule (one period apart; a cycle taken late is followed sooner), and none
        // starved: ~7 s at one poll per 800 ms.
        gaps.sort();
        let median = gaps[gaps.len() / 2];
        assert!(
            median >= interval * 3 / 4 && median <= interval * 2,
            "{p}: median gap {median:?} for an interval of {interval:?}"
        );
        assert!(times.len() >= 5, "{p} polled only {} times", times.len());
        let after = times
            .iter()
            .find(|t| **t > killed)
            .unwrap_or_else(|| panic!("{p} not polled after the kill"));
        worst_takeover = worst_takeover.max(*after - killed);
    }
    eprintln!(
        "fleet: {} polls; every resource polled again {worst_takeover:?} after the kill",
        seen.len()
    );
    assert!(
        worst_takeover <= lease + interval + Duration::from_millis(500),
        "a resource waited {worst_takeover:?} after the kill (lease {lease:?})"
    );
    // Each worker did part of the work.
    for k in 0..3 {
        let err = std::fs::read_to_string(home.path().join(format!("w{k}.err"))).unwrap();
        let cycles = err.lines().filter(|l| l.contains(" page(s), ")).count();
        assert!(cycles >= 5, "worker {k} ran {cycles} cycles:\n{err}");
        assert!(!err.contains(&password(&db)), "{err}");
    }
    // Nothing left leased: the stopped workers gave theirs back, the killed one's expired.
    let live = sql(
        &db,
        "SELECT count(*) FROM pollctl_lease WHERE owner IS NOT NULL AND expires_at > now()",
    );
    assert_eq!(live[0].get::<_, i64>(0), 0);
}

/// `state export` from files, `state import` into PostgreSQL, polling goes on where the files
/// left off (nothing delivered again); and back from PostgreSQL into files, unchanged.
#[test]
fn export_import_moves_state_between_files_and_postgres_both_ways() {
    let Some(admin) = admin_url("export_import") else {
        return;
    };
    let db = fresh_db(&admin);
    let t = ago(30);
    let srv = Server::start(move |_, _| {
        Resp::json(&json!([
            {"id": "A", "created": t, "updated": t},
            {"id": "bad", "created": "never", "updated": "never"}
        ]))
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        dated(json!({"pollDelay": 600})),
        json!({}),
    );
    let files_a = home.path().join("files-a");
    let files_b = home.path().join("files-b");
    let out = pollctl(home.path())
        .args(["poll", "--once", "--base-url", &srv.url, "--state"])
        .arg(&files_a)
        .arg(&inst)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6));
    assert_eq!(lines(&out.stdout).len(), 1);
    let export = |state: &str| {
        let out = pollctl(home.path())
            .args(["state", "export", "--state", state])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        lines(&out.stdout)
    };
    let from_files = export(files_a.to_str().unwrap());
    assert_eq!(from_files.len(), 2, "{from_files:?}");
    assert_eq!(from_files[0]["type"], "state");
    assert_eq!(from_files[1]["type"], "setAside");
    let dump = home.path().join("dump.jsonl");
    std::fs::write(
        &dump,
        from_files
            .iter()
            .map(|v| v.to_string() + "\n")
            .collect::<String>(),
    )
    .unwrap();
    let import = |state: &str, extra: &[&str]| {
        pollctl(home.path())
            .args(["state", "import", "--state", state])
            .args(extra)
            .arg(&dump)
            .output()
            .unwrap()
    };
    let out = import(&db, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Again: refused without --replace.
    let out = import(&db, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("--replace") && !err.contains(&password(&db)),
        "{err}"
    );
    assert!(import(&db, &["--replace"]).status.success());
    // Polling on PostgreSQL goes on from the imported watermark and ledger: A is not sent again.
    let out = pollctl(home.path())
        .args(["poll", "--once", "--base-url", &srv.url, "--state", &db])
        .arg(&inst)
        .output()
        .unwrap();
    // Exit 0: the set-aside record is in the imported ledger too, so it is not set aside again.
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        lines(&out.stdout).is_empty(),
        "A delivered again after the move"
    );
    // And back into files: the PostgreSQL export imports into an empty directory.
    let from_pg = export(&db);
    assert_eq!(from_pg.iter().filter(|l| l["type"] == "state").count(), 1);
    // The imported record, once: --replace replaced it.
    assert_eq!(
        from_pg.iter().filter(|l| l["type"] == "setAside").count(),
        1
    );
    std::fs::write(
        &dump,
        from_pg
            .iter()
            .map(|v| v.to_string() + "\n")
            .collect::<String>(),
    )
    .unwrap();
    assert!(import(files_b.to_str().unwrap(), &[]).status.success());
    assert_eq!(export(files_b.to_str().unwrap()), from_pg);
    // A damaged line is invalid input, named by its line number.
    std::fs::write(&dump, "{\"type\":\"state\"}\n").unwrap();
    let out = import(files_b.to_str().unwrap(), &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("dump.jsonl:1"), "{err}");
}

/// The server drops the worker's connections (`pg_terminate_backend`, as on a failover or an
/// admin's kill): the loop reconnects, keeps its lease and delivers the next change, and a
/// change already committed is not delivered again.
#[test]
fn terminated_connections_are_reopened_and_polling_goes_on() {
    let Some(admin) = admin_url("terminate_backend") else {
        return;
    };
    let db = fresh_db(&admin);
    let more = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let m = more.clone();
    let t = ago(30);
    let srv = Server::start(move |_, _| {
        let mut recs = vec![json!({"id": "A", "created": t, "updated": t})];
        if m.load(std::sync::atomic::Ordering::SeqCst) {
            recs.push(json!({"id": "B", "created": t, "updated": t}));
        }
        Resp::json(&Value::Array(recs))
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        dated(json!({"pollDelay": 600})),
        json!({}),
    );
    let mut worker = pollctl_std(home.path())
        .args(["poll", "--interval", "200ms", "--lease", "5s"])
        .args(["--base-url", &srv.url, "--state", &db])
        .arg(&inst)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = worker.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let v: Value = serde_json::from_str(&line).unwrap();
            let _ = tx.send(v["objectId"].as_str().unwrap().to_string());
        }
    });
    let wait_for = |want: &str| -> Vec<String> {
        let mut got = Vec::new();
        let t0 = std::time::Instant::now();
        while t0.elapsed() < Duration::from_secs(20) {
            if let Ok(id) = rx.recv_timeout(Duration::from_millis(100)) {
                got.push(id.clone());
                if id == want {
                    return got;
                }
            }
        }
        panic!("{want} never delivered; got {got:?}");
    };
    assert_eq!(wait_for("A"), vec!["A"]);
    // Committed, then cut off.
    let t0 = std::time::Instant::now();
    while sql(&db, "SELECT 1 FROM pollctl_state").is_empty() {
        assert!(t0.elapsed() < Duration::from_secs(10));
        std::thread::sleep(Duration::from_millis(50));
    }
    let name = url::Url::parse(&db).unwrap().path()[1..].to_string();
    let killed = sql(
        &admin,
        &format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        ),
    );
    assert!(
        !killed.is_empty(),
        "the worker had no connection to terminate"
    );
    more.store(true, std::sync::atomic::Ordering::SeqCst);
    let after = wait_for("B");
    assert_eq!(after, vec!["B"], "A delivered again after the reconnect");
    // And committed over a new connection: B joined A in the ledger in the database.
    let t0 = std::time::Instant::now();
    loop {
        let row = &sql(
            &db,
            "SELECT jsonb_array_length(doc->'ledger'), doc::text FROM pollctl_state",
        )[0];
        let (n, doc): (i32, String) = (row.get(0), row.get(1));
        if n == 2 {
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "B never committed: {doc}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    worker.kill().unwrap();
    worker.wait().unwrap();
}

/// Processes that start together on a new database migrate it once between them (the
/// migration runs under an advisory lock; without it, all but one fail on "already exists").
#[test]
fn concurrent_first_starts_migrate_once() {
    let Some(admin) = admin_url("concurrent_migrate") else {
        return;
    };
    let db = fresh_db(&admin);
    let home = tempfile::tempdir().unwrap();
    let kids: Vec<_> = (0..4)
        .map(|_| {
            pollctl_std(home.path())
                .args(["state", "migrate", "--state", &db])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut migrated = 0;
    for k in kids {
        let out = k.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        if err.contains("from version 0 to 2") {
            migrated += 1;
        }
    }
    assert_eq!(migrated, 1);
    let rows = sql(&db, "SELECT version FROM pollctl_schema");
    assert_eq!(rows.len(), pollctl::poll::pg::SCHEMA_VERSION as usize);
}

/// With PostgreSQL state, `instance create --post` writes the registry entry to the database
/// (not the state directory); `poll NAME` and `poll --registry` take instances from there.
/// The entry keeps the instance token (needed to poll) but not the OAuth client secret.
#[test]
fn the_registry_lives_in_the_database_with_postgres_state() {
    let Some(admin) = admin_url("registry") else {
        return;
    };
    let db = fresh_db(&admin);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let sb = rt
        .block_on(pollctl::sandbox::Sandbox::start(
            pollctl::sandbox::SandboxConfig::default(),
        ))
        .unwrap();
    let base = sb.base_url();
    let code = rt.block_on(async {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let v: Value = http
            .get(format!("{base}/elements/egnyte/oauth/url"))
            .query(&[
                ("apiKey", "client-1"),
                ("apiSecret", "s3cret"),
                ("callbackUrl", "https://app.example/cb"),
                ("state", "st-1"),
            ])
            .header(
                "Authorization",
                "User sandbox-user, Organization sandbox-org",
            )
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let r = http
            .get(v["oauthUrl"].as_str().unwrap())
            .send()
            .await
            .unwrap();
        let loc = url::Url::parse(r.headers()["location"].to_str().unwrap()).unwrap();
        loc.query_pairs()
            .find(|(k, _)| k == "code")
            .map(|(_, v)| v.into_owned())
            .unwrap()
    });
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str], state: Option<&str>| {
        let mut c = pollctl(home.path());
        c.args(args)
            .env("POLLCTL_BASE_URL", &base)
            .env("POLLCTL_USER_SECRET", "sandbox-user")
            .env("POLLCTL_ORG_SECRET", "sandbox-org")
            .env("POLLCTL_CLIENT_SECRET", "s3cret");
        if let Some(s) = state {
            c.env("POLLCTL_STATE", s);
        }
        c.output().unwrap()
    };
    let out = run(
        &[
            "instance",
            "create",
            "--connector",
            "egnyte",
            "--post",
            "--name",
            "sbx-egnyte",
            "--api-key",
            "client-1",
            "--set",
            "subdomain=acme",
            "--oauth-callback-url",
            "https://app.example/cb",
            "--callback-url",
            "https://hooks.example/in",
            "--code",
            &code,
        ],
        Some(&db),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("pollctl_instance") && !err.contains(&password(&db)),
        "{err}"
    );
    let id = serde_json::from_slice::<Value>(&out.stdout).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        !home.path().join("state/instances/sbx-egnyte.json").exists(),
        "the registry entry went to the database, not the state directory"
    );
    let rows = sql(
        &db,
        "SELECT entry::text FROM pollctl_instance WHERE name = 'sbx-egnyte'",
    );
    assert_eq!(rows.len(), 1);
    let stored: String = rows[0].get(0);
    assert!(!stored.contains("s3cret"), "client secret stored: {stored}");
    assert!(stored.contains("\"token\""), "{stored}");
    // Polled by name, from the database's registry (no file, no --base-url needed).
    let out = run(
        &["poll", "sbx-egnyte", "--once", "--since", "30m"],
        Some(&db),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let events = lines(&out.stdout);
    assert!(!events.is_empty(), "the sandbox has changes in the window");
    assert!(events.iter().all(|e| e["instanceId"] == json!(id)));
    // --registry: every registered instance; nothing new since.
    let out = run(&["poll", "--registry", "--once"], Some(&db));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("sbx-egnyte") || err.contains(&id), "{err}");
    // `instance list` shows the database's registry (no token).
    let out = run(&["instance", "list", "--format", "json"], Some(&db));
    assert!(out.status.success());
    let listed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed[0]["name"], "sbx-egnyte", "{listed}");
    assert!(listed[0].get("token").is_none());
    // `instance show` reads it from the database too (token redacted unless revealed).
    let out = run(
        &["instance", "show", "sbx-egnyte", "--format", "json"],
        Some(&db),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["id"], json!(id), "{shown}");
    assert!(
        shown["token"].as_str().unwrap().contains("redacted"),
        "{shown}"
    );
    let out = run(&["instance", "show", "nope"], Some(&db));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains("pollctl_instance") && err.contains("known: sbx-egnyte"),
        "{err}"
    );
    assert!(!err.contains(&password(&db)), "{err}");
    // The file backend's registry does not have it.
    let out = run(&["poll", "sbx-egnyte", "--once"], None);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("neither a file nor a provisioned instance")
    );
    // `instance delete` removes it from the database (the platform's copy stays).
    let out = run(&["instance", "delete", "sbx-egnyte"], Some(&db));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains(&password(&db)), "{err}");
    assert!(
        sql(
            &db,
            "SELECT 1 FROM pollctl_instance WHERE name = 'sbx-egnyte'"
        )
        .is_empty(),
        "still in the database registry"
    );
    let out = run(&["instance", "show", "sbx-egnyte"], Some(&db));
    assert_eq!(out.status.code(), Some(3));
    rt.block_on(sb.shutdown());
}
