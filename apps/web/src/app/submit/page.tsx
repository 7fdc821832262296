import type { Metadata } from 'next';
import { maxUploadBytes } from '../../lib/upload-limit';
import { SubmitForm } from './SubmitForm';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Submit a model' };

export default function SubmitPage() {
  return (
    <>
      <h1>Submit a model</h1>
      <p className="lede">
        Upload a pretrained backbone as ONNX. It is validated, queued, and evaluated by a runner on the full suite; the results appear on the
        leaderboard as <em>measured</em>. You can follow it on its submission page.
      </p>
      <SubmitForm maxBytes={maxUploadBytes()} />
    </>
  );
}
