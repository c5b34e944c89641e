#!/usr/bin/env bash
# One mode, one endpoint, where the CPU goes: starts the e2e app, warms it up with wrk, then around one measured wrk
# run reads every thread's user and system time and context switches (/proc/<pid>/task/*) and the app's allocation
# and collections (GET /bench/jvm), and prints them per request, grouped by thread (request threads, the starter's
# xray-* threads, GC workers, G1 concurrent and refinement threads, JIT compilers, ...). JFR=<file> also records a
# JFR profile (settings=profile) of the measured run.
#
#   xray-benchmarks/e2e/threads.sh <e2e jar> starter "-Xmx512m" hello 15
#   JFR=/tmp/sub100.jfr WARM=20 xray-benchmarks/e2e/threads.sh <e2e jar> starter "-Xmx512m -XX:+UseParallelGC" sub100 15
#
# Settings: WARM [10] seconds of warm-up, PORT [18285], DPORT [12200] (the unread daemon socket).
set -euo pipefail
# shellcheck source=loopback.sh
source "$(dirname "${BASH_SOURCE[0]}")/loopback.sh"
JAR=$1; MODE=$2; OPTS=$3; EP=$4; SECS=$5; shift 5
PORT=${PORT:-18285}; DPORT=${DPORT:-12200}; WARM=${WARM:-10}
T=$(mktemp -d)
python3 -c 'import socket,sys,time
s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", int(sys.argv[1]))); time.sleep(100000)' $DPORT &
SINK=$!
java $OPTS -jar $JAR --bench.mode=$MODE --bench.daemon-address=127.0.0.1:$DPORT --server.port=$PORT "$@" > $T/app.log 2>&1 &
APP=$!
trap 'kill $APP $SINK 2>/dev/null || true; rm -rf "$T"' EXIT
for i in $(seq 1 120); do curl -sf -o /dev/null http://127.0.0.1:$PORT/hello && break; sleep 0.5; done
wrk -t1 -c8 -d${WARM}s http://127.0.0.1:$PORT/$EP > /dev/null
snap() { for t in /proc/$APP/task/*; do
  name=$(cat $t/comm 2>/dev/null) || continue
  st=$(sed 's/^.*) //' $t/stat | awk '{print $12, $13}')
  cs=$(awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ {n+=$2} END {print n}' $t/status)
  echo "$(basename $t)|$name|$st $cs"; done; }
[[ -n "${JFR:-}" ]] && jcmd $APP JFR.start name=p settings=profile filename=$JFR > /dev/null
snap > $T/s1; J1=$(curl -s http://127.0.0.1:$PORT/bench/jvm)
wrk -t1 -c8 -d${SECS}s http://127.0.0.1:$PORT/$EP > $T/wrk.txt
snap > $T/s2; J2=$(curl -s http://127.0.0.1:$PORT/bench/jvm)
[[ -n "${JFR:-}" ]] && jcmd $APP JFR.stop name=p > /dev/null
REQ=$(awk '/requests in/ {print $1}' $T/wrk.txt)
echo "mode=$MODE opts='$OPTS' ep=$EP requests=$REQ rps=$(awk '/Requests\/sec/ {print $2}' $T/wrk.txt)"
python3 - "$REQ" "$(getconf CLK_TCK)" "$J1" "$J2" "$T" <<'PY'
import sys, re, collections
req=int(sys.argv[1]); tck=int(sys.argv[2])
def load(p):
    d={}
    for l in open(p):
        tid,name,rest=l.rstrip('\n').split('|'); u,s,c=map(int,rest.split()); d[tid]=(name,u,s,c)
    return d
a=load(sys.argv[5]+'/s1'); b=load(sys.argv[5]+'/s2')
def group(n):
    for pat,g in (('http-nio','request threads'),('xray','xray threads'),('GC Thread','GC workers'),('G1 Conc','G1 concurrent'),('G1 Refine','G1 refine'),('G1 Serv','G1 service'),('VM Thread','VM thread'),('C2','C2 JIT'),('C1','C1 JIT'),('Downstream','downstream'),('HttpServer','downstream')):
        if n.startswith(pat) or pat in n: return g
    return 'other:'+n
g=collections.defaultdict(lambda:[0,0,0])
for tid,(n,u,s,c) in b.items():
    n0,u0,s0,c0=a.get(tid,(n,0,0,0))
    x=g[group(n)]; x[0]+=u-u0; x[1]+=s-s0; x[2]+=c-c0
tot=[0,0,0]
for k,(u,s,c) in sorted(g.items(), key=lambda kv:-(kv[1][0]+kv[1][1])):
    if u+s==0 and c==0: continue
    print('  %-28s user %6.2f sys %6.2f us/req  ctxsw %.3f/req'%(k,u/tck*1e6/req,s/tck*1e6/req,c/req))
    tot[0]+=u; tot[1]+=s; tot[2]+=c
print('  %-28s user %6.2f sys %6.2f us/req  ctxsw %.3f/req'%('TOTAL',tot[0]/tck*1e6/req,tot[1]/tck*1e6/req,tot[2]/req))
def kv(t): return dict(l.split('=',1) for l in t.split('\n') if '=' in l)
j1=kv(sys.argv[3]); j2=kv(sys.argv[4])
print('  alloc %.0f B/req'%((int(j2['allocated_bytes'])-int(j1['allocated_bytes']))/req), ' '.join('%s +%d'%(k,int(j2[k])-int(j1[k])) for k in j2 if k.startswith('gc.')))
PY
