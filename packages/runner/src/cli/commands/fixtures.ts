import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { writeAllFixtures } from '../../datasets/fixtures/write-all';
import { isDatasetSlug, type DatasetSlug } from '../../datasets/registry';
import { buildTinyBackbone } from '../../onnx/tiny-backbone';
import { list, nonNegativeInt, runAction, UsageError } from '../run-action';

/** `fixtures --out DIR`: small datasets in their real on-disk layouts plus a tiny backbone, for trying the runner end to end. */
export function registerFixtures(program: Command): void {
  program
    .command('fixtures')
    .description('write small fixture datasets (real on-disk layouts) and a tiny ONNX backbone (DIR/model.onnx)')
    .requiredOption('--out <dir>', 'folder to write DIR/<dataset>/ and DIR/model.onnx into')
    .option('--seed <n>', 'seed: the same seed writes byte-identical files', nonNegativeInt, 0)
    .option('--datasets <slugs>', 'only these datasets (comma-separated)', list)
    .action((opts: { out: string; seed: number; datasets?: string[] }) =>
      runAction(async () => {
        const only = opts.datasets?.map((d) => {
          if (!isDatasetSlug(d)) throw new UsageError(`--datasets: unknown dataset '${d}'`);
          return d as DatasetSlug;
        });
        mkdirSync(opts.out, { recursive: true });
        const dirs = await writeAllFixtures(opts.out, { seed: opts.seed, ...(only ? { only } : {}) });
        const model = join(opts.out, 'model.onnx');
        writeFileSync(model, buildTinyBackbone({ seed: opts.seed + 1, layout: 'resnet50' }));
        process.stdout.write(`wrote ${dirs.length} datasets and ${model}\n`);
      }),
    );
}
