import { DEFAULT_MAX_UPLOAD_BYTES } from './submit-validation';

/** The largest ONNX file the form accepts; WEB_MAX_UPLOAD_BYTES overrides (the streaming upload route enforces it too). */
export function maxUploadBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.WEB_MAX_UPLOAD_BYTES;
  const n = raw ? Number(raw) : NaN;
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_UPLOAD_BYTES;
}
