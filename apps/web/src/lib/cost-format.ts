/**
 * How the web writes a model's cost: parameters in millions, GFLOPs per image, images per second
 * and memory, each with the digits that tell models apart and an em dash where nothing is known.
 */

export function formatParameters(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

export function formatGflops(g: number | null | undefined): string {
  if (g === null || g === undefined) return '—';
  return g >= 10 ? g.toFixed(1) : g >= 0.1 ? g.toFixed(2) : g.toPrecision(2);
}

export function formatRate(r: number | null | undefined): string {
  if (r === null || r === undefined) return '—';
  return r >= 100 ? r.toFixed(0) : r.toFixed(1);
}

export function formatMiB(m: number | null | undefined): string {
  if (m === null || m === undefined) return '—';
  return m >= 1024 ? `${(m / 1024).toFixed(1)} GiB` : `${m.toFixed(0)} MiB`;
}

const FAMILY_LABELS: Record<string, string> = {
  VISION_TRANSFORMER: 'vision transformer',
  CONVNEXT_LIKE: 'ConvNeXt-like',
  CONVOLUTIONAL: 'convolutional',
  OTHER: 'other',
};

export function familyLabel(family: string | null | undefined): string {
  return family ? (FAMILY_LABELS[family] ?? family.toLowerCase()) : '—';
}

const FEATURE_SOURCES: Record<string, string> = {
  declared: 'declared with the submission',
  metadata: "declared in the file's metadata",
  'model-output': "the model's own output",
  'classifier-input': "the input of the model's classifier head",
  'global-pool': 'the output of the last global pooling',
  paper: "the paper's pooled features",
};

export function featureSourceLabel(source: string | null | undefined): string {
  return source ? (FEATURE_SOURCES[source] ?? source) : '—';
}
