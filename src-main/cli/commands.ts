/** Every domain's govcon commands, merged in the order `govcon --help` lists them. */
import { apiKeyCommands } from '../domains/api-keys/commands';
import { auditLogCommands } from '../domains/audit-log/commands';
import { databaseCommands } from '../domains/database/commands';
import { demoCommands } from '../domains/demo/commands';
import { importJsonlCommand, verifyCustodyCommand } from '../domains/import/commands';
import { userCommands } from '../domains/users/commands';
import { verificationCommands } from '../domains/verification/commands';
import type { Command } from '../platform/cli/command';

export const COMMANDS: readonly Command[] = [
  ...databaseCommands,
  ...verificationCommands,
  ...demoCommands,
  importJsonlCommand,
  verifyCustodyCommand,
  ...userCommands,
  ...apiKeyCommands,
  ...auditLogCommands,
];
