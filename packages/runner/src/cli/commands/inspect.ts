import type { Command } from 'commander';
import { inspectModel } from '@transferboard/onnx-intake/inspect';
import { formatShape } from '@transferboard/onnx-intake/image-input';
import { list, runAction } from '../run-action';

/** `inspect --model M.onnx`: validate a model and show which tensors the runner will read. */
export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description('validate an ONNX backbone and print its input, pooled feature tensor and spatial maps (JSON)')
    .requiredOption('--model <file.onnx>', 'ONNX model to check')
    .option('--feature-output <tensor>', 'tensor to use as pooled features instead of searching')
    .option('--spatial-outputs <tensors>', 'tensors to use as spatial maps (comma-separated)', list)
    .action((opts: { model: string; featureOutput?: string; spatialOutputs?: string[] }) =>
      runAction(async () => {
        const { info } = await inspectModel(opts.model, {
          ...(opts.featureOutput ? { featureOutput: opts.featureOutput } : {}),
          ...(opts.spatialOutputs ? { spatialOutputs: opts.spatialOutputs } : {}),
        });
        const summary = { ...info, input: { ...info.input, shape: formatShape(info.input.shape) } };
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      }),
    );
}
