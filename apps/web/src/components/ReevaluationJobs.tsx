import type { Submission } from '../lib/submissions';

/**
 * A submission's re-evaluation jobs: queued by the API when a protocol or task version made some
 * of its results stale, each with its reason, its tasks and its state. The submission itself
 * stays SUCCEEDED meanwhile; its stale results are shown greyed on the model's page.
 */
export function ReevaluationJobs({ jobs }: { jobs: Submission['jobs'] }) {
  if (jobs.length === 0) return null;
  return (
    <section aria-labelledby="reevaluations">
      <h2 id="reevaluations">Re-evaluations</h2>
      <table className="plain">
        <thead>
          <tr>
            <th scope="col" className="left">
              Why
            </th>
            <th scope="col" className="left">
              Tasks
            </th>
            <th scope="col" className="left">
              State
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => (
            <tr key={j.id} data-job={j.id} data-job-status={j.status}>
              <td className="left">{j.reason ?? '—'}</td>
              <td className="left">
                {(j.taskSlugs ?? []).map((t, i) => (
                  <span key={t}>
                    {i > 0 ? ', ' : ''}
                    <a href={`/tasks/${t}`}>{t}</a>
                  </span>
                ))}
              </td>
              <td className={j.status === 'FAILED' ? 'left neg' : 'left'}>
                <span className="status" data-status={j.status}>
                  {j.status}
                </span>
                {j.attempt > 0 ? ` (attempt ${j.attempt} of ${j.maxAttempts})` : ''}
                {j.lastError ? ` — ${j.lastError}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
