//! `whk sign`, `whk verify` and `whk providers` through the real binary: full output (exit
//! code, stdout, stderr) snapshots for every diagnosis, every output format and bad input.

use std::path::Path;

/// Run whk in `dir` with a clean environment; return "exit / stdout / stderr" as one string.
fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> String {
    let mut cmd = crate::support::whk();
    cmd.current_dir(dir).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.write_stdin(stdin.unwrap_or(b"").to_vec());
    let out = cmd.output().unwrap();
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> String {
    run_in(Path::new("."), args, stdin, &[])
}

fn stdout_of(args: &[&str], stdin: &[u8]) -> String {
    let out = crate::support::whk()
        .args(args)
        .write_stdin(stdin.to_vec())
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

const GH_SECRET: &str = "It's a Secret to Everybody";
const GH_SIG: &str =
    "X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

#[test]
fn sign_github_headers() {
    insta::assert_snapshot!(run(
        &[
            "sign",
            "-p",
            "github",
            "--secret",
            GH_SECRET,
            "--id",
            "d-1",
            "tests/vectors/kat-github.txt"
        ],
        None
    ));
}

#[test]
fn sign_standard_json() {
    insta::assert_snapshot!(run(
        &[
            "sign",
            "-p",
            "svix",
            "--secret",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "--id",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "--timestamp",
            "1614265330",
            "--format",
            "json",
            "tests/vectors/kat-standardwebhooks.json"
        ],
        None
    ));
}

#[test]
fn sign_twilio_json_body_changes_url() {
    insta::assert_snapshot!(run(
        &[
            "sign",
            "-p",
            "twilio",
            "--secret",
            "12345",
            "--url",
            "https://example.com/status",
            "-H",
            "Content-Type: application/json",
            "--format",
            "json",
            "-"
        ],
        Some(br#"{"CallSid":"CA1"}"#)
    ));
}

#[test]
fn sign_stripe_curl() {
    insta::assert_snapshot!(run(
        &[
            "sign",
            "-p",
            "stripe",
            "--secret",
            "whsec_test_secret",
            "--timestamp",
            "1700000000",
            "--url",
            "http://127.0.0.1:3000/webhooks/stripe",
            "--format",
            "curl",
            "-"
        ],
        Some(br#"{"id":"evt_test_webhook","object":"event"}"#)
    ));
}

#[test]
fn sign_vapi_secret_never_prints_the_secret() {
    let out = run(
        &[
            "sign",
            "-p",
            "vapi-secret",
            "--secret",
            "sup3r-s3cret-value",
            "-",
        ],
        Some(b"{}"),
    );
    assert!(!out.contains("sup3r-s3cret-value"), "{out}");
    insta::assert_snapshot!(out);
    let curl = run(
        &[
            "sign",
            "-p",
            "vapi-secret",
            "--secret",
            "sup3r-s3cret-value",
            "--format",
            "curl",
            "-",
        ],
        Some(b"{}"),
    );
    assert!(!curl.contains("sup3r-s3cret-value"), "{curl}");
    assert!(
        curl.contains(r#"-H "X-Vapi-Secret: $VAPI_WEBHOOK_SECRET""#),
        "{curl}"
    );
}

#[test]
fn sign_vonage_sms_changes_body() {
    insta::assert_snapshot!(run(
        &[
            "sign",
            "-p",
            "vonage-sms",
            "--secret",
            "my_secret_key_for_testing",
            "--timestamp",
            "1385047698",
            "--format",
            "json",
            "-"
        ],
        Some(b"msisdn=14843472194&to=13239877404&text=Test+again&type=text")
    ));
}

#[test]
fn sign_then_verify_roundtrip_through_headers_file() {
    let dir = tempfile::tempdir().unwrap();
    let body = br#"{"type":"post_call_transcription","data":{"agent_id":"xyz"}}"#;
    std::fs::write(dir.path().join("body.json"), body).unwrap();
    for provider in [
        "vapi",
        "vogent",
        "elevenlabs",
        "vonage",
        "standard",
        "stripe",
        "github",
        "generic",
    ] {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let json = stdout_of(
            &[
                "sign", "-p", provider, "--secret", secret, "--format", "json", "-",
            ],
            body,
        );
        std::fs::write(dir.path().join("h.json"), &json).unwrap();
        let v = run_in(
            dir.path(),
            &[
                "verify",
                "-p",
                "auto",
                "--secret",
                secret,
                "--headers-file",
                "h.json",
                "body.json",
            ],
            None,
            &[],
        );
        assert!(v.starts_with("exit: 0"), "{provider}: {v}");
        assert!(
            v.contains(&format!("valid {provider} signature")),
            "{provider}: {v}"
        );
    }
}

#[test]
fn verify_valid_github() {
    insta::assert_snapshot!(run(
        &[
            "verify",
            "-p",
            "github",
            "--secret",
            GH_SECRET,
            "-H",
            GH_SIG,
            "tests/vectors/kat-github.txt"
        ],
        None
    ));
}

#[test]
fn verify_pasted_request_head() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("head.txt"),
        format!("POST /hooks/gh HTTP/1.1\r\nHost: example.com\r\nContent-Type: text/plain\r\n{GH_SIG}\r\n\r\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join("body.txt"), "Hello, World!").unwrap();
    let out = run_in(
        dir.path(),
        &[
            "verify",
            "--secret",
            GH_SECRET,
            "--headers-file",
            "head.txt",
            "body.txt",
        ],
        None,
        &[],
    );
    insta::assert_snapshot!(out);
}

/// ElevenLabs' backend writes JSON the way Python does; a Node receiver that verifies
/// `JSON.stringify(req.body)` hands whk the compact form.
#[test]
fn verify_body_reserialized() {
    let raw = br#"{"type": "post_call_transcription", "event_timestamp": 1739537297, "data": {"agent_id": "xyz", "cost": 0.0412}}"#;
    let sig = stdout_of(
        &[
            "sign",
            "-p",
            "elevenlabs",
            "--secret",
            "wsec_abc",
            "--timestamp",
            "1739537297",
            "-",
        ],
        raw,
    );
    let compact = br#"{"type":"post_call_transcription","event_timestamp":1739537297,"data":{"agent_id":"xyz","cost":0.0412}}"#;
    insta::assert_snapshot!(run(
        &[
            "verify",
            "-p",
            "elevenlabs",
            "--secret",
            "wsec_abc",
            "--now",
            "1739537300",
            "-H",
            sig.trim(),
            "-"
        ],
        Some(compact)
    ));
}

/// A signer that used the `whsec_…` text as the key (Stripe's rule) under Standard Webhooks.
#[test]
fn verify_secret_encoding() {
    let body = br#"{"test": 2432232314}"#;
    let key = b"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let mac = whk::webhook::crypto::hmac(
        whk::webhook::crypto::Algorithm::Sha256,
        key,
        &[b"msg_1.1614265330.", body],
    );
    let sig = format!("webhook-signature: v1,{}", whk::webhook::crypto::b64(&mac));
    insta::assert_snapshot!(run(
        &[
            "verify",
            "-p",
            "standard",
            "--secret",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "--now",
            "1614265330",
            "-H",
            "webhook-id: msg_1",
            "-H",
            "webhook-timestamp: 1614265330",
            "-H",
            &sig,
            "-"
        ],
        Some(body)
    ));
}

#[test]
fn verify_timestamp_too_old_and_in_future() {
    let body = br#"{"id":"evt_test_webhook","object":"event"}"#;
    let h = "Stripe-Signature: t=1700000000,v1=d95c6b7477fbd7e9f90b1b0ef5f9c7ac25abca5382460e0d988c2b2a5b71b990";
    insta::assert_snapshot!(
        "too_old",
        run(
            &[
                "verify",
                "-p",
                "stripe",
                "--secret",
                "whsec_test_secret",
                "--now",
                "1700010920",
                "-H",
                h,
                "-"
            ],
            Some(body)
        )
    );
    // --tolerance widens the window; 0 turns it off.
    let ok = run(
        &[
            "verify",
            "-p",
            "stripe",
            "--secret",
            "whsec_test_secret",
            "--now",
            "1700010920",
            "--tolerance",
            "0",
            "-H",
            h,
            "-",
        ],
        Some(body),
    );
    assert!(ok.starts_with("exit: 0"), "{ok}");
    let std_sig = stdout_of(
        &[
            "sign",
            "-p",
            "standard",
            "--secret",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "--id",
            "msg_1",
            "--timestamp",
            "1700003600",
            "--format",
            "json",
            "-",
        ],
        body,
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("h.json"), std_sig).unwrap();
    insta::assert_snapshot!(
        "in_future",
        run_in(
            dir.path(),
            &[
                "verify",
                "-p",
                "standard",
                "--secret",
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "--now",
                "1700000000",
                "--headers-file",
                "h.json",
                "-"
            ],
            Some(body),
            &[]
        )
    );
}

#[test]
fn verify_url_mismatch_behind_a_tunnel() {
    // What the app behind ngrok sees: localhost, with the public host in X-Forwarded-Host.
    insta::assert_snapshot!(run(
        &[
            "verify",
            "-p",
            "twilio",
            "--secret",
            "12345",
            "--url",
            "http://localhost:3000/myapp.php?foo=1&bar=2",
            "-H",
            "X-Twilio-Signature: RSOYDt4T1cUTdK1PDd93/VVr8B8=",
            "-H",
            "Content-Type: application/x-www-form-urlencoded",
            "-H",
            "X-Forwarded-Host: mycompany.com",
            "-H",
            "X-Forwarded-Proto: https",
            "tests/vectors/kat-twilio-docs.form"
        ],
        None
    ));
    // Without forwarding headers the host cannot be guessed: the hint says what to pass.
    let out = run(
        &[
            "verify",
            "-p",
            "twilio",
            "--secret",
            "12345",
            "--url",
            "http://localhost:3000/myapp.php?foo=1&bar=2",
            "-H",
            "X-Twilio-Signature: RSOYDt4T1cUTdK1PDd93/VVr8B8=",
            "tests/vectors/kat-twilio-docs.form",
        ],
        None,
    );
    assert!(
        out.contains("[mismatch]") && out.contains("exact public URL"),
        "{out}"
    );
    // Scheme and trailing slash changes are found without any header.
    let out = run(
        &[
            "verify",
            "-p",
            "twilio",
            "--secret",
            "12345",
            "--url",
            "http://mycompany.com/myapp.php?foo=1&bar=2",
            "-H",
            "X-Twilio-Signature: RSOYDt4T1cUTdK1PDd93/VVr8B8=",
            "tests/vectors/kat-twilio-docs.form",
        ],
        None,
    );
    assert!(
        out.contains("[url_mismatch]")
            && out.contains("https://mycompany.com/myapp.php?foo=1&bar=2"),
        "{out}"
    );
}

#[test]
fn verify_wrong_provider_and_missing_header() {
    insta::assert_snapshot!(
        "wrong_provider",
        run(
            &[
                "verify",
                "-p",
                "stripe",
                "--secret",
                GH_SECRET,
                "-H",
                GH_SIG,
                "tests/vectors/kat-github.txt"
            ],
            None
        )
    );
    insta::assert_snapshot!(
        "missing",
        run(
            &[
                "verify",
                "-p",
                "vogent",
                "--secret",
                "x",
                "-H",
                "Content-Type: application/json",
                "-"
            ],
            Some(b"{}")
        )
    );
    insta::assert_snapshot!(
        "vapi_secret_old_name",
        run(
            &[
                "verify",
                "-p",
                "vapi-secret",
                "--secret",
                "x",
                "-H",
                "X-Vapi-Signature: x",
                "-"
            ],
            Some(b"{}")
        )
    );
    // SignalWire RELAY hex vs compatibility base64 share one header.
    insta::assert_snapshot!(
        "signalwire_compat_header",
        run(
            &[
                "verify",
                "-p",
                "signalwire",
                "--secret",
                "12345",
                "--url",
                "https://mycompany.com/myapp.php?foo=1&bar=2",
                "-H",
                "X-SignalWire-Signature: RSOYDt4T1cUTdK1PDd93/VVr8B8=",
                "tests/vectors/kat-twilio-docs.form"
            ],
            None
        )
    );
}

#[test]
fn verify_malformed_and_mismatch_json() {
    insta::assert_snapshot!(
        "malformed",
        run(
            &[
                "verify",
                "-p",
                "stripe",
                "--secret",
                "s",
                "--json",
                "-H",
                "Stripe-Signature: t=soon,v1=ab",
                "-"
            ],
            Some(b"{}")
        )
    );
    insta::assert_snapshot!(
        "mismatch",
        run(
            &[
                "verify",
                "-p",
                "github",
                "--secret",
                "wrong",
                "--json",
                "-H",
                GH_SIG,
                "tests/vectors/kat-github.txt"
            ],
            None
        )
    );
}

#[test]
fn verify_vonage_tampered_body() {
    let body = std::fs::read("tests/vectors/vonage-voice-event.json").unwrap();
    let auth = stdout_of(
        &[
            "sign",
            "-p",
            "vonage",
            "--secret",
            "sig-secret",
            "--id",
            "j1",
            "--timestamp",
            "1795497159",
            "-",
        ],
        &body,
    );
    let tampered = String::from_utf8(body.clone())
        .unwrap()
        .replace("completed", "failed")
        .into_bytes();
    insta::assert_snapshot!(run(
        &[
            "verify",
            "-p",
            "vonage",
            "--secret",
            "sig-secret",
            "--now",
            "1795497160",
            "-H",
            auth.trim(),
            "-"
        ],
        Some(&tampered)
    ));
}

#[test]
fn bad_input_is_a_clear_error() {
    insta::assert_snapshot!(
        "no_secret",
        run(
            &["verify", "-p", "vapi", "-H", "x-signature: ab", "-"],
            Some(b"{}")
        )
    );
    insta::assert_snapshot!(
        "secret_env_unset",
        run(
            &["sign", "-p", "github", "--secret-env", "NOPE_NOT_SET", "-"],
            Some(b"{}")
        )
    );
    insta::assert_snapshot!(
        "missing_file",
        run(
            &["sign", "-p", "github", "--secret", "s", "no/such/body.json"],
            None
        )
    );
    insta::assert_snapshot!(
        "garbled_header",
        run(
            &[
                "verify",
                "-p",
                "github",
                "--secret",
                "s",
                "-H",
                "not a header",
                "-"
            ],
            Some(b"{}")
        )
    );
    insta::assert_snapshot!(
        "needs_url",
        run(
            &[
                "verify",
                "-p",
                "twilio",
                "--secret",
                "s",
                "-H",
                "X-Twilio-Signature: RSOYDt4T1cUTdK1PDd93/VVr8B8=",
                "-"
            ],
            Some(b"a=b")
        )
    );
    insta::assert_snapshot!(
        "nothing_detected",
        run(
            &[
                "verify",
                "--secret",
                "s",
                "-H",
                "Content-Type: text/plain",
                "-"
            ],
            Some(b"hi")
        )
    );
    insta::assert_snapshot!(
        "option_not_for_provider",
        run(
            &[
                "sign",
                "-p",
                "stripe",
                "--secret",
                "s",
                "--algorithm",
                "sha1",
                "-"
            ],
            Some(b"{}")
        )
    );
    insta::assert_snapshot!(
        "bad_standard_secret",
        run(
            &[
                "verify",
                "-p",
                "standard",
                "--secret",
                "whsec_***",
                "-H",
                "webhook-id: a",
                "-H",
                "webhook-timestamp: 1",
                "-H",
                "webhook-signature: v1,AAAA",
                "-"
            ],
            Some(b"{}")
        )
    );
    // A non-UTF-8 body is just bytes: signed and verified exactly.
    let bin: &[u8] = &[0xff, 0xfe, 0x00, 0x80, b'\n'];
    let sig = stdout_of(&["sign", "-p", "github", "--secret", "s", "-"], bin);
    let line = sig.lines().next().unwrap().to_string();
    let ok = run(
        &["verify", "-p", "github", "--secret", "s", "-H", &line, "-"],
        Some(bin),
    );
    assert!(ok.starts_with("exit: 0"), "{ok}");
    // An empty body against a signature over something: a finding that mentions it.
    let empty = run(
        &["verify", "-p", "github", "--secret", "s", "-H", &line, "-"],
        Some(b""),
    );
    assert!(
        empty.starts_with("exit: 1") && empty.contains("the body is empty"),
        "{empty}"
    );
    // A huge header value is refused with its size, not a panic.
    let huge = format!("X-Hub-Signature-256: {}", "a".repeat(100_000));
    let h = run(
        &["verify", "-p", "github", "--secret", "s", "-H", &huge, "-"],
        Some(b"{}"),
    );
    assert!(
        h.starts_with("exit: 2") && h.contains("100000 bytes"),
        "{h}"
    );
}

/// `whk verify -p github --secret-file secret` on `dir/body.txt`, with `contents` as the file.
fn verify_github_with_secret_file(dir: &Path, contents: &str) -> String {
    std::fs::write(dir.join("secret"), contents).unwrap();
    run_in(
        dir,
        &[
            "verify",
            "-p",
            "github",
            "--secret-file",
            "secret",
            "-H",
            GH_SIG,
            "body.txt",
        ],
        None,
        &[],
    )
}

#[test]
fn secret_from_provider_env_var_and_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("body.txt"), "Hello, World!").unwrap();
    let out = run_in(
        dir.path(),
        &["verify", "-p", "github", "-H", GH_SIG, "body.txt"],
        None,
        &[("GITHUB_WEBHOOK_SECRET", GH_SECRET)],
    );
    assert!(out.starts_with("exit: 0"), "{out}");
    let out = run_in(
        dir.path(),
        &["verify", "-p", "github", "-H", GH_SIG, "body.txt"],
        None,
        &[("WHK_SECRET", GH_SECRET)],
    );
    assert!(out.starts_with("exit: 0"), "{out}");
    let out = verify_github_with_secret_file(dir.path(), &format!("{GH_SECRET}\n"));
    assert!(out.starts_with("exit: 0"), "{out}");
    assert!(!out.contains(GH_SECRET));
}

#[test]
fn providers_table_and_json() {
    insta::assert_snapshot!(run(&["providers"], None));
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&["providers", "--json"], b"")).unwrap();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "vapi",
            "vapi-secret",
            "vogent",
            "signalwire",
            "signalwire-compat",
            "twilio",
            "elevenlabs",
            "vonage",
            "vonage-sms",
            "standard",
            "stripe",
            "github",
            "generic"
        ]
    );
}

/// `curl -v` prints the request it sent as `> ` lines between `*` notes, `<` response lines
/// and `{`/`}` data lines; `--headers-file` reads the request head out of it.
#[test]
fn verify_curl_verbose_transcript() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("curl-v.txt"),
        format!(
            "Note: Unnecessary use of -X or --request, POST is already inferred.\n\
             *   Trying 127.0.0.1:3000...\n\
             * Connected to 127.0.0.1 (127.0.0.1) port 3000 (#0)\n\
             > POST /hooks/gh HTTP/1.1\r\n\
             > Host: 127.0.0.1:3000\r\n\
             > User-Agent: curl/8.5.0\r\n\
             > Accept: */*\r\n\
             > Content-Type: text/plain\r\n\
             > {GH_SIG}\r\n\
             > Content-Length: 13\r\n\
             >\r\n\
             }} [13 bytes data]\n\
             * upload completely sent off: 13 bytes\n\
             < HTTP/1.1 401 Unauthorized\n\
             < Content-Type: text/plain\n\
             <\n\
             {{ [12 bytes data]\n\
             * Connection #0 to host 127.0.0.1 left intact\n"
        ),
    )
    .unwrap();
    let verify = |body: &str| {
        run_in(
            dir.path(),
            &[
                "verify",
                "--secret",
                GH_SECRET,
                "--headers-file",
                "curl-v.txt",
                body,
            ],
            None,
            &[],
        )
    };
    std::fs::write(dir.path().join("body.txt"), "Hello, World!").unwrap();
    insta::assert_snapshot!(verify("body.txt"));
    // The same transcript with another body: the signature header came from the transcript.
    std::fs::write(dir.path().join("other.txt"), "Hello, World?").unwrap();
    let invalid = verify("other.txt");
    assert!(
        invalid.starts_with("exit: 1\n--- stdout\ninvalid:"),
        "{invalid}"
    );
}

/// Seed 000 keeps its Vogent secret in `VITE_VOGENT_WEBHOOK_SECRET`, which Vite bundles into
/// browser code: accepted, with one warning.
#[test]
fn verify_secret_in_a_browser_bundled_variable() {
    let body = br#"{"event":"dial.ended","data":{"dialId":"d1"}}"#;
    let sig = stdout_of(
        &[
            "sign",
            "-p",
            "vogent",
            "--secret",
            "Yl5IeAEhVuSgCjX",
            "--timestamp",
            "1795497159",
            "-",
        ],
        body,
    );
    let mut args = vec![
        "verify",
        "-p",
        "vogent",
        "--secret-env",
        "VITE_VOGENT_WEBHOOK_SECRET",
        "--now",
        "1795497160",
    ];
    let headers: Vec<String> = sig.lines().map(str::to_string).collect();
    for h in &headers {
        args.extend(["-H", h]);
    }
    args.push("-");
    let out = run_in(
        Path::new("."),
        &args,
        Some(body),
        &[("VITE_VOGENT_WEBHOOK_SECRET", "Yl5IeAEhVuSgCjX")],
    );
    assert!(!out.contains("Yl5IeAEhVuSgCjX"), "{out}");
    insta::assert_snapshot!(out);
    // Without --secret-env the variable is not read, but the error names it.
    let args: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| !a.contains("VITE_") && *a != "--secret-env")
        .collect();
    let out = run_in(
        Path::new("."),
        &args,
        Some(body),
        &[("VITE_VOGENT_WEBHOOK_SECRET", "Yl5IeAEhVuSgCjX")],
    );
    assert!(out.starts_with("exit: 2\n"), "{out}");
    assert!(
        out.contains("set VOGENT_WEBHOOK_SECRET or WHK_SECRET (VITE_VOGENT_WEBHOOK_SECRET is set, but whk reads it only with --secret-env VITE_VOGENT_WEBHOOK_SECRET"),
        "{out}"
    );
}

/// The sender signed what Node, Python or PHP wrote (`tests/vectors/reencode`); the receiver
/// verifies the body as it holds it. The message names the exact combination of axes.
#[test]
fn verify_names_the_exact_reencoding() {
    let dir = Path::new("tests/vectors/reencode");
    for (name, file) in [
        (
            "reencoded_node_pretty2_newline",
            "node-pretty2-newline.json",
        ),
        (
            "reencoded_python_indent4_sorted",
            "python-indent4-sorted.json",
        ),
        ("reencoded_php_pretty_print", "php-pretty-print.json"),
    ] {
        let signed_bytes = std::fs::read(dir.join(file)).unwrap();
        let sig = stdout_of(
            &["sign", "-p", "generic", "--secret", "s3cret", "-"],
            &signed_bytes,
        );
        insta::assert_snapshot!(
            name,
            run(
                &[
                    "verify",
                    "-p",
                    "generic",
                    "--secret",
                    "s3cret",
                    "-H",
                    sig.trim(),
                    "tests/vectors/reencode/source.json"
                ],
                None
            )
        );
    }
}

/// Bare hex where the scheme wants `sha256=` (a receiver's `.replace('sha256=', '')` accepts
/// both): `wrong_options` naming `--prefix ''` when it matches bare; otherwise the ordinary
/// mismatch, never `malformed_header`.
#[test]
fn verify_bare_hex_signature() {
    let body = br#"{"event":"call.completed","callId":"CA1"}"#;
    let sig = stdout_of(&["sign", "-p", "generic", "--secret", "s3cret", "-"], body);
    let bare = sig.trim().replacen("sha256=", "", 1);
    insta::assert_snapshot!(
        "bare_hex_generic",
        run(
            &[
                "verify", "-p", "generic", "--secret", "s3cret", "-H", &bare, "-"
            ],
            Some(body)
        )
    );
    insta::assert_snapshot!(
        "bare_hex_generic_wrong_secret",
        run(
            &[
                "verify", "-p", "generic", "--secret", "other", "--json", "-H", &bare, "-"
            ],
            Some(body)
        )
    );
    let gh_bare = GH_SIG.replacen("sha256=", "", 1);
    insta::assert_snapshot!(
        "bare_hex_github",
        run(
            &[
                "verify",
                "-p",
                "github",
                "--secret",
                GH_SECRET,
                "-H",
                &gh_bare,
                "tests/vectors/kat-github.txt"
            ],
            None
        )
    );
    // The suggested options do verify it.
    let out = run(
        &[
            "verify",
            "-p",
            "generic",
            "--signature-header",
            "X-Hub-Signature-256",
            "--prefix",
            "",
            "--secret",
            GH_SECRET,
            "-H",
            &gh_bare,
            "tests/vectors/kat-github.txt",
        ],
        None,
    );
    assert!(out.starts_with("exit: 0"), "{out}");
    // Not hex of the right length: still malformed.
    let out = run(
        &[
            "verify",
            "-p",
            "generic",
            "--secret",
            "s3cret",
            "-H",
            "X-Webhook-Signature: abcd",
            "-",
        ],
        Some(body),
    );
    assert!(out.contains("[malformed_header]"), "{out}");
}

/// A secret file with a space before its newline (whk strips only the newline), a `.env`
/// value with stray spaces: the signature matches the trimmed secret. It is never printed.
#[test]
fn verify_secret_with_surrounding_whitespace() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("body.txt"), "Hello, World!").unwrap();
    let out = verify_github_with_secret_file(dir.path(), &format!("{GH_SECRET} \n"));
    assert!(!out.contains(GH_SECRET));
    insta::assert_snapshot!("secret_whitespace_file", out);
    let out = run_in(
        dir.path(),
        &["verify", "-p", "github", "--json", "-H", GH_SIG, "body.txt"],
        None,
        &[("GITHUB_WEBHOOK_SECRET", &format!("  {GH_SECRET} "))],
    );
    assert!(!out.contains(GH_SECRET));
    insta::assert_snapshot!("secret_whitespace_env", out);
}

/// Vapi's legacy scheme sends the secret itself: nothing of the body is signed, so a mismatch
/// is a wrong secret, and the message says only that.
#[test]
fn verify_vapi_secret_mismatch_is_about_the_secret() {
    let out = run(
        &[
            "verify",
            "-p",
            "vapi-secret",
            "--secret",
            "right-secret",
            "-H",
            "X-Vapi-Secret: wrong-secret",
            "-",
        ],
        Some(br#"{"message":{"type":"status-update"}}"#),
    );
    assert!(!out.contains("body"), "{out}");
    assert!(!out.contains("right-secret"), "{out}");
    insta::assert_snapshot!(out);
}

/// `WHK_NOW` fixes the clock whk signs and verifies with, so signing is a known-answer test
/// with no `--timestamp`: the Standard Webhooks specification's own vector (its timestamp
/// 1614265330 is 2021-02-25T15:02:10Z, and either spelling gives the same bytes).
#[test]
fn whk_now_fixes_signing_time_to_a_known_answer() {
    let body: &[u8] = br#"{"test": 2432232314}"#;
    let sign = |now: &str| {
        run_in(
            Path::new("."),
            &[
                "sign",
                "-p",
                "standard",
                "--secret",
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "--id",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                "-",
            ],
            Some(body),
            &[("WHK_NOW", now)],
        )
    };
    let out = sign("1614265330");
    assert_eq!(
        out,
        "exit: 0\n--- stdout\n\
         webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek\n\
         webhook-timestamp: 1614265330\n\
         webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\n\
         --- stderr\n"
    );
    assert_eq!(sign("2021-02-25T15:02:10Z"), out);
    // The JWT's `iat` is the fixed time: the whole token is a known answer (its payload and
    // HS256 signature were checked with Python's hmac, hashlib and base64 modules).
    let out = run_in(
        Path::new("."),
        &[
            "sign",
            "-p",
            "vonage",
            "--secret",
            "vonage-signature-secret",
            "--id",
            "0f8f6d3c-1c1e-4b6a-9b59-6d5b2a0b3c11",
            "-",
        ],
        Some(br#"{"status":"answered"}"#),
        &[("WHK_NOW", "1700000000")],
    );
    assert_eq!(
        out,
        "exit: 0\n--- stdout\n\
         Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MDAwMDAwMDAsImp0aSI6IjBmOGY2ZDNjLTFjMWUtNGI2YS05YjU5LTZkNWIyYTBiM2MxMSIsImlzcyI6IlZvbmFnZSIsInBheWxvYWRfaGFzaCI6IjQ2OThhNWY4YmI3MzRkMTY3Yzc1ODdkYzM3MDNlMzhmY2I5MmU4MmIyZTkzZDg4Y2FjNzM3Njg2YzgyZjNlMDkifQ.pSne9lmTmQ2Cy5s_zTarJiFk27KE6vdEEEzXSmDVLUU\n\
         --- stderr\n"
    );
}

/// verify's "now" is `--now`, else `WHK_NOW`, else the system clock: the 2021 vector is too
/// old today, valid at its own time, and `--now` wins over `WHK_NOW`.
#[test]
fn whk_now_is_verifys_now_unless_now_is_given() {
    let body: &[u8] = br#"{"test": 2432232314}"#;
    let verify = |extra: &[&str], env: &[(&str, &str)]| {
        let mut args = vec![
            "verify",
            "-p",
            "standard",
            "--secret",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "-H",
            "webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek",
            "-H",
            "webhook-timestamp: 1614265330",
            "-H",
            "webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        ];
        args.extend_from_slice(extra);
        args.push("-");
        let out = run_in(Path::new("."), &args, Some(body), env);
        out[..7].to_string()
    };
    assert_eq!(verify(&[], &[]), "exit: 1");
    assert_eq!(verify(&[], &[("WHK_NOW", "1614265330")]), "exit: 0");
    assert_eq!(verify(&[], &[("WHK_NOW", "1614265630")]), "exit: 0");
    assert_eq!(verify(&[], &[("WHK_NOW", "1614265631")]), "exit: 1");
    assert_eq!(
        verify(&["--now", "1614265330"], &[("WHK_NOW", "1700000000")]),
        "exit: 0"
    );
    // An empty WHK_NOW is unset; WHK_CLOCK=system ignores it.
    assert_eq!(verify(&[], &[("WHK_NOW", "")]), "exit: 1");
    assert_eq!(
        verify(&[], &[("WHK_NOW", "1614265330"), ("WHK_CLOCK", "system")]),
        "exit: 1"
    );
}

#[test]
fn a_bad_whk_now_is_a_usage_error() {
    insta::assert_snapshot!(
        run_in(Path::new("."), &["sign", "-p", "stripe", "--secret", "s", "-"], Some(b"{}"), &[("WHK_NOW", "1700000000000")]),
        @r#"
    exit: 2
    --- stdout
    --- stderr
    whk: error: WHK_NOW="1700000000000" is out of range: give unix *seconds* (1700000000), not milliseconds
      hint: WHK_NOW fixes the time whk reads (tests, CI) and WHK_CLOCK picks system, fixed or virtual; unset them for the system clock
    "#
    );
    insta::assert_snapshot!(
        run_in(Path::new("."), &["sign", "-p", "stripe", "--secret", "s", "-"], Some(b"{}"), &[("WHK_CLOCK", "slow")]),
        @r#"
    exit: 2
    --- stdout
    --- stderr
    whk: error: WHK_CLOCK="slow" is not a clock: use system, fixed or virtual
      hint: WHK_NOW fixes the time whk reads (tests, CI) and WHK_CLOCK picks system, fixed or virtual; unset them for the system clock
    "#
    );
}

/// `--algorithm` and `--encoding` for `generic`: the exact HMAC of the GitHub docs vector under
/// each hash (Python's `hmac.new(key, body, alg)`), prefixed with the algorithm's name, and
/// verify accepts it only with the same flags.
#[test]
fn generic_algorithm_choice_signs_and_verifies() {
    let cases = [
        ("md5", "hex", "md5=43e83d30cb1dff0c1000065b06487708"),
        (
            "sha1",
            "hex",
            "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59",
        ),
        ("sha1", "base64", "sha1=AdwQ0Mg+cu0kYhnN2RZpZn/iylk="),
        (
            "sha512",
            "hex",
            "sha512=11ed355a617e98134e842012a7944ccf59c10256cb182357bd7e3a42013ff07c376f8c14cf5cc1923da20b51d64256b2fb8ebbf100aa67a61326f61fea8111bc",
        ),
    ];
    let file = "tests/vectors/kat-github.txt";
    for (alg, enc, value) in cases {
        let flags = ["--algorithm", alg, "--encoding", enc];
        let sign = ["sign", "-p", "generic", "--secret", GH_SECRET];
        assert_eq!(
            run(&[&sign[..], &flags, &[file]].concat(), None),
            format!("exit: 0\n--- stdout\nX-Webhook-Signature: {value}\n--- stderr\n"),
            "{alg} {enc}"
        );
        let header = format!("X-Webhook-Signature: {value}");
        let verify = [
            "verify", "-p", "generic", "--secret", GH_SECRET, "-H", &header,
        ];
        assert_eq!(
            run(&[&verify[..], &flags, &[file]].concat(), None),
            "exit: 0\n--- stdout\nvalid: valid generic signature (X-Webhook-Signature)\n--- stderr\n",
            "{alg} {enc}"
        );
    }
    // A SHA-512 signature checked as SHA-256: the message names both sizes.
    insta::assert_snapshot!(
        "generic_sha512_checked_as_sha256",
        run(
            &[
                "verify",
                "-p",
                "generic",
                "--secret",
                GH_SECRET,
                "--prefix",
                "sha512=",
                "-H",
                cases[3]
                    .2
                    .replace("sha512=", "X-Webhook-Signature: sha512=")
                    .as_str(),
                "tests/vectors/kat-github.txt"
            ],
            None
        )
    );
}

/// `--algorithm` and `--encoding` for `vapi` (Python's hmac over `{timestamp}.{body}`).
#[test]
fn vapi_algorithm_choice_signs_and_verifies() {
    let body = br#"{"message":{"type":"status-update","status":"ended"}}"#;
    let cases = [
        ("sha1", "hex", "fd77dd411c00d71b5317041a3ea5b45f7265827e"),
        (
            "sha512",
            "base64",
            "i/l1Fi8neMGd2j9/O31DJHvpsKjMP06/hHs87PpsQk9vjRKCxGOgAnl5WziaQ/A42DaakB1HTVkYk+KnACLjog==",
        ),
    ];
    for (alg, enc, mac) in cases {
        let flags = ["--algorithm", alg, "--encoding", enc];
        let secret = ["-p", "vapi", "--secret", "vapi-secret"];
        let sign = [&["sign"][..], &secret, &["--timestamp", "1795497159"]].concat();
        assert_eq!(
            run(&[&sign[..], &flags, &["-"]].concat(), Some(body)),
            format!(
                "exit: 0\n--- stdout\nx-signature: {mac}\nx-timestamp: 1795497159\n--- stderr\n"
            ),
            "{alg} {enc}"
        );
        let header = format!("x-signature: {mac}");
        let verify = [
            &["verify"][..],
            &secret,
            &[
                "--now",
                "1795497159",
                "-H",
                "x-timestamp: 1795497159",
                "-H",
                &header,
            ],
        ]
        .concat();
        assert_eq!(
            run(&[&verify[..], &flags, &["-"]].concat(), Some(body)),
            "exit: 0\n--- stdout\nvalid: valid vapi signature (x-signature), signed 0 s ago\n--- stderr\n",
            "{alg} {enc}"
        );
    }
}

/// Without `--timestamp`, `sign` uses the system clock.
#[test]
fn sign_without_timestamp_uses_the_clock() {
    let secs = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
    };
    let before = secs();
    let out = stdout_of(&["sign", "-p", "stripe", "--secret", "whsec_x", "-"], b"{}");
    let after = secs();
    let t: u64 = out
        .strip_prefix("Stripe-Signature: t=")
        .and_then(|rest| rest.split(',').next())
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("{out}"));
    assert!(before <= t && t <= after, "{before} <= {t} <= {after}");
}

/// Without `--id`, GitHub's delivery id is a fresh RFC 4122 version-4 UUID.
#[test]
fn sign_github_makes_up_a_v4_delivery_id() {
    let mut ids = Vec::new();
    for _ in 0..3 {
        let out = stdout_of(&["sign", "-p", "github", "--secret", GH_SECRET, "-"], b"{}");
        let id = out
            .lines()
            .find_map(|l| l.strip_prefix("X-GitHub-Delivery: "))
            .unwrap_or_else(|| panic!("{out}"))
            .to_string();
        let nibbles: Vec<char> = id.chars().collect();
        assert_eq!(id.len(), 36, "{id}");
        assert_eq!(
            [nibbles[8], nibbles[13], nibbles[18], nibbles[23]],
            ['-'; 4],
            "{id}"
        );
        assert_eq!(nibbles[14], '4', "{id}: version 4");
        assert!("89ab".contains(nibbles[19]), "{id}: variant 10");
        ids.push(id);
    }
    ids.dedup();
    assert_eq!(ids.len(), 3, "{ids:?}");
}

/// What verify says about a signature it cannot read: the value (cut after 24 characters),
/// the encoding expected, and the length the algorithm gives.
#[test]
fn verify_unreadable_signature_messages() {
    let verify = |flags: &[&str], header: &str| {
        let mut args = vec!["verify", "-p", "generic", "--secret", "s"];
        args.extend(flags);
        args.extend(["-H", header, "-"]);
        run(&args, Some(b"{}"))
    };
    insta::assert_snapshot!(
        "unreadable_signatures",
        [
            // 25 characters: cut to 24 and an ellipsis.
            verify(&[], "X-Webhook-Signature: sha256=zzzzzzzzzzzzzzzzzzzzzzzzy"),
            // Exactly 24: shown whole.
            verify(&[], "X-Webhook-Signature: sha256=zzzzzzzzzzzzzzzzzzzzzzzz"),
            verify(
                &["--encoding", "base64"],
                "X-Webhook-Signature: sha256=not*base64"
            ),
            verify(
                &["--algorithm", "sha1"],
                "X-Webhook-Signature: sha1=01dc10d0c83e72ed246219cdd9"
            ),
        ]
        .join("\n")
    );
}
