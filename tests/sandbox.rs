//! `pollctl sandbox` and `pollctl demo`, through the real binary on loopback.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};

use pollctl::poll::sign;
use serde_json::{Value, json};

const AUTH: &str = "User sandbox-user, Organization sandbox-org";
const CLOCK: &str = "2026-03-01T12:00:00Z";

/// A running `pollctl sandbox`; killed (by its own pid) when dropped.
struct Running {
    child: Child,
    base: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn(args: &[&str]) -> Running {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("pollctl"))
        .arg("sandbox")
        .args(args)
        .env_remove("POLLCTL_SIGNATURE_KEY")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn pollctl sandbox");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("piped stdout"))
        .read_line(&mut first)
        .expect("read the first line");
    let base = first.trim().to_string();
    assert!(
        base.starts_with("http://127.0.0.1:") && base.ends_with("/elements/api-v2"),
        "first line is the base URL: {first:?}"
    );
    Running { child, base }
}

fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// oauth/url → consent → code.
async fn code_for(http: &reqwest::Client, base: &str, key: &str, api_key: &str) -> String {
    let v: Value = http
        .get(format!("{base}/elements/{key}/oauth/url"))
        .query(&[
            ("apiKey", api_key),
            ("apiSecret", "s3cret"),
            ("callbackUrl", "https://app.example/cb"),
            ("state", "st-1"),
        ])
        .header("Authorization", AUTH)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let consent = v["oauthUrl"].as_str().unwrap();
    let r = http.get(consent).send().await.unwrap();
    assert_eq!(r.status(), 302);
    let loc = url::Url::parse(r.headers()["location"].to_str().unwrap()).unwrap();
    loc.query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .expect("code in the redirect")
}

fn body_for(key: &str, code: &str, api_key: &str, extra: Value) -> Value {
    let mut configuration = json!({
        "oauth.api.key": api_key,
        "oauth.api.secret": "s3cret",
        "oauth.callback.url": "https://app.example/cb",
        "event.notification.enabled": true,
        "event.vendor.type": "polling",
        "event.notification.callback.url": "https://hooks.example/in",
        "event.poller.refresh_interval": "15",
    });
    let required = match key {
        "egnyte" => json!({"subdomain": "acme"}),
        "sharefile" => json!({"document.root.folder.name": "/top", "sharefile.subdomain": "acme"}),
        "docushareflex" => json!({"docushare.domain": "acme.docushareflex.com"}),
        _ => json!({}),
    };
    for src in [required, extra] {
        if let Value::Object(m) = src {
            for (k, v) in m {
                configuration[k] = v;
            }
        }
    }
    json!({
        "element": {"key": key},
        "providerData": {"code": code},
        "name": format!("t-{key}"),
        "configuration": configuration,
    })
}

/// Provision an instance of `key`; returns (id, token).
async fn provision(http: &reqwest::Client, base: &str, key: &str, extra: Value) -> (u64, String) {
    let (id, token, _) = provision_body(http, base, key, extra).await;
    (id, token)
}

/// Provision an instance of `key`; returns (id, token, the body with `id` and `token` added:
/// an instance file `pollctl poll` reads).
async fn provision_body(
    http: &reqwest::Client,
    base: &str,
    key: &str,
    extra: Value,
) -> (u64, String, Value) {
    let code = code_for(http, base, key, "client-1").await;
    let mut body = body_for(key, &code, "client-1", extra);
    let r = http
        .post(format!("{base}/instances"))
        .header("Authorization", AUTH)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let v: Value = r.json().await.unwrap();
    assert_eq!(status, 200, "{v}");
    let id = v["id"].as_u64().unwrap();
    let token = v["token"].as_str().unwrap().to_string();
    body["id"] = json!(id);
    body["token"] = json!(token);
    (id, token, body)
}

fn element(token: &str) -> String {
    format!("{AUTH}, Element {token}")
}

#[tokio::test]
async fn prints_its_url_first_and_serves_the_api_at_both_roots() {
    let sb = spawn(&["--seed", "3"]);
    let http = client();
    let r = http
        .get(format!("{}/receiver", sb.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap(), json!([]));
    let root = sb.base.trim_end_matches("/elements/api-v2");
    let r = http
        .get(format!("{root}/instances"))
        .header("Authorization", AUTH)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn unauthorized_without_or_with_a_wrong_token() {
    let sb = spawn(&[]);
    let http = client();
    let (_, token) = provision(&http, &sb.base, "egnyte", json!({})).await;
    let url = format!("{}/hubs/documents/events", sb.base);
    let none = http.get(&url).send().await.unwrap();
    assert_eq!(none.status(), 401);
    assert!(none.text().await.unwrap().contains("Element"));
    let wrong = http
        .get(&url)
        .header("Authorization", element("not-the-token"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let right = http
        .get(&url)
        .header("Authorization", element(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 200);
    // Platform APIs want User and Organization.
    let r = http
        .get(format!("{}/instances", sb.base))
        .header("Authorization", "User only")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.text().await.unwrap().contains("Organization"));
    // A resource the instance does not have.
    let r = http
        .get(format!("{}/hubs/general/changed-groups", sb.base))
        .header("Authorization", element(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert!(r.text().await.unwrap().contains("events"));
}

#[tokio::test]
async fn post_instances_reports_pollctl_diagnostics_and_codes_are_single_use() {
    let sb = spawn(&[]);
    let http = client();
    let code = code_for(&http, &sb.base, "sharefile", "client-1").await;
    let mut bad = body_for("sharefile", &code, "client-1", json!({}));
    bad["configuration"]["oauth.callback.url"] = json!("https;//mycoolapp.com");
    bad["configuration"]["event.poller.refresh_interval"] = json!("0");
    let r = http
        .post(format!("{}/instances", sb.base))
        .header("Authorization", AUTH)
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    let pointers: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["pointer"].as_str().unwrap())
        .collect();
    assert!(
        pointers.contains(&"/configuration/oauth.callback.url")
            && pointers.contains(&"/configuration/event.poller.refresh_interval"),
        "{v}"
    );
    // The rejected body did not use up the code.
    let good = body_for("sharefile", &code, "client-1", json!({}));
    let post = |b: Value| {
        http.post(format!("{}/instances", sb.base))
            .header("Authorization", AUTH)
            .json(&b)
            .send()
    };
    let r = post(good.clone()).await.unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["element"]["key"], "sharefile");
    assert!(v["token"].as_str().is_some_and(|t| t.len() >= 16));
    assert_eq!(v["configuration"]["oauth.api.secret"], "********");
    let again = post(good).await.unwrap();
    assert_eq!(again.status(), 400);
    assert!(again.text().await.unwrap().contains("invalid_grant"));
    // A code issued for another client id is refused too.
    let code = code_for(&http, &sb.base, "sharefile", "client-1").await;
    let r = post(body_for("sharefile", &code, "client-2", json!({})))
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    // List and delete.
    let list: Value = http
        .get(format!("{}/instances", sb.base))
        .header("Authorization", AUTH)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = list[0]["id"].as_u64().unwrap();
    assert!(list[0].get("token").is_none());
    let del = |id: u64| {
        http.delete(format!("{}/instances/{id}", sb.base))
            .header("Authorization", AUTH)
            .send()
    };
    assert_eq!(del(id).await.unwrap().status(), 200);
    assert_eq!(del(id).await.unwrap().status(), 404);
}

#[tokio::test]
async fn oauth_url_consent_redirect_and_access_denied() {
    let sb = spawn(&[]);
    let http = client();
    let v: Value = http
        .get(format!("{}/elements/googlesuite/oauth/url", sb.base))
        .query(&[
            ("apiKey", "cid"),
            ("apiSecret", "sec"),
            ("callbackUrl", "https://app.example/cb?x=1"),
            ("state", "xyz"),
        ])
        .header("Authorization", AUTH)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["element"], "googlesuite");
    let consent = v["oauthUrl"].as_str().unwrap();
    assert!(consent.starts_with(&sb.base), "{consent}");
    let r = http.get(consent).send().await.unwrap();
    assert_eq!(r.status(), 302);
    let loc = url::Url::parse(r.headers()["location"].to_str().unwrap()).unwrap();
    assert_eq!(loc.host_str(), Some("app.example"));
    let q: std::collections::HashMap<_, _> = loc.query_pairs().into_owned().collect();
    assert_eq!(q["x"], "1");
    assert_eq!(q["state"], "xyz");
    assert!(q["code"].starts_with("sbx_"));
    let r = http.get(format!("{consent}&deny=1")).send().await.unwrap();
    assert_eq!(r.status(), 302);
    let loc = url::Url::parse(r.headers()["location"].to_str().unwrap()).unwrap();
    let q: std::collections::HashMap<_, _> = loc.query_pairs().into_owned().collect();
    assert_eq!(q["error"], "access_denied");
    assert_eq!(q["state"], "xyz");
    assert!(!q.contains_key("code"));
    // Not a connector key (any well-formed key is served generically), missing parameters.
    let r = http
        .get(format!(
            "{}/elements/Nope/oauth/url?apiKey=a&apiSecret=b&callbackUrl=https://x",
            sb.base
        ))
        .header("Authorization", AUTH)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = http
        .get(format!("{}/elements/egnyte/oauth/url?apiKey=a", sb.base))
        .header("Authorization", AUTH)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("callbackUrl"));
}

/// Follow `elements-next-page-token` until an empty page; returns the records and the number
/// of requests.
async fn read_all(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    page: usize,
) -> (Vec<Value>, usize) {
    let mut records = Vec::new();
    let mut next: Option<String> = None;
    let mut requests = 0;
    loop {
        let mut q = vec![("pageSize".to_string(), page.to_string())];
        if let Some(t) = &next {
            q.push(("nextPage".to_string(), t.clone()));
        }
        let r = http
            .get(url)
            .query(&q)
            .header("Authorization", element(token))
            .send()
            .await
            .unwrap();
        requests += 1;
        assert_eq!(r.status(), 200);
        let tok = r
            .headers()
            .get("elements-next-page-token")
            .map(|v| v.to_str().unwrap().to_string());
        let count: usize = r.headers()["elements-returned-count"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        let batch: Vec<Value> = r.json().await.unwrap();
        assert_eq!(batch.len(), count);
        assert!(batch.len() <= page);
        if batch.is_empty() {
            assert!(tok.is_none(), "no token on the empty last page");
            break;
        }
        assert!(tok.is_some(), "every non-empty page carries a token");
        records.extend(batch);
        next = tok;
        assert!(requests < 1000);
    }
    (records, requests)
}

#[tokio::test]
async fn pages_with_tokens_to_an_empty_last_page_and_records_are_deterministic() {
    let sb = spawn(&["--seed", "9", "--clock", CLOCK]);
    let http = client();
    let (_, token) = provision(&http, &sb.base, "egnyte", json!({})).await;
    let url = format!("{}/hubs/documents/events", sb.base);
    let (all, _) = read_all(&http, &url, &token, 1000).await;
    assert!(all.len() >= 20, "15 minutes of changes: {}", all.len());
    let (paged, requests) = read_all(&http, &url, &token, 7).await;
    assert_eq!(paged, all, "pages add up to the whole listing");
    assert_eq!(requests, all.len().div_ceil(7) + 1);
    let types: std::collections::BTreeSet<&str> = all
        .iter()
        .map(|r| r["event_type"].as_str().unwrap())
        .collect();
    assert!(
        types.contains("CREATED") && types.contains("UPDATED"),
        "{types:?}"
    );
    for r in &all {
        let d = r["event_date"].as_str().unwrap();
        assert!(
            d.len() == 24 && d.ends_with('Z') && d.as_bytes()[19] == b'.',
            "Egnyte dates are yyyy-MM-dd'T'HH:mm:ss.SSSX: {d}"
        );
    }
    assert!(
        all.windows(2)
            .any(|w| w[0]["event_date"] == w[1]["event_date"]),
        "some changes share a timestamp"
    );
    // Same seed, same clock: same records in another sandbox.
    let other = spawn(&["--seed", "9", "--clock", CLOCK]);
    let (_, t2) = provision(&http, &other.base, "egnyte", json!({})).await;
    let (again, _) = read_all(
        &http,
        &format!("{}/hubs/documents/events", other.base),
        &t2,
        1000,
    )
    .await;
    assert_eq!(again, all);
    // Time moves: new changes appear.
    let r = http
        .post(format!("{}/sandbox/clock", sb.base))
        .json(&json!({"advance": "10m"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (later, _) = read_all(&http, &url, &token, 1000).await;
    assert_ne!(later, all);
    // A forged token cannot make the sandbox list more than it has.
    use base64::Engine as _;
    let forged = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!(
        "v1:{}:{}:0:{:x}",
        i64::MAX,
        i64::MIN,
        pollctl::sandbox::rng::hash_str("/documents/events")
    ));
    let r = http
        .get(&url)
        .query(&[("nextPage", forged.as_str()), ("pageSize", "5000")])
        .header("Authorization", element(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.json::<Vec<Value>>().await.unwrap().len() < 5000);
    let bad = http
        .get(&url)
        .query(&[("nextPage", "garbage")])
        .header("Authorization", element(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn sharefile_honours_the_date_filter_in_its_own_format() {
    let sb = spawn(&["--clock", CLOCK]);
    let http = client();
    let (_, token) = provision(&http, &sb.base, "sharefile", json!({})).await;
    let url = format!("{}/hubs/documents/events/poll/documents", sb.base);
    let get = |since: &'static str| {
        http.get(&url)
            .query(&[("where", format!("lastmodifieddate='{since}'"))])
            .header("Authorization", element(&token))
            .send()
    };
    let r = get("2026-03-01T11:50:00Z").await.unwrap();
    assert_eq!(r.status(), 200);
    let recent: Vec<Value> = r.json().await.unwrap();
    assert!(!recent.is_empty());
    for rec in &recent {
        // The catalog maps updated → CreationDate (as published); the filter is on it.
        let d = rec["CreationDate"].as_str().unwrap();
        assert!(
            d > "2026-03-01T11:50:00.000Z" && d <= "2026-03-01T12:00:00.999Z",
            "{d}"
        );
        assert!(d.ends_with('Z') && d.len() == 24, "{d}");
    }
    let older: Vec<Value> = get("2026-03-01T11:00:00Z")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(older.len() > recent.len());
    let r = get("yesterday").await.unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("yesterday"));
}

#[tokio::test]
async fn google_resources_and_placeholders() {
    let sb = spawn(&["--clock", CLOCK]);
    let http = client();
    let (_, token) = provision(&http, &sb.base, "googlesuite", json!({})).await;
    for path in [
        "general/calendars/primary/changed-events",
        "general/calendars/team@example.com/changed-events",
        "general/changed-groups",
        "general/changed-messages",
    ] {
        let r = http
            .get(format!("{}/hubs/{path}", sb.base))
            .header("Authorization", element(&token))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
        let recs: Vec<Value> = r.json().await.unwrap();
        assert!(!recs.is_empty(), "{path}");
        if path.ends_with("changed-groups") {
            assert!(recs[0]["metadata"]["updateTime"].is_string());
        }
        if path.ends_with("changed-events") {
            assert!(recs[0]["updated"].is_string() && recs[0]["created"].is_string());
        }
    }
}

#[tokio::test]
async fn scripted_faults_each_kind() {
    let sb = spawn(&["--clock", CLOCK]);
    let http = client();
    let (_, token) = provision(&http, &sb.base, "egnyte", json!({})).await;
    let r = http
        .post(format!("{}/sandbox/faults", sb.base))
        .json(&json!({"next": ["429", "500", "503", "garbage", "slow", "ok"], "slowMs": 300, "retryAfter": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let url = format!("{}/hubs/documents/events", sb.base);
    let get = || {
        http.get(&url)
            .header("Authorization", element(&token))
            .send()
    };
    let r = get().await.unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "2");
    assert_eq!(get().await.unwrap().status(), 500);
    let r = get().await.unwrap();
    assert_eq!(r.status(), 503);
    assert!(r.headers().contains_key("retry-after"));
    let r = get().await.unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    assert!(
        serde_json::from_str::<Value>(&text).is_err(),
        "garbage is not JSON: {text}"
    );
    let slow = get().await.unwrap();
    assert_eq!(slow.status(), 200);
    let slow: Vec<Value> = slow.json().await.unwrap();
    let ok: Vec<Value> = get().await.unwrap().json().await.unwrap();
    assert_eq!(slow, ok, "slow serves the normal body");
    let bad = http
        .post(format!("{}/sandbox/faults", sb.base))
        .json(&json!({"next": ["404"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn fault_spec_from_the_command_line() {
    let sb = spawn(&["--faults", "500:1"]);
    let http = client();
    let (_, token) = provision(&http, &sb.base, "egnyte", json!({})).await;
    for _ in 0..3 {
        let r = http
            .get(format!("{}/hubs/documents/events", sb.base))
            .header("Authorization", element(&token))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 500);
    }
    // Platform endpoints are not faulted.
    let r = http
        .get(format!("{}/instances", sb.base))
        .header("Authorization", AUTH)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[test]
fn bad_fault_spec_and_bad_listen_address_are_refused() {
    assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("pollctl"))
        .args(["sandbox", "--faults", "429:2"])
        .assert()
        .code(3)
        .stderr(predicates::str::contains("429:2"));
    assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("pollctl"))
        .args(["sandbox", "--listen", "example.com:80"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--listen"));
}

#[test]
fn non_loopback_listen_warns() {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("pollctl"))
        .args(["sandbox", "--listen", "0.0.0.0:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(first.starts_with("http://0.0.0.0:"), "{first}");
    assert!(
        err.contains("warning") && err.contains("not loopback"),
        "{err}"
    );
}

#[tokio::test]
async fn receiver_verdicts_for_good_and_bad_signatures() {
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("key");
    std::fs::write(&key_file, "MySecretEventSignatureKey\n").unwrap();
    let sb = spawn(&["--receiver-key-file", key_file.to_str().unwrap()]);
    let http = client();
    let url = format!("{}/receiver", sb.base);
    let body = br#"{"message":{"eventId":"e1","instanceId":"1","elementKey":"egnyte","events":[{"eventType":"CREATED"}]}}"#;
    let key = b"MySecretEventSignatureKey";
    let post = |headers: Vec<(&'static str, String)>| {
        let mut b = http.post(&url).body(body.to_vec());
        for (k, v) in headers {
            b = b.header(k, v);
        }
        b.send()
    };
    let good = post(vec![
        (
            "Elements-Webhook-Signature",
            sign::elements_signature(key, body),
        ),
        ("Elements-Webhook-Id", "n1".into()),
    ])
    .await
    .unwrap();
    assert_eq!(good.status(), 200);
    let bad = post(vec![(
        "Elements-Webhook-Signature",
        sign::elements_signature(b"other", body),
    )])
    .await
    .unwrap();
    assert_eq!(bad.status(), 401);
    let missing = post(vec![]).await.unwrap();
    assert_eq!(missing.status(), 401);
    let sw_key = sign::standard_webhooks_key("MySecretEventSignatureKey").unwrap();
    let sw = post(vec![
        ("webhook-id", "msg_1".into()),
        ("webhook-timestamp", "1700000000".into()),
        (
            "webhook-signature",
            sign::standard_webhooks_signature(&sw_key, "msg_1", 1_700_000_000, body),
        ),
    ])
    .await
    .unwrap();
    assert_eq!(sw.status(), 200);
    // Fail the next delivery on request.
    let r = http
        .post(format!("{}/sandbox/receiver", sb.base))
        .json(&json!({"failNext": 1, "status": 503}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let failed = post(vec![(
        "Elements-Webhook-Signature",
        sign::elements_signature(key, body),
    )])
    .await
    .unwrap();
    assert_eq!(failed.status(), 503);

    let got: Vec<Value> = http.get(&url).send().await.unwrap().json().await.unwrap();
    let verdicts: Vec<&str> = got.iter().map(|d| d["verdict"].as_str().unwrap()).collect();
    assert_eq!(verdicts, ["valid", "invalid", "missing", "valid", "valid"]);
    let statuses: Vec<u64> = got.iter().map(|d| d["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, [200, 401, 401, 200, 503]);
    assert_eq!(got[0]["webhookId"], "n1");
    assert_eq!(got[0]["eventCount"], 1);
    assert_eq!(got[3]["scheme"], "standard-webhooks");
}

#[test]
fn demo_runs_every_connector_end_to_end() {
    let out = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("pollctl"))
        .args(["demo", "--format", "json"])
        .env_remove("POLLCTL_BASE_URL")
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    let keys: Vec<&str> = v["connectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["connector"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["docushareflex", "egnyte", "sharefile", "googlesuite"]
    );
    assert_eq!(v["ok"], true);
    for c in v["connectors"].as_array().unwrap() {
        assert_eq!(c["signaturesInvalid"], 0, "{c}");
        assert_eq!(c["eventsEmitted"], c["eventsReceived"], "{c}");
        assert!(c["eventsEmitted"].as_u64().unwrap() > 0, "{c}");
    }
}

/// `pollctl poll --once` against the sandbox; returns (exit code, event ids in order).
fn poll_once(base: &str, file: &std::path::Path, state: &std::path::Path) -> (i32, Vec<String>) {
    let out = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("pollctl"))
        .args(["--base-url", base, "--state-dir"])
        .arg(state)
        .arg("poll")
        .arg(file)
        .args([
            "--once",
            "--since",
            "2026-03-01T11:30:00Z",
            "--max-retries",
            "4",
        ])
        .env("POLLCTL_USER_SECRET", "sandbox-user")
        .env("POLLCTL_ORG_SECRET", "sandbox-org")
        .env("POLLCTL_RETRY_BASE_MS", "1")
        .env("POLLCTL_RETRY_CAP_MS", "20")
        .env_remove("POLLCTL_ELEMENT_TOKEN")
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let ids = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["eventId"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    (out.status.code().unwrap_or(-1), ids)
}

#[tokio::test]
async fn the_poller_loses_nothing_through_injected_faults() {
    let sb = spawn(&["--seed", "4", "--clock", CLOCK]);
    let http = client();
    let dir = tempfile::tempdir().unwrap();
    let (_, _, body) = provision_body(&http, &sb.base, "sharefile", json!({})).await;
    let file = dir.path().join("sharefile.json");
    std::fs::write(&file, serde_json::to_vec(&body).unwrap()).unwrap();

    let (code, baseline) = poll_once(&sb.base, &file, &dir.path().join("a"));
    assert_eq!(code, 0);
    assert!(baseline.len() >= 10, "{}", baseline.len());

    // Throttling and server errors: retried, same events.
    let queue = |next: Value| {
        http.post(format!("{}/sandbox/faults", sb.base))
            .json(&json!({"next": next, "retryAfter": 0}))
            .send()
    };
    assert_eq!(
        queue(json!(["429", "500", "503", "ok", "429"]))
            .await
            .unwrap()
            .status(),
        200
    );
    let (code, ids) = poll_once(&sb.base, &file, &dir.path().join("b"));
    assert_eq!(code, 0);
    assert_eq!(ids, baseline);

    // A truncated body fails the cycle without committing; the next run delivers it all.
    assert_eq!(queue(json!(["garbage"])).await.unwrap().status(), 200);
    let (code, ids) = poll_once(&sb.base, &file, &dir.path().join("c"));
    assert_ne!(code, 0);
    assert!(ids.is_empty(), "{ids:?}");
    let (code, ids) = poll_once(&sb.base, &file, &dir.path().join("c"));
    assert_eq!(code, 0);
    assert_eq!(ids, baseline);
}

#[test]
fn a_port_in_use_is_a_clear_runtime_failure() {
    let sb = spawn(&[]);
    let port = url::Url::parse(&sb.base)
        .unwrap()
        .port()
        .unwrap()
        .to_string();
    assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("pollctl"))
        .args(["sandbox", "--port", &port])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicates::str::contains(format!("127.0.0.1:{port}")));
}

#[tokio::test]
async fn the_receiver_verifies_what_the_poller_forwards_in_both_schemes() {
    let sb = spawn(&["--clock", CLOCK]);
    let http = client();
    let dir = tempfile::tempdir().unwrap();
    let receiver = format!("{}/receiver", sb.base);
    let (_, _, body) = provision_body(
        &http,
        &sb.base,
        "egnyte",
        json!({
            "event.notification.callback.url": receiver,
            "event.notification.signature.key": "instance-key-1",
        }),
    )
    .await;
    let file = dir.path().join("egnyte.json");
    std::fs::write(&file, serde_json::to_vec(&body).unwrap()).unwrap();
    for (i, scheme) in ["elements", "standard-webhooks"].iter().enumerate() {
        assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("pollctl"))
            .args(["--base-url", &sb.base, "--state-dir"])
            .arg(dir.path().join(format!("s{i}")))
            .arg("poll")
            .arg(&file)
            .args(["--once", "--forward", "--since", "2026-03-01T11:45:00Z"])
            .args(["--signature-scheme", scheme])
            .env("POLLCTL_USER_SECRET", "sandbox-user")
            .env("POLLCTL_ORG_SECRET", "sandbox-org")
            .env_remove("POLLCTL_SIGNATURE_KEY")
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .code(0);
    }
    let got: Vec<Value> = http
        .get(&receiver)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(got.len() >= 2);
    assert!(got.iter().all(|d| d["verdict"] == "valid"), "{got:?}");
    let count = |scheme: &str| -> u64 {
        got.iter()
            .filter(|d| d["scheme"] == scheme)
            .map(|d| d["eventCount"].as_u64().unwrap())
            .sum()
    };
    assert!(count("elements") > 0);
    assert_eq!(count("elements"), count("standard-webhooks"));
}

#[tokio::test]
async fn resources_without_a_date_macro_return_the_recent_window() {
    let http = client();
    let mut listings = Vec::new();
    for recent in ["15m", "2m"] {
        let sb = spawn(&["--seed", "2", "--clock", CLOCK, "--recent", recent]);
        let (_, token) = provision(&http, &sb.base, "egnyte", json!({})).await;
        let url = format!("{}/hubs/documents/events", sb.base);
        listings.push(read_all(&http, &url, &token, 1000).await.0);
    }
    let (long, short) = (&listings[0], &listings[1]);
    assert!(!short.is_empty() && short.len() < long.len());
    assert!(
        long.ends_with(short),
        "the 2-minute window is the tail of the 15-minute one"
    );
    for r in short {
        assert!(r["event_date"].as_str().unwrap() > "2026-03-01T11:58:00.000Z");
    }
}

#[cfg(unix)]
#[test]
fn sigterm_stops_it_cleanly_with_the_interrupted_code() {
    let mut sb = spawn(&[]);
    let pid = sb.child.id().to_string();
    let status = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("run kill");
    assert!(status.success());
    let code = sb.child.wait().expect("wait").code();
    assert_eq!(code, Some(130));
}

/// The whole user path on the sandbox: `instance create --post` provisions and registers the
/// instance; `pollctl poll NAME` then needs no file and no --base-url (the registry knows it).
#[tokio::test]
async fn create_post_then_poll_by_registry_name() {
    let sb = spawn(&["--seed", "7", "--clock", CLOCK]);
    let http = client();
    let code = code_for(&http, &sb.base, "egnyte", "client-1").await;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let (config, base) = (dir.path().join("config"), sb.base.clone());
    let run = move |args: Vec<String>, with_base: bool| {
        let mut c = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("pollctl"));
        c.args(&args)
            .env("POLLCTL_STATE_DIR", &state)
            .env("POLLCTL_CONFIG_DIR", &config)
            .env("POLLCTL_USER_SECRET", "sandbox-user")
            .env("POLLCTL_ORG_SECRET", "sandbox-org")
            .env("POLLCTL_CLIENT_SECRET", "s3cret")
            .env_remove("POLLCTL_ELEMENT_TOKEN")
            .env_remove("POLLCTL_BASE_URL")
            .timeout(std::time::Duration::from_secs(60));
        if with_base {
            c.env("POLLCTL_BASE_URL", &base);
        }
        c.output().unwrap()
    };
    let create: Vec<String> = [
        "instance",
        "create",
        "--connector",
        "egnyte",
        "--post",
        "--name",
        "sbx-egnyte",
        "--api-key",
        "client-1",
        "--set",
        "subdomain=acme",
        "--oauth-callback-url",
        "https://app.example/cb",
        "--callback-url",
        "https://hooks.example/in",
        "--code",
        &code,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let out = tokio::task::spawn_blocking({
        let run = run.clone();
        move || run(create, true)
    })
    .await
    .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let created: Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    // The registry copy keeps no client secret (polling below works without it).
    let stored =
        std::fs::read_to_string(dir.path().join("state/instances/sbx-egnyte.json")).unwrap();
    assert!(
        !stored.contains("s3cret"),
        "client secret stored:\n{stored}"
    );

    let poll: Vec<String> = [
        "poll",
        "sbx-egnyte",
        "--once",
        "--since",
        "2026-03-01T11:30:00Z",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let out = tokio::task::spawn_blocking({
        let run = run.clone();
        move || run(poll, false)
    })
    .await
    .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        !events.is_empty(),
        "the sandbox's Egnyte feed has changes in the window"
    );
    assert!(
        events
            .iter()
            .all(|e| e["instanceId"] == json!(id) && e["elementKey"] == "egnyte")
    );

    // an unknown name says what is known
    let out = tokio::task::spawn_blocking(move || {
        run(vec!["poll".into(), "nope".into(), "--once".into()], false)
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("sbx-egnyte"));
}
