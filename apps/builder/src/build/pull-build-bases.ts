import type { EventOf } from '@kiln/events';
import type { BaseImages, BasePullReport } from '../storage/base-images.js';

type Job = EventOf<'kiln.v1.stage.dockerfile.generated'>;

export type BasePullOptions = {
  forcePull: boolean;
  /** The strategy's pull secret, for every base but the previous image. */
  authfile?: string;
  /** The output's push secret, for the previous image of an incremental build. */
  incrementalAuthfile?: string;
  log: (line: string) => void;
  signal: AbortSignal;
};

/**
 * Pulls a job's base images into the node's shared store. The previous image of an incremental
 * build is pulled with the push secret's credentials, those the generator checked it with, and
 * always afresh: its tag moves with every build of the BuildConfig, so the copy on this node may
 * be an older output (an unchanged image downloads nothing).
 */
export async function pullBuildBases(
  bases: Pick<BaseImages, 'ensure'>,
  job: Pick<Job, 'baseImages' | 'incremental'>,
  options: BasePullOptions,
): Promise<BasePullReport> {
  const { authfile, incrementalAuthfile, ...common } = options;
  const previous = job.incremental?.image;
  const report = await bases.ensure(
    job.baseImages.filter((image) => image !== previous),
    { ...common, ...(authfile ? { authfile } : {}) },
  );
  if (previous === undefined) {
    return report;
  }
  const again = await bases.ensure([previous], {
    ...common,
    forcePull: true,
    ...(incrementalAuthfile ? { authfile: incrementalAuthfile } : {}),
  });
  return {
    pulled: [...report.pulled, ...again.pulled],
    reused: [...report.reused, ...again.reused],
    bytes: report.bytes + again.bytes,
  };
}
