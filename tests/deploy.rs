//! The deployment examples (docs/operations.md): `examples/pollctl.service` passes
//! `systemd-analyze verify`, `examples/k8s/pollctl.yaml` parses (PyYAML) and has the stated
//! shape, and both command lines are ones this pollctl accepts: they are run (once, dry, on a
//! loopback hub), so an example that uses a flag pollctl does not have fails here. Every
//! `POLLCTL_*` variable they set must be one pollctl reads.
//!
//! Tools: `systemd-analyze` and python3's `yaml`; `.ci/run` installs them, under CI=true their
//! absence fails, elsewhere the check is skipped with a message.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use common::{Resp, Server, pollctl};
use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

fn skip(test: &str, why: &str) {
    assert!(
        !ci(),
        "{test}: {why}; under CI it is required (.ci/run installs it)"
    );
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
}

/// The variables pollctl reads: the `"POLLCTL_…"` literals of src/settings.rs (the only
/// module that reads the environment).
fn known_variables() -> Vec<String> {
    let src = std::fs::read_to_string(root().join("src/settings.rs")).unwrap();
    let re = regex::Regex::new(r#""(POLLCTL_[A-Z_]+)""#).unwrap();
    re.captures_iter(&src).map(|c| c[1].to_string()).collect()
}

fn variables_in(text: &str) -> Vec<String> {
    let re = regex::Regex::new(r"POLLCTL_[A-Z_]+").unwrap();
    re.find_iter(text).map(|m| m.as_str().to_string()).collect()
}

/// A valid instance file, secrets for the platform, and a hub answering `[]`: what the
/// examples' command lines need to run once.
struct Bench {
    dir: tempfile::TempDir,
    hub: Server,
}

impl Bench {
    fn new() -> Bench {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("user-secret"), "u-secret\n").unwrap();
        std::fs::write(dir.path().join("org-secret"), "o-secret\n").unwrap();
        let hub = Server::start(|_, _| Resp::json(&json!([])));
        Bench { dir, hub }
    }

    fn instance(&self, path: &Path) {
        let body = json!({
            "id": "acme-egnyte",
            "element": {"key": "egnyte"},
            "name": "acme-egnyte",
            "configuration": {
                "oauth.api.key": "client-id",
                "oauth.api.secret": "client-secret-value",
                "oauth.callback.url": "https://example.com/cb",
                "subdomain": "acme",
                "event.notification.enabled": true,
                "event.notification.callback.url": "https://example.com/hook",
                "event.poller.refresh_interval": 5,
            }
        });
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, serde_json::to_vec(&body).unwrap()).unwrap();
    }

    /// Run `argv` (an example's arguments, after the program) once, dry, against the hub,
    /// with the metrics endpoint on a free port: exit 0, or the test fails with pollctl's
    /// own words (an unknown flag is a usage error).
    fn run(&self, argv: &[String]) {
        let args: Vec<String> = argv
            .iter()
            .map(|a| {
                if a.starts_with("127.0.0.1:") || a.starts_with("0.0.0.0:") {
                    "127.0.0.1:0".to_string()
                } else {
                    a.clone()
                }
            })
            .collect();
        let out = pollctl(self.dir.path())
            .args(&args)
            .args(["--once", "--dry-run", "--base-url", &self.hub.url])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "the example's command line fails: pollctl {}\n{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(self.hub.count() > 0, "nothing polled");
        // --log-format json: every stderr line is a JSON object.
        for line in String::from_utf8_lossy(&out.stderr).lines() {
            assert!(
                serde_json::from_str::<Value>(line).is_ok(),
                "not JSON: {line:?}"
            );
        }
    }
}

#[test]
fn systemd_unit_verifies_and_its_command_line_runs() {
    const TEST: &str = "systemd_unit_verifies_and_its_command_line_runs";
    let unit = std::fs::read_to_string(root().join("examples/pollctl.service")).unwrap();
    let key = |k: &str| -> Vec<String> {
        unit.lines()
            .filter_map(|l| l.strip_prefix(&format!("{k}=")))
            .map(str::to_string)
            .collect()
    };
    for (k, v) in [
        ("DynamicUser", "yes"),
        ("Restart", "on-failure"),
        ("ProtectSystem", "strict"),
        ("NoNewPrivileges", "yes"),
        ("SuccessExitStatus", "130"),
    ] {
        assert_eq!(key(k), [v], "{k}");
    }
    assert_eq!(key("EnvironmentFile"), ["/etc/pollctl/pollctl.env"]);
    assert!(key("LoadCredential").len() >= 2);

    // ExecStart, continuation lines joined.
    let exec = unit
        .split("ExecStart=")
        .nth(1)
        .unwrap()
        .split('\n')
        .scan(true, |more, line| {
            let take = *more;
            *more = line.trim_end().ends_with('\\');
            take.then(|| line.trim_end().trim_end_matches('\\').to_string())
        })
        .collect::<Vec<_>>()
        .join(" ");
    let argv: Vec<String> = exec.split_whitespace().map(str::to_string).collect();
    assert_eq!(argv[0], "/usr/local/bin/pollctl");
    assert!(
        !exec.contains("postgres://"),
        "a database URL in argv: {exec}"
    );
    let listen = argv.iter().position(|a| a == "--metrics-listen").unwrap();
    assert_eq!(argv[listen + 1], "127.0.0.1:9464");
    let known = known_variables();
    for v in variables_in(&unit) {
        assert!(known.contains(&v), "{v} is not a variable pollctl reads");
    }
    assert!(variables_in(&unit).contains(&"POLLCTL_STATE".to_string()));

    // The command line runs: credentials as systemd would lay them out.
    let bench = Bench::new();
    let creds = bench.dir.path().to_str().unwrap().to_string();
    bench.instance(&bench.dir.path().join("acme-egnyte.json"));
    let args: Vec<String> = argv[1..]
        .iter()
        .map(|a| a.replace("${CREDENTIALS_DIRECTORY}", &creds))
        .filter(|a| a != "--forward")
        .collect();
    bench.run(&args);

    // systemd's own checker, on a copy whose ExecStart is this build (verify wants it to
    // exist); any complaint counts, not only the exit code.
    let found = std::process::Command::new("systemd-analyze")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        skip(TEST, "systemd-analyze is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("pollctl.service");
    std::fs::write(
        &copy,
        unit.replace("/usr/local/bin/pollctl", env!("CARGO_BIN_EXE_pollctl")),
    )
    .unwrap();
    let out = std::process::Command::new("systemd-analyze")
        .arg("verify")
        .arg(&copy)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success() && said.trim().is_empty(), "{said}");
    // The checker does complain about a bad unit (so silence above means something).
    std::fs::write(
        &copy,
        unit.replace("/usr/local/bin/pollctl", env!("CARGO_BIN_EXE_pollctl"))
            .replace("Restart=on-failure", "Restart=sometimes"),
    )
    .unwrap();
    let out = std::process::Command::new("systemd-analyze")
        .arg("verify")
        .arg(&copy)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("sometimes"));
}

/// The manifest through PyYAML, as JSON documents.
fn k8s_documents(test: &str) -> Option<Vec<Value>> {
    let text = std::fs::read_to_string(root().join("examples/k8s/pollctl.yaml")).unwrap();
    let child = std::process::Command::new("python3")
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps([d for d in yaml.safe_load_all(sys.stdin) if d]))",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        skip(test, "python3 is not installed");
        return None;
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    if err.contains("No module named 'yaml'") {
        skip(test, "python3 module yaml (PyYAML) is not installed");
        return None;
    }
    assert!(out.status.success(), "the manifest does not parse: {err}");
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn k8s_manifest_has_the_stated_shape_and_its_command_line_runs() {
    const TEST: &str = "k8s_manifest_has_the_stated_shape_and_its_command_line_runs";
    let Some(docs) = k8s_documents(TEST) else {
        return;
    };
    let deploy = docs
        .iter()
        .find(|d| d["kind"] == "Deployment")
        .expect("a Deployment");
    let spec = &deploy["spec"];
    assert_eq!(spec["replicas"], 3);
    let pod = &spec["template"]["spec"];
    assert_eq!(pod["securityContext"]["runAsNonRoot"], true);
    let containers = pod["containers"].as_array().unwrap();
    assert_eq!(containers.len(), 1);
    let c = &containers[0];
    assert_eq!(c["securityContext"]["readOnlyRootFilesystem"], true);
    assert_eq!(c["securityContext"]["allowPrivilegeEscalation"], false);
    assert_eq!(c["securityContext"]["capabilities"]["drop"], json!(["ALL"]));
    for kind in ["requests", "limits"] {
        for r in ["cpu", "memory"] {
            assert!(c["resources"][kind][r].is_string(), "{kind}.{r}");
        }
    }

    // Probes on the port pollctl listens on.
    let args: Vec<String> = c["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    let listen = args.iter().position(|a| a == "--metrics-listen").unwrap();
    let port: u16 = args[listen + 1]
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let ports = c["ports"].as_array().unwrap();
    let named = ports
        .iter()
        .find(|p| p["containerPort"] == port)
        .expect("the metrics port is declared");
    for (probe, path) in [("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")] {
        let get = &c[probe]["httpGet"];
        assert_eq!(get["path"], path, "{probe}");
        assert!(
            get["port"] == named["name"] || get["port"] == port,
            "{probe} port {}",
            get["port"]
        );
    }

    // Secrets from the Secret through the environment, never as values or arguments.
    let known = known_variables();
    let env = c["env"].as_array().unwrap();
    for e in env {
        let name = e["name"].as_str().unwrap();
        assert!(known.contains(&name.to_string()), "{name} is not read");
    }
    for secret in ["POLLCTL_STATE", "POLLCTL_USER_SECRET", "POLLCTL_ORG_SECRET"] {
        let e = env
            .iter()
            .find(|e| e["name"] == secret)
            .unwrap_or_else(|| panic!("{secret} missing"));
        assert!(e["value"].is_null(), "{secret} written as a value");
        assert!(
            e["valueFrom"]["secretKeyRef"]["name"].is_string(),
            "{secret} not from a Secret"
        );
    }
    assert!(!args.iter().any(|a| a.contains("postgres://")));

    // The instance files come from a volume mounted where the arguments look.
    let instance_arg = args.last().unwrap();
    let mount = c["volumeMounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| instance_arg.starts_with(m["mountPath"].as_str().unwrap()))
        .expect("the instance file is on a mounted volume");
    let volume = pod["volumes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == mount["name"])
        .unwrap();
    assert!(volume["secret"]["secretName"].is_string(), "{volume}");

    // A headless Service for scraping.
    assert!(docs.iter().any(|d| d["kind"] == "Service"));

    // The arguments run, with the Secret's values in the environment.
    let bench = Bench::new();
    let mut run_args = Vec::new();
    for a in &args {
        if a == instance_arg {
            let local = bench.dir.path().join("instances/acme-egnyte.json");
            bench.instance(&local);
            run_args.push(local.to_str().unwrap().to_string());
        } else if a != "--forward" {
            run_args.push(a.clone());
        }
    }
    bench.run(&run_args);
}
