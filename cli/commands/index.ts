import type { Command } from 'commander';
import { registerAudit } from './audit';
import { registerDb } from './db';
import { registerImport } from './import';
import { registerProvision } from './provision';
import { registerReport } from './report';
import { registerStart } from './start';
import { registerUsers } from './users';

/** Every CLI command module, one line each. */
export function registerCommands(program: Command): void {
  registerStart(program);
  registerProvision(program);
  registerDb(program);
  registerImport(program);
  registerReport(program);
  registerAudit(program);
  registerUsers(program);
}
