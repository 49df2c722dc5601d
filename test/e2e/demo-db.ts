import { generateDemoData } from '../../src-main/domains/demo/demo-data';
import { createSequelize } from '../../src-main/platform/db/sequelize';
import { connectClient } from '../../src-main/platform/db/pg-client';
import { initialise } from '../../src-main/schema/migrator';

/**
 * Initialises the database behind `url` and fills it with demo data, in this process: what
 * `govcon init` and `govcon demo` do, without starting the command line twice (a second or more
 * each). Seeded: the same rows every run.
 */
export async function demoDatabase(url: string, rows: number): Promise<void> {
  const sequelize = createSequelize({ url, pool: { size: 2, maxOverflow: 0 } });
  try {
    await initialise(sequelize, { operator: { name: 'Browser Tests', email: null } });
  } finally {
    await sequelize.close();
  }
  const client = await connectClient(url);
  try {
    await generateDemoData(client, { rows, seed: 20261201 });
  } finally {
    await client.end();
  }
}
