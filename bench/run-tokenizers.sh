#!/usr/bin/env bash
# Builds the bench module and runs the tokenizer benchmark (hubkit vs Rust-via-DJL, JTokkit,
# SentencePiece C++ via DJL and as spm_encode); rewrites the tokenizers section of BENCHMARKS.md.
# Needs: JDK 17+, network to Maven Central for the first build; /usr/bin/python3 with
# python3-sentencepiece (apt-get install python3-sentencepiece) for the Unigram and SentencePiece .model
# rows (skipped otherwise); spm_encode (apt-get install sentencepiece) for its rows (marked failed otherwise).
# Every single-thread measurement runs in its own fresh JVM (same flags for all), BENCH_FORKS times
# per subject with the subjects of a family taking turns; the table shows the median fork.
# Runtime on an idle 2-core machine: about 14 minutes with 3 forks (63 forks of 10-16 s each), about
# 5 minutes with --forks 1, about 1 minute for one family with --forks 1; plus about 1 minute once to train the two
# SentencePiece models (kept in the work folder).
# Env: HUBKIT_TARGET (build folder, default target-bench), BENCH_PARAGRAPHS (Europarl paragraphs,
# default 2500), BENCH_MIN_SECONDS (timed part of a measurement, default 2), BENCH_FORKS (forks per
# subject, default 3; 1 for a quick run), BENCH_FAMILIES (e.g. wordpiece,tiktoken: re-measure only
# those families and replace only their rows in BENCHMARKS.md; names: wordpiece, bpe, unigram,
# sentencepiece, tiktoken, load-time), BENCH_OUT (file to write, default BENCHMARKS.md). The load-time family is one
# fresh JVM: a cold first load of the 12 MB o200k tokenizer.json, the first encode, 5 warm-up loads, 10 warm loads (median wall and
# loading-thread CPU, MB allocated per load by all threads), DJL loading it 3 times; BENCH_FAMILIES=load-time takes
# about 1 minute after the build (plus about 1 minute once to write o200k.json). Extra arguments are passed on, e.g.
#   bench/run-tokenizers.sh --forks 1 --families wordpiece
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${HUBKIT_TARGET:-target-bench}"
WORK="bench/$TARGET/bench-work"
mkdir -p "$WORK"
CP_FILE="$PWD/bench/$TARGET/bench.classpath"

./mvnw -q -B -Dhubkit.target="$TARGET" -pl bench -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime

if [ ! -f "$WORK/unigram.model" ]; then
  if /usr/bin/python3 -c 'import sentencepiece' 2>/dev/null; then
    /usr/bin/python3 scripts/make-tokenizer-fixtures.py --vocab-size 8000 --lines 20000 \
      --out-model "$WORK/unigram.model" --out-json "$WORK/unigram-tokenizer.json"
  else
    echo "python3-sentencepiece not installed: the Unigram family will be skipped" >&2
  fi
fi
if [ ! -f "$WORK/bpe.model" ] && /usr/bin/python3 -c 'import sentencepiece' 2>/dev/null; then
  /usr/bin/python3 scripts/make-tokenizer-fixtures.py --model-type bpe --vocab-size 8000 --lines 20000 \
    --out-model "$WORK/bpe.model" --out-json "$WORK/bpe-tokenizer.json"
fi

FAMILIES=()
if [ -n "${BENCH_FAMILIES:-}" ]; then
  FAMILIES=(--families "$BENCH_FAMILIES")
fi

# The parent only plans, runs spm_encode and writes the table; the forks get --fork-jvm-args.
exec java -Xmx1g -DDJL_CACHE_DIR="$PWD/bench/$TARGET/djl-cache" -Dai.djl.offline=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "bench/$TARGET/classes:$(cat "$CP_FILE")" dev.hubkit.bench.tokenizers.TokenizerBench \
  --work "$WORK" --out "${BENCH_OUT:-BENCHMARKS.md}" \
  --unigram-model "$WORK/unigram.model" --unigram-json "$WORK/unigram-tokenizer.json" \
  --spm-bpe-model "$WORK/bpe.model" \
  --paragraphs "${BENCH_PARAGRAPHS:-2500}" --min-seconds "${BENCH_MIN_SECONDS:-2}" \
  --forks "${BENCH_FORKS:-3}" --fork-jvm-args "-Xmx2g" "${FAMILIES[@]}" "$@"
