//! The async runtime, cancellation and signals — one of each:
//!
//! - [`block_on`]: the one tokio runtime builder (current-thread or a small multi-thread pool);
//! - [`Cancel`] (in `poll/cancel.rs`, the bottom of the poll engine): the token every task of
//!   a run shares;
//! - [`Signals`] / [`cancel_on_signals`]: the one place that listens for SIGINT/SIGTERM;
//! - [`exit_now`]: ending the process at once (a second Ctrl-C, Ctrl-C in a hidden prompt)
//!   goes through the hook `main.rs` installs, so only the binary calls `process::exit`.

use std::future::Future;
use std::sync::OnceLock;

use crate::ExitCode;
pub use crate::poll::cancel::Cancel;

/// Which runtime a command needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// One thread: the one-shot commands, and `poll` when forwarding (each notification waits
    /// for its answer; cross-thread wake-ups per POST cost more than they give, measured with
    /// benches/compare.sh).
    CurrentThread,
    /// Two threads, the calling one and one worker: servers (sandbox, demo) that serve while a
    /// client runs, and `poll` when printing (the next page is fetched and decoded on the
    /// worker while the calling thread processes the current one). One worker, not two: with
    /// two, the fetching task moved between them (1M records, 3 alternating runs: 1.36–1.57 s
    /// against 1.33–1.35 s with one).
    Workers,
}

/// Build the runtime and run `f` on it.
pub fn block_on<F: Future>(flavor: Flavor, f: F) -> Result<F::Output, crate::Error> {
    Ok(runtime(flavor)?.block_on(f))
}

/// The one runtime builder.
fn runtime(flavor: Flavor) -> Result<tokio::runtime::Runtime, crate::Error> {
    let mut builder = match flavor {
        Flavor::CurrentThread => tokio::runtime::Builder::new_current_thread(),
        Flavor::Workers => {
            one_malloc_arena();
            let mut b = tokio::runtime::Builder::new_multi_thread();
            b.worker_threads(1);
            b
        }
    };
    builder
        .enable_all()
        .build()
        .map_err(|e| crate::Error::io("starting the async runtime", e))
}

/// glibc gives each thread that allocates its own malloc arena and keeps the memory freed in
/// each: with `poll`'s fetching thread handing records to the processing one, that was 25–30
/// MB more peak RSS over a 200 MB page (80 → 50 MB with one arena, benches/compare.sh; the
/// 1M-record run 39 → 35 MB and no slower). One arena for the process.
fn one_malloc_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only changes an allocator setting (under the allocator's own lock);
    // no pointer is involved.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// Run `work` until it ends or `cancel` is forced (then [`crate::Error::Interrupted`]).
pub async fn or_forced<T>(
    cancel: &Cancel,
    work: impl Future<Output = Result<T, crate::Error>>,
) -> Result<T, crate::Error> {
    tokio::select! {
        r = work => r,
        () = cancel.forced() => Err(crate::Error::Interrupted),
    }
}

/// Cancel on the first SIGINT/SIGTERM (saying whether work in flight is abandoned), force on
/// the second. Must be called inside the runtime.
pub fn cancel_on_signals(cancel: Cancel) {
    tokio::spawn(async move {
        let Ok(mut signals) = Signals::install() else {
            return;
        };
        signals.wait().await;
        if cancel.in_flight() {
            tracing::warn!(
                "interrupted: abandoning the current cycle without committing (again to quit at once)"
            );
        } else {
            tracing::info!("interrupted between cycles: stopping");
        }
        cancel.cancel();
        signals.wait().await;
        cancel.force();
    });
}

/// SIGINT and SIGTERM handlers. Install them before announcing anything a user may act on
/// (the sandbox's URL), so a signal sent at once is never lost to the default action.
pub struct Signals {
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
}

impl Signals {
    /// Must be called inside the runtime.
    pub fn install() -> Result<Signals, crate::Error> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let int = signal(SignalKind::interrupt())
                .map_err(|e| crate::Error::io("installing the SIGINT handler", e))?;
            let term = signal(SignalKind::terminate())
                .map_err(|e| crate::Error::io("installing the SIGTERM handler", e))?;
            Ok(Signals { int, term })
        }
        #[cfg(not(unix))]
        {
            Ok(Signals {})
        }
    }

    pub async fn wait(&mut self) {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.int.recv() => {}
                _ = self.term.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// The hidden prompt turns terminal echo off while it reads; Ctrl-C there would kill the
/// process and leave the user's terminal without echo. From the first hidden prompt on, SIGINT
/// turns echo back on and exits 130. Registration is synchronous, so no Ctrl-C slips past it.
#[cfg(unix)]
pub fn restore_echo_on_interrupt() {
    use tokio::signal::unix::{SignalKind, signal};
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Ok(rt) = runtime(Flavor::CurrentThread) else {
            return;
        };
        let sig = {
            let _enter = rt.enter();
            signal(SignalKind::interrupt())
        };
        let Ok(mut sig) = sig else {
            return;
        };
        std::thread::spawn(move || {
            rt.block_on(async {
                if sig.recv().await.is_some() {
                    if let Ok(tty) = std::fs::File::open("/dev/tty") {
                        let _ = std::process::Command::new("stty")
                            .arg("echo")
                            .stdin(tty)
                            .status();
                    }
                    let _ = std::io::Write::write_all(&mut std::io::stderr(), b"\n");
                    exit_now(ExitCode::Interrupted);
                }
            });
        });
    });
}

#[cfg(not(unix))]
pub fn restore_echo_on_interrupt() {}

static EXIT_HOOK: OnceLock<fn(i32) -> !> = OnceLock::new();

/// Called once by `main.rs` with `std::process::exit`.
pub fn set_exit_hook(hook: fn(i32) -> !) {
    let _ = EXIT_HOOK.set(hook);
}

/// End the process now with `code` (through the binary's hook). Without a hook (library use,
/// tests) this returns, and the caller goes on as after a cancellation.
pub fn exit_now(code: ExitCode) {
    if let Some(hook) = EXIT_HOOK.get() {
        hook(code.code());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn force_ends_the_wait_and_busy_counts_work() {
        block_on(Flavor::CurrentThread, async {
            let c = Cancel::default();
            assert!(!c.in_flight());
            let g = c.busy();
            assert!(c.in_flight());
            drop(g);
            assert!(!c.in_flight());
            let c2 = c.clone();
            tokio::spawn(async move { c2.force() });
            let r: Result<(), _> = or_forced(&c, std::future::pending()).await;
            assert!(matches!(r, Err(crate::Error::Interrupted)));
            assert!(c.is_cancelled());
        })
        .unwrap();
    }
}
