//! Adversarial round against issue 9's "no changed record lost" promise: feeds and usages the
//! hostile-hub tests did not cover. Each test runs the real binary against a loopback server.

mod common;

use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use common::{Resp, Server, instance, lines, poll_once as poll, pollctl, resource};
use serde_json::{Value, json};

const MILLIS: &str = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

/// Go's RFC3339Nano (and others) trim trailing zeros: a change at `…:42.500` is written
/// `…:42.5Z`. Read with `SSS` as Java does (5 ms) it is 495 ms early, so a window starting at
/// `…:42.300` called it "old" and it was never emitted (exit 0).
#[test]
fn fraction_trimmed_of_trailing_zeros_is_not_read_early() {
    let second = DateTime::<Utc>::from_timestamp(Utc::now().timestamp() - 30, 0).unwrap();
    let since =
        (second + chrono::Duration::milliseconds(300)).to_rfc3339_opts(SecondsFormat::Millis, true);
    let text = format!("{}.5Z", second.format("%Y-%m-%dT%H:%M:%S"));
    let srv = Server::start(move |_, _| Resp::json(&json!([{"id": "a", "updated": text}])));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        resource(MILLIS, json!({"pollDelay": 0})),
        json!({}),
    );
    let r = poll(home.path(), &inst, &srv, &["--since", &since]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.events.len(), 1, "lost as old: {}", r.stderr);
    let want =
        (second + chrono::Duration::milliseconds(500)).to_rfc3339_opts(SecondsFormat::Millis, true);
    assert_eq!(r.events[0]["date"].as_str(), Some(want.as_str()));
    assert!(r.stderr.contains("500 ms"), "the Java note: {}", r.stderr);
}

fn state_source(home: &Path) -> Option<String> {
    let f = home.join("state/poll/acme/things.json");
    let v: Value = serde_json::from_slice(&std::fs::read(f).ok()?).ok()?;
    v["source"].as_str().map(str::to_string)
}

fn with_id(path: &Path, id: &str) {
    let mut v: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    v["id"] = json!(id);
    std::fs::write(path, serde_json::to_vec(&v).unwrap()).unwrap();
}

/// Issue 9 item 6 closed the door for two files with one `name`, but not for the same
/// instance name read from standard input (`envsubst < tmpl.json | pollctl poll -`), nor for
/// another instance whose explicit `"id"` equals that name: both shared the file's state
/// silently and moved its watermark.
#[test]
fn stdin_and_explicit_id_instances_cannot_take_a_files_state() {
    let srv = Server::start(|_, _| Resp::json(&json!([])));
    let home = tempfile::tempdir().unwrap();
    for d in ["a", "b"] {
        std::fs::create_dir(home.path().join(d)).unwrap();
    }
    let res = resource(MILLIS, json!({}));
    let a = instance(&home.path().join("a"), "acme.json", res.clone(), json!({}));
    let b = instance(&home.path().join("b"), "acme.json", res, json!({}));
    let r = poll(home.path(), &a, &srv, &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let owner = state_source(home.path()).expect("the file claims its state");
    let state = home.path().join("state/poll/acme/things.json");
    let before = std::fs::read(&state).unwrap();

    // the other instance, on standard input
    let out = pollctl(home.path())
        .args(["poll", "--once", "--base-url", &srv.url, "-"])
        .pipe_stdin(&b)
        .unwrap()
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("standard input") && stderr.contains("\"id\""),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&state).unwrap(), before, "state moved");

    // another instance whose explicit id is that name
    with_id(&b, "acme");
    let r = poll(home.path(), &b, &srv, &[]);
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert!(
        r.stderr.contains("the instance with \"id\" \"acme\""),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(&state).unwrap(), before, "state moved");

    // the owner itself, given that id (as the message advises), keeps its state
    with_id(&a, "acme");
    let r = poll(home.path(), &a, &srv, &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_ne!(state_source(home.path()), Some(owner));
}

/// The summary's counts add up to the records read: a record after the window end
/// (`filterByCurrentDate`, a hub clock ahead, a scheduled change) was counted but never shown,
/// so a deferred record was invisible in the summary and at `-v`.
#[test]
fn summary_counts_add_up_including_records_after_the_window() {
    let t = |s: i64| {
        (Utc::now() + chrono::Duration::seconds(s)).to_rfc3339_opts(SecondsFormat::Millis, true)
    };
    // One timestamp for both copies of `a`: two `t(-30)` calls can fall in different
    // milliseconds, and then the second is a new change (one more event), not a repeat.
    let a_updated = t(-30);
    let feed = json!([
        {"id": "a", "updated": a_updated},
        {"id": "a", "updated": a_updated},
        {"id": "b", "updated": t(-90_000)},
        {"id": "c", "updated": t(90_000)},
        {"id": "d", "updated": "not a date"},
    ]);
    let srv = Server::start(move |_, _| Resp::json(&feed));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        resource(MILLIS, json!({"filterByCurrentDate": true})),
        json!({}),
    );
    let r = poll(home.path(), &inst, &srv, &["-v"]);
    assert_eq!(r.code, Some(6), "{}", r.stderr);
    assert_eq!(r.events.len(), 1, "{}", r.stderr);
    let line = r
        .stderr
        .lines()
        .find(|l| l.contains("record(s),"))
        .unwrap_or_else(|| panic!("no summary: {}", r.stderr));
    let count = |what: &str| -> u64 {
        line.split(", ")
            .find_map(|part| {
                part.strip_suffix(what)
                    .or_else(|| part.find(what).map(|i| &part[..i]))
            })
            .and_then(|n| n.trim().rsplit(' ').next()?.parse().ok())
            .unwrap_or(0)
    };
    assert_eq!(count(" after the window end"), 1, "{line}");
    assert!(
        r.stderr.contains("record c is after the window end"),
        "{}",
        r.stderr
    );
    let parts = count(" event(s)")
        + count(" already emitted")
        + count(" old (before the window)")
        + count(" after the window end")
        + count(" set aside");
    assert_eq!(parts, count(" record(s)"), "{line}");
    assert_eq!(parts, 5, "{line}");
}

fn set_aside_ids(home: &Path) -> Vec<String> {
    let out = pollctl(home)
        .args(["set-aside", "list", "acme", "--format", "json"])
        .output()
        .unwrap();
    let mut ids: Vec<String> = lines(&out.stdout)
        .iter()
        .map(|e| e["record"]["id"].as_str().unwrap_or("-").to_string())
        .collect();
    ids.sort();
    ids
}

/// `set-aside replay` run while a cycle is in flight: the cycle had read the replay queue and
/// removed the whole queue when it committed, so a record queued meanwhile vanished from both
/// the set-aside file and the queue. The queue now loses only what the cycle took, and the
/// set-aside file is emptied under its lock instead of removed.
#[test]
fn replay_during_a_cycle_loses_nothing() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let stage = Arc::new(AtomicUsize::new(0));
    let slow_request = Arc::new(AtomicUsize::new(0));
    let (s, seen) = (stage.clone(), slow_request.clone());
    let srv = Server::start(move |_, _| match s.load(Ordering::SeqCst) {
        0 => {
            Resp::json(&json!([{"id": "r1", "updated": "bad 1"}, {"id": "r2", "updated": "bad 2"}]))
        }
        1 => {
            seen.fetch_add(1, Ordering::SeqCst);
            Resp::json(&json!([])).delay(std::time::Duration::from_millis(1500))
        }
        _ => Resp::json(&json!([])),
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
    assert_eq!(set_aside_ids(home.path()), ["r1", "r2"]);
    // r1 is queued for replay; r2 is still set aside when the next cycle starts (the state
    // a commit leaves when it sets r2 aside just as `replay` runs).
    let file = home.path().join("state/poll/acme/things.set-aside.jsonl");
    let text = std::fs::read_to_string(&file).unwrap();
    let (r1, r2): (Vec<&str>, Vec<&str>) = text.lines().partition(|l| l.contains("\"r1\""));
    std::fs::write(&file, format!("{}\n", r1.join("\n"))).unwrap();
    let replay = |home: &Path| {
        let out = pollctl(home)
            .args(["set-aside", "replay", "acme"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    replay(home.path());
    std::fs::write(&file, format!("{}\n", r2.join("\n"))).unwrap();

    // A cycle takes the queue (r1), waits on the hub; replay queues r2 meanwhile.
    stage.store(1, Ordering::SeqCst);
    let child = common::pollctl_std(home.path())
        .args(["poll", "--once", "--base-url", &srv.url])
        .arg(&inst)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let t0 = std::time::Instant::now();
    while slow_request.load(Ordering::SeqCst) == 0 {
        assert!(t0.elapsed().as_secs() < 30, "the cycle never fetched");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    replay(home.path());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The next cycle classifies r2 (still unreadable): set aside again, not lost.
    stage.store(2, Ordering::SeqCst);
    let r = poll(home.path(), &inst, &srv, &[]);
    assert_eq!(r.code, Some(6), "r2 was lost: {}", r.stderr);
    assert_eq!(set_aside_ids(home.path()), ["r1", "r2"]);
}

/// A first run (no state) reads from now − refresh interval. When that first cycle failed
/// (hub down, 5xx) the loop retried with a window sliding forward from the retry's "now":
/// changes between the first start and the later one were never read, silently.
#[test]
fn a_failed_first_cycle_is_retried_from_the_same_start() {
    use std::io::BufRead;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let test_start = Utc::now();
    // inside the first window (now − 60 s) unless the process takes 3 s to start, outside a
    // window computed after the 5 s retry interval
    let text = (test_start - chrono::Duration::milliseconds(57_000))
        .to_rfc3339_opts(SecondsFormat::Millis, true);
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let srv = Server::start(move |_, _| {
        if c.fetch_add(1, Ordering::SeqCst) == 0 {
            Resp::status(503, "down for maintenance")
        } else {
            Resp::json(&json!([{"id": "a", "updated": text}]))
        }
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        resource(MILLIS, json!({})),
        json!({"event.poller.refresh_interval": 1}),
    );
    let mut child = common::pollctl_std(home.path())
        .args([
            "poll",
            "--base-url",
            &srv.url,
            "--interval",
            "5s",
            "--max-retries",
            "0",
        ])
        .arg(&inst)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let got = rx.recv_timeout(std::time::Duration::from_secs(20));
    let _ = child.kill();
    let _ = child.wait();
    assert!(calls.load(Ordering::SeqCst) >= 2, "the loop never retried");
    let line = got.expect("the change inside the first window was never delivered");
    let ev: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(ev["objectId"], "a");
}

// ---------------------------------------------------------------------------------------
// Issue 13's hot path: records of a streamed page are read from their text (a hand-written
// reader for plain texts, serde_json's parse for the rest) and classified from their fields'
// texts. The same records under `recordsPath` are read as trees (the reading every record had
// before): both readings must give the same events, ids, set-aside entries and exit code.

/// A page answer of raw JSON text.
fn raw_page(body: String) -> Resp {
    Resp {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.into_bytes(),
        delay: std::time::Duration::ZERO,
    }
}

/// What one run left: exit code, events without `raw` (plus `raw` parsed), set-aside
/// entries without their time, and the `-v` lines that name records.
#[derive(Debug, PartialEq)]
struct Outcome {
    code: Option<i32>,
    events: Vec<Value>,
    set_aside: Vec<Value>,
    notes: Vec<String>,
    /// The state file was written.
    committed: bool,
}

/// Poll `records` (raw JSON texts) once as a top-level array and once under `recordsPath`,
/// with `res` as the resource (its `url` and `recordsPath` are set here).
fn both_readings(records: &[&str], res: Value, extra: &[&str]) -> (Outcome, Outcome) {
    let list = format!("[\n{}\n]", records.join(",\n"));
    let wrapped = format!("{{\"data\": {{\"items\": {list}}}}}");
    let srv = Server::start(move |req, _| {
        raw_page(if req.path.contains("wrapped") {
            wrapped.clone()
        } else {
            list.clone()
        })
    });
    let run = |wrapped: bool| {
        let home = tempfile::tempdir().unwrap();
        let mut r = res.clone();
        if wrapped {
            r["url"] = json!("/hubs/documents/wrapped");
            r["recordsPath"] = json!("data.items");
        } else {
            r["url"] = json!("/hubs/documents/things");
        }
        let inst = instance(home.path(), "i.json", json!({ "things": r }), json!({}));
        let p = poll(home.path(), &inst, &srv, extra);
        let set_aside =
            std::fs::read_to_string(home.path().join("state/poll/acme/things.set-aside.jsonl"))
                .unwrap_or_default()
                .lines()
                .map(|l| {
                    let mut v: Value = serde_json::from_str(l).unwrap();
                    v.as_object_mut()
                        .unwrap()
                        .retain(|k, _| k != "setAsideAt" && k != "set_aside_at");
                    v
                })
                .collect();
        let notes = p
            .stderr
            .lines()
            .filter(|l| l.contains(": record "))
            .map(|l| {
                let l = &l[l.find(": record ").unwrap()..];
                l.split("; set aside in").next().unwrap_or(l).to_string()
            })
            .collect();
        let events = p
            .events
            .into_iter()
            .map(|mut e| {
                e.as_object_mut().unwrap().remove("pollDate");
                e
            })
            .collect();
        Outcome {
            committed: home.path().join("state/poll/acme/things.json").exists(),
            code: p.code,
            events,
            set_aside,
            notes,
        }
    };
    (run(false), run(true))
}

fn assert_same_reading(records: &[&str], res: Value, extra: &[&str]) -> Outcome {
    let (text, tree) = both_readings(records, res, extra);
    assert_eq!(
        text.code, tree.code,
        "exit codes differ\ntext: {text:#?}\ntree: {tree:#?}"
    );
    assert_eq!(
        text.events.len(),
        tree.events.len(),
        "text: {text:#?}\ntree: {tree:#?}"
    );
    for (a, b) in text.events.iter().zip(&tree.events) {
        assert_eq!(a, b, "an event differs between the readings");
    }
    assert_eq!(text.set_aside, tree.set_aside);
    assert_eq!(text.notes, tree.notes);
    assert_eq!(text.committed, tree.committed);
    text
}

const D: &str = "2024-01-02T03:04:05.000Z";

/// Ids of every JSON kind and spelling, escapes, duplicate keys, own event types, dates that
/// are not strings, records that are not objects, deep nesting around the hand reader's
/// limit: the streamed reading agrees with the tree reading event for event.
#[test]
fn streamed_records_read_as_their_trees_are() {
    let deep = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
    let (d99, d101, d120) = (deep(99), deep(101), deep(120));
    let owned: Vec<String> = vec![
        format!(r#"{{"id":"plain","updated":"{D}"}}"#),
        format!(r#"{{"id":12345678901234567890123,"updated":"{D}"}}"#),
        format!(r#"{{"id":1E5,"updated":"{D}"}}"#),
        format!(r#"{{"id":-0,"updated":"{D}"}}"#),
        format!(r#"{{"id":-0.0e-0,"updated":"{D}","n":1e400}}"#),
        format!(r#"{{"id":true,"updated":"{D}"}}"#),
        format!(r#"{{"id":{{"b":1,"a":[2,{{"z":null}}]}},"updated":"{D}"}}"#),
        format!(r#"{{"id":[1,"x"],"updated":"{D}"}}"#),
        format!(r#"{{"id":"esc\"aped\u00e9\n","updated":"{D}"}}"#),
        format!(r#"{{"id":"dup1","updated":"{D}","id":"dup2"}}"#),
        format!(r#"{{"updated":"{D}","id":null}}"#),
        r#"{"id":"escdate","updated":"2024\u002d01-02T03:04:05.000Z"}"#.to_string(),
        format!(r#"{{"\u0069d":"escaped-key","updated":"{D}"}}"#),
        format!(r#"{{"id":"own1","event_type":"deleted","updated":"{D}"}}"#),
        format!(r#"{{"id":"own2","eventType":" CrEaTeD ","updated":"{D}"}}"#),
        format!(r#"{{"id":"own3","event_type":null,"eventType":"DELETED","updated":"{D}"}}"#),
        format!(r#"{{"id":"own4","event_type":"DEL\u0045TED","updated":"{D}"}}"#),
        format!(r#"{{"id":"own5","event_type":7,"updated":"{D}"}}"#),
        format!("{{ \"id\" : \"spaced\" ,\r\n\t\"updated\" : \"{D}\" }}"),
        format!(r#"{{"id":"deep99","updated":"{D}","x":{d99}}}"#),
        format!(r#"{{"id":"deep101","updated":"{D}","x":{d101}}}"#),
        format!(r#"{{"id":"deep120","updated":"{D}","x":{d120}}}"#),
        format!("{{\"id\":\"unicode \u{7f}\u{2028}é\",\"updated\":\"{D}\",\"é\":\"\u{10ffff}\"}}"),
        r#"{"id":"baddate","updated":"nope"}"#.to_string(),
        r#"{"id":"nodate"}"#.to_string(),
        r#"{"id":"nulldate","updated":null}"#.to_string(),
        r#"{"id":"numdate","updated":20240102}"#.to_string(),
        r#"{"id":"objdate","updated":{"a":1}}"#.to_string(),
        format!(r#"{{"id":"arrdate","updated":["{D}"]}}"#),
        r#"[1,{"id":"in-array"}]"#.to_string(),
        r#""a string record""#.to_string(),
        "42".to_string(),
        "-1.5e3".to_string(),
        "null".to_string(),
        "true".to_string(),
        "{}".to_string(),
    ];
    let records: Vec<&str> = owned.iter().map(String::as_str).collect();
    let res = json!({
        "idField": "id",
        "datesConfiguration": {
            "updatedDateField": "updated", "updatedDateFormat": MILLIS, "updatedDateTimezone": "GMT",
            "createdDateField": "updated", "createdDateFormat": MILLIS, "createdDateTimezone": "GMT"
        }
    });
    let out = assert_same_reading(&records, res, &["--from-start", "-v"]);
    assert_eq!(out.code, Some(6), "{out:#?}");
    assert!(
        out.events.len() >= 20 && out.set_aside.len() >= 12,
        "{out:#?}"
    );
}

/// Nested, bracketed and dotted id and date paths (a key with a literal dot is read whole
/// first), created and updated in different fields, records before the window start noted
/// at `-v` with their ids: the same with both readings.
#[test]
fn streamed_records_with_paths_read_as_their_trees_are() {
    let old = "2000-01-02T03:04:05.000Z";
    let owned: Vec<String> = vec![
        format!(r#"{{"meta":{{"id":"n1"}},"Modified Time":"{D}","c":{{"at":"{D}"}}}}"#),
        format!(
            r#"{{"meta.id":"literal","meta":{{"id":"nested"}},"Modified Time":"{D}","c":{{"at":"{old}"}}}}"#
        ),
        format!(r#"{{"meta":{{"id":7}},"Modified Time":"{old}","c":{{"at":"{old}"}}}}"#),
        format!(r#"{{"meta":[{{"id":"arr"}}],"Modified Time":"{D}","c":{{"at":"{D}"}}}}"#),
        format!(r#"{{"meta":{{"id":"esc\u0041"}},"Modified\u0020Time":"{D}","c":{{"at":"{D}"}}}}"#),
        format!(r#"{{"meta":{{"id":"nocreated"}},"Modified Time":"{D}"}}"#),
        format!(
            r#"{{"meta":{{"id":"dup"}},"meta":{{"id":"dup-last"}},"Modified Time":"{D}","c":{{"at":"{D}"}}}}"#
        ),
    ];
    let records: Vec<&str> = owned.iter().map(String::as_str).collect();
    let res = json!({
        "idField": "meta.id",
        "datesConfiguration": {
            "updatedDateField": "['Modified Time']", "updatedDateFormat": MILLIS, "updatedDateTimezone": "GMT",
            "createdDateField": "c.at", "createdDateFormat": MILLIS, "createdDateTimezone": "GMT"
        }
    });
    let out = assert_same_reading(&records, res, &["--since", "2020-01-01T00:00:00Z", "-v"]);
    assert!(
        out.notes.iter().any(|n| n.contains("record 7 is before")),
        "{out:#?}"
    );
    assert!(
        out.events.iter().any(|e| e["objectId"] == "literal"),
        "{out:#?}"
    );
}

/// A key that spells serde_json's private marker through an escape
/// (`"\u0024serde_json::private::…"`) is read by serde_json as a number or an embedded JSON
/// text, so the tree reading sees another record, or refuses the page. The streamed reading
/// looked for the marker only unescaped: it took such a record as a plain object (a
/// different event id, set aside instead of delivered) and accepted a record serde_json
/// refuses, where the page must fail with nothing committed.
#[test]
fn escaped_private_keys_read_as_their_trees_are() {
    let res = json!({
        "idField": "id",
        "datesConfiguration": {
            "updatedDateField": "updated", "updatedDateFormat": MILLIS, "updatedDateTimezone": "GMT"
        }
    });
    let embedded = format!(
        r#"{{"\u0024serde_json::private::RawValue":"{{\"id\":\"hidden\",\"updated\":\"{D}\"}}"}}"#
    );
    let nested = format!(
        r#"{{"id":"n","updated":"{D}","x":{{"\u0024serde_json::private::RawValue":"[1, 2]"}}}}"#
    );
    let out = assert_same_reading(&[&embedded, &nested], res.clone(), &["--from-start"]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert_eq!(out.events.len(), 2, "{out:#?}");

    let refused = r#"{"\u0024serde_json::private::Number":"not a number"}"#;
    let ok = format!(r#"{{"id":"a","updated":"{D}"}}"#);
    let (text, tree) = both_readings(&[&ok, refused], res, &["--from-start"]);
    // An unreadable page is invalid input (exit 3), and nothing is committed.
    assert_eq!(tree.code, Some(3), "{tree:#?}");
    assert_eq!(text.code, Some(3), "the page was read: {text:#?}");
    assert!(!text.committed && text.events.is_empty(), "{text:#?}");
}
