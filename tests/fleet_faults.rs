//! Fleet fault injection on PostgreSQL state (seeded, like `tests/faults.rs`): three
//! `pollctl poll --state postgres://… --forward` workers on one database poll a sandbox whose
//! hubs keep changing, while the test SIGKILLs random workers and restarts them, restarts
//! PostgreSQL once (an immediate shutdown: connections cut, as in a crash) and terminates the
//! workers' connections with `pg_terminate_backend`. Then a clean `--once` run completes and a
//! clean reference run (file state, same window) lists what there was to deliver.
//!
//! A trigger the test puts on `pollctl_state` records every commit with the lease as the
//! committing transaction saw it. Checked:
//!
//! (a) at least once: every change the reference run sees at or before the final watermark of
//!     its resource was delivered (2xx) by some worker;
//! (b) in order per resource: within one cycle (one `pollDate`), accepted events follow the
//!     hub's listing (dates never go back);
//! (c) nothing twice except an uncommitted window: when an event was accepted more than once,
//!     all its acceptances but at most one came from cycles that never committed (a worker
//!     that died, or that was cut off from the database past its lease: its commit was
//!     refused; same event ids);
//! (d) fencing: every commit was made by the worker holding the resource's unexpired lease;
//! (e) the work was shared: more than one worker committed.
//!
//! Needs `POLLCTL_TEST_PG_URL` and, to restart the server, `POLLCTL_TEST_PG_DIR` /
//! `POLLCTL_TEST_PG_PORT` (all printed by `tools/pg-test-cluster.sh start`). Without them the
//! test prints SKIPPED with the command that runs it; under `CI=true` it fails.
//! `POLLCTL_FLEET_FAULT_SEED=S` picks the seed; `-- --nocapture` prints the figures;
//! `POLLCTL_FLEET_FAULT_KEEP=1` keeps the workers' logs of a good run too.

mod common;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use pollctl::sandbox::{Sandbox, SandboxConfig, demo};
use serde_json::{Value, json};

const RUN: &str = "eval \"$(tools/pg-test-cluster.sh start)\" && cargo test --test fleet_faults; \
                   tools/pg-test-cluster.sh stop";
const WORKERS: usize = 3;
/// How long the workers run while faults are injected.
const CHAOS: Duration = Duration::from_secs(14);

fn parse_time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("{s:?} is not RFC 3339: {e}"))
        .with_timezone(&Utc)
}

/// The PostgreSQL test server (URL, data directory, port), or `None` with SKIPPED printed;
/// under CI a missing server is a failure.
fn server() -> Option<(String, String, String)> {
    let get = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    match (
        get("POLLCTL_TEST_PG_URL"),
        get("POLLCTL_TEST_PG_DIR"),
        get("POLLCTL_TEST_PG_PORT"),
    ) {
        (Some(u), Some(d), Some(p)) => Some((u, d, p)),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "fleet_faults: POLLCTL_TEST_PG_URL, POLLCTL_TEST_PG_DIR and POLLCTL_TEST_PG_PORT \
                 must be set under CI=true (.ci/run evaluates `tools/pg-test-cluster.sh start`)"
            );
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED fleet_faults: no PostgreSQL test cluster (POLLCTL_TEST_PG_URL, \
                 POLLCTL_TEST_PG_DIR, POLLCTL_TEST_PG_PORT); run: {RUN}"
            );
            None
        }
    }
}

async fn connect(url: &str) -> tokio_postgres::Client {
    let (c, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to the test server: {e}"));
    tokio::spawn(conn);
    c
}

fn sql(rt: &tokio::runtime::Runtime, url: &str, q: &str) -> Vec<tokio_postgres::Row> {
    rt.block_on(async {
        connect(url)
            .await
            .query(q, &[])
            .await
            .unwrap_or_else(|e| panic!("{q}: {e}"))
    })
}

fn fresh_db(rt: &tokio::runtime::Runtime, admin: &str) -> String {
    let mut r = [0u8; 6];
    getrandom::fill(&mut r).unwrap();
    let name = format!("pollctl_f_{}", hex::encode(r));
    rt.block_on(async {
        connect(admin)
            .await
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
    });
    let mut u = url::Url::parse(admin).unwrap();
    u.set_path(&format!("/{name}"));
    u.to_string()
}

/// Every commit, with the lease as the committing transaction saw it.
const AUDIT: &str = "
CREATE TABLE fleet_audit (
    seq          bigserial PRIMARY KEY,
    instance_id  text NOT NULL,
    resource     text NOT NULL,
    watermark    timestamptz,
    committed_by text NOT NULL,
    lease_owner  text,
    lease_live   boolean
);
CREATE FUNCTION fleet_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO fleet_audit (instance_id, resource, watermark, committed_by, lease_owner, lease_live)
    SELECT NEW.instance_id, NEW.doc->>'resource', NEW.watermark, NEW.committed_by,
           l.owner, coalesce(l.expires_at > now(), false)
    FROM (SELECT 1) x
    LEFT JOIN pollctl_lease l ON l.instance_id = NEW.instance_id AND l.resource = NEW.resource;
    RETURN NEW;
END $$;
CREATE TRIGGER fleet_audit AFTER INSERT OR UPDATE ON pollctl_state
    FOR EACH ROW EXECUTE FUNCTION fleet_audit();
";

fn pollctl(base: &str, files: &[PathBuf], state: &str) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin!("pollctl"));
    c.args(["--base-url", base, "poll"])
        .args(files)
        .args(["--param", "calendarId=primary", "--timeout", "10s"])
        .args(["--state", state])
        .env("POLLCTL_USER_SECRET", "fault-user")
        .env("POLLCTL_ORG_SECRET", "fault-org")
        .env("POLLCTL_RETRY_BASE_MS", "1")
        .env("POLLCTL_RETRY_CAP_MS", "20")
        .env_remove("POLLCTL_ELEMENT_TOKEN")
        .env_remove("POLLCTL_SIGNATURE_KEY")
        .env_remove("POLLCTL_BASE_URL")
        .env_remove("POLLCTL_STATE")
        .stdin(Stdio::null());
    c
}

struct Worker {
    child: Child,
    log: PathBuf,
}

#[test]
fn a_fleet_survives_kills_a_database_restart_and_cut_connections() {
    let Some((admin, pg_dir, pg_port)) = server() else {
        return;
    };
    let seed = std::env::var("POLLCTL_FLEET_FAULT_SEED")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(7u64);
    let mut dice = common::Dice(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0xF1EE7);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let _context = rt.enter();
    let db = fresh_db(&rt, &admin);
    let sb = rt
        .block_on(Sandbox::start(SandboxConfig {
            seed,
            ..SandboxConfig::default()
        }))
        .unwrap();
    let provisioned = rt.block_on(demo::provision_all(&sb, seed)).unwrap();
    // Kept when an assertion fails (the workers' logs are in it).
    let dir = tempfile::tempdir().unwrap().keep();
    let logs = dir.display().to_string();
    let mut files = Vec::new();
    for p in &provisioned {
        let mut raw = p.raw.clone();
        // Small pages: a cycle spans several pages, so kills land mid-cycle.
        let poller = &mut raw["configuration"]["event.poller.configuration"];
        for (_, res) in poller.as_object_mut().unwrap().iter_mut() {
            res["pageSize"] = json!(dice.range(3, 12));
        }
        let f = dir.join(format!("{}.json", p.connector.key));
        std::fs::write(&f, serde_json::to_vec(&raw).unwrap()).unwrap();
        files.push(f);
    }

    // The schema, then the audit trigger on it.
    let out = Command::new(assert_cmd::cargo::cargo_bin!("pollctl"))
        .args(["state", "migrate", "--state", &db])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    rt.block_on(async { connect(&db).await.batch_execute(AUDIT).await.unwrap() });

    let since = Utc::now() - chrono::Duration::minutes(5);
    let since_arg = since.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    // The history since `since`, delivered by one run: `--since` moves a saved watermark, so
    // it is given to one run, not to every worker of a fleet.
    let out = pollctl(&sb.base_url(), &files, &db)
        .args(["--forward", "--once", "--since", &since_arg])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "seed {seed}: the first run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut spawned = 0;
    let mut spawn = |dir: &Path| -> Worker {
        let log = dir.join(format!("worker-{spawned}.log"));
        spawned += 1;
        let child = pollctl(&sb.base_url(), &files, &db)
            .args(["--forward", "--interval", "150ms", "--lease", "3s"])
            .args(["--max-retries", "3"])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("spawn pollctl poll");
        Worker { child, log }
    };
    let mut workers: Vec<Worker> = (0..WORKERS).map(|_| spawn(&dir)).collect();

    // The faults, at seeded moments: kills (with restarts) all along, one server restart and
    // one cut of every connection, at different times.
    let restart_at = Duration::from_millis(dice.range(3_000, 6_000));
    let cut_at = Duration::from_millis(dice.range(8_000, 11_000));
    let (mut restarted, mut cut, mut kills) = (false, false, 0);
    let t0 = Instant::now();
    // Until the time is up and both one-off faults happened (a slow restart under load may
    // push the cut past the end).
    while t0.elapsed() < CHAOS || !restarted || !cut {
        assert!(
            t0.elapsed() < CHAOS * 3,
            "seed {seed}: the fault schedule did not finish"
        );
        std::thread::sleep(Duration::from_millis(dice.range(500, 1_500)));
        let now = t0.elapsed();
        if !restarted && now >= restart_at {
            let st = Command::new(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tools/pg-test-cluster.sh"
            ))
            .arg("restart")
            .env("POLLCTL_TEST_PG_DIR", &pg_dir)
            .env("POLLCTL_TEST_PG_PORT", &pg_port)
            .status()
            .unwrap();
            assert!(st.success(), "restarting PostgreSQL failed");
            restarted = true;
            continue;
        }
        if !cut && now >= cut_at {
            let n = sql(
                &rt,
                &db,
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
                 WHERE datname = current_database() AND pid <> pg_backend_pid()",
            );
            eprintln!("terminated {} connection(s)", n[0].get::<_, i64>(0));
            cut = true;
            continue;
        }
        let w = dice.range(0, WORKERS as u64 - 1) as usize;
        workers[w].child.kill().expect("SIGKILL");
        workers[w].child.wait().unwrap();
        kills += 1;
        // Back at once, or a little later.
        std::thread::sleep(Duration::from_millis(dice.range(0, 600)));
        workers[w] = spawn(&dir);
    }
    assert!(restarted && cut, "the schedule injected every fault");
    // A quiet moment: the last worker started is up (its signal handler installed).
    std::thread::sleep(Duration::from_millis(1_500));
    // Stop the fleet: SIGTERM, each gives its leases back.
    for w in &workers {
        let ok = Command::new("kill")
            .args(["-TERM", &w.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok);
    }
    for w in &mut workers {
        let st = w.child.wait().unwrap();
        let log = std::fs::read_to_string(&w.log).unwrap_or_default();
        assert!(
            !log.contains("pollctl-test-secret"),
            "a worker printed the password: {log}"
        );
        // Stopped by SIGTERM (130); or it had started while the server was down or cutting
        // connections and gave up at once (exit 1, naming the database), as a service
        // manager would see and restart.
        let gave_up_at_start = st.code() == Some(1)
            && log.contains("error: state postgres://")
            && !log.contains(" page(s), ");
        assert!(
            st.code() == Some(130) || gave_up_at_start,
            "(logs in {logs}) {st:?}: {log}"
        );
    }

    // A clean final run completes.
    let out = pollctl(&sb.base_url(), &files, &db)
        .args(["--forward", "--once", "--max-retries", "3"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "seed {seed} (logs in {logs}): the final clean run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The reference: one clean run over the whole span on file state, printing events.
    let out = pollctl(
        &sb.base_url(),
        &files,
        dir.join("reference").to_str().unwrap(),
    )
    .args(["--once", "--since", &since_arg])
    .output()
    .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "seed {seed}: the reference run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    type Key = (String, String);
    let mut reference: HashMap<Key, Vec<(String, DateTime<Utc>)>> = HashMap::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let e: Value = serde_json::from_str(line).unwrap();
        reference
            .entry((
                e["instanceId"].as_str().unwrap().to_string(),
                e["objectType"].as_str().unwrap().to_string(),
            ))
            .or_default()
            .push((
                e["eventId"].as_str().unwrap().to_string(),
                parse_time(e["date"].as_str().unwrap()),
            ));
    }
    let reference_events: usize = reference.values().map(Vec::len).sum();
    assert!(
        reference_events > 20,
        "seed {seed}: the reference run saw too little to prove anything"
    );

    // The commits, as the database saw them.
    let audit = sql(
        &rt,
        &db,
        "SELECT instance_id, resource, \
                to_char(watermark AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), \
                committed_by, lease_owner, lease_live FROM fleet_audit ORDER BY seq",
    );
    let mut committed: HashSet<(String, String, String)> = HashSet::new();
    let mut committers: HashSet<String> = HashSet::new();
    for r in &audit {
        let (inst, res, mark): (String, String, String) = (r.get(0), r.get(1), r.get(2));
        let by: String = r.get(3);
        let owner: Option<String> = r.get(4);
        let live: bool = r.get(5);
        // (d) fencing, checked from the database.
        assert!(
            owner.as_deref() == Some(by.as_str()) && live,
            "seed {seed} (logs in {logs}): {inst}/{res} committed by {by} while the lease was \
             {owner:?} (live: {live})"
        );
        committed.insert((inst, res, mark));
        committers.insert(by);
    }
    // (e) shared: the chaos workers plus the final run; at least two chaos workers committed.
    assert!(
        committers.len() >= 3,
        "seed {seed}: only {} process(es) committed: {committers:?}",
        committers.len()
    );
    let finals: HashMap<Key, DateTime<Utc>> = sql(
        &rt,
        &db,
        "SELECT instance_id, doc->>'resource', \
                to_char(watermark AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') \
         FROM pollctl_state",
    )
    .iter()
    .map(|r| ((r.get(0), r.get(1)), parse_time(&r.get::<_, String>(2))))
    .collect();

    // What the receiver accepted.
    let mut accepted: HashMap<String, Vec<(u64, Key, String)>> = HashMap::new();
    let mut cycle_order: HashMap<(String, String, String), DateTime<Utc>> = HashMap::new();
    let (mut deliveries, mut events_accepted) = (0, 0);
    for d in sb.deliveries() {
        deliveries += 1;
        if !(200..300).contains(&d.status) {
            continue;
        }
        for e in d.body["message"]["events"].as_array().unwrap() {
            let key: Key = (
                e["instanceId"].as_str().unwrap().to_string(),
                e["objectType"].as_str().unwrap().to_string(),
            );
            let poll_date = e["pollDate"].as_str().unwrap().to_string();
            let date = parse_time(e["date"].as_str().unwrap());
            // (b) in order within a cycle.
            let c = (key.0.clone(), key.1.clone(), poll_date.clone());
            if let Some(last) = cycle_order.get(&c) {
                assert!(
                    date >= *last,
                    "seed {seed} (logs in {logs}): {}/{}: in the cycle of {poll_date}, delivery \
                     #{} carries {} of {date} after one of {last}: out of order",
                    key.0,
                    key.1,
                    d.seq,
                    e["eventId"]
                );
            }
            cycle_order.insert(c, date);
            accepted
                .entry(e["eventId"].as_str().unwrap().to_string())
                .or_default()
                .push((d.seq, key, poll_date));
            events_accepted += 1;
        }
    }
    // (c) repeats only from cycles that never committed: at most one acceptance of an event
    // comes from a committed cycle.
    let mut repeats = 0;
    for (id, times) in &accepted {
        repeats += times.len() - 1;
        let from_commits: Vec<&(u64, Key, String)> = times
            .iter()
            .filter(|(_, key, poll_date)| {
                committed.contains(&(key.0.clone(), key.1.clone(), poll_date.clone()))
            })
            .collect();
        if let Some((_, key, _)) = from_commits.first() {
            assert!(
                from_commits.len() == 1,
                "seed {seed} (logs in {logs}): event {id} was accepted from {} committed cycles \
                 of {}/{}: {times:?}; commits of the resource: {:?}",
                from_commits.len(),
                key.0,
                key.1,
                audit
                    .iter()
                    .filter(|r| r.get::<_, String>(0) == key.0 && r.get::<_, String>(1) == key.1)
                    .map(|r| (r.get::<_, String>(2), r.get::<_, String>(3)))
                    .collect::<Vec<_>>()
            );
        }
    }
    // (a) every change covered by a final watermark was delivered.
    let mut checked = 0;
    for (key, events) in &reference {
        let w = finals
            .get(key)
            .unwrap_or_else(|| panic!("seed {seed}: no state committed for {key:?}"));
        for (id, date) in events.iter().filter(|(_, d)| d <= w) {
            checked += 1;
            assert!(
                accepted.contains_key(id),
                "seed {seed} (logs in {logs}): {}/{}: event {id} of {date} is covered by the final \
                 watermark {w}, but no worker delivered it",
                key.0,
                key.1
            );
        }
    }
    eprintln!(
        "fleet faults, seed {seed}: {spawned} worker processes, {kills} SIGKILLs, 1 PostgreSQL \
         restart, 1 connection cut; {} commits by {} processes; {deliveries} deliveries, \
         {events_accepted} events accepted ({repeats} repeats from uncommitted cycles); \
         {checked} reference events checked; {:.1} s",
        audit.len(),
        committers.len(),
        t0.elapsed().as_secs_f64()
    );
    rt.block_on(sb.shutdown());
    if std::env::var_os("POLLCTL_FLEET_FAULT_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
