#!/usr/bin/env bash
# whk listen --ui: the inspector never slows the receiver (issue 13's targets), in one run:
#   1. listen's rate (wrk, signed deliveries, every one verified) with three pages open (SSE
#      clients reading the live stream) vs with none, on the same listener, runs alternated
#      none / three, ROUNDS times, medians compared: target >= 0.9x;
#   2. delivery -> page latency at 1,000 deliveries/s (`whk replay --rate 1000`): the time from
#      the listener receiving a delivery (its `received_at`) to the `request` event arriving
#      at a page (bench/sse_latency.py), p99: target <= 100 ms.
# Ends with RESULT lines for bench/run.sh.
#
# Usage: bench/ui.sh [path/to/whk]
# Knobs: DURATION (5s per run), ROUNDS (5), CONNECTIONS (32), LAT_N (10000).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-32}
LAT_N=${LAT_N:-10000}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
for c in wrk curl python3; do command -v $c >/dev/null || { echo "bench/ui.sh needs $c" >&2; exit 2; }; done

WHK=${1:-}
if [ -z "$WHK" ]; then
  cargo build --release --quiet --bin whk
  WHK=$TARGET/release/whk
fi

. bench/common.sh

start_whk() { # name -> sets PORT, PID
  WHK_SECRET= "$WHK" listen --port 0 --provider generic --secret "$SECRET" --json --ui \
    > "$tmp/$1.jsonl" 2> "$tmp/$1.err" &
  PID=$!; pids+=($PID)
  PORT=$(wait_line "$tmp/$1.jsonl" listening | sed 's/.*"listening":"http:\/\/127.0.0.1:\([0-9]*\)".*/\1/')
}

# --- 1. rate with three pages reading vs none -------------------------------------------------
# Alternated ROUNDS times (none, three, none, three, …) on one listener; the medians are
# compared, and whk's own CPU time per delivery too (less sensitive to a busy machine).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
start_whk rate
wrk -t1 -c"$CONNECTIONS" -d2s -s "$tmp/post.lua" "http://127.0.0.1:$PORT/hook" > /dev/null
: > "$tmp/none.txt"; : > "$tmp/three.txt"
measure() { # file -> appends "req/s cpu_ticks requests"
  local before after out
  before=$(cpu_ticks "$PID")
  out=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" -s "$tmp/post.lua" "http://127.0.0.1:$PORT/hook")
  after=$(cpu_ticks "$PID")
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $((after - before)) $(echo "$out" | awk '/requests in/ {print $1}')" >> "$1"
}
for round in $(seq 1 "${ROUNDS:-5}"); do
  measure "$tmp/none.txt"
  pages=()
  for i in 1 2 3; do
    curl -sN -H "Host: 127.0.0.1:$PORT" "http://127.0.0.1:$PORT/_whk/api/events" >> "$tmp/page$i.sse" &
    pages+=($!); pids+=($!)
  done
  sleep 0.3
  measure "$tmp/three.txt"
  kill "${pages[@]}" 2>/dev/null || true
  wait "${pages[@]}" 2>/dev/null || true
done
events=$(grep -c '^event: request' "$tmp/page1.sse" || true)
resyncs=$(grep -c '^event: resync' "$tmp/page1.sse" || true)
kill -TERM "$PID"; for _ in $(seq 1 600); do kill -0 "$PID" 2>/dev/null || break; sleep 0.05; done
lines=$(grep -c '"seq"' "$tmp/rate.jsonl" || true)
valid=$(grep -c '"status":"valid"' "$tmp/rate.jsonl" || true)
read -r none three ratio cpu_none cpu_three <<< "$(python3 - "$tmp/none.txt" "$tmp/three.txt" <<'PY'
import statistics, sys
def load(p):
    rows = [list(map(float, l.split())) for l in open(p) if l.strip()]
    return statistics.median(r[0] for r in rows), statistics.median(r[1] / r[2] * 1e6 for r in rows)
(n, cn), (t, ct) = load(sys.argv[1]), load(sys.argv[2])
print(f"{n:.1f} {t:.1f} {t / n:.3f} {cn:.1f} {ct:.1f}")
PY
)"
echo "listen --ui, wrk -c$CONNECTIONS, ${ROUNDS:-5} alternated rounds of $DURATION:"
echo "  req/s with no page: $(tr '\n' ' ' < "$tmp/none.txt" | awk '{for(i=1;i<=NF;i+=3) printf "%s ", $i}')(median $none)"
echo "  req/s with three pages reading: $(tr '\n' ' ' < "$tmp/three.txt" | awk '{for(i=1;i<=NF;i+=3) printf "%s ", $i}')(median $three)"
echo "  three pages / none = ${ratio}x (target >= 0.9x); whk CPU per million deliveries: $cpu_none ticks with no page, $cpu_three with three"
echo "  page 1 got $events request events and $resyncs resync(s); whk wrote $lines JSON lines, $valid valid"

# --- 2. delivery -> page latency at 1,000/s ---------------------------------------------------
start_whk latency
python3 bench/sse_latency.py "$PORT" "$LAT_N" 120 > "$tmp/latency.out" &
reader=$!; pids+=($reader)
wait_line "$tmp/latency.out" ready > /dev/null
WHK_SECRET= "$WHK" replay "$tmp/body.json" --to "http://127.0.0.1:$PORT/hook" -p generic \
  --secret "$SECRET" -n "$LAT_N" -c 4 --rate 1000 -q > "$tmp/replay.out" 2>&1 || true
wait "$reader" || true
lat=$(grep '^latency' "$tmp/latency.out" || echo "latency n=0")
p99=$(echo "$lat" | sed -n 's/.*p99=\([0-9.]*\)ms.*/\1/p')
echo "delivery -> page at 1,000/s, $LAT_N deliveries: $lat (target p99 <= 100 ms)"
tail -3 "$tmp/replay.out" >&2 || true

echo "RESULT ui_sse_rate whk=$three baseline=$none unit=req/s ratio=$ratio"
if [ -n "$p99" ]; then
  echo "RESULT ui_page_latency whk=$p99 baseline=100 unit=ms ratio=$(echo "scale=3; $p99 / 100" | bc)"
fi
ok=$(echo "$ratio >= 0.9" | bc)
[ "$ok" = 1 ] && [ -n "$p99" ] && [ "$(echo "$p99 <= 100" | bc)" = 1 ]
