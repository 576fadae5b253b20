import type { Command } from 'commander';
import { registerDb } from './db';
import { registerProvision } from './provision';

/** Every CLI command module, one line each. */
export function registerCommands(program: Command): void {
  registerProvision(program);
  registerDb(program);
}
