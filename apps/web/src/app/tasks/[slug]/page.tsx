import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { barChartWithCi } from '../../../lib/charts';
import { graphql } from '../../../lib/gql';
import type { TaskQuery } from '../../../lib/gql/graphql';
import { gql, GraphQLRequestError } from '../../../lib/graphql';
import { CATEGORY_LABELS, metricDigits, metricLabel, type Source } from '../../../lib/leaderboard';
import { fetchAllModels } from '../../../lib/models';

export const dynamic = 'force-dynamic';

const TASK = graphql(`
  query Task($slug: String!) {
    task(slug: $slug) {
      slug title category dataset numClasses primaryMetric higherIsBetter secondaryMetrics version
      protocol { id version description params }
      paperProtocol { id version description params }
    }
    suites { slug tasks { slug } }
  }
`);

type Protocol = NonNullable<TaskQuery['task']>['paperProtocol'];

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

async function loadTask(slug: string) {
  return gql(TASK, { slug }).catch((e: unknown): TaskQuery => {
    if (e instanceof GraphQLRequestError && e.code === 'NOT_FOUND') return { task: null, suites: [] };
    throw e;
  });
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  return { title: slug };
}

function ProtocolCard({ title, protocol }: { title: string; protocol: Protocol }) {
  return (
    <div className="card">
      <h2>{title}</h2>
      <p><code>{protocol.id}</code> v{protocol.version}: {protocol.description}</p>
      <dl className="meta">
        {Object.entries(protocol.params as Record<string, unknown>).map(([k, v]) => (
          <div key={k} style={{ display: 'contents' }}>
            <dt>{k}</dt>
            <dd><code>{typeof v === 'string' ? v : JSON.stringify(v)}</code></dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

export default async function TaskPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const sourceRaw = (await searchParams).source;
  const { task, suites } = await loadTask(slug);
  if (!task) notFound();
  const sourceFilter: Source | undefined = sourceRaw === 'MEASURED' || sourceRaw === 'REPORTED' ? sourceRaw : undefined;

  const models = await fetchAllModels(slug);
  const entries = models
    .flatMap((m) => (m.results ?? []).filter((r) => r.metric === task.primaryMetric && (!sourceFilter || r.source === sourceFilter)).map((r) => ({ model: m, result: r })))
    .sort((a, b) => (task.higherIsBetter ? b.result.value - a.result.value : a.result.value - b.result.value));
  // Competition ranking per source: reported and measured numbers are never ranked together.
  const rankOf = new Map<(typeof entries)[number], number>();
  for (const source of ['REPORTED', 'MEASURED'] as const) {
    const group = entries.filter((e) => e.result.source === source);
    group.forEach((e, i) => rankOf.set(e, i > 0 && group[i - 1]!.result.value === e.result.value ? rankOf.get(group[i - 1]!)! : i + 1));
  }
  const digits = metricDigits(task.primaryMetric);
  const inSuites = suites.filter((s) => s.tasks.some((t) => t.slug === slug)).map((s) => s.slug);
  const protocolsDiffer = task.protocol && task.protocol.id !== task.paperProtocol.id;

  return (
    <>
      <p><a href="/">← Leaderboard</a></p>
      <h1>{task.title}</h1>
      <dl className="meta">
        <dt>Category</dt><dd>{CATEGORY_LABELS[task.category]}</dd>
        <dt>Dataset</dt><dd><code>{task.dataset}</code> ({task.numClasses} classes)</dd>
        <dt>Primary metric</dt><dd>{metricLabel(task.primaryMetric)} ({task.higherIsBetter ? 'higher' : 'lower'} is better)</dd>
        <dt>Secondary metrics</dt><dd>{task.secondaryMetrics.map(metricLabel).join(', ') || 'none'}</dd>
        <dt>Suites</dt><dd>{inSuites.length ? inSuites.join(', ') : 'none (an appendix task)'}</dd>
        <dt>Task version</dt><dd>{task.version}</dd>
      </dl>
      <section aria-labelledby="protocols">
        <h2 id="protocols">Protocol</h2>
        {protocolsDiffer ? (
          <p className="note">The runner&apos;s protocol differs from the paper&apos;s: measured numbers are ranked separately from reported ones.</p>
        ) : null}
        <div className="grid-2">
          <ProtocolCard title="Paper's protocol (reported numbers)" protocol={task.paperProtocol} />
          {task.protocol ? <ProtocolCard title="Runner's protocol (measured numbers)" protocol={task.protocol} /> : (
            <div className="card"><h2>Runner&apos;s protocol</h2><p>The Transferboard runner cannot measure this task.</p></div>
          )}
        </div>
      </section>
      <section aria-labelledby="ranking">
        <h2 id="ranking">Ranking</h2>
        <nav className="controls" aria-label="Source">
          {[['', 'All sources'], ['REPORTED', 'Reported'], ['MEASURED', 'Measured']].map(([v, label]) => (
            <a key={v} className="pill" href={v ? `/tasks/${slug}?source=${v}` : `/tasks/${slug}`} aria-current={(sourceFilter ?? '') === v ? 'page' : undefined}>{label}</a>
          ))}
        </nav>
        {entries.length === 0 ? <p>No results on this task yet.</p> : (
          <>
            <figure>
              <div
                role="img"
                aria-label={`Bar chart of ${metricLabel(task.primaryMetric)} per model with 95% confidence intervals; the table below has the same numbers.`}
                dangerouslySetInnerHTML={{ __html: barChartWithCi(entries.map((e) => ({ label: e.result.source === 'MEASURED' ? `${e.model.name} (measured)` : e.model.name, value: e.result.value, ciLow: e.result.ciLow, ciHigh: e.result.ciHigh, highlight: e.result.source === 'MEASURED' })), `${metricLabel(task.primaryMetric)}${task.higherIsBetter ? '' : ' (lower is better)'}`) }}
              />
              <figcaption>Whiskers: 95% confidence interval where the result has one. Orange bars are measured by runners.</figcaption>
            </figure>
            <div className="table-wrap">
              <table className="plain ranking">
                <thead>
                  <tr><th scope="col">#</th><th scope="col" className="left">Model</th><th scope="col">{metricLabel(task.primaryMetric)}</th><th scope="col">95% CI</th><th scope="col" className="left">Source</th><th scope="col" className="left">Protocol</th></tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={`${e.model.slug}-${e.result.source}`} data-model={e.model.slug}>
                      <td>{rankOf.get(e)}</td>
                      <th scope="row" className="left"><a href={`/models/${e.model.slug}`}>{e.model.name}</a></th>
                      <td>{e.result.value.toFixed(digits)}</td>
                      <td>{e.result.ciLow !== null && e.result.ciHigh !== null ? `${e.result.ciLow.toFixed(digits)}–${e.result.ciHigh.toFixed(digits)}` : '—'}</td>
                      <td className="left"><span className={`badge ${e.result.source.toLowerCase()}`}>{e.result.source.toLowerCase()}</span></td>
                      <td className="left"><code>{e.result.protocolId}</code></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </>
  );
}
