import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { evaluate } from '../../evaluate/evaluate';
import { formatReport } from '../../evaluate/format';
import { list, nonNegativeInt, positiveInt, runAction } from '../run-action';
import { addModelOptions, extractOptions, type ModelFlags } from './features';

interface EvaluateFlags extends ModelFlags {
  data: string;
  suite: string;
  tasks?: string[];
  out?: string;
  json?: boolean;
  seed: number;
  episodes?: number;
  queries?: number;
  spatialOutputs?: string[];
}

export function registerEvaluate(program: Command, runnerVersion: string): void {
  addModelOptions(
    program
      .command('evaluate')
      .description(
        "run a suite's tasks on an ONNX backbone (linear, few-shot, detection and dense probes): features → protocol → metric, with provenance",
      ),
  )
    .requiredOption('--data <dir>', 'data root holding one folder per dataset slug')
    .option('--suite <slug>', 'suite to run', 'ssl-transfer-v1')
    .option('--tasks <slugs>', 'only these tasks of the suite (comma-separated)', list)
    .option('--out <results.json>', 'write the full report (results and provenance) as JSON')
    .option('--json', 'print the JSON report on stdout instead of the table')
    .option('--seed <n>', 'seed of the linear validation split and few-shot episodes (the paper: 0)', nonNegativeInt, 0)
    .option('--episodes <n>', 'few-shot episodes (protocol: 600; other values are recorded as overrides)', positiveInt)
    .option(
      '--queries <n>',
      'few-shot queries per class (protocol: 15; other values are recorded as overrides)',
      positiveInt,
    )
    .option(
      '--spatial-outputs <tensors>',
      'feature maps for the detection and dense probes, coarsest first (default: declared in the model, else found)',
      list,
    )
    .action((flags: EvaluateFlags) =>
      runAction(async () => {
        const base = extractOptions(flags);
        const fewShot = {
          ...(flags.episodes ? { episodes: flags.episodes } : {}),
          ...(flags.queries ? { queries: flags.queries } : {}),
        };
        const report = await evaluate({
          ...base,
          precision: flags.precision,
          cacheDir:
            base.cacheDir ?? (await import('node:fs')).mkdtempSync(`${(await import('node:os')).tmpdir()}/tb-eval-`),
          dataRoot: flags.data,
          suite: flags.suite,
          ...(flags.tasks ? { tasks: flags.tasks } : {}),
          ...(flags.spatialOutputs?.length ? { spatialOutputs: flags.spatialOutputs } : {}),
          seed: flags.seed,
          estimate: true,
          ...(Object.keys(fewShot).length ? { fewShot } : {}),
          runnerVersion,
        });
        if (flags.out) writeFileSync(flags.out, `${JSON.stringify(report, null, 2)}\n`);
        process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
        return report.results.some((t) => t.status === 'failed' || t.status === 'missing-data') ? 1 : 0;
      }),
    );
}
