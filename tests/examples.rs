//! The receiver-side signature checks in examples/ agree with the published test vector and
//! with pollctl's own signing.

mod common;

use std::process::Command;

use common::require_tool;

const KEY: &str = "MySecretEventSignatureKey";
const BODY: &str = "<INSERT_EVENT_NOTIFICATION_RESPONSE_BODY>";
const SIG: &str = "sha256=jHdbRx5EZAsOfTwAPJOGkNUzQMVVdu5VJlxcsk+G6jQ=";

fn files() -> (tempfile::TempDir, String, String) {
    let d = tempfile::tempdir().unwrap();
    let k = d.path().join("key");
    let b = d.path().join("body");
    std::fs::write(&k, format!("{KEY}\n")).unwrap();
    std::fs::write(&b, BODY).unwrap();
    (d, k.display().to_string(), b.display().to_string())
}

#[test]
fn python_example_verifies_the_published_vector() {
    if !require_tool("python3", "python_example_verifies_the_published_vector") {
        return;
    }
    let (_d, k, b) = files();
    let ok = Command::new("python3")
        .args(["examples/verify_signature.py", &k, &b, SIG])
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let bad = Command::new("python3")
        .args(["examples/verify_signature.py", &k, &b, "sha256=AAAA"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn shell_example_verifies_pollctl_signatures() {
    if !require_tool("openssl", "shell_example_verifies_pollctl_signatures")
        || !require_tool("bash", "shell_example_verifies_pollctl_signatures")
    {
        return;
    }
    let (_d, k, b) = files();
    let ours = pollctl::poll::sign::elements_signature(KEY.as_bytes(), BODY.as_bytes());
    assert_eq!(ours, SIG);
    let ok = Command::new("bash")
        .args(["examples/verify-signature.sh", &k, &b, &ours])
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let bad = Command::new("bash")
        .args(["examples/verify-signature.sh", &k, &b, "sha256=AAAA"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
}

/// `examples/ci-poll.sh NAME`: a registry entry carries the instance token, so the script must
/// not insist on POLLCTL_ELEMENT_TOKEN (it did); a file without a token still needs it.
#[test]
fn ci_poll_script_takes_a_registry_name_without_an_element_token() {
    use common::{Resp, Server};
    let srv = Server::start(|req, _| {
        if req
            .h("authorization")
            .is_some_and(|a| a.contains("Element reg-token"))
        {
            Resp::json(&serde_json::json!([{"id": 1}]))
        } else {
            Resp::status(403, "forbidden")
        }
    });
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    std::fs::create_dir_all(state.join("instances")).unwrap();
    let file = common::instance(
        home.path(),
        "i.json",
        serde_json::json!({"things": {"url": "/things", "idField": "id"}}),
        serde_json::json!({}),
    );
    let mut body: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    body["configuration"]
        .as_object_mut()
        .unwrap()
        .remove("oauth.api.secret");
    std::fs::write(
        state.join("instances/ci-inst.json"),
        serde_json::json!({"name": "ci-inst", "id": "77", "token": "reg-token", "connector": "egnyte",
                           "baseUrl": srv.url, "createdAt": "2026-01-01T00:00:00Z", "body": body})
        .to_string(),
    )
    .unwrap();
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_pollctl"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = |instance: &std::path::Path| {
        Command::new("bash")
            .arg("examples/ci-poll.sh")
            .arg(instance)
            .env_remove("POLLCTL_BASE_URL")
            .env_remove("POLLCTL_CONFIG")
            .env_remove("POLLCTL_ELEMENT_TOKEN")
            .env("POLLCTL_CONFIG_DIR", home.path().join("config"))
            .env("POLLCTL_STATE_DIR", &state)
            .env("CI", "true")
            .env("PATH", &path)
            .env("POLLCTL_USER_SECRET", "u")
            .env("POLLCTL_ORG_SECRET", "o")
            .output()
            .unwrap()
    };
    let out = run(std::path::Path::new("ci-inst"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(srv.count(), 1, "{err}");
    // A file without a "token" still needs the variable, named before any request.
    let out = run(&file);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("POLLCTL_ELEMENT_TOKEN"));
    assert_eq!(srv.count(), 1);
}
