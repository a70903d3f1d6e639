//! The poller against hostile and real-world feeds (issue 9): each test runs the real binary
//! against a loopback server playing one fault, and asserts the exact events delivered and
//! the exit code.

mod common;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use common::{
    PollRun as Run, Resp, Server, instance, lines, poll_once as poll, pollctl, resource,
    state_files,
};
use serde_json::{Value, json};

const SECONDS: &str = "yyyy-MM-dd'T'HH:mm:ss'Z'";
const MILLIS: &str = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

fn ids(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| {
            format!(
                "{}:{}",
                e["objectId"].as_str().unwrap_or("-"),
                e["eventType"].as_str().unwrap()
            )
        })
        .collect()
}

fn watermark(home: &Path) -> Option<String> {
    let files = state_files(home);
    let f = files
        .iter()
        .find(|p| !p.to_string_lossy().contains("set-aside"))?;
    let v: Value = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
    v["watermark"].as_str().map(str::to_string)
}

/// Item 1: a whole-second date in the same second as the window start, after it (watermark
/// `…:42.703`, record `…:42Z`) is emitted once, and not again on the next cycle.
#[test]
fn whole_second_record_in_the_watermark_second_is_emitted_once() {
    let now = Utc::now();
    let second = DateTime::<Utc>::from_timestamp(now.timestamp(), 0).unwrap();
    let since =
        (second + chrono::Duration::milliseconds(703)).to_rfc3339_opts(SecondsFormat::Millis, true);
    let text = second.to_rfc3339_opts(SecondsFormat::Secs, true);
    let srv = Server::start(move |_, _| Resp::json(&json!([{"id": "a", "updated": text}])));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        resource(SECONDS, json!({"pollDelay": 0})),
        json!({}),
    );
    let first = poll(home.path(), &inst, &srv, &["--since", &since]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert_eq!(ids(&first.events), ["a:UPDATED"], "{}", first.stderr);
    // issue 11: pollDate has the events' precision, milliseconds (it had nanoseconds)
    let poll_date = first.events[0]["pollDate"].as_str().unwrap();
    assert!(
        poll_date.len() == 24 && poll_date.as_bytes()[19] == b'.' && poll_date.ends_with('Z'),
        "{poll_date}"
    );
    // the next cycle re-reads the boundary second (or not), never re-emits
    let again = poll(home.path(), &inst, &srv, &[]);
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert!(again.events.is_empty(), "{:?}", again.events);
}

/// Item 2: an UPDATED then a DELETED of one id in the same second, and a content change
/// without a timestamp change, are three changes; the identical record read again is not.
#[test]
fn same_timestamp_changes_are_not_mistaken_for_repeats() {
    let t =
        (Utc::now() - chrono::Duration::seconds(30)).to_rfc3339_opts(SecondsFormat::Millis, true);
    let stage = Arc::new(Mutex::new(0));
    let s = stage.clone();
    let srv = Server::start(move |_, _| {
        let upd = json!({"id": "a", "updated": t, "name": "one"});
        let del = json!({"id": "a", "updated": t, "name": "one", "eventType": "DELETED"});
        let changed = json!({"id": "a", "updated": t, "name": "two"});
        Resp::json(&match *s.lock().unwrap() {
            0 => json!([upd]),
            1 => json!([upd, del]),
            _ => json!([upd, del, changed]),
        })
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        resource(MILLIS, json!({"pollDelay": 300})),
        json!({}),
    );
    let r = poll(home.path(), &inst, &srv, &[]);
    assert_eq!(ids(&r.events), ["a:UPDATED"], "{}", r.stderr);
    *stage.lock().unwrap() = 1;
    let r = poll(home.path(), &inst, &srv, &[]);
    assert_eq!(ids(&r.events), ["a:DELETED"], "{}", r.stderr);
    *stage.lock().unwrap() = 2;
    let r = poll(home.path(), &inst, &srv, &[]);
    assert_eq!(ids(&r.events), ["a:UPDATED"], "{}", r.stderr);
    assert_eq!(r.events[0]["raw"]["name"], "two");
    let r = poll(home.path(), &inst, &srv, &[]);
    assert!(
        r.events.is_empty(),
        "identical records are repeats: {:?}",
        r.events
    );
}

/// Item 3: tokens that cycle (A, B, A…) on non-empty pages are a loop: exit 1, nothing
/// committed; an endless chain of fresh tokens stops at --max-pages.
#[test]
fn cycling_tokens_and_endless_chains_fail_without_committing() {
    let srv = Server::start(|req, n| {
        let next = match req.q("nextPage") {
            None | Some("B") => "A",
            _ => "B",
        };
        Resp::json(&json!([{"id": format!("r{n}")}])).header("elements-next-page-token", next)
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        json!({"things": {"url": "/t", "idField": "id"}}),
        json!({}),
    );
    let r = poll(home.path(), &inst, &srv, &[]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("already returned"), "{}", r.stderr);
    assert!(
        srv.count() <= 4,
        "stopped at the first repeat: {}",
        srv.count()
    );
    assert_eq!(watermark(home.path()), None, "nothing committed");

    let fresh = Server::start(|_, n| {
        Resp::json(&json!([{"id": format!("r{n}")}]))
            .header("elements-next-page-token", &format!("t{n}"))
    });
    let r = poll(home.path(), &inst, &fresh, &["--max-pages", "5"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("--max-pages"), "{}", r.stderr);
    assert_eq!(fresh.count(), 5);
    assert_eq!(watermark(home.path()), None, "nothing committed");
}

/// Item 4: a non-ASCII (UTF-8) token is followed; a token that is not text is an error, never
/// the end of the feed.
#[test]
fn non_ascii_page_tokens_are_followed_or_fail_loudly() {
    let srv = Server::start(|req, _| match req.q("nextPage") {
        None => Resp::json(&json!([{"id": "p1"}])).header("elements-next-page-token", "tök€n/2"),
        Some("tök€n/2") => Resp::json(&json!([{"id": "p2"}])),
        Some(other) => Resp::status(400, &format!("bad token {other}")),
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        json!({"things": {"url": "/t", "idField": "id"}}),
        json!({}),
    );
    let r = poll(home.path(), &inst, &srv, &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(ids(&r.events), ["p1:UNKNOWN", "p2:UNKNOWN"]);

    // Latin-1 bytes (not UTF-8) in the header: a raw server, since HTTP libraries refuse them.
    let raw = raw_server(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nelements-next-page-token: t\xe9\r\ncontent-length: 13\r\nconnection: close\r\n\r\n[{\"id\":\"p1\"}]".to_vec());
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        json!({"things": {"url": "/t", "idField": "id"}}),
        json!({}),
    );
    let out = pollctl(home.path())
        .args(["poll", "--once", "--base-url", &raw])
        .arg(&inst)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("not UTF-8"), "{stderr}");
    assert_eq!(watermark(home.path()), None, "nothing committed");
}

/// A server that answers every connection with `response` (raw bytes).
fn raw_server(response: Vec<u8>) -> String {
    use std::io::{Read, Write};
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", l.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut s in l.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
            let _ = s.read(&mut buf);
            let _ = s.write_all(&response);
        }
    });
    url
}

/// Item 5: a huge pollDelay must not panic (exit 101) on the way from config to window.
#[test]
fn huge_poll_delay_never_panics() {
    let t = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    let srv = Server::start(move |_, _| Resp::json(&json!([{"id": "a", "updated": t}])));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        resource(MILLIS, json!({"pollDelay": 9_999_999_999_999u64})),
        json!({}),
    );
    for _ in 0..2 {
        let r = poll(home.path(), &inst, &srv, &[]);
        assert_ne!(r.code, Some(101), "panicked: {}", r.stderr);
        assert!(
            matches!(r.code, Some(0) | Some(3)),
            "{:?} {}",
            r.code,
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
}

/// Item 10: a record whose date cannot be read is set aside (exit 6, listed), and comes
/// back as an event once the pattern is fixed and it is replayed.
#[test]
fn unreadable_dates_are_set_aside_listed_and_replayed() {
    let t =
        (Utc::now() - chrono::Duration::seconds(30)).to_rfc3339_opts(SecondsFormat::Millis, true);
    let slash = (Utc::now() - chrono::Duration::seconds(30))
        .format("%Y/%m/%d %H:%M:%S")
        .to_string();
    let srv = Server::start(move |_, _| {
        Resp::json(&json!([
            {"id": "good", "updated": t},
            {"id": "slashed", "updated": slash},
            {"id": "nodate"},
            {"id": "nulldate", "updated": null},
        ]))
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        resource(MILLIS, json!({})),
        json!({}),
    );
    let r = poll(home.path(), &inst, &srv, &[]);
    assert_eq!(r.code, Some(6), "{}", r.stderr);
    assert_eq!(ids(&r.events), ["good:UPDATED"]);
    assert!(r.stderr.contains("3 set aside"), "{}", r.stderr);
    let list = pollctl(home.path())
        .args(["set-aside", "list", "acme", "--format", "json"])
        .output()
        .unwrap();
    assert!(list.status.success());
    let listed = lines(&list.stdout);
    let listed_ids: Vec<&str> = listed
        .iter()
        .map(|e| e["record"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed_ids, ["slashed", "nodate", "nulldate"]);
    assert!(listed[0]["reason"].as_str().unwrap().contains("updated"));
    // The feed returns them again: they are set aside once, not on every cycle.
    let r = poll(home.path(), &inst, &srv, &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.events.is_empty(), "{:?}", r.events);
    let again = pollctl(home.path())
        .args(["set-aside", "list", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(lines(&again.stdout).len(), 3);

    // Fix the pattern for the slashed record, replay: it becomes an event; the others come
    // back to the set-aside file, and the run says so again.
    let fixed = instance(
        home.path(),
        "i.json",
        resource("yyyy/MM/dd HH:mm:ss", json!({})),
        json!({}),
    );
    let q = pollctl(home.path())
        .args(["set-aside", "replay", "acme"])
        .output()
        .unwrap();
    assert!(q.status.success(), "{}", String::from_utf8_lossy(&q.stderr));
    // Queued, not yet classified again: still listed, marked as queued.
    let list = pollctl(home.path())
        .args(["set-aside", "list", "--format", "json"])
        .output()
        .unwrap();
    let queued = lines(&list.stdout);
    assert_eq!(queued.len(), 3, "{queued:?}");
    assert!(queued.iter().all(|e| e["queued"] == true), "{queued:?}");
    let text = pollctl(home.path())
        .args(["set-aside", "list"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("replay.jsonl (3 record(s) queued for replay"),
        "{text}"
    );
    let quiet = Server::start(|_, _| Resp::json(&json!([])));
    let r = poll(home.path(), &fixed, &quiet, &[]);
    assert_eq!(r.code, Some(6), "{}", r.stderr);
    assert_eq!(ids(&r.events), ["slashed:UPDATED"], "{}", r.stderr);
    let list = pollctl(home.path())
        .args(["set-aside", "list", "--format", "json"])
        .output()
        .unwrap();
    let list = lines(&list.stdout);
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|e| e.get("queued").is_none()), "{list:?}");
    // nothing queued any more: a clean run exits 0
    let r = poll(home.path(), &fixed, &quiet, &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
}

/// Item 11: a record that arrives late (changed before the window start) is counted as old
/// in the summary, not dropped without a word.
#[test]
fn late_records_are_counted_as_old() {
    let t =
        (Utc::now() - chrono::Duration::seconds(3600)).to_rfc3339_opts(SecondsFormat::Millis, true);
    let srv = Server::start(move |_, _| Resp::json(&json!([{"id": "late", "updated": t}])));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        resource(MILLIS, json!({})),
        json!({}),
    );
    let r = poll(home.path(), &inst, &srv, &["--since", "10m", "-v"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.events.is_empty());
    assert!(r.stderr.contains("1 old"), "{}", r.stderr);
    assert!(
        r.stderr.contains("record late is before the window start"),
        "{}",
        r.stderr
    );
}

/// Item 7: a callback URL with userinfo, a receiver echoing what it got, and a hub whose 401
/// echoes the `Authorization` header: no secret reaches stderr or stdout, at any verbosity.
#[test]
fn secrets_in_urls_and_echoed_by_servers_are_redacted() {
    let echo = |req: &common::Req| {
        format!(
            "you sent {:?} {:?}",
            req.h("authorization").unwrap_or(""),
            req.path
        )
    };
    let hub = Server::start(move |req, _| Resp::status(401, &echo(req)));
    let receiver = Server::start(move |req, n| {
        let body = format!("nope, you sent {}", req.h("authorization").unwrap_or(""));
        Resp::status(if n == 0 { 503 } else { 400 }, &body)
    });
    let ok_hub = Server::start(|_, _| Resp::json(&json!([{"id": "a"}])));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        json!({"things": {"url": "/t", "idField": "id"}}),
        json!({}),
    );
    let secrets = [
        "usersecret-123",
        "orgsecret-456",
        "elementtoken-789",
        "hunter2pass",
    ];
    let auth_env = |c: &mut assert_cmd::Command| {
        c.env("POLLCTL_USER_SECRET", secrets[0])
            .env("POLLCTL_ORG_SECRET", secrets[1])
            .env("POLLCTL_ELEMENT_TOKEN", secrets[2]);
    };
    // the hub's 401 echoes the header
    let mut c = pollctl(home.path());
    auth_env(&mut c);
    let out = c
        .args(["poll", "--once", "-vv", "--base-url", &hub.url])
        .arg(&inst)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let text =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(hub.count() >= 1 && text.contains("[redacted]"), "{text}");
    for s in secrets {
        assert!(!text.contains(s), "{s} printed: {text}");
    }
    // a base URL that does not parse, with a password in it: exit 3, password not shown
    let mut c = pollctl(home.path());
    auth_env(&mut c);
    let out = c
        .args([
            "poll",
            "--once",
            "--base-url",
            "https://bob:hunter2pass@ho st/",
        ])
        .arg(&inst)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("not a valid URL") && !text.contains("hunter2pass"),
        "{text}"
    );
    // a receiver with userinfo in its URL, answering 503 then 400 with the header echoed
    let forward = receiver.url.replace("http://", "http://bob:hunter2pass@") + "/hook";
    let mut c = pollctl(home.path());
    auth_env(&mut c);
    let out = c
        .args([
            "poll",
            "--once",
            "-vv",
            "--base-url",
            &ok_hub.url,
            "--forward-to",
            &forward,
        ])
        .arg(&inst)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let text =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(receiver.count() >= 2, "{text}");
    assert!(
        receiver.requests()[0]
            .h("authorization")
            .is_some_and(|a| a.starts_with("Basic ")),
        "the userinfo works as Basic auth"
    );
    assert!(text.contains("[redacted]@127.0.0.1"), "{text}");
    for s in secrets.iter().copied().chain(["Ym9iOmh1bnRlcjJwYXNz"]) {
        assert!(!text.contains(s), "{s} printed: {text}");
    }
    // a receiver URL carrying its credential in the query (`?token=…`), echoed in its answer
    let echo_path = Server::start(|req, _| {
        Resp::status(400, &format!("bad request, token {:?}", req.q("token")))
    });
    let forward = format!("{}/hook?token=QSECRET12345&team=blue", echo_path.url);
    let mut c = pollctl(home.path());
    auth_env(&mut c);
    let out = c
        .args([
            "poll",
            "--once",
            "--reset",
            "-vv",
            "--base-url",
            &ok_hub.url,
        ])
        .args(["--forward-to", &forward])
        .arg(&inst)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let text =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert_eq!(echo_path.requests()[0].q("token"), Some("QSECRET12345"));
    assert!(text.contains("token=[redacted]&team=blue"), "{text}");
    assert!(
        !text.contains("QSECRET12345"),
        "the query token printed: {text}"
    );
}

/// Item 6: two instance files in different folders with one `name` and no `id` do not share
/// state silently: the second is refused with the fix.
#[test]
fn two_files_with_one_name_do_not_share_state() {
    let srv = Server::start(|_, _| Resp::json(&json!([{"id": "a"}])));
    let home = tempfile::tempdir().unwrap();
    for d in ["one", "two"] {
        std::fs::create_dir_all(home.path().join(d)).unwrap();
    }
    let res = json!({"things": {"url": "/t", "idField": "id"}});
    let a = instance(&home.path().join("one"), "i.json", res.clone(), json!({}));
    let b = instance(&home.path().join("two"), "i.json", res, json!({}));
    let r = poll(home.path(), &a, &srv, &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let r = poll(home.path(), &a, &srv, &[]);
    assert_eq!(r.code, Some(0), "the same file again: {}", r.stderr);
    let r = poll(home.path(), &b, &srv, &[]);
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert!(
        r.stderr.contains("\"id\"") && r.stderr.contains("one"),
        "{}",
        r.stderr
    );
    assert!(r.events.is_empty());
}

/// Item 8: a cycle longer than 100,000 events still never delivers a record twice (the
/// in-cycle memory had a cap; records past it came out twice when listed again).
#[test]
fn a_repeat_after_100k_events_is_still_suppressed() {
    const N: usize = 100_010;
    let t =
        (Utc::now() - chrono::Duration::seconds(3600)).to_rfc3339_opts(SecondsFormat::Millis, true);
    let page1: Arc<Vec<u8>> = Arc::new({
        let recs: Vec<Value> = (0..N)
            .map(|i| json!({"id": format!("r{i}"), "updated": t}))
            .collect();
        serde_json::to_vec(&recs).unwrap()
    });
    let last = json!([{"id": format!("r{}", N - 1), "updated": t}]);
    let srv = Server::start(move |req, _| match req.q("nextPage") {
        None => Resp {
            status: 200,
            headers: vec![
                ("content-type".into(), "application/json".into()),
                ("elements-next-page-token".into(), "2".into()),
            ],
            body: page1.to_vec(),
            delay: Duration::ZERO,
        },
        Some(_) => Resp::json(&last),
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        resource(MILLIS, json!({"pollDelay": 0})),
        json!({}),
    );
    let r = poll(home.path(), &inst, &srv, &["--from-start"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(srv.count(), 2);
    assert_eq!(r.events.len(), N, "each record exactly once");
    // the same with the delivered ids spilled to disk past 1,000 in memory
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        resource(MILLIS, json!({"pollDelay": 0})),
        json!({}),
    );
    let out = pollctl(home.path())
        .env("POLLCTL_SEEN_MEMORY_IDS", "1000")
        .args(["poll", "--once", "--from-start", "--base-url", &srv.url])
        .arg(&inst)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        lines(&out.stdout).len(),
        N,
        "each record exactly once after a spill"
    );
}

/// Item 13: numbers in `raw` come out exactly as received (integers beyond 64 bits, trailing
/// zeros, exponents), printed and forwarded; `raw` is the record's own text, key order and
/// spacing included (issue 13).
#[test]
fn raw_numbers_are_carried_exactly() {
    let body = br#"[{"id": 12345678901234567890123, "big": 12345678901234567890123, "price": 1.10, "tiny": 1e-400, "neg": -0.0}]"#;
    let srv = Server::start(move |_, _| Resp {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.to_vec(),
        delay: Duration::ZERO,
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        json!({"things": {"url": "/t", "idField": "id"}}),
        json!({}),
    );
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
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(r#""raw":{"id": 12345678901234567890123, "big": 12345678901234567890123, "price": 1.10, "tiny": 1e-400, "neg": -0.0}}"#),
        "{text}"
    );
    assert!(
        text.contains(r#""objectId":"12345678901234567890123""#),
        "{text}"
    );
}

/// Item 12: a page above --max-page-size is refused before it is held (exit 1, nothing
/// committed); a notification the receiver refuses with 413 is split, not retried forever.
#[test]
fn huge_pages_are_refused_and_413_notifications_are_split() {
    let big: Arc<Vec<u8>> = Arc::new({
        let recs: Vec<Value> = (0..20_000)
            .map(|i| json!({"id": i, "pad": "x".repeat(100)}))
            .collect();
        serde_json::to_vec(&recs).unwrap()
    });
    assert!(big.len() > 2 << 20);
    let b = big.clone();
    let hub = Server::start(move |_, _| Resp {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: b.to_vec(),
        delay: Duration::ZERO,
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        json!({"things": {"url": "/t", "idField": "id"}}),
        json!({}),
    );
    let r = poll(home.path(), &inst, &hub, &["--max-page-size", "1"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("--max-page-size"), "{}", r.stderr);
    assert!(r.events.is_empty());
    assert_eq!(watermark(home.path()), None, "nothing committed");

    let hub = Server::start(|_, _| {
        Resp::json(&json!(
            (0..10).map(|i| json!({"id": i})).collect::<Vec<_>>()
        ))
    });
    let receiver = Server::start(|req, _| {
        let n = req.json()["message"]["events"]
            .as_array()
            .map_or(0, Vec::len);
        if n > 2 {
            Resp::status(413, "too large")
        } else {
            Resp::status(200, "")
        }
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        json!({"things": {"url": "/t", "idField": "id"}}),
        json!({}),
    );
    let out = pollctl(home.path())
        .args([
            "poll",
            "--once",
            "--base-url",
            &hub.url,
            "--forward-to",
            &format!("{}/hook", receiver.url),
        ])
        .arg(&inst)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let accepted: Vec<String> = receiver
        .requests()
        .iter()
        .filter_map(|r| {
            let evs = r.json()["message"]["events"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            (evs.len() <= 2).then(|| {
                evs.iter()
                    .map(|e| e["objectId"].as_str().unwrap().to_string())
                    .collect::<Vec<_>>()
            })
        })
        .flatten()
        .collect();
    let want: Vec<String> = (0..10).map(|i| i.to_string()).collect();
    assert_eq!(accepted, want, "each event once, in order");
    assert!(
        receiver.count() < 20,
        "no retry storm: {}",
        receiver.count()
    );
}

/// Item 10 (fractions): microsecond dates with an `SSS` pattern are events, never set aside,
/// with one warning per resource; `SSSSSS` works as a pattern.
#[test]
fn microsecond_fractions_are_read_as_decimals_with_one_warning() {
    let base = Utc::now() - chrono::Duration::seconds(30);
    let t1 = base.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    let t2 = (base + chrono::Duration::milliseconds(5))
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string();
    let srv = Server::start(move |_, _| {
        Resp::json(&json!([{"id": "a", "updated": t1}, {"id": "b", "updated": t2}]))
    });
    for pattern in [MILLIS, "yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'"] {
        let home = tempfile::tempdir().unwrap();
        let inst = instance(
            home.path(),
            "i.json",
            resource(pattern, json!({})),
            json!({}),
        );
        let r = poll(home.path(), &inst, &srv, &[]);
        assert_eq!(r.code, Some(0), "{pattern}: {}", r.stderr);
        assert_eq!(ids(&r.events), ["a:UPDATED", "b:UPDATED"], "{}", r.stderr);
        let want = base.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
        assert_eq!(
            r.events[0]["date"]
                .as_str()
                .unwrap()
                .trim_end_matches('Z')
                .trim_end_matches('0')
                .trim_end_matches('.'),
            want.trim_end_matches('Z')
                .trim_end_matches('0')
                .trim_end_matches('.')
        );
        assert_eq!(
            r.stderr.matches("fraction of a second").count(),
            1,
            "{}",
            r.stderr
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The sandbox's hostile hub (`/hostile/{mode}`): the real binary against each mode.

struct Hostile {
    _rt: tokio::runtime::Runtime,
    sb: pollctl::sandbox::SandboxHandle,
}

fn hostile_hub() -> Hostile {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let sb = rt
        .block_on(pollctl::sandbox::Sandbox::start(
            pollctl::sandbox::SandboxConfig::default(),
        ))
        .unwrap();
    Hostile { _rt: rt, sb }
}

fn hostile_instance(
    home: &Path,
    mode: &str,
    format: Option<&str>,
    extra: Value,
) -> std::path::PathBuf {
    let mut r = json!({"url": format!("/hostile/{mode}"), "idField": "id"});
    if let Some(f) = format {
        r["datesConfiguration"] = json!({
            "updatedDateField": "updated", "updatedDateFormat": f, "updatedDateTimezone": "GMT"
        });
    }
    if let Value::Object(m) = extra {
        for (k, v) in m {
            r[k] = v;
        }
    }
    instance(home, "i.json", json!({ "things": r }), json!({}))
}

fn run_hostile(home: &Path, inst: &Path, h: &Hostile, extra: &[&str]) -> Run {
    let out = pollctl(home)
        .args(["poll", "--once", "--base-url", &h.sb.base_url()])
        .args(extra)
        .arg(inst)
        .output()
        .unwrap();
    Run {
        code: out.status.code(),
        events: lines(&out.stdout),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn hostile_whole_seconds() {
    let h = hostile_hub();
    let home = tempfile::tempdir().unwrap();
    let inst = hostile_instance(
        home.path(),
        "whole-seconds",
        Some(SECONDS),
        json!({"pollDelay": 0}),
    );
    let r = run_hostile(home.path(), &inst, &h, &[]);
    assert_eq!((r.code, r.events.len()), (Some(0), 0), "{}", r.stderr);
    let r = run_hostile(home.path(), &inst, &h, &[]);
    assert_eq!(ids(&r.events), ["a:UPDATED"], "{}", r.stderr);
    let r = run_hostile(home.path(), &inst, &h, &[]);
    assert_eq!(
        (r.code, r.events.len()),
        (Some(0), 0),
        "not twice: {}",
        r.stderr
    );
}

#[test]
fn hostile_same_second_types() {
    let h = hostile_hub();
    let home = tempfile::tempdir().unwrap();
    let inst = hostile_instance(
        home.path(),
        "same-second-types",
        Some(MILLIS),
        json!({"pollDelay": 300}),
    );
    let mut all = Vec::new();
    for _ in 0..4 {
        let r = run_hostile(home.path(), &inst, &h, &[]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        all.extend(ids(&r.events));
    }
    assert_eq!(all, ["a:UPDATED", "a:DELETED", "a:UPDATED"]);
}

#[test]
fn hostile_cycling_and_endless_tokens() {
    let h = hostile_hub();
    let home = tempfile::tempdir().unwrap();
    let inst = hostile_instance(home.path(), "cycling-tokens", None, json!({}));
    let r = run_hostile(home.path(), &inst, &h, &[]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("already returned"), "{}", r.stderr);
    assert_eq!(watermark(home.path()), None);
    let home = tempfile::tempdir().unwrap();
    let inst = hostile_instance(home.path(), "endless-tokens", None, json!({}));
    let r = run_hostile(home.path(), &inst, &h, &["--max-pages", "7"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("more than 7 pages"), "{}", r.stderr);
    assert_eq!(watermark(home.path()), None);
}

#[test]
fn hostile_non_utf8_token() {
    let h = hostile_hub();
    let home = tempfile::tempdir().unwrap();
    let inst = hostile_instance(home.path(), "non-utf8-token", None, json!({}));
    let r = run_hostile(home.path(), &inst, &h, &[]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("not UTF-8"), "{}", r.stderr);
    assert_eq!(watermark(home.path()), None);
}

#[test]
fn hostile_bad_dates() {
    let h = hostile_hub();
    let home = tempfile::tempdir().unwrap();
    let inst = hostile_instance(home.path(), "bad-dates", Some(MILLIS), json!({}));
    let r = run_hostile(home.path(), &inst, &h, &[]);
    assert_eq!(r.code, Some(6), "{}", r.stderr);
    assert_eq!(ids(&r.events), ["good:UPDATED"]);
    let list = pollctl(home.path())
        .args(["set-aside", "list", "--format", "json"])
        .output()
        .unwrap();
    let listed: Vec<String> = lines(&list.stdout)
        .iter()
        .map(|e| e["record"]["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed, ["slashed", "nodate", "nulldate"]);
}

#[test]
fn hostile_late() {
    let h = hostile_hub();
    let home = tempfile::tempdir().unwrap();
    let inst = hostile_instance(home.path(), "late", Some(MILLIS), json!({}));
    let r = run_hostile(home.path(), &inst, &h, &["--since", "10m"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(ids(&r.events), ["fresh:UPDATED"]);
    assert!(r.stderr.contains("1 old"), "{}", r.stderr);
}

#[test]
fn hostile_echo_secrets() {
    let h = hostile_hub();
    let home = tempfile::tempdir().unwrap();
    let inst = hostile_instance(home.path(), "echo-secrets", None, json!({}));
    let out = pollctl(home.path())
        .env("POLLCTL_USER_SECRET", "hostile-user-secret")
        .env("POLLCTL_ORG_SECRET", "hostile-org-secret")
        .env("POLLCTL_ELEMENT_TOKEN", "hostile-token")
        .args(["poll", "--once", "-vv", "--base-url", &h.sb.base_url()])
        .arg(&inst)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("invalid credentials: [redacted]"), "{text}");
    for s in ["hostile-user-secret", "hostile-org-secret", "hostile-token"] {
        assert!(!text.contains(s), "{s}: {text}");
    }
}

#[test]
fn hostile_huge_page() {
    let h = hostile_hub();
    let home = tempfile::tempdir().unwrap();
    let inst = hostile_instance(home.path(), "huge-page", None, json!({}));
    let r = run_hostile(home.path(), &inst, &h, &["--max-page-size", "1"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("--max-page-size") && r.events.is_empty(),
        "{}",
        r.stderr
    );
    let r = run_hostile(home.path(), &inst, &h, &[]);
    assert_eq!((r.code, r.events.len()), (Some(0), 20_000), "{}", r.stderr);
}

#[test]
fn hostile_big_integers_and_microseconds() {
    let h = hostile_hub();
    let home = tempfile::tempdir().unwrap();
    let inst = hostile_instance(home.path(), "big-integers", None, json!({}));
    let out = pollctl(home.path())
        .args(["poll", "--once", "--base-url", &h.sb.base_url()])
        .arg(&inst)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains(r#""raw":{"id": 12345678901234567890123, "price": 1.10}}"#)
    );
    let home = tempfile::tempdir().unwrap();
    let inst = hostile_instance(home.path(), "microseconds", Some(MILLIS), json!({}));
    let r = run_hostile(home.path(), &inst, &h, &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(ids(&r.events), ["u:UPDATED"]);
    assert_eq!(
        r.stderr.matches("fraction of a second").count(),
        1,
        "{}",
        r.stderr
    );
}

#[test]
fn hostile_repeated_record() {
    let h = hostile_hub();
    let home = tempfile::tempdir().unwrap();
    let inst = hostile_instance(home.path(), "repeated-record", Some(MILLIS), json!({}));
    let r = run_hostile(home.path(), &inst, &h, &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(ids(&r.events), ["same:UPDATED", "other:UPDATED"]);
}

#[test]
fn hostile_unknown_mode_lists_the_modes() {
    let h = hostile_hub();
    let home = tempfile::tempdir().unwrap();
    let inst = hostile_instance(home.path(), "nope", None, json!({}));
    let r = run_hostile(home.path(), &inst, &h, &[]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    for m in pollctl::sandbox::hostile::MODES {
        assert!(r.stderr.contains(m), "{m}: {}", r.stderr);
    }
}

/// Item 11: a change that becomes visible late (stamped before the previous cycle) is
/// delivered when `pollDelay` covers the lag, and counted as old when it does not.
#[test]
fn late_visible_changes_are_delivered_within_poll_delay() {
    for (delay, delivered) in [(30, true), (0, false)] {
        let stamped = (Utc::now() - chrono::Duration::seconds(3))
            .to_rfc3339_opts(SecondsFormat::Millis, true);
        let visible = Arc::new(Mutex::new(false));
        let v = visible.clone();
        let srv = Server::start(move |_, _| {
            if *v.lock().unwrap() {
                Resp::json(&json!([{"id": "lagged", "updated": stamped}]))
            } else {
                Resp::json(&json!([]))
            }
        });
        let home = tempfile::tempdir().unwrap();
        let inst = instance(
            home.path(),
            "i.json",
            resource(MILLIS, json!({"pollDelay": delay})),
            json!({}),
        );
        let r = poll(home.path(), &inst, &srv, &[]);
        assert_eq!((r.code, r.events.len()), (Some(0), 0), "{}", r.stderr);
        *visible.lock().unwrap() = true;
        let r = poll(home.path(), &inst, &srv, &[]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        if delivered {
            assert_eq!(
                ids(&r.events),
                ["lagged:UPDATED"],
                "pollDelay {delay}: {}",
                r.stderr
            );
        } else {
            assert!(r.events.is_empty());
            assert!(
                r.stderr.contains("1 old"),
                "pollDelay {delay}: {}",
                r.stderr
            );
        }
    }
}

/// Item 9: the lock cannot be removed by a stray `rm`; removed with `rm -r`, the running
/// poller notices before its next commit and stops committing, loudly.
#[test]
fn a_removed_lock_stops_the_holder_from_committing() {
    let srv = Server::start(|_, _| Resp::json(&json!([{"id": "a"}])));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        json!({"things": {"url": "/t", "idField": "id"}}),
        json!({}),
    );
    let log = home.path().join("first.log");
    let mut first = common::pollctl_std(home.path())
        .args(["poll", "--interval", "300ms", "--base-url", &srv.url])
        .arg(&inst)
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    assert!(srv.wait_for(1, Duration::from_secs(30)));
    let lock = std::fs::read_dir(home.path().join("state/poll/acme"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(".lock"))
        .expect("a lock");
    let rm = std::process::Command::new("rm")
        .arg("-f")
        .arg(&lock)
        .status()
        .unwrap();
    assert!(!rm.success(), "a stray rm removed the lock");
    let second = poll(home.path(), &inst, &srv, &[]);
    assert_eq!(second.code, Some(1), "{}", second.stderr);
    std::fs::remove_dir_all(&lock).unwrap();
    let n = srv.count();
    assert!(srv.wait_for(n + 2, Duration::from_secs(30)));
    std::thread::sleep(Duration::from_millis(300));
    let _ = first.kill();
    let _ = first.wait();
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("the lock was removed while held"), "{text}");
}

/// The platform's own API (`oauth login`, `instance create --provision`, …) with a base URL
/// that carries `user:password@`: its errors, notes and output show the URL redacted, like the
/// poller's do — the 401 message used to print the password.
#[test]
fn platform_errors_do_not_show_a_password_in_the_base_url() {
    let platform = Server::start(|_, _| Resp::status(401, "who are you"));
    let home = tempfile::tempdir().unwrap();
    let secret = home.path().join("client.secret");
    std::fs::write(&secret, "client-secret-value-1234567890\n").unwrap();
    let inst = home.path().join("x.json");
    let out = pollctl(home.path())
        .args(["instance", "create", "--connector", "egnyte", "--name", "x"])
        .args(["--api-key", "demo", "--api-secret-file"])
        .arg(&secret)
        .args(["--set", "subdomain=acme", "--local-polling"])
        .args(["--oauth-callback-url", "https://app.example.com/oauth"])
        .args(["--callback-url", "https://receiver.example/hook", "-o"])
        .arg(&inst)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let base = platform.url.replace("http://", "http://bob:hunter2pass@");
    let out = pollctl(home.path())
        .env("POLLCTL_BASE_URL", &base)
        .env("POLLCTL_USER_SECRET", "usersecret-123")
        .env("POLLCTL_ORG_SECRET", "orgsecret-456")
        .args([
            "-vv",
            "oauth",
            "login",
            "--no-browser",
            "--name",
            "x",
            "--instance",
        ])
        .arg(&inst)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(4), "{text}");
    assert!(
        platform.count() >= 1 && text.contains("[redacted]@"),
        "{text}"
    );
    for s in ["hunter2pass", "usersecret-123", "orgsecret-456"] {
        assert!(!text.contains(s), "{s} printed: {text}");
    }
}
