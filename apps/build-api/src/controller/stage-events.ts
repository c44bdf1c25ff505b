import {
  StageName,
  stageOfStep,
  type Build,
  type StageInfo,
  type StepInfo,
  type StepName,
} from '@kiln/build-types';
import type { EventOf } from '@kiln/events';

type Step = { name: StepName; startTime: string; durationMilliseconds: number };
type Built = EventOf<'kiln.v1.stage.image.built'>;

const STAGE_ORDER: readonly string[] = Object.values(StageName);

/**
 * The builder's steps, in their stages, with its figures: layer cache use
 * (`cache: { hits, misses }`) on the DockerBuild step, bytes of base images downloaded
 * (`pulled: { bytes }`) on the PullImages stage. OpenShift's StageInfo and StepInfo have no such
 * fields; clients decoding a Build (oc, client-go) ignore fields they do not know.
 */
export function withBuiltSteps(
  build: Build,
  built: Pick<Built, 'steps' | 'cache' | 'pulled'>,
): Build {
  const steps = built.steps.map((step) =>
    step.name === 'DockerBuild' && built.cache ? { ...step, cache: { ...built.cache } } : step,
  );
  const recorded = withSteps(build, steps);
  const stages = recorded.status?.stages;
  if (!built.pulled || !stages?.some((s) => s.name === 'PullImages')) {
    return recorded;
  }
  return {
    ...recorded,
    status: {
      ...recorded.status,
      phase: recorded.status?.phase ?? 'New',
      stages: stages.map((s) =>
        s.name === 'PullImages' ? { ...s, pulled: { ...built.pulled } } : s,
      ),
    },
  };
}

/** Files each finished step under its stage of status.stages (build-types' `stageOfStep`). */
export function withSteps(build: Build, steps: readonly Step[]): Build {
  const byStage = new Map<StageName, Step[]>();
  for (const step of steps) {
    const stage = stageOfStep[step.name];
    byStage.set(stage, [...(byStage.get(stage) ?? []), step]);
  }
  let recorded = build;
  for (const [stage, stageSteps] of byStage) {
    recorded = withStage(recorded, stage, stageSteps);
  }
  return recorded;
}

/**
 * Folds finished steps into one stage, as OpenShift reports them: a stage lasts from its first
 * step's start to the end of its latest step. Steps merge by name into what the stage already
 * holds (several workers share FetchInputs and PushImage), so a redelivered event replaces its
 * steps instead of adding them twice. Stages stay in the order builds run them.
 */
export function withStage(build: Build, stageName: StageName, steps: readonly Step[]): Build {
  if (steps.length === 0) {
    return build;
  }
  const existing = build.status?.stages?.find((s) => s.name === stageName);
  const merged = [
    ...(existing?.steps ?? []).filter((old) => !steps.some((s) => s.name === old.name)),
    ...steps.map((s): StepInfo => ({ ...s })),
  ].sort((a, b) => Date.parse(a.startTime ?? '') - Date.parse(b.startTime ?? ''));
  const starts = merged.map((s) => Date.parse(s.startTime ?? '')).filter(Number.isFinite);
  const ends = merged.map((s) => Date.parse(s.startTime ?? '') + (s.durationMilliseconds ?? 0));
  const start = starts.length > 0 ? Math.min(...starts) : Date.now();
  const end = Math.max(start, ...ends.filter(Number.isFinite));
  const stage: StageInfo = {
    ...existing,
    name: stageName,
    startTime: new Date(start).toISOString(),
    durationMilliseconds: end - start,
    steps: merged,
  };
  const stages = [...(build.status?.stages ?? []).filter((s) => s.name !== stageName), stage].sort(
    (a, b) => STAGE_ORDER.indexOf(a.name) - STAGE_ORDER.indexOf(b.name),
  );
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
