import { LeaderboardTable } from '../components/LeaderboardTable';
import {
  CATEGORIES,
  CATEGORY_LABELS,
  type LeaderboardPageData,
  type LeaderboardRow,
  type LeaderboardTask,
} from '../lib/leaderboard';
import { protocolLabel } from '../lib/protocols';
import { loadView, rankKey } from '../lib/load-view';
import type { SortState } from '../lib/sort';
import { PAGE_SIZE, viewHref, type LeaderboardView } from '../lib/view';
import { Pagination } from '../components/Pagination';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function Filters({
  view,
  suites,
  families,
}: {
  view: LeaderboardView;
  suites: { slug: string; title: string }[];
  families: string[];
}) {
  return (
    <form className="filters" method="get" action="/" aria-label="Leaderboard view">
      <div className="filter">
        <label htmlFor="f-suite">Suite</label>
        <select id="f-suite" name="suite" defaultValue={view.suite}>
          {suites.map((s) => (
            <option key={s.slug} value={s.slug}>
              {s.slug}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor="f-aggregate">Aggregate</label>
        <select id="f-aggregate" name="aggregate" defaultValue={view.aggregate}>
          <option value="MEAN">Mean score</option>
          <option value="MEAN_RANK">Mean rank</option>
        </select>
      </div>
      <div className="filter">
        <label htmlFor="f-source">Source</label>
        <select id="f-source" name="source" defaultValue={view.source ?? ''}>
          <option value="">Reported and measured</option>
          <option value="REPORTED">Reported (paper)</option>
          <option value="MEASURED">Measured (runners)</option>
        </select>
      </div>
      <div className="filter">
        <label htmlFor="f-category">Category</label>
        <select id="f-category" name="category" defaultValue={view.category ?? ''}>
          <option value="">All categories</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {CATEGORY_LABELS[c]}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor="f-family">Family</label>
        <select id="f-family" name="family" defaultValue={view.family}>
          <option value="">All families</option>
          {families.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor="f-q">Search models</label>
        <input id="f-q" type="search" name="q" defaultValue={view.q} placeholder="e.g. moco" />
      </div>
      <div className="filter">
        <label htmlFor="f-asof">As of (UTC)</label>
        <input id="f-asof" type="datetime-local" name="asOf" step="1" defaultValue={asOfInputValue(view.asOf)} />
      </div>
      <div className="filter">
        <label htmlFor="f-stale">
          <input id="f-stale" type="checkbox" name="stale" value="1" defaultChecked={view.includeStale ?? false} /> Rank
          stale results
        </label>
      </div>
      {view.cost ? <input type="hidden" name="cost" value="1" /> : null}
      {view.sort.key !== 'rank' || view.sort.dir !== 'asc' ? (
        <>
          <input type="hidden" name="sort" value={view.sort.key} />
          <input type="hidden" name="dir" value={view.sort.dir} />
        </>
      ) : null}
      {view.per !== PAGE_SIZE ? <input type="hidden" name="per" value={view.per} /> : null}
      <button type="submit">Apply</button>
      <a className="button secondary" href="/">
        Reset
      </a>
    </form>
  );
}

/**
 * Which moment the board shows, and a permalink to cite: this view with `asOf` pinned to the
 * last change of the data it is made of, which shows the same numbers forever.
 */
function AsOf({ view, leaderboard }: { view: LeaderboardView; leaderboard: LeaderboardPageData['leaderboard'] }) {
  const permalink = leaderboard.dataAsOf ? viewHref('/', { ...view, asOf: leaderboard.dataAsOf }) : null;
  return (
    <p className="as-of" role="status">
      {leaderboard.asOf ? (
        <>
          The board as of <time dateTime={leaderboard.asOf}>{leaderboard.asOf.replace('.000Z', 'Z')}</time>.{' '}
          <a href={viewHref('/', { ...view, asOf: undefined })}>Show it now</a>.{' '}
        </>
      ) : null}
      {permalink ? (
        <>
          <a className="permalink" href={permalink}>
            Permalink to cite
          </a>{' '}
          (data as of {leaderboard.dataAsOf!.replace('.000Z', 'Z')}).
        </>
      ) : null}
      {leaderboard.includeStale
        ? ' Stale numbers (made under an older protocol or task version) are ranked and shown greyed.'
        : null}
    </p>
  );
}

/** A datetime-local input's value (UTC, to the second) for an asOf as typed or linked. */
function asOfInputValue(asOf: string | undefined): string | undefined {
  if (!asOf) return undefined;
  const at = new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(asOf) || !asOf.includes('T') ? asOf : `${asOf}Z`);
  return Number.isNaN(at.getTime()) ? asOf : at.toISOString().slice(0, 19);
}

/** Where the suite's task list and numbers come from; the evidence where the list is reconstructed. */
function Provenance({ provenance }: { provenance: LeaderboardPageData['leaderboard']['suite']['provenance'] }) {
  return (
    <details className="provenance">
      <summary>
        {provenance.reconstructed
          ? 'A reconstructed task list, with reported numbers from the CVPR version: the evidence for and against'
          : 'Where these tasks and numbers come from'}
      </summary>
      <p>
        <strong>Task list.</strong> {provenance.taskList}
      </p>
      <p>
        <strong>Reported numbers.</strong> {provenance.reportedNumbers}
      </p>
      {provenance.reconstructed ? (
        <div className="grid-2">
          <div>
            <h3>Evidence for this list</h3>
            <ul data-evidence="for">
              {provenance.evidenceFor.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </div>
          <div>
            <h3>Evidence against it</h3>
            <ul data-evidence="against">
              {provenance.evidenceAgainst.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
    </details>
  );
}

/** Which columns rank on a protocol other than the paper's, and how many numbers of this page are shown but not ranked. */
function Comparability({
  leaderboard,
  rows,
}: {
  leaderboard: LeaderboardPageData['leaderboard'];
  rows: LeaderboardRow[];
}) {
  const title = new Map<string, LeaderboardTask>(leaderboard.tasks.map((t) => [t.slug, t]));
  const notPaper = leaderboard.columns.filter((c) => c.referenceReason !== null && c.referenceReason !== 'PAPER');
  const other = rows.flatMap((r) => r.cells.filter((c) => c.value !== null && !c.comparable).map((c) => ({ r, c })));
  if (notPaper.length === 0 && other.length === 0) return null;
  return (
    <div className="note comparability" role="note">
      {other.length > 0 ? (
        <p>
          {other.length} number{other.length === 1 ? '' : 's'} on this page come{other.length === 1 ? 's' : ''} from
          another protocol than their column&apos;s reference (marked ≠):{' '}
          {[
            ...new Set(other.map(({ c }) => `${title.get(c.taskSlug)?.title ?? c.taskSlug} (${protocolLabel(c)})`)),
          ].join('; ')}
          . They are shown, ranked only among numbers on the same protocol, and left out of their rows&apos; scores.
        </p>
      ) : null}
      {notPaper.length > 0 ? (
        <p>
          No row of this view has the paper&apos;s numbers on{' '}
          {notPaper.map((c) => title.get(c.task.slug)?.title ?? c.task.slug).join(', ')}: those columns rank on{' '}
          {[
            ...new Set(
              notPaper.map(
                (c) =>
                  `${c.referenceProtocol ? protocolLabel(c.referenceProtocol) : '—'} (${c.referenceReason === 'RUNNER' ? 'the runner\u2019s protocol' : 'the most common protocol'})`,
              ),
            ),
          ].join(', ')}
          .
        </p>
      ) : null}
    </div>
  );
}

export default async function LeaderboardPage({ searchParams }: { searchParams: SearchParams }) {
  const loaded = await loadView(await searchParams);
  if (!loaded.ok) {
    return (
      <div className="error-box" role="alert">
        <h1>Cannot show this leaderboard</h1>
        <p>{loaded.message}</p>
        <p>
          <a href="/">Back to the default leaderboard</a>
        </p>
      </div>
    );
  }
  const { view, data, rows } = loaded;
  const { leaderboard, suites } = data;
  const hrefFor = (sort: SortState) => viewHref('/', { ...view, sort });

  return (
    <>
      <h1>{leaderboard.suite.title}</h1>
      <p className="lede">{leaderboard.suite.description}</p>
      <Provenance provenance={leaderboard.suite.provenance} />
      <nav className="controls" aria-label="Suites">
        {suites.map((s) => (
          <a
            key={s.slug}
            className="pill"
            href={viewHref('/', { ...view, suite: s.slug, sort: { key: 'rank', dir: 'asc' } })}
            aria-current={s.slug === view.suite ? 'page' : undefined}
          >
            {s.slug}
          </a>
        ))}
      </nav>
      <Filters view={view} suites={suites} families={leaderboard.families} />
      <AsOf view={view} leaderboard={leaderboard} />
      <div className="downloads">
        <span>
          Showing {rows.length} of {leaderboard.rowsPage.totalCount} rows
          {leaderboard.rowsPage.totalCount < leaderboard.rowCount ? ` (of ${leaderboard.rowCount} in the view)` : ''} ×{' '}
          {leaderboard.tasks.length} tasks.
        </span>
        <a className="button secondary" href={viewHref('/export', view, { format: 'csv' })} download>
          Download CSV
        </a>
        <a className="button secondary" href={viewHref('/export', view, { format: 'json' })} download>
          Download JSON
        </a>
        <a
          className="button secondary"
          data-testid="cost-toggle"
          href={viewHref('/', {
            ...view,
            cost: !view.cost,
            sort: view.cost && view.sort.key.startsWith('cost:') ? { key: 'rank', dir: 'asc' } : view.sort,
          })}
        >
          {view.cost ? 'Hide cost columns' : 'Show cost columns'}
        </a>
      </div>
      {rows.length === 0 ? (
        <p className="note" role="status">
          No model matches this view.{' '}
          <a href={viewHref('/', { ...view, q: '', family: '' })}>Clear the search and family filter</a>.
        </p>
      ) : (
        <LeaderboardTable
          tasks={leaderboard.tasks}
          rows={rows}
          sort={view.sort}
          hrefFor={hrefFor}
          aggregate={leaderboard.aggregate}
          tiedRanks={new Set(leaderboard.rowsPage.edges.filter((e) => e.node.rankTied).map((e) => rankKey(e.node)))}
          showCost={view.cost}
        />
      )}
      <Pagination page={leaderboard.rowsPage} href={(position) => viewHref('/', view, position)} noun="Rows" />
      <Comparability leaderboard={leaderboard} rows={rows} />
      <p className="legend">
        {view.aggregate === 'MEAN'
          ? 'Score: every task\u2019s primary metric on one 0–100 higher-is-better scale (angular error e becomes 100·(1 − e/180)), averaged per category, then over the row\u2019s basis.'
          : 'Mean rank: each task ranks the models comparable on it, ranks are averaged per category, then over the row\u2019s basis (lower is better).'}{' '}
        A row&apos;s basis is the categories where it has every task on the column&apos;s reference protocol; its score
        and rank cover only those, against every row that has them. A row with no such category has no overall rank.
      </p>
      <details>
        <summary>Task pages (dataset, protocol, ranking)</summary>
        <ul className="task-links">
          {leaderboard.tasks.map((t) => (
            <li key={t.slug}>
              <a href={`/tasks/${t.slug}`}>{t.title}</a>
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}
