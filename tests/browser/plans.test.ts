/**
 * Plan the year in Chromium (issue 14): the provincial office creates the next two-tier plan year from the
 * 2027 province plan, changes a deadline (dd/mm/yyyy), pastes a table with bad rows (a commune abolished on
 * 1/7/2025 and an impossible date: refused, the line, column and the unit's period shown, nothing changed), meets the refusal of a second office saving an older version, and starts the
 * campaign (the result in words). axe-core on every page; screenshots in test-results/screenshots/plans-*.png.
 */
import type { Page } from 'playwright-core';
import { startEngine, type RunningApp } from '../support/app';
import { openChromium, type Chromium } from '../support/browser';
import { importTestCommuneGroups } from '../support/plans';

jest.setTimeout(420_000);

let engine: RunningApp;
let chrome: Chromium;

beforeAll(async () => {
  engine = await startEngine();
  // The plan's post-merger communes get their group through the real group import.
  await importTestCommuneGroups(engine.t.db);
  chrome = await openChromium(engine);
});
afterAll(async () => {
  await chrome?.close();
  await engine?.close();
});

const YEAR = 2028;

it('creates and edits a plan year, shows a bad spreadsheet row and a concurrent edit refused in words, and starts the campaign', async () => {
  const office = await chrome.signIn('tinh.vpdp');
  await office
    .getByRole('link', { name: /Kế hoạch năm/ })
    .first()
    .click();
  await office.waitForURL('**/ui/plans');
  await chrome.accessible(office, 'plans');
  await office.getByLabel('Năm kế hoạch').fill(String(YEAR));
  await office.getByLabel(/Sao chép từ kế hoạch/).selectOption({ label: '2027 — Tỉnh Điện Biên' });
  await chrome.submitForm(office, office.getByRole('button', { name: 'Lập kế hoạch' }));
  await office.getByText('Đã lập kế hoạch').waitFor();
  // Copied from the 2027 province plan: its dates move to the new year.
  expect(await office.locator('main').innerText()).toContain(`Kế hoạch năm ${YEAR} — Tỉnh Điện Biên`);
  expect(await office.locator('main').innerText()).not.toContain('/2027');
  await chrome.accessible(office, 'plan-edit');
  await chrome.shot(office, 'plans-edit');

  // A second office opens the same version before the first saves.
  const other = await chrome.signIn('tinh.vpdp');
  await other.goto(office.url());

  const due = office.locator('input[name="due.0"]');
  expect(await due.inputValue()).toBe(`31/08/${YEAR}`);
  await due.fill(`15/09/${YEAR}`);
  await chrome.submitForm(office, office.getByRole('button', { name: 'Lưu kế hoạch' }));
  await office.getByText('Đã lưu kế hoạch').waitFor();
  expect(await office.locator('input[name="due.0"]').inputValue()).toBe(`15/09/${YEAR}`);

  await other.locator('input[name="due.0"]').fill(`20/09/${YEAR}`);
  await chrome.submitForm(other, other.getByRole('button', { name: 'Lưu kế hoạch' }));
  const stale = other.getByRole('alert');
  await stale.waitFor();
  expect(await stale.innerText()).toContain('Kế hoạch đã được sửa lúc');
  await chrome.shot(other, 'plans-stale');

  // A pasted table with a commune abolished on 1/7/2025 and a bad date: refused, line and column named;
  // the plan keeps 15/09.
  const sheet = [
    'kind\tunit\ttitle\tstage\tdue\tdescription',
    'đăng ký\tXã Quài Cang\tcommune.dat-chuan\t\t\t',
    `hạn\t\tcommune.dat-chuan\tcommune.submit\t31/09/${YEAR}\tXã nộp hồ sơ`,
  ].join('\n');
  await office.getByLabel(/Dán bảng/).fill(sheet);
  await chrome.submitForm(office, office.getByRole('button', { name: 'Nhập bảng' }));
  const bad = office.getByRole('alert');
  await bad.waitFor();
  expect(await bad.innerText()).toContain(`Dòng 2, cột unit: Xã Quài Cang không tồn tại trong năm ${YEAR} (hiệu lực đến 30/06/2025)`);
  expect(await office.locator('main').innerText()).toContain('Dòng 3');
  await chrome.accessible(office, 'plan-import-refused');
  await chrome.shot(office, 'plans-import-refused');
  expect(await office.locator('input[name="due.0"]').inputValue()).toBe(`15/09/${YEAR}`);

  await chrome.submitForm(office, office.getByRole('button', { name: 'Bắt đầu chiến dịch' }));
  await office.getByText(/Đã bắt đầu chiến dịch: mở 3 hồ sơ/).waitFor();
  await chrome.shot(office, 'plans-campaign');
  await expectNoCodes(office);
});

async function expectNoCodes(page: Page): Promise<void> {
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(/dien-bien\//);
  expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
}
