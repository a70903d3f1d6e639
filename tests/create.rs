//! `pollctl instance create`: the real binary, every flag path, secrets, prompts (through a
//! pseudo-terminal), validation and the `-o` file.

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

const SECRET: &str = "s3cr3t-client-Secret";
const SIG_KEY: &str = "MySecretEventSignatureKey";

/// The binary with a clean, non-interactive environment: no user config, no secret variables.
fn pollctl(home: &Path) -> Command {
    let mut c = Command::cargo_bin("pollctl").unwrap();
    c.env("CI", "true")
        .env("POLLCTL_CONFIG_DIR", home.join("config"))
        .env("POLLCTL_STATE_DIR", home.join("state"))
        .env("NO_COLOR", "1")
        .env_remove("POLLCTL_CLIENT_SECRET")
        .env_remove("POLLCTL_SIGNATURE_KEY")
        .env_remove("POLLCTL_CONFIG")
        .env_remove("POLLCTL_LOG")
        .env_remove("RUST_LOG");
    c
}

/// The connector-specific `--set` flags each connector needs.
fn connector_sets(key: &str) -> Vec<&'static str> {
    match key {
        "egnyte" => vec!["--set", "subdomain=acme"],
        "sharefile" => vec![
            "--set",
            "document.root.folder.name=/top",
            "--set",
            "sharefile.subdomain=acme",
        ],
        "docushareflex" => vec!["--set", "docushare.domain=acme.docushareflex.com"],
        _ => vec![],
    }
}

/// Every flag a complete non-interactive create needs, except the client secret.
fn full_args(connector: &str) -> Vec<String> {
    let mut a: Vec<String> = [
        "instance",
        "create",
        "--connector",
        connector,
        "--name",
        "ci-instance",
        "--api-key",
        "client-id-123",
        "--oauth-callback-url",
        "https://app.example.com/oauth",
        "--callback-url",
        "https://app.example.com/events",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    a.extend(connector_sets(connector).iter().map(|s| s.to_string()));
    a
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\n{}",
                self.stdout, self.stderr
            )
        })
    }
    fn ok(self) -> Self {
        assert_eq!(self.code, Some(0), "stderr:\n{}", self.stderr);
        self
    }
}

fn run(mut c: Command) -> Run {
    let out = c.timeout(Duration::from_secs(60)).output().unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn create(home: &Path, extra: &[&str]) -> Run {
    let mut c = pollctl(home);
    c.args(full_args("egnyte"))
        .args(extra)
        .env("POLLCTL_CLIENT_SECRET", SECRET);
    run(c)
}

#[test]
fn egnyte_from_flags_has_the_platform_body() {
    let home = tempfile::tempdir().unwrap();
    let r = create(
        home.path(),
        &["--tag", "ci", "--tag", "docs", "--code", "auth-code-1"],
    )
    .ok();
    let v = r.json();
    assert_eq!(v["element"]["key"], "egnyte");
    assert_eq!(v["providerData"]["code"], "auth-code-1");
    assert_eq!(v["name"], "ci-instance");
    assert_eq!(v["tags"], serde_json::json!(["ci", "docs"]));
    let c = &v["configuration"];
    assert_eq!(c["oauth.api.key"], "client-id-123");
    assert_eq!(c["oauth.api.secret"], SECRET);
    assert_eq!(c["oauth.callback.url"], "https://app.example.com/oauth");
    assert_eq!(c["subdomain"], "acme");
    assert_eq!(c["event.notification.enabled"], true);
    assert_eq!(
        c["event.notification.callback.url"],
        "https://app.example.com/events"
    );
    assert_eq!(c["event.poller.refresh_interval"], "15");
    // egnyte has one event type: no vendor type is written.
    assert!(c.get("event.vendor.type").is_none());
    assert_eq!(
        c["event.poller.configuration"]["events"]["idField"],
        "event_object_id"
    );
    // Key order as in the platform's documentation.
    let s = &r.stdout;
    let at = |k: &str| s.find(k).unwrap_or_else(|| panic!("{k} missing"));
    assert!(at("\"element\"") < at("\"providerData\""));
    assert!(at("\"providerData\"") < at("\"configuration\""));
    assert!(at("\"configuration\"") < at("\"tags\""));
    assert!(at("\"oauth.api.key\"") < at("\"subdomain\""));
    assert!(at("\"subdomain\"") < at("\"event.notification.enabled\""));
    assert!(at("\"url\"") < at("\"idField\""));
    assert!(s.ends_with("}\n"));
}

#[test]
fn every_connector_builds_with_its_own_keys() {
    let home = tempfile::tempdir().unwrap();
    for key in ["docushareflex", "egnyte", "sharefile", "googlesuite"] {
        let mut c = pollctl(home.path());
        c.args(full_args(key)).env("POLLCTL_CLIENT_SECRET", SECRET);
        let r = run(c);
        assert_eq!(r.code, Some(0), "{key}: {}", r.stderr);
        let v = r.json();
        assert_eq!(v["element"]["key"], key);
        let conf = &v["configuration"];
        let poller = conf["event.poller.configuration"].as_object().unwrap();
        assert!(!poller.is_empty(), "{key}: empty poller configuration");
        match key {
            "sharefile" => {
                assert_eq!(conf["event.vendor.type"], "polling");
                assert_eq!(conf["document.root.folder.name"], "/top");
                assert_eq!(conf["sharefile.subdomain"], "acme");
            }
            "googlesuite" => assert_eq!(poller.len(), 4, "{poller:?}"),
            "docushareflex" => {
                assert_eq!(conf["docushare.domain"], "acme.docushareflex.com")
            }
            _ => {}
        }
    }
}

#[test]
fn set_types_values_where_the_platform_expects_them() {
    let home = tempfile::tempdir().unwrap();
    let v = create(
        home.path(),
        &[
            "--set",
            "event.notification.enabled=true",
            "--refresh-interval",
            "5",
            "--set",
            "custom.flag=false",
            "--set",
            "custom.count=42",
        ],
    )
    .ok()
    .json();
    let c = &v["configuration"];
    assert_eq!(c["event.notification.enabled"], Value::Bool(true));
    assert_eq!(c["event.poller.refresh_interval"], "5");
    // Keys the platform does not type stay strings.
    assert_eq!(c["custom.flag"], "false");
    assert_eq!(c["custom.count"], "42");

    let v = create(home.path(), &["--set", "event.poller.refresh_interval=30"])
        .ok()
        .json();
    assert_eq!(v["configuration"]["event.poller.refresh_interval"], "30");

    for (flag, value, needle) in [
        ("--refresh-interval", "0", "at least 1"),
        ("--refresh-interval", "often", "at least 1"),
        ("--set", "event.notification.enabled=maybe", "true or false"),
        ("--vendor-type", "webhook", "supports only polling"),
        ("--vendor-type", "push", "polling or webhook"),
    ] {
        let r = create(home.path(), &[flag, value]);
        assert_eq!(r.code, Some(3), "{flag} {value}: {}", r.stderr);
        assert!(r.stderr.contains(needle), "{flag} {value}: {}", r.stderr);
        assert!(r.stdout.is_empty());
    }
}

#[test]
fn bad_callback_url_is_invalid_input_with_a_hint() {
    let home = tempfile::tempdir().unwrap();
    let mut args = full_args("egnyte");
    let i = args
        .iter()
        .position(|a| a == "--oauth-callback-url")
        .unwrap();
    args[i + 1] = "https;//mycoolapp.com".into();
    let mut c = pollctl(home.path());
    c.args(&args).env("POLLCTL_CLIENT_SECRET", SECRET);
    let r = run(c);
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert!(r.stderr.contains("oauth.callback.url"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean"), "{}", r.stderr);
}

#[test]
fn sharefile_vendor_type_webhook_has_no_poller() {
    let home = tempfile::tempdir().unwrap();
    let mut c = pollctl(home.path());
    c.args(full_args("sharefile"))
        .args(["--vendor-type", "webhooks"])
        .env("POLLCTL_CLIENT_SECRET", SECRET);
    let v = run(c).ok().json();
    let c = &v["configuration"];
    assert_eq!(c["event.vendor.type"], "webhook");
    assert!(c.get("event.poller.configuration").is_none());
    assert!(c.get("event.poller.refresh_interval").is_none());
}

#[test]
fn typo_of_a_known_key_warns_and_is_kept() {
    let home = tempfile::tempdir().unwrap();
    let r = create(home.path(), &["--set", "subdomian=acme2"]).ok();
    assert!(
        r.stderr.contains("/configuration/subdomian")
            && r.stderr.contains("did you mean \"subdomain\""),
        "{}",
        r.stderr
    );
    assert_eq!(r.json()["configuration"]["subdomian"], "acme2");
    // A key that resembles nothing is kept silently.
    let r = create(home.path(), &["--set", "my.own.key=1"]).ok();
    assert!(!r.stderr.contains("my.own.key"), "{}", r.stderr);
}

#[test]
fn set_refuses_secrets_and_names_the_flag() {
    let home = tempfile::tempdir().unwrap();
    for (key, flag) in [
        ("oauth.api.secret", "--api-secret-file"),
        ("event.notification.signature.key", "--signature-key-file"),
    ] {
        let r = create(home.path(), &["--set", &format!("{key}=hunter2-leak")]);
        assert_eq!(r.code, Some(2), "{key}: {}", r.stderr);
        assert!(r.stderr.contains(flag), "{key}: {}", r.stderr);
        assert!(!r.stderr.contains("hunter2-leak"), "{}", r.stderr);
        assert!(r.stdout.is_empty());
    }
}

#[test]
fn set_without_equals_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let r = create(home.path(), &["--set", "subdomain"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("\"subdomain\""), "{}", r.stderr);
    assert!(r.stderr.contains("KEY=VALUE"), "{}", r.stderr);
}

#[test]
fn one_key_two_values_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let r = create(home.path(), &["--set", "oauth.api.key=other"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("--api-key") && r.stderr.contains("--set oauth.api.key"),
        "{}",
        r.stderr
    );
}

#[test]
fn unknown_connector_lists_the_known_ones() {
    // A connector outside the catalog is built generically (here: its OAuth values are
    // missing); a key that is no connector key is refused.
    let home = tempfile::tempdir().unwrap();
    let mut c = pollctl(home.path());
    c.args(["instance", "create", "--connector", "dropbox"]);
    let r = run(c);
    assert_eq!(r.code, Some(3));
    assert!(
        r.stderr.contains("dropbox is not in pollctl's catalog"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--api-key"), "{}", r.stderr);
    let mut c = pollctl(home.path());
    c.args(["instance", "create", "--connector", "drop box"]);
    let r = run(c);
    assert_eq!(r.code, Some(3));
    assert!(r.stderr.contains("is not a connector key"), "{}", r.stderr);
}

#[test]
fn missing_connector_without_a_terminal_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let mut c = pollctl(home.path());
    c.args(["instance", "create", "--name", "x"]);
    let r = run(c);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("--connector"), "{}", r.stderr);
}

fn assert_lists_every_missing_key(r: &Run, why: &str) {
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains(why), "{}", r.stderr);
    for needle in [
        "oauth.api.key",
        "--api-key",
        "oauth.api.secret",
        "--api-secret-file",
        "POLLCTL_CLIENT_SECRET",
        "oauth.callback.url",
        "--oauth-callback-url",
        "subdomain",
        "--set subdomain=VALUE",
        "event.notification.callback.url",
        "--callback-url",
        "--name",
        "6 required values are missing",
    ] {
        assert!(r.stderr.contains(needle), "{needle} not in:\n{}", r.stderr);
    }
}

#[test]
fn missing_keys_are_all_listed_when_ci_is_set() {
    let home = tempfile::tempdir().unwrap();
    let mut c = pollctl(home.path());
    c.args(["instance", "create", "--connector", "egnyte"]);
    assert_lists_every_missing_key(&run(c), "CI is set");
}

#[test]
fn missing_keys_are_all_listed_with_no_input() {
    let home = tempfile::tempdir().unwrap();
    let mut c = pollctl(home.path());
    c.env_remove("CI")
        .args(["--no-input", "instance", "create", "--connector", "egnyte"]);
    assert_lists_every_missing_key(&run(c), "--no-input");
}

#[test]
fn missing_keys_are_all_listed_when_stdin_is_not_a_terminal() {
    let home = tempfile::tempdir().unwrap();
    let mut c = pollctl(home.path());
    c.env_remove("CI")
        .args(["instance", "create", "--connector", "egnyte"])
        .write_stdin("");
    assert_lists_every_missing_key(&run(c), "stdin is not a terminal");
}

#[test]
fn client_secret_from_file_stdin_env_and_config_in_that_order() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("secret");
    std::fs::write(&file, "from-file-secret\n").unwrap();
    let config = home.path().join("config.toml");
    std::fs::write(&config, "client-secret = \"from-config-secret\"\n").unwrap();
    let secret_of = |r: Run| r.ok().json()["configuration"]["oauth.api.secret"].clone();

    // file beats environment
    let mut c = pollctl(home.path());
    c.args(full_args("egnyte"))
        .arg("--api-secret-file")
        .arg(&file)
        .env("POLLCTL_CLIENT_SECRET", "from-env-secret");
    assert_eq!(secret_of(run(c)), "from-file-secret");

    // stdin
    let mut c = pollctl(home.path());
    c.args(full_args("egnyte"))
        .args(["--api-secret-file", "-"])
        .write_stdin("from-stdin-secret\n");
    assert_eq!(secret_of(run(c)), "from-stdin-secret");

    // environment beats the config file
    let mut c = pollctl(home.path());
    c.args(full_args("egnyte"))
        .arg("--config")
        .arg(&config)
        .env("POLLCTL_CLIENT_SECRET", "from-env-secret");
    assert_eq!(secret_of(run(c)), "from-env-secret");

    // config file (given with --config, and found in POLLCTL_CONFIG_DIR)
    let mut c = pollctl(home.path());
    c.args(full_args("egnyte")).arg("--config").arg(&config);
    assert_eq!(secret_of(run(c)), "from-config-secret");
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::copy(&config, home.path().join("config/config.toml")).unwrap();
    let mut c = pollctl(home.path());
    c.args(full_args("egnyte"));
    assert_eq!(secret_of(run(c)), "from-config-secret");
}

#[test]
fn empty_or_unreadable_secret_file_fails_naming_it() {
    let home = tempfile::tempdir().unwrap();
    let empty = home.path().join("empty");
    std::fs::write(&empty, "\n").unwrap();
    let mut c = pollctl(home.path());
    c.args(full_args("egnyte"))
        .arg("--api-secret-file")
        .arg(&empty);
    let r = run(c);
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert!(r.stderr.contains("empty"), "{}", r.stderr);

    let mut c = pollctl(home.path());
    c.args(full_args("egnyte"))
        .arg("--api-secret-file")
        .arg(home.path().join("nope"));
    let r = run(c);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("nope"), "{}", r.stderr);
}

#[test]
fn only_one_input_may_read_stdin() {
    let home = tempfile::tempdir().unwrap();
    let r = create(home.path(), &["--api-secret-file", "-", "--code-file", "-"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("--api-secret-file and --code-file"),
        "{}",
        r.stderr
    );
}

#[test]
fn code_file_and_signature_key_from_file_and_env() {
    let home = tempfile::tempdir().unwrap();
    let code = home.path().join("code");
    std::fs::write(&code, "code-from-file\n").unwrap();
    let key = home.path().join("sig");
    std::fs::write(&key, format!("{SIG_KEY}\n")).unwrap();
    let code_arg = code.to_str().unwrap();
    let key_arg = key.to_str().unwrap();
    let v = create(
        home.path(),
        &["--code-file", code_arg, "--signature-key-file", key_arg],
    )
    .ok()
    .json();
    assert_eq!(v["providerData"]["code"], "code-from-file");
    assert_eq!(
        v["configuration"]["event.notification.signature.key"],
        SIG_KEY
    );

    let mut c = pollctl(home.path());
    c.args(full_args("egnyte"))
        .env("POLLCTL_CLIENT_SECRET", SECRET)
        .env("POLLCTL_SIGNATURE_KEY", "env-signature-key");
    let v = run(c).ok().json();
    assert_eq!(
        v["configuration"]["event.notification.signature.key"],
        "env-signature-key"
    );
    // Without --code the body has no providerData, and a note says what to add.
    assert!(v.get("providerData").is_none());
}

#[test]
fn no_events_writes_enabled_false_and_nothing_else() {
    let home = tempfile::tempdir().unwrap();
    let mut c = pollctl(home.path());
    c.args([
        "instance",
        "create",
        "--connector",
        "egnyte",
        "--name",
        "n",
        "--api-key",
        "id",
        "--oauth-callback-url",
        "https://app.example.com/oauth",
        "--set",
        "subdomain=acme",
        "--no-events",
    ])
    .env("POLLCTL_CLIENT_SECRET", SECRET)
    // A signature key in the environment does not conflict with --no-events.
    .env("POLLCTL_SIGNATURE_KEY", SIG_KEY);
    let v = run(c).ok().json();
    let c = v["configuration"].as_object().unwrap();
    assert_eq!(c["event.notification.enabled"], false);
    let event_keys: Vec<&String> = c.keys().filter(|k| k.starts_with("event.")).collect();
    assert_eq!(event_keys, ["event.notification.enabled"]);

    // --no-events with an event flag is a usage error.
    let r = create(home.path(), &["--no-events"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("--no-events"), "{}", r.stderr);
}

#[test]
fn poller_config_file_replaces_the_default_and_keeps_its_order() {
    let home = tempfile::tempdir().unwrap();
    let p = home.path().join("poller.json");
    std::fs::write(
        &p,
        r#"{"zfolders": {"url": "/hubs/documents/folders", "idField": "id"},
            "afiles": {"url": "/hubs/documents/files", "idField": "id", "pageSize": 50}}"#,
    )
    .unwrap();
    let r = create(home.path(), &["--poller-config", p.to_str().unwrap()]).ok();
    let v = r.json();
    let poller = v["configuration"]["event.poller.configuration"]
        .as_object()
        .unwrap();
    assert_eq!(poller.len(), 2);
    assert_eq!(poller["afiles"]["pageSize"], 50);
    assert!(r.stdout.find("zfolders").unwrap() < r.stdout.find("afiles").unwrap());

    // From stdin too.
    let mut c = pollctl(home.path());
    c.args(full_args("egnyte"))
        .args(["--poller-config", "-"])
        .env("POLLCTL_CLIENT_SECRET", SECRET)
        .write_stdin(std::fs::read(&p).unwrap());
    assert_eq!(
        run(c).ok().json()["configuration"]["event.poller.configuration"]["zfolders"]["idField"],
        "id"
    );

    // Not an object: invalid input naming the file.
    std::fs::write(&p, "[1, 2]").unwrap();
    let r = create(home.path(), &["--poller-config", p.to_str().unwrap()]);
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert!(r.stderr.contains("poller.json"), "{}", r.stderr);
}

#[test]
fn validation_errors_exit_3_with_diagnostics_and_no_output() {
    let home = tempfile::tempdir().unwrap();
    let p = home.path().join("poller.json");
    std::fs::write(
        &p,
        r#"{"docs": {"idField": "id", "datesConfiguration": {"updatedDateField": "d",
            "updatedDateFormat": "yyyy-MM-dd'T", "updatedDateTimezone": "GMT"}}}"#,
    )
    .unwrap();
    let out = home.path().join("out.json");
    let r = create(
        home.path(),
        &[
            "--poller-config",
            p.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(!out.exists(), "an invalid instance was written");
    // The diagnostics name the place (a JSON Pointer into the poller configuration).
    assert!(
        r.stderr
            .contains("/configuration/event.poller.configuration/docs"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("url"), "{}", r.stderr);
    assert!(!r.stderr.contains(SECRET));
}

#[cfg(unix)]
#[test]
fn output_file_is_private_and_needs_force_to_overwrite() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("egnyte.json");
    let out_arg = out.to_str().unwrap();
    let r = create(home.path(), &["-o", out_arg]).ok();
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let text = std::fs::read_to_string(&out).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["configuration"]["oauth.api.secret"], SECRET);
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    let r = create(home.path(), &["-o", out_arg]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);

    let mut args = full_args("egnyte");
    let i = args.iter().position(|a| a == "--name").unwrap();
    args[i + 1] = "renamed".into();
    let mut c = pollctl(home.path());
    c.args(&args)
        .args(["-o", out_arg, "--force"])
        .env("POLLCTL_CLIENT_SECRET", SECRET);
    run(c).ok();
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["name"], "renamed");
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // Only the file: no temporary left behind.
    let names: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["egnyte.json"]);
}

#[test]
fn output_into_a_missing_directory_names_it() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("no-such-dir/egnyte.json");
    // Checked before anything else, so even an incomplete command says so first.
    let mut c = pollctl(home.path());
    c.args(["instance", "create", "--connector", "egnyte", "-o"])
        .arg(&out);
    let r = run(c);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "directory {} does not exist",
            out.parent().unwrap().display()
        )),
        "{}",
        r.stderr
    );
}

#[test]
fn secrets_never_reach_stderr_even_at_debug_level() {
    let home = tempfile::tempdir().unwrap();
    let mut c = pollctl(home.path());
    c.arg("-vv")
        .args(full_args("egnyte"))
        .args(["--code", "the-auth-code"])
        .env("POLLCTL_CLIENT_SECRET", SECRET)
        .env("POLLCTL_SIGNATURE_KEY", SIG_KEY);
    let r = run(c).ok();
    assert!(r.stderr.contains("client secret found"), "{}", r.stderr);
    assert!(!r.stderr.contains(SECRET), "{}", r.stderr);
    assert!(!r.stderr.contains(SIG_KEY), "{}", r.stderr);
    // The body is the data: it has to carry them.
    assert!(r.stdout.contains(SECRET) && r.stdout.contains(SIG_KEY));

    // Same with POLLCTL_LOG=trace.
    let mut c = pollctl(home.path());
    c.args(full_args("egnyte"))
        .env("POLLCTL_LOG", "trace")
        .env("POLLCTL_CLIENT_SECRET", SECRET);
    let r = run(c).ok();
    assert!(!r.stderr.contains(SECRET), "{}", r.stderr);
}

/// Answers every prompt through a pseudo-terminal, including a hidden one for the secret and
/// a re-ask after a bad URL, then checks the written file.
#[cfg(unix)]
#[test]
fn prompts_on_a_terminal_fill_what_is_missing() {
    use expectrl::process::Termios;
    use expectrl::{Eof, Expect, Session};

    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("prompted.json");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_pollctl"));
    cmd.args([
        "instance",
        "create",
        "--connector",
        "egnyte",
        "--callback-url",
        "https://app.example.com/events",
        "-o",
    ])
    .arg(&out)
    .env_remove("CI")
    .env_remove("POLLCTL_CLIENT_SECRET")
    .env_remove("POLLCTL_SIGNATURE_KEY")
    .env_remove("POLLCTL_CONFIG")
    .env("POLLCTL_CONFIG_DIR", home.path().join("config"))
    .env("NO_COLOR", "1")
    .env("TERM", "xterm");
    let mut p = Session::spawn(cmd).unwrap();
    p.set_expect_timeout(Some(Duration::from_secs(30)));

    p.expect("needs 5 more values").unwrap();
    p.expect("oauth.api.key: ").unwrap();
    p.send_line("prompted-client-id").unwrap();
    p.expect("oauth.api.secret: ").unwrap();
    // The hidden prompt turns echo off (flushing pending input) after drawing itself: type
    // only once echo is off. Polling the terminal state is synchronisation, not an assertion.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while p.get_process().is_echo().unwrap() {
        assert!(
            std::time::Instant::now() < deadline,
            "echo never turned off"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    p.send_line("prompted-Secret-42").unwrap();
    let before = p.expect("oauth.callback.url: ").unwrap();
    assert!(
        !String::from_utf8_lossy(before.before()).contains("prompted-Secret-42"),
        "the secret was echoed"
    );
    p.send_line("not a url").unwrap();
    p.expect("not a URL").unwrap();
    p.expect("oauth.callback.url: ").unwrap();
    p.send_line("https://app.example.com/oauth").unwrap();
    p.expect("subdomain: ").unwrap();
    p.send_line("acme").unwrap();
    p.expect("name: ").unwrap();
    p.send_line("prompted-instance").unwrap();
    let rest = p.expect(Eof).unwrap();
    // Eof matches everything left in the buffer.
    let tail = String::from_utf8_lossy(rest.get(0).unwrap_or_default()).into_owned();
    assert!(tail.contains("wrote"), "{tail}");
    assert!(!tail.contains("prompted-Secret-42"), "{tail}");
    let status = p.get_process().wait().unwrap();
    assert!(format!("{status:?}").ends_with(", 0)"), "{status:?}");

    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let c = &v["configuration"];
    assert_eq!(c["oauth.api.key"], "prompted-client-id");
    assert_eq!(c["oauth.api.secret"], "prompted-Secret-42");
    assert_eq!(c["oauth.callback.url"], "https://app.example.com/oauth");
    assert_eq!(c["subdomain"], "acme");
    assert_eq!(v["name"], "prompted-instance");
}

#[test]
fn dash_output_is_stdout_and_connector_key_ignores_case() {
    let home = tempfile::tempdir().unwrap();
    let mut args = full_args("egnyte");
    args[3] = "Egnyte".into();
    let mut c = pollctl(home.path());
    c.current_dir(home.path())
        .args(&args)
        .args(["-o", "-"])
        .env("POLLCTL_CLIENT_SECRET", SECRET);
    let r = run(c).ok();
    assert_eq!(r.json()["element"]["key"], "egnyte");
    assert!(!home.path().join("-").exists());
}

#[test]
fn poller_config_broken_across_a_line_gets_a_hint() {
    // The ShareFile seed's URL, as copied from the PDF.
    let home = tempfile::tempdir().unwrap();
    let p = home.path().join("sharefile-poller.json");
    std::fs::write(
        &p,
        "{\"documents\": {\"url\": \"/hubs/documents/events/poll/documents?where=lastmodifi\neddate='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'\", \"idField\": \"id\"}}",
    )
    .unwrap();
    let r = create(home.path(), &["--poller-config", p.to_str().unwrap()]);
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert!(r.stderr.contains("sharefile-poller.json"), "{}", r.stderr);
    assert!(r.stderr.contains("line 2 column 0"), "{}", r.stderr);
    assert!(r.stderr.contains("join them"), "{}", r.stderr);
}

/// Without --connector, a terminal user picks one from a menu.
#[cfg(unix)]
#[test]
fn connector_menu_on_a_terminal() {
    use expectrl::{Eof, Expect, Session};

    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("menu.json");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_pollctl"));
    cmd.args([
        "instance",
        "create",
        "--name",
        "menu",
        "--api-key",
        "id",
        "--oauth-callback-url",
        "https://app.example.com/oauth",
        "--callback-url",
        "https://app.example.com/events",
        "-o",
    ])
    .arg(&out)
    .env_remove("CI")
    .env("POLLCTL_CLIENT_SECRET", SECRET)
    .env_remove("POLLCTL_SIGNATURE_KEY")
    .env_remove("POLLCTL_CONFIG")
    .env("POLLCTL_CONFIG_DIR", home.path().join("config"))
    .env("NO_COLOR", "1")
    .env("TERM", "xterm");
    let mut p = Session::spawn(cmd).unwrap();
    p.set_expect_timeout(Some(Duration::from_secs(30)));
    p.expect("Connector").unwrap();
    p.expect("googlesuite").unwrap();
    // docushareflex is first; one step down is egnyte.
    p.send("\x1b[B").unwrap();
    p.send("\r").unwrap();
    p.expect("subdomain: ").unwrap();
    p.send_line("acme").unwrap();
    p.expect(Eof).unwrap();
    let status = p.get_process().wait().unwrap();
    assert!(format!("{status:?}").ends_with(", 0)"), "{status:?}");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["element"]["key"], "egnyte");
    assert_eq!(v["configuration"]["subdomain"], "acme");
}

/// Ctrl-C at the hidden prompt exits 130 and leaves the terminal with echo back on.
#[cfg(unix)]
#[test]
fn interrupt_at_the_hidden_prompt_restores_echo() {
    use expectrl::process::Termios;
    use expectrl::{Eof, Expect, Session};

    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("never.json");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_pollctl"));
    cmd.args(full_args("egnyte"))
        .arg("-o")
        .arg(&out)
        .env_remove("CI")
        .env_remove("POLLCTL_CLIENT_SECRET")
        .env_remove("POLLCTL_SIGNATURE_KEY")
        .env_remove("POLLCTL_CONFIG")
        .env("POLLCTL_CONFIG_DIR", home.path().join("config"))
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut p = Session::spawn(cmd).unwrap();
    p.set_expect_timeout(Some(Duration::from_secs(30)));
    p.expect("oauth.api.secret: ").unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while p.get_process().is_echo().unwrap() {
        assert!(
            std::time::Instant::now() < deadline,
            "echo never turned off"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    p.send("\x03").unwrap();
    p.expect(Eof).unwrap();
    let status = p.get_process().wait().unwrap();
    assert!(format!("{status:?}").ends_with(", 130)"), "{status:?}");
    assert!(p.get_process().is_echo().unwrap(), "echo left off");
    assert!(!out.exists());
}

mod post {
    use super::*;
    use wiremock::matchers::{body_string_contains, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    async fn run_blocking(c: Command) -> Run {
        tokio::task::spawn_blocking(move || run(c)).await.unwrap()
    }

    fn post_cmd(home: &Path, base: &str, extra: &[&str]) -> Command {
        let mut c = pollctl(home);
        c.args(full_args("egnyte"))
            .arg("--post")
            .args(extra)
            .env("POLLCTL_CLIENT_SECRET", SECRET)
            .env("POLLCTL_BASE_URL", base)
            .env("POLLCTL_USER_SECRET", "u-sec")
            .env("POLLCTL_ORG_SECRET", "o-sec");
        c
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn post_provisions_and_registers() {
        let platform = MockServer::start().await;
        let base = format!("{}/elements/api-v2", platform.uri());
        Mock::given(method("POST"))
            .and(path("/elements/api-v2/instances"))
            .and(|req: &wiremock::Request| {
                req.headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    == Some("User u-sec, Organization o-sec")
            })
            .and(body_string_contains("\"code\":\"the-code\""))
            .and(body_string_contains(SECRET))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "id": 4242, "token": "INSTANCE-TOKEN", "name": "ci-instance",
                "element": {"key": "egnyte"}
            })))
            .expect(1)
            .mount(&platform)
            .await;
        let home = tempfile::tempdir().unwrap();
        let out = home.path().join("egnyte.json");
        let c = post_cmd(
            home.path(),
            &base,
            &["--code", "the-code", "-o", out.to_str().unwrap()],
        );
        let r = run_blocking(c).await.ok();
        // stdout: what was provisioned, never the token or the client secret.
        let v = r.json();
        assert_eq!(v["id"], "4242");
        assert_eq!(v["name"], "ci-instance");
        assert!(!r.stdout.contains("INSTANCE-TOKEN") && !r.stdout.contains(SECRET));
        assert!(!r.stderr.contains("INSTANCE-TOKEN") && !r.stderr.contains(SECRET));
        // The body was also written, and the registry entry is private.
        assert!(out.exists());
        let entry = home.path().join("state/instances/ci-instance.json");
        let saved: Value = serde_json::from_str(&std::fs::read_to_string(&entry).unwrap()).unwrap();
        assert_eq!(saved["id"], "4242");
        assert_eq!(saved["token"], "INSTANCE-TOKEN");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&entry).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn post_needs_the_code_and_the_platform_secrets() {
        let platform = MockServer::start().await;
        let base = format!("{}/elements/api-v2", platform.uri());
        let home = tempfile::tempdir().unwrap();
        let r = run_blocking(post_cmd(home.path(), &base, &[])).await;
        assert_eq!(r.code, Some(3), "{}", r.stderr);
        assert!(r.stderr.contains("providerData.code"), "{}", r.stderr);
        assert!(r.stderr.contains("--code-file"), "{}", r.stderr);

        let mut c = post_cmd(home.path(), &base, &["--code", "c"]);
        c.env_remove("POLLCTL_ORG_SECRET");
        let r = run_blocking(c).await;
        assert_eq!(r.code, Some(3), "{}", r.stderr);
        assert!(r.stderr.contains("POLLCTL_ORG_SECRET"), "{}", r.stderr);
        assert!(!r.stderr.contains("POLLCTL_USER_SECRET"), "{}", r.stderr);
        // Nothing was sent.
        assert!(platform.received_requests().await.unwrap().is_empty());
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn post_rejected_by_the_platform_is_an_auth_failure() {
        let platform = MockServer::start().await;
        let base = format!("{}/elements/api-v2", platform.uri());
        Mock::given(method("POST"))
            .and(path("/elements/api-v2/instances"))
            .respond_with(
                ResponseTemplate::new(401).set_body_string("{\"message\":\"bad secrets\"}"),
            )
            .mount(&platform)
            .await;
        let home = tempfile::tempdir().unwrap();
        let r = run_blocking(post_cmd(home.path(), &base, &["--code", "c"])).await;
        assert_eq!(r.code, Some(4), "{}", r.stderr);
        assert!(r.stderr.contains("401"), "{}", r.stderr);
        assert!(r.stdout.is_empty());
        assert!(
            !home
                .path()
                .join("state/instances/ci-instance.json")
                .exists()
        );
        assert!(
            !r.stderr.contains("u-sec") && !r.stderr.contains(SECRET),
            "{}",
            r.stderr
        );
    }

    #[test]
    fn platform_secret_flags_require_post() {
        let home = tempfile::tempdir().unwrap();
        let r = create(home.path(), &["--user-secret-file", "x"]);
        assert_eq!(r.code, Some(2), "{}", r.stderr);
        assert!(r.stderr.contains("--post"), "{}", r.stderr);
    }
}

/// `--local-polling`: the platform's events off (its hosted poller would deliver every change a
/// second time), the poller configuration and callback kept for `pollctl poll`.
#[test]
fn local_polling_turns_platform_events_off_and_keeps_the_poller() {
    let home = tempfile::tempdir().unwrap();
    let v = create(home.path(), &["--local-polling"]).ok().json();
    let c = &v["configuration"];
    assert_eq!(c["event.notification.enabled"], false);
    assert_eq!(
        c["event.notification.callback.url"],
        "https://app.example.com/events"
    );
    assert_eq!(c["event.poller.refresh_interval"], "15");
    assert!(c["event.poller.configuration"]["events"].is_object());
    // Not with --no-events (which drops the poller configuration).
    let r = create(home.path(), &["--local-polling", "--no-events"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
}
