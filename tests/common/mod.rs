//! A loopback HTTP server for the poll tests: every request is recorded, answers come from a
//! closure the test writes. Runs on its own tokio runtime on 127.0.0.1:0.

#![allow(dead_code)]

pub mod pg;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, Response, StatusCode};

/// A recorded request.
#[derive(Debug, Clone)]
pub struct Req {
    pub method: String,
    pub path: String,
    /// Decoded query pairs, in order.
    pub query: Vec<(String, String)>,
    /// Headers, names lower-case.
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

impl Req {
    pub fn q(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn h(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

/// An answer.
#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub delay: Duration,
}

impl Resp {
    pub fn json(v: &serde_json::Value) -> Resp {
        Resp {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: serde_json::to_vec(v).unwrap(),
            delay: Duration::ZERO,
        }
    }
    pub fn status(status: u16, body: &str) -> Resp {
        Resp {
            status,
            headers: vec![],
            body: body.as_bytes().to_vec(),
            delay: Duration::ZERO,
        }
    }
    pub fn header(mut self, k: &str, v: &str) -> Resp {
        self.headers.push((k.into(), v.into()));
        self
    }
    pub fn delay(mut self, d: Duration) -> Resp {
        self.delay = d;
        self
    }
}

type Handler = Arc<dyn Fn(&Req, usize) -> Resp + Send + Sync>;

#[derive(Clone)]
struct Shared {
    handler: Handler,
    log: Arc<Mutex<Vec<Req>>>,
}

pub struct Server {
    pub url: String,
    log: Arc<Mutex<Vec<Req>>>,
    _rt: tokio::runtime::Runtime,
}

async fn serve(State(s): State<Shared>, req: Request<Body>) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    let query = url::form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    let headers = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let r = Req {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query,
        headers,
        body,
    };
    let n = {
        let mut log = s.log.lock().unwrap();
        log.push(r.clone());
        log.len() - 1
    };
    let resp = (s.handler)(&r, n);
    if !resp.delay.is_zero() {
        tokio::time::sleep(resp.delay).await;
    }
    let mut b = Response::builder().status(StatusCode::from_u16(resp.status).unwrap());
    for (k, v) in &resp.headers {
        b = b.header(k, v);
    }
    b.body(Body::from(resp.body)).unwrap()
}

impl Server {
    /// `handler(request, n)`: `n` counts every request this server saw, from 0.
    pub fn start(handler: impl Fn(&Req, usize) -> Resp + Send + Sync + 'static) -> Server {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        std_listener.set_nonblocking(true).unwrap();
        let addr = std_listener.local_addr().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let shared = Shared {
            handler: Arc::new(handler),
            log: log.clone(),
        };
        rt.spawn(async move {
            let listener = tokio::net::TcpListener::from_std(std_listener).unwrap();
            let app = axum::Router::new().fallback(serve).with_state(shared);
            axum::serve(listener, app).await.unwrap();
        });
        Server {
            url: format!("http://{addr}"),
            log,
            _rt: rt,
        }
    }

    pub fn requests(&self) -> Vec<Req> {
        self.log.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.log.lock().unwrap().len()
    }

    /// Wait (bounded) until at least `n` requests arrived.
    pub fn wait_for(&self, n: usize, max: Duration) -> bool {
        let t0 = std::time::Instant::now();
        while t0.elapsed() < max {
            if self.count() >= n {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }
}

/// `pollctl` with a clean environment: private state and config directories, fast retries,
/// no colour, CI mode.
pub fn pollctl(home: &Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_pollctl"));
    for var in [
        "POLLCTL_BASE_URL",
        "POLLCTL_CONFIG",
        "POLLCTL_USER_SECRET",
        "POLLCTL_ORG_SECRET",
        "POLLCTL_ELEMENT_TOKEN",
        "POLLCTL_SIGNATURE_KEY",
        "POLLCTL_LOG",
        "RUST_LOG",
        "POLLCTL_RETRY_CAP_MS",
    ] {
        c.env_remove(var);
    }
    c.env("POLLCTL_STATE_DIR", home.join("state"))
        .env("POLLCTL_CONFIG_DIR", home.join("config"))
        .env("XDG_STATE_HOME", home.join("xdg-state"))
        .env("XDG_CONFIG_HOME", home.join("xdg-config"))
        .env("HOME", home)
        .env("POLLCTL_RETRY_BASE_MS", "1")
        .env("CI", "true")
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(60));
    c
}

/// The same environment for a `std::process::Command` (for processes the test kills).
pub fn pollctl_std(home: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_pollctl"));
    for var in [
        "POLLCTL_BASE_URL",
        "POLLCTL_CONFIG",
        "POLLCTL_USER_SECRET",
        "POLLCTL_ORG_SECRET",
        "POLLCTL_ELEMENT_TOKEN",
        "POLLCTL_SIGNATURE_KEY",
        "POLLCTL_LOG",
        "RUST_LOG",
        "POLLCTL_RETRY_CAP_MS",
    ] {
        c.env_remove(var);
    }
    c.env("POLLCTL_STATE_DIR", home.join("state"))
        .env("POLLCTL_CONFIG_DIR", home.join("config"))
        .env("XDG_STATE_HOME", home.join("xdg-state"))
        .env("XDG_CONFIG_HOME", home.join("xdg-config"))
        .env("HOME", home)
        .env("POLLCTL_RETRY_BASE_MS", "1")
        .env("CI", "true")
        .env("NO_COLOR", "1");
    c
}

/// Write an egnyte instance JSON with `resources` as its poller configuration.
pub fn instance(
    dir: &Path,
    file: &str,
    resources: serde_json::Value,
    extra: serde_json::Value,
) -> PathBuf {
    let mut configuration = serde_json::json!({
        "oauth.callback.url": "https://example.com/cb",
        "oauth.api.key": "client-id",
        "oauth.api.secret": "client-secret-value",
        "subdomain": "acme",
        "event.notification.enabled": true,
        "event.notification.callback.url": "https://example.com/hook",
        "event.poller.refresh_interval": 15,
        "event.poller.configuration": resources,
    });
    if let serde_json::Value::Object(m) = extra {
        for (k, v) in m {
            configuration[k] = v;
        }
    }
    let body = serde_json::json!({
        "element": {"key": "egnyte"},
        "name": "acme",
        "configuration": configuration,
    });
    let p = dir.join(file);
    std::fs::write(&p, serde_json::to_vec_pretty(&body).unwrap()).unwrap();
    p
}

/// Parse JSON Lines.
pub fn lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line {l:?}: {e}")))
        .collect()
}

/// The state files (`*.json`) under `home/state`.
pub fn state_files(home: &Path) -> Vec<PathBuf> {
    fn walk(d: &Path, out: &mut Vec<PathBuf>) {
        if let Ok(rd) = std::fs::read_dir(d) {
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "json") {
                    out.push(p);
                }
            }
        }
    }
    let mut v = Vec::new();
    walk(&home.join("state"), &mut v);
    v.sort();
    v
}

/// Is `tool` installed? When it is not: under CI (`CI` set, as `.ci/run` runs) the test fails
/// — `.ci/run` installs every tool the suite uses; elsewhere the skip is printed on the
/// terminal (past the test harness's capture) and the test returns early.
pub fn require_tool(tool: &str, test: &str) -> bool {
    let found = std::process::Command::new(tool)
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok();
    if found {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "{test}: {tool} is not installed; under CI it is required (.ci/run installs it)"
    );
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {tool} is not installed");
    false
}

/// A `things` resource at `/hubs/documents/things` with an `updated` date in `format` (GMT),
/// plus `extra` members.
pub fn resource(format: &str, extra: serde_json::Value) -> serde_json::Value {
    let mut r = serde_json::json!({
        "url": "/hubs/documents/things",
        "idField": "id",
        "datesConfiguration": {
            "updatedDateField": "updated", "updatedDateFormat": format, "updatedDateTimezone": "GMT"
        }
    });
    if let serde_json::Value::Object(m) = extra {
        for (k, v) in m {
            r[k] = v;
        }
    }
    serde_json::json!({ "things": r })
}

/// What one `pollctl poll --once` run did.
pub struct PollRun {
    pub code: Option<i32>,
    pub events: Vec<serde_json::Value>,
    pub stderr: String,
}

/// `pollctl poll --once --base-url SERVER [extra…] INSTANCE`.
pub fn poll_once(home: &Path, inst: &Path, srv: &Server, extra: &[&str]) -> PollRun {
    let out = pollctl(home)
        .args(["poll", "--once", "--base-url", &srv.url])
        .args(extra)
        .arg(inst)
        .output()
        .unwrap();
    PollRun {
        code: out.status.code(),
        events: lines(&out.stdout),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// SplitMix64: the fault tests' own dice, seeded per run (the same seed replays the same faults).
pub struct Dice(pub u64);

impl Dice {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}
