//! A job's hold on its state, taken before a cycle and given back at the end: the file
//! backend's lock or a PostgreSQL lease (see [`super::backend`]). Above the cycle (it works on
//! [`Job`]); the cycle itself only commits through [`super::backend::commit`].

use std::path::PathBuf;

use super::PollError;
use super::backend::{Backend, Holding, Taken};
use super::cycle::Job;
use super::pg::{Acquired, PgLease, PgState};
use super::state::ResourceState;

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
