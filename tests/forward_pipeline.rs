//! Forwarding with several notifications in flight (`--in-flight N`, HTTP/1.1 pipelining on
//! one connection per resource), against a receiver written on raw TCP here, so that it can
//! see pipelining (a request already queued behind one it has not answered) and break
//! connections: the order a receiver observes under random failures, the window bound, exit 5
//! and nothing committed when delivery gives up, and `--in-flight 1`'s stricter order.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{Resp, Server, instance, state_files};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// `pollctl` without proxy variables (a proxy set in the environment makes forwarding go one
/// notification at a time; [`a_proxy_in_the_environment_is_used_one_at_a_time`]).
fn pollctl(home: &std::path::Path) -> assert_cmd::Command {
    let mut c = common::pollctl(home);
    for var in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"] {
        c.env_remove(var).env_remove(var.to_ascii_lowercase());
    }
    c
}

/// `pollctl poll --once` of `inst` from `hub`, forwarded to `to` with `--in-flight N` and
/// `extra` arguments (no proxy variables).
fn forward(
    home: &std::path::Path,
    inst: &std::path::Path,
    hub: &str,
    to: &str,
    in_flight: &str,
    extra: &[&str],
) -> std::process::Output {
    pollctl(home)
        .args(["poll", "--once", "--base-url", hub])
        .args(["--forward-to", to, "--in-flight", in_flight])
        .args(extra)
        .arg(inst)
        .output()
        .unwrap()
}

/// What the receiver answers to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Ok,
    /// 200 with `Connection: close`, then close.
    OkClose,
    Status(u16),
    /// Close the connection without answering (unread bytes make it a reset).
    Drop,
}

/// One request, as the receiver processed it.
#[derive(Debug, Clone)]
struct Seen {
    conn: usize,
    /// The notification's index: its first record is `r{10·index}`.
    index: usize,
    events: usize,
    answer: Answer,
    body: Vec<u8>,
    headers: Vec<(String, String)>,
}

struct Receiver {
    url: String,
    log: Arc<Mutex<Vec<Seen>>>,
    /// Requests that were already (partly) in the buffer when the one before was read: sent
    /// before the previous answer.
    pipelined: Arc<AtomicUsize>,
    _rt: tokio::runtime::Runtime,
}

type Decide = Arc<dyn Fn(usize, &Value) -> Answer + Send + Sync>;

/// As a receiver's `work`: answer 200 as soon as a request's head is in, then read the body
/// (as nginx's `return 200` may).
const EARLY: Duration = Duration::from_nanos(1);

/// A connection idle this long (waiting for a request) is closed by the receiver.
const IDLE_CLOSE: Duration = Duration::from_millis(300);

impl Receiver {
    /// `decide(n, body)`: the answer to the n-th request processed (from 0).
    fn start(decide: impl Fn(usize, &Value) -> Answer + Send + Sync + 'static) -> Receiver {
        Receiver::start_with(None, Duration::ZERO, decide)
    }

    /// With `tls`, an `https` receiver; each request takes `work` to process.
    fn start_with(
        tls: Option<tokio_rustls::TlsAcceptor>,
        work: Duration,
        decide: impl Fn(usize, &Value) -> Answer + Send + Sync + 'static,
    ) -> Receiver {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let scheme = if tls.is_some() { "https" } else { "http" };
        let url = format!("{scheme}://{}/hook", listener.local_addr().unwrap());
        let log = Arc::new(Mutex::new(Vec::new()));
        let pipelined = Arc::new(AtomicUsize::new(0));
        let decide: Decide = Arc::new(decide);
        let (l, p) = (log.clone(), pipelined.clone());
        rt.spawn(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            let mut conn = 0;
            while let Ok((sock, _)) = listener.accept().await {
                let (d, l, p) = (decide.clone(), l.clone(), p.clone());
                match &tls {
                    None => {
                        tokio::spawn(serve(sock, conn, work, d, l, p));
                    }
                    Some(acceptor) => {
                        let acceptor = acceptor.clone();
                        tokio::spawn(async move {
                            if let Ok(sock) = acceptor.accept(sock).await {
                                serve(sock, conn, work, d, l, p).await;
                            }
                        });
                    }
                }
                conn += 1;
            }
        });
        Receiver {
            url,
            log,
            pipelined,
            _rt: rt,
        }
    }

    fn log(&self) -> Vec<Seen> {
        self.log.lock().unwrap().clone()
    }
}

/// One connection: requests read, decided and answered one after the other, in order.
async fn serve(
    mut sock: impl tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
    conn: usize,
    work: Duration,
    decide: Decide,
    log: Arc<Mutex<Vec<Seen>>>,
    pipelined: Arc<AtomicUsize>,
) {
    let mut buf: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    let mut dead = false;
    let mut served = 0;
    loop {
        // The head.
        let (head_len, length, headers) = loop {
            let mut h = [httparse::EMPTY_HEADER; 32];
            let mut req = httparse::Request::new(&mut h);
            if let Ok(httparse::Status::Complete(n)) = req.parse(&buf) {
                let headers: Vec<(String, String)> = req
                    .headers
                    .iter()
                    .map(|h| {
                        (
                            h.name.to_ascii_lowercase(),
                            String::from_utf8_lossy(h.value).into_owned(),
                        )
                    })
                    .collect();
                let length = headers
                    .iter()
                    .find(|(k, _)| k == "content-length")
                    .and_then(|(_, v)| v.parse::<usize>().ok())
                    .unwrap_or(0);
                break (n, length, headers);
            }
            if dead {
                return;
            }
            // Between requests, an idle connection is closed (as servers do after their
            // keep-alive timeout).
            let read = if buf.is_empty() && served > 0 {
                match tokio::time::timeout(IDLE_CLOSE, sock.read(&mut chunk)).await {
                    Ok(r) => r,
                    Err(_) => return,
                }
            } else {
                sock.read(&mut chunk).await
            };
            match read {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let early = work == EARLY;
        if early
            && sock
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
                .await
                .is_err()
        {
            return;
        }
        while buf.len() < head_len + length {
            if dead {
                return;
            }
            match sock.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let body: Vec<u8> = buf[head_len..head_len + length].to_vec();
        buf.drain(..head_len + length);
        if !buf.is_empty() {
            pipelined.fetch_add(1, Ordering::SeqCst);
        }
        let v: Value = serde_json::from_slice(&body).unwrap_or_default();
        let events = v["message"]["events"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let index = events
            .first()
            .and_then(|e| e["objectId"].as_str())
            .and_then(|id| id.strip_prefix('r'))
            .and_then(|n| n.parse::<usize>().ok())
            .map_or(usize::MAX, |n| n / 10);
        served += 1;
        let answer = {
            let mut log = log.lock().unwrap();
            let answer = decide(log.len(), &v);
            log.push(Seen {
                conn,
                index,
                events: events.len(),
                answer,
                body: body.clone(),
                headers,
            });
            answer
        };
        if early {
            continue;
        }
        if !work.is_zero() {
            tokio::time::sleep(work).await;
        }
        let text = match answer {
            Answer::Drop => return,
            Answer::Ok => "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok".to_string(),
            Answer::OkClose => {
                let _ = sock
                    .write_all(
                        b"HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 2\r\n\r\nok",
                    )
                    .await;
                return;
            }
            Answer::Status(s) => format!("HTTP/1.1 {s} Nope\r\ncontent-length: 9\r\n\r\nnot today"),
        };
        // Requests already read are processed even when the client is gone (as a server
        // that queues its work does): only reading more ends a dead connection.
        if sock.write_all(text.as_bytes()).await.is_err() {
            dead = true;
        }
    }
}

/// SplitMix64 of `seed` and `n`, in [0, 1).
fn dice(seed: u64, n: usize) -> f64 {
    let mut z = seed
        .wrapping_add(n as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// A hub serving `records` records `r000…` in pages of 100 (`nextPage` tokens).
fn hub(records: usize) -> Server {
    Server::start(move |req, _| {
        let page: usize = req.q("nextPage").and_then(|p| p.parse().ok()).unwrap_or(0);
        let recs: Vec<Value> = (page * 100..((page + 1) * 100).min(records))
            .map(|i| json!({"id": format!("r{i:03}")}))
            .collect();
        let r = Resp::json(&Value::Array(recs));
        if (page + 1) * 100 < records {
            r.header("elements-next-page-token", &(page + 1).to_string())
        } else {
            r
        }
    })
}

fn things() -> Value {
    json!({ "things": { "url": "/things", "idField": "id", "pageSize": 100 } })
}

/// Replays the receiver's log the way pollctl's window works and checks, in the order the
/// receiver processed requests: each request is the next one on its connection or the first
/// notification not yet accepted (a re-send after a failure), never `window` or more past
/// it; the last accepted copy of each notification comes in order; all `total` accepted.
fn check_order(log: &[Seen], total: usize, window: usize) {
    let mut acked = 0;
    let mut prev_on_conn: std::collections::HashMap<usize, usize> = Default::default();
    let mut last_ok: Vec<Option<usize>> = vec![None; total];
    let mut newest_conn = 0;
    for (pos, s) in log.iter().enumerate() {
        // One resource, one connection at a time: once pollctl sends on a new connection,
        // the receiver has processed everything it had sent on the old one.
        assert!(
            s.conn >= newest_conn,
            "request {pos} (notification {}) on connection {} after connection {newest_conn} \
             was in use: pollctl re-sent before the receiver was done with the old connection",
            s.index,
            s.conn
        );
        newest_conn = s.conn;
        assert_eq!(s.events, 10, "request {pos}: {s:?}");
        let follows = prev_on_conn.get(&s.conn).is_some_and(|p| s.index == p + 1);
        assert!(
            s.index == acked || follows,
            "request {pos} is notification {} on connection {}: neither the next on its \
             connection nor the first not accepted ({acked})",
            s.index,
            s.conn
        );
        assert!(
            s.index < acked + window,
            "request {pos}: notification {} while {acked} was not accepted: more than \
             {window} in flight",
            s.index
        );
        prev_on_conn.insert(s.conn, s.index);
        if s.answer == Answer::Ok {
            last_ok[s.index] = Some(pos);
            if s.index == acked {
                acked += 1;
            }
        }
    }
    assert_eq!(acked, total, "every notification accepted, in order");
    let positions: Vec<usize> = last_ok.iter().map(|p| p.unwrap()).collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "the last accepted copies are out of order: {positions:?}"
    );
}

/// 300 records (3 pages, 30 notifications), 8 in flight, a receiver that answers 503 to
/// about one request in eight and breaks the connection on about one in twelve: every
/// notification arrives, in the order above; the cycle commits; exit 0.
#[test]
fn pipelined_notifications_keep_their_order_under_random_failures() {
    let window = 8;
    let hub = hub(300);
    for seed in [1u64, 2, 3] {
        let faults = Arc::new(AtomicUsize::new(0));
        let f = faults.clone();
        // Each request takes a millisecond: requests left on a connection pollctl abandoned
        // would still be processed while it sends on the next one.
        let recv = Receiver::start_with(None, Duration::from_millis(1), move |n, _| {
            let d = dice(seed, n);
            if d < 0.12 {
                f.fetch_add(1, Ordering::SeqCst);
                Answer::Status(503)
            } else if d < 0.20 {
                f.fetch_add(1, Ordering::SeqCst);
                Answer::Drop
            } else {
                Answer::Ok
            }
        });
        let home = tempfile::tempdir().unwrap();
        let inst = instance(home.path(), "i.json", things(), json!({}));
        let out = pollctl(home.path())
            .args(["poll", "--once", "--base-url", &hub.url])
            .args([
                "--forward-to",
                &recv.url,
                "--in-flight",
                &window.to_string(),
            ])
            .args(["--max-retries", "40"])
            .env("POLLCTL_RETRY_CAP_MS", "20")
            .arg(&inst)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "seed {seed}: {stderr}");
        assert_eq!(state_files(home.path()).len(), 1, "committed");
        let log = recv.log();
        check_order(&log, 30, window);
        assert!(
            faults.load(Ordering::SeqCst) > 0,
            "seed {seed}: no fault was injected"
        );
        assert!(
            recv.pipelined.load(Ordering::SeqCst) > 0,
            "seed {seed}: nothing was pipelined ({} requests)",
            log.len()
        );
    }
}

/// Notification 4 (of 10) is refused for good (400): exit 5, the error names the status,
/// nothing is committed, and what was accepted before it stays accepted once.
#[test]
fn a_final_refusal_mid_window_exits_5_and_commits_nothing() {
    let hub = hub(100);
    let recv = Receiver::start(|_, body| {
        if body["message"]["events"][0]["objectId"] == "r040" {
            Answer::Status(400)
        } else {
            Answer::Ok
        }
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", things(), json!({}));
    let out = forward(home.path(), &inst, &hub.url, &recv.url, "4", &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(stderr.contains("400"), "{stderr}");
    assert!(state_files(home.path()).is_empty(), "nothing committed");
    let log = recv.log();
    let first: Vec<usize> = log.iter().map(|s| s.index).collect();
    assert_eq!(&first[..5], &[0, 1, 2, 3, 4], "{first:?}");
    // Written behind the refused one before its answer came: at most 3 more, never re-sent.
    assert!(first.len() <= 8, "{first:?}");
    assert!(first[5..].iter().all(|&i| i > 4), "{first:?}");
}

/// A receiver that always answers 503: retries run out, exit 5, nothing committed, and every
/// re-send starts again at the first notification.
#[test]
fn a_receiver_that_never_recovers_exits_5() {
    let hub = hub(100);
    let recv = Receiver::start(|_, _| Answer::Status(503));
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", things(), json!({}));
    let out = forward(
        home.path(),
        &inst,
        &hub.url,
        &recv.url,
        "4",
        &["--max-retries", "2"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains("503") && stderr.contains("after 3 attempts"),
        "{stderr}"
    );
    assert!(state_files(home.path()).is_empty(), "nothing committed");
    let log = recv.log();
    let restarts = log.iter().filter(|s| s.index == 0).count();
    assert_eq!(
        restarts,
        3,
        "{:?}",
        log.iter().map(|s| s.index).collect::<Vec<_>>()
    );
}

/// `--in-flight 1`: nothing is sent before the previous answer, so a failure is followed by
/// the same notification, and nothing is ever pipelined.
#[test]
fn in_flight_1_sends_one_at_a_time() {
    let hub = hub(100);
    let recv = Receiver::start(|n, _| {
        if n == 3 {
            Answer::Status(503)
        } else {
            Answer::Ok
        }
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", things(), json!({}));
    let out = forward(home.path(), &inst, &hub.url, &recv.url, "1", &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let order: Vec<usize> = recv.log().iter().map(|s| s.index).collect();
    assert_eq!(order, vec![0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9]);
    assert_eq!(recv.pipelined.load(Ordering::SeqCst), 0);
}

/// Pipelined requests carry the same signature headers as one-at-a-time ones: the
/// `Elements-Webhook-Signature` over each body, and the URL's user info as Basic
/// authentication, never on the request line.
#[test]
fn pipelined_requests_are_signed_and_authenticated() {
    use base64::Engine as _;
    use hmac::{KeyInit, Mac};
    let hub = hub(50);
    let recv = Receiver::start(|_, _| Answer::Ok);
    let home = tempfile::tempdir().unwrap();
    let inst = instance(
        home.path(),
        "i.json",
        things(),
        json!({ "event.notification.signature.key": "MySecretEventSignatureKey" }),
    );
    let url = recv.url.replace("http://", "http://user:p%40ss@");
    let out = pollctl(home.path())
        .args([
            "poll",
            "--once",
            "--base-url",
            &hub.url,
            "--forward-to",
            &url,
        ])
        .args(["--in-flight", "4"])
        .arg(&inst)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = recv.log();
    assert_eq!(log.len(), 5);
    for s in &log {
        let h = |k: &str| {
            s.headers
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let mut m =
            hmac::Hmac::<sha2::Sha256>::new_from_slice(b"MySecretEventSignatureKey").unwrap();
        m.update(&s.body);
        let expected = format!(
            "sha256={}",
            base64::engine::general_purpose::STANDARD.encode(m.finalize().into_bytes())
        );
        assert_eq!(h("elements-webhook-signature"), expected);
        assert_eq!(h("content-type"), "application/json");
        let v: Value = serde_json::from_slice(&s.body).unwrap();
        assert_eq!(
            h("elements-webhook-id"),
            v["message"]["eventId"].as_str().unwrap()
        );
        assert_eq!(
            h("authorization"),
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode("user:p@ss")
            )
        );
    }
}

/// A receiver that answers one request per connection (`Connection: close`, as HTTP/1.0
/// servers do) reads nothing written behind it: each notification arrives once, in order,
/// and after the first connection pollctl stops writing a window it will not read.
#[test]
fn a_receiver_that_closes_after_each_answer_gets_each_notification_once() {
    let hub = hub(100);
    let recv = Receiver::start(|_, _| Answer::OkClose);
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", things(), json!({}));
    let out = forward(home.path(), &inst, &hub.url, &recv.url, "8", &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = recv.log();
    let order: Vec<usize> = log.iter().map(|s| s.index).collect();
    assert_eq!(order, (0..10).collect::<Vec<_>>());
    let conns: std::collections::HashSet<usize> = log.iter().map(|s| s.conn).collect();
    assert_eq!(conns.len(), 10, "one connection per notification");
    // Requests seen queued behind an unanswered one: only on the first connection.
    assert!(recv.pipelined.load(Ordering::SeqCst) <= 1);
    assert_eq!(state_files(home.path()).len(), 1);
}

/// An `https` receiver whose certificate the system trusts (here through `SSL_CERT_FILE`, a
/// self-signed certificate made with openssl): pipelined and one at a time, the TLS
/// connection is verified and every notification arrives, in order.
#[test]
fn https_receivers_are_verified_pipelined_or_not() {
    if !common::require_tool("openssl", "https_receivers_are_verified_pipelined_or_not") {
        return;
    }
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name);
    let (ca, cert, key) = (p("ca.pem"), p("cert.pem"), p("key.pem"));
    std::fs::write(
        p("leaf.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    let openssl = |args: &[&str]| {
        let out = std::process::Command::new("openssl")
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    // A certificate authority, and the receiver's certificate signed by it.
    openssl(
        &[
            &["req", "-x509"][..],
            &ec,
            &["-days", "2", "-subj", "/CN=pollctl test CA"],
            &["-keyout", "ca.key", "-out", "ca.pem"],
        ]
        .concat(),
    );
    openssl(
        &[
            &["req"][..],
            &ec,
            &[
                "-subj",
                "/CN=localhost",
                "-keyout",
                "key.pem",
                "-out",
                "leaf.csr",
            ],
        ]
        .concat(),
    );
    openssl(&[
        "x509",
        "-req",
        "-in",
        "leaf.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "leaf.ext",
        "-out",
        "cert.pem",
    ]);
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![CertificateDer::from_pem_file(&cert).unwrap()],
        PrivateKeyDer::from_pem_file(&key).unwrap(),
    )
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let hub = hub(100);
    for in_flight in ["1", "4"] {
        let recv = Receiver::start_with(Some(acceptor.clone()), Duration::ZERO, |_, _| Answer::Ok);
        let home = tempfile::tempdir().unwrap();
        let inst = instance(home.path(), "i.json", things(), json!({}));
        let run = |cert_file: &std::path::Path| {
            pollctl(home.path())
                .args(["poll", "--once", "--base-url", &hub.url])
                .args(["--forward-to", &recv.url, "--in-flight", in_flight])
                .args(["--max-retries", "0"])
                .env("SSL_CERT_FILE", cert_file)
                .arg(&inst)
                .output()
                .unwrap()
        };
        // Not trusted: the delivery fails (exit 5), nothing reaches the receiver.
        let out = run(&dir.path().join("none.pem"));
        assert_eq!(
            out.status.code(),
            Some(5),
            "in-flight {in_flight}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(recv.log().is_empty());
        let out = run(&ca);
        assert_eq!(
            out.status.code(),
            Some(0),
            "in-flight {in_flight}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let order: Vec<usize> = recv.log().iter().map(|s| s.index).collect();
        assert_eq!(order, (0..10).collect::<Vec<_>>(), "in-flight {in_flight}");
    }
}

/// A receiver that refuses more than 3 events at once (413): each notification is split in
/// halves, in order, and the ones behind it go again after its halves; every event arrives,
/// the last accepted copies in order.
#[test]
fn too_large_notifications_are_split_in_order_while_pipelined() {
    let hub = hub(100);
    let recv = Receiver::start(|_, body| {
        if body["message"]["events"].as_array().map_or(0, Vec::len) > 3 {
            Answer::Status(413)
        } else {
            Answer::Ok
        }
    });
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", things(), json!({}));
    let out = forward(home.path(), &inst, &hub.url, &recv.url, "4", &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every accepted copy's records; the last copy of each record in order, none missing.
    let mut last: std::collections::HashMap<String, usize> = Default::default();
    let mut n = 0;
    for s in recv.log().iter().filter(|s| s.answer == Answer::Ok) {
        let v: Value = serde_json::from_slice(&s.body).unwrap();
        for e in v["message"]["events"].as_array().unwrap() {
            last.insert(e["objectId"].as_str().unwrap().to_string(), n);
            n += 1;
        }
    }
    let mut ids: Vec<(usize, String)> = last.into_iter().map(|(k, v)| (v, k)).collect();
    ids.sort();
    let ids: Vec<String> = ids.into_iter().map(|(_, k)| k).collect();
    let expected: Vec<String> = (0..100).map(|i| format!("r{i:03}")).collect();
    assert_eq!(ids, expected);
    assert_eq!(state_files(home.path()).len(), 1);
}

/// With `HTTP_PROXY` set, notifications go through the proxy, one at a time (pipelining
/// would go straight to the receiver, around the proxy), and pollctl says so. Here the
/// "receiver" cannot be resolved: only the proxy can deliver.
#[test]
fn a_proxy_in_the_environment_is_used_one_at_a_time() {
    let hub = hub(30);
    let proxy = Receiver::start(|_, _| Answer::Ok);
    let proxy_url = proxy.url.trim_end_matches("/hook").to_string();
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", things(), json!({}));
    let out = pollctl(home.path())
        .args(["poll", "--once", "--base-url", &hub.url])
        .args([
            "--forward-to",
            "http://receiver.invalid/hook",
            "--in-flight",
            "8",
        ])
        .env("HTTP_PROXY", &proxy_url)
        .env("NO_PROXY", "127.0.0.1")
        .arg(&inst)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("proxy"), "{stderr}");
    let order: Vec<usize> = proxy.log().iter().map(|s| s.index).collect();
    assert_eq!(order, vec![0, 1, 2]);
    assert_eq!(proxy.pipelined.load(Ordering::SeqCst), 0);
}

/// `NO_PROXY` naming the receiver: its notifications go on pollctl's own connection,
/// pipelined as asked, straight to it; the proxy sees none, and nothing says "one at a time".
#[test]
fn no_proxy_naming_the_receiver_keeps_pollctls_own_connection() {
    let hub = hub(30);
    let proxy = Receiver::start(|_, _| Answer::Ok);
    let proxy_url = proxy.url.trim_end_matches("/hook").to_string();
    let recv = Receiver::start(|_, _| Answer::Ok);
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", things(), json!({}));
    // (`*` is not among them: the HTTP client's rules match it against host names only, so
    // it would not exclude 127.0.0.1 — for the hub's GETs either.)
    for no_proxy in ["127.0.0.1", "localhost, 127.0.0.0/8", ".example,127.0.0.1"] {
        let out = pollctl(home.path())
            .args([
                "poll",
                "--once",
                "--reset",
                "--from-start",
                "--base-url",
                &hub.url,
            ])
            .args(["--forward-to", &recv.url, "--in-flight", "8"])
            .env("HTTP_PROXY", &proxy_url)
            .env("no_proxy", no_proxy)
            .arg(&inst)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{no_proxy}: {stderr}");
        assert!(!stderr.contains("one at a time"), "{no_proxy}: {stderr}");
    }
    assert!(proxy.log().is_empty(), "the proxy carried some");
    let order: Vec<usize> = recv.log().iter().map(|s| s.index).collect();
    assert_eq!(order, [0, 1, 2].repeat(3));
    // NO_PROXY naming the hub only (127.0.0.1), the receiver named `localhost`: the proxy
    // carries the notifications, one at a time, and pollctl says so.
    let by_name = recv.url.replace("127.0.0.1", "localhost");
    let out = pollctl(home.path())
        .args(["poll", "--once", "--reset", "--from-start"])
        .args([
            "--base-url",
            &hub.url,
            "--forward-to",
            &by_name,
            "--in-flight",
            "8",
        ])
        .env("HTTP_PROXY", &proxy_url)
        .env("NO_PROXY", "127.0.0.1")
        .arg(&inst)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("one at a time"), "{stderr}");
    let order: Vec<usize> = proxy.log().iter().map(|s| s.index).collect();
    assert_eq!(order, [0, 1, 2]);
    assert_eq!(
        recv.log().len(),
        9,
        "the receiver got nothing more directly"
    );
}

/// Loop mode: between cycles the receiver closes the idle connection (its keep-alive timeout,
/// shorter than the interval). The next cycle's notifications go on a new connection without
/// counting as a failure (`--max-retries 0`), and nothing is lost.
#[test]
fn an_idle_connection_closed_by_the_receiver_is_replaced_between_cycles() {
    // Each hub request lists 10 new records.
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let hub = Server::start(move |_, _| {
        let k = c.fetch_add(1, Ordering::SeqCst);
        let recs: Vec<Value> = (k * 10..k * 10 + 10)
            .map(|i| json!({"id": format!("r{i:03}")}))
            .collect();
        Resp::json(&Value::Array(recs))
    });
    let recv = Receiver::start(|_, _| Answer::Ok);
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", things(), json!({}));
    let mut cmd = common::pollctl_std(home.path());
    for var in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"] {
        cmd.env_remove(var).env_remove(var.to_ascii_lowercase());
    }
    let child = cmd
        .args(["poll", "--base-url", &hub.url, "--forward-to", &recv.url])
        .args(["--in-flight", "4", "--max-retries", "0", "--interval", "1s"])
        .arg(&inst)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let connections = |log: &[Seen]| {
        log.iter()
            .map(|s| s.conn)
            .collect::<std::collections::HashSet<usize>>()
            .len()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while connections(&recv.log()) < 3 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let mut child = child;
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let log = recv.log();
    assert!(log.len() >= 3, "{} notifications: {stderr}", log.len());
    let seen: Vec<(usize, usize)> = log.iter().map(|s| (s.conn, s.index)).collect();
    assert!(
        connections(&log) >= 3,
        "a new connection once the idle one was closed: {seen:?} {stderr}"
    );
    assert!(
        !stderr.contains("delivery") && !stderr.contains("retry"),
        "{stderr}"
    );
    let order: Vec<usize> = log.iter().map(|s| s.index).collect();
    assert_eq!(order, (0..log.len()).collect::<Vec<_>>());
}

/// A receiver that answers before it has read a whole notification (a 10 MB one here, more
/// than the socket buffers hold): the rest of the body is still written before the
/// connection carries the next notification (which was read as the rest of the body, and
/// the delivery timed out).
#[test]
fn an_answer_before_the_whole_body_was_sent_still_gets_the_rest() {
    let blob = "x".repeat(1 << 20);
    let hub = Server::start(move |req, _| {
        let page: usize = req.q("nextPage").and_then(|p| p.parse().ok()).unwrap_or(0);
        let recs: Vec<Value> = (page * 10..page * 10 + 10)
            .map(|i| json!({"id": format!("r{i:03}"), "blob": blob}))
            .collect();
        let r = Resp::json(&Value::Array(recs));
        if page < 2 {
            r.header("elements-next-page-token", &(page + 1).to_string())
        } else {
            r
        }
    });
    let recv = Receiver::start_with(None, EARLY, |_, _| Answer::Ok);
    let home = tempfile::tempdir().unwrap();
    let mut resources = things();
    resources["things"]["pageSize"] = json!(10);
    let inst = instance(home.path(), "i.json", resources, json!({}));
    let out = forward(
        home.path(),
        &inst,
        &hub.url,
        &recv.url,
        "4",
        &["--max-retries", "0", "--timeout", "5s"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // The receiver answered first and reads the last body after pollctl is done. (How many
    // events a notification carries depends on how the cycle hands them over: what counts is
    // every record, once, in order.)
    let ids = || -> Vec<String> {
        recv.log()
            .iter()
            .flat_map(|s| {
                let v: Value = serde_json::from_slice(&s.body).unwrap();
                v["message"]["events"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["objectId"].as_str().unwrap().to_string())
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while ids().len() < 30 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let expected: Vec<String> = (0..30).map(|i| format!("r{i:03}")).collect();
    assert_eq!(ids(), expected, "{stderr}");
}

/// `--in-flight 0` is a usage error (exit 2) naming the flag.
#[test]
fn in_flight_0_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let inst = instance(home.path(), "i.json", things(), json!({}));
    let out = pollctl(home.path())
        .args(["poll", "--once", "--forward-to", "http://127.0.0.1:9/x"])
        .args(["--in-flight", "0"])
        .arg(&inst)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--in-flight"));
}
