#!/usr/bin/env bash
# whk listen vs an Express receiver vs a bare hyper server, side by side in one run (issue 3's
# speed targets), all on loopback and all verifying the same HMAC-SHA256 signature:
#   - whk listen --provider generic --json (to a file): every delivery verified, analysed and
#     written as a JSON line;
#   - bench/express: the receiver the seed guides write (express.json + createHmac);
#   - bench/receiver --verify: a bare hyper server that only checks the HMAC.
# Targets: whk >= 10x Express, whk >= 50% of bare hyper (req/s).
#
# Usage: bench/listen.sh [path/to/whk]    (default: builds the release binary)
# Knobs: DURATION (default 10s), CONNECTIONS (32), WRK_THREADS (1), WORKERS (2: server threads).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
WRK_THREADS=${WRK_THREADS:-1}
WORKERS=${WORKERS:-2}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}

need_apt() {
  command -v "$1" >/dev/null && return 0
  { apt-get install -y -qq "$2" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
}
need_apt wrk wrk
need_apt node nodejs
need_apt npm npm
need_apt python3 python3
need_apt bc bc

WHK=${1:-}
if [ -z "$WHK" ]; then
  cargo build --release --quiet
  WHK=$TARGET/release/whk
fi
cargo build --release --quiet --manifest-path bench/receiver/Cargo.toml --target-dir "$TARGET/bench-receiver"
RECEIVER=$TARGET/bench-receiver/release/whk-bench-receiver
if [ ! -d bench/express/node_modules ]; then
  (cd bench/express && npm install --no-audit --no-fund --silent)
fi

. bench/common.sh

# whk listen: JSON lines to a file, every delivery verified.
WHK_SECRET= "$WHK" listen --port 0 --provider generic --secret "$SECRET" --json \
  > "$tmp/whk.jsonl" 2> "$tmp/whk.err" &
pids+=($!); WHK_PID=$!
WHK_PORT=$(wait_line "$tmp/whk.jsonl" listening | sed 's/.*:\([0-9]*\)".*/\1/')

SECRET=$SECRET node bench/express/server.js 0 > "$tmp/express.out" 2>&1 &
pids+=($!); EXPRESS_PID=$!
EXPRESS_PORT=$(wait_line "$tmp/express.out" 'listening on' | awk '{print $3}')

"$RECEIVER" --addr 127.0.0.1:0 --threads "$WORKERS" --verify "$SECRET" > "$tmp/hyper.out" 2> "$tmp/hyper.err" &
pids+=($!); HYPER_PID=$!
HYPER_PORT=$(wait_line "$tmp/hyper.out" 'listening on' | sed 's/.*://')

cpu_ticks() { # pid -> user+system clock ticks of the whole process
  awk '{print $14 + $15}' "/proc/$1/stat"
}
run() { # name port pid -> writes $tmp/$name.wrk and $tmp/$name.cpu (CPU seconds used)
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d2s -s "$tmp/post.lua" "http://127.0.0.1:$2/hook" > /dev/null
  local before after
  before=$(cpu_ticks "$3")
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$tmp/post.lua" \
    "http://127.0.0.1:$2/hook" > "$tmp/$1.wrk"
  after=$(cpu_ticks "$3")
  echo "scale=3; ($after - $before) / $(getconf CLK_TCK)" | bc > "$tmp/$1.cpu"
}
echo "load: wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION, one pre-signed $(wc -c < "$tmp/body.json")-byte POST; servers use $WORKERS thread(s) (Express: 1)" >&2
run whk "$WHK_PORT" "$WHK_PID"
run express "$EXPRESS_PORT" "$EXPRESS_PID"
run hyper "$HYPER_PORT" "$HYPER_PID"

# Stop whk gracefully so its JSON output is complete, then check every delivery verified.
kill -TERM "$WHK_PID"
for _ in $(seq 1 600); do kill -0 "$WHK_PID" 2>/dev/null || break; sleep 0.05; done
whk_lines=$(grep -c '"seq"' "$tmp/whk.jsonl" || true)
whk_valid=$(grep -c '"status":"valid"' "$tmp/whk.jsonl" || true)

python3 - "$tmp" "$whk_lines" "$whk_valid" <<'PY'
import re, sys
tmp, lines, valid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

def unit_ms(v, u):
    return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[u]

def parse(name):
    text = open(f"{tmp}/{name}.wrk").read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    lat = {}
    for pct in ("50", "99"):
        m = re.search(r"^\s+%s(?:\.000)?%%\s+([\d.]+)(us|ms|s)\s*$" % pct, text, re.M)
        lat[pct] = unit_ms(*m.groups()) if m else float("nan")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    sock = re.search(r"Socket errors: (.*)", text)
    total = int(re.search(r"(\d+) requests in", text).group(1))
    cpu = float(open(f"{tmp}/{name}.cpu").read().strip() or "nan")
    return {"rps": rps, "p50": lat["50"], "p99": lat["99"], "non2xx": int(errors.group(1)) if errors else 0,
            "sock": sock.group(1) if sock else "", "total": total, "cpu": cpu,
            "per_cpu": total / cpu if cpu > 0 else float("nan")}

r = {n: parse(n) for n in ("whk", "express", "hyper")}
names = {"whk": "whk listen --json (verify)", "express": "Express (seed guide)", "hyper": "bare hyper (verify only)"}
print(f"{'receiver':<28} {'req/s':>10} {'p50':>10} {'p99':>10} {'non-2xx':>8} {'CPU s':>7} {'req/CPU-s':>10}")
for n in ("whk", "express", "hyper"):
    x = r[n]
    print(f"{names[n]:<28} {x['rps']:>10.0f} {x['p50']:>8.3f}ms {x['p99']:>8.3f}ms {x['non2xx']:>8} {x['cpu']:>7.2f} {x['per_cpu']:>10.0f}" + (f"  socket errors: {x['sock']}" if x["sock"] else ""))
vs_express = r["whk"]["rps"] / r["express"]["rps"]
vs_hyper = r["whk"]["rps"] / r["hyper"]["rps"]
print(f"whk / Express    = {vs_express:.1f}x  (target >= 10x)  {'PASS' if vs_express >= 10 else 'FAIL'}")
print(f"whk / bare hyper = {vs_hyper * 100:.0f}%  (target >= 50%) {'PASS' if vs_hyper >= 0.5 else 'FAIL'}")
print(f"bare hyper / Express = {r['hyper']['rps'] / r['express']['rps']:.1f}x (the ceiling for any receiver on this machine and load generator)")
print(f"whk wrote {lines} JSON lines, {valid} with a valid signature (warm-up included)")
ok = vs_express >= 10 and vs_hyper >= 0.5 and r["whk"]["non2xx"] == 0 and r["hyper"]["non2xx"] == 0 and r["express"]["non2xx"] == 0 and lines == valid and lines > 0
sys.exit(0 if ok else 1)
PY
