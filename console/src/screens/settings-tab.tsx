import { useState } from 'preact/hooks';
import { request } from '../api';
import { graphql } from '../gql';
import type { ClientDetail } from './app-detail';
import { ClientForm, type ClientValues } from './client-form';

const UpdateAppClient = graphql(`
  mutation UpdateAppClient($id: ID!, $input: UpdateAppClientInput!) {
    updateAppClient(id: $id, input: $input) {
      id
    }
  }
`);

/** Settings: the same fields as New app client, saved with updateAppClient. */
export function SettingsTab(props: { client: ClientDetail; onSaved(): void }) {
  const [saved, setSaved] = useState(false);
  const { client } = props;
  const initial: ClientValues = {
    name: client.name,
    description: client.description,
    grantTypes: client.grantTypes ?? [],
    redirectUris: client.redirectUris ?? [],
    confidential: client.confidential ?? true,
    firstParty: client.firstParty,
    allowedScopes: client.allowedScopes ?? [],
    webOrigins: client.webOrigins ?? [],
    postLogoutRedirectUris: client.postLogoutRedirectUris ?? [],
  };
  const save = async ({ confidential: _fixed, ...input }: ClientValues) => {
    setSaved(false);
    await request(UpdateAppClient, { id: client.id, input });
    setSaved(true);
    props.onSaved();
  };
  return (
    <>
      <h2>Settings</h2>
      <ClientForm initial={initial} submitLabel="Save" creating={false} onSubmit={save} />
      <p aria-live="polite" class="hint">
        {saved ? 'Saved.' : ''}
      </p>
    </>
  );
}
