import { Fragment } from 'react';
import { columnScale } from '../lib/colour';
import {
  CATEGORY_LABELS,
  metricDigits,
  metricLabel,
  shortTaskLabel,
  type Category,
  type LeaderboardRow,
  type LeaderboardTask,
} from '../lib/leaderboard';
import { rankKey } from '../lib/load-view';
import { basisGroups, basisLabel, partialBasis, protocolLabel } from '../lib/protocols';
import { defaultDirection, type SortKey, type SortState } from '../lib/sort';
import { CostCells, COST_COLUMNS } from './CostColumns';

interface Props {
  tasks: LeaderboardTask[];
  rows: LeaderboardRow[];
  sort: SortState;
  /** Builds the URL of this view with another sort, so sorting works without JavaScript. */
  hrefFor: (sort: SortState) => string;
  aggregate: 'MEAN' | 'MEAN_RANK';
  /** Rank keys (basis and rank) held by more than one row of the whole leaderboard (shown as "=3"). */
  tiedRanks: Set<string>;
  /** Show the cost columns after the score (the view's `?cost=1`). */
  showCost?: boolean;
}

const fmt = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '—' : v.toFixed(digits));

function categoriesOf(tasks: LeaderboardTask[]): Category[] {
  return [...new Set(tasks.map((t) => t.category))];
}

function SortHeader(props: {
  label: string;
  sortKey: SortKey;
  state: SortState;
  hrefFor: Props['hrefFor'];
  aggregate: Props['aggregate'];
  task?: LeaderboardTask;
  className?: string;
  title?: string;
  lowerBetter?: boolean;
}) {
  const active = props.state.key === props.sortKey;
  const nextDir = active
    ? props.state.dir === 'asc'
      ? 'desc'
      : 'asc'
    : defaultDirection(props.sortKey, props.task, props.aggregate);
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
        {lowerBetter ? (
          <span className="dir">
            <span aria-hidden="true"> ↓better</span>
            <span className="sr-only"> (lower is better)</span>
          </span>
        ) : null}
        {active ? (
          <span>
            <span aria-hidden="true">{props.state.dir === 'asc' ? ' ▲' : ' ▼'}</span>
            <span className="sr-only">{props.state.dir === 'asc' ? ' sorted ascending' : ' sorted descending'}</span>
          </span>
        ) : null}
      </a>
    </th>
  );
}

export function LeaderboardTable({ tasks, rows, sort, hrefFor, aggregate, tiedRanks, showCost = false }: Props) {
  const categories = categoriesOf(tasks);
  const rankAggregate = aggregate === 'MEAN_RANK';
  // Colour is a ranking too: only numbers on the reference protocol (and full-basis scores) are shaded.
  const fullBasis = (r: LeaderboardRow) => r.basis.length === categories.length;
  const scoreScale = columnScale(
    rows.map((r) => (fullBasis(r) ? r.score : null)),
    !rankAggregate,
  );
  const categoryScales = new Map(
    categories.map((c) => [
      c,
      columnScale(
        rows.map((r) => {
          const cs = r.categoryScores.find((s) => s.category === c);
          return cs?.comparable ? cs.score : null;
        }),
        !rankAggregate,
      ),
    ]),
  );
  const taskScales = tasks.map((t) =>
    columnScale(
      rows.map((r) => {
        const cell = r.cells.find((c) => c.taskSlug === t.slug);
        return cell?.comparable ? cell.value : null;
      }),
      t.higherIsBetter,
    ),
  );
  const common = { state: sort, hrefFor, aggregate };
  const costWidth = showCost ? COST_COLUMNS.length : 0;
  const width = 3 + costWidth + categories.length + tasks.length;
  // Sorted by rank, each basis is one ranking: say where each starts.
  const groups = sort.key === 'rank' ? basisGroups(rows) : [{ basis: [] as Category[], rows }];
  const showGroups = groups.length > 1 || groups.some((g) => g.basis.length > 0 && g.basis.length < categories.length);
  return (
    <div className="table-wrap">
      <table className="board">
        <caption className="legend" style={{ captionSide: 'bottom', textAlign: 'left', padding: '6px 8px' }}>
          Values are each task&apos;s primary metric as the paper prints it; the cell colour runs from the column&apos;s
          worst (light) to its best (dark), among the numbers on the column&apos;s reference protocol only.{' '}
          <span className="badge reported">reported</span> rows are the paper&apos;s published numbers;{' '}
          <span className="badge measured">measured</span> rows come from Transferboard runners. A number marked{' '}
          <span className="protocol">≠ protocol</span> comes from another protocol than the column&apos;s (for example
          the runner&apos;s frozen-feature probe where the paper trained a detection head): it is shown, never ranked
          against the others. ± is the 95% confidence interval over few-shot episodes; =3 marks a tied rank; [2–5] is
          the range of the row&apos;s rank over 1,000 resamples of the suite&apos;s tasks (how much the position depends
          on the choice of tasks; not a confidence interval).
        </caption>
        <thead>
          <tr>
            <th colSpan={3} />
            {showCost ? (
              <th className="group" colSpan={costWidth} scope="colgroup">
                Cost
              </th>
            ) : null}
            <th className="group" colSpan={categories.length} scope="colgroup">
              {rankAggregate ? 'Category mean rank' : 'Category score'}
            </th>
            {categories.map((c) => (
              <th key={c} className="group" scope="colgroup" colSpan={tasks.filter((t) => t.category === c).length}>
                {CATEGORY_LABELS[c]}
              </th>
            ))}
          </tr>
          <tr>
            <SortHeader
              label="#"
              sortKey="rank"
              {...common}
              title="Overall rank over the row's basis (ties share a position)"
            />
            <SortHeader label="Model" sortKey="model" {...common} className="model" />
            <SortHeader
              label={rankAggregate ? 'Mean rank' : 'Score'}
              sortKey="score"
              {...common}
              lowerBetter={rankAggregate}
            />
            {showCost
              ? COST_COLUMNS.map((c, i) => (
                  // Sorted by the API over the whole board (rowsPage's cost:* columns), like every other column.
                  <SortHeader
                    key={c.key}
                    label={c.label}
                    sortKey={c.key}
                    {...common}
                    title={c.title}
                    lowerBetter={c.lowerBetter}
                    className={i === 0 ? 'first-of-group' : undefined}
                  />
                ))
              : null}
            {categories.map((c, i) => (
              <SortHeader
                key={c}
                label={CATEGORY_LABELS[c]}
                sortKey={`category:${c}`}
                {...common}
                lowerBetter={rankAggregate}
                className={i === 0 ? 'first-of-group' : undefined}
              />
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
          {groups.map((group, g) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a group is a run of consecutive rows and a basis may recur, so its position is part of its identity
            <Fragment key={`${g}-${group.basis.join()}`}>
              {showGroups ? (
                <tr className="basis-group" data-basis={group.basis.join(',')}>
                  <th scope="colgroup" colSpan={width}>
                    {group.basis.length === 0
                      ? 'Not ranked: no category with every task on the reference protocol'
                      : group.basis.length === categories.length
                        ? `Ranked over every category (${basisLabel(group.basis)})`
                        : `Ranked over ${basisLabel(group.basis)} only, against every row with those categories on the reference protocol`}
                  </th>
                </tr>
              ) : null}
              {group.rows.map((row) => (
                <Row
                  key={`${row.model.slug}-${row.source}`}
                  row={row}
                  tasks={tasks}
                  categories={categories}
                  tied={tiedRanks.has(rankKey(row))}
                  showCost={showCost}
                  scales={{ score: scoreScale, categories: categoryScales, tasks: taskScales }}
                />
              ))}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Scale = (v: number | null) => string | undefined;

function Row({
  row,
  tasks,
  categories,
  tied,
  scales,
  showCost,
}: {
  row: LeaderboardRow;
  tasks: LeaderboardTask[];
  categories: Category[];
  tied: boolean;
  showCost: boolean;
  scales: { score: Scale; categories: Map<Category, Scale>; tasks: Scale[] };
}) {
  const partial = partialBasis(row, categories);
  return (
    <tr data-model={row.model.slug} data-source={row.source} data-basis={row.basis.join(',')}>
      <td
        data-col="rank"
        data-ranked-among={row.rankedAmong ?? undefined}
        title={
          row.rank === null
            ? undefined
            : `Rank ${row.rank} of ${row.rankedAmong}: among every row comparable on this row's basis`
        }
      >
        {row.rank === null ? '—' : `${tied ? '=' : ''}${row.rank}`}
        {row.rankInterval ? (
          <span
            className="rank-int"
            title={`Range of the rank over ${row.rankInterval.draws.toLocaleString('en')} resamples of the suite's tasks (not a confidence interval)`}
          >
            [{row.rankInterval.low}–{row.rankInterval.high}]
          </span>
        ) : row.rankIntervalPending ? (
          <span
            className="rank-int"
            title="The rank interval of this version of the board is still being computed: reload in a moment"
          >
            […]
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
          <span className="badge complete" title="Results on every task of the suite">
            complete
          </span>
        )}
        {partial ? (
          <span
            className="badge basis"
            data-col="basis"
            title={`Score and rank cover ${basisLabel(row.basis)} only: the categories where this row has every task on the reference protocol`}
          >
            ranked on {basisLabel(row.basis)}
          </span>
        ) : null}
      </th>
      <td data-col="score" className={partial ? undefined : scales.score(row.score)}>
        {fmt(row.score)}
      </td>
      {showCost ? <CostCells cost={row.model.cost} /> : null}
      {categories.map((c, i) => {
        const cs = row.categoryScores.find((s) => s.category === c);
        const other = cs !== undefined && !cs.comparable && cs.score !== null;
        const classes = [
          i === 0 ? 'first-of-group' : '',
          other ? 'other-protocol' : (scales.categories.get(c)?.(cs?.score ?? null) ?? ''),
        ];
        return (
          <td
            key={c}
            className={classes.join(' ').trim() || undefined}
            data-category={c}
            data-comparable={cs ? String(cs.comparable) : undefined}
          >
            {fmt(cs?.score)}
            {other ? (
              <span
                className="protocol"
                title={`From ${cs.protocols.map(protocolLabel).join(', ')}: not comparable with this column's reference protocol`}
              >
                ≠ {cs.protocols.map(protocolLabel).join(', ')}
                {cs.rank !== null && (cs.rankedAmong ?? 0) > 1 ? ` (${cs.rank} of ${cs.rankedAmong})` : ''}
              </span>
            ) : cs?.rank !== null && cs?.rank !== undefined ? (
              <span className="ci">({cs.rank})</span>
            ) : null}
          </td>
        );
      })}
      {tasks.map((task, i) => {
        const cell = row.cells.find((c) => c.taskSlug === task.slug);
        const value = cell?.value ?? null;
        const half =
          cell && cell.ciLow !== null && cell.ciHigh !== null && value !== null ? (cell.ciHigh - cell.ciLow) / 2 : null;
        const groupStart = i === 0 || tasks[i - 1]!.category !== task.category;
        const other = cell !== undefined && value !== null && !cell.comparable;
        const shade = value === null ? 'missing' : other ? 'other-protocol' : (scales.tasks[i]!(value) ?? '');
        // Stale numbers (shown only when the view asks for them) are greyed, with their reason.
        const stale = value !== null && cell!.stale;
        return (
          <td
            key={task.slug}
            className={[groupStart ? 'first-of-group' : '', shade, stale ? 'stale' : ''].join(' ').trim() || undefined}
            data-task={task.slug}
            data-comparable={value === null ? undefined : String(cell!.comparable)}
            data-stale={stale ? 'true' : undefined}
            title={
              stale
                ? `Stale: ${cell!.staleReason}`
                : other
                  ? `From ${protocolLabel(cell)}, not this column's reference protocol: not ranked against the other numbers (rank ${cell.rank} of ${cell.rankedAmong} on its own protocol)`
                  : undefined
            }
          >
            {fmt(value, metricDigits(task.primaryMetric))}
            {half !== null ? <span className="ci">±{half.toFixed(2)}</span> : null}
            {other ? <span className="protocol">≠ {protocolLabel(cell)}</span> : null}
            {stale ? <span className="stale-reason">stale: {cell!.staleReason}</span> : null}
          </td>
        );
      })}
    </tr>
  );
}
