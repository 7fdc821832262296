import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerDatasets } from './commands/datasets';
import { registerEvaluate } from './commands/evaluate';
import { registerFeatures } from './commands/features';
import { registerFixtures } from './commands/fixtures';
import { registerInspect } from './commands/inspect';
import { registerProbe } from './commands/probe';
import { registerWork } from './commands/work';

export function runnerVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(): Command {
  const program = new Command('transferboard-runner')
    .description('Transferboard evaluation runner: frozen-backbone transfer evaluation of ONNX image models')
    .version(runnerVersion())
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });
  registerFixtures(program);
  registerDatasets(program);
  registerInspect(program);
  registerFeatures(program);
  registerProbe(program);
  registerEvaluate(program, runnerVersion());
  registerWork(program, runnerVersion());
  return program;
}

// Run only as the entry point (bin/transferboard-runner.mjs imports this file), not when a test imports it.
const entry = process.argv[1] ?? '';
if (/transferboard-runner(\.mjs)?$|cli[\\/]main\.ts$/.test(entry)) {
  await buildProgram().parseAsync(process.argv);
}
