/**
 * The criteria matrix page in real Chromium against the whole engine, on seed 004's Tuần Giáo rows
 * imported as of 31/12/2020: the provincial office finds the page in the navigation, reads the table as
 * officials print it (district subtotal, commune rows, total, % row), the per-criterion ratios, the
 * bands and the average, the charts; filters by as-of date and district; downloads the workbook.
 * A district office sees its own district; a commune official is refused. Screenshots in
 * test-results/screenshots/ (matrix.png, matrix-province.png, matrix-print.png).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { importCriteriaFile } from '../../app/imports';
import { FIXTURES } from '../import/db-helpers';
import { startEngine, type RunningApp } from '../support/app';
import { openChromium, SHOTS, type Chromium } from '../support/browser';

const SET = 'commune-ntm-2016-2020';
const TUAN_GIAO = 'dien-bien/tuan-giao';
const TUAN_GIAO_SUMS = [18, 12, 18, 10, 14, 11, 18, 16, 12, 0, 0, 18, 11, 13, 2, 12, 9, 14, 18];

jest.setTimeout(300_000);

let engine: RunningApp;
let chrome: Chromium;

beforeAll(async () => {
  engine = await startEngine();
  const imported = await importCriteriaFile(
    { db: engine.t.db, now: () => new Date('2021-01-05T02:00:00Z') },
    { path: join(FIXTURES, 'tuan-giao-2020.csv'), setId: SET, asOf: '2020-12-31' },
  );
  expect(imported.status).toBe('imported');
  // The wider pages (matrix, reports) and their downloads.
  chrome = await openChromium(engine, { viewport: { width: 1400, height: 900 }, acceptDownloads: true });
});

afterAll(async () => {
  await chrome?.close();
  await engine?.close();
});

const signIn = (username: string): Promise<Page> => chrome.signIn(username);

const cells = (page: Page, row: string) => page.locator(`${row} td[data-criterion]`).allInnerTexts();
const submitFilters = async (page: Page) => Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Xem' }).click()]);

it('shows the provincial office the criteria matrix as officials print it, filtered by date and district, with charts and the workbook', async () => {
  const page = await signIn('tinh.vpdp');
  // The navigation leads to the page; the default is the whole province, as of today.
  await Promise.all([
    page.waitForNavigation(),
    page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: /Ma trận tiêu chí/ })
      .click(),
  ]);
  expect(new URL(page.url()).pathname).toBe('/ui/reports/matrix');
  expect(await page.locator('h1').innerText()).toContain('Ma trận tiêu chí');
  expect(await page.getByLabel('Huyện / tỉnh').locator('option:checked').innerText()).toBe('Toàn tỉnh Điện Biên');
  // Today the province is two-tier (45 commune-level units since 1/7/2025): no district rows.
  expect(await page.locator('tbody tr.commune').count()).toBe(45);
  expect(await page.locator(`tr.district[data-district="${TUAN_GIAO}"]`).count()).toBe(0);

  // The seeds' world: the last day of the districts (30/06/2025), as the 2024 sheets were printed.
  await page.getByLabel('Tính đến ngày').fill('30/06/2025');
  await submitFilters(page);

  // Tuần Giáo's subtotal row: the column sums computed from the marks (226, not the sheet's 223).
  const tg = `tr.district[data-district="${TUAN_GIAO}"]`;
  expect((await cells(page, tg)).map(Number)).toEqual(TUAN_GIAO_SUMS);
  expect(await page.locator(`${tg} td.total`).innerText()).toBe('226');
  // Districts in the GSO order, numbered in Roman numerals as the sheets do: Tuần Giáo is the sixth.
  expect(await page.locator('tbody tr.district td:first-child').allInnerTexts()).toEqual(['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X']);
  expect(await page.locator(`${tg} td`).first().innerText()).toBe('VI');
  // Every commune of the province has a row; those without data say so and count nowhere.
  expect(await page.locator('tbody tr.commune').count()).toBe(115);
  expect(await page.locator('tbody tr.commune.nodata').count()).toBe(97);
  // Pú Xi: the sheet prints 6, its marks give 7.
  const puXi = 'tr[data-unit="dien-bien/tuan-giao/pu-xi"]';
  expect(await cells(page, puXi)).toEqual(['1', '', '1', '', '', '', '1', '', '', '', '', '1', '1', '', '', '', '', '1', '1']);
  expect(await page.locator(`${puXi} td.total`).innerText()).toBe('7');
  // Province total and the % row over the 18 communes with data.
  expect((await cells(page, '[data-testid="grand-total"]')).map(Number)).toEqual(TUAN_GIAO_SUMS);
  expect(await page.locator('[data-testid="grand-total"] td.total').innerText()).toBe('226');
  expect(await page.locator('[data-testid="percent-row"] th').innerText()).toContain('trên 18 xã');
  expect((await cells(page, '[data-testid="percent-row"]')).slice(0, 3)).toEqual(['100,00', '66,66', '100,00']);
  // Per criterion as officials write it, the bands and the average.
  expect(await page.locator('[data-testid="attainment"] tr[data-criterion="8"] td.num').innerText()).toBe('16/18 = 88,88%');
  expect(await page.locator('[data-testid="attainment"] tr[data-criterion="15"] td.num').innerText()).toBe('2/18 = 11,11%');
  expect(await page.locator('[data-testid="bands"] tr[data-band="15-18"] td.num').allInnerTexts()).toEqual(['5', '5/18 = 27,77%']);
  expect(await page.locator('[data-testid="bands"] tr[data-band="all"] td.num').allInnerTexts()).toEqual(['0', '0/18 = 0,00%']);
  expect(await page.locator('[data-testid="average"]').innerText()).toContain('12,56');
  // The charts, inline: one bar per criterion, one per band.
  expect(await page.locator('[data-testid="chart-attainment"] svg g.bar').count()).toBe(19);
  expect(await page.locator('[data-testid="chart-bands"] svg g.bar').count()).toBe(5);

  // Only the communes with data, for the screenshot of the province.
  await page.getByLabel('Ẩn xã chưa có số liệu').check();
  await submitFilters(page);
  expect(await page.locator('tbody tr.commune').count()).toBe(18);
  await page.screenshot({ path: join(SHOTS, 'matrix-province.png'), fullPage: true });

  // Narrow to Tuần Giáo as of 31/12/2020: the district's own table.
  await page.getByLabel('Huyện / tỉnh').selectOption(TUAN_GIAO);
  await page.getByLabel('Tính đến ngày').fill('31/12/2020');
  await submitFilters(page);
  expect(await page.getByTestId('report-subtitle').innerText()).toContain('Huyện Tuần Giáo, đến ngày 31/12/2020');
  expect(await page.locator('tbody tr.district').count()).toBe(1);
  expect(await page.locator(`${tg} td`).first().innerText()).toBe('I');
  expect((await cells(page, tg)).map(Number)).toEqual(TUAN_GIAO_SUMS);
  expect(await page.locator('[data-testid="grand-total"] th').innerText()).toBe('Tổng số tiêu chí toàn huyện');
  await page.screenshot({ path: join(SHOTS, 'matrix.png'), fullPage: true });

  // The workbook download: the officials' layout, named for the district and the date.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-matrix-xlsx').click()]);
  expect(download.suggestedFilename()).toBe('Ma trận tiêu chí - Tuần Giáo - 31-12-2020.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
  expect(wb.worksheets[0]!.getCell(7, 2).value).toBe('Tuần Giáo');
  expect(wb.worksheets[0]!.getCell(7, 3 + 19).value).toBe(226);

  // Printed: filters and links gone, the table on landscape pages.
  await page.emulateMedia({ media: 'print' });
  expect(await page.locator('form.filters').isVisible()).toBe(false);
  await page.screenshot({ path: join(SHOTS, 'matrix-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  // Before the sheet was imported: no set has data, so the page asks for one, then counts nothing.
  await page.getByLabel('Tính đến ngày').fill('01/06/2020');
  await submitFilters(page);
  expect(await page.locator('#err-set').innerText()).toContain('hãy chỉ rõ bộ tiêu chí');
  await page.getByLabel('Bộ tiêu chí').selectOption(SET);
  await submitFilters(page);
  expect(await page.locator('[data-testid="grand-total"] td.total').innerText()).toBe('0');
  expect(await page.locator('tbody tr.empty').innerText()).toContain('Chưa có xã nào có số liệu đến ngày này'); // all hidden: none has data
  await page.getByLabel('Ẩn xã chưa có số liệu').uncheck();
  await submitFilters(page);
  expect(await page.locator(`${tg} td.total`).innerText()).toBe('chưa có số liệu');
  expect(await page.locator('tbody tr.commune.nodata').count()).toBe(18);

  // A date that does not exist is refused next to its field.
  await page.getByLabel('Tính đến ngày').fill('31/02/2021');
  await submitFilters(page);
  expect(await page.locator('#err-asOf').innerText()).toContain('31/02/2021');
  expect(await page.getByLabel('Tính đến ngày').getAttribute('aria-invalid')).toBe('true');
});

it('gives a district office its own district only, and refuses a commune official', async () => {
  const district = await signIn('huyen.vpdp');
  await district.goto('/ui/reports/matrix?asOf=31/12/2020');
  expect(await district.getByLabel('Huyện / tỉnh').locator('option').allInnerTexts()).toEqual(['Huyện Tuần Giáo']);
  expect(await district.locator(`tr.district[data-district="${TUAN_GIAO}"] td.total`).innerText()).toBe('226');
  const province = await district.goto('/ui/reports/matrix?asOf=31/12/2020&scope=dien-bien');
  expect(province?.status()).toBe(403);
  expect(await district.locator('.flash.error').innerText()).toContain('AUTH.');

  const commune = await signIn('xa.quai-cang');
  const r = await commune.goto('/ui/reports/matrix');
  expect(r?.status()).toBe(403);
  expect(await commune.locator('main').innerText()).toContain('Bạn không có quyền xem báo cáo của huyện hoặc tỉnh nào');
});
