#![no_main]
//! The Stripe-Signature header parser and check under the stripe scheme.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    whk::fuzzing::header(whk::webhook::Provider::Stripe, "Stripe-Signature", data);
});
