#!/usr/bin/env bash
# Measures joulebench's own overhead side by side with hyperfine -N, in one run, and
# prints the figures the README quotes (issue 13, "Overhead"):
#  1. Per run, on `true` and `sleep 0.01`: the time each tool reports for the command,
#     and the wall time the whole tool spends per run (the slope between 10 and 310
#     runs), joulebench against hyperfine -N, with ratios.
#  2. CPU time the meter uses per second of a measured `sleep`, at 10 Hz and 1000 Hz, on
#     a ticking fake powercap tree and on the estimate sensor, against the wake-up floor
#     of a bare sampling loop at the same rate, with ratios.
# hyperfine 1.20.0 is installed under target/bench-tools when not there yet.
# Usage: scripts/bench-run-overhead.sh [path/to/joulebench]   (default: release build)
set -euo pipefail
cd "$(dirname "$0")/.."
JB="${1:-target/release/joulebench}"
if [ ! -x "$JB" ]; then cargo build --release -q -p joulebench; fi
HF=target/bench-tools/bin/hyperfine
if [ ! -x "$HF" ]; then
  cargo install hyperfine --version 1.20.0 --locked --root target/bench-tools
fi
tmp="$(mktemp -d)"
ticker_pid=""
cleanup() { [ -n "$ticker_pid" ] && kill "$ticker_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

# A fake two-socket powercap tree whose counters move: the sensor layer refuses a
# counter that does not move within 500 ms of opening (a stuck counter is not 0 J). A
# small C writer rewrites them every 10 ms, each by rename so that a reader never sees
# a half-written file, as sysfs never shows one.
for s in 0 1; do
  z="$tmp/sys/class/powercap/intel-rapl:$s"; mkdir -p "$z/intel-rapl:$s:0"
  echo "package-$s" > "$z/name"; echo 262143328850 > "$z/max_energy_range_uj"
  echo dram > "$z/intel-rapl:$s:0/name"; echo 65712999613 > "$z/intel-rapl:$s:0/max_energy_range_uj"
  echo 1000000 > "$z/energy_uj"; echo 1000000 > "$z/intel-rapl:$s:0/energy_uj"
done
cat > "$tmp/ticker.c" <<'C'
#include <stdio.h>
#include <time.h>
/* argv: the energy_uj files. Each gains 20 W (20,000 µJ per ms) of fake energy. */
int main(int argc, char **argv) {
    char tmp[4096];
    for (unsigned long long uj = 1000000;; uj += 200000) {
        for (int i = 1; i < argc; i++) {
            snprintf(tmp, sizeof tmp, "%s.tmp", argv[i]);
            FILE *f = fopen(tmp, "w");
            if (!f) return 1;
            fprintf(f, "%llu\n", uj + i);
            fclose(f);
            rename(tmp, argv[i]);
        }
        struct timespec t = {0, 10000000L};
        nanosleep(&t, 0);
    }
}
C
cc -O2 -o "$tmp/ticker" "$tmp/ticker.c"
"$tmp/ticker" "$tmp"/sys/class/powercap/intel-rapl:*/energy_uj \
  "$tmp"/sys/class/powercap/intel-rapl:*/intel-rapl:*:0/energy_uj &
ticker_pid=$!
sleep 0.1
kill -0 "$ticker_pid" || { echo "the fake counter writer failed" >&2; exit 1; }

# The floor: what merely waking up at that rate costs on this machine (a C loop of
# nanosleep), since a sampling loop cannot cost less than its own wake-ups.
cat > "$tmp/floor.c" <<'C'
#include <stdlib.h>
#include <time.h>
int main(int argc, char **argv) {
    struct timespec t = {0, 1000000000L / atoi(argv[1])};
    for (;;) nanosleep(&t, 0);
}
C
cc -O2 -o "$tmp/floor" "$tmp/floor.c"
"$JB" sensors --format json >/dev/null  # warm the binary's pages

JB="$JB" HF="$HF" SYS="$tmp/sys" FLOOR="$tmp/floor" TMP="$tmp" python3 - <<'PY'
import json, os, statistics, subprocess, time
jb, hf, sysfs, floor, tmp = (os.environ[k] for k in ["JB", "HF", "SYS", "FLOOR", "TMP"])
quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)

def joulebench(runs, cmd, export):
    return [jb, "--sensor", "estimate", "run", "--runs", str(runs), "--idle", "0",
            "--shell=none", "--export-json", export, cmd]

def hyperfine(runs, cmd, export):
    return [hf, "-N", "--runs", str(runs), "--style", "none", "--export-json", export, cmd]

def wall(args):
    t = time.perf_counter()
    subprocess.run(args, **quiet)
    return time.perf_counter() - t

def mean(export):
    return json.load(open(export))["results"][0]["mean"]

def per_run(tool, cmd):
    """(time reported for cmd, wall time per run): the tool's mean over 310 runs, and
    the slope of its whole wall time between 10 and 310 runs."""
    e = os.path.join(tmp, "e.json")
    w10 = wall(tool(10, cmd, e))
    w310 = wall(tool(310, cmd, e))
    return mean(e), (w310 - w10) / 300

print("Per run, joulebench (estimate sensor, default 10 Hz timeline) against hyperfine -N;")
print("median of 5 rounds, the two tools alternating within each round:")
print(f"{'command':12} {'figure':26} {'joulebench':>11} {'hyperfine -N':>13} {'ratio':>6}")
for cmd in ["true", "sleep 0.01"]:
    rounds = {"jb": [], "hf": []}
    for _ in range(5):
        rounds["jb"].append(per_run(joulebench, cmd))
        rounds["hf"].append(per_run(hyperfine, cmd))
    for i, figure in enumerate(["time reported", "wall time per run"]):
        j = statistics.median(r[i] for r in rounds["jb"])
        h = statistics.median(r[i] for r in rounds["hf"])
        print(f"{cmd:12} {figure:26} {j*1e3:>8.3f} ms {h*1e3:>10.3f} ms {j/h:>6.2f}")

# CPU per second of a measured `sleep`: the CPU time of the joulebench process (all its
# threads; not the launcher's, not the command's) over 5 s in the middle of measuring
# `sleep 8`, from /proc/<pid>/task/*/schedstat (nanoseconds on the CPU), so that
# start-up and exports fall outside the window. The floor is taken the same way.
def on_cpu_ns(pid):
    total = 0
    for t in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{t}/schedstat") as f:
            total += int(f.read().split()[0])
    return total

def cpu_per_s(args):
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    c0, t0 = on_cpu_ns(p.pid), time.perf_counter()
    time.sleep(5)
    c1, t1 = on_cpu_ns(p.pid), time.perf_counter()
    p.kill()
    p.wait()
    return (c1 - c0) / 1e9 / (t1 - t0)

print()
print("Meter CPU per second of a measured sleep, against the wake-up floor (min of 3):")
print(f"{'sensor':14} {'rate':>7} {'meter CPU/s':>12} {'floor CPU/s':>12} {'ratio':>6}")
floors = {}
for sensor in ["rapl-powercap", "estimate"]:
    for rate in [10, 1000]:
        base = [jb] + (["--sysfs-root", sysfs] if sensor == "rapl-powercap" else [])
        run = base + ["--sensor", sensor, "run", "--runs", "1", "--idle", "0",
                      "--sample-rate", str(rate), "--", "sleep", "8"]
        per_s = min(cpu_per_s(run) for _ in range(3))
        if rate not in floors:
            floors[rate] = min(cpu_per_s([floor, str(rate)]) for _ in range(3))
        fl = floors[rate]
        print(f"{sensor:14} {rate:>5}Hz {per_s*1e3:>9.3f} ms {fl*1e3:>9.3f} ms {per_s/fl:>6.2f}")
PY
