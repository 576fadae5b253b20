import type { Command } from 'commander';
import { registerAudit } from './audit';
import { registerBackup } from './backup';
import { registerCampaign } from './campaign';
import { registerDb } from './db';
import { registerDossier } from './dossier';
import { registerDossiers } from './dossiers';
import { registerImport } from './import';
import { registerProvision } from './provision';
import { registerReport } from './report';
import { registerSeed } from './seed';
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
  registerSeed(program);
  registerCampaign(program);
  registerDossiers(program);
  registerDossier(program);
  registerBackup(program);
}
