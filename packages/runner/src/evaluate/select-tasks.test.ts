import { registry } from '@transferboard/suite/registry';
import { describe, expect, it } from 'vitest';
import { ProbeInputError } from '../probes/probe-input';
import { selectTasks } from './select-tasks';

describe('selectTasks', () => {
  it("is the whole suite in the suite's order by default", () => {
    expect(selectTasks('ssl-transfer-v1', undefined).map((t) => t.slug)).toEqual(
      registry.suiteTasks('ssl-transfer-v1').map((t) => t.slug),
    );
    expect(selectTasks('ssl-transfer-v1', [])).toHaveLength(25);
  });

  it('keeps the order asked for', () => {
    expect(selectTasks('ssl-transfer-v1', ['dense-nyuv2-normals', 'linear-dtd']).map((t) => t.slug)).toEqual([
      'dense-nyuv2-normals',
      'linear-dtd',
    ]);
  });

  it('refuses a task of another suite, and an unknown slug with a suggestion', () => {
    expect(() => selectTasks('ssl-transfer-v1', ['finetune-dtd'])).toThrow(ProbeInputError);
    expect(() => selectTasks('ssl-transfer-v1', ['finetune-dtd'])).toThrow(
      "task 'finetune-dtd' is not in suite 'ssl-transfer-v1'",
    );
    expect(() => selectTasks('ssl-transfer-v1', ['linear-dtdd'])).toThrow(/linear-dtd/);
  });
});
