/**
 * Saved views of the audit log (filter, columns, order), kept per connection profile in the
 * data folder (`audit-views.json`), written atomically. A view's filter is stored in canonical
 * form, so it reads back exactly as the page and `govcon audit list --filter` understand it.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { AUDIT_ORDERS, type AuditView } from '../../shared/model/audit-log';
import { FileLock, readJsonIfExists, writeFileAtomic } from '../../platform/files/atomic-file';
import { normaliseFilter } from '../../shared/model/audit-filter';

export const VIEWS_FILE = 'audit-views.json';
export const MAX_VIEWS_PER_PROFILE = 200;

const viewSchema = z.object({
  id: z.string().uuid(),
  name: z.string().min(1).max(100),
  filter: z.string().max(2000),
  columns: z.array(z.string().max(40)).max(40),
  order: z.enum(AUDIT_ORDERS),
  savedAt: z.string(),
});
const fileSchema = z.object({ version: z.literal(1), profiles: z.record(z.string(), z.array(viewSchema)) });
type ViewsFile = z.infer<typeof fileSchema>;

export interface ViewInput {
  name: string;
  filter: string;
  columns: string[];
  order: AuditView['order'];
}

export class AuditViewStore {
  private readonly lock = new FileLock();
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, VIEWS_FILE);
  }

  private async read(): Promise<ViewsFile> {
    const raw = await readJsonIfExists(this.file);
    if (raw === undefined) return { version: 1, profiles: {} };
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) throw new AppError('FILE_ERROR', `${this.file} is not a saved-views file this console can read: move it aside.`);
    return parsed.data;
  }

  async list(profileId: string): Promise<AuditView[]> {
    return (await this.read()).profiles[profileId] ?? [];
  }

  /** Saves a view by name: a view of the same name (ignoring case) is replaced. */
  save(profileId: string, input: ViewInput, now = new Date()): Promise<AuditView> {
    return this.lock.run(async () => {
      const name = input.name.trim();
      if (!name) throw new AppError('VALIDATION', 'A saved view needs a name.');
      const normal = normaliseFilter(input.filter);
      if (!normal.ok) throw new AppError('VALIDATION', `The view's filter is not valid: ${normal.error.message}`);
      const data = await this.read();
      const views = data.profiles[profileId] ?? [];
      const existing = views.find((v) => v.name.toLowerCase() === name.toLowerCase());
      if (!existing && views.length >= MAX_VIEWS_PER_PROFILE)
        throw new AppError('VALIDATION', `A connection keeps at most ${MAX_VIEWS_PER_PROFILE} saved views: delete one first.`);
      const view: AuditView = {
        id: existing?.id ?? crypto.randomUUID(),
        name,
        filter: normal.text,
        columns: input.columns,
        order: input.order,
        savedAt: now.toISOString(),
      };
      data.profiles[profileId] = [...views.filter((v) => v !== existing), view].sort((a, b) => a.name.localeCompare(b.name));
      await writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`);
      return view;
    });
  }

  remove(profileId: string, id: string): Promise<boolean> {
    return this.lock.run(async () => {
      const data = await this.read();
      const views = data.profiles[profileId] ?? [];
      const kept = views.filter((v) => v.id !== id);
      if (kept.length === views.length) return false;
      data.profiles[profileId] = kept;
      await writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`);
      return true;
    });
  }
}
