/** Worker-thread entry: the long integrity jobs the domains hand to a thread of their own. */
import { runCustodyTask, runImportTask } from './domains/import/worker-task';
import { runVerifyDbRangeTask, runVerifyDbTask, runVerifyFileTask } from './domains/verification/worker-tasks';
import { serveWorkerTask } from './platform/jobs/worker-protocol';

serveWorkerTask({
  'verify-db': runVerifyDbTask,
  'verify-db-range': runVerifyDbRangeTask,
  'verify-file': runVerifyFileTask,
  'import-jsonl': runImportTask,
  'verify-custody': runCustodyTask,
});
