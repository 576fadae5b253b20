/**
 * Reference data and the demo, idempotent (run by `npm start` every time, and by `ntm seed`):
 * - Điện Biên's unit history from domain/units: the province, the pre-reform 10 district-level units,
 *   115 communes and villages (valid until 30/6/2025) and the 45 commune-level units from 1/7/2025
 *   with their sourced succession links (UnitLink);
 * - the seeded plan years (Tuần Giáo 2024 from seed 002, 2021 from seeds 000/004; Điện Biên province
 *   2026 and 2027 in the two-tier world);
 * - demo accounts for Tuần Giáo and Điện Biên, one per role and district department, with generated
 *   passwords written to <dataDir>/demo-accounts.txt (mode 600, git-ignored) — no secret in the repository.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createUser, generatePassword, grantRole, type ChangeContext } from './accounts';
import { dienBienPlan2021, dienBienPlan2024, dienBienPlan2026, dienBienPlan2027, type PlanYear } from '../domain/calendar';
import { DEPARTMENTS, PROVINCIAL_DEPARTMENT_CODES, findDepartment } from '../domain/departments';
import type { Role } from '../domain/dossier';
import { DIEN_BIEN_UNIT_HISTORY } from '../domain/units';
import type { Db } from '../prisma/db';
import { writeUnits } from '../store/units';

export const SEEDED_PLANS: readonly PlanYear[] = [dienBienPlan2027, dienBienPlan2026, dienBienPlan2024, dienBienPlan2021];
export const planId = (p: Pick<PlanYear, 'year' | 'unitCode'>): string => `${p.year}:${p.unitCode}`;

export async function seedReferenceData(db: Db, now: Date): Promise<{ units: number; plans: number }> {
  await db.$transaction(async (tx) => writeUnits(tx, DIEN_BIEN_UNIT_HISTORY, 'insert-missing'), { timeout: 120_000, maxWait: 30_000 });
  for (const p of SEEDED_PLANS) {
    await db.plan.upsert({
      where: { year_unitCode: { year: p.year, unitCode: p.unitCode } },
      create: { id: planId(p), year: p.year, unitCode: p.unitCode, data: JSON.stringify(p), createdAt: now, updatedAt: now },
      update: {},
    });
  }
  return { units: DIEN_BIEN_UNIT_HISTORY.length, plans: SEEDED_PLANS.length };
}

interface DemoAccount {
  username: string;
  displayName: string;
  role: Exclude<Role, 'system'>;
  unitCode: string;
  department?: string;
}

const DISTRICT = 'dien-bien/tuan-giao';
const PROVINCE = 'dien-bien';

export function demoAccounts(): DemoAccount[] {
  const communes: DemoAccount[] = [
    ['quai-cang', 'Quài Cang'],
    ['quai-nua', 'Quài Nưa'],
    ['chieng-sinh', 'Chiềng Sinh'],
  ].map(([slug, name]) => ({ username: `xa.${slug}`, displayName: `Cán bộ NTM xã ${name}`, role: 'commune_official', unitCode: `${DISTRICT}/${slug}` }));
  const specialists: DemoAccount[] = DEPARTMENTS.map((d) => ({
    username: `huyen.${d.code.toLowerCase().replace(/_/g, '-')}`,
    displayName: `Chuyên viên ${d.nameVi}`,
    role: 'district_specialist',
    unitCode: DISTRICT,
    department: d.code,
  }));
  return [
    ...communes,
    ...specialists,
    { username: 'huyen.vpdp', displayName: 'Văn phòng điều phối NTM huyện Tuần Giáo', role: 'district_office', unitCode: DISTRICT },
    { username: 'huyen.chutich', displayName: 'Chủ tịch UBND huyện Tuần Giáo', role: 'district_chair', unitCode: DISTRICT },
    { username: 'tinh.vpdp', displayName: 'Văn phòng điều phối NTM tỉnh Điện Biên', role: 'provincial_office', unitCode: PROVINCE },
    { username: 'tinh.chutich', displayName: 'Chủ tịch UBND tỉnh Điện Biên', role: 'provincial_chair', unitCode: PROVINCE },
    { username: 'tinh.hoidong', displayName: 'Thành viên Hội đồng thẩm định tỉnh', role: 'council_member', unitCode: PROVINCE },
    { username: 'tinh.thanhtra', displayName: 'Thanh tra tỉnh (chỉ xem)', role: 'inspector', unitCode: PROVINCE },
    { username: 'quantri', displayName: 'Quản trị hệ thống', role: 'admin', unitCode: PROVINCE },
    ...twoTierDemoAccounts(),
  ];
}

/** Communes of the two-tier demo (units from 1/7/2025): the plan years 2026/2027 register them. */
export const TWO_TIER_DEMO_COMMUNES: readonly (readonly [code: string, name: string])[] = [
  ['dien-bien/xa-tuan-giao', 'Tuần Giáo'],
  ['dien-bien/xa-quai-to', 'Quài Tở'],
  ['dien-bien/xa-chieng-sinh', 'Chiềng Sinh'],
];

/**
 * The two-tier world's staff (from 1/7/2025): per demo commune its NTM official and the chair of its
 * people's committee (who recognises villages); per provincial department (sở, ngành) a specialist.
 * Usernames `xa2.<commune>`, `chutich.<commune>`, `so.<department>`.
 */
export function twoTierDemoAccounts(): DemoAccount[] {
  const slug = (code: string) =>
    code
      .split('/')
      .at(-1)!
      .replace(/^xa-|^phuong-/, '');
  const communes = TWO_TIER_DEMO_COMMUNES.flatMap(([code, name]): DemoAccount[] => [
    { username: `xa2.${slug(code)}`, displayName: `Công chức phụ trách NTM xã ${name}`, role: 'commune_official', unitCode: code },
    { username: `chutich.${slug(code)}`, displayName: `Chủ tịch UBND xã ${name}`, role: 'commune_chair', unitCode: code },
  ]);
  const departments = PROVINCIAL_DEPARTMENT_CODES.map((code): DemoAccount => ({
    username: `so.${code.toLowerCase().replace(/_/g, '-')}`,
    displayName: `Chuyên viên ${findDepartment(code)?.nameVi ?? code}`,
    role: 'provincial_specialist',
    unitCode: PROVINCE,
    department: code,
  }));
  return [...communes, ...departments];
}

/** Creates the demo accounts that do not exist yet; returns every demo login with its password. */
export async function seedDemoAccounts(db: Db, dataDir: string, now: Date): Promise<{ file: string; created: number; lines: string[] }> {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'demo-accounts.txt');
  const known = new Map<string, string>();
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const [u, p] = line.split('\t');
      if (u && p) known.set(u, p);
    }
  }
  const by: ChangeContext = { actor: { id: 'system', role: 'system', unitCode: PROVINCE }, at: now, comment: 'demo seed' };
  let created = 0;
  for (const a of demoAccounts()) {
    if (await db.user.findUnique({ where: { username: a.username } })) continue;
    const password = generatePassword();
    const u = await createUser(db, { username: a.username, displayName: a.displayName, email: `${a.username}@demo.ntm.local`, password }, by);
    if (!u.ok) throw new Error(`${u.error.code}: ${u.error.messageEn}`);
    const g = await grantRole(db, { userId: u.value.id, role: a.role, unitCode: a.unitCode, department: a.department as never }, by);
    if (!g.ok) throw new Error(`${g.error.code}: ${g.error.messageEn}`);
    known.set(a.username, password);
    created += 1;
  }
  const lines = demoAccounts()
    .filter((a) => known.has(a.username))
    .map((a) => `${a.username}\t${known.get(a.username)}\t${a.displayName}`);
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { file, created, lines };
}

/**
 * The demo's commune groups (2026-2030 thresholds): NO source assigns a group to any Điện Biên
 * commune (reform-2025.md: which communes are area II/III was not found), yet a 2026-2030 dossier
 * cannot open without one. The demo (npm start only, never `ntm seed`) puts its three registered
 * communes in group 3 (area II/III ethnic-minority and mountain communes — an assumption for the demo,
 * labelled so in its output); a real office imports the provincial decision instead. A group already
 * set is left alone.
 */
export const DEMO_COMMUNE_GROUP = 3 as const;
export async function seedDemoCommuneGroups(db: Db): Promise<number> {
  const r = await db.unit.updateMany({
    where: { code: { in: TWO_TIER_DEMO_COMMUNES.map(([c]) => c) }, communeGroup: null },
    data: { communeGroup: DEMO_COMMUNE_GROUP },
  });
  return r.count;
}
