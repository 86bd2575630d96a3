import { useState } from 'preact/hooks';
import { request } from '../api';
import { graphql } from '../gql';
import { ErrorBox } from '../ui';
import type { ClientDetail } from './app-detail';

const Rotate = graphql(`
  mutation RotateAppClientSecret($id: ID!) {
    rotateAppClientSecret(id: $id) {
      clientSecret
    }
  }
`);
const Delete = graphql(`
  mutation DeleteAppClient($id: ID!) {
    deleteAppClient(id: $id) {
      id
      deletedAt
    }
  }
`);
const Restore = graphql(`
  mutation RestoreAppClient($id: ID!) {
    restoreAppClient(id: $id) {
      id
      deletedAt
    }
  }
`);

/** Rotate the secret, Delete with a typed confirmation (every token stops at once), Restore. */
export function DangerTab(props: { client: ClientDetail; onChanged(): void; onSecret(secret: string): void }) {
  const { client } = props;
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<unknown>();
  const run = async (change: () => Promise<void>) => {
    setError(undefined);
    try {
      await change();
      props.onChanged();
    } catch (failure) {
      setError(failure);
    }
  };
  const rotate = () =>
    run(async () => {
      const secret = (await request(Rotate, { id: client.id })).rotateAppClientSecret?.clientSecret;
      if (secret) props.onSecret(secret);
    });

  return (
    <>
      <h2>Danger zone</h2>
      <ErrorBox error={error} />
      {client.deletedAt ? (
        <div class="danger-item">
          <h3>Restore</h3>
          <p>This client is deleted. Restoring it lets it sign in again; its old tokens stay revoked.</p>
          <button type="button" onClick={() => run(async () => void (await request(Restore, { id: client.id })))}>
            Restore
          </button>
        </div>
      ) : (
        <>
          {client.confidential && (
            <div class="danger-item">
              <h3>Rotate secret</h3>
              <p>The old secret stops working at once; the new one is shown only once.</p>
              <button type="button" onClick={rotate}>
                Rotate secret
              </button>
            </div>
          )}
          <form
            class="danger-item"
            onSubmit={(event) => {
              event.preventDefault();
              if (confirm === client.name) void run(async () => void (await request(Delete, { id: client.id })));
            }}
          >
            <h3>Delete</h3>
            <p>All of this client's access tokens are refused immediately. A deleted client can be restored.</p>
            <label for="confirm-delete">
              Type <strong>{client.name}</strong> to confirm
            </label>
            <input id="confirm-delete" value={confirm} autoComplete="off" onInput={(e) => setConfirm(e.currentTarget.value)} />
            <button type="submit" class="danger" disabled={confirm !== client.name}>
              Delete
            </button>
          </form>
        </>
      )}
    </>
  );
}
