/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Model($slug: String!) {\n    model(slug: $slug) {\n      slug name source family architecture description imagenetTop1 normalization checkpointUrl checkpointNotes paperUrl codeUrl license onnxSha256\n      properties { key value source }\n      results { task { slug title category primaryMetric higherIsBetter } metric value ciLow ciHigh source protocolId protocolVersion provenance }\n    }\n    suites { slug title }\n  }\n": typeof types.ModelDocument,
    "\n  query Task($slug: String!, $source: ResultSource) {\n    task(slug: $slug) {\n      slug title category dataset numClasses primaryMetric higherIsBetter secondaryMetrics version\n      protocol { id version description params }\n      paperProtocol { id version description params }\n      ranking(source: $source) {\n        referenceProtocol { id version } referenceReason\n        entries { model { slug name } source value ciLow ciHigh protocolId protocolVersion comparable rank rankedAmong }\n      }\n    }\n    suites { slug tasks { slug } }\n  }\n": typeof types.TaskDocument,
    "\n  query AnalysisGroups($suite: String!) {\n    suite(slug: $suite) { analysisGroups { slug title metric tasks { slug } } }\n  }\n": typeof types.AnalysisGroupsDocument,
    "\n  query GroupCorrelation($suite: String!, $group: String!) {\n    p: correlation(suite: $suite, group: $group, method: PEARSON) {\n      coefficient n ciLow ciHigh\n      points { model { slug name } source x y }\n    }\n    s: correlation(suite: $suite, group: $group, method: SPEARMAN) { coefficient n ciLow ciHigh }\n  }\n": typeof types.GroupCorrelationDocument,
    "\n  query Leaderboard(\n    $suite: String!, $aggregate: Aggregate, $source: ResultSource, $category: TaskCategory, $asOf: String, $includeStale: Boolean\n  ) {\n    suites { slug title }\n    leaderboard(suite: $suite, aggregate: $aggregate, source: $source, category: $category, asOf: $asOf, includeStale: $includeStale) {\n      asOf dataAsOf includeStale\n      suite { slug title description provenance { reportedNumbers taskList reconstructed evidenceFor evidenceAgainst } }\n      aggregate\n      tasks { slug title category primaryMetric higherIsBetter }\n      columns { task { slug } referenceProtocol { id version } referenceReason }\n      rows {\n        rank rankedAmong basis score source\n        rankInterval { low high }\n        model { slug name family imagenetTop1 }\n        categoryScores { category score rank rankedAmong comparable protocols { id version } tasksWithResults tasks }\n        cells { taskSlug value ciLow ciHigh protocolId protocolVersion comparable rank rankedAmong stale staleReason }\n        completeness { tasksWithResults tasks }\n      }\n    }\n  }\n": typeof types.LeaderboardDocument,
    "\n  query Models($after: String, $task: String, $withResults: Boolean!) {\n    models(first: 100, after: $after) {\n      edges { node {\n        slug name family imagenetTop1\n        results(task: $task) @include(if: $withResults) {\n          task { slug title category primaryMetric higherIsBetter }\n          metric value ciLow ciHigh source protocolId protocolVersion provenance\n        }\n      } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ModelsDocument,
    "\n  query Submission($id: ID!) {\n    submission(id: $id) {\n      id status createdAt queuePosition failureReason\n      model { slug name }\n      events { status reason attempt at }\n      progress { task { slug title } status }\n      job { status attempt maxAttempts runner leaseExpiresAt lastError }\n    }\n  }\n": typeof types.SubmissionDocument,
    "\n  query ModelSubmissions($model: String!) {\n    submissions(model: $model, first: 100) { edges { node { id status createdAt } } }\n  }\n": typeof types.ModelSubmissionsDocument,
    "\n  mutation SubmitModel($input: SubmitModelInput!) { submitModel(input: $input) { id } }\n": typeof types.SubmitModelDocument,
};
const documents: Documents = {
    "\n  query Model($slug: String!) {\n    model(slug: $slug) {\n      slug name source family architecture description imagenetTop1 normalization checkpointUrl checkpointNotes paperUrl codeUrl license onnxSha256\n      properties { key value source }\n      results { task { slug title category primaryMetric higherIsBetter } metric value ciLow ciHigh source protocolId protocolVersion provenance }\n    }\n    suites { slug title }\n  }\n": types.ModelDocument,
    "\n  query Task($slug: String!, $source: ResultSource) {\n    task(slug: $slug) {\n      slug title category dataset numClasses primaryMetric higherIsBetter secondaryMetrics version\n      protocol { id version description params }\n      paperProtocol { id version description params }\n      ranking(source: $source) {\n        referenceProtocol { id version } referenceReason\n        entries { model { slug name } source value ciLow ciHigh protocolId protocolVersion comparable rank rankedAmong }\n      }\n    }\n    suites { slug tasks { slug } }\n  }\n": types.TaskDocument,
    "\n  query AnalysisGroups($suite: String!) {\n    suite(slug: $suite) { analysisGroups { slug title metric tasks { slug } } }\n  }\n": types.AnalysisGroupsDocument,
    "\n  query GroupCorrelation($suite: String!, $group: String!) {\n    p: correlation(suite: $suite, group: $group, method: PEARSON) {\n      coefficient n ciLow ciHigh\n      points { model { slug name } source x y }\n    }\n    s: correlation(suite: $suite, group: $group, method: SPEARMAN) { coefficient n ciLow ciHigh }\n  }\n": types.GroupCorrelationDocument,
    "\n  query Leaderboard(\n    $suite: String!, $aggregate: Aggregate, $source: ResultSource, $category: TaskCategory, $asOf: String, $includeStale: Boolean\n  ) {\n    suites { slug title }\n    leaderboard(suite: $suite, aggregate: $aggregate, source: $source, category: $category, asOf: $asOf, includeStale: $includeStale) {\n      asOf dataAsOf includeStale\n      suite { slug title description provenance { reportedNumbers taskList reconstructed evidenceFor evidenceAgainst } }\n      aggregate\n      tasks { slug title category primaryMetric higherIsBetter }\n      columns { task { slug } referenceProtocol { id version } referenceReason }\n      rows {\n        rank rankedAmong basis score source\n        rankInterval { low high }\n        model { slug name family imagenetTop1 }\n        categoryScores { category score rank rankedAmong comparable protocols { id version } tasksWithResults tasks }\n        cells { taskSlug value ciLow ciHigh protocolId protocolVersion comparable rank rankedAmong stale staleReason }\n        completeness { tasksWithResults tasks }\n      }\n    }\n  }\n": types.LeaderboardDocument,
    "\n  query Models($after: String, $task: String, $withResults: Boolean!) {\n    models(first: 100, after: $after) {\n      edges { node {\n        slug name family imagenetTop1\n        results(task: $task) @include(if: $withResults) {\n          task { slug title category primaryMetric higherIsBetter }\n          metric value ciLow ciHigh source protocolId protocolVersion provenance\n        }\n      } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ModelsDocument,
    "\n  query Submission($id: ID!) {\n    submission(id: $id) {\n      id status createdAt queuePosition failureReason\n      model { slug name }\n      events { status reason attempt at }\n      progress { task { slug title } status }\n      job { status attempt maxAttempts runner leaseExpiresAt lastError }\n    }\n  }\n": types.SubmissionDocument,
    "\n  query ModelSubmissions($model: String!) {\n    submissions(model: $model, first: 100) { edges { node { id status createdAt } } }\n  }\n": types.ModelSubmissionsDocument,
    "\n  mutation SubmitModel($input: SubmitModelInput!) { submitModel(input: $input) { id } }\n": types.SubmitModelDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Model($slug: String!) {\n    model(slug: $slug) {\n      slug name source family architecture description imagenetTop1 normalization checkpointUrl checkpointNotes paperUrl codeUrl license onnxSha256\n      properties { key value source }\n      results { task { slug title category primaryMetric higherIsBetter } metric value ciLow ciHigh source protocolId protocolVersion provenance }\n    }\n    suites { slug title }\n  }\n"): (typeof documents)["\n  query Model($slug: String!) {\n    model(slug: $slug) {\n      slug name source family architecture description imagenetTop1 normalization checkpointUrl checkpointNotes paperUrl codeUrl license onnxSha256\n      properties { key value source }\n      results { task { slug title category primaryMetric higherIsBetter } metric value ciLow ciHigh source protocolId protocolVersion provenance }\n    }\n    suites { slug title }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Task($slug: String!, $source: ResultSource) {\n    task(slug: $slug) {\n      slug title category dataset numClasses primaryMetric higherIsBetter secondaryMetrics version\n      protocol { id version description params }\n      paperProtocol { id version description params }\n      ranking(source: $source) {\n        referenceProtocol { id version } referenceReason\n        entries { model { slug name } source value ciLow ciHigh protocolId protocolVersion comparable rank rankedAmong }\n      }\n    }\n    suites { slug tasks { slug } }\n  }\n"): (typeof documents)["\n  query Task($slug: String!, $source: ResultSource) {\n    task(slug: $slug) {\n      slug title category dataset numClasses primaryMetric higherIsBetter secondaryMetrics version\n      protocol { id version description params }\n      paperProtocol { id version description params }\n      ranking(source: $source) {\n        referenceProtocol { id version } referenceReason\n        entries { model { slug name } source value ciLow ciHigh protocolId protocolVersion comparable rank rankedAmong }\n      }\n    }\n    suites { slug tasks { slug } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AnalysisGroups($suite: String!) {\n    suite(slug: $suite) { analysisGroups { slug title metric tasks { slug } } }\n  }\n"): (typeof documents)["\n  query AnalysisGroups($suite: String!) {\n    suite(slug: $suite) { analysisGroups { slug title metric tasks { slug } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GroupCorrelation($suite: String!, $group: String!) {\n    p: correlation(suite: $suite, group: $group, method: PEARSON) {\n      coefficient n ciLow ciHigh\n      points { model { slug name } source x y }\n    }\n    s: correlation(suite: $suite, group: $group, method: SPEARMAN) { coefficient n ciLow ciHigh }\n  }\n"): (typeof documents)["\n  query GroupCorrelation($suite: String!, $group: String!) {\n    p: correlation(suite: $suite, group: $group, method: PEARSON) {\n      coefficient n ciLow ciHigh\n      points { model { slug name } source x y }\n    }\n    s: correlation(suite: $suite, group: $group, method: SPEARMAN) { coefficient n ciLow ciHigh }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Leaderboard(\n    $suite: String!, $aggregate: Aggregate, $source: ResultSource, $category: TaskCategory, $asOf: String, $includeStale: Boolean\n  ) {\n    suites { slug title }\n    leaderboard(suite: $suite, aggregate: $aggregate, source: $source, category: $category, asOf: $asOf, includeStale: $includeStale) {\n      asOf dataAsOf includeStale\n      suite { slug title description provenance { reportedNumbers taskList reconstructed evidenceFor evidenceAgainst } }\n      aggregate\n      tasks { slug title category primaryMetric higherIsBetter }\n      columns { task { slug } referenceProtocol { id version } referenceReason }\n      rows {\n        rank rankedAmong basis score source\n        rankInterval { low high }\n        model { slug name family imagenetTop1 }\n        categoryScores { category score rank rankedAmong comparable protocols { id version } tasksWithResults tasks }\n        cells { taskSlug value ciLow ciHigh protocolId protocolVersion comparable rank rankedAmong stale staleReason }\n        completeness { tasksWithResults tasks }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Leaderboard(\n    $suite: String!, $aggregate: Aggregate, $source: ResultSource, $category: TaskCategory, $asOf: String, $includeStale: Boolean\n  ) {\n    suites { slug title }\n    leaderboard(suite: $suite, aggregate: $aggregate, source: $source, category: $category, asOf: $asOf, includeStale: $includeStale) {\n      asOf dataAsOf includeStale\n      suite { slug title description provenance { reportedNumbers taskList reconstructed evidenceFor evidenceAgainst } }\n      aggregate\n      tasks { slug title category primaryMetric higherIsBetter }\n      columns { task { slug } referenceProtocol { id version } referenceReason }\n      rows {\n        rank rankedAmong basis score source\n        rankInterval { low high }\n        model { slug name family imagenetTop1 }\n        categoryScores { category score rank rankedAmong comparable protocols { id version } tasksWithResults tasks }\n        cells { taskSlug value ciLow ciHigh protocolId protocolVersion comparable rank rankedAmong stale staleReason }\n        completeness { tasksWithResults tasks }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Models($after: String, $task: String, $withResults: Boolean!) {\n    models(first: 100, after: $after) {\n      edges { node {\n        slug name family imagenetTop1\n        results(task: $task) @include(if: $withResults) {\n          task { slug title category primaryMetric higherIsBetter }\n          metric value ciLow ciHigh source protocolId protocolVersion provenance\n        }\n      } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query Models($after: String, $task: String, $withResults: Boolean!) {\n    models(first: 100, after: $after) {\n      edges { node {\n        slug name family imagenetTop1\n        results(task: $task) @include(if: $withResults) {\n          task { slug title category primaryMetric higherIsBetter }\n          metric value ciLow ciHigh source protocolId protocolVersion provenance\n        }\n      } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Submission($id: ID!) {\n    submission(id: $id) {\n      id status createdAt queuePosition failureReason\n      model { slug name }\n      events { status reason attempt at }\n      progress { task { slug title } status }\n      job { status attempt maxAttempts runner leaseExpiresAt lastError }\n    }\n  }\n"): (typeof documents)["\n  query Submission($id: ID!) {\n    submission(id: $id) {\n      id status createdAt queuePosition failureReason\n      model { slug name }\n      events { status reason attempt at }\n      progress { task { slug title } status }\n      job { status attempt maxAttempts runner leaseExpiresAt lastError }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelSubmissions($model: String!) {\n    submissions(model: $model, first: 100) { edges { node { id status createdAt } } }\n  }\n"): (typeof documents)["\n  query ModelSubmissions($model: String!) {\n    submissions(model: $model, first: 100) { edges { node { id status createdAt } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitModel($input: SubmitModelInput!) { submitModel(input: $input) { id } }\n"): (typeof documents)["\n  mutation SubmitModel($input: SubmitModelInput!) { submitModel(input: $input) { id } }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;