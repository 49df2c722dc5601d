/**
 * A window of rows over a keyset-paged list that pages both ways: it starts at the top, the end
 * or a given place, grows by a page after its last row or before its first, and drops whole
 * pages from the far side once it holds more than `maxRows`, so memory stays bounded however
 * far one scrolls (1,000,000 rows included). No React and no DOM here: the table's hook wraps it,
 * and tests drive it directly.
 */

/** One page as a both-ways keyset channel returns it (audit/list's AuditPage has this shape). */
export interface WindowPage<T> {
  rows: T[];
  before: string | null;
  after: string | null;
  hasBefore: boolean;
  hasAfter: boolean;
}

/** Where to start: the first page, the last one, or a place the source understands (a time). */
export type WindowStart = { edge: 'start' } | { edge: 'end' } | { at: string };

export interface WindowRequest {
  cursor: string | null;
  direction: 'forward' | 'backward';
  at: string | null;
}

/** Null when the call failed (the failure was shown already). */
export type LoadWindowPage<T, P extends WindowPage<T> = WindowPage<T>> = (request: WindowRequest) => Promise<P | null>;

interface Chunk<T> {
  rows: T[];
  before: string | null;
  after: string | null;
  hasBefore: boolean;
  hasAfter: boolean;
}

export class PageWindow<T, P extends WindowPage<T> = WindowPage<T>> {
  private chunks: Chunk<T>[] = [];
  private generation = 0;
  private busy: 'start' | 'forward' | 'backward' | null = null;
  /** Rows dropped from (positive) or added before (negative) the first row seen: keeps scrolling anchored. */
  firstIndex = 0;
  /** The last page answered (its count, timings…), for the caller. */
  lastPage: P | null = null;
  failed = false;
  /** Counts starts; with `startedAt`, tells a table where to put its scroll box after one. */
  starts = 0;
  startedAt: 'start' | 'end' | 'at' = 'start';
  /** Goes up on every change (what a subscriber compares). */
  version = 0;
  private listeners = new Set<() => void>();

  constructor(
    private readonly load: LoadWindowPage<T, P>,
    private readonly maxRows = 5000,
  ) {}

  private flat: { version: number; rows: T[] } = { version: -1, rows: [] };
  /** Every row held, in order: the same array until the window changes. */
  get rows(): T[] {
    if (this.flat.version !== this.version) {
      this.flat = { version: this.version, rows: this.chunks.length === 1 ? this.chunks[0]!.rows : this.chunks.flatMap((c) => c.rows) };
    }
    return this.flat.rows;
  }
  get hasBefore(): boolean {
    return this.chunks[0]?.hasBefore ?? false;
  }
  get hasAfter(): boolean {
    return this.chunks.at(-1)?.hasAfter ?? (this.failed && this.chunks.length === 0);
  }
  get loading(): boolean {
    return this.busy !== null;
  }
  get loadingDirection(): 'start' | 'forward' | 'backward' | null {
    return this.busy;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  private changed(): void {
    this.version++;
    this.listeners.forEach((l) => l());
  }

  /** Starts again at `start`; an answer to anything asked before is dropped. */
  async start(start: WindowStart = { edge: 'start' }): Promise<void> {
    const generation = ++this.generation;
    this.starts++;
    this.startedAt = 'at' in start ? 'at' : start.edge;
    this.busy = 'start';
    this.failed = false;
    this.changed();
    const request: WindowRequest =
      'at' in start
        ? { cursor: null, direction: 'forward', at: start.at }
        : { cursor: null, direction: start.edge === 'start' ? 'forward' : 'backward', at: null };
    const page = await this.load(request);
    if (generation !== this.generation) return;
    this.busy = null;
    if (!page) {
      this.chunks = [];
      this.failed = true;
    } else {
      this.lastPage = page;
      this.chunks = [chunkOf(page)];
      this.firstIndex = 0;
    }
    this.changed();
  }

  /** The page after the last row; false when there is none or a page is on its way. */
  async forward(): Promise<boolean> {
    const last = this.chunks.at(-1);
    if (this.busy || !last?.hasAfter || !last.after) return false;
    return this.step('forward', last.after);
  }

  /** The page before the first row. */
  async backward(): Promise<boolean> {
    const first = this.chunks[0];
    if (this.busy || !first?.hasBefore || !first.before) return false;
    return this.step('backward', first.before);
  }

  private async step(direction: 'forward' | 'backward', cursor: string): Promise<boolean> {
    const generation = this.generation;
    this.busy = direction;
    this.changed();
    const page = await this.load({ cursor, direction, at: null });
    if (generation !== this.generation) return false;
    this.busy = null;
    if (!page) {
      this.failed = true;
      this.changed();
      return false;
    }
    this.failed = false;
    this.lastPage = page;
    const chunk = chunkOf(page);
    if (direction === 'forward') {
      if (page.rows.length) this.chunks.push(chunk);
      else this.chunks.at(-1)!.hasAfter = false;
      while (this.size() > this.maxRows && this.chunks.length > 1) this.firstIndex += this.chunks.shift()!.rows.length;
    } else {
      if (page.rows.length) {
        this.chunks.unshift(chunk);
        this.firstIndex -= chunk.rows.length;
      } else this.chunks[0]!.hasBefore = false;
      while (this.size() > this.maxRows && this.chunks.length > 1) this.chunks.pop();
    }
    this.changed();
    return page.rows.length > 0;
  }

  private size(): number {
    return this.chunks.reduce((n, c) => n + c.rows.length, 0);
  }
}

function chunkOf<T>(page: WindowPage<T>): Chunk<T> {
  return { rows: page.rows, before: page.before, after: page.after, hasBefore: page.hasBefore, hasAfter: page.hasAfter };
}
