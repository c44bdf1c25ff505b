import { StepName } from '@kiln/build-types';
import type { EventOf } from '@kiln/events';
import type { BaseImages, BasePullReport, PulledImage } from '../storage/base-images.js';

type Job = EventOf<'kiln.v1.stage.dockerfile.generated'>;
type Step = EventOf<'kiln.v1.stage.image.built'>['steps'][number];

export type BasePullOptions = {
  forcePull: boolean;
  /** The strategy's pull secret, for every base but the previous image. */
  authfile?: string;
  /** The output's push secret, for the previous image of an incremental build. */
  incrementalAuthfile?: string;
  log: (line: string) => void;
  signal: AbortSignal;
};

/** The pulls with the build's PullImages steps: one per image actually pulled, as OpenShift. */
export type BuildBasesReport = BasePullReport & { steps: Step[] };

const stepsOf = (name: Step['name'], pulled: readonly PulledImage[]): Step[] =>
  pulled.map(({ startTime, durationMilliseconds }) => ({ name, startTime, durationMilliseconds }));

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
): Promise<BuildBasesReport> {
  const { authfile, incrementalAuthfile, ...common } = options;
  const previous = job.incremental?.image;
  const report = await bases.ensure(
    job.baseImages.filter((image) => image !== previous),
    { ...common, ...(authfile ? { authfile } : {}) },
  );
  const baseSteps = stepsOf(StepName.PullBaseImage, report.pulled);
  if (previous === undefined) {
    return { ...report, steps: baseSteps };
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
    steps: [...baseSteps, ...stepsOf(StepName.PullInputImage, again.pulled)],
  };
}
