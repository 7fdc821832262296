import type { CodegenConfig } from '@graphql-codegen/cli';

// Resolver types are generated from the SDL; src/generated/ is committed and a test fails when it
// drifts from what this config produces (run `npm run codegen -w @transferboard/api` to update).
const config: CodegenConfig = {
  schema: 'src/schema.graphql',
  generates: {
    'src/generated/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useIndexSignature: true,
        contextType: '../context#ApiContext',
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        maybeValue: 'T | null',
        scalars: { JSON: 'unknown' },
        mappers: {
          Suite: '../mappers#SuiteParent',
          Task: '../mappers#TaskParent',
          Model: '../mappers#ModelParent',
          Result: '../mappers#ResultParent',
          Leaderboard: '../mappers#LeaderboardParent',
          LeaderboardRow: '../mappers#LeaderboardRowParent',
          LeaderboardColumn: '../mappers#LeaderboardColumnParent',
          AnalysisGroup: '../mappers#AnalysisGroupParent',
          TaskRanking: '../mappers#TaskRankingParent',
          TaskRankingEntry: '../mappers#TaskRankingEntryParent',
          Correlation: '../mappers#CorrelationParent',
          CorrelationPoint: '../mappers#CorrelationPointParent',
          Submission: '../mappers#SubmissionParent',
          StatusEvent: '../mappers#StatusEventParent',
          TaskProgress: '../mappers#TaskProgressParent',
          Job: '../mappers#JobParent',
          Artifact: '../mappers#ArtifactParent',
        },
      },
    },
  },
};
export default config;
