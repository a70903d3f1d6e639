#![no_main]
//! Body: `pollctl::fuzzing::fault_spec` (shared with tests/fuzz_smoke.rs).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| pollctl::fuzzing::fault_spec(data));
