import { findAdminServer } from '../../support/admin-url';
import { dropSharedDemo } from './shared-demo';

/** Drops the run's shared demo database, when one was made. */
export default async function globalTeardown(): Promise<void> {
  // GOVCON_E2E_KEEP_DEMO=1 keeps it for the next run with the same GOVCON_E2E_RUN (working on one spec).
  if (process.env.GOVCON_E2E_KEEP_DEMO === '1') return;
  const admin = await findAdminServer();
  try {
    await dropSharedDemo(admin.url);
  } finally {
    await admin.stop();
  }
}
