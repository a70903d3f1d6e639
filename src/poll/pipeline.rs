//! Notifications pipelined on one HTTP/1.1 connection: up to `window` requests are written
//! before the first answer arrives, and answers are read in order (a server answers
//! pipelined requests in the order it received them, RFC 9112 §9.3). One connection carries
//! one resource's notifications at a time, so the receiver reads them in the order they were
//! written. This file is the wire only; what to send, retries and what happens to the
//! requests behind a failed one are decided in `sink` (docs/delivery.md, "Forwarding").
//! `hyper`'s HTTP/1 client sends a request only once the previous answer is in, so it cannot
//! do this; responses are parsed with `httparse` (hyper's own parser).

use std::io;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Buf, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadHalf, WriteHalf};
use tokio::time::Instant;

use super::cancel::Cancel;

/// A byte stream: plain TCP or TLS over TCP.
pub trait Io: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Io for T {}

/// The largest response head accepted.
const MAX_HEAD: usize = 64 * 1024;
/// Bytes of a response body kept (for the error message; the rest is read and dropped).
const KEEP_BODY: usize = 1024;

/// Where notifications to one URL go: the address, TLS, and the part of every request head
/// that never changes (request line, `host`, `user-agent`, `content-type`, and the
/// `authorization` of the URL's user info). Holds a secret: no `Debug`.
pub struct Target {
    host: String,
    port: u16,
    tls: Option<(
        tokio_rustls::TlsConnector,
        rustls::pki_types::ServerName<'static>,
    )>,
    head: Vec<u8>,
    /// The reads in progress on the connections of the sink this target belongs to (see
    /// `spin`).
    readers: super::spin::Readers,
}

impl Target {
    /// The target for an `http` or `https` URL; `tls` builds the TLS set-up (called for
    /// `https` only). Errors never quote the URL's user info.
    pub fn new(
        url: &url::Url,
        user_agent: &str,
        tls: impl FnOnce() -> Result<Arc<rustls::ClientConfig>, String>,
    ) -> Result<Target, String> {
        use base64::Engine as _;
        use percent_encoding::percent_decode_str;
        use url::Position;
        let host = match url.host() {
            Some(url::Host::Domain(d)) => d.to_string(),
            Some(url::Host::Ipv4(a)) => a.to_string(),
            Some(url::Host::Ipv6(a)) => a.to_string(),
            None => return Err("the URL has no host".into()),
        };
        let port = url
            .port_or_known_default()
            .ok_or("the URL has no port and its scheme no default one")?;
        let tls = match url.scheme() {
            "http" => None,
            "https" => {
                let name = rustls::pki_types::ServerName::try_from(host.clone())
                    .map_err(|e| format!("the host is not a TLS server name: {e}"))?;
                Some((tokio_rustls::TlsConnector::from(tls()?), name))
            }
            other => return Err(format!("scheme {other:?} is not http or https")),
        };
        let path = &url[Position::BeforePath..Position::AfterQuery];
        let path = if path.is_empty() { "/" } else { path };
        let authority = &url[Position::BeforeHost..Position::AfterPort];
        let mut head = Vec::with_capacity(256);
        head.extend_from_slice(b"POST ");
        head.extend_from_slice(path.as_bytes());
        head.extend_from_slice(b" HTTP/1.1\r\nhost: ");
        head.extend_from_slice(authority.as_bytes());
        head.extend_from_slice(b"\r\nuser-agent: ");
        head.extend_from_slice(user_agent.as_bytes());
        head.extend_from_slice(b"\r\ncontent-type: application/json\r\n");
        // User info in the URL is sent as Basic authentication (as the one-at-a-time client
        // does), never on the request line.
        if !url.username().is_empty() || url.password().is_some() {
            let user = percent_decode_str(url.username()).decode_utf8_lossy();
            let pass = url
                .password()
                .map(|p| percent_decode_str(p).decode_utf8_lossy())
                .unwrap_or_default();
            let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"));
            head.extend_from_slice(b"authorization: Basic ");
            head.extend_from_slice(token.as_bytes());
            head.extend_from_slice(b"\r\n");
        }
        Ok(Target {
            host,
            port,
            tls,
            head,
            readers: super::spin::Readers::default(),
        })
    }

    /// Count this target's reads with those of `readers` (the other routes of one sink): a
    /// read spins only while it is the only one (see `spin`).
    pub fn sharing(mut self, readers: &super::spin::Readers) -> Target {
        self.readers = readers.clone();
        self
    }

    /// The fixed part of the request head (ends with a header line's `\r\n`).
    pub fn head(&self) -> &[u8] {
        &self.head
    }

    /// Open a connection (TLS negotiated when the URL is `https`).
    pub async fn connect(&self) -> io::Result<Conn> {
        let tcp = tokio::net::TcpStream::connect((self.host.as_str(), self.port)).await?;
        tcp.set_nodelay(true)?;
        // Answers are awaited by polling the socket briefly before sleeping (see `spin`).
        let tcp = super::spin::SpinTcp::new(tcp, self.readers.clone())?;
        let io: Box<dyn Io> = match &self.tls {
            None => Box::new(tcp),
            Some((connector, name)) => Box::new(connector.connect(name.clone(), tcp).await?),
        };
        let (r, w) = tokio::io::split(io);
        Ok(Conn {
            r,
            w,
            rbuf: BytesMut::with_capacity(16 * 1024),
            out: Vec::new(),
            reused: false,
        })
    }
}

/// One open connection.
pub struct Conn {
    r: ReadHalf<Box<dyn Io>>,
    w: WriteHalf<Box<dyn Io>>,
    rbuf: BytesMut,
    /// The write buffer, kept for the next exchange.
    out: Vec<u8>,
    /// Came back from the pool (the server may have closed it while it was idle).
    pub reused: bool,
}

/// A response.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    /// The server closes the connection after it (`Connection: close`, HTTP/1.0).
    pub close: bool,
    pub retry_after: Option<String>,
    /// The first bytes of the body.
    pub body: Vec<u8>,
}

/// What [`exchange`]'s answer handler wants next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// Send nothing more; the answers to what was sent already are read (and dropped), so
    /// that the server is done with them before anything is sent again.
    Stop,
}

/// How an exchange ended.
#[derive(Debug)]
pub enum Ended {
    /// Every request written was answered and there is nothing more. `reusable`: the
    /// connection can carry more requests (a server may answer before it read a whole
    /// request: the rest is still written; if that fails, the connection is dropped).
    Finished {
        reusable: bool,
    },
    /// The handler said stop, and every request written was answered since (`reusable`:
    /// the connection is still open), or the connection ended while waiting.
    Stopped {
        reusable: bool,
    },
    /// The server closed the connection after its last answer (`Connection: close`);
    /// `answered` answers were read.
    ClosedByServer {
        answered: usize,
    },
    /// The connection failed (reset, end of stream, unreadable answer) after `answered`
    /// answers.
    Broken {
        answered: usize,
        error: io::Error,
    },
    /// No answer within the timeout.
    TimedOut {
        answered: usize,
    },
    Interrupted,
}

/// Write requests and read their answers on `conn`: `fill(out)` appends one more request to
/// `out` and says whether it did (false: nothing more to send); it is called while fewer than
/// `window` requests are unanswered. Each answer, in order, goes to `on_answer`. Each answer
/// must come within `timeout` of the previous one (or of the start).
pub async fn exchange(
    conn: &mut Conn,
    window: usize,
    timeout: Duration,
    cancel: &Cancel,
    mut fill: impl FnMut(&mut Vec<u8>) -> bool,
    mut on_answer: impl FnMut(Answer) -> Flow,
) -> Ended {
    enum Step {
        /// `Some(n)`: wrote n bytes; `None`: flushed.
        Wrote(io::Result<Option<usize>>),
        Read(io::Result<usize>),
        Timeout,
        Cancelled,
    }
    let Conn {
        r: rd,
        w: wr,
        rbuf,
        out,
        ..
    } = conn;
    out.clear();
    let mut off = 0;
    let mut need_flush = false;
    let mut write_error: Option<io::Error> = None;
    let (mut written, mut answered) = (0usize, 0usize);
    let mut more = true;
    let mut stopping = false;
    let mut parser = Parser::default();
    let mut deadline = Instant::now() + timeout;
    let window = window.max(1);
    loop {
        while more && written - answered < window {
            if off == out.len() {
                out.clear();
                off = 0;
            }
            if fill(out) {
                written += 1;
            } else {
                more = false;
            }
        }
        // Everything answered: done once the last bytes are out (or cannot go out).
        let all_answered = written == answered;
        if all_answered && write_error.is_some() {
            return done(stopping, false);
        }
        if all_answered && off == out.len() && !need_flush {
            return done(stopping, true);
        }
        let writing = write_error.is_none() && off < out.len();
        let flushing = write_error.is_none() && !writing && need_flush;
        let step = tokio::select! {
            biased;
            () = cancel.cancelled() => Step::Cancelled,
            r = async {
                if writing {
                    wr.write(&out[off..]).await.map(Some)
                } else {
                    wr.flush().await.map(|()| None)
                }
            }, if writing || flushing => Step::Wrote(r),
            r = rd.read_buf(rbuf) => Step::Read(r),
            () = tokio::time::sleep_until(deadline) => Step::Timeout,
        };
        match step {
            Step::Cancelled => return Ended::Interrupted,
            Step::Timeout if stopping || all_answered => return done(stopping, false),
            Step::Timeout => return Ended::TimedOut { answered },
            Step::Wrote(Ok(Some(0))) => write_error = Some(io::ErrorKind::WriteZero.into()),
            Step::Wrote(Ok(Some(n))) => {
                off += n;
                need_flush = true;
            }
            Step::Wrote(Ok(None)) => need_flush = false,
            // The server may have answered (and closed) before reading everything: the
            // answers already sent are still read; the failure shows as the read's.
            Step::Wrote(Err(e)) => write_error = Some(e),
            Step::Read(Err(_)) if stopping || all_answered => return done(stopping, false),
            Step::Read(Err(e)) => return Ended::Broken { answered, error: e },
            Step::Read(Ok(n)) => {
                let eof = n == 0;
                loop {
                    let got = if eof {
                        parser.at_eof(rbuf)
                    } else {
                        parser.step(rbuf)
                    };
                    match got {
                        Ok(Some(a)) => {
                            answered += 1;
                            deadline = Instant::now() + timeout;
                            let close = a.close;
                            if !stopping && on_answer(a) == Flow::Stop {
                                stopping = true;
                                more = false;
                            }
                            match (close, stopping) {
                                (true, true) => return Ended::Stopped { reusable: false },
                                (true, false) => return Ended::ClosedByServer { answered },
                                _ => {}
                            }
                        }
                        Ok(None) => break,
                        Err(_) if stopping => return Ended::Stopped { reusable: false },
                        Err(error) => return Ended::Broken { answered, error },
                    }
                }
                if eof && (stopping || written == answered) {
                    return done(stopping, false);
                }
                if eof {
                    let error = write_error.take().unwrap_or_else(|| {
                        io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "the receiver closed the connection before answering",
                        )
                    });
                    return Ended::Broken { answered, error };
                }
            }
        }
    }
}

/// How an exchange that has nothing more to wait for ends.
fn done(stopping: bool, reusable: bool) -> Ended {
    if stopping {
        Ended::Stopped { reusable }
    } else {
        Ended::Finished { reusable }
    }
}

/// Where the parser is in the current response.
#[derive(Debug, Default)]
enum Phase {
    #[default]
    Head,
    /// `Content-Length` bytes left.
    Length(u64),
    Chunked(Chunk),
    /// No length: the body ends with the connection.
    ToEof,
}

#[derive(Debug)]
enum Chunk {
    Size,
    Data(u64),
    DataEnd,
    Trailers,
}

/// An incremental HTTP/1.1 response parser (heads by `httparse`; bodies by length, chunked,
/// or to the end of the stream).
#[derive(Debug, Default)]
struct Parser {
    phase: Phase,
    answer: Option<Answer>,
}

fn invalid(message: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.into())
}

impl Parser {
    /// Consume what `buf` holds; `Some` when a whole response was read.
    fn step(&mut self, buf: &mut BytesMut) -> io::Result<Option<Answer>> {
        loop {
            match &mut self.phase {
                Phase::Head => {
                    let mut headers = [httparse::EMPTY_HEADER; 64];
                    let mut resp = httparse::Response::new(&mut headers);
                    let n = match resp.parse(buf) {
                        Ok(httparse::Status::Complete(n)) => n,
                        Ok(httparse::Status::Partial) if buf.len() > MAX_HEAD => {
                            return Err(invalid("the answer's head is larger than 64 KiB"));
                        }
                        Ok(httparse::Status::Partial) => return Ok(None),
                        Err(e) => return Err(invalid(format!("not an HTTP answer ({e})"))),
                    };
                    let status = resp.code.unwrap_or(0);
                    let http10 = resp.version == Some(0);
                    let (mut close, mut keep_alive, mut chunked) = (false, false, false);
                    let mut length: Option<u64> = None;
                    let mut retry_after = None;
                    for h in resp.headers.iter() {
                        let value = String::from_utf8_lossy(h.value);
                        if h.name.eq_ignore_ascii_case("connection") {
                            for token in value.split(',') {
                                close |= token.trim().eq_ignore_ascii_case("close");
                                keep_alive |= token.trim().eq_ignore_ascii_case("keep-alive");
                            }
                        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
                            chunked = value
                                .rsplit(',')
                                .next()
                                .is_some_and(|c| c.trim().eq_ignore_ascii_case("chunked"));
                        } else if h.name.eq_ignore_ascii_case("content-length") {
                            let n = value.trim().parse::<u64>().map_err(|_| {
                                invalid(format!("the answer's content-length {value:?}"))
                            })?;
                            if length.is_some_and(|m| m != n) {
                                return Err(invalid("the answer has two content-lengths"));
                            }
                            length = Some(n);
                        } else if h.name.eq_ignore_ascii_case("retry-after") {
                            retry_after = Some(value.into_owned());
                        }
                    }
                    buf.advance(n);
                    if (100..200).contains(&status) {
                        if status == 101 {
                            return Err(invalid("the receiver switched protocols (101)"));
                        }
                        // Informational (100 Continue): the real answer follows.
                        continue;
                    }
                    let no_body = status == 204 || status == 304;
                    self.phase = if no_body {
                        Phase::Length(0)
                    } else if chunked {
                        Phase::Chunked(Chunk::Size)
                    } else if let Some(n) = length {
                        Phase::Length(n)
                    } else {
                        close = true;
                        Phase::ToEof
                    };
                    self.answer = Some(Answer {
                        status,
                        close: close || (http10 && !keep_alive),
                        retry_after,
                        body: Vec::new(),
                    });
                }
                Phase::Length(left) => {
                    let take = (*left).min(buf.len() as u64) as usize;
                    *left -= take as u64;
                    let done = *left == 0;
                    self.keep(buf, take);
                    if !done {
                        return Ok(None);
                    }
                    self.phase = Phase::Head;
                    return Ok(self.answer.take());
                }
                Phase::ToEof => {
                    let n = buf.len();
                    self.keep(buf, n);
                    return Ok(None);
                }
                Phase::Chunked(chunk) => match chunk {
                    Chunk::Size | Chunk::Trailers => {
                        let Some(end) = memchr::memmem::find(buf, b"\r\n") else {
                            if buf.len() > MAX_HEAD {
                                return Err(invalid("a chunk line is longer than 64 KiB"));
                            }
                            return Ok(None);
                        };
                        let line = buf.split_to(end + 2);
                        let line = &line[..end];
                        if matches!(chunk, Chunk::Trailers) {
                            if line.is_empty() {
                                self.phase = Phase::Head;
                                return Ok(self.answer.take());
                            }
                            continue;
                        }
                        let hex = line
                            .split(|b| *b == b';')
                            .next()
                            .unwrap_or_default()
                            .trim_ascii();
                        let size = std::str::from_utf8(hex)
                            .ok()
                            .and_then(|h| u64::from_str_radix(h, 16).ok())
                            .ok_or_else(|| invalid("a chunk size is not hexadecimal"))?;
                        *chunk = if size == 0 {
                            Chunk::Trailers
                        } else {
                            Chunk::Data(size)
                        };
                    }
                    Chunk::Data(left) => {
                        let take = (*left).min(buf.len() as u64) as usize;
                        *left -= take as u64;
                        let done = *left == 0;
                        if done {
                            *chunk = Chunk::DataEnd;
                        }
                        self.keep(buf, take);
                        if !done {
                            return Ok(None);
                        }
                    }
                    Chunk::DataEnd => {
                        if buf.len() < 2 {
                            return Ok(None);
                        }
                        if &buf[..2] != b"\r\n" {
                            return Err(invalid("a chunk does not end with CRLF"));
                        }
                        buf.advance(2);
                        *chunk = Chunk::Size;
                    }
                },
            }
        }
    }

    /// The stream ended: a body read to the end is complete; anything else part-way is an
    /// error (the caller reports the end of the stream when nothing was pending).
    fn at_eof(&mut self, buf: &mut BytesMut) -> io::Result<Option<Answer>> {
        if let Some(a) = self.step(buf)? {
            return Ok(Some(a));
        }
        match self.phase {
            Phase::ToEof => {
                self.phase = Phase::Head;
                Ok(self.answer.take())
            }
            Phase::Head if buf.is_empty() => Ok(None),
            _ => Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the receiver closed the connection in the middle of an answer",
            )),
        }
    }

    /// Drop `n` body bytes from `buf`, keeping the first ones for messages.
    fn keep(&mut self, buf: &mut BytesMut, n: usize) {
        if let Some(a) = &mut self.answer {
            let room = KEEP_BODY.saturating_sub(a.body.len()).min(n);
            a.body.extend_from_slice(&buf[..room]);
        }
        buf.advance(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(bytes: &[u8], split: usize) -> io::Result<Vec<Answer>> {
        let mut p = Parser::default();
        let mut buf = BytesMut::new();
        let mut out = Vec::new();
        for piece in bytes.chunks(split.max(1)) {
            buf.extend_from_slice(piece);
            while let Some(a) = p.step(&mut buf)? {
                out.push(a);
            }
        }
        if let Some(a) = p.at_eof(&mut buf)? {
            out.push(a);
        }
        Ok(out)
    }

    /// Lengths, chunks (with extensions and trailers), 100 Continue, 204 and a body read to
    /// the end, in one stream, fed in pieces of every size.
    #[test]
    fn answers_in_a_row_whatever_the_pieces() {
        let stream = concat!(
            "HTTP/1.1 100 Continue\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
            "HTTP/1.1 503 Busy\r\nRetry-After: 7\r\nTransfer-Encoding: chunked\r\n\r\n",
            "3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: t\r\n\r\n",
            "HTTP/1.1 204 No Content\r\n\r\n",
            "HTTP/1.0 200 OK\r\n\r\nuntil the end"
        )
        .as_bytes();
        for split in [1, 2, 3, 7, 64, stream.len()] {
            let a = parse_all(stream, split).unwrap();
            let got: Vec<(u16, bool, &[u8])> = a
                .iter()
                .map(|a| (a.status, a.close, a.body.as_slice()))
                .collect();
            assert_eq!(
                got,
                vec![
                    (200, false, &b"hello"[..]),
                    (503, false, b"abcde"),
                    (204, false, b""),
                    (200, true, b"until the end"),
                ],
                "split {split}"
            );
            assert_eq!(a[1].retry_after.as_deref(), Some("7"));
        }
    }

    #[test]
    fn connection_close_and_http10_keep_alive() {
        let a = parse_all(
            b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
            100,
        )
        .unwrap();
        assert!(a[0].close);
        let a = parse_all(
            b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n",
            100,
        )
        .unwrap();
        assert!(!a[0].close);
    }

    #[test]
    fn broken_answers_are_errors_not_panics() {
        for bad in [
            &b"garbage\r\n\r\n"[..],
            b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab",
            b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
            b"HTTP/1.1 101 Switching\r\n\r\n",
        ] {
            assert!(
                parse_all(bad, 3).is_err(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
        let huge = format!("HTTP/1.1 200 OK\r\nX: {}", "a".repeat(MAX_HEAD + 10));
        assert!(parse_all(huge.as_bytes(), 4096).is_err());
    }

    #[test]
    fn only_the_first_body_bytes_are_kept() {
        let body = "b".repeat(10 * KEEP_BODY);
        let text = format!(
            "HTTP/1.1 500 Oops\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let a = parse_all(text.as_bytes(), 1000).unwrap();
        assert_eq!(a[0].body.len(), KEEP_BODY);
    }

    #[test]
    fn the_head_carries_basic_auth_from_user_info_and_the_path_and_query() {
        let url = url::Url::parse("http://al%20ice:s%3Acret@127.0.0.1:8080/hook?x=1#frag").unwrap();
        let t = Target::new(&url, "ua/1", || Err("no TLS".into())).unwrap();
        let head = String::from_utf8(t.head().to_vec()).unwrap();
        assert!(
            head.starts_with("POST /hook?x=1 HTTP/1.1\r\nhost: 127.0.0.1:8080\r\n"),
            "{head}"
        );
        // base64("al ice:s:cret")
        assert!(
            head.contains("authorization: Basic YWwgaWNlOnM6Y3JldA==\r\n"),
            "{head}"
        );
        assert!(!head.contains("frag"));
        let e = match Target::new(
            &url::Url::parse("https://u:p@example.com/").unwrap(),
            "ua",
            || Err("no TLS here".into()),
        ) {
            Err(e) => e,
            Ok(_) => panic!("TLS set-up errors are reported"),
        };
        assert_eq!(e, "no TLS here");
    }
}

/// The wire against a receiver that answers in pieces (the connection's reads poll the socket
/// before sleeping: `spin`), on both runtimes pollctl builds.
#[cfg(test)]
mod pieces {
    use super::*;
    use std::io::{Read as _, Write as _};

    /// A receiver on its own thread: reads `n` requests (head and `content-length` body) and
    /// answers each as `ok I` in 7-byte pieces, waiting `pause(i, piece)` µs before each; with
    /// `cut`, it closes the connection in the middle of answer `cut`. Returns the answers sent.
    fn receiver(
        n: usize,
        cut: Option<usize>,
        pause: fn(usize, usize) -> u64,
    ) -> (u16, std::thread::JoinHandle<usize>) {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let h = std::thread::spawn(move || {
            let (mut s, _) = l.accept().unwrap();
            s.set_nodelay(true).unwrap();
            let (mut buf, mut tmp) = (Vec::new(), [0u8; 65536]);
            for i in 0..n {
                loop {
                    if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buf[..end]).to_lowercase();
                        let len: usize = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .map_or(0, |v| v.trim().parse().unwrap());
                        if buf.len() >= end + 4 + len {
                            buf.drain(..end + 4 + len);
                            break;
                        }
                    }
                    match s.read(&mut tmp).unwrap() {
                        0 => return i,
                        k => buf.extend_from_slice(&tmp[..k]),
                    }
                }
                let body = format!("ok {i}");
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                );
                for (p, piece) in answer.as_bytes().chunks(7).enumerate() {
                    if cut == Some(i) && p == 2 {
                        return i;
                    }
                    std::thread::sleep(Duration::from_micros(pause(i, p)));
                    if s.write_all(piece).is_err() {
                        return i;
                    }
                }
            }
            n
        });
        (port, h)
    }

    /// `n` requests through `exchange` with `window` in flight: how it ended, and the bodies.
    async fn send(port: u16, n: usize, window: usize) -> (Ended, Vec<String>) {
        send_until(port, n, window, &Cancel::default()).await
    }

    async fn send_until(
        port: u16,
        n: usize,
        window: usize,
        cancel: &Cancel,
    ) -> (Ended, Vec<String>) {
        let url = url::Url::parse(&format!("http://127.0.0.1:{port}/hook")).unwrap();
        let t = Target::new(&url, "t", || Err("no TLS here".into())).unwrap();
        let mut conn = t.connect().await.unwrap();
        let (mut sent, mut got) = (0, Vec::new());
        let fill = |out: &mut Vec<u8>| {
            if sent == n {
                return false;
            }
            sent += 1;
            out.extend_from_slice(t.head());
            out.extend_from_slice(b"content-length: 5\r\n\r\nhello");
            true
        };
        let on_answer = |a: Answer| {
            got.push(String::from_utf8_lossy(&a.body).into_owned());
            Flow::Continue
        };
        let ended = exchange(
            &mut conn,
            window,
            Duration::from_secs(10),
            cancel,
            fill,
            on_answer,
        );
        (ended.await, got)
    }

    /// Answers slow (a millisecond before the first piece), then at once, then in pieces
    /// 100 µs apart; one at a time and 16 in flight: every answer is read, in order, and the
    /// connection stays usable. A receiver that closes in the middle of an answer breaks the
    /// exchange after the answers it completed.
    #[test]
    fn answers_in_pieces_slow_then_fast_on_both_runtimes() {
        fn pause(i: usize, piece: usize) -> u64 {
            match (i % 30, piece) {
                (0..5, 0) => 1000,
                (0..10, _) => 0,
                (_, p) if p % 2 == 0 => 100,
                _ => 0,
            }
        }
        let runtimes = [
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap(),
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap(),
        ];
        for rt in &runtimes {
            for window in [1, 16] {
                let (port, h) = receiver(60, None, pause);
                let (ended, got) = rt.block_on(send(port, 60, window));
                assert!(
                    matches!(ended, Ended::Finished { reusable: true }),
                    "{ended:?}"
                );
                let want: Vec<String> = (0..60).map(|i| format!("ok {i}")).collect();
                assert_eq!(got, want);
                assert_eq!(h.join().unwrap(), 60);
            }
            let (port, h) = receiver(10, Some(5), |_, _| 50);
            let (ended, got) = rt.block_on(send(port, 10, 16));
            assert!(
                matches!(ended, Ended::Broken { answered: 5, .. }),
                "{ended:?}"
            );
            assert_eq!(got.len(), 5);
            assert_eq!(h.join().unwrap(), 5);
        }
    }

    /// Cancelled (Ctrl-C) while waiting for an answer that does not come: the exchange ends
    /// as interrupted at once, on the runtime that forwards (one thread).
    #[test]
    fn cancel_while_waiting_for_an_answer_ends_at_once() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        // The receiver answers the first request, then sits on the second for 2 s.
        let (port, _receiver) = receiver(2, None, |i, _| if i == 1 { 2_000_000 } else { 0 });
        let cancel = Cancel::default();
        let later = cancel.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            later.cancel();
        });
        let t0 = std::time::Instant::now();
        let (ended, got) = rt.block_on(send_until(port, 2, 1, &cancel));
        assert!(matches!(ended, Ended::Interrupted), "{ended:?}");
        assert!(
            t0.elapsed() < Duration::from_millis(1500),
            "{:?}",
            t0.elapsed()
        );
        assert_eq!(got, ["ok 0"]);
    }
}
