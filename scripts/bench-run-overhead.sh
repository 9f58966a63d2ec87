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

# CPU per second of a measured `sleep`: joulebench measuring `sleep 5` minus joulebench
# measuring `sleep 0` (startup, sensor open and exports cancel out), divided by 5 s.
# Child CPU times come from getrusage (microseconds), not from /usr/bin/time's 10 ms.
# The floor: what merely waking up at that rate costs on this machine (a C loop of
# nanosleep), since a sampling thread cannot cost less than its own wake-ups.
cat > "$tmp/floor.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
int main(int argc, char **argv) {
    int hz = atoi(argv[1]);
    struct timespec t = {0, 1000000000L / hz};
    for (int i = 0; i < hz * 5; i++) nanosleep(&t, 0);
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    double ms = r.ru_utime.tv_sec * 1e3 + r.ru_utime.tv_usec / 1e3 + r.ru_stime.tv_sec * 1e3 + r.ru_stime.tv_usec / 1e3;
    printf("%.3f\n", ms / 5);
    return 0;
}
C
cc -O2 -o "$tmp/floor" "$tmp/floor.c"
JB="$JB" SYS="$tmp/sys" FLOOR="$tmp/floor" python3 - <<'PY'
import os, resource, subprocess
jb, sysfs, floor = os.environ["JB"], os.environ["SYS"], os.environ["FLOOR"]
def cpu(args):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
print(f"{'sensor':14} {'rate':>8} {'CPU per s':>10} {'% of a core':>12} {'wake-up floor':>14}")
for sensor in ["rapl-powercap", "estimate"]:
    for rate in [10, 1000]:
        base = [jb] + (["--sysfs-root", sysfs] if sensor == "rapl-powercap" else [])
        run = base + ["--sensor", sensor, "run", "--runs", "1", "--idle", "0",
                      "--sample-rate", str(rate), "--", "sleep"]
        per_s = min((cpu(run + ["5"]) - cpu(run + ["0"])) / 5 for _ in range(3))
        fl = float(subprocess.run([floor, str(rate)], capture_output=True, text=True).stdout)
        print(f"{sensor:14} {rate:>6}Hz {per_s*1e3:>8.2f}ms {per_s*100:>11.3f}% {fl/10:>13.3f}%")
PY

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
