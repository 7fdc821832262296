/**
 * Runner side of the feature benchmark: extractFeatures (decode + resize + crop + normalise +
 * ONNX ResNet-50) over DIR/images, no cache reuse, one JSON line with img/s and peak RSS.
 *
 *   node --import tsx scripts/bench/features/runner_bench.ts DIR THREADS BATCH OUT.npy [LIMIT]
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileImage } from '@transferboard/runner/datasets/files';
import { extractFeatures } from '@transferboard/runner/features/extract';

const [dir, threads, batch, out, limit] = process.argv.slice(2);
if (!dir || !threads || !batch || !out) throw new Error('usage: runner_bench.ts DIR THREADS BATCH OUT.npy [LIMIT]');
const root = join(dir, 'images');
const files = readdirSync(root)
  .filter((f) => f.endsWith('.jpg'))
  .sort()
  .slice(0, limit ? Number(limit) : undefined);
const images = files.map((f) => fileImage(root, join(root, f)));
const cacheDir = mkdtempSync(join(tmpdir(), 'tb-bench-cache-'));
try {
  const res = await extractFeatures({
    modelPath: join(dir, 'resnet50.onnx'),
    images,
    dataset: 'bench',
    batchSize: Number(batch),
    threads: Number(threads),
    cacheDir,
    out,
    chunkSize: 256,
    log: () => undefined,
  });
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({
      images: res.rows,
      seconds: res.seconds,
      imgPerSec: res.rows / res.seconds,
      maxRssMiB,
      featureOutput: res.model.featureOutput,
      dim: res.dim,
    }),
  );
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
