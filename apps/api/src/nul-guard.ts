import type { ApolloServerPlugin } from '@apollo/server';
import { visit, type DocumentNode } from 'graphql';
import { apiError, ErrorCode } from './errors';

/**
 * PostgreSQL text and jsonb cannot hold U+0000, so a NUL anywhere in an argument would surface as
 * a driver error (a 500). Refuse it up front, in string literals and in variables alike.
 */
function documentHasNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes('\u0000')) found = true;
    },
  });
  return found;
}

export const nulGuard: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document }) {
        if (documentHasNul(document) || JSON.stringify(request.variables ?? {}).includes('\\u0000')) {
          throw apiError(ErrorCode.BAD_USER_INPUT, 'Arguments may not contain the NUL character (U+0000).', {
            http: { status: 400 },
          });
        }
      },
    };
  },
};
