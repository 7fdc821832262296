#!/bin/bash
# Install onnxruntime's CUDA execution provider beside onnxruntime-node, so `--ep cuda|auto` works.
#
#   bash scripts/gpu/install-cuda-provider.sh [--source npm|official] [--tarball FILE.tgz] [--dir BINDING_DIR]
#
# --source npm (default): the official ONNX Runtime 1.29.0 provider build for CUDA 13 + cuDNN 9, as
#     shipped in the npm package com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9 (only the npm
#     registry needed; --tarball takes that package's .tgz carried in by hand for air-gapped hosts).
# --source official: onnxruntime-node's own install step (ONNXRUNTIME_NODE_INSTALL=cuda12): downloads
#     the CUDA 12 + cuDNN 9 build from nuget.org; needs internet and CUDA 12 libraries on the host.
# --dir: the folder holding onnxruntime_binding.node (default: the one this checkout resolves).
#
# The binding, libonnxruntime and the provider must be one release: onnxruntime-node is pinned to
# 1.29.0 (packages/runner/package.json), and this script refuses any other version. `npm ci`
# reinstalls onnxruntime-node and drops the provider: run this script again after it.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
ORT_VERSION=1.29.0
NPM_PKG=com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9
# sha256 of the two provider files inside $NPM_PKG (Plugins/Linux/x64), checked after extraction.
SHA_CUDA=56cf3254b118ad837ccc4ed8f6d1b23504bbf7ef91b34cbc0b289cb7f10b3037
SHA_SHARED=c6a12593396095f5670160e284c35d1700b7708cf3037b7042e2a5200ccae772
SOURCE=npm TARBALL= DIR=
while [ $# -gt 0 ]; do
  case "$1" in
    --source) SOURCE=$2; shift 2 ;;
    --tarball) TARBALL=$(realpath "$2"); shift 2 ;;
    --dir) DIR=$(realpath "$2"); shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "install-cuda-provider: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
die() { echo "install-cuda-provider: $*" >&2; exit 1; }
[ "$(uname -s)/$(uname -m)" = Linux/x86_64 ] || die "the CUDA provider build is for Linux x86_64 only (this is $(uname -s)/$(uname -m))"
if [ -z "$DIR" ]; then
  command -v node >/dev/null || die "node is not on PATH; pass --dir BINDING_DIR"
  MAIN=$(cd "$REPO/packages/runner" && node -p "require.resolve('onnxruntime-node')") || die "onnxruntime-node is not installed: run npm ci first"
  DIR=$(cd "$(dirname "$MAIN")/../bin/napi-v6/linux/x64" && pwd)
fi
[ -f "$DIR/onnxruntime_binding.node" ] || die "$DIR has no onnxruntime_binding.node; pass --dir pointing at onnxruntime-node/bin/napi-v6/linux/x64"
PKG_JSON=$(cd "$DIR/../../../.." && pwd)/package.json
HAVE=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$PKG_JSON" | head -1)
[ "$HAVE" = "$ORT_VERSION" ] || die "onnxruntime-node is $HAVE at $PKG_JSON; the provider must match it and this script carries $ORT_VERSION (packages/runner/package.json pins it)"

case "$SOURCE" in
  official)
    # onnxruntime-node's script/install.js reads this variable (see its README, "CUDA EP Installation").
    (cd "$(dirname "$PKG_JSON")" && ONNXRUNTIME_NODE_INSTALL=cuda12 node script/install.js) || die "onnxruntime-node's own installer failed (it needs nuget.org); use --source npm"
    ;;
  npm)
    T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
    if [ -z "$TARBALL" ]; then
      command -v npm >/dev/null || die "npm is not on PATH; bring the package with --tarball FILE.tgz (npm pack $NPM_PKG on a machine with npm)"
      echo "fetching $NPM_PKG from the npm registry (≈230 MB)…"
      (cd "$T" && npm pack -q "$NPM_PKG" >/dev/null) || die "npm pack $NPM_PKG failed; bring its .tgz with --tarball"
      TARBALL=$(ls "$T"/*.tgz)
    fi
    tar xzf "$TARBALL" -C "$T" package/Plugins/Linux/x64/libonnxruntime_providers_cuda.so package/Plugins/Linux/x64/libonnxruntime_providers_shared.so \
      || die "$TARBALL does not hold Plugins/Linux/x64/libonnxruntime_providers_{cuda,shared}.so; is it $NPM_PKG?"
    G=$T/package/Plugins/Linux/x64
    echo "$SHA_CUDA  $G/libonnxruntime_providers_cuda.so" | sha256sum -c --quiet - || die "libonnxruntime_providers_cuda.so in $TARBALL is not the ORT $ORT_VERSION build this script expects"
    echo "$SHA_SHARED  $G/libonnxruntime_providers_shared.so" | sha256sum -c --quiet - || die "libonnxruntime_providers_shared.so in $TARBALL is not the expected build"
    install -m 0644 "$G/libonnxruntime_providers_cuda.so" "$G/libonnxruntime_providers_shared.so" "$DIR/"
    ;;
  *) die "--source must be npm or official (got '$SOURCE')" ;;
esac
echo "installed in $DIR:"; ls -la "$DIR"/libonnxruntime_providers_*.so

# What the dynamic loader still cannot find: the CUDA 13 / cuDNN 9 libraries (from the CUDA toolkit,
# the NVIDIA apt repository, or the nvidia-* pip wheels inside a PyTorch installation).
MISSING=$(ldd "$DIR/libonnxruntime_providers_cuda.so" | awk '/not found/ {print $1}' | sort -u | paste -sd' ' || true)
if [ -n "$MISSING" ]; then
  FOUND=$(for l in $MISSING; do find /opt /usr/local /usr/lib /root/.local "$HOME/.local" -xdev -name "$l" -not -path '*/stubs/*' 2>/dev/null | head -1; done | xargs -r -n1 dirname | awk '!s[$0]++' | paste -sd:)
  echo "the provider still needs: $MISSING"
  if [ -n "$FOUND" ]; then echo "found on this host; before running the runner:  export LD_LIBRARY_PATH=$FOUND\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
  else echo "not on this host: install CUDA 13 (cuBLAS, cuRAND, cuFFT, runtime) and cuDNN 9 for CUDA 13 (docs/gpu.md)"; fi
else
  echo "all CUDA libraries resolve; check with: npx transferboard-runner features --ep cuda … (or --ep auto, which says which provider it took and why)"
fi
