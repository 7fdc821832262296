/**
 * Bump when a rule changes what the intake accepts or refuses, or what it records: the API's
 * cache of refusals (by sha256) holds only verdicts of the current version.
 */
export const INTAKE_VERSION = 2; // 2: records the architecture family (architecture.ts)
