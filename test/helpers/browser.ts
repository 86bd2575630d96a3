import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Chromium from the system package (`apt-get install chromium`); never a downloaded build. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Whether browser tests run here. Without Chromium they are skipped with a notice,
 * unless REQUIRE_BROWSER=1 (CI), where they run and fail on the missing browser.
 */
export function browserTestsEnabled(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.REQUIRE_BROWSER === '1') return true;
  console.warn(
    `[browser tests skipped] ${CHROMIUM_PATH} not found; install it with: apt-get install -y chromium (REQUIRE_BROWSER=1 makes this a failure)`,
  );
  return false;
}

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a new, empty profile directory, removed on close. */
export async function launchBrowser(options: { javaScriptEnabled?: boolean; hostRules?: string } = {}): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`REQUIRE_BROWSER=1 but ${CHROMIUM_PATH} is missing: apt-get install -y chromium`);
  const profile = mkdtempSync(join(tmpdir(), 'core-api-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    // hostRules maps a readable host name onto a loopback stub (`MAP portal.localhost:80 127.0.0.1:41234`).
    args: options.hostRules ? [...ARGS, `--host-resolver-rules=${options.hostRules}`] : ARGS,
    viewport: { width: 1000, height: 820 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    // Fail with Playwright's own message well before the test hook's timeout.
    timeout: 60_000,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface StubSite {
  /** e.g. http://127.0.0.1:41234 — another origin than the server under test. */
  origin: string;
  /** Serves `html` at `path` from now on. */
  page(path: string, html: string): void;
  close(): Promise<void>;
}

/**
 * A loopback web site standing in for a client application (its redirect URI, or a
 * hostile page that frames ours). Unknown paths answer a small placeholder page.
 */
export async function startStubSite(): Promise<StubSite> {
  const pages = new Map<string, string>();
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://stub').pathname;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(pages.get(path) ?? '<!doctype html><title>Client app</title><p>Client app</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    page: (path, html) => pages.set(path, html),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
