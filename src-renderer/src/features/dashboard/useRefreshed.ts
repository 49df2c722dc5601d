import { useEffect, useRef } from 'react';
import type { ChannelInput } from '../../../../src-main/shared/contract';
import type { NonNullChannel } from '../../api/callOrToast';
import { useCall, type CallResult } from '../../api/useCall';
import type { ChannelOutput } from '../../../../src-main/shared/contract';

/** A card's channel, read on mount, on its own refresh, and again whenever `all` (Refresh all) moves on. */
export function useRefreshed<C extends NonNullChannel>(channel: C, input: ChannelInput<C>, all: number): CallResult<ChannelOutput<C>> {
  const result = useCall(channel, input);
  const seen = useRef(all);
  const { reload } = result;
  useEffect(() => {
    if (seen.current === all) return;
    seen.current = all;
    reload();
  }, [all, reload]);
  return result;
}
