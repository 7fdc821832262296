/**
 * The largest GraphQL response the API sends (API_MAX_RESPONSE_BYTES). The cost limit keeps
 * responses far below it (the largest legitimate ones, every model's results or the introspection
 * query, are a few hundred kB); it is the backstop for lists that outgrew their bounds.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
