import type { EvaluationReport } from './report';

/** The results table printed after an evaluation. */
export function formatReport(r: EvaluationReport): string {
  const rows = r.results.map((t) => [
    t.task,
    t.status,
    t.value === null ? '—' : `${t.value.toFixed(2)}${t.ci95 !== null ? ` ± ${t.ci95.toFixed(2)}` : ''}`,
    t.metric,
    `${(t.seconds.features + t.seconds.probe).toFixed(1)}s`,
  ]);
  const header = ['task', 'status', 'value', 'metric', 'time'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [
    `model ${r.model.file} (sha256 ${r.model.sha256.slice(0, 12)}…), suite ${r.suite.slug} v${r.suite.version}`,
    `runner ${r.runner.version}, onnxruntime ${r.runner.onnxruntime}, ${device(r)}, batch ${r.runner.batchSize}, ${r.runner.precision.used}, ${r.runner.cores} × ${r.runner.cpu}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ];
  const notes = r.results.filter((t) => t.message);
  if (notes.length) out.push('', ...notes.map((t) => `${t.task}: ${t.message}`));
  if (r.protocolOverrides)
    out.push('', `protocol overrides (results not comparable with the paper): ${JSON.stringify(r.protocolOverrides)}`);
  const ok = r.results.filter((t) => t.status === 'ok').length;
  out.push('', `${ok}/${r.results.length} tasks evaluated in ${r.seconds.toFixed(1)}s`);
  return `${out.join('\n')}\n`;
}

function device(r: EvaluationReport): string {
  const { executionProvider, gpu, driver } = r.runner;
  return gpu ? `${executionProvider} on ${gpu} (driver ${driver ?? 'unknown'})` : executionProvider;
}
