#!/usr/bin/env bash
# CPU profile of one mode on one endpoint with async-profiler (all threads, Java, JVM and kernel frames): starts the
# e2e app, warms it up with wrk, attaches async-profiler for one measured wrk run and writes its collapsed stacks,
# then prints the CPU per request and where the X-Ray frames' samples go, per request. Two profiles (say untraced
# and starter) compare with profile_diff.py.
#
#   xray-benchmarks/e2e/profile.sh <e2e jar> starter hello 15 /tmp/starter.collapsed
#
# async-profiler comes from Maven Central (tools.profiler:async-profiler, its jar holds the Linux library); it
# uses perf events, so run as root or with kernel.perf_event_paranoid <= 1. Settings: WARM [15] seconds of warm-up,
# INTERVAL [200000] ns of CPU between samples, OPTS [-Xmx512m], AP_VERSION [4.1], PORT [18385], DPORT [12300].
set -euo pipefail
# shellcheck source=loopback.sh
source "$(dirname "${BASH_SOURCE[0]}")/loopback.sh"
JAR=$1; MODE=$2; EP=$3; SECS=$4; OUT=$5; shift 5
DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WARM=${WARM:-15}; INTERVAL=${INTERVAL:-200000}; OPTS=${OPTS:--Xmx512m}; AP_VERSION=${AP_VERSION:-4.1}
PORT=${PORT:-18385}; DPORT=${DPORT:-12300}
T=$(mktemp -d)
AP_JAR=$HOME/.m2/repository/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION.jar
if [[ ! -f "$AP_JAR" ]]; then
	"$DIR/../../mvnw" -q dependency:get -Dartifact=tools.profiler:async-profiler:$AP_VERSION > /dev/null
fi
(cd "$T" && unzip -q -o "$AP_JAR" 'linux-x64/libasyncProfiler.so')
LIB=$T/linux-x64/libasyncProfiler.so
python3 -c 'import socket,sys,time
s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.bind(("127.0.0.1", int(sys.argv[1]))); time.sleep(100000)' "$DPORT" &
SINK=$!
# shellcheck disable=SC2086
java $OPTS -jar "$JAR" --bench.mode="$MODE" --bench.daemon-address=127.0.0.1:$DPORT --server.port=$PORT "$@" > "$T/app.log" 2>&1 &
APP=$!
trap 'kill $APP $SINK 2>/dev/null || true; rm -rf "$T"' EXIT
for i in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/hello" && break; sleep 0.5; done
wrk -t1 -c8 -d"${WARM}"s "http://127.0.0.1:$PORT/$EP" > /dev/null
# the attach helper is compiled before the measured run starts, so its own CPU is not in it
java "$DIR/AttachAgent.java" $APP "$LIB" "start,event=cpu,interval=$INTERVAL"
t0=$(sed 's/^.*) //' /proc/$APP/stat | awk '{print $12 + $13}')
wrk -t1 -c8 -d"${SECS}"s "http://127.0.0.1:$PORT/$EP" > "$T/wrk.txt"
t1=$(sed 's/^.*) //' /proc/$APP/stat | awk '{print $12 + $13}')
java "$DIR/AttachAgent.java" $APP "$LIB" "stop,file=$OUT,collapsed"
REQ=$(awk '/requests in/ {print $1}' "$T/wrk.txt")
echo "mode=$MODE ep=$EP requests=$REQ rps=$(awk '/Requests\/sec/ {print $2}' "$T/wrk.txt") \
cpu_us_per_req=$(python3 -c "print(round(($t1 - $t0) * 1e6 / $(getconf CLK_TCK) / $REQ, 1))") profile=$OUT"
python3 "$DIR/profile_diff.py" --interval "$INTERVAL" $([[ "$MODE" == aws ]] && echo --tracer aws) "$OUT" "$REQ"
