import { describe, expect, it } from 'vitest';
import { appHandlers } from '../../../../src-main/domains/app/handlers';
import { JobManager } from '../../../../src-main/platform/jobs/job-manager';
import type { AppInfo } from '../../../../src-main/shared/model/app';

const info: AppInfo = { name: 'Governance Console', version: '0.0.0', dataDir: '/tmp', shell: 'test-host' };
const jobs = new JobManager({ emit: () => undefined });

describe('dialog/open-file', () => {
  it("answers with the shell's dialog: the chosen path, or null when cancelled", async () => {
    const asked: unknown[] = [];
    const answers = ['/data/audit.jsonl', null];
    const handlers = appHandlers(info, jobs, {
      openFile: async (options) => {
        asked.push(options);
        return answers.shift() ?? null;
      },
    });
    const filters = [{ name: 'Audit log', extensions: ['jsonl'] }];
    expect(await handlers['dialog/open-file']({ title: 'Choose', filters })).toEqual({ path: '/data/audit.jsonl' });
    expect(await handlers['dialog/open-file']({})).toEqual({ path: null });
    expect(asked).toEqual([{ title: 'Choose', filters }, {}]);
  });

  it('without a dialog (the command line), says to type the path', async () => {
    await expect(appHandlers(info, jobs)['dialog/open-file']({})).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('type the file path'),
    });
  });
});
