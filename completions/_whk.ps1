
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'whk' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'whk'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'whk' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign a body the way a provider does and print the headers to send')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a webhook signature, and say why it fails and how to fix it')
            [CompletionResult]::new('providers', 'providers', [CompletionResultType]::ParameterValue, 'List the providers and schemes whk knows, with headers and secret variables')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Run a local receiver that shows, validates, answers, forwards and records deliveries')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send freshly signed fixture events to an endpoint and assert on the answers')
            [CompletionResult]::new('fixtures', 'fixtures', [CompletionResultType]::ParameterValue, 'List or show the fixture events whk ships')
            [CompletionResult]::new('ncco', 'ncco', [CompletionResultType]::ParameterValue, 'Lint Vonage NCCO call-control documents')
            [CompletionResult]::new('twiml', 'twiml', [CompletionResultType]::ParameterValue, 'Lint Twilio TwiML (and SignalWire cXML) voice documents')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Attack your own endpoint with forgeries, stale replays and malformed input')
            [CompletionResult]::new('call', 'call', [CompletionResultType]::ParameterValue, 'Play a whole phone call (Vonage, Twilio, SignalWire, Vapi) against your webhooks, offline')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the project config (whk.toml) in effect: each setting and where it came from')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a whk.toml for this project (asks on a terminal, or takes flags)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'whk;sign' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Provider whose scheme to sign with (see `whk providers`) [default: the app''s in whk.toml]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider whose scheme to sign with (see `whk providers`) [default: the app''s in whk.toml]')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The secret itself. Visible to other users in `ps` and shell history: prefer --secret-env or --secret-file')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from this environment variable')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from this file (one trailing newline is ignored)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The exact URL the request goes to (required by twilio, signalwire, signalwire-compat)')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'HTTP method')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'HTTP method')
            [CompletionResult]::new('--timestamp', '--timestamp', [CompletionResultType]::ParameterName, 'Unix timestamp to sign with (default: now)')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Message/delivery id for schemes that carry one (default: generated)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Extra request header, `Name: value` (e.g. the Content-Type Twilio uses to tell form from JSON). Repeatable')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra request header, `Name: value` (e.g. the Content-Type Twilio uses to tell form from JSON). Repeatable')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'Hash algorithm where the scheme offers a choice (vapi, vonage-sms, generic)')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Signature header name (vapi: x-signature; vapi-secret: X-Vapi-Secret; generic: X-Webhook-Signature)')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Timestamp header name (vapi; default x-timestamp)')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Message-id header for payload formats that sign {svix-id} (vapi)')
            [CompletionResult]::new('--payload-format', '--payload-format', [CompletionResultType]::ParameterName, 'What is signed, with {timestamp} {body} {method} {url} {svix-id} (vapi; default "{timestamp}.{body}")')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Signature encoding (vapi, generic; default hex)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the signature, e.g. "sha256=" (vapi: none; generic: "<algorithm>=")')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The api_key claim of Vonage JWTs')
            [CompletionResult]::new('--application-id', '--application-id', [CompletionResultType]::ParameterName, 'The application_id claim of Vonage JWTs')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--secret-base64', '--secret-base64', [CompletionResultType]::ParameterName, 'The secret is base64: sign with its decoded bytes (vapi secretIsBase64)')
            [CompletionResult]::new('--timestamp-ms', '--timestamp-ms', [CompletionResultType]::ParameterName, 'Timestamps in milliseconds instead of seconds (vapi)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;verify' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Provider whose scheme to check, or auto to recognise it from the headers')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider whose scheme to check, or auto to recognise it from the headers')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The secret itself. Visible to other users in `ps` and shell history: prefer --secret-env or --secret-file')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from this environment variable')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from this file (one trailing newline is ignored)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'A received header, `Name: value`. Repeatable; names are case-insensitive')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A received header, `Name: value`. Repeatable; names are case-insensitive')
            [CompletionResult]::new('--headers-file', '--headers-file', [CompletionResultType]::ParameterName, 'Headers from a file: a JSON object, the {"headers": {...}} that `whk sign --format json` prints, `Name: value` lines (a pasted HTTP request head), `curl -v` output (its `> ` lines), or a file written by `whk listen --record`. Replaces a recording''s headers')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The exact URL the provider called (URL-signed schemes: twilio, signalwire). Default for a recording: the URL listen checked against')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'HTTP method of the request [default: POST, or the recording''s]')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'HTTP method of the request [default: POST, or the recording''s]')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'Timestamp window in seconds, replacing the provider''s (0 turns the check off)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Verify as if it were this unix time (for captured deliveries and tests). Default for a recording: when listen received it')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'Hash algorithm where the scheme offers a choice (vapi, vonage-sms, generic)')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Signature header name (vapi: x-signature; vapi-secret: X-Vapi-Secret; generic: X-Webhook-Signature)')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Timestamp header name (vapi; default x-timestamp)')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Message-id header for payload formats that sign {svix-id} (vapi)')
            [CompletionResult]::new('--payload-format', '--payload-format', [CompletionResultType]::ParameterName, 'What is signed, with {timestamp} {body} {method} {url} {svix-id} (vapi; default "{timestamp}.{body}")')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Signature encoding (vapi, generic; default hex)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the signature, e.g. "sha256=" (vapi: none; generic: "<algorithm>=")')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The api_key claim of Vonage JWTs')
            [CompletionResult]::new('--application-id', '--application-id', [CompletionResultType]::ParameterName, 'The application_id claim of Vonage JWTs')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: {"valid", "provider", "reason", "message", "hint"}')
            [CompletionResult]::new('--secret-base64', '--secret-base64', [CompletionResultType]::ParameterName, 'The secret is base64: sign with its decoded bytes (vapi secretIsBase64)')
            [CompletionResult]::new('--timestamp-ms', '--timestamp-ms', [CompletionResultType]::ParameterName, 'Timestamps in milliseconds instead of seconds (vapi)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;providers' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;listen' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Address to bind. Loopback by default; 0.0.0.0 exposes the receiver to your network')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port to listen on; 0 picks a free one (printed at start)')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Only accept deliveries under this path prefix (others get 404)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Provider whose signatures to check, or auto to recognise each delivery''s scheme from its headers')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider whose signatures to check, or auto to recognise each delivery''s scheme from its headers')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The secret itself. Visible to other users in `ps` and shell history: prefer --secret-env or --secret-file')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from this environment variable')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from this file (one trailing newline is ignored)')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'The public URL the provider calls (your tunnel, e.g. https://abc.ngrok.app): URL-signed schemes are verified against BASE + path + query')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'Timestamp window in seconds, replacing the provider''s (0 turns the check off)')
            [CompletionResult]::new('--stale-after', '--stale-after', [CompletionResultType]::ParameterName, 'Flag signed timestamps older (or further in the future) than this as possible replays')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Show only deliveries whose event matches one of these patterns (`*` is a wildcard), e.g. `call.*,end-of-call-report`. The rest are still answered, counted and recorded')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Status code to answer with (default 200)')
            [CompletionResult]::new('--delay', '--delay', [CompletionResultType]::ParameterName, 'Wait this long before answering (e.g. 6s, 250ms), to test the sender''s timeouts')
            [CompletionResult]::new('--fail-first', '--fail-first', [CompletionResultType]::ParameterName, 'Answer the first N deliveries of each event id with 500, to watch the provider retry')
            [CompletionResult]::new('--respond', '--respond', [CompletionResultType]::ParameterName, 'Reply body from a file; the Content-Type comes from its extension (.json, .xml, .txt…)')
            [CompletionResult]::new('--answer', '--answer', [CompletionResultType]::ParameterName, 'Serve this Vonage NCCO (a JSON array, linted at start) to answer requests')
            [CompletionResult]::new('--answer-path', '--answer-path', [CompletionResultType]::ParameterName, 'Only requests to this path are answer requests (GET or POST); under --path when that is set [default: Vonage answer requests recognised by their content on any path, and /answer]')
            [CompletionResult]::new('--forward-to', '--forward-to', [CompletionResultType]::ParameterName, 'Pass every delivery to your app (http://…) byte for byte, and its reply back to the sender. The request path is appended to URL''s path')
            [CompletionResult]::new('--forward-timeout', '--forward-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the app''s reply before answering 504')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Exit after N deliveries')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Stop after this long; exit 1 if --count deliveries (or, without --count, any delivery) did not arrive by then')
            [CompletionResult]::new('--record', '--record', [CompletionResultType]::ParameterName, 'Write every delivery to DIR as a replayable fixture (one JSON file each)')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'Largest body accepted (e.g. 10MiB, 512KiB); larger ones get 413')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'How long a client may take to send the request head, and then the body')
            [CompletionResult]::new('--ui-port', '--ui-port', [CompletionResultType]::ParameterName, 'Serve the inspector on its own loopback port instead (0 picks a free one)')
            [CompletionResult]::new('--ui-history', '--ui-history', [CompletionResultType]::ParameterName, 'How much delivery data the inspector keeps in memory; the oldest go first')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'Hash algorithm where the scheme offers a choice (vapi, vonage-sms, generic)')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Signature header name (vapi: x-signature; vapi-secret: X-Vapi-Secret; generic: X-Webhook-Signature)')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Timestamp header name (vapi; default x-timestamp)')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Message-id header for payload formats that sign {svix-id} (vapi)')
            [CompletionResult]::new('--payload-format', '--payload-format', [CompletionResultType]::ParameterName, 'What is signed, with {timestamp} {body} {method} {url} {svix-id} (vapi; default "{timestamp}.{body}")')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Signature encoding (vapi, generic; default hex)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the signature, e.g. "sha256=" (vapi: none; generic: "<algorithm>=")')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The api_key claim of Vonage JWTs')
            [CompletionResult]::new('--application-id', '--application-id', [CompletionResultType]::ParameterName, 'The application_id claim of Vonage JWTs')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per delivery on stdout (first line: {"listening": URL}; last line: {"summary": {...}})')
            [CompletionResult]::new('--compact', '--compact', [CompletionResultType]::ParameterName, 'Print one line per delivery instead of the full block')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Fail (exit 1) on payload warnings too: a payload in a shape the provider does not send, such as a seed guide''s invented event')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'In recordings, mask phone numbers and credential headers')
            [CompletionResult]::new('--ui', '--ui', [CompletionResultType]::ParameterName, 'Serve the web inspector on 127.0.0.1 under /_whk/ (on this port, or --ui-port): live list, detail, signature verdicts, replay with a fresh signature')
            [CompletionResult]::new('--secret-base64', '--secret-base64', [CompletionResultType]::ParameterName, 'The secret is base64: sign with its decoded bytes (vapi secretIsBase64)')
            [CompletionResult]::new('--timestamp-ms', '--timestamp-ms', [CompletionResultType]::ParameterName, 'Timestamps in milliseconds instead of seconds (vapi)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;replay' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to send: the fixture''s path and query are appended to this URL (http only)')
            [CompletionResult]::new('--route', '--route', [CompletionResultType]::ParameterName, 'Send requests of one webhook kind to their own URL (repeatable): answer, event, fallback (Vonage), voice, status, action (Twilio, SignalWire), server (Vapi), webhook (the rest). Kinds without a route go to --to; `whk fixtures` shows each fixture''s kind')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Sign every fixture with this provider''s scheme, whatever its folder or envelope says')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Sign every fixture with this provider''s scheme, whatever its folder or envelope says')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The secret itself. Visible to other users in `ps` and shell history: prefer --secret-env or --secret-file')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from this environment variable')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from this file (one trailing newline is ignored)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Extra header for every request, before signing (repeatable): -H ''Name: value''')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra header for every request, before signing (repeatable): -H ''Name: value''')
            [CompletionResult]::new('--var', '--var', [CompletionResultType]::ParameterName, 'Set a template variable (repeatable): fills {{var:NAME}} (beating the lifecycle''s vars and the default); `call_id`, `call_sid`, `account_sid` and named placeholders such as `uuid:conversation` pin those values')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Send each fixture (or lifecycle) N times, fresh ids each time')
            [CompletionResult]::new('--repeat', '--repeat', [CompletionResultType]::ParameterName, 'Send each fixture (or lifecycle) N times, fresh ids each time')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Deliveries in flight at once (a lifecycle''s steps always go one after another)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Deliveries in flight at once (a lifecycle''s steps always go one after another)')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'At most R requests per second')
            [CompletionResult]::new('--gap', '--gap', [CompletionResultType]::ParameterName, 'Wait between lifecycle steps, overriding the lifecycle files (e.g. 500ms, 2s)')
            [CompletionResult]::new('--deadline', '--deadline', [CompletionResultType]::ParameterName, 'Answer deadline per request [default: the fixture''s, else 5s]')
            [CompletionResult]::new('--expect-status', '--expect-status', [CompletionResultType]::ParameterName, 'Accepted statuses: 200, 2xx, 200,204 or 200-299 [default: the fixture''s, else 2xx]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts in all, the first included (implies --retry) [default: 5]')
            [CompletionResult]::new('--initial-delay', '--initial-delay', [CompletionResultType]::ParameterName, 'Wait before the first retry (implies --retry) [default: 1s]')
            [CompletionResult]::new('--max-delay', '--max-delay', [CompletionResultType]::ParameterName, 'Longest wait between attempts (implies --retry) [default: 30s]')
            [CompletionResult]::new('--backoff-factor', '--backoff-factor', [CompletionResultType]::ParameterName, 'Each wait is the previous one times this (implies --retry) [default: 2]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human, json (the same as --json), or github (GitHub Actions annotations, one ::error/::warning per finding, titled with its code)')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'Hash algorithm where the scheme offers a choice (vapi, vonage-sms, generic)')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Signature header name (vapi: x-signature; vapi-secret: X-Vapi-Secret; generic: X-Webhook-Signature)')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Timestamp header name (vapi; default x-timestamp)')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Message-id header for payload formats that sign {svix-id} (vapi)')
            [CompletionResult]::new('--payload-format', '--payload-format', [CompletionResultType]::ParameterName, 'What is signed, with {timestamp} {body} {method} {url} {svix-id} (vapi; default "{timestamp}.{body}")')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Signature encoding (vapi, generic; default hex)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the signature, e.g. "sha256=" (vapi: none; generic: "<algorithm>=")')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The api_key claim of Vonage JWTs')
            [CompletionResult]::new('--application-id', '--application-id', [CompletionResultType]::ParameterName, 'The application_id claim of Vonage JWTs')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--unsigned', '--unsigned', [CompletionResultType]::ParameterName, 'Send without signatures (no secret needed)')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Send the bytes exactly as written: no placeholders filled in (still signed)')
            [CompletionResult]::new('--duplicate', '--duplicate', [CompletionResultType]::ParameterName, 'Send every delivery twice with the same id and signature, as a provider retry does')
            [CompletionResult]::new('--shuffle', '--shuffle', [CompletionResultType]::ParameterName, 'Deliver out of order: fixtures in random order, and a lifecycle''s steps too')
            [CompletionResult]::new('--retry', '--retry', [CompletionResultType]::ParameterName, 'Retry failed deliveries (non-matching status, timeout, connection error) with exponential backoff, re-signing each attempt')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per request, then {"summary": {...}}')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print each signed request as a curl command instead of sending it (the secret is not in it)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only failed requests and the summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only failed requests and the summary')
            [CompletionResult]::new('--secret-base64', '--secret-base64', [CompletionResultType]::ParameterName, 'The secret is base64: sign with its decoded bytes (vapi secretIsBase64)')
            [CompletionResult]::new('--timestamp-ms', '--timestamp-ms', [CompletionResultType]::ParameterName, 'Timestamps in milliseconds instead of seconds (vapi)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;fixtures' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Only this provider folder (vapi, vonage, twilio, lifecycles, …)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Only this provider folder (vapi, vonage, twilio, lifecycles, …)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print one fixture (or each step of a lifecycle) as the request it sends, placeholders filled in')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Copy the shipped fixtures (and the JSON Schema) into a folder to edit them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'whk;fixtures;show' {
            [CompletionResult]::new('--var', '--var', [CompletionResultType]::ParameterName, 'Set a template variable (repeatable), as `whk replay --var` does')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Show the bytes as written, placeholders not filled in')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Print only the body')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the rendered request as JSON (an envelope)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;fixtures;export' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite files that already exist')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;fixtures;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print one fixture (or each step of a lifecycle) as the request it sends, placeholders filled in')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Copy the shipped fixtures (and the JSON Schema) into a folder to edit them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'whk;fixtures;help;show' {
            break
        }
        'whk;fixtures;help;export' {
            break
        }
        'whk;fixtures;help;help' {
            break
        }
        'whk;ncco' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Lint NCCO files: strict JSON, known actions and options, types, ranges, URLs, and the cross-action rules of the NCCO reference')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List every rule: code, name, severity, whether --fix fixes it, summary')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show a rule''s documentation (what it does, why it is bad, examples)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'whk;ncco;lint' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human (code frames), json, sarif (SARIF 2.1.0), github (workflow annotations)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--deny-warnings', '--deny-warnings', [CompletionResultType]::ParameterName, 'Exit 1 on warnings too')
            [CompletionResult]::new('--fix', '--fix', [CompletionResultType]::ParameterName, 'Apply safe fixes in place (the FIX column of `rules` says which rules have one; for NCCOs: wrap a lone action or URL in an array, unquote "true" and numbers where a boolean or number is expected), then lint again. For stdin, the fixed document is printed to stdout and findings go to stderr')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;ncco;rules' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the rules as a JSON array (with their full docs)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;ncco;explain' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;ncco;help' {
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Lint NCCO files: strict JSON, known actions and options, types, ranges, URLs, and the cross-action rules of the NCCO reference')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List every rule: code, name, severity, whether --fix fixes it, summary')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show a rule''s documentation (what it does, why it is bad, examples)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'whk;ncco;help;lint' {
            break
        }
        'whk;ncco;help;rules' {
            break
        }
        'whk;ncco;help;explain' {
            break
        }
        'whk;ncco;help;help' {
            break
        }
        'whk;twiml' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Lint TwiML files: well-formed XML, known verbs and nouns in allowed places, attribute types and enums, and the mistakes people make (a Gather with no prompt, a bare `&`, a non-wss Stream URL, verbs after Hangup)')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List every rule: code, name, severity, whether --fix fixes it, summary')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show a rule''s documentation (what it does, why it is bad, examples)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'whk;twiml;lint' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human (code frames), json, sarif (SARIF 2.1.0), github (workflow annotations)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--deny-warnings', '--deny-warnings', [CompletionResultType]::ParameterName, 'Exit 1 on warnings too')
            [CompletionResult]::new('--fix', '--fix', [CompletionResultType]::ParameterName, 'Apply safe fixes in place (the FIX column of `rules` says which rules have one; for NCCOs: wrap a lone action or URL in an array, unquote "true" and numbers where a boolean or number is expected), then lint again. For stdin, the fixed document is printed to stdout and findings go to stderr')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;twiml;rules' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the rules as a JSON array (with their full docs)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;twiml;explain' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;twiml;help' {
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Lint TwiML files: well-formed XML, known verbs and nouns in allowed places, attribute types and enums, and the mistakes people make (a Gather with no prompt, a bare `&`, a non-wss Stream URL, verbs after Hangup)')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List every rule: code, name, severity, whether --fix fixes it, summary')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show a rule''s documentation (what it does, why it is bad, examples)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'whk;twiml;help;lint' {
            break
        }
        'whk;twiml;help;rules' {
            break
        }
        'whk;twiml;help;explain' {
            break
        }
        'whk;twiml;help;help' {
            break
        }
        'whk;audit' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The provider scheme the endpoint verifies')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'The provider scheme the endpoint verifies')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The secret itself. Visible to other users in `ps` and shell history: prefer --secret-env or --secret-file')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from this environment variable')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from this file (one trailing newline is ignored)')
            [CompletionResult]::new('--deadline', '--deadline', [CompletionResultType]::ParameterName, 'How long each request may take before it counts as a hang')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Extra header for every request, `Name: value` (e.g. an API key the endpoint needs)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra header for every request, `Name: value` (e.g. an API key the endpoint needs)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human, json (the same as --json), or github (GitHub Actions annotations, one ::error/::warning per finding, titled with its code)')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'Hash algorithm where the scheme offers a choice (vapi, vonage-sms, generic)')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Signature header name (vapi: x-signature; vapi-secret: X-Vapi-Secret; generic: X-Webhook-Signature)')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Timestamp header name (vapi; default x-timestamp)')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Message-id header for payload formats that sign {svix-id} (vapi)')
            [CompletionResult]::new('--payload-format', '--payload-format', [CompletionResultType]::ParameterName, 'What is signed, with {timestamp} {body} {method} {url} {svix-id} (vapi; default "{timestamp}.{body}")')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Signature encoding (vapi, generic; default hex)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the signature, e.g. "sha256=" (vapi: none; generic: "<algorithm>=")')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The api_key claim of Vonage JWTs')
            [CompletionResult]::new('--application-id', '--application-id', [CompletionResultType]::ParameterName, 'The application_id claim of Vonage JWTs')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object for CI instead of the table')
            [CompletionResult]::new('--secret-base64', '--secret-base64', [CompletionResultType]::ParameterName, 'The secret is base64: sign with its decoded bytes (vapi secretIsBase64)')
            [CompletionResult]::new('--timestamp-ms', '--timestamp-ms', [CompletionResultType]::ParameterName, 'Timestamps in milliseconds instead of seconds (vapi)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;call' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'The platform whk plays: vonage (default), twilio, signalwire (cXML) or vapi. Overrides the scenario''s `provider`')
            [CompletionResult]::new('--answer-url', '--answer-url', [CompletionResultType]::ParameterName, 'The answer URL (GET with query fields by default, as Vonage does)')
            [CompletionResult]::new('--event-url', '--event-url', [CompletionResultType]::ParameterName, 'The event URL (status events, input, record, errors)')
            [CompletionResult]::new('--fallback-url', '--fallback-url', [CompletionResultType]::ParameterName, 'The fallback URL: Vonage''s application fallback (tried twice after the answer URL failed twice); Twilio/SignalWire''s voice fallback (asked with ErrorCode and ErrorUrl)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The app''s base URL: answer URL URL/answer, event URL URL/event (what `whk listen` serves); for twilio and signalwire voice URL URL/voice, status callback URL/status; for vapi the server URL itself')
            [CompletionResult]::new('--press', '--press', [CompletionResultType]::ParameterName, 'The caller keys these digits at the next input (repeatable; in order with --say)')
            [CompletionResult]::new('--say', '--say', [CompletionResultType]::ParameterName, 'The caller says this at the next input (repeatable; in order with --press)')
            [CompletionResult]::new('--callee', '--callee', [CompletionResultType]::ParameterName, 'What a connect to NUMBER meets: answered, busy, unanswered, rejected, failed, timeout or machine (repeatable; NUMBER `default` for any other)')
            [CompletionResult]::new('--hangup-after', '--hangup-after', [CompletionResultType]::ParameterName, 'The caller hangs up this long after the call is answered (e.g. 120s, 5m)')
            [CompletionResult]::new('--order', '--order', [CompletionResultType]::ParameterName, 'The order status events go out in')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'The seed of the call''s ids and of --order shuffle (printed in the summary), to repeat a run exactly')
            [CompletionResult]::new('--answer-deadline', '--answer-deadline', [CompletionResultType]::ParameterName, 'How long the answer URL (and the fallback URL) gets to answer [default: 5s; vapi: the assistant-request''s 7.5s; twilio/signalwire: 15s for each TwiML request]')
            [CompletionResult]::new('--event-deadline', '--event-deadline', [CompletionResultType]::ParameterName, 'How long the event URL gets to answer each webhook [default: 10s; vapi: a tool call''s 20s; twilio/signalwire: 15s for each status callback]')
            [CompletionResult]::new('--ws-to', '--ws-to', [CompletionResultType]::ParameterName, 'Map the NCCO''s WebSocket host to a local app: ws://127.0.0.1:PORT/…')
            [CompletionResult]::new('--audio', '--audio', [CompletionResultType]::ParameterName, 'The caller''s audio on a WebSocket leg: a WAV file (16-bit PCM; resampled), else silence')
            [CompletionResult]::new('--record', '--record', [CompletionResultType]::ParameterName, 'Write the run as a lifecycle and fixtures that `whk replay` can send again')
            [CompletionResult]::new('--repeat', '--repeat', [CompletionResultType]::ParameterName, 'Play the call this many times (fresh ids each), for load')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'With --repeat: at most this many calls at once')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human, json (the same as --json), or github (GitHub Actions annotations, one per finding)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The secret itself. Visible to other users in `ps` and shell history: prefer --secret-env or --secret-file')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from this environment variable')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from this file (one trailing newline is ignored)')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'Hash algorithm where the scheme offers a choice (vapi, vonage-sms, generic)')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Signature header name (vapi: x-signature; vapi-secret: X-Vapi-Secret; generic: X-Webhook-Signature)')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Timestamp header name (vapi; default x-timestamp)')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Message-id header for payload formats that sign {svix-id} (vapi)')
            [CompletionResult]::new('--payload-format', '--payload-format', [CompletionResultType]::ParameterName, 'What is signed, with {timestamp} {body} {method} {url} {svix-id} (vapi; default "{timestamp}.{body}")')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Signature encoding (vapi, generic; default hex)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the signature, e.g. "sha256=" (vapi: none; generic: "<algorithm>=")')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The api_key claim of Vonage JWTs')
            [CompletionResult]::new('--application-id', '--application-id', [CompletionResultType]::ParameterName, 'The application_id claim of Vonage JWTs')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--duplicate-events', '--duplicate-events', [CompletionResultType]::ParameterName, 'Send every status event twice (does the app handle duplicates?)')
            [CompletionResult]::new('--realtime', '--realtime', [CompletionResultType]::ParameterName, 'Run the call on the wall clock instead of the virtual one')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per timeline entry, then {"summary": {...}}')
            [CompletionResult]::new('--secret-base64', '--secret-base64', [CompletionResultType]::ParameterName, 'The secret is base64: sign with its decoded bytes (vapi secretIsBase64)')
            [CompletionResult]::new('--timestamp-ms', '--timestamp-ms', [CompletionResultType]::ParameterName, 'Timestamps in milliseconds instead of seconds (vapi)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;config' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print {"app", "file", "settings": {KEY: {"value", "source"}}}')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'Print the JSON Schema of whk.toml (for editors; `whk init` writes it beside the file)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;init' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The provider of each app (repeatable: one app each, named after it; the first is the default). --app NAME names a single app')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'The provider of each app (repeatable: one app each, named after it; the first is the default). --app NAME names a single app')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'The variable holding each provider''s secret, in --provider order [default: each provider''s usual one, see `whk providers`]')
            [CompletionResult]::new('--answer', '--answer', [CompletionResultType]::ParameterName, 'Vonage answer URL')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Vonage event URL')
            [CompletionResult]::new('--fallback', '--fallback', [CompletionResultType]::ParameterName, 'Vonage fallback URL')
            [CompletionResult]::new('--voice', '--voice', [CompletionResultType]::ParameterName, 'Twilio/SignalWire voice URL')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Twilio/SignalWire status callback URL')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Twilio/SignalWire action URL')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Vapi server URL')
            [CompletionResult]::new('--webhook', '--webhook', [CompletionResultType]::ParameterName, 'The webhook URL of any other provider')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Signature header name (e.g. X-Webhook-Signature for a generic HMAC system)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port `whk listen` uses for this app')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Infer providers and URLs from a folder written by `whk listen --record`')
            [CompletionResult]::new('--base', '--base', [CompletionResultType]::ParameterName, 'With --from: the app''s base URL; each recorded path is appended [default: the URL each delivery was recorded at]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file''s `default`, or its only app]')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Check each URL: send one signed request (and one with a wrong signature) and say whether the app answers 2xx and verifies. Always done when asking on a terminal')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing whk.toml')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no whk.toml at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;help' {
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign a body the way a provider does and print the headers to send')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a webhook signature, and say why it fails and how to fix it')
            [CompletionResult]::new('providers', 'providers', [CompletionResultType]::ParameterValue, 'List the providers and schemes whk knows, with headers and secret variables')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Run a local receiver that shows, validates, answers, forwards and records deliveries')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send freshly signed fixture events to an endpoint and assert on the answers')
            [CompletionResult]::new('fixtures', 'fixtures', [CompletionResultType]::ParameterValue, 'List or show the fixture events whk ships')
            [CompletionResult]::new('ncco', 'ncco', [CompletionResultType]::ParameterValue, 'Lint Vonage NCCO call-control documents')
            [CompletionResult]::new('twiml', 'twiml', [CompletionResultType]::ParameterValue, 'Lint Twilio TwiML (and SignalWire cXML) voice documents')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Attack your own endpoint with forgeries, stale replays and malformed input')
            [CompletionResult]::new('call', 'call', [CompletionResultType]::ParameterValue, 'Play a whole phone call (Vonage, Twilio, SignalWire, Vapi) against your webhooks, offline')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the project config (whk.toml) in effect: each setting and where it came from')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a whk.toml for this project (asks on a terminal, or takes flags)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'whk;help;sign' {
            break
        }
        'whk;help;verify' {
            break
        }
        'whk;help;providers' {
            break
        }
        'whk;help;listen' {
            break
        }
        'whk;help;replay' {
            break
        }
        'whk;help;fixtures' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print one fixture (or each step of a lifecycle) as the request it sends, placeholders filled in')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Copy the shipped fixtures (and the JSON Schema) into a folder to edit them')
            break
        }
        'whk;help;fixtures;show' {
            break
        }
        'whk;help;fixtures;export' {
            break
        }
        'whk;help;ncco' {
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Lint NCCO files: strict JSON, known actions and options, types, ranges, URLs, and the cross-action rules of the NCCO reference')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List every rule: code, name, severity, whether --fix fixes it, summary')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show a rule''s documentation (what it does, why it is bad, examples)')
            break
        }
        'whk;help;ncco;lint' {
            break
        }
        'whk;help;ncco;rules' {
            break
        }
        'whk;help;ncco;explain' {
            break
        }
        'whk;help;twiml' {
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Lint TwiML files: well-formed XML, known verbs and nouns in allowed places, attribute types and enums, and the mistakes people make (a Gather with no prompt, a bare `&`, a non-wss Stream URL, verbs after Hangup)')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List every rule: code, name, severity, whether --fix fixes it, summary')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show a rule''s documentation (what it does, why it is bad, examples)')
            break
        }
        'whk;help;twiml;lint' {
            break
        }
        'whk;help;twiml;rules' {
            break
        }
        'whk;help;twiml;explain' {
            break
        }
        'whk;help;audit' {
            break
        }
        'whk;help;call' {
            break
        }
        'whk;help;completions' {
            break
        }
        'whk;help;config' {
            break
        }
        'whk;help;init' {
            break
        }
        'whk;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
