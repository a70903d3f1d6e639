//! The settings, wiring and exit-code contract of issue 10 and the poll rough edges of issue 11:
//! the registry follows the state directory wherever it is set, `poll` with no argument names
//! the provisioned instances, missing secrets fail at once, one resolved URL is polled once,
//! the loop closes with a summary, and every documented exit code has one real failure.

mod common;

use std::io::BufRead;
use std::time::{Duration, Instant};

use common::{Resp, Server, instance, pollctl, pollctl_std};
use serde_json::json;

fn undated(url: &str) -> serde_json::Value {
    json!({"things": {"url": url, "idField": "id"}})
}

/// A registry entry as `instance create --post` writes it.
fn write_registry_entry(state_dir: &std::path::Path, name: &str) {
    let dir = state_dir.join("instances");
    std::fs::create_dir_all(&dir).unwrap();
    let entry = json!({
        "name": name, "id": "42", "token": "tok", "connector": "egnyte",
        "baseUrl": "http://127.0.0.1:9", "createdAt": "2024-01-01T00:00:00Z",
        "body": {"element": {"key": "egnyte"}, "name": name, "configuration": {}},
    });
    std::fs::write(dir.join(format!("{name}.json")), entry.to_string()).unwrap();
}

/// `state-dir` in the config file moves the registry too, not only the poll state.
#[test]
fn config_state_dir_moves_the_registry() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("elsewhere");
    write_registry_entry(&state, "moved");
    let cfg = home.path().join("c.toml");
    std::fs::write(
        &cfg,
        format!("state-dir = {:?}\n", state.display().to_string()),
    )
    .unwrap();
    let out = pollctl(home.path())
        .env_remove("POLLCTL_STATE_DIR")
        .args(["--config", cfg.to_str().unwrap(), "instance", "list"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("moved"),
        "{out:?}"
    );
}

#[test]
fn poll_without_an_instance_lists_the_registry() {
    let home = tempfile::tempdir().unwrap();
    write_registry_entry(&home.path().join("state"), "alpha");
    write_registry_entry(&home.path().join("state"), "beta");
    let out = pollctl(home.path()).arg("poll").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("provisioned: alpha, beta"), "{stderr}");
}

/// No platform secrets against the real platform: exit 4 at once (no DNS retries), naming
/// each missing secret and what supplies it.
#[test]
fn missing_secrets_fail_at_once_with_exit_4() {
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        undated("/hubs/documents/things"),
        json!({}),
    );
    let started = Instant::now();
    let out = pollctl(home.path())
        .args([
            "poll",
            "--once",
            "--base-url",
            "https://platform.invalid/elements/api-v2",
        ])
        .arg(&inst)
        .output()
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for needle in [
        "POLLCTL_USER_SECRET",
        "--org-secret-file",
        "POLLCTL_ELEMENT_TOKEN",
    ] {
        assert!(stderr.contains(needle), "{needle}: {stderr}");
    }
}

/// `--param calendarId=primary`: no "has no value" warning, and the URL that two resources
/// resolve to is polled once.
#[test]
fn a_param_answers_the_warning_and_one_url_is_polled_once() {
    let hub = Server::start(|_, _| Resp::json(&json!([])));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        json!({
            "cal/{calendarId}": {"url": "/hubs/general/calendars/{calendarId}/events", "idField": "id"},
            "cal/primary": {"url": "/hubs/general/calendars/primary/events", "idField": "id"},
        }),
        json!({}),
    );
    let out = pollctl(home.path())
        .args([
            "poll",
            "--once",
            "--param",
            "calendarId=primary",
            "--base-url",
            &hub.url,
        ])
        .arg(&inst)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("has no value"), "{stderr}");
    assert!(stderr.contains("polling it once"), "{stderr}");
    let hits = hub
        .requests()
        .iter()
        .filter(|r| r.path.contains("/calendars/primary/events"))
        .count();
    assert_eq!(hits, 1);
}

/// Start `cmd` and read the first line it prints on stdout.
fn spawn_first_line(mut cmd: std::process::Command) -> (std::process::Child, String) {
    let mut child = cmd.stdout(std::process::Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (child, line)
}

fn kill(sig: &str, pid: u32) {
    let status = std::process::Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .expect("the `kill` command is required by this test");
    assert!(status.success());
}

/// `poll` in loop mode (an hour between cycles) against a hub that answers one record.
fn poll_loop() -> (Server, tempfile::TempDir, std::process::Command) {
    let hub = Server::start(|_, _| Resp::json(&json!([{"id": 1}])));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", undated("/things"), json!({}));
    let mut cmd = pollctl_std(home.path());
    cmd.args(["poll", "--interval", "1h", "--base-url", &hub.url])
        .arg(&inst);
    (hub, home, cmd)
}

/// SIGINT between cycles: no "abandoning the current cycle", a closing summary, exit 130.
#[test]
fn loop_interrupted_while_idle_prints_a_closing_summary() {
    let (_hub, _home, mut cmd) = poll_loop();
    cmd.stderr(std::process::Stdio::piped());
    // The first cycle's event on stdout: the cycle is over, the loop is idle.
    let (child, first) = spawn_first_line(cmd);
    assert!(first.contains("\"id\""), "{first}");
    std::thread::sleep(Duration::from_millis(300));
    kill("-INT", child.id());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("abandoning"), "{stderr}");
    assert!(
        stderr.contains("stopped after 1 cycle(s): 1 event(s), 1 delivered to stdout, 0 failed"),
        "{stderr}"
    );
}

/// Each documented exit code, reached by one real failure.
#[test]
fn every_documented_exit_code_has_a_real_failure() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let inst = instance(h, "i.json", undated("/things"), json!({}));
    let code = |args: &[&str]| pollctl(h).args(args).output().unwrap().status.code();
    // 1 runtime: nothing listens on the hub's port.
    let closed = "http://127.0.0.1:9";
    assert_eq!(
        code(&[
            "poll",
            "--once",
            "--max-retries",
            "0",
            "--base-url",
            closed,
            inst.to_str().unwrap()
        ]),
        Some(1)
    );
    // 2 usage.
    assert_eq!(
        code(&["poll", "--param", "novalue", inst.to_str().unwrap()]),
        Some(2)
    );
    // 3 invalid input.
    let bad = h.join("bad.json");
    std::fs::write(&bad, "{\"element\": 1}").unwrap();
    assert_eq!(code(&["poll", "--once", bad.to_str().unwrap()]), Some(3));
    // 4 authentication: the hub answers 401.
    let hub401 = Server::start(|_, _| Resp::status(401, "{\"message\":\"no\"}"));
    assert_eq!(
        code(&[
            "poll",
            "--once",
            "--base-url",
            &hub401.url,
            inst.to_str().unwrap()
        ]),
        Some(4)
    );
    // 5 delivery: the receiver answers 500.
    let hub = Server::start(|_, _| Resp::json(&json!([{"id": 1}])));
    let receiver = Server::start(|_, _| Resp::status(500, "down"));
    assert_eq!(
        code(&[
            "poll",
            "--once",
            "--max-retries",
            "0",
            "--base-url",
            &hub.url,
            "--forward-to",
            &receiver.url,
            inst.to_str().unwrap(),
        ]),
        Some(5)
    );
    // 6 records set aside: a record whose date the pattern cannot read.
    let dated = json!({"things": {"url": "/things", "idField": "id", "datesConfiguration": {
        "updatedDateField": "at", "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "updatedDateTimezone": "GMT"}}});
    let inst6 = instance(h, "six.json", dated, json!({}));
    let hub6 = Server::start(|_, _| Resp::json(&json!([{"id": 1, "at": "not a date"}])));
    assert_eq!(
        code(&[
            "poll",
            "--once",
            "--from-start",
            "--base-url",
            &hub6.url,
            inst6.to_str().unwrap()
        ]),
        Some(6)
    );
    // 130 interrupted: the sandbox stops on SIGTERM.
    let mut cmd = pollctl_std(h);
    cmd.args(["sandbox", "--port", "0"])
        .stderr(std::process::Stdio::null());
    let (mut sandbox, url) = spawn_first_line(cmd);
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    kill("-TERM", sandbox.id());
    assert_eq!(sandbox.wait().unwrap().code(), Some(130));
}

/// On a terminal the loop says when each resource's next cycle starts; Ctrl-C between cycles
/// ends it with the closing summary.
#[cfg(unix)]
#[test]
fn loop_on_a_terminal_says_when_the_next_cycle_starts() {
    use expectrl::{Eof, Expect, Session};
    let (_hub, _home, mut cmd) = poll_loop();
    cmd.env("TERM", "xterm");
    let mut p = Session::spawn(cmd).unwrap();
    p.set_expect_timeout(Some(Duration::from_secs(30)));
    let next = p
        .expect(expectrl::Regex(
            r"acme/things: next cycle at \d\d:\d\d:\d\d",
        ))
        .unwrap();
    assert!(!next.is_empty());
    p.send("\x03").unwrap();
    p.expect("stopped after 1 cycle(s)").unwrap();
    p.expect(Eof).unwrap();
    let status = p.get_process().wait().unwrap();
    assert!(format!("{status:?}").ends_with(", 130)"), "{status:?}");
}

/// Platform events off is how `instance create --local-polling` sets up local polling: polling
/// such an instance prints no warning on every run (the note is at -v).
#[test]
fn local_polling_instances_poll_without_a_warning() {
    let hub = Server::start(|_, _| Resp::json(&json!([{"id": 1}])));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        undated("/things"),
        json!({"event.notification.enabled": false}),
    );
    let run = |verbose: bool| {
        let mut c = pollctl(home.path());
        c.args(["poll", "--once", "--reset", "--base-url", &hub.url]);
        if verbose {
            c.arg("-v");
        }
        c.arg(&inst).output().unwrap()
    };
    let out = run(false);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("event.notification.enabled"), "{stderr}");
    assert!(!stderr.to_lowercase().contains("warn"), "{stderr}");
    let stderr = String::from_utf8_lossy(&run(true).stderr).to_string();
    assert!(
        stderr.contains("the platform does not poll this instance"),
        "{stderr}"
    );
}
