#!/usr/bin/env bash
# whk verify/sign vs openssl, side by side in one run (issue 2's speed targets):
#   - verifying a 64 MiB body must reach >= 80% of `openssl dgst -sha256 -hmac` throughput;
#   - signing a small body must start and finish about as fast as `openssl dgst`;
#   - the diagnosis's worst case: a 1 MiB JSON body in which every re-encoding axis can change
#     the bytes (unsorted and integer-like keys, numbers JavaScript and Python rewrite, `/`,
#     non-ASCII, DEL, `<&>`), with a signature that matches none of them. Its time must stay
#     bounded (target <= 2 s); the baseline is verifying the same body with a valid signature.
# Usage: bench/verify.sh [path/to/whk]   (default: builds target/release/whk)
# Ends with `RESULT name whk=… baseline=… unit=… ratio=…` lines for bench/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
WHK=${1:-}
if [ -z "$WHK" ]; then
  cargo build --release --quiet
  WHK=${CARGO_TARGET_DIR:-target}/release/whk
fi
command -v openssl >/dev/null || { apt-get update -qq && apt-get install -y -qq openssl >/dev/null; }
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
head -c $((64 * 1024 * 1024)) /dev/urandom > "$tmp/big.bin"
printf '{"event":"call.completed","callId":"CA1"}' > "$tmp/small.json"
SECRET=bench-secret
sig=$("$WHK" sign -p generic --secret "$SECRET" "$tmp/big.bin")
"$WHK" verify -p generic --secret "$SECRET" -H "$sig" "$tmp/big.bin" >/dev/null

# The worst case for the re-encoding search (see the header).
python3 - "$tmp/worst.json" <<'PY'
import sys
item = ('{"b":"https://x.io/a/b é\u007f <&> 😀","10":1e3,"2":[1.50,-0,120.0],'
        '"a":{"z":9007199254740993,"y":[true,null]},"id":%d}')
parts, size, i = [], 0, 0
while size < 1024 * 1024:
    s = item % i
    parts.append(s)
    size += len(s.encode()) + 1
    i += 1
open(sys.argv[1], "w", encoding="utf-8").write("[" + ",".join(parts) + "]")
PY
printf 'not the body' > "$tmp/other.txt"
nomatch=$("$WHK" sign -p generic --secret "$SECRET" "$tmp/other.txt")
valid=$("$WHK" sign -p generic --secret "$SECRET" "$tmp/worst.json")
"$WHK" verify -p generic --secret "$SECRET" -H "$nomatch" --json "$tmp/worst.json" > "$tmp/worst.out" || true
python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); print("worst case verdict:", v["reason"], "-", v["hint"])' "$tmp/worst.out"

hyperfine --style basic --warmup 2 --runs 10 --export-json "$tmp/big.json" \
  -n "whk verify (64 MiB)" "$WHK verify -p generic --secret $SECRET -H '$sig' $tmp/big.bin" \
  -n "openssl dgst -hmac (64 MiB)" "openssl dgst -sha256 -hmac $SECRET $tmp/big.bin" >/dev/null
hyperfine --style basic --warmup 5 --runs 50 -N --export-json "$tmp/small.json.out" \
  -n "whk sign (small)" "$WHK sign -p generic --secret $SECRET $tmp/small.json" \
  -n "openssl dgst -hmac (small)" "openssl dgst -sha256 -hmac $SECRET $tmp/small.json" >/dev/null
hyperfine --style basic --warmup 1 --runs 5 -i --export-json "$tmp/worst.json.out" \
  -n "whk verify, 1 MiB, no re-encoding matches" "$WHK verify -p generic --secret $SECRET -H '$nomatch' $tmp/worst.json" \
  -n "whk verify, same body, valid" "$WHK verify -p generic --secret $SECRET -H '$valid' $tmp/worst.json" >/dev/null

python3 - "$tmp/big.json" "$tmp/small.json.out" "$tmp/worst.json.out" <<'PY'
import json, sys
big = json.load(open(sys.argv[1]))["results"]
small = json.load(open(sys.argv[2]))["results"]
worst = json.load(open(sys.argv[3]))["results"]
mib = 64
w, o = big[0]["mean"], big[1]["mean"]
print(f"{'':32} {'whk':>12} {'openssl':>12} {'whk/openssl':>12}")
print(f"{'verify 64 MiB (MiB/s)':32} {mib/w:12.0f} {mib/o:12.0f} {(mib/w)/(mib/o):11.0%}   target >= 80%")
ws, os_ = small[0]["mean"], small[1]["mean"]
print(f"{'sign small body (ms)':32} {ws*1000:12.2f} {os_*1000:12.2f} {os_/ws:11.0%}   (speed ratio; ~100% = as fast)")
wd, wv = worst[0]["mean"], worst[1]["mean"]
print(f"{'verify 1 MiB, no match (ms)':32} {wd*1000:12.1f} {wv*1000:12.1f} {wd/wv:11.1f}x  (baseline: same body, valid; target <= 2000 ms)")
# Machine-readable, for bench/run.sh: ratio is whk/baseline of the unit shown.
print(f"RESULT verify_64mib whk={mib/w:.1f} baseline={mib/o:.1f} unit=MiB/s ratio={(mib/w)/(mib/o):.3f}")
print(f"RESULT sign_small whk={ws*1000:.3f} baseline={os_*1000:.3f} unit=ms ratio={ws/os_:.3f}")
print(f"RESULT verify_reencode_worst whk={wd*1000:.1f} baseline={wv*1000:.1f} unit=ms ratio={wd/wv:.2f}")
PY
