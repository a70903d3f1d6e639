//! Where poll state lives, behind one interface the runner and the cycle use:
//!
//! - [`Backend::Files`] (the default): a state file per instance and resource, guarded by a
//!   lock file (`state.rs`, `setaside.rs`) — a held lock is an error, as it always was;
//! - [`Backend::Postgres`]: tables in a PostgreSQL database, guarded by leases with a fenced
//!   commit (`pg.rs`) — a resource leased by another worker is skipped this time.
//!
//! Every job goes through the same three steps: `hold::take` (lock or lease, then load),
//! [`commit`] (watermark + ledger + set-aside records, atomically), `hold::release`. The backend is
//! an enum rather than a trait object because both operations are `async` and the set of
//! backends is closed.

use std::path::Path;
use std::sync::Arc;

use super::PollError;
use super::pg::{Commit, PgLease, PgState};
use super::setaside;
use super::state::ResourceState;
use crate::store::LockGuard;

/// The state backend of a run.
#[derive(Debug, Clone, Default)]
pub enum Backend {
    /// Files under `PollOptions::state_dir`.
    #[default]
    Files,
    /// A PostgreSQL database (connected and migrated).
    Postgres(Arc<PgState>),
}

/// What a job holds on its state.
#[derive(Debug, Default)]
pub enum Holding {
    /// Nothing yet (a lease not taken, or lost): take it before the next cycle.
    #[default]
    Nothing,
    /// A dry run reads the state and never writes it.
    ReadOnly,
    /// The file backend's lock file.
    File(LockGuard),
    /// A PostgreSQL lease, renewed in the background.
    Lease(PgLease),
}

/// What [`take`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Taken {
    /// The job may run a cycle.
    Ready,
    /// Another worker holds the resource's lease (owner, when known).
    Busy(Option<String>),
}

/// Commit a cycle: the set-aside records are kept and the state replaced, atomically for the
/// database (one fenced transaction), set-aside first for files (fsync'd before the watermark
/// moves past them).
/// Which state a commit writes: the instance, its resource, the state key (the resource name
/// with its placeholder values) and the state file (file backend).
pub struct StateRef<'a> {
    pub instance_id: &'a str,
    pub key: &'a str,
    pub resource: &'a str,
    pub file: &'a Path,
    /// The resource's polling period (PostgreSQL: its next due time is one period on).
    pub period: std::time::Duration,
}

pub async fn commit(
    holding: &Holding,
    at: &StateRef<'_>,
    next: &ResourceState,
    set_aside: &[setaside::Entry],
    set_aside_file: &Path,
    replayed_ids: &[i64],
) -> Result<(), PollError> {
    match holding {
        Holding::Lease(lease) => {
            lease
                .state
                .commit(&Commit {
                    instance: at.instance_id,
                    key: at.key,
                    resource: at.resource,
                    next,
                    set_aside,
                    replayed: replayed_ids,
                    replace_set_aside: false,
                    period: Some(at.period),
                })
                .await
        }
        _ => {
            setaside::append(set_aside_file, set_aside)?;
            next.save(at.file, at.instance_id, at.resource, at.key)
        }
    }
}
