import type { ErrorDto } from '../../../src-main/shared/errors';

type FailureListener = (channel: string, error: ErrorDto) => void;

const listeners = new Set<FailureListener>();

/**
 * Where calls that failed in this window are announced. The store listens (store/index.ts) and
 * shows each as a toast, beside main's own `call/failed` events; keeping the two apart from the
 * store keeps api/ free of React and of the store.
 */
export function onCallFailed(listener: FailureListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function reportCallFailed(channel: string, error: ErrorDto): void {
  listeners.forEach((listener) => listener(channel, error));
}
