import { userInfo } from 'node:os';
import type { Command } from 'commander';
import {
  createUser,
  findUser,
  generatePassword,
  grantRole,
  listGrants,
  listUsers,
  resetPassword,
  revokeGrant,
  signInLock,
  unlockAccount,
  type ChangeContext,
} from '../../app/accounts';
import { endOfDay, parseVnDate, startOfDay } from '../../domain/calendar';
import { domainError } from '../../domain/errors';
import type { Db } from '../../prisma/db';
import { withDb } from '../context';

/**
 * Who the audit records as the author of a CLI change: the operating-system account at the console.
 * The CLI is the bootstrap path (it creates the first administrator), so it acts as 'system' and its
 * unit is 'cli'; the API instead records the signed-in administrator.
 */
function cliActor(now: Date): ChangeContext {
  let who = 'unknown';
  try {
    who = userInfo().username;
  } catch {
    /* no passwd entry (containers) */
  }
  return { actor: { id: `cli:${who}`, role: 'system', unitCode: 'cli' }, at: now, comment: 'ntm users (CLI)' };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function vnDay(v: string, edge: 'start' | 'end'): Date {
  const d = parseVnDate(v);
  if (!d.ok) throw d.error;
  return new Date(edge === 'start' ? startOfDay(d.value) : endOfDay(d.value));
}

async function userId(db: Db, ref: string): Promise<string> {
  const u = await findUser(db, ref);
  if (!u) throw domainError('USER.NOT_FOUND', `Không có người dùng "${ref}"`, `No user "${ref}"`);
  return u.id;
}

export function registerUsers(program: Command): void {
  const users = program.command('users').description('Tài khoản và phân quyền / accounts and role grants');

  users
    .command('create <username>')
    .description('Tạo tài khoản / create an account')
    .requiredOption('--name <displayName>', 'họ tên / display name')
    .option('--email <email>', 'thư điện tử / e-mail')
    .option('--password-stdin', 'đọc mật khẩu từ stdin / read the password from stdin')
    .option('--generate-password', 'sinh mật khẩu ngẫu nhiên và in ra một lần / generate a password and print it once')
    .action(async (username: string, o: { name: string; email?: string; passwordStdin?: boolean; generatePassword?: boolean }) => {
      if (!!o.passwordStdin === !!o.generatePassword) {
        throw domainError(
          'CLI.PASSWORD_SOURCE',
          'Chọn đúng một: --password-stdin hoặc --generate-password',
          'Choose exactly one of --password-stdin or --generate-password',
        );
      }
      const password = o.generatePassword ? generatePassword() : await readStdin();
      const r = await withDb((db) => createUser(db, { username, displayName: o.name, email: o.email, password }, cliActor(new Date())));
      if (!r.ok) throw r.error;
      process.stdout.write(`✓ Đã tạo / created ${r.value.username} (${r.value.id})\n`);
      if (o.generatePassword) process.stdout.write(`  Mật khẩu / password: ${password}\n  (chỉ hiện một lần / shown once)\n`);
    });

  users
    .command('grant <username>')
    .description('Cấp vai trò cho một đơn vị / grant a role for a unit (with --on-behalf-of: a delegation, ủy quyền)')
    .requiredOption(
      '--role <role>',
      'commune_official, district_specialist, district_office, district_chair, provincial_office, provincial_specialist, council_member, provincial_chair, inspector, admin',
    )
    .requiredOption('--unit <unitCode>', 'mã đơn vị / unit code, e.g. dien-bien/tuan-giao')
    .option('--department <code>', 'phòng, ban (chuyên viên) / department for specialists, e.g. TN_MT')
    .option('--from <dd/mm/yyyy>', 'hiệu lực từ ngày / valid from (start of day, Vietnam)')
    .option('--to <dd/mm/yyyy>', 'hiệu lực đến hết ngày / valid to (end of day, Vietnam)')
    .option('--on-behalf-of <username>', 'người ủy quyền / the delegator')
    .action(async (username: string, o: { role: string; unit: string; department?: string; from?: string; to?: string; onBehalfOf?: string }) => {
      await withDb(async (db) => {
        const r = await grantRole(
          db,
          {
            userId: await userId(db, username),
            role: o.role as never,
            unitCode: o.unit,
            department: o.department as never,
            validFrom: o.from ? vnDay(o.from, 'start') : undefined,
            validTo: o.to ? vnDay(o.to, 'end') : undefined,
            delegatedBy: o.onBehalfOf ? await userId(db, o.onBehalfOf) : undefined,
          },
          cliActor(new Date()),
        );
        if (!r.ok) throw r.error;
        const g = r.value;
        process.stdout.write(
          `✓ ${username}: ${g.role} @ ${g.unitCode}${g.department ? ` (${g.department})` : ''}${g.delegatedBy ? ` — ủy quyền bởi / delegated by ${o.onBehalfOf}` : ''}${g.validFrom || g.validTo ? ` [${g.validFrom ?? '…'} – ${g.validTo ?? '…'}]` : ''} (${g.id})\n`,
        );
      });
    });

  users
    .command('revoke <grantId>')
    .description('Chấm dứt một quyền ngay bây giờ / end a grant now')
    .action(async (grantId: string) => {
      const r = await withDb((db) => revokeGrant(db, grantId, cliActor(new Date())));
      if (!r.ok) throw r.error;
      process.stdout.write(`✓ Đã chấm dứt / ended ${grantId} (${r.value.validTo})\n`);
    });

  users
    .command('unlock <username>')
    .description('Mở khóa tài khoản bị khóa do đăng nhập sai nhiều lần / unlock an account locked by failed sign-ins (audited)')
    .action(async (username: string) => {
      const r = await withDb((db) => unlockAccount(db, username, cliActor(new Date())));
      if (!r.ok) throw r.error;
      process.stdout.write(
        r.value.wasLocked
          ? `✓ Đã mở khóa / unlocked ${r.value.username} (${r.value.failures} lần sai / failed sign-ins cleared)\n`
          : `✓ ${r.value.username} không bị khóa / was not locked (${r.value.failures} lần sai đã xóa / failed sign-ins cleared)\n`,
      );
    });

  users
    .command('reset-password <username>')
    .description(
      'Đặt lại mật khẩu (mọi phiên đăng nhập kết thúc, tài khoản được mở khóa) / reset a password: every session ends, the account is unlocked (audited)',
    )
    .option('--password-stdin', 'đọc mật khẩu từ stdin / read the password from stdin')
    .option('--generate-password', 'sinh mật khẩu ngẫu nhiên và in ra một lần / generate a password and print it once')
    .action(async (username: string, o: { passwordStdin?: boolean; generatePassword?: boolean }) => {
      if (!!o.passwordStdin === !!o.generatePassword) {
        throw domainError(
          'CLI.PASSWORD_SOURCE',
          'Chọn đúng một: --password-stdin hoặc --generate-password',
          'Choose exactly one of --password-stdin or --generate-password',
        );
      }
      const password = o.generatePassword ? generatePassword() : await readStdin();
      const r = await withDb(async (db) => resetPassword(db, await userId(db, username), password, cliActor(new Date())));
      if (!r.ok) throw r.error;
      process.stdout.write(`✓ Đã đặt lại mật khẩu / password reset for ${username}; ${r.value.sessionsRevoked} phiên đã kết thúc / sessions ended\n`);
      if (o.generatePassword) process.stdout.write(`  Mật khẩu / password: ${password}\n  (chỉ hiện một lần / shown once)\n`);
    });

  users
    .command('list')
    .description('Danh sách tài khoản và quyền / accounts with their grants')
    .action(async () => {
      await withDb(async (db) => {
        const [all, grants] = await Promise.all([listUsers(db), listGrants(db)]);
        const now = Date.now();
        for (const u of all) {
          const lock = await signInLock(db, u.username);
          process.stdout.write(
            `${u.username}\t${u.displayName}${u.email ? ` <${u.email}>` : ''}${u.active ? '' : ' [khóa / disabled]'}${lock?.lockedAt ? ` [tạm khóa do đăng nhập sai / locked by failed sign-ins since ${lock.lockedAt}]` : ''}\t${u.id}\n`,
          );
          for (const g of grants.filter((x) => x.userId === u.id)) {
            const ended = g.validTo !== null && Date.parse(g.validTo) < now;
            process.stdout.write(
              `  - ${g.role} @ ${g.unitCode}${g.department ? ` (${g.department})` : ''}${g.delegatedBy ? ` ủy quyền / delegated by ${g.delegatedBy}` : ''}${g.validFrom || g.validTo ? ` [${g.validFrom ?? '…'} – ${g.validTo ?? '…'}]` : ''}${ended ? ' (hết hiệu lực / ended)' : ''} ${g.id}\n`,
            );
          }
        }
        if (all.length === 0) process.stdout.write('Chưa có tài khoản / no accounts\n');
      });
    });
}
