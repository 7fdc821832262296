import { LeaderboardTable } from '../components/LeaderboardTable';
import { CATEGORIES, CATEGORY_LABELS } from '../lib/leaderboard';
import { loadView, tiedRanks } from '../lib/load-view';
import type { SortState } from '../lib/sort';
import { familiesOf, viewHref, type LeaderboardView } from '../lib/view';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function Filters({ view, suites, families }: { view: LeaderboardView; suites: { slug: string; title: string }[]; families: string[] }) {
  return (
    <form className="filters" method="get" action="/" aria-label="Leaderboard view">
      <div className="filter">
        <label htmlFor="f-suite">Suite</label>
        <select id="f-suite" name="suite" defaultValue={view.suite}>
          {suites.map((s) => <option key={s.slug} value={s.slug}>{s.slug}</option>)}
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
          {CATEGORIES.map((c) => <option key={c} value={c}>{CATEGORY_LABELS[c]}</option>)}
        </select>
      </div>
      <div className="filter">
        <label htmlFor="f-family">Family</label>
        <select id="f-family" name="family" defaultValue={view.family}>
          <option value="">All families</option>
          {families.map((f) => <option key={f} value={f}>{f}</option>)}
        </select>
      </div>
      <div className="filter">
        <label htmlFor="f-q">Search models</label>
        <input id="f-q" type="search" name="q" defaultValue={view.q} placeholder="e.g. moco" />
      </div>
      {view.sort.key !== 'rank' || view.sort.dir !== 'asc' ? (
        <>
          <input type="hidden" name="sort" value={view.sort.key} />
          <input type="hidden" name="dir" value={view.sort.dir} />
        </>
      ) : null}
      <button type="submit">Apply</button>
      <a className="button secondary" href="/">Reset</a>
    </form>
  );
}

export default async function LeaderboardPage({ searchParams }: { searchParams: SearchParams }) {
  const loaded = await loadView(await searchParams);
  if (!loaded.ok) {
    return (
      <div className="error-box" role="alert">
        <h1>Cannot show this leaderboard</h1>
        <p>{loaded.message}</p>
        <p><a href="/">Back to the default leaderboard</a></p>
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
      <nav className="controls" aria-label="Suites">
        {suites.map((s) => (
          <a key={s.slug} className="pill" href={viewHref('/', { ...view, suite: s.slug, sort: { key: 'rank', dir: 'asc' } })} aria-current={s.slug === view.suite ? 'page' : undefined}>
            {s.slug}
          </a>
        ))}
      </nav>
      <Filters view={view} suites={suites} families={familiesOf(leaderboard.rows)} />
      <div className="downloads">
        <span>
          Showing {rows.length} of {leaderboard.rows.length} rows × {leaderboard.tasks.length} tasks.
        </span>
        <a className="button secondary" href={viewHref('/export', view, { format: 'csv' })} download>Download CSV</a>
        <a className="button secondary" href={viewHref('/export', view, { format: 'json' })} download>Download JSON</a>
      </div>
      {rows.length === 0 ? (
        <p className="note" role="status">No model matches this view. <a href={viewHref('/', { ...view, q: '', family: '' })}>Clear the search and family filter</a>.</p>
      ) : (
        <LeaderboardTable
          tasks={leaderboard.tasks}
          rows={rows}
          sort={view.sort}
          hrefFor={hrefFor}
          aggregate={leaderboard.aggregate}
          tiedRanks={tiedRanks(leaderboard.rows)}
        />
      )}
      <p className="legend">
        {view.aggregate === 'MEAN'
          ? 'Score: every task\u2019s primary metric on one 0–100 higher-is-better scale (angular error e becomes 100·(1 − e/180)), averaged per category, then over categories.'
          : 'Mean rank: each task ranks the models, ranks are averaged per category, then over categories (lower is better).'}{' '}
        Rows without every task have no overall rank.
      </p>
      <details>
        <summary>Task pages (dataset, protocol, ranking)</summary>
        <ul className="task-links">
          {leaderboard.tasks.map((t) => <li key={t.slug}><a href={`/tasks/${t.slug}`}>{t.title}</a></li>)}
        </ul>
      </details>
    </>
  );
}
