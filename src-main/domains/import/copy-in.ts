/** Sending COPY … FROM STDIN data that is already in memory (a batch, a page of custody lines). */
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** Runs `sql` (a COPY … FROM STDIN) with `data` as its whole input; resolves once the server has taken it. */
export async function copyIn(client: pg.Client, sql: string, data: string | Buffer): Promise<void> {
  const stream = client.query(copyFrom(sql));
  await new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
    stream.end(data);
  });
}
