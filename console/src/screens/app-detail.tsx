import { useState } from 'preact/hooks';
import { request } from '../api';
import { graphql } from '../gql';
import type { AppClientDetailQuery } from '../gql/graphql';
import { takeSecret } from '../secrets';
import { ErrorBox, formatDate, Link, useLoad } from '../ui';
import { DangerTab } from './danger-tab';
import { PermissionsTab } from './permissions-tab';
import { SecretNotice } from './secret-notice';
import { SettingsTab } from './settings-tab';
import { TokensTab } from './tokens-tab';

const AppClientDetail = graphql(`
  query AppClientDetail($id: ID!) {
    appClient(id: $id) {
      id
      name
      description
      grantTypes
      redirectUris
      postLogoutRedirectUris
      webOrigins
      allowedScopes
      confidential
      firstParty
      createdAt
      lastUsedAt
      deletedAt
      roles {
        id
        name
      }
      permissions {
        id
        name
      }
    }
  }
`);

export type ClientDetail = NonNullable<AppClientDetailQuery['appClient']>;

const TABS = ['Settings', 'Permissions', 'Tokens', 'Danger zone'] as const;
type Tab = (typeof TABS)[number];

/** A client's detail page: Client ID, the secret once, and its tabs. */
export function AppDetail(props: { id: string }) {
  const [secret, setSecret] = useState(() => takeSecret(props.id));
  const [tab, setTab] = useState<Tab>('Settings');
  const detail = useLoad(() => request(AppClientDetail, { id: props.id }), props.id);
  const client = detail.data?.appClient;

  if (detail.error) return <ErrorBox error={detail.error} />;
  if (!detail.data) return <p class="loading">Loading…</p>;
  if (!client) return <p role="alert">No app client with this ID.</p>;

  const onTabKey = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = TABS[(TABS.indexOf(tab) + step + TABS.length) % TABS.length];
    setTab(next);
    document.getElementById(`tab-${next.replace(' ', '-')}`)?.focus();
  };

  return (
    <section aria-labelledby="client-title">
      <p class="crumbs">
        <Link href="/console/apps">Apps</Link> /
      </p>
      <h1 id="client-title">
        {client.name} {client.deletedAt && <span class="badge danger">deleted {formatDate(client.deletedAt)}</span>}
      </h1>
      <dl class="facts">
        <dt>Client ID</dt>
        <dd>
          <code id="client-id">{client.id}</code>
        </dd>
        <dt>Type</dt>
        <dd>
          {client.confidential ? 'Confidential' : 'Public'}
          {client.firstParty ? ', first-party' : ''}
        </dd>
        <dt>Created</dt>
        <dd>{formatDate(client.createdAt)}</dd>
        <dt>Last used</dt>
        <dd>{client.lastUsedAt ? formatDate(client.lastUsedAt) : 'never'}</dd>
      </dl>
      {secret && <SecretNotice secret={secret} onDismiss={() => setSecret(undefined)} />}
      <div role="tablist" aria-label="Client sections" class="tabs">
        {TABS.map((name) => (
          <button
            type="button"
            role="tab"
            key={name}
            id={`tab-${name.replace(' ', '-')}`}
            aria-selected={tab === name}
            aria-controls="tab-panel"
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
            onKeyDown={onTabKey}
          >
            {name}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="tab-panel" aria-labelledby={`tab-${tab.replace(' ', '-')}`} class="panel">
        {tab === 'Settings' && <SettingsTab client={client} onSaved={detail.reload} />}
        {tab === 'Permissions' && <PermissionsTab client={client} onChanged={detail.reload} />}
        {tab === 'Tokens' && <TokensTab client={client} />}
        {tab === 'Danger zone' && <DangerTab client={client} onChanged={detail.reload} onSecret={setSecret} />}
      </div>
    </section>
  );
}
