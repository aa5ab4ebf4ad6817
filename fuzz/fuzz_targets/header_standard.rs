#![no_main]
//! The webhook-signature header parser and check under the standard scheme.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    whk::fuzzing::header(whk::webhook::Provider::Standard, "webhook-signature", data);
});
