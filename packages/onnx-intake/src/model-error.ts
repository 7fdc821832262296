/** A model the runner cannot use; the message names the file, what is wrong and what to do. */
export class ModelError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${file}: ${problem}; ${fix}`);
    this.name = 'ModelError';
  }
}
