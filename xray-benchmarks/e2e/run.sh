#!/usr/bin/env bash
# End-to-end benchmark: one Spring MVC app started four ways (untraced, floor, aws, starter), alternated over
# several rounds, driven by wrk on loopback. Reports requests/s, p50/p99 latency, the app's CPU time per
# request (user and system time of the JVM from /proc/<pid>/stat) and its context switches per request, with
# ratios and the spread over the rounds. See README.md next to this script.
#
#   xray-benchmarks/e2e/run.sh                          # JVM defaults (G1), 5 rounds
#   GCS="default parallel" xray-benchmarks/e2e/run.sh   # the same with ParallelGC alternating beside it
#
# Settings (environment variables, defaults in brackets):
#   DURATION [20]      seconds of each measured wrk run
#   WARMUP [10]        seconds of wrk on each endpoint before measuring (per start of the app)
#   ROUNDS [5]         rounds; each starts every mode once per GC (the order rotates from round to round)
#   SLICES [1]         1: each mode runs alone, its DURATION in one piece, one mode after the other. N > 1: the modes
#                      of a round (and GC sets) run side by side, each on its own port, and every measured run is
#                      cut into N slices of DURATION/N seconds that take turns (the order rotating from slice to
#                      slice): the modes then share the machine's weather (other tenants of the host, its steal
#                      time), which changes over tens of seconds and moved whole sequential runs by 30% (see
#                      README.md). The slices of a run are added up into one row per round, mode and endpoint.
#   SETTLE [5]         with SLICES > 1: seconds of one more wrk run per mode and endpoint after all have warmed up,
#                      so that what the JIT does after the first pause in the load (uncommon traps, recompiles)
#                      happens before the measured slices
#   MODES ["untraced floor aws starter"], ENDPOINTS ["hello sub10 sub100 work"]
#   GCS ["default"]    JVM flag sets to run in each round, alternating: default (JVM_OPTS), parallel
#                      (JVM_OPTS_PARALLEL); every result is tagged with its set
#   CONNECTIONS [8], THREADS [1]      wrk -c and -t
#   APP_PORT [18085], DAEMON_PORT [12000]   loopback ports of the app and of the unread daemon socket
#   JAVA [java]        the JVM
#   JVM_OPTS [-Xmx512m]  flags of the "default" set: the JVM's defaults (G1 on 2+ CPUs and 2 GB+) but the heap cap
#   JVM_OPTS_PARALLEL [-Xmx512m -XX:+UseParallelGC]  flags of the "parallel" set
#   DIAG [0]           1: also log GC and safepoints (gc-r<round>-<gc>-<mode>.log) and JIT compilations
#                      (-XX:+PrintCompilation, into app-r<round>-<gc>-<mode>.log), to compare a fast and a slow run
#   APP_CPUS, WRK_CPUS [unset]        CPU lists for taskset, to pin the app and wrk apart (e.g. 1 and 0)
#   BUILD [auto]       auto: build the jar if missing; always: rebuild; never: use JAR as it is
#   JAR                the app [xray-benchmarks/target/xray-benchmarks-*-e2e.jar]
#   RESULTS_DIR        where raw wrk outputs, app logs, results.tsv and summary.md go
#                      [xray-benchmarks/e2e/results/<date-time>]
set -euo pipefail
# shellcheck source=loopback.sh
source "$(dirname "${BASH_SOURCE[0]}")/loopback.sh"

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)

DURATION=${DURATION:-20}
WARMUP=${WARMUP:-10}
ROUNDS=${ROUNDS:-5}
MODES=${MODES:-"untraced floor aws starter"}
ENDPOINTS=${ENDPOINTS:-"hello sub10 sub100 work"}
GCS=${GCS:-default}
DIAG=${DIAG:-0}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-1}
APP_PORT=${APP_PORT:-18085}
DAEMON_PORT=${DAEMON_PORT:-12000}
JAVA=${JAVA:-java}
# What users run: the JVM's own choices (G1 on 2+ CPUs and 1792 MB+, heap sized by the JVM from -Xmx down), only
# the heap capped. The "parallel" set differs by the collector alone, for comparison.
JVM_OPTS=${JVM_OPTS:-"-Xmx512m"}
JVM_OPTS_PARALLEL=${JVM_OPTS_PARALLEL:-"-Xmx512m -XX:+UseParallelGC"}
APP_CPUS=${APP_CPUS:-}
WRK_CPUS=${WRK_CPUS:-}
BUILD=${BUILD:-auto}
SLICES=${SLICES:-1}
SETTLE=${SETTLE:-5}
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
printf 'round\tgc\tmode\tendpoint\trequests\tseconds\trps\tp50_us\tp99_us\tcpu_us_per_req\tuser_us_per_req\tsys_us_per_req\tctxsw_per_req\talloc_bytes_per_req\tgc_per_kreq\tgc_ms_per_kreq\terrors\tjit_us_per_req\tslice\tsteal_pct\n' > "$TSV"

# --- cleanup: only the processes this script started -----------------------------------------------------------
APP_PID=""
SINK_PID=""
# with SLICES > 1, the apps of a round: "<mode> <gc>" -> pid and port
declare -A SIDE_PIDS=() SIDE_PORTS=()
cleanup() {
	local pid
	for pid in "$APP_PID" "${SIDE_PIDS[@]}"; do
		if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
			kill "$pid" 2>/dev/null || true
			wait "$pid" 2>/dev/null || true
		fi
	done
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
# utime and stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat, counted after the ')' of
# comm): "user system"
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12, $13 }'; }

# utime + stime of the JIT compiler threads (C1 and C2), in clock ticks: CPU the JIT still spends in a measured run
# is warm-up not yet over, not a cost per request. Threads the JVM retired in between are not counted.
jit_ticks() {
	local n=0 t
	for t in /proc/"$1"/task/*; do
		case "$(cat "$t/comm" 2>/dev/null)" in
			C1\ CompilerThre* | C2\ CompilerThre*)
				n=$((n + $(sed 's/^.*) //' "$t/stat" 2>/dev/null | awk '{ print $12 + $13 }'))) ;;
		esac
	done
	echo "$n"
}

# "steal total" of the whole machine, in clock ticks (/proc/stat, summed over its CPUs): the time the hypervisor
# gave this machine's CPUs to others, and all time
host_ticks() { awk '$1 == "cpu" { print $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat; }

# context switches (voluntary + involuntary) of all the process's live threads
ctx_switches() {
	cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ { n += $2 } END { print n + 0 }'
}

# "allocated_bytes gc_count gc_ms" of the app (GET /bench/jvm)
jvm_counters() {
	curl -sf "http://127.0.0.1:$APP_PORT/bench/jvm" | awk -F= '$1 == "allocated_bytes" { a = $2 } $1 == "gc.count" { c = $2 }
		$1 == "gc.time_ms" { t = $2 } END { print a + 0, c + 0, t + 0 }'
}

jvm_opts_of() { # gc set
	case "$1" in
		default) echo "$JVM_OPTS" ;;
		parallel) echo "$JVM_OPTS_PARALLEL" ;;
		*) die "unknown GCS entry '$1' (default or parallel)" ;;
	esac
}

start_app() { # mode log gc [port]
	local mode=$1 log_file=$2 opts
	APP_PORT=${4:-$APP_PORT}
	opts=$(jvm_opts_of "$3")
	if [[ "$DIAG" == 1 ]]; then
		opts="$opts -Xlog:gc*,safepoint:file=$RESULTS_DIR/gc-${log_file##*/app-} -XX:+PrintCompilation"
	fi
	"${APP_TASKSET[@]}" "$JAVA" $opts -jar "$JAR" --bench.mode="$mode" \
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

measure() { # round gc mode endpoint [slice seconds]
	local round=$1 gc=$2 mode=$3 endpoint=$4 slice=${5:-1} seconds_to_run=${6:-$DURATION}
	local out="$RESULTS_DIR/wrk-r$round-$gc-$mode-$endpoint.txt"
	[[ "$SLICES" -gt 1 ]] && out="$RESULTS_DIR/wrk-r$round-$gc-$mode-$endpoint-s$slice.txt"
	local before after cs_before cs_after jit_before jit_after host_before host_after
	local jvm_before jvm_after
	jvm_before=$(jvm_counters)
	host_before=$(host_ticks)
	cs_before=$(ctx_switches "$APP_PID")
	jit_before=$(jit_ticks "$APP_PID")
	before=$(cpu_ticks "$APP_PID")
	run_wrk "$seconds_to_run" "$endpoint" "$out"
	after=$(cpu_ticks "$APP_PID")
	host_after=$(host_ticks)
	jit_after=$(jit_ticks "$APP_PID")
	cs_after=$(ctx_switches "$APP_PID")
	jvm_after=$(jvm_counters)
	local requests seconds rps p50 p99 errors cpu
	requests=$(awk '/requests in/ { print $1 }' "$out")
	seconds=$(awk '/requests in/ { s = $4; sub(/s,$/, "", s); print s }' "$out")
	rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	p50=$(to_us "$(awk '$1 == "50%" { print $2 }' "$out")")
	p99=$(to_us "$(awk '$1 == "99%" { print $2 }' "$out")")
	errors=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$out")
	[[ -n "$requests" && "$requests" -gt 0 ]] || die "no requests counted; see $out"
	local user sys cpu ctxsw
	read -r -a b <<< "$before"
	read -r -a a <<< "$after"
	user=$(awk -v d="$((a[0] - b[0]))" -v t="$CLK_TCK" -v r="$requests" 'BEGIN { printf "%.1f", d / t * 1000000 / r }')
	sys=$(awk -v d="$((a[1] - b[1]))" -v t="$CLK_TCK" -v r="$requests" 'BEGIN { printf "%.1f", d / t * 1000000 / r }')
	cpu=$(awk -v d="$((a[0] + a[1] - b[0] - b[1]))" -v t="$CLK_TCK" -v r="$requests" 'BEGIN { printf "%.1f", d / t * 1000000 / r }')
	ctxsw=$(awk -v d="$((cs_after - cs_before))" -v r="$requests" 'BEGIN { printf "%.3f", d / r }')
	local jit
	jit=$(awk -v d="$((jit_after - jit_before))" -v t="$CLK_TCK" -v r="$requests" 'BEGIN { printf "%.1f", d / t * 1000000 / r }')
	local steal hb ha
	read -r -a hb <<< "$host_before"
	read -r -a ha <<< "$host_after"
	steal=$(awk -v s="$((ha[0] - hb[0]))" -v t="$((ha[1] - hb[1]))" 'BEGIN { printf "%.1f", (t > 0) ? s * 100 / t : 0 }')
	local alloc gcs gcms
	read -r -a jb <<< "$jvm_before"
	read -r -a ja <<< "$jvm_after"
	alloc=$(awk -v d="$((ja[0] - jb[0]))" -v r="$requests" 'BEGIN { printf "%.0f", d / r }')
	gcs=$(awk -v d="$((ja[1] - jb[1]))" -v r="$requests" 'BEGIN { printf "%.3f", d * 1000 / r }')
	gcms=$(awk -v d="$((ja[2] - jb[2]))" -v r="$requests" 'BEGIN { printf "%.3f", d * 1000 / r }')
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$gc" "$mode" \
		"$endpoint" "$requests" "$seconds" "$rps" "$p50" "$p99" "$cpu" "$user" "$sys" "$ctxsw" "$alloc" "$gcs" "$gcms" \
		"$errors" "$jit" "$slice" "$steal" >> "$TSV"
	log "  [$gc] $mode /$endpoint$([[ "$SLICES" -gt 1 ]] && echo " slice $slice"): $rps req/s, p50 ${p50} us, p99 ${p99} us, CPU ${cpu} us/req (user $user, sys $sys, JIT $jit)," \
		"ctxsw $ctxsw/req, alloc $alloc B/req, GCs $gcs/1000 req ($gcms ms), errors $errors, host steal $steal%"
	[[ "$errors" -eq 0 ]] || log "  WARNING: $errors errors in $out"
}

# --- the machine -----------------------------------------------------------------------------------------------
{
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "cpu: $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo) x $(nproc)"
	echo "kernel: $(uname -sr)"
	echo "java: $("$JAVA" -version 2>&1 | head -1)"
	echo "wrk: $(wrk -v 2>&1 | head -1)"
	echo "GC sets: $GCS (default: $JVM_OPTS; parallel: $JVM_OPTS_PARALLEL)"
	echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "settings: DURATION=$DURATION WARMUP=$WARMUP ROUNDS=$ROUNDS SLICES=$SLICES SETTLE=$SETTLE ENDPOINTS=\"$ENDPOINTS\" CONNECTIONS=$CONNECTIONS THREADS=$THREADS APP_CPUS=${APP_CPUS:-all} WRK_CPUS=${WRK_CPUS:-all}"
	echo "jar: $JAR"
} > "$RESULTS_DIR/machine.txt"
cat "$RESULTS_DIR/machine.txt" >&2

# --- the rounds ------------------------------------------------------------------------------------------------
read -r -a MODE_LIST <<< "$MODES"
read -r -a ENDPOINT_LIST <<< "$ENDPOINTS"
read -r -a GC_LIST <<< "$GCS"
for gc in "${GC_LIST[@]}"; do jvm_opts_of "$gc" > /dev/null; done
BASE_PORT=$APP_PORT
SLICE_SECONDS=$((DURATION / SLICES))
[[ "$SLICES" -ge 1 && "$SLICE_SECONDS" -ge 1 ]] || die "SLICES must be between 1 and DURATION ($DURATION)"

check_info() { # round gc mode
	local info="$RESULTS_DIR/info-r$1-$2-$3.txt"
	curl -s "http://127.0.0.1:$APP_PORT/bench/info" > "$info" || true
	if grep -qE 'dropped\.queue_full=[1-9]|failures=[1-9]' "$info"; then
		log "  WARNING: datagrams dropped or failed: $(grep -E 'emitter|floor' "$info")"
	fi
}

# the modes (and GC sets) of a round in their order: "<mode> <gc>" each
round_order() { # round
	local round=$1 i g
	for ((i = 0; i < ${#MODE_LIST[@]}; i++)); do
		# rotate the order so that no mode always runs first (or last) in a round
		local mode=${MODE_LIST[$(((i + round - 1) % ${#MODE_LIST[@]}))]}
		for ((g = 0; g < ${#GC_LIST[@]}; g++)); do
			# the GC sets alternate too: each mode runs under every set back to back, the first set flipping
			echo "$mode ${GC_LIST[$(((g + round + i - 1) % ${#GC_LIST[@]}))]}"
		done
	done
}

use_app() { # "<mode> <gc>"
	APP_PID=${SIDE_PIDS[$1]}
	APP_PORT=${SIDE_PORTS[$1]}
}

# SLICES=1: one app at a time, each measured run in one piece
sequential_round() { # round
	local round=$1 mode gc endpoint entry
	local -a entries
	# read before any app starts: an app started inside a loop reading a pipe would inherit it as its stdin
	mapfile -t entries < <(round_order "$round")
	for entry in "${entries[@]}"; do
		read -r mode gc <<< "$entry"
		log "round $round/$ROUNDS: $mode [$gc]"
		start_app "$mode" "$RESULTS_DIR/app-r$round-$gc-$mode.log" "$gc"
		for endpoint in "${ENDPOINT_LIST[@]}"; do
			run_wrk "$WARMUP" "$endpoint" "$RESULTS_DIR/warmup-r$round-$gc-$mode-$endpoint.txt"
		done
		for endpoint in "${ENDPOINT_LIST[@]}"; do
			measure "$round" "$gc" "$mode" "$endpoint"
		done
		check_info "$round" "$gc" "$mode"
		stop_app
	done
}

# an unmeasured wrk run of <seconds> on every endpoint of each app, one app after the other
drive_each() { # round seconds label "<mode> <gc>"...
	local round=$1 seconds=$2 label=$3 entry mode gc endpoint
	shift 3
	for entry in "$@"; do
		read -r mode gc <<< "$entry"
		use_app "$entry"
		for endpoint in "${ENDPOINT_LIST[@]}"; do
			run_wrk "$seconds" "$endpoint" "$RESULTS_DIR/$label-r$round-$gc-$mode-$endpoint.txt"
		done
	done
}

# SLICES > 1: every app of the round up at once, the measured runs cut into slices that take turns
sliced_round() { # round
	local round=$1 mode gc endpoint entry slice j n=0
	local -a entries
	mapfile -t entries < <(round_order "$round")
	for entry in "${entries[@]}"; do
		read -r mode gc <<< "$entry"
		log "round $round/$ROUNDS: starting $mode [$gc] on port $((BASE_PORT + n))"
		start_app "$mode" "$RESULTS_DIR/app-r$round-$gc-$mode.log" "$gc" "$((BASE_PORT + n))"
		SIDE_PIDS[$entry]=$APP_PID
		SIDE_PORTS[$entry]=$APP_PORT
		APP_PID=""
		n=$((n + 1))
	done
	drive_each "$round" "$WARMUP" warmup "${entries[@]}"
	# every app has now paused while the others warmed up: one more short run each
	drive_each "$round" "$SETTLE" settle "${entries[@]}"
	for endpoint in "${ENDPOINT_LIST[@]}"; do
		for ((slice = 1; slice <= SLICES; slice++)); do
			for ((j = 0; j < ${#entries[@]}; j++)); do
				entry=${entries[$(((j + slice - 1) % ${#entries[@]}))]}
				read -r mode gc <<< "$entry"
				use_app "$entry"
				measure "$round" "$gc" "$mode" "$endpoint" "$slice" "$SLICE_SECONDS"
			done
		done
	done
	for entry in "${entries[@]}"; do
		read -r mode gc <<< "$entry"
		use_app "$entry"
		check_info "$round" "$gc" "$mode"
		stop_app
	done
	SIDE_PIDS=()
	SIDE_PORTS=()
	APP_PORT=$BASE_PORT
}

for ((round = 1; round <= ROUNDS; round++)); do
	if [[ "$SLICES" -gt 1 ]]; then
		sliced_round "$round"
	else
		sequential_round "$round"
	fi
done

# --- the tables: medians over rounds; ratios per round (same conditions), then their median ------------------
python3 "$SCRIPT_DIR/summarize.py" "$TSV" > "$RESULTS_DIR/summary.md"

echo
cat "$RESULTS_DIR/machine.txt"
echo
cat "$RESULTS_DIR/summary.md"
log "raw results: $RESULTS_DIR"
