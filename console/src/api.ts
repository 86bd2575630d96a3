import { currentToken, signIn } from './auth';
import type { TypedDocumentString } from './gql/graphql';

/** One GraphQL error as the API sends it: BAD_USER_INPUT names the input field it is about. */
export interface ApiError {
  message: string;
  code?: string;
  /** e.g. `input.redirectUris.0` */
  field?: string;
}

export class GraphQLFailure extends Error {
  constructor(readonly errors: ApiError[]) {
    super(errors.map((error) => error.message).join('; '));
  }

  /** The messages per top-level input field (`input.redirectUris.0` → `redirectUris`). */
  fieldErrors(): Record<string, string> {
    const byField: Record<string, string> = {};
    for (const error of this.errors) {
      if (error.code !== 'BAD_USER_INPUT' || !error.field) continue;
      const name = error.field.replace(/^input\./, '').split('.')[0];
      byField[name] = byField[name] ? `${byField[name]}; ${error.message}` : error.message;
    }
    return byField;
  }
}

interface Response<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

/** Runs a typed document against /graphql with the signed-in user's token. */
export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<TResult> {
  const token = await currentToken();
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  if (response.status === 401) {
    signIn();
    throw new GraphQLFailure([{ message: 'Your session ended: signing in again' }]);
  }
  const body = (await response.json()) as Response<TResult>;
  if (body.errors?.length) {
    throw new GraphQLFailure(
      body.errors.map((error) => ({ message: error.message, code: error.extensions?.code, field: error.extensions?.field })),
    );
  }
  if (!body.data) throw new GraphQLFailure([{ message: `The API answered ${response.status} without data` }]);
  return body.data;
}
