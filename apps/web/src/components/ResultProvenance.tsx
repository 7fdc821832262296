/** The typed provenance of one result, as the API's Result type gives it. */
export interface ProvenanceFields {
  source: string;
  taskVersion: number;
  protocolId: string;
  protocolVersion: number;
  stale: boolean;
  staleReason: string | null;
  measuredAt: string;
  runnerVersion: string | null;
  runnerCommit: string | null;
  onnxruntimeVersion: string | null;
  executionProvider: string | null;
  precision: string | null;
  datasetFingerprint: string | null;
  artifactSha256: string | null;
  featureTensor: string | null;
  provenance: unknown;
}

const short = (hash: string | null) => (hash ? hash.slice(0, 12) : null);

/**
 * What made a number, one click away: a <details> disclosure (works without JavaScript) with the
 * summary line visible and every typed field inside. Reported numbers name their paper table.
 */
export function ResultProvenance({ r }: { r: ProvenanceFields }) {
  const p = (r.provenance ?? {}) as Record<string, unknown>;
  const reported = r.source.toLowerCase() === 'reported';
  const summary = reported
    ? `paper${typeof p.table === 'string' ? `, ${p.table}` : ''}`
    : `runner ${r.runnerVersion ?? '?'} · ${r.executionProvider ?? '?'} · ${r.precision ?? '?'}`;
  const fields: [string, string | null][] = reported
    ? [
        ['Table', typeof p.table === 'string' ? p.table : null],
        ['Column', typeof p.column === 'string' ? p.column : null],
        ['Protocol', `${r.protocolId} v${r.protocolVersion}`],
        ['Task version', String(r.taskVersion)],
      ]
    : [
        ['Protocol', `${r.protocolId} v${r.protocolVersion}`],
        ['Task version', String(r.taskVersion)],
        ['Measured', r.measuredAt],
        ['Runner', r.runnerVersion],
        ['Runner commit', short(r.runnerCommit)],
        ['onnxruntime', r.onnxruntimeVersion],
        ['Execution provider', r.executionProvider],
        ['Precision', r.precision],
        ['Dataset fingerprint', short(r.datasetFingerprint)],
        ['Model sha256', short(r.artifactSha256)],
        ['Feature tensor', r.featureTensor],
      ];
  return (
    <details className="result-provenance" data-stale={r.stale ? 'true' : undefined}>
      <summary>
        {summary}
        {r.stale ? (
          <span className="badge stale" title={r.staleReason ?? undefined}>
            {' '}
            stale
          </span>
        ) : null}
      </summary>
      {r.stale ? <p className="stale-reason">Stale: {r.staleReason}</p> : null}
      <dl>
        {fields
          .filter(([, v]) => v !== null)
          .map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>
                {k.includes('sha256') || k.includes('fingerprint') || k.includes('commit') ? <code>{v}</code> : v}
              </dd>
            </div>
          ))}
      </dl>
    </details>
  );
}
