#!/usr/bin/env bash
# Checks hubkit's CUDA paths on a machine with an NVIDIA GPU: how `hubkit run` finds the device, what
# `--explain` says, that `--device cuda` fails with one clear line (exit 1) when the engine on the class
# path cannot use the GPU, that CUDA_VISIBLE_DEVICES hides devices, and that a PYTORCH_LIBRARY_PATH
# libtorch of another release is refused before DJL's JNI library can crash the JVM on it. With the ONNX
# Runtime GPU build on the class path it checks, by what the engine reports, either that the model runs on
# cuda:0 with the CPU's embedding (within 1e-4), or that a CUDA provider that cannot start (CUDA libraries
# of another major version, provider library missing) falls back to the CPU with the reason and makes
# `--device cuda` exit 1.
#
#   JAVA=/path/to/java JAR=cli/target/hubkit.jar [TORCH_LIB=.../site-packages/torch/lib] scripts/cuda-check.sh
#
# TORCH_LIB defaults to the lib folder of the python3 torch, when there is one. Models: the tiny BERTs in
# the repository (quickstart's, and runtime's test one with its TorchScript export). Prints one
# PASS/FAIL/SKIP line per check and exits 1 when any check failed. Not part of the tests or CI (they
# have no GPU); on a machine without a GPU the detection checks fail, as they should.
set -uo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA:-java}"
JAR="${JAR:-cli/target/hubkit.jar}"
ONNX_MODEL=cli/src/main/resources/dev/hubkit/cli/quickstart/tiny-bert
TORCH_MODEL=runtime/src/test/resources/tiny-bert
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0

hubkit() { # hubkit ARGS... < stdin; stdout/stderr/rc in $work
  "$JAVA" -XX:ErrorFile="$work/hs_err.log" -jar "$JAR" "$@" >"$work/out" 2>"$work/err"
  echo $? >"$work/rc"
}
check() { # check NAME EXPECTED_RC PATTERN...: every pattern must occur in stdout+stderr
  local name="$1" want="$2" rc
  shift 2
  rc="$(cat "$work/rc")"
  local why=""
  [[ "$rc" == "$want" ]] || why="exit $rc, wanted $want"
  for p in "$@"; do
    grep -qF -- "$p" "$work/out" "$work/err" || why="${why:+$why; }missing: $p"
  done
  [[ -e "$work/hs_err.log" ]] && why="${why:+$why; }the JVM crashed ($work/hs_err.log)"
  if [[ -z "$why" ]]; then echo "PASS $name"; else echo "FAIL $name: $why"; failed=1; fi
  sed 's/^/    | /' "$work/err" | cut -c1-400
  grep -v '^{' "$work/out" | sed 's/^/    | /' | cut -c1-400
  rm -f "$work/hs_err.log"
}

echo "== machine"
nvidia-smi -L 2>&1 | sed 's/^/    /'
ls /proc/driver/nvidia/gpus 2>&1 | sed 's/^/    \/proc\/driver\/nvidia\/gpus: /'
"$JAVA" -version 2>&1 | head -1 | sed 's/^/    /'

echo "hello world" | hubkit run feature-extraction -m "$ONNX_MODEL" --device cpu
cpu_embedding="$(grep '^{"embedding":' "$work/out")"
echo "hello world" | hubkit run feature-extraction -m "$ONNX_MODEL" --explain
if grep -q 'execution providers \[.*CUDA' "$work/err" "$work/out"; then
  if grep -q ' on cuda:0' "$work/err" "$work/out"; then
    echo "== ONNX Runtime GPU build, --device auto: runs on CUDA, same embedding as the CPU"
    check onnx-gpu-auto 0 "on cuda:0" "CUDA execution provider on device 0"
    python3 - "$cpu_embedding" "$(grep '^{"embedding":' "$work/out")" <<'PY' || failed=1
import json, sys
a, b = (json.loads(x)["embedding"] for x in sys.argv[1:3])
d = max(abs(x - y) for x, y in zip(a, b))
print(("PASS" if len(a) == len(b) and d < 1e-4 else "FAIL") + f" onnx-gpu-matches-cpu: max |cuda - cpu| = {d:.2e}")
sys.exit(0 if len(a) == len(b) and d < 1e-4 else 1)
PY
    echo "hello world" | hubkit run feature-extraction -m "$ONNX_MODEL" --device cuda --explain
    check onnx-gpu-cuda 0 "on cuda:0"
  else
    echo "== ONNX Runtime GPU build whose CUDA provider cannot start here, --device auto: CPU, and says why"
    check onnx-gpu-auto-fallback 0 "on cpu" "the CUDA execution provider failed to start"
    echo "== ... --device cuda: exit 1 with one line naming the cause"
    echo "hello world" | hubkit run feature-extraction -m "$ONNX_MODEL" --device cuda
    check onnx-gpu-cuda-refused 1 "hubkit: " "--device cuda asked for" "failed to start"
    [[ "$(wc -l <"$work/err")" == 1 ]] || { echo "FAIL onnx-gpu-cuda-refused: stderr is not one line"; failed=1; }
  fi
else
  echo "== ONNX Runtime CPU build, --device auto: runs on the CPU and says why"
  check onnx-auto 0 "on cpu" "a CUDA device is present" "onnxruntime_gpu"
  grep -q '^{"embedding":\[' "$work/out" || { echo "FAIL onnx-auto: no embedding printed"; failed=1; }
  echo "== ONNX Runtime CPU build, --device cuda: exit 1 with one line naming what is missing"
  echo "hello world" | hubkit run feature-extraction -m "$ONNX_MODEL" --device cuda
  check onnx-cuda-refused 1 "hubkit: " "--device cuda asked for" "onnxruntime_gpu"
  [[ "$(wc -l <"$work/err")" == 1 ]] || { echo "FAIL onnx-cuda-refused: stderr is not one line"; failed=1; }
fi

echo "== CUDA_VISIBLE_DEVICES=-1 hides the GPU"
echo "hello world" | CUDA_VISIBLE_DEVICES=-1 hubkit run feature-extraction -m "$ONNX_MODEL" --explain
check cuda-hidden 0 "0 visible (CUDA_VISIBLE_DEVICES=-1)"

echo "== PyTorch with PYTORCH_LIBRARY_PATH at a libtorch of another release: refused, no JVM crash"
TORCH_LIB="${TORCH_LIB:-$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))' 2>/dev/null)}"
if [[ -n "$TORCH_LIB" && -d "$TORCH_LIB" ]]; then
  echo "    libtorch: $TORCH_LIB ($(python3 -c 'import torch; print(torch.__version__, "cuda", torch.version.cuda)' 2>/dev/null))"
  echo "hello world" | PYTORCH_LIBRARY_PATH="$TORCH_LIB" hubkit run feature-extraction -m "$TORCH_MODEL" --backend pytorch --explain
  check torch-other-release-refused 1 "hubkit: " "PYTORCH_LIBRARY_PATH"
else
  echo "SKIP torch-other-release-refused: no python3 torch here (set TORCH_LIB)"
fi

echo "== quickstart"
hubkit quickstart
check quickstart 0
exit "$failed"
