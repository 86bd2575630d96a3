import { useState } from 'preact/hooks';
import { request } from '../api';
import { graphql } from '../gql';
import { ErrorBox, formatDate, Pager, useLoad } from '../ui';

const AuditEvents = graphql(`
  query AuditEvents($after: String, $filter: AuditEventFilter) {
    auditEvents(first: 25, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          id
          action
          actorType
          actorId
          targetType
          targetId
          ip
          createdAt
          details
        }
      }
    }
  }
`);

/** The audit log, newest first, filtered by action and by client (what it did, what was done to it, its tokens). */
export function AuditLog() {
  const [action, setAction] = useState('');
  const [client, setClient] = useState('');
  const [filter, setFilter] = useState<{ action?: string; clientId?: string }>({});
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const events = useLoad(() => request(AuditEvents, { after, filter }), `${after}|${JSON.stringify(filter)}`);
  const page = events.data?.auditEvents;
  const apply = (event: Event) => {
    event.preventDefault();
    setFilter({ action: action.trim() || undefined, clientId: client.trim() || undefined });
    setCursors([null]);
  };
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <form class="inline-form" onSubmit={apply}>
        <label for="filter-action">Action</label>
        <input id="filter-action" value={action} placeholder="client.created" onInput={(e) => setAction(e.currentTarget.value)} />
        <label for="filter-client">Client ID</label>
        <input id="filter-client" value={client} onInput={(e) => setClient(e.currentTarget.value)} />
        <button type="submit">Filter</button>
      </form>
      <ErrorBox error={events.error} />
      {page && (
        <>
          <div class="table-wrap">
            <table>
              <caption>{page.totalCount === 1 ? '1 event' : `${page.totalCount} events`}</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Action</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Target</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {page.edges.map(({ node }) => (
                  <tr key={node.id}>
                    <td>{formatDate(node.createdAt)}</td>
                    <td>
                      <code>{node.action}</code>
                    </td>
                    <td>
                      {node.actorType} {node.actorId && <code>{node.actorId}</code>}
                      {node.ip ? ` from ${node.ip}` : ''}
                    </td>
                    <td>
                      {node.targetType} {node.targetId && <code>{node.targetId}</code>}
                    </td>
                    <td>
                      <code>{node.details ? JSON.stringify(node.details) : ''}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager label="Audit pages" cursors={cursors} setCursors={setCursors} pageInfo={page.pageInfo} />
        </>
      )}
    </section>
  );
}
