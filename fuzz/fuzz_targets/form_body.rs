#![no_main]
//! Form bodies and query strings under Twilio, SignalWire compatibility and Vonage SMS.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    whk::fuzzing::form_body(data);
});
