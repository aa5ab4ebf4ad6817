#![no_main]
//! `verify` end to end: arbitrary headers and body under every provider and `auto`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    whk::fuzzing::request(data);
});
