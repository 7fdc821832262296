import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetFingerprint } from './fingerprint';
import type { SingleLabelDataset } from './types';

function dataset(dir: string, files: Record<string, string>, labels: Record<string, number>): SingleLabelDataset {
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  const sample = (name: string) => ({
    image: {
      id: name,
      path: join(dir, name),
      load: async () => ({ kind: 'encoded' as const, bytes: Buffer.alloc(0) }),
    },
    label: labels[name]!,
  });
  return {
    dataset: 'toy',
    classes: ['a', 'b'],
    multiLabel: false,
    splits: { train: [sample('1.jpg'), sample('2.jpg')], test: [sample('3.jpg')] },
  };
}

describe('dataset fingerprint', () => {
  const files = { '1.jpg': 'aaaa', '2.jpg': 'bbbbbb', '3.jpg': 'cc' };
  const labels = { '1.jpg': 0, '2.jpg': 1, '3.jpg': 0 };

  it('is the same for two copies of the same files, and a sha256', async () => {
    const a = await datasetFingerprint(dataset(mkdtempSync(join(tmpdir(), 'fp-')), files, labels));
    const b = await datasetFingerprint(dataset(mkdtempSync(join(tmpdir(), 'fp-')), files, labels));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).toBe(b);
  });

  it('differs when a file has another size, a label changes, or an image moves to another split', async () => {
    const base = await datasetFingerprint(dataset(mkdtempSync(join(tmpdir(), 'fp-')), files, labels));
    const resized = await datasetFingerprint(
      dataset(mkdtempSync(join(tmpdir(), 'fp-')), { ...files, '2.jpg': 'bbbbbbb' }, labels),
    );
    const relabelled = await datasetFingerprint(
      dataset(mkdtempSync(join(tmpdir(), 'fp-')), files, { ...labels, '3.jpg': 1 }),
    );
    const moved = dataset(mkdtempSync(join(tmpdir(), 'fp-')), files, labels);
    moved.splits.test.push(moved.splits.train.pop()!);
    expect(new Set([base, resized, relabelled, await datasetFingerprint(moved)]).size).toBe(4);
  });
});
