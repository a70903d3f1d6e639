//! Interop with the clients users would use: notifications signed with Standard Webhooks
//! are checked by the official `standardwebhooks` Python library (installed by `.ci/run`).
//! Under CI a missing tool fails the test; elsewhere the test says loudly that it skipped.

mod common;

use common::{Resp, Server, instance, pollctl};
use serde_json::json;

/// Whether `python3 -c "import MODULE"` works. Missing under CI = test failure.
fn python_module(module: &str) -> bool {
    let ok = std::process::Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        let msg = format!(
            "python3 with the `{module}` package is required (pip install {module}; .ci/run installs it)"
        );
        if std::env::var_os("CI").is_some() {
            panic!("{msg}");
        }
        eprintln!("SKIPPED (not under CI): {msg}");
    }
    ok
}

fn hub_with_records(n: usize) -> Server {
    Server::start(move |_, _| {
        Resp::json(&json!(
            (0..n)
                .map(|i| json!({"id": format!("r{i:02}")}))
                .collect::<Vec<_>>()
        ))
    })
}

/// Verify every recorded POST with `standardwebhooks.Webhook(key).verify(body, headers)`;
/// returns how many verified.
fn verified_by_official_library(key: &str, posts: &[common::Req]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<serde_json::Value> = posts
        .iter()
        .map(|p| {
            json!({
                "body": String::from_utf8(p.body.clone()).unwrap(),
                "headers": {
                    "webhook-id": p.h("webhook-id"),
                    "webhook-timestamp": p.h("webhook-timestamp"),
                    "webhook-signature": p.h("webhook-signature"),
                },
            })
        })
        .collect();
    let cases_file = dir.path().join("cases.json");
    std::fs::write(&cases_file, serde_json::to_vec(&cases).unwrap()).unwrap();
    let script = r#"
import json, sys
from standardwebhooks.webhooks import Webhook
key = sys.stdin.read()
ok = 0
for c in json.load(open(sys.argv[1])):
    try:
        Webhook(key).verify(c["body"], c["headers"])
        ok += 1
    except Exception as e:
        print("not verified:", e, file=sys.stderr)
print(ok)
"#;
    use std::io::Write as _;
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&cases_file)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(key.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

/// 31 key bytes: the base64 is padded with one `=`, so the unpadded form is a different text.
fn whsec_keys() -> (String, String) {
    use base64::Engine as _;
    let raw: Vec<u8> = (0u8..31)
        .map(|i| i.wrapping_mul(37).wrapping_add(11))
        .collect();
    let padded = base64::engine::general_purpose::STANDARD.encode(&raw);
    assert!(padded.ends_with('='));
    let unpadded = padded.trim_end_matches('=').to_string();
    (format!("whsec_{padded}"), format!("whsec_{unpadded}"))
}

fn forward_with_key(key: &str, records: usize) -> (std::process::Output, Vec<common::Req>) {
    let hub = hub_with_records(records);
    let recv = Server::start(|_, _| Resp::status(204, ""));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        json!({"things": {"url": "/things", "idField": "id"}}),
        json!({}),
    );
    let out = pollctl(home.path())
        .args(["poll", "--once", "--base-url", &hub.url])
        .args(["--forward-to", &recv.url])
        .args(["--signature-scheme", "standard-webhooks"])
        .arg(&inst)
        .env("POLLCTL_SIGNATURE_KEY", key)
        .output()
        .unwrap();
    (out, recv.requests())
}

/// The official library accepts unpadded `whsec_` keys; so must pollctl. Before the fix an
/// unpadded key was used as raw text and 0 of the notifications verified.
#[test]
fn official_standardwebhooks_library_verifies_padded_and_unpadded_keys() {
    if !python_module("standardwebhooks") {
        return;
    }
    let (padded, unpadded) = whsec_keys();
    for key in [padded, unpadded] {
        let (out, posts) = forward_with_key(&key, 75);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(posts.len(), 8, "75 events, 10 per notification");
        // How receivers tell pollctl's deliveries from the platform's (README).
        assert!(
            posts
                .iter()
                .all(|p| p.h("user-agent").is_some_and(|u| u.starts_with("pollctl/"))),
            "{:?}",
            posts[0].headers
        );
        assert_eq!(
            verified_by_official_library(&key, &posts),
            8,
            "key form {}",
            if key.ends_with('=') {
                "padded"
            } else {
                "unpadded"
            }
        );
    }
}

/// A `whsec_` key that is not base64 is refused before any request, exit 3, key not echoed.
#[test]
fn undecodable_whsec_key_is_refused_before_forwarding() {
    let (out, posts) = forward_with_key("whsec_this*is!not~base64secretish", 5);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("whsec_") && err.contains("not base64"),
        "{err}"
    );
    assert!(!err.contains("secretish"), "the key leaked: {err}");
    assert!(posts.is_empty(), "nothing was sent");
}
