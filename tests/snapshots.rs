//! Where the output is the contract, it is pinned as a snapshot (insta; `tests/snapshots/`):
//! `--help` texts, validation diagnostics, `connectors show`, the demo report and the poll
//! summary. Times, durations and ports are filtered. Review a change with `cargo insta review`
//! (or `INSTA_UPDATE=always cargo test --test snapshots` and `git diff`).

mod common;

use common::{Resp, Server, instance, pollctl};
use serde_json::json;

fn run(args: &[&str]) -> (String, String) {
    let home = tempfile::tempdir().unwrap();
    let out = pollctl(home.path()).args(args).output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn help_texts() {
    for args in [
        vec!["--help"],
        vec!["poll", "--help"],
        vec!["instance", "create", "--help"],
        vec!["oauth", "login", "--help"],
        vec!["sandbox", "--help"],
    ] {
        let (stdout, _) = run(&args);
        let name = format!("help_{}", args.join("_").replace("--", ""));
        insta::assert_snapshot!(name, stdout);
    }
}

#[test]
fn validation_diagnostics() {
    let home = tempfile::tempdir().unwrap();
    let bad = home.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{
  "element": {"key": "egnyte"},
  "configuration": {
    "event.notification.enabled": "yes",
    "event.poller.refresh_interval": 0,
    "event.poller.configuration": {"x": {"url": "hubs/documents/x"}}
  }
}
"#,
    )
    .unwrap();
    let out = pollctl(home.path())
        .current_dir(home.path())
        .args(["instance", "validate", "bad.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    insta::assert_snapshot!(format!(
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    ));
}

#[test]
fn connectors_show() {
    for key in ["egnyte", "googlesuite"] {
        let (stdout, _) = run(&["connectors", "show", key]);
        insta::assert_snapshot!(format!("connectors_show_{key}"), stdout);
    }
}

#[test]
fn demo_report() {
    let (stdout, _) = run(&["demo", "--seed", "7"]);
    // Counts follow the time of day (the sandbox's records are dated relative to now).
    insta::with_settings!({filters => vec![
        (r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]"),
        (r"\d+\.\d+s", "[SECS]"),
        (r"\((?:[A-Z]+ \d+(?:, )?)+\)", "([TYPES])"),
        (r"\d+/\d+", "[N]/[N]"),
        // "1 delivery" when a connector's window held at most 10 events.
        (r" +\d+ deliver(?:y|ies)\b", " [N] deliveries"),
        // The padding before a count grows and shrinks with its digits.
        (r" +\d+ (event|deliveries|received)", " [N] $1"),
    ]}, {
        insta::assert_snapshot!(stdout);
    });
}

#[test]
fn poll_summary() {
    let hub = Server::start(|_, _| Resp::json(&json!([{"id": 1}, {"id": 2}])));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        json!({"things": {"url": "/things", "idField": "id"}}),
        json!({}),
    );
    let out = pollctl(home.path())
        .args(["poll", "--once", "--base-url", &hub.url])
        .arg(&inst)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    insta::with_settings!({filters => vec![(r"\d+\.\d+s", "[SECS]")]}, {
        insta::assert_snapshot!(String::from_utf8_lossy(&out.stderr));
    });
}
