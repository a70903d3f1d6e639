#![no_main]
//! Body: `pollctl::fuzzing::url_template` (shared with tests/fuzz_smoke.rs).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| pollctl::fuzzing::url_template(data));
