import { useCallback, useEffect, useState } from 'react';
import type { ChannelInput, ChannelOutput } from '../../../src-main/shared/contract';
import { tryCall, type NonNullChannel } from '../api/callOrToast';

export interface Reading<T> {
  /** The latest answer; kept while reading again. */
  value: T | null;
  /** The latest read failed (the error was shown): the page says so instead of "Reading…" for ever. */
  failed: boolean;
  reading: boolean;
  reload(): void;
}

/**
 * A channel read for a card or a page: on mount, when the input changes, and on reload(). Like
 * api/useCall, with the failure kept as state, so that what could not be read says so.
 */
export function useReading<C extends NonNullChannel>(channel: C, input: ChannelInput<C>): Reading<ChannelOutput<C>> {
  const [state, setState] = useState<{ value: ChannelOutput<C> | null; failed: boolean; done: string | null }>({
    value: null,
    failed: false,
    done: null,
  });
  const [version, setVersion] = useState(0);
  const key = JSON.stringify(input);
  const asked = `${key}#${version}`;
  useEffect(() => {
    let live = true;
    void tryCall(channel, JSON.parse(key) as ChannelInput<C>).then((outcome) => {
      if (!live) return;
      setState((s) => (outcome.ok ? { value: outcome.value, failed: false, done: asked } : { ...s, failed: true, done: asked }));
    });
    return () => {
      live = false;
    };
  }, [channel, key, asked]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { value: state.value, failed: state.failed && state.done === asked, reading: state.done !== asked, reload };
}
