/** Pieces every contract file uses: the output-type carrier and the common input schemas. */
import { z } from 'zod';
import { LIMITS } from '../limits';

/** A phantom value that carries an output type through `typeof`. */
export const returns = <T>(): T => undefined as unknown as T;

export const none = z.object({}).strict();
export const uuid = z.string().uuid();
export const jobId = z.object({ jobId: uuid }).strict();
export const profileId = z.object({ id: z.string().min(1).max(64) }).strict();
export const metadata = z.record(z.string(), z.unknown());
export const cursor = z.string().max(LIMITS.cursorLength).nullable().optional();
export const limit = z.number().int().min(1).max(LIMITS.pageSize.max).optional();
export const filePath = z.string().min(1).max(LIMITS.pathLength);
/** A password travels renderer → main once, to be encrypted at rest; it never comes back. */
export const password = z.string().min(1).max(1024);
