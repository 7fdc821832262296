import type { Eta } from '../evaluate/eta';
import type { WorkKind } from '../progress/work-counters';

type Counts = Readonly<Record<WorkKind, number>>;

/**
 * What a job's heartbeats report: where the job is (phase, task, per-task states) and how much
 * work it has done. `mark` (bytes downloaded + images through the backbone + onnxruntime steps +
 * tasks ended, over the whole attempt) only grows while the job works; the API extends the lease
 * only while it does. Updates are sent at most twice a second (downloads report every chunk).
 */
export class JobProgress {
  private readonly states: Record<string, string>;
  private phase = 'start';
  private task: string | null = null;
  private taskIndex: number | null = null;
  private tasksEnded = 0;
  private bytes = 0;
  private ended: Counts = { images: 0, steps: 0 };
  private current: Counts = { images: 0, steps: 0 };
  private eta: Eta | null = null;
  private lastSent = 0;
  private pending: NodeJS.Timeout | null = null;

  constructor(
    private readonly slugs: string[],
    private readonly send: (progress: Record<string, unknown>) => void,
    private readonly minIntervalMs = 500,
  ) {
    this.states = Object.fromEntries(slugs.map((s) => [s, 'pending']));
  }

  setPhase(phase: string): void {
    this.phase = phase;
    this.publish();
  }

  setTask(slug: string, status: string): void {
    this.states[slug] = status;
    this.publish();
  }

  addBytes(n: number): void {
    this.bytes += n;
    this.publish();
  }

  startTask(slug: string, index: number): void {
    this.phase = 'evaluate';
    this.task = slug;
    this.taskIndex = index;
    this.states[slug] = 'running';
    this.publish();
  }

  /** How long the rest of the job should take (evaluate/eta.ts): sent at once, shown on the submission page. */
  setEta(eta: Eta | null): void {
    this.eta = eta;
    this.publish(true);
  }

  /** The running task's own counters (its process starts from zero). */
  setTaskCounts(counts: Counts): void {
    this.current = counts;
    this.publish();
  }

  endTask(slug: string, status: string): void {
    this.ended = { images: this.ended.images + this.current.images, steps: this.ended.steps + this.current.steps };
    this.current = { images: 0, steps: 0 };
    this.tasksEnded++;
    this.states[slug] = status;
    this.task = null;
    this.publish(true);
  }

  snapshot(): Record<string, unknown> {
    const images = this.ended.images + this.current.images;
    const steps = this.ended.steps + this.current.steps;
    return {
      phase: this.phase,
      ...(this.task ? { task: this.task, taskIndex: this.taskIndex } : {}),
      taskCount: this.slugs.length,
      fraction: this.slugs.length ? this.tasksEnded / this.slugs.length : 1,
      tasks: { ...this.states },
      counters: { tasks: this.tasksEnded, bytes: this.bytes, images, steps },
      mark: this.tasksEnded + this.bytes + images + steps,
      ...(this.eta ? { eta: this.eta } : {}),
    };
  }

  private publish(now = false): void {
    const wait = this.lastSent + this.minIntervalMs - Date.now();
    if (now || wait <= 0) {
      if (this.pending) clearTimeout(this.pending);
      this.pending = null;
      this.lastSent = Date.now();
      this.send(this.snapshot());
    } else if (!this.pending) {
      this.pending = setTimeout(() => this.publish(true), wait);
      this.pending.unref();
    }
  }
}
