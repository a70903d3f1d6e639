//! Where poll state lives, behind one interface the runner and the cycle use:
//!
//! - [`Backend::Files`] (the default): a state file per instance and resource, guarded by a
//!   lock file (`state.rs`, `setaside.rs`) — a held lock is an error, as it always was;
//! - [`Backend::Postgres`]: tables in a PostgreSQL database, guarded by leases with a fenced
//!   commit (`pg.rs`) — a resource leased by another worker is skipped this time.
//!
//! Every job goes through the same three steps: [`take`] (lock or lease, then load),
//! [`commit`] (watermark + ledger + set-aside records, atomically), [`release`]. The backend is
//! an enum rather than a trait object because both operations are `async` and the set of
//! backends is closed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::PollError;
use super::cycle::Job;
use super::pg::{Acquired, PgLease, PgState};
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

/// The state files' place in messages about a PostgreSQL row.
fn row_name(pg: &PgState, instance: &str, key: &str) -> PathBuf {
    PathBuf::from(format!("{} {instance}/{key}", pg.url().redacted()))
}

/// Make `job` ready to run a cycle: take the lock (files) or the lease (PostgreSQL) unless
/// held, and load its state (empty with `--reset`, the first time only).
pub async fn take(job: &mut Job, backend: &Backend, dry_run: bool) -> Result<Taken, PollError> {
    if !matches!(job.holding, Holding::Nothing) {
        return Ok(Taken::Ready);
    }
    let state_name: PathBuf;
    let mut state = match backend {
        Backend::Files => {
            if dry_run {
                job.holding = Holding::ReadOnly;
            } else {
                let g = job.paths.lock(&job.instance_id, &job.resource.name)?;
                job.holding = Holding::File(g);
            }
            state_name = job.paths.file.clone();
            if job.reset {
                ResourceState::default()
            } else {
                ResourceState::load(&job.paths.file)?
            }
        }
        Backend::Postgres(pg) => {
            if dry_run {
                job.holding = Holding::ReadOnly;
            } else {
                match pg.acquire(&job.instance_id, &job.key).await? {
                    Acquired::Busy { owner } => return Ok(Taken::Busy(owner)),
                    Acquired::Held => {
                        job.holding =
                            Holding::Lease(PgLease::start(pg.clone(), &job.instance_id, &job.key));
                    }
                }
            }
            state_name = row_name(pg, &job.instance_id, &job.key);
            if job.reset {
                ResourceState::default()
            } else {
                pg.load(&job.instance_id, &job.key).await?
            }
        }
    };
    job.reset = false;
    if let Some(owner) = &job.owner {
        state.claim(
            owner,
            job.owner_file.as_deref(),
            &state_name,
            &job.instance_id,
        )?;
    }
    job.state = state;
    Ok(Taken::Ready)
}

/// Commit a cycle: the set-aside records are kept and the state replaced, atomically for the
/// database (one fenced transaction), set-aside first for files (fsync'd before the watermark
/// moves past them).
pub async fn commit(
    job: &Job,
    next: &ResourceState,
    set_aside: &[setaside::Entry],
    set_aside_file: &Path,
) -> Result<(), PollError> {
    match &job.holding {
        Holding::Lease(lease) => {
            lease
                .state
                .commit(
                    &job.instance_id,
                    &job.key,
                    &job.resource.name,
                    next,
                    set_aside,
                )
                .await
        }
        _ => {
            setaside::append(set_aside_file, set_aside)?;
            next.save(
                &job.paths.file,
                &job.instance_id,
                &job.resource.name,
                &job.key,
            )
        }
    }
}

/// Give up what `job` holds (the lease goes back at once; the lock file is unlocked).
pub async fn release(job: &mut Job) -> Result<(), PollError> {
    match std::mem::take(&mut job.holding) {
        Holding::Lease(lease) => lease.release().await,
        _ => Ok(()),
    }
}

/// Forget a lease that the database says is no longer ours (its next cycle takes it again
/// and reloads the state another worker may have moved).
pub fn lost(job: &mut Job) {
    if matches!(job.holding, Holding::Lease(_)) {
        job.holding = Holding::Nothing;
    }
}
