#!/usr/bin/env bash
# TF checkpoint benchmark: a generated BERT-shaped F32 state dict (default 2 GiB, safetensors) converted
# PyTorch names -> TF checkpoint (dense kernels transposed) and back by hubkit (-Xmx256m), against `cp`
# of the same bytes in the same run. Prints a markdown table for the tf section of BENCHMARKS.md.
#
#   bench/run-tf.sh            # SIZE_MB=2048 WORK=/tmp/...  HUBKIT_TARGET=target
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${SIZE_MB:-2048}
TARGET=${HUBKIT_TARGET:-target}
WORK=${WORK:-$(mktemp -d /tmp/hubkit-bench-tf.XXXXXX)}
mkdir -p "$WORK"
CP_FILE="$WORK/classpath.txt"
./mvnw -q -B -Dhubkit.target="$TARGET" -pl bench -am compile dependency:build-classpath \
  -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime >/dev/null
CP="$(pwd)/bench/$TARGET/classes:$(pwd)/converters/$TARGET/classes:$(pwd)/core/$TARGET/classes:$(cat "$CP_FILE")"
JAVA=(java -Xmx256m -cp "$CP" dev.hubkit.bench.tf.TfBench)

measure() { # NAME CMD...: prints NAME, wall seconds, peak RSS KiB
  local name=$1; shift
  sync
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" > "$WORK/$name.log" 2>&1 || { cat "$WORK/$name.log"; exit 1; }
  read -r secs rss < "$WORK/time.txt"
  printf '%s\t%s\t%s\n' "$name" "$secs" "$rss" | tee -a "$WORK/results.tsv"
}

: > "$WORK/results.tsv"
"${JAVA[@]}" generate "$WORK/src.safetensors" "$SIZE_MB" >&2
BYTES=$(stat -c %s "$WORK/src.safetensors")
cat "$WORK/src.safetensors" > /dev/null
measure cp cp "$WORK/src.safetensors" "$WORK/copy.safetensors"
rm -f "$WORK/copy.safetensors"
measure to-tf "${JAVA[@]}" to-tf "$WORK/src.safetensors" "$WORK/ckpt"
measure to-pt "${JAVA[@]}" to-pt "$WORK/ckpt" "$WORK/back.safetensors"
cmp "$WORK/src.safetensors" "$WORK/back.safetensors" >/dev/null && echo "round trip: byte-identical file" >&2 \
  || echo "round trip: files differ (tensor order/header), see TfBench" >&2
awk -v bytes="$BYTES" 'BEGIN{FS="\t"} {t[$1]=$2; r[$1]=$3} END{
  printf "| run | wall s | MB/s | vs `cp` | peak RSS MB |\n|---|---|---|---|---|\n";
  n=split("cp to-tf to-pt", k, " ");
  for(i=1;i<=n;i++){ printf "| %s | %.2f | %.0f | %.2f | %.0f |\n", k[i], t[k[i]], bytes/1e6/t[k[i]], t["cp"]/t[k[i]], r[k[i]]/1024 }
}' "$WORK/results.tsv"
rm -rf "$WORK"
