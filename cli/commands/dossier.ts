/**
 * Issue 15: `ntm dossier package <id> [--out <file>]` writes the dossier package (ZIP: every current
 * document, criteria.xlsx, summary.html, manifest.json with every hash and the audit chain proof);
 * `ntm dossier verify-package <file>` verifies one offline (no database) and names the first mismatch
 * (exit code 1 then).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { operatorPackage, verifyPackage } from '../../app/package';
import { documentStore, loadConfig } from '../../infra/config';
import { withDb } from '../context';

export function registerDossier(program: Command): void {
  const dossier = program.command('dossier').description('Một hồ sơ / one dossier (package, verify-package)');
  dossier
    .command('package <id>')
    .description('Lập gói hồ sơ (ZIP) để chuyển cấp trên / build the dossier package (ZIP) for the next level')
    .option('--out <file>', 'tệp ZIP / the ZIP file (default: <id>.zip with / replaced)')
    .action(async (id: string, opts: { out?: string }) => {
      const config = loadConfig();
      const zip = await withDb((db) => operatorPackage(db, config.DATA_DIR, id, new Date(), documentStore(config)), config);
      const out = opts.out ?? `${id.replace(/[^a-zA-Z0-9._-]+/g, '_')}.zip`;
      writeFileSync(out, zip);
      process.stdout.write(`✓ Gói hồ sơ / package → ${out} (${zip.length} bytes)\n`);
    });
  dossier
    .command('verify-package <file>')
    .description('Kiểm tra gói hồ sơ không cần cơ sở dữ liệu / verify a package offline')
    .action(async (file: string) => {
      const r = await verifyPackage(readFileSync(file));
      if (r.ok) {
        process.stdout.write(
          `✓ Gói hồ sơ hợp lệ / package verified: ${r.files} tệp / files, ${r.documents} văn bản / documents, ${r.auditRecords} bản ghi nhật ký / audit records\n`,
        );
        return;
      }
      const p = r.firstProblem;
      process.stdout.write(`✗ Gói hồ sơ không khớp / package does not verify${p?.path ? ` — ${p.path}` : ''}: ${p?.reasonVi} / ${p?.reasonEn}\n`);
      process.exitCode = 1;
    });
}
