import type { Metadata } from 'next';
import { decodeState, EMPTY_VALUES } from '../../lib/submit-state';
import { maxUploadBytes } from '../../lib/upload-limit';
import { SubmitForm } from './SubmitForm';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Submit a model' };

export default async function SubmitPage({ searchParams }: { searchParams: Promise<{ state?: string | string[] }> }) {
  const { state } = await searchParams;
  // After a form post without JavaScript, /submit/upload sends the errors and values back here.
  const initial = decodeState(typeof state === 'string' ? state : undefined) ?? {
    errors: {},
    values: EMPTY_VALUES,
    attempt: 0,
  };
  return (
    <>
      <h1>Submit a model</h1>
      <p className="lede">
        Upload a pretrained backbone as ONNX. It is validated, queued, and evaluated by a runner on the full suite; the
        results appear on the leaderboard as <em>measured</em>. You can follow it on its submission page.
      </p>
      <SubmitForm maxBytes={maxUploadBytes()} initial={initial} />
    </>
  );
}
