/**
 * The `--ep` request as users type it. Resolving it (which libraries load, which GPU, the
 * fallback rules and their messages) happens in one place only:
 * resolveExecutionProvider / planExtraction in src/gpu/.
 */

export type ProviderRequest = 'cpu' | 'cuda' | 'auto';

export function parseProviderRequest(value: string): ProviderRequest {
  if (value === 'cpu' || value === 'cuda' || value === 'auto') return value;
  throw new Error(`--ep must be cpu, cuda or auto (got '${value}')`);
}
