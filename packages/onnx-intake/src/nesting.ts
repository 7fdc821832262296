/**
 * A pass over the protobuf wire format, before anything is decoded, that measures how deeply
 * the messages that can contain themselves are nested: a graph holds nodes, whose attributes
 * hold graphs (If, Loop, Scan bodies), and a type can hold a type (sequences, maps, optionals).
 * protobufjs decodes recursively, so a file of a few megabytes nested a hundred thousand levels
 * deep would overflow its stack; this scan uses an explicit stack and stops at a cap far above
 * anything an exporter writes. Weights and other non-recursive fields are skipped by length.
 */

/** Deepest message nesting accepted. Each subgraph level costs three (graph → node → attribute). */
export const MAX_MESSAGE_DEPTH = 64;

type Kind =
  | 'model'
  | 'graph'
  | 'node'
  | 'attribute'
  | 'function'
  | 'training'
  | 'valueInfo'
  | 'type'
  | 'sequence'
  | 'map'
  | 'optional';

/** For each message kind, its fields (by number) that hold a message which can lead back to itself. */
const CHILDREN: Record<Kind, Partial<Record<number, Kind>>> = {
  model: { 7: 'graph', 20: 'training', 25: 'function' },
  graph: { 1: 'node', 11: 'valueInfo', 12: 'valueInfo', 13: 'valueInfo' },
  node: { 5: 'attribute' },
  attribute: { 6: 'graph', 11: 'graph', 14: 'type', 15: 'type' },
  function: { 7: 'node' },
  training: { 1: 'graph', 2: 'graph' },
  valueInfo: { 2: 'type' },
  type: { 4: 'sequence', 5: 'map', 9: 'optional' },
  sequence: { 1: 'type' },
  map: { 2: 'type' },
  optional: { 1: 'type' },
};

export type NestingProblem = { kind: 'too-deep'; depth: number } | { kind: 'malformed'; detail: string };

/** Returns null when the bytes nest no deeper than `maxDepth`, else what is wrong. */
export function scanNesting(bytes: Uint8Array, maxDepth = MAX_MESSAGE_DEPTH): NestingProblem | null {
  const stack: { kind: Kind; end: number }[] = [{ kind: 'model', end: bytes.length }];
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= bytes.length) throw new RangeError('a varint runs past the end of the file');
      const b = bytes[pos++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    throw new RangeError('a varint is longer than 10 bytes');
  };
  try {
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (pos >= top.end) {
        if (pos > top.end) return { kind: 'malformed', detail: 'a field runs past the end of its message' };
        stack.pop();
        continue;
      }
      const tag = varint();
      const field = Math.floor(tag / 8);
      const wire = tag % 8;
      if (wire === 0) varint();
      else if (wire === 1) pos += 8;
      else if (wire === 5) pos += 4;
      else if (wire === 2) {
        const length = varint();
        if (pos + length > top.end)
          return { kind: 'malformed', detail: 'a length-delimited field runs past the end of its message' };
        const child = CHILDREN[top.kind][field];
        if (child) {
          if (stack.length >= maxDepth) return { kind: 'too-deep', depth: stack.length + 1 };
          stack.push({ kind: child, end: pos + length });
        } else {
          pos += length;
        }
      } else {
        // Groups (3, 4) are not used by ONNX, and protobuf decoders skip them recursively.
        return { kind: 'malformed', detail: `wire type ${wire} (field ${field}) does not occur in ONNX files` };
      }
    }
  } catch (err) {
    if (err instanceof RangeError) return { kind: 'malformed', detail: err.message };
    throw err;
  }
  return null;
}
