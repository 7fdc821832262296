import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { barChartWithCi } from '../../../lib/charts';
import { graphql } from '../../../lib/gql';
import type { TaskQuery } from '../../../lib/gql/graphql';
import { gql, GraphQLRequestError } from '../../../lib/graphql';
import { CATEGORY_LABELS, metricDigits, metricLabel, type Source } from '../../../lib/leaderboard';
import { protocolLabel } from '../../../lib/protocols';
import { pageArgs, parsePosition, type PagePosition } from '../../../lib/view';
import { ResultProvenance } from '../../../components/ResultProvenance';
import { Pagination } from '../../../components/Pagination';

export const dynamic = 'force-dynamic';

const TASK = graphql(`
  query Task($slug: String!, $source: ResultSource, $first: Int, $after: String, $last: Int, $before: String) {
    task(slug: $slug) {
      slug title category dataset numClasses primaryMetric higherIsBetter secondaryMetrics version
      protocol { id version description params }
      paperProtocol { id version description params }
      ranking(source: $source) {
        referenceProtocol { id version } referenceReason
        entriesPage(first: $first, after: $after, last: $last, before: $before) {
          totalCount offset
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges {
            node {
              model { slug name } source value ciLow ciHigh protocolId protocolVersion comparable rank rankedAmong
              result {
                source taskVersion protocolId protocolVersion stale staleReason measuredAt runnerVersion runnerCommit
                onnxruntimeVersion executionProvider precision datasetFingerprint artifactSha256 featureTensor provenance
              }
            }
          }
        }
      }
      datasetFingerprints { fingerprint results runnerVersions }
    }
    suites { slug tasks { slug } }
  }
`);

type Protocol = NonNullable<TaskQuery['task']>['paperProtocol'];

/** Results per page of a task's ranking: at 10,000 models the page renders one page, never the whole ranking. */
const TASK_PAGE_SIZE = 50;

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

async function loadTask(slug: string, source: Source | undefined, position: PagePosition) {
  return gql(TASK, { slug, source, ...pageArgs(position, TASK_PAGE_SIZE) }).catch((e: unknown): TaskQuery => {
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
      <p>
        <code>{protocol.id}</code> v{protocol.version}: {protocol.description}
      </p>
      <dl className="meta">
        {Object.entries(protocol.params as Record<string, unknown>).map(([k, v]) => (
          <div key={k} style={{ display: 'contents' }}>
            <dt>{k}</dt>
            <dd>
              <code>{typeof v === 'string' ? v : JSON.stringify(v)}</code>
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

export default async function TaskPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const query = await searchParams;
  const sourceRaw = query.source;
  const sourceFilter: Source | undefined = sourceRaw === 'MEASURED' || sourceRaw === 'REPORTED' ? sourceRaw : undefined;
  const { task, suites } = await loadTask(slug, sourceFilter, parsePosition(query));
  if (!task) notFound();
  const href = (extra: Record<string, string> = {}) => {
    const q = new URLSearchParams({ ...(sourceFilter ? { source: sourceFilter } : {}), ...extra }).toString();
    return q ? `/tasks/${slug}?${q}` : `/tasks/${slug}`;
  };

  // Ranked by the API, each result only among those on the same protocol; the reference protocol's
  // first. One page of it: a group's size is its results' `rankedAmong`, not this page's rows.
  const page = task.ranking.entriesPage;
  const entries = page.edges.map((e) => e.node);
  const groups = [...new Set(entries.map((e) => protocolLabel(e)))].map((label) =>
    entries.filter((e) => protocolLabel(e) === label),
  );
  const reference = entries.filter((e) => e.comparable);
  const digits = metricDigits(task.primaryMetric);
  const inSuites = suites.filter((s) => s.tasks.some((t) => t.slug === slug)).map((s) => s.slug);
  const protocolsDiffer = task.protocol !== null && protocolLabel(task.protocol) !== protocolLabel(task.paperProtocol);

  return (
    <>
      <p>
        <a href="/">← Leaderboard</a>
      </p>
      <h1>{task.title}</h1>
      <dl className="meta">
        <dt>Category</dt>
        <dd>{CATEGORY_LABELS[task.category]}</dd>
        <dt>Dataset</dt>
        <dd>
          <code>{task.dataset}</code> ({task.numClasses} classes)
        </dd>
        <dt>Primary metric</dt>
        <dd>
          {metricLabel(task.primaryMetric)} ({task.higherIsBetter ? 'higher' : 'lower'} is better)
        </dd>
        <dt>Secondary metrics</dt>
        <dd>{task.secondaryMetrics.map(metricLabel).join(', ') || 'none'}</dd>
        <dt>Suites</dt>
        <dd>{inSuites.length ? inSuites.join(', ') : 'none (an appendix task)'}</dd>
        <dt>Task version</dt>
        <dd>{task.version}</dd>
      </dl>
      <section aria-labelledby="protocols">
        <h2 id="protocols">Protocol</h2>
        {protocolsDiffer ? (
          <p className="note" data-note="not-comparable">
            <strong>Measured and reported numbers are not comparable on this task.</strong> The runner measures{' '}
            <code>{protocolLabel(task.protocol!)}</code>; the paper&apos;s numbers come from{' '}
            <code>{protocolLabel(task.paperProtocol)}</code>. A measured number here is never ranked against a reported
            one, and the leaderboard leaves it out of its row&apos;s score wherever the paper&apos;s numbers are
            present.
          </p>
        ) : null}
        <div className="grid-2">
          <ProtocolCard title="Paper's protocol (reported numbers)" protocol={task.paperProtocol} />
          {task.protocol ? (
            <ProtocolCard title="Runner's protocol (measured numbers)" protocol={task.protocol} />
          ) : (
            <div className="card">
              <h2>Runner&apos;s protocol</h2>
              <p>The Transferboard runner cannot measure this task.</p>
            </div>
          )}
        </div>
      </section>
      {task.datasetFingerprints.length > 1 ? (
        <p className="note" role="alert" data-note="dataset-fingerprints">
          <strong>Runners evaluated this task on different copies of its data.</strong> The current measured results
          carry {task.datasetFingerprints.length} dataset fingerprints (sha256 over the split&apos;s file list and
          sizes):{' '}
          {task.datasetFingerprints
            .map(
              (f) =>
                `${f.fingerprint.slice(0, 12)} (${f.results} result${f.results === 1 ? '' : 's'}, runner ${f.runnerVersions.join(', ') || '?'})`,
            )
            .join('; ')}
          . Their numbers may not be comparable.
        </p>
      ) : null}
      <section aria-labelledby="ranking">
        <h2 id="ranking">Ranking</h2>
        <nav className="controls" aria-label="Source">
          {[
            ['', 'All sources'],
            ['REPORTED', 'Reported'],
            ['MEASURED', 'Measured'],
          ].map(([v, label]) => (
            <a
              key={v}
              className="pill"
              href={v ? `/tasks/${slug}?source=${v}` : `/tasks/${slug}`}
              aria-current={(sourceFilter ?? '') === v ? 'page' : undefined}
            >
              {label}
            </a>
          ))}
        </nav>
        {entries.length === 0 ? (
          <p>{page.totalCount === 0 ? 'No results on this task yet.' : 'No results on this page.'}</p>
        ) : (
          <>
            {reference.length ? (
              <figure>
                <div
                  role="img"
                  aria-label={`Bar chart of ${metricLabel(task.primaryMetric)} per model on ${protocolLabel(reference[0]!)} with 95% confidence intervals; the table below has the same numbers.`}
                  // biome-ignore lint/security/noDangerouslySetInnerHtml: an SVG string from echarts' server-side renderer (lib/charts.ts), which escapes all text
                  dangerouslySetInnerHTML={{
                    __html: barChartWithCi(
                      reference.map((e) => ({
                        label: e.source === 'MEASURED' ? `${e.model.name} (measured)` : e.model.name,
                        value: e.value,
                        ciLow: e.ciLow,
                        ciHigh: e.ciHigh,
                        highlight: e.source === 'MEASURED',
                      })),
                      `${metricLabel(task.primaryMetric)}${task.higherIsBetter ? '' : ' (lower is better)'}`,
                    ),
                  }}
                />
                <figcaption>
                  The numbers on the reference protocol, <code>{protocolLabel(reference[0]!)}</code>, on this page only.
                  Whiskers: 95% confidence interval where the result has one. Orange bars are measured by runners.
                </figcaption>
              </figure>
            ) : null}
            <Pagination page={page} href={href} noun="Results" />
            <div className="table-wrap">
              <table className="plain ranking">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col" className="left">
                      Model
                    </th>
                    <th scope="col">{metricLabel(task.primaryMetric)}</th>
                    <th scope="col">95% CI</th>
                    <th scope="col" className="left">
                      Source
                    </th>
                    <th scope="col" className="left">
                      Protocol
                    </th>
                    <th scope="col" className="left">
                      Provenance
                    </th>
                  </tr>
                </thead>
                {groups.map((group) => (
                  <tbody
                    key={protocolLabel(group[0]!)}
                    data-protocol={protocolLabel(group[0]!)}
                    data-comparable={String(group[0]!.comparable)}
                  >
                    <tr className="protocol-group">
                      <th scope="colgroup" colSpan={7} className="left">
                        {group[0]!.comparable
                          ? `Ranked on ${protocolLabel(group[0]!)}, the reference protocol (${group[0]!.rankedAmong} result${group[0]!.rankedAmong === 1 ? '' : 's'})`
                          : `On ${protocolLabel(group[0]!)}: not comparable with the reference protocol, ranked only among themselves (${group[0]!.rankedAmong})`}
                      </th>
                    </tr>
                    {group.map((e) => (
                      <tr
                        key={`${e.model.slug}-${e.source}-${protocolLabel(e)}`}
                        data-model={e.model.slug}
                        data-source={e.source}
                      >
                        <td>
                          {e.rank}
                          <span className="sr-only"> of {e.rankedAmong}</span>
                        </td>
                        <th scope="row" className="left">
                          <a href={`/models/${e.model.slug}`}>{e.model.name}</a>
                        </th>
                        <td>{e.value.toFixed(digits)}</td>
                        <td>
                          {e.ciLow !== null && e.ciHigh !== null
                            ? `${e.ciLow.toFixed(digits)}–${e.ciHigh.toFixed(digits)}`
                            : '—'}
                        </td>
                        <td className="left">
                          <span className={`badge ${e.source.toLowerCase()}`}>{e.source.toLowerCase()}</span>
                        </td>
                        <td className="left">
                          <code>{protocolLabel(e)}</code>
                        </td>
                        <td className="left">
                          <ResultProvenance r={e.result} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                ))}
              </table>
            </div>
          </>
        )}
      </section>
    </>
  );
}
