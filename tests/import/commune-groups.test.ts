/**
 * Commune groups as data (issue 12): the dedicated sheet (`unit,group,source`) through the app layer on
 * real SQLite and PostgreSQL databases seeded as `ntm seed` does, the `group` column of the unit succession sheet,
 * and a 2026-2030 dossier planned for a commune whose group came from the import.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporalDataConverter } from '../../app/temporal-codec';
import { DossierService } from '../../app/dossiers';
import { importCommuneGroupsFile, importUnitsFile } from '../../app/imports';
import { planDossierFor, planFor } from '../../app/plans';
import { seedReferenceData } from '../../app/seed';
import type { Principal } from '../../domain/access';
import { AppError } from '../../domain/errors';
import { parseCsv, parseCommuneGroup, validateUnitsHistorySheet } from '../../domain/import';
import { DIEN_BIEN_UNIT_HISTORY } from '../../domain/units';
import { verifyAuditChain } from '../../store/audit-chain';
import { loadUnits } from '../../store/units';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../support/databases';
import { startWorker, timeSkippingEnv, type Harness } from '../support/temporal';
import { tempDir, writeTemp } from './db-helpers';

const MUONG_NHE = 'dien-bien/xa-muong-nhe';
const QUAI_TO = 'dien-bien/xa-quai-to';
const SIN_THAU = 'dien-bien/xa-sin-thau';
const DECISION = 'QĐ 123/QĐ-UBND ngày 10/01/2026 của UBND tỉnh Điện Biên (ví dụ trong kiểm thử)';

let t: TestDatabase;
const dir = tempDir('ntm-groups-');
const groupsOf = async (codes: string[]) =>
  Object.fromEntries(
    (await t.db.unit.findMany({ where: { code: { in: codes } }, select: { code: true, communeGroup: true } })).map((u) => [u.code, u.communeGroup]),
  );
const written = async () => ({
  batches: await t.db.importBatch.count({ where: { kind: 'commune-groups' } }),
  audit: await t.db.auditRecord.count(),
  grouped: await t.db.unit.count({ where: { communeGroup: { not: null } } }),
});

describe('parseCommuneGroup', () => {
  it('reads 1/2/3 as people write them, blank as unknown, anything else as invalid', () => {
    expect(['1', ' 2 ', 'Nhóm 3', 'nhóm xã 1', 'NHOM 2', 'Group 3', 'nhóm  2'].map(parseCommuneGroup)).toEqual([1, 2, 3, 1, 2, 3, 2]);
    expect(parseCommuneGroup('')).toBeUndefined();
    expect(parseCommuneGroup('   ')).toBeUndefined();
    expect(['0', '4', 'Nhóm 4', 'nhóm một', '1.5', 'group'].map(parseCommuneGroup)).toEqual([null, null, null, null, null, null]);
  });
});

describe.each(PROVIDERS)('on %s', (provider) => {
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await seedReferenceData(t.db, new Date('2026-01-05T00:00:00Z'));
  }, 180_000);
  afterAll(async () => {
    await t?.drop();
  });

  describe('ntm import commune-groups (app layer)', () => {
    it('refuses a file with each kind of bad row, naming line and column in both languages, writing nothing', async () => {
      const before = await written();
      const file = writeTemp(
        dir,
        'bad.csv',
        [
          'đơn vị,nhóm xã,nguồn',
          `Mường Nhé,Nhóm 3,${DECISION}`, // 2: fine alone, but line 6 gives it another group
          `Xã Không Có,2,${DECISION}`, // 3: unknown unit
          `dien-bien/tuan-giao/quai-to,2,${DECISION}`, // 4: the old commune, abolished 1/7/2025
          `dien-bien,1,${DECISION}`, // 5: the province
          `${MUONG_NHE},1,${DECISION}`, // 6: Mường Nhé again, another group
          `Quài Tở,4,${DECISION}`, // 7: group outside 1-3
          `Sín Thầu,2,`, // 8: no source
        ].join('\n'),
      );
      const o = await importCommuneGroupsFile({ db: t.db }, { path: file, asOf: '2026-01-10' });
      expect(o.status).toBe('rejected');
      expect(o.rows).toBe(7);
      expect(o.written).toBe(0);
      const faults = o.rejected.flatMap((r) => r.faults.map((f) => [f.line, f.column, f.code]));
      expect(faults).toEqual([
        [2, 'group', 'IMPORT.CONFLICTING_GROUP'],
        [3, 'unit', 'IMPORT.UNKNOWN_UNIT'],
        [4, 'unit', 'IMPORT.NOT_COMMUNE_AT_DATE'],
        [5, 'unit', 'IMPORT.NOT_COMMUNE_AT_DATE'],
        [6, 'group', 'IMPORT.CONFLICTING_GROUP'],
        [7, 'group', 'IMPORT.BAD_GROUP'],
        [8, 'source', 'IMPORT.MISSING_SOURCE'],
      ]);
      const byLine = (l: number) => o.rejected.find((r) => r.line === l)!.faults[0]!;
      expect(byLine(3).messageVi).toBe('Dòng 3, cột unit: không có xã nào mã hoặc tên "Xã Không Có"');
      expect(byLine(3).messageEn).toBe('Line 3, column unit: no commune has the code or name "Xã Không Có"');
      expect(byLine(4).messageVi).toContain('"Quài Tở" không còn hiệu lực ngày 10/01/2026 (hết hiệu lực sau 30/06/2025)');
      expect(byLine(4).messageEn).toContain('"Quài Tở" is not valid on 10/01/2026 (valid until 30/06/2025)');
      expect(byLine(5).messageVi).toContain('không phải đơn vị cấp xã');
      expect(byLine(5).messageEn).toContain('is not a commune-level unit (it is a province)');
      expect(byLine(6).messageVi).toBe('Dòng 6, cột group: Mường Nhé đã được xếp nhóm 3 ở dòng 2, dòng này ghi nhóm 1');
      expect(byLine(6).messageEn).toBe('Line 6, column group: Mường Nhé is already given group 3 on line 2; this line says group 1');
      expect(byLine(7).messageVi).toContain('nhóm xã "4" không hợp lệ');
      expect(byLine(7).messageEn).toContain('commune group "4" is not valid');
      expect(await written()).toEqual(before);
    });

    it('refuses a header without the group column, naming it', async () => {
      const file = writeTemp(dir, 'header.csv', `unit,source\nMường Nhé,${DECISION}\n`);
      await expect(importCommuneGroupsFile({ db: t.db }, { path: file, asOf: '2026-01-10' })).rejects.toMatchObject({
        code: 'IMPORT.BAD_HEADER',
        messageVi: 'Dòng tiêu đề 1: thiếu cột "group"',
        messageEn: 'Header line 1: column "group" is missing',
      });
    });

    it('refuses the shipped template as it is: every group blank, none guessed', async () => {
      const template = join(__dirname, '..', '..', 'domain', 'criteria', 'examples', 'commune-groups-dien-bien.csv');
      const o = await importCommuneGroupsFile({ db: t.db }, { path: template, asOf: '2026-01-10' });
      expect(o.status).toBe('rejected');
      expect(o.rows).toBe(42);
      expect(o.rejected).toHaveLength(42);
      expect(o.rejected.every((r) => r.faults.some((f) => f.code === 'IMPORT.MISSING_GROUP' && f.column === 'group'))).toBe(true);
      expect(readFileSync(template, 'utf8').split('\n')[0]).toBe('unit,group,source');
    });

    it('refuses a 2026-2030 dossier for Quài Tở before its group is imported (no workflow started)', async () => {
      // A real client whose connection is never opened: the refusal comes before any Temporal call.
      const temporal = new Client({ dataConverter: temporalDataConverter(), connection: Connection.lazy({ address: '127.0.0.1:1' }) });
      const app = new DossierService({ db: t.db, temporal, taskQueue: 'none', clock: () => new Date('2026-01-10T02:00:00Z') });
      const office: Principal = { userId: 'vpdp', grants: [{ role: 'provincial_office', unitCode: 'dien-bien' }] };
      const e = await app
        .open(office, { unitCode: QUAI_TO, title: 'commune.dat-chuan', planYear: 2026 })
        .catch((x: unknown) => x)
        .finally(() => temporal.connection.close());
      expect(e).toBeInstanceOf(AppError);
      expect(e).toMatchObject({ code: 'CRITERIA.COMMUNE_GROUP_REQUIRED' });
      expect((e as AppError).messageVi).toContain('Quài Tở');
    });

    it('imports a good file (names and codes, "Nhóm 3" and "2"), audits each unit in the hash chain; the same file again changes nothing', async () => {
      const file = writeTemp(
        dir,
        'nhom-xa.csv',
        ['unit,group,source', `Mường Nhé,Nhóm 3,${DECISION}`, `${QUAI_TO},2,${DECISION}`, `Mường Nhé,3,${DECISION}`].join('\n'),
      );
      const before = await written();
      const o = await importCommuneGroupsFile({ db: t.db, now: () => new Date('2026-01-10T03:00:00Z') }, { path: file, asOf: '2026-01-10', actorId: 'vpdp' });
      expect(o).toMatchObject({ status: 'imported', rows: 3, written: 2, unchanged: 0, rejected: [] });
      expect(o.groups.map((g) => [g.line, g.unitCode, g.group, g.change])).toEqual([
        [2, MUONG_NHE, 3, 'set'],
        [3, QUAI_TO, 2, 'set'],
      ]);
      expect(await groupsOf([MUONG_NHE, QUAI_TO, SIN_THAU])).toEqual({ [MUONG_NHE]: 3, [QUAI_TO]: 2, [SIN_THAU]: null });
      const audit = await t.db.auditRecord.findMany({ where: { action: 'unit.commune_group_set' }, orderBy: { seq: 'asc' } });
      expect(
        audit.map((a) => [a.actorId, a.actorUnit, JSON.parse(a.before!).communeGroup, JSON.parse(a.after!).communeGroup, JSON.parse(a.after!).source]),
      ).toEqual([
        ['vpdp', MUONG_NHE, null, 3, DECISION],
        ['vpdp', QUAI_TO, null, 2, DECISION],
      ]);
      expect((await verifyAuditChain(t.db)).ok).toBe(true);
      const after = await written();
      expect(after).toEqual({ batches: before.batches + 1, audit: before.audit + 2, grouped: before.grouped + 2 });

      const again = await importCommuneGroupsFile({ db: t.db }, { path: file, asOf: '2026-01-10' });
      expect(again).toMatchObject({ status: 'already-imported', batchId: o.batchId, written: 0 });
      // The same rows as another file (or another date): nothing to change, nothing written.
      const copy = writeTemp(dir, 'nhom-xa-copy.csv', `unit,group,source\r\n${MUONG_NHE},Nhóm 3,${DECISION}\r\n`);
      const same = await importCommuneGroupsFile({ db: t.db }, { path: copy, asOf: '2026-02-01' });
      expect(same).toMatchObject({ status: 'unchanged', batchId: null, written: 0, unchanged: 1 });
      expect(await written()).toEqual(after);
    });

    it('opens a 2026-2030 dossier for Quài Tở once its group came from the import: the plan carries group 2', async () => {
      const units = await loadUnits(t.db);
      const unit = units.find((u) => u.code === QUAI_TO)!;
      expect(unit.communeGroup).toBe(2);
      const governing = await planFor(t.db, QUAI_TO, 2026);
      const { dossier } = planDossierFor({ unit, units, title: 'commune.dat-chuan', planYear: 2026, plan: governing?.plan });
      expect(dossier).toMatchObject({ unitCode: QUAI_TO, criteriaSetId: 'commune-ntm-2026-2030', communeGroup: 2 });
      expect(dossier.levels.map((l) => l.level)).toEqual(['province']);
    });

    it('changes a group by a later decision: one audit record with the group before and after', async () => {
      const file = writeTemp(dir, 'doi-nhom.csv', `unit,group,source\n${QUAI_TO},Nhóm 1,QĐ 200/QĐ-UBND ngày 01/03/2026 (ví dụ)\n`);
      const o = await importCommuneGroupsFile({ db: t.db }, { path: file, asOf: '2026-03-01' });
      expect(o.groups).toEqual([expect.objectContaining({ unitCode: QUAI_TO, group: 1, previous: 2, change: 'changed' })]);
      const last = await t.db.auditRecord.findFirst({ where: { action: 'unit.commune_group_set' }, orderBy: { seq: 'desc' } });
      expect([JSON.parse(last!.before!).communeGroup, JSON.parse(last!.after!).communeGroup]).toEqual([2, 1]);
      expect((await groupsOf([QUAI_TO]))[QUAI_TO]).toBe(1);
    });
  });

  describe('the group column of the unit succession sheet', () => {
    const sheet = (rows: string[]) => {
      const r = parseCsv(['level,code,name,parent,validFrom,validTo,predecessors,source,nhóm xã', ...rows].join('\n'));
      if (!r.ok) throw new Error(r.error.messageEn);
      return validateUnitsHistorySheet({ records: r.value, existing: DIEN_BIEN_UNIT_HISTORY });
    };

    it('reads "Nhóm 3" and "2", leaves a blank group unknown, and refuses a group outside 1-3 or on a village', () => {
      const r = sheet([
        `commune,${SIN_THAU},Sín Thầu,dien-bien,2025-07-01,,,,Nhóm 3`,
        `commune,${QUAI_TO},Quài Tở,dien-bien,2025-07-01,,,,2`,
        `commune,${MUONG_NHE},Mường Nhé,dien-bien,2025-07-01,,,,`,
        `commune,dien-bien/xa-tuan-giao,Tuần Giáo,dien-bien,2025-07-01,,,,4`,
        `village,${SIN_THAU}/ban-moi,Bản Mới,${SIN_THAU},2025-07-01,,,,1`,
      ]);
      if (!r.ok) throw new Error(r.error.messageEn);
      const group = (code: string) => r.value.accepted.find((a) => a.unit.code === code)?.unit.communeGroup;
      expect([group(SIN_THAU), group(QUAI_TO), group(MUONG_NHE)]).toEqual([3, 2, undefined]);
      expect(r.value.rejected.map((x) => x.faults.map((f) => [x.line, f.column, f.code])).flat()).toEqual([
        [5, 'group', 'IMPORT.BAD_GROUP'],
        [6, 'group', 'IMPORT.BAD_GROUP'],
      ]);
      expect(r.value.rejected[1]!.faults[0]!.messageEn).toBe('Line 6, column group: only commune-level units have a commune group; leave this cell empty');
    });

    it('sets a commune group through `ntm import units` (app layer) and keeps it when a later sheet leaves the cell blank', async () => {
      const file = writeTemp(dir, 'units-groups.csv', `level,code,name,parent,validFrom,group\ncommune,${SIN_THAU},Sín Thầu,dien-bien,2025-07-01,Nhóm 3\n`);
      const o = await importUnitsFile({ db: t.db }, { path: file });
      expect(o).toMatchObject({ status: 'imported', renamed: 1, rejected: [] });
      expect((await groupsOf([SIN_THAU]))[SIN_THAU]).toBe(3);
      const blank = writeTemp(dir, 'units-blank.csv', `level,code,name,parent,validFrom,group\ncommune,${SIN_THAU},Sín Thầu,dien-bien,2025-07-01,\n`);
      expect((await importUnitsFile({ db: t.db }, { path: blank })).status).not.toBe('rejected');
      expect((await groupsOf([SIN_THAU]))[SIN_THAU]).toBe(3);
    });
  });
});

describe('a dossier opened for real once the group came from the import (time-skipping server, SQLite)', () => {
  let db: TestDatabase;
  let env: TestWorkflowEnvironment | undefined;
  let h: Harness | undefined;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    await seedReferenceData(db.db, new Date());
    env = await timeSkippingEnv();
    h = await startWorker(env, db);
  }, 240_000);
  afterAll(async () => {
    await h?.close();
    await env?.teardown();
    await db?.drop();
  });

  it('opens a 2026-2030 commune dossier of Quài Tở through the app layer with the imported group 2', async () => {
    const year = new Date(await env!.currentTimeMs()).getUTCFullYear() + 1;
    const file = writeTemp(dir, 'real.csv', `unit,group,source\nQuài Tở,2,${DECISION}\n`);
    expect((await importCommuneGroupsFile({ db: db.db }, { path: file, asOf: `${year - 1}-12-01` })).status).toBe('imported');
    const app = new DossierService({ db: db.db, temporal: env!.client, taskQueue: h!.taskQueue, clock: () => new Date() });
    const office: Principal = { userId: 'vpdp', grants: [{ role: 'provincial_office', unitCode: 'dien-bien' }] };
    await h!.worker.runUntil(async () => {
      const s = await app.open(office, { unitCode: QUAI_TO, title: 'commune.dat-chuan', planYear: year });
      const { state } = await app.detail(office, s.dossierId);
      expect(state.context.input).toMatchObject({ unitCode: QUAI_TO, criteriaSetId: 'commune-ntm-2026-2030', communeGroup: 2 });
    });
  }, 240_000);
});
