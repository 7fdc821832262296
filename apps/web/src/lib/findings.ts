import { CATEGORY_LABELS, type Category, type LeaderboardRow, type LeaderboardTask } from './leaderboard';
import type { GroupCorrelation } from './correlation';

type Verdict = 'holds' | 'does not hold' | 'not enough data';

export interface Finding {
  claim: string;
  verdict: Verdict;
  evidence: string;
}

const fmt = (r: number) => r.toFixed(2);
const SUPERVISED = 'supervised';

function byGroup(correlations: GroupCorrelation[], slug: string) {
  const found = correlations.find((x) => x.group.slug === slug);
  return found && found.pearson.n >= 4 && Number.isFinite(found.pearson.coefficient) ? found : undefined;
}

/** The paper's settings other than many-shot: few-shot, detection and dense prediction. */
const isElsewhere = (slug: string) =>
  slug.startsWith('fewshot-') || slug.startsWith('detection-') || slug === 'surface-normals' || slug === 'segmentation';

/** "ImageNet accuracy predicts many-shot linear transfer well." */
function strongManyShot(correlations: GroupCorrelation[]): Finding {
  const claim = 'ImageNet top-1 accuracy is strongly correlated with many-shot linear transfer.';
  const linear = byGroup(correlations, 'linear');
  if (!linear)
    return {
      claim,
      verdict: 'not enough data',
      evidence: 'Fewer than 4 models have many-shot results and an ImageNet accuracy.',
    };
  const r = linear.pearson;
  const verdict: Verdict =
    r.coefficient >= 0.7 && (r.ciLow ?? 0) > 0 ? 'holds' : r.coefficient < 0.5 ? 'does not hold' : 'not enough data';
  return {
    claim,
    verdict,
    evidence: `Pearson r = ${fmt(r.coefficient)}${r.ciLow !== null ? ` (95% CI ${fmt(r.ciLow)} to ${fmt(r.ciHigh!)})` : ''} over ${r.n} models.`,
  };
}

/** "…weaker for few-shot, detection and dense than for many-shot", checked setting by setting. */
function weakerElsewhere(correlations: GroupCorrelation[]): Finding {
  const claim =
    'The correlation is weaker for few-shot, detection and dense prediction than for many-shot linear, in every setting.';
  const linear = byGroup(correlations, 'linear');
  const others = correlations
    .filter((c) => isElsewhere(c.group.slug))
    .map((c) => byGroup(correlations, c.group.slug))
    .filter((x) => x !== undefined);
  if (!linear || others.length === 0)
    return { claim, verdict: 'not enough data', evidence: 'Correlations are missing for some settings.' };
  const weaker = others.filter((o) => o.pearson.coefficient < linear.pearson.coefficient);
  const evidence = `Pearson r: many-shot linear ${fmt(linear.pearson.coefficient)}; ${others.map((o) => `${o.group.title.toLowerCase()} ${fmt(o.pearson.coefficient)}`).join(', ')}.`;
  return { claim, verdict: weaker.length === others.length ? 'holds' : 'does not hold', evidence };
}

/** The best self-supervised model beats supervised pretraining on most many-shot tasks. */
function sslBeatsSupervised(
  tasks: LeaderboardTask[],
  rows: LeaderboardRow[],
  category: Category,
  claim: string,
  mostOrAll: 'most' | 'all',
): Finding {
  const reported = rows.filter((r) => r.source === 'REPORTED');
  const supervised = reported.find((r) => r.model.slug === SUPERVISED);
  const inCategory = tasks.filter((t) => t.category === category);
  if (!supervised || inCategory.length === 0)
    return {
      claim,
      verdict: 'not enough data',
      evidence: 'No supervised baseline or no tasks of this category in the suite.',
    };
  let beaten = 0;
  let compared = 0;
  for (const task of inCategory) {
    const value = (r: LeaderboardRow) => {
      const cell = r.cells.find((c) => c.taskSlug === task.slug);
      return cell?.comparable ? cell.value : null;
    };
    const base = value(supervised);
    const ssl = reported
      .filter((r) => r.model.slug !== SUPERVISED)
      .map(value)
      .filter((v): v is number => v !== null);
    if (base === null || ssl.length === 0) continue;
    compared++;
    const best = task.higherIsBetter ? Math.max(...ssl) : Math.min(...ssl);
    if (task.higherIsBetter ? best > base : best < base) beaten++;
  }
  if (compared === 0)
    return { claim, verdict: 'not enough data', evidence: 'No task has both supervised and self-supervised results.' };
  const holds = mostOrAll === 'most' ? beaten * 2 > compared : beaten === compared;
  return {
    claim,
    verdict: holds ? 'holds' : 'does not hold',
    evidence: `The best self-supervised model beats supervised on ${beaten} of ${compared} ${CATEGORY_LABELS[category].toLowerCase()} tasks.`,
  };
}

/** No single model is best in every category. */
function noUniversalWinner(rows: LeaderboardRow[], categories: Category[]): Finding {
  const claim = 'No single model is the best in every category.';
  const reported = rows.filter((r) => r.source === 'REPORTED');
  const winners = categories
    .map((c) => {
      const best = reported.filter((r) => {
        const score = r.categoryScores.find((s) => s.category === c);
        return score?.comparable && score.rank === 1;
      });
      return { c, names: best.map((r) => r.model.name) };
    })
    .filter((w) => w.names.length);
  if (winners.length < 2)
    return { claim, verdict: 'not enough data', evidence: 'Fewer than two categories have a ranked winner.' };
  const [first, ...others] = winners.map((w) => new Set(w.names));
  const common = [...first!].filter((name) => others.every((names) => names.has(name)));
  return {
    claim,
    verdict: common.length === 0 ? 'holds' : 'does not hold',
    evidence: `Best per category: ${winners.map((w) => `${CATEGORY_LABELS[w.c].toLowerCase()} ${w.names.join(' = ')}`).join('; ')}.`,
  };
}

export function checkFindings(
  tasks: LeaderboardTask[],
  rows: LeaderboardRow[],
  correlations: GroupCorrelation[],
): Finding[] {
  const categories = [...new Set(tasks.map((t) => t.category))];
  return [
    strongManyShot(correlations),
    weakerElsewhere(correlations),
    sslBeatsSupervised(
      tasks,
      rows,
      'LINEAR',
      'The best self-supervised models outperform supervised pretraining on most many-shot linear tasks.',
      'most',
    ),
    sslBeatsSupervised(
      tasks,
      rows,
      'DETECTION',
      'Self-supervised models beat supervised pretraining on detection.',
      'all',
    ),
    sslBeatsSupervised(
      tasks,
      rows,
      'DENSE',
      'Self-supervised models beat supervised pretraining on dense prediction.',
      'all',
    ),
    noUniversalWinner(rows, categories),
  ];
}
