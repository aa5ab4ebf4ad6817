//! `whk twiml lint | rules | explain` through the real binary, with full-output snapshots
//! (exit code, stdout, stderr), `--fix` round trips, the negative control (valid TwiML from
//! Twilio's docs, `tests/vectors/twiml/valid/`), and the TwiML reply contract as `replay`
//! meets it against a real app on 127.0.0.1.
//!
//! Accept changed snapshots with `INSTA_UPDATE=always cargo test --test main twiml_lint::`,
//! then read the diff.

use std::path::{Path, PathBuf};
use std::process::Output;

use proptest::prelude::*;
use whk::twiml;

use crate::support::replay_server::{Answer, Server};

use crate::support::{root, transcript, whk_at_root as whk};

fn run(args: &[&str]) -> Output {
    whk().args(args).output().expect("run whk")
}

fn run_stdin(args: &[&str], input: &str) -> Output {
    whk()
        .args(args)
        .write_stdin(input)
        .output()
        .expect("run whk")
}

const VECTORS: &str = "tests/vectors/twiml";

fn documents(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(root().join(VECTORS).join(dir))
        .expect("vector folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    v.sort();
    v
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root())
        .expect("under root")
        .to_string_lossy()
        .replace('\\', "/")
}

/// The negative control: valid TwiML from Twilio's docs. No rule may report anything.
#[test]
fn valid_docs_examples_are_not_flagged() {
    let docs = documents("valid");
    assert!(docs.len() >= 20, "{}", docs.len());
    for p in &docs {
        let d = twiml::lint_bytes(&std::fs::read(p).unwrap());
        assert!(d.is_empty(), "{}: {d:#?}", rel(p));
    }
    let out = run(&["twiml", "lint", &format!("{VECTORS}/valid")]);
    assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("No problems found in {} files.", docs.len())
    );
}

/// The bad corpus: each `invalid/TWIMLNNN.xml` raises its rule; every diagnostic, human
/// output, is a snapshot.
#[test]
fn invalid_vectors_human() {
    let mut failures = Vec::new();
    for p in documents("invalid") {
        let code = p.file_stem().unwrap().to_string_lossy().into_owned();
        let out = run(&["twiml", "lint", &rel(&p)]);
        let text = transcript(&out);
        if code != "TWIML014" && !text.contains(&format!("[{code}]")) {
            failures.push(format!("{code} not raised:\n{text}"));
        }
        let r = std::panic::catch_unwind(|| {
            insta::assert_snapshot!(format!("invalid_{code}"), text);
        });
        if r.is_err() {
            failures.push(format!("snapshot invalid_{code} changed"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

const MIXED: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<Response>
  <Say>AT&T</Say>
  <Gather numdigits=\"1\" input=\"voice\"/>
  <Connect><Stream url=\"https://example.com/media\"/></Connect>
  <Hangup/>
  <Say>bye</Say>
</Response>
";

fn mixed_file() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("voice.xml");
    std::fs::write(&path, MIXED).unwrap();
    (dir, path.to_string_lossy().into_owned())
}

#[test]
fn every_format() {
    for format in ["human", "json", "sarif", "github"] {
        let out = run_stdin(&["twiml", "lint", "--format", format, "-"], MIXED);
        assert_eq!(out.status.code(), Some(1), "{format}");
        insta::assert_snapshot!(format!("format_{format}"), transcript(&out));
    }
    let out = run_stdin(&["twiml", "lint", "--format", "json"], MIXED);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<_> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        codes,
        [
            "TWIML002", "TWIML009", "TWIML006", "TWIML007", "TWIML010", "TWIML011"
        ]
    );
}

/// `--fix` in place: the `&` and the misspelled attribute are fixed, the `https://` Stream URL
/// and the invalid `input` are left (ambiguous), so the exit is still 1.
#[test]
fn fix_in_place() {
    let (_dir, path) = mixed_file();
    let out = run(&["twiml", "lint", "--fix", &path]);
    assert_eq!(out.status.code(), Some(1));
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        fixed,
        MIXED
            .replace("AT&T", "AT&amp;T")
            .replace("numdigits", "numDigits")
    );
    let text = transcript(&out).replace(&path, "voice.xml");
    insta::assert_snapshot!(text);
    // A second run changes nothing more.
    let again = run(&["twiml", "lint", "--fix", &path]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed);
    assert!(!String::from_utf8_lossy(&again.stdout).contains("fixed "));
}

/// `--fix` on stdin: the fixed document on stdout, the report on stderr.
#[test]
fn fix_stdin() {
    let out = run_stdin(
        &["twiml", "lint", "--fix", "-"],
        "<Response><Say>Q&A</Say><Gather timout=\"5\"><Say>Go</Say></Gather></Response>",
    );
    assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "<Response><Say>Q&amp;A</Say><Gather timeout=\"5\"><Say>Go</Say></Gather></Response>"
    );
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stderr));
}

#[test]
fn exit_codes() {
    // Clean, and info only: 0.
    assert_eq!(
        run_stdin(&["twiml", "lint"], "<Response><Hangup/></Response>")
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run_stdin(&["twiml", "lint", "--deny-warnings"], "<Response/>")
            .status
            .code(),
        Some(0)
    );
    // Warnings: 0, or 1 with --deny-warnings.
    let warn = "<Response><Hangup/><Say>x</Say></Response>";
    assert_eq!(run_stdin(&["twiml", "lint"], warn).status.code(), Some(0));
    assert_eq!(
        run_stdin(&["twiml", "lint", "--deny-warnings"], warn)
            .status
            .code(),
        Some(1)
    );
    // Errors: 1. A file that cannot be read: 2 (the others are still linted).
    assert_eq!(
        run_stdin(&["twiml", "lint"], "<Response><Say>x</Response>")
            .status
            .code(),
        Some(1)
    );
    let out = run(&[
        "twiml",
        "lint",
        "tests/vectors/twiml/missing.xml",
        "tests/vectors/twiml/invalid/TWIML011.xml",
    ]);
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(transcript(&out));
    // Bytes that are not UTF-8: TWIML001 with a position, exit 1.
    let out = whk()
        .args(["twiml", "lint", "-"])
        .write_stdin(b"<Response><Say>\xff</Say></Response>".to_vec())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("error[TWIML001]: the document is not valid UTF-8 (byte 0xFF at offset 15)")
    );
}

#[test]
fn rules_and_explain() {
    insta::assert_snapshot!("rules", transcript(&run(&["twiml", "rules"])));
    let out = run(&["twiml", "rules", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), twiml::RULES.len());
    assert_eq!(v[1]["code"], "TWIML002");
    assert_eq!(v[1]["fix"], "replaces the `&` with `&amp;`");
    insta::assert_snapshot!(
        "explain",
        transcript(&run(&["twiml", "explain", "twiml002"]))
    );
    let by_name = run(&["twiml", "explain", "stream-url-not-wss"]);
    assert!(String::from_utf8_lossy(&by_name.stdout).starts_with("TWIML010 stream-url-not-wss"));
    insta::assert_snapshot!(
        "explain_unknown",
        transcript(&run(&["twiml", "explain", "TWIML99"]))
    );
}

fn replay(url: &str) -> Output {
    run(&[
        "replay",
        "twilio/voice",
        "--secret",
        "s3cr3t",
        "--json",
        "--to",
        url,
    ])
}

/// The reply contract as `replay` meets it against a real app: the same TWIML codes, with
/// positions, under the `contract.twiml` umbrella; and the Content-Type.
#[test]
fn replay_reports_twiml_codes_from_a_real_app() {
    let bad = Server::with(|_, _| Answer {
        status: 200,
        body: b"<Response>\n  <Gather input=\"voice\"><Dial>+15550100</Dial></Gather>\n</Response>"
            .to_vec(),
        content_type: "text/xml",
        delay: std::time::Duration::ZERO,
    });
    let out = replay(&bad.url());
    assert_eq!(out.status.code(), Some(1), "{}", transcript(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("TwiML: TWIML005 <Dial> is not allowed inside <Gather> at 2:25"),
        "{text}"
    );
    assert!(
        text.contains("TwiML: TWIML007 <Gather input> is \\\"voice\\\""),
        "{text}"
    );
    assert!(text.contains("\"code\":\"contract.twiml\""), "{text}");

    let json_ct = Server::with(|_, _| Answer {
        status: 200,
        body: b"<Response><Say>Hi</Say></Response>".to_vec(),
        content_type: "application/json",
        delay: std::time::Duration::ZERO,
    });
    let out = replay(&json_ct.url());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(
            "TwiML: TWIML014 Content-Type application/json, expected text/xml or application/xml"
        ),
        "{}",
        transcript(&out)
    );

    let good = Server::with(|_, _| Answer {
        status: 200,
        body: std::fs::read(root().join(VECTORS).join("valid/gather-nested-say.xml")).unwrap(),
        content_type: "text/xml",
        delay: std::time::Duration::ZERO,
    });
    let out = replay(&good.url());
    assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
}

/// XML-ish text: tags, attributes, entities and stray characters.
fn xmlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<Response>".to_string()),
        Just("</Response>".to_string()),
        Just("<Gather input=\"dtmf\" timout=\"x\">".to_string()),
        Just("</Gather>".to_string()),
        Just("<Say>".to_string()),
        Just("</Say>".to_string()),
        Just("<Hangup/>".to_string()),
        Just("<amazon:effect>".to_string()),
        Just("&".to_string()),
        Just("&amp;".to_string()),
        Just("<Stream url=\"ws://x\"/>".to_string()),
        "[a-z<>&\"'= /é日]{0,6}",
    ];
    prop::collection::vec(piece, 0..20).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics_lint_fix_or_render(text in xmlish()) {
        let d = twiml::lint_bytes(text.as_bytes());
        for x in &d {
            prop_assert!(x.span.start <= x.span.end && x.span.end <= text.len());
            prop_assert!(x.line >= 1 && x.column >= 1);
        }
        let fixed = twiml::fix_text(&text);
        prop_assert!(fixed.applied.len() <= 64);
        let report = whk::lint::render::FileReport {
            name: "p.xml".into(),
            text: text.clone(),
            diagnostics: d,
            fixed: Vec::new(),
            ncco_at: "$",
        };
        let _ = whk::lint::render::human::render_file(&report, &whk::output::Palette::new(true));
        let _ = whk::lint::render::sarif::render(&twiml::LANGUAGE, std::slice::from_ref(&report), &[]);
    }
}
