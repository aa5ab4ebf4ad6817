#!/usr/bin/env bash
# Benchmark `whk replay` against wrk on the same fast local receiver.
#
#   bench/replay.sh            # N=100000, concurrency 64
#   N=20000 C=32 bench/replay.sh
#   bench/replay.sh path/to/whk   # use this whk binary instead of building one
#
# 1. builds whk (unless given) and bench/receiver (release) into $CARGO_TARGET_DIR (default
#    target/; the receiver in bench-receiver/ under it, shared with bench/listen.sh);
# 2. starts the receiver, which verifies every request's HMAC (`--verify`, whk's `generic`
#    scheme), on 127.0.0.1 (a free port);
# 3. wrk sends one pre-signed request (same fixture, signed once with `whk sign`) for
#    $WRK_SECS seconds with C connections;
# 4. whk replays the fixture N times with concurrency C — templating (fresh ids and
#    timestamps) and signing every request — and prints its rate;
# 5. peak RSS (`/usr/bin/time -v`) of whk for N=10000 and N=$N, to show memory stays flat.
# The pass mark: whk's requests/second >= 50% of wrk's. The last lines are
# `RESULT name whk=… baseline=… unit=… ratio=…`, for bench/run.sh.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
N=${N:-100000}
C=${C:-64}
WRK_SECS=${WRK_SECS:-10}
FIXTURE=${FIXTURE:-generic/call.completed}
SECRET=bench-secret-0123456789abcdef
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}

need() { command -v "$1" >/dev/null 2>&1; }
if ! need wrk; then
  echo "installing wrk…" >&2
  if need apt-get; then apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; fi
fi
need wrk || { echo "wrk is required (apt-get install wrk)" >&2; exit 2; }
if [ ! -x /usr/bin/time ]; then
  need apt-get && apt-get install -y time >/dev/null
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
RECV_PID=
cleanup() {
  if [ -n "$RECV_PID" ]; then kill "$RECV_PID" 2>/dev/null || true; wait "$RECV_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

"$RECV" --addr 127.0.0.1:0 --threads 1 --verify "$SECRET" >"$WORK/recv.out" 2>"$WORK/recv.err" &
RECV_PID=$!
for _ in $(seq 50); do grep -q listening "$WORK/recv.out" 2>/dev/null && break; sleep 0.1; done
ADDR=$(sed -n 's/^listening on //p' "$WORK/recv.out")
[ -n "$ADDR" ] || { echo "receiver did not start" >&2; exit 2; }
URL="http://$ADDR/"

# The same fixture, rendered once and signed once, for wrk.
"$WHK" fixtures show "$FIXTURE" --body >"$WORK/body.json"
printf '%s' "$(cat "$WORK/body.json")" >"$WORK/body.json"
SIG=$(WHK_SECRET=$SECRET "$WHK" sign -p generic "$WORK/body.json" | sed -n 's/^X-Webhook-Signature: //p')
cat >"$WORK/post.lua" <<LUA
local f = assert(io.open("$WORK/body.json", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Webhook-Signature"] = "$SIG"
LUA

echo "== wrk: one pre-signed request, ${WRK_SECS}s, $C connections" >&2
wrk -t2 -c"$C" -d"${WRK_SECS}s" -s "$WORK/post.lua" "$URL" | tee "$WORK/wrk.out"
WRK_RPS=$(awk '/^Requests\/sec:/ {print $2}' "$WORK/wrk.out")

run_whk() { # N → prints "rps rss_kb"
  /usr/bin/time -v "$WHK" replay "$FIXTURE" --repeat "$1" --concurrency "$C" --quiet --json \
    --secret "$SECRET" --to "$URL" >"$WORK/whk.out" 2>"$WORK/whk.time"
  local rps rss
  rps=$(sed -n 's/.*"requests_per_sec":\([0-9.]*\).*/\1/p' "$WORK/whk.out" | tail -1)
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/whk.time")
  grep -q '"failed":0' "$WORK/whk.out" || { echo "whk replay had failures:" >&2; tail -3 "$WORK/whk.out" >&2; }
  echo "$rps $rss"
}

echo "== whk replay $FIXTURE: templated + signed per request" >&2
read -r RPS_10K RSS_10K < <(run_whk 10000)
read -r RPS_N RSS_N < <(run_whk "$N")
kill -INT "$RECV_PID" 2>/dev/null || true
wait "$RECV_PID" 2>/dev/null || true
RECV_PID=

echo
printf '%-34s %12s\n' "wrk (pre-signed, static)" "$WRK_RPS req/s"
printf '%-34s %12s   peak RSS %s KiB\n' "whk replay N=10000 c=$C" "$RPS_10K req/s" "$RSS_10K"
printf '%-34s %12s   peak RSS %s KiB\n' "whk replay N=$N c=$C" "$RPS_N req/s" "$RSS_N"
echo "receiver: $(cat "$WORK/recv.err")"
awk -v w="$WRK_RPS" -v r="$RPS_N" -v a="$RSS_10K" -v b="$RSS_N" -v n="$N" 'BEGIN {
  if (w > 0) printf "RESULT replay_vs_wrk whk=%.1f baseline=%.1f unit=req/s ratio=%.3f\n", r, w, r / w;
  if (a > 0) printf "RESULT replay_rss whk=%d baseline=%d unit=KiB ratio=%.3f n=%s\n", b, a, b / a, n;
}'
awk -v w="$WRK_RPS" -v r="$RPS_N" 'BEGIN {
  pct = 100 * r / w;
  printf "whk / wrk = %.0f%% (target >= 50%%): %s\n", pct, (pct >= 50 ? "PASS" : "FAIL");
  exit (pct >= 50 ? 0 : 1)
}'
