/**
 * Issue 13 on the dev server, through the HTTP API only: Quài Cang's 2024 dossier is opened, assessed,
 * submitted, reviewed, returned for criterion 17, resubmitted, approved, forwarded, voted on and decided
 * (1234/QĐ-UBND). Then the audit trail (API and page) and the timeline say what happened in words:
 * verdicts, reasons, the vote, the decision's number, date and signer, documents, people by name with
 * role, department and unit.
 */
import { calendarDaysBetween, formatVnDate, localDateOf, vietnamHolidayCalendar, workingDaysBetween, type LocalDate } from '../../domain/calendar';
import type { CriteriaMatrix } from '../../domain/reports';
import type { DossierStatus } from '../../domain/dossier';
import { COMMUNE, PASSWORD, startEngine, type RunningApp } from '../support/app';
import { eventually } from '../support/eventually';

jest.setTimeout(600_000);

const DOSSIER = `commune.dat-chuan:${COMMUNE}:2024`;
const enc = encodeURIComponent(DOSSIER);
const DECISION = '1234/QĐ-UBND';
const USERS = ['xa.quai-cang', 'huyen.vpdp', 'tinh.vpdp', 'tinh.chutich'];

let engine: RunningApp;
const tokens: Record<string, string> = {};

async function signIn(u: string): Promise<string> {
  tokens[u] ??= (
    (await engine.app.inject({ method: 'POST', url: '/api/session', payload: { username: u, password: PASSWORD } })).json() as { token: string }
  ).token;
  return tokens[u];
}

async function call<T = Record<string, unknown>>(
  user: string,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
): Promise<{ status: number; body: T; text: string }> {
  const r = await engine.app.inject({ method, url, payload: payload as never, headers: { authorization: `Bearer ${await signIn(user)}` } });
  return { status: r.statusCode, body: (r.headers['content-type']?.toString().includes('json') ? r.json() : {}) as T, text: r.payload };
}

async function act(user: string, command: Record<string, unknown>): Promise<DossierStatus> {
  const r = await call<DossierStatus>(user, 'POST', `/api/dossiers/${enc}/actions`, command);
  if (r.status !== 200) throw new Error(`${user} ${String(command.type)}: ${r.status} ${r.text}`);
  return r.body;
}

const specialistOf = (department: string) => `cv.${department.toLowerCase().replace(/_/g, '-')}`;

/** Every pending review 'met', except the criteria in `verdicts`. */
async function reviewAll(s: DossierStatus, verdicts: Record<string, string> = {}): Promise<DossierStatus> {
  let last = s;
  for (const slot of s.pendingReviews) {
    last = await act(specialistOf(slot.department), {
      type: 'criterion.reviewed',
      criterion: slot.criterion,
      verdict: verdicts[slot.criterion] ?? 'met',
      comment: verdicts[slot.criterion] ? 'Thiếu kết quả quan trắc nước thải' : undefined,
      documents: [],
    });
  }
  return last;
}

/** The whole flow, through the API, as the offices would. */
export async function driveQuaiCang(): Promise<void> {
  const opened = await call('huyen.vpdp', 'POST', '/api/dossiers', { unitCode: COMMUNE, title: 'commune.dat-chuan', planYear: 2024 });
  expect(opened.status).toBe(201);
  const criteria = Array.from({ length: 19 }, (_, i) => String(i + 1));
  await act('xa.quai-cang', {
    type: 'self_assessment.batch',
    entries: criteria.map((c) => ({
      criterion: c,
      met: true,
      evidence: c === '1' ? [{ number: '112/QĐ-UBND', date: '2024-03-15', issuer: 'UBND huyện Tuần Giáo' }] : [],
    })),
  });
  await act('xa.quai-cang', { type: 'consultation.recorded', participants: 512, satisfactionPct: 96.4, evidence: [] });
  let s = await act('xa.quai-cang', {
    type: 'commune.submitted',
    documents: [{ number: '45/TTr-UBND', date: '2024-09-06', issuer: 'UBND xã Quài Cang', title: 'Tờ trình đề nghị thẩm tra' }],
  });
  await reviewAll(s, { '17': 'needs_supplement' });
  await act('huyen.vpdp', { type: 'level.returned', reasons: [{ criterion: '17', reason: 'Thiếu kết quả quan trắc nước thải' }], documents: [] });
  s = await act('xa.quai-cang', { type: 'commune.resubmitted', documents: [], comment: 'Đã bổ sung kết quả quan trắc' });
  for (;;) {
    s = await reviewAll(s);
    const office = s.level === 'district' ? 'huyen.vpdp' : 'tinh.vpdp';
    s = await act(office, { type: 'level.approved', documents: [] });
    if (s.awaiting[0]?.action !== 'level.forwarded') break;
    s = await act(office, { type: 'level.forwarded', documents: [] });
  }
  const members = Array.from({ length: 25 }, (_, i) => ({ id: `hd-${i + 1}`, name: `Thành viên ${i + 1}` }));
  await act('tinh.vpdp', { type: 'council.voted', members, inFavour: 25, against: 0, abstained: 0, documents: [] });
  const decision = { number: DECISION, date: '2024-11-29', signer: 'Chủ tịch UBND tỉnh Điện Biên', outcome: 'recognised', reasons: [] };
  await act('tinh.vpdp', { type: 'decision.drafted', ...decision });
  s = await act('tinh.chutich', {
    type: 'level.decided',
    ...decision,
    documents: [{ number: DECISION, date: '2024-11-29', issuer: 'UBND tỉnh Điện Biên', title: 'Quyết định công nhận xã đạt chuẩn NTM' }],
  });
  expect(s.stage).toBe('recognised');
}

beforeAll(async () => {
  engine = await startEngine();
  for (const u of USERS) await signIn(u);
  await driveQuaiCang();
}, 600_000);

afterAll(async () => {
  await engine?.close();
});

interface View {
  seq: number;
  action: string;
  hash: string;
  atVn: string;
  actor: { id: string; name: string; roleLabel: { vi: string }; department: { code: string; name: { vi: string } } | null; unit: { name: string } | null };
  onBehalf: { name: string } | null;
  verdicts: { criterion: string; verdict: string; label: { vi: string } }[];
  selfAssessment: { criterion: string; met: boolean }[];
  reasons: { criterion: string | null; reason: string }[];
  vote: { inFavour: number; against: number; abstained: number; members: string[]; summary: { vi: string } } | null;
  decision: { number: string; date: string; signer: string; outcomeLabel: { vi: string } | null } | null;
  verification: { metCount: number; total: number } | null;
  documentRefs: { number: string | null; date: string | null; issuer: string | null; sha256: string | null }[];
}

async function trail(): Promise<View[]> {
  const r = await eventually(
    () => call<{ items: View[] }>('tinh.chutich', 'GET', `/api/dossiers/${enc}/audit?pageSize=500`),
    (x) => (x.body.items ?? []).some((i) => i.action === 'level.decided'),
    150,
    200,
  );
  expect(r.status).toBe(200);
  return r.body.items;
}

describe('the audit trail says what was decided', () => {
  it('API: verdicts, the return’s reasons, the vote, the decision, documents, people by name, role, department and unit', async () => {
    const items = await trail();
    const one = (action: string) => items.filter((i) => i.action === action);

    const sa = one('self_assessment.batch')[0]!;
    expect(sa.actor).toMatchObject({
      name: 'Lò Văn Minh (xã Quài Cang)',
      roleLabel: { vi: expect.any(String) },
      unit: { name: expect.stringContaining('Quài Cang') },
    });
    expect(sa.selfAssessment).toHaveLength(19);
    expect(sa.documentRefs).toContainEqual(expect.objectContaining({ number: '112/QĐ-UBND', date: '15/03/2024', issuer: 'UBND huyện Tuần Giáo' }));

    const env = one('criterion.reviewed').find((i) => i.verdicts[0]?.criterion === '17')!;
    expect(env.verdicts).toEqual([
      expect.objectContaining({ criterion: '17', verdict: 'needs_supplement', label: { vi: 'Cần bổ sung', en: 'Needs supplement' } }),
    ]);
    expect(env.actor.department).toMatchObject({ code: 'TN_MT', name: { vi: expect.stringContaining('Tài nguyên') } });
    expect(env.actor.name).toBe('Chuyên viên ' + env.actor.department!.name.vi);

    const returned = one('level.returned')[0]!;
    expect(returned.reasons).toEqual([{ criterion: '17', reason: 'Thiếu kết quả quan trắc nước thải' }]);
    expect(returned.actor.name).toBe('Nguyễn Văn An (VPĐP huyện Tuần Giáo)');

    const vote = one('council.voted')[0]!;
    expect(vote.vote).toMatchObject({ inFavour: 25, against: 0, abstained: 0 });
    expect(vote.vote!.members).toHaveLength(25);
    expect(vote.vote!.summary.vi).toBe('25/25 thành viên tán thành, 0 không tán thành, 0 không ý kiến');

    const decided = one('level.decided')[0]!;
    expect(decided.decision).toEqual({
      number: DECISION,
      date: '29/11/2024',
      signer: 'Chủ tịch UBND tỉnh Điện Biên',
      outcome: 'recognised',
      outcomeLabel: { vi: 'Công nhận', en: 'Recognised' },
      stars: null,
    });
    expect(decided.actor.name).toBe('Chủ tịch UBND tỉnh Điện Biên');
    expect(decided.documentRefs).toEqual([expect.objectContaining({ number: DECISION, date: '29/11/2024', issuer: 'UBND tỉnh Điện Biên', sha256: null })]);

    const verified = one('criteria.verified').at(-1)!;
    expect(verified.verification).toMatchObject({ metCount: 19, total: 19 });
    expect(verified.actor.name).toBe('Hệ thống');
    // Every record names its person (never the bare id of a user) and carries its time as dd/mm/yyyy HH:mm.
    for (const i of items) {
      expect(i.atVn).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
      expect(i.actor.name).not.toBe(i.actor.id);
    }
  });

  it('page: the same facts, in Vietnamese, in the rows of the audit table', async () => {
    await trail();
    const page = await call('tinh.chutich', 'GET', `/ui/dossiers/${enc}/audit`);
    expect(page.status).toBe(200);
    const row = (action: string) => {
      const rows = [...page.text.matchAll(new RegExp(`<tr data-action="${action.replace('.', '\\.')}"[\\s\\S]*?</tr>`, 'g'))].map((m) =>
        m[0].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '),
      );
      expect(rows.length).toBeGreaterThan(0);
      return rows.join(' | ');
    };
    expect(row('level.decided')).toMatch(new RegExp(`Quyết định số (Decision no\\. )?${DECISION}`));
    expect(row('level.decided')).toMatch(/ngày (of )?29\/11\/2024/);
    expect(row('level.decided')).toContain('Chủ tịch UBND tỉnh Điện Biên');
    expect(row('level.decided')).toContain('Công nhận');
    expect(row('council.voted')).toContain('25/25 thành viên tán thành, 0 không tán thành, 0 không ý kiến');
    expect(row('council.voted')).toContain('Thành viên 25');
    expect(row('level.returned')).toContain('17: Thiếu kết quả quan trắc nước thải');
    expect(row('level.returned')).toContain('Nguyễn Văn An (VPĐP huyện Tuần Giáo)');
    expect(row('criterion.reviewed')).toContain('Cần bổ sung');
    expect(row('criterion.reviewed')).toMatch(/Chuyên viên Phòng Tài nguyên/);
    expect(row('criteria.verified')).toContain('19/19 tiêu chí đạt');
    expect(row('commune.submitted')).toContain('45/TTr-UBND');
  });

  it('timeline: each entry names the person and says the action and stages in words', async () => {
    const r = await call<{
      items: { type: string; actorId: string; actorName: string; typeLabel: { vi: string }; toStageLabel: { vi: string }; atVn: string }[];
    }>('xa.quai-cang', 'GET', `/api/dossiers/${enc}/timeline?pageSize=100`);
    expect(r.status).toBe(200);
    const decided = r.body.items.find((i) => i.type === 'level.decided')!;
    expect(decided).toMatchObject({ actorName: 'Chủ tịch UBND tỉnh Điện Biên', toStageLabel: { vi: 'Đã công nhận' } });
    expect(decided.atVn).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    const returned = r.body.items.find((i) => i.type === 'level.returned')!;
    expect(returned.actorName).toBe('Nguyễn Văn An (VPĐP huyện Tuần Giáo)');
    expect(returned.typeLabel.vi).toMatch(/^Trả/);
  });
});

describe('the dossier as of a date', () => {
  const today = () => formatVnDate(localDateOf(Date.now()));

  it('API: as it stood at the end of today (rebuilt from the events) equals the dossier now; before it was opened 404; a bad date 400 naming asOf', async () => {
    await trail();
    const now = await call<{ status: DossierStatus }>('huyen.vpdp', 'GET', `/api/dossiers/${enc}`);
    const past = await call<{ status: DossierStatus; asOf: string; applied: number }>('huyen.vpdp', 'GET', `/api/dossiers/${enc}?asOf=${today()}`);
    expect(past.status).toBe(200);
    expect(past.body.asOf).toBe(localDateOf(Date.now()));
    expect(past.body.status).toMatchObject({
      stage: 'recognised',
      decision: { number: DECISION },
      vote: { inFavour: 25, members: 25 },
      seq: now.body.status.seq,
    });
    expect(past.body.applied).toBe(now.body.status.seq);
    const before = await call<{ error: { code: string; path: string; messageVi: string; messageEn: string } }>(
      'huyen.vpdp',
      'GET',
      `/api/dossiers/${enc}?asOf=01/01/2024`,
    );
    expect(before.status).toBe(404);
    expect(before.body.error).toMatchObject({ code: 'DOSSIER.NOT_YET_OPENED', path: 'asOf' });
    expect(before.body.error.messageVi).toContain('01/01/2024');
    const bad = await call<{ error: { path: string } }>('huyen.vpdp', 'GET', `/api/dossiers/${enc}?asOf=31/02/2024`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.path).toBe('querystring.asOf');
    expect((await call('xa.quai-nua', 'GET', `/api/dossiers/${enc}?asOf=${today()}`)).status).toBe(403);
  });

  it('page: says which day it shows, offers no actions, and refuses a bad date (400) naming asOf', async () => {
    const page = await call('tinh.chutich', 'GET', `/ui/dossiers/${enc}?asOf=${today()}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Hồ sơ như tại cuối ngày ${today()}`);
    expect(page.text).toContain('Đã công nhận');
    expect(page.text).toContain('data-testid="as-of"');
    expect(page.text).not.toMatch(/<form[^>]*class="action /);
    // Today's page offers the date instead.
    expect((await call('tinh.chutich', 'GET', `/ui/dossiers/${enc}`)).text).toContain('<form class="as-of"');
    const bad = await call('tinh.chutich', 'GET', `/ui/dossiers/${enc}?asOf=31/02/2024`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('asOf');
  });
});

describe('issue 13 done: the matrix and the mails after the flow', () => {
  const COMMUNE_MAIL = 'xa.quai-cang@test.ntm.local';
  const mails = () => engine.h.smtp.messages;

  it('the criteria matrix shows Quài Cang’s 19 marks from the dossier, each with its origin', async () => {
    await trail();
    // As of the end of the decision's year (the commune and its district exist then; since 1/7/2025 the
    // two-tier units replace them): the decision dated 29/11/2024 counts from that date.
    const r = await call<CriteriaMatrix>('huyen.vpdp', 'GET', `/api/reports/matrix?asOf=31/12/2024&set=commune-ntm-2021-2025`);
    expect(r.status).toBe(200);
    const row = r.body.districts.flatMap((d) => d.communes).find((c) => c.code === COMMUNE)!;
    expect(row).toMatchObject({ name: expect.stringContaining('Quài Cang'), hasData: true, total: 19 });
    expect(row.marks).toEqual(Array(19).fill(true));
    expect(row.origins).toHaveLength(19);
    for (const o of row.origins!) expect(o).toMatchObject({ source: 'decision', dossierId: DOSSIER, document: expect.stringContaining(DECISION) });
  });

  it('the commune got a mail on the return (every reason) and on the decision (its number), each once', async () => {
    await eventually(
      async () => mails().filter((m) => m.to.includes(COMMUNE_MAIL) && m.headers['x-ntm-kind'] === 'decided').length,
      (n) => n === 1,
      100,
      200,
    );
    const toCommune = mails().filter((m) => m.to.includes(COMMUNE_MAIL));
    const returned = toCommune.filter((m) => m.headers['x-ntm-kind'] === 'returned');
    expect(returned).toHaveLength(1);
    expect(returned[0]!.text).toContain('- Tiêu chí 17: Thiếu kết quả quan trắc nước thải');
    const decided = toCommune.filter((m) => m.headers['x-ntm-kind'] === 'decided');
    expect(decided).toHaveLength(1);
    expect(decided[0]!.subject).toContain(`Quyết định ${DECISION}`);
  });

  it('overdue reminders state the real number of days since the 2024 deadlines, and no mail body names a unit by its code', async () => {
    const overdue = mails().filter((m) => m.headers['x-ntm-kind'] === 'overdue' || m.headers['x-ntm-kind'] === 'escalation');
    expect(overdue.length).toBeGreaterThan(0);
    for (const m of overdue) {
      const got = /quá hạn (\d+) (ngày làm việc|ngày) \(hạn (\d{2})\/(\d{2})\/(\d{4})\)/i.exec(m.text);
      expect(got).not.toBeNull();
      const [, n, unit, dd, mm, yyyy] = got!;
      const due = `${yyyy}-${mm}-${dd}` as LocalDate;
      const sentOn = localDateOf(m.receivedAt.getTime());
      const expected = unit === 'ngày làm việc' ? workingDaysBetween(due, sentOn, vietnamHolidayCalendar) : calendarDaysBetween(due, sentOn);
      expect(Number(n)).toBe(expected);
      // The 2024 deadlines are years behind: hundreds of days, not a schedule offset like "30".
      expect(Number(n)).toBeGreaterThan(300);
    }
    expect(mails().length).toBeGreaterThan(overdue.length);
    for (const m of mails()) {
      const body = m.text.split('\n---\n')[0]!;
      expect(body).not.toMatch(/dien-bien\/[a-z-]+(\/[a-z-]+)?/);
    }
  });
});
