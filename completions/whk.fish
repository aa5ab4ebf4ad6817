# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_whk_global_optspecs
    string join \n color= config= no-config app= h/help V/version
end

function __fish_whk_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_whk_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_whk_using_subcommand
    set -l cmd (__fish_whk_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c whk -n "__fish_whk_needs_command" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_needs_command" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_needs_command" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_needs_command" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_needs_command" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_needs_command" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_needs_command" -f -a "sign" -d 'Sign a body the way a provider does and print the headers to send'
complete -c whk -n "__fish_whk_needs_command" -f -a "verify" -d 'Check a webhook signature, and say why it fails and how to fix it'
complete -c whk -n "__fish_whk_needs_command" -f -a "providers" -d 'List the providers and schemes whk knows, with headers and secret variables'
complete -c whk -n "__fish_whk_needs_command" -f -a "listen" -d 'Run a local receiver that shows, validates, answers, forwards and records deliveries'
complete -c whk -n "__fish_whk_needs_command" -f -a "replay" -d 'Send freshly signed fixture events to an endpoint and assert on the answers'
complete -c whk -n "__fish_whk_needs_command" -f -a "fixtures" -d 'List or show the fixture events whk ships'
complete -c whk -n "__fish_whk_needs_command" -f -a "ncco" -d 'Lint Vonage NCCO call-control documents'
complete -c whk -n "__fish_whk_needs_command" -f -a "twiml" -d 'Lint Twilio TwiML (and SignalWire cXML) voice documents'
complete -c whk -n "__fish_whk_needs_command" -f -a "audit" -d 'Attack your own endpoint with forgeries, stale replays and malformed input'
complete -c whk -n "__fish_whk_needs_command" -f -a "call" -d 'Play a whole phone call (Vonage, Twilio, SignalWire, Vapi) against your webhooks, offline'
complete -c whk -n "__fish_whk_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c whk -n "__fish_whk_needs_command" -f -a "config" -d 'Show the project config (whk.toml) in effect: each setting and where it came from'
complete -c whk -n "__fish_whk_needs_command" -f -a "init" -d 'Write a whk.toml for this project (asks on a terminal, or takes flags)'
complete -c whk -n "__fish_whk_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c whk -n "__fish_whk_using_subcommand sign" -s p -l provider -d 'Provider whose scheme to sign with (see `whk providers`) [default: the app\'s in whk.toml]' -r -f -a "vapi\t'Vapi HMAC credential'
vapi-secret\t'Vapi legacy server secret'
vogent\t'Vogent'
signalwire\t'SignalWire RELAY/SWML (JSON)'
signalwire-compat\t'SignalWire compatibility (cXML/LaML), the Twilio scheme'
twilio\t'Twilio'
elevenlabs\t'ElevenLabs'
vonage\t'Vonage signed callbacks (Voice, Messages)'
vonage-sms\t'Vonage SMS signed messages (sig parameter)'
standard\t'Standard Webhooks (Svix)'
stripe\t'Stripe'
github\t'GitHub'
generic\t'Generic HMAC (X-Webhook-Signature: sha256=<hex>)'"
complete -c whk -n "__fish_whk_using_subcommand sign" -l secret -d 'The secret itself. Visible to other users in `ps` and shell history: prefer --secret-env or --secret-file' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l secret-env -d 'Read the secret from this environment variable' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l secret-file -d 'Read the secret from this file (one trailing newline is ignored)' -r -F
complete -c whk -n "__fish_whk_using_subcommand sign" -l url -d 'The exact URL the request goes to (required by twilio, signalwire, signalwire-compat)' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -s X -l method -d 'HTTP method' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l timestamp -d 'Unix timestamp to sign with (default: now)' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l id -d 'Message/delivery id for schemes that carry one (default: generated)' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -s H -l header -d 'Extra request header, `Name: value` (e.g. the Content-Type Twilio uses to tell form from JSON). Repeatable' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l format -d 'Output format' -r -f -a "headers\t'`Name: value` lines'
json\t'One JSON object: {"headers": {...}}, plus "url" / "body" when the scheme changes them'
curl\t'A ready curl command (the secret is not in it)'"
complete -c whk -n "__fish_whk_using_subcommand sign" -l algorithm -d 'Hash algorithm where the scheme offers a choice (vapi, vonage-sms, generic)' -r -f -a "md5hash\t'Vonage SMS legacy default: md5(params + secret)'
md5\t''
sha1\t''
sha256\t''
sha512\t''"
complete -c whk -n "__fish_whk_using_subcommand sign" -l signature-header -d 'Signature header name (vapi: x-signature; vapi-secret: X-Vapi-Secret; generic: X-Webhook-Signature)' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l timestamp-header -d 'Timestamp header name (vapi; default x-timestamp)' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l id-header -d 'Message-id header for payload formats that sign {svix-id} (vapi)' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l payload-format -d 'What is signed, with {timestamp} {body} {method} {url} {svix-id} (vapi; default "{timestamp}.{body}")' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l encoding -d 'Signature encoding (vapi, generic; default hex)' -r -f -a "hex\t''
base64\t''"
complete -c whk -n "__fish_whk_using_subcommand sign" -l prefix -d 'Text before the signature, e.g. "sha256=" (vapi: none; generic: "<algorithm>=")' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l api-key -d 'The api_key claim of Vonage JWTs' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l application-id -d 'The application_id claim of Vonage JWTs' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand sign" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_using_subcommand sign" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l secret-base64 -d 'The secret is base64: sign with its decoded bytes (vapi secretIsBase64)'
complete -c whk -n "__fish_whk_using_subcommand sign" -l timestamp-ms -d 'Timestamps in milliseconds instead of seconds (vapi)'
complete -c whk -n "__fish_whk_using_subcommand sign" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_using_subcommand sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c whk -n "__fish_whk_using_subcommand sign" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand verify" -s p -l provider -d 'Provider whose scheme to check, or auto to recognise it from the headers' -r -f -a "vapi\t'Vapi HMAC credential'
vapi-secret\t'Vapi legacy server secret'
vogent\t'Vogent'
signalwire\t'SignalWire RELAY/SWML (JSON)'
signalwire-compat\t'SignalWire compatibility (cXML/LaML), the Twilio scheme'
twilio\t'Twilio'
elevenlabs\t'ElevenLabs'
vonage\t'Vonage signed callbacks (Voice, Messages)'
vonage-sms\t'Vonage SMS signed messages (sig parameter)'
standard\t'Standard Webhooks (Svix)'
stripe\t'Stripe'
github\t'GitHub'
generic\t'Generic HMAC (X-Webhook-Signature: sha256=<hex>)'
auto\t'recognise the scheme from the headers'"
complete -c whk -n "__fish_whk_using_subcommand verify" -l secret -d 'The secret itself. Visible to other users in `ps` and shell history: prefer --secret-env or --secret-file' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l secret-env -d 'Read the secret from this environment variable' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l secret-file -d 'Read the secret from this file (one trailing newline is ignored)' -r -F
complete -c whk -n "__fish_whk_using_subcommand verify" -s H -l header -d 'A received header, `Name: value`. Repeatable; names are case-insensitive' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l headers-file -d 'Headers from a file: a JSON object, the {"headers": {...}} that `whk sign --format json` prints, `Name: value` lines (a pasted HTTP request head), `curl -v` output (its `> ` lines), or a file written by `whk listen --record`. Replaces a recording\'s headers' -r -F
complete -c whk -n "__fish_whk_using_subcommand verify" -l url -d 'The exact URL the provider called (URL-signed schemes: twilio, signalwire). Default for a recording: the URL listen checked against' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -s X -l method -d 'HTTP method of the request [default: POST, or the recording\'s]' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l tolerance -d 'Timestamp window in seconds, replacing the provider\'s (0 turns the check off)' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l now -d 'Verify as if it were this unix time (for captured deliveries and tests). Default for a recording: when listen received it' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l algorithm -d 'Hash algorithm where the scheme offers a choice (vapi, vonage-sms, generic)' -r -f -a "md5hash\t'Vonage SMS legacy default: md5(params + secret)'
md5\t''
sha1\t''
sha256\t''
sha512\t''"
complete -c whk -n "__fish_whk_using_subcommand verify" -l signature-header -d 'Signature header name (vapi: x-signature; vapi-secret: X-Vapi-Secret; generic: X-Webhook-Signature)' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l timestamp-header -d 'Timestamp header name (vapi; default x-timestamp)' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l id-header -d 'Message-id header for payload formats that sign {svix-id} (vapi)' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l payload-format -d 'What is signed, with {timestamp} {body} {method} {url} {svix-id} (vapi; default "{timestamp}.{body}")' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l encoding -d 'Signature encoding (vapi, generic; default hex)' -r -f -a "hex\t''
base64\t''"
complete -c whk -n "__fish_whk_using_subcommand verify" -l prefix -d 'Text before the signature, e.g. "sha256=" (vapi: none; generic: "<algorithm>=")' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l api-key -d 'The api_key claim of Vonage JWTs' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l application-id -d 'The application_id claim of Vonage JWTs' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand verify" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_using_subcommand verify" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l json -d 'Print one JSON object: {"valid", "provider", "reason", "message", "hint"}'
complete -c whk -n "__fish_whk_using_subcommand verify" -l secret-base64 -d 'The secret is base64: sign with its decoded bytes (vapi secretIsBase64)'
complete -c whk -n "__fish_whk_using_subcommand verify" -l timestamp-ms -d 'Timestamps in milliseconds instead of seconds (vapi)'
complete -c whk -n "__fish_whk_using_subcommand verify" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c whk -n "__fish_whk_using_subcommand verify" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand providers" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand providers" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_using_subcommand providers" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_using_subcommand providers" -l json -d 'Print JSON instead of a table'
complete -c whk -n "__fish_whk_using_subcommand providers" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_using_subcommand providers" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand providers" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand listen" -l host -d 'Address to bind. Loopback by default; 0.0.0.0 exposes the receiver to your network' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l port -d 'Port to listen on; 0 picks a free one (printed at start)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l path -d 'Only accept deliveries under this path prefix (others get 404)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -s p -l provider -d 'Provider whose signatures to check, or auto to recognise each delivery\'s scheme from its headers' -r -f -a "vapi\t'Vapi HMAC credential'
vapi-secret\t'Vapi legacy server secret'
vogent\t'Vogent'
signalwire\t'SignalWire RELAY/SWML (JSON)'
signalwire-compat\t'SignalWire compatibility (cXML/LaML), the Twilio scheme'
twilio\t'Twilio'
elevenlabs\t'ElevenLabs'
vonage\t'Vonage signed callbacks (Voice, Messages)'
vonage-sms\t'Vonage SMS signed messages (sig parameter)'
standard\t'Standard Webhooks (Svix)'
stripe\t'Stripe'
github\t'GitHub'
generic\t'Generic HMAC (X-Webhook-Signature: sha256=<hex>)'
auto\t'recognise the scheme from the headers'"
complete -c whk -n "__fish_whk_using_subcommand listen" -l secret -d 'The secret itself. Visible to other users in `ps` and shell history: prefer --secret-env or --secret-file' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l secret-env -d 'Read the secret from this environment variable' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l secret-file -d 'Read the secret from this file (one trailing newline is ignored)' -r -F
complete -c whk -n "__fish_whk_using_subcommand listen" -l public-url -d 'The public URL the provider calls (your tunnel, e.g. https://abc.ngrok.app): URL-signed schemes are verified against BASE + path + query' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l tolerance -d 'Timestamp window in seconds, replacing the provider\'s (0 turns the check off)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l stale-after -d 'Flag signed timestamps older (or further in the future) than this as possible replays' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l events -d 'Show only deliveries whose event matches one of these patterns (`*` is a wildcard), e.g. `call.*,end-of-call-report`. The rest are still answered, counted and recorded' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l status -d 'Status code to answer with (default 200)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l delay -d 'Wait this long before answering (e.g. 6s, 250ms), to test the sender\'s timeouts' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l fail-first -d 'Answer the first N deliveries of each event id with 500, to watch the provider retry' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l respond -d 'Reply body from a file; the Content-Type comes from its extension (.json, .xml, .txt…)' -r -F
complete -c whk -n "__fish_whk_using_subcommand listen" -l answer -d 'Serve this Vonage NCCO (a JSON array, linted at start) to answer requests' -r -F
complete -c whk -n "__fish_whk_using_subcommand listen" -l answer-path -d 'Only requests to this path are answer requests (GET or POST); under --path when that is set [default: Vonage answer requests recognised by their content on any path, and /answer]' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l forward-to -d 'Pass every delivery to your app (http://…) byte for byte, and its reply back to the sender. The request path is appended to URL\'s path' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l forward-timeout -d 'How long to wait for the app\'s reply before answering 504' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l count -d 'Exit after N deliveries' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l timeout -d 'Stop after this long; exit 1 if --count deliveries (or, without --count, any delivery) did not arrive by then' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l record -d 'Write every delivery to DIR as a replayable fixture (one JSON file each)' -r -F
complete -c whk -n "__fish_whk_using_subcommand listen" -l max-body -d 'Largest body accepted (e.g. 10MiB, 512KiB); larger ones get 413' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l read-timeout -d 'How long a client may take to send the request head, and then the body' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l ui-port -d 'Serve the inspector on its own loopback port instead (0 picks a free one)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l ui-history -d 'How much delivery data the inspector keeps in memory; the oldest go first' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l algorithm -d 'Hash algorithm where the scheme offers a choice (vapi, vonage-sms, generic)' -r -f -a "md5hash\t'Vonage SMS legacy default: md5(params + secret)'
md5\t''
sha1\t''
sha256\t''
sha512\t''"
complete -c whk -n "__fish_whk_using_subcommand listen" -l signature-header -d 'Signature header name (vapi: x-signature; vapi-secret: X-Vapi-Secret; generic: X-Webhook-Signature)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l timestamp-header -d 'Timestamp header name (vapi; default x-timestamp)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l id-header -d 'Message-id header for payload formats that sign {svix-id} (vapi)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l payload-format -d 'What is signed, with {timestamp} {body} {method} {url} {svix-id} (vapi; default "{timestamp}.{body}")' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l encoding -d 'Signature encoding (vapi, generic; default hex)' -r -f -a "hex\t''
base64\t''"
complete -c whk -n "__fish_whk_using_subcommand listen" -l prefix -d 'Text before the signature, e.g. "sha256=" (vapi: none; generic: "<algorithm>=")' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l api-key -d 'The api_key claim of Vonage JWTs' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l application-id -d 'The application_id claim of Vonage JWTs' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand listen" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_using_subcommand listen" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l json -d 'Print one JSON object per delivery on stdout (first line: {"listening": URL}; last line: {"summary": {...}})'
complete -c whk -n "__fish_whk_using_subcommand listen" -l compact -d 'Print one line per delivery instead of the full block'
complete -c whk -n "__fish_whk_using_subcommand listen" -l strict -d 'Fail (exit 1) on payload warnings too: a payload in a shape the provider does not send, such as a seed guide\'s invented event'
complete -c whk -n "__fish_whk_using_subcommand listen" -l redact -d 'In recordings, mask phone numbers and credential headers'
complete -c whk -n "__fish_whk_using_subcommand listen" -l ui -d 'Serve the web inspector on 127.0.0.1 under /_whk/ (on this port, or --ui-port): live list, detail, signature verdicts, replay with a fresh signature'
complete -c whk -n "__fish_whk_using_subcommand listen" -l secret-base64 -d 'The secret is base64: sign with its decoded bytes (vapi secretIsBase64)'
complete -c whk -n "__fish_whk_using_subcommand listen" -l timestamp-ms -d 'Timestamps in milliseconds instead of seconds (vapi)'
complete -c whk -n "__fish_whk_using_subcommand listen" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_using_subcommand listen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c whk -n "__fish_whk_using_subcommand listen" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand replay" -l to -d 'Where to send: the fixture\'s path and query are appended to this URL (http only)' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l route -d 'Send requests of one webhook kind to their own URL (repeatable): answer, event, fallback (Vonage), voice, status, action (Twilio, SignalWire), server (Vapi), webhook (the rest). Kinds without a route go to --to; `whk fixtures` shows each fixture\'s kind' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -s p -l provider -d 'Sign every fixture with this provider\'s scheme, whatever its folder or envelope says' -r -f -a "vapi\t'Vapi HMAC credential'
vapi-secret\t'Vapi legacy server secret'
vogent\t'Vogent'
signalwire\t'SignalWire RELAY/SWML (JSON)'
signalwire-compat\t'SignalWire compatibility (cXML/LaML), the Twilio scheme'
twilio\t'Twilio'
elevenlabs\t'ElevenLabs'
vonage\t'Vonage signed callbacks (Voice, Messages)'
vonage-sms\t'Vonage SMS signed messages (sig parameter)'
standard\t'Standard Webhooks (Svix)'
stripe\t'Stripe'
github\t'GitHub'
generic\t'Generic HMAC (X-Webhook-Signature: sha256=<hex>)'"
complete -c whk -n "__fish_whk_using_subcommand replay" -l secret -d 'The secret itself. Visible to other users in `ps` and shell history: prefer --secret-env or --secret-file' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l secret-env -d 'Read the secret from this environment variable' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l secret-file -d 'Read the secret from this file (one trailing newline is ignored)' -r -F
complete -c whk -n "__fish_whk_using_subcommand replay" -s H -l header -d 'Extra header for every request, before signing (repeatable): -H \'Name: value\'' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l var -d 'Set a template variable (repeatable): fills {{var:NAME}} (beating the lifecycle\'s vars and the default); `call_id`, `call_sid`, `account_sid` and named placeholders such as `uuid:conversation` pin those values' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -s n -l repeat -d 'Send each fixture (or lifecycle) N times, fresh ids each time' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -s c -l concurrency -d 'Deliveries in flight at once (a lifecycle\'s steps always go one after another)' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l rate -d 'At most R requests per second' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l gap -d 'Wait between lifecycle steps, overriding the lifecycle files (e.g. 500ms, 2s)' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l deadline -d 'Answer deadline per request [default: the fixture\'s, else 5s]' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l expect-status -d 'Accepted statuses: 200, 2xx, 200,204 or 200-299 [default: the fixture\'s, else 2xx]' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l max-attempts -d 'Attempts in all, the first included (implies --retry) [default: 5]' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l initial-delay -d 'Wait before the first retry (implies --retry) [default: 1s]' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l max-delay -d 'Longest wait between attempts (implies --retry) [default: 30s]' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l backoff-factor -d 'Each wait is the previous one times this (implies --retry) [default: 2]' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l format -d 'Output format: human, json (the same as --json), or github (GitHub Actions annotations, one ::error/::warning per finding, titled with its code)' -r -f -a "human\t'Lines (replay) or a table (audit) for people'
json\t'The same as `--json`'
github\t'GitHub Actions workflow commands, one `::error`/`::warning` per finding'"
complete -c whk -n "__fish_whk_using_subcommand replay" -l algorithm -d 'Hash algorithm where the scheme offers a choice (vapi, vonage-sms, generic)' -r -f -a "md5hash\t'Vonage SMS legacy default: md5(params + secret)'
md5\t''
sha1\t''
sha256\t''
sha512\t''"
complete -c whk -n "__fish_whk_using_subcommand replay" -l signature-header -d 'Signature header name (vapi: x-signature; vapi-secret: X-Vapi-Secret; generic: X-Webhook-Signature)' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l timestamp-header -d 'Timestamp header name (vapi; default x-timestamp)' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l id-header -d 'Message-id header for payload formats that sign {svix-id} (vapi)' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l payload-format -d 'What is signed, with {timestamp} {body} {method} {url} {svix-id} (vapi; default "{timestamp}.{body}")' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l encoding -d 'Signature encoding (vapi, generic; default hex)' -r -f -a "hex\t''
base64\t''"
complete -c whk -n "__fish_whk_using_subcommand replay" -l prefix -d 'Text before the signature, e.g. "sha256=" (vapi: none; generic: "<algorithm>=")' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l api-key -d 'The api_key claim of Vonage JWTs' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l application-id -d 'The application_id claim of Vonage JWTs' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand replay" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_using_subcommand replay" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l unsigned -d 'Send without signatures (no secret needed)'
complete -c whk -n "__fish_whk_using_subcommand replay" -l keep -d 'Send the bytes exactly as written: no placeholders filled in (still signed)'
complete -c whk -n "__fish_whk_using_subcommand replay" -l duplicate -d 'Send every delivery twice with the same id and signature, as a provider retry does'
complete -c whk -n "__fish_whk_using_subcommand replay" -l shuffle -d 'Deliver out of order: fixtures in random order, and a lifecycle\'s steps too'
complete -c whk -n "__fish_whk_using_subcommand replay" -l retry -d 'Retry failed deliveries (non-matching status, timeout, connection error) with exponential backoff, re-signing each attempt'
complete -c whk -n "__fish_whk_using_subcommand replay" -l json -d 'One JSON object per request, then {"summary": {...}}'
complete -c whk -n "__fish_whk_using_subcommand replay" -l dry-run -d 'Print each signed request as a curl command instead of sending it (the secret is not in it)'
complete -c whk -n "__fish_whk_using_subcommand replay" -s q -l quiet -d 'Print only failed requests and the summary'
complete -c whk -n "__fish_whk_using_subcommand replay" -l secret-base64 -d 'The secret is base64: sign with its decoded bytes (vapi secretIsBase64)'
complete -c whk -n "__fish_whk_using_subcommand replay" -l timestamp-ms -d 'Timestamps in milliseconds instead of seconds (vapi)'
complete -c whk -n "__fish_whk_using_subcommand replay" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_using_subcommand replay" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c whk -n "__fish_whk_using_subcommand replay" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand fixtures; and not __fish_seen_subcommand_from show export help" -s p -l provider -d 'Only this provider folder (vapi, vonage, twilio, lifecycles, …)' -r
complete -c whk -n "__fish_whk_using_subcommand fixtures; and not __fish_seen_subcommand_from show export help" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand fixtures; and not __fish_seen_subcommand_from show export help" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_using_subcommand fixtures; and not __fish_seen_subcommand_from show export help" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_using_subcommand fixtures; and not __fish_seen_subcommand_from show export help" -l json -d 'Print JSON instead of a table'
complete -c whk -n "__fish_whk_using_subcommand fixtures; and not __fish_seen_subcommand_from show export help" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_using_subcommand fixtures; and not __fish_seen_subcommand_from show export help" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand fixtures; and not __fish_seen_subcommand_from show export help" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand fixtures; and not __fish_seen_subcommand_from show export help" -f -a "show" -d 'Print one fixture (or each step of a lifecycle) as the request it sends, placeholders filled in'
complete -c whk -n "__fish_whk_using_subcommand fixtures; and not __fish_seen_subcommand_from show export help" -f -a "export" -d 'Copy the shipped fixtures (and the JSON Schema) into a folder to edit them'
complete -c whk -n "__fish_whk_using_subcommand fixtures; and not __fish_seen_subcommand_from show export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c whk -n "__fish_whk_using_subcommand fixtures; and __fish_seen_subcommand_from show" -l var -d 'Set a template variable (repeatable), as `whk replay --var` does' -r
complete -c whk -n "__fish_whk_using_subcommand fixtures; and __fish_seen_subcommand_from show" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand fixtures; and __fish_seen_subcommand_from show" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_using_subcommand fixtures; and __fish_seen_subcommand_from show" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_using_subcommand fixtures; and __fish_seen_subcommand_from show" -l keep -d 'Show the bytes as written, placeholders not filled in'
complete -c whk -n "__fish_whk_using_subcommand fixtures; and __fish_seen_subcommand_from show" -l body -d 'Print only the body'
complete -c whk -n "__fish_whk_using_subcommand fixtures; and __fish_seen_subcommand_from show" -l json -d 'Print the rendered request as JSON (an envelope)'
complete -c whk -n "__fish_whk_using_subcommand fixtures; and __fish_seen_subcommand_from show" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_using_subcommand fixtures; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand fixtures; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand fixtures; and __fish_seen_subcommand_from export" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand fixtures; and __fish_seen_subcommand_from export" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_using_subcommand fixtures; and __fish_seen_subcommand_from export" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_using_subcommand fixtures; and __fish_seen_subcommand_from export" -l force -d 'Overwrite files that already exist'
complete -c whk -n "__fish_whk_using_subcommand fixtures; and __fish_seen_subcommand_from export" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_using_subcommand fixtures; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand fixtures; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand fixtures; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print one fixture (or each step of a lifecycle) as the request it sends, placeholders filled in'
complete -c whk -n "__fish_whk_using_subcommand fixtures; and __fish_seen_subcommand_from help" -f -a "export" -d 'Copy the shipped fixtures (and the JSON Schema) into a folder to edit them'
complete -c whk -n "__fish_whk_using_subcommand fixtures; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c whk -n "__fish_whk_using_subcommand ncco; and not __fish_seen_subcommand_from lint rules explain help" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand ncco; and not __fish_seen_subcommand_from lint rules explain help" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_using_subcommand ncco; and not __fish_seen_subcommand_from lint rules explain help" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_using_subcommand ncco; and not __fish_seen_subcommand_from lint rules explain help" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_using_subcommand ncco; and not __fish_seen_subcommand_from lint rules explain help" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand ncco; and not __fish_seen_subcommand_from lint rules explain help" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand ncco; and not __fish_seen_subcommand_from lint rules explain help" -f -a "lint" -d 'Lint NCCO files: strict JSON, known actions and options, types, ranges, URLs, and the cross-action rules of the NCCO reference'
complete -c whk -n "__fish_whk_using_subcommand ncco; and not __fish_seen_subcommand_from lint rules explain help" -f -a "rules" -d 'List every rule: code, name, severity, whether --fix fixes it, summary'
complete -c whk -n "__fish_whk_using_subcommand ncco; and not __fish_seen_subcommand_from lint rules explain help" -f -a "explain" -d 'Show a rule\'s documentation (what it does, why it is bad, examples)'
complete -c whk -n "__fish_whk_using_subcommand ncco; and not __fish_seen_subcommand_from lint rules explain help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from lint" -l format -d 'Output format: human (code frames), json, sarif (SARIF 2.1.0), github (workflow annotations)' -r -f -a "human\t''
json\t''
sarif\t''
github\t''"
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from lint" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from lint" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from lint" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from lint" -l deny-warnings -d 'Exit 1 on warnings too'
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from lint" -l fix -d 'Apply safe fixes in place (the FIX column of `rules` says which rules have one; for NCCOs: wrap a lone action or URL in an array, unquote "true" and numbers where a boolean or number is expected), then lint again. For stdin, the fixed document is printed to stdout and findings go to stderr'
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from lint" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from lint" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from rules" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from rules" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from rules" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from rules" -l json -d 'Print the rules as a JSON array (with their full docs)'
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from rules" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from rules" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from rules" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from explain" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from explain" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from explain" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from explain" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from explain" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from explain" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from help" -f -a "lint" -d 'Lint NCCO files: strict JSON, known actions and options, types, ranges, URLs, and the cross-action rules of the NCCO reference'
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from help" -f -a "rules" -d 'List every rule: code, name, severity, whether --fix fixes it, summary'
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from help" -f -a "explain" -d 'Show a rule\'s documentation (what it does, why it is bad, examples)'
complete -c whk -n "__fish_whk_using_subcommand ncco; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c whk -n "__fish_whk_using_subcommand twiml; and not __fish_seen_subcommand_from lint rules explain help" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand twiml; and not __fish_seen_subcommand_from lint rules explain help" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_using_subcommand twiml; and not __fish_seen_subcommand_from lint rules explain help" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_using_subcommand twiml; and not __fish_seen_subcommand_from lint rules explain help" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_using_subcommand twiml; and not __fish_seen_subcommand_from lint rules explain help" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand twiml; and not __fish_seen_subcommand_from lint rules explain help" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand twiml; and not __fish_seen_subcommand_from lint rules explain help" -f -a "lint" -d 'Lint TwiML files: well-formed XML, known verbs and nouns in allowed places, attribute types and enums, and the mistakes people make (a Gather with no prompt, a bare `&`, a non-wss Stream URL, verbs after Hangup)'
complete -c whk -n "__fish_whk_using_subcommand twiml; and not __fish_seen_subcommand_from lint rules explain help" -f -a "rules" -d 'List every rule: code, name, severity, whether --fix fixes it, summary'
complete -c whk -n "__fish_whk_using_subcommand twiml; and not __fish_seen_subcommand_from lint rules explain help" -f -a "explain" -d 'Show a rule\'s documentation (what it does, why it is bad, examples)'
complete -c whk -n "__fish_whk_using_subcommand twiml; and not __fish_seen_subcommand_from lint rules explain help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from lint" -l format -d 'Output format: human (code frames), json, sarif (SARIF 2.1.0), github (workflow annotations)' -r -f -a "human\t''
json\t''
sarif\t''
github\t''"
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from lint" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from lint" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from lint" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from lint" -l deny-warnings -d 'Exit 1 on warnings too'
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from lint" -l fix -d 'Apply safe fixes in place (the FIX column of `rules` says which rules have one; for NCCOs: wrap a lone action or URL in an array, unquote "true" and numbers where a boolean or number is expected), then lint again. For stdin, the fixed document is printed to stdout and findings go to stderr'
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from lint" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from lint" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from rules" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from rules" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from rules" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from rules" -l json -d 'Print the rules as a JSON array (with their full docs)'
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from rules" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from rules" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from rules" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from explain" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from explain" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from explain" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from explain" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from explain" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from explain" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from help" -f -a "lint" -d 'Lint TwiML files: well-formed XML, known verbs and nouns in allowed places, attribute types and enums, and the mistakes people make (a Gather with no prompt, a bare `&`, a non-wss Stream URL, verbs after Hangup)'
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from help" -f -a "rules" -d 'List every rule: code, name, severity, whether --fix fixes it, summary'
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from help" -f -a "explain" -d 'Show a rule\'s documentation (what it does, why it is bad, examples)'
complete -c whk -n "__fish_whk_using_subcommand twiml; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c whk -n "__fish_whk_using_subcommand audit" -s p -l provider -d 'The provider scheme the endpoint verifies' -r -f -a "vapi\t'Vapi HMAC credential'
vapi-secret\t'Vapi legacy server secret'
vogent\t'Vogent'
signalwire\t'SignalWire RELAY/SWML (JSON)'
signalwire-compat\t'SignalWire compatibility (cXML/LaML), the Twilio scheme'
twilio\t'Twilio'
elevenlabs\t'ElevenLabs'
vonage\t'Vonage signed callbacks (Voice, Messages)'
vonage-sms\t'Vonage SMS signed messages (sig parameter)'
standard\t'Standard Webhooks (Svix)'
stripe\t'Stripe'
github\t'GitHub'
generic\t'Generic HMAC (X-Webhook-Signature: sha256=<hex>)'"
complete -c whk -n "__fish_whk_using_subcommand audit" -l secret -d 'The secret itself. Visible to other users in `ps` and shell history: prefer --secret-env or --secret-file' -r
complete -c whk -n "__fish_whk_using_subcommand audit" -l secret-env -d 'Read the secret from this environment variable' -r
complete -c whk -n "__fish_whk_using_subcommand audit" -l secret-file -d 'Read the secret from this file (one trailing newline is ignored)' -r -F
complete -c whk -n "__fish_whk_using_subcommand audit" -l deadline -d 'How long each request may take before it counts as a hang' -r
complete -c whk -n "__fish_whk_using_subcommand audit" -s H -l header -d 'Extra header for every request, `Name: value` (e.g. an API key the endpoint needs)' -r
complete -c whk -n "__fish_whk_using_subcommand audit" -l format -d 'Output format: human, json (the same as --json), or github (GitHub Actions annotations, one ::error/::warning per finding, titled with its code)' -r -f -a "human\t'Lines (replay) or a table (audit) for people'
json\t'The same as `--json`'
github\t'GitHub Actions workflow commands, one `::error`/`::warning` per finding'"
complete -c whk -n "__fish_whk_using_subcommand audit" -l algorithm -d 'Hash algorithm where the scheme offers a choice (vapi, vonage-sms, generic)' -r -f -a "md5hash\t'Vonage SMS legacy default: md5(params + secret)'
md5\t''
sha1\t''
sha256\t''
sha512\t''"
complete -c whk -n "__fish_whk_using_subcommand audit" -l signature-header -d 'Signature header name (vapi: x-signature; vapi-secret: X-Vapi-Secret; generic: X-Webhook-Signature)' -r
complete -c whk -n "__fish_whk_using_subcommand audit" -l timestamp-header -d 'Timestamp header name (vapi; default x-timestamp)' -r
complete -c whk -n "__fish_whk_using_subcommand audit" -l id-header -d 'Message-id header for payload formats that sign {svix-id} (vapi)' -r
complete -c whk -n "__fish_whk_using_subcommand audit" -l payload-format -d 'What is signed, with {timestamp} {body} {method} {url} {svix-id} (vapi; default "{timestamp}.{body}")' -r
complete -c whk -n "__fish_whk_using_subcommand audit" -l encoding -d 'Signature encoding (vapi, generic; default hex)' -r -f -a "hex\t''
base64\t''"
complete -c whk -n "__fish_whk_using_subcommand audit" -l prefix -d 'Text before the signature, e.g. "sha256=" (vapi: none; generic: "<algorithm>=")' -r
complete -c whk -n "__fish_whk_using_subcommand audit" -l api-key -d 'The api_key claim of Vonage JWTs' -r
complete -c whk -n "__fish_whk_using_subcommand audit" -l application-id -d 'The application_id claim of Vonage JWTs' -r
complete -c whk -n "__fish_whk_using_subcommand audit" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand audit" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_using_subcommand audit" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_using_subcommand audit" -l json -d 'Print one JSON object for CI instead of the table'
complete -c whk -n "__fish_whk_using_subcommand audit" -l secret-base64 -d 'The secret is base64: sign with its decoded bytes (vapi secretIsBase64)'
complete -c whk -n "__fish_whk_using_subcommand audit" -l timestamp-ms -d 'Timestamps in milliseconds instead of seconds (vapi)'
complete -c whk -n "__fish_whk_using_subcommand audit" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_using_subcommand audit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c whk -n "__fish_whk_using_subcommand audit" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand call" -l provider -d 'The platform whk plays: vonage (default), twilio, signalwire (cXML) or vapi. Overrides the scenario\'s `provider`' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l answer-url -d 'The answer URL (GET with query fields by default, as Vonage does)' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l event-url -d 'The event URL (status events, input, record, errors)' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l fallback-url -d 'The fallback URL: Vonage\'s application fallback (tried twice after the answer URL failed twice); Twilio/SignalWire\'s voice fallback (asked with ErrorCode and ErrorUrl)' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l to -d 'The app\'s base URL: answer URL URL/answer, event URL URL/event (what `whk listen` serves); for twilio and signalwire voice URL URL/voice, status callback URL/status; for vapi the server URL itself' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l press -d 'The caller keys these digits at the next input (repeatable; in order with --say)' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l say -d 'The caller says this at the next input (repeatable; in order with --press)' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l callee -d 'What a connect to NUMBER meets: answered, busy, unanswered, rejected, failed, timeout or machine (repeatable; NUMBER `default` for any other)' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l hangup-after -d 'The caller hangs up this long after the call is answered (e.g. 120s, 5m)' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l order -d 'The order status events go out in' -r -f -a "documented\t'The provider\'s documented order (Vonage: started, ringing, answered, …, completed)'
observed\t'The order seen in real captures (Vonage: ringing before started)'
shuffle\t'Status events sent together go out in a random order (repeat it with --seed)'"
complete -c whk -n "__fish_whk_using_subcommand call" -l seed -d 'The seed of the call\'s ids and of --order shuffle (printed in the summary), to repeat a run exactly' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l answer-deadline -d 'How long the answer URL (and the fallback URL) gets to answer [default: 5s; vapi: the assistant-request\'s 7.5s; twilio/signalwire: 15s for each TwiML request]' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l event-deadline -d 'How long the event URL gets to answer each webhook [default: 10s; vapi: a tool call\'s 20s; twilio/signalwire: 15s for each status callback]' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l ws-to -d 'Map the NCCO\'s WebSocket host to a local app: ws://127.0.0.1:PORT/…' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l audio -d 'The caller\'s audio on a WebSocket leg: a WAV file (16-bit PCM; resampled), else silence' -r -F
complete -c whk -n "__fish_whk_using_subcommand call" -l record -d 'Write the run as a lifecycle and fixtures that `whk replay` can send again' -r -F
complete -c whk -n "__fish_whk_using_subcommand call" -l repeat -d 'Play the call this many times (fresh ids each), for load' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l concurrency -d 'With --repeat: at most this many calls at once' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l format -d 'Output format: human, json (the same as --json), or github (GitHub Actions annotations, one per finding)' -r -f -a "human\t'Lines (replay) or a table (audit) for people'
json\t'The same as `--json`'
github\t'GitHub Actions workflow commands, one `::error`/`::warning` per finding'"
complete -c whk -n "__fish_whk_using_subcommand call" -l secret -d 'The secret itself. Visible to other users in `ps` and shell history: prefer --secret-env or --secret-file' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l secret-env -d 'Read the secret from this environment variable' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l secret-file -d 'Read the secret from this file (one trailing newline is ignored)' -r -F
complete -c whk -n "__fish_whk_using_subcommand call" -l algorithm -d 'Hash algorithm where the scheme offers a choice (vapi, vonage-sms, generic)' -r -f -a "md5hash\t'Vonage SMS legacy default: md5(params + secret)'
md5\t''
sha1\t''
sha256\t''
sha512\t''"
complete -c whk -n "__fish_whk_using_subcommand call" -l signature-header -d 'Signature header name (vapi: x-signature; vapi-secret: X-Vapi-Secret; generic: X-Webhook-Signature)' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l timestamp-header -d 'Timestamp header name (vapi; default x-timestamp)' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l id-header -d 'Message-id header for payload formats that sign {svix-id} (vapi)' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l payload-format -d 'What is signed, with {timestamp} {body} {method} {url} {svix-id} (vapi; default "{timestamp}.{body}")' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l encoding -d 'Signature encoding (vapi, generic; default hex)' -r -f -a "hex\t''
base64\t''"
complete -c whk -n "__fish_whk_using_subcommand call" -l prefix -d 'Text before the signature, e.g. "sha256=" (vapi: none; generic: "<algorithm>=")' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l api-key -d 'The api_key claim of Vonage JWTs' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l application-id -d 'The application_id claim of Vonage JWTs' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand call" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_using_subcommand call" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_using_subcommand call" -l duplicate-events -d 'Send every status event twice (does the app handle duplicates?)'
complete -c whk -n "__fish_whk_using_subcommand call" -l realtime -d 'Run the call on the wall clock instead of the virtual one'
complete -c whk -n "__fish_whk_using_subcommand call" -l json -d 'One JSON object per timeline entry, then {"summary": {...}}'
complete -c whk -n "__fish_whk_using_subcommand call" -l secret-base64 -d 'The secret is base64: sign with its decoded bytes (vapi secretIsBase64)'
complete -c whk -n "__fish_whk_using_subcommand call" -l timestamp-ms -d 'Timestamps in milliseconds instead of seconds (vapi)'
complete -c whk -n "__fish_whk_using_subcommand call" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_using_subcommand call" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c whk -n "__fish_whk_using_subcommand call" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand completions" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand completions" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_using_subcommand completions" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_using_subcommand completions" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_using_subcommand completions" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand completions" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand config" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand config" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_using_subcommand config" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_using_subcommand config" -l json -d 'Print {"app", "file", "settings": {KEY: {"value", "source"}}}'
complete -c whk -n "__fish_whk_using_subcommand config" -l schema -d 'Print the JSON Schema of whk.toml (for editors; `whk init` writes it beside the file)'
complete -c whk -n "__fish_whk_using_subcommand config" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_using_subcommand config" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand config" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand init" -s p -l provider -d 'The provider of each app (repeatable: one app each, named after it; the first is the default). --app NAME names a single app' -r -f -a "vapi\t'Vapi HMAC credential'
vapi-secret\t'Vapi legacy server secret'
vogent\t'Vogent'
signalwire\t'SignalWire RELAY/SWML (JSON)'
signalwire-compat\t'SignalWire compatibility (cXML/LaML), the Twilio scheme'
twilio\t'Twilio'
elevenlabs\t'ElevenLabs'
vonage\t'Vonage signed callbacks (Voice, Messages)'
vonage-sms\t'Vonage SMS signed messages (sig parameter)'
standard\t'Standard Webhooks (Svix)'
stripe\t'Stripe'
github\t'GitHub'
generic\t'Generic HMAC (X-Webhook-Signature: sha256=<hex>)'"
complete -c whk -n "__fish_whk_using_subcommand init" -l secret-env -d 'The variable holding each provider\'s secret, in --provider order [default: each provider\'s usual one, see `whk providers`]' -r
complete -c whk -n "__fish_whk_using_subcommand init" -l answer -d 'Vonage answer URL' -r
complete -c whk -n "__fish_whk_using_subcommand init" -l event -d 'Vonage event URL' -r
complete -c whk -n "__fish_whk_using_subcommand init" -l fallback -d 'Vonage fallback URL' -r
complete -c whk -n "__fish_whk_using_subcommand init" -l voice -d 'Twilio/SignalWire voice URL' -r
complete -c whk -n "__fish_whk_using_subcommand init" -l status -d 'Twilio/SignalWire status callback URL' -r
complete -c whk -n "__fish_whk_using_subcommand init" -l action -d 'Twilio/SignalWire action URL' -r
complete -c whk -n "__fish_whk_using_subcommand init" -l server -d 'Vapi server URL' -r
complete -c whk -n "__fish_whk_using_subcommand init" -l webhook -d 'The webhook URL of any other provider' -r
complete -c whk -n "__fish_whk_using_subcommand init" -l signature-header -d 'Signature header name (e.g. X-Webhook-Signature for a generic HMAC system)' -r
complete -c whk -n "__fish_whk_using_subcommand init" -l port -d 'Port `whk listen` uses for this app' -r
complete -c whk -n "__fish_whk_using_subcommand init" -l from -d 'Infer providers and URLs from a folder written by `whk listen --record`' -r -F
complete -c whk -n "__fish_whk_using_subcommand init" -l base -d 'With --from: the app\'s base URL; each recorded path is appended [default: the URL each delivery was recorded at]' -r
complete -c whk -n "__fish_whk_using_subcommand init" -l color -d 'When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand init" -l config -d 'Read this whk.toml instead of looking for one here and in the folders above [env: WHK_CONFIG]' -r -F
complete -c whk -n "__fish_whk_using_subcommand init" -l app -d 'The [apps.NAME] of whk.toml to use [env: WHK_APP; default: the file\'s `default`, or its only app]' -r
complete -c whk -n "__fish_whk_using_subcommand init" -l check -d 'Check each URL: send one signed request (and one with a wrong signature) and say whether the app answers 2xx and verifies. Always done when asking on a terminal'
complete -c whk -n "__fish_whk_using_subcommand init" -l force -d 'Replace an existing whk.toml'
complete -c whk -n "__fish_whk_using_subcommand init" -l no-config -d 'Read no whk.toml at all'
complete -c whk -n "__fish_whk_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c whk -n "__fish_whk_using_subcommand init" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify providers listen replay fixtures ncco twiml audit call completions config init help" -f -a "sign" -d 'Sign a body the way a provider does and print the headers to send'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify providers listen replay fixtures ncco twiml audit call completions config init help" -f -a "verify" -d 'Check a webhook signature, and say why it fails and how to fix it'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify providers listen replay fixtures ncco twiml audit call completions config init help" -f -a "providers" -d 'List the providers and schemes whk knows, with headers and secret variables'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify providers listen replay fixtures ncco twiml audit call completions config init help" -f -a "listen" -d 'Run a local receiver that shows, validates, answers, forwards and records deliveries'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify providers listen replay fixtures ncco twiml audit call completions config init help" -f -a "replay" -d 'Send freshly signed fixture events to an endpoint and assert on the answers'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify providers listen replay fixtures ncco twiml audit call completions config init help" -f -a "fixtures" -d 'List or show the fixture events whk ships'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify providers listen replay fixtures ncco twiml audit call completions config init help" -f -a "ncco" -d 'Lint Vonage NCCO call-control documents'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify providers listen replay fixtures ncco twiml audit call completions config init help" -f -a "twiml" -d 'Lint Twilio TwiML (and SignalWire cXML) voice documents'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify providers listen replay fixtures ncco twiml audit call completions config init help" -f -a "audit" -d 'Attack your own endpoint with forgeries, stale replays and malformed input'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify providers listen replay fixtures ncco twiml audit call completions config init help" -f -a "call" -d 'Play a whole phone call (Vonage, Twilio, SignalWire, Vapi) against your webhooks, offline'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify providers listen replay fixtures ncco twiml audit call completions config init help" -f -a "completions" -d 'Print a shell completion script'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify providers listen replay fixtures ncco twiml audit call completions config init help" -f -a "config" -d 'Show the project config (whk.toml) in effect: each setting and where it came from'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify providers listen replay fixtures ncco twiml audit call completions config init help" -f -a "init" -d 'Write a whk.toml for this project (asks on a terminal, or takes flags)'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify providers listen replay fixtures ncco twiml audit call completions config init help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c whk -n "__fish_whk_using_subcommand help; and __fish_seen_subcommand_from fixtures" -f -a "show" -d 'Print one fixture (or each step of a lifecycle) as the request it sends, placeholders filled in'
complete -c whk -n "__fish_whk_using_subcommand help; and __fish_seen_subcommand_from fixtures" -f -a "export" -d 'Copy the shipped fixtures (and the JSON Schema) into a folder to edit them'
complete -c whk -n "__fish_whk_using_subcommand help; and __fish_seen_subcommand_from ncco" -f -a "lint" -d 'Lint NCCO files: strict JSON, known actions and options, types, ranges, URLs, and the cross-action rules of the NCCO reference'
complete -c whk -n "__fish_whk_using_subcommand help; and __fish_seen_subcommand_from ncco" -f -a "rules" -d 'List every rule: code, name, severity, whether --fix fixes it, summary'
complete -c whk -n "__fish_whk_using_subcommand help; and __fish_seen_subcommand_from ncco" -f -a "explain" -d 'Show a rule\'s documentation (what it does, why it is bad, examples)'
complete -c whk -n "__fish_whk_using_subcommand help; and __fish_seen_subcommand_from twiml" -f -a "lint" -d 'Lint TwiML files: well-formed XML, known verbs and nouns in allowed places, attribute types and enums, and the mistakes people make (a Gather with no prompt, a bare `&`, a non-wss Stream URL, verbs after Hangup)'
complete -c whk -n "__fish_whk_using_subcommand help; and __fish_seen_subcommand_from twiml" -f -a "rules" -d 'List every rule: code, name, severity, whether --fix fixes it, summary'
complete -c whk -n "__fish_whk_using_subcommand help; and __fish_seen_subcommand_from twiml" -f -a "explain" -d 'Show a rule\'s documentation (what it does, why it is bad, examples)'
