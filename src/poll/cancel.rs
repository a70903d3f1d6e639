//! The cancellation token of a run: set on the first SIGINT/SIGTERM (see `src/runtime.rs`),
//! checked by every task. The bottom of the poll engine: it imports nothing of pollctl.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use tokio::sync::Notify;

/// A cancellation token shared by every task of a run (set on SIGINT/SIGTERM). A second
/// signal *forces* it: the command stops waiting for anything.
#[derive(Clone, Default)]
pub struct Cancel(Arc<CancelInner>);

#[derive(Default)]
struct CancelInner {
    flag: AtomicBool,
    forced: AtomicBool,
    busy: AtomicUsize,
    notify: Notify,
}

impl std::fmt::Debug for Cancel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Cancel({})", self.is_cancelled())
    }
}

/// Marks work in flight while alive (see [`Cancel::busy`]).
pub struct Busy(Arc<CancelInner>);

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.busy.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Cancel {
    pub fn cancel(&self) {
        self.0.flag.store(true, Ordering::SeqCst);
        self.0.notify.notify_waiters();
    }

    /// Cancel and stop waiting for work in flight.
    pub fn force(&self) {
        self.0.forced.store(true, Ordering::SeqCst);
        self.cancel();
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.flag.load(Ordering::SeqCst)
    }

    pub fn is_forced(&self) -> bool {
        self.0.forced.load(Ordering::SeqCst)
    }

    /// Work that a cancellation abandons is in flight while the guard lives (a poll cycle).
    pub fn busy(&self) -> Busy {
        self.0.busy.fetch_add(1, Ordering::SeqCst);
        Busy(self.0.clone())
    }

    /// Is any [`Cancel::busy`] guard alive?
    pub fn in_flight(&self) -> bool {
        self.0.busy.load(Ordering::SeqCst) > 0
    }

    /// Resolves once [`Cancel::cancel`] was called.
    pub async fn cancelled(&self) {
        self.wait_for(|c| c.is_cancelled()).await;
    }

    /// Resolves once [`Cancel::force`] was called.
    pub async fn forced(&self) {
        self.wait_for(|c| c.is_forced()).await;
    }

    async fn wait_for(&self, done: impl Fn(&Cancel) -> bool) {
        loop {
            let notified = self.0.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if done(self) {
                return;
            }
            notified.await;
        }
    }
}
