import { randomUUID } from 'node:crypto';
import { createActivities } from '../../activities';
import { startSmtpSink, type SmtpSink } from '../../infra/smtp-sink';
import { applyEvent, startDossier, statusOf, type DossierEvent, type DossierState } from '../../domain/dossier';
import nodemailer from 'nodemailer';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/databases';
import { seedStaff, seedUnits } from '../support/people';
import { actors, cmd, ev, smallInput } from '../support/dossier-fixtures';

describe.each(PROVIDERS)('projection, timeline, audit and notifications on %s', (provider) => {
  let t: TestDatabase;
  let smtp: SmtpSink;
  let acts: ReturnType<typeof createActivities>;
  const clock = () => new Date('2027-09-01T01:00:00Z');

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await seedUnits(t.db);
    await seedStaff(t.db, [{ username: 'quai-cang', role: 'commune_official', unitCode: 'dien-bien/tuan-giao/quai-cang', email: 'quaicang@example.vn' }]);
    smtp = await startSmtpSink();
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
    acts = createActivities({ db: t.db, provider, mailer: { transport, from: 'NTM <no-reply@ntm.local>' }, clock });
  });
  afterAll(async () => {
    await smtp?.close();
    await t?.drop();
  });

  function started(): DossierState {
    const r = startDossier(smallInput({ dossierId: `d-${randomUUID()}` }));
    if (!r.ok) throw new Error(r.error.messageEn);
    return r.value;
  }

  it('writes one timeline row and one audit row per event, however often the activity is retried', async () => {
    const s0 = started();
    const id = s0.context.input.dossierId;
    await acts.registerDossier({
      dossier: s0.context.input,
      status: statusOf(s0),
      state: s0,
      workflowId: `dossier:${id}`,
      runId: 'run-1',
      at: '2027-09-01T01:00:00.000Z',
    });
    await acts.registerDossier({
      dossier: s0.context.input,
      status: statusOf(s0),
      state: s0,
      workflowId: `dossier:${id}`,
      runId: 'run-1',
      at: '2027-09-01T01:00:00.000Z',
    });
    // Issue 18: the pipeline report's columns, written with the row: the stage as the row says while
    // there is no timeline, and the unit's district.
    expect(await t.db.dossier.findUniqueOrThrow({ where: { id } })).toMatchObject({
      reportStage: s0.value,
      reportLate: false,
      recognisedAt: null,
      lastEventAt: null,
      districtCode: 'dien-bien/tuan-giao',
    });
    const e: DossierEvent = ev(cmd.assess('1'), actors.commune);
    const r = applyEvent(s0, e);
    if (!r.ok) throw new Error(r.error.messageEn);
    const rec = {
      event: e,
      fromStage: s0.value,
      toStage: r.value.value,
      seq: r.value.context.seq,
      status: statusOf(r.value),
      state: r.value,
      workflowId: `dossier:${id}`,
      runId: 'run-1',
    };
    await acts.recordTransition(rec);
    await acts.recordTransition(rec);
    expect(await t.db.timelineEntry.count({ where: { dossierId: id } })).toBe(1);
    expect(await t.db.auditRecord.count({ where: { dossierId: id } })).toBe(2); // started + the event
    const row = await t.db.dossier.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ stage: 'self_assessment', version: 1 });
    // …and follow the timeline: its newest entry's stage and instant.
    expect(row).toMatchObject({ reportStage: r.value.value, reportLate: false, lastEventAt: new Date(e.meta.at), districtCode: 'dien-bien/tuan-giao' });
  });

  it('never lets an older transition arriving late overwrite a newer projection', async () => {
    const s0 = started();
    const id = s0.context.input.dossierId;
    await acts.registerDossier({
      dossier: s0.context.input,
      status: statusOf(s0),
      state: s0,
      workflowId: `dossier:${id}`,
      runId: 'r',
      at: '2027-09-01T01:00:00.000Z',
    });
    let s = s0;
    const records = [];
    for (const c of [cmd.assess('1'), cmd.assess('2'), cmd.assess('17'), cmd.consult(), cmd.submit()]) {
      const e = ev(c, actors.commune);
      const r = applyEvent(s, e);
      if (!r.ok) throw new Error(r.error.messageEn);
      records.push({
        event: e,
        fromStage: s.value,
        toStage: r.value.value,
        seq: r.value.context.seq,
        status: statusOf(r.value),
        state: r.value,
        workflowId: `dossier:${id}`,
        runId: 'r',
      });
      s = r.value;
    }
    await acts.recordTransition(records[4]!);
    await acts.recordTransition(records[1]!);
    const row = await t.db.dossier.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ stage: 'review', version: 5 });
  });

  it('writes the "due next" column the workflow sends, clears it on null and keeps it when the field is absent', async () => {
    const s0 = started();
    const id = s0.context.input.dossierId;
    await acts.registerDossier({
      dossier: s0.context.input,
      status: statusOf(s0),
      state: s0,
      workflowId: `dossier:${id}`,
      runId: 'r',
      at: '2027-09-01T01:00:00.000Z',
      nextDeadline: '2027-08-31T16:59:59.999Z',
    });
    expect((await t.db.dossier.findUniqueOrThrow({ where: { id } })).nextDeadline).toEqual(new Date('2027-08-31T16:59:59.999Z'));
    let s = s0;
    const record = async (c: Parameters<typeof ev>[0], nextDeadline?: string | null) => {
      const e = ev(c, actors.commune);
      const r = applyEvent(s, e);
      if (!r.ok) throw new Error(r.error.messageEn);
      await acts.recordTransition({
        event: e,
        fromStage: s.value,
        toStage: r.value.value,
        seq: r.value.context.seq,
        status: statusOf(r.value),
        workflowId: `dossier:${id}`,
        runId: 'r',
        ...(nextDeadline !== undefined ? { nextDeadline } : {}),
      });
      s = r.value;
      return (await t.db.dossier.findUniqueOrThrow({ where: { id } })).nextDeadline;
    };
    expect(await record(cmd.assess('1'), '2027-10-31T16:59:59.999Z')).toEqual(new Date('2027-10-31T16:59:59.999Z'));
    expect(await record(cmd.assess('2'))).toEqual(new Date('2027-10-31T16:59:59.999Z'));
    expect(await record(cmd.assess('17'), null)).toBeNull();
  });

  it('sends a reminder once per person and channel, even when the activity runs again', async () => {
    const req = {
      key: `k-${randomUUID()}/commune-dossier/before-7`,
      kind: 'before' as const,
      dossierId: 'd-mail',
      recipients: [
        { role: 'commune_official' as const, unitCode: 'dien-bien/tuan-giao/quai-cang' },
        { role: 'district_office' as const, unitCode: 'dien-bien/tuan-giao' },
      ],
      subjectVi: 'Nhắc hạn',
      subjectEn: 'Reminder',
      bodyVi: 'Còn 7 ngày',
      bodyEn: '7 days left',
    };
    const first = await acts.notify(req);
    const second = await acts.notify(req);
    expect(first).toMatchObject({ created: 3, emailed: 1 });
    expect(second).toMatchObject({ created: 0, emailed: 0 });
    // Nobody holds the district office role in this database: its shared inbox still gets the row.
    expect(first.recipients.sort()).toEqual(['district_office@dien-bien/tuan-giao', 'quai-cang']);
    expect(smtp.messages.filter((m) => m.headers['x-ntm-reminder-key'] === req.key)).toHaveLength(1);
  });
});

describe.each(PROVIDERS)('the projection keeps the full state current on %s', (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await seedUnits(t.db);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('replays events sent without state onto its copy, so the stored state equals the workflow state', async () => {
    const acts = createActivities({ db: t.db, provider, clock: () => new Date('2027-09-01T01:00:00Z') });
    const r0 = startDossier(smallInput({ dossierId: `d-${randomUUID()}` }));
    if (!r0.ok) throw new Error(r0.error.messageEn);
    let s = r0.value;
    const id = s.context.input.dossierId;
    await acts.registerDossier({
      dossier: s.context.input,
      status: statusOf(s),
      state: s,
      workflowId: `dossier:${id}`,
      runId: 'r',
      at: '2027-09-01T01:00:00.000Z',
    });
    for (const c of [cmd.assess('1'), cmd.assess('2'), cmd.assess('17'), cmd.consult(), cmd.submit()]) {
      const e = ev(c, actors.commune);
      const next = applyEvent(s, e);
      if (!next.ok) throw new Error(next.error.messageEn);
      // As the workflow does: the state only when the stage changes.
      await acts.recordTransition({
        event: e,
        fromStage: s.value,
        toStage: next.value.value,
        seq: next.value.context.seq,
        status: statusOf(next.value),
        ...(s.value !== next.value.value ? { state: next.value } : {}),
        workflowId: `dossier:${id}`,
        runId: 'r',
      });
      s = next.value;
      const row = await t.db.dossier.findUniqueOrThrow({ where: { id } });
      expect(JSON.parse(row.state)).toEqual(JSON.parse(JSON.stringify(s)));
    }
  });
});
