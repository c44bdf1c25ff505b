import type { Build, StageInfo, StepInfo } from '@kiln/build-types';
import type { EventOf } from '@kiln/events';

type Step = { name: string; startTime: string; durationMilliseconds: number };
type Built = EventOf<'kiln.v1.stage.image.built'>;

/**
 * The builder's steps with its figures on the step each belongs to: layer cache use
 * (`cache: { hits, misses }`) on DockerBuild, bytes of base images downloaded
 * (`pulled: { bytes }`) on PullImages. OpenShift's StepInfo has no such fields, and adding them
 * to a step keeps the Build readable: clients decoding one (oc, client-go) ignore fields they do
 * not know, where a step of a new name would be shown to them as an unknown step.
 */
export function builtSteps(built: Pick<Built, 'steps' | 'cache' | 'pulled'>): Step[] {
  return built.steps.map((step) => {
    if (step.name === 'DockerBuild' && built.cache) {
      return { ...step, cache: { ...built.cache } };
    }
    if (step.name === 'PullImages' && built.pulled) {
      return { ...step, pulled: { ...built.pulled } };
    }
    return step;
  });
}

/**
 * Folds finished steps into their stage of status.stages, as OpenShift reports them. Steps merge
 * by name into what the stage already holds (two workers share FetchInputs), so a redelivered
 * event replaces its steps instead of adding them twice.
 */
export function withStage(build: Build, stageName: string, steps: Step[]): Build {
  if (steps.length === 0) {
    return build;
  }
  const existing = build.status?.stages?.find((s) => s.name === stageName)?.steps ?? [];
  const merged = [
    ...existing.filter((old) => !steps.some((s) => s.name === old.name)),
    ...steps.map((s) => ({ ...s }) as StepInfo),
  ];
  const start =
    merged
      .map((s) => s.startTime ?? '')
      .filter(Boolean)
      .sort()[0] ?? new Date().toISOString();
  const stage: StageInfo = {
    name: stageName as StageInfo['name'],
    startTime: start,
    durationMilliseconds: merged.reduce((sum, s) => sum + (s.durationMilliseconds ?? 0), 0),
    steps: merged,
  };
  const stages = [...(build.status?.stages ?? []).filter((s) => s.name !== stageName), stage];
  return { ...build, status: { ...build.status, phase: build.status?.phase ?? 'New', stages } };
}

export function withRevision(
  build: Build,
  revision: EventOf<'kiln.v1.stage.source.fetched'>['revision'],
): Build {
  if (!revision?.commit) {
    return build;
  }
  const git = {
    commit: revision.commit,
    message: revision.message,
    author: { name: revision.authorName, email: revision.authorEmail },
    committer: { name: revision.committerName, email: revision.committerEmail },
  };
  return { ...build, spec: { ...build.spec, revision: { type: 'Git', git } } };
}
