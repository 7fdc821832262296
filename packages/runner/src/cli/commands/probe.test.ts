import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readNpy, writeNpy } from '../../npy/npy';
import { testVectors } from '../../test-vectors';

/**
 * Runs the real command in a child process: a commander program with `registerProbe`, loaded
 * through tsx as the CLI binary loads its source.
 */
const runnerDir = join(import.meta.dirname, '..', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'tb-probe-cli-'));
const entry = join(tmp, 'cli.mts');
writeFileSync(
  entry,
  `import { Command } from ${JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve('commander')).href)};\nimport { registerProbe } from ${JSON.stringify(join(import.meta.dirname, 'probe.ts'))};\n` +
    `const program = new Command('transferboard-runner');\nregisterProbe(program);\nawait program.parseAsync(process.argv);\n`,
);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: runnerDir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const mc = (split: string, what: 'x' | 'y') => testVectors('linear-probe', `multiclass-${split}-${what}.npy`);

describe('transferboard-runner probe (child process)', () => {
  it('probe linear prints the chosen L2, validation and test scores and ECE as JSON', () => {
    const r = cli(
      'probe',
      'linear',
      '--train',
      mc('train', 'x'),
      mc('train', 'y'),
      '--val',
      mc('val', 'x'),
      mc('val', 'y'),
      '--test',
      mc('test', 'x'),
      mc('test', 'y'),
    );
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.metric).toBe('top1');
    expect(out.validation).toHaveLength(45);
    expect(out.chosenL2).toBe(out.validation[out.chosenIndex].l2);
    expect(out.testScore).toBeGreaterThan(60);
    expect(out.ece.before).toBeGreaterThanOrEqual(0);
    expect(out.timings.totalSeconds).toBeGreaterThan(0);
  });

  it('probe linear reports each fit on a stderr that is not a terminal, one plain line each, and nothing with --no-progress', () => {
    const args = [
      'probe',
      'linear',
      '--train',
      mc('train', 'x'),
      mc('train', 'y'),
      '--test',
      mc('test', 'x'),
      mc('test', 'y'),
    ];
    const r = cli(...args);
    expect(r.status).toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(46);
    lines.slice(0, 45).forEach((line, i) => {
      expect(line).toMatch(
        new RegExp(`^probe linear: fit ${i + 1}/45, wd \\d\\.\\de[+-]\\d+, \\d+ iterations?, \\d+\\.\\d s$`),
      );
    });
    const out = JSON.parse(r.stdout);
    expect(lines[44]).toContain(
      `wd ${out.validation[44].l2.toExponential(1)}, ${out.validation[44].iterations} iteration`,
    );
    expect(lines[45]).toBe(
      `probe linear: refit on train+val at the chosen wd ${out.chosenL2.toExponential(1)}, ${out.refit.iterations} iterations, ${lines[45]!.match(/(\d+\.\d) s$/)![1]} s`,
    );
    expect(r.stderr).not.toContain('\r');
    expect(r.stderr).not.toContain('\u001b');

    const quiet = cli(...args, '--no-progress');
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(JSON.parse(quiet.stdout)).toMatchObject({ chosenL2: out.chosenL2, testScore: out.testScore });
  });

  it('probe fewshot prints accuracy and its 95% interval', () => {
    const fs = testVectors('few-shot');
    const r = cli(
      'probe',
      'fewshot',
      '--features',
      join(fs, 'x.npy'),
      '--labels',
      join(fs, 'y.npy'),
      '--shots',
      '5',
      '--episodes',
      '200',
    );
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ways: 5, shots: 5, queries: 15, episodes: 200 });
    expect(out.ci95).toBeCloseTo((1.96 * out.std) / Math.sqrt(200), 10);
  });

  it('is wired into the transferboard-runner binary', () => {
    const fs = testVectors('few-shot');
    const bin = join(runnerDir, 'bin', 'transferboard-runner.mjs');
    const r = spawnSync(
      process.execPath,
      [
        bin,
        'probe',
        'fewshot',
        '--features',
        join(fs, 'x.npy'),
        '--labels',
        join(fs, 'y.npy'),
        '--shots',
        '5',
        '--episodes',
        '20',
      ],
      {
        cwd: runnerDir,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ protocol: 'fewshot-protonet', episodes: 20 });
  });

  it('names the file on bad input and exits 2, without a stack trace', () => {
    const missing = cli(
      'probe',
      'fewshot',
      '--features',
      join(tmp, 'nope.npy'),
      '--labels',
      join(tmp, 'nope.npy'),
      '--shots',
      '5',
    );
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope\.npy: cannot read the file \(ENOENT\)/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);

    const x = readNpy(mc('train', 'x'));
    const bad = Float32Array.from(x.data as Float32Array);
    bad[17] = Number.POSITIVE_INFINITY;
    writeNpy(join(tmp, 'inf.npy'), bad, x.shape);
    const inf = cli(
      'probe',
      'linear',
      '--train',
      join(tmp, 'inf.npy'),
      mc('train', 'y'),
      '--test',
      mc('test', 'x'),
      mc('test', 'y'),
    );
    expect(inf.status).toBe(2);
    expect(inf.stderr).toMatch(/inf\.npy: non-finite value Infinity at row 1, column 1/);

    writeNpy(join(tmp, 'short-y.npy'), new Int32Array(5), [5]);
    const short = cli(
      'probe',
      'linear',
      '--train',
      mc('train', 'x'),
      join(tmp, 'short-y.npy'),
      '--test',
      mc('test', 'x'),
      mc('test', 'y'),
    );
    expect(short.status).toBe(2);
    expect(short.stderr).toMatch(/short-y\.npy: 5 labels, but the features have 240 rows/);
  });
});
