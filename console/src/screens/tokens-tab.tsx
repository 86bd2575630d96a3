import { useState } from 'preact/hooks';
import { request } from '../api';
import { graphql } from '../gql';
import { ErrorBox, formatDate, Pager, useLoad } from '../ui';
import type { ClientDetail } from './app-detail';

const ClientTokens = graphql(`
  query AppClientTokens($id: ID!, $after: String) {
    appClient(id: $id) {
      id
      tokens(first: 20, after: $after) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        edges {
          node {
            id
            grantType
            scopes
            defaultScope
            name
            createdAt
            expiresAt
            user {
              email
            }
            userId
          }
        }
      }
    }
  }
`);
const RevokeTokens = graphql(`
  mutation RevokeAppClientTokens($id: ID!, $tokenId: ID) {
    revokeAppClientTokens(id: $id, tokenId: $tokenId)
  }
`);

/** The client's live tokens (metadata only, never a token); revoke one, or all of them. */
export function TokensTab(props: { client: ClientDetail }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState('');
  const after = cursors[cursors.length - 1];
  const list = useLoad(() => request(ClientTokens, { id: props.client.id, after }), `${props.client.id}|${after}`);
  const page = list.data?.appClient?.tokens;
  const revoke = async (tokenId: string | null) => {
    setError(undefined);
    try {
      const count = (await request(RevokeTokens, { id: props.client.id, tokenId })).revokeAppClientTokens ?? 0;
      setDone(count === 1 ? '1 token revoked.' : `${count} tokens revoked.`);
      setCursors([null]);
      list.reload();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <>
      <h2>Tokens</h2>
      <ErrorBox error={error ?? list.error} />
      <p aria-live="polite" class="hint">
        {done}
      </p>
      {page && (
        <>
          <div class="table-wrap">
            <table>
              <caption>{page.totalCount === 1 ? '1 active token' : `${page.totalCount} active tokens`}</caption>
              <thead>
                <tr>
                  <th scope="col">Issued</th>
                  <th scope="col">Grant</th>
                  <th scope="col">User</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.edges.map(({ node }) => (
                  <tr key={node.id}>
                    <td>{formatDate(node.createdAt)}</td>
                    <td>{node.name ? `${node.grantType} (${node.name})` : node.grantType}</td>
                    <td>{node.user?.email ?? (node.userId ? node.userId : '—')}</td>
                    <td>{node.defaultScope ? 'all (default)' : (node.scopes ?? []).join(' ')}</td>
                    <td>{formatDate(node.expiresAt)}</td>
                    <td>
                      <button type="button" onClick={() => node.id && revoke(node.id)}>
                        Revoke<span class="visually-hidden"> token issued {formatDate(node.createdAt)}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager label="Token pages" cursors={cursors} setCursors={setCursors} pageInfo={page.pageInfo} />
          <button type="button" class="danger" disabled={page.totalCount === 0} onClick={() => revoke(null)}>
            Revoke all tokens
          </button>
        </>
      )}
    </>
  );
}
