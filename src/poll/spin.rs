//! A TCP stream whose reads wait for an answer by polling the socket for a short while before
//! going to sleep (docs/delivery.md, "Forwarding"): a notification is sent one at a time, and
//! the receiver's answer often comes back within tens of microseconds. Sleeping in the event
//! loop and being woken by the kernel costs about as much again on an idle machine (the core
//! halts), and that wake-up was the largest part of each exchange.
//!
//! The spin is adaptive: a read that spun in vain [`MISSES`] times in a row (a distant
//! receiver) stops spinning for the next [`REST`] reads, then tries again. A spin never lasts
//! more than [`SPIN`]. And it happens only while no other connection of the same sink
//! ([`Readers`]) waits for an answer: with several resources forwarding at once, the event
//! loop overlaps their waits, which a spin would hold up (1,000 instances forwarding with
//! `--concurrency 32`: 1.21–1.46 s without spinning, 1.45–1.73 s spinning every read). Everything else is tokio's own stream: the spin reads through a second
//! handle on the same socket (`try_clone`), because tokio's own reads do not look at the
//! socket until its event loop has seen it ready.

use std::io::{self, Read};
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// The longest a read polls the socket before it sleeps.
pub const SPIN: Duration = Duration::from_micros(100);
/// Reads that found nothing while spinning, in a row, before the spinning rests.
pub const MISSES: u32 = 8;
/// Reads without spinning once it rests.
pub const REST: u32 = 256;

/// The reads in progress on the connections of one sink: a read spins only when it is the
/// only one.
#[derive(Clone, Default)]
pub struct Readers(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl Readers {
    fn count(&self) -> usize {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// A non-blocking TCP stream read by spinning, then through the event loop.
pub struct SpinTcp {
    tcp: tokio::net::TcpStream,
    /// The same socket (non-blocking, as tokio set it), read directly while spinning.
    direct: std::net::TcpStream,
    misses: u32,
    resting: u32,
    /// The current read spun in vain and waits through the event loop.
    waiting: bool,
    /// Counted in `readers` (a read is in progress).
    reading: bool,
    readers: Readers,
    /// Reads that got their bytes while spinning (for tests and figures).
    pub hits: u64,
}

impl SpinTcp {
    /// Take over a connected tokio stream; its reads are counted in `readers`.
    pub fn new(tcp: tokio::net::TcpStream, readers: Readers) -> io::Result<SpinTcp> {
        let std = tcp.into_std()?;
        let direct = std.try_clone()?;
        let tcp = tokio::net::TcpStream::from_std(std)?;
        // Shared by both handles (one open socket); tokio set it already.
        direct.set_nonblocking(true)?;
        Ok(SpinTcp {
            tcp,
            direct,
            misses: 0,
            resting: 0,
            waiting: false,
            reading: false,
            readers,
            hits: 0,
        })
    }

    /// A read begins (counted once however many times it is polled).
    fn begin_read(&mut self) {
        if !self.reading {
            self.reading = true;
            self.readers
                .0
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// The read ended (bytes, end of stream or an error).
    fn end_read(&mut self) {
        self.waiting = false;
        if self.reading {
            self.reading = false;
            self.readers
                .0
                .fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// One read straight from the socket.
    fn read_now(&self, buf: &mut ReadBuf<'_>) -> io::Result<()> {
        let n = (&self.direct).read(buf.initialize_unfilled())?;
        buf.advance(n);
        Ok(())
    }

    /// Poll the socket for up to [`SPIN`]: `Some` when the read ended (bytes, end of stream or
    /// an error), `None` when nothing came.
    fn spin(&mut self, buf: &mut ReadBuf<'_>) -> Option<io::Result<()>> {
        if self.resting > 0 {
            self.resting -= 1;
            return None;
        }
        let start = Instant::now();
        loop {
            match self.read_now(buf) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                done => {
                    self.misses = 0;
                    self.hits += 1;
                    return Some(done);
                }
            }
            if start.elapsed() >= SPIN {
                self.misses += 1;
                if self.misses >= MISSES {
                    self.misses = 0;
                    self.resting = REST;
                }
                return None;
            }
            std::hint::spin_loop();
        }
    }
}

impl AsyncRead for SpinTcp {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        this.begin_read();
        // Spin only when no other read of the sink waits: the event loop overlaps theirs.
        if !this.waiting
            && this.readers.count() == 1
            && let Some(done) = this.spin(buf)
        {
            this.end_read();
            return Poll::Ready(done);
        }
        // Spun in vain (or not at all): this read waits through the event loop (and is not
        // spun again when it is woken).
        this.waiting = true;
        loop {
            if let Err(e) = ready!(this.tcp.poll_read_ready(cx)) {
                this.end_read();
                return Poll::Ready(Err(e));
            }
            // Ready as the event loop last saw it (the direct reads do not tell it): a read
            // that would block clears that, and the next poll waits for real.
            match this.tcp.try_read(buf.initialize_unfilled()) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                read => {
                    this.end_read();
                    return Poll::Ready(read.map(|n| buf.advance(n)));
                }
            }
        }
    }
}

impl Drop for SpinTcp {
    fn drop(&mut self) {
        self.end_read();
    }
}

impl AsyncWrite for SpinTcp {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().tcp).poll_write(cx, data)
    }

    // Vectored writes go to the socket as one `writev`: TLS writes its records this way (the
    // trait's default would send only the first slice per call, a system call per record).
    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().tcp).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.tcp.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().tcp).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().tcp).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A vectored write (how TLS hands over its records) goes out whole in one call, as on
    /// tokio's own stream: the trait's default wrote only the first slice.
    #[tokio::test]
    async fn vectored_writes_go_out_in_one_call() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            let mut got = Vec::new();
            s.read_to_end(&mut got).unwrap();
            got
        });
        let mut c = SpinTcp::new(
            tokio::net::TcpStream::connect(addr).await.unwrap(),
            Readers::default(),
        )
        .unwrap();
        assert!(c.is_write_vectored());
        let slices = [
            io::IoSlice::new(b"first "),
            io::IoSlice::new(b"second "),
            io::IoSlice::new(b"third"),
        ];
        assert_eq!(c.write_vectored(&slices).await.unwrap(), 18);
        c.shutdown().await.unwrap();
        drop(c);
        assert_eq!(server.join().unwrap(), b"first second third");
    }

    /// Bytes go both ways; an answer that comes at once is read while spinning, one that
    /// comes late through the event loop, and a receiver that is always late makes the
    /// spinning rest.
    #[tokio::test]
    async fn reads_spin_then_sleep_and_rest_when_answers_are_slow() {
        // The echoing peer on its own thread.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            s.set_nodelay(true).unwrap();
            let mut b = [0u8; 1];
            // Echo each byte; `z` 50 ms late (far past a spin).
            while s.read_exact(&mut b).is_ok() {
                if b[0] == b'z' {
                    std::thread::sleep(Duration::from_millis(50));
                }
                s.write_all(&b).unwrap();
            }
        });
        let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
        tcp.set_nodelay(true).unwrap();
        let mut c = SpinTcp::new(tcp, Readers::default()).unwrap();
        let mut b = [0u8; 1];
        // An answer already there when the read starts is read while spinning, without the
        // event loop (waited for here, so that a loaded machine cannot make it late).
        for _ in 0..20 {
            c.write_all(b"a").await.unwrap();
            let waited = std::time::Instant::now();
            while c.direct.peek(&mut b).is_err() {
                assert!(waited.elapsed() < Duration::from_secs(10), "no echo");
                std::thread::sleep(Duration::from_millis(1));
            }
            c.read_exact(&mut b).await.unwrap();
            assert_eq!(&b, b"a");
        }
        assert_eq!(c.hits, 20, "answers already there read while spinning");
        let hits = c.hits;
        for _ in 0..MISSES {
            c.write_all(b"z").await.unwrap();
            c.read_exact(&mut b).await.unwrap();
            assert_eq!(&b, b"z");
        }
        assert_eq!(
            c.hits, hits,
            "a late answer was counted as read while spinning"
        );
        assert_eq!(
            c.resting, REST,
            "late answers did not make the spinning rest"
        );
        c.write_all(b"a").await.unwrap();
        c.read_exact(&mut b).await.unwrap();
        assert_eq!(
            (c.hits, c.resting),
            (hits, REST - 1),
            "resting, the read did not spin"
        );
        c.shutdown().await.unwrap();
        assert_eq!(c.read(&mut b).await.unwrap(), 0);
        server.join().unwrap();
    }

    /// An echoing peer on its own thread; `z` is answered `late` later.
    fn echo_peer(late: Duration) -> std::net::SocketAddr {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            s.set_nodelay(true).unwrap();
            let mut b = [0u8; 1];
            while s.read_exact(&mut b).is_ok() {
                if b[0] == b'z' {
                    std::thread::sleep(late);
                }
                if s.write_all(&b).is_err() {
                    break;
                }
            }
        });
        addr
    }

    /// Wait until `c` has bytes to read (so that a read finds its answer already there).
    fn answered(c: &SpinTcp) {
        let waited = std::time::Instant::now();
        let mut b = [0u8; 1];
        while c.direct.peek(&mut b).is_err() {
            assert!(waited.elapsed() < Duration::from_secs(10), "no echo");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// With another read of the same sink waiting, a read does not spin (the event loop
    /// overlaps the waits); alone again, it does; a read dropped with its connection is no
    /// longer counted.
    #[tokio::test]
    async fn a_read_spins_only_when_no_other_read_of_the_sink_waits() {
        let readers = Readers::default();
        let connect = |addr| async move {
            let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
            tcp.set_nodelay(true).unwrap();
            tcp
        };
        let mut a = SpinTcp::new(
            connect(echo_peer(Duration::from_millis(300))).await,
            readers.clone(),
        )
        .unwrap();
        let mut b =
            SpinTcp::new(connect(echo_peer(Duration::ZERO)).await, readers.clone()).unwrap();
        let (mut ba, mut bb) = ([0u8; 1], [0u8; 1]);
        a.write_all(b"z").await.unwrap();
        let mut read_a = Box::pin(a.read_exact(&mut ba));
        assert!(
            tokio::time::timeout(Duration::from_millis(20), read_a.as_mut())
                .await
                .is_err()
        );
        assert_eq!(readers.count(), 1);
        b.write_all(b"a").await.unwrap();
        answered(&b);
        b.read_exact(&mut bb).await.unwrap();
        assert_eq!(b.hits, 0, "spun while another read waited");
        read_a.await.unwrap();
        assert_eq!(&ba, b"z");
        assert_eq!(readers.count(), 0);
        b.write_all(b"a").await.unwrap();
        answered(&b);
        b.read_exact(&mut bb).await.unwrap();
        assert_eq!(b.hits, 1, "alone, the read spins");
        a.write_all(b"z").await.unwrap();
        let pending = tokio::time::timeout(Duration::from_millis(20), a.read_exact(&mut ba)).await;
        assert!(pending.is_err());
        assert_eq!(
            readers.count(),
            1,
            "the dropped read's connection still counts it"
        );
        drop(a);
        assert_eq!(readers.count(), 0, "the connection went: not counted");
    }
}
