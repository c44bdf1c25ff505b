import type { Build, StageInfo, StepInfo } from '@kiln/build-types';
import type { EventOf } from '@kiln/events';

type Step = { name: string; startTime: string; durationMilliseconds: number };

/** Folds a finished stage and its steps into status.stages, as OpenShift reports them. */
export function withStage(build: Build, stageName: string, steps: Step[]): Build {
  if (steps.length === 0) {
    return build;
  }
  const start = steps.map((s) => s.startTime).sort()[0] ?? new Date().toISOString();
  const stage: StageInfo = {
    name: stageName as StageInfo['name'],
    startTime: start,
    durationMilliseconds: steps.reduce((sum, s) => sum + s.durationMilliseconds, 0),
    steps: steps.map((s) => ({ name: s.name, startTime: s.startTime, durationMilliseconds: s.durationMilliseconds }) as StepInfo),
  };
  const stages = [...(build.status?.stages ?? []).filter((s) => s.name !== stageName), stage];
  return { ...build, status: { ...build.status, phase: build.status?.phase ?? 'New', stages } };
}

export function withRevision(build: Build, revision: EventOf<'kiln.v1.stage.source.fetched'>['revision']): Build {
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
