//! The set of event ids one process delivered in a cycle (and in failed cycles not yet
//! retried), so a record listed twice is delivered once. It never forgets: past
//! [`MEMORY_IDS`] ids in memory, the ids are sorted and spilled to an anonymous temporary file
//! in the state directory (deleted by the OS when the process ends), searched by binary search.
//! Memory stays bounded (about 15 MB), correctness does not depend on the size of a cycle.

use std::collections::HashSet;
use std::fs::File;
use std::path::{Path, PathBuf};

/// Ids kept in memory before a spill (16 bytes each, plus the hash table's overhead): below
/// the 458,752 a table of 2^19 slots (8 MB) holds, with room for the batch that crosses it
/// (spills happen between batches), so the table never doubles to 2^20 slots (16 MB, and 24 MB
/// while it moves).
pub const MEMORY_IDS: usize = 400_000;

/// One sorted run of ids on disk (16 bytes each, big-endian), with a Bloom filter in memory
/// (16 bits per id, 8 probes: about 1 in 2,000 absent ids goes to disk).
#[derive(Debug)]
struct Run {
    file: File,
    len: u64,
    bloom: Vec<u64>,
}

const BLOOM_PROBES: u64 = 8;

/// The probe positions of `id` in a filter of `bits` bits (ids are uniform already: SHA-256).
/// The probes of `id` in a filter of `bits` bits (a power of two: a mask, not a division).
fn probes(id: u128, bits: u64) -> impl Iterator<Item = u64> {
    let (h1, h2) = (id as u64, ((id >> 64) as u64) | 1);
    (0..BLOOM_PROBES).map(move |i| h1.wrapping_add(i.wrapping_mul(h2)) & (bits - 1))
}

/// Event ids are SHA-256 output already: their low 64 bits are the hash (no SipHash per
/// lookup).
#[derive(Clone, Copy, Default, Debug)]
struct IdHash;

impl std::hash::BuildHasher for IdHash {
    type Hasher = IdHasher;
    fn build_hasher(&self) -> IdHasher {
        IdHasher(0)
    }
}

#[derive(Default)]
struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write_u128(&mut self, v: u128) {
        self.0 ^= v as u64;
    }
    fn write(&mut self, bytes: &[u8]) {
        // Not used for u128 keys; a plain FNV-1a keeps it correct for anything else.
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }
}

impl Run {
    fn new(file: File, ids: &[u128]) -> Run {
        let bits = (ids.len() as u64 * 16).max(64).next_power_of_two();
        let mut bloom = vec![0u64; bits.div_ceil(64) as usize];
        let bits = bloom.len() as u64 * 64;
        for id in ids {
            for p in probes(*id, bits) {
                bloom[(p / 64) as usize] |= 1 << (p % 64);
            }
        }
        Run {
            file,
            len: ids.len() as u64,
            bloom,
        }
    }

    fn may_contain(&self, id: u128) -> bool {
        let bits = self.bloom.len() as u64 * 64;
        probes(id, bits).all(|p| self.bloom[(p / 64) as usize] & (1 << (p % 64)) != 0)
    }

    #[cfg(unix)]
    fn get(&self, i: u64) -> Option<u128> {
        use std::os::unix::fs::FileExt;
        let mut b = [0u8; 16];
        self.file.read_exact_at(&mut b, i * 16).ok()?;
        Some(u128::from_be_bytes(b))
    }

    #[cfg(not(unix))]
    fn get(&self, _i: u64) -> Option<u128> {
        None
    }

    fn contains(&self, id: u128) -> std::io::Result<bool> {
        if !self.may_contain(id) {
            return Ok(false);
        }
        let (mut lo, mut hi) = (0u64, self.len);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let v = self
                .get(mid)
                .ok_or_else(|| std::io::Error::other("cannot read the spilled event ids"))?;
            match v.cmp(&id) {
                std::cmp::Ordering::Equal => return Ok(true),
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
            }
        }
        Ok(false)
    }
}

/// Event ids seen, in memory up to a limit, then spilled to disk.
#[derive(Debug)]
pub struct SeenIds {
    mem: HashSet<u128, IdHash>,
    runs: Vec<Run>,
    limit: usize,
    /// Where spills go (the resource's state directory).
    dir: PathBuf,
}

impl SeenIds {
    /// [`MEMORY_IDS`] in memory.
    pub fn new(dir: &Path) -> SeenIds {
        SeenIds::with_limit(dir, MEMORY_IDS)
    }

    /// `limit` ids in memory (`PollOptions::seen_memory_ids`; `POLLCTL_SEEN_MEMORY_IDS`,
    /// documented as for tests: a small value makes a test cycle spill).
    pub fn with_limit(dir: &Path, limit: usize) -> SeenIds {
        SeenIds {
            mem: HashSet::default(),
            runs: Vec::new(),
            limit: limit.max(1),
            dir: dir.to_path_buf(),
        }
    }

    pub fn len(&self) -> u64 {
        self.mem.len() as u64 + self.runs.iter().map(|r| r.len).sum::<u64>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Is `id` in the set? A spilled run that cannot be read is an error (never a "no").
    pub fn contains(&self, id: u128) -> std::io::Result<bool> {
        if self.mem.contains(&id) {
            return Ok(true);
        }
        for r in &self.runs {
            if r.contains(id)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    pub fn insert(&mut self, id: u128) {
        self.mem.insert(id);
    }

    /// Insert `id` unless it is in the set: true when it was not (one probe of the table for
    /// a new id, instead of a look-up then an insert).
    pub fn insert_new(&mut self, id: u128) -> std::io::Result<bool> {
        if !self.mem.insert(id) {
            return Ok(false);
        }
        for r in &self.runs {
            // Not in the set after all, or not known: taken out again (an error must not
            // leave an undelivered id behind).
            match r.contains(id) {
                Ok(false) => {}
                Ok(true) => {
                    self.mem.remove(&id);
                    return Ok(false);
                }
                Err(e) => {
                    self.mem.remove(&id);
                    return Err(e);
                }
            }
        }
        Ok(true)
    }

    /// Take back an id inserted since the last [`SeenIds::spill_if_full`] (not delivered
    /// after all).
    pub fn remove(&mut self, id: u128) {
        self.mem.remove(&id);
    }

    /// Spill the in-memory ids when over the limit. Call only when every id in memory stands
    /// for an event that was delivered (spilled ids cannot be taken back).
    pub fn spill_if_full(&mut self) -> std::io::Result<()> {
        if self.mem.len() < self.limit || cfg!(not(unix)) {
            return Ok(());
        }
        let mut ids: Vec<u128> = self.mem.drain().collect();
        ids.sort_unstable();
        crate::store::ensure_private_dir(&self.dir).map_err(std::io::Error::other)?;
        let mut file = tempfile::tempfile_in(&self.dir)?;
        // Streamed (not a second copy of the ids in memory: the peak RSS is taken here).
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, &mut file);
        for id in &ids {
            std::io::Write::write_all(&mut out, &id.to_be_bytes())?;
        }
        std::io::Write::flush(&mut out)?;
        drop(out);
        self.runs.push(Run::new(file, &ids));
        self.mem.shrink_to(self.limit);
        Ok(())
    }

    /// Move every id of `other` into this set.
    pub fn absorb(&mut self, other: SeenIds) -> std::io::Result<()> {
        self.mem.extend(other.mem);
        self.runs.extend(other.runs);
        self.spill_if_full()
    }

    /// Forget everything (after a commit).
    pub fn clear(&mut self) {
        self.mem.clear();
        self.runs.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spilled_ids_are_still_found_and_memory_stays_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = SeenIds::with_limit(dir.path(), 100);
        let id = |i: u128| i.wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835);
        for i in 0..1000 {
            assert!(!s.contains(id(i)).unwrap());
            s.insert(id(i));
            s.spill_if_full().unwrap();
            assert!(s.mem.len() <= 100);
        }
        assert_eq!(s.len(), 1000);
        assert!(s.runs.len() >= 9);
        for i in 0..1000 {
            assert!(s.contains(id(i)).unwrap(), "{i}");
        }
        assert!(!s.contains(id(1000)).unwrap());
        let mut other = SeenIds::with_limit(dir.path(), 100);
        other.absorb(s).unwrap();
        assert!(other.contains(id(999)).unwrap() && other.contains(id(0)).unwrap());
        other.clear();
        assert!(other.is_empty() && !other.contains(id(5)).unwrap());
        // the spills are anonymous files: nothing is left in the state directory
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
