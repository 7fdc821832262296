import { SUBMISSION_LIMITS } from '@transferboard/suite/submission-limits';

const { tensorName: MAX_TENSOR_NAME, spatialTensors: MAX_SPATIAL_TENSORS } = SUBMISSION_LIMITS;
import { NORMALIZATIONS as SUITE_NORMALIZATIONS, upperCase, type Normalization } from '@transferboard/suite/types';
import type { Normalization as ApiNormalization } from './gql/graphql';

/**
 * Rules for the submit form, shared by the browser (instant messages) and the server action
 * (the authority: it also runs without client JavaScript).
 */
export interface SubmitFields {
  name: string;
  description: string;
  paperUrl: string;
  codeUrl: string;
  license: string;
  normalization: string;
  /** The pooled-feature tensor to evaluate (optional; the API checks it against the graph). */
  featureTensor: string;
  /** Spatial maps for the dense probes, coarsest first: names separated by commas or new lines (optional). */
  spatialTensors: string;
  token: string;
}

export interface FileFacts {
  name: string;
  size: number;
  /** The first bytes, where known (the server reads them; the browser does not). */
  head?: Uint8Array;
}

export type FieldErrors = Partial<Record<keyof SubmitFields | 'file', string>>;

const NORMALIZATION_LABELS: Record<Normalization, string> = {
  imagenet: 'ImageNet mean/std (most models)',
  none: 'None: pixels in [0, 1] (e.g. SimCLR)',
};

/** The form's choices: the suite's normalisations, as the API's enum spells them. */
export const NORMALIZATIONS: { value: ApiNormalization; label: string }[] = SUITE_NORMALIZATIONS.map((n) => ({
  value: upperCase(n),
  label: NORMALIZATION_LABELS[n],
}));

export function isNormalization(value: string): value is ApiNormalization {
  return NORMALIZATIONS.some((n) => n.value === value);
}

export const DEFAULT_MAX_UPLOAD_BYTES = 500 * 1024 * 1024;

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round(n / (1024 * 1024))} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} kB`;
  return `${n} bytes`;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export function validateSubmission(fields: SubmitFields, file: FileFacts | null, maxBytes: number): FieldErrors {
  const errors: FieldErrors = {};
  const name = fields.name.trim();
  if (!name) errors.name = 'Enter a name for the model.';
  else if (name.length > SUBMISSION_LIMITS.name)
    errors.name = `The name is ${name.length} characters long: keep it to ${SUBMISSION_LIMITS.name}.`;
  const description = fields.description.trim();
  if (description.length > SUBMISSION_LIMITS.description) {
    errors.description = `The description is ${description.length} characters long: keep it to ${SUBMISSION_LIMITS.description.toLocaleString('en')}.`;
  }
  for (const key of ['paperUrl', 'codeUrl'] as const) {
    const v = fields[key].trim();
    if (v && !isHttpUrl(v))
      errors[key] = `"${v}" is not a web address: give a full http:// or https:// URL, or leave it empty.`;
    else if (v.length > SUBMISSION_LIMITS.url)
      errors[key] = `The address is ${v.length} characters long: keep it to ${SUBMISSION_LIMITS.url}.`;
  }
  const license = fields.license.trim();
  if (license.length > SUBMISSION_LIMITS.license) {
    errors.license = `The licence is ${license.length} characters long: give an SPDX identifier such as MIT (at most ${SUBMISSION_LIMITS.license}).`;
  }
  const feature = fields.featureTensor.trim();
  if (feature.length > MAX_TENSOR_NAME)
    errors.featureTensor = `The tensor name is ${feature.length} characters long: ONNX names here are at most ${MAX_TENSOR_NAME}.`;
  const spatial = spatialList(fields.spatialTensors);
  if (spatial.length > MAX_SPATIAL_TENSORS)
    errors.spatialTensors = `${spatial.length} maps named: name at most ${MAX_SPATIAL_TENSORS}, coarsest first.`;
  else if (spatial.some((t) => t.length > MAX_TENSOR_NAME))
    errors.spatialTensors = `A tensor name is longer than ${MAX_TENSOR_NAME} characters.`;
  else {
    const twice = spatial.find((t, i) => spatial.indexOf(t) !== i);
    if (twice) errors.spatialTensors = `"${twice}" is named twice: name each map once, coarsest first.`;
  }
  if (!isNormalization(fields.normalization))
    errors.normalization = 'Choose the input normalisation the model expects.';
  if (!fields.token.trim())
    errors.token = 'Enter your API token (create one with `npm run tokens -- create --role submitter --name YOU`).';
  if (!file || (file.size === 0 && !file.name)) errors.file = 'Choose the model\u2019s ONNX file.';
  else if (!file.name.toLowerCase().endsWith('.onnx'))
    errors.file = `"${file.name}" is not an ONNX file: export the model to ONNX and choose the .onnx file.`;
  else if (file.size === 0) errors.file = `"${file.name}" is empty.`;
  else if (file.size > maxBytes)
    errors.file = `"${file.name}" is ${formatBytes(file.size)}, larger than the ${formatBytes(maxBytes)} limit.`;
  // An ONNX ModelProto begins with field 1 (ir_version, a varint): tag byte 0x08.
  else if (file.head && file.head.length > 0 && file.head[0] !== 0x08) {
    errors.file = `"${file.name}" is not an ONNX model (it does not start with an ONNX ModelProto header): export it with torch.onnx.export or tf2onnx.`;
  }
  return errors;
}

/** The spatial-maps field as a list: names separated by commas or new lines, blanks dropped. */
export function spatialList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((t) => t.trim())
    .filter(Boolean);
}

export function fieldsFrom(form: FormData): SubmitFields {
  const s = (k: string) => {
    const v = form.get(k);
    return typeof v === 'string' ? v : '';
  };
  return {
    name: s('name'),
    description: s('description'),
    paperUrl: s('paperUrl'),
    codeUrl: s('codeUrl'),
    license: s('license'),
    normalization: s('normalization') || 'IMAGENET',
    featureTensor: s('featureTensor'),
    spatialTensors: s('spatialTensors'),
    token: s('token'),
  };
}
