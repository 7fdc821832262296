import { fileURLToPath } from 'node:url';
import { clientCodegenConfig } from '../../codegen.shared.ts';

// The worker's GraphQL documents (`graphql(`…`)` in src/worker/) typed from the API's SDL into
// src/worker/gql/ (committed; `npm run codegen -w @transferboard/runner` after a change).
export const GENERATED_DIR = fileURLToPath(new URL('./src/worker/gql', import.meta.url));
const config = clientCodegenConfig(
  fileURLToPath(new URL('.', import.meta.url)),
  ['src/worker/**/*.ts'],
  'src/worker/gql',
);
export default config;
