import type { Command } from 'commander';
import { registry } from '@transferboard/suite/registry';
import { checkDataset, DATA_FOLDERS, isDataFolder } from '../../datasets/registry';
import type { CheckReport } from '../../datasets/types';
import { list, runAction, UsageError } from '../run-action';

/** Datasets a task reads: detection also needs VOC2012 beside VOC2007. */
function datasetsForTask(slug: string): string[] {
  const task = registry.task(slug);
  return task.category === 'detection' ? [task.dataset, 'voc2012'] : [task.dataset];
}

export function registerDatasets(program: Command): void {
  const datasets = program.command('datasets').description('inspect the data root');
  datasets
    .command('check')
    .description('report, per dataset, whether DATA/<slug>/ is present, missing or malformed, and how to fix it')
    .requiredOption('--data <dir>', 'data root holding one folder per dataset slug')
    .option('--tasks <slugs>', 'check the datasets these tasks need (comma-separated task slugs)', list)
    .option('--suite <slug>', "check the datasets a suite's tasks need (e.g. ssl-transfer-v1)")
    .option('--datasets <slugs>', 'check these dataset folders (comma-separated)', list)
    .option('--json', 'print the reports as JSON')
    .action((opts: { data: string; tasks?: string[]; suite?: string; datasets?: string[]; json?: boolean }) =>
      runAction(async () => {
        const wanted = requestedDatasets(opts);
        const slugs = wanted ?? [...DATA_FOLDERS];
        const reports: CheckReport[] = [];
        for (const slug of slugs) reports.push(await checkDataset(slug, opts.data));
        process.stdout.write(opts.json ? `${JSON.stringify(reports, null, 2)}\n` : formatReports(reports));
        // Missing data is only an error when it was asked for; broken data always is.
        const failed = reports.some((r) => r.status === 'malformed' || (wanted && r.status === 'missing'));
        return failed ? 1 : 0;
      }),
    );
}

function requestedDatasets(opts: { tasks?: string[]; suite?: string; datasets?: string[] }): string[] | null {
  if (!opts.tasks && !opts.suite && !opts.datasets) return null;
  const set = new Set<string>();
  for (const d of opts.datasets ?? []) {
    if (!isDataFolder(d)) throw new UsageError(`--datasets: unknown dataset '${d}'; known: ${DATA_FOLDERS.join(', ')}`);
    set.add(d);
  }
  const tasks = [...(opts.tasks ?? []), ...(opts.suite ? registry.suite(opts.suite).taskSlugs : [])];
  for (const t of tasks) for (const d of datasetsForTask(t)) set.add(d);
  return [...set].filter((d) => {
    if (isDataFolder(d)) return true;
    process.stderr.write(`note: dataset '${d}' has no reader in this runner version; skipped\n`);
    return false;
  });
}

function formatReports(reports: CheckReport[]): string {
  const width = Math.max(...reports.map((r) => r.dataset.length));
  const lines: string[] = [];
  for (const r of reports) {
    const mark = r.status === 'present' ? 'ok ' : r.status === 'missing' ? '-- ' : '!! ';
    const counts = r.counts
      ? Object.entries(r.counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')
      : '';
    lines.push(`${mark}${r.dataset.padEnd(width)}  ${r.status.padEnd(9)}${counts ? `  ${counts}` : ''}`);
    for (const issue of r.issues) {
      lines.push(`     ${issue.path}: ${issue.problem}`);
      lines.push(`       fix: ${issue.fix}`);
    }
  }
  const present = reports.filter((r) => r.status === 'present').length;
  lines.push(`${present}/${reports.length} present`);
  return `${lines.join('\n')}\n`;
}
