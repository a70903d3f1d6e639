//! `pollctl poll` end to end: the real binary against loopback servers started here.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use common::{Resp, Server, instance, lines, pollctl, pollctl_std, state_files};
use serde_json::{Value, json};

const FMT: &str = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

/// An instant `secs_ago` seconds before now, in the records' date format.
fn ago(secs: i64) -> String {
    (Utc::now() - chrono::Duration::seconds(secs)).to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn dated(extra: Value) -> Value {
    let mut r = json!({
        "url": "/hubs/documents/things",
        "idField": "id",
        "datesConfiguration": {
            "updatedDateField": "updated", "updatedDateFormat": FMT, "updatedDateTimezone": "GMT",
            "createdDateField": "created", "createdDateFormat": FMT, "createdDateTimezone": "GMT"
        }
    });
    if let Value::Object(m) = extra {
        for (k, v) in m {
            r[k] = v;
        }
    }
    json!({ "things": r })
}

fn undated(url: &str) -> Value {
    json!({ "things": { "url": url, "idField": "id" } })
}

fn by_id(events: &[Value]) -> HashMap<String, String> {
    events
        .iter()
        .map(|e| {
            (
                e["objectId"].as_str().unwrap().to_string(),
                e["eventType"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn created_vs_updated_with_and_without_tolerance() {
    let t = ago(60);
    let records = json!([
        {"id": "same", "created": t, "updated": t},
        {"id": "hour", "created": ago(3660), "updated": t},
        {"id": "near", "created": ago(63), "updated": t},
        {"id": "own", "created": ago(3660), "updated": t, "event_type": "DELETED"},
        {"id": "old", "created": ago(7200), "updated": ago(3600)},
    ]);
    let srv = Server::start(move |_, _| Resp::json(&records));
    for (tolerance, near) in [(None, "UPDATED"), (Some(5), "CREATED")] {
        let home = tempfile::tempdir().unwrap();
        let extra = match tolerance {
            Some(t) => json!({ "createdCheckTolerance": t }),
            None => json!({}),
        };
        let inst = instance(home.path(), "i.json", dated(extra), json!({}));
        let out = pollctl(home.path())
            .args(["poll", "--once", "--base-url", &srv.url])
            .arg(&inst)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let events = lines(&out.stdout);
        let types = by_id(&events);
        assert_eq!(types.len(), 4, "{events:?}");
        assert_eq!(types["same"], "CREATED");
        assert_eq!(types["hour"], "UPDATED");
        assert_eq!(types["near"], near, "tolerance {tolerance:?}");
        assert_eq!(types["own"], "DELETED");
        assert!(!types.contains_key("old"), "outside the first window");
        let e = &events[0];
        assert_eq!(e["instanceId"], "acme");
        assert_eq!(e["elementKey"], "egnyte");
        assert_eq!(e["objectType"], "things");
        assert_eq!(e["raw"]["id"], e["objectId"]);
        assert_eq!(e["eventId"].as_str().unwrap().len(), 32);
        assert!(e["pollDate"].as_str().unwrap().ends_with('Z'));
    }
}

#[test]
fn ties_at_the_boundary_over_consecutive_cycles() {
    // A and B share one updated instant; B becomes visible only on the second fetch (index
    // lag). pollDelay re-reads the overlap; the ledger keeps A from coming twice.
    let t = ago(30);
    let (t1, t2) = (t.clone(), t.clone());
    let srv = Server::start(move |_, n| {
        let a = json!({"id": "A", "created": t1, "updated": t1});
        let b = json!({"id": "B", "created": t2, "updated": t2});
        let c = json!({"id": "C", "created": t2, "updated": t2});
        Resp::json(&match n {
            0 => json!([a]),
            1 => json!([a, b]),
            _ => json!([c, b, a]),
        })
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        dated(json!({"pollDelay": 300})),
        json!({}),
    );
    let mut seen = Vec::new();
    for _ in 0..4 {
        let out = pollctl(home.path())
            .args(["poll", "--once", "--base-url", &srv.url])
            .arg(&inst)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        seen.push(
            lines(&out.stdout)
                .iter()
                .map(|e| e["objectId"].as_str().unwrap().to_string())
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(seen, vec![vec!["A"], vec!["B"], vec!["C"], vec![]]);
}

#[test]
fn fifty_pages_including_the_empty_page_with_a_token() {
    let srv = Server::start(|req, _| {
        let page: usize = req
            .q("nextPage")
            .map(|t| t.trim_start_matches("tok-").parse().unwrap())
            .unwrap_or(1);
        let records: Vec<Value> = if page < 50 {
            (0..3)
                .map(|i| json!({"id": format!("{page}-{i}")}))
                .collect()
        } else {
            vec![]
        };
        // Even the empty 50th page carries a token: the poller must stop there.
        Resp::json(&Value::Array(records))
            .header("elements-next-page-token", &format!("tok-{}", page + 1))
    });
    let home = tempfile::tempdir().unwrap();
    let mut res = undated("/hubs/documents/things?where=a%3D1");
    res["things"]["pageSize"] = json!(3);
    let inst = instance(home.path(), "i.json", res, json!({}));
    let out = pollctl(home.path())
        .args(["poll", "--once", "--base-url", &srv.url])
        .arg(&inst)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reqs = srv.requests();
    assert_eq!(reqs.len(), 50);
    for (i, r) in reqs.iter().enumerate() {
        assert_eq!(r.path, "/hubs/documents/things");
        assert_eq!(r.q("pageSize"), Some("3"));
        assert_eq!(r.q("where"), Some("a=1"));
        let expected = (i > 0).then(|| format!("tok-{}", i + 1));
        assert_eq!(r.q("nextPage").map(str::to_string), expected);
        assert_eq!(r.h("accept"), Some("application/json"));
    }
    let events = lines(&out.stdout);
    assert_eq!(events.len(), 147);
    let ids: Vec<&str> = events
        .iter()
        .map(|e| e["objectId"].as_str().unwrap())
        .collect();
    assert_eq!(ids[0], "1-0");
    assert_eq!(ids[146], "49-2");
    assert!(events.iter().all(|e| e["eventType"] == "UNKNOWN"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("50 page(s), 147 record(s), 147 event(s)"),
        "{stderr}"
    );
    assert_eq!(state_files(home.path()).len(), 1);
}

#[test]
fn placeholders_and_every_macro_form_are_substituted() {
    let srv = Server::start(|_, _| Resp::json(&json!([])));
    let home = tempfile::tempdir().unwrap();
    let url = "/hubs/general/calendars/{calendarId}/changed-events?g=${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}&d=${date:yyyyMMdd}&z=${dateTimeZone:America/New_York:yyyy-MM-dd HH:mm}&e=${epoch}&s=${epoch:s}&ms=${epoch:ms}&us=${epoch:us}&m=${milliseconds}&l=${date}";
    let inst = instance(
        home.path(),
        "i.json",
        json!({ "calendars/{calendarId}/changed-events": { "url": url, "idField": "id" } }),
        json!({ "calendarId": "from-config" }),
    );
    for (param, expected_path) in [
        (
            Some("calendarId=team cal/1"),
            "/hubs/general/calendars/team%20cal%2F1/changed-events",
        ),
        (None, "/hubs/general/calendars/from-config/changed-events"),
    ] {
        let mut cmd = pollctl(home.path());
        cmd.args([
            "poll",
            "--once",
            "--base-url",
            &srv.url,
            "--since",
            "2024-01-02T03:04:05Z",
        ]);
        if let Some(p) = param {
            cmd.args(["--param", p]);
        }
        let out = cmd.arg(&inst).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let r = srv.requests().pop().unwrap();
        assert_eq!(r.path, expected_path);
        assert_eq!(r.q("g"), Some("2024-01-02T03:04:05Z"));
        assert_eq!(r.q("d"), Some("20240102"));
        assert_eq!(r.q("z"), Some("2024-01-01 22:04"));
        assert_eq!(r.q("e"), Some("1704164645000"));
        assert_eq!(r.q("s"), Some("1704164645"));
        assert_eq!(r.q("ms"), Some("1704164645000"));
        assert_eq!(r.q("us"), Some("1704164645000000"));
        assert_eq!(r.q("m"), Some("1704164645000"));
        assert_eq!(r.q("l"), Some("2024-01-02T03:04:05Z"));
    }
}

#[test]
fn missing_placeholder_and_unknown_resource_exit_3() {
    let srv = Server::start(|_, _| Resp::json(&json!([])));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        json!({ "cal": { "url": "/calendars/{calendarId}/x", "idField": "id" },
                "other": { "url": "/x", "idField": "id" } }),
        json!({}),
    );
    let out = pollctl(home.path())
        .args(["poll", "--once", "--base-url", &srv.url])
        .arg(&inst)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("calendarId") && stderr.contains("--param"),
        "{stderr}"
    );

    let out = pollctl(home.path())
        .args([
            "poll",
            "--once",
            "--base-url",
            &srv.url,
            "--resource",
            "nope",
        ])
        .arg(&inst)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("\"nope\"") && stderr.contains("cal, other"),
        "{stderr}"
    );

    // --resource selects: only `other` is fetched, no placeholder needed.
    let out = pollctl(home.path())
        .args([
            "poll",
            "--once",
            "--base-url",
            &srv.url,
            "--resource",
            "other",
        ])
        .arg(&inst)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(srv.count(), 1);
    assert_eq!(srv.requests()[0].path, "/x");
}

#[test]
fn retry_after_429_then_success() {
    let srv = Server::start(|_, n| {
        if n == 0 {
            Resp::status(429, "slow down").header("Retry-After", "1")
        } else {
            Resp::json(&json!([{"id": 1}]))
        }
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", undated("/things"), json!({}));
    let out = pollctl(home.path())
        .args(["poll", "--once", "--base-url", &srv.url])
        .arg(&inst)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(srv.count(), 2);
    assert!(
        stderr.contains("429")
            && stderr.contains("retry 1/5 in 1s")
            && stderr.contains("slow down"),
        "{stderr}"
    );
    assert_eq!(lines(&out.stdout).len(), 1);
}

#[test]
fn server_error_forever_keeps_state_and_the_next_run_delivers_everything() {
    let broken = Arc::new(AtomicUsize::new(1));
    let b = broken.clone();
    let srv = Server::start(move |req, _| {
        let page = req.q("nextPage").unwrap_or("1");
        let mode = b.load(Ordering::SeqCst);
        if mode == 1 || (mode == 2 && page == "2") {
            return Resp::status(500, "<h1>Internal Server Error</h1>");
        }
        let recs = if page == "1" {
            json!([{"id": "a"}, {"id": "b"}])
        } else {
            json!([{"id": "c"}])
        };
        let r = Resp::json(&recs);
        if page == "1" {
            r.header("elements-next-page-token", "2")
        } else {
            r
        }
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", undated("/things"), json!({}));
    let run = || {
        pollctl(home.path())
            .args([
                "poll",
                "--once",
                "--max-retries",
                "2",
                "--base-url",
                &srv.url,
            ])
            .arg(&inst)
            .output()
            .unwrap()
    };
    // 500 on every request.
    let out = run();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("500")
            && stderr.contains("Internal Server Error")
            && stderr.contains("after 3 attempts"),
        "{stderr}"
    );
    assert_eq!(srv.count(), 3);
    assert!(state_files(home.path()).is_empty());
    // 500 on the second page: page 1's events are out, the state is not committed.
    broken.store(2, Ordering::SeqCst);
    let out = run();
    assert_eq!(out.status.code(), Some(1));
    let first = lines(&out.stdout);
    assert_eq!(first.len(), 2);
    assert!(state_files(home.path()).is_empty());
    // Healed: everything is delivered, with the same ids as before.
    broken.store(0, Ordering::SeqCst);
    let out = run();
    assert!(out.status.success());
    let all = lines(&out.stdout);
    assert_eq!(all.len(), 3);
    assert_eq!(all[0]["eventId"], first[0]["eventId"]);
    assert_eq!(all[1]["eventId"], first[1]["eventId"]);
    assert_eq!(state_files(home.path()).len(), 1);
}

#[test]
fn truncated_json_and_html_error_pages_exit_3() {
    for (body, ctype, expect) in [
        (
            "[{\"id\": 1}, {\"id\"",
            "application/json",
            "[{\\\"id\\\": 1}",
        ),
        (
            "<html><body>Gateway says no</body></html>",
            "text/html",
            "<html><body>Gateway",
        ),
        (
            "{\"error\": \"nope\"}",
            "application/json",
            "expected a JSON array",
        ),
    ] {
        let srv = Server::start(move |_, _| Resp::status(200, body).header("content-type", ctype));
        let home = tempfile::tempdir().unwrap();
        let inst = instance(home.path(), "i.json", undated("/things"), json!({}));
        let out = pollctl(home.path())
            .args(["poll", "--once", "--base-url", &srv.url])
            .arg(&inst)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("{}/things", srv.url)), "{stderr}");
        assert!(
            stderr.contains(expect) && stderr.contains(ctype),
            "{stderr}"
        );
        assert!(state_files(home.path()).is_empty());
    }
}

#[test]
fn unauthorized_exits_4_and_secrets_never_reach_stderr() {
    let srv = Server::start(|_, _| {
        Resp::status(401, "{\"message\":\"Invalid Organization or User secret\"}")
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", undated("/things"), json!({}));
    let out = pollctl(home.path())
        .args(["poll", "--once", "-vv", "--base-url", &srv.url])
        .arg(&inst)
        .env("POLLCTL_USER_SECRET", "usr-s3cret-111")
        .env("POLLCTL_ORG_SECRET", "org-s3cret-222")
        .env("POLLCTL_ELEMENT_TOKEN", "tok-s3cret-333")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(srv.count(), 1, "401 is not retried");
    let r = &srv.requests()[0];
    assert_eq!(
        r.h("authorization"),
        Some("User usr-s3cret-111, Organization org-s3cret-222, Element tok-s3cret-333")
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("401") && stderr.contains("Invalid Organization"),
        "{stderr}"
    );
    for s in ["usr-s3cret-111", "org-s3cret-222", "tok-s3cret-333"] {
        assert!(!stderr.contains(s), "secret on stderr: {stderr}");
    }
}

#[test]
fn secrets_never_on_stderr_at_vv_while_forwarding() {
    let hub = Server::start(|_, _| Resp::json(&json!([{"id": 1}, {"id": 2}])));
    let recv = Server::start(|_, n| {
        if n == 0 {
            Resp::status(503, "busy")
        } else {
            Resp::status(200, "")
        }
    });
    let home = tempfile::tempdir().unwrap();
    let key_file = home.path().join("sigkey");
    std::fs::write(&key_file, "sig-s3cret-444\n").unwrap();
    let inst = instance(home.path(), "i.json", undated("/things"), json!({}));
    let out = pollctl(home.path())
        .args([
            "poll",
            "--once",
            "-vv",
            "--base-url",
            &hub.url,
            "--forward-to",
            &recv.url,
        ])
        .arg("--signature-key-file")
        .arg(&key_file)
        .arg(&inst)
        .env("POLLCTL_USER_SECRET", "usr-s3cret-111")
        .env("POLLCTL_ORG_SECRET", "org-s3cret-222")
        .env("POLLCTL_ELEMENT_TOKEN", "tok-s3cret-333")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("503"), "the retry is logged: {stderr}");
    for s in [
        "usr-s3cret-111",
        "org-s3cret-222",
        "tok-s3cret-333",
        "sig-s3cret-444",
        "client-secret-value",
    ] {
        assert!(!stderr.contains(s), "secret {s} on stderr: {stderr}");
    }
}

/// HMAC-SHA256 computed here, independently of pollctl's sign.rs.
fn hmac_b64(key: &[u8], msg: &[u8]) -> String {
    use base64::Engine as _;
    use hmac::{KeyInit, Mac};
    let mut m = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key).unwrap();
    m.update(msg);
    base64::engine::general_purpose::STANDARD.encode(m.finalize().into_bytes())
}

#[test]
fn forwarded_envelopes_are_batched_ordered_and_signed() {
    let records: Vec<Value> = (0..25).map(|i| json!({"id": format!("r{i:02}")})).collect();
    let hub = Server::start(move |_, _| Resp::json(&Value::Array(records.clone())));
    let recv = Server::start(|_, _| Resp::status(204, ""));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        undated("/things"),
        json!({ "event.notification.callback.url": format!("{}/hook", recv.url),
                "event.notification.signature.key": "MySecretEventSignatureKey" }),
    );
    let out = pollctl(home.path())
        .args(["poll", "--once", "--forward", "--base-url", &hub.url])
        .arg(&inst)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "forwarding prints no events");
    let posts = recv.requests();
    assert_eq!(posts.len(), 3);
    let mut ids = Vec::new();
    let mut notification_ids = BTreeSet::new();
    for (i, p) in posts.iter().enumerate() {
        assert_eq!(p.method, "POST");
        assert_eq!(p.path, "/hook");
        assert_eq!(p.h("content-type"), Some("application/json"));
        let expected = format!("sha256={}", hmac_b64(b"MySecretEventSignatureKey", &p.body));
        assert_eq!(p.h("elements-webhook-signature"), Some(expected.as_str()));
        let body = p.json();
        let m = &body["message"];
        assert_eq!(p.h("elements-webhook-id"), m["eventId"].as_str());
        notification_ids.insert(m["eventId"].as_str().unwrap().to_string());
        assert_eq!(m["instanceId"], "acme");
        assert_eq!(m["elementKey"], "egnyte");
        let events = m["events"].as_array().unwrap();
        assert_eq!(events.len(), if i < 2 { 10 } else { 5 });
        assert!(events.iter().all(|e| e.get("raw").is_none()));
        assert_eq!(m["raw"]["objectType"], "things");
        assert_eq!(m["raw"]["things"].as_array().unwrap().len(), events.len());
        assert_eq!(m["raw"]["events"], m["events"]);
        ids.extend(
            events
                .iter()
                .map(|e| e["objectId"].as_str().unwrap().to_string()),
        );
    }
    assert_eq!(notification_ids.len(), 3);
    let expected: Vec<String> = (0..25).map(|i| format!("r{i:02}")).collect();
    assert_eq!(ids, expected, "in order");
}

#[test]
fn standard_webhooks_signature_verifies_independently() {
    let hub = Server::start(|_, _| Resp::json(&json!([{"id": 1}])));
    let recv = Server::start(|_, _| Resp::status(200, ""));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", undated("/things"), json!({}));
    let out = pollctl(home.path())
        .args([
            "poll",
            "--once",
            "--base-url",
            &hub.url,
            "--forward-to",
            &recv.url,
        ])
        .args(["--signature-scheme", "standard-webhooks"])
        .arg(&inst)
        .env(
            "POLLCTL_SIGNATURE_KEY",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p = &recv.requests()[0];
    use base64::Engine as _;
    let key = base64::engine::general_purpose::STANDARD
        .decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        .unwrap();
    let id = p.h("webhook-id").unwrap();
    let ts = p.h("webhook-timestamp").unwrap();
    let mut signed = format!("{id}.{ts}.").into_bytes();
    signed.extend_from_slice(&p.body);
    assert_eq!(
        p.h("webhook-signature").unwrap(),
        format!("v1,{}", hmac_b64(&key, &signed))
    );
    assert!(p.h("elements-webhook-signature").is_none());
}

#[test]
fn receiver_that_fails_then_succeeds_and_one_that_never_does() {
    let hub = Server::start(|_, _| Resp::json(&json!([{"id": 1}, {"id": 2}])));
    let recv = Server::start(|_, n| {
        if n < 2 {
            Resp::status(503, "try later")
        } else {
            Resp::status(200, "ok")
        }
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", undated("/things"), json!({}));
    let out = pollctl(home.path())
        .args([
            "poll",
            "--once",
            "--base-url",
            &hub.url,
            "--forward-to",
            &recv.url,
        ])
        .arg(&inst)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let posts = recv.requests();
    assert_eq!(posts.len(), 3);
    assert_eq!(posts[0].body, posts[2].body, "retries send the same bytes");
    assert_eq!(
        posts[0].h("elements-webhook-id"),
        posts[2].h("elements-webhook-id")
    );
    assert_eq!(state_files(home.path()).len(), 1);

    // A receiver that refuses (400, not retried) or redirects (not followed): exit 5, no state.
    for resp in [
        Resp::status(400, "bad payload"),
        Resp::status(302, "").header("location", "/elsewhere"),
    ] {
        let recv = Server::start(move |_, _| resp.clone());
        let home = tempfile::tempdir().unwrap();
        let inst = instance(home.path(), "i.json", undated("/things"), json!({}));
        let out = pollctl(home.path())
            .args([
                "poll",
                "--once",
                "--base-url",
                &hub.url,
                "--forward-to",
                &recv.url,
            ])
            .arg(&inst)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(5),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(recv.count(), 1);
        assert!(state_files(home.path()).is_empty());
    }
}

#[test]
fn killed_mid_forwarding_then_restarted_delivers_every_event() {
    let records: Vec<Value> = (0..60).map(|i| json!({"id": format!("r{i}")})).collect();
    let hub = Server::start(move |_, _| Resp::json(&Value::Array(records.clone())));
    let slow = Arc::new(AtomicUsize::new(1));
    let s = slow.clone();
    let recv = Server::start(move |_, _| {
        let r = Resp::status(200, "");
        if s.load(Ordering::SeqCst) == 1 {
            r.delay(Duration::from_millis(200))
        } else {
            r
        }
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", undated("/things"), json!({}));
    let mut child = pollctl_std(home.path())
        .args([
            "poll",
            "--once",
            "--base-url",
            &hub.url,
            "--forward-to",
            &recv.url,
        ])
        .arg(&inst)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    assert!(
        recv.wait_for(2, Duration::from_secs(30)),
        "forwarding started"
    );
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let before = recv.count();
    assert!(before < 6, "killed mid-way ({before} posts)");
    assert!(state_files(home.path()).is_empty(), "nothing committed");
    slow.store(0, Ordering::SeqCst);
    let out = pollctl(home.path())
        .args([
            "poll",
            "--once",
            "--base-url",
            &hub.url,
            "--forward-to",
            &recv.url,
        ])
        .arg(&inst)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let delivered: BTreeSet<String> = recv
        .requests()
        .iter()
        .filter(|p| !p.body.is_empty())
        .flat_map(|p| {
            p.json()["message"]["events"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["objectId"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(delivered.len(), 60, "every event delivered at least once");
    assert_eq!(state_files(home.path()).len(), 1);
}

#[test]
fn two_processes_on_one_state_and_sigterm_exits_130() {
    let hub = Server::start(|_, _| Resp::json(&json!([{"id": 1}])));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", undated("/things"), json!({}));
    let mut first = pollctl_std(home.path())
        .args(["poll", "--interval", "1h", "--base-url", &hub.url])
        .arg(&inst)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    assert!(hub.wait_for(1, Duration::from_secs(30)));
    let out = pollctl(home.path())
        .args(["poll", "--once", "--base-url", &hub.url])
        .arg(&inst)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("another pollctl process") && stderr.contains("\"acme\""),
        "{stderr}"
    );
    // A dry run reads the state without the lock.
    pollctl(home.path())
        .args(["poll", "--once", "--dry-run", "--base-url", &hub.url])
        .arg(&inst)
        .assert()
        .success();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &first.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let status = first.wait().unwrap();
    assert_eq!(status.code(), Some(130));
}

#[test]
fn base_url_precedence_flag_env_config() {
    let a = Server::start(|_, _| Resp::json(&json!([])));
    let b = Server::start(|_, _| Resp::json(&json!([])));
    let c = Server::start(|_, _| Resp::json(&json!([])));
    let home = tempfile::tempdir().unwrap();
    let cfg = home.path().join("pollctl.toml");
    std::fs::write(&cfg, format!("base-url = \"{}/c\"\n", c.url)).unwrap();
    let inst = instance(home.path(), "i.json", undated("/things"), json!({}));
    let run = |flag: bool, env: bool| {
        let mut cmd = pollctl(home.path());
        cmd.args(["poll", "--once", "--reset"])
            .arg("--config")
            .arg(&cfg);
        if flag {
            cmd.args(["--base-url", &format!("{}/a", a.url)]);
        }
        if env {
            cmd.env("POLLCTL_BASE_URL", format!("{}/b", b.url));
        }
        cmd.arg(&inst).assert().success();
    };
    run(true, true);
    assert_eq!((a.count(), b.count(), c.count()), (1, 0, 0));
    assert_eq!(a.requests()[0].path, "/a/things");
    run(false, true);
    assert_eq!((a.count(), b.count(), c.count()), (1, 1, 0));
    run(false, false);
    assert_eq!((a.count(), b.count(), c.count()), (1, 1, 1));
    assert_eq!(c.requests()[0].path, "/c/things");
}

#[test]
fn absolute_urls_records_path_and_dry_run() {
    let srv = Server::start(|req, _| {
        assert_eq!(req.path, "/api/list");
        Resp::json(&json!({"data": {"items": [{"id": 1}, {"id": 2}]}}))
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        json!({ "things": { "url": format!("{}/api/list", srv.url), "idField": "id", "recordsPath": "data.items" } }),
        json!({}),
    );
    let out = pollctl(home.path())
        .args([
            "poll",
            "--once",
            "--dry-run",
            "--forward",
            "--base-url",
            "http://127.0.0.1:9/unused",
        ])
        .arg(&inst)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("GET {}/api/list", srv.url)),
        "{stderr}"
    );
    assert_eq!(lines(&out.stdout).len(), 2);
    assert!(
        state_files(home.path()).is_empty(),
        "dry run writes no state"
    );
    // The real run commits; the next one finds both already emitted.
    let run = || {
        pollctl(home.path())
            .args(["poll", "--once", "--format", "pretty"])
            .arg(&inst)
            .output()
            .unwrap()
    };
    let out = run();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("UNKNOWN") && text.contains("acme/things  1"),
        "{text}"
    );
    assert_eq!(state_files(home.path()).len(), 1);
    // Records without dates are remembered while the source keeps returning them.
    for _ in 0..2 {
        let out = run();
        assert!(out.status.success());
        assert!(out.stdout.is_empty());
        assert!(String::from_utf8_lossy(&out.stderr).contains("2 already emitted"));
    }
}

#[test]
fn invalid_instance_exits_3() {
    let home = tempfile::tempdir().unwrap();
    let p = home.path().join("bad.json");
    std::fs::write(
        &p,
        "{\"element\": {\"key\": \"egnyte\"}, \"configuration\": ",
    )
    .unwrap();
    let out = pollctl(home.path())
        .args(["poll", "--once"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.json"));
}

#[test]
fn poll_by_registry_name_uses_its_id_token_and_base_url() {
    let srv = Server::start(|_, _| Resp::json(&json!([{"id": "x"}])));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", undated("/things"), json!({}));
    let body: Value = serde_json::from_slice(&std::fs::read(&inst).unwrap()).unwrap();
    let entry = json!({
        "name": "acme-reg", "id": "12345", "token": "tok-from-registry", "connector": "egnyte",
        "baseUrl": format!("{}/elements/api-v2", srv.url), "createdAt": "2024-01-02T03:04:05Z",
        "body": body,
    });
    let dir = home.path().join("state/instances");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("acme-reg.json"),
        serde_json::to_vec(&entry).unwrap(),
    )
    .unwrap();
    let out = pollctl(home.path())
        .args(["poll", "--once", "acme-reg"])
        .env("POLLCTL_USER_SECRET", "u1")
        .env("POLLCTL_ORG_SECRET", "o1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = &srv.requests()[0];
    assert_eq!(r.path, "/elements/api-v2/things");
    assert_eq!(
        r.h("authorization"),
        Some("User u1, Organization o1, Element tok-from-registry")
    );
    let events = lines(&out.stdout);
    assert_eq!(events[0]["instanceId"], "12345");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("tok-from-registry"));
}

#[test]
fn sigterm_mid_forwarding_exits_130_without_committing() {
    let hub = Server::start(|_, _| {
        Resp::json(&Value::Array((0..50).map(|i| json!({"id": i})).collect()))
    });
    let recv = Server::start(|_, _| Resp::status(200, "").delay(Duration::from_millis(200)));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", undated("/things"), json!({}));
    let child = pollctl_std(home.path())
        .args([
            "poll",
            "--once",
            "--base-url",
            &hub.url,
            "--forward-to",
            &recv.url,
        ])
        .arg(&inst)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    assert!(recv.wait_for(1, Duration::from_secs(30)));
    std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(recv.count() < 5, "stopped early");
    assert!(
        state_files(home.path()).is_empty(),
        "a partial cycle is never committed"
    );
}

#[test]
fn a_record_exactly_at_the_watermark_is_neither_lost_nor_repeated() {
    // Run 1 sees nothing and commits watermark W. A record updated exactly at W shows up
    // later (index lag): run 2 must emit it (start = W, inclusive), run 3 must not repeat it.
    let edge: Arc<std::sync::Mutex<Option<String>>> = Arc::default();
    let e = edge.clone();
    let srv = Server::start(move |_, _| match e.lock().unwrap().clone() {
        None => Resp::json(&json!([])),
        Some(w) => Resp::json(&json!([{"id": "edge", "created": w, "updated": w}])),
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", dated(json!({})), json!({}));
    let run = || {
        let out = pollctl(home.path())
            .args(["poll", "--once", "--base-url", &srv.url])
            .arg(&inst)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        lines(&out.stdout)
    };
    assert!(run().is_empty());
    let state: Value =
        serde_json::from_slice(&std::fs::read(&state_files(home.path())[0]).unwrap()).unwrap();
    let w = state["watermark"].as_str().unwrap().to_string();
    *edge.lock().unwrap() = Some(w);
    let second = run();
    assert_eq!(second.len(), 1, "{second:?}");
    assert_eq!(second[0]["objectId"], "edge");
    assert!(run().is_empty(), "not twice");
}

#[test]
fn ci_example_passes_exit_codes_through_and_scripts_parse() {
    for script in [
        "examples/ci-poll.sh",
        "benches/curl_jq.sh",
        "benches/compare.sh",
    ] {
        let ok = std::process::Command::new("bash")
            .args(["-n", script])
            .status()
            .unwrap()
            .success();
        assert!(ok, "{script} has a syntax error");
    }
    let srv = Server::start(|req, _| {
        if req
            .h("authorization")
            .is_some_and(|a| a.contains("Element good"))
        {
            Resp::json(&json!([{"id": 1}]))
        } else {
            Resp::status(403, "forbidden")
        }
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", undated("/things"), json!({}));
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_pollctl"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for (token, code) in [("good", 0), ("bad", 4)] {
        let out = std::process::Command::new("bash")
            .arg("examples/ci-poll.sh")
            .arg(&inst)
            .args(["--base-url", &srv.url])
            .env_remove("POLLCTL_BASE_URL")
            .env_remove("POLLCTL_CONFIG")
            .env("POLLCTL_CONFIG_DIR", home.path().join("config"))
            .env("CI", "true")
            .env("PATH", &path)
            .env("POLLCTL_USER_SECRET", "u")
            .env("POLLCTL_ORG_SECRET", "o")
            .env("POLLCTL_ELEMENT_TOKEN", token)
            .env(
                "POLLCTL_STATE_DIR",
                home.path().join(format!("state-{token}")),
            )
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// A page is read at the pace its events are written: a slow reader of the output (here a
/// pipe read only after 2 s) must not make a large page time out (`--timeout 1s` bounds the
/// time spent waiting on the network, not on the output). The page holds far more than the
/// queue between the fetching task and the output, so its body is still being read then.
#[test]
fn a_page_slower_to_write_than_the_timeout_still_completes() {
    use std::io::Read;
    let page: Vec<Value> = (0..60_000)
        .map(|i| json!({"id": i, "pad": "x".repeat(120)}))
        .collect();
    let body = serde_json::to_string(&page).unwrap();
    assert!(body.len() > 6 << 20);
    let srv = Server::start(move |_, _| Resp::status(200, &body));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", undated("/things"), json!({}));
    let mut child = pollctl_std(home.path())
        .args(["poll", "--once", "--timeout", "1s", "--base-url", &srv.url])
        .arg(&inst)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(2));
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{err}");
    assert_eq!(out.lines().count(), 60_000, "{err}");
    assert_eq!(state_files(home.path()).len(), 1);
}
