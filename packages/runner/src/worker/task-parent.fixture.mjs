// A stand-in queue worker for task-process.test.ts: starts one task's process on the model path
// given, prints the child's pid, and waits (the test SIGKILLs this process).
import { register } from 'tsx/esm/api';

register();
const { runTaskProcess } = await import('./task-process.ts');
const [modelPath, dataRoot, cacheDir] = process.argv.slice(2);
void runTaskProcess({
  request: {
    type: 'run',
    options: { modelPath, dataRoot, cacheDir, suite: 'ssl-transfer-v1', tasks: ['linear-dtd'], runnerVersion: 'test' },
  },
  timeLimitMs: 600_000,
  log: () => {},
  onStart: (pid) => console.log(`child ${pid}`),
});
