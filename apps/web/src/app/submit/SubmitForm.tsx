'use client';

import { useActionState, useState, type FormEvent } from 'react';
import { NORMALIZATIONS, fieldsFrom, formatBytes, validateSubmission, type FieldErrors } from '../../lib/submit-validation';
import { submitModelAction, type SubmitState } from './actions';

const LABELS: Record<keyof FieldErrors, string> = {
  name: 'Name', description: 'Description', paperUrl: 'Paper link', codeUrl: 'Code link', license: 'Licence',
  normalization: 'Input normalisation', token: 'API token', file: 'ONNX file',
};

const EMPTY: SubmitState = {
  errors: {},
  values: { name: '', description: '', paperUrl: '', codeUrl: '', license: '', normalization: 'IMAGENET' },
  attempt: 0,
};

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? <span id={`${id}-error`} className="error">{message}</span> : null;
}

export function SubmitForm({ maxBytes }: { maxBytes: number }) {
  const [state, formAction, pending] = useActionState(submitModelAction, EMPTY);
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const errors = clientErrors ?? state.errors;
  const problems = Object.entries(errors) as [keyof FieldErrors, string][];

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    const found = validateSubmission(fieldsFrom(form), file instanceof File && file.name ? { name: file.name, size: file.size } : null, maxBytes);
    if (Object.keys(found).length) {
      event.preventDefault();
      setClientErrors(found);
      requestAnimationFrame(() => document.getElementById('error-summary')?.focus());
    } else {
      setClientErrors(null);
    }
  }

  const field = (name: keyof FieldErrors) => ({
    id: name,
    name,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': [`${name}-hint`, errors[name] ? `${name}-error` : ''].filter(Boolean).join(' '),
  });

  return (
    <form key={state.attempt} action={formAction} onSubmit={onSubmit} noValidate aria-describedby="form-hint">
      {problems.length || state.message ? (
        <div id="error-summary" className="error-summary" role="alert" tabIndex={-1}>
          <h2>{problems.length ? 'Fix these before submitting' : 'The submission did not go through'}</h2>
          <ul>
            {problems.map(([k, msg]) => <li key={k}><a href={`#${k}`}>{LABELS[k]}: {msg}</a></li>)}
            {state.message && !clientErrors ? <li>{state.message}</li> : null}
          </ul>
        </div>
      ) : null}
      <p id="form-hint" className="legend">Fields marked * are required.</p>
      <div className="field">
        <label htmlFor="name">Name *</label>
        <input {...field('name')} type="text" defaultValue={state.values.name} maxLength={120} autoComplete="off" />
        <span id="name-hint" className="hint">Shown on the leaderboard, e.g. &quot;MoCo-v3 ResNet-50&quot;.</span>
        <FieldError id="name" message={errors.name} />
      </div>
      <div className="field">
        <label htmlFor="description">Description</label>
        <textarea {...field('description')} rows={3} defaultValue={state.values.description} />
        <span id="description-hint" className="hint">Pretraining method, data and epochs.</span>
        <FieldError id="description" message={errors.description} />
      </div>
      <div className="field">
        <label htmlFor="paperUrl">Paper link</label>
        <input {...field('paperUrl')} type="url" defaultValue={state.values.paperUrl} placeholder="https://arxiv.org/abs/…" />
        <span id="paperUrl-hint" className="hint">Optional.</span>
        <FieldError id="paperUrl" message={errors.paperUrl} />
      </div>
      <div className="field">
        <label htmlFor="codeUrl">Code link</label>
        <input {...field('codeUrl')} type="url" defaultValue={state.values.codeUrl} placeholder="https://github.com/…" />
        <span id="codeUrl-hint" className="hint">Optional.</span>
        <FieldError id="codeUrl" message={errors.codeUrl} />
      </div>
      <div className="field">
        <label htmlFor="license">Licence</label>
        <input {...field('license')} type="text" list="licences" defaultValue={state.values.license} />
        <datalist id="licences">
          {['MIT', 'Apache-2.0', 'BSD-3-Clause', 'CC-BY-4.0', 'CC-BY-NC-4.0'].map((l) => <option key={l} value={l} />)}
        </datalist>
        <span id="license-hint" className="hint">An SPDX identifier, e.g. MIT or CC-BY-NC-4.0.</span>
        <FieldError id="license" message={errors.license} />
      </div>
      <div className="field">
        <label htmlFor="normalization">Input normalisation *</label>
        <select {...field('normalization')} defaultValue={state.values.normalization}>
          {NORMALIZATIONS.map((n) => <option key={n.value} value={n.value}>{n.label}</option>)}
        </select>
        <span id="normalization-hint" className="hint">What the model expects after resizing to 224×224.</span>
        <FieldError id="normalization" message={errors.normalization} />
      </div>
      <div className="field">
        <label htmlFor="file">ONNX file *</label>
        <input {...field('file')} type="file" accept=".onnx" />
        <span id="file-hint" className="hint">A .onnx export of the backbone, at most {formatBytes(maxBytes)}; pooled features are found in the graph.</span>
        <FieldError id="file" message={errors.file} />
      </div>
      <div className="field">
        <label htmlFor="token">API token *</label>
        <input {...field('token')} type="password" autoComplete="off" />
        <span id="token-hint" className="hint">A submitter token; it is sent to the API only, never stored by this site.</span>
        <FieldError id="token" message={errors.token} />
      </div>
      <button type="submit" disabled={pending}>{pending ? 'Uploading…' : 'Upload and submit'}</button>
    </form>
  );
}
