import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startRecord, type BenchRecord } from './record';

const dir = mkdtempSync(join(tmpdir(), 'tb-bench-records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as BenchRecord;
const script = fileURLToPath(new URL('./record.ts', import.meta.url));
const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });

describe('bench records', () => {
  it('carry the date, the machine with its load at the start, the commit, the command and the figures', () => {
    const command = 'node --import tsx scripts/bench/decode/few-shot-resample.ts';
    const record = startRecord('decode-few-shot-resample', { dir, load: [9.25, 8.5, 7], command });
    const path = record.write({ msPerImage: { wasm: 1.15, js: 5.9 }, speedup: 5.1 });
    expect(path).toMatch(/decode-few-shot-resample-\d{8}T\d{6}Z\.json$/);
    const r = read(path);
    expect(r).toMatchObject({
      bench: 'decode-few-shot-resample',
      command,
      machine: { cores: cpus().length, loadAverageAtStart: [9.25, 8.5, 7], node: process.version },
      figures: { msPerImage: { wasm: 1.15, js: 5.9 }, speedup: 5.1 },
    });
    expect(Date.parse(r.date)).toBeLessThanOrEqual(Date.now());
    expect(r.machine.cpu.length).toBeGreaterThan(0);
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    expect(r.commit).toEqual({ sha: head, dirty: expect.any(Boolean) });
  });

  it('keeps both records of two runs started in the same second', () => {
    const started = new Date('2026-12-03T09:00:00.250Z');
    const first = startRecord('twice', { dir, started }).write({ run: 1 });
    const second = startRecord('twice', { dir, started }).write({ run: 2 });
    expect([first, second].map((p) => p.slice(dir.length + 1))).toEqual([
      'twice-20261203T090000Z.json',
      'twice-20261203T090000Z-2.json',
    ]);
    expect([read(first).figures, read(second).figures]).toEqual([{ run: 1 }, { run: 2 }]);
  });

  it('refuses a bench name that would make an odd file name', () => {
    expect(() => startRecord('../escape', { dir })).toThrow(/lower-case letters, digits and dashes/);
  });

  it('records a shell-driven bench from the command line, with the load, start and commit it was given', () => {
    const figures = join(dir, 'figures.json');
    writeFileSync(figures, JSON.stringify({ imgPerSec: { runner: 14.2, pytorch: 10.1 } }));
    const out = join(dir, 'cli');
    const r = cli(
      [
        'features',
        figures,
        '--load',
        '3.10 2.00 1.50 1/234 5678',
        '--started',
        '2026-12-03T10:00:00Z',
        '--command',
        'sh scripts/bench/features/run.sh 256',
      ],
      { RECORD_DIR: out, TB_COMMIT: 'abc1234-dirty' },
    );
    expect(r.status).toBe(0);
    const [file] = readdirSync(out);
    expect(file).toBe('features-20261203T100000Z.json');
    expect(read(join(out, file!))).toMatchObject({
      bench: 'features',
      date: '2026-12-03T10:00:00.000Z',
      command: 'sh scripts/bench/features/run.sh 256',
      commit: { sha: 'abc1234', dirty: true },
      machine: { loadAverageAtStart: [3.1, 2, 1.5] },
      figures: { imgPerSec: { runner: 14.2 } },
    });
  });

  it('answers bad command lines with what was wrong, status 2, no stack and no record', () => {
    const out = join(dir, 'bad');
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, 'imgPerSec: 3');
    const ok = join(dir, 'ok.json');
    writeFileSync(ok, '{"imgPerSec": 3}');
    const cases: [string[], RegExp][] = [
      [['features'], /^record\.ts: usage: record\.ts BENCH FIGURES\.json/],
      [['features', join(dir, 'missing.json')], /cannot read the figures file .*missing\.json/],
      [['features', notJson], /not\.json is not JSON .*write one JSON value/],
      [['features', ok, '--load', 'high'], /--load "high": give three numbers/],
      [['features', ok, '--started', 'yesterday'], /--started "yesterday": not an ISO 8601 time/],
      [['Features', ok], /bench name 'Features'/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args, { RECORD_DIR: out });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(() => readdirSync(out)).toThrow(/ENOENT/);
  });
});
