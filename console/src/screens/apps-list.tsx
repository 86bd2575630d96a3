import { useState } from 'preact/hooks';
import { request } from '../api';
import { graphql } from '../gql';
import { ErrorBox, formatDate, Link, Pager, useLoad } from '../ui';

const PAGE_SIZE = 20;

const AppClients = graphql(`
  query AppClients($first: Int, $after: String, $includeDeleted: Boolean) {
    appClients(first: $first, after: $after, includeDeleted: $includeDeleted) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          id
          name
          grantTypes
          firstParty
          createdAt
          lastUsedAt
          deletedAt
        }
      }
    }
  }
`);

export const GRANT_LABELS: Record<string, string> = {
  CLIENT_CREDENTIALS: 'Client credentials',
  AUTHORIZATION_CODE: 'Authorization code',
  PASSWORD: 'Password',
};

/** Developer → Apps: the clients, a page at a time, deleted ones on request. */
export function AppsList() {
  const [showDeleted, setShowDeleted] = useState(false);
  // The cursors of the pages before this one, to step back.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const list = useLoad(
    () => request(AppClients, { first: PAGE_SIZE, after, includeDeleted: showDeleted }),
    `${after}|${showDeleted}`,
  );
  const page = list.data?.appClients;

  return (
    <section aria-labelledby="apps-title">
      <div class="title-row">
        <h1 id="apps-title">Apps</h1>
        <Link href="/console/apps/new" class="button primary">
          New app client
        </Link>
      </div>
      <label class="check">
        <input
          type="checkbox"
          checked={showDeleted}
          onChange={(e) => {
            setShowDeleted(e.currentTarget.checked);
            setCursors([null]);
          }}
        />
        Show deleted
      </label>
      <ErrorBox error={list.error} />
      {page && (
        <>
          <div class="table-wrap">
            <table>
              <caption>{page.totalCount === 1 ? '1 app client' : `${page.totalCount} app clients`}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Grant types</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                </tr>
              </thead>
              <tbody>
                {page.edges.map(({ node }) => (
                  <tr key={node.id} class={node.deletedAt ? 'deleted' : undefined}>
                    <td>
                      <Link href={`/console/apps/${node.id}`}>{node.name}</Link>
                      {node.firstParty && <span class="badge">first-party</span>}
                      {node.deletedAt && <span class="badge danger">deleted</span>}
                    </td>
                    <td>{(node.grantTypes ?? []).map((grant) => GRANT_LABELS[grant] ?? grant).join(', ') || '—'}</td>
                    <td>{formatDate(node.createdAt)}</td>
                    <td>{node.lastUsedAt ? formatDate(node.lastUsedAt) : 'never'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager label="Pages" cursors={cursors} setCursors={setCursors} pageInfo={page.pageInfo} />
        </>
      )}
    </section>
  );
}
