#!/bin/sh
# joulebench-gate.sh: a CI step that fails only on a statistically supported energy (or
# time) regression between two builds of the same program.
#
#   joulebench-gate.sh [options] BASE_COMMAND HEAD_COMMAND
#
# Measures BASE_COMMAND and HEAD_COMMAND with `joulebench run` under one name (so that
# `compare` pairs them), then runs `joulebench compare`. Its exit status is compare's:
#   0  no regression beyond the threshold (or noise)
#   1  a regression the data support (the 95 % interval of head/base lies entirely above
#      1 + threshold, or every run regressed)
#   2  bad input (a command that failed, a missing file, a bad flag)
#   3  undecided: too few runs to judge; a gate must not pass what it could not judge
#
# Options (each also settable by the environment variable in brackets):
#   --runs N               measured runs per build (default 10)            [JB_GATE_RUNS]
#   --warmup N             warm-up runs per build (default 1)              [JB_GATE_WARMUP]
#   --idle SECS            idle baseline before each build's runs (default 2) [JB_GATE_IDLE]
#   --max-regression PCT   tolerated increase (default 5%)                 [JB_GATE_MAX_REGRESSION]
#   --metric M             energy, time or both (default energy)           [JB_GATE_METRIC]
#   --name NAME            the benchmark's name in the results (default bench) [JB_GATE_NAME]
#   --sensor S             joulebench's --sensor (default: auto)           [JB_GATE_SENSOR]
#   --out DIR              where base.json, head.json and compare.txt go
#                          (default ./joulebench-gate)                     [JB_GATE_OUT]
# JOULEBENCH names the joulebench binary (default: joulebench on PATH).
set -eu

jb=${JOULEBENCH:-joulebench}
runs=${JB_GATE_RUNS:-10}
warmup=${JB_GATE_WARMUP:-1}
idle=${JB_GATE_IDLE:-2}
max=${JB_GATE_MAX_REGRESSION:-5%}
metric=${JB_GATE_METRIC:-energy}
name=${JB_GATE_NAME:-bench}
sensor=${JB_GATE_SENSOR:-}
out=${JB_GATE_OUT:-joulebench-gate}

usage() {
    sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        --idle) idle=$2; shift 2 ;;
        --max-regression) max=$2; shift 2 ;;
        --metric) metric=$2; shift 2 ;;
        --name) name=$2; shift 2 ;;
        --sensor) sensor=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        -h|--help) usage ;;
        --) shift; break ;;
        -*) echo "joulebench-gate: unknown option $1" >&2; usage ;;
        *) break ;;
    esac
done
[ $# -eq 2 ] || { echo "joulebench-gate: give BASE_COMMAND and HEAD_COMMAND" >&2; usage; }
base=$1
head=$2

mkdir -p "$out"
measure() { # $1: base or head, $2: the command
    if [ -n "$sensor" ]; then
        "$jb" --sensor "$sensor" run --runs "$runs" --warmup "$warmup" --idle "$idle" -n "$name" \
            --export-json "$out/$1.json" "$2" >"$out/$1.txt"
    else
        "$jb" run --runs "$runs" --warmup "$warmup" --idle "$idle" -n "$name" \
            --export-json "$out/$1.json" "$2" >"$out/$1.txt"
    fi || { echo "joulebench-gate: measuring the $1 build failed (see $out/$1.txt)" >&2; exit 2; }
    echo "joulebench-gate: $1 measured: $2" >&2
}
measure base "$base"
measure head "$head"

status=0
"$jb" compare "$out/base.json" "$out/head.json" --max-regression "$max" --metric "$metric" \
    >"$out/compare.txt" || status=$?
cat "$out/compare.txt"
case $status in
    0) echo "joulebench-gate: no supported regression" >&2 ;;
    1) echo "joulebench-gate: REGRESSION (see $out/compare.txt)" >&2 ;;
    3) echo "joulebench-gate: undecided: too few runs to judge; raise --runs" >&2 ;;
esac
exit $status
