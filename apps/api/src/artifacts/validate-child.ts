// Runs in a child process with limited memory and time (see validate.ts): parses and checks an
// untrusted upload with the ONNX intake (pure protobuf: no onnxruntime, no image libraries).
// Prints one JSON line and exits 0 for a usable model, 3 for a refused one (with the intake's
// reason code); anything else (a crash, running out of memory) is the parent's to report.
import { inspectModel } from '@transferboard/onnx-intake/inspect';
import { ModelError } from '@transferboard/onnx-intake/model-error';

// The parent holds our stdin open: when it closes, the API is gone and nobody awaits the answer.
process.stdin.on('end', () => process.exit(4));
process.stdin.resume();

const [path, name] = process.argv.slice(2);
try {
  const { info } = await inspectModel(path!);
  const { file: _file, ...rest } = info;
  process.stdout.write(`${JSON.stringify({ ok: true, info: rest })}\n`, () => process.exit(0));
} catch (err) {
  if (err instanceof ModelError) {
    const message = `${name ?? 'the upload'}: ${err.problem}; ${err.fix}`;
    process.stdout.write(`${JSON.stringify({ ok: false, reason: err.code, message })}\n`, () => process.exit(3));
  } else {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`, () => process.exit(1));
  }
}
