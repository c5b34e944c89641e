#!/usr/bin/env bash
# End-to-end benchmark: one Spring MVC app started four ways (untraced, floor, aws, starter), alternated over
# several rounds, driven by wrk on loopback. Reports requests/s, p50/p99 latency and the app's CPU time per
# request (utime+stime of the JVM from /proc/<pid>/stat), with ratios. See README.md next to this script.
#
#   DURATION=20 ROUNDS=3 xray-benchmarks/e2e/run.sh
#
# Settings (environment variables, defaults in brackets):
#   DURATION [20]      seconds of each measured wrk run
#   WARMUP [10]        seconds of wrk on each endpoint before measuring (per start of the app)
#   ROUNDS [3]         rounds; each starts every mode once (the order rotates from round to round)
#   MODES ["untraced floor aws starter"], ENDPOINTS ["hello work"]
#   CONNECTIONS [8], THREADS [1]      wrk -c and -t
#   APP_PORT [18085], DAEMON_PORT [12000]   loopback ports of the app and of the unread daemon socket
#   JAVA [java], JVM_OPTS [see below]  the JVM and its flags, the same for every mode
#   APP_CPUS, WRK_CPUS [unset]        CPU lists for taskset, to pin the app and wrk apart (e.g. 1 and 0)
#   BUILD [auto]       auto: build the jar if missing; always: rebuild; never: use JAR as it is
#   JAR                the app [xray-benchmarks/target/xray-benchmarks-*-e2e.jar]
#   RESULTS_DIR        where raw wrk outputs, app logs, results.tsv and summary.md go
#                      [xray-benchmarks/e2e/results/<date-time>]
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)

DURATION=${DURATION:-20}
WARMUP=${WARMUP:-10}
ROUNDS=${ROUNDS:-3}
MODES=${MODES:-"untraced floor aws starter"}
ENDPOINTS=${ENDPOINTS:-"hello work"}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-1}
APP_PORT=${APP_PORT:-18085}
DAEMON_PORT=${DAEMON_PORT:-12000}
JAVA=${JAVA:-java}
# Fixed heap (no resizing between modes); Parallel GC: short stop-the-world young collections and no concurrent
# GC threads, so the GC's CPU follows the allocation rate (which is what differs between modes) and nothing else.
# The JVM's own choice would depend on the machine (G1 on 2+ CPUs and 1792 MB+, else Serial).
JVM_OPTS=${JVM_OPTS:-"-Xms512m -Xmx512m -XX:+UseParallelGC -XX:+AlwaysPreTouch"}
APP_CPUS=${APP_CPUS:-}
WRK_CPUS=${WRK_CPUS:-}
BUILD=${BUILD:-auto}
RESULTS_DIR=${RESULTS_DIR:-$SCRIPT_DIR/results/$(date +%Y%m%d-%H%M%S)}

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

find_jar() { ls "$REPO_DIR"/xray-benchmarks/target/xray-benchmarks-*-e2e.jar 2>/dev/null | head -1; }

# --- the jar ---------------------------------------------------------------------------------------------------
JAR=${JAR:-$(find_jar)}
if [[ "$BUILD" == always || ( "$BUILD" == auto && ( -z "$JAR" || ! -f "$JAR" ) ) ]]; then
	log "building the e2e jar (./mvnw -q -pl xray-benchmarks -am package -DskipTests)"
	(cd "$REPO_DIR" && ./mvnw -q -pl xray-benchmarks -am package -DskipTests) || die "build failed"
	JAR=$(find_jar)
fi
[[ -n "$JAR" && -f "$JAR" ]] || die "no e2e jar; build with: ./mvnw -pl xray-benchmarks -am package -DskipTests"

# --- tools -----------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
	log "installing wrk (apt-get install -y wrk)"
	SUDO=""
	[[ $(id -u) -ne 0 ]] && SUDO="sudo"
	$SUDO apt-get install -y wrk >/dev/null 2>&1 || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y wrk >/dev/null; } \
		|| die "could not install wrk"
fi
for tool in curl python3 "$JAVA"; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool is required"
done
CLK_TCK=$(getconf CLK_TCK)

APP_TASKSET=()
WRK_TASKSET=()
[[ -n "$APP_CPUS" ]] && APP_TASKSET=(taskset -c "$APP_CPUS")
[[ -n "$WRK_CPUS" ]] && WRK_TASKSET=(taskset -c "$WRK_CPUS")

mkdir -p "$RESULTS_DIR"
TSV="$RESULTS_DIR/results.tsv"
printf 'round\tmode\tendpoint\trequests\tseconds\trps\tp50_us\tp99_us\tcpu_us_per_req\terrors\n' > "$TSV"

# --- cleanup: only the processes this script started -----------------------------------------------------------
APP_PID=""
SINK_PID=""
cleanup() {
	if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
		kill "$APP_PID" 2>/dev/null || true
		wait "$APP_PID" 2>/dev/null || true
	fi
	if [[ -n "$SINK_PID" ]] && kill -0 "$SINK_PID" 2>/dev/null; then
		kill "$SINK_PID" 2>/dev/null || true
		wait "$SINK_PID" 2>/dev/null || true
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the daemon socket: bound on loopback, never read ----------------------------------------------------------
python3 -c 'import socket,sys,time
s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", int(sys.argv[1]))); time.sleep(100000)' \
	"$DAEMON_PORT" &
SINK_PID=$!
sleep 0.5
kill -0 "$SINK_PID" 2>/dev/null || die "could not bind UDP 127.0.0.1:$DAEMON_PORT (set DAEMON_PORT)"

if curl -s -o /dev/null "http://127.0.0.1:$APP_PORT/"; then
	die "something already listens on 127.0.0.1:$APP_PORT (set APP_PORT)"
fi

# --- helpers ---------------------------------------------------------------------------------------------------
# utime+stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat, counted after the ')' of comm)
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

start_app() { # mode
	local mode=$1 log_file=$2
	"${APP_TASKSET[@]}" "$JAVA" $JVM_OPTS -jar "$JAR" --bench.mode="$mode" \
		--bench.daemon-address="127.0.0.1:$DAEMON_PORT" --server.port="$APP_PORT" > "$log_file" 2>&1 &
	APP_PID=$!
	local i
	for i in $(seq 1 120); do
		if curl -sf -o /dev/null "http://127.0.0.1:$APP_PORT/hello"; then
			return 0
		fi
		kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$log_file" >&2; die "the app ($mode) exited; see $log_file"; }
		sleep 0.5
	done
	die "the app ($mode) did not answer within 60 s; see $log_file"
}

stop_app() {
	kill "$APP_PID" 2>/dev/null || true
	local i
	for i in $(seq 1 40); do
		kill -0 "$APP_PID" 2>/dev/null || break
		sleep 0.25
	done
	if kill -0 "$APP_PID" 2>/dev/null; then
		kill -9 "$APP_PID" 2>/dev/null || true
	fi
	wait "$APP_PID" 2>/dev/null || true
	APP_PID=""
}

run_wrk() { # seconds endpoint output
	"${WRK_TASKSET[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1"s --latency "http://127.0.0.1:$APP_PORT/$2" > "$3" 2>&1 \
		|| die "wrk failed; see $3"
}

# latency value of a wrk line ("50%  612.00us") in microseconds
to_us() {
	awk -v v="$1" 'BEGIN {
		n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
		if (u == "us") f = 1; else if (u == "ms") f = 1000; else if (u == "s") f = 1000000; else if (u == "m") f = 60000000; else f = -1;
		printf "%.1f", n * f }'
}

measure() { # round mode endpoint
	local round=$1 mode=$2 endpoint=$3
	local out="$RESULTS_DIR/wrk-r$round-$mode-$endpoint.txt"
	local before after
	before=$(cpu_ticks "$APP_PID")
	run_wrk "$DURATION" "$endpoint" "$out"
	after=$(cpu_ticks "$APP_PID")
	local requests seconds rps p50 p99 errors cpu
	requests=$(awk '/requests in/ { print $1 }' "$out")
	seconds=$(awk '/requests in/ { s = $4; sub(/s,$/, "", s); print s }' "$out")
	rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	p50=$(to_us "$(awk '$1 == "50%" { print $2 }' "$out")")
	p99=$(to_us "$(awk '$1 == "99%" { print $2 }' "$out")")
	errors=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$out")
	[[ -n "$requests" && "$requests" -gt 0 ]] || die "no requests counted; see $out"
	cpu=$(awk -v d="$((after - before))" -v t="$CLK_TCK" -v r="$requests" 'BEGIN { printf "%.1f", d / t * 1000000 / r }')
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$mode" "$endpoint" "$requests" "$seconds" "$rps" \
		"$p50" "$p99" "$cpu" "$errors" >> "$TSV"
	log "  $mode /$endpoint: $rps req/s, p50 ${p50} us, p99 ${p99} us, CPU ${cpu} us/req, errors $errors"
	[[ "$errors" -eq 0 ]] || log "  WARNING: $errors errors in $out"
}

# --- the machine -----------------------------------------------------------------------------------------------
{
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "cpu: $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo) x $(nproc)"
	echo "kernel: $(uname -sr)"
	echo "java: $("$JAVA" -version 2>&1 | head -1)"
	echo "wrk: $(wrk -v 2>&1 | head -1)"
	echo "jvm flags: $JVM_OPTS"
	echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "settings: DURATION=$DURATION WARMUP=$WARMUP ROUNDS=$ROUNDS CONNECTIONS=$CONNECTIONS THREADS=$THREADS APP_CPUS=${APP_CPUS:-all} WRK_CPUS=${WRK_CPUS:-all}"
	echo "jar: $JAR"
} > "$RESULTS_DIR/machine.txt"
cat "$RESULTS_DIR/machine.txt" >&2

# --- the rounds ------------------------------------------------------------------------------------------------
read -r -a MODE_LIST <<< "$MODES"
read -r -a ENDPOINT_LIST <<< "$ENDPOINTS"
for ((round = 1; round <= ROUNDS; round++)); do
	for ((i = 0; i < ${#MODE_LIST[@]}; i++)); do
		# rotate the order so that no mode always runs first (or last) in a round
		mode=${MODE_LIST[$(((i + round - 1) % ${#MODE_LIST[@]}))]}
		log "round $round/$ROUNDS: $mode"
		start_app "$mode" "$RESULTS_DIR/app-r$round-$mode.log"
		for endpoint in "${ENDPOINT_LIST[@]}"; do
			run_wrk "$WARMUP" "$endpoint" "$RESULTS_DIR/warmup-r$round-$mode-$endpoint.txt"
		done
		for endpoint in "${ENDPOINT_LIST[@]}"; do
			measure "$round" "$mode" "$endpoint"
		done
		curl -s "http://127.0.0.1:$APP_PORT/bench/info" > "$RESULTS_DIR/info-r$round-$mode.txt" || true
		if grep -qE 'dropped\.queue_full=[1-9]|failures=[1-9]' "$RESULTS_DIR/info-r$round-$mode.txt"; then
			log "  WARNING: datagrams dropped or failed: $(grep -E 'emitter|floor' "$RESULTS_DIR/info-r$round-$mode.txt")"
		fi
		stop_app
	done
done

# --- the tables: medians over rounds; ratios per round (same conditions), then their median ------------------
python3 - "$TSV" > "$RESULTS_DIR/summary.md" <<'EOF'
import csv, statistics, sys
from collections import defaultdict

rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
by = defaultdict(dict)  # (endpoint, mode) -> round -> row
endpoints, modes = [], []
for r in rows:
    for k in ('rps', 'p50_us', 'p99_us', 'cpu_us_per_req'):
        r[k] = float(r[k])
    by[(r['endpoint'], r['mode'])][r['round']] = r
    if r['endpoint'] not in endpoints: endpoints.append(r['endpoint'])
    if r['mode'] not in modes: modes.append(r['mode'])
order = [m for m in ('untraced', 'floor', 'aws', 'starter') if m in modes] + [m for m in modes if m not in ('untraced', 'floor', 'aws', 'starter')]

def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None

def per_round(endpoint, mode, fn):
    out = []
    for rnd, row in by[(endpoint, mode)].items():
        base = {m: by[(endpoint, m)].get(rnd) for m in ('untraced', 'floor')}
        try:
            out.append(fn(row, base))
        except (TypeError, KeyError, ZeroDivisionError):
            out.append(None)
    return med(out)

def fmt(v, pattern):
    return 'n/a' if v is None else pattern.format(v)

print('Medians over %d round(s); ratios computed within each round, then the median. '
      '"+CPU" is CPU per request minus untraced\'s.\n' % len({r['round'] for r in rows}))
for endpoint in endpoints:
    print('### GET /%s\n' % endpoint)
    print('| mode | req/s | p50 (µs) | p99 (µs) | CPU µs/req | +CPU µs/req | req/s vs untraced | req/s vs floor | +CPU vs floor |')
    print('|---|---:|---:|---:|---:|---:|---:|---:|---:|')
    for mode in order:
        runs = by.get((endpoint, mode))
        if not runs:
            continue
        rps = med([r['rps'] for r in runs.values()])
        p50 = med([r['p50_us'] for r in runs.values()])
        p99 = med([r['p99_us'] for r in runs.values()])
        cpu = med([r['cpu_us_per_req'] for r in runs.values()])
        added = per_round(endpoint, mode, lambda r, b: r['cpu_us_per_req'] - b['untraced']['cpu_us_per_req'])
        vs_untraced = per_round(endpoint, mode, lambda r, b: r['rps'] / b['untraced']['rps'])
        vs_floor = per_round(endpoint, mode, lambda r, b: r['rps'] / b['floor']['rps'])
        added_vs_floor = per_round(endpoint, mode, lambda r, b: (r['cpu_us_per_req'] - b['untraced']['cpu_us_per_req'])
                                   / (b['floor']['cpu_us_per_req'] - b['untraced']['cpu_us_per_req']))
        if mode == 'untraced':
            added_vs_floor = None
        print('| %s | %s | %s | %s | %s | %s | %s | %s | %s |' % (
            mode, fmt(rps, '{:.0f}'), fmt(p50, '{:.0f}'), fmt(p99, '{:.0f}'), fmt(cpu, '{:.1f}'),
            fmt(added, '{:+.1f}'), fmt(vs_untraced, '{:.1%}'), fmt(vs_floor, '{:.1%}'),
            fmt(added_vs_floor, '{:.2f}x')))
    print()
EOF

echo
cat "$RESULTS_DIR/machine.txt"
echo
cat "$RESULTS_DIR/summary.md"
log "raw results: $RESULTS_DIR"
