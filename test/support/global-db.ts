import type { TestProject } from 'vitest/node';
import { findAdminServer } from './admin-url';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await findAdminServer();
  process.stderr.write(`[integration] PostgreSQL from ${server.source}\n`);
  project.provide('adminUrl', server.url);
  return () => server.stop();
}
