#!/usr/bin/env bash
# A/B of variants of the e2e app on one endpoint: each variant is a jar, a mode and extra application arguments;
# the variants alternate over the rounds (the order rotates), and for each measured run the app's CPU per request
# (user and system, /proc/<pid>/stat), requests/s and context switches per request are printed. For questions like
# "does this change, or this property, make the starter cheaper?", where run.sh's four fixed modes do not fit.
#
#   xray-benchmarks/e2e/variants.sh "untraced|$JAR|untraced|" "starter|$JAR|starter|" \
#       "no-server-observation|$JAR|starter|--management.observations.enable.http.server.requests=false"
#   # a variant per build: copy each build's e2e jar aside and name it in its variant
#
# Settings: ROUNDS [4], WARM [10] seconds of warm-up, SECS [10] seconds measured, EP [hello], OPTS [-Xmx512m],
# PORT [18485], DPORT [12400] (the unread daemon socket, 4 KB receive buffer).
set -uo pipefail
# shellcheck source=loopback.sh
source "$(dirname "${BASH_SOURCE[0]}")/loopback.sh"
ROUNDS=${ROUNDS:-4}; WARM=${WARM:-10}; SECS=${SECS:-10}; EP=${EP:-hello}; OPTS=${OPTS:--Xmx512m}
PORT=${PORT:-18485}; DPORT=${DPORT:-12400}
CLK_TCK=$(getconf CLK_TCK)
T=$(mktemp -d)
python3 -c 'import socket,sys,time
s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.bind(("127.0.0.1", int(sys.argv[1]))); time.sleep(100000)' "$DPORT" &
SINK=$!
APP=""
trap 'kill $SINK $APP 2>/dev/null; rm -rf "$T"' EXIT
cpu() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12, $13}'; }
ctxsw() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ {n += $2} END {print n + 0}'; }
specs=("$@"); n=${#specs[@]}
[[ $n -gt 0 ]] || { echo "usage: $0 'label|jar|mode|args' ..." >&2; exit 2; }
for r in $(seq 1 "$ROUNDS"); do
	for k in $(seq 0 $((n - 1))); do
		IFS='|' read -r label jar mode args <<< "${specs[$(((k + r) % n))]}"
		# shellcheck disable=SC2086
		java $OPTS -jar "$jar" --bench.mode="$mode" --bench.daemon-address=127.0.0.1:$DPORT --server.port=$PORT $args \
			> "$T/app.log" 2>&1 &
		APP=$!
		for i in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/hello" && break; sleep 0.5; done
		wrk -t1 -c8 -d"${WARM}"s "http://127.0.0.1:$PORT/$EP" > /dev/null
		read -r u0 s0 < <(cpu $APP); c0=$(ctxsw $APP)
		wrk -t1 -c8 -d"${SECS}"s "http://127.0.0.1:$PORT/$EP" > "$T/wrk.txt"
		read -r u1 s1 < <(cpu $APP); c1=$(ctxsw $APP)
		kill $APP; wait $APP 2>/dev/null; APP=""
		req=$(awk '/requests in/ {print $1}' "$T/wrk.txt"); rps=$(awk '/Requests\/sec/ {print $2}' "$T/wrk.txt")
		python3 -c "import sys
r, t = $req, $CLK_TCK
print('round %s  %-24s req/s %8.0f  CPU %6.1f us/req (user %5.1f, sys %5.1f)  ctxsw %.2f/req' % ($r, '$label', $rps,
      ($u1 - $u0 + $s1 - $s0) * 1e6 / t / r, ($u1 - $u0) * 1e6 / t / r, ($s1 - $s0) * 1e6 / t / r, ($c1 - $c0) / r))"
	done
done
