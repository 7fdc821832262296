#!/bin/bash
# Build what the GPU machine needs (it has no Node.js and no network), ≤ 64 MiB, into an ignored folder:
#   CARRY/bundle   Node 20 + onnxruntime-node 1.29.0 + the ORT 1.29.0 CUDA 13 provider (/work/shared/gpu/make-bundle.sh)
#   CARRY/app      the benchmark and the runner code it uses, bundled by esbuild (bench.mjs + the two decoder entries),
#                  and record.mjs (scripts/bench/lib/record.ts: the run's record); CARRY/commit names the commit
#   CARRY/nm.tar.xz  the native/CJS packages left outside the bundle: sharp (+ libvips), onnx-proto (bundled with protobufjs)
#
#   bash scripts/bench/gpu/build-carry.sh [CARRY=.cache/gpu/carry] [BUNDLE=.cache/gpu/bundle]
# Needs: npm registry access (first time, for the bundle), xz, zstd, c++filt, python3.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../../.." && pwd)
CARRY=$(realpath -m "${1:-$REPO/.cache/gpu/carry}")
BUNDLE=$(realpath -m "${2:-$REPO/.cache/gpu/bundle}")
MAKE_BUNDLE=${MAKE_BUNDLE:-/work/shared/gpu/make-bundle.sh}
cd "$REPO"
if [ ! -f "$BUNDLE/node.xz" ]; then
  echo "== building the Node + onnxruntime + CUDA provider bundle ($MAKE_BUNDLE)"
  bash "$MAKE_BUNDLE" "$BUNDLE"
fi
rm -rf "$CARRY"; mkdir -p "$CARRY/app"
# The bundle's Vulkan loader and its own check scripts are not needed here.
mkdir -p "$CARRY/bundle" && cp -r "$BUNDLE/node.xz" "$BUNDLE/nm" "$CARRY/bundle/"

echo "== esbuild: benchmark + runner code"
ESB=node_modules/.bin/esbuild
# A require shim: bundled CommonJS dependencies (cli-progress) call require() inside an ES module.
BANNER="import { createRequire as __tbCreateRequire } from 'node:module'; const require = __tbCreateRequire(import.meta.url);"
COMMON=(--bundle --platform=node --format=esm --target=node20 --log-level=warning --external:onnxruntime-node --external:sharp --external:onnx-proto "--banner:js=$BANNER")
$ESB scripts/bench/gpu/runner_gpu_bench.ts "${COMMON[@]}" --outfile="$CARRY/app/bench.mjs"
# The decoder pools start these by file name next to the calling module (new URL('./x.mjs', import.meta.url)).
$ESB packages/runner/src/images/decode-worker.ts "${COMMON[@]}" --outfile="$CARRY/app/decode-worker.mjs"
$ESB packages/runner/src/gpu/process-decode-child.ts "${COMMON[@]}" --outfile="$CARRY/app/process-decode-child.mjs"
$ESB scripts/bench/lib/record.ts "${COMMON[@]}" --outfile="$CARRY/app/record.mjs"
# The device has no git checkout: the record takes the commit from here ("-dirty": uncommitted changes).
DIRTY=$(git status --porcelain -- . ':!scripts/bench/results' ':!*.md' | grep -q . && echo -dirty || true)
echo "$(git rev-parse HEAD)$DIRTY" > "$CARRY/commit"

echo "== native packages"
NM=$(mktemp -d); trap 'rm -rf "$NM"' EXIT
mkdir -p "$NM/node_modules/@img" "$NM/node_modules/onnx-proto/dist"
cp -r node_modules/sharp node_modules/detect-libc node_modules/semver "$NM/node_modules/"
cp -r node_modules/@img/sharp-linux-x64 node_modules/@img/sharp-libvips-linux-x64 node_modules/@img/colour "$NM/node_modules/@img/"
rm -rf "$NM/node_modules/sharp/src" "$NM/node_modules/@img/sharp-libvips-linux-x64/include"
cp node_modules/onnx-proto/package.json "$NM/node_modules/onnx-proto/"
$ESB node_modules/onnx-proto/dist/onnx.js --bundle --platform=node --format=cjs --log-level=warning --outfile="$NM/node_modules/onnx-proto/dist/onnx.js"
tar -C "$NM" -cf - node_modules | xz -T0 -6 > "$CARRY/nm.tar.xz"
du -sh "$CARRY"/*; du -sh "$CARRY"
SIZE=$(du -sm "$CARRY" | cut -f1)
[ "$SIZE" -le 63 ] || { echo "carry is $SIZE MiB: over the 64 MiB a device run takes" >&2; exit 1; }
echo "carry ready: $CARRY (run.sh unpacks it on the device)"
