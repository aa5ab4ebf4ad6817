
use builtin;
use str;

set edit:completion:arg-completer[whk] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'whk'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'whk'= {
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand sign 'Sign a body the way a provider does and print the headers to send'
            cand verify 'Check a webhook signature, and say why it fails and how to fix it'
            cand providers 'List the providers and schemes whk knows, with headers and secret variables'
            cand listen 'Run a local receiver that shows, validates, answers, forwards and records deliveries'
            cand replay 'Send freshly signed fixture events to an endpoint and assert on the answers'
            cand fixtures 'List or show the fixture events whk ships'
            cand ncco 'Lint Vonage NCCO call-control documents'
            cand twiml 'Lint Twilio TwiML (and SignalWire cXML) voice documents'
            cand audit 'Attack your own endpoint with forgeries, stale replays and malformed input'
            cand call 'Play a whole phone call (Vonage, Twilio, SignalWire, Vapi) against your webhooks, offline'
            cand completions 'Print a shell completion script'
            cand config 'Show the project config (whk.toml) in effect: each setting and where it came from'
            cand init 'Write a whk.toml for this project (asks on a terminal, or takes flags)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'whk;sign'= {
            cand -p 'Provider whose scheme to sign with (see `whk providers`) [default: the app''s in whk.toml]'
            cand --provider 'Provider whose scheme to sign with (see `whk providers`) [default: the app''s in whk.toml]'
            cand --secret 'The secret itself. Visible to other users in `ps` and shell history: prefer --secret-env or --secret-file'
            cand --secret-env 'Read the secret from this environment variable'
            cand --secret-file 'Read the secret from this file (one trailing newline is ignored)'
            cand --url 'The exact URL the request goes to (required by twilio, signalwire, signalwire-compat)'
            cand -X 'HTTP method'
            cand --method 'HTTP method'
            cand --timestamp 'Unix timestamp to sign with (default: now)'
            cand --id 'Message/delivery id for schemes that carry one (default: generated)'
            cand -H 'Extra request header, `Name: value` (e.g. the Content-Type Twilio uses to tell form from JSON). Repeatable'
            cand --header 'Extra request header, `Name: value` (e.g. the Content-Type Twilio uses to tell form from JSON). Repeatable'
            cand --format 'Output format'
            cand --algorithm 'Hash algorithm where the scheme offers a choice (vapi, vonage-sms, generic)'
            cand --signature-header 'Signature header name (vapi: x-signature; vapi-secret: X-Vapi-Secret; generic: X-Webhook-Signature)'
            cand --timestamp-header 'Timestamp header name (vapi; default x-timestamp)'
            cand --id-header 'Message-id header for payload formats that sign {svix-id} (vapi)'
            cand --payload-format 'What is signed, with {timestamp} {body} {method} {url} {svix-id} (vapi; default "{timestamp}.{body}")'
            cand --encoding 'Signature encoding (vapi, generic; default hex)'
            cand --prefix 'Text before the signature, e.g. "sha256=" (vapi: none; generic: "<algorithm>=")'
            cand --api-key 'The api_key claim of Vonage JWTs'
            cand --application-id 'The application_id claim of Vonage JWTs'
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --secret-base64 'The secret is base64: sign with its decoded bytes (vapi secretIsBase64)'
            cand --timestamp-ms 'Timestamps in milliseconds instead of seconds (vapi)'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;verify'= {
            cand -p 'Provider whose scheme to check, or auto to recognise it from the headers'
            cand --provider 'Provider whose scheme to check, or auto to recognise it from the headers'
            cand --secret 'The secret itself. Visible to other users in `ps` and shell history: prefer --secret-env or --secret-file'
            cand --secret-env 'Read the secret from this environment variable'
            cand --secret-file 'Read the secret from this file (one trailing newline is ignored)'
            cand -H 'A received header, `Name: value`. Repeatable; names are case-insensitive'
            cand --header 'A received header, `Name: value`. Repeatable; names are case-insensitive'
            cand --headers-file 'Headers from a file: a JSON object, the {"headers": {...}} that `whk sign --format json` prints, `Name: value` lines (a pasted HTTP request head), `curl -v` output (its `> ` lines), or a file written by `whk listen --record`. Replaces a recording''s headers'
            cand --url 'The exact URL the provider called (URL-signed schemes: twilio, signalwire). Default for a recording: the URL listen checked against'
            cand -X 'HTTP method of the request [default: POST, or the recording''s]'
            cand --method 'HTTP method of the request [default: POST, or the recording''s]'
            cand --tolerance 'Timestamp window in seconds, replacing the provider''s (0 turns the check off)'
            cand --now 'Verify as if it were this unix time (for captured deliveries and tests). Default for a recording: when listen received it'
            cand --algorithm 'Hash algorithm where the scheme offers a choice (vapi, vonage-sms, generic)'
            cand --signature-header 'Signature header name (vapi: x-signature; vapi-secret: X-Vapi-Secret; generic: X-Webhook-Signature)'
            cand --timestamp-header 'Timestamp header name (vapi; default x-timestamp)'
            cand --id-header 'Message-id header for payload formats that sign {svix-id} (vapi)'
            cand --payload-format 'What is signed, with {timestamp} {body} {method} {url} {svix-id} (vapi; default "{timestamp}.{body}")'
            cand --encoding 'Signature encoding (vapi, generic; default hex)'
            cand --prefix 'Text before the signature, e.g. "sha256=" (vapi: none; generic: "<algorithm>=")'
            cand --api-key 'The api_key claim of Vonage JWTs'
            cand --application-id 'The application_id claim of Vonage JWTs'
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --json 'Print one JSON object: {"valid", "provider", "reason", "message", "hint"}'
            cand --secret-base64 'The secret is base64: sign with its decoded bytes (vapi secretIsBase64)'
            cand --timestamp-ms 'Timestamps in milliseconds instead of seconds (vapi)'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;providers'= {
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --json 'Print JSON instead of a table'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;listen'= {
            cand --host 'Address to bind. Loopback by default; 0.0.0.0 exposes the receiver to your network'
            cand --port 'Port to listen on; 0 picks a free one (printed at start)'
            cand --path 'Only accept deliveries under this path prefix (others get 404)'
            cand -p 'Provider whose signatures to check, or auto to recognise each delivery''s scheme from its headers'
            cand --provider 'Provider whose signatures to check, or auto to recognise each delivery''s scheme from its headers'
            cand --secret 'The secret itself. Visible to other users in `ps` and shell history: prefer --secret-env or --secret-file'
            cand --secret-env 'Read the secret from this environment variable'
            cand --secret-file 'Read the secret from this file (one trailing newline is ignored)'
            cand --public-url 'The public URL the provider calls (your tunnel, e.g. https://abc.ngrok.app): URL-signed schemes are verified against BASE + path + query'
            cand --tolerance 'Timestamp window in seconds, replacing the provider''s (0 turns the check off)'
            cand --stale-after 'Flag signed timestamps older (or further in the future) than this as possible replays'
            cand --events 'Show only deliveries whose event matches one of these patterns (`*` is a wildcard), e.g. `call.*,end-of-call-report`. The rest are still answered, counted and recorded'
            cand --status 'Status code to answer with (default 200)'
            cand --delay 'Wait this long before answering (e.g. 6s, 250ms), to test the sender''s timeouts'
            cand --fail-first 'Answer the first N deliveries of each event id with 500, to watch the provider retry'
            cand --respond 'Reply body from a file; the Content-Type comes from its extension (.json, .xml, .txt…)'
            cand --answer 'Serve this Vonage NCCO (a JSON array, linted at start) to answer requests'
            cand --answer-path 'Only requests to this path are answer requests (GET or POST); under --path when that is set [default: Vonage answer requests recognised by their content on any path, and /answer]'
            cand --forward-to 'Pass every delivery to your app (http://…) byte for byte, and its reply back to the sender. The request path is appended to URL''s path'
            cand --forward-timeout 'How long to wait for the app''s reply before answering 504'
            cand --count 'Exit after N deliveries'
            cand --timeout 'Stop after this long; exit 1 if --count deliveries (or, without --count, any delivery) did not arrive by then'
            cand --record 'Write every delivery to DIR as a replayable fixture (one JSON file each)'
            cand --max-body 'Largest body accepted (e.g. 10MiB, 512KiB); larger ones get 413'
            cand --read-timeout 'How long a client may take to send the request head, and then the body'
            cand --ui-port 'Serve the inspector on its own loopback port instead (0 picks a free one)'
            cand --ui-history 'How much delivery data the inspector keeps in memory; the oldest go first'
            cand --algorithm 'Hash algorithm where the scheme offers a choice (vapi, vonage-sms, generic)'
            cand --signature-header 'Signature header name (vapi: x-signature; vapi-secret: X-Vapi-Secret; generic: X-Webhook-Signature)'
            cand --timestamp-header 'Timestamp header name (vapi; default x-timestamp)'
            cand --id-header 'Message-id header for payload formats that sign {svix-id} (vapi)'
            cand --payload-format 'What is signed, with {timestamp} {body} {method} {url} {svix-id} (vapi; default "{timestamp}.{body}")'
            cand --encoding 'Signature encoding (vapi, generic; default hex)'
            cand --prefix 'Text before the signature, e.g. "sha256=" (vapi: none; generic: "<algorithm>=")'
            cand --api-key 'The api_key claim of Vonage JWTs'
            cand --application-id 'The application_id claim of Vonage JWTs'
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --json 'Print one JSON object per delivery on stdout (first line: {"listening": URL}; last line: {"summary": {...}})'
            cand --compact 'Print one line per delivery instead of the full block'
            cand --strict 'Fail (exit 1) on payload warnings too: a payload in a shape the provider does not send, such as a seed guide''s invented event'
            cand --redact 'In recordings, mask phone numbers and credential headers'
            cand --ui 'Serve the web inspector on 127.0.0.1 under /_whk/ (on this port, or --ui-port): live list, detail, signature verdicts, replay with a fresh signature'
            cand --secret-base64 'The secret is base64: sign with its decoded bytes (vapi secretIsBase64)'
            cand --timestamp-ms 'Timestamps in milliseconds instead of seconds (vapi)'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;replay'= {
            cand --to 'Where to send: the fixture''s path and query are appended to this URL (http only)'
            cand --route 'Send requests of one webhook kind to their own URL (repeatable): answer, event, fallback (Vonage), voice, status, action (Twilio, SignalWire), server (Vapi), webhook (the rest). Kinds without a route go to --to; `whk fixtures` shows each fixture''s kind'
            cand -p 'Sign every fixture with this provider''s scheme, whatever its folder or envelope says'
            cand --provider 'Sign every fixture with this provider''s scheme, whatever its folder or envelope says'
            cand --secret 'The secret itself. Visible to other users in `ps` and shell history: prefer --secret-env or --secret-file'
            cand --secret-env 'Read the secret from this environment variable'
            cand --secret-file 'Read the secret from this file (one trailing newline is ignored)'
            cand -H 'Extra header for every request, before signing (repeatable): -H ''Name: value'''
            cand --header 'Extra header for every request, before signing (repeatable): -H ''Name: value'''
            cand --var 'Set a template variable (repeatable): fills {{var:NAME}} (beating the lifecycle''s vars and the default); `call_id`, `call_sid`, `account_sid` and named placeholders such as `uuid:conversation` pin those values'
            cand -n 'Send each fixture (or lifecycle) N times, fresh ids each time'
            cand --repeat 'Send each fixture (or lifecycle) N times, fresh ids each time'
            cand -c 'Deliveries in flight at once (a lifecycle''s steps always go one after another)'
            cand --concurrency 'Deliveries in flight at once (a lifecycle''s steps always go one after another)'
            cand --rate 'At most R requests per second'
            cand --gap 'Wait between lifecycle steps, overriding the lifecycle files (e.g. 500ms, 2s)'
            cand --deadline 'Answer deadline per request [default: the fixture''s, else 5s]'
            cand --expect-status 'Accepted statuses: 200, 2xx, 200,204 or 200-299 [default: the fixture''s, else 2xx]'
            cand --max-attempts 'Attempts in all, the first included (implies --retry) [default: 5]'
            cand --initial-delay 'Wait before the first retry (implies --retry) [default: 1s]'
            cand --max-delay 'Longest wait between attempts (implies --retry) [default: 30s]'
            cand --backoff-factor 'Each wait is the previous one times this (implies --retry) [default: 2]'
            cand --format 'Output format: human, json (the same as --json), or github (GitHub Actions annotations, one ::error/::warning per finding, titled with its code)'
            cand --algorithm 'Hash algorithm where the scheme offers a choice (vapi, vonage-sms, generic)'
            cand --signature-header 'Signature header name (vapi: x-signature; vapi-secret: X-Vapi-Secret; generic: X-Webhook-Signature)'
            cand --timestamp-header 'Timestamp header name (vapi; default x-timestamp)'
            cand --id-header 'Message-id header for payload formats that sign {svix-id} (vapi)'
            cand --payload-format 'What is signed, with {timestamp} {body} {method} {url} {svix-id} (vapi; default "{timestamp}.{body}")'
            cand --encoding 'Signature encoding (vapi, generic; default hex)'
            cand --prefix 'Text before the signature, e.g. "sha256=" (vapi: none; generic: "<algorithm>=")'
            cand --api-key 'The api_key claim of Vonage JWTs'
            cand --application-id 'The application_id claim of Vonage JWTs'
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --unsigned 'Send without signatures (no secret needed)'
            cand --keep 'Send the bytes exactly as written: no placeholders filled in (still signed)'
            cand --duplicate 'Send every delivery twice with the same id and signature, as a provider retry does'
            cand --shuffle 'Deliver out of order: fixtures in random order, and a lifecycle''s steps too'
            cand --retry 'Retry failed deliveries (non-matching status, timeout, connection error) with exponential backoff, re-signing each attempt'
            cand --json 'One JSON object per request, then {"summary": {...}}'
            cand --dry-run 'Print each signed request as a curl command instead of sending it (the secret is not in it)'
            cand -q 'Print only failed requests and the summary'
            cand --quiet 'Print only failed requests and the summary'
            cand --secret-base64 'The secret is base64: sign with its decoded bytes (vapi secretIsBase64)'
            cand --timestamp-ms 'Timestamps in milliseconds instead of seconds (vapi)'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;fixtures'= {
            cand -p 'Only this provider folder (vapi, vonage, twilio, lifecycles, …)'
            cand --provider 'Only this provider folder (vapi, vonage, twilio, lifecycles, …)'
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --json 'Print JSON instead of a table'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Print one fixture (or each step of a lifecycle) as the request it sends, placeholders filled in'
            cand export 'Copy the shipped fixtures (and the JSON Schema) into a folder to edit them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'whk;fixtures;show'= {
            cand --var 'Set a template variable (repeatable), as `whk replay --var` does'
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --keep 'Show the bytes as written, placeholders not filled in'
            cand --body 'Print only the body'
            cand --json 'Print the rendered request as JSON (an envelope)'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;fixtures;export'= {
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --force 'Overwrite files that already exist'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;fixtures;help'= {
            cand show 'Print one fixture (or each step of a lifecycle) as the request it sends, placeholders filled in'
            cand export 'Copy the shipped fixtures (and the JSON Schema) into a folder to edit them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'whk;fixtures;help;show'= {
        }
        &'whk;fixtures;help;export'= {
        }
        &'whk;fixtures;help;help'= {
        }
        &'whk;ncco'= {
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand lint 'Lint NCCO files: strict JSON, known actions and options, types, ranges, URLs, and the cross-action rules of the NCCO reference'
            cand rules 'List every rule: code, name, severity, whether --fix fixes it, summary'
            cand explain 'Show a rule''s documentation (what it does, why it is bad, examples)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'whk;ncco;lint'= {
            cand --format 'Output format: human (code frames), json, sarif (SARIF 2.1.0), github (workflow annotations)'
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --deny-warnings 'Exit 1 on warnings too'
            cand --fix 'Apply safe fixes in place (the FIX column of `rules` says which rules have one; for NCCOs: wrap a lone action or URL in an array, unquote "true" and numbers where a boolean or number is expected), then lint again. For stdin, the fixed document is printed to stdout and findings go to stderr'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;ncco;rules'= {
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --json 'Print the rules as a JSON array (with their full docs)'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;ncco;explain'= {
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;ncco;help'= {
            cand lint 'Lint NCCO files: strict JSON, known actions and options, types, ranges, URLs, and the cross-action rules of the NCCO reference'
            cand rules 'List every rule: code, name, severity, whether --fix fixes it, summary'
            cand explain 'Show a rule''s documentation (what it does, why it is bad, examples)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'whk;ncco;help;lint'= {
        }
        &'whk;ncco;help;rules'= {
        }
        &'whk;ncco;help;explain'= {
        }
        &'whk;ncco;help;help'= {
        }
        &'whk;twiml'= {
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand lint 'Lint TwiML files: well-formed XML, known verbs and nouns in allowed places, attribute types and enums, and the mistakes people make (a Gather with no prompt, a bare `&`, a non-wss Stream URL, verbs after Hangup)'
            cand rules 'List every rule: code, name, severity, whether --fix fixes it, summary'
            cand explain 'Show a rule''s documentation (what it does, why it is bad, examples)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'whk;twiml;lint'= {
            cand --format 'Output format: human (code frames), json, sarif (SARIF 2.1.0), github (workflow annotations)'
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --deny-warnings 'Exit 1 on warnings too'
            cand --fix 'Apply safe fixes in place (the FIX column of `rules` says which rules have one; for NCCOs: wrap a lone action or URL in an array, unquote "true" and numbers where a boolean or number is expected), then lint again. For stdin, the fixed document is printed to stdout and findings go to stderr'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;twiml;rules'= {
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --json 'Print the rules as a JSON array (with their full docs)'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;twiml;explain'= {
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;twiml;help'= {
            cand lint 'Lint TwiML files: well-formed XML, known verbs and nouns in allowed places, attribute types and enums, and the mistakes people make (a Gather with no prompt, a bare `&`, a non-wss Stream URL, verbs after Hangup)'
            cand rules 'List every rule: code, name, severity, whether --fix fixes it, summary'
            cand explain 'Show a rule''s documentation (what it does, why it is bad, examples)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'whk;twiml;help;lint'= {
        }
        &'whk;twiml;help;rules'= {
        }
        &'whk;twiml;help;explain'= {
        }
        &'whk;twiml;help;help'= {
        }
        &'whk;audit'= {
            cand -p 'The provider scheme the endpoint verifies'
            cand --provider 'The provider scheme the endpoint verifies'
            cand --secret 'The secret itself. Visible to other users in `ps` and shell history: prefer --secret-env or --secret-file'
            cand --secret-env 'Read the secret from this environment variable'
            cand --secret-file 'Read the secret from this file (one trailing newline is ignored)'
            cand --deadline 'How long each request may take before it counts as a hang'
            cand -H 'Extra header for every request, `Name: value` (e.g. an API key the endpoint needs)'
            cand --header 'Extra header for every request, `Name: value` (e.g. an API key the endpoint needs)'
            cand --format 'Output format: human, json (the same as --json), or github (GitHub Actions annotations, one ::error/::warning per finding, titled with its code)'
            cand --algorithm 'Hash algorithm where the scheme offers a choice (vapi, vonage-sms, generic)'
            cand --signature-header 'Signature header name (vapi: x-signature; vapi-secret: X-Vapi-Secret; generic: X-Webhook-Signature)'
            cand --timestamp-header 'Timestamp header name (vapi; default x-timestamp)'
            cand --id-header 'Message-id header for payload formats that sign {svix-id} (vapi)'
            cand --payload-format 'What is signed, with {timestamp} {body} {method} {url} {svix-id} (vapi; default "{timestamp}.{body}")'
            cand --encoding 'Signature encoding (vapi, generic; default hex)'
            cand --prefix 'Text before the signature, e.g. "sha256=" (vapi: none; generic: "<algorithm>=")'
            cand --api-key 'The api_key claim of Vonage JWTs'
            cand --application-id 'The application_id claim of Vonage JWTs'
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --json 'Print one JSON object for CI instead of the table'
            cand --secret-base64 'The secret is base64: sign with its decoded bytes (vapi secretIsBase64)'
            cand --timestamp-ms 'Timestamps in milliseconds instead of seconds (vapi)'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;call'= {
            cand --provider 'The platform whk plays: vonage (default), twilio, signalwire (cXML) or vapi. Overrides the scenario''s `provider`'
            cand --answer-url 'The answer URL (GET with query fields by default, as Vonage does)'
            cand --event-url 'The event URL (status events, input, record, errors)'
            cand --fallback-url 'The fallback URL: Vonage''s application fallback (tried twice after the answer URL failed twice); Twilio/SignalWire''s voice fallback (asked with ErrorCode and ErrorUrl)'
            cand --to 'The app''s base URL: answer URL URL/answer, event URL URL/event (what `whk listen` serves); for twilio and signalwire voice URL URL/voice, status callback URL/status; for vapi the server URL itself'
            cand --press 'The caller keys these digits at the next input (repeatable; in order with --say)'
            cand --say 'The caller says this at the next input (repeatable; in order with --press)'
            cand --callee 'What a connect to NUMBER meets: answered, busy, unanswered, rejected, failed, timeout or machine (repeatable; NUMBER `default` for any other)'
            cand --hangup-after 'The caller hangs up this long after the call is answered (e.g. 120s, 5m)'
            cand --order 'The order status events go out in'
            cand --seed 'The seed of the call''s ids and of --order shuffle (printed in the summary), to repeat a run exactly'
            cand --answer-deadline 'How long the answer URL (and the fallback URL) gets to answer [default: 5s; vapi: the assistant-request''s 7.5s; twilio/signalwire: 15s for each TwiML request]'
            cand --event-deadline 'How long the event URL gets to answer each webhook [default: 10s; vapi: a tool call''s 20s; twilio/signalwire: 15s for each status callback]'
            cand --ws-to 'Map the NCCO''s WebSocket host to a local app: ws://127.0.0.1:PORT/…'
            cand --audio 'The caller''s audio on a WebSocket leg: a WAV file (16-bit PCM; resampled), else silence'
            cand --record 'Write the run as a lifecycle and fixtures that `whk replay` can send again'
            cand --repeat 'Play the call this many times (fresh ids each), for load'
            cand --concurrency 'With --repeat: at most this many calls at once'
            cand --format 'Output format: human, json (the same as --json), or github (GitHub Actions annotations, one per finding)'
            cand --secret 'The secret itself. Visible to other users in `ps` and shell history: prefer --secret-env or --secret-file'
            cand --secret-env 'Read the secret from this environment variable'
            cand --secret-file 'Read the secret from this file (one trailing newline is ignored)'
            cand --algorithm 'Hash algorithm where the scheme offers a choice (vapi, vonage-sms, generic)'
            cand --signature-header 'Signature header name (vapi: x-signature; vapi-secret: X-Vapi-Secret; generic: X-Webhook-Signature)'
            cand --timestamp-header 'Timestamp header name (vapi; default x-timestamp)'
            cand --id-header 'Message-id header for payload formats that sign {svix-id} (vapi)'
            cand --payload-format 'What is signed, with {timestamp} {body} {method} {url} {svix-id} (vapi; default "{timestamp}.{body}")'
            cand --encoding 'Signature encoding (vapi, generic; default hex)'
            cand --prefix 'Text before the signature, e.g. "sha256=" (vapi: none; generic: "<algorithm>=")'
            cand --api-key 'The api_key claim of Vonage JWTs'
            cand --application-id 'The application_id claim of Vonage JWTs'
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --duplicate-events 'Send every status event twice (does the app handle duplicates?)'
            cand --realtime 'Run the call on the wall clock instead of the virtual one'
            cand --json 'One JSON object per timeline entry, then {"summary": {...}}'
            cand --secret-base64 'The secret is base64: sign with its decoded bytes (vapi secretIsBase64)'
            cand --timestamp-ms 'Timestamps in milliseconds instead of seconds (vapi)'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;completions'= {
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;config'= {
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --json 'Print {"app", "file", "settings": {KEY: {"value", "source"}}}'
            cand --schema 'Print the JSON Schema of whk.toml (for editors; `whk init` writes it beside the file)'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;init'= {
            cand -p 'The provider of each app (repeatable: one app each, named after it; the first is the default). --app NAME names a single app'
            cand --provider 'The provider of each app (repeatable: one app each, named after it; the first is the default). --app NAME names a single app'
            cand --secret-env 'The variable holding each provider''s secret, in --provider order [default: each provider''s usual one, see `whk providers`]'
            cand --answer 'Vonage answer URL'
            cand --event 'Vonage event URL'
            cand --fallback 'Vonage fallback URL'
            cand --voice 'Twilio/SignalWire voice URL'
            cand --status 'Twilio/SignalWire status callback URL'
            cand --action 'Twilio/SignalWire action URL'
            cand --server 'Vapi server URL'
            cand --webhook 'The webhook URL of any other provider'
            cand --signature-header 'Signature header name (e.g. X-Webhook-Signature for a generic HMAC system)'
            cand --port 'Port `whk listen` uses for this app'
            cand --from 'Infer providers and URLs from a folder written by `whk listen --record`'
            cand --base 'With --from: the app''s base URL; each recorded path is appended [default: the URL each delivery was recorded at]'
            cand --color 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --config 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]'
            cand --app 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]'
            cand --check 'Check each URL: send one signed request (and one with a wrong signature) and say whether the app answers 2xx and verifies. Always done when asking on a terminal'
            cand --force 'Replace an existing whk.toml'
            cand --no-config 'Read no whk.toml at all'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;help'= {
            cand sign 'Sign a body the way a provider does and print the headers to send'
            cand verify 'Check a webhook signature, and say why it fails and how to fix it'
            cand providers 'List the providers and schemes whk knows, with headers and secret variables'
            cand listen 'Run a local receiver that shows, validates, answers, forwards and records deliveries'
            cand replay 'Send freshly signed fixture events to an endpoint and assert on the answers'
            cand fixtures 'List or show the fixture events whk ships'
            cand ncco 'Lint Vonage NCCO call-control documents'
            cand twiml 'Lint Twilio TwiML (and SignalWire cXML) voice documents'
            cand audit 'Attack your own endpoint with forgeries, stale replays and malformed input'
            cand call 'Play a whole phone call (Vonage, Twilio, SignalWire, Vapi) against your webhooks, offline'
            cand completions 'Print a shell completion script'
            cand config 'Show the project config (whk.toml) in effect: each setting and where it came from'
            cand init 'Write a whk.toml for this project (asks on a terminal, or takes flags)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'whk;help;sign'= {
        }
        &'whk;help;verify'= {
        }
        &'whk;help;providers'= {
        }
        &'whk;help;listen'= {
        }
        &'whk;help;replay'= {
        }
        &'whk;help;fixtures'= {
            cand show 'Print one fixture (or each step of a lifecycle) as the request it sends, placeholders filled in'
            cand export 'Copy the shipped fixtures (and the JSON Schema) into a folder to edit them'
        }
        &'whk;help;fixtures;show'= {
        }
        &'whk;help;fixtures;export'= {
        }
        &'whk;help;ncco'= {
            cand lint 'Lint NCCO files: strict JSON, known actions and options, types, ranges, URLs, and the cross-action rules of the NCCO reference'
            cand rules 'List every rule: code, name, severity, whether --fix fixes it, summary'
            cand explain 'Show a rule''s documentation (what it does, why it is bad, examples)'
        }
        &'whk;help;ncco;lint'= {
        }
        &'whk;help;ncco;rules'= {
        }
        &'whk;help;ncco;explain'= {
        }
        &'whk;help;twiml'= {
            cand lint 'Lint TwiML files: well-formed XML, known verbs and nouns in allowed places, attribute types and enums, and the mistakes people make (a Gather with no prompt, a bare `&`, a non-wss Stream URL, verbs after Hangup)'
            cand rules 'List every rule: code, name, severity, whether --fix fixes it, summary'
            cand explain 'Show a rule''s documentation (what it does, why it is bad, examples)'
        }
        &'whk;help;twiml;lint'= {
        }
        &'whk;help;twiml;rules'= {
        }
        &'whk;help;twiml;explain'= {
        }
        &'whk;help;audit'= {
        }
        &'whk;help;call'= {
        }
        &'whk;help;completions'= {
        }
        &'whk;help;config'= {
        }
        &'whk;help;init'= {
        }
        &'whk;help;help'= {
        }
    ]
    $completions[$command]
}
