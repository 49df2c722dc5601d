import { useEffect, useRef } from 'react';
import type { ChannelInput, ChannelOutput } from '../../../../src-main/shared/contract';
import type { NonNullChannel } from '../../api/callOrToast';
import { useReading, type Reading } from '../../ui/useReading';

/** A card's channel, read on mount, on its own refresh, and again whenever `all` (Refresh all) moves on. */
export function useRefreshed<C extends NonNullChannel>(channel: C, input: ChannelInput<C>, all: number): Reading<ChannelOutput<C>> {
  const result = useReading(channel, input);
  const seen = useRef(all);
  const { reload } = result;
  useEffect(() => {
    if (seen.current === all) return;
    seen.current = all;
    reload();
  }, [all, reload]);
  return result;
}
