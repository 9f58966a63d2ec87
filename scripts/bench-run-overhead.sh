#!/usr/bin/env bash
# Measures joulebench's own overhead (issue 3), printing the figures the README quotes.
#  1. CPU time the meter uses per second of a measured `sleep`, at the default sample rate
#     and at 1000 Hz, on a fake powercap tree and on the estimate sensor.
#  2. Per-run overhead against bare fork/exec of `true` (hyperfine -N, if installed).
# Usage: scripts/bench-run-overhead.sh [path/to/joulebench]   (default: release build)
set -euo pipefail
cd "$(dirname "$0")/.."
JB="${1:-target/release/joulebench}"
if [ ! -x "$JB" ]; then cargo build --release -q -p joulebench; fi
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

# A fake two-socket powercap tree (static counters are enough to cost the reads).
"$JB" sensors --format json >/dev/null  # warm the binary's pages
for s in 0 1; do
  z="$tmp/sys/class/powercap/intel-rapl:$s"; mkdir -p "$z/intel-rapl:$s:0"
  echo "package-$s" > "$z/name"; echo 123456789 > "$z/energy_uj"; echo 262143328850 > "$z/max_energy_range_uj"
  echo dram > "$z/intel-rapl:$s:0/name"; echo 23456789 > "$z/intel-rapl:$s:0/energy_uj"
  echo 65712999613 > "$z/intel-rapl:$s:0/max_energy_range_uj"
done

SLEEP=2; RUNS=3
printf '%-14s %-8s %12s %14s\n' sensor rate cpu_ms "per_s_of_sleep"
for sensor in rapl-powercap estimate; do
  for rate in 10 1000; do
    extra=()
    [ "$sensor" = rapl-powercap ] && extra=(--sysfs-root "$tmp/sys")
    # /usr/bin/time reports joulebench's CPU plus its children's; `sleep` itself uses
    # about a millisecond per run, which is subtracted below via a bare measurement.
    /usr/bin/time -f '%U %S' -o "$tmp/t" "$JB" "${extra[@]}" --sensor "$sensor" run \
      --runs "$RUNS" --idle 0 --sample-rate "$rate" -- sleep "$SLEEP" >/dev/null 2>&1
    read -r u s < "$tmp/t"
    /usr/bin/time -f '%U %S' -o "$tmp/b" sh -c "for i in \$(seq $RUNS); do sleep $SLEEP; done"
    read -r bu bs < "$tmp/b"
    awk -v u="$u" -v s="$s" -v bu="$bu" -v bs="$bs" -v n="$RUNS" -v d="$SLEEP" \
        -v sensor="$sensor" -v rate="$rate" 'BEGIN {
      cpu = (u + s) - (bu + bs); if (cpu < 0) cpu = 0
      printf "%-14s %-8s %12.1f %13.3f%%\n", sensor, rate "Hz", cpu * 1000, 100 * cpu / (n * d)
    }'
  done
done

echo
echo "per-run overhead against bare fork/exec of true:"
"$JB" --sensor estimate run --runs 300 --idle 0 --export-json "$tmp/jb.json" -- true >/dev/null 2>&1
jb_mean=$(python3 -c "import json;print(json.load(open('$tmp/jb.json'))['results'][0]['mean'])")
if command -v hyperfine >/dev/null; then
  hyperfine -N --runs 300 --export-json "$tmp/hf.json" true >/dev/null 2>&1
  hf_mean=$(python3 -c "import json;print(json.load(open('$tmp/hf.json'))['results'][0]['mean'])")
  python3 -c "print(f'joulebench: {1e3*$jb_mean:.3f} ms per run of true; hyperfine -N: {1e3*$hf_mean:.3f} ms; difference {1e3*($jb_mean-$hf_mean):+.3f} ms')"
else
  python3 -c "print(f'joulebench: {1e3*$jb_mean:.3f} ms per run of true (hyperfine not installed)')"
fi
