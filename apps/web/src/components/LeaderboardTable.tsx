import { CATEGORY_LABELS, type Category, type LeaderboardRow, type LeaderboardTask } from '../lib/leaderboard';
import { defaultDirection, type SortKey, type SortState } from '../lib/sort';

interface Props {
  tasks: LeaderboardTask[];
  rows: LeaderboardRow[];
  sort: SortState;
  /** Builds the URL of this view with another sort, so sorting works without JavaScript. */
  hrefFor: (sort: SortState) => string;
  aggregate: 'MEAN' | 'MEAN_RANK';
}

const fmt = (v: number | null, digits = 2) => (v === null ? '—' : v.toFixed(digits));

/** "Aircraft · linear" → "Aircraft"; "ISIC · 5-way 20-shot" → "ISIC 20-shot". */
export function shortTaskLabel(task: LeaderboardTask): string {
  const [dataset, detail = ''] = task.title.split(' · ');
  const shots = /(\d+)-shot/.exec(detail);
  return shots ? `${dataset} ${shots[1]}-shot` : (dataset ?? task.slug);
}

function categoriesOf(tasks: LeaderboardTask[]): Category[] {
  return [...new Set(tasks.map((t) => t.category))];
}

function SortHeader(props: {
  label: string; sortKey: SortKey; state: SortState; hrefFor: Props['hrefFor']; aggregate: Props['aggregate'];
  task?: LeaderboardTask; className?: string; title?: string;
}) {
  const active = props.state.key === props.sortKey;
  const nextDir = active ? (props.state.dir === 'asc' ? 'desc' : 'asc') : defaultDirection(props.sortKey, props.task, props.aggregate);
  const lowerBetter = props.task && !props.task.higherIsBetter;
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
        {active ? <span aria-hidden="true">{props.state.dir === 'asc' ? ' ▲' : ' ▼'}</span> : null}
      </a>
    </th>
  );
}

export function LeaderboardTable({ tasks, rows, sort, hrefFor, aggregate }: Props) {
  const categories = categoriesOf(tasks);
  return (
    <div className="table-wrap">
      <table className="board">
        <caption className="legend" style={{ captionSide: 'bottom', textAlign: 'left', padding: '6px 8px' }}>
          Values are each task's primary metric as the paper prints it. <span className="badge reported">reported</span> rows are the paper's
          published numbers; <span className="badge measured">measured</span> rows come from Transferboard runners. ± is the 95% confidence interval.
        </caption>
        <thead>
          <tr>
            <th colSpan={3} />
            <th className="group" colSpan={categories.length} scope="colgroup">{aggregate === 'MEAN' ? 'Category score' : 'Category mean rank'}</th>
            {categories.map((c) => (
              <th key={c} className="group" scope="colgroup" colSpan={tasks.filter((t) => t.category === c).length}>
                {CATEGORY_LABELS[c]}
              </th>
            ))}
          </tr>
          <tr>
            <SortHeader label="#" sortKey="rank" state={sort} hrefFor={hrefFor} aggregate={aggregate} title="Overall rank (ties share a position)" />
            <SortHeader label="Model" sortKey="model" state={sort} hrefFor={hrefFor} aggregate={aggregate} className="model" />
            <SortHeader label={aggregate === 'MEAN' ? 'Score' : 'Mean rank'} sortKey="score" state={sort} hrefFor={hrefFor} aggregate={aggregate} />
            {categories.map((c, i) => (
              <SortHeader key={c} label={CATEGORY_LABELS[c]} sortKey={`category:${c}`} state={sort} hrefFor={hrefFor} aggregate={aggregate} className={i === 0 ? 'first-of-group' : undefined} />
            ))}
            {tasks.map((t, i) => (
              <SortHeader
                key={t.slug}
                label={shortTaskLabel(t)}
                sortKey={`task:${t.slug}`}
                state={sort}
                hrefFor={hrefFor}
                aggregate={aggregate}
                task={t}
                title={`${t.title} (${t.primaryMetric.replaceAll('_', ' ')})`}
                className={i === 0 || tasks[i - 1]!.category !== t.category ? 'first-of-group' : undefined}
              />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.model.slug}-${row.source}`} data-model={row.model.slug} data-source={row.source}>
              <td>{row.rank ?? '—'}</td>
              <td className="model">
                {row.model.name}
                <span className={`badge ${row.source.toLowerCase()}`}>{row.source.toLowerCase()}</span>
                {row.completeness.tasksWithResults < row.completeness.tasks ? (
                  <span className="badge" title="Tasks with results / tasks in the suite">
                    {row.completeness.tasksWithResults}/{row.completeness.tasks}
                  </span>
                ) : null}
              </td>
              <td>{fmt(row.score)}</td>
              {row.categoryScores.map((c, i) => (
                <td key={c.category} className={i === 0 ? 'first-of-group' : undefined}>
                  {fmt(c.score)}
                  {c.rank !== null ? <span className="ci">({c.rank})</span> : null}
                </td>
              ))}
              {row.cells.map((cell, i) => {
                const task = tasks[i]!;
                const digits = task.primaryMetric === 'miou' ? 4 : 2;
                const half = cell.ciLow !== null && cell.ciHigh !== null && cell.value !== null ? (cell.ciHigh - cell.ciLow) / 2 : null;
                const groupStart = i === 0 || tasks[i - 1]!.category !== task.category;
                return (
                  <td
                    key={cell.taskSlug}
                    className={[groupStart ? 'first-of-group' : '', cell.value === null ? 'missing' : ''].join(' ').trim() || undefined}
                    data-task={cell.taskSlug}
                    title={cell.protocolId ? `protocol ${cell.protocolId}` : 'no result'}
                  >
                    {fmt(cell.value, digits)}
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
