import type { Command } from 'commander';
import { registerDb } from './db';
import { registerProvision } from './provision';
import { registerStart } from './start';

/** Every CLI command module, one line each. */
export function registerCommands(program: Command): void {
  registerStart(program);
  registerProvision(program);
  registerDb(program);
}
