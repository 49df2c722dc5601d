/**
 * Writes through a production profile are confirmed first, naming the server and the database
 * (shared/contract/writes.ts says which channels write). The store tells this module which
 * connection is active (store/index.ts), which keeps api/ free of the store.
 */
import type { ConnectionSummary } from '../../../src-main/shared/model/connections';
import { isDatabaseWrite, productionQuestion } from '../../../src-main/shared/contract/writes';

let activeConnection: () => ConnectionSummary | null = () => null;

export function setConnectionSource(source: () => ConnectionSummary | null): () => void {
  activeConnection = source;
  return () => {
    activeConnection = () => null;
  };
}

/** True when the call may go: not a write, not production, or confirmed by the person. */
/** The window's own confirm dialog (through globalThis: this file is also type-checked with the tests, as Node code). */
const windowConfirm = (question: string): boolean => (globalThis as unknown as { confirm(q: string): boolean }).confirm(question);

export function confirmProductionWrite(channel: string, ask: (question: string) => boolean = windowConfirm): boolean {
  const connection = activeConnection();
  if (!connection || connection.environment.trim().toLowerCase() !== 'production' || !isDatabaseWrite(channel)) return true;
  return ask(productionQuestion(connection, channel));
}
