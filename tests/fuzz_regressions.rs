//! Inputs that once crashed or hung whk (found by fuzzing or review), kept as tests. Files under
//! `fuzz/regressions/<target>/` are replayed through the same entry points the fuzz targets use.

use whk::secret::Secret;
use whk::webhook::{self, Headers, Provider, Request, SchemeOptions, VerifyOptions};

#[test]
fn saved_fuzz_inputs_do_not_panic() {
    let Ok(dirs) = std::fs::read_dir("fuzz/regressions") else {
        return;
    };
    for dir in dirs.flatten() {
        let target = dir.file_name().to_string_lossy().into_owned();
        for file in std::fs::read_dir(dir.path()).unwrap().flatten() {
            let data = std::fs::read(file.path()).unwrap();
            match target.as_str() {
                "header_stripe" => {
                    whk::fuzzing::header(Provider::Stripe, "Stripe-Signature", &data)
                }
                "header_elevenlabs" => {
                    whk::fuzzing::header(Provider::Elevenlabs, "ElevenLabs-Signature", &data)
                }
                "header_standard" => {
                    whk::fuzzing::header(Provider::Standard, "webhook-signature", &data)
                }
                "header_vonage_jwt" => {
                    whk::fuzzing::header(Provider::Vonage, "Authorization", &data)
                }
                "form_body" => whk::fuzzing::form_body(&data),
                "verify" => whk::fuzzing::request(&data),
                "ncco_lint" => whk::fuzzing::ncco(&data),
                "twiml_lint" => whk::fuzzing::twiml(&data),
                "fixture" => whk::fuzzing::fixture(&data),
                "call_scenario" => whk::fuzzing::call_scenario(&data),
                "call_twiml" => whk::fuzzing::call_twiml(&data),
                _ => {}
            }
        }
    }
}

/// Review finding: the diagnosis checked other detected providers with a full `verify`, so a
/// request carrying two providers' headers, both failing, diagnosed each other forever.
#[test]
fn two_failing_providers_do_not_recurse() {
    let headers = Headers::parse_lines(
        "Stripe-Signature: t=1700000000,v1=d95c6b7477fbd7e9f90b1b0ef5f9c7ac25abca5382460e0d988c2b2a5b71b990\n\
         webhook-id: msg_1\nwebhook-timestamp: 1700000000\nwebhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\n\
         ElevenLabs-Signature: t=1700000000,v0=f8a0d1dc33ee963cb54d2f31514555995e93313c9d2042c030adbb82b87fae13",
    )
    .unwrap();
    let req = Request {
        method: "POST",
        url: None,
        headers: &headers,
        body: b"{}",
    };
    for p in [Provider::Stripe, Provider::Standard, Provider::Elevenlabs] {
        let scheme = webhook::build(p, &SchemeOptions::default()).unwrap();
        let v = webhook::verify(
            scheme.as_ref(),
            &Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
            &req,
            &VerifyOptions {
                now: 1_700_000_000,
                tolerance: None,
            },
        )
        .unwrap();
        assert!(!v.valid);
    }
}
