/**
 * The whole year as an office lives it, in Chromium, in the two-tier world (issue 14): the provincial
 * office starts the 2027 plan's campaign from the plan page (the registered dossiers open); Xã Tuần Giáo
 * finds "Tự đánh giá và trình hồ sơ" in its "what I must do next" panel, fills its checklist page (a bad
 * value refused, nothing written) and submits; Sở Xây dựng reviews its criteria on one page and sends one
 * back; the office returns the dossier for supplementation; the commune resubmits (the review clock stood
 * still meanwhile); the reviews pass; the office approves, puts it to the council, drafts the decision;
 * the chair signs it with its number. Each person sees the item in their panel at their step; a
 * department specialist is refused the plan page. axe-core (WCAG 2 A/AA) on every page; screenshots in
 * test-results/screenshots/year-*.png.
 */
import type { Page } from 'playwright-core';
import { formatVnDate, localDateOf } from '../../domain/calendar';
import { startEngine, type RunningApp } from '../support/app';
import { openChromium, type Chromium } from '../support/browser';
import { eventually } from '../support/eventually';
import { bothWorldsPeople, giveCommuneGroup, soName, TWO_TIER_OFFICIAL } from '../support/two-tier';

jest.setTimeout(600_000);

const YEAR = 2027;
const PLAN_ID = `${YEAR}:dien-bien`;
const COMMUNE = 'dien-bien/xa-tuan-giao';
const DOSSIER = `commune.dat-chuan:${COMMUNE}:${YEAR}`;
const dossierUrl = `/ui/dossiers/${encodeURIComponent(DOSSIER)}`;
const apiDossier = `/api/dossiers/${encodeURIComponent(DOSSIER)}`;
const REVIEWER = 'SO_XD';

let engine: RunningApp;
let chrome: Chromium;

beforeAll(async () => {
  engine = await startEngine({ people: bothWorldsPeople() });
  // The plan registers three communes; the 2026-2030 criteria need each one's group (an office's data).
  for (const code of [COMMUNE, 'dien-bien/xa-quai-to', 'dien-bien/xa-chieng-sinh']) await giveCommuneGroup(engine.t.db, code);
  chrome = await openChromium(engine);
});
afterAll(async () => {
  await chrome?.close();
  await engine?.close();
});

/** The person's panel item for the dossier, once it is there (the projection is written by the worker). */
async function panelItem(page: Page, action: string) {
  const item = page.locator(`[data-testid="next-actions"] li[data-dossier="${DOSSIER}"][data-action="${action}"]`);
  await eventually(
    async () => {
      await page.goto('/ui/');
      return item.count();
    },
    (n) => n === 1,
    120,
    500,
  );
  return item;
}

/** What people read carries no unit codes, no ISO dates or instants. */
async function noCodes(page: Page): Promise<void> {
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(/dien-bien\//);
  expect(text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
}

async function submitAction(page: Page, type: string): Promise<void> {
  await chrome.submitForm(page, page.locator(`form[data-action="${type}"] button[type=submit]`));
}
const stage = (page: Page) => page.getByTestId('stage').innerText();

it('runs the year: plan → open → checklist → submit → review → return → resubmit → council → decision, each step in its person’s panel', async () => {
  // ---- the provincial office: the plan page, the campaign started from it
  const office = await chrome.signIn('tinh.vpdp');
  await office.goto('/ui/plans');
  await chrome.accessible(office, 'plans list');
  await office.goto(`/ui/plans/edit?id=${encodeURIComponent(PLAN_ID)}`);
  await chrome.accessible(office, 'plan 2027');
  await chrome.submitForm(office, office.getByRole('button', { name: 'Bắt đầu chiến dịch' }));
  await office.getByText(/Đã bắt đầu chiến dịch: mở 3 hồ sơ/).waitFor();
  await chrome.shot(office, 'year-plan-campaign');

  // ---- a wrong role: a department specialist may not plan the year
  const builder = await chrome.signIn(soName(REVIEWER));
  const refused = await builder.goto(`/ui/plans/edit?id=${encodeURIComponent(PLAN_ID)}`);
  expect(refused?.status()).toBe(403);
  expect(await builder.getByRole('alert').innerText()).toMatch(/[ĐđKk]hông|quyền/);
  await chrome.shot(builder, 'year-wrong-role');

  // ---- the commune: its panel says what to do, by when, on what basis
  const commune = await chrome.signIn(TWO_TIER_OFFICIAL);
  const todo = await panelItem(commune, 'commune.submitted');
  const todoText = await todo.innerText();
  expect(todoText).toContain('Tự đánh giá và trình hồ sơ');
  expect(todoText).toContain('Xã đạt chuẩn nông thôn mới 2027');
  expect(todoText).toContain('31/08/2027');
  expect(todoText).toMatch(/còn \d+ ngày làm việc/);
  expect(todoText).toMatch(/Căn cứ[^:]*: Kế hoạch năm 2027 mẫu/);
  await chrome.accessible(commune, 'commune dashboard with its panel');
  await noCodes(commune);
  await chrome.shot(commune, 'year-commune-next');

  // The consultation on the dossier page, then the checklist page from the panel's link.
  await commune.goto(dossierUrl);
  const consult = commune.locator('form[data-action="consultation.recorded"]');
  await consult.getByLabel('Số người được lấy ý kiến').fill('430');
  await consult.getByLabel('Tỷ lệ hài lòng (%)').fill('95,2');
  await submitAction(commune, 'consultation.recorded');
  await commune.goto('/ui/');
  await chrome.submitForm(commune, todo.locator('a').first());
  expect(new URL(commune.url()).pathname).toBe(`${dossierUrl}/checklist`);
  const rows = commune.locator('table.checklist tbody tr');
  const total = await rows.count();
  expect(total).toBeGreaterThanOrEqual(10);
  await chrome.accessible(commune, 'checklist');
  for (const r of await rows.all()) await r.locator('input[type=radio][value="true"]').check();
  // One bad value among them (an evidence date that does not exist): refused next to its field, nothing written.
  const first = rows.first();
  const code = await first.getAttribute('data-criterion');
  await first.getByLabel('Số văn bản').fill('18/BC-UBND');
  await first.getByLabel('Ngày').fill('31/02/2027');
  await first.getByLabel('Cơ quan ban hành').fill('UBND xã Tuần Giáo');
  await chrome.submitForm(commune, commune.getByRole('button', { name: 'Lưu bảng tự đánh giá' }));
  expect(await commune.locator(`tr[data-criterion="${code}"] .field-error`).innerText()).toContain(`Tiêu chí ${code}`);
  expect(await commune.getByTestId('checklist-progress').innerText()).toContain(`0/${total}`);
  await chrome.accessible(commune, 'checklist refused');
  await chrome.shot(commune, 'year-checklist-refused');
  await commune.locator(`tr[data-criterion="${code}"]`).getByLabel('Ngày').fill('15/07/2027');
  await chrome.submitForm(commune, commune.getByRole('button', { name: 'Lưu và nộp hồ sơ' }));
  expect(new URL(commune.url()).pathname).toBe(dossierUrl);
  expect(await stage(commune)).toContain('Đang thẩm tra');

  // ---- the departments: Sở Xây dựng on its one-page review, from its panel; the others through the API
  const todayVi = formatVnDate(localDateOf(Date.now()));
  const review = await panelItem(builder, 'criterion.reviewed');
  const reviewText = await review.innerText();
  expect(reviewText).toContain('Thẩm định các tiêu chí của Sở Xây dựng');
  expect(reviewText).toContain('còn 45 ngày làm việc');
  expect(reviewText).toContain(`Thời hạn 45 ngày làm việc kể từ ngày nhận hồ sơ ${todayVi}`);
  await chrome.accessible(builder, 'department dashboard with its panel');
  await chrome.shot(builder, 'year-department-next');
  const status = (await (await builder.request.get(apiDossier)).json()) as { status: { pendingReviews: { criterion: string; department: string }[] } };
  const byDept = new Map<string, string[]>();
  for (const s of status.status.pendingReviews) byDept.set(s.department, [...(byDept.get(s.department) ?? []), s.criterion]);
  const mine = byDept.get(REVIEWER) ?? [];
  expect(mine.length).toBeGreaterThan(0);
  const returned = mine[0]!;
  for (const [dept, criteria] of byDept) {
    if (dept === REVIEWER) continue;
    const p = await chrome.signIn(soName(dept));
    const r = await p.request.post(`${apiDossier}/actions`, {
      data: { type: 'review.batch', entries: criteria.map((criterion) => ({ criterion, verdict: 'met' })) },
    });
    expect(r.status()).toBe(200);
  }
  await chrome.submitForm(builder, review.locator('a').first());
  expect(new URL(builder.url()).pathname).toBe(`${dossierUrl}/review`);
  await chrome.accessible(builder, 'review page');
  const reviewRows = builder.locator('table.checklist tbody tr');
  for (const r of await reviewRows.all()) await r.locator('input[type=radio][value="met"]').check();
  const back = builder.locator(`tr[data-criterion="${returned}"]`);
  await back.locator('input[type=radio][value="needs_supplement"]').check();
  await back.locator('textarea').fill('Thiếu hồ sơ nghiệm thu công trình nhà văn hóa xã');
  await chrome.shot(builder, 'year-review-page');
  await chrome.submitForm(builder, builder.getByRole('button', { name: /Gửi kết quả/ }));
  expect(new URL(builder.url()).pathname).toBe(dossierUrl);

  // ---- the office returns it for supplementation, from its panel
  const toReturn = await panelItem(office, 'level.returned');
  expect(await toReturn.innerText()).toContain('Trả hồ sơ để xã bổ sung');
  await chrome.shot(office, 'year-office-next-return');
  await office.goto(dossierUrl);
  const ret = office.locator('form[data-action="level.returned"]');
  expect(await ret.locator('input[name="reasonText"]').first().inputValue()).toBe('Thiếu hồ sơ nghiệm thu công trình nhà văn hóa xã');
  await submitAction(office, 'level.returned');
  expect(await stage(office)).toContain('Trả lại để bổ sung');

  // ---- the commune: "Bổ sung hồ sơ theo yêu cầu", the review clock standing still
  const supplement = await panelItem(commune, 'commune.resubmitted');
  const supplementText = await supplement.innerText();
  expect(supplementText).toContain('Bổ sung hồ sơ theo yêu cầu');
  expect(supplementText).toMatch(new RegExp(`\\(tiêu chí[^)]* ${returned}\\)`));
  expect(supplementText).toContain(`Thời hạn thẩm định tạm dừng từ ${todayVi}`);
  await chrome.accessible(commune, 'commune panel while returned');
  await noCodes(commune);
  await chrome.shot(commune, 'year-commune-supplement');
  await commune.goto(dossierUrl);
  await submitAction(commune, 'commune.resubmitted');
  expect(await stage(commune)).toContain('Đang thẩm tra');

  // ---- Sở Xây dựng: only the criterion it sent back, now met
  const again = await panelItem(builder, 'criterion.reviewed');
  expect(await again.innerText()).toMatch(new RegExp(`\\(tiêu chí[^)]* ${returned}\\)`));
  await chrome.submitForm(builder, again.locator('a').first());
  await builder.locator(`tr[data-criterion="${returned}"] input[type=radio][value="met"]`).check();
  await chrome.submitForm(builder, builder.getByRole('button', { name: /Gửi kết quả/ }));

  // ---- the office: approve, the council, the draft decision — each from its panel
  const approve = await panelItem(office, 'level.approved');
  expect(await approve.innerText()).toContain('Thông qua kết quả thẩm định');
  await office.goto(dossierUrl);
  await submitAction(office, 'level.approved');
  const council = await panelItem(office, 'council.voted');
  expect(await council.innerText()).toContain('Trình Hội đồng');
  await chrome.accessible(office, 'office panel: council');
  await chrome.shot(office, 'year-office-next-council');
  await office.goto(dossierUrl);
  const vote = office.locator('form[data-action="council.voted"]');
  await vote.getByLabel('Thành viên hội đồng (mỗi dòng một người)').fill(Array.from({ length: 15 }, (_, i) => `Thành viên ${i + 1}`).join('\n'));
  await vote.getByLabel(/^Tán thành/).fill('15');
  await submitAction(office, 'council.voted');
  await panelItem(office, 'decision.drafted');
  await office.goto(dossierUrl);
  const draft = office.locator('form[data-action="decision.drafted"]');
  await draft.getByLabel('Số quyết định').fill('2105/QĐ-UBND');
  await draft.getByLabel('Ngày ký').fill(todayVi);
  await draft.getByLabel('Người ký').fill('Chủ tịch UBND tỉnh Điện Biên');
  await submitAction(office, 'decision.drafted');
  expect(await stage(office)).toContain('Dự thảo quyết định');

  // ---- the chair signs the numbered decision
  const chair = await chrome.signIn('tinh.chutich');
  const sign = await panelItem(chair, 'level.decided');
  expect(await sign.innerText()).toContain('Ký quyết định');
  await chrome.accessible(chair, 'chair panel');
  await chrome.shot(chair, 'year-chair-next');
  await chair.goto(dossierUrl);
  expect(await chair.locator('form[data-action="level.decided"]').getByLabel('Số quyết định').inputValue()).toBe('2105/QĐ-UBND');
  await submitAction(chair, 'level.decided');
  expect(await stage(chair)).toContain('Đã công nhận');
  expect(await chair.getByTestId('decision').innerText()).toContain(`2105/QĐ-UBND ngày ${todayVi}`);
  // The reminders sent name people and their kind in words, never usernames or codes.
  const sent = await chair.locator('#reminders').innerText();
  expect(sent).toContain('trả hồ sơ');
  expect(sent).toContain('Lò Thị Mai (xã Tuần Giáo)');
  expect(sent).not.toMatch(/xa2\.|so\.so-|tinh\.vpdp|\t(returned|voted|decided)\t/);
  await chrome.accessible(chair, 'dossier recognised');
  await noCodes(chair);
  await chrome.shot(chair, 'year-recognised');

  // Nothing is left for anyone on this dossier.
  for (const p of [commune, builder, office, chair]) {
    await p.goto('/ui/');
    expect(await p.locator(`[data-testid="next-actions"] li[data-dossier="${DOSSIER}"]`).count()).toBe(0);
  }
});
