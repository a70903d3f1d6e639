//! Fault injection (SPEC §7): `pollctl poll` in loop mode, forwarding to a flaky receiver,
//! against a sandbox that throttles (429/503 with `Retry-After`), fails (500), stalls (slow)
//! and sends truncated JSON (garbage), SIGKILLed at seeded random moments and restarted, then
//! one clean `--once` run. Over many seeds it checks that:
//!
//! (a) nothing is lost: every event a clean reference run sees at or before the final
//!     watermark of its resource was delivered (2xx) by some run;
//! (b) nothing is delivered twice within one process lifetime (deliveries are attributed to
//!     runs by their `pollDate`, which lies between that run's spawn and its death);
//! (c) no watermark passes an undelivered event: after every kill, each saved watermark is
//!     covered by what the runs so far delivered;
//! (d) in order per resource: within one cycle (one `pollDate`), accepted events follow the
//!     hub's listing (dates never go back; the event feed's records never go back).
//!
//! Odd seeds forward with 8 notifications in flight (pipelined), even seeds one at a time.
//! Pipelined, a failed notification is sent again with every one behind it, so (b) holds for
//! one at a time only, and (d) is checked on the last accepted copy of each event (with one
//! at a time there is one copy).
//!
//! Each seed also rolls the sandbox's hostile record modes ([`Modes`], each on for about half
//! the seeds): **same-second** changes (whole-second dates `yyyy-MM-dd'T'HH:mm:ss'Z'` in every
//! resource, several changes per second, so cycles end inside seconds that change again),
//! **type changes** (Egnyte's feed: an `UPDATED` then a `DELETED` of one object at the same
//! instant) and **late** records (visible up to 0.5–1.9 s after their timestamp; the resources
//! get `pollDelay` 2). A record counts as covered by a watermark `w` when the last instant its
//! date text can stand for is at or before `w − pollDelay`, the next window's start. For the
//! event feed, (a) is also checked against the hub's own ground truth
//! ([`SandboxHandle::feed_records`]), not only against the poller's reference run, so a change
//! the poller cannot tell from another (the reference run would miss it too) still counts as
//! lost.
//!
//! `POLLCTL_FAULT_RUNS=N` runs N seeds instead of the default (`POLLCTL_FAULT_SEED=S` starts
//! at seed S); `cargo test --test faults -- --nocapture` prints the figures.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use pollctl::sandbox::{Fault, Modes, Sandbox, SandboxConfig, SandboxHandle, demo};
use serde_json::{Value, json};

const DEFAULT_SEEDS: u64 = 24;
/// Seeds run at once.
const WORKERS: usize = 2;

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

fn parse_time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("{s:?} is not RFC 3339: {e}"))
        .with_timezone(&Utc)
}

impl Figures {
    fn add(&mut self, o: Figures) {
        self.seeds += o.seeds;
        self.runs += o.runs;
        self.kills += o.kills;
        for (k, n) in o.hub_faults {
            *self.hub_faults.entry(k).or_default() += n;
        }
        self.receiver_faults += o.receiver_faults;
        self.deliveries += o.deliveries;
        self.events_delivered += o.events_delivered;
        self.events_checked += o.events_checked;
        self.watermarks_checked += o.watermarks_checked;
        for (k, n) in o.modes {
            *self.modes.entry(k).or_default() += n;
        }
        self.truth_checked += o.truth_checked;
        self.order_checked += o.order_checked;
    }
}

/// What one seed observed; summed over seeds.
#[derive(Default)]
struct Figures {
    seeds: u64,
    runs: u64,
    kills: u64,
    hub_faults: BTreeMap<String, u64>,
    receiver_faults: u64,
    deliveries: u64,
    events_delivered: u64,
    events_checked: u64,
    watermarks_checked: u64,
    /// Seeds per record mode (`plain` when none was on).
    modes: BTreeMap<&'static str, u64>,
    /// Event-feed changes checked against the hub's ground truth.
    truth_checked: u64,
    /// Accepted events checked to follow the hub's order within their cycle.
    order_checked: u64,
}

/// Whole-second dates (the `same-second` mode).
const WHOLE_SECONDS: &str = "yyyy-MM-dd'T'HH:mm:ss'Z'";
/// `pollDelay` (seconds) of every resource when records come late.
const LATE_POLL_DELAY_S: i64 = 2;

/// One `pollctl poll` process lifetime: deliveries whose `pollDate` falls in `from..=to`
/// are its own.
struct Run {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
}

/// (instanceId, resource).
type Key = (String, String);
/// The saved watermark of each resource.
type Marks = HashMap<Key, DateTime<Utc>>;

/// (instanceId, resource) → watermark, from the state files under `state`.
fn watermarks(state: &Path) -> Marks {
    let mut out = HashMap::new();
    let Ok(instances) = std::fs::read_dir(state.join("poll")) else {
        return out;
    };
    for inst in instances.flatten() {
        for f in std::fs::read_dir(inst.path()).unwrap().flatten() {
            let p = f.path();
            if p.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let text = std::fs::read(&p).unwrap();
            let v: Value = serde_json::from_slice(&text)
                .unwrap_or_else(|e| panic!("{}: a state file that is not JSON: {e}", p.display()));
            if let Some(w) = v["watermark"].as_str() {
                out.insert(
                    (
                        v["instanceId"].as_str().unwrap().to_string(),
                        v["resource"].as_str().unwrap().to_string(),
                    ),
                    parse_time(w),
                );
            }
        }
    }
    out
}

fn poll_cmd(base: &str, state: &Path, files: &[PathBuf]) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin!("pollctl"));
    c.args(["--base-url", base, "--state-dir"])
        .arg(state)
        .arg("poll")
        .args(files)
        .args(["--param", "calendarId=primary", "--timeout", "10s"])
        .env("POLLCTL_USER_SECRET", "fault-user")
        .env("POLLCTL_ORG_SECRET", "fault-org")
        .env("POLLCTL_RETRY_BASE_MS", "1")
        .env("POLLCTL_RETRY_CAP_MS", "20")
        .env_remove("POLLCTL_ELEMENT_TOKEN")
        .env_remove("POLLCTL_SIGNATURE_KEY")
        .env_remove("POLLCTL_BASE_URL")
        .stdin(Stdio::null());
    c
}

fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

fn receiver_fail_next(rt: &tokio::runtime::Runtime, sb: &SandboxHandle, n: u64, status: u16) {
    let r = rt
        .block_on(
            http()
                .post(format!("{}/sandbox/receiver", sb.base_url()))
                .json(&json!({"failNext": n, "status": status}))
                .send(),
        )
        .unwrap();
    assert_eq!(r.status(), 200);
}

/// Faults still queued (not yet served).
fn faults_left(rt: &tokio::runtime::Runtime, sb: &SandboxHandle) -> usize {
    let v: Value = rt
        .block_on(async {
            http()
                .get(format!("{}/sandbox/faults", sb.base_url()))
                .send()
                .await?
                .json()
                .await
        })
        .unwrap();
    v["next"].as_array().unwrap().len()
}

fn clear_faults(rt: &tokio::runtime::Runtime, sb: &SandboxHandle) {
    let r = rt
        .block_on(
            http()
                .delete(format!("{}/sandbox/faults", sb.base_url()))
                .send(),
        )
        .unwrap();
    assert_eq!(r.status(), 200);
}

/// One seed: sandbox + four instances, loop-mode runs killed at random, a clean final run,
/// a clean reference run, and the three properties.
fn one_seed(rt: &tokio::runtime::Runtime, seed: u64, fig: &mut Figures) {
    let mut dice = common::Dice(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0xFA17);
    let modes = Modes {
        same_second: dice.range(0, 1) == 1,
        type_changes: dice.range(0, 1) == 1,
        late_ms: if dice.range(0, 1) == 1 {
            dice.range(500, 1900) as i64
        } else {
            0
        },
    };
    let mut on = Vec::new();
    for (name, set) in [
        ("same-second", modes.same_second),
        ("type-changes", modes.type_changes),
        ("late", modes.late_ms > 0),
    ] {
        if set {
            *fig.modes.entry(name).or_default() += 1;
            on.push(name);
        }
    }
    if on.is_empty() {
        *fig.modes.entry("plain").or_default() += 1;
    }
    // Dense streams: a shorter span (and a shorter listing of the resources without a date
    // filter, still 20 s longer than the span) keeps the number of records, and the time,
    // about the same.
    let span = if modes.same_second {
        chrono::Duration::seconds(20)
    } else {
        chrono::Duration::minutes(5)
    };
    let sb = rt
        .block_on(Sandbox::start(SandboxConfig {
            seed,
            slow_delay: Duration::from_millis(dice.range(30, 150)),
            retry_after_secs: 1,
            recent: if modes.same_second {
                Duration::from_secs(40)
            } else {
                SandboxConfig::default().recent
            },
            modes,
            ..SandboxConfig::default()
        }))
        .unwrap();
    let poll_delay_ms = if modes.late_ms > 0 {
        LATE_POLL_DELAY_S * 1000
    } else {
        0
    };
    // The latest instant a record's date text can stand for, past its parsed value.
    let resolution_ms = if modes.same_second { 999 } else { 0 };
    let provisioned = rt
        .block_on(demo::provision_all_with(&sb, seed, |_, poller| {
            for (_, res) in poller.as_object_mut().unwrap().iter_mut() {
                if modes.late_ms > 0 {
                    res["pollDelay"] = json!(LATE_POLL_DELAY_S);
                }
                if !modes.same_second {
                    continue;
                }
                if let Some(dates) = res
                    .get_mut("datesConfiguration")
                    .and_then(Value::as_object_mut)
                {
                    for key in ["updatedDateFormat", "createdDateFormat"] {
                        if dates.contains_key(key) {
                            dates.insert(key.into(), json!(WHOLE_SECONDS));
                        }
                    }
                }
            }
        }))
        .unwrap();
    let in_flight = if seed % 2 == 1 { "8" } else { "1" };
    on.push(if in_flight == "1" {
        "one-at-a-time"
    } else {
        "pipelined"
    });
    let on = on.join("+");
    // Kept when an assertion fails (the runs' logs are in it); removed after a good seed.
    let dir = tempfile::tempdir().unwrap().keep();
    let logs = dir.display().to_string();
    let mut files = Vec::new();
    for p in &provisioned {
        let mut raw = p.raw.clone();
        // Small pages: a cycle spans several pages, so faults land mid-cycle.
        let poller = &mut raw["configuration"]["event.poller.configuration"];
        for (_, res) in poller.as_object_mut().unwrap().iter_mut() {
            res["pageSize"] = json!(dice.range(3, 12));
        }
        let f = dir.join(format!("{}.json", p.connector.key));
        std::fs::write(&f, serde_json::to_vec(&raw).unwrap()).unwrap();
        files.push(f);
    }

    // The hub's faults: a seeded script, about one response in four faulty.
    let kinds = [
        Fault::TooManyRequests,
        Fault::ServerError,
        Fault::Unavailable,
        Fault::Slow,
        Fault::Garbage,
        Fault::Cycle,
    ];
    let script: Vec<Fault> = (0..2000)
        .map(|_| {
            if dice.range(0, 3) == 0 {
                kinds[dice.range(0, kinds.len() as u64 - 1) as usize]
            } else {
                Fault::None
            }
        })
        .collect();
    sb.push_faults(script.iter().copied());

    let since = Utc::now() - span;
    let since_arg = since.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let state = dir.join("state");
    let mut runs: Vec<Run> = Vec::new();
    // (run index, watermarks after that run died)
    let mut snapshots: Vec<(usize, Marks)> = Vec::new();

    let kills = dice.range(2, 4);
    for k in 0..kills {
        let fail = dice.range(0, 6);
        let status = [500, 503, 429, 502][dice.range(0, 3) as usize];
        receiver_fail_next(rt, &sb, fail, status);
        let mut cmd = poll_cmd(&sb.base_url(), &state, &files);
        cmd.args(["--forward", "--interval", "150ms", "--max-retries", "3"])
            .args(["--in-flight", in_flight]);
        if k == 0 {
            cmd.args(["--since", &since_arg]);
        }
        let log = std::fs::File::create(dir.join(format!("run-{k}.log"))).unwrap();
        let from = Utc::now();
        let mut child = cmd
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawn pollctl poll");
        std::thread::sleep(Duration::from_millis(dice.range(100, 1200)));
        child.kill().expect("SIGKILL"); // SIGKILL on Unix
        child.wait().unwrap();
        let to = Utc::now();
        runs.push(Run { from, to });
        snapshots.push((runs.len() - 1, watermarks(&state)));
        fig.kills += 1;
    }

    // Count what the hub served before calming it down.
    let served = script.len() - faults_left(rt, &sb);
    for f in &script[..served] {
        if *f != Fault::None {
            *fig.hub_faults.entry(f.to_string()).or_default() += 1;
        }
    }
    clear_faults(rt, &sb);
    receiver_fail_next(rt, &sb, 0, 500);

    // A clean final run completes.
    let from = Utc::now();
    let out = poll_cmd(&sb.base_url(), &state, &files)
        .args(["--forward", "--once", "--max-retries", "3"])
        .args(["--in-flight", in_flight])
        .output()
        .unwrap();
    let to = Utc::now();
    assert_eq!(
        out.status.code(),
        Some(0),
        "seed {seed} [{on}] (logs in {logs}): the final clean run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    runs.push(Run { from, to });
    let finals = watermarks(&state);
    snapshots.push((runs.len() - 1, finals.clone()));
    fig.runs += runs.len() as u64;

    // The reference: one clean run over the whole span, printing events.
    let out = poll_cmd(&sb.base_url(), &dir.join("reference"), &files)
        .args(["--once", "--since", &since_arg])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "seed {seed} [{on}] (logs in {logs}): the reference run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // (instanceId, resource) → [(eventId, date)]
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
    assert!(
        reference.values().map(Vec::len).sum::<usize>() > 20,
        "seed {seed} [{on}] (logs in {logs}): the reference run saw too little to prove anything"
    );

    // What the receiver accepted, attributed to runs by pollDate.
    let mut per_run: Vec<HashMap<String, u32>> = vec![HashMap::new(); runs.len()];
    // Records of the event feed (`raw.events` of Egnyte's notifications) accepted by any run:
    // their `event_id`s.
    let mut feed_delivered: HashSet<String> = HashSet::new();
    // Order: within one cycle of one resource (its `pollDate`), accepted events come in the
    // order of the hub's listing: dates never go back, and the event feed's records (whose
    // `event_id` grows with every change) never go back either.
    // Per cycle: (date, feed id, eventId, delivery #) of each accepted event, in delivery order.
    type Accepted = Vec<(DateTime<Utc>, i64, String, u64)>;
    let mut cycle_seq: HashMap<(String, String, String), Accepted> = HashMap::new();
    for d in sb.deliveries() {
        fig.deliveries += 1;
        assert_eq!(
            serde_json::to_value(d.verdict).unwrap(),
            "valid",
            "seed {seed} [{on}] (logs in {logs}): delivery #{} not validly signed",
            d.seq
        );
        if !(200..300).contains(&d.status) {
            fig.receiver_faults += 1;
            continue;
        }
        let events = d.body["message"]["events"].as_array().unwrap();
        if events.first().and_then(|e| e["objectType"].as_str()) == Some("events") {
            for r in d.body["message"]["raw"]["events"].as_array().unwrap() {
                feed_delivered.insert(r["event_id"].to_string());
            }
        }
        let raw_feed = d.body["message"]["raw"]["events"].as_array();
        for (i, e) in events.iter().enumerate() {
            let date = parse_time(e["date"].as_str().unwrap());
            let feed_id = match e["objectType"].as_str() {
                Some("events") => raw_feed.and_then(|r| r[i]["event_id"].as_i64()).unwrap(),
                _ => i64::MIN,
            };
            let key = (
                e["instanceId"].as_str().unwrap().to_string(),
                e["objectType"].as_str().unwrap().to_string(),
                e["pollDate"].as_str().unwrap().to_string(),
            );
            cycle_seq.entry(key).or_default().push((
                date,
                feed_id,
                e["eventId"].as_str().unwrap().to_string(),
                d.seq,
            ));
            fig.order_checked += 1;
        }
        for e in events {
            let at = parse_time(e["pollDate"].as_str().unwrap());
            let run = runs
                .iter()
                .position(|r| r.from <= at && at <= r.to)
                .unwrap_or_else(|| {
                    panic!(
                        "seed {seed} [{on}] (logs in {logs}): delivery #{} has a pollDate {at} outside every run",
                        d.seq
                    )
                });
            *per_run[run]
                .entry(e["eventId"].as_str().unwrap().to_string())
                .or_default() += 1;
            fig.events_delivered += 1;
        }
    }

    // (d) on the last accepted copy of each event of a cycle.
    for (key, seq) in &cycle_seq {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut last_copies: Vec<&(DateTime<Utc>, i64, String, u64)> = seq
            .iter()
            .rev()
            .filter(|(_, _, id, _)| seen.insert(id.as_str()))
            .collect();
        last_copies.reverse();
        for w in last_copies.windows(2) {
            let ((last_date, last_id, _, _), (date, feed_id, id, seq)) = (w[0], w[1]);
            assert!(
                date >= last_date && (*feed_id == i64::MIN || feed_id > last_id),
                "seed {seed} [{on}] (logs in {logs}): {}/{}: in the cycle of {}, delivery #{seq} \
                 carries {id} (date {date}, feed id {feed_id}) after {last_date} (feed id {last_id}): \
                 out of the hub's order",
                key.0,
                key.1,
                key.2,
            );
        }
    }

    // (b) nothing twice within one process lifetime (one notification at a time).
    for (i, seen) in per_run.iter().enumerate().filter(|_| in_flight == "1") {
        let twice: Vec<(&String, &u32)> = seen.iter().filter(|(_, n)| **n > 1).collect();
        assert!(
            twice.is_empty(),
            "seed {seed} [{on}] (logs in {logs}): run {i} delivered {} event(s) more than once: {twice:?}",
            twice.len(),
        );
    }

    // A watermark `w` covers the records whose date text stands for instants at or before
    // `w − pollDelay` (the next window starts there); given as the latest parsed date covered.
    let covered_by =
        |w: DateTime<Utc>| w - chrono::Duration::milliseconds(poll_delay_ms + resolution_ms);
    // (c) after each run, every saved watermark is covered by what was delivered so far;
    // (a) is the last snapshot: the final watermarks.
    let mut delivered_so_far: HashSet<&str> = HashSet::new();
    let mut next_run = 0;
    for (run, marks) in &snapshots {
        while next_run <= *run {
            delivered_so_far.extend(per_run[next_run].keys().map(String::as_str));
            next_run += 1;
        }
        for (key, w) in marks {
            fig.watermarks_checked += 1;
            let Some(events) = reference.get(key) else {
                continue;
            };
            let covered = covered_by(*w);
            for (id, date) in events.iter().filter(|(_, d)| *d <= covered) {
                assert!(
                    delivered_so_far.contains(id.as_str()),
                    "seed {seed} [{on}] (logs in {logs}): {}/{}: event {id} of {date} is covered by the \
                     watermark {w} saved by run {run}, but no run up to it delivered it",
                    key.0,
                    key.1
                );
            }
        }
    }
    for (key, events) in &reference {
        let w = finals.get(key).unwrap_or_else(|| {
            panic!(
                "seed {seed} [{on}] (logs in {logs}): the final run committed no state for {key:?}"
            )
        });
        fig.events_checked += events.iter().filter(|(_, d)| *d <= covered_by(*w)).count() as u64;
    }
    // (a) against the hub's ground truth: every change the event feed made between `since`
    // and what the final watermark covers was delivered by some run.
    let egnyte = provisioned
        .iter()
        .find(|p| p.connector.key == "egnyte")
        .unwrap();
    let w = finals[&(egnyte.id.clone(), "events".to_string())];
    let truth = sb
        .feed_records(
            egnyte.id.parse().unwrap(),
            "events",
            since.timestamp_millis(),
            w.timestamp_millis(),
        )
        .expect("egnyte's events resource is an event feed");
    for r in truth {
        let date = parse_time(r["event_date"].as_str().unwrap());
        if date > covered_by(w) {
            continue;
        }
        fig.truth_checked += 1;
        assert!(
            feed_delivered.contains(&r["event_id"].to_string()),
            "seed {seed} [{on}] (logs in {logs}): the hub made the change {r} (covered by the final \
             watermark {w} of egnyte/events), but no run delivered it"
        );
    }
    fig.seeds += 1;
    rt.block_on(sb.shutdown());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Regression: a cycle that failed after delivering some pages (here a truncated second
/// page) used to deliver those events again when the same process retried the window.
#[test]
fn a_retried_window_does_not_redeliver_what_the_failed_cycle_delivered() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let _context = rt.enter();
    let sb = rt
        .block_on(Sandbox::start(SandboxConfig::default()))
        .unwrap();
    let provisioned = rt.block_on(demo::provision_all(&sb, 1)).unwrap();
    let egnyte = provisioned
        .iter()
        .find(|p| p.connector.key == "egnyte")
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut raw = egnyte.raw.clone();
    raw["configuration"]["event.poller.configuration"]["events"]["pageSize"] = json!(3);
    let file = dir.path().join("egnyte.json");
    std::fs::write(&file, serde_json::to_vec(&raw).unwrap()).unwrap();
    // First page fine, second page cut off mid-way; then everything fine.
    sb.push_faults([Fault::None, Fault::Garbage]);
    let state = dir.path().join("state");
    let mut child = poll_cmd(&sb.base_url(), &state, &[file])
        .args(["--forward", "--interval", "100ms", "--since", "20m"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the second cycle to commit (bounded).
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while watermarks(&state).is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !watermarks(&state).is_empty(),
        "no cycle committed: {stderr}"
    );
    assert!(stderr.contains("unparseable response"), "{stderr}");
    let mut ids: Vec<String> = Vec::new();
    for d in sb.deliveries() {
        assert_eq!(d.status, 200);
        for e in d.body["message"]["events"].as_array().unwrap() {
            ids.push(e["eventId"].as_str().unwrap().to_string());
        }
    }
    let first_page = sb.deliveries()[0].event_count;
    assert!(first_page > 0, "the failed cycle delivered its first page");
    let unique: HashSet<&String> = ids.iter().collect();
    assert!(
        ids.len() > first_page,
        "the retried cycle delivered the rest"
    );
    assert_eq!(
        unique.len(),
        ids.len(),
        "delivered twice in one run: {ids:?}"
    );
}

/// Regression: a notification that failed after the page's earlier notifications were
/// accepted; the retried window sends only what was not accepted.
#[test]
fn a_failed_notification_mid_page_is_resent_alone() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let _context = rt.enter();
    let sb = rt
        .block_on(Sandbox::start(SandboxConfig::default()))
        .unwrap();
    let provisioned = rt.block_on(demo::provision_all(&sb, 3)).unwrap();
    let egnyte = provisioned
        .iter()
        .find(|p| p.connector.key == "egnyte")
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut raw = egnyte.raw.clone();
    raw["configuration"]["event.poller.configuration"]["events"]["pageSize"] = json!(100);
    let file = dir.path().join("egnyte.json");
    std::fs::write(&file, serde_json::to_vec(&raw).unwrap()).unwrap();
    // The second notification fails (no retries); every other is accepted.
    let receiver =
        common::Server::start(|_, n| common::Resp::status(if n == 1 { 500 } else { 200 }, ""));
    let state = dir.path().join("state");
    let mut child = poll_cmd(&sb.base_url(), &state, &[file])
        .args(["--forward-to", &receiver.url, "--max-retries", "0"])
        // One at a time: with several in flight the ones behind it go again too.
        .args(["--in-flight", "1"])
        .args(["--interval", "100ms", "--since", "20m"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while watermarks(&state).is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !watermarks(&state).is_empty(),
        "no cycle committed: {stderr}"
    );
    let posts = receiver.requests();
    let ids = |i: usize| -> Vec<String> {
        posts[i].json()["message"]["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["eventId"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(posts.len() >= 3, "{} notifications; {stderr}", posts.len());
    assert_eq!(
        ids(0).len(),
        10,
        "the first page holds more than one notification"
    );
    let accepted: Vec<String> = (0..posts.len()).filter(|i| *i != 1).flat_map(ids).collect();
    let unique: HashSet<&String> = accepted.iter().collect();
    assert_eq!(unique.len(), accepted.len(), "accepted twice in one run");
    assert_eq!(
        ids(2),
        ids(1),
        "the retried window starts with the failed notification"
    );
}

#[cfg(unix)]
#[test]
fn killed_and_faulty_runs_lose_nothing_and_never_repeat_within_a_run() {
    let seeds = env_u64("POLLCTL_FAULT_RUNS")
        .unwrap_or(DEFAULT_SEEDS)
        .max(1);
    let first = env_u64("POLLCTL_FAULT_SEED").unwrap_or(1);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    // Request futures are built outside `block_on`; they need the runtime's context.
    let _context = rt.enter();
    let started = std::time::Instant::now();
    // Two seeds at a time: a seed mostly waits (for the moment of its next kill).
    let next = AtomicU64::new(first);
    let total = Mutex::new(Figures::default());
    std::thread::scope(|s| {
        for _ in 0..WORKERS {
            s.spawn(|| {
                let _context = rt.enter();
                loop {
                    let seed = next.fetch_add(1, Ordering::SeqCst);
                    if seed >= first + seeds {
                        break;
                    }
                    let mut fig = Figures::default();
                    one_seed(&rt, seed, &mut fig);
                    total.lock().unwrap().add(fig);
                }
            });
        }
    });
    let fig = total.into_inner().unwrap();
    let faults: u64 = fig.hub_faults.values().sum();
    let kinds: Vec<String> = fig
        .hub_faults
        .iter()
        .map(|(k, n)| format!("{k}: {n}"))
        .collect();
    let modes: Vec<String> = fig.modes.iter().map(|(k, n)| format!("{k}: {n}")).collect();
    println!(
        "fault injection: {} seeds (record modes: {}), {} poller runs, {} SIGKILLs, {faults} hub faults ({}), \
         {} receiver failures, {} deliveries carrying {} events, {} events checked against \
         the final watermarks, {} event-feed changes checked against the hub's ground truth, {} \
         events checked for order within their cycle, {} watermark snapshots checked: 0 lost, \
         0 out of order, 0 repeated within a run, no watermark past an undelivered event ({:.1} s)",
        fig.seeds,
        modes.join(", "),
        fig.runs,
        fig.kills,
        kinds.join(", "),
        fig.receiver_faults,
        fig.deliveries,
        fig.events_delivered,
        fig.events_checked,
        fig.truth_checked,
        fig.order_checked,
        fig.watermarks_checked,
        started.elapsed().as_secs_f64()
    );
    assert!(fig.kills >= 2 * fig.seeds);
    assert!(
        faults > 0 && fig.receiver_faults > 0,
        "faults were injected"
    );
    assert!(fig.events_checked > 0 && fig.truth_checked > 0);
}
