/** domain/audit-view: what an audit record says, from its stored fields and the names around it. */
import { auditActionLabel, auditFacts, timelineFacts, type AuditRecordLike } from '../../domain/audit-view';

const base: AuditRecordLike = {
  seq: 7,
  eventId: 'ev-7',
  at: '2024-11-29T02:30:00.000Z',
  actorId: 'u-1',
  actorRole: 'district_specialist',
  actorUnit: 'dien-bien/tuan-giao',
  onBehalfOf: null,
  action: 'criterion.reviewed',
  criterion: '17',
  before: 'district_review',
  after: JSON.stringify({ toStage: 'district_review', criterion: '17', verdict: 'not_met', comment: 'Chưa xử lý nước thải' }),
  comment: 'Chưa xử lý nước thải',
  documents: JSON.stringify([{ number: '88/BC-TNMT', date: '2024-10-02', issuer: 'Phòng TN&MT' }]),
  prevHash: 'p',
  hash: 'h',
};

const ctx = {
  people: new Map([
    ['u-1', 'Lường Văn Sơn'],
    ['u-2', 'Cà Thị Mai'],
  ]),
  units: new Map([['dien-bien/tuan-giao', 'Huyện Tuần Giáo']]),
  departments: new Map([['u-1|district_specialist|dien-bien/tuan-giao', 'TN_MT']]),
  documentHashes: new Map([['88/BC-TNMT', 'ab'.repeat(32)]]),
};

it('says a review’s verdict, the person’s name, role, department and unit, the document with its stored hash, the time in Vietnam', () => {
  const f = auditFacts(base, ctx);
  expect(f.atVn).toBe('29/11/2024 09:30');
  expect(f.verdicts).toEqual([{ criterion: '17', verdict: 'not_met', label: { vi: 'Không đạt', en: 'Not met' }, comment: 'Chưa xử lý nước thải' }]);
  expect(f.actor).toMatchObject({
    name: 'Lường Văn Sơn',
    department: { code: 'TN_MT', name: { vi: 'Phòng Tài nguyên và Môi trường' } },
    unit: { code: 'dien-bien/tuan-giao', name: 'Huyện Tuần Giáo' },
  });
  expect(f.actor.roleLabel.vi).not.toBe('district_specialist');
  expect(f.documentRefs).toEqual([{ number: '88/BC-TNMT', date: '02/10/2024', issuer: 'Phòng TN&MT', title: null, fileName: null, sha256: 'ab'.repeat(32) }]);
  expect(f.stage.to?.label.vi).toBeTruthy();
});

it('says on whose behalf, a decision’s number, date, signer and outcome, and a refusal’s reasons', () => {
  const f = auditFacts(
    {
      ...base,
      actorRole: 'provincial_chair',
      actorUnit: 'dien-bien',
      onBehalfOf: 'u-2',
      action: 'level.decided',
      criterion: null,
      after: JSON.stringify({
        toStage: 'refused',
        number: '9/QĐ-UBND',
        date: '2024-12-01',
        signer: 'Phó Chủ tịch',
        outcome: 'refused',
        reasons: ['Tiêu chí 17 không đạt'],
      }),
      documents: '[]',
    },
    ctx,
  );
  expect(f.onBehalf).toEqual({ id: 'u-2', name: 'Cà Thị Mai' });
  expect(f.decision).toEqual({
    number: '9/QĐ-UBND',
    date: '01/12/2024',
    signer: 'Phó Chủ tịch',
    outcome: 'refused',
    outcomeLabel: { vi: 'Không công nhận', en: 'Refused' },
    stars: null,
  });
  expect(f.reasons).toEqual([{ criterion: null, reason: 'Tiêu chí 17 không đạt' }]);
  expect(f.actor.department).toBeNull();
  expect(f.verdicts).toEqual([]);
});

it('says a council vote with its members, a batch review’s verdicts and a document upload’s own hash', () => {
  const vote = auditFacts(
    {
      ...base,
      action: 'council.voted',
      after: JSON.stringify({
        inFavour: 2,
        against: 1,
        abstained: 0,
        members: [
          { id: 'a', name: 'A' },
          { id: 'b', name: 'B' },
          { id: 'c', name: 'C' },
        ],
      }),
    },
    ctx,
  ).vote;
  expect(vote).toEqual({
    inFavour: 2,
    against: 1,
    abstained: 0,
    members: ['A', 'B', 'C'],
    summary: { vi: '2/3 thành viên tán thành, 1 không tán thành, 0 không ý kiến', en: '2 of 3 members in favour, 1 against, 0 abstained' },
  });
  const batch = auditFacts(
    {
      ...base,
      action: 'review.batch',
      criterion: null,
      after: JSON.stringify({
        entries: [
          { criterion: '1', verdict: 'met' },
          { criterion: '2', verdict: 'needs_supplement' },
        ],
      }),
    },
    ctx,
  );
  expect(batch.verdicts.map((v) => `${v.criterion}:${v.label.vi}`)).toEqual(['1:Đạt', '2:Cần bổ sung']);
  const upload = auditFacts(
    { ...base, action: 'document.uploaded', after: '{}', documents: JSON.stringify([{ id: 'd1', sha256: 'cd'.repeat(32), fileName: 'qd.pdf' }]) },
    ctx,
  );
  expect(upload.documentRefs[0]).toMatchObject({ fileName: 'qd.pdf', sha256: 'cd'.repeat(32) });
  expect(upload.actionLabel.vi).toBe('Tải lên văn bản');
});

it('names the system and unknown people plainly, and a timeline entry by name and in words', () => {
  expect(auditFacts({ ...base, actorId: 'system', actorRole: 'system', actorUnit: null }, ctx).actor.name).toBe('Hệ thống');
  const t = timelineFacts(
    { type: 'level.returned', fromStage: 'district_review', toStage: 'commune_revision', actorId: 'u-2', actorRole: 'district_office', at: base.at },
    ctx.people,
  );
  expect(t.actorName).toBe('Cà Thị Mai');
  expect(t.typeLabel.vi).not.toBe('level.returned');
  expect(t.atVn).toBe('29/11/2024 09:30');
});

describe('auditActionLabel', () => {
  it('names the administrative and import actions in words, capitalised', () => {
    expect(auditActionLabel('unit.commune_group_set')).toEqual({ vi: 'Ghi nhóm xã (bộ tiêu chí 2026-2030)', en: 'Commune group set (2026-2030 criteria)' });
    expect(auditActionLabel('auth.unlocked').vi).toBe('Mở khoá tài khoản');
    expect(auditActionLabel('obligation.paused').en).toBe('Reporting obligation paused');
  });
  it('falls back to the code for an action nothing names', () => {
    expect(auditActionLabel('x.unknown')).toEqual({ vi: 'x.unknown', en: 'x.unknown' });
  });
});

it('says which deadline passed, by the system, in dd/mm/yyyy', () => {
  const f = auditFacts(
    {
      ...base,
      actorId: 'system',
      actorRole: 'system',
      actorUnit: null,
      action: 'deadline.expired',
      criterion: null,
      comment: null,
      documents: '[]',
      after: JSON.stringify({ toStage: 'self_assessment', stage: 'commune.submit', deadline: '2024-08-31' }),
    },
    ctx,
  );
  expect(f.actor.name).toBe('Hệ thống');
  expect(f.comment).toBe('Hạn 31/08/2024 đã qua / deadline 31/08/2024 passed');
  expect(auditFacts(base, ctx).comment).toBe('Chưa xử lý nước thải');
});
