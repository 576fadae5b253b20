import type { Command } from 'commander';
import { checkToolchain, consoleReporter, ensureTemporalCli, ensureTestServer, formatToolchainReport } from '../../infra/toolchain';

export function registerProvision(program: Command): void {
  program
    .command('provision')
    .description('Chuẩn bị Temporal CLI và máy chủ kiểm thử / provision the Temporal CLI and test server')
    .option('--check', 'chỉ kiểm tra, không cài / only report what is there')
    .option('--with-test-server', 'cả máy chủ kiểm thử Java / also the Java time-skipping test server')
    .action(async (opts: { check?: boolean; withTestServer?: boolean }) => {
      const reporter = consoleReporter();
      if (opts.check) {
        const items = await checkToolchain({ ...reporter });
        process.stdout.write(`${formatToolchainReport(items)}\n`);
        if (items.some((i) => !i.ok)) process.exitCode = 1;
        return;
      }
      const cli = await ensureTemporalCli({ ...reporter });
      process.stdout.write(`temporal: ${cli}\n`);
      if (opts.withTestServer) process.stdout.write(`test server: ${await ensureTestServer({ ...reporter })}\n`);
    });
}
