/**
 * Uploading a dossier document through the web form in Chromium (issue 15): the commune official opens
 * the documents page, fills the form and picks a PDF; the page lists it with its Vietnamese name, and it
 * downloads byte for byte. An executable renamed .pdf is refused on the page, in Vietnamese with the
 * English beside and the code, and nothing is stored. Screenshots in test-results/screenshots/.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { COMMUNE, PASSWORD, startEngine, type RunningApp } from '../support/app';
import { launchChromium, SCREENSHOTS, signIn } from '../support/browser';
import { EXE, pdf } from '../documents/support';

jest.setTimeout(300_000);

const YEAR = 2025;
const DOSSIER = `commune.dat-chuan:${COMMUNE}:${YEAR}`;
const documentsUrl = `/ui/dossiers/${encodeURIComponent(DOSSIER)}/documents`;

let engine: RunningApp;
let browser: Browser;
let dataDir: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ntm-browser-docs-'));
  [engine, browser] = await Promise.all([startEngine({ documents: { dataDir } }), launchChromium()]);
  const session = await engine.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'huyen.vpdp', password: PASSWORD } });
  const opened = await engine.app.inject({
    method: 'POST',
    url: '/api/dossiers',
    headers: { authorization: `Bearer ${(session.json() as { token: string }).token}` },
    payload: { unitCode: COMMUNE, title: 'commune.dat-chuan', planYear: YEAR },
  });
  expect(opened.statusCode).toBe(201);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await engine?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const storedBlobs = () =>
  readdirSync(join(dataDir, 'documents'))
    .filter((d) => d !== '.tmp')
    .flatMap((d) => readdirSync(join(dataDir, 'documents', d)));

it('uploads a PDF through the form, lists and downloads it, and refuses an executable renamed .pdf in Vietnamese with English', async () => {
  const { context, page } = await signIn(browser, engine.baseUrl, 'xa.quai-cang');
  contexts.push(context);
  await page.goto(documentsUrl);
  await page.locator('#doc-kind').selectOption('to_trinh');
  await page.locator('#doc-title').fill('Tờ trình đề nghị công nhận xã Quài Cang đạt chuẩn NTM');
  await page.locator('#doc-number').fill('15/TTr-UBND');
  await page.locator('#doc-date').fill('2025-09-10');
  await page.locator('#doc-issuer').fill('UBND xã Quài Cang');
  const paper = pdf('Tờ trình 15/TTr-UBND');
  await page.locator('#doc-file').setInputFiles({ name: 'Tờ trình số 15.pdf', mimeType: 'application/pdf', buffer: paper });
  await Promise.all([page.waitForURL(/uploaded=/), page.getByRole('button', { name: 'Tải lên' }).click()]);
  expect(await page.locator('.flash.ok').innerText()).toContain('Đã tải lên: Tờ trình đề nghị công nhận');
  const list = page.locator('#documents');
  expect(await list.innerText()).toContain('Tờ trình số 15.pdf');
  expect(await list.innerText()).toContain('10/09/2025');
  // The dossier and who uploaded it, by name (never the unit code or the account id).
  expect(await page.locator('.crumbs').innerText()).toContain('Quài Cang');
  expect(await page.locator('main, body').first().innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  const uploader = await page.locator('#documents tr[data-document] td').nth(3).innerText();
  expect(uploader).toContain('Lò Văn Minh (xã Quài Cang)');
  expect(uploader).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
  await page.screenshot({ path: join(SCREENSHOTS, 'documents-uploaded.png'), fullPage: true });

  // The download link gives the same bytes, under the Vietnamese name.
  const [download] = await Promise.all([page.waitForEvent('download'), list.getByRole('link', { name: 'Tờ trình số 15.pdf' }).click()]);
  expect(download.suggestedFilename()).toBe('Tờ trình số 15.pdf');
  const saved = join(dataDir, 'downloaded.pdf');
  await download.saveAs(saved);
  expect(readFileSync(saved).equals(paper)).toBe(true);

  // An executable renamed .pdf: refused on the page, nothing stored.
  const rows = await engine.t.db.document.count();
  const blobs = storedBlobs();
  await page.locator('#doc-kind').selectOption('bao_cao_ket_qua');
  await page.locator('#doc-title').fill('Báo cáo kết quả (tệp giả)');
  await page.locator('#doc-file').setInputFiles({ name: 'bao-cao.pdf', mimeType: 'application/pdf', buffer: EXE });
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Tải lên' }).click()]);
  expect(response.status()).toBeGreaterThanOrEqual(400);
  expect(response.status()).toBeLessThan(500);
  await page.waitForLoadState();
  const alert = page.locator('.flash.error');
  const text = await alert.innerText();
  expect(text).toContain('Loại tệp không được chấp nhận');
  expect(text).toContain('File type not accepted');
  expect(text).toContain('[DOCUMENT.TYPE_REFUSED]');
  expect(await alert.locator('.gloss[lang="en"]').innerText()).toContain('the type is read from the content, never from the file name');
  await page.screenshot({ path: join(SCREENSHOTS, 'documents-refused-exe.png'), fullPage: true });
  expect(await engine.t.db.document.count()).toBe(rows);
  expect(storedBlobs()).toEqual(blobs);
  expect(readdirSync(join(dataDir, 'documents', '.tmp'))).toEqual([]);
});
