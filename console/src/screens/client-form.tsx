import { useState } from 'preact/hooks';
import type { GrantType } from '../gql/graphql';
import { describedBy, ErrorBox, Field, lines, splitErrors } from '../ui';

export interface ClientValues {
  name: string;
  description: string;
  grantTypes: GrantType[];
  redirectUris: string[];
  confidential: boolean;
  firstParty: boolean;
  allowedScopes: string[];
  webOrigins: string[];
  postLogoutRedirectUris: string[];
}

const GRANTS: { value: GrantType; label: string }[] = [
  { value: 'CLIENT_CREDENTIALS', label: 'Client credentials' },
  { value: 'AUTHORIZATION_CODE', label: 'Authorization code' },
  { value: 'PASSWORD', label: 'Password (first-party only)' },
];

export const EMPTY_CLIENT: ClientValues = {
  name: '',
  description: '',
  grantTypes: [],
  redirectUris: [],
  confidential: true,
  firstParty: false,
  allowedScopes: [],
  webOrigins: [],
  postLogoutRedirectUris: [],
};

type Texts = Record<'redirectUris' | 'allowedScopes' | 'webOrigins' | 'postLogoutRedirectUris', string>;

/**
 * The seed's fields (Name, Description, Grant types, Redirect URIs) and the extra ones.
 * `onSubmit` throws the API's error; BAD_USER_INPUT messages land next to their fields.
 */
export function ClientForm(props: {
  initial: ClientValues;
  submitLabel: string;
  /** Public/confidential is chosen at creation only. */
  creating: boolean;
  onSubmit(values: ClientValues): Promise<void>;
}) {
  const [values, setValues] = useState(props.initial);
  const [texts, setTexts] = useState<Texts>({
    redirectUris: props.initial.redirectUris.join('\n'),
    allowedScopes: props.initial.allowedScopes.join(' '),
    webOrigins: props.initial.webOrigins.join('\n'),
    postLogoutRedirectUris: props.initial.postLogoutRedirectUris.join('\n'),
  });
  const [errors, setErrors] = useState<{ fields: Record<string, string>; general?: unknown }>({ fields: {} });
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ClientValues>) => setValues({ ...values, ...patch });
  const toggleGrant = (grant: GrantType, on: boolean) =>
    set({ grantTypes: on ? [...values.grantTypes, grant] : values.grantTypes.filter((g) => g !== grant) });

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await props.onSubmit({
        ...values,
        redirectUris: lines(texts.redirectUris),
        allowedScopes: lines(texts.allowedScopes),
        webOrigins: lines(texts.webOrigins),
        postLogoutRedirectUris: lines(texts.postLogoutRedirectUris),
      });
      setErrors({ fields: {} });
    } catch (error) {
      setErrors(splitErrors(error));
    } finally {
      setBusy(false);
    }
  };
  const f = errors.fields;
  const text = (key: keyof Texts, label: string, hint: string) => (
    <Field id={key} label={label} error={f[key]} hint={hint}>
      <textarea
        id={key}
        rows={3}
        value={texts[key]}
        aria-invalid={f[key] ? 'true' : undefined}
        aria-describedby={describedBy(key, { error: f[key], hint })}
        onInput={(e) => setTexts({ ...texts, [key]: e.currentTarget.value })}
      />
    </Field>
  );

  return (
    <form class="client-form" onSubmit={submit} noValidate>
      <ErrorBox error={errors.general} />
      <Field id="name" label="Name" error={f.name}>
        <input
          id="name"
          value={values.name}
          required
          aria-invalid={f.name ? 'true' : undefined}
          aria-describedby={describedBy('name', { error: f.name })}
          onInput={(e) => set({ name: e.currentTarget.value })}
        />
      </Field>
      <Field id="description" label="Description" error={f.description} hint="Optional. Describes the purpose of this client.">
        <textarea
          id="description"
          rows={2}
          value={values.description}
          aria-describedby={describedBy('description', {
            error: f.description,
            hint: 'Optional. Describes the purpose of this client.',
          })}
          onInput={(e) => set({ description: e.currentTarget.value })}
        />
      </Field>
      <fieldset class={f.grantTypes ? 'invalid' : undefined} aria-describedby={f.grantTypes ? 'grantTypes-error' : undefined}>
        <legend>Grant types</legend>
        {GRANTS.map((grant) => (
          <label class="check" key={grant.value}>
            <input
              type="checkbox"
              checked={values.grantTypes.includes(grant.value)}
              onChange={(e) => toggleGrant(grant.value, e.currentTarget.checked)}
            />
            {grant.label}
          </label>
        ))}
        {f.grantTypes && (
          <p class="field-error" id="grantTypes-error" role="alert">
            {f.grantTypes}
          </p>
        )}
      </fieldset>
      {text('redirectUris', 'Redirect URIs', 'Required when using the authorization code grant. One URI per line.')}
      <fieldset>
        <legend>Client type</legend>
        <label class="check">
          <input
            type="checkbox"
            checked={values.confidential}
            disabled={!props.creating}
            onChange={(e) => set({ confidential: e.currentTarget.checked })}
          />
          Confidential (has a client secret; clear for a public client using PKCE)
        </label>
        <label class="check">
          <input type="checkbox" checked={values.firstParty} onChange={(e) => set({ firstParty: e.currentTarget.checked })} />
          First-party (skips the consent screen)
        </label>
        {(f.confidential || f.firstParty) && (
          <p class="field-error" role="alert">
            {f.confidential ?? f.firstParty}
          </p>
        )}
      </fieldset>
      {text('allowedScopes', 'Allowed scopes', 'Permission names user tokens may carry, separated by spaces.')}
      {text('webOrigins', 'Web origins', 'One origin per line; empty: the origins of the redirect URIs.')}
      {text('postLogoutRedirectUris', 'Post-logout redirect URIs', 'One URI per line.')}
      <button type="submit" class="primary" disabled={busy}>
        {props.submitLabel}
      </button>
    </form>
  );
}
