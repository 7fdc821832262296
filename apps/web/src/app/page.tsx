import { LeaderboardTable } from '../components/LeaderboardTable';
import { GraphQLRequestError } from '../lib/graphql';
import { fetchLeaderboard, type Source } from '../lib/leaderboard';
import { parseSort, sortRows, type SortState } from '../lib/sort';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function LeaderboardPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const suite = first(params.suite) ?? 'ssl-transfer-v1';
  const aggregate = first(params.aggregate) === 'MEAN_RANK' ? 'MEAN_RANK' : 'MEAN';
  const sourceParam = first(params.source)?.toUpperCase();
  const source = sourceParam === 'REPORTED' || sourceParam === 'MEASURED' ? (sourceParam as Source) : undefined;
  const sort = parseSort(first(params.sort), first(params.dir));


  let data;
  try {
    data = await fetchLeaderboard({ suite, aggregate, source });
  } catch (error) {
    if (error instanceof GraphQLRequestError) {
      return (
        <div className="error-box" role="alert">
          <h1>Cannot show this leaderboard</h1>
          <p>{error.message}</p>
          <p><a href="/">Back to the default leaderboard</a></p>
        </div>
      );
    }
    throw error;
  }

  const { leaderboard, suites } = data;
  const hrefFor = (next: SortState) => {
    const q = new URLSearchParams();
    q.set('suite', suite);
    if (aggregate !== 'MEAN') q.set('aggregate', aggregate);
    if (source) q.set('source', source);
    q.set('sort', next.key);
    q.set('dir', next.dir);
    return `/?${q.toString()}`;
  };

  return (
    <>
      <h1>{leaderboard.suite.title}</h1>
      <p className="lede">{leaderboard.suite.description}</p>
      <nav className="controls" aria-label="Suite">
        {suites.map((s) => (
          <a key={s.slug} className="pill" href={`/?suite=${s.slug}`} aria-current={s.slug === suite ? 'page' : undefined}>
            {s.slug}
          </a>
        ))}
      </nav>
      <LeaderboardTable tasks={leaderboard.tasks} rows={sortRows(leaderboard.rows, sort)} sort={sort} hrefFor={hrefFor} aggregate={leaderboard.aggregate} />
      <p className="legend">
        Score: every task's primary metric on one 0–100 higher-is-better scale (angular error e becomes 100·(1 − e/180)), averaged per
        category, then over categories. {leaderboard.rows.length} rows × {leaderboard.tasks.length} tasks.
      </p>
    </>
  );
}
