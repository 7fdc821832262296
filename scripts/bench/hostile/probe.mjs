// GET /healthz every INTERVAL ms until stdin closes, then print [start (epoch ms), latency (ms)]
// pairs as JSON. A process of its own, so the benchmark clients' own work never delays a probe.
const [url, intervalMs] = [process.argv[2], Number(process.argv[3] ?? 25)];
const latencies = [];
const failures = [];
let running = true;
process.stdin.on('data', () => {});
process.stdin.on('end', () => (running = false));
while (running) {
  const startedAt = Date.now();
  const t0 = performance.now();
  try {
    const res = await fetch(url);
    await res.arrayBuffer();
    if (res.status !== 200) failures.push(`status ${res.status}`);
  } catch (error) {
    failures.push(error.message);
  }
  latencies.push([startedAt, performance.now() - t0]);
  await new Promise((r) => setTimeout(r, intervalMs));
}
process.stdout.write(JSON.stringify({ latencies, failures }));
