import { fileURLToPath } from 'node:url';
import { clientCodegenConfig } from '../../codegen.shared.ts';

// The web app's GraphQL documents (`graphql(`…`)` beside each page and in lib/) typed from the
// API's SDL into src/lib/gql/ (committed; `npm run codegen -w @transferboard/web` after a change).
export const GENERATED_DIR = fileURLToPath(new URL('./src/lib/gql', import.meta.url));
const config = clientCodegenConfig(
  fileURLToPath(new URL('.', import.meta.url)),
  ['src/**/*.ts', 'src/**/*.tsx'],
  'src/lib/gql',
);
export default config;
