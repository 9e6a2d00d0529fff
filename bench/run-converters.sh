#!/usr/bin/env bash
# Converter benchmark: a generated F32 checkpoint (default 2 GiB) converted PyTorch->safetensors,
# safetensors->PyTorch and F32->BF16 by hubkit, against `cp` of the same bytes (from the page cache,
# and with `sync`) and python3-torch's torch.load + torch.save, all in the same run.
# hubkit runs the way a user runs it: `./hubkit convert ...` (the launcher, its JVM options and its
# class-data-sharing archive; the jar and the archive are made before the timed runs). `cp` and these
# cold whole-process runs take turns in REPS rounds (default 3) and each keeps its fastest run, so a
# burst of load on a shared machine does not decide a ratio; the torch runs (slow) are done once.
# Then each conversion is also timed warm, JMH-style: WARMUP runs then RUNS timed runs in one JVM
# (ConvertBench repeat), median reported. A 4 MiB conversion shows the fixed start-up cost, with and
# without the archive. Then an A/B in one JVM (ConvertBench ab, rounds interleaved): the same two copies
# with tensors placed at their source's place within a page (the default, hubkit.copy.samePagePlace) and
# without. Whole-process rows also report CPU seconds (user + sys, the least of the rounds): on a shared VM
# wall time also waits for other processes and for the host to back fresh page-cache pages, CPU time less.
# Writes the converters section of BENCHMARKS.md. Needs /usr/bin/python3 with
# torch (apt-get install python3-torch), /usr/bin/time and about 11 GB free in WORK. Takes about 4 minutes
# on an idle machine (about half of it torch; plus the build of the CLI jar when it is missing or stale).
#
# PREFAULT_GB=6 (the default; 0 turns it off): after the sync before each timed run and each warm or A/B
# round, a child process (bench/prefault.py) touches every page of that much memory and exits, as in
# bench/run-tf.sh: on a VM whose host takes free memory back, the first touch of such a page costs several
# ms per MiB, `cp`'s included, so without it the rounds measure which pages the host still backs.
#
#   bench/run-converters.sh   # SIZE_MB=2048 REPS=3 WARMUP=3 RUNS=5 AB_ROUNDS=5 PREFAULT_GB=6 WORK=/tmp/...  HUBKIT_TARGET=target
#                             # HUBKIT_LAUNCHER=./hubkit  BENCHMARKS_MD=BENCHMARKS.md
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${SIZE_MB:-2048}
REPS=${REPS:-3}
WARMUP=${WARMUP:-3}
RUNS=${RUNS:-5}
AB_ROUNDS=${AB_ROUNDS:-5}
PREFAULT_GB=${PREFAULT_GB:-6}
PREFAULT=()
if ((PREFAULT_GB > 0)); then
  PREFAULT=(/usr/bin/python3 "$(pwd)/bench/prefault.py" "$PREFAULT_GB")
  export HUBKIT_BENCH_PREFAULT="$(printf '%q ' "${PREFAULT[@]}")"   # run by the warm and A/B rounds too (dev.hubkit.bench.Writeback)
fi
HUBKIT=${HUBKIT_LAUNCHER:-./hubkit}
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
# the bench's own JVM (generating the source, warm repeated conversions): the launcher's options
JAVA=(java ${HUBKIT_JAVA_OPTS:-} -cp "$CP" dev.hubkit.bench.converters.ConvertBench)

# measure NAME CMD...: wall seconds and peak RSS (KiB) of one run of CMD, appended to results.tsv
# (one line per run; the report keeps each name's fastest run)
measure() {
  local name=$1; shift
  sync; rm -f "$WORK"/out*
  if ((PREFAULT_GB > 0)); then
    "${PREFAULT[@]}"
  fi
  /usr/bin/time -f "%e %M %U %S" -o "$WORK/time.txt" "$@" > "$WORK/$name.log" 2>&1 || { cat "$WORK/$name.log"; exit 1; }
  read -r secs rss user sys < "$WORK/time.txt"
  printf '%s\t%s\t%s\t%s\n' "$name" "$secs" "$rss" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" \
    | tee -a "$RESULTS"
}

# warm NAME SRC DST [DTYPE]: the median seconds of RUNS conversions after WARMUP ones in one JVM
warm() {
  local name=$1; shift
  sync; rm -f "$WORK"/out*
  "${JAVA[@]}" repeat "$1" "$2" "${3:--}" "$WARMUP" "$RUNS" > "$WORK/$name-warm.log" 2>&1 \
    || { cat "$WORK/$name-warm.log"; exit 1; }
  local inner first
  inner=$(sed -n 's/^warm median .*: \([0-9.]*\) s = .*/\1/p' "$WORK/$name-warm.log")
  first=$(sed -n 's/^warm-up 1: \([0-9.]*\) s = .*/\1/p' "$WORK/$name-warm.log")
  printf '%s\twarm\t-\t%s\n' "$name" "$inner" | tee -a "$RESULTS"
  [[ -z "$first" ]] || printf '%s\tfirst\t-\t%s\n' "$name" "$first" | tee -a "$RESULTS"
}

echo "generating ${SIZE_MB} MiB F32 checkpoint in $WORK" >&2
"${JAVA[@]}" generate "$WORK/src.safetensors" "$SIZE_MB"
"${JAVA[@]}" generate "$WORK/small.safetensors" 4
"$HUBKIT" convert "$WORK/src.safetensors" "$WORK/src.bin" > /dev/null   # also builds the jar and archive if needed
BYTES=$(stat -c %s "$WORK/src.safetensors")
SMALL_BYTES=$(stat -c %s "$WORK/small.safetensors")
cat "$WORK/src.safetensors" "$WORK/src.bin" > /dev/null   # warm the page cache for everyone

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for ((rep = 1; rep <= REPS; rep++)); do
  measure cp cp "$WORK/src.bin" "$WORK/out.cp"
  measure hubkit_pt_to_st "$HUBKIT" convert "$WORK/src.bin" "$WORK/out.safetensors"
  measure hubkit_st_to_pt "$HUBKIT" convert "$WORK/src.safetensors" "$WORK/out.bin"
  measure hubkit_f32_to_bf16 "$HUBKIT" convert "$WORK/src.safetensors" "$WORK/out-bf16.safetensors" --dtype bf16
  measure cp_sync sh -c 'cp "$1" "$2" && sync' sh "$WORK/src.bin" "$WORK/out.cp"
  measure hubkit_st_to_pt_sync sh -c '"$@" && sync' sh "$HUBKIT" convert "$WORK/src.safetensors" "$WORK/out.bin"
  measure hubkit_small "$HUBKIT" convert "$WORK/small.safetensors" "$WORK/out-small.bin"
  HUBKIT_CDS=0 measure hubkit_small_nocds "$HUBKIT" convert "$WORK/small.safetensors" "$WORK/out-small.bin"
  measure jvm_start java -version   # the floor: a JVM that starts and stops (the JDK's own archive)
done
warm hubkit_pt_to_st "$WORK/src.bin" "$WORK/out.safetensors"
warm hubkit_st_to_pt "$WORK/src.safetensors" "$WORK/out.bin"
warm hubkit_f32_to_bf16 "$WORK/src.safetensors" "$WORK/out-bf16.safetensors" bf16
# ab NAME SRC DST: medians of wall, thread CPU and process CPU, same-place layout and plain, one JVM
ab() {
  local name=$1; shift
  sync; rm -f "$WORK"/out*
  "${JAVA[@]}" ab "$1" "$2" 2 "$AB_ROUNDS" ${3:+"$3"} > "$WORK/$name-ab.log" 2>&1 || { cat "$WORK/$name-ab.log"; exit 1; }
  sed -n 's/^ab median \([a-z-]*\): \(.*\)$/\1 \2/p' "$WORK/$name-ab.log" | while read -r variant w t p; do
    printf '%s\tab-%s\t-\t%s %s %s\n' "$name" "$variant" "$w" "$t" "$p" | tee -a "$RESULTS"
  done
}
# the PyTorch file as the plain layout writes it (as torch.save places its entries), for the way back
java ${HUBKIT_JAVA_OPTS:-} -Dhubkit.copy.samePagePlace=false -cp "$CP" dev.hubkit.bench.converters.ConvertBench \
  convert "$WORK/src.safetensors" "$WORK/src-plain.bin" > /dev/null
cat "$WORK/src-plain.bin" > /dev/null
ab st_to_pt "$WORK/src.safetensors" "$WORK/out.bin"
ab pt_to_st "$WORK/src.bin" "$WORK/out.safetensors" "$WORK/src-plain.bin"
rm -f "$WORK/src-plain.bin"
measure torch_load_save /usr/bin/python3 -c \
  "import sys, torch; torch.save(torch.load(sys.argv[1]), sys.argv[2])" "$WORK/src.bin" "$WORK/out-torch.bin"
measure torch_f32_to_bf16 /usr/bin/python3 -c \
  "import sys, torch; sd = torch.load(sys.argv[1]); torch.save({k: v.to(torch.bfloat16) for k, v in sd.items()}, sys.argv[2])" \
  "$WORK/src.bin" "$WORK/out-torch-bf16.bin"

/usr/bin/python3 - "$RESULTS" "$BYTES" "${BENCHMARKS_MD:-BENCHMARKS.md}" "$(nproc)" "$LOAD_BEFORE" "$REPS" \
    "$WARMUP" "$RUNS" "$SMALL_BYTES" "${HUBKIT_JAVA_OPTS:-}" "$AB_ROUNDS" "$PREFAULT_GB" <<'PY'
import sys, datetime
results, nbytes, md, cores, load, reps = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
warmup, runs, small, opts, ab_rounds = sys.argv[7], sys.argv[8], int(sys.argv[9]), sys.argv[10], sys.argv[11]
prefault = int(sys.argv[12])
rows = {}   # name -> [fastest wall s, peak RSS KiB over all runs, least CPU s (user + sys)]
warm = {}   # name -> median warm in-JVM s
first = {}  # name -> the first conversion in a fresh JVM s (class loading and JIT warm-up, no JVM start)
ab = {}     # (name, variant) -> [wall s, thread CPU s, process CPU s], medians
for line in open(results):
    name, secs, rss, inner = line.rstrip("\n").split("\t")
    if secs.startswith("ab-"):
        ab[(name, secs[3:])] = [float(x) for x in inner.split()]
        continue
    if secs == "warm":
        warm[name] = float(inner)
        continue
    if secs == "first":
        first[name] = float(inner)
        continue
    secs, rss, cpu = float(secs), int(rss), float(inner)
    old = rows.get(name)
    rows[name] = [min(secs, old[0]), max(rss, old[1]), min(cpu, old[2])] if old else [secs, rss, cpu]
def mbs(secs, n=nbytes): return n / 1e6 / max(secs, 1e-3)
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
       f" {cores} cores (load average {load} when the runs started). Measured {datetime.date.today()} by "
       f"`bench/run-converters.sh`. hubkit runs as a user runs it, `./hubkit convert SRC DST [--dtype bf16]` "
       f"(the launcher, its class-data-sharing archive{', HUBKIT_JAVA_OPTS=`' + opts + '`' if opts else ''}). "
       f"*wall s* is the whole process, JVM start included, the fastest of {reps} rounds in which `cp` and "
       "the hubkit runs take turns; torch rows are one run. MB/s = input bytes / wall s. "
       f"*warm in JVM s* is the conversion alone once the JVM is warm: {warmup} warm-up conversions, then the "
       f"median of {runs} more, in one JVM (JIT-compiled, classes loaded), as a JMH benchmark measures it; "
       "*first in JVM s* is the first of those conversions, right after the JVM started (class loading and JIT "
       "warm-up included, JVM start not). "
       "Rows with `sync` wait until the output is on disk; their ratio is against `cp` + `sync`, the others' "
       "against `cp` from the page cache. *CPU s* is the whole process's user + sys time, the least of the "
       "rounds, and *CPU vs `cp`* `cp`'s CPU s over it: on this VM a fresh page-cache page sometimes waits for "
       "the host to back it (several ms per MiB), which shows in wall time, `cp`'s included, from one run to the "
       "next, while the CPU ratio stays steadier." +
       (f" Before each timed run and each warm or A/B round, after a `sync`, a child process touched every page "
        f"of {prefault} GiB and exited (`PREFAULT_GB`), so that the run gets memory the host backs already "
        "(pages just freed are handed out again first); the torch rows too." if prefault > 0 else ""), "",
       "| run | wall s | MB/s | vs `cp` | CPU s | CPU vs `cp` | first in JVM s | warm in JVM s | warm vs `cp` | vs torch | peak RSS MB |",
       "|---|---|---|---|---|---|---|---|---|---|---|"]
for key, label in labels:
    s, rss, cpu = rows[key]
    base = cp_sync if key.endswith("_sync") else cp
    cp_cpu = rows["cp_sync" if key.endswith("_sync") else "cp"][2]
    inner = warm.get(key)
    jvm = f"{inner:.2f} | {mbs(inner)/base:.2f}" if inner else "- | -"
    jvm = (f"{first[key]:.2f}" if key in first else "-") + " | " + jvm
    out.append(f"| {label} | {s:.2f} | {mbs(s):.0f} | {mbs(s)/base:.2f} | {cpu:.2f} | {cp_cpu/max(cpu, 1e-3):.2f} | {jvm} "
               f"| {mbs(s)/torch:.2f} | {rss/1024:.0f} |")
out += ["", f"Fixed cost: converting a {small/2**20:.0f} MiB checkpoint (safetensors -> PyTorch) takes "
        f"{rows['hubkit_small'][0]:.2f} s wall with the launcher's class-data-sharing archive and "
        f"{rows['hubkit_small_nocds'][0]:.2f} s without it (`HUBKIT_CDS=0`), fastest of {reps}; the difference "
        "between *wall s* and *warm in JVM s* above is this start-up plus the first conversion's warm-up. "
        "That warm-up (*first in JVM s* minus *warm in JVM s*) is CPU spent once per JVM, not per byte: class "
        "loading and interpreted code (the bench's own JVM runs without the launcher's archive); converting a "
        "small checkpoint first takes most of it away. Like `cp`, every timed conversion writes a fresh file "
        "(its output is deleted first).", "",
        "Same place within a page (A/B in one JVM, rounds interleaved, medians of "
        f"{ab_rounds}; copies only): the kernel copy of a tensor copied as it is moves whole pages, 64 KiB at "
        "a time into 64 KiB page-cache folios, when its destination starts at the same place within a 4 KiB "
        "page as its source and in the first page of a 64 KiB block. hubkit pads each PyTorch entry copied as it "
        "is for it (its zip extra field, up to 64 KiB and at most 1/128 of the entry; the data stays 64-aligned "
        "when the source is, else aligned to its element size) and the safetensors header (spaces, as the format "
        "allows; one padding for the largest share of bytes, since safetensors tensors follow each other). The "
        "conversions of the table above, in one JVM; for PyTorch -> safetensors the plain row converts the same "
        "checkpoint written with the plain layout (the safetensors -> PyTorch output of the plain row above), "
        "since the way back can only keep tensors at their place when their PyTorch entries were put at the "
        "places their safetensors offsets have: from a `torch.save` file, whose entries follow each other at "
        "64-byte alignment, only the tensors that share one place (the largest share of bytes) can be.", "",
        "| run | layout | wall s | thread CPU s | process CPU s |", "|---|---|---|---|---|"]
for key, label in [("st_to_pt", "safetensors -> PyTorch"),
                   ("pt_to_st", "PyTorch -> safetensors")]:
    for variant, text in [("same-place", "same place (default)"), ("plain", "plain (`-Dhubkit.copy.samePagePlace=false`)")]:
        v = ab.get((key, variant))
        if v:
            out.append(f"| {label} | {text} | {v[0]:.2f} | {v[1]:.2f} | {v[2]:.2f} |")
out += ["",
        "Targets: >= 0.70 of `cp`, >= 3x torch, peak RSS < 512 MB whatever the model size. "
        "Tensors copied as they are go kernel to kernel (`FileChannel.transferTo`, sendfile), like `cp`, at "
        "their source's place within a page where the format allows it (see above): at another place each "
        "64 KiB batch the kernel moves lands across page boundaries and fills several smaller page-cache folios. "
        "What is left of a whole-process run beyond `cp` is mostly fixed: a bare JVM start (`java -version`: "
        f"{rows['jvm_start'][0]:.2f} s wall, {rows['jvm_start'][2]:.2f} s CPU here), the launcher's archive and "
        "the command's start (the 4 MiB conversion above) and, for "
        "PyTorch output, the CRC-32 of each zip entry, "
        "summed meanwhile by a second thread reading the source with "
        "positional reads, and written in the data descriptor after the entry, as `torch.save`'s zips carry it. Casts read 256 KiB at a time with "
        "positional reads, cast through primitive arrays (bit-exact round to nearest even) and sum while in the "
        "cache, and write with positional writes; casts of large tensors are split in two halves on two "
        "threads, their CRCs combined. The heap holds only metadata, so peak RSS does not grow with the model. "
        "On a busy machine `cp` and the others compete for the same cores, disk and page cache, so compare "
        "ratios within one run; rerun `bench/run-converters.sh` on an idle machine for absolute numbers.",
        "<!-- converters:end -->"]
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
rm -rf "$WORK"/out* "$WORK"/src.* "$WORK"/small.*
