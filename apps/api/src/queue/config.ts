import { ConfigError } from '../config';

/** How often each API process returns expired leases to the queue (LEASE_SWEEP_MS, default 5000). */
export function loadLeaseSweepMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.LEASE_SWEEP_MS;
  if (raw === undefined || raw === '') return 5_000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 100 || n > 600_000)
    throw new ConfigError([`LEASE_SWEEP_MS="${raw}" must be a whole number of milliseconds from 100 to 600000`]);
  return n;
}
