import { access } from 'node:fs/promises';
import sharp from 'sharp';
import { DatasetError } from './errors';
import type { CheckIssue, CheckReport, ImageRef } from './types';

/** What a dataset's check found once its lists and annotations were read. */
interface CheckFindings {
  counts: Record<string, number>;
  images: ImageRef[];
  extraFiles: string[];
}
export type CheckPlan = (warnings: string[]) => Promise<CheckFindings>;

const MAX_LISTED = 10;
const FIX_FILES = 're-extract the official archive: files named by the split lists are absent';

async function missingFiles(paths: string[]): Promise<string[]> {
  const unique = [...new Set(paths)];
  const absent: string[] = [];
  const width = 64;
  for (let i = 0; i < unique.length; i += width) {
    const batch = unique.slice(i, i + width);
    const results = await Promise.all(
      batch.map((p) =>
        access(p).then(
          () => true,
          () => false,
        ),
      ),
    );
    results.forEach((ok, k) => {
      if (!ok) absent.push(batch[k]!);
    });
  }
  return absent;
}

/** Decodes the first image of the list, so a layout of empty or non-image files is caught early. */
async function firstImageIssue(images: ImageRef[]): Promise<CheckIssue | null> {
  const first = images[0];
  if (!first) return null;
  try {
    const img = await first.load();
    if (img.kind === 'encoded') await sharp(img.bytes).metadata();
    return null;
  } catch (e) {
    if (e instanceof DatasetError) return { path: e.path, problem: e.problem, fix: e.fix };
    return {
      path: first.path ?? first.id,
      problem: `cannot be decoded as an image (${(e as Error).message})`,
      fix: 're-extract the official archive; the file is damaged',
    };
  }
}

export async function runCheck(dataset: string, plan: CheckPlan): Promise<CheckReport> {
  const warnings: string[] = [];
  let findings: CheckFindings;
  try {
    findings = await plan(warnings);
  } catch (e) {
    if (!(e instanceof DatasetError)) {
      const err = e as Error;
      return {
        dataset,
        status: 'malformed',
        issues: [
          {
            path: '',
            problem: err.message,
            fix: 'see the message; report a bug if the files are as the official archive extracts',
          },
        ],
      };
    }
    return { dataset, status: e.kind, issues: [{ path: e.path, problem: e.problem, fix: e.fix }] };
  }
  const issues: CheckIssue[] = [];
  const absent = await missingFiles([
    ...findings.images.flatMap((i) => (i.path ? [i.path] : [])),
    ...findings.extraFiles,
  ]);
  for (const path of absent.slice(0, MAX_LISTED)) issues.push({ path, problem: 'file not found', fix: FIX_FILES });
  if (absent.length > MAX_LISTED)
    issues.push({ path: '', problem: `${absent.length - MAX_LISTED} more files not found`, fix: FIX_FILES });
  if (absent.length === 0) {
    const bad = await firstImageIssue(findings.images);
    if (bad) issues.push(bad);
  }
  return {
    dataset,
    status: issues.length === 0 ? 'present' : 'malformed',
    issues,
    counts: findings.counts,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}
