#![no_main]
//! The NCCO linter on arbitrary bytes.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    whk::fuzzing::ncco(data);
});
