#!/usr/bin/env -S npx tsx
/**
 * `ntm`: the operator CLI (npm run ntm -- <command>). Each command lives in cli/commands/<name>.ts and
 * registers itself here. Failures print one clear line (Vietnamese / English) and exit non-zero
 * (cli/output.ts: 1 refused or failed, 2 usage, 75 the database or another dependency unavailable).
 */
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands';
import { failureExitCode, failureMessage } from './output';

export function buildProgram(): Command {
  const program = new Command('ntm').description('NTM Dossier Engine — công cụ vận hành / operator CLI').showHelpAfterError().exitOverride();
  registerCommands(program);
  return program;
}

export async function main(argv: string[] = process.argv): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    process.stderr.write(`${failureMessage(e)}\n`);
    return failureExitCode(e);
  }
}

if (require.main === module) {
  void main().then((code) => process.exit(code));
}
