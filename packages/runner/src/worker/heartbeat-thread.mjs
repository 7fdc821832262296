// Heartbeats for one job, on their own thread: feature extraction and probes keep the main
// thread busy for long stretches, and a lease must not expire because a timer waited on them.
// Plain JavaScript so the thread starts without the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';

// `query` is the Heartbeat mutation of heartbeat.ts, typed there against the API's schema.
const { url, query, token, jobId, fencingToken, intervalMs } = workerData;
let progress = {};
let timer = null;
let stopped = false;

parentPort.on('message', (msg) => {
  if (msg.type === 'progress') progress = msg.progress;
  if (msg.type === 'stop') {
    stopped = true;
    if (timer) clearTimeout(timer);
    parentPort.close();
  }
  if (msg.type === 'beat-now') {
    if (timer) clearTimeout(timer);
    void beat();
  }
});

async function beat() {
  if (stopped) return;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables: { id: jobId, token: fencingToken, progress } }),
      signal: AbortSignal.timeout(Math.max(1000, intervalMs)),
    });
    const body = await res.json().catch(() => null);
    const code = body?.errors?.[0]?.extensions?.code;
    if (code === 'STALE_LEASE' || code === 'NOT_FOUND' || code === 'JOB_STALLED') {
      parentPort.postMessage({ type: 'lost', code, message: body.errors[0].message });
      stopped = true;
      return;
    }
    if (body?.data?.heartbeat)
      parentPort.postMessage({ type: 'beat', leaseExpiresAt: body.data.heartbeat.leaseExpiresAt });
    else parentPort.postMessage({ type: 'error', message: body?.errors?.[0]?.message ?? `HTTP ${res.status}` });
  } catch (err) {
    // The API is restarting or unreachable: keep beating; the lease may still be saved.
    parentPort.postMessage({ type: 'error', message: err?.cause?.code ?? err?.message ?? String(err) });
  }
  if (!stopped) timer = setTimeout(beat, intervalMs);
}

timer = setTimeout(beat, intervalMs);
