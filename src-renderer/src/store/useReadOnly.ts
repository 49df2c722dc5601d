import { useStore } from './index';

/** Whether the active connection refuses changes (enforced by the server; the window only says so). */
export function useReadOnly(): boolean {
  return useStore((s) => s.connection?.readOnly ?? false);
}
