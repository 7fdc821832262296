import type { Metadata } from 'next';
import { CATEGORY_LABELS, metricDigits, shortTaskLabel, type Source } from '../../lib/leaderboard';
import { comparedRows, compareTasks, MAX_COMPARED, parseModelList, winCounts } from '../../lib/compare';
import { fetchModelRows, fetchPaperModels, modelLookupError } from '../../lib/view-rows';
import { basisLabel, protocolLabel } from '../../lib/protocols';
import { param } from '../../lib/view';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Compare models' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const signed = (v: number | null, d: number) =>
  v === null ? '—' : `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v).toFixed(d)}`;

export default async function ComparePage({ searchParams }: Props) {
  const params = await searchParams;
  const wanted = parseModelList(params.models).slice(0, MAX_COMPARED);
  const suite = param(params, 'suite') ?? 'ssl-transfer-v1';
  const sourceRaw = param(params, 'source');
  // Reported and measured rows sit side by side: only numbers on the same protocol are compared.
  const source: Source | undefined = sourceRaw === 'MEASURED' || sourceRaw === 'REPORTED' ? sourceRaw : undefined;
  // Only the wanted models' rows of the view, one lookup per wanted slug, and the paper's models
  // as suggestions: small responses the API caches, whatever the number of models.
  const [board, lookups, suggested] = await Promise.all([
    fetchModelRows({ suite, source, models: wanted }),
    Promise.all(wanted.map(modelLookupError)),
    fetchPaperModels(),
  ]);
  const unknown = wanted.filter((_, i) => lookups[i] !== null);
  const unknownText = lookups.filter((e): e is string => e !== null);
  const compared = comparedRows(wanted, board?.rows ?? [], unknown);
  const rows = compared.rows;
  // An unknown suite is said once, below, not as missing results for every model.
  const missing = board ? compared.missing : [];
  const slots = [...wanted, ...new Array<string>(Math.max(0, MAX_COMPARED - wanted.length)).fill('')];
  const tasks = board?.tasks ?? [];
  const comparisons = compareTasks(tasks, rows);
  const wins = winCounts(comparisons, rows.length);
  const label = (r: (typeof rows)[number]) => (r.source === 'MEASURED' ? `${r.model.name} (measured)` : r.model.name);
  const allCategories = [...new Set(tasks.map((t) => t.category))];

  return (
    <>
      <h1>Compare models</h1>
      <p className="lede">
        Two to four models side by side: per-task values, the difference to the first model, and who wins where.
      </p>
      <form className="filters" method="get" action="/compare" aria-label="Models to compare">
        {slots.map((slug, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the form's slots are positions (slot 1 is the baseline), not items
          <label key={i}>
            Model {i + 1}
            {i === 0 ? ' (baseline for deltas)' : ''}
            <input
              name="models"
              list="compare-suggestions"
              defaultValue={slug}
              placeholder="model slug"
              autoComplete="off"
              spellCheck={false}
            />
          </label>
        ))}
        <datalist id="compare-suggestions">
          {suggested.map((m) => (
            <option key={m.slug} value={m.slug}>
              {m.name}
            </option>
          ))}
        </datalist>
        <label>
          Suite
          <select name="suite" defaultValue={suite}>
            {(board?.suites ?? [{ slug: suite, title: suite }]).map((s) => (
              <option key={s.slug} value={s.slug}>
                {s.slug}
              </option>
            ))}
          </select>
        </label>
        <label>
          Source
          <select name="source" defaultValue={source ?? ''}>
            <option value="">Reported and measured</option>
            <option value="REPORTED">Reported (paper)</option>
            <option value="MEASURED">Measured (runners)</option>
          </select>
        </label>
        <button type="submit">Compare</button>
      </form>
      {unknown.length ? (
        <p className="error-box" role="alert">
          {unknownText.join(' ')} Type a model&apos;s slug (as in its page&apos;s address, <code>/models/slug</code>),
          pick one of the suggestions, or find it on the <a href="/">leaderboard</a>.
        </p>
      ) : null}
      {missing.length ? (
        <p className="note">
          No {source ? `${source.toLowerCase()} ` : ''}results on {suite} for: {missing.join(', ')}.
        </p>
      ) : null}
      {!board ? (
        <p className="error-box" role="alert">
          Unknown suite &quot;{suite}&quot;.
        </p>
      ) : null}
      {rows.length < 2 ? (
        <p>
          Choose at least two models. For example: <a href="/compare?models=swav,supervised">SwAV vs Supervised</a>,{' '}
          <a href="/compare?models=byol,simclr-v2,moco-v2,deepcluster-v2">
            BYOL, SimCLR-v2, MoCo-v2 and DeepCluster-v2
          </a>
          .
        </p>
      ) : (
        <>
          <section aria-labelledby="summary">
            <h2 id="summary">Who wins where</h2>
            <div className="table-wrap">
              <table className="plain compare-summary">
                <thead>
                  <tr>
                    <th scope="col">Model</th>
                    <th scope="col">Rank</th>
                    <th scope="col">Score</th>
                    {rows[0]!.categoryScores.map((c) => (
                      <th key={c.category} scope="col">
                        {CATEGORY_LABELS[c.category]}
                      </th>
                    ))}
                    <th scope="col">Tasks won</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r, i) => (
                    <tr key={`${r.model.slug}-${r.source}`} data-model={r.model.slug} data-source={r.source}>
                      <th scope="row" className="left">
                        <a href={`/models/${r.model.slug}`}>{label(r)}</a>
                      </th>
                      <td data-col="rank">
                        {r.rank === null ? '—' : `${r.rank} of ${r.rankedAmong}`}
                        {r.rank !== null && r.basis.length < allCategories.length ? (
                          <span className="protocol">over {basisLabel(r.basis)}</span>
                        ) : null}
                      </td>
                      <td>{r.score?.toFixed(2) ?? '—'}</td>
                      {r.categoryScores.map((c) => {
                        // The best category score among the compared rows comparable on it; others are named, not compared.
                        const best = Math.max(
                          ...rows
                            .map((o) => o.categoryScores.find((x) => x.category === c.category))
                            .filter((x) => x?.comparable)
                            .map((x) => x!.score ?? -Infinity),
                        );
                        return (
                          <td
                            key={c.category}
                            data-category={c.category}
                            data-comparable={String(c.comparable)}
                            className={c.comparable && c.score !== null && c.score === best ? 'win' : undefined}
                          >
                            {c.score?.toFixed(2) ?? '—'}
                            {!c.comparable && c.score !== null ? (
                              <span className="protocol">≠ {c.protocols.map(protocolLabel).join(', ')}</span>
                            ) : null}
                          </td>
                        );
                      })}
                      <td data-col="wins">
                        {wins[i]} of {comparisons.filter((c) => c.winners.length).length}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section aria-labelledby="per-task">
            <h2 id="per-task">Per task</h2>
            <div className="table-wrap">
              <table className="plain compare-tasks">
                <thead>
                  <tr>
                    <th scope="col">Task</th>
                    {rows.map((r, i) => (
                      <th key={`${r.model.slug}-${r.source}`} scope="col">
                        {label(r)}
                        {i > 0 ? <span className="ci"> (Δ vs {label(rows[0]!)})</span> : null}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {comparisons.map((c) => {
                    const d = metricDigits(c.task.primaryMetric);
                    return (
                      <tr key={c.task.slug} data-task={c.task.slug}>
                        <th scope="row" className="left">
                          <a href={`/tasks/${c.task.slug}`}>{shortTaskLabel(c.task)}</a>
                          {c.task.higherIsBetter ? '' : <span className="dir"> ↓better</span>}
                        </th>
                        {c.values.map((v, i) => (
                          <td
                            // biome-ignore lint/suspicious/noArrayIndexKey: one column per compared model, in the order chosen; a model may be chosen twice
                            key={i}
                            className={c.winners.includes(i) ? 'win' : undefined}
                            data-model={rows[i]!.model.slug}
                            data-source={rows[i]!.source}
                            data-comparable={v === null ? undefined : String(c.comparable[i])}
                          >
                            {v === null ? '—' : v.toFixed(d)}
                            {v !== null && !c.comparable[i] ? (
                              <span className="protocol">≠ {c.protocols[i]}</span>
                            ) : null}
                            {i > 0 && c.deltas[i] !== null ? (
                              <span
                                className={`ci ${c.deltas[i]! > 0 === c.task.higherIsBetter && c.deltas[i] !== 0 ? 'pos' : c.deltas[i] === 0 ? '' : 'neg'}`}
                              >
                                {' '}
                                {signed(c.deltas[i]!, d)}
                              </span>
                            ) : null}
                            {c.winners.includes(i) ? <span className="sr-only"> (best)</span> : null}
                          </td>
                        ))}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <p className="legend">
              Bold green cells are the best value per task among the numbers on the task&apos;s reference protocol; Δ is
              green where the model beats {label(rows[0]!)}, red where it is worse. A number marked ≠ comes from another
              protocol (the runner&apos;s frozen-feature probes where the paper trained detection or dense heads): it
              never wins and has no Δ against a number on another protocol.
            </p>
          </section>
        </>
      )}
    </>
  );
}
