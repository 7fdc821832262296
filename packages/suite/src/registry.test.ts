import { describe, expect, it } from 'vitest';
import { createRegistry, registry, UnknownSlugError } from './registry';
import { SSL_TRANSFER_CVPR, SSL_TRANSFER_V1 } from './suites';
import { TASKS } from './tasks';
import type { TaskDef } from './types';

const countBy = (tasks: TaskDef[]) => tasks.reduce<Record<string, number>>((acc, t) => ({ ...acc, [t.category]: (acc[t.category] ?? 0) + 1 }), {});

describe('suites', () => {
  it('ssl-transfer-v1 has the 25 tasks of DESIGN.md', () => {
    const slugs = registry.suiteTasks('ssl-transfer-v1').map((t) => t.slug);
    expect(slugs).toHaveLength(25);
    expect(slugs).toContain('linear-voc2007');
    expect(slugs).toContain('fewshot-chestx-50shot');
    expect(slugs.slice(-2)).toEqual(['detection-voc-frozen', 'dense-nyuv2-normals']);
    expect(countBy(registry.suiteTasks('ssl-transfer-v1'))).toEqual({ linear: 11, few_shot: 12, detection: 1, dense: 1 });
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
    expect(() => createRegistry(TASKS, [bad, SSL_TRANSFER_CVPR])).toThrow(/names Unknown task "linear-cifar11"\. Did you mean "linear-cifar10"/);
  });
});
