#!/usr/bin/env bash
# Builds the bench module and runs the hub download benchmark over loopback: one large file
# (hubkit single stream and parallel chunks vs `curl -o file` from the same server, same run) and
# a snapshot of 500 small files with 8 workers vs 1;
# rewrites the hub section of BENCHMARKS.md with speeds, ratios and the CPU time of client and server per
# GB / per file, plus where the client's CPU goes (reader vs hasher thread, download threads, JIT, GC; from
# /proc on Linux), the server's dispatcher thread, and the JDK's vs openssl's SHA-256 speed on the machine.
# Snapshots are warmed up right before they are timed, until they stop getting faster and the JIT
# compilers are idle (at most 2 minutes); removing earlier runs' output is not timed.
# Needs: JDK 17+, curl, about 4 GB free disk for the default 1 GB file.
# Env: HUBKIT_TARGET (build folder, default target-bench), BENCH_HUB_MB (large file, default 1024),
# BENCH_HUB_FILES (small files, default 500), BENCH_RUNS (default 3), PREFAULT_GB (default 6; 0 turns it
# off: before each timed run, after a sync, bench/prefault.py touches that much memory, as in bench/run-tf.sh). Runtime: about 2-5 minutes on 2 busy cores (about 1.5 on a quiet machine).
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${HUBKIT_TARGET:-target-bench}"
WORK="bench/$TARGET/bench-work-hub"
mkdir -p "$WORK"
CP_FILE="$PWD/bench/$TARGET/bench.classpath"

./mvnw -q -B -Dhubkit.target="$TARGET" -pl bench -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime

export PREFAULT_GB="${PREFAULT_GB:-6}"
if ((PREFAULT_GB > 0)); then
  export HUBKIT_BENCH_PREFAULT="/usr/bin/python3 $(printf '%q' "$PWD/bench/prefault.py") $PREFAULT_GB"
fi
exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "bench/$TARGET/classes:$(cat "$CP_FILE")" dev.hubkit.bench.hub.HubBench \
  --work "$WORK" --out BENCHMARKS.md \
  --large-mb "${BENCH_HUB_MB:-1024}" --small-files "${BENCH_HUB_FILES:-500}" --runs "${BENCH_RUNS:-3}"
