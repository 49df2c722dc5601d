import type { Command } from '../command';
import { healthCommand, initCommand, migrateStatusCommand, migrateUpCommand } from './database';
import { demoCommand, verifyDbCommand, verifyFileCommand } from './integrity';
import { importJsonlCommand, verifyCustodyCommand } from './import';
import { usersBulkCommand, usersCreateCommand, usersDeleteCommand, usersDisableCommand, usersDormantCommand, usersEnableCommand, usersListCommand, usersSetRoleCommand, usersShowCommand } from './users';
import { apiKeysCheckCommand, apiKeysCreateCommand, apiKeysListCommand, apiKeysRevokeCommand, apiKeysRotateCommand } from './api-keys';

/** Every command, in the order `govcon --help` lists them. */
export const COMMANDS: readonly Command[] = [
  healthCommand,
  initCommand,
  migrateStatusCommand,
  migrateUpCommand,
  verifyFileCommand,
  verifyDbCommand,
  demoCommand,
  importJsonlCommand,
  verifyCustodyCommand,
  usersListCommand,
  usersShowCommand,
  usersCreateCommand,
  usersDisableCommand,
  usersEnableCommand,
  usersSetRoleCommand,
  usersDeleteCommand,
  usersDormantCommand,
  usersBulkCommand,
  apiKeysCreateCommand,
  apiKeysListCommand,
  apiKeysRevokeCommand,
  apiKeysRotateCommand,
  apiKeysCheckCommand,
];
