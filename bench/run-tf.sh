#!/usr/bin/env bash
# TF checkpoint benchmark: a generated BERT-shaped F32 state dict (default 2 GiB, safetensors) converted
# PyTorch names -> TF checkpoint (dense kernels transposed, CRC32C) and back (CRC check, transpose) by
# hubkit (-Xmx256m), against `cp` of the same bytes in the same run (page cache warm, no sync in the
# timings). `cp`, to-tf and to-pt take turns in REPS rounds (default 3) and each keeps its fastest
# run (whole process: `./hubkit convert` as a user runs it, HUBKIT_LAUNCHER to change; JVM start, class
# loading and JIT warm-up included) and that run's minor page
# faults (first touches of memory: on the 2-core VM each MiB of them costs 4-8 ms). Then one JVM repeats both
# conversions WARM_ROUNDS times (default 6) and the median of the second half of its rounds is reported
# too (wall and process CPU time): the conversion itself at steady state, JMH-style. Writes the tf
# section of BENCHMARKS.md. Needs /usr/bin/time and /usr/bin/python3. Takes about 2.5 minutes on an
# idle 2-core machine with the staged rows, 8 with the prefaults on the slower VM. STAGED=1 (the default) also times both whole-process
# conversions with -Dhubkit.transpose.mapped=false in the same rounds (kernels read into stage buffers instead
# of transposed from a memory map of the file). WARM_AB=1 also times, in the same warm JVM and alternating with the default,
# to-tf with the bands written in order by the caller (hubkit.transpose.positionalWrites=false; the
# default hands each band to a writer thread), and to-pt with each kernel streamed through the
# safetensors writer thread (the writer sees a plain stream, not a transposed kernel, as before
# TransposedData.writeTo): extra warm-only rows comparing the write modes.
#
# PREFAULT_GB=6 (the default; 0 turns it off): after the sync before each timed run (and each warm round),
# a child process touches every page of that much memory and exits, so that the run, `cp` and hubkit alike,
# gets memory the host backs already: on a VM with free page reporting the first touch of a page the host
# took back costs several ms per MiB in the kernel (measured here: `cp` of 2 GB 1.09-1.31 s right after
# such a prefault, 1.69-2.41 s without, 8 s at worst).
#
#   bench/run-tf.sh   # SIZE_MB=2048 REPS=3 WARM_ROUNDS=6 STAGED=1 WARM_AB=0 PREFAULT_GB=6 WORK=/tmp/... HUBKIT_TARGET=target HUBKIT_BENCH_CP=...
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${SIZE_MB:-2048}
REPS=${REPS:-3}
WARM_ROUNDS=${WARM_ROUNDS:-6}
WARM_AB=${WARM_AB:-0}
STAGED=${STAGED:-1}
PREFAULT_GB=${PREFAULT_GB:-6}
PREFAULT=()
if ((PREFAULT_GB > 0)); then
  PREFAULT=(/usr/bin/python3 "$(pwd)/bench/prefault.py" "$PREFAULT_GB")
  export HUBKIT_BENCH_PREFAULT="$(printf '%q ' "${PREFAULT[@]}")"   # run by the warm rounds too (dev.hubkit.bench.Writeback)
fi
TARGET=${HUBKIT_TARGET:-target}
HUBKIT=${HUBKIT_LAUNCHER:-./hubkit}
WORK=${WORK:-$(mktemp -d /tmp/hubkit-bench-tf.XXXXXX)}
mkdir -p "$WORK"
if [[ -n "${HUBKIT_BENCH_CP:-}" ]]; then
  CP="$HUBKIT_BENCH_CP"   # a ready class path (bench classes + converters + core + jackson + slf4j + jhdf)
else
  CP_FILE="$WORK/classpath.txt"
  ./mvnw -q -B -Dhubkit.target="$TARGET" -pl bench -am compile dependency:build-classpath \
    -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime >/dev/null
  CP="$(pwd)/bench/$TARGET/classes:$(pwd)/converters/$TARGET/classes:$(pwd)/core/$TARGET/classes:$(cat "$CP_FILE")"
fi
JAVA=(java -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" dev.hubkit.bench.tf.TfBench)
RESULTS="$WORK/results.tsv"
: > "$RESULTS"

measure() { # NAME CMD...: appends NAME, wall seconds, peak RSS KiB, minor page faults of one run (the report keeps the fastest)
  local name=$1; shift
  sync
  if ((PREFAULT_GB > 0)); then
    "${PREFAULT[@]}"
  fi
  /usr/bin/time -f "%e %M %R" -o "$WORK/time.txt" "$@" > "$WORK/$name.log" 2>&1 || { cat "$WORK/$name.log"; exit 1; }
  read -r secs kib faults < "$WORK/time.txt"
  printf '%s\t%s\t%s\t%s\n' "$name" "$secs" "$kib" "$faults" | tee -a "$RESULTS"
}

"$HUBKIT" --version > /dev/null   # builds the CLI jar and its class-data-sharing archive when missing (untimed)
"${JAVA[@]}" generate "$WORK/src.safetensors" "$SIZE_MB" >&2
BYTES=$(stat -c %s "$WORK/src.safetensors")
cat "$WORK/src.safetensors" > /dev/null
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for ((rep = 1; rep <= REPS; rep++)); do
  rm -f "$WORK/copy.safetensors"
  measure cp cp "$WORK/src.safetensors" "$WORK/copy.safetensors"
  rm -f "$WORK/copy.safetensors" "$WORK"/ckpt.*
  measure to-tf env HUBKIT_JAVA_OPTS="-Xmx256m" "$HUBKIT" convert "$WORK/src.safetensors" "$WORK/ckpt.ckpt" \
    --to tf-checkpoint --arch bert
  rm -f "$WORK/back.safetensors"
  measure to-pt env HUBKIT_JAVA_OPTS="-Xmx256m" "$HUBKIT" convert "$WORK/ckpt.ckpt" "$WORK/back.safetensors" --arch bert
  rm -f "$WORK/back.safetensors"
  if [[ "$STAGED" == 1 ]]; then # the same with kernels staged in memory instead of read from a memory map
    rm -f "$WORK"/ckpt.*
    measure to-tf-staged env HUBKIT_JAVA_OPTS="-Xmx256m -Dhubkit.transpose.mapped=false" "$HUBKIT" convert \
      "$WORK/src.safetensors" "$WORK/ckpt.ckpt" --to tf-checkpoint --arch bert
    measure to-pt-staged env HUBKIT_JAVA_OPTS="-Xmx256m -Dhubkit.transpose.mapped=false" "$HUBKIT" convert \
      "$WORK/ckpt.ckpt" "$WORK/back.safetensors" --arch bert
    rm -f "$WORK/back.safetensors"
  fi
done
# warm: the same conversions repeated in one JVM; lines "warm to-tf WALL_S CPU_S"
WARM_JAVA=("${JAVA[@]}")
if [[ "$WARM_AB" == 1 ]]; then
  WARM_JAVA=(java -Dtfbench.ab=true "${JAVA[@]:1}")
fi
"${WARM_JAVA[@]}" warm "$WORK/src.safetensors" "$WORK/warm" "$WARM_ROUNDS" | grep '^warm ' > "$WORK/warm.txt"
cat "$WORK/warm.txt" >&2
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

/usr/bin/python3 - "$RESULTS" "$BYTES" "${BENCHMARKS_MD:-BENCHMARKS.md}" "$(nproc)" "$LOAD_BEFORE" "$LOAD_AFTER" \
  "$(java -version 2>&1 | head -1)" "$REPS" "$WORK/warm.txt" "$WARM_ROUNDS" "$PREFAULT_GB" <<'PY'
import sys, datetime, statistics
results, nbytes, md, cores, load0, load1, jvm, reps, warmfile, wrounds, prefault = sys.argv[1:12]
nbytes = int(nbytes)
rows = {}   # name -> (fastest wall s, peak RSS KiB over all runs, minor page faults of the fastest run)
for line in open(results):
    name, secs, kib, faults = line.rstrip("\n").split("\t")
    secs, kib, faults = float(secs), int(kib), int(faults)
    old = rows.get(name)
    if old:
        rows[name] = (secs, max(kib, old[1]), faults) if secs < old[0] else (old[0], max(kib, old[1]), old[2])
    else:
        rows[name] = (secs, kib, faults)
cp = rows["cp"][0]
warm = {}   # name -> [(wall s, cpu s)] in round order
for line in open(warmfile):
    _, name, wall, cpu = line.split()
    warm.setdefault(name, []).append((float(wall), float(cpu)))
def steady(name):   # medians over the second half of the rounds (the first ones warm the JIT up)
    runs = warm[name][len(warm[name]) // 2:]
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
labels = [("cp", "`cp` of the safetensors file (page cache to page cache)"),
          ("to-tf", "hubkit PyTorch names -> TF checkpoint (transpose + CRC32C)"),
          ("to-pt", "hubkit TF checkpoint -> PyTorch names (CRC check + transpose)")]
if "to-tf-staged" in rows:
    labels += [("to-tf-staged", "same to TF, kernels staged in memory (`-Dhubkit.transpose.mapped=false`)"),
               ("to-pt-staged", "same to PyTorch, kernels staged in memory (`-Dhubkit.transpose.mapped=false`)")]
if "to-tf-ordered" in warm:
    labels.insert(2, ("to-tf-ordered", "same, bands written in order by one thread (`-Dhubkit.transpose.positionalWrites=false`, warm only)"))
if "to-pt-streamed" in warm:
    labels.append(("to-pt-streamed", "same, each kernel streamed in order through the writer thread (warm only)"))
out = ["<!-- tf:start -->", "## TensorFlow checkpoints", "",
       f"Measured {now} by `bench/run-tf.sh` on {cores} cores ({jvm}); load average before {load0}, after {load1}. "
       f"Input: a generated BERT-shaped F32 state dict of {nbytes / 1e9:.2f} GB (hidden 1024, almost all bytes in dense "
       "kernels, so nearly every byte is transposed), safetensors, page cache warm, no `sync` inside the timings; "
       f"hubkit runs with `-Xmx256m`. *Whole process*: `./hubkit convert SRC DST --arch bert` as a user runs it "
       "(the launcher, its class-data-sharing archive), "
       f"the fastest of {reps} interleaved rounds of a fresh JVM each "
       "(JVM start, class loading and JIT warm-up included; this is what `hubkit convert` costs and what the target "
       "is about); MB/s = input bytes / that wall time. *Warm*: one JVM repeats both conversions "
       f"{wrounds} times; the median of the second half of its rounds, wall and process CPU time (all threads) - "
       "the conversion alone at steady state. `vs cp` divides `cp`'s wall time by the run's. *Faults*: minor page "
       "faults of the fastest whole-process run (each is a page of memory the process touches for the first time, "
       "about 4-8 ms per MiB on this VM: most of the gap between a whole-process run and a warm one)." +
       (f" Before each timed run and warm round, after a `sync`, a child process touched every page of {prefault} GiB "
        "and exited (`PREFAULT_GB`): on this VM the host takes free memory back (free page reporting) and the first "
        "touch of such a page costs several ms per MiB in the kernel, `cp`'s included (`cp` of 2 GB: 1.09-1.31 s "
        "right after a prefault, 1.69-2.41 s without, 8 s at worst), so without it the runs measure which pages "
        "the host still backs; pages just freed are handed out again first." if int(prefault) > 0 else ""), "",
       "| run | whole process: wall s | MB/s | vs `cp` | peak RSS MB | faults | warm: wall s | vs `cp` | CPU s |",
       "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
for key, label in labels:
    secs, kib, faults = rows.get(key, (float("nan"), 0, 0))
    if key not in rows:
        ww, wc = steady(key)
        out.append(f"| {label} | | | | | | {ww:.2f} | {cp / ww:.2f} | {wc:.2f} |")
        continue
    if key in warm:
        ww, wc = steady(key)
        tail = f" {ww:.2f} | {cp / ww:.2f} | {wc:.2f} |"
    else:
        tail = " | | |"
    out.append(f"| {label} | {secs:.2f} | {nbytes / 1e6 / secs:.0f} | {cp / secs:.2f} | {kib / 1024:.0f} | {faults} |{tail}")
worst = min(cp / rows[k][0] for k in ("to-tf", "to-pt"))
rss = max(rows[k][1] for k in ("to-tf", "to-pt")) / 1024
out += ["", f"Targets: >= 0.60 of `cp` in the same run ({'met' if worst >= 0.6 else 'NOT met'}: slower direction "
        f"{worst:.2f}), peak RSS < 512 MB whatever the model size ({'met' if rss < 512 else 'NOT met'}: {rss:.0f} MB; "
        "a kernel of 4-64 MiB is read whole from a memory map of its file and unmapped when done, a larger one "
        "staged in memory a band of columns at a time). A kernel of 4-64 MiB stored little-endian is transposed "
        "straight from a memory map of its file, that is from the page cache: no copy into memory of the "
        "process and no fresh memory for it (a stored CRC32C is checked first over the map, in two halves by two "
        "threads); the map is unmapped as soon as the kernel is done, so resident memory does not grow with the "
        "file. The transpose gathers 16 source rows at a time into an L1 tile. With "
        "`-Dhubkit.transpose.mapped=false` (the *staged* rows) such a kernel is instead read into one of two "
        "reused stage buffers (32 MiB each, fresh memory in a new process) while the one before is transposed. "
        "To a TF checkpoint, the caller and the helper threads each take 1 MiB output bands, transpose "
        "them and sum them (CRC32C) while in cache, and hand them to one writer thread that writes each where "
        "it goes (`BackgroundWrites`): only one thread writes the file at a time, since a thread that finds "
        "ext4's per-file write lock taken spins on the CPU (perf: 14% of all samples in `rwsem_spin_on_owner` "
        "when every thread wrote its own bands), and nobody waits for a write, so the next kernel starts while "
        "the last bands of one are written. To safetensors the same without the sum (`TransposedData.writeTo`; "
        "a PyTorch zip entry gets its CRC-32 the same way). Where the CPU time goes (perf, whole process, to TF, "
        "2026-11-27 on the slower 2-core VM): the transpose loop and its bulk copies about 45% (its strided "
        "reads of the source from the page cache most of that), the kernel's copy into the page cache 7-50% "
        "(it varies with how fast this VM backs fresh page-cache pages), JIT compilation and the interpreter "
        "about 18%.",
        "<!-- tf:end -->"]
section = "\n".join(out)
try:
    text = open(md).read()
except FileNotFoundError:
    text = "# Benchmarks\n"
if "<!-- tf:start -->" in text:
    a = text.index("<!-- tf:start -->")
    b = text.index("<!-- tf:end -->") + len("<!-- tf:end -->")
    text = text[:a] + section + text[b:]
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(md, "w").write(text)
print(section)
PY
rm -rf "$WORK"
