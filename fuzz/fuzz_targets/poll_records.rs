#![no_main]
//! Body: `pollctl::fuzzing::poll_records` (shared with tests/fuzz_smoke.rs).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| pollctl::fuzzing::poll_records(data));
