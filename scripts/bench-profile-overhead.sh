#!/bin/sh
# The profiler's own overhead: the same CPU-bound program (testkit's burn.c, 1 s of CPU
# split 70/30 over two functions) run plain and under `joulebench profile` at two stack
# sampling rates, each measured by `joulebench run` (10 runs, estimate sensor, so only
# its times are used here). Prints wall and CPU time per run and the ratios to plain.
#
# Needs root (kernel frames) or perf_event_paranoid <= 1, gcc and python3.
set -eu
cd "$(dirname "$0")/.."
cargo build --release -q -p joulebench
JB="$PWD/target/release/joulebench"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O1 -fno-omit-frame-pointer -o "$tmp/burn" crates/testkit/src/burn.c
work="$tmp/burn 1 - alpha:0.7 beta:0.3"
"$JB" run --sensor estimate --runs "${RUNS:-10}" --idle 0 --warmup 1 \
    --export-json "$tmp/o.json" \
    -n plain "$work" \
    -n "profile -F 999" "$JB profile --sensor estimate -F 999 -- $work" \
    -n "profile -F 3999" "$JB profile --sensor estimate -F 3999 -- $work" >/dev/null 2>&1
python3 - "$tmp/o.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
base = r[0]
print(f"{'command':<18} {'wall s':>14} {'CPU s':>8} {'wall x':>7} {'CPU x':>7}")
for x in r:
    cpu = x["user"] + x["system"]
    bcpu = base["user"] + base["system"]
    print(f"{x['command']:<18} {x['mean']:>8.3f} ± {x['stddev']:.3f} {cpu:>8.3f} "
          f"{x['mean'] / base['mean']:>7.3f} {cpu / bcpu:>7.3f}")
PY
