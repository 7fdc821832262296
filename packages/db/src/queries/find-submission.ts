import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { submissions } from '../schema';
import type { SubmissionRow } from './create-submission';

export async function findSubmission(db: Db, id: string): Promise<SubmissionRow | null> {
  const [row] = await db.select().from(submissions).where(eq(submissions.id, id));
  return row ?? null;
}
