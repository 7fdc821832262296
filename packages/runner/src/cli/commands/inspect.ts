import type { Command } from 'commander';
import { inspectModel } from '@transferboard/onnx-intake/inspect';
import { formatShape } from '@transferboard/onnx-intake/image-input';
import { list, runAction } from '../run-action';

/** `inspect --model M.onnx`: validate a model and show which tensors the runner will read. */
export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description('validate an ONNX backbone and print its input, feature tensors, declarations and cost (JSON)')
    .requiredOption('--model <file.onnx>', 'ONNX model to check')
    .option('--feature-output <tensor>', 'tensor to use as pooled features instead of searching')
    .option('--spatial-outputs <tensors>', 'tensors to use as spatial maps (comma-separated)', list)
    .option('--tensors', 'also list every tensor the graph computes, with its shape (N: the batch)')
    .action((opts: { model: string; featureOutput?: string; spatialOutputs?: string[]; tensors?: boolean }) =>
      runAction(async () => {
        const { info } = await inspectModel(opts.model, {
          ...(opts.featureOutput ? { featureOutput: opts.featureOutput } : {}),
          ...(opts.spatialOutputs ? { spatialOutputs: opts.spatialOutputs } : {}),
        });
        const { tensors, ...rest } = info;
        const summary = {
          ...rest,
          input: { ...info.input, shape: formatShape(info.input.shape) },
          ...(opts.tensors ? { tensors } : {}),
        };
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      }),
    );
}
