/**
 * Chromium for browser tests (Debian's chromium, infra/browser.ts) and signing in through the real
 * sign-in page. The same steps as tests/browser/office.test.ts's own signIn (which can move here).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumLaunchOptions, ensureChromium } from '../../infra/browser';
import { PASSWORD } from './app';

export const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');

export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch(chromiumLaunchOptions(await ensureChromium()));
}

/** A new context (vi-VN, Asia/Ho_Chi_Minh) signed in as `username` on the sign-in page. */
export async function signIn(browser: Browser, baseUrl: string, username: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  await page.goto('/ui/sign-in');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL('**/ui/');
  return { context, page };
}
