import { describe, expect, it } from 'vitest';
import { groupMetric, groupProtocol } from './analysis-groups';
import { poolOn, poolOnReference, settingValues, type Observation } from './analysis';
import { loadPaperResults } from './paper-results';
import { paperFigure1 } from './paper-figure1';
import { registry } from './registry';
import { pearson, spearman } from './statistics';

const paperObservations: Observation[] = loadPaperResults().map((r) => {
  const p = registry.task(r.task).paperProtocol;
  return { row: r.model, task: r.task, value: r.value, protocolId: p.id, protocolVersion: p.version };
});
/** ImageNet top-1 per model slug, logit-transformed, as figure 1's x. */
const x = new Map([...paperFigure1('linear').points].map(([slug, [px]]) => [slug, px]));

function groupCorrelation(suite: string, slug: string, observations: Observation[]) {
  const group = registry.analysisGroup(suite, slug);
  const tasks = group.taskSlugs.map((s) => registry.task(s));
  const metricObs = observations.filter((o) => {
    const task = tasks.find((t) => t.slug === o.task);
    return task && (o as Observation & { metric?: string }).metric === groupMetric(group, task);
  });
  const { values, protocols } = settingValues(
    tasks,
    metricObs,
    (t) => groupMetric(group, t),
    poolOn(groupProtocol(tasks)),
  );
  const rows = [...values.keys()].sort();
  const xs = rows.map((r) => x.get(r)!);
  const ys = rows.map((r) => values.get(r)!);
  return { values, protocols, pearson: pearson(xs, ys), spearman: spearman(xs, ys), n: rows.length };
}

const withMetric: (Observation & { metric: string })[] = loadPaperResults().map((r, i) => ({
  ...paperObservations[i]!,
  metric: r.metric,
}));

describe("analysis groups pool one protocol and reproduce the paper's figure-1 settings", () => {
  for (const suite of ['ssl-transfer-v1', 'ssl-transfer-cvpr']) {
    for (const group of registry.suite(suite).analysisGroups) {
      it(`${suite} ${group.slug}`, () => {
        const got = groupCorrelation(suite, group.slug, withMetric);
        const paper = paperFigure1(group.slug);
        expect(got.n).toBe(14);
        for (const [slug, [, y]] of paper.points) expect(got.values.get(slug)).toBeCloseTo(y, 12);
        expect(got.pearson).toBeCloseTo(paper.pearson, 12);
        expect(got.spearman).toBeCloseTo(paper.spearman, 12);
      });
    }
  }

  it('gives the two detection settings the paper keeps apart (0.79 frozen, 0.33 fine-tuned)', () => {
    expect(paperFigure1('detection-frozen').pearson.toFixed(2)).toBe('0.79');
    expect(paperFigure1('detection-finetune').pearson.toFixed(2)).toBe('0.33');
  });

  it("never pools a frozen-probe result into the paper's detection setting", () => {
    const probe = registry.task('detection-voc-frozen').protocol!;
    const measured = {
      row: 'new-model',
      task: 'detection-voc-frozen',
      value: 99,
      metric: 'ap50',
      protocolId: probe.id,
      protocolVersion: probe.version,
    };
    const got = groupCorrelation('ssl-transfer-v1', 'detection-frozen', [...withMetric, measured]);
    expect(got.n).toBe(14);
    expect(got.values.has('new-model')).toBe(false);
    const paper = registry.task('detection-voc-frozen').paperProtocol;
    expect(got.protocols).toEqual([{ id: paper.id, version: paper.version }]);
  });
});

describe("poolOnReference (the leaderboard's rule, for category and task correlations)", () => {
  const det = registry.task('detection-voc-frozen');
  const probe = det.protocol!;
  const obs = (row: string, value: number, p: { id: string; version: number }): Observation => ({
    row,
    task: det.slug,
    value,
    protocolId: p.id,
    protocolVersion: p.version,
  });

  it("pools the paper's protocol when any row has it, leaving probe rows out", () => {
    const { values, protocols } = settingValues(
      [det],
      [obs('a', 80, det.paperProtocol), obs('b', 81, det.paperProtocol), obs('m', 90, probe)],
      () => 'ap50',
      poolOnReference,
    );
    expect([...values.keys()]).toEqual(['a', 'b']);
    expect(protocols[0]).toMatchObject({ id: det.paperProtocol.id, reason: 'paper' });
  });

  it("pools the runner's protocol among measured rows alone", () => {
    const { values } = settingValues([det], [obs('m', 90, probe), obs('n', 70, probe)], () => 'ap50', poolOnReference);
    expect([...values.keys()]).toEqual(['m', 'n']);
  });
});
