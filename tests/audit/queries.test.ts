import { appendAudit, type AuditInput } from '../../store/audit-chain';
import {
  approvalsBy,
  buildExport,
  criterionApprovals,
  dossierTrail,
  exportCsv,
  exportJson,
  formatWhoApprovedWhat,
  parseCsv,
  parseCsvExport,
  verifyExport,
  whoApprovedWhat,
  type AuditExport,
} from '../../app/audit';
import { createUser, generatePassword } from '../../app/accounts';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/databases';
import { asDba } from '../support/tamper';

const P = 'dien-bien';
const TG = 'dien-bien/tuan-giao';
const MA = 'dien-bien/muong-ang';
const QC = `${TG}/quai-cang`;
const QN = `${TG}/quai-nua`;
const AT = `${MA}/ang-to`;

const people = {
  xa: ['can-bo-xa', 'Lò Văn Xã', 'commune_official', QC],
  tnmt: ['lan.tnmt', 'Lò Thị Lan', 'district_specialist', TG],
  kthh: ['hung.kthh', 'Quàng Văn Hùng', 'district_specialist', TG],
  vpHuyen: ['vp.huyen', 'Cầm Thị Hoa', 'district_office', TG],
  vpTinh: ['vp.tinh', 'Nguyễn Văn Tỉnh', 'provincial_office', P],
  chuTich: ['chu-tich', 'Lê Thành Đô', 'provincial_chair', P],
  phoChuTich: ['pho-chu-tich', 'Vừ A Bằng', 'provincial_chair', P],
  tnmtMa: ['tnmt.ma', 'Giàng A Sử', 'district_specialist', MA],
} as const;
type Who = keyof typeof people;

describe.each(PROVIDERS)('audit queries and exports on %s', (provider) => {
  let t: TestDatabase;
  const id: Record<Who, string> = {} as Record<Who, string>;
  let n = 0;
  const minute = (m: number) => new Date(Date.UTC(2024, 8, 1, 2, 0) + m * 60_000);

  async function rec(dossierId: string, who: Who, action: string, extra: Partial<AuditInput> & { after?: string } = {}, behalfOf?: Who) {
    n += 1;
    const [, , role, unit] = people[who];
    await t.db.$transaction((tx) =>
      appendAudit(
        tx,
        {
          eventId: `${provider}-q-${n}`,
          at: minute(n),
          actorId: id[who],
          actorRole: role,
          actorUnit: unit,
          onBehalfOf: behalfOf ? id[behalfOf] : null,
          action,
          dossierId,
          workflowId: `dossier-${dossierId}`,
          runId: 'run-1',
          ...extra,
        },
        provider,
      ),
    );
  }

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    const by = { actor: { id: 'u-admin', role: 'admin' as const, unitCode: P }, at: minute(0) };
    for (const [k, [username, displayName]] of Object.entries(people)) {
      const r = await createUser(t.db, { username, displayName, password: generatePassword() }, by);
      if (!r.ok) throw new Error(r.error.messageEn);
      id[k as Who] = r.value.id;
    }
    for (const [code, level, parent] of [
      [P, 'province', null],
      [TG, 'district', P],
      [MA, 'district', P],
      [QC, 'commune', TG],
      [QN, 'commune', TG],
      [AT, 'commune', MA],
    ] as const) {
      await t.db.unit.create({ data: { code, level, name: code, parentCode: parent } });
    }
    for (const [dossierId, unitCode] of [
      ['d-qc', QC],
      ['d-qn', QN],
      ['d-at', AT],
    ] as const) {
      await t.db.dossier.create({
        data: {
          id: dossierId,
          unitCode,
          title: 'commune.dat-chuan',
          planYear: 2024,
          criteriaSetId: 'commune-ntm-2021-2025',
          stage: 'review',
          level: 'district',
          workflowId: `dossier-${dossierId}`,
          runId: 'run-1',
          createdAt: minute(0),
          updatedAt: minute(0),
        },
      });
    }
    const doc = (number: string, issuer: string) => ({ documents: [{ number, date: '2024-09-20', issuer }] });
    // Quài Cang's dossier, interleaved with the others' records.
    await rec('d-qc', 'xa', 'commune.submitted', {
      before: 'self_assessment',
      after: JSON.stringify({ toStage: 'review' }),
      ...doc('45/TTr-UBND', 'UBND xã Quài Cang'),
    });
    await rec('d-qn', 'tnmt', 'criterion.reviewed', { criterion: '17', after: JSON.stringify({ toStage: 'review', verdict: 'not_met' }) });
    await rec('d-qc', 'tnmt', 'criterion.reviewed', {
      criterion: '17',
      after: JSON.stringify({ toStage: 'review', criterion: '17', verdict: 'met' }),
      comment: 'Đạt: tỷ lệ hộ dùng nước sạch 98%, "đạt chuẩn"',
    });
    await rec('d-at', 'tnmtMa', 'criterion.reviewed', { criterion: '17', after: JSON.stringify({ toStage: 'review', verdict: 'met' }) });
    await rec('d-qc', 'kthh', 'criterion.reviewed', { criterion: '2', after: JSON.stringify({ toStage: 'review', verdict: 'met' }) });
    await rec('d-qc', 'vpHuyen', 'level.approved', { before: 'review', after: JSON.stringify({ toStage: 'approved' }) });
    await rec('d-qn', 'kthh', 'criterion.reviewed', { criterion: '2', after: JSON.stringify({ toStage: 'review', verdict: 'met' }) });
    await rec('d-qc', 'vpHuyen', 'level.forwarded', {
      before: 'approved',
      after: JSON.stringify({ toStage: 'review' }),
      ...doc('112/TTr-UBND', 'UBND huyện Tuần Giáo'),
    });
    await rec('d-qc', 'vpTinh', 'council.voted', {
      before: 'approved',
      after: JSON.stringify({ toStage: 'appraised', inFavour: 25, against: 0, abstained: 0 }),
    });
    await rec('d-qc', 'vpTinh', 'decision.drafted', { after: JSON.stringify({ toStage: 'decision_drafted', number: '1358/QĐ-UBND', outcome: 'recognised' }) });
    await rec(
      'd-qc',
      'phoChuTich',
      'level.decided',
      {
        before: 'decision_drafted',
        after: JSON.stringify({ toStage: 'recognised', number: '1358/QĐ-UBND', outcome: 'recognised' }),
        ...doc('1358/QĐ-UBND', 'UBND tỉnh Điện Biên'),
        comment: 'Ký thay Chủ tịch, "KT. CHỦ TỊCH"\nPhó Chủ tịch',
      },
      'chuTich',
    );
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('returns a dossier’s full trail in chain order, and nothing of other dossiers', async () => {
    const trail = await dossierTrail(t.db, 'd-qc');
    expect(trail.map((r) => r.action)).toEqual([
      'commune.submitted',
      'criterion.reviewed',
      'criterion.reviewed',
      'level.approved',
      'level.forwarded',
      'council.voted',
      'decision.drafted',
      'level.decided',
    ]);
    expect(trail.every((r, i) => i === 0 || r.seq > trail[i - 1]!.seq)).toBe(true);
    expect(new Set(trail.map((r) => r.dossierId))).toEqual(new Set(['d-qc']));
  });

  it('lists what a person approved in a period, including what a delegate signed on their behalf', async () => {
    const lan = await approvalsBy(t.db, { personId: id.tnmt, from: minute(0), to: minute(100) });
    expect(lan.map((r) => `${r.dossierId}:${r.criterion}`)).toEqual(['d-qn:17', 'd-qc:17']);
    const narrow = await approvalsBy(t.db, { personId: id.tnmt, from: minute(3), to: minute(3) });
    expect(narrow.map((r) => r.dossierId)).toEqual(['d-qc']);
    const xa = await approvalsBy(t.db, { personId: id.xa, from: minute(0), to: minute(100) });
    expect(xa).toEqual([]); // submitting is not approving
    const chair = await approvalsBy(t.db, { personId: id.chuTich, from: minute(0), to: minute(100) });
    expect(chair.map((r) => [r.action, r.actorId, r.onBehalfOf])).toEqual([['level.decided', id.phoChuTich, id.chuTich]]);
  });

  it('lists every review of a criterion across a district, through the dossiers’ units', async () => {
    const tg = await criterionApprovals(t.db, { criterion: '17', districtUnitCode: TG });
    expect(tg.map((r) => r.dossierId)).toEqual(['d-qn', 'd-qc']);
    const ma = await criterionApprovals(t.db, { criterion: '17', districtUnitCode: MA });
    expect(ma.map((r) => r.dossierId)).toEqual(['d-at']);
    const byIds = await criterionApprovals(t.db, { criterion: '2', dossierIds: ['d-qn'] });
    expect(byIds.map((r) => r.actorId)).toEqual([id.kthh]);
    // "dien-bien/tuan" is not a prefix match of Tuần Giáo.
    expect(await criterionApprovals(t.db, { criterion: '17', districtUnitCode: 'dien-bien/tuan' })).toEqual([]);
  });

  it('reports who approved what on a dossier, naming every actor, role and delegation in order', async () => {
    const lines = await whoApprovedWhat(t.db, 'd-qc');
    expect(lines.map((l) => [l.action, l.actorName, l.role, l.onBehalfOfName, l.outcome])).toEqual([
      ['criterion.reviewed', 'Lò Thị Lan', 'district_specialist', null, 'met'],
      ['criterion.reviewed', 'Quàng Văn Hùng', 'district_specialist', null, 'met'],
      ['level.approved', 'Cầm Thị Hoa', 'district_office', null, 'approved'],
      ['level.forwarded', 'Cầm Thị Hoa', 'district_office', null, 'review'],
      ['council.voted', 'Nguyễn Văn Tỉnh', 'provincial_office', null, '25 tán thành / in favour, 0 không / against, 0 không ý kiến / abstained'],
      ['decision.drafted', 'Nguyễn Văn Tỉnh', 'provincial_office', null, 'recognised'],
      ['level.decided', 'Vừ A Bằng', 'provincial_chair', 'Lê Thành Đô', 'recognised'],
    ]);
    expect(lines.at(-1)).toMatchObject({ decisionNumber: '1358/QĐ-UBND', documents: [{ number: '1358/QĐ-UBND', issuer: 'UBND tỉnh Điện Biên' }] });
    const text = formatWhoApprovedWhat(lines);
    expect(text).toHaveLength(7);
    expect(text[0]).toMatch(/^1\. 01\/09\/2024 09:03 Lò Thị Lan \(Chuyên viên phòng, ban huyện, dien-bien\/tuan-giao\)/);
    expect(text[6]).toContain('thay mặt / on behalf of Lê Thành Đô');
  });

  describe('exports carry a proof that re-verifies', () => {
    let x: AuditExport;
    beforeAll(async () => {
      x = await buildExport(t.db, await dossierTrail(t.db, 'd-qc'), { dossierId: 'd-qc' }, minute(1000));
    });

    it('states the links between exported records, the head and the verification', async () => {
      // Between the first and last d-qc record there are three records of other dossiers.
      expect(x.proof.links.map((l) => l.seq)).toHaveLength(3);
      const head = await t.db.auditRecord.findFirstOrThrow({ orderBy: { seq: 'desc' } });
      expect(x.proof.head).toEqual({ seq: head.seq, hash: head.hash });
      expect(x.proof.verify).toMatchObject({ ok: true, headHash: head.hash });
      expect(verifyExport(x)).toMatchObject({ ok: true, records: 8, links: 3, problems: [] });
    });

    it('JSON round-trips and re-verifies; an edited record or a dropped link is named', () => {
      const back = JSON.parse(exportJson(x)) as AuditExport;
      expect(verifyExport(back).ok).toBe(true);
      const edited = JSON.parse(exportJson(x)) as AuditExport;
      edited.records[1]!.comment = 'Không đạt';
      expect(verifyExport(edited)).toMatchObject({ ok: false, problems: [{ seq: x.records[1]!.seq, eventId: x.records[1]!.eventId }] });
      const dropped = JSON.parse(exportJson(x)) as AuditExport;
      const gone = dropped.proof.links.splice(0, 1)[0]!;
      const r = verifyExport(dropped);
      expect(r.ok).toBe(false);
      expect(r.problems[0]!.seq).toBeGreaterThan(gone.seq);
      expect(r.problems[0]!.reasonEn).toContain('does not link');
    });

    it('CSV is RFC 4180, UTF-8 with BOM, Vietnamese intact, and re-verifies after parsing', () => {
      const csv = exportCsv(x);
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      expect(csv.endsWith('\r\n')).toBe(true);
      expect(csv.split('\r\n')[0]).toBe(
        '\uFEFFkind,seq,eventId,at,atVN,actorId,actorRole,actorUnit,onBehalfOf,action,dossierId,criterion,before,after,comment,documents,workflowId,runId,prevHash,hash',
      );
      expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(csv).toContain('UBND tỉnh Điện Biên');
      // Quotes doubled, a field with a newline quoted.
      expect(csv).toContain('"Ký thay Chủ tịch, ""KT. CHỦ TỊCH""\nPhó Chủ tịch"');
      const rows = parseCsv(csv);
      expect(new Set(rows.map((r) => r.length))).toEqual(new Set([20]));
      expect(rows.filter((r) => r[0] === 'record')).toHaveLength(8);
      expect(rows.filter((r) => r[0] === 'link')).toHaveLength(3);
      expect(rows.filter((r) => r[0] === 'proof')).toHaveLength(1);
      const back = parseCsvExport(csv);
      expect(back.records).toEqual(x.records);
      expect(verifyExport(back)).toMatchObject({ ok: true, records: 8, links: 3 });
    });

    it('CSV with an edited cell fails re-verification naming the record', () => {
      const csv = exportCsv(x).replace('Đạt: tỷ lệ hộ dùng nước sạch 98%', 'Đạt: tỷ lệ hộ dùng nước sạch 58%');
      const r = verifyExport(parseCsvExport(csv));
      expect(r.ok).toBe(false);
      expect(r.problems.map((p) => p.eventId)).toEqual([x.records[1]!.eventId]);
    });

    it('an export taken from a tampered database says so in its proof', async () => {
      await asDba(t, [`UPDATE "AuditRecord" SET "comment" = 'sửa' WHERE "eventId" = '${x.records[0]!.eventId}'`]);
      const broken = await buildExport(t.db, await dossierTrail(t.db, 'd-qc'), { dossierId: 'd-qc' }, minute(1001));
      expect(broken.proof.verify).toMatchObject({ ok: false, firstBreak: { eventId: x.records[0]!.eventId } });
      const r = verifyExport(broken);
      expect(r.ok).toBe(false);
      expect(r.chainVerifiedAtExport).toBe(false);
      expect(r.problems[0]).toMatchObject({ eventId: x.records[0]!.eventId });
      expect(exportCsv(broken)).toContain('audit.broken');
    });
  });
});
