'use client';

import { useState, type FormEvent } from 'react';
import type { SubmitOutcome, SubmitState } from '../../lib/submit-state';
import {
  NORMALIZATIONS,
  fieldsFrom,
  formatBytes,
  validateSubmission,
  type FieldErrors,
} from '../../lib/submit-validation';

const LABELS: Record<keyof FieldErrors, string> = {
  name: 'Name',
  description: 'Description',
  paperUrl: 'Paper link',
  codeUrl: 'Code link',
  license: 'Licence',
  normalization: 'Input normalisation',
  featureTensor: 'Feature tensor',
  spatialTensors: 'Spatial maps',
  token: 'API token',
  file: 'ONNX file',
};

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <span id={`${id}-error`} className="error">
      {message}
    </span>
  ) : null;
}

/**
 * The submit form. It posts to /submit/upload (multipart, the file last), which streams the file
 * to the API: without JavaScript as a plain form post, with it through fetch, so the page stays
 * and shows the API's answer in place. `initial` carries errors and values back after a post
 * without JavaScript.
 */
export function SubmitForm({ maxBytes, initial }: { maxBytes: number; initial: SubmitState }) {
  const [state, setState] = useState<SubmitState>(initial);
  const [pending, setPending] = useState(false);
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const errors = clientErrors ?? state.errors;
  const problems = Object.entries(errors) as [keyof FieldErrors, string][];
  const showSummary = () => requestAnimationFrame(() => document.getElementById('error-summary')?.focus());

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    const found = validateSubmission(
      fieldsFrom(form),
      file instanceof File && file.name ? { name: file.name, size: file.size } : null,
      maxBytes,
    );
    if (Object.keys(found).length) {
      setClientErrors(found);
      return showSummary();
    }
    setClientErrors(null);
    setPending(true);
    const action = event.currentTarget.action;
    let outcome: SubmitOutcome;
    try {
      // The token first, so that a wrong one costs no upload; then the browser streams the file
      // from disk and the server streams it on to the API.
      const check = await fetch('/submit/token', {
        method: 'POST',
        body: JSON.stringify({ token: form.get('token') }),
        headers: { 'content-type': 'application/json' },
      });
      const verdict = (await check.json()) as { ok: boolean; field?: 'token'; error?: string };
      if (verdict.ok) {
        const response = await fetch(action, { method: 'POST', body: form, headers: { accept: 'application/json' } });
        outcome = (await response.json()) as SubmitOutcome;
      } else {
        const { token: _token, ...values } = fieldsFrom(form);
        outcome = verdict.field
          ? { errors: { token: verdict.error }, values }
          : { errors: {}, values, message: verdict.error };
      }
    } catch {
      outcome = {
        errors: {},
        values: state.values,
        message: 'The site cannot be reached, or the upload was interrupted. Try again in a minute.',
      };
    }
    if ('redirect' in outcome) return window.location.assign(outcome.redirect);
    setPending(false);
    // Same attempt: the form keeps what was typed and the chosen file.
    setState({ ...outcome, attempt: state.attempt });
    showSummary();
  }

  const field = (name: keyof FieldErrors) => ({
    id: name,
    name,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': [`${name}-hint`, errors[name] ? `${name}-error` : ''].filter(Boolean).join(' '),
  });

  return (
    <form
      key={state.attempt}
      action="/submit/upload"
      method="post"
      encType="multipart/form-data"
      onSubmit={onSubmit}
      noValidate
      aria-describedby="form-hint"
    >
      {problems.length || state.message ? (
        <div id="error-summary" className="error-summary" role="alert" tabIndex={-1}>
          <h2>{problems.length ? 'Fix these before submitting' : 'The submission did not go through'}</h2>
          <ul>
            {problems.map(([k, msg]) => (
              <li key={k}>
                <a href={`#${k}`}>
                  {LABELS[k]}: {msg}
                </a>
              </li>
            ))}
            {state.message && !clientErrors ? <li>{state.message}</li> : null}
          </ul>
        </div>
      ) : null}
      <p id="form-hint" className="legend">
        Fields marked * are required.
      </p>
      <div className="field">
        <label htmlFor="name">Name *</label>
        <input {...field('name')} type="text" defaultValue={state.values.name} maxLength={120} autoComplete="off" />
        <span id="name-hint" className="hint">
          Shown on the leaderboard, e.g. &quot;MoCo-v3 ResNet-50&quot;.
        </span>
        <FieldError id="name" message={errors.name} />
      </div>
      <div className="field">
        <label htmlFor="description">Description</label>
        <textarea {...field('description')} rows={3} defaultValue={state.values.description} />
        <span id="description-hint" className="hint">
          Pretraining method, data and epochs.
        </span>
        <FieldError id="description" message={errors.description} />
      </div>
      <div className="field">
        <label htmlFor="paperUrl">Paper link</label>
        <input
          {...field('paperUrl')}
          type="url"
          defaultValue={state.values.paperUrl}
          placeholder="https://arxiv.org/abs/…"
        />
        <span id="paperUrl-hint" className="hint">
          Optional.
        </span>
        <FieldError id="paperUrl" message={errors.paperUrl} />
      </div>
      <div className="field">
        <label htmlFor="codeUrl">Code link</label>
        <input
          {...field('codeUrl')}
          type="url"
          defaultValue={state.values.codeUrl}
          placeholder="https://github.com/…"
        />
        <span id="codeUrl-hint" className="hint">
          Optional.
        </span>
        <FieldError id="codeUrl" message={errors.codeUrl} />
      </div>
      <div className="field">
        <label htmlFor="license">Licence</label>
        <input {...field('license')} type="text" list="licences" defaultValue={state.values.license} />
        <datalist id="licences">
          {['MIT', 'Apache-2.0', 'BSD-3-Clause', 'CC-BY-4.0', 'CC-BY-NC-4.0'].map((l) => (
            <option key={l} value={l} />
          ))}
        </datalist>
        <span id="license-hint" className="hint">
          An SPDX identifier, e.g. MIT or CC-BY-NC-4.0.
        </span>
        <FieldError id="license" message={errors.license} />
      </div>
      <div className="field">
        <label htmlFor="normalization">Input normalisation *</label>
        <select {...field('normalization')} defaultValue={state.values.normalization}>
          {NORMALIZATIONS.map((n) => (
            <option key={n.value} value={n.value}>
              {n.label}
            </option>
          ))}
        </select>
        <span id="normalization-hint" className="hint">
          What the model expects after resizing to 224×224.
        </span>
        <FieldError id="normalization" message={errors.normalization} />
      </div>
      <details
        className="field"
        open={Boolean(
          errors.featureTensor || errors.spatialTensors || state.values.featureTensor || state.values.spatialTensors,
        )}
      >
        <summary>Which features to evaluate (optional)</summary>
        <div className="field">
          <label htmlFor="featureTensor">Feature tensor</label>
          <input
            {...field('featureTensor')}
            type="text"
            defaultValue={state.values.featureTensor}
            autoComplete="off"
            spellCheck={false}
          />
          <span id="featureTensor-hint" className="hint">
            The pooled representation, [N, D] (or [N, D, 1, 1]), e.g. the class token after the final norm. Leave empty
            to use the model&apos;s output, or for a classifier the tensor its head reads (overrides the file&apos;s{' '}
            <code>transferboard.features</code>).
          </span>
          <FieldError id="featureTensor" message={errors.featureTensor} />
        </div>
        <div className="field">
          <label htmlFor="spatialTensors">Spatial maps</label>
          <textarea
            {...field('spatialTensors')}
            rows={2}
            defaultValue={state.values.spatialTensors}
            spellCheck={false}
          />
          <span id="spatialTensors-hint" className="hint">
            Feature maps [N, C, h, w] for detection and surface normals, coarsest first, separated by commas or new
            lines (at most 8). Leave empty to use the maps before the global pooling.
          </span>
          <FieldError id="spatialTensors" message={errors.spatialTensors} />
        </div>
      </details>
      <div className="field">
        <label htmlFor="token">API token *</label>
        <input {...field('token')} type="password" autoComplete="off" />
        <span id="token-hint" className="hint">
          A submitter token; it is sent to the API only, never stored by this site.
        </span>
        <FieldError id="token" message={errors.token} />
      </div>
      <div className="field">
        <label htmlFor="file">ONNX file *</label>
        <input {...field('file')} type="file" accept=".onnx" />
        <span id="file-hint" className="hint">
          A .onnx export of the backbone, at most {formatBytes(maxBytes)}; pooled features are found in the graph. It
          streams to the API once the token is accepted.
        </span>
        <FieldError id="file" message={errors.file} />
      </div>
      <button type="submit" disabled={pending}>
        {pending ? 'Uploading…' : 'Upload and submit'}
      </button>
    </form>
  );
}
