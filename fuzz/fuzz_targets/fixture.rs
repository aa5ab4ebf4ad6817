#![no_main]
//! Fixture parsing (plain, envelope, lifecycle), template compilation and rendering.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    whk::fuzzing::fixture(data);
});
