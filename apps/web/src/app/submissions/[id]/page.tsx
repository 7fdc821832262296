import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { JobEta } from '../../../components/JobEta';
import { GraphQLRequestError } from '../../../lib/graphql';
import { ReevaluationJobs } from '../../../components/ReevaluationJobs';
import {
  FINAL_STATES,
  failureOf,
  fetchSubmission,
  formatTime,
  reevaluationsOf,
  type Submission,
} from '../../../lib/submissions';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Submission ${(await params).id}` };
}

/** A task's state in words, with the reason where it has no result. */
function taskState(p: Pick<Submission['progress'][number], 'status' | 'reason' | 'failures'>, live: boolean): string {
  if (p.status === 'NOT_MEASURABLE') return 'skipped (the runner has no protocol for it)';
  const tries = p.failures > 1 ? ` (failed in ${p.failures} attempts)` : '';
  if (p.status === 'FAILED')
    return `FAILED${tries}${p.reason ? `: ${p.reason}` : ''}${live ? ' (retried while attempts remain)' : ''}`;
  if (p.status === 'NOT_RUN') return `not run${p.reason ? `: ${p.reason}` : ''}`;
  return p.status;
}

/** Seconds between refreshes while the submission can still change. */
const REFRESH_S = 5;

export default async function SubmissionPage({ params }: Props) {
  const { id } = await params;
  let submission: Awaited<ReturnType<typeof fetchSubmission>>;
  try {
    submission = await fetchSubmission(id);
  } catch (e) {
    if (e instanceof GraphQLRequestError && (e.code === 'NOT_FOUND' || e.code === 'BAD_USER_INPUT')) notFound();
    throw e;
  }
  if (!submission) notFound();
  const live = !FINAL_STATES.has(submission.status);
  const reevaluations = reevaluationsOf(submission);
  const { events, job, progress } = submission;
  const failure = failureOf(submission);
  const done = progress.filter((p) => p.status === 'DONE').length;
  const failed = progress.filter((p) => p.status === 'FAILED').length;

  return (
    <>
      {live || reevaluations.active ? <meta httpEquiv="refresh" content={String(REFRESH_S)} /> : null}
      <p>
        <a href="/">← Leaderboard</a>
      </p>
      <h1>Submission {submission.id}</h1>
      <dl className="meta" aria-live="polite">
        <dt>Model</dt>
        <dd>
          <a href={`/models/${submission.model.slug}`}>{submission.model.name}</a>
        </dd>
        <dt>State</dt>
        <dd>
          <span className="status" data-status={submission.status}>
            {submission.status}
          </span>
          {reevaluations.active ? ' — re-evaluating stale results' : ''}
        </dd>
        <dt>Queue position</dt>
        <dd>{submission.queuePosition ?? (live ? 'being evaluated' : '—')}</dd>
        <dt>Submitted</dt>
        <dd>{formatTime(submission.createdAt)}</dd>
        {job ? (
          <>
            <dt>Evaluation job</dt>
            <dd>
              {job.status},{' '}
              {job.attempt > 0
                ? `attempt ${job.attempt} of ${job.maxAttempts}`
                : `not started yet (up to ${job.maxAttempts} attempts)`}
              {job.runner ? ` on runner ${job.runner}` : ''}
              {job.leaseExpiresAt && live ? ` (lease until ${formatTime(job.leaseExpiresAt)})` : ''}
            </dd>
            {live ? <JobEta eta={job.eta} /> : null}
            {job.lastError && !failure ? (
              <>
                <dt>Last error</dt>
                <dd>{job.lastError}</dd>
              </>
            ) : null}
          </>
        ) : null}
        {failure ? (
          <>
            <dt>Failure reason</dt>
            <dd className="neg" role="alert">
              {failure}
            </dd>
          </>
        ) : null}
      </dl>
      {live ? <p className="legend">This page refreshes every {REFRESH_S} seconds until the evaluation ends.</p> : null}
      <section aria-labelledby="progress">
        <h2 id="progress">Per-task progress</h2>
        {progress.length === 0 ? (
          <p>No task started yet.</p>
        ) : (
          <>
            <progress className="progress" max={progress.length} value={done} aria-label="Tasks done">
              {done} of {progress.length}
            </progress>
            <p>
              {done} of {progress.length} tasks done{failed ? `; ${failed} failed` : ''}.
            </p>
            <table className="plain">
              <thead>
                <tr>
                  <th scope="col">Task</th>
                  <th scope="col" className="left">
                    State
                  </th>
                </tr>
              </thead>
              <tbody>
                {progress.map((p) => (
                  <tr key={p.task.slug} data-task={p.task.slug} data-task-status={p.status}>
                    <td className="left">
                      <a href={`/tasks/${p.task.slug}`}>{p.task.title}</a>
                    </td>
                    <td className={p.status === 'FAILED' ? 'left neg' : 'left'}>{taskState(p, live)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      <ReevaluationJobs jobs={reevaluations.jobs} />
      <section aria-labelledby="events">
        <h2 id="events">History</h2>
        {events.length === 0 ? (
          <p>No events yet.</p>
        ) : (
          <ol className="events">
            {events.map((e) => (
              <li key={`${e.at}-${e.status}-${e.attempt ?? 0}`}>
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
