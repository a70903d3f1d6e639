//! Adversarial round against issue 9's "no changed record lost" promise: feeds and usages the
//! hostile-hub tests did not cover. Each test runs the real binary against a loopback server.

mod common;

use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use common::{Resp, Server, instance, lines, pollctl};
use serde_json::{Value, json};

const MILLIS: &str = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

fn resource(format: &str, extra: Value) -> Value {
    let mut r = json!({
        "url": "/hubs/documents/things",
        "idField": "id",
        "datesConfiguration": {
            "updatedDateField": "updated", "updatedDateFormat": format, "updatedDateTimezone": "GMT"
        }
    });
    if let Value::Object(m) = extra {
        for (k, v) in m {
            r[k] = v;
        }
    }
    json!({ "things": r })
}

struct Run {
    code: Option<i32>,
    events: Vec<Value>,
    stderr: String,
}

fn poll(home: &Path, inst: &Path, srv: &Server, extra: &[&str]) -> Run {
    let out = pollctl(home)
        .args(["poll", "--once", "--base-url", &srv.url])
        .args(extra)
        .arg(inst)
        .output()
        .unwrap();
    Run {
        code: out.status.code(),
        events: lines(&out.stdout),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Go's RFC3339Nano (and others) trim trailing zeros: a change at `…:42.500` is written
/// `…:42.5Z`. Read with `SSS` as Java does (5 ms) it is 495 ms early, so a window starting at
/// `…:42.300` called it "old" and it was never emitted (exit 0).
#[test]
fn fraction_trimmed_of_trailing_zeros_is_not_read_early() {
    let second = DateTime::<Utc>::from_timestamp(Utc::now().timestamp() - 30, 0).unwrap();
    let since =
        (second + chrono::Duration::milliseconds(300)).to_rfc3339_opts(SecondsFormat::Millis, true);
    let text = format!("{}.5Z", second.format("%Y-%m-%dT%H:%M:%S"));
    let srv = Server::start(move |_, _| Resp::json(&json!([{"id": "a", "updated": text}])));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        resource(MILLIS, json!({"pollDelay": 0})),
        json!({}),
    );
    let r = poll(home.path(), &inst, &srv, &["--since", &since]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.events.len(), 1, "lost as old: {}", r.stderr);
    let want =
        (second + chrono::Duration::milliseconds(500)).to_rfc3339_opts(SecondsFormat::Millis, true);
    assert_eq!(r.events[0]["date"].as_str(), Some(want.as_str()));
    assert!(r.stderr.contains("500 ms"), "the Java note: {}", r.stderr);
}
