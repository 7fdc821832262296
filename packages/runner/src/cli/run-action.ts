import { InvalidArgumentError } from 'commander';
import { DatasetError } from '../datasets/errors';
import { ExecutionProviderError } from '../gpu/execution-provider';
import { ImageDecodeError } from '../images/preprocess';
import { NpyError } from '../npy/npy';
import { ProbeInputError } from '../probes/probe-input';
import { ModelError } from '@transferboard/onnx-intake/model-error';

/** A mistake in how the command was called; printed without a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const EXPECTED = [
  UsageError,
  ModelError,
  ImageDecodeError,
  DatasetError,
  NpyError,
  ProbeInputError,
  ExecutionProviderError,
];

/**
 * Runs a command body. Problems with the user's input (model, images, data, flags) print one
 * message that names the file and the fix, with exit status 2; anything else is a bug: its
 * message and a hint, status 1, stack only with TB_DEBUG=1.
 */
export async function runAction(body: () => Promise<unknown>): Promise<void> {
  try {
    const code = await body();
    if (typeof code === 'number') process.exitCode = code;
  } catch (err) {
    const e = err as Error;
    if (EXPECTED.some((cls) => e instanceof cls) || e.name === 'UnknownSlugError') {
      process.stderr.write(`error: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(
      `error: ${e.message}\n${process.env.TB_DEBUG ? `${e.stack}\n` : '(unexpected: rerun with TB_DEBUG=1 for the stack trace, and please report it)\n'}`,
    );
    process.exitCode = 1;
  }
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

export function list(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}
