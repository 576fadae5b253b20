/** Reference units and office staff for workflow tests (rows written straight into the test database). */
import { randomUUID } from 'node:crypto';
import { DIEN_BIEN_UNITS } from '../../domain/units';
import type { Db } from '../../prisma/db';

export async function seedUnits(db: Db, prefix = 'dien-bien/tuan-giao'): Promise<void> {
  const units = DIEN_BIEN_UNITS.filter((u) => u.code === 'dien-bien' || u.code === prefix || u.code.startsWith(`${prefix}/`));
  for (const u of units) {
    await db.unit.upsert({ where: { code: u.code }, create: { code: u.code, level: u.level, name: u.name, parentCode: u.parentCode }, update: {} });
  }
}

export interface Staff {
  username: string;
  role: string;
  unitCode: string;
  department?: string;
  email: string;
}

export async function seedStaff(db: Db, staff: Staff[]): Promise<void> {
  for (const s of staff) {
    const id = randomUUID();
    await db.user.create({
      data: { id, username: s.username, displayName: s.username, email: s.email, passwordHash: 'not-a-login', createdAt: new Date() },
    });
    await db.roleGrant.create({
      data: { id: randomUUID(), userId: id, role: s.role, unitCode: s.unitCode, department: s.department ?? null, createdAt: new Date() },
    });
  }
}
