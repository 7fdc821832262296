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
    "\n  mutation Heartbeat($id: ID!, $token: Int!, $progress: JSON) {\n    heartbeat(jobId: $id, fencingToken: $token, progress: $progress) { leaseExpiresAt }\n  }\n": typeof types.HeartbeatDocument,
    "\n  mutation ClaimJob($runner: String!) {\n    claimJob(runner: $runner) {\n      id attempt maxAttempts fencingToken leaseExpiresAt suite { slug } submission { id }\n      model { slug normalization featureTensor spatialTensors } artifact { id sha256 size } tasks { slug }\n    }\n  }\n": typeof types.ClaimJobDocument,
    "\n  mutation ReportResults(\n    $id: ID!, $token: Int!, $task: String!, $results: [MetricValueInput!]!, $provenance: JSON, $protocol: ProtocolRefInput,\n    $measurement: MeasurementInput\n  ) {\n    reportResults(\n      jobId: $id, fencingToken: $token, task: $task, results: $results, provenance: $provenance, protocol: $protocol,\n      measurement: $measurement\n    ) { status }\n  }\n": typeof types.ReportResultsDocument,
    "\n  query DoneTasks($id: ID!) { submission(id: $id) { progress { task { slug } status } } }\n": typeof types.DoneTasksDocument,
    "\n  mutation CompleteJob($id: ID!, $token: Int!, $unmeasured: [UnmeasuredTaskInput!]!) {\n    completeJob(jobId: $id, fencingToken: $token, unmeasured: $unmeasured) { status }\n  }\n": typeof types.CompleteJobDocument,
    "\n  mutation FailJob($id: ID!, $token: Int!, $reason: String!, $retryable: Boolean!) {\n    failJob(jobId: $id, fencingToken: $token, reason: $reason, retryable: $retryable) { status }\n  }\n": typeof types.FailJobDocument,
    "\n  mutation ReleaseJob($id: ID!, $token: Int!, $reason: String!) {\n    releaseJob(jobId: $id, fencingToken: $token, reason: $reason) { status }\n  }\n": typeof types.ReleaseJobDocument,
    "\n  mutation ReportTaskFailure($id: ID!, $token: Int!, $task: String!, $reason: String!) {\n    reportTaskFailure(jobId: $id, fencingToken: $token, task: $task, reason: $reason) { status }\n  }\n": typeof types.ReportTaskFailureDocument,
    "\n  mutation ReportThroughput($id: ID!, $token: Int!, $task: String!, $measurement: ThroughputInput!) {\n    reportThroughput(jobId: $id, fencingToken: $token, task: $task, measurement: $measurement) { status }\n  }\n": typeof types.ReportThroughputDocument,
};
const documents: Documents = {
    "\n  mutation Heartbeat($id: ID!, $token: Int!, $progress: JSON) {\n    heartbeat(jobId: $id, fencingToken: $token, progress: $progress) { leaseExpiresAt }\n  }\n": types.HeartbeatDocument,
    "\n  mutation ClaimJob($runner: String!) {\n    claimJob(runner: $runner) {\n      id attempt maxAttempts fencingToken leaseExpiresAt suite { slug } submission { id }\n      model { slug normalization featureTensor spatialTensors } artifact { id sha256 size } tasks { slug }\n    }\n  }\n": types.ClaimJobDocument,
    "\n  mutation ReportResults(\n    $id: ID!, $token: Int!, $task: String!, $results: [MetricValueInput!]!, $provenance: JSON, $protocol: ProtocolRefInput,\n    $measurement: MeasurementInput\n  ) {\n    reportResults(\n      jobId: $id, fencingToken: $token, task: $task, results: $results, provenance: $provenance, protocol: $protocol,\n      measurement: $measurement\n    ) { status }\n  }\n": types.ReportResultsDocument,
    "\n  query DoneTasks($id: ID!) { submission(id: $id) { progress { task { slug } status } } }\n": types.DoneTasksDocument,
    "\n  mutation CompleteJob($id: ID!, $token: Int!, $unmeasured: [UnmeasuredTaskInput!]!) {\n    completeJob(jobId: $id, fencingToken: $token, unmeasured: $unmeasured) { status }\n  }\n": types.CompleteJobDocument,
    "\n  mutation FailJob($id: ID!, $token: Int!, $reason: String!, $retryable: Boolean!) {\n    failJob(jobId: $id, fencingToken: $token, reason: $reason, retryable: $retryable) { status }\n  }\n": types.FailJobDocument,
    "\n  mutation ReleaseJob($id: ID!, $token: Int!, $reason: String!) {\n    releaseJob(jobId: $id, fencingToken: $token, reason: $reason) { status }\n  }\n": types.ReleaseJobDocument,
    "\n  mutation ReportTaskFailure($id: ID!, $token: Int!, $task: String!, $reason: String!) {\n    reportTaskFailure(jobId: $id, fencingToken: $token, task: $task, reason: $reason) { status }\n  }\n": types.ReportTaskFailureDocument,
    "\n  mutation ReportThroughput($id: ID!, $token: Int!, $task: String!, $measurement: ThroughputInput!) {\n    reportThroughput(jobId: $id, fencingToken: $token, task: $task, measurement: $measurement) { status }\n  }\n": types.ReportThroughputDocument,
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
export function graphql(source: "\n  mutation Heartbeat($id: ID!, $token: Int!, $progress: JSON) {\n    heartbeat(jobId: $id, fencingToken: $token, progress: $progress) { leaseExpiresAt }\n  }\n"): (typeof documents)["\n  mutation Heartbeat($id: ID!, $token: Int!, $progress: JSON) {\n    heartbeat(jobId: $id, fencingToken: $token, progress: $progress) { leaseExpiresAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClaimJob($runner: String!) {\n    claimJob(runner: $runner) {\n      id attempt maxAttempts fencingToken leaseExpiresAt suite { slug } submission { id }\n      model { slug normalization featureTensor spatialTensors } artifact { id sha256 size } tasks { slug }\n    }\n  }\n"): (typeof documents)["\n  mutation ClaimJob($runner: String!) {\n    claimJob(runner: $runner) {\n      id attempt maxAttempts fencingToken leaseExpiresAt suite { slug } submission { id }\n      model { slug normalization featureTensor spatialTensors } artifact { id sha256 size } tasks { slug }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReportResults(\n    $id: ID!, $token: Int!, $task: String!, $results: [MetricValueInput!]!, $provenance: JSON, $protocol: ProtocolRefInput,\n    $measurement: MeasurementInput\n  ) {\n    reportResults(\n      jobId: $id, fencingToken: $token, task: $task, results: $results, provenance: $provenance, protocol: $protocol,\n      measurement: $measurement\n    ) { status }\n  }\n"): (typeof documents)["\n  mutation ReportResults(\n    $id: ID!, $token: Int!, $task: String!, $results: [MetricValueInput!]!, $provenance: JSON, $protocol: ProtocolRefInput,\n    $measurement: MeasurementInput\n  ) {\n    reportResults(\n      jobId: $id, fencingToken: $token, task: $task, results: $results, provenance: $provenance, protocol: $protocol,\n      measurement: $measurement\n    ) { status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DoneTasks($id: ID!) { submission(id: $id) { progress { task { slug } status } } }\n"): (typeof documents)["\n  query DoneTasks($id: ID!) { submission(id: $id) { progress { task { slug } status } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteJob($id: ID!, $token: Int!, $unmeasured: [UnmeasuredTaskInput!]!) {\n    completeJob(jobId: $id, fencingToken: $token, unmeasured: $unmeasured) { status }\n  }\n"): (typeof documents)["\n  mutation CompleteJob($id: ID!, $token: Int!, $unmeasured: [UnmeasuredTaskInput!]!) {\n    completeJob(jobId: $id, fencingToken: $token, unmeasured: $unmeasured) { status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FailJob($id: ID!, $token: Int!, $reason: String!, $retryable: Boolean!) {\n    failJob(jobId: $id, fencingToken: $token, reason: $reason, retryable: $retryable) { status }\n  }\n"): (typeof documents)["\n  mutation FailJob($id: ID!, $token: Int!, $reason: String!, $retryable: Boolean!) {\n    failJob(jobId: $id, fencingToken: $token, reason: $reason, retryable: $retryable) { status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReleaseJob($id: ID!, $token: Int!, $reason: String!) {\n    releaseJob(jobId: $id, fencingToken: $token, reason: $reason) { status }\n  }\n"): (typeof documents)["\n  mutation ReleaseJob($id: ID!, $token: Int!, $reason: String!) {\n    releaseJob(jobId: $id, fencingToken: $token, reason: $reason) { status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReportTaskFailure($id: ID!, $token: Int!, $task: String!, $reason: String!) {\n    reportTaskFailure(jobId: $id, fencingToken: $token, task: $task, reason: $reason) { status }\n  }\n"): (typeof documents)["\n  mutation ReportTaskFailure($id: ID!, $token: Int!, $task: String!, $reason: String!) {\n    reportTaskFailure(jobId: $id, fencingToken: $token, task: $task, reason: $reason) { status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReportThroughput($id: ID!, $token: Int!, $task: String!, $measurement: ThroughputInput!) {\n    reportThroughput(jobId: $id, fencingToken: $token, task: $task, measurement: $measurement) { status }\n  }\n"): (typeof documents)["\n  mutation ReportThroughput($id: ID!, $token: Int!, $task: String!, $measurement: ThroughputInput!) {\n    reportThroughput(jobId: $id, fencingToken: $token, task: $task, measurement: $measurement) { status }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;