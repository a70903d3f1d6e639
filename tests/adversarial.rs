//! Defects found by an adversarial pass over issues 10–12, each checked on the real binary.

mod common;

use common::pollctl;

/// `-q` prints only data and errors (`--help`, README); warnings of `instance create`
/// (here: a short signature key) came through anyway. Without `-q` the warning is shown.
#[test]
fn quiet_suppresses_warnings() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    std::fs::write(dir.join("client.secret"), "client-secret\n").unwrap();
    std::fs::write(dir.join("short.key"), "short\n").unwrap();
    let run = |quiet: bool, out: &str| {
        let mut c = pollctl(dir);
        if quiet {
            c.arg("-q");
        }
        c.current_dir(dir)
            .args([
                "instance",
                "create",
                "--connector",
                "egnyte",
                "--name",
                "q1",
                "--api-key",
                "demo",
                "--api-secret-file",
                "client.secret",
                "--set",
                "subdomain=acme",
                "--oauth-callback-url",
                "https://app.example.com/oauth",
                "--callback-url",
                "https://hooks.example.com/x",
                "--signature-key-file",
                "short.key",
                "--no-input",
                "-o",
                out,
            ])
            .output()
            .unwrap()
    };
    let loud = run(false, "loud.json");
    assert!(loud.status.success(), "{loud:?}");
    assert!(
        String::from_utf8_lossy(&loud.stderr).contains("warning: "),
        "{loud:?}"
    );
    let quiet = run(true, "quiet.json");
    assert!(quiet.status.success(), "{quiet:?}");
    assert!(
        !String::from_utf8_lossy(&quiet.stderr).contains("warning"),
        "{quiet:?}"
    );
    assert!(dir.join("quiet.json").exists());
}

/// `pollctl poll "$NAME"` with NAME unset gave "cannot read : No such file or directory",
/// exit 1 (a runtime failure); an empty INSTANCE is a usage error.
#[test]
fn an_empty_instance_argument_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let out = pollctl(home.path())
        .args(["poll", "", "--once"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("INSTANCE"), "{err}");
}
