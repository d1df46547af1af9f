#!/usr/bin/env bash
# Runs the load generator (io.roomcast.bench.BenchRun) pinned to CPU 1; it starts each server on CPU 0.
# Called by `mvn -B -q -Pbench verify -DskipTests` with the test classpath and key=value settings;
# results land in target/bench/results.md. See docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
classpath="$1"
shift
# 19k sockets on each side: raise the soft open-files limit to the hard one (about 20k here).
ulimit -n "$(ulimit -Hn)"
# The reference server's npm packages (socket.io 4.8, the Redis adapter), outside the test build.
(cd bench/node-server && npm install --no-audit --no-fund --silent)
command -v redis-server >/dev/null || echo "bench: no redis-server (apt-get install redis-server): scenario c will be skipped for Node" >&2
# shellcheck disable=SC2048,SC2086 # the settings are key=value words
exec taskset -c 1 java -Xss512k -cp "$classpath" io.roomcast.bench.BenchRun $*
