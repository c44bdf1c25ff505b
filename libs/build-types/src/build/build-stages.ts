import { z } from 'zod';
import { opt } from '../shared/schema-helpers.js';

/** Coarse stages recorded in `status.stages`. */
export const StageName = {
  FetchInputs: 'FetchInputs',
  PullImages: 'PullImages',
  Build: 'Build',
  PostCommit: 'PostCommit',
  PushImage: 'PushImage',
} as const;
export type StageName = (typeof StageName)[keyof typeof StageName];

/** Steps inside a stage, with OpenShift's names. */
export const StepName = {
  FetchGitSource: 'FetchGitSource',
  PullBaseImage: 'PullBaseImage',
  PullInputImage: 'PullInputImage',
  DockerBuild: 'DockerBuild',
  /** The push step of S2I builds. */
  PushImage: 'PushImage',
  /** The push step of Docker builds. */
  PushDockerImage: 'PushDockerImage',
  RunPostCommitHook: 'RunPostCommitHook',
} as const;
export type StepName = (typeof StepName)[keyof typeof StepName];

/** One timed step. */
export const stepInfoSchema = z.looseObject({
  /** Step name. */
  name: z.enum(StepName),
  /** RFC 3339 start time. */
  startTime: opt(z.string()),
  /** How long the step took. */
  durationMilliseconds: opt(z.number().int()),
});
export type StepInfo = z.infer<typeof stepInfoSchema>;

/** One timed stage; its duration runs from its start to the end of its latest step. */
export const stageInfoSchema = z.looseObject({
  /** Stage name. */
  name: z.enum(StageName),
  /** RFC 3339 start time. */
  startTime: opt(z.string()),
  /** How long the stage took. */
  durationMilliseconds: opt(z.number().int()),
  /** Steps in the order they ran. */
  steps: opt(z.array(stepInfoSchema)),
});
export type StageInfo = z.infer<typeof stageInfoSchema>;
