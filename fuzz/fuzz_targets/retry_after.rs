#![no_main]
//! Body: `pollctl::fuzzing::retry_after` (shared with tests/fuzz_smoke.rs).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| pollctl::fuzzing::retry_after(data));
