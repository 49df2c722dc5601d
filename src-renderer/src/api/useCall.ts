import { useCallback, useEffect, useState } from 'react';
import type { ChannelInput, ChannelOutput } from '../../../src-main/shared/contract';
import { callOrToast, type NonNullChannel } from './callOrToast';

export interface CallResult<T> {
  /** The latest answer; null until the first one, and kept (not cleared) while reloading. */
  value: T | null;
  reload(): void;
}

/**
 * Loads a channel's answer for a component: on mount, whenever the input changes, on reload(),
 * and every `refreshMs` when given. A failure is shown by callOrToast and leaves the last value.
 * Answers that arrive after the input changed or the component went away are dropped.
 */
export function useCall<C extends NonNullChannel>(channel: C, input: ChannelInput<C>, refreshMs?: number): CallResult<ChannelOutput<C>> {
  const [value, setValue] = useState<ChannelOutput<C> | null>(null);
  const [version, setVersion] = useState(0);
  // Inputs are plain JSON (they cross IPC as such), so their text is their identity: callers may
  // pass a fresh object literal on every render without reloading.
  const key = JSON.stringify(input);
  useEffect(() => {
    let live = true;
    const load = () =>
      void callOrToast(channel, JSON.parse(key) as ChannelInput<C>).then((answer) => {
        if (live && answer !== null) setValue(answer);
      });
    load();
    const timer = refreshMs ? setInterval(load, refreshMs) : undefined;
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [channel, key, version, refreshMs]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { value, reload };
}
