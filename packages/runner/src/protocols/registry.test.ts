import { describe, expect, it } from 'vitest';
import { PROTOCOLS, RUNNER_PROTOCOL_IDS } from '@transferboard/suite/protocols';
import { registry } from '@transferboard/suite/registry';
import type { TaskDef } from '@transferboard/suite/types';
import { IMPLEMENTED, protocolRunner, UnknownProtocolError } from './registry';

const withProtocol = (slug: string, protocol: unknown): TaskDef => ({ ...registry.task(slug), protocol }) as TaskDef;

describe('the protocol registry', () => {
  it("implements every runner protocol of the suite, at the suite's version, and resolves every measurable task", () => {
    expect(Object.keys(IMPLEMENTED).sort()).toEqual([...RUNNER_PROTOCOL_IDS].sort());
    for (const id of RUNNER_PROTOCOL_IDS) expect(IMPLEMENTED[id]).toBe(PROTOCOLS[id].version);
    const measurable = registry.tasks.filter((t) => t.protocol);
    expect(measurable.length).toBeGreaterThan(40);
    for (const task of measurable) expect(typeof protocolRunner(task)).toBe('function');
  });

  it('fails loudly on an unknown protocol id, with the nearest known one', () => {
    const typo = withProtocol('linear-dtd', { ...registry.task('linear-dtd').protocol, id: 'linear-lbgfs' });
    expect(() => protocolRunner(typo)).toThrow(UnknownProtocolError);
    expect(() => protocolRunner(typo)).toThrow(
      /task linear-dtd: no runner for protocol 'linear-lbgfs' \(did you mean 'linear-lbfgs'\?\); this runner implements linear-lbfgs, fewshot-protonet/,
    );
    // The retired second spelling of the linear protocol is not an alias.
    const old = withProtocol('linear-dtd', {
      ...registry.task('linear-dtd').protocol,
      id: 'ssl-transfer-linear-lbfgs',
    });
    expect(() => protocolRunner(old)).toThrow(/no runner for protocol 'ssl-transfer-linear-lbfgs'/);
  });

  it("refuses a paper-only protocol (the runner never measures under the paper's detectron2 heads)", () => {
    const task = withProtocol('detection-voc-frozen', registry.task('detection-voc-frozen').paperProtocol);
    expect(() => protocolRunner(task)).toThrow(/no runner for protocol 'detection-frcnn-fpn-frozen'/);
  });

  it('refuses a protocol version it does not implement', () => {
    const task = withProtocol('dense-nyuv2-normals', { ...registry.task('dense-nyuv2-normals').protocol, version: 1 });
    expect(() => protocolRunner(task)).toThrow(
      /protocol normals-frozen-probe v1 is not the version this runner implements \(v2\)/,
    );
  });
});
