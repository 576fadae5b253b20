/**
 * The operator commands `ntm seed`, `ntm campaign start|status` and `ntm dossiers list`, run in-process
 * (cli/main.ts main(argv)) against a real SQLite database and, for campaigns, the Temporal dev server
 * with a worker: exit codes, what they print, and the bilingual message of each failure.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ntm } from '../support/cli';
import { endOfDay, localDate } from '../../domain/calendar';
import { dossierDeadlines } from '../../domain/dossier';
import { DEFAULT_MAINTENANCE, dossierWorkflowId } from '../../workflows/definitions';
import { DIEN_BIEN_UNIT_HISTORY } from '../../domain/units';
import { demoAccounts } from '../../app/seed';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { startEngine, type RunningApp } from '../support/app';
import { dossierFor, shiftedPlan } from '../support/plans';

jest.setTimeout(180_000);

describe('ntm seed', () => {
  let t: TestDatabase;
  const dataDir = mkdtempSync(join(tmpdir(), 'ntm-seed-'));
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    await t?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads the Điện Biên units, the plans and the demo accounts, with passwords in a private file', async () => {
    const r = await ntm({ DATABASE_URL: t.url, DATA_DIR: dataDir }, 'seed');
    expect(r.code).toBe(0);
    // The whole history: the seeds' units (until 30/6/2025) and the 45 commune-level units from 1/7/2025.
    expect(r.out).toContain(`${DIEN_BIEN_UNIT_HISTORY.length} đơn vị / units`);
    expect(r.out).toContain(`${demoAccounts().length} tài khoản mới / new accounts`);
    expect(await t.db.unit.count()).toBe(DIEN_BIEN_UNIT_HISTORY.length);
    expect(await t.db.unitLink.count()).toBe(16);
    // 2021 and 2024 (Tuần Giáo, three-tier) and 2026, 2027 (Điện Biên province, two-tier).
    expect(await t.db.plan.count()).toBe(4);
    const file = join(dataDir, 'demo-accounts.txt');
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(demoAccounts().length);
  });

  it('changes nothing when run again', async () => {
    const r = await ntm({ DATABASE_URL: t.url, DATA_DIR: dataDir }, 'seed');
    expect(r.code).toBe(0);
    expect(r.out).toContain('0 tài khoản mới / new accounts');
    expect(await t.db.user.count()).toBe(demoAccounts().length);
  });

  it('fails with exit 1 and says to migrate first on a database without tables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ntm-empty-'));
    try {
      const r = await ntm({ DATABASE_URL: `file:${join(dir, 'empty.db')}`, DATA_DIR: dir }, 'seed', '--no-demo');
      expect(r.code).toBe(1);
      expect(r.out).toContain('DB.NOT_MIGRATED');
      expect(r.out).toContain('ntm db migrate');
      expect(existsSync(join(dir, 'demo-accounts.txt'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with exit 1 naming the variable when DATABASE_URL is not a database address', async () => {
    const r = await ntm({ DATABASE_URL: 'mysql://nope', DATA_DIR: dataDir }, 'seed');
    expect(r.code).toBe(1);
    expect(r.out).toContain('DATABASE_URL');
    expect(r.out).toContain('Cấu hình không hợp lệ / invalid configuration');
  });
});

describe('ntm campaign and ntm dossiers', () => {
  let engine: RunningApp;
  let env: Record<string, string>;
  beforeAll(async () => {
    engine = await startEngine({ people: [] });
    env = { DATABASE_URL: engine.t.url, TEMPORAL_ADDRESS: engine.env.address, TASK_QUEUE: engine.h.taskQueue };
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('refuses a plan year that has no plan, listing the plans there are', async () => {
    const r = await ntm(env, 'campaign', 'start', '--year', '2019', '--unit', 'dien-bien/tuan-giao');
    expect(r.code).toBe(1);
    expect(r.out).toContain('CAMPAIGN.NO_PLAN');
    expect(r.out).toContain('2024 dien-bien/tuan-giao');
  });

  it('refuses a year that is not a year', async () => {
    const r = await ntm(env, 'campaign', 'start', '--year', 'hai-nghin', '--unit', 'dien-bien/tuan-giao');
    expect(r.code).toBe(1);
    expect(r.out).toContain('CAMPAIGN.INVALID_YEAR');
  });

  it('fails clearly when Temporal cannot be reached', async () => {
    const r = await ntm({ ...env, TEMPORAL_ADDRESS: '127.0.0.1:1' }, 'campaign', 'status', '2024:dien-bien/tuan-giao');
    expect(r.code).toBe(75); // EX_TEMPFAIL: Temporal unavailable, retry once it is back
    expect(r.out).toContain('TEMPORAL.UNREACHABLE');
    expect(r.out).toContain('Không kết nối được Temporal tại 127.0.0.1:1');
  });

  it('starts the 2024 Tuần Giáo campaign once: a second start leaves it running', async () => {
    const first = await ntm(env, 'campaign', 'start', '--year', '2024', '--unit', 'dien-bien/tuan-giao');
    expect(first.code).toBe(0);
    expect(first.out).toContain('Đã bắt đầu chiến dịch / campaign started: campaign:2024:dien-bien/tuan-giao (3 hồ sơ / dossiers)');
    const again = await ntm(env, 'campaign', 'start', '--year', '2024', '--unit', 'dien-bien/tuan-giao');
    expect(again.code).toBe(0);
    expect(again.out).toContain('already running');
  });

  it('reports the campaign: the three dossiers it opened', async () => {
    let r = await ntm(env, 'campaign', 'status', '2024:dien-bien/tuan-giao', '--json');
    for (let i = 0; i < 100 && !(r.code === 0 && (JSON.parse(r.out) as { started: string[] }).started.length === 3); i++) {
      await new Promise((res) => setTimeout(res, 100));
      r = await ntm(env, 'campaign', 'status', '2024:dien-bien/tuan-giao', '--json');
    }
    expect(JSON.parse(r.out)).toMatchObject({ planId: '2024:dien-bien/tuan-giao', started: expect.arrayContaining([expect.stringContaining('quai-cang')]) });
    const text = await ntm(env, 'campaign', 'status', '2024:dien-bien/tuan-giao');
    expect(text.code).toBe(0);
    expect(text.out).toContain('3 hồ sơ đã mở / dossiers started');
  });

  it('says there is no such campaign for an unknown plan id', async () => {
    const r = await ntm(env, 'campaign', 'status', '2031:dien-bien/muong-nhe');
    expect(r.code).toBe(1);
    expect(r.out).toContain('CAMPAIGN.NOT_FOUND');
  });

  it('lists the overdue dossiers (2024 deadlines have passed) and leaves out one that is on time', async () => {
    // A dossier on time: a real 2027 dossier workflow, whose projection carries its next deadline.
    const onTime = dossierFor('dien-bien/tuan-giao/ta-ma', 'commune.dat-chuan', 'commune-ntm-2021-2025', 2027);
    const deadlines = dossierDeadlines(shiftedPlan(2027), 'commune.dat-chuan');
    const handle = await engine.env.client.workflow.start('dossierWorkflow', {
      taskQueue: engine.h.taskQueue,
      workflowId: dossierWorkflowId(onTime.dossierId),
      args: [{ dossier: onTime, deadlines, maintenance: DEFAULT_MAINTENANCE }],
    });
    let row = await engine.t.db.dossier.findUnique({ where: { id: onTime.dossierId } });
    for (let i = 0; i < 100 && !row; i++) {
      await new Promise((res) => setTimeout(res, 100));
      row = await engine.t.db.dossier.findUnique({ where: { id: onTime.dossierId } });
    }
    expect(row).toMatchObject({ late: false, nextDeadline: new Date(endOfDay(localDate('2027-08-31'))) });
    let r = await ntm(env, 'dossiers', 'list', '--overdue', '--json');
    for (let i = 0; i < 100 && (JSON.parse(r.out) as { total: number }).total < 3; i++) {
      await new Promise((res) => setTimeout(res, 100));
      r = await ntm(env, 'dossiers', 'list', '--overdue', '--json');
    }
    expect(r.code).toBe(0);
    const listed = JSON.parse(r.out) as { total: number; items: { id: string; late: Record<string, string>; nextDeadline: string | null }[] };
    expect(listed.total).toBe(3);
    expect(listed.items.map((i) => i.id)).not.toContain(onTime.dossierId);
    expect(listed.items.every((i) => i.late['commune.submit'] === '2024-08-31')).toBe(true);
    // The workflows keep the "due next" column: the 2024 dossiers still owe their first deadline.
    expect(listed.items.map((i) => i.nextDeadline)).toEqual(listed.items.map(() => new Date(endOfDay(localDate('2024-08-31'))).toISOString()));
    const all = await ntm(env, 'dossiers', 'list', '--json');
    expect((JSON.parse(all.out) as { total: number }).total).toBe(4);
    const one = await ntm(env, 'dossiers', 'list', '--overdue', '--unit', 'dien-bien/tuan-giao/quai-cang');
    expect(one.code).toBe(0);
    expect(one.out).toContain('1 hồ sơ quá hạn / overdue dossiers trong / in dien-bien/tuan-giao/quai-cang');
    expect(one.out).toContain('Quài Cang');
    expect(one.out).toContain('hạn / due 31/08/2024');
    expect(one.out).toContain('hạn tiếp / next due 31/08/2024');
    await handle.terminate('test done');
  });

  it('refuses an unknown unit', async () => {
    const r = await ntm(env, 'dossiers', 'list', '--overdue', '--unit', 'dien-bien/khong-co');
    expect(r.code).toBe(1);
    expect(r.out).toContain('UNIT.UNKNOWN');
    expect(r.out).toContain('Không có đơn vị "dien-bien/khong-co"');
  });
});
