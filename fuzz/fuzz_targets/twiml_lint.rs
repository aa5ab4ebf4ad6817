#![no_main]
//! The TwiML linter on arbitrary bytes: lint (with and without a Content-Type), fix, render.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    whk::fuzzing::twiml(data);
});
