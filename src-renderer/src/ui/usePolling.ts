import { useEffect, useLayoutEffect, useRef, useState } from 'react';

export interface PollingOptions {
  /** The first delay, and the delay after a poll that saw a change. */
  minMs?: number;
  /** The longest delay, reached by doubling while nothing changes. */
  maxMs?: number;
}

export type PollingState = { state: 'off' } | { state: 'waiting'; delayMs: number } | { state: 'paused' };

/**
 * Calls `poll` while `active`: first after minMs, then after a delay that doubles each time
 * `poll` resolves false (nothing changed), up to maxMs, and falls back to minMs when it resolves
 * true. Stops while the window is hidden (document.visibilityState) and polls at once when it is
 * shown again. One poll at a time; nothing after unmount.
 */
export function usePolling(active: boolean, poll: () => Promise<boolean>, options: PollingOptions = {}): PollingState {
  const { minMs = 2000, maxMs = 30_000 } = options;
  const latest = useRef(poll);
  useLayoutEffect(() => {
    latest.current = poll;
  });
  const [state, setState] = useState<PollingState>({ state: 'off' });

  useEffect(() => {
    if (!active) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = minMs;
    const schedule = (ms: number) => {
      clearTimeout(timer);
      if (document.visibilityState === 'hidden') {
        setState({ state: 'paused' });
        return;
      }
      setState({ state: 'waiting', delayMs: ms });
      timer = setTimeout(() => void tick(), ms);
    };
    const tick = async () => {
      const changed = await latest.current().catch(() => false);
      if (!live) return;
      delay = changed ? minMs : Math.min(delay * 2, maxMs);
      schedule(delay);
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') {
        clearTimeout(timer);
        setState({ state: 'paused' });
      } else {
        delay = minMs;
        clearTimeout(timer);
        void tick();
      }
    };
    document.addEventListener('visibilitychange', onVisibility);
    schedule(delay);
    return () => {
      live = false;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [active, minMs, maxMs]);
  return active ? state : { state: 'off' };
}
