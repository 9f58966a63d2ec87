#!/usr/bin/env bash
# Overhead of the real `joulebench serve` binary (issue 6), with N processes on the host
# (default 2000: sleeping ones are started to make up the count):
#  1. the exporter's CPU per second at the default 1 s interval, scraped every second,
#     from its utime + stime in /proc/PID/stat;
#  2. scrape latency over loopback (curl, one keep-alive connection), p50/p99;
#  3. its resident memory.
# The in-process benchmark is `cargo bench -p joulebench-serve --bench scrape`.
# Usage: scripts/bench-serve.sh [path/to/joulebench]   (default: release build)
#        N=2000 SECS=30 scripts/bench-serve.sh
set -euo pipefail
cd "$(dirname "$0")/.."
JB="${1:-target/release/joulebench}"
N="${N:-2000}"
SECS="${SECS:-30}"
if [ ! -x "$JB" ]; then cargo build --release -q -p joulebench; fi
tmp="$(mktemp -d)"
sleepers=()
srv=""
cleanup() {
  [ -n "$srv" ] && kill "$srv" 2>/dev/null || true
  for p in "${sleepers[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

have=$(ls /proc | grep -c '^[0-9]*$' || true)
for _ in $(seq 1 $((N > have ? N - have : 0))); do
  sleep 3600 &
  sleepers+=("$!")
done

"$JB" --sensor estimate serve --listen 127.0.0.1:0 2>"$tmp/log" &
srv=$!
addr=""
for _ in $(seq 1 100); do
  addr=$(sed -n 's|^listening on http://\(.*\)/metrics$|\1|p' "$tmp/log")
  [ -n "$addr" ] && break
  sleep 0.1
done
[ -n "$addr" ] || { cat "$tmp/log"; exit 1; }
sleep 3 # let the first full scan and the kept files settle

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$srv/stat"; }
hz=$(getconf CLK_TCK)
c0=$(cpu_ticks)
t0=$(date +%s.%N)
for _ in $(seq 1 "$SECS"); do
  sleep 1
  curl -s -o /dev/null "http://$addr/metrics"
done
c1=$(cpu_ticks)
t1=$(date +%s.%N)
procs=$(curl -s "http://$addr/metrics" | awk '/^joulebench_processes /{ print $2 }')
awk -v c="$((c1 - c0))" -v hz="$hz" -v t0="$t0" -v t1="$t1" -v n="$procs" 'BEGIN {
  printf "exporter CPU at 1 s interval, %d processes, scraped every second: %.2f %% of one core\n",
    n, 100 * c / hz / (t1 - t0) }'

urls=()
for _ in $(seq 1 1000); do urls+=(-o /dev/null "http://$addr/metrics"); done
curl -s -w '%{time_total}\n' "${urls[@]}" | sort -n |
  awk '{ v[NR] = $1 } END {
    printf "scrape latency (curl, keep-alive, %d scrapes): p50 %.2f ms, p99 %.2f ms\n",
      NR, 1000 * v[int(NR * 0.5)], 1000 * v[int(NR * 0.99)] }'
awk '/^VmRSS/ { printf "exporter resident memory: %.1f MiB\n", $2 / 1024 }' "/proc/$srv/status"
