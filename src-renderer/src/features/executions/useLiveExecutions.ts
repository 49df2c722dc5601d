import { useCallback, useMemo, useState } from 'react';
import { LIMITS } from '../../../../src-main/shared/limits';
import type { ExecutionDto } from '../../../../src-main/shared/model/workflows';
import { callOrToast } from '../../api/callOrToast';
import { usePolling, type PollingState } from '../../ui/usePolling';

export interface LiveExecutions {
  rows: ExecutionDto[];
  running: number;
  polling: PollingState;
  /** When the running ones were last read (null: not yet). */
  checkedAt: string | null;
  /** Forget the updates (the list is loaded again from the top). */
  reset(): void;
}

/**
 * Keeps the running executions of a list up to date: their current state is asked for every few
 * seconds (usePolling: the wait doubles while nothing finishes, and stops while the window is
 * hidden or none is running) and laid over the rows as loaded.
 */
export function useLiveExecutions(loaded: readonly ExecutionDto[]): LiveExecutions {
  const [updates, setUpdates] = useState<{ rows: Record<string, ExecutionDto>; checkedAt: string | null }>({ rows: {}, checkedAt: null });
  const rows = useMemo(() => loaded.map((r) => updates.rows[r.id] ?? r), [loaded, updates]);
  const runningIds = rows
    .filter((r) => r.status === 'running')
    .map((r) => r.id)
    .slice(0, LIMITS.pageSize.max);
  const key = runningIds.join(',');
  const poll = useCallback(async () => {
    const ids = key.split(',');
    const answer = await callOrToast('executions/updates', { ids });
    if (!answer) return false;
    let finished = false;
    setUpdates((u) => {
      const next = { ...u.rows };
      for (const row of answer.rows) {
        if (row.status !== 'running') finished = true;
        next[row.id] = row;
      }
      return { rows: next, checkedAt: answer.readAt };
    });
    // An execution that finished is news: look again soon for the others.
    return finished || answer.rows.some((r) => r.status !== 'running');
  }, [key]);
  const polling = usePolling(runningIds.length > 0, poll);
  const reset = useCallback(() => setUpdates({ rows: {}, checkedAt: null }), []);
  return { rows, running: runningIds.length, polling, checkedAt: updates.checkedAt, reset };
}
