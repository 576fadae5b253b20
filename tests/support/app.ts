/**
 * The whole engine for API and browser tests: a Temporal server (dev server by default), a worker on a
 * fresh task queue, a real database seeded with reference data and real accounts (argon2 passwords,
 * role grants through activities/identity.ts), and the HTTP app (API + web UI) listening on a free port.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app';
import type { AppDeps } from '../../app';
import { createUser, grantRole, type ChangeContext } from '../../app/accounts';
import { DEPARTMENTS } from '../../domain/departments';
import type { Role } from '../../domain/dossier';
import { seedReferenceData } from '../../app/seed';
import { createTestDatabase, type Provider, type TestDatabase } from './databases';
import { devServerEnv, startWorker, type Harness } from './temporal';

export const DISTRICT = 'dien-bien/tuan-giao';
export const PROVINCE = 'dien-bien';
export const COMMUNE = 'dien-bien/tuan-giao/quai-cang';
export const NEIGHBOUR = 'dien-bien/tuan-giao/quai-nua';
export const PASSWORD = 'mat-khau-thu-nghiem-2024';

export interface Person {
  username: string;
  displayName: string;
  role: Exclude<Role, 'system'>;
  unitCode: string;
  department?: string;
}

export const specialistName = (department: string): string => `cv.${department.toLowerCase().replace(/_/g, '-')}`;

/** The people of the Tuần Giáo pipeline: a commune official, every district department, both offices, the chair. */
export function pipelinePeople(): Person[] {
  return [
    { username: 'xa.quai-cang', displayName: 'Lò Văn Minh (xã Quài Cang)', role: 'commune_official', unitCode: COMMUNE },
    { username: 'xa.quai-nua', displayName: 'Quàng Thị Hoa (xã Quài Nưa)', role: 'commune_official', unitCode: NEIGHBOUR },
    ...DEPARTMENTS.map((d) => ({
      username: specialistName(d.code),
      displayName: `Chuyên viên ${d.nameVi}`,
      role: 'district_specialist' as const,
      unitCode: DISTRICT,
      department: d.code,
    })),
    { username: 'huyen.vpdp', displayName: 'Nguyễn Văn An (VPĐP huyện Tuần Giáo)', role: 'district_office', unitCode: DISTRICT },
    { username: 'tinh.vpdp', displayName: 'Trần Thị Bình (VPĐP tỉnh Điện Biên)', role: 'provincial_office', unitCode: PROVINCE },
    { username: 'tinh.chutich', displayName: 'Chủ tịch UBND tỉnh Điện Biên', role: 'provincial_chair', unitCode: PROVINCE },
    { username: 'tinh.thanhtra', displayName: 'Thanh tra tỉnh', role: 'inspector', unitCode: PROVINCE },
    { username: 'quantri', displayName: 'Quản trị', role: 'admin', unitCode: PROVINCE },
  ];
}

export async function seedPeople(t: TestDatabase, people: Person[], now = new Date()): Promise<void> {
  const by: ChangeContext = { actor: { id: 'system', role: 'system', unitCode: PROVINCE }, at: now, comment: 'test seed' };
  for (const p of people) {
    const u = await createUser(t.db, { username: p.username, displayName: p.displayName, email: `${p.username}@test.ntm.local`, password: PASSWORD }, by);
    if (!u.ok) throw new Error(`${u.error.code}: ${u.error.messageEn}`);
    const g = await grantRole(t.db, { userId: u.value.id, role: p.role, unitCode: p.unitCode, department: p.department as never }, by);
    if (!g.ok) throw new Error(`${g.error.code}: ${g.error.messageEn}`);
  }
}

/** The smallest unit tree with one person: Quài Cang's commune official (for CLI tests of accounts). */
export async function seedQuaiCangOfficial(t: TestDatabase, username = 'xa.quai-cang'): Promise<void> {
  await t.db.unit.create({ data: { code: 'dien-bien', level: 'province', name: 'Điện Biên' } });
  await t.db.unit.create({ data: { code: 'dien-bien/tuan-giao', level: 'district', name: 'Tuần Giáo', parentCode: 'dien-bien' } });
  await t.db.unit.create({ data: { code: 'dien-bien/tuan-giao/quai-cang', level: 'commune', name: 'Quài Cang', parentCode: 'dien-bien/tuan-giao' } });
  await seedPeople(t, [{ username, displayName: 'Cán bộ xã Quài Cang', role: 'commune_official', unitCode: 'dien-bien/tuan-giao/quai-cang' }]);
}

export interface RunningApp {
  env: TestWorkflowEnvironment;
  t: TestDatabase;
  h: Harness;
  app: FastifyInstance;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startEngine(opts: { provider?: Provider; people?: Person[]; documents?: AppDeps['documents'] } = {}): Promise<RunningApp> {
  const env = await devServerEnv();
  const t = await createTestDatabase(opts.provider ?? 'sqlite');
  await seedReferenceData(t.db, new Date());
  await seedPeople(t, opts.people ?? pipelinePeople());
  const h = await startWorker(env, t);
  const running = h.worker.run();
  const app = await buildApp({ db: t.db, temporal: env.client, taskQueue: h.taskQueue, ttlHours: 8, ...(opts.documents ? { documents: opts.documents } : {}) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    env,
    t,
    h,
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      h.worker.shutdown();
      await running.catch(() => undefined);
      await h.close();
      await env.teardown();
      await t.drop();
    },
  };
}
