#!/usr/bin/env bash
# Converter benchmark: a generated F32 checkpoint (default 2 GiB) converted PyTorch->safetensors,
# safetensors->PyTorch and F32->BF16 by hubkit (-Xmx256m), against `cp` of the same bytes (from the
# page cache, and with `sync`) and python3-torch's torch.load + torch.save, all in the same run.
# `cp` and the hubkit runs take turns in REPS rounds (default 3) and each keeps its fastest run, so a
# burst of load on a shared machine does not decide a ratio; the torch runs (slow) are done once.
# Writes the converters section of BENCHMARKS.md. Needs /usr/bin/python3 with torch (apt-get install
# python3-torch) and /usr/bin/time. Takes about 2-3 minutes on an idle machine (about half of it torch).
#
#   bench/run-converters.sh            # SIZE_MB=2048 REPS=3 WORK=/tmp/...  HUBKIT_TARGET=target  BENCHMARKS_MD=...
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${SIZE_MB:-2048}
REPS=${REPS:-3}
TARGET=${HUBKIT_TARGET:-target}
WORK=${WORK:-$(mktemp -d /tmp/hubkit-bench-converters.XXXXXX)}
mkdir -p "$WORK"
RESULTS="$WORK/results.tsv"
: > "$RESULTS"

if [[ -n "${HUBKIT_BENCH_CP:-}" ]]; then
  CP="$HUBKIT_BENCH_CP"   # a ready class path (bench classes + converters + core + jackson + slf4j)
else
  CP_FILE="$WORK/classpath.txt"
  ./mvnw -q -B -Dhubkit.target="$TARGET" -pl bench -am compile dependency:build-classpath \
    -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime >/dev/null
  CP="$(pwd)/bench/$TARGET/classes:$(cat "$CP_FILE")"
fi
JAVA=(java -Xmx256m -cp "$CP" dev.hubkit.bench.converters.ConvertBench)

# measure NAME CMD...: wall seconds, peak RSS (KiB) and the in-JVM seconds hubkit prints (or -) of one
# run of CMD, appended to results.tsv (one line per run; the report keeps each name's fastest run)
measure() {
  local name=$1; shift
  sync; rm -f "$WORK"/out*
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" > "$WORK/$name.log" 2>&1 || { cat "$WORK/$name.log"; exit 1; }
  read -r secs rss < "$WORK/time.txt"
  local inner
  inner=$(sed -n 's/.* in \([0-9.]*\) s = .*/\1/p' "$WORK/$name.log" | tail -1)
  printf '%s\t%s\t%s\t%s\n' "$name" "$secs" "$rss" "${inner:--}" | tee -a "$RESULTS"
}

echo "generating ${SIZE_MB} MiB F32 checkpoint in $WORK" >&2
"${JAVA[@]}" generate "$WORK/src.safetensors" "$SIZE_MB"
"${JAVA[@]}" convert "$WORK/src.safetensors" "$WORK/src.bin" > /dev/null
BYTES=$(stat -c %s "$WORK/src.safetensors")
cat "$WORK/src.safetensors" "$WORK/src.bin" > /dev/null   # warm the page cache for everyone

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for ((rep = 1; rep <= REPS; rep++)); do
  measure cp cp "$WORK/src.bin" "$WORK/out.cp"
  measure hubkit_pt_to_st "${JAVA[@]}" convert "$WORK/src.bin" "$WORK/out.safetensors"
  measure hubkit_st_to_pt "${JAVA[@]}" convert "$WORK/src.safetensors" "$WORK/out.bin"
  measure hubkit_f32_to_bf16 "${JAVA[@]}" convert "$WORK/src.safetensors" "$WORK/out-bf16.safetensors" bf16
  measure cp_sync sh -c 'cp "$1" "$2" && sync' sh "$WORK/src.bin" "$WORK/out.cp"
  measure hubkit_st_to_pt_sync sh -c '"$@" && sync' sh "${JAVA[@]}" convert "$WORK/src.safetensors" "$WORK/out.bin"
done
measure torch_load_save /usr/bin/python3 -c \
  "import sys, torch; torch.save(torch.load(sys.argv[1]), sys.argv[2])" "$WORK/src.bin" "$WORK/out-torch.bin"
measure torch_f32_to_bf16 /usr/bin/python3 -c \
  "import sys, torch; sd = torch.load(sys.argv[1]); torch.save({k: v.to(torch.bfloat16) for k, v in sd.items()}, sys.argv[2])" \
  "$WORK/src.bin" "$WORK/out-torch-bf16.bin"

/usr/bin/python3 - "$RESULTS" "$BYTES" "${BENCHMARKS_MD:-BENCHMARKS.md}" "$(nproc)" "$LOAD_BEFORE" "$REPS" <<'PY'
import sys, datetime
results, nbytes, md, cores, load, reps = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
rows = {}   # name -> (fastest wall s, peak RSS KiB over all runs, in-JVM s of the fastest run)
for line in open(results):
    name, secs, rss, inner = line.rstrip("\n").split("\t")
    secs, rss, inner = float(secs), int(rss), (float(inner) if inner != "-" else None)
    old = rows.get(name)
    if old is None or secs < old[0]:
        rows[name] = (secs, max(rss, old[1]) if old else rss, inner)
    else:
        rows[name] = (old[0], max(rss, old[1]), old[2])
def mbs(secs): return nbytes / 1e6 / max(secs, 1e-3)
cp = mbs(rows["cp"][0])
cp_sync = mbs(rows["cp_sync"][0])
torch = mbs(rows["torch_load_save"][0])
labels = [("cp", "`cp` of the PyTorch file, page cache (the copy limit)"),
          ("cp_sync", "`cp` + `sync` (what writing to disk adds)"),
          ("hubkit_pt_to_st", "hubkit PyTorch -> safetensors"),
          ("hubkit_st_to_pt", "hubkit safetensors -> PyTorch"),
          ("hubkit_st_to_pt_sync", "hubkit safetensors -> PyTorch + `sync`"),
          ("hubkit_f32_to_bf16", "hubkit safetensors F32 -> BF16"),
          ("torch_load_save", "python3-torch `torch.load` + `torch.save`"),
          ("torch_f32_to_bf16", "python3-torch load + `.to(bfloat16)` + save")]
out = ["<!-- converters:start -->", "## Converters", "",
       f"Generated F32 checkpoint of {nbytes/1e9:.2f} GB (64 MiB tensors), page cache warm;"
       f" {cores} cores (load average {load} when the runs started); hubkit runs with `-Xmx256m`. Measured {datetime.date.today()} by "
       f"`bench/run-converters.sh`; `cp` and hubkit rows are the fastest of {reps} interleaved rounds, torch rows one run. "
       "MB/s = input bytes / wall time of the whole process (JVM start included); "
       "*in JVM* is the conversion alone as hubkit times it. Rows with `sync` wait until the output is on disk; "
       "their ratio is against `cp` + `sync`, the others' against `cp` from the page cache.", "",
       "| run | wall s | MB/s | vs `cp` | in JVM s | in-JVM vs `cp` | vs torch | peak RSS MB |",
       "|---|---|---|---|---|---|---|---|"]
for key, label in labels:
    s, rss, inner = rows[key]
    base = cp_sync if key.endswith("_sync") else cp
    jvm = f"{inner:.2f} | {mbs(inner)/base:.2f}" if inner and not key.endswith("_sync") else "- | -"
    out.append(f"| {label} | {s:.2f} | {mbs(s):.0f} | {mbs(s)/base:.2f} | {jvm} | {mbs(s)/torch:.2f} | {rss/1024:.0f} |")
out += ["", "Targets: >= 0.70 of `cp`, >= 3x torch, peak RSS < 512 MB whatever the model size. "
        "Tensors that lie raw in the source (also under a cast) are read 256 KiB at a time with positional "
        "reads, cast through primitive arrays (bit-exact round to nearest even) and summed (CRC-32 for zip "
        "entries) while in the cache, and written with positional writes; casts of large tensors are split in "
        "two halves on two threads, their CRCs combined. Safetensors headers are parsed with jackson-core's "
        "streaming parser (no ObjectMapper), which keeps start-up short. The heap holds only metadata, so peak RSS does not grow with the model. On a busy machine "
        "`cp` and the others compete for the same cores, disk and page cache, so compare ratios within one "
        "run; rerun `bench/run-converters.sh` on an idle machine for absolute numbers.", "<!-- converters:end -->"]
section = "\n".join(out)
try:
    text = open(md).read()
except FileNotFoundError:
    text = "# Benchmarks\n"
if "<!-- converters:start -->" in text:
    a = text.index("<!-- converters:start -->")
    b = text.index("<!-- converters:end -->") + len("<!-- converters:end -->")
    text = text[:a] + section + text[b:]
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(md, "w").write(text)
print(section)
PY
rm -rf "$WORK"/out* "$WORK"/src.*
