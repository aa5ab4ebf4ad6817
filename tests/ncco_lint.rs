//! `whk ncco lint | rules | explain` through the real binary, with full-output snapshots
//! (exit code, stdout, stderr) in `tests/snapshots/`, plus `--fix` round trips and a property
//! test that arbitrary input never panics the linter.
//!
//! Accept changed snapshots with `INSTA_UPDATE=always cargo test --test main ncco_lint::` (or
//! `cargo insta review`), then read the diff.

use std::path::{Path, PathBuf};
use std::process::Output;

use proptest::prelude::*;
use whk::ncco::{self, Severity};

use crate::support::{root, transcript, whk_at_root as whk};

fn run(args: &[&str]) -> Output {
    whk().args(args).output().expect("run whk")
}

fn documents(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(root().join("tests/ncco").join(dir))
        .expect("test folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
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

/// Snapshot every document of a folder; report all mismatches at the end, not just the first.
fn snapshot_folder(dir: &str) {
    let mut failures = Vec::new();
    for path in documents(dir) {
        let rel = rel(&path);
        let name = format!("{dir}__{}", path.file_stem().unwrap().to_string_lossy());
        let text = transcript(&run(&["ncco", "lint", &rel]));
        let result = std::panic::catch_unwind(|| {
            insta::assert_snapshot!(name.clone(), text);
        });
        if result.is_err() {
            failures.push(name);
        }
    }
    assert!(failures.is_empty(), "snapshots differ: {failures:?}");
}

#[test]
fn snapshots_of_invalid_documents() {
    snapshot_folder("invalid");
}

#[test]
fn snapshots_of_valid_documents() {
    snapshot_folder("valid");
}

#[test]
fn snapshots_of_seed_documents() {
    snapshot_folder("seeds");
}

#[test]
fn valid_documents_lint_clean_and_exit_0() {
    for path in documents("valid") {
        let d = ncco::lint_bytes(&std::fs::read(&path).unwrap());
        assert!(d.is_empty(), "{}: {d:#?}", path.display());
    }
    whk()
        .args(["ncco", "lint", "--deny-warnings", "tests/ncco/valid"])
        .assert()
        .code(0);
}

#[test]
fn every_invalid_document_is_named_after_a_rule_it_triggers() {
    for path in documents("invalid") {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let code = &stem[..7];
        let d = ncco::lint_bytes(&std::fs::read(&path).unwrap());
        assert!(
            d.iter().any(|d| d.code == code),
            "{stem} does not trigger {code}: {d:#?}"
        );
    }
}

#[test]
fn both_seed_nccos_are_caught() {
    let object = ncco::lint_bytes(
        &std::fs::read(root().join("tests/ncco/seeds/seed004-object.json")).unwrap(),
    );
    let codes: Vec<_> = object.iter().map(|d| (d.code, d.path.as_str())).collect();
    assert_eq!(codes, vec![("NCCO006", "$"), ("NCCO031", "$.streamUrl[0]")]);
    let ivr =
        ncco::lint_bytes(&std::fs::read(root().join("tests/ncco/seeds/seed004-ivr.json")).unwrap());
    let codes: Vec<_> = ivr
        .iter()
        .map(|d| (d.code, d.path.as_str(), d.line, d.column))
        .collect();
    assert_eq!(codes, vec![("NCCO031", "$[1].streamUrl[0]", 8, 19)]);
    assert!(
        ivr[0]
            .help
            .as_deref()
            .unwrap()
            .contains("\"type\": \"websocket\"")
    );
}

// --- POST /v1/calls bodies ----------------------------------------------------------------------

#[test]
fn snapshots_of_call_body_documents() {
    snapshot_folder("call-body");
}

/// Seed 004's create-call request: `ncco lint` lints its `ncco` array at `$.ncco`, with
/// positions in the whole file; an answer URL returning the same object is still NCCO006.
#[test]
fn a_create_call_body_is_linted_at_ncco_but_is_no_answer() {
    let seed = std::fs::read(root().join("tests/ncco/call-body/seed004-create-call.json")).unwrap();
    let linted = ncco::lint_bytes_as(&seed, ncco::Input::File);
    assert_eq!(linted.ncco_at, "$.ncco");
    let got: Vec<_> = linted
        .diagnostics
        .iter()
        .map(|d| (d.code, d.path.as_str(), d.line, d.column))
        .collect();
    assert_eq!(got, vec![("NCCO031", "$.ncco[0].streamUrl[0]", 4, 47)]);
    let answer: Vec<_> = ncco::lint_bytes(&seed)
        .iter()
        .map(|d| (d.code, d.path.clone()))
        .collect();
    assert_eq!(answer, vec![("NCCO006", "$".to_string())]);
    let d = &ncco::lint_bytes(&seed)[0];
    assert!(
        d.help.as_deref().unwrap().contains("POST /v1/calls"),
        "{d:?}"
    );

    // An object without `ncco` (or a lone action) is still NCCO006 at `$`.
    for doc in [
        r#"{"to": [], "from": {}}"#,
        r#"{"action": "talk", "text": "hi", "ncco": []}"#,
    ] {
        let l = ncco::lint_text_as(doc, ncco::Input::File);
        assert_eq!(l.ncco_at, "$", "{doc}");
        assert!(
            l.diagnostics
                .iter()
                .any(|d| d.code == "NCCO006" && d.path == "$"),
            "{doc}: {:?}",
            l.diagnostics
        );
    }
    // A duplicate `ncco` member is reported; the last one (what SDK parsers keep) is linted.
    let l = ncco::lint_text_as(
        r#"{"ncco": [{"action": "talk", "text": "a"}], "ncco": []}"#,
        ncco::Input::File,
    );
    let codes: Vec<_> = l
        .diagnostics
        .iter()
        .map(|d| (d.code, d.path.as_str()))
        .collect();
    assert_eq!(codes, vec![("NCCO004", "$.ncco"), ("NCCO007", "$.ncco")]);

    let out = run(&[
        "ncco",
        "lint",
        "--format",
        "json",
        "tests/ncco/call-body/seed004-create-call.json",
        "tests/ncco/seeds/seed004-ivr.json",
    ]);
    insta::assert_snapshot!("call_body_json", transcript(&out));
}

#[test]
fn fix_wraps_a_lone_action_in_a_create_call_body() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("call.json");
    std::fs::copy(
        root().join("tests/ncco/call-body/create-call-lone-action.json"),
        &file,
    )
    .unwrap();
    let out = whk()
        .args(["ncco", "lint", "--fix", file.to_str().unwrap()])
        .output()
        .unwrap();
    let text = transcript(&out).replace(&dir.path().display().to_string(), "TMP");
    insta::assert_snapshot!("call_body_fix", text);
    let fixed = std::fs::read_to_string(&file).unwrap();
    assert!(
        fixed.contains(r#""ncco": [{"action": "talk", "text": "Hello", "bargeIn": true}]"#),
        "{fixed}"
    );
}

#[test]
fn human_locations_match_json_locations() {
    // annotate-snippets computes the `--> file:line:col` header itself; it must agree with ours.
    for path in documents("invalid")
        .into_iter()
        .chain(documents("call-body"))
    {
        let rel = rel(&path);
        let human = String::from_utf8(run(&["ncco", "lint", &rel]).stdout).unwrap();
        let json: serde_json::Value =
            serde_json::from_slice(&run(&["ncco", "lint", "--format", "json", &rel]).stdout)
                .unwrap();
        for d in json["diagnostics"].as_array().unwrap() {
            let at = format!("--> {rel}:{}:{}", d["line"], d["column"]);
            assert!(
                human.contains(&at),
                "{rel}: `{at}` not in human output:\n{human}"
            );
        }
    }
}

// --- formats -------------------------------------------------------------------------------------

const FORMAT_FILES: &[&str] = &[
    "tests/ncco/seeds/seed004-object.json",
    "tests/ncco/seeds/seed004-ivr.json",
    "tests/ncco/invalid/NCCO016.json",
    "tests/ncco/invalid/NCCO021.json",
];

#[test]
fn json_format() {
    let mut args = vec!["ncco", "lint", "--format", "json"];
    args.extend(FORMAT_FILES);
    let out = run(&args);
    insta::assert_snapshot!("format_json", transcript(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"].as_array().unwrap().len(), FORMAT_FILES.len());
    for d in v["diagnostics"].as_array().unwrap() {
        for key in [
            "file",
            "code",
            "severity",
            "message",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "help",
        ] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
    }
}

#[test]
fn sarif_format() {
    let mut args = vec!["ncco", "lint", "--format", "sarif"];
    args.extend(FORMAT_FILES);
    let out = run(&args);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run0 = &v["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), ncco::RULES.len());
    for r in run0["results"].as_array().unwrap() {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        assert!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
                >= 1
        );
    }
    // The rules' full docs make the document long; snapshot it without them.
    let mut slim = v.clone();
    slim["runs"][0]["tool"]["driver"]["rules"] =
        serde_json::json!(format!("<{} rules>", rules.len()));
    slim["runs"][0]["tool"]["driver"]["version"] = serde_json::json!("<version>");
    slim["runs"][0]["tool"]["driver"]["semanticVersion"] = serde_json::json!("<version>");
    insta::assert_snapshot!("format_sarif", serde_json::to_string_pretty(&slim).unwrap());
    insta::assert_snapshot!(
        "format_sarif_rule_ncco031",
        serde_json::to_string_pretty(&rules[30]).unwrap()
    );
}

#[test]
fn github_format() {
    let mut args = vec!["ncco", "lint", "--format", "github"];
    args.extend(FORMAT_FILES);
    let out = run(&args);
    insta::assert_snapshot!("format_github", transcript(&out));
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        assert!(
            line.starts_with("::error file=") || line.starts_with("::warning file="),
            "{line}"
        );
    }
}

// --- exit codes, inputs --------------------------------------------------------------------------

#[test]
fn warnings_pass_unless_denied() {
    whk()
        .args(["ncco", "lint", "tests/ncco/invalid/NCCO023.json"])
        .assert()
        .code(0);
    whk()
        .args([
            "ncco",
            "lint",
            "--deny-warnings",
            "tests/ncco/invalid/NCCO023.json",
        ])
        .assert()
        .code(1);
}

#[test]
fn unreadable_file_exits_2_and_keeps_the_other_findings() {
    let out = run(&[
        "ncco",
        "lint",
        "tests/ncco/no-such-file.json",
        "tests/ncco/seeds/seed004-ivr.json",
    ]);
    insta::assert_snapshot!("unreadable_file", transcript(&out));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("NCCO031"));
    let json = run(&[
        "ncco",
        "lint",
        "--format",
        "json",
        "tests/ncco/no-such-file.json",
        "tests/ncco/valid/wait.json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["errors"][0]["file"], "tests/ncco/no-such-file.json");
    assert_eq!(json.status.code(), Some(2));
}

#[test]
fn stdin_dash_and_implicit() {
    let seed = std::fs::read(root().join("tests/ncco/seeds/seed004-ivr.json")).unwrap();
    let out = whk()
        .args(["ncco", "lint", "-"])
        .write_stdin(seed.clone())
        .output()
        .unwrap();
    insta::assert_snapshot!("stdin_dash", transcript(&out));
    let implicit = whk()
        .args(["ncco", "lint"])
        .write_stdin(seed)
        .output()
        .unwrap();
    assert_eq!(implicit.stdout, out.stdout);
    assert_eq!(implicit.status.code(), Some(1));
    whk()
        .args(["ncco", "lint", "-", "-"])
        .write_stdin("[]")
        .assert()
        .code(2);
}

#[test]
fn folders_are_walked_sorted() {
    let out = run(&["ncco", "lint", "--format", "json", "tests/ncco/valid"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    assert_eq!(files.len(), documents("valid").len());
    let empty = tempfile::tempdir().unwrap();
    let out = whk()
        .args(["ncco", "lint"])
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no .json files under"));
}

// --- --fix ---------------------------------------------------------------------------------------

#[test]
fn fix_round_trips_in_a_tempdir() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "NCCO006.json",
        "NCCO016-fixable.json",
        "NCCO017.json",
        "NCCO016.json",
        "NCCO002.json",
    ];
    for n in names {
        std::fs::copy(
            root().join("tests/ncco/invalid").join(n),
            dir.path().join(n),
        )
        .unwrap();
    }
    let out = whk()
        .current_dir(dir.path())
        .args(["ncco", "lint", "--fix", "."])
        .output()
        .unwrap();
    insta::assert_snapshot!("fix_report", transcript(&out));
    let mut fixed = String::new();
    for n in names {
        fixed.push_str(&format!(
            "=== {n}\n{}",
            std::fs::read_to_string(dir.path().join(n)).unwrap()
        ));
    }
    insta::assert_snapshot!("fix_results", fixed);
    // No temp files left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("whk-fix"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // A second run changes nothing and reports what is left.
    let before: Vec<_> = names
        .iter()
        .map(|n| std::fs::read(dir.path().join(n)).unwrap())
        .collect();
    let again = whk()
        .current_dir(dir.path())
        .args(["ncco", "lint", "--fix", "."])
        .output()
        .unwrap();
    let after: Vec<_> = names
        .iter()
        .map(|n| std::fs::read(dir.path().join(n)).unwrap())
        .collect();
    assert_eq!(before, after);
    assert!(!String::from_utf8_lossy(&again.stdout).contains("fixed "));
    // Fixed files are clean but for what has no safe fix.
    let d = ncco::lint_bytes(&std::fs::read(dir.path().join("NCCO017.json")).unwrap());
    assert!(d.is_empty(), "{d:#?}");
    let d = ncco::lint_bytes(&std::fs::read(dir.path().join("NCCO006.json")).unwrap());
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn fix_on_stdin_prints_the_document() {
    let out = whk()
        .args(["ncco", "lint", "--fix", "-"])
        .write_stdin(
            "{\"action\": \"talk\", \"text\": \"hi\", \"loop\": \"2\", \"bargeIn\": \"false\"}\n",
        )
        .output()
        .unwrap();
    insta::assert_snapshot!("fix_stdin", transcript(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "[{\"action\": \"talk\", \"text\": \"hi\", \"loop\": 2, \"bargeIn\": false}]\n"
    );
    assert_eq!(out.status.code(), Some(0));
}

// --- rules and explain ---------------------------------------------------------------------------

#[test]
fn rules_listing() {
    insta::assert_snapshot!("rules", transcript(&run(&["ncco", "rules"])));
    let out = run(&["ncco", "rules", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), ncco::RULES.len());
    assert_eq!(list[30]["name"], "stream-websocket-url");
    for r in list {
        for key in ["code", "name", "severity", "summary", "docs"] {
            assert!(r.get(key).is_some(), "{key}");
        }
    }
}

#[test]
fn explain_output() {
    insta::assert_snapshot!(
        "explain_ncco031",
        transcript(&run(&["ncco", "explain", "NCCO031"]))
    );
    insta::assert_snapshot!(
        "explain_by_name",
        transcript(&run(&["ncco", "explain", "lone-value-not-array"]))
    );
    let unknown = run(&["ncco", "explain", "NCCO999"]);
    insta::assert_snapshot!("explain_unknown", transcript(&unknown));
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn usage_errors_exit_2() {
    whk()
        .args(["ncco", "lint", "--format", "xml", "x.json"])
        .assert()
        .code(2);
    whk().args(["ncco"]).assert().code(2);
}

// --- never panic ---------------------------------------------------------------------------------

/// Pieces that make JSON-ish text likely to reach deep into the rules.
const PIECES: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    " ",
    "\n",
    "\"action\"",
    "\"talk\"",
    "\"stream\"",
    "\"input\"",
    "\"connect\"",
    "\"record\"",
    "\"conversation\"",
    "\"transfer\"",
    "\"wait\"",
    "\"notify\"",
    "\"pay\"",
    "\"text\"",
    "\"streamUrl\"",
    "\"eventUrl\"",
    "\"endpoint\"",
    "\"type\"",
    "\"websocket\"",
    "\"phone\"",
    "\"sip\"",
    "\"uri\"",
    "\"number\"",
    "\"bargeIn\"",
    "\"dtmf\"",
    "\"speech\"",
    "\"maxDigits\"",
    "\"mode\"",
    "\"asynchronous\"",
    "\"canSpeak\"",
    "\"mute\"",
    "\"from\"",
    "\"randomFromNumber\"",
    "\"headers\"",
    "\"content-type\"",
    "\"true\"",
    "\"3\"",
    "\"wss://x/é\"",
    "\"https://x\"",
    "\"sip:a@b\"",
    "\"+4477\"",
    "true",
    "false",
    "null",
    "0",
    "-1",
    "1.5",
    "1e999",
    "7201",
    "//c\n",
    "/*",
    "*/",
    "'",
    "\"\\u00e9\"",
    "\"日本\"",
    "\u{feff}",
    "\"\t\"",
    "\"",
    "\\",
    "\r",
    "\r\n",
    "\"a\rb\"",
];

fn jsonish() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|v| v.concat())
}

fn check_diagnostics(text_len: usize, d: &[ncco::Diagnostic]) {
    for x in d {
        assert!(
            x.span.start <= x.span.end && x.span.end <= text_len,
            "{x:?}"
        );
        assert!(
            x.line >= 1 && x.column >= 1 && (x.end_line, x.end_column) >= (x.line, x.column),
            "{x:?}"
        );
        assert!(x.path.starts_with('$'));
        assert!(matches!(x.severity, Severity::Error | Severity::Warning));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let d = ncco::lint_bytes(&bytes);
        check_diagnostics(bytes.len(), &d);
    }

    #[test]
    fn jsonish_text_never_panics_lint_fix_or_render(text in jsonish()) {
        let d = ncco::lint_bytes(text.as_bytes());
        check_diagnostics(text.len(), &d);
        let fixed = ncco::fix_text(&text);
        check_diagnostics(fixed.text.len(), &fixed.diagnostics);
        let report = ncco::render::FileReport {
            name: "p.json".into(),
            text: text.clone(),
            diagnostics: d,
            fixed: Vec::new(),
            ncco_at: "$",
        };
        let _ = ncco::render::human::render_file(&report, &whk::output::Palette::new(true));
        let _ = ncco::render::sarif::render(&ncco::LANGUAGE, std::slice::from_ref(&report), &[]);
    }
}

#[test]
fn long_minified_lines_render_without_panicking() {
    // Spans inside, across and after a line longer than the code-frame limit, with multi-byte
    // characters right at the cut points.
    for pad in [4090, 4095, 4100, 6000] {
        let text = format!(
            "[{{\"action\":\"talk\",\"text\":\"{}\",\"bargeIn\":\"true\",\"bogus\":1}},{{\"action\":\"tlak\",\"langu\u{e9}ge\":\"\u{65e5}\"}}]",
            "\u{e9}\u{65e5}".repeat(pad / 5)
        );
        let d = ncco::lint_bytes(text.as_bytes());
        assert!(d.iter().any(|x| x.code == "NCCO027"), "{pad}");
        assert!(d.iter().any(|x| x.code == "NCCO010"), "{pad}");
        let report = ncco::render::FileReport {
            name: "long.json".into(),
            text,
            diagnostics: d,
            fixed: Vec::new(),
            ncco_at: "$",
        };
        let out = ncco::render::human::render_file(&report, &whk::output::Palette::new(false));
        assert!(out.contains("--> long.json:1:"), "{out}");
    }
}
