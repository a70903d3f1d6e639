//! `pollctl oauth …` and the instance registry, against loopback mock servers.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command as StdCommand, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use wiremock::matchers::{body_string_contains, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "client-secret-XYZZY-do-not-print";

fn bin() -> Command {
    let mut c = Command::cargo_bin("pollctl").unwrap();
    c.env_remove("POLLCTL_CLIENT_SECRET")
        .env_remove("POLLCTL_USER_SECRET")
        .env_remove("POLLCTL_ORG_SECRET")
        .env_remove("POLLCTL_BASE_URL")
        .env("NO_COLOR", "1");
    c
}

fn dirs() -> (tempfile::TempDir, String, String) {
    pollctl::platform::install_crypto_provider();
    let d = tempfile::tempdir().unwrap();
    let cfg = d.path().join("config").display().to_string();
    let state = d.path().join("state").display().to_string();
    (d, cfg, state)
}

fn query_map(url: &str) -> std::collections::BTreeMap<String, String> {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

#[test]
fn direct_url_has_pkce_s256_and_strong_state() {
    let (_d, cfg, state) = dirs();
    let out = bin()
        .args([
            "oauth",
            "url",
            "--direct",
            "--connector",
            "googlesuite",
            "--api-key",
            "cid",
        ])
        .args([
            "--auth-url",
            "https://accounts.example.test/o/oauth2/v2/auth",
        ])
        .args(["--redirect-uri", "http://127.0.0.1:8765/callback"])
        .env("POLLCTL_CONFIG_DIR", &cfg)
        .env("POLLCTL_STATE_DIR", &state)
        .assert()
        .success()
        .get_output()
        .clone();
    let url = String::from_utf8(out.stdout).unwrap();
    let q = query_map(url.trim());
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["client_id"], "cid");
    assert_eq!(q["redirect_uri"], "http://127.0.0.1:8765/callback");
    assert_eq!(q["code_challenge_method"], "S256");
    // 256 bits of state, base64url: 43 characters
    assert_eq!(q["state"].len(), 43, "state: {}", q["state"]);
    // the verifier kept for `oauth exchange` hashes to the challenge
    let pending: serde_json::Value = serde_json::from_slice(
        &std::fs::read(format!("{cfg}/tokens/googlesuite.pending.json")).unwrap(),
    )
    .unwrap();
    let verifier = pending["codeVerifier"].as_str().unwrap();
    let expect = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(Sha256::digest(verifier.as_bytes()));
    assert_eq!(q["code_challenge"], expect);
}

type Spawned = (
    std::process::Child,
    String,
    std::sync::mpsc::Receiver<String>,
);

/// Spawn `pollctl …`, read stderr until a URL line shows, and return it.
fn spawn_login(args: &[&str], envs: &[(&str, &str)]) -> Spawned {
    let mut cmd = StdCommand::new(env!("CARGO_BIN_EXE_pollctl"));
    cmd.args(args)
        .env_remove("POLLCTL_CLIENT_SECRET")
        .env_remove("POLLCTL_USER_SECRET")
        .env_remove("POLLCTL_ORG_SECRET")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let mut seen = String::new();
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let Ok(line) = rx.recv_timeout(left) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("no consent URL on stderr; saw:\n{seen}");
        };
        seen.push_str(&line);
        seen.push('\n');
        if let Some(u) = line.trim().strip_prefix("http") {
            return (child, format!("http{u}"), rx);
        }
    }
}

fn finish(
    mut child: std::process::Child,
    rx: std::sync::mpsc::Receiver<String>,
) -> (i32, String, String) {
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    while let Ok(l) = rx.recv_timeout(Duration::from_secs(5)) {
        stderr.push_str(&l);
        stderr.push('\n');
    }
    (status.code().unwrap_or(-1), stdout, stderr)
}

#[tokio::test(flavor = "multi_thread")]
async fn direct_login_round_trip_stores_private_tokens() {
    let provider = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains("grant_type=authorization_code"))
        .and(body_string_contains("code=the-code"))
        .and(body_string_contains("code_verifier="))
        .and(body_string_contains("client_id=cid"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "AT-1", "refresh_token": "RT-1", "expires_in": 3600, "token_type": "Bearer"
        })))
        .expect(1)
        .mount(&provider)
        .await;
    let (_d, cfg, state) = dirs();
    let auth = format!("{}/auth", provider.uri());
    let token = format!("{}/token", provider.uri());
    let (child, consent, rx) = spawn_login(
        &[
            "-vv",
            "oauth",
            "login",
            "--direct",
            "--no-browser",
            "--connector",
            "googlesuite",
            "--api-key",
            "cid",
            "--auth-url",
            &auth,
            "--token-url",
            &token,
            "--timeout",
            "30s",
            "--name",
            "gs",
        ],
        &[
            ("POLLCTL_CONFIG_DIR", &cfg),
            ("POLLCTL_STATE_DIR", &state),
            ("POLLCTL_CLIENT_SECRET", SECRET),
        ],
    );
    let q = query_map(&consent);
    let redirect = q["redirect_uri"].clone();
    assert!(redirect.starts_with("http://127.0.0.1:"), "{redirect}");
    assert_eq!(q["code_challenge_method"], "S256");
    let http = reqwest::Client::new();
    // a forged state is refused, and the flow goes on
    let r = http
        .get(format!("{redirect}?code=evil&state=forged"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = http
        .get(format!("{redirect}?code=the-code&state={}", q["state"]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (code, stdout, stderr) = tokio::task::spawn_blocking(move || finish(child, rx))
        .await
        .unwrap();
    assert_eq!(code, 0, "stderr:\n{stderr}");
    let out: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(out["name"], "gs");
    assert_eq!(out["refreshToken"], true);
    let file = format!("{cfg}/tokens/gs.json");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("AT-1"));
    assert!(!text.contains(SECRET));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    for s in [&stdout, &stderr] {
        assert!(!s.contains(SECRET), "client secret leaked:\n{s}");
        assert!(
            !s.contains("AT-1") && !s.contains("RT-1"),
            "token leaked:\n{s}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn access_denied_is_exit_4() {
    let (_d, cfg, state) = dirs();
    let (child, consent, rx) = spawn_login(
        &[
            "oauth",
            "login",
            "--direct",
            "--no-browser",
            "--connector",
            "googlesuite",
            "--api-key",
            "cid",
            "--auth-url",
            "https://auth.example.test/a",
            "--token-url",
            "http://127.0.0.1:9/t",
            "--timeout",
            "30s",
        ],
        &[
            ("POLLCTL_CONFIG_DIR", &cfg),
            ("POLLCTL_STATE_DIR", &state),
            ("POLLCTL_CLIENT_SECRET", SECRET),
        ],
    );
    let q = query_map(&consent);
    reqwest::get(format!(
        "{}?error=access_denied&state={}",
        q["redirect_uri"], q["state"]
    ))
    .await
    .unwrap();
    let (code, _out, stderr) = tokio::task::spawn_blocking(move || finish(child, rx))
        .await
        .unwrap();
    assert_eq!(code, 4, "{stderr}");
    assert!(stderr.contains("access_denied"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn platform_login_provisions_and_registers() {
    let platform = MockServer::start().await;
    let base = format!("{}/elements/api-v2", platform.uri());
    // the platform's Egnyte URL lacks the subdomain; pollctl fills it in
    Mock::given(method("GET"))
        .and(path("/elements/api-v2/elements/egnyte/oauth/url"))
        .and(query_param("apiKey", "cid"))
        .and(query_param("siteAddress", "acme"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "element": "egnyte", "oauthUrl": "https://.egnyte.com/puboauth/token?client_id=cid"
        })))
        .mount(&platform)
        .await;
    Mock::given(method("POST"))
        .and(path("/elements/api-v2/instances"))
        // wiremock's `header` matcher splits on commas; compare the raw value
        .and(|req: &wiremock::Request| {
            req.headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                == Some("User u-sec, Organization o-sec")
        })
        .and(body_string_contains("\"code\":\"plat-code\""))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "id": 4242, "token": "INSTANCE-TOKEN", "name": "acme", "element": {"key": "egnyte"}
        })))
        .expect(1)
        .mount(&platform)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/elements/api-v2/instances/4242"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&platform)
        .await;
    let (d, cfg, state) = dirs();
    let inst = d.path().join("egnyte.json");
    std::fs::write(&inst, serde_json::json!({
        "element": {"key": "egnyte"},
        "configuration": {"oauth.api.key": "cid", "oauth.api.secret": SECRET, "oauth.callback.url": "https://x.example/cb",
                          "subdomain": "acme", "event.notification.enabled": false},
        "name": "acme"
    }).to_string()).unwrap();
    let envs = [
        ("POLLCTL_CONFIG_DIR", cfg.as_str()),
        ("POLLCTL_STATE_DIR", state.as_str()),
        ("POLLCTL_BASE_URL", base.as_str()),
        ("POLLCTL_USER_SECRET", "u-sec"),
        ("POLLCTL_ORG_SECRET", "o-sec"),
    ];
    let (child, consent, rx) = spawn_login(
        &[
            "oauth",
            "login",
            "--no-browser",
            "--instance",
            inst.to_str().unwrap(),
            "--timeout",
            "30s",
        ],
        &envs,
    );
    assert!(consent.starts_with("https://acme.egnyte.com/"), "{consent}");
    // the state and callback sent to the platform lead back to our loopback listener
    let reqs = platform.received_requests().await.unwrap();
    let q = query_map(reqs[0].url.as_str());
    let r = reqwest::get(format!(
        "{}?code=plat-code&state={}",
        q["callbackUrl"], q["state"]
    ))
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    let (code, stdout, stderr) = tokio::task::spawn_blocking(move || finish(child, rx))
        .await
        .unwrap();
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("\"id\":\"4242\""), "{stdout}");
    // The instance file's oauth.callback.url was replaced by the loopback URI: said, not silent.
    assert!(
        stderr.contains("oauth.callback.url is http://127.0.0.1:")
            && stderr.contains("not https://x.example/cb"),
        "{stderr}"
    );
    let reg = format!("{state}/instances/acme.json");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&reg).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(
        !std::fs::read_to_string(&reg).unwrap().contains("plat-code"),
        "the spent code is dropped"
    );
    assert!(
        !std::fs::read_to_string(&reg).unwrap().contains(SECRET),
        "the client secret is not stored: polling never needs it"
    );

    let with_env = |args: &'static [&'static str]| {
        let envs: Vec<(String, String)> = envs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move || {
            let mut c = bin();
            for (k, v) in envs {
                c.env(k, v);
            }
            c.args(args).assert().get_output().clone()
        }
    };
    let out = tokio::task::spawn_blocking(with_env(&["instance", "list", "--format", "json"]))
        .await
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"acme\""));
    let out = tokio::task::spawn_blocking(with_env(&["instance", "show", "acme"]))
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        !text.contains("INSTANCE-TOKEN") && !text.contains(SECRET) && text.contains("redacted"),
        "{text}"
    );
    let out = tokio::task::spawn_blocking(with_env(&["instance", "show", "acme", "--reveal"]))
        .await
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("INSTANCE-TOKEN"));
    let out = tokio::task::spawn_blocking(with_env(&["instance", "delete", "acme", "--remote"]))
        .await
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!std::path::Path::new(&reg).exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn refresh_and_invalid_grant() {
    let provider = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains("refresh_token=RT-good"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": "AT-2", "expires_in": 3600})),
        )
        .mount(&provider)
        .await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains("refresh_token=RT-bad"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": "invalid_grant", "error_description": "Token has been expired or revoked."})))
        .mount(&provider)
        .await;
    let (_d, cfg, state) = dirs();
    std::fs::create_dir_all(format!("{cfg}/tokens")).unwrap();
    for (name, rt) in [("good", "RT-good"), ("bad", "RT-bad")] {
        std::fs::write(
            format!("{cfg}/tokens/{name}.json"),
            serde_json::json!({"connector": "googlesuite", "tokenUrl": format!("{}/token", provider.uri()), "clientId": "cid",
                               "accessToken": "AT-1", "refreshToken": rt, "expiresAt": "2000-01-01T00:00:00Z"}).to_string(),
        )
        .unwrap();
    }
    let run = |name: &'static str| {
        let (cfg, state) = (cfg.clone(), state.clone());
        move || {
            bin()
                .args(["-vv", "oauth", "refresh", name])
                .env("POLLCTL_CONFIG_DIR", cfg)
                .env("POLLCTL_STATE_DIR", state)
                .env("POLLCTL_CLIENT_SECRET", SECRET)
                .assert()
                .get_output()
                .clone()
        }
    };
    let ok = tokio::task::spawn_blocking(run("good")).await.unwrap();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let text = std::fs::read_to_string(format!("{cfg}/tokens/good.json")).unwrap();
    assert!(
        text.contains("AT-2") && text.contains("RT-good"),
        "refresh token kept: {text}"
    );
    let bad = tokio::task::spawn_blocking(run("bad")).await.unwrap();
    assert_eq!(bad.status.code(), Some(4));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("invalid_grant"), "{err}");
    assert!(!err.contains(SECRET));
}

#[test]
fn unknown_registry_name_and_missing_tokens() {
    let (_d, cfg, state) = dirs();
    bin()
        .args(["instance", "show", "nope"])
        .env("POLLCTL_STATE_DIR", &state)
        .assert()
        .code(3);
    bin()
        .args(["oauth", "refresh", "nope"])
        .env("POLLCTL_CONFIG_DIR", &cfg)
        .assert()
        .code(4)
        .stderr(predicates::str::contains("oauth login"));
}

/// `--no-browser` reads the pasted redirect from stdin even when stdin is a pipe (its help says
/// so); before, only a terminal was read and this waited for the timeout.
#[test]
fn no_browser_reads_a_pasted_redirect_from_a_pipe() {
    use std::io::Write as _;
    let (_d, cfg, state) = dirs();
    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_pollctl"))
        .args([
            "oauth",
            "login",
            "--direct",
            "--connector",
            "googlesuite",
            "--api-key",
            "cid",
            "--no-browser",
            "--print-code",
            "--timeout",
            "20s",
        ])
        .env("POLLCTL_CONFIG_DIR", &cfg)
        .env("POLLCTL_STATE_DIR", &state)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut consent = None;
    let mut seen = String::new();
    for line in stderr.lines().map_while(Result::ok) {
        seen.push_str(&line);
        seen.push('\n');
        if let Some(u) = line.trim().strip_prefix("https://") {
            consent = Some(format!("https://{u}"));
            break;
        }
    }
    let consent = consent.unwrap_or_else(|| panic!("no consent URL:\n{seen}"));
    let q = query_map(&consent);
    let mut stdin = child.stdin.take().unwrap();
    writeln!(
        stdin,
        "http://127.0.0.1/callback?code=pasted-code-1&state={}",
        q["state"]
    )
    .unwrap();
    drop(stdin);
    let started = std::time::Instant::now();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "pasted-code-1");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "it did not wait for the timeout"
    );
}

/// At the end of stdin (nothing pasted) the listener keeps waiting for the real redirect.
#[test]
fn no_browser_with_empty_stdin_still_takes_the_redirect() {
    let (_d, cfg, state) = dirs();
    let (child, consent, rx) = spawn_login(
        &[
            "oauth",
            "login",
            "--direct",
            "--connector",
            "googlesuite",
            "--api-key",
            "cid",
            "--no-browser",
            "--print-code",
            "--timeout",
            "20s",
        ],
        &[
            ("POLLCTL_CONFIG_DIR", cfg.as_str()),
            ("POLLCTL_STATE_DIR", state.as_str()),
        ],
    );
    let q = query_map(&consent);
    std::thread::sleep(Duration::from_millis(200));
    let r = http_get_status(&format!(
        "{}?code=redirected-code&state={}",
        q["redirect_uri"], q["state"]
    ));
    assert_eq!(r, 200);
    let (code, stdout, stderr) = finish(child, rx);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.trim(), "redirected-code");
}

/// A plain HTTP/1.1 GET on loopback; the status code.
fn http_get_status(url: &str) -> u16 {
    use std::io::Write as _;
    let u = url::Url::parse(url).unwrap();
    let mut s = std::net::TcpStream::connect((u.host_str().unwrap(), u.port().unwrap())).unwrap();
    let target = match u.query() {
        Some(q) => format!("{}?{q}", u.path()),
        None => u.path().to_string(),
    };
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut resp = String::new();
    let _ = s.read_to_string(&mut resp);
    resp.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// `oauth token NAME`: the stored access token while it is valid (no request), a refreshed one
/// (saved) when it expires within 5 minutes, exit 4 when there is nothing to refresh with.
#[tokio::test(flavor = "multi_thread")]
async fn token_prints_a_valid_access_token_refreshing_when_due() {
    let provider = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains("refresh_token=RT-1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": "AT-new", "expires_in": 3600})),
        )
        .expect(1)
        .mount(&provider)
        .await;
    let (_d, cfg, state) = dirs();
    std::fs::create_dir_all(format!("{cfg}/tokens")).unwrap();
    let soon = (chrono::Utc::now() + chrono::Duration::minutes(2)).to_rfc3339();
    let later = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let token_url = format!("{}/token", provider.uri());
    for (name, at, rt, exp) in [
        ("fresh", "AT-fresh", Some("RT-0"), Some(later.as_str())),
        ("due", "AT-old", Some("RT-1"), Some(soon.as_str())),
        ("forever", "AT-egnyte", None, None),
        ("stuck", "AT-stuck", None, Some("2000-01-01T00:00:00Z")),
    ] {
        let mut v = serde_json::json!({"connector": "googlesuite", "tokenUrl": token_url,
                                       "clientId": "cid", "accessToken": at});
        if let Some(rt) = rt {
            v["refreshToken"] = rt.into();
        }
        if let Some(exp) = exp {
            v["expiresAt"] = exp.into();
        }
        std::fs::write(format!("{cfg}/tokens/{name}.json"), v.to_string()).unwrap();
    }
    let run = |name: &'static str| {
        let (cfg, state) = (cfg.clone(), state.clone());
        move || {
            bin()
                .args(["oauth", "token", name])
                .env("POLLCTL_CONFIG_DIR", cfg)
                .env("POLLCTL_STATE_DIR", state)
                .env("POLLCTL_CLIENT_SECRET", SECRET)
                .assert()
                .get_output()
                .clone()
        }
    };
    for (name, expected) in [
        ("fresh", "AT-fresh"),
        ("forever", "AT-egnyte"),
        ("due", "AT-new"),
    ] {
        let out = tokio::task::spawn_blocking(run(name)).await.unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{name}: {err}");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            format!("{expected}\n")
        );
        assert!(
            !err.contains(expected),
            "the token is printed on stdout only"
        );
    }
    let saved = std::fs::read_to_string(format!("{cfg}/tokens/due.json")).unwrap();
    assert!(
        saved.contains("AT-new") && saved.contains("RT-1"),
        "{saved}"
    );
    // A second call uses the saved token: the mock expects exactly one refresh.
    let again = tokio::task::spawn_blocking(run("due")).await.unwrap();
    assert_eq!(String::from_utf8_lossy(&again.stdout), "AT-new\n");

    for name in ["stuck", "missing"] {
        let out = tokio::task::spawn_blocking(run(name)).await.unwrap();
        assert_eq!(out.status.code(), Some(4), "{name}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(name) && err.contains("log"), "{err}");
    }
}

/// Five `oauth token` runs at once on a login that is due: the provider rotates refresh tokens
/// (a spent one gets `invalid_grant`), so only one run may refresh; the others wait on the
/// login's refresh lock, re-read, and print the new token. Without the lock several runs spend
/// RT-1 and the mock's `expect(1)` (and their exit codes) fail.
#[tokio::test(flavor = "multi_thread")]
async fn concurrent_token_runs_refresh_once_and_all_get_the_new_token() {
    let provider = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains("refresh_token=RT-1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_millis(400))
                .set_body_json(serde_json::json!({
                    "access_token": "AT-rotated", "refresh_token": "RT-2", "expires_in": 3600
                })),
        )
        .expect(1)
        .mount(&provider)
        .await;
    let (_d, cfg, state) = dirs();
    std::fs::create_dir_all(format!("{cfg}/tokens")).unwrap();
    let soon = (chrono::Utc::now() + chrono::Duration::minutes(1)).to_rfc3339();
    let v = serde_json::json!({"connector": "googlesuite", "tokenUrl": format!("{}/token", provider.uri()),
        "clientId": "cid", "accessToken": "AT-old", "refreshToken": "RT-1", "expiresAt": soon});
    std::fs::write(format!("{cfg}/tokens/shared.json"), v.to_string()).unwrap();
    let runs: Vec<_> = (0..5)
        .map(|_| {
            let (cfg, state) = (cfg.clone(), state.clone());
            tokio::task::spawn_blocking(move || {
                bin()
                    .args(["oauth", "token", "shared"])
                    .env("POLLCTL_CONFIG_DIR", cfg)
                    .env("POLLCTL_STATE_DIR", state)
                    .env("POLLCTL_CLIENT_SECRET", SECRET)
                    .assert()
                    .get_output()
                    .clone()
            })
        })
        .collect();
    for r in runs {
        let out = r.await.unwrap();
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stdout).into_owned()
            ),
            (Some(0), "AT-rotated\n".to_string()),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let saved = std::fs::read_to_string(format!("{cfg}/tokens/shared.json")).unwrap();
    assert!(
        saved.contains("RT-2"),
        "the rotated refresh token is kept: {saved}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(format!("{cfg}/tokens/.shared.refresh-lock"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
