#!/usr/bin/env bash
# Benchmark `whk call` (issue 12): a scripted 10-minute IVR call in wall milliseconds, and
# `--repeat` load against `whk replay`'s request rate for the same number of webhooks.
#
#   bench/call.sh                 # N=10000 calls, concurrency 64
#   N=2000 C=32 bench/call.sh
#   bench/call.sh path/to/whk     # use this whk binary instead of building one
#
# 1. builds whk (unless given) and bench/receiver (release), the receiver into
#    $CARGO_TARGET_DIR/bench-receiver (shared with bench/replay.sh and bench/listen.sh);
# 2. IVR: a receiver answers every request with an IVR menu NCCO (talk, input, talk, connect);
#    the caller presses 1, then 2, then stays silent, and hangs up after 10 minutes — each
#    input's reply restarts the menu, so the call keeps the app busy for its whole 10 virtual
#    minutes. hyperfine times the whole `whk call` process; target: < 100 ms of wall time;
# 3. load: a bare receiver answers every request with a one-`talk` NCCO; `whk call --repeat N
#    --concurrency C --json` reports its webhooks per second; `whk replay vonage/started
#    --repeat W --concurrency C` sends the same number W of webhooks to the same receiver;
#    target: call's rate >= 50% of replay's;
# 4. peak RSS (`/usr/bin/time -v`) of `whk call --repeat` for N/10 and N calls: flat memory.
# 5. Vapi (issue 14): a scripted 10-minute `--provider vapi` conversation (100 user/assistant
#    turn pairs, a tool call every 5th, cut at 10 minutes), target < 100 ms wall; and
#    `--repeat N` of a two-turn Vapi call against `whk replay vapi/status-update` for the same
#    number of webhooks, target >= 50%.
# 6. Twilio (issue 14): a scripted 10-minute `--provider twilio` IVR call (every request is
#    answered with the same TwiML menu: <Gather> to the document's own URL, a <Dial> to a busy
#    callee, a <Redirect> back; every status callback subscribed), target < 100 ms wall; and
#    `--repeat N` of a one-<Say> Twilio call against `whk replay twilio/voice` for the same
#    number of webhooks, target >= 50%.
# The last lines are `RESULT name whk=… baseline=… unit=… ratio=…`, for bench/run.sh.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
N=${N:-10000}
C=${C:-64}
SECRET=bench-vonage-signature-secret-0123456789
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}

need() { command -v "$1" >/dev/null 2>&1; }
for tool in hyperfine jq; do
  if ! need "$tool" && need apt-get; then apt-get install -y -qq "$tool" >/dev/null 2>&1 || true; fi
  need "$tool" || { echo "$tool is required (apt-get install $tool)" >&2; exit 2; }
done
if [ ! -x /usr/bin/time ]; then
  need apt-get && apt-get install -y -qq time >/dev/null
fi

WHK=${1:-}
echo "building (release)…" >&2
if [ -z "$WHK" ]; then
  cargo build --release --quiet --bin whk
  WHK=$CARGO_TARGET_DIR/release/whk
fi
cargo build --release --quiet --manifest-path bench/receiver/Cargo.toml \
  --target-dir "$CARGO_TARGET_DIR/bench-receiver"
RECV=$CARGO_TARGET_DIR/bench-receiver/release/whk-bench-receiver

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

start_receiver() { # name body [receiver args…] → sets ADDR
  "$RECV" --addr 127.0.0.1:0 --threads 1 --body "$2" "${@:3}" >"$WORK/$1.out" 2>"$WORK/$1.err" &
  PIDS+=($!)
  ADDR=
  for _ in $(seq 50); do grep -q listening "$WORK/$1.out" 2>/dev/null && break; sleep 0.1; done
  ADDR=$(sed -n 's/^listening on //p' "$WORK/$1.out")
  [ -n "$ADDR" ] || { echo "receiver $1 did not start" >&2; exit 2; }
}

# --- IVR: one scripted 10-minute call ----------------------------------------------------------
IVR_NCCO='[{"action":"talk","text":"Welcome to Acme Dental. Press 1 to book a cleaning, 2 for billing."},
{"action":"input","type":["dtmf"],"dtmf":{"maxDigits":1,"timeOut":5}},
{"action":"talk","text":"Please hold while we connect you."},
{"action":"connect","endpoint":[{"type":"phone","number":"447700900123"}]}]'
IVR_NCCO=$(printf '%s' "$IVR_NCCO" | tr -d '\n')
start_receiver ivr "$IVR_NCCO"
cat >"$WORK/ivr.json" <<JSON
{
  "provider": "vonage",
  "answer_url": "http://$ADDR/webhooks/answer",
  "event_url": "http://$ADDR/webhooks/event",
  "caller": [{"dtmf": "1"}, {"dtmf": "2"}, {"silence": true}],
  "callee": {"default": "busy"},
  "hangup_after": "10m"
}
JSON
echo "== whk call: scripted 10-minute IVR call (one process, start to finish)" >&2
"$WHK" call "$WORK/ivr.json" --secret "$SECRET" --json >"$WORK/ivr.out" || true
IVR_SUMMARY=$(tail -1 "$WORK/ivr.out")
echo "summary: $IVR_SUMMARY" >&2
IVR_SECONDS=$(printf '%s' "$IVR_SUMMARY" | jq -r '.summary.duration_s // 0')
IVR_HOOKS=$(printf '%s' "$IVR_SUMMARY" | jq -r '.summary.webhooks_sent // 0')
hyperfine -N -i --style basic --warmup 3 --runs 30 --export-json "$WORK/ivr.hf.json" \
  "$WHK call $WORK/ivr.json --secret $SECRET --json" >&2
IVR_MS=$(jq -r '.results[0].mean * 1000' "$WORK/ivr.hf.json")

# --- load: --repeat against a bare app, and replay for the same number of webhooks ----------------
start_receiver bare '[{"action":"talk","text":"Thanks for calling."}]'
cat >"$WORK/bare.json" <<JSON
{
  "provider": "vonage",
  "answer_url": "http://$ADDR/webhooks/answer",
  "event_url": "http://$ADDR/webhooks/event"
}
JSON
run_call() { # calls → prints "webhooks webhooks_per_s rss_kb exit"
  /usr/bin/time -v "$WHK" call "$WORK/bare.json" --repeat "$1" --concurrency "$C" --json \
    --secret "$SECRET" >"$WORK/call.out" 2>"$WORK/call.time" || true
  local line rss
  line=$(tail -1 "$WORK/call.out")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/call.time")
  printf '%s %s %s %s\n' \
    "$(printf '%s' "$line" | jq -r '.summary.webhooks_sent // 0')" \
    "$(printf '%s' "$line" | jq -r '.summary.webhooks_per_s // 0')" \
    "$rss" \
    "$(printf '%s' "$line" | jq -r '.summary.exit // "none"')"
}
SMALL=$(( N / 10 ))
echo "== whk call --repeat $SMALL and $N, concurrency $C" >&2
read -r HOOKS_SMALL RATE_SMALL RSS_SMALL EXIT_SMALL < <(run_call "$SMALL")
read -r HOOKS_N RATE_N RSS_N EXIT_N < <(run_call "$N")
[ "$EXIT_N" = 0 ] || { echo "whk call --repeat did not run clean (exit $EXIT_N):" >&2; tail -3 "$WORK/call.out" >&2; }

echo "== whk replay vonage/started --repeat $HOOKS_N, concurrency $C (same webhooks, same app)" >&2
"$WHK" replay vonage/started --repeat "$HOOKS_N" --concurrency "$C" --quiet --json \
  --secret "$SECRET" --to "http://$ADDR/webhooks/event" >"$WORK/replay.out" 2>"$WORK/replay.err" || true
REPLAY_RPS=$(sed -n 's/.*"requests_per_sec":\([0-9.]*\).*/\1/p' "$WORK/replay.out" | tail -1)

echo
printf '%-46s %s\n' "IVR call, 10 min virtual ($IVR_SECONDS s, $IVR_HOOKS webhooks)" "$IVR_MS ms wall (mean of 30)"
printf '%-46s %s webhooks/s, %s webhooks, peak RSS %s KiB\n' "whk call --repeat $SMALL c=$C" "$RATE_SMALL" "$HOOKS_SMALL" "$RSS_SMALL"
printf '%-46s %s webhooks/s, %s webhooks, peak RSS %s KiB\n' "whk call --repeat $N c=$C" "$RATE_N" "$HOOKS_N" "$RSS_N"
printf '%-46s %s req/s\n' "whk replay, $HOOKS_N webhooks c=$C" "${REPLAY_RPS:-none}"
awk -v ms="$IVR_MS" -v secs="$IVR_SECONDS" 'BEGIN {
  if (ms > 0 && secs >= 600) printf "RESULT call_ivr_10min whk=%.2f baseline=100 unit=ms ratio=%.3f\n", ms, ms / 100;
  else print "IVR call did not run 10 virtual minutes: no RESULT" > "/dev/stderr";
}'
awk -v c="$RATE_N" -v r="${REPLAY_RPS:-0}" -v a="$RSS_SMALL" -v b="$RSS_N" -v n="$N" 'BEGIN {
  if (r > 0 && c > 0) printf "RESULT call_repeat_vs_replay whk=%.1f baseline=%.1f unit=req/s ratio=%.3f\n", c, r, c / r;
  if (a > 0) printf "RESULT call_repeat_rss whk=%d baseline=%d unit=KiB ratio=%.3f n=%s\n", b, a, b / a, n;
}'

# --- Vapi (issue 14): a scripted 10-minute conversation, and --repeat against replay --------------
# The receiver answers every message with the same body, so it cannot echo the tool calls' fresh
# toolCallIds: those are contract findings (exit 1), which does not change what is timed.
VAPI_SECRET=bench-vapi-server-secret-0123456789
start_receiver vapi '{"results":[]}'
VAPI_TURNS=$(for i in $(seq 100); do
  printf '{"user":"I would like to book a cleaning for next Tuesday, %d."},' "$i"
  if [ $((i % 5)) = 0 ]; then
    printf '{"assistant":"Let me check the calendar for you.","tool_calls":[{"name":"check_slots","arguments":{"day":"tuesday","n":%d}}]},' "$i"
  else
    printf '{"assistant":"Tuesday at ten is free; shall I book it for you?"},'
  fi
done | sed 's/,$//')
cat >"$WORK/vapi.json" <<JSON
{
  "provider": "vapi",
  "server_url": "http://$ADDR/vapi",
  "assistant": {"id": "asst_bench"},
  "turns": [$VAPI_TURNS],
  "hangup_after": "10m"
}
JSON
echo "== whk call --provider vapi: scripted 10-minute conversation" >&2
"$WHK" call "$WORK/vapi.json" --secret "$VAPI_SECRET" --json >"$WORK/vapi.out" || true
VAPI_SUMMARY=$(tail -1 "$WORK/vapi.out")
VAPI_SECONDS=$(printf '%s' "$VAPI_SUMMARY" | jq -r '.summary.duration_s // 0')
VAPI_HOOKS=$(printf '%s' "$VAPI_SUMMARY" | jq -r '.summary.webhooks_sent // 0')
hyperfine -N -i --style basic --warmup 3 --runs 30 --export-json "$WORK/vapi.hf.json" \
  "$WHK call $WORK/vapi.json --secret $VAPI_SECRET --json" >&2
VAPI_MS=$(jq -r '.results[0].mean * 1000' "$WORK/vapi.hf.json")

cat >"$WORK/vapi-bare.json" <<JSON
{
  "provider": "vapi",
  "server_url": "http://$ADDR/vapi",
  "assistant": {"id": "asst_bench"},
  "turns": [{"user": "Hi."}, {"assistant": "Hello, how can I help?"}]
}
JSON
echo "== whk call --provider vapi --repeat $N, concurrency $C" >&2
"$WHK" call "$WORK/vapi-bare.json" --repeat "$N" --concurrency "$C" --json \
  --secret "$VAPI_SECRET" >"$WORK/vapi-call.out" 2>/dev/null || true
VLINE=$(tail -1 "$WORK/vapi-call.out")
VAPI_RATE=$(printf '%s' "$VLINE" | jq -r '.summary.webhooks_per_s // 0')
VAPI_N_HOOKS=$(printf '%s' "$VLINE" | jq -r '.summary.webhooks_sent // 0')
echo "== whk replay vapi/status-update --repeat $VAPI_N_HOOKS, concurrency $C" >&2
"$WHK" replay vapi/status-update --repeat "$VAPI_N_HOOKS" --concurrency "$C" --quiet --json \
  --secret "$VAPI_SECRET" --to "http://$ADDR/vapi" >"$WORK/vapi-replay.out" 2>"$WORK/vapi-replay.err" || true
VAPI_REPLAY_RPS=$(sed -n 's/.*"requests_per_sec":\([0-9.]*\).*/\1/p' "$WORK/vapi-replay.out" | tail -1)

echo
printf '%-46s %s\n' "Vapi call, 10 min virtual ($VAPI_SECONDS s, $VAPI_HOOKS webhooks)" "$VAPI_MS ms wall (mean of 30)"
printf '%-46s %s webhooks/s, %s webhooks\n' "whk call --provider vapi --repeat $N c=$C" "$VAPI_RATE" "$VAPI_N_HOOKS"
printf '%-46s %s req/s\n' "whk replay vapi, $VAPI_N_HOOKS webhooks c=$C" "${VAPI_REPLAY_RPS:-none}"
awk -v ms="$VAPI_MS" -v secs="$VAPI_SECONDS" 'BEGIN {
  if (ms > 0 && secs >= 600) printf "RESULT call_vapi_10min whk=%.2f baseline=100 unit=ms ratio=%.3f\n", ms, ms / 100;
  else print "Vapi call did not run 10 virtual minutes: no RESULT" > "/dev/stderr";
}'
awk -v c="$VAPI_RATE" -v r="${VAPI_REPLAY_RPS:-0}" 'BEGIN {
  if (r > 0 && c > 0) printf "RESULT call_vapi_repeat_vs_replay whk=%.1f baseline=%.1f unit=req/s ratio=%.3f\n", c, r, c / r;
}'

# --- Twilio (issue 14): a scripted 10-minute TwiML IVR call, and --repeat against replay ----------
TW_TOKEN=bench-twilio-auth-token-0123456789
TW_IVR='<?xml version="1.0" encoding="UTF-8"?><Response><Gather numDigits="1" timeout="5"><Say>Welcome to Acme Dental. Press 1 to book a cleaning, 2 for billing.</Say></Gather><Say>Please hold while we connect you.</Say><Dial><Number>+447700900123</Number></Dial><Redirect>/webhooks/voice</Redirect></Response>'
start_receiver twilio "$TW_IVR" --content-type text/xml
cat >"$WORK/twilio.json" <<JSON
{
  "provider": "twilio",
  "voice_url": "http://$ADDR/webhooks/voice",
  "status_callback": "http://$ADDR/webhooks/status",
  "status_callback_events": ["initiated", "ringing", "answered", "completed"],
  "caller": [{"dtmf": "1"}, {"dtmf": "2"}, {"silence": true}],
  "callee": {"default": "busy"},
  "hangup_after": "10m"
}
JSON
echo "== whk call --provider twilio: scripted 10-minute TwiML IVR call" >&2
"$WHK" call "$WORK/twilio.json" --secret "$TW_TOKEN" --json >"$WORK/twilio.out" || true
TW_SUMMARY=$(tail -1 "$WORK/twilio.out")
echo "summary: $TW_SUMMARY" >&2
TW_SECONDS=$(printf '%s' "$TW_SUMMARY" | jq -r '.summary.duration_s // 0')
TW_HOOKS=$(printf '%s' "$TW_SUMMARY" | jq -r '.summary.webhooks_sent // 0')
hyperfine -N -i --style basic --warmup 3 --runs 30 --export-json "$WORK/twilio.hf.json" \
  "$WHK call $WORK/twilio.json --secret $TW_TOKEN --json" >&2
TW_MS=$(jq -r '.results[0].mean * 1000' "$WORK/twilio.hf.json")

start_receiver twilio-bare '<Response><Say>Thanks for calling.</Say></Response>' --content-type text/xml
cat >"$WORK/twilio-bare.json" <<JSON
{
  "provider": "twilio",
  "voice_url": "http://$ADDR/webhooks/voice",
  "status_callback": "http://$ADDR/webhooks/status"
}
JSON
echo "== whk call --provider twilio --repeat $N, concurrency $C" >&2
"$WHK" call "$WORK/twilio-bare.json" --repeat "$N" --concurrency "$C" --json \
  --secret "$TW_TOKEN" >"$WORK/twilio-call.out" 2>/dev/null || true
TLINE=$(tail -1 "$WORK/twilio-call.out")
TW_RATE=$(printf '%s' "$TLINE" | jq -r '.summary.webhooks_per_s // 0')
TW_N_HOOKS=$(printf '%s' "$TLINE" | jq -r '.summary.webhooks_sent // 0')
TW_EXIT=$(printf '%s' "$TLINE" | jq -r '.summary.exit // "none"')
[ "$TW_EXIT" = 0 ] || { echo "whk call --provider twilio --repeat did not run clean (exit $TW_EXIT)" >&2; }
echo "== whk replay twilio/voice --repeat $TW_N_HOOKS, concurrency $C" >&2
"$WHK" replay twilio/voice --repeat "$TW_N_HOOKS" --concurrency "$C" --quiet --json \
  --secret "$TW_TOKEN" --to "http://$ADDR/webhooks/voice" >"$WORK/twilio-replay.out" 2>"$WORK/twilio-replay.err" || true
TW_REPLAY_RPS=$(sed -n 's/.*"requests_per_sec":\([0-9.]*\).*/\1/p' "$WORK/twilio-replay.out" | tail -1)

echo
printf '%-46s %s\n' "Twilio IVR, 10 min virtual ($TW_SECONDS s, $TW_HOOKS webhooks)" "$TW_MS ms wall (mean of 30)"
printf '%-46s %s webhooks/s, %s webhooks\n' "whk call --provider twilio --repeat $N c=$C" "$TW_RATE" "$TW_N_HOOKS"
printf '%-46s %s req/s\n' "whk replay twilio/voice, $TW_N_HOOKS webhooks c=$C" "${TW_REPLAY_RPS:-none}"
awk -v ms="$TW_MS" -v secs="$TW_SECONDS" 'BEGIN {
  if (ms > 0 && secs >= 600) printf "RESULT call_twilio_ivr_10min whk=%.2f baseline=100 unit=ms ratio=%.3f\n", ms, ms / 100;
  else print "Twilio IVR call did not run 10 virtual minutes: no RESULT" > "/dev/stderr";
}'
awk -v c="$TW_RATE" -v r="${TW_REPLAY_RPS:-0}" 'BEGIN {
  if (r > 0 && c > 0) printf "RESULT call_twilio_repeat_vs_replay whk=%.1f baseline=%.1f unit=req/s ratio=%.3f\n", c, r, c / r;
}'
