import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/modules/access/role.entity.js';
import { ensureConsoleClient } from '../../src/modules/client/console-client.js';
import { createUser } from '../../src/modules/user/user.service.js';
import { PASSWORD } from '../authorize/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { browserTestsEnabled, launchBrowser, type TestBrowser } from '../helpers/browser.js';

const ADMIN = 'admin@example.com';
const DEVELOPER = 'dev@example.com';
/** UPDATE_SCREENSHOTS=1 writes the README's screenshots into docs/; otherwise they go to a scratch folder. */
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs' : 'test-results/console';

/**
 * The seed's "Managing app clients" in the developer console, in Chromium with JavaScript
 * on: sign in, New app client, the secret once, a client-credentials token with it, the
 * Permissions tab, Delete in the Danger zone, Restore — each checked against the API itself.
 */
describe.runIf(browserTestsEnabled())('the developer console in Chromium', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp();
    const em = t.orm.em.fork();
    await ensureConsoleClient(em, t.config.issuer);
    await createUser(em, { email: ADMIN, password: PASSWORD }, { admin: true });
    await createUser(em, { email: DEVELOPER, password: PASSWORD }, { permissions: ['customers.view'] });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(20_000);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signIn = async (email: string) => {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  const clientToken = async (id: string, secret: string) => {
    const response = await fetch(`${t.url}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  };

  const listCustomers = (token: string) =>
    fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ customers(first: 5) { totalCount } }' }),
    });

  it('a non-admin sees that they need manage_system, not broken screens', async () => {
    await page.goto(`${t.url}/console/apps`);
    await signIn(DEVELOPER);
    await expect.poll(() => page.getByRole('heading', { name: 'You need manage_system' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'New app client' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Signed out' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/signed-out');
    // The session is gone too: signing in again asks for the password.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Password').waitFor();
  });

  it("runs the seed's journey: create, secret once, token, Permissions, Delete, Restore", async () => {
    await page.goto(`${t.url}/console/apps`);
    await signIn(ADMIN);
    await page.getByRole('heading', { name: 'Apps' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/console-apps.png` });

    await page.getByRole('link', { name: 'New app client' }).click();
    await page.getByLabel('Name').fill('Schoolsoft Integration');
    await page.getByLabel('Description').fill('Nightly sync of pupils and invoices');
    await page.getByLabel('Client credentials').check();
    await page.screenshot({ path: `${SHOTS}/console-new-app.png`, fullPage: true });
    await page.getByRole('button', { name: 'Create' }).click();

    await page.getByRole('heading', { name: 'Client secret' }).waitFor();
    const id = (await page.locator('#client-id').textContent())!;
    const secret = (await page.locator('#client-secret').textContent())!;
    expect(new URL(page.url()).pathname).toBe(`/console/apps/${id}`);
    await page.getByText('it is shown only this once').waitFor();
    await page.screenshot({ path: `${SHOTS}/console-app-secret.png`, fullPage: true });

    const token = await clientToken(id, secret);
    const before = (await (await listCustomers(token)).json()) as { data: { customers: unknown } };
    expect(before.data.customers).toBeNull();

    // The secret is shown once: a reload of the detail page has none.
    await page.reload();
    await page.locator('#client-id').waitFor();
    expect(await page.locator('#client-secret').count()).toBe(0);

    await page.getByRole('tab', { name: 'Permissions' }).click();
    await page.getByLabel('Add a permission').selectOption('customers.view');
    await page.getByRole('button', { name: 'Add permission' }).click();
    await page.getByRole('button', { name: 'Remove permission customers.view' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/console-permissions.png`, fullPage: true });
    const after = (await (await listCustomers(token)).json()) as { data: { customers: { totalCount: number } | null } };
    expect(after.data.customers).toEqual({ totalCount: 0 });

    await page.getByRole('tab', { name: 'Danger zone' }).click();
    const remove = page.getByRole('button', { name: 'Delete', exact: true });
    expect(await remove.isDisabled()).toBe(true);
    await page.getByLabel('Type Schoolsoft Integration to confirm').fill('Schoolsoft Integration');
    await remove.click();
    await page.getByRole('button', { name: 'Restore' }).waitFor();
    expect((await listCustomers(token)).status).toBe(401);

    await page.getByRole('link', { name: 'Apps' }).first().click();
    await page.getByRole('heading', { name: 'Apps' }).waitFor();
    expect(await page.getByRole('link', { name: 'Schoolsoft Integration' }).count()).toBe(0);
    await page.getByLabel('Show deleted').check();
    await page.getByRole('link', { name: 'Schoolsoft Integration' }).click();
    await page.getByRole('tab', { name: 'Danger zone' }).click();
    await page.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('button', { name: 'Rotate secret' }).waitFor();
    // Restored: the client signs in again with its secret; the old token stays refused.
    const fresh = await clientToken(id, secret);
    expect((await listCustomers(fresh)).status).toBe(200);
    expect((await listCustomers(token)).status).toBe(401);

    // The Tokens tab lists the live one (the revoked ones are gone) and revokes it.
    await page.getByRole('tab', { name: 'Tokens' }).click();
    await page.getByText('1 active token').waitFor();
    await page.getByRole('button', { name: 'Revoke all tokens' }).click();
    await page.getByText('1 token revoked.').waitFor();
    await page.getByText('0 active tokens').waitFor();
    expect((await listCustomers(fresh)).status).toBe(401);
    await page.getByRole('tab', { name: 'Danger zone' }).click();

    // A rotation shows the new secret once; the old one stops working.
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('heading', { name: 'Client secret' }).waitFor();
    const rotated = (await page.locator('#client-secret').textContent())!;
    expect(rotated).not.toBe(secret);
    await clientToken(id, rotated);
  });

  it('shows an API validation error next to its field', async () => {
    await page.goto(`${t.url}/console/apps/new`);
    await page.getByLabel('Name').fill('Portal');
    await page.getByLabel('Authorization code').check();
    await page.getByLabel('Redirect URIs', { exact: true }).fill('http://portal.example.com/callback');
    await page.getByLabel('Confidential').uncheck();
    await page.getByRole('button', { name: 'Create' }).click();
    const error = page.locator('#redirectUris-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('must use https:');
    expect(await page.getByLabel('Redirect URIs', { exact: true }).getAttribute('aria-describedby')).toContain(
      'redirectUris-error',
    );
    expect(await page.getByLabel('Redirect URIs', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(new URL(page.url()).pathname).toBe('/console/apps/new');
  });

  it('creates an app client with the keyboard alone, with a visible focus', async () => {
    await page.goto(`${t.url}/console/apps`);
    await page.getByRole('heading', { name: 'Apps' }).waitFor();
    await tabTo(page, 'New app client');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'New app client' }).waitFor();
    await tabTo(page, 'Name');
    await page.keyboard.type('Keyboard Sync');
    await tabTo(page, 'Client credentials');
    await page.keyboard.press('Space');
    await tabTo(page, 'Create');
    expect(await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Client secret' }).waitFor();
    await tabTo(page, 'Copy');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Keyboard Sync' }).waitFor();
  });

  it('Roles: creates a role, edits its permissions and deletes it, as the API sees it', async () => {
    const roles = async () =>
      (await t.orm.em.fork().find(Role, {}, { populate: ['permissions'] })).map((role) => ({
        name: role.name,
        permissions: role.permissions.getItems().map((permission) => ({ name: permission.name })),
      }));
    await page.goto(`${t.url}/console/apps`);
    await page.getByRole('link', { name: 'Roles' }).click();
    await page.getByRole('heading', { name: 'Roles' }).waitFor();
    await page.getByLabel('Role name').fill('support');
    await page.getByLabel('Role description').fill('Answers customers');
    await page.getByRole('button', { name: 'Create role' }).click();
    await page.getByText('support — 0 permissions').click();
    await page
      .getByRole('group', { name: 'Permissions of support' })
      .getByLabel(/^customers\.view /)
      .check();
    await page.getByRole('button', { name: 'Save permissions of support' }).click();
    await page.getByText('support — 1 permission').waitFor();
    expect((await roles()).find((role) => role.name === 'support')?.permissions).toEqual([{ name: 'customers.view' }]);
    await page.getByRole('button', { name: 'Delete role support' }).click();
    const confirm = page.getByRole('group', { name: 'Delete support?' });
    await confirm.getByText('loses its 1 permission at once').waitFor();
    await page.screenshot({ path: `${SHOTS}/console-delete-role.png` });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect((await roles()).some((role) => role.name === 'support')).toBe(true);
    await page.getByRole('button', { name: 'Delete role support' }).click();
    await expect.poll(() => page.locator(':focus').textContent()).toBe('Yes, delete support');
    await page.keyboard.press('Enter');
    await page.getByText('support — 1 permission').waitFor({ state: 'detached' });
    expect((await roles()).some((role) => role.name === 'support')).toBe(false);
  });

  it('Audit log: filters by action and by client', async () => {
    await page.goto(`${t.url}/console/audit`);
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByLabel('Action').fill('client.created');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText(/^\d+ events?$/).waitFor();
    const actions = await page.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(actions.length).toBeGreaterThanOrEqual(2);
    expect(new Set(actions)).toEqual(new Set(['client.created']));

    await page.goto(`${t.url}/console/apps`);
    await page.getByRole('link', { name: 'Keyboard Sync' }).click();
    const id = (await page.locator('#client-id').textContent())!;
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Action').fill('');
    await page.getByLabel('Client ID').fill(id);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('1 event', { exact: true }).waitFor();
    expect(await page.locator('tbody tr td:nth-child(4)').allTextContents()).toEqual([`client ${id}`]);
  });

  it('is readable at 360 px wide: nothing scrolls sideways', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${t.url}/console/apps/new`);
    await page.getByRole('heading', { name: 'New app client' }).waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await page.screenshot({ path: `${SHOTS}/console-new-app-360.png`, fullPage: true });
    await page.setViewportSize({ width: 1000, height: 820 });
  });

  it('loads (silent sign-in through the session included) within a second on loopback', async () => {
    const started = Date.now();
    await page.goto(`${t.url}/console/apps`);
    await page.getByRole('cell', { name: /Schoolsoft Integration/ }).waitFor();
    const elapsed = Date.now() - started;
    console.info(`console first load with silent sign-in: ${elapsed} ms`);
    expect(elapsed).toBeLessThan(1000);
  });
});

/** Presses Tab until the focused element's label or text is `name` (at most 60 presses). */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    // A string, run in the page: the test's own TypeScript has no DOM types.
    const focused = await page.evaluate<string>(`(() => {
      const element = document.activeElement;
      if (!element) return '';
      const label = element.id ? document.querySelector('label[for="' + element.id + '"]')?.textContent : undefined;
      return (label ?? element.closest('label')?.textContent ?? element.textContent ?? '').trim();
    })()`);
    if (focused === name || focused.startsWith(`${name} `) || focused.startsWith(`${name}(`)) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}
