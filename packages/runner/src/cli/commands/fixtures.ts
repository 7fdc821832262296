import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { writeAllFixtures } from '../../datasets/fixtures/write-all';
import { isDataFolder } from '../../datasets/registry';
import { buildTinyBackbone } from '@transferboard/onnx-intake/tiny-backbone';
import { buildTinyConvNext, buildTinyVit } from '@transferboard/onnx-intake/tiny-families';
import { list, nonNegativeInt, runAction, UsageError } from '../run-action';
import { completeFixturesForSuite } from '../suite-fixtures';

/**
 * `fixtures --out DIR`: small datasets in their real on-disk layouts plus tiny backbones, for
 * trying the runner end to end; by default large enough for every task of ssl-transfer-v1 to run
 * with its real protocol parameters (see suite-fixtures.ts). The backbones cover the families
 * submitted today: DIR/model.onnx is ResNet-shaped, DIR/vit.onnx a ViT with a class token and
 * 4 register tokens, DIR/convnext.onnx a ConvNeXt with its LayerNorm after the pooling.
 */
const FIXTURE_BACKBONES = {
  resnet: (seed: number) => buildTinyBackbone({ seed, layout: 'resnet50' }),
  vit: (seed: number) => buildTinyVit({ seed, registers: 4 }),
  convnext: (seed: number) => buildTinyConvNext({ seed }),
} as const;
const FILES: Record<keyof typeof FIXTURE_BACKBONES, string> = {
  resnet: 'model.onnx',
  vit: 'vit.onnx',
  convnext: 'convnext.onnx',
};

export function registerFixtures(program: Command): void {
  program
    .command('fixtures')
    .description(
      'write small fixture datasets (real on-disk layouts) and tiny ONNX backbones (DIR/model.onnx ResNet-shaped, DIR/vit.onnx, DIR/convnext.onnx)',
    )
    .requiredOption('--out <dir>', 'folder to write DIR/<dataset>/ and DIR/model.onnx into')
    .option('--seed <n>', 'seed: the same seed writes byte-identical files', nonNegativeInt, 0)
    .option('--datasets <slugs>', 'only these datasets (comma-separated)', list)
    .option(
      '--compact',
      'the reader-test sizes only: fewer images, too few for the 50-shot tasks and not every CIFAR/VOC class (faster to write and evaluate)',
    )
    .action((opts: { out: string; seed: number; datasets?: string[]; compact?: boolean }) =>
      runAction(async () => {
        const only = opts.datasets?.map((d) => {
          if (!isDataFolder(d)) throw new UsageError(`--datasets: unknown dataset '${d}'`);
          return d;
        });
        mkdirSync(opts.out, { recursive: true });
        const dirs = await writeAllFixtures(opts.out, { seed: opts.seed, ...(only ? { only } : {}) });
        if (!opts.compact) await completeFixturesForSuite(opts.out, opts.seed, only);
        const models = Object.entries(FIXTURE_BACKBONES).map(([family, build]) => {
          const path = join(opts.out, FILES[family as keyof typeof FIXTURE_BACKBONES]);
          writeFileSync(path, build(opts.seed + 1));
          return path;
        });
        process.stdout.write(`wrote ${dirs.length} datasets and ${models.join(', ')}\n`);
      }),
    );
}
