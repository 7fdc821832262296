import { columnScale } from '../lib/colour';
import { CATEGORY_LABELS, metricDigits, metricLabel, shortTaskLabel, type Category, type LeaderboardRow, type LeaderboardTask } from '../lib/leaderboard';
import { defaultDirection, type SortKey, type SortState } from '../lib/sort';

interface Props {
  tasks: LeaderboardTask[];
  rows: LeaderboardRow[];
  sort: SortState;
  /** Builds the URL of this view with another sort, so sorting works without JavaScript. */
  hrefFor: (sort: SortState) => string;
  aggregate: 'MEAN' | 'MEAN_RANK';
  /** Ranks held by more than one row of the whole leaderboard (shown as "=3"). */
  tiedRanks: Set<number>;
}

const fmt = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '—' : v.toFixed(digits));

function categoriesOf(tasks: LeaderboardTask[]): Category[] {
  return [...new Set(tasks.map((t) => t.category))];
}

function SortHeader(props: {
  label: string; sortKey: SortKey; state: SortState; hrefFor: Props['hrefFor']; aggregate: Props['aggregate'];
  task?: LeaderboardTask; className?: string; title?: string; lowerBetter?: boolean;
}) {
  const active = props.state.key === props.sortKey;
  const nextDir = active ? (props.state.dir === 'asc' ? 'desc' : 'asc') : defaultDirection(props.sortKey, props.task, props.aggregate);
  const lowerBetter = props.lowerBetter ?? (props.task ? !props.task.higherIsBetter : false);
  return (
    <th
      scope="col"
      className={props.className}
      aria-sort={active ? (props.state.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      title={props.title}
    >
      <a href={props.hrefFor({ key: props.sortKey, dir: nextDir })}>
        {props.label}
        {lowerBetter ? <span className="dir" aria-label=" (lower is better)"> ↓better</span> : null}
        {active ? <span aria-label={props.state.dir === 'asc' ? ' sorted ascending' : ' sorted descending'}>{props.state.dir === 'asc' ? ' ▲' : ' ▼'}</span> : null}
      </a>
    </th>
  );
}

export function LeaderboardTable({ tasks, rows, sort, hrefFor, aggregate, tiedRanks }: Props) {
  const categories = categoriesOf(tasks);
  const rankAggregate = aggregate === 'MEAN_RANK';
  const scoreScale = columnScale(rows.map((r) => r.score), !rankAggregate);
  const categoryScales = new Map(categories.map((c) => [c, columnScale(rows.map((r) => r.categoryScores.find((s) => s.category === c)?.score ?? null), !rankAggregate)]));
  const taskScales = tasks.map((t) => columnScale(rows.map((r) => r.cells.find((c) => c.taskSlug === t.slug)?.value ?? null), t.higherIsBetter));
  const common = { state: sort, hrefFor, aggregate };
  return (
    <div className="table-wrap">
      <table className="board">
        <caption className="legend" style={{ captionSide: 'bottom', textAlign: 'left', padding: '6px 8px' }}>
          Values are each task&apos;s primary metric as the paper prints it; the cell colour runs from the column&apos;s worst (light) to its best
          (dark). <span className="badge reported">reported</span> rows are the paper&apos;s published numbers;{' '}
          <span className="badge measured">measured</span> rows come from Transferboard runners. ± is the 95% confidence interval; =3 marks a
          tied rank; [2–5] is the range of ranks consistent with the confidence intervals.
        </caption>
        <thead>
          <tr>
            <th colSpan={3} />
            <th className="group" colSpan={categories.length} scope="colgroup">{rankAggregate ? 'Category mean rank' : 'Category score'}</th>
            {categories.map((c) => (
              <th key={c} className="group" scope="colgroup" colSpan={tasks.filter((t) => t.category === c).length}>
                {CATEGORY_LABELS[c]}
              </th>
            ))}
          </tr>
          <tr>
            <SortHeader label="#" sortKey="rank" {...common} title="Overall rank (ties share a position)" />
            <SortHeader label="Model" sortKey="model" {...common} className="model" />
            <SortHeader label={rankAggregate ? 'Mean rank' : 'Score'} sortKey="score" {...common} lowerBetter={rankAggregate} />
            {categories.map((c, i) => (
              <SortHeader key={c} label={CATEGORY_LABELS[c]} sortKey={`category:${c}`} {...common} lowerBetter={rankAggregate} className={i === 0 ? 'first-of-group' : undefined} />
            ))}
            {tasks.map((t, i) => (
              <SortHeader
                key={t.slug}
                label={shortTaskLabel(t)}
                sortKey={`task:${t.slug}`}
                {...common}
                task={t}
                title={`${t.title} (${metricLabel(t.primaryMetric)}, ${t.higherIsBetter ? 'higher' : 'lower'} is better)`}
                className={i === 0 || tasks[i - 1]!.category !== t.category ? 'first-of-group' : undefined}
              />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.model.slug}-${row.source}`} data-model={row.model.slug} data-source={row.source}>
              <td data-col="rank">
                {row.rank === null ? '—' : `${tiedRanks.has(row.rank) ? '=' : ''}${row.rank}`}
                {row.rankInterval ? (
                  <span className="rank-int" title="Ranks consistent with the 95% confidence intervals">
                    [{row.rankInterval.low}–{row.rankInterval.high}]
                  </span>
                ) : null}
              </td>
              <th scope="row" className="model">
                <a href={`/models/${row.model.slug}`}>{row.model.name}</a>
                <span className={`badge ${row.source.toLowerCase()}`}>{row.source.toLowerCase()}</span>
                {row.completeness.tasksWithResults < row.completeness.tasks ? (
                  <span className="badge incomplete" title="Tasks with results / tasks in the suite">
                    {row.completeness.tasksWithResults}/{row.completeness.tasks} tasks
                  </span>
                ) : (
                  <span className="badge complete" title="Results on every task of the suite">complete</span>
                )}
              </th>
              <td data-col="score" className={scoreScale(row.score)}>{fmt(row.score)}</td>
              {categories.map((c, i) => {
                const cs = row.categoryScores.find((s) => s.category === c);
                return (
                  <td key={c} className={[i === 0 ? 'first-of-group' : '', categoryScales.get(c)?.(cs?.score ?? null) ?? ''].join(' ').trim() || undefined} data-category={c}>
                    {fmt(cs?.score)}
                    {cs?.rank !== null && cs?.rank !== undefined ? <span className="ci">({cs.rank})</span> : null}
                  </td>
                );
              })}
              {tasks.map((task, i) => {
                const cell = row.cells.find((c) => c.taskSlug === task.slug);
                const value = cell?.value ?? null;
                const half = cell && cell.ciLow !== null && cell.ciHigh !== null && value !== null ? (cell.ciHigh - cell.ciLow) / 2 : null;
                const groupStart = i === 0 || tasks[i - 1]!.category !== task.category;
                return (
                  <td
                    key={task.slug}
                    className={[groupStart ? 'first-of-group' : '', value === null ? 'missing' : taskScales[i]!(value) ?? ''].join(' ').trim() || undefined}
                    data-task={task.slug}
                  >
                    {fmt(value, metricDigits(task.primaryMetric))}
                    {half !== null ? <span className="ci">±{half.toFixed(2)}</span> : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
