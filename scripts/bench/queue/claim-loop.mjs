// One benchmark "runner": claims jobs until the queue is empty; for each, one heartbeat, one
// result report and the end of the job — the runner's whole protocol without the evaluation.
// Prints the ids it held as JSON, so the parent can check no job was held twice.
const [base, token, name] = process.argv.slice(2);
const q = async (query, variables) => {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
};
const held = [];
for (;;) {
  const { claimJob: job } = await q('mutation($r: String!) { claimJob(runner: $r) { id fencingToken } }', { r: name });
  if (!job) break;
  held.push(job.id);
  const v = { id: job.id, t: job.fencingToken };
  await q(
    'mutation($id: ID!, $t: Int!) { heartbeat(jobId: $id, fencingToken: $t, progress: { task: "linear-dtd" }) { id } }',
    v,
  );
  await q(
    'mutation($id: ID!, $t: Int!) { reportResults(jobId: $id, fencingToken: $t, task: "linear-dtd", results: [{ metric: "top1", value: 50 }], protocol: { id: "linear-lbfgs", version: 1 }) { id } }',
    v,
  );
  await q(
    'mutation($id: ID!, $t: Int!) { failJob(jobId: $id, fencingToken: $t, reason: "benchmark: done", retryable: false) { id } }',
    v,
  );
}
process.stdout.write(JSON.stringify(held));
