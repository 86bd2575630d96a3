import { expect } from 'vitest';
import type { TestApp } from '../helpers/app.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** POSTs one operation to /graphql with a Bearer token (or none). */
// biome-ignore lint/suspicious/noExplicitAny: tests read response data by path without declaring every shape
export async function gql<T = Record<string, any>>(
  t: TestApp,
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status' | 'headers'>;
  return { status: response.status, headers: response.headers, ...body };
}

/** The data of a response that must have no errors. */
export function dataOf<T>(response: GraphQLResponse<T>): T {
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  expect(response.status).toBe(200);
  return response.data as T;
}

/** The (code, path) of every error, for exact comparison. */
export function errorCodes(response: GraphQLResponse): { code: unknown; path: string }[] {
  return (response.errors ?? []).map((error) => ({ code: error.extensions?.code, path: (error.path ?? []).join('.') }));
}
