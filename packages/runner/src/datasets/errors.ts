/**
 * A problem with the files under the data root. Readers throw it so that `datasets check` can turn it
 * into a report line and the CLI can print it without a stack trace.
 */
export class DatasetError extends Error {
  constructor(
    readonly kind: 'missing' | 'malformed',
    readonly path: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${path}: ${problem} (${fix})`);
    this.name = 'DatasetError';
  }
}

export function missing(path: string, problem: string, fix: string): DatasetError {
  return new DatasetError('missing', path, problem, fix);
}

export function malformed(path: string, problem: string, fix: string): DatasetError {
  return new DatasetError('malformed', path, problem, fix);
}
