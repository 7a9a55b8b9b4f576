import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ApiDeps } from '../../api/deps';
import type { ManagedProcess } from '../../stack/managed-process';
import { freePort } from '../../stack/ports';
import { buildWeb, startWeb, type WebOptions } from '../../stack/web';
import { ApiClient, type ApiHarness, useApiHarness } from './api-harness';
import { launchChromium, openPage, screenshot } from './browser';

export const PROVIDERS_NOTICE = 'Demo mode: the test providers stand in for the real ones.';

export interface WebHarness {
  api: ApiHarness;
  url: string;
  /** A fresh browser context (its own cookies) and a page that records console errors. */
  newPage(viewport?: { width: number; height: number }): Promise<{ page: Page; errors: string[] }>;
  /** The API as the user signed in on this page, through the token in the page's cookie. */
  apiAs(page: Page): Promise<ApiClient>;
  /** Registers a new user through the register page; the page ends on the generate form. */
  register(page: Page): Promise<string>;
  shot(page: Page, name: string): Promise<string>;
}

/** The API harness (real Temporal, PostgreSQL, worker, fake providers), the built web app and Chromium. */
export function useWebHarness(
  options: {
    api?: Partial<ApiDeps['config']['api']>;
    web?: Pick<WebOptions, 'trustedProxies' | 'https'>;
  } = {},
): WebHarness {
  const api = useApiHarness(options.api);
  let web: ManagedProcess & { url: string };
  let browser: Browser;
  let users = 0;

  beforeAll(async () => {
    await buildWeb();
    web = await startWeb({
      port: await freePort(),
      apiUrl: api.baseUrl,
      providersNotice: PROVIDERS_NOTICE,
      logFile: path.join(api.dir, 'web.log'),
      ...options.web,
    });
    harness.url = web.url;
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  const harness: WebHarness = {
    api,
    url: '',
    async newPage(viewport = { width: 1100, height: 900 }) {
      const context = await browser.newContext({ viewport, baseURL: harness.url });
      return openPage(context);
    },
    async apiAs(page) {
      const cookie = (await page.context().cookies()).find((c) => c.name.endsWith('opad_token'));
      if (!cookie) throw new Error('the page is not signed in');
      return new ApiClient(api.baseUrl, cookie.value);
    },
    async register(page) {
      const email = `web${++users}-${Date.now()}@example.com`;
      await page.goto('/register');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('correct horse battery');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL(`${harness.url}/`);
      return email;
    },
    shot: (page, name) => screenshot(page, name),
  };
  return harness;
}
