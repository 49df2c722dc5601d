import crypto from 'node:crypto';

/** Names this Playwright run, so its shared demo database (shared-demo.ts) is its own. */
export default function globalSetup(): void {
  process.env.GOVCON_E2E_RUN ??= `${Date.now().toString(36)}${crypto.randomBytes(3).toString('hex')}`;
}
