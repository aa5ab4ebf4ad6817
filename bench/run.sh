#!/usr/bin/env bash
# Every speed target of whk, side by side, in one run, as one table.
#
#   bench/run.sh               # the table (Markdown) on stdout; progress and sub-script output on stderr
#   bench/run.sh > perf.md
#
# 1. installs what is missing: wrk, jq, openssl, hyperfine, python3, bc, time, nodejs and npm
#    with apt-get (each guarded by `command -v`), and Express in bench/express with npm;
# 2. builds whk once, `cargo build --release` into $CARGO_TARGET_DIR (default target/);
# 3. runs bench/verify.sh, bench/replay.sh, bench/ncco.sh, bench/listen.sh, bench/call.sh and
#    bench/ui.sh (the inspector: rate with three pages open, delivery → page latency) one after another
#    with that binary. Each sub-script ends with machine-readable lines
#      RESULT <name> whk=<number> baseline=<number> unit=<unit> ratio=<whk/baseline>
#    and the table is built from those, not from the prose around them (bench/listen.sh
#    prints no RESULT lines yet: its own summary table is parsed instead, see below);
# 4. measures the release binary's size and `whk --version` start-up with hyperfine;
# 5. prints one table, `benchmark | whk | baseline | ratio | target | met?`, and the machine.
#
# Knobs: REPLAY_N (100000 requests), REPLAY_C (64), WRK_SECS (10), NCCO_N (10000 files),
# DURATION (10s per listen run), CONNECTIONS (32), CALL_N (10000 calls), CALL_C (64). Exit status: 0 when every target is met,
# 1 when one is missed or a sub-script produced no data.
#
# Speeds depend on the machine and on what else runs on it: all servers, load generators and
# clients share the same cores here, and the machine line under the table says which.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}

say() { printf '\n== %s\n' "$*" >&2; }

# --- 1. tools ---------------------------------------------------------------------------------
apt_updated=
need() { # command package
  command -v "$1" >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || { echo "missing $1 and no apt-get to install $2" >&2; return 1; }
  echo "installing $2…" >&2
  if [ -z "$apt_updated" ]; then apt-get update -qq >/dev/null 2>&1 || true; apt_updated=1; fi
  apt-get install -y -qq "$2" >/dev/null 2>&1 || { echo "could not install $2" >&2; return 1; }
}
need wrk wrk
need jq jq
need openssl openssl
need hyperfine hyperfine
need python3 python3
need bc bc
[ -x /usr/bin/time ] || need /usr/bin/time time
need node nodejs
need npm npm
if [ ! -d bench/express/node_modules ] && command -v npm >/dev/null 2>&1; then
  echo "installing Express (npm, bench/express)…" >&2
  (cd bench/express && npm install --no-audit --no-fund --silent) || echo "npm install failed" >&2
fi

# --- 2. one build -----------------------------------------------------------------------------
say "building whk (release) into $CARGO_TARGET_DIR"
cargo build --release --quiet --bin whk || { echo "build failed" >&2; exit 2; }
WHK=$CARGO_TARGET_DIR/release/whk
"$WHK" --version >&2

LOGS=$(mktemp -d "${TMPDIR:-/tmp}/whk-bench.XXXXXX")
trap 'rm -rf "$LOGS"' EXIT
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date +%s)

# --- 3. the sub-scripts, one at a time --------------------------------------------------------
run_sub() { # name, command...: output to stderr and to $LOGS/name.log
  local name=$1; shift
  say "$name: $*"
  "$@" 2>&1 | tee "$LOGS/$name.log" >&2
  local rc=${PIPESTATUS[0]}
  echo "$name exit $rc" >> "$LOGS/status"
  echo "($name exited $rc)" >&2
}
run_sub verify bash bench/verify.sh "$WHK"
run_sub replay env -u N N="${REPLAY_N:-100000}" C="${REPLAY_C:-64}" bash bench/replay.sh "$WHK"
run_sub ncco env -u N N="${NCCO_N:-10000}" bash bench/ncco.sh "$WHK"
run_sub listen bash bench/listen.sh "$WHK"
run_sub call env -u N N="${CALL_N:-10000}" C="${CALL_C:-64}" bash bench/call.sh "$WHK"
run_sub ui bash bench/ui.sh "$WHK"

# --- 4. size and start-up ---------------------------------------------------------------------
say "whk --version start-up (hyperfine)"
hyperfine -N --style basic --warmup 20 --runs 300 --export-json "$LOGS/startup.json" \
  "$WHK --version" >&2 || true
SIZE=$(stat -c %s "$WHK")

# --- 5. the table -----------------------------------------------------------------------------
say "done in $(( $(date +%s) - STARTED )) s"
python3 - "$LOGS" "$SIZE" "$LOAD_START" <<'PY'
import json, os, re, sys

logs, size, load = sys.argv[1], int(sys.argv[2]), sys.argv[3]
results = {}
for name in ("verify", "replay", "ncco", "listen", "call", "ui"):
    path = os.path.join(logs, f"{name}.log")
    text = open(path, errors="replace").read() if os.path.exists(path) else ""
    for line in text.splitlines():
        m = re.match(r"^RESULT (\S+) (.*)$", line.strip())
        if m:
            results[m.group(1)] = {k: v for k, v in (kv.split("=", 1) for kv in m.group(2).split())}
    if name == "listen" and not any(k.startswith("listen_") for k in results):
        # bench/listen.sh prints a table, not RESULT lines: read its req/s column.
        rps = {}
        for key, label in (("whk", r"whk listen"), ("express", r"Express"), ("hyper", r"bare hyper")):
            m = re.search(r"^%s[^\n]*?\)\s+([\d.]+)\s" % label, text, re.M)
            if m:
                rps[key] = float(m.group(1))
        if "whk" in rps:
            for base in ("express", "hyper"):
                if rps.get(base):
                    results[f"listen_vs_{base}"] = {
                        "whk": rps["whk"], "baseline": rps[base], "unit": "req/s",
                        "ratio": rps["whk"] / rps[base],
                    }

startup = None
try:
    r = json.load(open(os.path.join(logs, "startup.json")))["results"][0]
    startup = (r["mean"] * 1000, r["stddev"] * 1000)
except Exception:
    pass

def num(x, unit):
    x = float(x)
    if unit == "req/s":
        return f"{x:,.0f} req/s"
    if unit == "MiB/s":
        return f"{x:,.0f} MiB/s"
    if unit == "KiB":
        return f"{x / 1024:,.1f} MiB"
    if unit == "ms":
        return f"{x:.2f} ms"
    if unit == "s":
        return f"{x:.3f} s"
    return f"{x:g} {unit}"

pct = lambda r: f"{r:.0%}"
times = lambda r: f"{r:.2f}x"
# name, label, baseline label, target text, met(ratio), ratio format
ROWS = [
    ("verify_64mib", "verify, 64 MiB body (throughput)", "openssl dgst -sha256 -hmac",
     ">= 80% of openssl", lambda r: r >= 0.8, pct),
    ("sign_small", "sign, small body (start to finish)", "openssl dgst -sha256 -hmac",
     "≈ openssl (time <= 1.25x)", lambda r: r <= 1.25, times),
    ("verify_reencode_worst", "verify, 1 MiB JSON, no re-encoding matches (time)",
     "same body, valid signature", "<= 2,000 ms", None, times),
    ("listen_vs_express", "listen, verify every delivery (req/s)", "Express (seed guide)",
     ">= 10x", lambda r: r >= 10, times),
    ("listen_vs_hyper", "listen, verify every delivery (req/s)", "bare hyper, verify only",
     ">= 50%", lambda r: r >= 0.5, pct),
    ("replay_vs_wrk", "replay, templated + signed (req/s)", "wrk, one pre-signed request",
     ">= 50%", lambda r: r >= 0.5, pct),
    ("replay_rss", "replay peak RSS, N=100k vs N=10k", "same run, N=10k",
     "flat (<= 1.5x)", lambda r: r <= 1.5, times),
    ("ncco_lint", "ncco lint, 10,000 files (time)", "jq empty, same files",
     "<= 3x jq's time", lambda r: r <= 3, times),
    ("call_ivr_10min", "call, scripted 10-minute IVR call (wall time)", "100 ms budget",
     "< 100 ms", lambda r: r < 1, times),
    ("call_repeat_vs_replay", "call --repeat 10,000 -c 64 (webhooks/s)", "whk replay, same webhooks",
     ">= 50%", lambda r: r >= 0.5, pct),
    ("call_repeat_rss", "call --repeat peak RSS, N=10k vs N=1k", "same run, N=1k",
     "flat (<= 1.5x)", lambda r: r <= 1.5, times),
    ("ui_sse_rate", "listen --ui, three pages reading (req/s)", "same listener, no page open",
     ">= 0.9x", lambda r: r >= 0.9, times),
    ("ui_page_latency", "listen --ui, delivery → page p99 at 1,000/s", "the target",
     "<= 100 ms", lambda r: r <= 1, times),
    ("call_vapi_10min", "call --provider vapi, scripted 10-minute conversation (wall time)",
     "100 ms budget", "< 100 ms", lambda r: r < 1, times),
    ("call_vapi_repeat_vs_replay", "call --provider vapi --repeat 10,000 -c 64 (webhooks/s)",
     "whk replay vapi, same webhooks", ">= 50%", lambda r: r >= 0.5, pct),
    ("call_twilio_ivr_10min", "call --provider twilio, scripted 10-minute TwiML IVR (wall time)",
     "100 ms budget", "< 100 ms", lambda r: r < 1, times),
    ("call_twilio_repeat_vs_replay", "call --provider twilio --repeat 10,000 -c 64 (webhooks/s)",
     "whk replay twilio/voice, same webhooks", ">= 50%", lambda r: r >= 0.5, pct),
]

table = ["| benchmark | whk | baseline | ratio | target | met? |", "|---|---|---|---|---|---|"]
ok = True
for key, label, base, target, met, fmt in ROWS:
    r = results.get(key)
    if not r:
        table.append(f"| {label} | no data | {base} | — | {target} | **no data** |")
        ok = False
        continue
    ratio = float(r["ratio"])
    unit = r.get("unit", "")
    if key == "replay_rss" and "n" in r:
        label = f"replay peak RSS, N={int(r['n']):,} vs N=10,000"
    if key == "call_repeat_rss" and "n" in r:
        label = f"call --repeat peak RSS, N={int(r['n']):,} vs N={int(r['n']) // 10:,}"
    if key == "ncco_lint" and "n" in r:
        label = f"ncco lint, {int(r['n']):,} files (time)"
    # A row without a ratio target is judged on whk's own figure.
    good = met(ratio) if met else float(r["whk"]) <= 2000
    ok &= good
    table.append(f"| {label} | {num(r['whk'], unit)} | {num(r['baseline'], unit)} ({base}) | "
                 f"{fmt(ratio)} | {target} | {'yes' if good else '**NO**'} |")
table.append(f"| release binary size | {size / 2**20:.1f} MiB ({size:,} bytes) | — | — | — | — |")
if startup:
    table.append(f"| `whk --version` start-up | {startup[0]:.2f} ms ± {startup[1]:.2f} | — | — | — | — |")
else:
    table.append("| `whk --version` start-up | no data | — | — | — | — |")

model = "unknown CPU"
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"):
        model = line.split(":", 1)[1].strip()
        break
mem_kib = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal"))
machine = (f"machine: `nproc` {os.popen('nproc').read().strip()}, {model}, "
           f"{mem_kib / 2**20:.1f} GiB RAM, Linux {os.uname().release}; "
           f"load average at start {load} (shared machine)")
print("\n".join(table))
print()
print(machine)
failed = [l.split()[0] for l in open(os.path.join(logs, "status")) if not l.strip().endswith(" 0")]
if failed:
    print(f"sub-scripts that exited non-zero: {', '.join(failed)} (a missed target exits 1 too)")
sys.exit(0 if ok else 1)
PY
