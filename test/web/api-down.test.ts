import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { ManagedProcess } from '../../stack/managed-process';
import { freePort } from '../../stack/ports';
import { buildWeb, startWeb } from '../../stack/web';
import { launchChromium, openPage } from '../helpers/browser';
import { makeTempDir } from '../helpers/tmp';

let web: ManagedProcess & { url: string };
let browser: Browser;
let apiUrl: string;

beforeAll(async () => {
  await buildWeb();
  // Nothing listens here: the web runs, its API does not.
  apiUrl = `http://127.0.0.1:${await freePort()}`;
  web = await startWeb({
    port: await freePort(),
    apiUrl,
    logFile: path.join(makeTempDir('web-api-down'), 'web.log'),
  });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

test('with the API down, sign-in says which address is not answering, and pages offer to try again', async () => {
  const context = await browser.newContext({ baseURL: web.url });
  const { page } = await openPage(context);
  await page.goto('/login');
  await page.getByLabel('Email').fill('me@example.com');
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page
    .getByRole('alert')
    .filter({ hasText: `The opad API at ${apiUrl} is not answering` })
    .waitFor();

  await context.addCookies([{ name: 'opad_token', value: 'opad_whatever', url: web.url }]);
  const response = await page.goto('/articles');
  expect(response?.status()).toBe(500);
  await page.getByRole('alert').filter({ hasText: 'The opad API may be restarting or down' }).waitFor();
  await page.getByRole('button', { name: 'Try again' }).waitFor();
});
