# Sourced by bench/listen.sh and bench/ui.sh (needs $WHK): a scratch directory cleaned up on
# exit with the processes started, one realistic signed delivery for wrk, and a bounded wait
# for a server's start line.
#   $tmp            scratch directory; pids+=($!) for each background process to stop at exit
#   $tmp/body.json  a Vapi-style status update, compact JSON (~400 bytes)
#   $tmp/post.lua   wrk script POSTing it with its generic HMAC signature
#   SECRET          the secret it is signed with
#   wait_line FILE PATTERN   the first line of FILE matching PATTERN (bounded wait)

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

SECRET=bench-secret-0123456789
printf '%s' '{"message":{"type":"status-update","status":"in-progress","timestamp":1795497101000,"call":{"id":"3f1e2c44-6a0d-4b8e-9c1f-2b7d5e8a9f01","orgId":"b1a2c3d4-0000-4000-8000-000000000001","type":"inboundPhoneCall","status":"in-progress","phoneNumberId":"5b1c2d3e-0000-4000-8000-00000000aaaa"},"customer":{"number":"+15555550100"},"phoneNumber":{"number":"+15555550199"}}}' > "$tmp/body.json"
SIG=$("$WHK" sign -p generic --secret "$SECRET" "$tmp/body.json" | sed -n 's/^X-Webhook-Signature: //p')
[ -n "$SIG" ] || { echo "could not sign the body" >&2; exit 2; }
python3 - "$tmp/body.json" "$SIG" > "$tmp/post.lua" <<'PY'
import json, sys
body = open(sys.argv[1]).read()
print('wrk.method = "POST"')
print('wrk.body = %s' % json.dumps(body))
print('wrk.headers["Content-Type"] = "application/json"')
print('wrk.headers["X-Webhook-Signature"] = %s' % json.dumps(sys.argv[2]))
PY

wait_line() { # file pattern -> first matching line (bounded wait)
  for _ in $(seq 1 200); do
    if grep -q "$2" "$1" 2>/dev/null; then grep -m1 "$2" "$1"; return 0; fi
    sleep 0.05
  done
  echo "server did not start: $(cat "$1")" >&2
  return 1
}
