import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './api-client';
import { ArtifactIntegrityError, downloadArtifact } from './download';

const model = randomBytes(256 * 1024);
const sha256 = createHash('sha256').update(model).digest('hex');
const artifact = { id: '00000000-0000-4000-8000-000000000001', sha256 };

/** How the test server answers one request: the bytes it would send from `start`, and how. */
type Behaviour = (req: IncomingMessage, res: ServerResponse, start: number) => void;

const sendSlowly = (res: ServerResponse, bytes: Buffer, chunk: number, everyMs: number, stopAfter = Infinity) => {
  let at = 0;
  let sent = 0;
  const next = () => {
    if (res.destroyed) return;
    if (at >= bytes.length) return void res.end();
    if (sent >= stopAfter) return; // hangs: headers sent, body stalled
    res.write(bytes.subarray(at, at + chunk));
    at += chunk;
    sent += chunk;
    setTimeout(next, everyMs);
  };
  next();
};

describe('model downloads: idle timeout, resume, restart (a real HTTP server)', () => {
  let server: Server;
  let api: ApiClient;
  let dir: string;
  let behaviours: Behaviour[] = [];
  const requests: { range: string | undefined; ifRange: string | undefined }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push({ range: req.headers.range, ifRange: req.headers['if-range'] as string | undefined });
      const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      const start = m && req.headers['if-range'] === `"${sha256}"` ? Number(m[1]) : 0;
      const behaviour =
        behaviours.shift() ??
        ((_q, r, s) => {
          r.writeHead(s ? 206 : 200, {
            'content-length': model.length - s,
            'x-artifact-sha256': sha256,
            ...(s ? { 'content-range': `bytes ${s}-${model.length - 1}/${model.length}` } : {}),
          });
          r.end(model.subarray(s));
        });
      behaviour(req, res, start);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = new ApiClient({ api: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 't' });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  afterEach(() => {
    behaviours = [];
    requests.length = 0;
    rmSync(dir, { recursive: true, force: true });
  });
  const fresh = () => (dir = mkdtempSync(join(tmpdir(), 'tb-download-')));
  const partsLeft = () => readdirSync(join(dir, 'models')).filter((f) => f.endsWith('.part'));

  it('gives up a connection that sends nothing for the idle limit, and resumes from the bytes it has', async () => {
    fresh();
    behaviours = [
      (_q, res) => {
        res.writeHead(200, { 'content-length': model.length, 'x-artifact-sha256': sha256 });
        sendSlowly(res, model, 16 * 1024, 5, 96 * 1024);
      },
    ];
    const logs: string[] = [];
    const path = await downloadArtifact(api, artifact, dir, { idleTimeoutMs: 400, log: (m) => logs.push(m) });
    expect(readFileSync(path).equals(model)).toBe(true);
    expect(requests).toHaveLength(2);
    expect(requests[1]).toEqual({ range: `bytes=${96 * 1024}-`, ifRange: `"${sha256}"` });
    expect(logs.join('\n')).toMatch(/interrupted \(no byte for 0.4 s\); resuming at byte 98304/);
    expect(partsLeft()).toEqual([]);
  });

  it('has no limit on the total time while bytes keep coming', async () => {
    fresh();
    // About 1.6 s in all, four times the idle limit, never idle for more than 25 ms.
    behaviours = [
      (_q, res) => {
        res.writeHead(200, { 'content-length': model.length, 'x-artifact-sha256': sha256 });
        sendSlowly(res, model, 4 * 1024, 25);
      },
    ];
    let chunks = 0;
    const path = await downloadArtifact(api, artifact, dir, { idleTimeoutMs: 400, onChunk: () => chunks++ });
    expect(readFileSync(path).equals(model)).toBe(true);
    expect(requests).toHaveLength(1);
    expect(chunks).toBeGreaterThan(10);
  });

  it('starts over cleanly when the server sends the whole file instead of the rest', async () => {
    fresh();
    behaviours = [
      (_q, res) => {
        res.writeHead(200, { 'content-length': model.length, 'x-artifact-sha256': sha256 });
        sendSlowly(res, model, 32 * 1024, 1, 64 * 1024);
      },
      (_q, res) => {
        res.writeHead(200, { 'content-length': model.length, 'x-artifact-sha256': sha256 });
        res.end(model);
      },
    ];
    const path = await downloadArtifact(api, artifact, dir, { idleTimeoutMs: 300 });
    expect(readFileSync(path).equals(model)).toBe(true);
    expect(requests.map((r) => r.range)).toEqual([undefined, `bytes=${64 * 1024}-`]);
  });

  it("resumes a part left by a runner process that died, and leaves a live one's alone", async () => {
    fresh();
    mkdirSync(join(dir, 'models'));
    // A pid that surely exited: a child that has been reaped.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(join(dir, 'models', `${sha256}.onnx.${dead}.part`), model.subarray(0, 50_000));
    writeFileSync(join(dir, 'models', `${sha256}.onnx.${process.ppid}.part`), Buffer.from('another live runner'));
    const path = await downloadArtifact(api, artifact, dir, { idleTimeoutMs: 2_000 });
    expect(readFileSync(path).equals(model)).toBe(true);
    expect(requests).toEqual([{ range: 'bytes=50000-', ifRange: `"${sha256}"` }]);
    expect(partsLeft()).toEqual([`${sha256}.onnx.${process.ppid}.part`]);
  });

  it("refuses bytes that do not hash to the job's sha256, keeping nothing", async () => {
    fresh();
    behaviours = [
      (_q, res) => {
        res.writeHead(200, { 'content-length': model.length });
        res.end(Buffer.alloc(model.length));
      },
    ];
    await expect(downloadArtifact(api, artifact, dir, { idleTimeoutMs: 2_000 })).rejects.toBeInstanceOf(
      ArtifactIntegrityError,
    );
    expect(partsLeft()).toEqual([]);
  });

  it('stops at once when the job is lost or the runner stops', async () => {
    fresh();
    behaviours = [
      (_q, res) => {
        res.writeHead(200, { 'content-length': model.length, 'x-artifact-sha256': sha256 });
        sendSlowly(res, model, 1024, 50);
      },
    ];
    const stop = new AbortController();
    setTimeout(() => stop.abort(new Error('runner stopped')), 300);
    // The whole body would take 13 s: the rejection comes with the abort.
    await expect(downloadArtifact(api, artifact, dir, { idleTimeoutMs: 60_000, signal: stop.signal })).rejects.toThrow(
      'runner stopped',
    );
  });
});
