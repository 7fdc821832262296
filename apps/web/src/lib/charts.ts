import * as echarts from 'echarts';

/**
 * Charts are drawn on the server by Apache ECharts' SVG renderer and sent as static SVG: pages
 * ship no chart JavaScript and the charts render without client JavaScript. Every chart also has
 * a data table or list on its page for screen readers.
 */
type Option = echarts.EChartsOption;

const FONT = 'system-ui, -apple-system, "Segoe UI", "Liberation Sans", sans-serif';
const AXIS = {
  axisLabel: { color: '#303642', fontFamily: FONT },
  nameTextStyle: { color: '#303642', fontFamily: FONT },
};

function renderSvg(option: Option, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export interface Bar {
  label: string;
  value: number;
  ciLow?: number | null;
  ciHigh?: number | null;
  highlight?: boolean;
}

/** Horizontal bars, best at the top, with 95% CI whiskers where the result has one. */
export function barChartWithCi(bars: Bar[], axisName: string, width = 720): string {
  const height = Math.max(160, 40 + bars.length * 26);
  const labels = bars.map((b) => b.label);
  const lows = bars.flatMap((b) => ((b.ciLow ?? null) === null ? [b.value] : [b.ciLow!]));
  const highs = bars.flatMap((b) => ((b.ciHigh ?? null) === null ? [b.value] : [b.ciHigh!]));
  const min = Math.min(...lows);
  const max = Math.max(...highs);
  const pad = (max - min) * 0.08 || 1;
  return renderSvg(
    {
      grid: { left: 130, right: 60, top: 28, bottom: 36 },
      xAxis: {
        type: 'value',
        name: axisName,
        nameLocation: 'middle',
        nameGap: 24,
        min: Math.floor(min - pad),
        max: Math.ceil(max + pad),
        ...AXIS,
      },
      yAxis: { type: 'category', data: labels, inverse: true, ...AXIS },
      series: [
        {
          type: 'bar',
          data: bars.map((b) => ({ value: b.value, itemStyle: { color: b.highlight ? '#b45309' : '#3b6fd8' } })),
          label: {
            show: true,
            position: 'right',
            color: '#16181d',
            formatter: (p: { value: unknown }) => Number(p.value).toFixed(2),
          },
          barMaxWidth: 18,
        },
        {
          type: 'custom',
          name: '95% CI',
          data: bars.map((b, i) => [i, b.ciLow ?? b.value, b.ciHigh ?? b.value]),
          renderItem: (_params, api) => {
            const lowPoint = api.coord([api.value(1), api.value(0)]);
            const highPoint = api.coord([api.value(2), api.value(0)]);
            if (api.value(1) === api.value(2)) return { type: 'group', children: [] };
            const half = 5;
            const style = { stroke: '#16181d', lineWidth: 1.5 };
            return {
              type: 'group',
              children: [
                {
                  type: 'line',
                  shape: { x1: lowPoint[0]!, y1: lowPoint[1]!, x2: highPoint[0]!, y2: highPoint[1]! },
                  style,
                },
                {
                  type: 'line',
                  shape: { x1: lowPoint[0]!, y1: lowPoint[1]! - half, x2: lowPoint[0]!, y2: lowPoint[1]! + half },
                  style,
                },
                {
                  type: 'line',
                  shape: { x1: highPoint[0]!, y1: highPoint[1]! - half, x2: highPoint[0]!, y2: highPoint[1]! + half },
                  style,
                },
              ],
            };
          },
          z: 10,
        },
      ],
    },
    width,
    height,
  );
}

export interface ScatterPoint {
  label: string;
  x: number;
  y: number;
}

/** What the scatters share: the title, grid and axes, with the axes named. */
function labelledScatter(names: { x: string; y: string; title: string }, xType: 'value' | 'log'): Option {
  return {
    title: { text: names.title, left: 'center', textStyle: { fontSize: 14, color: '#16181d', fontFamily: FONT } },
    grid: { left: 56, right: 72, top: 40, bottom: 48 },
    xAxis: { type: xType, name: names.x, nameLocation: 'middle', nameGap: 28, scale: true, ...AXIS },
    yAxis: { type: 'value', name: names.y, nameLocation: 'middle', nameGap: 40, scale: true, ...AXIS },
  };
}

/** One labelled point per model (labels that would overlap are hidden). */
function labelledPoints(points: ScatterPoint[]): echarts.ScatterSeriesOption {
  return {
    type: 'scatter',
    symbolSize: 9,
    itemStyle: { color: '#3b6fd8' },
    data: points.map((p) => ({ value: [p.x, p.y], name: p.label })),
    label: { show: true, position: 'right', fontSize: 9, color: '#303642', formatter: (p: { name: string }) => p.name },
    labelLayout: { hideOverlap: true },
  };
}

/** The paper's figure 1 shape: one point per model and the least-squares line through them. */
export function scatterWithFit(
  points: ScatterPoint[],
  fit: { slope: number; intercept: number } | null,
  names: { x: string; y: string; title: string },
  width = 420,
  height = 320,
): string {
  const xs = points.map((p) => p.x);
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  return renderSvg(
    {
      ...labelledScatter(names, 'value'),
      series: [
        labelledPoints(points),
        ...(fit
          ? [
              {
                type: 'line' as const,
                showSymbol: false,
                lineStyle: { color: '#b45309', width: 2 },
                data: [
                  [xMin, fit.slope * xMin + fit.intercept],
                  [xMax, fit.slope * xMax + fit.intercept],
                ],
              },
            ]
          : []),
      ],
    },
    width,
    height,
  );
}

/** A model's rank per category as bars whose length is the number of models it ties or beats. */
export function rankChart(items: { label: string; rank: number; of: number }[], width = 560): string {
  const models = Math.max(1, ...items.map((i) => i.of));
  return renderSvg(
    {
      grid: { left: 130, right: 70, top: 16, bottom: 36 },
      yAxis: { type: 'category', data: items.map((i) => i.label), inverse: true, ...AXIS },
      xAxis: {
        type: 'value',
        min: 0,
        max: models,
        name: 'rows ranked at or below',
        nameLocation: 'middle',
        nameGap: 22,
        minInterval: 1,
        ...AXIS,
      },
      series: [
        {
          type: 'bar',
          data: items.map((i) => ({ value: i.of + 1 - i.rank, rank: i.rank })),
          itemStyle: { color: '#3b6fd8' },
          barMaxWidth: 22,
          label: {
            show: true,
            position: 'right',
            color: '#16181d',
            formatter: (p: { dataIndex: number }) => `#${items[p.dataIndex]?.rank} of ${items[p.dataIndex]?.of}`,
          },
        },
      ],
    },
    width,
    Math.max(120, 56 + items.length * 34),
  );
}

/**
 * Score against a cost, one point per model, with the Pareto front (pareto.ts) drawn as a step
 * line through the models nothing beats on both. A log x-axis when the costs span more than 20×.
 */
export function scatterWithFront(
  points: ScatterPoint[],
  front: ScatterPoint[],
  names: { x: string; y: string; title: string },
  width = 420,
  height = 320,
): string {
  const xs = points.map((p) => p.x).filter((x) => x > 0);
  const log = xs.length > 1 && Math.max(...xs) / Math.min(...xs) > 20;
  return renderSvg(
    {
      ...labelledScatter(names, log ? 'log' : 'value'),
      series: [
        labelledPoints(points),
        {
          type: 'line',
          name: 'Pareto front',
          step: 'end',
          showSymbol: true,
          symbol: 'diamond',
          symbolSize: 11,
          itemStyle: { color: '#b45309' },
          lineStyle: { color: '#b45309', width: 2 },
          data: front.map((p) => ({ value: [p.x, p.y], name: p.label })),
        },
      ],
    },
    width,
    height,
  );
}
