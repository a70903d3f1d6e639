//! A job's hold on its state, taken before a cycle and given back at the end: the file
//! backend's lock or a PostgreSQL lease (see [`super::backend`]). Above the cycle (it works on
//! [`Job`]); the cycle itself only commits through [`super::backend::commit`].

use std::path::PathBuf;
use std::sync::Arc;

use super::PollError;
use super::backend::{Backend, Holding, Taken};
use super::cycle::Job;
use super::pg::{Acquired, Loaded, PgLease, PgState};
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
    let state = match backend {
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
                state_name = row_name(pg, &job.instance_id, &job.key);
                if job.reset {
                    ResourceState::default()
                } else {
                    pg.load(&job.instance_id, &job.key).await?
                }
            } else {
                if let Acquired::Busy { owner } = pg.acquire(&job.instance_id, &job.key).await? {
                    return Ok(Taken::Busy(owner));
                }
                let key = (job.instance_id.as_str(), job.key.as_str());
                let loaded = pg.load_many(&[key]).await?.into_values().next();
                return claimed(job, pg, loaded.unwrap_or_default()).map(|()| Taken::Ready);
            }
        }
    };
    settle(job, state, &state_name)
}

/// `job`'s lease was taken ([`PgState::claim`]) and its state loaded: hold it (renewed in the
/// background) and make the job ready to run a cycle.
pub fn claimed(job: &mut Job, pg: &Arc<PgState>, loaded: Loaded) -> Result<(), PollError> {
    let mut lease = PgLease::start(pg.clone(), &job.instance_id, &job.key);
    lease.queued = loaded.queued;
    job.holding = Holding::Lease(lease);
    let state = if job.reset {
        ResourceState::default()
    } else {
        loaded.state
    };
    let state_name = row_name(pg, &job.instance_id, &job.key);
    settle(job, state, &state_name).map(|_| ())
}

/// The state just taken becomes the job's (after checking whom it belongs to).
fn settle(
    job: &mut Job,
    mut state: ResourceState,
    state_name: &std::path::Path,
) -> Result<Taken, PollError> {
    job.reset = false;
    if let Some(owner) = &job.owner {
        state.claim(
            owner,
            job.owner_file.as_deref(),
            state_name,
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

/// Give up what `job` holds, the resource due again `after` from now (PostgreSQL: a failed
/// cycle is retried one period later, by whichever worker takes it then).
pub async fn release_due_in(job: &mut Job, after: std::time::Duration) -> Result<(), PollError> {
    match std::mem::take(&mut job.holding) {
        Holding::Lease(lease) => lease.release_due_in(after).await,
        _ => Ok(()),
    }
}

/// Give up what every job holds: the leases in one statement, the locks one by one.
pub async fn release_all(jobs: &mut [Job], backend: &Backend) -> Result<(), PollError> {
    let Backend::Postgres(pg) = backend else {
        for job in jobs {
            release(job).await?;
        }
        return Ok(());
    };
    let mut keys = Vec::new();
    for job in jobs.iter_mut() {
        // Dropping a lease stops its renewal.
        if let Holding::Lease(lease) = std::mem::take(&mut job.holding) {
            keys.push((lease.instance.clone(), lease.key.clone()));
        }
    }
    let keys: Vec<(&str, &str)> = keys.iter().map(|(i, k)| (i.as_str(), k.as_str())).collect();
    pg.release_many(&keys).await
}

/// Forget a lease that the database says is no longer ours (its next cycle takes it again
/// and reloads the state another worker may have moved).
pub fn lost(job: &mut Job) {
    if matches!(job.holding, Holding::Lease(_)) {
        job.holding = Holding::Nothing;
    }
}
