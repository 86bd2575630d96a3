import { useState } from 'preact/hooks';
import { request } from '../api';
import { graphql } from '../gql';
import { ErrorBox, useLoad } from '../ui';
import type { ClientDetail } from './app-detail';

const Catalogue = graphql(`
  query AccessCatalogue {
    roles {
      id
      name
    }
    permissions {
      id
      name
      description
    }
  }
`);
const AssignRole = graphql(`
  mutation AssignClientRole($role: String!, $subject: SubjectInput!) {
    assignRole(role: $role, subject: $subject) {
      id
    }
  }
`);
const RemoveRole = graphql(`
  mutation RemoveClientRole($role: String!, $subject: SubjectInput!) {
    removeRole(role: $role, subject: $subject) {
      id
    }
  }
`);
const GivePermission = graphql(`
  mutation GiveClientPermission($permission: String!, $subject: SubjectInput!) {
    givePermission(permission: $permission, subject: $subject) {
      id
    }
  }
`);
const RevokePermission = graphql(`
  mutation RevokeClientPermission($permission: String!, $subject: SubjectInput!) {
    revokePermission(permission: $permission, subject: $subject) {
      id
    }
  }
`);

/** The client's own roles and direct permissions (its client-credentials tokens), effective at once. */
export function PermissionsTab(props: { client: ClientDetail; onChanged(): void }) {
  const catalogue = useLoad(() => request(Catalogue), 'catalogue');
  const [error, setError] = useState<unknown>();
  const [role, setRole] = useState('');
  const [permission, setPermission] = useState('');
  const subject = { id: props.client.id, type: 'CLIENT' as const };
  const run = async (change: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await change();
      props.onChanged();
    } catch (failure) {
      setError(failure);
    }
  };
  const held = new Set((props.client.permissions ?? []).map((p) => p.name));
  const heldRoles = new Set((props.client.roles ?? []).map((r) => r.name));
  const roles = catalogue.data?.roles ?? [];
  const permissions = catalogue.data?.permissions ?? [];

  return (
    <>
      <h2>Permissions</h2>
      <p class="hint">For client credentials tokens, these apply: the client's own roles and permissions, not a user's.</p>
      <ErrorBox error={error ?? catalogue.error} />
      <h3 id="roles-title">Roles</h3>
      <ul class="chips" aria-labelledby="roles-title">
        {[...heldRoles].map((name) => (
          <li key={name}>
            {name}
            <button type="button" class="link" onClick={() => run(() => request(RemoveRole, { role: name, subject }))}>
              Remove<span class="visually-hidden"> role {name}</span>
            </button>
          </li>
        ))}
        {heldRoles.size === 0 && <li class="none">No roles</li>}
      </ul>
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (role) void run(() => request(AssignRole, { role, subject })).then(() => setRole(''));
        }}
      >
        <label for="add-role">Add a role</label>
        <select id="add-role" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
          <option value="">Choose a role…</option>
          {roles
            .filter((r) => !heldRoles.has(r.name))
            .map((r) => (
              <option key={r.id} value={r.name}>
                {r.name}
              </option>
            ))}
        </select>
        <button type="submit" disabled={!role}>
          Add role
        </button>
      </form>
      <h3 id="perms-title">Direct permissions</h3>
      <ul class="chips" aria-labelledby="perms-title">
        {[...held].map((name) => (
          <li key={name}>
            <code>{name}</code>
            <button
              type="button"
              class="link"
              onClick={() => run(() => request(RevokePermission, { permission: name, subject }))}
            >
              Remove<span class="visually-hidden"> permission {name}</span>
            </button>
          </li>
        ))}
        {held.size === 0 && <li class="none">No direct permissions</li>}
      </ul>
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (permission) void run(() => request(GivePermission, { permission, subject })).then(() => setPermission(''));
        }}
      >
        <label for="add-permission">Add a permission</label>
        <select id="add-permission" value={permission} onChange={(e) => setPermission(e.currentTarget.value)}>
          <option value="">Choose a permission…</option>
          {permissions
            .filter((p) => !held.has(p.name))
            .map((p) => (
              <option key={p.id} value={p.name}>
                {p.name} — {p.description}
              </option>
            ))}
        </select>
        <button type="submit" disabled={!permission}>
          Add permission
        </button>
      </form>
    </>
  );
}
