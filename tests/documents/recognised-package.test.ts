/**
 * The package of a recognised dossier, on the time-skipping server: a commune dossier driven through
 * the application layer (DocumentService uploads, DossierService Updates) from self-assessment to the
 * province's recognition, with documents attached on the way (the commune's papers before submitting,
 * a district record during review, the decision at the end) and weeks skipped between the levels. The
 * package is built by the application (`dossierPackage`, what the API serves) and verified offline by
 * the CLI's `ntm dossier verify-package` (ok); one byte of one document changed inside the ZIP, the
 * verification fails naming that document.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApplication, type Application } from '../../app';
import { verifyPackage } from '../../app/package';
import type { Principal } from '../../domain/access';
import { dossierDeadlines, type Actor } from '../../domain/dossier';
import { FsBlobStore } from '../../store/blobs';
import { DEFAULT_MAINTENANCE, dossierWorkflowId, type DossierWorkflowInput } from '../../workflows/definitions';
import { ntm } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { seedUnits } from '../support/people';
import { officesFor, reviewToRecognition, selfAssessAndSubmit, type Act } from '../support/pipeline';
import { dossierFor, shiftedPlan } from '../support/plans';
import { startWorker, timeSkippingEnv, type Harness } from '../support/temporal';
import { rezip, withOneByteChanged, zipEntries } from '../support/zip';
import { pdf, PNG_1PX } from './support';

jest.setTimeout(300_000);

const COMMUNE = 'dien-bien/tuan-giao/quai-cang';

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let h: Harness;
let app: Application;
let dataDir: string;

beforeAll(async () => {
  env = await timeSkippingEnv();
  t = await createTestDatabase('sqlite');
  await seedUnits(t.db);
  h = await startWorker(env, t);
  dataDir = mkdtempSync(join(tmpdir(), 'ntm-recognised-'));
  app = createApplication({
    db: t.db,
    provider: t.provider,
    temporal: env.client,
    taskQueue: h.taskQueue,
    documents: { blobs: new FsBlobStore(join(dataDir, 'documents')), requireForSubmission: true },
  });
});

afterAll(async () => {
  await h?.close();
  await env?.teardown();
  await t?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const principalOf = (a: Actor): Principal => ({
  userId: a.id,
  grants: [{ role: a.role as Principal['grants'][number]['role'], unitCode: a.unitCode, ...(a.department ? { department: a.department } : {}) }],
});

it('packages a dossier recognised on the time-skipping server, verifies it offline, and names the one document whose byte was changed', async () => {
  const dossier = dossierFor(COMMUNE, 'commune.dat-chuan', 'commune-ntm-2021-2025');
  const input: DossierWorkflowInput = { dossier, deadlines: dossierDeadlines(shiftedPlan(), 'commune.dat-chuan'), maintenance: DEFAULT_MAINTENANCE };
  const id = dossier.dossierId;
  const o = officesFor(dossier);
  const upload = (who: Actor, fileName: string, data: Buffer, meta: Record<string, string>) =>
    app.documents().upload(principalOf(who), id, { meta, fileName, stream: Readable.from([data]) });
  const act: Act = (actor, command) => app.dossiers.act(principalOf(actor), id, command);

  // Everything that reads the dossier asks its (still running) workflow: the worker runs throughout.
  const started = await env.currentTimeMs();
  const zip = await h.worker.runUntil(async () => {
    await env.client.workflow.start('dossierWorkflow', { taskQueue: h.taskQueue, workflowId: dossierWorkflowId(id), args: [input] });

    // Submitting without the required papers is refused before the Update is sent, naming what is missing.
    await expect(act(o.commune, { type: 'commune.submitted', documents: [] })).rejects.toMatchObject({ code: 'DOCUMENT.REQUIRED_MISSING' });

    const communePapers: [string, string, string][] = [
      ['to_trinh', 'Tờ trình đề nghị công nhận', 'Tờ trình.pdf'],
      ['bao_cao_ket_qua', 'Báo cáo kết quả xây dựng NTM', 'Báo cáo kết quả.pdf'],
      ['bao_cao_tong_hop_y_kien', 'Báo cáo tổng hợp ý kiến nhân dân', 'Tổng hợp ý kiến.pdf'],
      ['bien_ban_hop', 'Biên bản họp đề nghị', 'Biên bản họp.pdf'],
      ['ket_qua_khao_sat_hai_long', 'Kết quả khảo sát sự hài lòng', 'Khảo sát.pdf'],
    ];
    for (const [kind, title, name] of communePapers) await upload(o.commune, name, pdf(title), { kind, title, issuer: 'UBND xã Quài Cang' });
    await upload(o.commune, 'Ảnh đường trục xã.png', PNG_1PX, {
      kind: 'minh_chung_tieu_chi',
      title: 'Ảnh đường trục xã',
      attachTo: 'criterion',
      attachRef: '2',
    });

    const submitted = await selfAssessAndSubmit(act, dossier);
    expect(submitted.stage).not.toBe('self_assessment');

    // Weeks pass before the district reviews; it files its appraisal record on the way.
    await env.sleep('14 days');
    await upload(o.districtOffice!, 'Biên bản thẩm tra.pdf', pdf('Biên bản thẩm tra của huyện'), {
      kind: 'bien_ban_hop',
      title: 'Biên bản thẩm tra của huyện Tuần Giáo',
      issuer: 'UBND huyện Tuần Giáo',
    });
    await env.sleep('10 days');
    const decided = await reviewToRecognition(act, dossier, submitted);
    expect(decided.stage).toBe('recognised');
    // The server's clock moved (skipped) by the weeks above, not the test's wall time.
    expect((await env.currentTimeMs()) - started).toBeGreaterThanOrEqual(24 * 86_400_000);
    await upload(o.provinceOffice, 'Quyết định công nhận.pdf', pdf('Quyết định 1358/QĐ-UBND'), {
      kind: 'quyet_dinh',
      title: 'Quyết định công nhận xã đạt chuẩn NTM',
      number: '1358/QĐ-UBND',
      issuedOn: '2027-11-29',
      issuer: 'UBND tỉnh Điện Biên',
    });
    // The application's package (as the API serves it), asked for by the province office.
    return app.dossierPackage(principalOf(o.provinceOffice), id);
  });

  const report = await verifyPackage(zip);
  expect(report).toMatchObject({ ok: true, documents: 8 });
  const files = await zipEntries(zip);
  const manifest = JSON.parse(files.get('manifest.json')!.toString()) as { stage: string; documents: { fileName: string }[] };
  expect(manifest.stage).toBe('recognised');
  expect(manifest.documents.map((d) => d.fileName)).toContain('Quyết định công nhận.pdf');

  // Offline, with the operator's command: ok; then one byte of the district's record changed → named.
  const dir = mkdtempSync(join(tmpdir(), 'ntm-pkg-'));
  try {
    const good = join(dir, 'goi.zip');
    writeFileSync(good, zip);
    const ok = await ntm({}, 'dossier', 'verify-package', good);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('package verified: 10 tệp / files, 8 văn bản / documents');

    const target = [...files.keys()].find((k) => k.startsWith('documents/') && k.endsWith('Biên bản thẩm tra.pdf'))!;
    expect(target).toBeDefined();
    const bad = join(dir, 'goi-sua.zip');
    writeFileSync(bad, await rezip(withOneByteChanged(files, target)));
    const refused = await ntm({}, 'dossier', 'verify-package', bad);
    expect(refused.code).not.toBe(0);
    expect(refused.out).toContain(target);
    const r = await verifyPackage(await rezip(withOneByteChanged(files, target)));
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ path: target });
    expect(r.firstProblem!.reasonEn).toContain('does not match its manifest hash');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
