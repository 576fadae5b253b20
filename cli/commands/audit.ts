import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  approvalsBy,
  buildExport,
  criterionApprovals,
  dossierTrail,
  exportCsv,
  exportJson,
  formatWhoApprovedWhat,
  parseCsvExport,
  verifyExport,
  whoApprovedWhat,
  type AuditEntry,
  type AuditExport,
  verifyChain,
} from '../../app/audit';
import { findUser } from '../../app/accounts';
import { endOfDay, formatVnDateTime, parseVnDate, startOfDay } from '../../domain/calendar';
import { domainError } from '../../domain/errors';
import { loadConfig } from '../../infra/config';
import type { Db } from '../../prisma/db';
import { withDb } from '../context';

type Format = 'text' | 'csv' | 'json';

function format(v: string): Format {
  if (v === 'text' || v === 'csv' || v === 'json') return v;
  throw domainError('CLI.INVALID_FORMAT', `Định dạng "${v}" không hỗ trợ (text, csv, json)`, `Unsupported format "${v}" (text, csv, json)`);
}

/** dd/mm/yyyy → the first (or last) instant of that day in Vietnam. */
function vnDay(v: string, edge: 'start' | 'end'): Date {
  const d = parseVnDate(v);
  if (!d.ok) throw d.error;
  return new Date(edge === 'start' ? startOfDay(d.value) : endOfDay(d.value));
}

function line(e: AuditEntry): string {
  const behalf = e.onBehalfOf ? ` (thay mặt / on behalf of ${e.onBehalfOf})` : '';
  const crit = e.criterion ? ` tiêu chí / criterion ${e.criterion}` : '';
  return `#${e.seq} ${formatVnDateTime(Date.parse(e.at))} ${e.actorId} [${e.actorRole}${e.actorUnit ? ` @ ${e.actorUnit}` : ''}]${behalf} ${e.action}${crit} ${e.dossierId ?? ''}${e.comment ? ` — ${e.comment}` : ''}`;
}

async function emit(db: Db, records: AuditEntry[], query: Record<string, unknown>, fmt: Format, out: string | undefined): Promise<void> {
  let text: string;
  if (fmt === 'text') {
    text = records.length > 0 ? `${records.map(line).join('\n')}\n` : 'Không có bản ghi / no records\n';
  } else {
    const x = await buildExport(db, records, query, new Date());
    text = fmt === 'csv' ? exportCsv(x) : exportJson(x);
    if (!x.proof.verify.ok) {
      process.stderr.write(
        `⚠ Chuỗi nhật ký bị phá vỡ / the audit chain is broken: ${x.proof.verify.firstBreak?.reasonVi} / ${x.proof.verify.firstBreak?.reasonEn}\n`,
      );
    }
  }
  if (out) {
    writeFileSync(out, text, 'utf8');
    process.stdout.write(`✓ ${records.length} bản ghi / records → ${out}\n`);
  } else {
    process.stdout.write(text);
  }
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('Nhật ký kiểm toán / audit trail');

  audit
    .command('verify')
    .description('Kiểm tra toàn bộ chuỗi băm / verify the whole hash chain (exit 1 when broken)')
    .action(async () => {
      const r = await withDb((db) => verifyChain(db));
      if (r.ok) {
        process.stdout.write(`✓ Chuỗi hợp lệ / chain verified: ${r.records} bản ghi / records, đầu chuỗi / head ${r.headHash}\n`);
        return;
      }
      const b = r.firstBreak!;
      process.stdout.write(
        `✗ Chuỗi bị phá vỡ tại bản ghi #${b.seq} (${b.eventId}) / chain broken at record #${b.seq} (${b.eventId})\n  ${b.reasonVi}\n  ${b.reasonEn}\n`,
      );
      process.exitCode = 1;
    });

  audit
    .command('trail <dossierId>')
    .description('Toàn bộ nhật ký của một hồ sơ / the full trail of a dossier (csv/json carry the chain proof)')
    .option('--format <format>', 'text | csv | json', 'text')
    .option('--out <file>', 'ghi ra tệp / write to a file')
    .action(async (dossierId: string, o: { format: string; out?: string }) => {
      const fmt = format(o.format);
      await withDb(async (db) => emit(db, await dossierTrail(db, dossierId), { dossierId }, fmt, o.out));
    });

  audit
    .command('report <dossierId>')
    .description('Ai đã phê duyệt gì / who approved what on a dossier, in order')
    .action(async (dossierId: string) => {
      const lines = await withDb((db) => whoApprovedWhat(db, dossierId));
      process.stdout.write(lines.length > 0 ? `${formatWhoApprovedWhat(lines).join('\n')}\n` : 'Không có phê duyệt nào / no approvals\n');
    });

  audit
    .command('approvals')
    .description('Mọi phê duyệt của một người trong một khoảng thời gian / everything a person approved in a period')
    .requiredOption('--person <usernameOrId>', 'tên đăng nhập hoặc mã người dùng / username or user id')
    .requiredOption('--from <dd/mm/yyyy>', 'từ ngày / from (inclusive)')
    .requiredOption('--to <dd/mm/yyyy>', 'đến ngày / to (inclusive)')
    .option('--format <format>', 'text | csv | json', 'text')
    .option('--out <file>', 'ghi ra tệp / write to a file')
    .action(async (o: { person: string; from: string; to: string; format: string; out?: string }) => {
      const fmt = format(o.format);
      const from = vnDay(o.from, 'start');
      const to = vnDay(o.to, 'end');
      await withDb(async (db) => {
        const personId = (await findUser(db, o.person))?.id ?? o.person;
        const records = await approvalsBy(db, { personId, from, to });
        await emit(db, records, { personId, from: from.toISOString(), to: to.toISOString() }, fmt, o.out);
      });
    });

  audit
    .command('criterion <criterion>')
    .description('Mọi lần thẩm tra một tiêu chí trong một huyện / every review of a criterion across a district')
    .requiredOption('--district <unitCode>', 'mã đơn vị huyện / district unit code, e.g. dien-bien/tuan-giao')
    .option('--format <format>', 'text | csv | json', 'text')
    .option('--out <file>', 'ghi ra tệp / write to a file')
    .action(async (criterion: string, o: { district: string; format: string; out?: string }) => {
      const fmt = format(o.format);
      await withDb(async (db) =>
        emit(db, await criterionApprovals(db, { criterion, districtUnitCode: o.district }), { criterion, district: o.district }, fmt, o.out),
      );
    });

  audit
    .command('verify-export <file>')
    .description('Kiểm tra lại một tệp xuất (csv/json) không cần cơ sở dữ liệu / re-verify an export file offline (exit 1 when it fails)')
    .action((file: string) => {
      const text = readFileSync(file, 'utf8');
      const x: AuditExport = text.trimStart().startsWith('{') ? (JSON.parse(text) as AuditExport) : parseCsvExport(text);
      const r = verifyExport(x);
      if (r.ok) {
        process.stdout.write(
          `✓ ${r.records} bản ghi, ${r.links} mắt xích hợp lệ / records and links verified; đầu chuỗi khi xuất / head at export ${r.headHash}\n`,
        );
        return;
      }
      if (!r.chainVerifiedAtExport) process.stdout.write('✗ Chuỗi đã bị phá vỡ khi xuất / the chain was already broken at export\n');
      for (const p of r.problems) process.stdout.write(`✗ #${p.seq}${p.eventId ? ` (${p.eventId})` : ''}: ${p.reasonVi} / ${p.reasonEn}\n`);
      process.exitCode = 1;
    });
}
