#!/bin/sh
# Issue 4's overlay benchmark: 100 Peerline nodes over UDP on 127.0.0.1 in one JVM, then 100 OpenDHT nodes
# (python3-opendht, private network 4242, loopback only) measured the same way; prints one table with the ratio.
#   itests/bench/overlay-bench.sh            # kademlia (default) vs OpenDHT
#   itests/bench/overlay-bench.sh --all      # kademlia, bamboo and chord vs OpenDHT
# Other options: --nodes N --ops N --warmup N --no-opendht --kademlia-k K --kademlia-alpha A (OverlayLoopbackBench).
# Build first: mvn -B -o -q package -pl itests/bench (needs the overlay bundles and transport-udp installed).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/benchmarks.jar"
[ -f "$jar" ] || { echo "missing $jar: run 'mvn -B -o -q package -pl itests/bench' first" >&2; exit 1; }
python=/usr/bin/python3   # Debian's python3-opendht lives in the system interpreter
[ -x "$python" ] || python=python3
exec timeout 1800 java -Xss512k -cp "$jar" org.peerline.bench.OverlayLoopbackBench \
    --script "$here/opendht_bench.py" --python "$python" --opendht-timeout 600 "$@"
