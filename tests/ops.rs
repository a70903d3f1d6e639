//! `pollctl poll` as a service: `--metrics-listen` (Prometheus `/metrics`, `/healthz`,
//! `/readyz`) and `--log-format json`, through the real binary on loopback with real HTTP
//! requests. The exposition is also read by the Prometheus project's own Python parser
//! (`prometheus_client`; `.ci/run` installs it, and under CI=true its absence fails).
//! The PostgreSQL readiness test needs `POLLCTL_TEST_PG_URL` (tools/pg-test-cluster.sh), like
//! tests/pg.rs: skipped loudly without it, failed under CI=true.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{SecondsFormat, Utc};
use common::{Resp, Server, instance, pollctl, pollctl_std, resource};
use serde_json::{Value, json};

const FMT: &str = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

fn now_text() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A `pollctl poll` in the background, its stderr collected; killed (by its pid) when dropped.
struct Poller {
    child: Child,
    stderr: Arc<Mutex<Vec<String>>>,
    stdout: Arc<Mutex<Vec<String>>>,
}

/// Collect the lines of `pipe` on a thread.
fn collect(pipe: impl Read + Send + 'static) -> Arc<Mutex<Vec<String>>> {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let into = lines.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            into.lock().unwrap().push(line);
        }
    });
    lines
}

impl Poller {
    fn spawn(mut cmd: std::process::Command) -> Poller {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn pollctl poll");
        let stderr = collect(child.stderr.take().expect("piped stderr"));
        let stdout = collect(child.stdout.take().expect("piped stdout"));
        Poller {
            child,
            stderr,
            stdout,
        }
    }

    /// The events printed so far (JSON Lines on stdout).
    fn events(&self) -> Vec<Value> {
        self.stdout
            .lock()
            .unwrap()
            .iter()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:?}")))
            .collect()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().join("\n")
    }

    /// The endpoint's address, from the note pollctl prints once it listens.
    fn endpoint(&mut self) -> String {
        let t0 = Instant::now();
        loop {
            if let Some(addr) = self.stderr.lock().unwrap().iter().find_map(|l| {
                let rest = l.split("metrics on http://").nth(1)?;
                Some(rest.split('/').next()?.to_string())
            }) {
                return addr;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "pollctl exited ({status}) before listening:\n{}",
                    self.stderr()
                );
            }
            assert!(
                t0.elapsed() < Duration::from_secs(30),
                "no endpoint note:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Poller {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `GET path` over a plain TCP connection: (status, body).
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").expect("an HTTP answer");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("a status code");
    (status, body.to_string())
}

/// `GET path` until `want(status, body)` holds (bounded); returns the last answer.
fn get_until(
    addr: &str,
    path: &str,
    max: Duration,
    want: impl Fn(u16, &str) -> bool,
) -> (u16, String) {
    let t0 = Instant::now();
    loop {
        let (status, body) = get(addr, path);
        if want(status, &body) || t0.elapsed() > max {
            return (status, body);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The samples of a Prometheus text exposition: `name{labels}` → value (labels as written).
fn samples(text: &str) -> BTreeMap<String, f64> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (k, v) = l
                .rsplit_once(' ')
                .unwrap_or_else(|| panic!("bad line {l:?}"));
            (k.to_string(), v.parse().unwrap_or_else(|_| panic!("{l:?}")))
        })
        .collect()
}

/// The sum of the samples of `name` whose labels contain every `filter` pair.
fn sum(s: &BTreeMap<String, f64>, name: &str, filter: &[(&str, &str)]) -> f64 {
    s.iter()
        .filter(|(k, _)| {
            k.split('{').next() == Some(name)
                && filter
                    .iter()
                    .all(|(l, v)| k.contains(&format!("{l}=\"{v}\"")))
        })
        .map(|(_, v)| v)
        .sum()
}

/// Is the python module importable? Under CI=true a missing one fails (`.ci/run` installs
/// it); elsewhere the check is skipped with a message.
fn python_module(module: &str, test: &str) -> bool {
    let ok = std::process::Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{test}: python3 module {module} is missing under CI=true (.ci/run installs it with pip)"
    );
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED part of {test}: python3 -c 'import {module}' failed; pip install {module}"
    );
    false
}

/// The exposition as the Prometheus project's Python parser reads it: `name{sorted labels}`
/// → value, one per sample.
fn parsed_by_prometheus_client(text: &str) -> BTreeMap<String, f64> {
    let script = r#"
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = {}
for fam in text_string_to_metric_families(sys.stdin.read()):
    for s in fam.samples:
        labels = ",".join(f'{k}="{v}"' for k, v in sorted(s.labels.items()))
        out[f"{s.name}{{{labels}}}"] = s.value
print(json.dumps(out))
"#;
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "prometheus_client refused the exposition: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Counters equal what was really emitted and delivered, retries and failures are counted,
/// the lag gauge grows while cycles fail, `/healthz` and `/readyz` answer 200 — all read over
/// HTTP from a running `pollctl poll` that forwards to a receiver.
#[test]
fn metrics_count_what_the_poller_did_and_the_lag_grows_while_it_fails() {
    let records: Arc<Mutex<Vec<Value>>> = Arc::new(Mutex::new(Vec::new()));
    let failing = Arc::new(AtomicBool::new(false));
    let hub = {
        let (records, failing) = (records.clone(), failing.clone());
        Server::start(move |_, _| {
            if failing.load(Ordering::SeqCst) {
                return Resp::status(500, "down");
            }
            Resp::json(&Value::Array(records.lock().unwrap().clone()))
        })
    };
    // The receiver refuses its first notification once (503): one delivery retry.
    let receiver = Server::start(|_, n| {
        if n == 0 {
            Resp::status(503, "busy")
        } else {
            Resp::status(200, "")
        }
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", resource(FMT, json!({})), json!({}));
    let add = |ids: &[&str]| {
        let mut r = records.lock().unwrap();
        for id in ids {
            r.push(json!({"id": id, "updated": now_text()}));
        }
    };
    add(&["a1", "a2", "a3"]);
    // A record whose date does not parse: set aside once (later cycles remember it).
    records
        .lock()
        .unwrap()
        .push(json!({"id": "bad1", "updated": "not a date"}));
    let mut cmd = pollctl_std(home.path());
    cmd.args(["poll", "--interval", "300ms", "--since", "1h"])
        .args(["--base-url", &hub.url, "--max-retries", "1"])
        .args(["--forward-to", &format!("{}/hook", receiver.url)])
        .args(["--metrics-listen", "127.0.0.1:0"])
        .arg(&inst);
    let mut p = Poller::spawn(cmd);
    let addr = p.endpoint();

    // Events the receiver accepted (answered 200), by type.
    let delivered = || -> (usize, usize, BTreeMap<String, usize>) {
        let reqs = receiver.requests();
        let mut by_type = BTreeMap::new();
        let mut accepted = 0;
        for (i, r) in reqs.iter().enumerate() {
            if i == 0 {
                continue;
            }
            accepted += 1;
            for e in r.json()["message"]["events"].as_array().unwrap() {
                *by_type
                    .entry(e["eventType"].as_str().unwrap().to_string())
                    .or_insert(0) += 1;
            }
        }
        (reqs.len(), accepted, by_type)
    };
    let scrape = || {
        let (status, body) = get(&addr, "/metrics");
        assert_eq!(status, 200, "{body}");
        body
    };
    // Settled: 5 events delivered, and a cycle after the last one counted.
    let wait_delivered = |n: usize| {
        let t0 = Instant::now();
        loop {
            let (_, _, by_type) = delivered();
            let got: usize = by_type.values().sum();
            let s = samples(&scrape());
            if got >= n && sum(&s, "pollctl_events_total", &[]) >= n as f64 {
                return;
            }
            assert!(t0.elapsed() < Duration::from_secs(30), "only {got} of {n}");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    wait_delivered(3);
    add(&["b1", "b2"]);
    wait_delivered(5);
    // One more cycle with nothing new.
    std::thread::sleep(Duration::from_millis(700));

    let text = scrape();
    let s = samples(&text);
    let (posts, accepted, by_type) = delivered();
    let lbl = [("instance", "acme"), ("resource", "things")];
    for (t, n) in &by_type {
        assert_eq!(
            sum(&s, "pollctl_events_total", &[("type", t)]),
            *n as f64,
            "{t}:\n{text}"
        );
    }
    assert_eq!(sum(&s, "pollctl_events_total", &lbl), 5.0, "{text}");
    assert_eq!(
        sum(&s, "pollctl_deliveries_total", &lbl),
        accepted as f64,
        "{text}"
    );
    assert_eq!(posts, accepted + 1);
    assert_eq!(
        sum(&s, "pollctl_retries_total", &[("request", "delivery")]),
        1.0,
        "{text}"
    );
    assert_eq!(sum(&s, "pollctl_delivery_failures_total", &[]), 0.0);
    assert_eq!(
        sum(&s, "pollctl_set_aside_records_total", &lbl),
        1.0,
        "{text}"
    );
    assert!(
        sum(&s, "pollctl_cycles_total", &[("outcome", "ok")]) >= 3.0,
        "{text}"
    );
    assert_eq!(
        sum(&s, "pollctl_cycles_total", &[("outcome", "failed")]),
        0.0
    );
    let lag = sum(&s, "pollctl_lag_seconds", &lbl);
    assert!((0.0..5.0).contains(&lag), "lag {lag}:\n{text}");
    // No URL, no secret in any label: only the two bounded labels and one fixed word.
    for k in s.keys() {
        assert!(!k.contains("http") && !k.contains("127.0.0.1"), "{k}");
    }
    assert_eq!(get(&addr, "/healthz"), (200, "ok\n".into()));
    let (status, body) = get(&addr, "/readyz");
    assert_eq!((status, body.as_str()), (200, "ready: state in files\n"));

    // The hub fails: cycles fail (fetch, after a retry each), the watermark stays, the lag
    // grows with the clock.
    failing.store(true, Ordering::SeqCst);
    std::thread::sleep(Duration::from_millis(700));
    let before = samples(&scrape());
    std::thread::sleep(Duration::from_millis(1500));
    let text = scrape();
    let after = samples(&text);
    let lag0 = sum(&before, "pollctl_lag_seconds", &lbl);
    let lag1 = sum(&after, "pollctl_lag_seconds", &lbl);
    assert!(lag1 >= lag0 + 1.2, "lag {lag0} then {lag1}:\n{text}");
    assert!(lag1 > lag + 1.5, "lag {lag} then {lag1}");
    let failed = sum(&after, "pollctl_cycles_total", &[("outcome", "failed")]);
    assert!(failed >= 2.0, "{text}");
    assert_eq!(
        sum(&after, "pollctl_failures_total", &[("kind", "fetch")]),
        failed,
        "{text}"
    );
    // Each failed cycle retried its GET once (--max-retries 1).
    assert!(
        sum(&after, "pollctl_retries_total", &[("request", "fetch")]) >= failed,
        "{text}"
    );
    assert_eq!(sum(&after, "pollctl_events_total", &lbl), 5.0);

    // A parser we did not write reads the same samples.
    if python_module("prometheus_client", "metrics_count") {
        let theirs = parsed_by_prometheus_client(&text);
        let ours: BTreeMap<String, f64> = after
            .iter()
            .map(|(k, v)| {
                let (name, labels) = k.split_once('{').unwrap_or((k, "}"));
                let mut l: Vec<&str> = labels
                    .trim_end_matches('}')
                    .split(',')
                    .filter(|x| !x.is_empty())
                    .collect();
                l.sort();
                (format!("{name}{{{}}}", l.join(",")), *v)
            })
            .collect();
        assert_eq!(ours, theirs);
    }
    drop(p);
}

/// `/healthz` turns 503 while a cycle hangs longer than `--health-stall`, and 200 again once
/// the loop moves.
#[test]
fn healthz_fails_while_the_loop_is_stuck_and_recovers() {
    let hang = Arc::new(AtomicUsize::new(0));
    let hub = {
        let hang = hang.clone();
        Server::start(move |_, _| {
            let secs = hang.swap(0, Ordering::SeqCst);
            Resp::json(&json!([])).delay(Duration::from_secs(secs as u64))
        })
    };
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", resource(FMT, json!({})), json!({}));
    let mut cmd = pollctl_std(home.path());
    cmd.args(["poll", "--interval", "200ms", "--base-url", &hub.url])
        .args(["--metrics-listen", "127.0.0.1:0", "--health-stall", "1s"])
        .arg(&inst);
    let mut p = Poller::spawn(cmd);
    let addr = p.endpoint();
    let (status, _) = get_until(&addr, "/healthz", Duration::from_secs(10), |s, _| s == 200);
    assert_eq!(status, 200, "{}", p.stderr());
    // The next GET hangs 4 s: no progress for longer than 1 s.
    hang.store(4, Ordering::SeqCst);
    let (status, body) = get_until(&addr, "/healthz", Duration::from_secs(6), |s, _| s == 503);
    assert_eq!(status, 503, "{body}");
    assert!(body.starts_with("stalled: no poll progress for "), "{body}");
    // Readiness is not liveness: the backend is fine.
    assert_eq!(get(&addr, "/readyz").0, 200);
    let (status, body) = get_until(&addr, "/healthz", Duration::from_secs(8), |s, _| s == 200);
    assert_eq!(status, 200, "{body}");
}

/// Idle or slow clients on the metrics port (a slowloris, a port scanner, a stuck scraper)
/// must not take the file descriptors the poller needs: with `ulimit -n 128` and 200 clients
/// holding half-sent requests, cycles keep succeeding, and the endpoint answers again once the
/// held connections time out. (Each accepted connection used to hold a descriptor for as long
/// as the client liked: the state files failed with "Too many open files".)
#[test]
fn idle_clients_on_the_metrics_port_do_not_starve_the_poller() {
    let hub = Server::start(|_, _| Resp::json(&json!([{"id": "a", "updated": now_text()}])));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", resource(FMT, json!({})), json!({}));
    let real = pollctl_std(home.path());
    // The same command under a low descriptor limit (POSIX sh `ulimit -n`).
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg("ulimit -n 128 && exec \"$0\" \"$@\"")
        .arg(real.get_program());
    for (k, v) in real.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    cmd.args(["poll", "--interval", "200ms", "--since", "1h"])
        .args(["--base-url", &hub.url, "--metrics-listen", "127.0.0.1:0"])
        .arg(&inst);
    let mut p = Poller::spawn(cmd);
    let addr = p.endpoint();
    assert_eq!(get(&addr, "/healthz").0, 200, "{}", p.stderr());
    let mut held = Vec::new();
    for _ in 0..200 {
        let mut s = TcpStream::connect(&addr).expect("connect");
        s.write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\n")
            .unwrap();
        held.push(s);
    }
    // Cycles go on while the clients hold their connections.
    std::thread::sleep(Duration::from_secs(3));
    let stderr = p.stderr();
    assert!(
        !stderr.contains("Too many open files"),
        "the poller ran out of descriptors:\n{stderr}"
    );
    assert!(p.child.try_wait().unwrap().is_none(), "{stderr}");
    // The held connections are closed after their lifetime; the endpoint answers again.
    // Meanwhile a new client may be turned away (closed at once) rather than queued.
    let try_get = |path: &str| -> Option<String> {
        let mut s = TcpStream::connect(&addr).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .ok()?;
        let mut raw = String::new();
        s.read_to_string(&mut raw).ok()?;
        let (head, body) = raw.split_once("\r\n\r\n")?;
        head.starts_with("HTTP/1.1 200").then(|| body.to_string())
    };
    let t0 = Instant::now();
    let text = loop {
        if let Some(body) = try_get("/metrics") {
            break body;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(25),
            "no answer:\n{}",
            p.stderr()
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    let s = samples(&text);
    assert!(
        sum(&s, "pollctl_cycles_total", &[("outcome", "ok")]) >= 5.0,
        "{text}"
    );
    assert_eq!(sum(&s, "pollctl_failures_total", &[]), 0.0, "{text}");
    drop(held);
    let stderr = p.stderr();
    assert!(!stderr.contains("Too many open files"), "{stderr}");
}

/// A port in use is a runtime failure (exit 1) naming the address; an address that is not
/// one is a usage error (exit 2), from the flag or the variable.
#[test]
fn bad_and_busy_listen_addresses_are_clear_errors() {
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = busy.local_addr().unwrap().to_string();
    let hub = Server::start(|_, _| Resp::json(&json!([])));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", resource(FMT, json!({})), json!({}));
    let out = pollctl(home.path())
        .args(["poll", "--base-url", &hub.url, "--metrics-listen", &addr])
        .arg(&inst)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("--metrics-listen {addr}: cannot listen")),
        "{err}"
    );
    assert_eq!(hub.count(), 0, "nothing polled before the endpoint is up");

    for (flag, env) in [(Some("example.com:80"), None), (None, Some("9464"))] {
        let mut c = pollctl(home.path());
        c.args(["poll", "--once", "--base-url", &hub.url]);
        if let Some(f) = flag {
            c.args(["--metrics-listen", f]);
        }
        if let Some(v) = env {
            c.env("POLLCTL_METRICS_LISTEN", v);
        }
        let out = c.arg(&inst).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        let origin = if flag.is_some() {
            "--metrics-listen"
        } else {
            "POLLCTL_METRICS_LISTEN"
        };
        assert!(
            err.contains(origin) && err.contains("is not an address"),
            "{err}"
        );
    }
    let out = pollctl(home.path())
        .args([
            "poll",
            "--once",
            "--base-url",
            &hub.url,
            "--health-stall",
            "1s",
        ])
        .arg(&inst)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// `--log-format json` at debug level: every stderr line is one JSON object, and neither the
/// password of the base URL nor the secrets (echoed back by the server) appear anywhere.
#[test]
fn json_logs_are_one_object_per_line_and_hold_no_secret() {
    const PASSWORD: &str = "pa55w0rd-in-url-4242";
    const TOKEN: &str = "tok-s3cret-json-777";
    const USER: &str = "usr-s3cret-json-111";
    let hub = Server::start(|req, n| {
        // Echo the Authorization header back: a 503 (retried), then a 401 (fails).
        let auth = req.h("authorization").unwrap_or("").to_string();
        match n {
            0 => Resp::status(503, &format!("busy; you sent {auth}")),
            _ => Resp::status(401, &format!("denied: {auth}")),
        }
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", resource(FMT, json!({})), json!({}));
    let base = hub
        .url
        .replace("http://", &format!("http://admin:{PASSWORD}@"));
    let out = pollctl(home.path())
        .args(["--log-format", "json", "-vv", "poll", "--once"])
        .args(["--base-url", &base, "--max-retries", "2"])
        .arg(&inst)
        .env("POLLCTL_USER_SECRET", USER)
        .env("POLLCTL_ORG_SECRET", "org-s3cret-json-222")
        .env("POLLCTL_ELEMENT_TOKEN", TOKEN)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "the 401 is an auth failure");
    assert_eq!(hub.count(), 2);
    let auth = hub.requests()[0].h("authorization").unwrap().to_string();
    assert!(auth.contains(TOKEN), "the hub did get the secrets: {auth}");
    let err = String::from_utf8(out.stderr).unwrap();
    let mut levels = Vec::new();
    for line in err.lines() {
        let v: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("stderr line is not JSON ({e}): {line:?}"));
        assert!(v["timestamp"].is_string(), "{line}");
        assert!(v["fields"]["message"].is_string(), "{line}");
        levels.push(v["level"].as_str().unwrap().to_string());
    }
    for secret in [PASSWORD, TOKEN, USER, "org-s3cret-json-222"] {
        assert!(!err.contains(secret), "{secret} in:\n{err}");
    }
    // The retry warning, debug lines and the final error are all there, as JSON.
    for want in ["WARN", "DEBUG", "ERROR"] {
        assert!(levels.iter().any(|l| l == want), "no {want} line:\n{err}");
    }
    assert!(err.contains("authentication failed"), "{err}");

    // Text stays the default; the variable and the config key choose JSON too.
    let cfg = home.path().join("c.toml");
    std::fs::write(&cfg, "log-format = \"json\"\n").unwrap();
    for (args, env) in [
        (vec!["--config", cfg.to_str().unwrap()], None),
        (vec![], Some("json")),
    ] {
        let mut c = pollctl(home.path());
        c.args(&args)
            .args(["poll", "--once", "--base-url", &hub.url]);
        if let Some(v) = env {
            c.env("POLLCTL_LOG_FORMAT", v);
        }
        let out = c.arg(&inst).output().unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(!err.is_empty());
        for line in err.lines() {
            assert!(
                serde_json::from_str::<Value>(line).is_ok(),
                "{args:?} {env:?}: {line:?}"
            );
        }
    }
    let out = pollctl(home.path())
        .args(["poll", "--once", "--base-url", &hub.url])
        .arg(&inst)
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("error: "), "text by default: {err}");
    let out = pollctl(home.path())
        .args(["connectors", "list"])
        .env("POLLCTL_LOG_FORMAT", "yaml")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("POLLCTL_LOG_FORMAT"));
}

/// A usage error is one JSON line too when JSON logs are asked for by flag or variable (the
/// arguments did not parse, so the config file is not read for it); text otherwise.
#[test]
fn usage_errors_are_json_lines_when_asked() {
    let home = tempfile::tempdir().unwrap();
    for (args, env) in [
        (vec!["--log-format", "json", "poll", "--bogus"], None),
        (vec!["--log-format=json", "poll", "--bogus"], None),
        (vec!["poll", "--bogus"], Some("json")),
    ] {
        let mut c = pollctl(home.path());
        c.args(&args);
        if let Some(v) = env {
            c.env("POLLCTL_LOG_FORMAT", v);
        }
        let out = c.output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 1, "{args:?}: {err}");
        let v: Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(v["level"], "ERROR");
        assert!(
            v["fields"]["message"].as_str().unwrap().contains("--bogus"),
            "{v}"
        );
    }
    // The flag wins over the variable; text by default; help stays help.
    let out = pollctl(home.path())
        .args(["--log-format", "text", "poll", "--bogus"])
        .env("POLLCTL_LOG_FORMAT", "json")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: "));
    let out = pollctl(home.path())
        .args(["--log-format", "json", "poll", "--help"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Usage"));
}

/// `--log-format json` outside `poll`: the diagnostics of `instance create` and the consent
/// URL of `oauth login --no-browser` (shown even with `-q`) are JSON lines too; they were
/// plain text.
#[test]
fn json_logs_cover_create_diagnostics_and_the_login_url() {
    let home = tempfile::tempdir().unwrap();
    let pc = home.path().join("pc.json");
    std::fs::write(
        &pc,
        r#"{"r":{"url":"/x","idField":"id","datesConfiguration":{"updatedDateField":"u","updatedDateFormat":"yyyy-MM-ddQ"}}}"#,
    )
    .unwrap();
    let create = pollctl(home.path())
        .args([
            "--log-format",
            "json",
            "instance",
            "create",
            "--connector",
            "egnyte",
        ])
        .args([
            "--no-input",
            "--name",
            "x",
            "--api-key",
            "k",
            "--set",
            "subdomain=acme",
        ])
        .args(["--oauth-callback-url", "https://a.example/cb"])
        .args(["--callback-url", "https://h.example/in", "--poller-config"])
        .arg(&pc)
        .env("POLLCTL_CLIENT_SECRET", "client-s3cret-99")
        .output()
        .unwrap();
    let login = pollctl(home.path())
        .args(["--log-format", "json", "-q", "oauth", "login", "--direct"])
        .args([
            "--connector",
            "googlesuite",
            "--api-key",
            "cid",
            "--no-browser",
        ])
        .args(["--print-code", "--timeout", "1s"])
        .write_stdin("")
        .output()
        .unwrap();
    for (what, out, want) in [
        ("create", &create, "unknown pattern letter 'Q'"),
        ("login", &login, "https://accounts.google.com/"),
    ] {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{what}: {err}");
        let lines: Vec<Value> = err
            .lines()
            .map(|l| {
                serde_json::from_str(l)
                    .unwrap_or_else(|e| panic!("{what}: stderr line is not JSON ({e}): {l:?}"))
            })
            .collect();
        assert!(
            lines
                .iter()
                .any(|v| v["fields"]["message"].as_str().unwrap().contains(want)),
            "{what}: no {want:?} in:\n{err}"
        );
        assert!(!err.contains("client-s3cret-99"), "{err}");
    }
}

// ---------------------------------------------------------------------------------------
// The sandbox

/// A running `pollctl sandbox` (fixed seed and clock); killed (by its pid) when dropped.
struct Sandbox {
    child: Child,
    base: String,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const SANDBOX_AUTH: &str = "User sandbox-user, Organization sandbox-org";

impl Sandbox {
    fn start() -> Sandbox {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pollctl"))
            .args(["sandbox", "--seed", "4", "--clock", "2026-03-01T12:00:00Z"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn pollctl sandbox");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        Sandbox {
            child,
            base: first.trim().to_string(),
        }
    }

    /// Provision a ShareFile instance through the sandbox's OAuth and `POST /instances`;
    /// returns the instance file's body (with its `id` and `token`).
    async fn provision(&self, http: &reqwest::Client) -> Value {
        let base = &self.base;
        let v: Value = http
            .get(format!("{base}/elements/sharefile/oauth/url"))
            .query(&[
                ("apiKey", "client-1"),
                ("apiSecret", "s3cret"),
                ("callbackUrl", "https://app.example/cb"),
                ("state", "st-1"),
            ])
            .header("Authorization", SANDBOX_AUTH)
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
        let code = loc
            .query_pairs()
            .find(|(k, _)| k == "code")
            .map(|(_, v)| v.into_owned())
            .unwrap();
        let mut body = json!({
            "element": {"key": "sharefile"},
            "providerData": {"code": code},
            "name": "t-sharefile",
            "configuration": {
                "oauth.api.key": "client-1",
                "oauth.api.secret": "s3cret",
                "oauth.callback.url": "https://app.example/cb",
                "document.root.folder.name": "/top",
                "sharefile.subdomain": "acme",
                "event.notification.enabled": true,
                "event.vendor.type": "polling",
                "event.notification.callback.url": "https://hooks.example/in",
                "event.poller.refresh_interval": "15",
            },
        });
        let v: Value = http
            .post(format!("{base}/instances"))
            .header("Authorization", SANDBOX_AUTH)
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        body["id"] = v["id"].clone();
        body["token"] = v["token"].clone();
        assert!(body["token"].is_string(), "{v}");
        body
    }
}

/// Over the sandbox: `pollctl_events_total` equals the events printed, by type, over
/// several cycles; injected 429/500 answers are counted as fetch retries, not failures.
#[test]
fn metrics_over_the_sandbox_equal_the_events_printed() {
    let sb = Sandbox::start();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let body = rt.block_on(sb.provision(&http));
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("sharefile.json");
    std::fs::write(&file, serde_json::to_vec(&body).unwrap()).unwrap();
    let mut cmd = pollctl_std(home.path());
    cmd.args([
        "poll",
        "--interval",
        "300ms",
        "--since",
        "2026-03-01T11:30:00Z",
    ])
    .args(["--base-url", &sb.base, "--max-retries", "4"])
    .args(["--metrics-listen", "127.0.0.1:0"])
    .env("POLLCTL_USER_SECRET", "sandbox-user")
    .env("POLLCTL_ORG_SECRET", "sandbox-org")
    .arg(&file);
    let mut p = Poller::spawn(cmd);
    let addr = p.endpoint();
    let id = body["id"].to_string();
    // Printed and counted agree (after a cycle with nothing new, so nothing is in flight).
    let settled = |p: &Poller, at_least: usize| -> BTreeMap<String, f64> {
        let t0 = Instant::now();
        let mut last_ok = -1.0;
        loop {
            let s = samples(&get(&addr, "/metrics").1);
            let printed = p.events().len();
            let counted = sum(&s, "pollctl_events_total", &[("instance", &id)]);
            let ok = sum(&s, "pollctl_cycles_total", &[("outcome", "ok")]);
            if printed >= at_least && counted == printed as f64 && last_ok >= 0.0 && ok > last_ok {
                return s;
            }
            last_ok = if counted == printed as f64 { ok } else { -1.0 };
            assert!(
                t0.elapsed() < Duration::from_secs(30),
                "printed {printed}, counted {counted}:\n{}",
                p.stderr()
            );
            std::thread::sleep(Duration::from_millis(400));
        }
    };
    let s = settled(&p, 1);
    let first = p.events().len();
    let by_type = |events: &[Value]| {
        let mut m: BTreeMap<String, f64> = BTreeMap::new();
        for e in events {
            *m.entry(e["eventType"].as_str().unwrap().to_string())
                .or_default() += 1.0;
        }
        m
    };
    for (t, n) in by_type(&p.events()) {
        assert_eq!(sum(&s, "pollctl_events_total", &[("type", &t)]), n, "{t}");
    }

    assert_eq!(sum(&s, "pollctl_retries_total", &[]), 0.0);
    assert!(first >= 10, "{first}");

    // Two throttled/failed answers: two fetch retries, no failed cycle.
    rt.block_on(async {
        let r = http
            .post(format!("{}/sandbox/faults", sb.base))
            .json(&json!({"next": ["429", "500"], "retryAfter": 0}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    });
    let (_, text) = get_until(&addr, "/metrics", Duration::from_secs(20), |_, b| {
        sum(&samples(b), "pollctl_retries_total", &[]) >= 2.0
    });
    let s = samples(&text);
    assert_eq!(
        sum(&s, "pollctl_retries_total", &[("request", "fetch")]),
        2.0,
        "{text}"
    );
    assert_eq!(
        sum(&s, "pollctl_cycles_total", &[("outcome", "failed")]),
        0.0
    );
}

// ---------------------------------------------------------------------------------------
// PostgreSQL

const RUN: &str = "eval \"$(tools/pg-test-cluster.sh start)\" && cargo test --test ops; \
                   tools/pg-test-cluster.sh stop";

fn admin_url(test: &str) -> Option<String> {
    match std::env::var("POLLCTL_TEST_PG_URL") {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{test}: POLLCTL_TEST_PG_URL is not set under CI=true; .ci/run starts PostgreSQL"
            );
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED {test}: no PostgreSQL (POLLCTL_TEST_PG_URL unset); run: {RUN}"
            );
            None
        }
    }
}

/// A fresh database on the test server; returns its URL.
fn fresh_db(admin: &str) -> String {
    let mut r = [0u8; 6];
    getrandom::fill(&mut r).unwrap();
    let name = format!("pollctl_ops_{}", hex::encode(r));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (c, conn) = tokio_postgres::connect(admin, tokio_postgres::NoTls)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to the test server: {e}"));
        tokio::spawn(conn);
        c.batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
    });
    let mut u = url::Url::parse(admin).unwrap();
    u.set_path(&format!("/{name}"));
    u.to_string()
}

/// A TCP relay to `target` that can be cut (open connections closed, new ones refused) and
/// restored: the database "goes away" for one test without touching the shared server.
struct Relay {
    port: u16,
    up: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<TcpStream>>>,
}

impl Relay {
    fn start(target: std::net::SocketAddr) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let open: Arc<Mutex<Vec<TcpStream>>> = Arc::new(Mutex::new(Vec::new()));
        let (up2, open2) = (up.clone(), open.clone());
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                if !up2.load(Ordering::SeqCst) {
                    let _ = client.shutdown(std::net::Shutdown::Both);
                    continue;
                }
                let Ok(server) = TcpStream::connect(target) else {
                    continue;
                };
                let mut list = open2.lock().unwrap();
                list.push(client.try_clone().unwrap());
                list.push(server.try_clone().unwrap());
                drop(list);
                for (mut from, mut to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    std::thread::spawn(move || {
                        let _ = std::io::copy(&mut from, &mut to);
                        let _ = to.shutdown(std::net::Shutdown::Both);
                    });
                }
            }
        });
        Relay { port, up, open }
    }

    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        for s in self.open.lock().unwrap().drain(..) {
            let _ = s.shutdown(std::net::Shutdown::Both);
        }
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

/// With PostgreSQL state: `/readyz` is 200 while the database answers, 503 (naming it,
/// without its password) while it is unreachable, 200 again when it is back; the lease gauge
/// shows the lease this worker holds, and a second worker on the database counts its turns.
#[test]
fn readyz_follows_the_postgresql_backend() {
    let Some(admin) = admin_url("readyz_follows_the_postgresql_backend") else {
        return;
    };
    let db = fresh_db(&admin);
    let u = url::Url::parse(&db).unwrap();
    let target = format!("{}:{}", u.host_str().unwrap(), u.port().unwrap_or(5432))
        .parse()
        .unwrap();
    let relay = Relay::start(target);
    let mut via = u.clone();
    via.set_port(Some(relay.port)).unwrap();
    let password = u.password().unwrap_or("").to_string();
    assert!(!password.is_empty());
    let hub = Server::start(|_, _| Resp::json(&json!([])));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", resource(FMT, json!({})), json!({}));
    let mut cmd = pollctl_std(home.path());
    cmd.args(["poll", "--interval", "200ms", "--lease", "30s"])
        .args(["--base-url", &hub.url, "--metrics-listen", "127.0.0.1:0"])
        .env("POLLCTL_STATE", via.as_str())
        .arg(&inst);
    let mut p = Poller::spawn(cmd);
    let addr = p.endpoint();
    let (status, body) = get_until(&addr, "/readyz", Duration::from_secs(20), |s, _| s == 200);
    assert_eq!(status, 200, "{body}\n{}", p.stderr());
    assert!(body.starts_with("ready: PostgreSQL postgres://"), "{body}");
    let (_, text) = get_until(&addr, "/metrics", Duration::from_secs(10), |_, b| {
        b.contains("pollctl_leases_held{instance=\"acme\",resource=\"things\"} 1")
    });
    assert!(
        text.contains("pollctl_leases_held{instance=\"acme\",resource=\"things\"} 1"),
        "{text}"
    );

    // A second worker on the same database (not through the relay): it shares the resource
    // with the first (each cycle under the lease: counted as ok, or skipped while the other
    // holds it), and its lease gauge for the resource is there, 0 or 1.
    let mut cmd = pollctl_std(home.path());
    cmd.args(["poll", "--interval", "200ms", "--lease", "30s"])
        .args(["--base-url", &hub.url, "--metrics-listen", "127.0.0.1:0"])
        .env("POLLCTL_STATE", &db)
        .env("POLLCTL_STATE_DIR", home.path().join("state-b"))
        .arg(&inst);
    let mut b = Poller::spawn(cmd);
    let b_addr = b.endpoint();
    let turns = |t: &str| {
        let s = samples(t);
        sum(&s, "pollctl_cycles_total", &[("outcome", "ok")])
            + sum(&s, "pollctl_cycles_total", &[("outcome", "skipped")])
    };
    let (_, text) = get_until(&b_addr, "/metrics", Duration::from_secs(10), |_, t| {
        turns(t) >= 2.0
    });
    assert!(turns(&text) >= 2.0, "{text}\n{}", b.stderr());
    let s = samples(&text);
    assert_eq!(
        sum(&s, "pollctl_cycles_total", &[("outcome", "failed")]),
        0.0
    );
    let lease = s
        .get("pollctl_leases_held{instance=\"acme\",resource=\"things\"}")
        .unwrap_or_else(|| panic!("no lease gauge:\n{text}"));
    assert!(*lease == 0.0 || *lease == 1.0, "{text}");
    assert_eq!(get(&b_addr, "/readyz").0, 200);
    drop(b);

    relay.cut();
    let (status, body) = get_until(&addr, "/readyz", Duration::from_secs(10), |s, _| s == 503);
    assert_eq!(status, 503, "{body}");
    assert!(body.starts_with("not ready: "), "{body}");
    assert!(!body.contains(&password), "{body}");
    // Alive all the same: the loop goes on (its cycles fail and are counted).
    assert_eq!(get(&addr, "/healthz").0, 200);

    relay.restore();
    let (status, body) = get_until(&addr, "/readyz", Duration::from_secs(20), |s, _| s == 200);
    assert_eq!(status, 200, "{body}\n{}", p.stderr());
    assert!(!p.stderr().contains(&password));
}
