//! Bounded fuzzing inside the normal test suite: for every target of `pollctl::fuzzing`, the
//! committed seeds (`fuzz/seeds/<target>/`), the reproducer of every crash found so far
//! (`tests/fuzz_regressions/<target>/`), then a fixed number of deterministic mutations (a
//! seeded xorshift mutator: bit flips, byte inserts and deletes, splices between seeds,
//! boundary values). The count is bounded, not the time: 3,000 per target (1,500 for
//! `date_pattern`, whose unknown-zone hints are slow in debug builds); `POLLCTL_FUZZ_ITERS`
//! sets another count for every target. Long runs use cargo-fuzz (CONTRIBUTING.md, "Fuzzing").

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// Mutations per target unless `POLLCTL_FUZZ_ITERS` says otherwise.
const DEFAULT_ITERS: usize = 3_000;

fn iterations(default: usize) -> usize {
    std::env::var("POLLCTL_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn read_dir_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(PathBuf, Vec<u8>)> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run one input; on a panic, say which input (escaped) and how to keep it as a regression.
fn run_one(target: &str, what: &str, data: &[u8]) {
    let result = catch_unwind(AssertUnwindSafe(|| {
        assert!(pollctl::fuzzing::run(target, data), "no target {target}");
    }));
    if let Err(payload) = result {
        let msg = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        panic!(
            "fuzz target {target} failed on {what}: {msg}\ninput ({} bytes): {:?}\n\
             keep it as tests/fuzz_regressions/{target}/<name> once fixed",
            data.len(),
            data.escape_ascii().to_string()
        );
    }
}

/// xorshift64*: deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Bytes and strings that sit on parsers' edges.
const BOUNDARIES: &[&[u8]] = &[
    b"0",
    b"-1",
    b"9223372036854775807",
    b"18446744073709551616",
    b"-9223372036854775808",
    b"2147483648",
    b"99999999999999999999999",
    b"1e400",
    b"-0",
    b"\"",
    b"\\",
    b"\\u0000",
    b"\\ud800",
    b"'",
    b"''",
    b"{",
    b"}",
    b"${",
    b"[",
    b"]",
    b":",
    b"\n",
    b"%",
    b"%zz",
    b"+",
    b"&",
    b"=",
    b"?",
    b"#",
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xf0\x9f\x98\x80",
    b"\xe2\x80\xa8",
    b" ",
    b"\t",
    b"yyyy",
    b"SSSSSSSSSS",
    b"XXX",
    b"zzzz",
    b"G",
    b"Y",
    b"GMT+99:99",
    b"America/New_York",
    b"null",
    b"true",
];

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, pool: &[Vec<u8>]) {
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        let len = input.len();
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 => {
                let i = rng.below(len + 1);
                input.insert(i, rng.next() as u8);
            }
            2 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(16));
                input.drain(i..i + n);
            }
            3 if !pool.is_empty() => {
                // Splice: a chunk of another input.
                let other = &pool[rng.below(pool.len())];
                if !other.is_empty() {
                    let a = rng.below(other.len());
                    let b = a + 1 + rng.below((other.len() - a).min(64));
                    let at = rng.below(len + 1);
                    input.splice(at..at, other[a..b].iter().copied());
                }
            }
            4 => {
                let v = BOUNDARIES[rng.below(BOUNDARIES.len())];
                let at = rng.below(len + 1);
                if rng.below(2) == 0 && len > 0 {
                    // Overwrite.
                    let end = (at + v.len()).min(len);
                    input.splice(at..end, v.iter().copied());
                } else {
                    input.splice(at..at, v.iter().copied());
                }
            }
            5 if len > 0 => {
                // Repeat a chunk.
                let a = rng.below(len);
                let b = a + 1 + rng.below((len - a).min(32));
                let chunk = input[a..b].to_vec();
                for _ in 0..1 + rng.below(4) {
                    input.splice(b..b, chunk.iter().copied());
                }
            }
            _ if len > 0 => {
                // Replace a byte with an ASCII digit or letter (keeps text text).
                let i = rng.below(len);
                let alphabet = b"0123456789azAZ-+:/.'{}$ ";
                input[i] = alphabet[rng.below(alphabet.len())];
            }
            _ => input.push(rng.next() as u8),
        }
    }
    // Bound the size: long inputs make debug runs slow without finding more.
    input.truncate(8 * 1024);
}

fn fuzz(target: &str, seed: u64, iters: usize) {
    let seeds = read_dir_files(&root().join("fuzz/seeds").join(target));
    assert!(
        !seeds.is_empty(),
        "no seeds in fuzz/seeds/{target} (run tools/fuzz/make_seeds.py)"
    );
    for (path, data) in &seeds {
        run_one(target, &path.display().to_string(), data);
    }
    for (path, data) in read_dir_files(&root().join("tests/fuzz_regressions").join(target)) {
        run_one(target, &path.display().to_string(), &data);
    }
    let mut pool: Vec<Vec<u8>> = seeds.into_iter().map(|(_, d)| d).collect();
    let base = pool.len();
    let mut rng = Rng(seed | 1);
    for i in 0..iterations(iters) {
        // Mostly seeds; sometimes a recent mutant, to go deeper.
        let from = if pool.len() > base && rng.below(4) == 0 {
            base + rng.below(pool.len() - base)
        } else {
            rng.below(base)
        };
        let mut input = pool[from].clone();
        mutate(&mut rng, &mut input, &pool);
        run_one(target, &format!("mutation {i} (seed {seed})"), &input);
        if pool.len() < base + 256 {
            pool.push(input);
        } else {
            let slot = base + rng.below(256);
            pool[slot] = input;
        }
    }
}

#[test]
fn every_target_has_seeds_and_a_smoke_test() {
    let names: Vec<&str> = pollctl::fuzzing::TARGETS.iter().map(|(n, _)| *n).collect();
    let source = include_str!("fuzz_smoke.rs");
    for name in &names {
        assert!(
            source.contains(&format!("fuzz(\"{name}\"")),
            "no smoke test for {name}"
        );
        assert!(
            root()
                .join("fuzz/fuzz_targets")
                .join(format!("{name}.rs"))
                .is_file(),
            "no cargo-fuzz target for {name}"
        );
    }
    assert!(!pollctl::fuzzing::run("no-such-target", b""));
}

#[test]
fn instance_validate() {
    fuzz("instance_validate", 0x1157_a11d, DEFAULT_ITERS);
}

#[test]
fn date_pattern() {
    fuzz("date_pattern", 0xda7e, 1_500);
}

#[test]
fn url_template() {
    fuzz("url_template", 0x000e_17e3, DEFAULT_ITERS);
}

#[test]
fn oauth_callback() {
    fuzz("oauth_callback", 0x000a_174c, DEFAULT_ITERS);
}

#[test]
fn retry_after() {
    fuzz("retry_after", 0x4e74_af7e, DEFAULT_ITERS);
}

#[test]
fn fault_spec() {
    fuzz("fault_spec", 0x00fa_0175, DEFAULT_ITERS);
}

#[test]
fn poll_records() {
    fuzz("poll_records", 0x9011, DEFAULT_ITERS);
}
