/**
 * The one showing of a client secret, from Create or a rotation to the detail page, in
 * memory only: leaving the page (or a reload) loses it, as the warning says.
 */
let shown: { clientId: string; secret: string } | undefined;

export function rememberSecret(clientId: string, secret: string): void {
  shown = { clientId, secret };
}

/** The secret for this client, once: a second call returns undefined. */
export function takeSecret(clientId: string): string | undefined {
  if (shown?.clientId !== clientId) return undefined;
  const { secret } = shown;
  shown = undefined;
  return secret;
}
