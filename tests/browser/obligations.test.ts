/**
 * The periodic-reporting page in real Chromium against the whole engine: the district office finds it
 * in the navigation, sees per period who has and has not reported (late ones first), downloads the
 * Excel file, and reads the plan year's forecast with its reasons — on that page and on the office
 * dashboard (/ui/), will-miss first, names not codes. Screenshots in test-results/screenshots/
 * (obligations.png, obligations-en.png, dashboard-forecast.png).
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { obligationsApp } from '../../app/obligations';
import { startEngine, type RunningApp } from '../support/app';
import { openChromium, SHOTS, type Chromium } from '../support/browser';
import { DISTRICT, monthlyObligation, office, specialist } from '../support/obligations-fixtures';
import { shiftedPlan } from '../support/plans';

jest.setTimeout(300_000);

let engine: RunningApp;
let chrome: Chromium;
const year = new Date().getUTCFullYear();

beforeAll(async () => {
  engine = await startEngine();
  const ob = obligationsApp({ db: engine.t.db, clock: () => new Date(), temporal: engine.env.client, taskQueue: engine.h.taskQueue });
  await ob.create(office, monthlyObligation(year));
  // KT_HT reported January; nobody else reported anything.
  await ob.submit(specialist('KT_HT'), { obligationId: 'tuan-giao.test-progress', periodKey: `${year}-01`, reporter: 'KT_HT', documentRef: 'BC 01/KT-HT' });

  // The plan year and the criteria marks over time of two registered communes.
  // The same plan next year too: its deadlines are ahead whatever the day the test runs.
  for (const y of [year, year + 1]) {
    const plan = shiftedPlan(y);
    await engine.t.db.plan.create({
      data: { id: `${y}:${plan.unitCode}`, year: y, unitCode: plan.unitCode, data: JSON.stringify(plan), createdAt: new Date(), updatedAt: new Date() },
    });
  }
  const marks: [string, string, number][] = [
    ['dien-bien/tuan-giao/quai-cang', `${year - 2}-12-31`, 19],
    ['dien-bien/tuan-giao/quai-nua', `${year - 2}-06-30`, 12],
    ['dien-bien/tuan-giao/quai-nua', `${year - 1}-06-30`, 14],
    // One count only: 10 of 19 (the pace cannot be computed).
    ['dien-bien/tuan-giao/chieng-sinh', `${year - 1}-12-31`, 10],
  ];
  let n = 0;
  for (const [unitCode, asOf, met] of marks) {
    for (let c = 1; c <= 19; c++) {
      await engine.t.db.criteriaMark.create({
        data: {
          id: `m${n++}`,
          unitCode,
          setId: 'commune-ntm-2021-2025',
          criterion: String(c),
          met: c <= met,
          asOf,
          batchId: `import-${asOf}`,
          recordedAt: new Date(),
        },
      });
    }
  }
  // The wider pages (matrix, reports) and their downloads.
  chrome = await openChromium(engine, { viewport: { width: 1400, height: 900 }, acceptDownloads: true });
});

afterAll(async () => {
  await chrome?.close();
  await engine?.close();
});

const signIn = (username: string): Promise<Page> => chrome.signIn(username);

it('shows the district office who has and has not reported, late ones first, the Excel file and the forecast', async () => {
  const page = await signIn('huyen.vpdp');
  await Promise.all([
    page.waitForNavigation(),
    page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: /Báo cáo định kỳ/ })
      .click(),
  ]);
  expect(new URL(page.url()).pathname).toBe('/ui/obligations');
  expect(await page.locator('h1').innerText()).toContain('Báo cáo định kỳ');

  const jan = page.locator(`table[data-period="${year}-01"]`);
  expect(await page.getByTestId(`reported-${year}-01`).innerText()).toBe('1/2');
  const rows = await jan.locator('tbody tr').allInnerTexts();
  expect(rows[0]).toMatch(/Phòng Tài nguyên và Môi trường\s+Chưa nộp · trễ hạn/);
  expect(rows[1]).toMatch(/Phòng Kinh tế - Hạ tầng\s+Đã nộp/);
  expect(rows[1]).toContain('BC 01/KT-HT');

  // The forecast: names, statuses and the reasons in words (numbers Vietnamese style).
  const forecast = page.locator('table.forecast');
  const cang = await forecast.locator('tr[data-unit="dien-bien/tuan-giao/quai-cang"]').innerText();
  expect(cang).toMatch(/Đúng tiến độ/);
  expect(cang).toMatch(/đã đạt 19\/19 tiêu chí/);
  const nua = await forecast.locator('tr[data-unit="dien-bien/tuan-giao/quai-nua"]').innerText();
  expect(nua).toMatch(/cần thêm 5 tiêu chí/);
  await page.screenshot({ path: join(SHOTS, 'obligations.png'), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải Excel' }).click()]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await download.path())!);
  const values = wb.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
  expect(values.some((r) => r.includes('Phòng Tài nguyên và Môi trường') && r.includes('Trễ hạn') && r.includes(`${year}-01`))).toBe(true);

  await page.goto(`/ui/obligations?office=${encodeURIComponent(DISTRICT)}&lang=en`);
  expect(await page.locator('table.forecast').innerText()).toMatch(/On track/);
  await page.screenshot({ path: join(SHOTS, 'obligations-en.png'), fullPage: true });

  // The same as JSON; a commune official may not read the district's dashboard.
  const json = await page.request.get(`/api/obligations/dashboard?office=${encodeURIComponent(DISTRICT)}`);
  expect(json.status()).toBe(200);
  expect((await json.json()).obligations[0].periods.length).toBeGreaterThan(0);
  const commune = await signIn('xa.quai-cang');
  const refused = await commune.request.get(`/api/obligations/dashboard?office=${encodeURIComponent(DISTRICT)}`);
  expect(refused.status()).toBe(403);
});

it('shows the forecast on the office dashboard: will miss first, the reason in words, names not codes', async () => {
  const page = await signIn('huyen.vpdp');
  expect(new URL(page.url()).pathname).toBe('/ui/');
  const section = page.locator('section.forecast');
  await section.scrollIntoViewIfNeeded();
  expect(await section.locator('h2').innerText()).toMatch(/^Dự báo đạt chuẩn của các đơn vị đăng ký/);
  const rows = section.locator('tbody tr');
  const statuses = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status')));
  // Will miss, then at risk, then on track.
  const rank = { will_miss: 0, at_risk: 1, on_track: 2 } as Record<string, number>;
  expect(statuses.map((x) => rank[x!])).toEqual([...statuses.map((x) => rank[x!])].sort());
  const text = await section.innerText();
  expect(text).not.toMatch(/dien-bien\/|on_track|at_risk|will_miss|commune\./);
  const cang = await section.locator('tr[data-unit="dien-bien/tuan-giao/quai-cang"]').innerText();
  expect(cang).toMatch(/^Xã Quài Cang/);
  expect(cang).toMatch(/Đúng tiến độ/);
  expect(cang).toMatch(/đã đạt 19\/19 tiêu chí/);
  const nua = await section.locator('tr[data-unit="dien-bien/tuan-giao/quai-nua"]').innerText();
  expect(nua).toMatch(/14\/19/);
  expect(nua).toMatch(/cần thêm 5 tiêu chí/);
  const sinh = await section.locator('tr[data-unit="dien-bien/tuan-giao/chieng-sinh"]').innerText();
  expect(sinh).toMatch(/Không kịp đạt/);
  expect(sinh).toMatch(/cần thêm 9 tiêu chí/);
  expect(statuses[0]).toBe('will_miss');
  await section.screenshot({ path: join(SHOTS, 'dashboard-forecast.png') });

  // Next year's plan (deadline ahead): all three verdicts, each with its reason.
  await page.goto(`/ui/?planYear=${year + 1}`);
  const next = page.locator('section.forecast');
  const verdicts = await next.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status')));
  expect(new Set(verdicts)).toEqual(new Set(['will_miss', 'at_risk', 'on_track']));
  // Quài Nưa gains 2 a year and needs 5 in under 2 years; Chiềng Sinh has one count; Quài Cang has them all.
  expect(await next.locator('tr[data-unit="dien-bien/tuan-giao/quai-nua"]').innerText()).toMatch(/Không kịp đạt.*tốc độ.*2 tiêu chí\/năm/s);
  const sinhNext = await next.locator('tr[data-unit="dien-bien/tuan-giao/chieng-sinh"]').innerText();
  expect(sinhNext).toMatch(/Có nguy cơ không đạt/);
  expect(sinhNext).toMatch(/chỉ có một lần số liệu \(ngày 31\/12\/\d{4}\), chưa tính được tốc độ/);
  expect(await next.locator('tr[data-unit="dien-bien/tuan-giao/quai-cang"]').innerText()).toMatch(/Đúng tiến độ/);
  await next.screenshot({ path: join(SHOTS, 'dashboard-forecast-next-year.png') });
  await page.screenshot({ path: join(SHOTS, 'dashboard-forecast-page.png'), fullPage: true });

  // A commune official's dashboard has its own commune's forecast only.
  const commune = await signIn('xa.quai-cang');
  const own = await commune.locator('section.forecast tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-unit')));
  expect(own).toEqual(['dien-bien/tuan-giao/quai-cang']);
});
