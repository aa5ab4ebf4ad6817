use super::*;

fn found(body: &[u8], target: &[u8]) -> Option<Found> {
    search(body, |b| b == target).found
}

fn count(body: &[u8]) -> usize {
    search(body, |_| false).total
}

#[test]
fn the_body_itself_is_never_a_candidate() {
    let body = br#"{"a":1}"#;
    let mut seen = Vec::new();
    let s = search(body, |b| {
        seen.push(b.to_vec());
        false
    });
    assert!(seen.iter().all(|b| b != body));
    assert!(seen.iter().any(|b| b == br#"{"a": 1}"#));
    assert!(seen.iter().any(|b| b == b"{\n  \"a\": 1\n}\r\n"));
    // Every candidate is distinct: equal combinations were folded.
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len());
    assert_eq!(s.tried, s.total);
    assert!(s.found.is_none());
}

#[test]
fn axes_that_cannot_change_the_bytes_are_pruned() {
    // Nothing to sort, no numbers, nothing to escape: layouts × line ends × trailing newline,
    // plus the bytes as sent with a newline added.
    // compact, python: 3 endings each; 2/4/tab: 2 line ends × 3 endings; as sent: +LF, +CRLF.
    assert_eq!(count(br#"{"a":"b","c":"d"}"#), 3 + 3 + 3 * 6 + 2);
    // A scalar: every layout is the compact one, which is the body itself (its endings are
    // counted, then recognised as the as-sent ones and not tried twice).
    assert_eq!(count(b"1"), 3 + 2);
    // Not JSON: only the byte-level changes.
    assert_eq!(count(b"a=1&b=2"), 2);
    // Without its newline or with CRLF; LF line ends turned into CRLF with each ending.
    assert_eq!(count(b"line1\nline2\n"), 2 + 3);
}

#[test]
fn every_axis_is_live_and_bounded() {
    let body = "{\"b\":\"x/y <&> é\u{7f}\",\"2\":1e3,\"1\":[1.50,-0],\"a\":{}}";
    let n = count(body.as_bytes());
    // layouts (5) × line ends (1 or 2) × keys (3) × numbers (3) × unicode (3) × slash (2) ×
    // html (2) × trailing (3), plus the as-sent ones.
    assert_eq!(n, (2 + 3 * 2) * 3 * 3 * 3 * 2 * 2 * 3 + 2);
}

#[test]
fn pretty_printed_with_a_trailing_newline_as_replay_sends() {
    let body = br#"{"event":"call.ended","duration":12.0,"ok":true}"#;
    let sent = b"{\n  \"event\": \"call.ended\",\n  \"duration\": 12,\n  \"ok\": true\n}\n";
    let f = found(body, sent).unwrap();
    assert_eq!(
        f.description,
        "re-encoded as 2-space indented JSON with numbers as JavaScript prints them (12.0 → 12) \
         and a trailing newline (what JSON.stringify(body, null, 2) + \"\\n\" writes)"
    );
}

#[test]
fn crlf_tab_and_sorted_keys_combine() {
    let body = br#"{"b":1,"a":[2,3]}"#;
    let f = found(
        body,
        b"{\r\n\t\"a\": [\r\n\t\t2,\r\n\t\t3\r\n\t],\r\n\t\"b\": 1\r\n}\r\n",
    )
    .unwrap();
    assert_eq!(
        f.combination,
        Combination {
            layout: Layout::Tab,
            line_end: LineEnd::Crlf,
            trailing: Trailing::Crlf,
            keys: KeyOrder::Sorted,
            numbers: NumberForm::AsSent,
            escaping: Escaping::MINIMAL,
        }
    );
    assert_eq!(
        f.description,
        "re-encoded as tab-indented JSON with sorted keys, CRLF line ends and a trailing CRLF"
    );
}

#[test]
fn escaping_forms() {
    let body = "{\"u\":\"https://x.io/é😀\",\"h\":\"<a&b>\"}".as_bytes();
    let php = br#"{"u":"https:\/\/x.io\/\u00e9\ud83d\ude00","h":"<a&b>"}"#;
    let f = found(body, php).unwrap();
    assert_eq!(
        f.description,
        "re-encoded as compact JSON with non-ASCII escaped as \\uXXXX and slashes escaped as \\/ (PHP) (what PHP's json_encode(body) writes)"
    );
    let go = "{\"h\":\"\\u003ca\\u0026b\\u003e\",\"u\":\"https://x.io/é😀\"}".as_bytes();
    let f = found(body, go).unwrap();
    assert_eq!(f.combination.keys, KeyOrder::Sorted);
    assert!(f.combination.escaping.html);
    assert!(
        f.description
            .ends_with("(what Go's json.Marshal(body) writes)")
    );
}

#[test]
fn php_leaves_del_and_python_escapes_it() {
    let body = "[\"é\u{7f}\"]".as_bytes();
    let py = br#"["\u00e9\u007f"]"#;
    let php = "[\"\\u00e9\u{7f}\"]".as_bytes();
    assert_eq!(
        found(body, py).unwrap().combination.escaping.unicode,
        Unicode::Python
    );
    assert_eq!(
        found(body, php).unwrap().combination.escaping.unicode,
        Unicode::Php
    );
}

#[test]
fn as_sent_line_ends_and_trailing_newline() {
    let body = b"{\"a\": 1,\n \"b\": 2}\n";
    assert_eq!(
        found(body, b"{\"a\": 1,\n \"b\": 2}").unwrap().description,
        "without its trailing newline"
    );
    assert_eq!(
        found(body, b"{\"a\": 1,\r\n \"b\": 2}\r\n")
            .unwrap()
            .description,
        "with LF line ends turned into CRLF and with its trailing LF as CRLF"
    );
    assert_eq!(
        found(b"abc", b"abc\n").unwrap().description,
        "with a trailing newline added"
    );
}

#[test]
fn duplicate_keys_keep_the_first_position_and_the_last_value() {
    let f = found(br#"{"a":1,"b":2,"a":3}"#, br#"{"a": 3, "b": 2}"#).unwrap();
    assert!(
        f.description
            .starts_with("re-encoded as one-line JSON spaced")
    );
}

#[test]
fn the_budget_bounds_the_work() {
    // Big enough that the budget cuts the search short.
    let mut body = String::from("[");
    while body.len() < BUDGET_BYTES / 200 {
        body.push_str("{\"b\":\"x/y <&> é\u{7f}\",\"2\":1e3,\"1\":[1.50,-0],\"a\":{}},");
    }
    body.push_str("{}]");
    let mut bytes = 0usize;
    let s = search(body.as_bytes(), |b| {
        bytes += b.len();
        false
    });
    assert!(s.skipped() > 0, "{s:?}");
    assert!(bytes <= BUDGET_BYTES);
    assert!(s.tried > 50, "{s:?}");
}

#[test]
fn audit_helpers_write_javascript_forms() {
    let v: serde_json::Value =
        serde_json::from_str(r#"{"b":1,"a":"é/x","c":[1.0,{}],"d":[]}"#).unwrap();
    assert_eq!(
        compact(&v),
        r#"{"b":1,"a":"é/x","c":[1,{}],"d":[]}"#.as_bytes()
    );
    assert_eq!(
        String::from_utf8(pretty(&v)).unwrap(),
        "{\n  \"b\": 1,\n  \"a\": \"é/x\",\n  \"c\": [\n    1,\n    {}\n  ],\n  \"d\": []\n}"
    );
    assert_eq!(
        compact(&reverse_keys(&v)),
        r#"{"d":[],"c":[1,{}],"a":"é/x","b":1}"#.as_bytes()
    );
}

#[test]
fn python_writes_what_json_dumps_writes() {
    let v: serde_json::Value = serde_json::from_str(r#"{"a":"é","b":[1,2.5,true]}"#).unwrap();
    assert_eq!(
        String::from_utf8(python(&v)).unwrap(),
        r#"{"a": "\u00e9", "b": [1, 2.5, true]}"#
    );
    assert_eq!(
        String::from_utf8(compact(&v)).unwrap(),
        r#"{"a":"é","b":[1,2.5,true]}"#
    );
}
