/**
 * The web UI in real Chromium (Debian's, through playwright-core) against the whole engine: Temporal dev
 * server, worker, SQLite, the HTTP app. People sign in with real passwords and take the key steps through
 * the pages; the many per-criterion steps go through the JSON API with the same session cookie.
 * Screenshots of the main pages are kept in test-results/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { chromiumLaunchOptions, ensureChromium } from '../../infra/browser';
import { COMMUNE, PASSWORD, specialistName, startEngine, type RunningApp } from '../support/app';
import { getCriteriaSet, reviewAssignments } from '../../domain/criteria';

const SHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');
const DOSSIER = `commune.dat-chuan:${COMMUNE}:2024`;
const dossierUrl = `/ui/dossiers/${encodeURIComponent(DOSSIER)}`;
const apiActions = `/api/dossiers/${encodeURIComponent(DOSSIER)}/actions`;

jest.setTimeout(300_000);

let engine: RunningApp;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const [e, executable] = await Promise.all([startEngine(), ensureChromium()]);
  engine = e;
  browser = await chromium.launch(chromiumLaunchOptions(executable));
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await engine?.close();
});

/** A person at their own browser: opens the site, is sent to the sign-in page, signs in. */
async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: engine.baseUrl,
    viewport: { width: 1280, height: 900 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto('/');
  expect(new URL(page.url()).pathname).toBe('/ui/sign-in');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL('**/ui/');
  return page;
}

async function openDossier(page: Page): Promise<void> {
  await page.goto(dossierUrl);
  await see(page.locator('h1'), 'Quài Cang');
}

const stage = (page: Page) => page.getByTestId('stage').innerText();
/** The element appears (auto-waiting) and its text contains `text`. */
async function see(locator: Locator, text: string): Promise<void> {
  expect(await locator.innerText()).toContain(text);
}

/** Clicks the submit button of one action form (by its command type) and waits for the page to come back. */
async function submitAction(page: Page, type: string): Promise<void> {
  const form = page.locator(`form[data-action="${type}"]`);
  await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), form.locator('button[type=submit]').click()]);
}

async function act(page: Page, command: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = await page.request.post(apiActions, { data: command });
  const body = (await r.json()) as Record<string, unknown>;
  if (r.status() !== 200) throw new Error(`${String(command.type)} → ${r.status()} ${JSON.stringify(body)}`);
  return body;
}

it('takes a commune dossier from self-assessment to the provincial decision through the web UI, and the audit page shows every step in order', async () => {
  const set = getCriteriaSet('commune-ntm-2021-2025');
  if (!set.ok) throw new Error(set.error.messageEn);
  const criteria = set.value.criteria.map((c) => c.code);

  // The district office opens the 2024 dossier of Quài Cang (through the API, as the UI has no start form).
  const district = await signIn('huyen.vpdp');
  const opened = await district.request.post('/api/dossiers', { data: { unitCode: COMMUNE, title: 'commune.dat-chuan', planYear: 2024 } });
  expect(opened.status()).toBe(201);

  // The commune official signs in and finds the dossier on the dashboard, marked late (2024 deadlines have passed).
  const commune = await signIn('xa.quai-cang');
  await commune.locator(`tr[data-dossier="${DOSSIER}"]`).waitFor();
  await commune.locator(`tr[data-dossier="${DOSSIER}"]`).getByRole('link', { name: 'Quài Cang' }).click();
  await expect(stage(commune)).resolves.toContain('Xã tự đánh giá');
  // Only the commune's own actions are offered: no review, return or decision forms.
  expect(await commune.locator('form.action').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-action')))).toEqual([
    'self_assessment.recorded',
    'consultation.recorded',
  ]);
  await see(commune.locator('.action.blocked[data-action="commune.submitted"]'), 'Chưa tự đánh giá tiêu chí');

  // Criterion 1 through the form, with its evidence; a bad date is refused next to its field, in Vietnamese.
  const sa = commune.locator('form[data-action="self_assessment.recorded"]');
  await sa.getByLabel('Tiêu chí').selectOption('1');
  await sa.getByLabel('Nhận xét').fill('Đã có quy hoạch chung xây dựng xã được phê duyệt');
  await sa.getByLabel('Số văn bản').fill('112/QĐ-UBND');
  await sa.getByLabel('Ngày').fill('31/02/2024');
  await sa.getByLabel('Cơ quan ban hành').fill('UBND huyện Tuần Giáo');
  await submitAction(commune, 'self_assessment.recorded');
  await see(commune.locator('form[data-action="self_assessment.recorded"] .field-error'), '31/02/2024');
  await commune.screenshot({ path: join(SHOTS, 'dossier-form-error.png'), fullPage: false });
  await commune.locator('form[data-action="self_assessment.recorded"]').getByLabel('Ngày').fill('15/03/2024');
  await submitAction(commune, 'self_assessment.recorded');
  await see(commune.locator('.flash.ok'), 'Đã ghi nhận');
  await see(commune.locator('#criterion-1'), '112/QĐ-UBND');
  await see(commune.locator('#criterion-1'), 'Lò Văn Minh');

  // The other 18 criteria through the JSON API with the same session cookie.
  for (const c of criteria.slice(1)) {
    await act(commune, { type: 'self_assessment.recorded', criterion: c, met: true, indicatorValues: {}, evidence: [], comment: `Tự đánh giá tiêu chí ${c}` });
  }
  // The consultation through its form: an empty count is refused, "96,4" is read as 96.4 %.
  await commune.reload();
  const consult = commune.locator('form[data-action="consultation.recorded"]');
  await consult.getByLabel('Tỷ lệ hài lòng (%)').fill('96,4');
  await submitAction(commune, 'consultation.recorded');
  await commune.locator('form[data-action="consultation.recorded"] .field-error').waitFor();
  await commune.locator('form[data-action="consultation.recorded"]').getByLabel('Số người được lấy ý kiến').fill('512');
  await submitAction(commune, 'consultation.recorded');
  await commune.locator('.flash.ok').waitFor();

  // Submit through the UI.
  const submit = commune.locator('form[data-action="commune.submitted"]');
  await submit.getByLabel('Số văn bản').fill('45/TTr-UBND');
  await submit.getByLabel('Ngày').fill('06/09/2024');
  await submit.getByLabel('Cơ quan ban hành').fill('UBND xã Quài Cang');
  await submitAction(commune, 'commune.submitted');
  await expect(stage(commune)).resolves.toContain('Đang thẩm tra');
  await commune.getByTestId('no-actions').waitFor();

  // District departments review the criteria they own (API), except environment (17), reviewed in the UI.
  const slots = reviewAssignments(set.value).filter((s) => s.criterion !== '17');
  const specialists = new Map<string, Page>();
  for (const s of slots) {
    let p = specialists.get(s.department);
    if (!p) {
      p = await signIn(specialistName(s.department));
      specialists.set(s.department, p);
    }
    await act(p, { type: 'criterion.reviewed', criterion: s.criterion, verdict: 'met', documents: [] });
  }
  const env = await signIn(specialistName('TN_MT'));
  await openDossier(env);
  const review = env.locator('form[data-action="criterion.reviewed"]');
  // Only the criterion this department owns is offered for review.
  expect(
    await review
      .getByLabel('Tiêu chí')
      .locator('option')
      .evaluateAll((os) => os.map((o) => o.getAttribute('value'))),
  ).toEqual(['17']);
  await review.getByLabel('Cần bổ sung').check();
  await review.getByLabel('Nhận xét').fill('Thiếu kết quả quan trắc nước thải');
  await submitAction(env, 'criterion.reviewed');
  await see(env.locator('#criterion-17'), 'Cần bổ sung');

  // The district office returns the dossier for criterion 17 (the reason comes prefilled from the review).
  await openDossier(district);
  await district.locator('.action.blocked[data-action="level.approved"]').waitFor();
  const ret = district.locator('form[data-action="level.returned"]');
  expect(await ret.locator('input[name="reasonText"]').first().inputValue()).toBe('Thiếu kết quả quan trắc nước thải');
  await submitAction(district, 'level.returned');
  await expect(stage(district)).resolves.toContain('Trả lại để bổ sung');
  await district.goto('/ui/');
  await district.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });

  // The commune sees the return and resubmits.
  await commune.goto('/ui/inbox');
  await see(commune.locator('table.tasks'), 'Nộp lại hồ sơ sau bổ sung');
  await commune.screenshot({ path: join(SHOTS, 'inbox.png'), fullPage: true });
  await openDossier(commune);
  await see(commune.locator('.flash.warn'), 'Thiếu kết quả quan trắc nước thải');
  await commune.screenshot({ path: join(SHOTS, 'dossier-returned.png'), fullPage: true });
  await submitAction(commune, 'commune.resubmitted');
  await expect(stage(commune)).resolves.toContain('Đang thẩm tra');

  // Environment is met now; the district approves and forwards to the province.
  await openDossier(env);
  await env.locator('form[data-action="criterion.reviewed"]').getByRole('radio', { name: /^Đạt/ }).check();
  await submitAction(env, 'criterion.reviewed');
  await openDossier(district);
  await see(district.locator('dl.grid'), '19/19');
  await submitAction(district, 'level.approved');
  await expect(stage(district)).resolves.toContain('Cấp thẩm tra đã thông qua');
  const fwd = district.locator('form[data-action="level.forwarded"]');
  await fwd.getByLabel('Số văn bản').fill('210/TTr-UBND');
  await fwd.getByLabel('Ngày').fill('20/10/2024');
  await fwd.getByLabel('Cơ quan ban hành').fill('UBND huyện Tuần Giáo');
  await submitAction(district, 'level.forwarded');
  await expect(stage(district)).resolves.toContain('Đang thẩm tra');
  await district.getByTestId('no-actions').waitFor();

  // The province approves, records the council's vote, drafts the decision.
  const province = await signIn('tinh.vpdp');
  await openDossier(province);
  await submitAction(province, 'level.approved');
  const vote = province.locator('form[data-action="council.voted"]');
  await vote.getByLabel('Thành viên hội đồng (mỗi dòng một người)').fill(Array.from({ length: 25 }, (_, i) => `Thành viên ${i + 1}`).join('\n'));
  await vote.getByLabel(/^Tán thành/).fill('25');
  await submitAction(province, 'council.voted');
  await see(province.locator('dl.grid'), '25/25');
  const draft = province.locator('form[data-action="decision.drafted"]');
  await draft.getByLabel('Số quyết định').fill('1358/QĐ-UBND');
  await draft.getByLabel('Ngày ký').fill('29/11/2024');
  await draft.getByLabel('Người ký').fill('Chủ tịch UBND tỉnh Điện Biên');
  await submitAction(province, 'decision.drafted');
  await expect(stage(province)).resolves.toContain('Dự thảo quyết định');

  // The chair signs: the form comes filled from the draft.
  const chair = await signIn('tinh.chutich');
  await openDossier(chair);
  expect(await chair.locator('form[data-action="level.decided"]').getByLabel('Số quyết định').inputValue()).toBe('1358/QĐ-UBND');
  await submitAction(chair, 'level.decided');
  await expect(stage(chair)).resolves.toContain('Đã công nhận');
  await see(chair.getByTestId('decision'), '1358/QĐ-UBND ngày 29/11/2024');
  await chair.screenshot({ path: join(SHOTS, 'dossier-recognised.png'), fullPage: true });

  // The audit trail page shows every step, in order, each by the person who took it.
  const expected = [
    'dossier.started',
    'self_assessment.recorded',
    'consultation.recorded',
    'commune.submitted',
    'criterion.reviewed',
    'level.returned',
    'commune.resubmitted',
    'criterion.reviewed',
    'level.approved',
    'level.forwarded',
    'level.approved',
    'council.voted',
    'decision.drafted',
    'level.decided',
  ];
  await chair.goto(`${dossierUrl}/audit`);
  let actions: string[] = [];
  for (let i = 0; i < 50; i++) {
    actions = await chair.locator('table.audit tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action') ?? ''));
    if (actions.at(-1) === 'level.decided') break;
    await new Promise((r) => setTimeout(r, 200));
    await chair.reload();
  }
  const steps = actions.filter((a) => a !== 'deadline.expired' && a !== 'criteria.verified');
  const collapsed = steps.filter((a, i) => !(a === steps[i - 1] && (a === 'self_assessment.recorded' || a === 'criterion.reviewed')));
  expect(collapsed).toEqual(expected);
  expect(steps.filter((a) => a === 'self_assessment.recorded')).toHaveLength(19);
  expect(steps.filter((a) => a === 'criterion.reviewed')).toHaveLength(slots.length + 2);
  const decided = chair.locator('table.audit tr[data-action="level.decided"]');
  await see(decided, 'Chủ tịch UBND tỉnh Điện Biên');
  await see(chair.locator('table.audit tr[data-action="level.returned"]'), 'Nguyễn Văn An');
  await see(chair.locator('table.audit tr[data-action="level.returned"]'), '17: Thiếu kết quả quan trắc nước thải');
  await chair.screenshot({ path: join(SHOTS, 'audit.png'), fullPage: true });

  // English on request; the Vietnamese stays as the gloss.
  await chair.goto(`${dossierUrl}?lang=en`);
  await see(chair.locator('h1'), 'Dossier Quài Cang');
  await expect(stage(chair)).resolves.toContain('Recognised');
});

it('sends a person who is not signed in to the sign-in page and refuses a wrong password with a bilingual message', async () => {
  const context = await browser.newContext({ baseURL: engine.baseUrl });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(dossierUrl);
  expect(new URL(page.url()).pathname).toBe('/ui/sign-in');
  await page.getByLabel('Tên đăng nhập').fill('xa.quai-cang');
  await page.getByLabel('Mật khẩu').fill('not-the-password');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await see(page.getByRole('alert'), 'Wrong username or password');
  await page.screenshot({ path: join(SHOTS, 'sign-in-refused.png') });
});
