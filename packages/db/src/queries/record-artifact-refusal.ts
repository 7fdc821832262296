import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { artifactRefusals } from '../schema';

/** Remembers why the intake refused these bytes (the latest intake's verdict wins). */
export async function recordArtifactRefusal(
  db: Db,
  input: { sha256: string; reason: string; message: string; intakeVersion: number },
): Promise<void> {
  await db
    .insert(artifactRefusals)
    .values(input)
    .onConflictDoUpdate({
      target: artifactRefusals.sha256,
      set: { reason: input.reason, message: input.message, intakeVersion: input.intakeVersion, lastSeenAt: sql`now()` },
    });
}
