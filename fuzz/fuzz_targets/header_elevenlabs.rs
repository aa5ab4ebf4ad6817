#![no_main]
//! The ElevenLabs-Signature header parser and check under the elevenlabs scheme.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    whk::fuzzing::header(
        whk::webhook::Provider::Elevenlabs,
        "ElevenLabs-Signature",
        data,
    );
});
