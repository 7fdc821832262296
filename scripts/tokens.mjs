// `npm run tokens -- create --role submitter|runner|admin --name NAME | list | revoke ID_OR_PREFIX`
// The logic is TypeScript in apps/api (shared with the API's control socket); tsx loads it.
import { register } from 'tsx/esm/api';

register();
const { runTokensCli } = await import('@transferboard/api/tokens-cli');
process.exitCode = await runTokensCli(process.argv.slice(2));
