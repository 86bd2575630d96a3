import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from '../api';
import { graphql } from '../gql';
import type { RolesScreenQuery } from '../gql/graphql';
import { describedBy, ErrorBox, Field, splitErrors, useLoad } from '../ui';

const RolesScreen = graphql(`
  query RolesScreen {
    roles {
      id
      name
      description
      permissions {
        name
      }
    }
    permissions {
      id
      name
      description
    }
  }
`);
const CreateRole = graphql(`
  mutation CreateRole($input: CreateRoleInput!) {
    createRole(input: $input) {
      id
    }
  }
`);
const UpdateRole = graphql(`
  mutation UpdateRolePermissions($id: ID!, $input: UpdateRoleInput!) {
    updateRole(id: $id, input: $input) {
      id
    }
  }
`);
const DeleteRole = graphql(`
  mutation DeleteRole($id: ID!) {
    deleteRole(id: $id) {
      id
    }
  }
`);

type Role = NonNullable<RolesScreenQuery['roles']>[number];
type Catalogue = NonNullable<RolesScreenQuery['permissions']>;

/** Roles: create one, edit its permissions, delete it (not the built-in admin role). */
export function Roles() {
  const screen = useLoad(() => request(RolesScreen), 'roles');
  return (
    <section aria-labelledby="roles-title">
      <h1 id="roles-title">Roles</h1>
      <ErrorBox error={screen.error} />
      {screen.data && (
        <>
          <NewRole onCreated={screen.reload} />
          {(screen.data.roles ?? []).map((role) => (
            <RoleEditor key={role.id} role={role} catalogue={screen.data?.permissions ?? []} onChanged={screen.reload} />
          ))}
        </>
      )}
    </section>
  );
}

function NewRole(props: { onCreated(): void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<{ fields: Record<string, string>; general?: unknown }>({ fields: {} });
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await request(CreateRole, { input: { name, description } });
      setName('');
      setDescription('');
      setErrors({ fields: {} });
      props.onCreated();
    } catch (error) {
      setErrors(splitErrors(error));
    }
  };
  const f = errors.fields;
  return (
    <form class="role-new" onSubmit={submit} noValidate aria-labelledby="new-role-title">
      <h2 id="new-role-title">New role</h2>
      <ErrorBox error={errors.general} />
      <Field id="role-name" label="Role name" error={f.name}>
        <input
          id="role-name"
          value={name}
          aria-invalid={f.name ? 'true' : undefined}
          aria-describedby={describedBy('role-name', { error: f.name })}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </Field>
      <Field id="role-description" label="Role description" error={f.description}>
        <input id="role-description" value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
      </Field>
      <button type="submit" class="primary">
        Create role
      </button>
    </form>
  );
}

function RoleEditor(props: { role: Role; catalogue: Catalogue; onChanged(): void }) {
  const { role } = props;
  const [chosen, setChosen] = useState(() => new Set(role.permissions.map((p) => p.name)));
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState('');
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  // The confirmation takes the focus, so a keyboard user answers it next.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);
  const run = async (change: () => Promise<unknown>, done: string) => {
    setError(undefined);
    setSaved('');
    try {
      await change();
      setSaved(done);
      props.onChanged();
    } catch (failure) {
      setError(failure);
    }
  };
  const toggle = (name: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(name);
    else next.delete(name);
    setChosen(next);
  };
  return (
    <details class="role">
      <summary>
        <strong>{role.name}</strong> — {role.permissions.length} permission{role.permissions.length === 1 ? '' : 's'}
        {role.description ? ` · ${role.description}` : ''}
      </summary>
      <ErrorBox error={error} />
      <fieldset>
        <legend>Permissions of {role.name}</legend>
        {props.catalogue.map((permission) => (
          <label class="check" key={permission.id}>
            <input
              type="checkbox"
              checked={chosen.has(permission.name)}
              onChange={(e) => toggle(permission.name, e.currentTarget.checked)}
            />
            <span>
              <code>{permission.name}</code> {permission.description}
            </span>
          </label>
        ))}
      </fieldset>
      <div class="inline-form">
        <button
          type="button"
          class="primary"
          onClick={() => run(() => request(UpdateRole, { id: role.id, input: { permissions: [...chosen] } }), 'Saved.')}
        >
          Save permissions<span class="visually-hidden"> of {role.name}</span>
        </button>
        {!confirming && (
          <button type="button" class="danger" onClick={() => setConfirming(true)}>
            Delete role<span class="visually-hidden"> {role.name}</span>
          </button>
        )}
        <span aria-live="polite" class="hint">
          {saved}
        </span>
      </div>
      {confirming && (
        <fieldset class="confirm">
          <legend>Delete {role.name}?</legend>
          <p>
            Every user and app client holding it loses its {role.permissions.length} permission
            {role.permissions.length === 1 ? '' : 's'} at once.
          </p>
          <div class="inline-form">
            <button
              type="button"
              class="danger"
              ref={confirmButton}
              onClick={() => run(() => request(DeleteRole, { id: role.id }), 'Deleted.')}
            >
              Yes, delete {role.name}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </fieldset>
      )}
    </details>
  );
}
