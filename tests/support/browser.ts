/**
 * Chromium for browser tests (playwright-core + Debian's chromium, infra/browser.ts): a browser on the
 * running engine, sign-in as one of the seeded people through the real sign-in page, axe-core (WCAG 2
 * A/AA) in the page, screenshots kept in test-results/screenshots/. Shared by the browser tests.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { chromiumLaunchOptions, ensureChromium } from '../../infra/browser';
import { PASSWORD, type RunningApp } from './app';

export const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');
export const SHOTS = SCREENSHOTS;

export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch(chromiumLaunchOptions(await ensureChromium()));
}

/**
 * A new context (vi-VN, Asia/Ho_Chi_Minh, 1280×900 unless `options` say otherwise — e.g. a wider viewport
 * or `acceptDownloads`) signed in as `username` on the sign-in page.
 */
export async function signIn(
  browser: Browser,
  baseUrl: string,
  username: string,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 900 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    // axe-core is injected by the test as an inline script, which the UI's CSP (script-src 'self')
    // rightly refuses: the test's own tool is let through, the pages are unchanged.
    bypassCSP: true,
    ...options,
  });
  const page = await context.newPage();
  await page.goto('/ui/sign-in');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL('**/ui/');
  return { context, page };
}

export interface Chromium {
  signIn(username: string): Promise<Page>;
  accessible(page: Page, name: string): Promise<void>;
  shot(page: Page, name: string): Promise<void>;
  submitForm(page: Page, button: ReturnType<Page['locator']>): Promise<void>;
  close(): Promise<void>;
}

/** Chromium on the running engine; `contextOptions` apply to every person's context (viewport, downloads…). */
export async function openChromium(engine: RunningApp, contextOptions: BrowserContextOptions = {}): Promise<Chromium> {
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  return {
    async signIn(username) {
      const { context, page } = await signIn(browser, engine.baseUrl, username, contextOptions);
      contexts.push(context);
      return page;
    },
    async accessible(page, name) {
      await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
      // Run in the page as a string: the test project has no DOM types.
      const violations = (await page.evaluate(`(async () => {
        const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
        return r.violations.map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
      })()`)) as string[];
      expect({ page: name, violations }).toEqual({ page: name, violations: [] });
    },
    async shot(page, name) {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async submitForm(page, button) {
      await Promise.all([page.waitForNavigation(), button.click()]);
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
    },
  };
}
