import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { rankChart } from '../../../lib/charts';
import { graphql } from '../../../lib/gql';
import { gql, GraphQLRequestError } from '../../../lib/graphql';
import { CATEGORIES, CATEGORY_LABELS, metricDigits, metricLabel } from '../../../lib/leaderboard';
import { fetchModelRows } from '../../../lib/view-rows';
import { basisLabel, protocolLabel } from '../../../lib/protocols';
import { fetchModelSubmissions } from '../../../lib/submissions';
import { param } from '../../../lib/view';
import { ResultProvenance } from '../../../components/ResultProvenance';
import { ModelFacts } from '../../../components/ModelFacts';

export const dynamic = 'force-dynamic';

const MODEL = graphql(`
  query Model($slug: String!) {
    model(slug: $slug) {
      slug name source family architecture description imagenetTop1 normalization checkpointUrl checkpointNotes paperUrl codeUrl license onnxSha256
      properties { key value source }
      cost { parameters gflopsPerImage gflopsUnknown definition imagesPerSecond peakMemoryMiB peakGpuMemoryMiB device provider precision batchSize imagesMeasured tasksMeasured measuredAt }
      costs { device provider precision batchSize imagesPerSecond peakMemoryMiB peakGpuMemoryMiB imagesMeasured tasksMeasured measuredAt }
      anatomy { family familySource familyReason patchSize inputShape inputSize featureTensor featureSource featureReason featureDimension spatialTensors spatialSource }
      results {
        task { slug title category primaryMetric higherIsBetter } metric value ciLow ciHigh source protocolId protocolVersion provenance
        taskVersion stale staleReason measuredAt runnerVersion runnerCommit onnxruntimeVersion executionProvider precision
        datasetFingerprint artifactSha256 featureTensor
      }
    }
    suites { slug title }
  }
`);

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).slug };
}

async function loadModel(slug: string) {
  try {
    return await gql(MODEL, { slug });
  } catch (e) {
    if (e instanceof GraphQLRequestError && e.code === 'NOT_FOUND') return null;
    throw e;
  }
}

const Link = ({ href }: { href: string | null }) =>
  href ? (
    <a href={href} rel="noopener noreferrer">
      {href}
    </a>
  ) : (
    <>—</>
  );

export default async function ModelPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const loaded = await loadModel(slug);
  if (!loaded?.model) notFound();
  const { model, suites } = loaded;
  const suite = param(await searchParams, 'suite') ?? 'ssl-transfer-v1';
  // This model's rows only (one per source), ranked in the whole view: not the whole board.
  const [board, history] = await Promise.all([
    fetchModelRows({ suite, models: [model.slug] }),
    fetchModelSubmissions(slug),
  ]);
  const rows = board?.rows ?? [];
  const ordered = [...model.results].sort(
    (a, b) =>
      CATEGORIES.indexOf(a.task.category) - CATEGORIES.indexOf(b.task.category) ||
      a.task.slug.localeCompare(b.task.slug, 'en', { numeric: true }),
  );
  const primary = ordered.filter((r) => r.metric === r.task.primaryMetric);
  const secondary = ordered.filter((r) => r.metric !== r.task.primaryMetric);

  return (
    <>
      <p>
        <a href="/">← Leaderboard</a>
      </p>
      <h1>{model.name}</h1>
      {model.description ? <p className="lede">{model.description}</p> : null}
      <p>
        {model.slug === 'supervised' ? (
          <a className="button secondary" href="/compare?models=supervised,swav">
            Compare with SwAV
          </a>
        ) : (
          <a className="button secondary" href={`/compare?models=${model.slug},supervised`}>
            Compare with the supervised baseline
          </a>
        )}
      </p>
      <section aria-labelledby="meta">
        <h2 id="meta">Metadata and provenance</h2>
        <dl className="meta">
          <dt>Slug</dt>
          <dd>
            <code>{model.slug}</code>
          </dd>
          <dt>Origin</dt>
          <dd>{model.source === 'PAPER' ? 'evaluated in the paper' : 'submitted to Transferboard'}</dd>
          <dt>Family</dt>
          <dd>{model.family ?? '—'}</dd>
          <dt>Architecture</dt>
          <dd>{model.architecture ?? '—'}</dd>
          <dt>ImageNet top-1 (linear)</dt>
          <dd>{model.imagenetTop1 !== null ? `${model.imagenetTop1.toFixed(1)}%` : '—'}</dd>
          <dt>Input normalisation</dt>
          <dd>{model.normalization}</dd>
          <dt>Checkpoint</dt>
          <dd>
            <Link href={model.checkpointUrl} />
            {model.checkpointNotes ? ` (${model.checkpointNotes})` : ''}
          </dd>
          <dt>ONNX sha256</dt>
          <dd>{model.onnxSha256 ? <code>{model.onnxSha256}</code> : '— (no ONNX file: reported numbers only)'}</dd>
          <dt>Paper</dt>
          <dd>
            <Link href={model.paperUrl} />
          </dd>
          <dt>Code</dt>
          <dd>
            <Link href={model.codeUrl} />
          </dd>
          <dt>Licence</dt>
          <dd>{model.license ?? '—'}</dd>
        </dl>
        {model.properties.length ? (
          <details>
            <summary>Further properties ({model.properties.length})</summary>
            <table className="plain">
              <thead>
                <tr>
                  <th scope="col">Property</th>
                  <th scope="col">Value</th>
                  <th scope="col" className="left">
                    Source
                  </th>
                </tr>
              </thead>
              <tbody>
                {model.properties.map((p) => (
                  <tr key={p.key}>
                    <td>{p.key.replaceAll('_', ' ')}</td>
                    <td>{p.value === '' ? '—' : String(p.value)}</td>
                    <td className="left">{p.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        ) : null}
      </section>
      <ModelFacts anatomy={model.anatomy} cost={model.cost} costs={model.costs} />
      <section aria-labelledby="ranks">
        <h2 id="ranks">Rank per category</h2>
        <nav className="controls" aria-label="Suites">
          {suites.map((s) => (
            <a
              key={s.slug}
              className="pill"
              href={`/models/${slug}?suite=${s.slug}`}
              aria-current={s.slug === suite ? 'page' : undefined}
            >
              {s.slug}
            </a>
          ))}
        </nav>
        {!board ? (
          <p className="error-box" role="alert">
            Unknown suite &quot;{suite}&quot;.
          </p>
        ) : null}
        {board && rows.length === 0 ? (
          <p>No results on {suite} yet.</p>
        ) : (
          rows.map((row) => {
            // Ranks only where the category is on the reference protocol; the rest are named, not charted.
            const ranked = row.categoryScores.filter((c) => c.comparable && c.rank !== null && c.rankedAmong !== null);
            const items = ranked.map((c) => ({
              label: CATEGORY_LABELS[c.category],
              rank: c.rank!,
              of: c.rankedAmong!,
            }));
            const other = row.categoryScores.filter((c) => !c.comparable && c.score !== null);
            const all = board!.tasks.map((t) => t.category).filter((c, i, a) => a.indexOf(c) === i);
            const partial = row.basis.length > 0 && row.basis.length < all.length;
            return (
              <figure key={row.source} className="card" data-source={row.source}>
                <figcaption data-col="overall">
                  {row.source.toLowerCase()} results: overall rank{' '}
                  {row.rank === null
                    ? '— (no category with every task on the reference protocol)'
                    : `${row.rank} of ${row.rankedAmong}`}
                  {partial ? `, over ${basisLabel(row.basis)} only` : ''}, score {row.score?.toFixed(2) ?? '—'}
                </figcaption>
                {items.length ? (
                  <div
                    role="img"
                    aria-label={`Ranks per category: ${items.map((i) => `${i.label} #${i.rank} of ${i.of}`).join(', ')}`}
                    // biome-ignore lint/security/noDangerouslySetInnerHtml: an SVG string from echarts' server-side renderer (lib/charts.ts), which escapes all text
                    dangerouslySetInnerHTML={{ __html: rankChart(items) }}
                  />
                ) : null}
                {other.length ? (
                  <ul className="not-comparable">
                    {other.map((c) => (
                      <li key={c.category} data-category={c.category}>
                        {CATEGORY_LABELS[c.category]}: {c.score!.toFixed(2)} from{' '}
                        {c.protocols.map(protocolLabel).join(', ')}, not the protocol the other rows are ranked on here:
                        not ranked against them
                        {(c.rankedAmong ?? 0) > 1 ? ` (rank ${c.rank} of ${c.rankedAmong} on the same protocol)` : ''}.
                      </li>
                    ))}
                  </ul>
                ) : null}
              </figure>
            );
          })
        )}
      </section>
      <section aria-labelledby="results">
        <h2 id="results">
          Every result ({primary.length} primary, {secondary.length} secondary metrics)
        </h2>
        <div className="table-wrap">
          <table className="plain results">
            <thead>
              <tr>
                <th scope="col">Task</th>
                <th scope="col" className="left">
                  Metric
                </th>
                <th scope="col">Value</th>
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
            <tbody>
              {[...primary, ...secondary].map((r) => {
                const d = metricDigits(r.metric);
                return (
                  <tr
                    key={`${r.task.slug}-${r.metric}-${r.source}-${r.protocolId}-${r.protocolVersion}`}
                    data-task={r.task.slug}
                    data-metric={r.metric}
                    className={r.stale ? 'stale' : undefined}
                  >
                    <td>
                      <a href={`/tasks/${r.task.slug}`}>{r.task.title}</a>
                    </td>
                    <td className="left">
                      {metricLabel(r.metric)}
                      {r.metric === r.task.primaryMetric ? ' (primary)' : ''}
                    </td>
                    <td>{r.value.toFixed(d)}</td>
                    <td>
                      {r.ciLow !== null && r.ciHigh !== null ? `${r.ciLow.toFixed(d)}–${r.ciHigh.toFixed(d)}` : '—'}
                    </td>
                    <td className="left">
                      <span className={`badge ${r.source.toLowerCase()}`}>{r.source.toLowerCase()}</span>
                    </td>
                    <td className="left">
                      <code>{r.protocolId}</code> v{r.protocolVersion}
                    </td>
                    <td className="left">
                      <ResultProvenance r={r} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="history">
        <h2 id="history">Submission history</h2>
        {history.length === 0 ? (
          <p>
            {model.source === 'PAPER' ? 'A paper model: its reported numbers were seeded, not submitted. ' : ''}No
            submissions for this model.
          </p>
        ) : (
          <ul>
            {history.map((s) => (
              <li key={s.id}>
                <a href={`/submissions/${s.id}`}>Submission {s.id}</a>: <span className="status">{s.status}</span>,{' '}
                {s.createdAt}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
