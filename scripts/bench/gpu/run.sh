#!/bin/bash
# GPU benchmark, one shot: the runner (onnxruntime-node + CUDA provider, its feature pipeline) against
# PyTorch on the same GPU, same images, same batch, in one run. Runs where there is no Node.js and no
# network: everything comes from the carry folder built by build-carry.sh.
#
#   bash scripts/bench/gpu/run.sh [CARRY=.cache/gpu/carry]
# Environment: EPS=cuda|cpu (default cuda), N JPEGs (1024), REPEAT reads of each (4), BATCH (0: the
# runner's chooseBatchSize for the device), ITERS (30), DECODERS (nproc), PYTHON (a python3 with torch),
# OUT (results folder; default $WORK/out), WORK (/tmp/tb-gpu-bench).
# The run's record (scripts/bench/README.md) lands in OUT as gpu-<time>.json: copy it into scripts/bench/results/.
set -uo pipefail
LOAD=$(cat /proc/loadavg); STARTED=$(date -u +%FT%TZ)
REPO=$(cd "$(dirname "$0")/../../.." && pwd); HERE=$REPO/scripts/bench/gpu
C=$(realpath -m "${1:-$REPO/.cache/gpu/carry}")
W=${WORK:-/tmp/tb-gpu-bench}; O=${OUT:-$W/out}; mkdir -p "$W" "$O"
EPS=${EPS:-cuda}; N=${N:-1024}; REPEAT=${REPEAT:-4}; BATCH=${BATCH:-0}; ITERS=${ITERS:-30}; DECODERS=${DECODERS:-$(nproc)}
exec > >(tee "$O/run.log") 2>&1
t0=$(date +%s)
[ -f "$C/bundle/node.xz" ] || { echo "no carry at $C: run scripts/bench/gpu/build-carry.sh first (on a machine with npm)"; exit 1; }
PY=${PYTHON:-}
if [ -z "$PY" ]; then for p in python3 /usr/bin/python3; do "$p" -c 'import torch, torchvision' 2>/dev/null && { PY=$p; break; }; done; fi
[ -n "$PY" ] || { echo "no python3 with torch and torchvision: set PYTHON"; exit 1; }
unxz() { if command -v xz >/dev/null; then xz -dc "$1"; else "$PY" -c 'import lzma,sys,shutil; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$1"; fi; }

echo "== unpack ($C)"
unxz "$C/bundle/node.xz" > "$W/node" && chmod +x "$W/node"
rm -rf "$W/node_modules" "$W/app" && cp -r "$C/bundle/nm" "$W/node_modules" && cp -r "$C/app" "$W/app"
X=$W/node_modules/onnxruntime-node/bin/napi-v6/linux/x64
for f in "$X"/*.xz; do unxz "$f" > "${f%.xz}" && rm "$f"; done
unxz "$C/nm.tar.xz" | tar -C "$W" -xf -
echo "node $("$W/node" --version), $(nproc) cores, unpacked in $(( $(date +%s) - t0 )) s"

if [ "$EPS" = cuda ]; then
  echo "== GPU and CUDA libraries"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | head -2
  # Where CUDA toolkits, NVIDIA apt packages and PyTorch's nvidia-* wheels put them (as gpu-check.sh searches).
  LIBDIRS=$(find /opt /usr/local /usr/lib /root/.local -xdev \( -name 'libcublasLt.so.13' -o -name 'libcudart.so.13' -o -name 'libcurand.so.10' -o -name 'libcudnn.so.9' -o -name 'libcufft.so.12' \) -not -path '*/stubs/*' 2>/dev/null | xargs -r -n1 dirname | awk '!s[$0]++' | paste -sd:)
  export LD_LIBRARY_PATH=$LIBDIRS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
  ldd "$X/libonnxruntime_providers_cuda.so" | grep 'not found' || echo "provider dependencies: all found"
  DEVICE=cuda
else
  DEVICE=cpu
fi

echo "== inputs: $N JPEGs + ResNet-50 (random weights)"
[ -f "$W/data/resnet50.onnx" ] && [ "$(ls "$W/data/images" | wc -l)" -eq "$N" ] || { rm -rf "$W/data"; timeout 300 "$PY" "$HERE/prepare.py" "$W/data" "$N"; }

echo "== runner (ep $EPS, batch ${BATCH/#0/auto}, $DECODERS decoders, each image read $REPEAT times)"
timeout 400 "$W/node" "$W/app/bench.mjs" "$W/data" "$EPS" "$BATCH" "$ITERS" "$DECODERS" "$REPEAT" | tee "$O/runner.jsonl"
# Same thread decoding with libuv's pool as large as the worker count (sharp runs on that pool).
BENCH_ONLY=decode-threads UV_THREADPOOL_SIZE=$DECODERS timeout 200 "$W/node" "$W/app/bench.mjs" "$W/data" "$EPS" "$BATCH" "$ITERS" "$DECODERS" "$REPEAT" | tee -a "$O/runner.jsonl"
B=$("$PY" -c 'import json,sys; print(next(json.loads(l)["batch"] for l in open(sys.argv[1]) if "\"provider\"" in l))' "$O/runner.jsonl" 2>/dev/null || echo 32)

echo "== PyTorch ($DEVICE, batch $B)"
timeout 400 "$PY" "$HERE/torch_bench.py" "$W/data" "$DEVICE" "$B" "$ITERS" "$DECODERS" "$REPEAT" | tee "$O/torch.jsonl"

echo "== summary"
"$PY" "$HERE/summarize.py" "$O/runner.jsonl" "$O/torch.jsonl" | tee "$O/summary.md"
# The record: every JSON line of both sides, as they were printed.
"$PY" -c 'import json,sys; rows=lambda p: [json.loads(l) for l in open(p) if l.startswith("{")]
json.dump({"eps": sys.argv[3], "runner": rows(sys.argv[1]), "torch": rows(sys.argv[2])}, open(sys.argv[4], "w"))' \
  "$O/runner.jsonl" "$O/torch.jsonl" "$EPS" "$W/figures.json" \
  && RECORD_DIR=$O TB_COMMIT=$(cat "$C/commit" 2>/dev/null || echo unknown) \
    "$W/node" "$W/app/record.mjs" gpu "$W/figures.json" --load "$LOAD" --started "$STARTED" \
    --command "EPS=$EPS N=$N REPEAT=$REPEAT BATCH=$BATCH bash scripts/bench/gpu/run.sh"
echo "== done in $(( $(date +%s) - t0 )) s; results in $O"
