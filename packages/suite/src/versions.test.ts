import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOLS } from './protocols';
import { TASKS } from './tasks';
import {
  bumpedForTest,
  declaredVersions,
  paperProtocolBeforeBump,
  PROTOCOL_BUMP_VARIABLE,
  testProtocolBumps,
} from './versions';

describe('declared versions', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('lists every protocol version the tasks use, runner and paper, and every task version', () => {
    const v = declaredVersions(TASKS);
    expect(v.tasks).toHaveLength(TASKS.length);
    expect(v.protocols).toContainEqual({ id: 'linear-lbfgs', version: PROTOCOLS['linear-lbfgs'].version });
    expect(v.protocols).toContainEqual({ id: 'segmentation-upernet-finetune', version: 1 });
    expect(new Set(v.protocols.map((p) => `${p.id}@${p.version}`)).size).toBe(v.protocols.length);
  });

  it('the test hook bumps the listed protocols only, and keeps the paper on the version before', () => {
    expect(testProtocolBumps({ [PROTOCOL_BUMP_VARIABLE]: ' linear-lbfgs, fewshot-protonet ,' })).toEqual(
      new Set(['linear-lbfgs', 'fewshot-protonet']),
    );
    vi.stubEnv(PROTOCOL_BUMP_VARIABLE, 'linear-lbfgs');
    expect(bumpedForTest({ id: 'linear-lbfgs', version: 1 })).toEqual({ id: 'linear-lbfgs', version: 2 });
    expect(bumpedForTest({ id: 'fewshot-protonet', version: 1 })).toEqual({ id: 'fewshot-protonet', version: 1 });
    const linear = TASKS.find((t) => t.slug === 'linear-cifar10')!;
    const bumped = {
      ...linear,
      protocol: { ...linear.protocol!, version: 2 },
      paperProtocol: { ...linear.paperProtocol, version: 2 },
    };
    expect(paperProtocolBeforeBump(bumped as typeof linear).paperProtocol.version).toBe(1);
    expect(declaredVersions([paperProtocolBeforeBump(bumped as typeof linear)]).protocols).toEqual([
      { id: 'linear-lbfgs', version: 1 },
      { id: 'linear-lbfgs', version: 2 },
    ]);
  });
});
