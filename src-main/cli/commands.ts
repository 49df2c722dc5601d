import type { Command } from '../platform/cli/command';
import { healthCommand, initCommand, migrateStatusCommand, migrateUpCommand } from '../domains/database/commands';
import { demoCommand, verifyDbCommand, verifyFileCommand } from '../domains/verification/commands';
import { importJsonlCommand, verifyCustodyCommand } from '../domains/import/commands';
import { usersBulkCommand, usersCreateCommand, usersDeleteCommand, usersDisableCommand, usersDormantCommand, usersEnableCommand, usersListCommand, usersSetRoleCommand, usersShowCommand } from '../domains/users/commands';
import { apiKeysCheckCommand, apiKeysCreateCommand, apiKeysListCommand, apiKeysRevokeCommand, apiKeysRotateCommand } from '../domains/api-keys/commands';

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
