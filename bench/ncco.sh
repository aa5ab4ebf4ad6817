#!/usr/bin/env bash
# Benchmark `whk ncco lint` against `jq empty` on the same 10,000 NCCO files.
#
#   bench/ncco.sh            # 10,000 files
#   N=50000 bench/ncco.sh    # another count
#   bench/ncco.sh path/to/whk  # use this whk binary instead of building one
#
# The files are copies of tests/ncco/{valid,invalid,seeds}/*.json that jq can parse (jq stops at
# the first syntax error in a stream, which would make it finish early); the script checks that
# jq really reads them all. whk is the release build,
# run with --format json > /dev/null (so rendering is included); jq runs `jq empty` over the
# same files in one process. Target: whk <= 3x jq's time. The last line is
# `RESULT ncco_lint whk=… baseline=… unit=s ratio=…`, for bench/run.sh.
set -euo pipefail

N=${N:-10000}
root=$(cd "$(dirname "$0")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/work/target-ncco}

need=()
command -v jq >/dev/null 2>&1 || need+=(jq)
command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
if [ ${#need[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing: ${need[*]}" >&2
  (apt-get install -y "${need[@]}" >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && apt-get install -y "${need[@]}" >/dev/null 2>&1; }) \
    || echo "could not install ${need[*]}; falling back where possible" >&2
fi
command -v jq >/dev/null 2>&1 || { echo "jq is required" >&2; exit 2; }

whk=${1:-}
if [ -z "$whk" ]; then
  echo "building whk (release)..." >&2
  (cd "$root" && cargo build --release --quiet)
  whk="$CARGO_TARGET_DIR/release/whk"
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/whk-ncco-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/nccos"

# Only files jq parses even in the middle of a stream (a byte-order mark is accepted at the
# start of jq's input but not after another document, and would stop jq early).
sources=()
probe="$root/tests/ncco/valid/talk-minimal.json"
for f in "$root"/tests/ncco/valid/*.json "$root"/tests/ncco/invalid/*.json "$root"/tests/ncco/seeds/*.json; do
  if jq empty "$probe" "$f" "$probe" >/dev/null 2>&1; then sources+=("$f"); fi
done
echo "generating $N files from ${#sources[@]} examples in $dir/nccos ..." >&2
for ((i = 0; i < N; i++)); do
  src=${sources[$((i % ${#sources[@]}))]}
  cp "$src" "$dir/nccos/$(printf '%06d' "$i")-$(basename "$src")"
done
bytes=$(cat "$dir"/nccos/*.json | wc -c)
echo "$N files, $bytes bytes" >&2

jq empty "$dir"/nccos/*.json || { echo "jq does not parse every generated file; fix the source filter" >&2; exit 2; }
whk_cmd="$whk ncco lint --format json $dir/nccos > /dev/null"
jq_cmd="jq empty $dir/nccos/*.json > /dev/null"

# Sanity: whk finds the expected problems, and exits 1 (errors present).
set +e
"$whk" ncco lint --format json "$dir/nccos" > "$dir/out.json"
echo "whk exit status: $? (1 = errors found, expected)" >&2
set -e
jq -r '.summary | "whk summary: \(.files) files, \(.errors) errors, \(.warnings) warnings"' "$dir/out.json" >&2

if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 2 --runs 10 -i --export-json "$dir/h.json" -n whk "$whk_cmd" -n jq "$jq_cmd"
  w=$(jq '.results[] | select(.command == "whk") | .mean' "$dir/h.json")
  j=$(jq '.results[] | select(.command == "jq") | .mean' "$dir/h.json")
else
  measure() { # best of 5 wall-clock runs, in seconds
    local best=999999 t0 t1 t
    for _ in 1 2 3 4 5; do
      t0=$(date +%s.%N); bash -c "$1" || true; t1=$(date +%s.%N)
      t=$(echo "$t1 - $t0" | bc -l)
      if (( $(echo "$t < $best" | bc -l) )); then best=$t; fi
    done
    echo "$best"
  }
  bash -c "$whk_cmd" || true; bash -c "$jq_cmd" || true   # warm the page cache
  w=$(measure "$whk_cmd"); j=$(measure "$jq_cmd")
fi
ratio=$(echo "$w / $j" | bc -l)
printf '\n%-32s %10s\n' "command ($N files)" "seconds"
printf '%-32s %10.3f\n' "whk ncco lint --format json" "$w" "jq empty" "$j"
printf 'ratio whk/jq: %.2fx (target <= 3x): %s\n' "$ratio" \
  "$(if (( $(echo "$ratio <= 3" | bc -l) )); then echo PASS; else echo FAIL; fi)"
printf 'RESULT ncco_lint whk=%.4f baseline=%.4f unit=s ratio=%.3f n=%s\n' "$w" "$j" "$ratio" "$N"
