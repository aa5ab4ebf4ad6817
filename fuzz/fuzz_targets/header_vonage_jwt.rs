#![no_main]
//! The Authorization header parser and check under the vonage_jwt scheme.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    whk::fuzzing::header(whk::webhook::Provider::Vonage, "Authorization", data);
});
