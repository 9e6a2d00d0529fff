#!/usr/bin/env bash
# Builds the bench module and runs the tokenizer benchmark (hubkit vs Rust-via-DJL, JTokkit,
# SentencePiece C++ via DJL and as spm_encode); rewrites the tokenizers section of BENCHMARKS.md.
# Needs: JDK 17+, network to Maven Central for the first build; /usr/bin/python3 with
# python3-sentencepiece (apt-get install python3-sentencepiece) for the Unigram and SentencePiece .model
# rows (skipped otherwise); spm_encode (apt-get install sentencepiece) for its rows (marked failed otherwise).
# Runtime: about 7 minutes on an idle 2-core machine, plus about 1 minute once to train the two
# SentencePiece models (kept in the work folder). Env: HUBKIT_TARGET (build folder, default target-bench),
# BENCH_PARAGRAPHS (Europarl paragraphs, default 2500), BENCH_MIN_SECONDS (per measurement, default 2).
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

exec java -Xmx4g -DDJL_CACHE_DIR="$PWD/bench/$TARGET/djl-cache" -Dai.djl.offline=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "bench/$TARGET/classes:$(cat "$CP_FILE")" dev.hubkit.bench.tokenizers.TokenizerBench \
  --work "$WORK" --out BENCHMARKS.md \
  --unigram-model "$WORK/unigram.model" --unigram-json "$WORK/unigram-tokenizer.json" \
  --spm-bpe-model "$WORK/bpe.model" \
  --paragraphs "${BENCH_PARAGRAPHS:-2500}" --min-seconds "${BENCH_MIN_SECONDS:-2}"
