#!/bin/sh
# Feature-extraction benchmark: the runner (onnxruntime-node + sharp + worker decode) against
# PyTorch on the CPU (PIL + torchvision transforms, eval, no_grad), same ResNet-50 weights, same
# images, threads and batch size, side by side in one run; then the runner's peak RSS at N and 2N
# images (flat memory: streaming batches, chunked cache). Writes its record to scripts/bench/results/
# (scripts/bench/README.md).
#
#   sh scripts/bench/features/run.sh [N=256] [THREADS=2] [BATCH=16]
set -eu
# The record's load average and start: read before this run's own work raises the load.
LOAD=$(cat /proc/loadavg); STARTED=$(date -u +%FT%TZ)
N=${1:-256}
THREADS=${2:-2}
BATCH=${3:-16}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
WORK=$(mktemp -d /tmp/tb-bench-features-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$REPO"
echo "== preparing $((N * 2)) JPEGs and ResNet-50 (ONNX) in $WORK"
/usr/bin/python3 "$HERE/prepare.py" "$WORK" $((N * 2))
echo "== $N images, $THREADS threads, batch $BATCH ($(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
RUNNER=$(node --import tsx "$HERE/runner_bench.ts" "$WORK" "$THREADS" "$BATCH" "$WORK/runner.npy" "$N")
echo "runner : $RUNNER"
# PyTorch reads every image in the folder: give it the first N only.
mkdir -p "$WORK/pt/images" && ls "$WORK/images" | sort | head -n "$N" | while read -r f; do ln -s "$WORK/images/$f" "$WORK/pt/images/$f"; done
ln -s "$WORK/resnet50.pt" "$WORK/pt/resnet50.pt"
TORCH=$(/usr/bin/python3 "$HERE/pytorch_baseline.py" "$WORK/pt" "$THREADS" "$BATCH" "$WORK/torch.npy")
echo "pytorch: $TORCH"
RUNNER2=$(node --import tsx "$HERE/runner_bench.ts" "$WORK" "$THREADS" "$BATCH" "$WORK/runner2.npy" $((N * 2)))
echo "runner at 2N: $RUNNER2"
/usr/bin/python3 - "$WORK" "$RUNNER" "$TORCH" "$RUNNER2" "$THREADS" "$BATCH" <<'PY'
import json, sys
import numpy as np
work, r, t, r2 = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), json.loads(sys.argv[4])
a, b = np.load(f'{work}/runner.npy'), np.load(f'{work}/torch.npy')
cos = (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
print(f"throughput: runner {r['imgPerSec']:.2f} img/s, pytorch {t['imgPerSec']:.2f} img/s, ratio {r['imgPerSec'] / t['imgPerSec']:.2f}x")
print(f"features agree: max abs diff {np.abs(a - b).max():.2e}, min cosine {cos.min():.6f}")
print(f"peak RSS: runner {r['maxRssMiB']:.0f} MiB at {r['images']} images, {r2['maxRssMiB']:.0f} MiB at {r2['images']} images; pytorch {t['maxRssMiB']:.0f} MiB")
figures = {
    'threads': int(sys.argv[5]), 'batch': int(sys.argv[6]), 'runner': r, 'pytorch': t, 'runnerAt2N': r2,
    'runnerOverPytorch': r['imgPerSec'] / t['imgPerSec'],
    'agreement': {'maxAbsDiff': float(np.abs(a - b).max()), 'minCosine': float(cos.min())},
}
with open(f'{work}/figures.json', 'w') as f:
    json.dump(figures, f)
PY
node --import tsx scripts/bench/lib/record.ts features "$WORK/figures.json" --load "$LOAD" --started "$STARTED" \
  --command "sh scripts/bench/features/run.sh $N $THREADS $BATCH"
