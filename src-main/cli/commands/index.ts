import type { Command } from '../command';
import { healthCommand, initCommand, migrateStatusCommand, migrateUpCommand } from './database';
import { demoCommand, verifyDbCommand, verifyFileCommand } from './integrity';

/** Every command, in the order `govcon --help` lists them. */
export const COMMANDS: readonly Command[] = [
  healthCommand,
  initCommand,
  migrateStatusCommand,
  migrateUpCommand,
  verifyFileCommand,
  verifyDbCommand,
  demoCommand,
];
