import { describe, expect, it } from 'vitest';
import { PageWindow, type WindowPage, type WindowRequest } from '../../../src-renderer/src/ui/table/pageWindow';

/** A both-ways keyset source over 0..n-1: cursors are row numbers as text, as opaque to the window as the real ones. */
function source(n: number, size: number) {
  const calls: WindowRequest[] = [];
  const load = async (r: WindowRequest): Promise<WindowPage<number>> => {
    calls.push(r);
    let from: number;
    let to: number;
    if (r.at !== null) [from, to] = [Number(r.at), Math.min(n, Number(r.at) + size)];
    else if (r.cursor === null) [from, to] = r.direction === 'forward' ? [0, Math.min(n, size)] : [Math.max(0, n - size), n];
    else if (r.direction === 'forward') [from, to] = [Number(r.cursor) + 1, Math.min(n, Number(r.cursor) + 1 + size)];
    else [from, to] = [Math.max(0, Number(r.cursor) - size), Number(r.cursor)];
    const rows = Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
    return {
      rows,
      before: rows.length ? String(from) : r.cursor,
      after: rows.length ? String(to - 1) : r.cursor,
      hasBefore: from > 0,
      hasAfter: to < n,
    };
  };
  return { load, calls };
}

describe('PageWindow: a bounded window over a list paged both ways', () => {
  it('grows forwards to the end, dropping pages far behind, and keeps firstIndex in step', async () => {
    const { load } = source(1000, 100);
    const w = new PageWindow<number>(load, 300);
    await w.start();
    expect(w.rows).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(w.hasBefore).toBe(false);
    const seen = [...w.rows];
    while (await w.forward()) {
      seen.push(...w.rows.slice(-100));
      expect(w.rows.length).toBeLessThanOrEqual(300);
      expect(w.rows[0]).toBe(w.firstIndex);
    }
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(w.hasAfter).toBe(false);
    expect(w.hasBefore).toBe(true);
    // And back to the start from there, meeting every row again, in order.
    const startedAt = w.rows[0]!;
    const back: number[] = [];
    while (await w.backward()) back.unshift(...w.rows.slice(0, 100));
    expect(back).toEqual(Array.from({ length: startedAt }, (_, i) => i));
    expect(w.rows[0]).toBe(0);
    expect(w.firstIndex).toBe(0);
  });

  it('starts at the end or at a place, and drops an answer a newer start made stale', async () => {
    const { load } = source(1000, 100);
    const w = new PageWindow<number>(load, 500);
    await w.start({ edge: 'end' });
    expect(w.rows.at(-1)).toBe(999);
    expect(w.hasAfter).toBe(false);
    const stale = w.start({ at: '10' });
    const fresh = w.start({ at: '500' });
    await Promise.all([stale, fresh]);
    expect(w.rows[0]).toBe(500);
    expect(w.startedAt).toBe('at');
  });

  it('says a failed page failed, and a failed start has its page still to get', async () => {
    let fail = true;
    const w = new PageWindow<number>(async () =>
      fail ? null : { rows: [1], before: null, after: null, hasBefore: false, hasAfter: false },
    );
    await w.start();
    expect(w.failed).toBe(true);
    expect(w.hasAfter).toBe(true);
    fail = false;
    await w.start();
    expect(w.failed).toBe(false);
    expect(w.rows).toEqual([1]);
  });
});
