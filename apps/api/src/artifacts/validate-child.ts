// Runs in a child process with limited memory and time (see validate.ts): parses and checks an
// untrusted upload with the runner's ONNX inspection. Prints one JSON line and exits 0 for a
// usable model, 3 for a refused one; anything else (a crash, running out of memory) is the
// parent's to report.
import { inspectModel } from '@transferboard/onnx-intake/inspect';
import { ModelError } from '@transferboard/onnx-intake/model-error';

const [path, name] = process.argv.slice(2);
try {
  const { info } = await inspectModel(path!);
  const { file: _file, ...rest } = info;
  process.stdout.write(`${JSON.stringify({ ok: true, info: rest })}\n`);
  process.exit(0);
} catch (err) {
  if (err instanceof ModelError) {
    process.stdout.write(`${JSON.stringify({ ok: false, message: `${name ?? 'the upload'}: ${err.problem}; ${err.fix}` })}\n`);
    process.exit(3);
  }
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
}
