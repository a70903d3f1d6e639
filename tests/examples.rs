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
