/**
 * The office's year in Chromium (issue 14): the district office opens a dossier from the UI (and every
 * registration of its 2024 plan at once, refusals in words), the commune fills its self-assessment as one
 * checklist page (one wrong value among 19 refuses the whole page, nothing written), saves and submits in
 * one go, and a department reviews its criteria on one page. Every page is checked with axe-core
 * (WCAG 2 A/AA); screenshots are kept in test-results/screenshots/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { COMMUNE, startEngine, type RunningApp } from '../support/app';
import { openChromium, SHOTS, type Chromium } from '../support/browser';

const DOSSIER = `commune.dat-chuan:${COMMUNE}:2024`;
const dossierUrl = `/ui/dossiers/${encodeURIComponent(DOSSIER)}`;

jest.setTimeout(420_000);

let engine: RunningApp;
let chrome: Chromium;

beforeAll(async () => {
  engine = await startEngine();
  chrome = await openChromium(engine);
});

afterAll(async () => {
  await chrome?.close();
  await engine?.close();
});

// The shared Chromium helper (tests/support/browser.ts): sign-in, axe-core (WCAG 2 A/AA), form submit.
const signIn = (username: string): Promise<Page> => chrome.signIn(username);
const accessible = (page: Page, name: string): Promise<void> => chrome.accessible(page, name);
const submitForm = (page: Page, button: ReturnType<Page['locator']>): Promise<void> => chrome.submitForm(page, button);

it('opens dossiers from the UI, one and all of a plan, with refusals in words', async () => {
  const district = await signIn('huyen.vpdp');
  await district.getByTestId('open-link').click();
  await district.waitForURL('**/ui/open');
  await accessible(district, 'open');
  await district.getByLabel('Đơn vị').selectOption(COMMUNE);
  await district.getByLabel('Danh hiệu').selectOption('commune.dat-chuan');
  await district.getByLabel('Năm kế hoạch').fill('2024');
  await submitForm(district, district.getByRole('button', { name: 'Mở hồ sơ' }));
  expect(new URL(district.url()).pathname).toBe(dossierUrl);
  expect(await district.getByTestId('stage').innerText()).toContain('Xã tự đánh giá');

  // Again: refused in words, with the unit's name, never its code.
  await district.goto('/ui/open');
  await district.getByLabel('Đơn vị').selectOption(COMMUNE);
  await district.getByLabel('Năm kế hoạch').fill('2024');
  await submitForm(district, district.getByRole('button', { name: 'Mở hồ sơ' }));
  const refusal = await district.locator('.flash.error').last().innerText();
  expect(refusal).toContain('Quài Cang đã có hồ sơ');
  expect(refusal).not.toContain('dien-bien/');
  await district.screenshot({ path: join(SHOTS, 'office-open-refused.png'), fullPage: true });

  // Every registration of the 2024 Tuần Giáo plan: Quài Cang is already open, the others open now.
  await submitForm(district, district.locator('form[data-plan="2024:dien-bien/tuan-giao"] button'));
  const result = district.getByTestId('open-all-result');
  await result.waitFor();
  expect(await result.locator('tr[data-outcome="already_open"]').count()).toBe(1);
  expect(await result.locator('tr[data-outcome="opened"]').count()).toBeGreaterThan(0);
  expect(await result.innerText()).not.toContain('dien-bien/');
  await accessible(district, 'open-all result');
  await district.screenshot({ path: join(SHOTS, 'office-open-all.png'), fullPage: true });

  // The dashboard names places, never their codes: the commune with its district under it, the header
  // with the role and the person's office.
  await district.goto('/ui/');
  const row = district.locator(`tr[data-dossier="${DOSSIER}"]`);
  expect(await row.locator('td').first().innerText()).toMatch(/Quài Cang\s+Tuần Giáo/);
  expect(await district.locator('main table').innerText()).not.toContain('dien-bien/');
  expect(await district.locator('header').innerText()).not.toContain('dien-bien/');
  expect(await district.getByLabel('Huyện').locator('option').allInnerTexts()).toContain('Tuần Giáo');
  await district.goto(dossierUrl);
  const crumbs = await district.locator('.crumbs').innerText();
  expect(crumbs).toContain('Quài Cang · Xã đạt chuẩn nông thôn mới 2024');
  expect(crumbs).not.toContain('dien-bien/');
});

it('takes the whole self-assessment as one checklist page (all or nothing), submits it, and a department reviews on one page', async () => {
  const commune = await signIn('xa.quai-cang');
  await commune.goto(dossierUrl);
  // The consultation through its form on the dossier page.
  const consult = commune.locator('form[data-action="consultation.recorded"]');
  await consult.getByLabel('Số người được lấy ý kiến').fill('512');
  await consult.getByLabel('Tỷ lệ hài lòng (%)').fill('96,4');
  await submitForm(commune, consult.locator('button[type=submit]'));

  await commune.getByTestId('checklist-link').click();
  await commune.waitForURL('**/checklist');
  const rows = commune.locator('table.checklist tbody tr');
  expect(await rows.count()).toBe(19);
  await accessible(commune, 'checklist');
  for (const r of await rows.all()) await r.locator('input[type=radio][value="true"]').check();
  const five = commune.locator('tr[data-criterion="5"]');
  await five.getByLabel('Số văn bản').fill('12/BC-UBND');
  await five.getByLabel('Ngày').fill('31/02/2024');
  await five.getByLabel('Cơ quan ban hành').fill('UBND xã Quài Cang');
  await submitForm(commune, commune.getByRole('button', { name: 'Lưu bảng tự đánh giá' }));
  // Refused next to criterion 5's date, in Vietnamese; nothing of the 19 was written.
  expect(await five.locator('.field-error').innerText()).toContain('Tiêu chí 5');
  expect(await commune.getByTestId('checklist-progress').innerText()).toContain('0/19');
  await commune.screenshot({ path: join(SHOTS, 'office-checklist-error.png'), fullPage: false });
  await accessible(commune, 'checklist with errors');
  await five.getByLabel('Ngày').fill('15/03/2024');
  await submitForm(commune, commune.getByRole('button', { name: 'Lưu và nộp hồ sơ' }));
  expect(new URL(commune.url()).pathname).toBe(dossierUrl);
  expect(await commune.getByTestId('stage').innerText()).toContain('Đang thẩm tra');

  // The KT_HT specialist of the district reviews its criteria on one page.
  const kt = await signIn('cv.kt-ht');
  await kt.goto(dossierUrl);
  await kt.getByTestId('review-link').click();
  await kt.waitForURL('**/review');
  await accessible(kt, 'review');
  const reviewRows = kt.locator('table.checklist tbody tr');
  const n = await reviewRows.count();
  expect(n).toBeGreaterThan(1);
  for (const r of await reviewRows.all()) await r.locator('input[type=radio][value="met"]').check();
  const first = reviewRows.first();
  await first.locator('input[type=radio][value="needs_supplement"]').check();
  await submitForm(kt, kt.getByRole('button', { name: 'Gửi kết quả thẩm tra' }));
  expect(await first.locator('.field-error').innerText()).toContain('cần nhận xét');
  await kt.screenshot({ path: join(SHOTS, 'office-review-error.png'), fullPage: false });
  await first.locator('textarea').fill('Thiếu quyết định phê duyệt quy hoạch');
  await submitForm(kt, kt.getByRole('button', { name: 'Gửi kết quả thẩm tra' }));
  expect(new URL(kt.url()).pathname).toBe(dossierUrl);
  await kt.goto(`${dossierUrl}/review`);
  await kt.getByTestId('nothing-to-review').waitFor();
  await kt.screenshot({ path: join(SHOTS, 'office-review-done.png'), fullPage: false });
});

it('accepts dd/mm/yyyy dates in the JSON API beside ISO, and names the field of an impossible one in both languages', async () => {
  const neighbour = await signIn('xa.quai-nua');
  const id = encodeURIComponent('commune.dat-chuan:dien-bien/tuan-giao/quai-nua:2024');
  const assess = (date: string) =>
    neighbour.request.post(`/api/dossiers/${id}/actions`, {
      data: { type: 'self_assessment.recorded', criterion: '1', met: true, evidence: [{ number: '7/QĐ-UBND', date, issuer: 'UBND huyện Tuần Giáo' }] },
    });
  const ok = await assess('15/03/2024');
  expect(ok.status()).toBe(200);
  const bad = await assess('31/02/2024');
  expect(bad.status()).toBe(400);
  const body = (await bad.json()) as { error: { path: string; messageVi: string; messageEn: string } };
  expect(body.error.path).toBe('evidence.0.date');
  expect(body.error.messageVi).toContain('evidence.0.date');
  expect(body.error.messageEn).toContain('evidence.0.date');
  const iso = await assess('2024-03-16');
  expect(iso.status()).toBe(200);
});
