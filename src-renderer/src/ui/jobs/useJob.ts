import { useState } from 'react';
import type { JobFinished, JobRef } from '../../../../src-main/shared/model/jobs';
import { useStore } from '../../store';

export interface JobHandle<R> {
  jobId: string | null;
  /** Started and not finished yet. */
  running: boolean;
  finished: JobFinished | undefined;
  /** The job's result once it succeeded, typed by the caller. */
  result: R | null;
  /** Follows the job a start call answered with (null: the call failed, nothing to follow). */
  follow(started: Promise<JobRef | null>): Promise<void>;
}

/** One long job of a card: the one started last, its progress and outcome come from the store. */
export function useJob<R>(): JobHandle<R> {
  const [jobId, setJobId] = useState<string | null>(null);
  const finished = useStore((s) => (jobId ? s.finished[jobId] : undefined));
  const follow = async (started: Promise<JobRef | null>) => {
    const ref = await started;
    if (ref) setJobId(ref.jobId);
  };
  const result = finished?.status === 'succeeded' ? (finished.result as R) : null;
  return { jobId, running: jobId !== null && !finished, finished, result, follow };
}
