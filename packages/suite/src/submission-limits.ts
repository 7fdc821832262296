/**
 * What `submitModel` accepts (characters, after trimming). The API enforces them; the web's
 * submit form checks the same numbers at once, so a submitter hears it before uploading.
 */
export const SUBMISSION_LIMITS = {
  name: 80,
  description: 2000,
  /** paperUrl and codeUrl. */
  url: 500,
  license: 100,
  /** featureTensor and each of spatialTensors. */
  tensorName: 1000,
  /** How many spatial maps a submission may name: more scales than any probe uses. */
  spatialTensors: 8,
} as const;
