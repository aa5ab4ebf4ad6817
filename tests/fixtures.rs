//! The shipped fixtures follow the envelope rules, the JSON Schema matches the Rust types, and
//! every placeholder is one whk knows.

use std::collections::BTreeSet;

use serde_json::Value;
use whk::fixtures::envelope::ENVELOPE_KEYS;
use whk::fixtures::load::{FileKind, Origin, parse};
use whk::fixtures::{Compiled, Context, Envelope, Expect, Item, embedded};

fn schema() -> Value {
    serde_json::from_slice(embedded::SCHEMA).unwrap()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn every_shipped_fixture_follows_the_envelope_rules() {
    assert!(embedded::FILES.len() >= 100, "{}", embedded::FILES.len());
    for (rel, bytes) in embedded::FILES {
        let item = parse(Origin::Embedded(rel), bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let value: Value = serde_json::from_slice(bytes).unwrap();
        let fixtures: Vec<_> = match &item {
            Item::Single(f) => vec![f.clone()],
            Item::Lifecycle(l) => {
                assert!(rel.starts_with("lifecycles/"), "{rel}");
                assert!(
                    value.get("$schema").is_some(),
                    "{rel}: lifecycles name the schema"
                );
                l.steps.iter().map(|s| s.fixture.clone()).collect()
            }
        };
        for f in fixtures {
            let provider = f.provider().unwrap_or_else(|| panic!("{rel}: no provider"));
            if let Item::Single(_) = item {
                let folder = rel.split('/').next().unwrap();
                let expected = whk::fixtures::load::folder_provider(folder).unwrap();
                assert_eq!(provider, expected, "{rel}");
            }
            if f.kind == FileKind::Envelope {
                let v: Value = serde_json::from_slice(bytes).unwrap();
                if let Item::Single(_) = item {
                    assert!(
                        v.get("$schema").is_some(),
                        "{rel}: envelopes name the schema"
                    );
                    Envelope::from_value(v).unwrap_or_else(|e| panic!("{rel}: {e}"));
                }
            }
            assert!(f.event().is_some(), "{rel}: no event name");
            let compiled = Compiled::new(&f.envelope, false).unwrap();
            let unknown: Vec<_> = compiled
                .unknown_placeholders()
                .into_iter()
                .filter(|u| u != "user_name") // ElevenLabs' own dynamic variable, on purpose
                .collect();
            assert!(
                unknown.is_empty(),
                "{rel}: unknown placeholders {unknown:?}"
            );
            let r = compiled.render(&mut Context::new(0, whk::clock::Clock::System));
            if r.headers.get("content-type") == Some("application/json") {
                serde_json::from_slice::<Value>(&r.body)
                    .unwrap_or_else(|e| panic!("{rel}: rendered body is not JSON: {e}"));
            }
        }
    }
}

#[test]
fn every_provider_folder_has_its_events() {
    let ids: BTreeSet<String> = embedded::FILES
        .iter()
        .map(|(p, _)| whk::fixtures::load::id_of(p))
        .collect();
    let need = [
        "vapi/call.started",
        "vapi/call.ended",
        "vapi/call.failed",
        "vapi/transcript.updated",
        "vapi/recording.ready",
        "vapi/status-update",
        "vapi/end-of-call-report",
        "vapi/transcript",
        "vapi/tool-calls",
        "vapi/assistant-request",
        "vapi/hang",
        "vapi/conversation-update",
        "vapi/speech-update",
        "vapi/transfer-destination-request",
        "vogent/dial.created",
        "vogent/dial.updated",
        "vogent/dial.started",
        "vogent/dial.ended",
        "vogent/dial.failed",
        "signalwire/call.created",
        "signalwire/recording.completed",
        "signalwire/calling.call.state.answered",
        "signalwire-compat/status.completed",
        "signalwire-compat/voice",
        "elevenlabs/post_call_transcription",
        "elevenlabs/post_call_audio",
        "elevenlabs/call_initiation_failure",
        "elevenlabs/voice.completed",
        "elevenlabs/agent.error",
        "vonage/answer",
        "vonage/started",
        "vonage/ringing",
        "vonage/answered",
        "vonage/completed",
        "vonage/busy",
        "vonage/failed",
        "vonage/input.dtmf",
        "vonage/input.speech",
        "vonage/record",
        "twilio/voice",
        "twilio/status.completed",
        "generic/call.status.changed",
        "generic/call.completed",
        "generic/call.failed",
        "11wire/conversation.started",
        "11wire/conversation.completed",
        "11wire/transfer.initiated",
        "11wire/transfer.completed",
        "11wire/contact.created",
        "11wire/campaign.started",
        "11wire/campaign.completed",
        "11wire/call.created",
        "vonage/answer.post",
        "signalwire/calling.call.record",
        "stripe/payment_intent.succeeded",
        "stripe/checkout.session.completed",
        "standard/user.created",
    ];
    for n in need {
        assert!(ids.contains(n), "missing {n}");
    }
    assert!(ids.iter().filter(|i| i.starts_with("lifecycles/")).count() >= 8);
}

/// Every shipped fixture has a description: an envelope's own, or (a plain body, sent as
/// written) its line in `fixtures/descriptions.txt`, which lists nothing else. Seed-guide
/// shapes say so and name what the provider really sends.
#[test]
fn every_shipped_fixture_has_a_description() {
    let mut plain = BTreeSet::new();
    for (rel, bytes) in embedded::FILES {
        let id = whk::fixtures::load::id_of(rel);
        let Item::Single(f) = parse(Origin::Embedded(rel), bytes).unwrap() else {
            continue;
        };
        let d = f
            .description()
            .unwrap_or_else(|| panic!("{id}: no description"));
        assert!(!d.is_empty() && !d.contains('\n'), "{id}: {d:?}");
        if f.kind == FileKind::Plain {
            plain.insert(id.clone());
        }
        let seed = [
            "vapi/call.",
            "vapi/transcript.updated",
            "vapi/recording.ready",
            "elevenlabs/voice.",
            "elevenlabs/agent.",
            "signalwire/call.",
            "signalwire/recording.",
            "vogent/dial.started",
            "vogent/dial.ended",
            "vogent/dial.failed",
        ]
        .iter()
        .any(|p| id.starts_with(p));
        if seed {
            assert!(
                d.starts_with("Seed") && d.contains("sends") | d.contains("is in"),
                "{id}: a seed-guide fixture says so and names the real event: {d}"
            );
        }
    }
    let listed: Vec<&str> = embedded::descriptions().map(|(id, _)| id).collect();
    let unique: BTreeSet<String> = listed.iter().map(|s| s.to_string()).collect();
    assert_eq!(unique.len(), listed.len(), "an id is listed twice");
    assert_eq!(
        unique, plain,
        "fixtures/descriptions.txt lists exactly the plain-body fixtures"
    );
}

#[test]
fn the_schema_matches_the_rust_types() {
    let s = schema();
    let env = &s["$defs"]["envelope"];
    assert_eq!(env["additionalProperties"], false);
    let want: BTreeSet<String> = ENVELOPE_KEYS.iter().map(|k| k.to_string()).collect();
    assert_eq!(keys(&env["properties"]), want);
    // Every Expect field, and nothing else.
    let full = Expect {
        status: Some(200.into()),
        deadline: Some("5s".into()),
        ncco: Some(true),
        json: Some(true),
        content_type: Some("x".into()),
        body_contains: Some("x".into()),
        vapi_tool_results: Some(true),
    };
    assert_eq!(
        keys(&s["$defs"]["expect"]["properties"]),
        keys(&serde_json::to_value(&full).unwrap())
    );
    let lc = &s["$defs"]["lifecycle"]["properties"];
    let lf = whk::fixtures::load::LifecycleFile {
        schema: Some("x".into()),
        lifecycle: "x".into(),
        description: Some("x".into()),
        provider: Some("vapi".into()),
        gap: Some("1s".into()),
        vars: Some(Default::default()),
        steps: vec![],
    };
    assert_eq!(keys(lc), keys(&serde_json::to_value(&lf).unwrap()));
    // Every provider id and alias is allowed.
    let allowed: BTreeSet<String> = s["$defs"]["provider"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    for p in whk::webhook::Provider::ALL {
        let info = p.info();
        assert!(allowed.contains(info.id), "{}", info.id);
        for a in info.aliases {
            assert!(allowed.contains(*a), "{a}");
        }
    }
}

#[test]
fn readme_documents_every_placeholder_and_field() {
    let readme = String::from_utf8_lossy(embedded::README);
    for needle in [
        "{{uuid}}",
        "{{call_id}}",
        "{{now_rfc3339}}",
        "{{now_unix}}",
        "{{now_ms}}",
        "{{e164}}",
        "{{msisdn}}",
        "{{var:",
        "|number",
        "--keep",
        "body_base64",
        "expect",
        "lifecycle",
        "fixture.schema.json",
        "UNCERTAIN",
    ] {
        assert!(
            readme.contains(needle),
            "fixtures/README.md does not mention {needle}"
        );
    }
    for k in ENVELOPE_KEYS {
        assert!(
            readme.contains(&format!("`{k}`")),
            "fixtures/README.md does not document `{k}`"
        );
    }
}

mod properties {
    use proptest::prelude::*;
    use whk::fixtures::{Envelope, Template};
    use whk::webhook::Headers;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// Any text compiles and renders without panicking; text without `{{` is unchanged.
        #[test]
        fn templates_never_panic(text in "\\PC{0,80}", braces in "(\\{\\{[a-z_:0-9|+-]{0,12}\\}\\}){0,3}") {
            let t = format!("{text}{braces}{text}");
            let out = Template::compile(&t).render(&mut whk::fixtures::Context::new(1, whk::clock::Clock::System));
            if !t.contains("{{") {
                prop_assert_eq!(out, t);
            }
        }

        /// A recording gives back exactly the bytes and query received, whatever they are.
        #[test]
        fn recordings_roundtrip_exactly(
            body in proptest::collection::vec(any::<u8>(), 0..200),
            ct in prop::sample::select(vec!["application/json", "application/x-www-form-urlencoded", "text/plain", "application/octet-stream"]),
            query in "[a-zA-Z0-9=&%+._~-]{0,40}",
        ) {
            let mut h = Headers::new();
            h.push("Content-Type", ct);
            let env = Envelope::from_received("POST", "/x", Some(&query), &h, &body, None, None);
            let text = env.to_json_pretty();
            let back = Envelope::from_value(serde_json::from_str(&text).unwrap()).unwrap();
            prop_assert_eq!(back.body_bytes().unwrap().0, body);
            prop_assert_eq!(back.query_string(), query);
        }

        /// Form-shaped and JSON-shaped bodies survive the readable encodings too.
        #[test]
        fn readable_bodies_roundtrip(pairs in proptest::collection::vec(("[a-zA-Z]{1,6}", "\\PC{0,10}"), 0..6), n in any::<i64>()) {
            let mut ser = form_urlencoded::Serializer::new(String::new());
            for (k, v) in &pairs {
                ser.append_pair(k, v);
            }
            let form = ser.finish();
            let json = format!(r#"{{"n":{n},"s":"a\u00e9"}}"#);
            for (ct, body) in [("application/x-www-form-urlencoded", form.as_bytes()), ("application/json", json.as_bytes())] {
                let mut h = Headers::new();
                h.push("Content-Type", ct);
                let env = Envelope::from_received("POST", "/", None, &h, body, None, None);
                let back = Envelope::from_value(serde_json::from_str(&env.to_json_pretty()).unwrap()).unwrap();
                prop_assert_eq!(back.body_bytes().unwrap().0, body.to_vec());
            }
        }
    }
}
