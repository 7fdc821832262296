import type { Metadata } from 'next';
import { scatterWithFit, scatterWithFront } from '../../lib/charts';
import { fetchCostAnalysis, type CostChart } from '../../lib/cost-analysis';
import { fetchGroupCorrelations, type Correlation } from '../../lib/correlation';
import { checkFindings } from '../../lib/findings';
import { GraphQLRequestError } from '../../lib/graphql';
import { metricLabel } from '../../lib/leaderboard';
import { fetchReportedRows } from '../../lib/view-rows';
import { param } from '../../lib/view';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Analysis: ImageNet accuracy vs transfer' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const corrText = (c: Correlation) =>
  Number.isFinite(c.coefficient)
    ? `${c.coefficient.toFixed(2)}${c.ciLow !== null && c.ciHigh !== null ? ` [${c.ciLow.toFixed(2)}, ${c.ciHigh.toFixed(2)}]` : ''}`
    : '—';

function CostFigure({
  chart,
  slug,
  x,
  title,
  caption,
}: {
  chart: CostChart;
  slug: string;
  x: string;
  title: string;
  caption: string;
}) {
  return (
    <figure className="card" data-chart={slug}>
      {chart.points.length >= 1 ? (
        <div
          role="img"
          aria-label={`${title}: ${chart.points.length} models; Pareto front: ${chart.front.map((p) => p.label).join(', ')}`}
          // biome-ignore lint/security/noDangerouslySetInnerHtml: an SVG string from echarts' server-side renderer (lib/charts.ts), which escapes all text
          dangerouslySetInnerHTML={{
            __html: scatterWithFront(chart.points, chart.front, { x, y: 'Score (mean over categories)', title }),
          }}
        />
      ) : (
        <p>No model on this basis has this figure yet.</p>
      )}
      <figcaption>
        {caption} Pareto front (no model is better on both):{' '}
        <span data-testid={`${slug}-front`}>{chart.front.map((p) => p.label).join(', ') || '—'}</span>.
      </figcaption>
    </figure>
  );
}

function CannotAnalyse({ message }: { message: string }) {
  return (
    <div className="error-box" role="alert">
      <h1>Cannot analyse this suite</h1>
      <p>{message}</p>
      <p>
        <a href="/analysis">Back to the default suite</a>
      </p>
    </div>
  );
}

const metricText = (metric: string) =>
  metric === 'primary' ? 'each task\u2019s primary accuracy' : metricLabel(metric);

export default async function AnalysisPage({ searchParams }: Props) {
  const suite = param(await searchParams, 'suite') ?? 'ssl-transfer-v1';
  let board: Awaited<ReturnType<typeof fetchReportedRows>>;
  try {
    // The findings re-check the paper's reported rows (ranked among every row of the view): those
    // rows only, not the whole board (10,000 rows at scale).
    board = await fetchReportedRows(suite);
  } catch (e) {
    if (!(e instanceof GraphQLRequestError)) throw e;
    return <CannotAnalyse message={e.message} />;
  }
  const { tasks, rows } = board;
  const [correlations, cost] = await Promise.all([fetchGroupCorrelations(suite), fetchCostAnalysis(suite)]);
  const findings = checkFindings(tasks, rows, correlations);

  return (
    <>
      <h1>ImageNet accuracy vs transfer</h1>
      <p className="lede">
        The paper&apos;s figure 1, live: each model&apos;s ImageNet top-1 (linear evaluation) against its transfer
        performance in each of the paper&apos;s settings, with the least-squares line, over every model now in the
        database.
      </p>
      <nav className="controls" aria-label="Suites">
        {board.suites.map((s) => (
          <a
            key={s.slug}
            className="pill"
            href={`/analysis?suite=${s.slug}`}
            aria-current={s.slug === suite ? 'page' : undefined}
          >
            {s.slug}
          </a>
        ))}
      </nav>
      <p className="legend">
        Correlations from the API, by the paper&apos;s method: per setting, the per-model mean of the logit-transformed
        metric over the setting&apos;s tasks, with 95% bootstrap intervals over models. Each setting pools one protocol,
        the paper&apos;s: a measured number from another protocol (the runner&apos;s frozen-feature detection and
        normals probes) is never a point here.
      </p>
      <section aria-labelledby="findings">
        <h2 id="findings">The paper&apos;s headline findings, re-checked</h2>
        <ul className="findings">
          {findings.map((f) => (
            <li key={f.claim}>
              {f.claim}{' '}
              <span
                className={`verdict ${f.verdict === 'holds' ? 'holds' : f.verdict === 'does not hold' ? 'fails' : 'unclear'}`}
              >
                {f.verdict}
              </span>
              <br />
              <span className="legend">{f.evidence}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="correlations">
        <h2 id="correlations">Correlation per setting</h2>
        <div className="table-wrap">
          <table className="plain correlations">
            <thead>
              <tr>
                <th scope="col">Setting</th>
                <th scope="col" className="left">
                  Metric
                </th>
                <th scope="col">Tasks</th>
                <th scope="col">Models</th>
                <th scope="col">Pearson r [95% CI]</th>
                <th scope="col">Spearman ρ [95% CI]</th>
              </tr>
            </thead>
            <tbody>
              {correlations.map((c) => (
                <tr key={c.group.slug} data-group={c.group.slug}>
                  <th scope="row" className="left">
                    {c.group.title}
                  </th>
                  <td className="left">{metricText(c.group.metric)}</td>
                  <td>{c.group.tasks.length}</td>
                  <td>{c.pearson.n}</td>
                  <td data-col="pearson">{corrText(c.pearson)}</td>
                  <td data-col="spearman">{corrText(c.spearman)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="cost">
        <h2 id="cost">Score against cost</h2>
        <p className="legend">
          Each point is a leaderboard row ranked over{' '}
          {cost.basis.length ? cost.basis.map((c) => c.toLowerCase().replace('_', '-')).join(', ') : 'no category yet'}{' '}
          (scores over other bases are not comparable). GFLOPs: 2 × the multiply-accumulates of Conv, Gemm and MatMul
          for one 224×224 image, from the graph. Throughput: images per second over a task&apos;s whole feature
          extraction, decoding included, as the runner measured it; compared on one device and precision only.
        </p>
        <div className="grid-2">
          <CostFigure
            chart={cost.gflops}
            slug="gflops"
            x="GFLOPs per image (fewer is better)"
            title="Score vs GFLOPs"
            caption="Score against GFLOPs per image."
          />
          {cost.throughput ? (
            <CostFigure
              chart={cost.throughput}
              slug="throughput"
              x="images per second (more is better)"
              title="Score vs throughput"
              caption={`Score against img/s on ${cost.throughput.device!.name} (${cost.throughput.device!.precision.toLowerCase()}).`}
            />
          ) : (
            <figure className="card" data-chart="throughput">
              <p>No model on this basis has a measured throughput yet: it appears once a runner has evaluated one.</p>
            </figure>
          )}
        </div>
      </section>
      <section aria-labelledby="scatter">
        <h2 id="scatter">Scatter per setting</h2>
        <div className="grid-2">
          {correlations.map((c) => (
            <figure key={c.group.slug} className="card" data-group={c.group.slug}>
              {c.points.length >= 2 ? (
                <div
                  role="img"
                  aria-label={`${c.group.title}: ImageNet top-1 against transfer for ${c.points.length} models, Pearson r ${corrText(c.pearson)}`}
                  // biome-ignore lint/security/noDangerouslySetInnerHtml: an SVG string from echarts' server-side renderer (lib/charts.ts), which escapes all text
                  dangerouslySetInnerHTML={{
                    __html: scatterWithFit(
                      c.points.map((p) => ({ label: p.name, x: p.x, y: p.y })),
                      c.fit,
                      {
                        x: 'logit(ImageNet top-1)',
                        y: `logit(${metricText(c.group.metric)}), mean`,
                        title: c.group.title,
                      },
                    ),
                  }}
                />
              ) : (
                <p>Not enough models with results on the paper&apos;s protocol.</p>
              )}
              <figcaption>
                {c.group.title}: Pearson {corrText(c.pearson)}, Spearman {corrText(c.spearman)}, n = {c.pearson.n}.
              </figcaption>
            </figure>
          ))}
        </div>
      </section>
    </>
  );
}
