/**
 * Fills batches as lines are read and hands them to the writers in turn, so that reading
 * and verifying the next batch overlaps with writing the previous ones: each connection
 * writes one batch at a time, and PostgreSQL works on one while another commits. Batches are
 * reused once written, so memory stays flat: at most one per connection plus the one being
 * filled (and those a single chunk completed).
 */
import type { Batch } from './batch';
import type { BatchWriter } from './batch-writer';
import type { MappedAuditRow } from './map-line';

export class BatchPipeline {
  private readonly inflight: (Promise<void> | null)[];
  private turn = 0;
  /** The first write that failed: nothing more is handed over once it is known. */
  private failure: { error: unknown } | null = null;
  private readonly spare: Batch[] = [];
  /** Full batches waiting to be written (a chunk read may fill more than one). */
  private readonly ready: Batch[] = [];
  private current: Batch;

  /**
   * @param createBatch makes an empty batch when no written one can be reused
   * @param onWritten called each time a batch has been committed
   */
  constructor(
    private readonly writers: readonly BatchWriter[],
    private readonly createBatch: () => Batch,
    private readonly onWritten: () => void,
  ) {
    this.inflight = writers.map(() => null);
    this.current = this.emptyBatch();
  }

  /** Adds an ok line to the batch being filled (see Batch.add). */
  add(line: number, hash: string, bytes: Uint8Array, row: MappedAuditRow): void {
    this.current.add(line, hash, bytes, row);
    if (this.current.full) {
      this.ready.push(this.current);
      this.current = this.emptyBatch();
    }
  }

  /** Hands over the batches that are full; rejects with the first failed write. */
  async writeFull(): Promise<void> {
    for (let full = this.ready.shift(); full !== undefined; full = this.ready.shift()) await this.write(full);
  }

  /** At the end of the file: hands over every batch, the last one partly filled, and waits until all are written. */
  async finish(): Promise<void> {
    await this.writeFull();
    if (this.current.count > 0) await this.write(this.current);
    await this.drain();
  }

  /** Waits until the batches handed over are written; rejects with the first failed write. */
  async drain(): Promise<void> {
    await Promise.all(this.inflight);
    this.inflight.fill(null);
    if (this.failure) throw this.failure.error;
  }

  /** Waits for the writes under way, whatever becomes of them (before the import gives up). */
  async settle(): Promise<void> {
    await Promise.all(this.inflight);
  }

  private emptyBatch(): Batch {
    return this.spare.pop() ?? this.createBatch();
  }

  /** Waits for the next connection in turn to be free, then hands it the batch. */
  private async write(batch: Batch): Promise<void> {
    const k = this.turn++ % this.writers.length;
    if (this.inflight[k]) await this.inflight[k];
    if (this.failure) throw this.failure.error;
    this.inflight[k] = this.writers[k]!.write(batch).then(
      () => {
        batch.reset();
        this.spare.push(batch);
        this.onWritten();
      },
      (error: unknown) => {
        this.failure ??= { error };
      },
    );
  }
}
