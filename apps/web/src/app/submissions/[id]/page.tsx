import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { NotAvailable } from '../../../components/NotAvailable';
import { GraphQLRequestError } from '../../../lib/graphql';
import { schemaFeatures } from '../../../lib/schema-features';
import { FINAL_STATES, failureOf, fetchSubmission, formatTime } from '../../../lib/submissions';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Submission ${(await params).id}` };
}

/** A task's state in words, with the reason where it has no result. */
function taskState(p: { status: string; reason?: string | null; failures?: number }, live: boolean): string {
  if (p.status === 'NOT_MEASURABLE') return 'skipped (the runner has no protocol for it)';
  const tries = p.failures && p.failures > 1 ? ` (failed in ${p.failures} attempts)` : '';
  if (p.status === 'FAILED') return `FAILED${tries}${p.reason ? `: ${p.reason}` : ''}${live ? ' (retried while attempts remain)' : ''}`;
  if (p.status === 'NOT_RUN') return `not run${p.reason ? `: ${p.reason}` : ''}`;
  return p.status;
}

/** Seconds between refreshes while the submission can still change. */
const REFRESH_S = 5;

export default async function SubmissionPage({ params }: Props) {
  const { id } = await params;
  const features = await schemaFeatures();
  if (!features.has('Query', 'submission')) {
    return (
      <>
        <h1>Submission {id}</h1>
        <NotAvailable what="Submission status" detail="The API does not serve submissions yet. Come back to this page later: its address stays valid." />
      </>
    );
  }
  let submission;
  try {
    submission = await fetchSubmission(features, id);
  } catch (e) {
    if (e instanceof GraphQLRequestError && (e.code === 'NOT_FOUND' || e.code === 'BAD_USER_INPUT')) notFound();
    throw e;
  }
  if (!submission) notFound();
  const live = !FINAL_STATES.has(submission.status.toUpperCase());
  const events = submission.events ?? [];
  const failure = failureOf(submission);
  const job = submission.job ?? null;
  const progress = submission.progress ?? [];
  const done = progress.filter((p) => /^(DONE|SUCCEEDED|COMPLETED)$/i.test(p.status)).length;
  const failed = progress.filter((p) => p.status === 'FAILED').length;

  return (
    <>
      {live ? <meta httpEquiv="refresh" content={String(REFRESH_S)} /> : null}
      <p><a href="/">← Leaderboard</a></p>
      <h1>Submission {submission.id}</h1>
      <dl className="meta" aria-live="polite">
        <dt>Model</dt>
        <dd>{submission.model ? <a href={`/models/${submission.model.slug}`}>{submission.model.name}</a> : '—'}</dd>
        <dt>State</dt>
        <dd><span className="status" data-status={submission.status}>{submission.status}</span></dd>
        {features.has('Submission', 'queuePosition') ? (
          <>
            <dt>Queue position</dt>
            <dd>{submission.queuePosition ?? (live ? 'being evaluated' : '—')}</dd>
          </>
        ) : null}
        {submission.createdAt ? (<><dt>Submitted</dt><dd>{formatTime(submission.createdAt)}</dd></>) : null}
        {job ? (
          <>
            <dt>Evaluation job</dt>
            <dd>
              {job.status}, {job.attempt > 0 ? `attempt ${job.attempt} of ${job.maxAttempts}` : `not started yet (up to ${job.maxAttempts} attempts)`}
              {job.runner ? ` on runner ${job.runner}` : ''}
              {job.leaseExpiresAt && live ? ` (lease until ${formatTime(job.leaseExpiresAt)})` : ''}
            </dd>
            {job.lastError && !failure ? (<><dt>Last error</dt><dd>{job.lastError}</dd></>) : null}
          </>
        ) : null}
        {failure ? (<><dt>Failure reason</dt><dd className="neg" role="alert">{failure}</dd></>) : null}
      </dl>
      {live ? <p className="legend">This page refreshes every {REFRESH_S} seconds until the evaluation ends.</p> : null}
      <section aria-labelledby="progress">
        <h2 id="progress">Per-task progress</h2>
        {!features.has('Submission', 'progress') ? (
          <NotAvailable what="Per-task progress" />
        ) : progress.length === 0 ? (
          <p>No task started yet.</p>
        ) : (
          <>
            <progress className="progress" max={progress.length} value={done} aria-label="Tasks done">{done} of {progress.length}</progress>
            <p>{done} of {progress.length} tasks done{failed ? `; ${failed} failed` : ''}.</p>
            <table className="plain">
              <thead><tr><th scope="col">Task</th><th scope="col" className="left">State</th></tr></thead>
              <tbody>
                {progress.map((p) => (
                  <tr key={p.task.slug} data-task={p.task.slug} data-task-status={p.status}>
                    <td className="left"><a href={`/tasks/${p.task.slug}`}>{p.task.title ?? p.task.slug}</a></td>
                    <td className={p.status === 'FAILED' ? 'left neg' : 'left'}>{taskState(p, live)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      <section aria-labelledby="events">
        <h2 id="events">History</h2>
        {!features.has('Submission', 'events') ? <NotAvailable what="Event history" /> : events.length === 0 ? <p>No events yet.</p> : (
          <ol className="events">
            {events.map((e, i) => (
              <li key={i}>
                <time dateTime={e.at}>{formatTime(e.at)}</time>: <strong>{e.status}</strong>
                {e.attempt ? ` (attempt ${e.attempt})` : ''}
                {e.reason ? ` — ${e.reason}` : ''}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
