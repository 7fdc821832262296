import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostileModels } from '@transferboard/onnx-intake/hostile-models';
import { buildTinyBackbone } from '@transferboard/onnx-intake/tiny-backbone';
import { INTAKE_VERSION } from '@transferboard/onnx-intake/version';
import { afterAll, describe, expect, it } from 'vitest';
import { runningValidations, stopValidations, validateInChild } from './validate';

const STUCK = fileURLToPath(new URL('../test/stuck-validator.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tb-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
}

const processGroup = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[2]);

/** The stuck validator's grandchild, once it has started, and the process group it runs in. */
async function stuckGrandchild(model: string): Promise<{ pid: number; group: number }> {
  for (let i = 0; i < 100 && !existsSync(`${model}.grandchild`); i++) await new Promise((r) => setTimeout(r, 100));
  const pid = Number(readFileSync(`${model}.grandchild`, 'utf8'));
  return { pid, group: processGroup(pid) };
}

describe('validateInChild', () => {
  const limits = { timeoutMs: 60_000, memoryMb: 2048 };

  it('accepts a backbone and returns the intake’s record: features, cost, tensor catalog', async () => {
    const v = await validateInChild(file('ok.onnx', buildTinyBackbone({ layout: 'resnet50' })), 'upload ok', limits);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.info).toMatchObject({
      featureOutput: '/Flatten_output_0',
      featureSource: 'classifier-input',
      intakeVersion: INTAKE_VERSION,
      cost: { gflopsPerImage: expect.any(Number) },
      architecture: { family: 'convolutional', patchSize: null },
    });
    expect((v.info.tensors as Record<string, unknown>)['/Flatten_output_0']).toEqual(['N', 64]);
    expect(v.info).not.toHaveProperty('file');
  });

  it('refuses hostile models with the intake’s reason, as definitive', async () => {
    for (const h of hostileModels()
      .filter((m) => ['EXTERNAL_DATA', 'CYCLIC_GRAPH', 'NESTING_TOO_DEEP'].includes(m.reason))
      .slice(0, 3)) {
      const v = await validateInChild(file('h.onnx', h.bytes), 'upload h', limits);
      expect(v, h.name).toMatchObject({
        ok: false,
        status: 422,
        reason: h.reason,
        definitive: true,
        message: expect.stringMatching(/^upload h: /),
      });
    }
  });

  it('kills the whole process group at the time limit, and does not call that definitive', async () => {
    const model = file('slow.onnx', new Uint8Array(10));
    const result = validateInChild(model, 'upload slow', { timeoutMs: 3000, memoryMb: 2048 }, STUCK);
    const { pid, group } = await stuckGrandchild(model);
    // Its own group, led by the validator: not ours, so killing it cannot touch the API.
    expect(group).not.toBe(processGroup(process.pid));
    expect(alive(pid)).toBe(true);
    expect(await result).toMatchObject({
      ok: false,
      reason: 'VALIDATOR_TIMEOUT',
      definitive: false,
      message: expect.stringMatching(/did not finish within 3 s/),
    });
    expect(await gone(pid)).toBe(true);
    expect(await gone(group)).toBe(true);
    expect(runningValidations()).toBe(0);
  });

  it('stops every validation in flight on shutdown (503, send again), grandchildren included, and starts no more', async () => {
    const model = file('slow2.onnx', new Uint8Array(10));
    const result = validateInChild(model, 'upload slow', limits, STUCK);
    const { pid, group } = await stuckGrandchild(model);
    expect(stopValidations()).toBe(1);
    expect(await result).toMatchObject({ ok: false, status: 503, reason: 'SHUTTING_DOWN', definitive: false });
    expect(await gone(pid)).toBe(true);
    expect(await gone(group)).toBe(true);
    expect(await validateInChild(file('late.onnx', new Uint8Array(10)), 'upload late', limits)).toMatchObject({
      status: 503,
    });
  });
});
