import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { auditServer, type AuditResult } from 'graphql-http';

export interface AuditComparison {
  /** MUST audits the API fails. */
  failures: string[];
  /** SHOULD audits the API warns on that the plain Apollo Server passes. */
  extraWarnings: string[];
  warnings: number;
  plainWarnings: number;
  audits: number;
}

const describeResult = (r: AuditResult) => `${r.id} ${r.name}${'reason' in r ? `: ${r.reason}` : ''}`;

/**
 * graphql-http's serverAudits (the GraphQL over HTTP spec's own suite) against `url`, and in the
 * same run against a plain Apollo Server with Apollo's defaults, for comparison.
 */
export async function compareAudits(url: string, runs = 1): Promise<AuditComparison> {
  const plain = new ApolloServer({
    typeDefs: 'type Query { hello: String }',
    resolvers: { Query: { hello: () => 'world' } },
  });
  try {
    const plainUrl = (await startStandaloneServer(plain, { listen: { port: 0, host: '127.0.0.1' } })).url;
    const theirs = await auditServer({ url: plainUrl });
    const theirWarnings = new Set(theirs.filter((r) => r.status === 'warn').map((r) => r.id));
    const ours: AuditResult[] = [];
    for (let i = 0; i < runs; i++) ours.push(...(await auditServer({ url })));
    return {
      failures: ours.filter((r) => r.status === 'error').map(describeResult),
      extraWarnings: ours.filter((r) => r.status === 'warn' && !theirWarnings.has(r.id)).map(describeResult),
      warnings: ours.filter((r) => r.status === 'warn').length / runs,
      plainWarnings: theirWarnings.size,
      audits: ours.length / runs,
    };
  } finally {
    await plain.stop();
  }
}
