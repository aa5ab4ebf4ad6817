#![no_main]
//! `whk call` scenario files: parse (with positions and suggestions), then lay flags over the
//! result and fill the defaults, as `whk call SCENARIO --to …` does.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    whk::fuzzing::call_scenario(data);
});
