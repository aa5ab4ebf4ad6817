#![no_main]
//! TwiML replies as `whk call --provider twilio|signalwire` reads them: the contract check and
//! the verb reader, which must never panic and must agree on what is well formed.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    whk::fuzzing::call_twiml(data);
});
