import { describe, expect, it } from 'vitest';
import { createRegistry, registry, UnknownSlugError } from './registry';
import { SSL_TRANSFER_CVPR, SSL_TRANSFER_V1 } from './suites';
import { TASKS } from './tasks';
import type { AnalysisGroupDef, TaskDef } from './types';

const countBy = (tasks: TaskDef[]) => {
  const counts: Record<string, number> = {};
  for (const t of tasks) counts[t.category] = (counts[t.category] ?? 0) + 1;
  return counts;
};

describe('suites', () => {
  it('ssl-transfer-v1 has the 25 tasks of DESIGN.md', () => {
    const slugs = registry.suiteTasks('ssl-transfer-v1').map((t) => t.slug);
    expect(slugs).toHaveLength(25);
    expect(slugs).toContain('linear-voc2007');
    expect(slugs).toContain('fewshot-chestx-50shot');
    expect(slugs.slice(-2)).toEqual(['detection-voc-frozen', 'dense-nyuv2-normals']);
    expect(countBy(registry.suiteTasks('ssl-transfer-v1'))).toEqual({
      linear: 11,
      few_shot: 12,
      detection: 1,
      dense: 1,
    });
  });

  it('ssl-transfer-cvpr has the 40 tasks of the CVPR version', () => {
    const tasks = registry.suiteTasks('ssl-transfer-cvpr');
    expect(tasks).toHaveLength(40);
    expect(countBy(tasks)).toEqual({ linear: 11, finetune: 11, few_shot: 14, detection: 2, dense: 2 });
  });

  it('uses the metric the paper reports per dataset', () => {
    expect(registry.task('linear-aircraft').primaryMetric).toBe('mean_per_class');
    expect(registry.task('linear-cifar10').primaryMetric).toBe('top1');
    expect(registry.task('linear-voc2007').primaryMetric).toBe('map11');
    expect(registry.task('dense-nyuv2-normals').primaryMetric).toBe('mean_angle_error');
  });

  it('keeps the runner protocol apart from the paper protocol where they differ', () => {
    const det = registry.task('detection-voc-frozen');
    expect(det.protocol?.id).not.toBe(det.paperProtocol.id);
    const lin = registry.task('linear-dtd');
    expect(lin.protocol?.id).toBe(lin.paperProtocol.id);
    expect(lin.protocol?.id === 'linear-lbfgs' && lin.protocol.params.validation).toEqual({ kind: 'official' });
    const cars = registry.task('linear-cars').protocol;
    expect(cars?.id === 'linear-lbfgs' && cars.params.validation).toEqual({ kind: 'random', fraction: 0.2, seed: 0 });
    expect(registry.task('finetune-cars').protocol).toBeNull();
  });
});

describe('registry', () => {
  it('throws on an unknown slug with a suggestion', () => {
    expect(() => registry.task('linear-aircraf')).toThrow('Did you mean "linear-aircraft"?');
    expect(() => registry.suite('ssl-transfer-v2')).toThrow(UnknownSlugError);
    expect(() => registry.suite('zzzzzzzzzzzzzzzzzzzzzzz')).toThrow(/^Unknown suite "z+"\.$/);
  });

  it('throws on duplicate task slugs', () => {
    const dup = TASKS[0]!;
    expect(() => createRegistry([...TASKS, dup], [])).toThrow(`Duplicate task slug "${dup.slug}"`);
  });

  it('throws when a suite names an unknown task', () => {
    const bad = { ...SSL_TRANSFER_V1, taskSlugs: [...SSL_TRANSFER_V1.taskSlugs, 'linear-cifar11'] };
    expect(() => createRegistry(TASKS, [bad, SSL_TRANSFER_CVPR])).toThrow(
      /names Unknown task "linear-cifar11"\. Did you mean "linear-cifar10"/,
    );
  });
});

describe('analysis groups', () => {
  const slugs = (suite: string) => registry.suite(suite).analysisGroups.map((g) => g.slug);
  it("are the paper's figure-1 settings each suite covers, with the slugs of the contract", () => {
    expect(slugs('ssl-transfer-cvpr')).toEqual([
      'linear',
      'finetune',
      'fewshot-kornblith-20shot',
      'fewshot-cdfsl-20shot',
      'detection-frozen',
      'detection-finetune',
      'surface-normals',
      'segmentation',
    ]);
    expect(slugs('ssl-transfer-v1')).toEqual([
      'linear',
      'fewshot-cdfsl-5shot',
      'fewshot-cdfsl-20shot',
      'fewshot-cdfsl-50shot',
      'detection-frozen',
      'surface-normals',
    ]);
    expect(registry.analysisGroup('ssl-transfer-cvpr', 'fewshot-kornblith-20shot').taskSlugs).toHaveLength(10);
    expect(registry.analysisGroup('ssl-transfer-v1', 'surface-normals')).toMatchObject({
      metric: 'within_11_25',
      taskSlugs: ['dense-nyuv2-normals'],
    });
    expect(registry.analysisGroup('ssl-transfer-v1', 'detection-frozen').metric).toBe('ap50');
    expect(registry.analysisGroup('ssl-transfer-cvpr', 'segmentation').metric).toBe('miou');
  });

  it('throws on an unknown group with a suggestion', () => {
    expect(() => registry.analysisGroup('ssl-transfer-v1', 'detection-finetune')).toThrow(
      /Unknown analysis group "detection-finetune"\. Did you mean "detection-frozen"\?/,
    );
  });

  it('refuses a group with a task outside the suite, mixed protocols or a metric a task lacks', () => {
    const withGroup = (group: AnalysisGroupDef) => ({
      ...SSL_TRANSFER_V1,
      analysisGroups: [...SSL_TRANSFER_V1.analysisGroups, group],
    });
    const build = (group: AnalysisGroupDef) => () => createRegistry(TASKS, [withGroup(group), SSL_TRANSFER_CVPR]);
    expect(build({ slug: 'x', title: 'x', metric: 'primary', taskSlugs: ['finetune-cars'] })).toThrow(
      /not in the suite/,
    );
    expect(
      build({ slug: 'x', title: 'x', metric: 'primary', taskSlugs: ['linear-cars', 'fewshot-isic-5shot'] }),
    ).toThrow(/mixes paper protocols/);
    expect(build({ slug: 'x', title: 'x', metric: 'ap50', taskSlugs: ['linear-cars'] })).toThrow(/does not have/);
    expect(build({ ...SSL_TRANSFER_V1.analysisGroups[0]! })).toThrow(/Duplicate analysis group/);
  });
});
