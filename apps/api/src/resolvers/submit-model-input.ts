import { SUBMISSION_LIMITS } from '@transferboard/suite/submission-limits';
import { lowerCase, type Normalization } from '@transferboard/suite/types';
import type { SubmitModelInput } from '../generated/resolvers-types';
import { badInput } from '../errors';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters a name may not hold (tab, LF, CR allowed)
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export interface ValidSubmitModelInput {
  artifactId: string;
  name: string;
  baseSlug: string;
  description: string | null;
  paperUrl: string | null;
  codeUrl: string | null;
  license: string | null;
  normalization: Normalization;
  /** Declared tensors, checked for form here and against the artifact's graph in submissions.ts. */
  featureTensor: string | null;
  spatialTensors: string[] | null;
}

/** ONNX tensor names are free text; these bounds only keep a request sane. */
const MAX_TENSOR_NAME = SUBMISSION_LIMITS.tensorName;

function tensorName(value: string, field: string): string {
  const text = value.trim();
  if (text === '')
    throw badInput(
      `"input.${field}" has an empty tensor name: name a tensor of the uploaded graph (\`transferboard-runner inspect --model model.onnx --tensors\` lists them).`,
      `input.${field}`,
    );
  if (text.length > MAX_TENSOR_NAME)
    throw badInput(`"input.${field}" has a tensor name longer than ${MAX_TENSOR_NAME} characters.`, `input.${field}`);
  if (CONTROL.test(text)) throw badInput(`"input.${field}" contains control characters.`, `input.${field}`);
  return text;
}

/** A model slug from its name: lower-case ASCII letters and digits joined by single hyphens. */
function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
}

function optionalText(value: string | null | undefined, field: string, max: number, multiline = false): string | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (text.length > max)
    throw badInput(`"input.${field}" is longer than ${max} characters (got ${text.length}).`, `input.${field}`);
  if (CONTROL.test(text) || (!multiline && /[\r\n\t]/.test(text)))
    throw badInput(`"input.${field}" contains control characters.`, `input.${field}`);
  return text;
}

function optionalUrl(value: string | null | undefined, field: string): string | null {
  const text = optionalText(value, field, SUBMISSION_LIMITS.url);
  if (text === null) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badInput(
      `"input.${field}" is not a URL: give an http(s) address such as https://arxiv.org/abs/2011.13377.`,
      `input.${field}`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw badInput(`"input.${field}" must be an http or https URL (got ${url.protocol}).`, `input.${field}`);
  return url.toString();
}

/** Validates every field of submitModel's input, each with a message that says what to send. */
export function validateSubmitModelInput(input: SubmitModelInput): ValidSubmitModelInput {
  if (!UUID_PATTERN.test(input.artifactId)) {
    throw badInput(
      '"input.artifactId" is not an artifact id: upload the ONNX file with POST /artifacts and pass the "id" it returns.',
      'input.artifactId',
    );
  }
  const name = optionalText(input.name, 'name', SUBMISSION_LIMITS.name);
  if (name === null) throw badInput('"input.name" is empty: name the model, e.g. "MoCo v3 ResNet-50".', 'input.name');
  const baseSlug = slugify(name);
  if (baseSlug === '')
    throw badInput(
      '"input.name" needs at least one letter or digit (the model\'s slug is made from it).',
      'input.name',
    );
  const license = optionalText(input.license, 'license', SUBMISSION_LIMITS.license);
  if (license !== null && !/^[A-Za-z0-9.+\-() ]+$/.test(license)) {
    throw badInput(
      '"input.license" must be an SPDX licence identifier or expression, e.g. MIT, Apache-2.0, "MIT OR Apache-2.0".',
      'input.license',
    );
  }
  return {
    artifactId: input.artifactId.toLowerCase(),
    name,
    baseSlug,
    description: optionalText(input.description, 'description', SUBMISSION_LIMITS.description, true),
    paperUrl: optionalUrl(input.paperUrl, 'paperUrl'),
    codeUrl: optionalUrl(input.codeUrl, 'codeUrl'),
    license,
    normalization: lowerCase(input.normalization ?? 'IMAGENET'),
    featureTensor:
      input.featureTensor === null || input.featureTensor === undefined
        ? null
        : tensorName(input.featureTensor, 'featureTensor'),
    spatialTensors:
      input.spatialTensors === null || input.spatialTensors === undefined
        ? null
        : input.spatialTensors.map((t) => tensorName(t, 'spatialTensors')),
  };
}
