#!/bin/bash
# Issue 5's SIP benchmark, with sipp on 127.0.0.1, Kamailio (Debian's package) in the same run as the reference:
#  1. REGISTER/s: a ramp of rates against one server, every REGISTER challenged and answered with digest (MD5);
#  2. calls/s: INVITE, 180, 200, ACK, BYE through the server to a registered sipp UAS (record-routed);
#     each rate runs DUR seconds and passes when every sipp "call" succeeded and sipp kept to the schedule;
#     both servers run the same scenarios (itests/bench/sipp) with the same 10,000 users;
#  3. call setup through 3 P2P-SIP nodes: INVITE sent to 180 received, p50/p95 over SETUP_CALLS calls, callee
#     registered at node a, caller at node c, the node found in the overlay.
# Prints one table with the highest passing rate of each and their ratio. Needs sipp and kamailio
# (apt-get install sip-tester kamailio) and the runtime (mvn -B install, or ./peerline once).
#   env: DUR (s per rate, 10), REG_RATES, CALL_RATES, SETUP_CALLS (200), OUT (folder for logs), JAVA_HOME
set -u
here=$(cd "$(dirname "$0")" && pwd)
runtime="$here/../../distribution/runtime/target/peerline"
DUR=${DUR:-10}
REG_RATES=${REG_RATES:-"1000 2000 4000 6000 8000 12000 16000 20000"}
CALL_RATES=${CALL_RATES:-"100 200 400 600 800 1000 1200 1600 2000"}
SETUP_CALLS=${SETUP_CALLS:-200}
USERS=10000
OUT=${OUT:-$(mktemp -d /tmp/peerline-sip-bench.XXXXXX)}
KAM_PORT=5070 NODE_PORT=5080 UAS_PORT=5090
for tool in sipp kamailio; do
  command -v $tool > /dev/null || { echo "sip-bench: $tool is not installed (apt-get install sip-tester kamailio)" >&2; exit 1; }
done
[ -x "$runtime/bin/peerline" ] || { echo "sip-bench: no runtime at $runtime: run 'mvn -B install' first" >&2; exit 1; }
mkdir -p "$OUT"
pids=""
cleanup() { for p in $pids; do kill "$p" 2> /dev/null; done; wait 2> /dev/null; }
trap cleanup EXIT INT TERM

# the same users for both: sipp's injection file and Peerline's users file; every password is "secret"
awk -v n=$USERS 'BEGIN { print "SEQUENTIAL"; for (i = 1; i <= n; i++) printf "u%05d;[authentication username=u%05d password=secret]\n", i, i }' > "$OUT/users.csv"
awk -v n=$USERS 'BEGIN { for (i = 1; i <= n; i++) printf "u%05d = secret\n", i }' > "$OUT/users.properties"
printf 'SEQUENTIAL\ncallee;[authentication username=callee password=secret]\n' > "$OUT/callee.csv"
echo "callee = secret" >> "$OUT/users.properties"

listening() { ss -lnu "sport = :$1" | grep -q ":$1"; }
await() { # what, seconds, command...
  local what=$1 end=$(( $(date +%s) + $2 )); shift 2
  until "$@"; do [ "$(date +%s)" -lt $end ] || { echo "sip-bench: timed out waiting for $what" >&2; exit 1; }; sleep 0.2; done
}
cpu_ticks() { # utime+stime of a process and its children
  local t=0 p
  for p in $1 $(pgrep -P "$1"); do [ -r /proc/$p/stat ] && t=$(( t + $(sed 's/.*) //' /proc/$p/stat | awk '{print $12 + $13}') )); done
  echo $t
}

start_kamailio() {
  mkdir -p "$OUT/kamailio"
  sed "s/@PORT@/$KAM_PORT/g" "$here/kamailio/kamailio.cfg" > "$OUT/kamailio/kamailio.cfg"
  kamailio -DD -E -f "$OUT/kamailio/kamailio.cfg" -m 256 -M 16 -Y "$OUT/kamailio" -w "$OUT/kamailio" > "$OUT/kamailio/log" 2>&1 &
  kamailio_pid=$!; pids="$pids $kamailio_pid"
  await "kamailio on $KAM_PORT" 20 listening $KAM_PORT
}

node() { # name sip-port p2p-port options...: a P2P-SIP node process; sets node_pid
  local name=$1 sip=$2 p2p=$3; shift 3
  "$runtime/bin/peerline" --no-shell --data "$OUT/$name" --sip "127.0.0.1:$sip" --p2p "127.0.0.1:$p2p" \
      --domain bench.test --users "$OUT/users.properties" "$@" > "$OUT/$name.log" 2>&1 &
  node_pid=$!; pids="$pids $node_pid"
  await "node $name on $sip" 60 listening "$sip"
}

sipp_run() { # log-name, sipp arguments...: bounded sipp, its exit code
  local name=$1; shift
  (cd "$OUT" && timeout $(( DUR + 60 )) sipp "$@" -i 127.0.0.1 -t u1 -buff_size 4194304 -nostdin -timeout $(( DUR + 40 ))s \
      -timeout_error -max_retrans 5 -trace_err -error_file "$OUT/$name.err" > "$OUT/$name.log" 2>&1)
}

# ramp kind server pid label: the highest rate passed; every rate's line goes to the summary
ramp() {
  local kind=$1 server=$2 pid=$3 label=$4 best=0 r rc t0 t1 c0 c1 wall cpu uas
  for r in $( [ "$kind" = register ] && echo $REG_RATES || echo $CALL_RATES ); do
    c0=$(cpu_ticks "$pid"); t0=$(date +%s.%N)
    if [ "$kind" = register ]; then
      sipp_run "reg-$label-$r" "$server" -sf "$here/sipp/register.xml" -inf "$OUT/users.csv" -key domain bench.test \
          -key contact 127.0.0.1:5999 -key expires 3600 -r "$r" -m $(( r * DUR ))
      rc=$?
    else
      (cd "$OUT" && exec timeout $(( DUR + 70 )) sipp -sf "$here/sipp/uas.xml" -i 127.0.0.1 -p $UAS_PORT -t u1 -d 0 \
          -m $(( r * DUR )) -buff_size 4194304 -nostdin -timeout $(( DUR + 50 ))s > "$OUT/uas-$label-$r.log" 2>&1) &
      uas=$!
      sipp_run "call-$label-$r" "$server" -sf "$here/sipp/uac.xml" -s callee -key domain bench.test -d 0 \
          -default_behaviors all,-abortunexp -r "$r" -m $(( r * DUR ))
      rc=$?
    fi
    t1=$(date +%s.%N); c1=$(cpu_ticks "$pid")
    if [ "$kind" = call ]; then # the UAS ends 4 s after its last call (timewait)
      for _ in $(seq 100); do kill -0 $uas 2> /dev/null || break; sleep 0.1; done
      pkill -P $uas 2> /dev/null; wait $uas 2> /dev/null
    fi
    wall=$(echo "$t1 - $t0" | bc -l); cpu=$(echo "100 * ($c1 - $c0) / $(getconf CLK_TCK) / $wall" | bc -l)
    local verdict=FAIL
    [ $rc = 0 ] && [ "$(echo "$wall <= $DUR * 1.1 + 2" | bc -l)" = 1 ] && verdict=PASS
    printf '%-9s %-8s rate=%-6s sipp_rc=%s wall=%.1fs server_cpu=%.0f%% %s\n' "$label" "$kind" "$r" "$rc" "$wall" "$cpu" "$verdict" | tee -a "$OUT/summary.txt" >&2
    [ $verdict = PASS ] || break
    best=$r
    sleep 1
  done
  echo $best
}

register_callee() { # server
  sipp_run "callee-$1" "$1" -sf "$here/sipp/register.xml" -inf "$OUT/callee.csv" -key domain bench.test \
      -key contact 127.0.0.1:$UAS_PORT -key expires 3600 -m 1 || { echo "sip-bench: callee REGISTER at $1 failed: $OUT/callee-$1.log" >&2; exit 1; }
}

echo "sip-bench: logs in $OUT; $DUR s per rate" >&2
start_kamailio
node a $NODE_PORT 5084 --bootstrap
a_pid=$node_pid
kam_reg=$(ramp register 127.0.0.1:$KAM_PORT "$kamailio_pid" kamailio)
node_reg=$(ramp register 127.0.0.1:$NODE_PORT "$a_pid" peerline)
register_callee 127.0.0.1:$KAM_PORT
register_callee 127.0.0.1:$NODE_PORT
kam_calls=$(ramp call 127.0.0.1:$KAM_PORT "$kamailio_pid" kamailio)
node_calls=$(ramp call 127.0.0.1:$NODE_PORT "$a_pid" peerline)

# call setup through three nodes: the callee is registered at a; the caller uses c, which finds a in the overlay
node b 5180 5184 --join 127.0.0.1:5084
node c 5280 5284 --join 127.0.0.1:5084
(cd "$OUT" && exec timeout 120 sipp -sf "$here/sipp/uas.xml" -i 127.0.0.1 -p $UAS_PORT -t u1 -d 0 \
    -m $(( SETUP_CALLS + 20 )) -nostdin -timeout 100s > "$OUT/uas-setup.log" 2>&1) &
uas=$!
# 20 calls to warm up the new nodes (JIT, the joiners' first stabilisation); then the measured ones
sipp_run setup-warmup 127.0.0.1:5280 -sf "$here/sipp/uac.xml" -s callee -key domain bench.test -d 0 -r 10 -m 20
rm -f "$OUT"/uac_*_rtt.csv
sipp_run setup 127.0.0.1:5280 -sf "$here/sipp/uac.xml" -s callee -key domain bench.test -d 0 -r 20 -m "$SETUP_CALLS" \
    -trace_rtt -rtt_freq 1 || echo "sip-bench: some setup calls failed: $OUT/setup.log" >&2
wait $uas 2> /dev/null
setup=$(awk -F';' '$3 == "ring" { print $2 }' "$OUT"/uac_*_rtt.csv | sort -n | awk '{ v[NR] = $1 } END {
  if (NR == 0) { print "n/a n/a 0"; exit }
  printf "%d %d %d", v[int((NR + 1) * 0.5)], v[int(NR * 0.95 + 0.5)], NR }')
read -r p50 p95 n <<< "$setup"

ratio() { [ "$2" -gt 0 ] && echo "$1 $2" | awk '{ printf "%.2f", $1 / $2 }' || echo n/a; }
{
  echo
  echo "| sipp, 127.0.0.1, ${DUR} s per rate | Kamailio | Peerline node | Peerline / Kamailio |"
  echo "|---|---|---|---|"
  echo "| REGISTER/s with digest (highest rate passed) | $kam_reg | $node_reg | $(ratio "$node_reg" "$kam_reg") |"
  echo "| calls/s, INVITE to BYE (highest rate passed) | $kam_calls | $node_calls | $(ratio "$node_calls" "$kam_calls") |"
  echo
  echo "Call setup through 3 P2P-SIP nodes, INVITE sent to 180 received, $n calls at 20/s: p50 $p50 ms, p95 $p95 ms (sipp's resolution is 1 ms)"
} | tee -a "$OUT/summary.txt"
