import { describe, expect, it } from 'vitest';
import { deepWireNesting } from './hostile-models';
import { MAX_MESSAGE_DEPTH, scanNesting } from './nesting';
import { onnx } from './proto';
import { buildTinyBackbone } from './tiny-backbone';

describe('scanNesting', () => {
  it('passes a real model and nesting up to the cap', () => {
    expect(scanNesting(buildTinyBackbone({ layout: 'resnet50' }))).toBeNull();
    // Model → graph, then 3 levels per subgraph: 20 subgraphs fit under 64.
    expect(scanNesting(deepWireNesting(20))).toBeNull();
    expect(onnx.ModelProto.decode(deepWireNesting(20)).graph?.node?.[0]?.attribute?.[0]?.g).toBeTruthy();
  });

  it('stops at the cap without recursion, where protobufjs alone overflows its stack', () => {
    const bytes = deepWireNesting(100_000);
    expect(() => onnx.ModelProto.decode(bytes)).toThrow(RangeError);
    expect(scanNesting(bytes)).toEqual({ kind: 'too-deep', depth: MAX_MESSAGE_DEPTH + 1 });
  });

  it('reports lengths past the end, truncated varints and group wire types as malformed', () => {
    const good = buildTinyBackbone();
    expect(scanNesting(good.slice(0, good.length - 100))).toMatchObject({ kind: 'malformed' });
    expect(scanNesting(Uint8Array.from([0x08, 0x80]))).toMatchObject({
      kind: 'malformed',
      detail: /varint runs past the end/,
    });
    expect(scanNesting(Uint8Array.from([0x0b, 0x0c]))).toMatchObject({ kind: 'malformed', detail: /wire type 3/ });
  });
});
