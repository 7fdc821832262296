import { describe, expect, it } from 'vitest';
import {
  fewShotProtocol,
  isRunnerProtocolId,
  L2_GRID,
  PROTOCOL_IDS,
  PROTOCOLS,
  RETIRED_PROTOCOLS,
  retiredProtocol,
  RUNNER_PROTOCOL_IDS,
} from './protocols';
import { registry } from './registry';

describe('protocols, declared once', () => {
  it('every task references a declared protocol at its declared version, with the declared parameters', () => {
    for (const task of registry.tasks) {
      for (const spec of [task.protocol, task.paperProtocol]) {
        if (!spec) continue;
        const decl = PROTOCOLS[spec.id];
        expect(decl, `${task.slug}: ${spec.id}`).toBeDefined();
        expect(spec.version).toBe(decl.version);
        expect(spec.params).toMatchObject(decl.defaults);
      }
      if (task.protocol) {
        expect(isRunnerProtocolId(task.protocol.id), task.slug).toBe(true);
        expect(PROTOCOLS[task.protocol.id].measuredBy).not.toBe('paper');
      }
      expect(PROTOCOLS[task.paperProtocol.id].measuredBy).not.toBe('runner');
    }
  });

  it('has one spelling per id: the runner ids are declared, and no retired (id, version) is a current one', () => {
    expect(new Set(PROTOCOL_IDS).size).toBe(PROTOCOL_IDS.length);
    for (const id of RUNNER_PROTOCOL_IDS) expect(PROTOCOL_IDS).toContain(id);
    expect(PROTOCOL_IDS).not.toContain('ssl-transfer-linear-lbfgs');
    for (const r of RETIRED_PROTOCOLS) {
      const current = PROTOCOL_IDS.find((id) => id === r.id);
      if (current) expect(PROTOCOLS[current].version).not.toBe(r.version);
      expect(PROTOCOLS[r.replacedBy.id as keyof typeof PROTOCOLS].version).toBe(r.replacedBy.version);
    }
    expect(retiredProtocol('fewshot-protonet-linear-preprocessing', 1)?.replacedBy).toEqual({
      id: 'fewshot-protonet',
      version: 1,
    });
    expect(retiredProtocol('fewshot-protonet', 1)).toBeUndefined();
  });

  it('gives few-shot tasks the official few-shot preprocessing, and ChestX its own loader first', () => {
    const fewShot = registry.tasks.filter((t) => t.category === 'few_shot');
    expect(fewShot.length).toBeGreaterThan(20);
    for (const t of fewShot) {
      expect(t.protocol?.id).toBe('fewshot-protonet');
      const p = t.protocol!.params as {
        preprocessing: string;
        shots: number;
        ways: number;
        queries: number;
        episodes: number;
      };
      expect(p.preprocessing).toBe(t.dataset === 'chestx' ? 'few-shot-chestx' : 'few-shot');
      expect([p.ways, p.queries, p.episodes]).toEqual([5, 15, 600]);
      expect(t.slug).toContain(`-${p.shots}shot`);
    }
    expect(fewShotProtocol(20, 'eurosat').description).toContain('257×257 (Pillow bilinear');
    for (const t of registry.tasks.filter((t) => t.category === 'linear')) {
      expect(t.protocol?.params).toMatchObject({ preprocessing: 'linear', l2Grid: L2_GRID, solver: { maxIter: 100 } });
    }
  });

  it("states the linear protocol's measured deviations instead of claiming exactness", () => {
    const d = registry.task('linear-cifar10').protocol!.description;
    expect(d).not.toMatch(/exactly/i);
    expect(d).toMatch(/preconditioned/);
    expect(d).toMatch(/0\.13 points/);
    expect(d).toMatch(/98\.44 vs scikit-learn's 98\.72/);
    expect(d).toMatch(/VOC2007.*\+0\.007 points/);
  });

  it("the normals probe uses the paper's codebook (version 2; version 1 re-clustered, retired)", () => {
    const p = registry.task('dense-nyuv2-normals').protocol!;
    expect(p).toMatchObject({
      id: 'normals-frozen-probe',
      version: 2,
      params: { codebook: { source: 'paper-vocab40', size: 40 } },
    });
    expect(retiredProtocol('normals-frozen-probe', 1)?.description).toMatch(/re-clustered/);
  });
});
