import { stageInfoSchema, stepInfoSchema, type Build, type StepName } from '@kiln/build-types';
import { withBuiltSteps, withStage, withSteps } from './stage-events.js';

/** A step starting `at` seconds past 10:00 and lasting `ms`. */
const step = (name: StepName, at = 0, ms = 100) => ({
  name,
  startTime: new Date(Date.UTC(2025, 5, 1, 10, 0, at)).toISOString(),
  durationMilliseconds: ms,
});

const aBuild = (): Build => ({
  apiVersion: 'build.openshift.io/v1',
  kind: 'Build',
  metadata: { name: 'app-1', namespace: 'a' },
  spec: { strategy: { type: 'Docker', dockerStrategy: {} } },
  status: { phase: 'Running' },
});

const stagesOf = (build: Build) =>
  (build.status?.stages ?? []).map((s) => ({
    name: s.name,
    steps: (s.steps ?? []).map((t) => t.name),
  }));

describe(withSteps.name, () => {
  it('files every worker step under its OpenShift stage, stages in the order builds run them', () => {
    let build = withSteps(aBuild(), [step('FetchGitSource', 0), step('StoreSourceBundle', 1)]);
    build = withSteps(build, [step('GenerateDockerfile', 2)]);
    build = withBuiltSteps(build, {
      steps: [
        step('PullSourceBundle', 3),
        step('PullBaseImage', 4),
        step('PullBaseImage', 5),
        step('PullInputImage', 6),
        step('DockerBuild', 7),
        step('StoreStagingImage', 8),
      ],
    });
    build = withSteps(build, [step('PushDockerImage', 9)]);
    expect(stagesOf(build)).toEqual([
      {
        name: 'FetchInputs',
        steps: ['FetchGitSource', 'StoreSourceBundle', 'GenerateDockerfile', 'PullSourceBundle'],
      },
      { name: 'PullImages', steps: ['PullBaseImage', 'PullBaseImage', 'PullInputImage'] },
      { name: 'Build', steps: ['DockerBuild'] },
      { name: 'PushImage', steps: ['StoreStagingImage', 'PushDockerImage'] },
    ]);
    for (const stage of build.status?.stages ?? []) {
      expect(stageInfoSchema.parse(stage)).toEqual(stage);
    }
  });

  it('gives a stage the span from its first start to the end of its latest step', () => {
    // 10:00:00 for 100 ms, then 10:00:05 for 2 s: the stage lasts 7 s, not the steps' 2.1 s.
    const build = withSteps(aBuild(), [
      step('FetchGitSource', 0, 100),
      step('StoreSourceBundle', 5, 2000),
    ]);
    expect(build.status?.stages?.[0]).toMatchObject({
      name: 'FetchInputs',
      startTime: '2025-06-01T10:00:00.000Z',
      durationMilliseconds: 7000,
    });
  });

  it('replaces the steps a redelivered event brings again instead of adding them twice', () => {
    const once = withSteps(aBuild(), [step('FetchGitSource', 0), step('StoreSourceBundle', 1)]);
    const twice = withSteps(once, [step('FetchGitSource', 0), step('StoreSourceBundle', 1)]);
    expect(twice.status?.stages).toEqual(once.status?.stages);
  });

  it('leaves a build without steps as it was', () => {
    const build = aBuild();
    expect(withSteps(build, [])).toBe(build);
    expect(withStage(build, 'Build', [])).toBe(build);
  });
});

describe(withBuiltSteps.name, () => {
  const steps = [step('PullBaseImage', 0), step('DockerBuild', 1), step('StoreStagingImage', 2)];

  it('puts cache use on DockerBuild and pulled bytes on the PullImages stage', () => {
    const build = withBuiltSteps(aBuild(), {
      steps,
      cache: { hits: 2, misses: 1 },
      pulled: { bytes: 1024 },
    });
    const stage = (name: string) => build.status?.stages?.find((s) => s.name === name);
    expect(stageInfoSchema.parse(stage('PullImages'))).toMatchObject({ pulled: { bytes: 1024 } });
    const dockerBuild = stage('Build')?.steps?.find((s) => s.name === 'DockerBuild');
    expect(stepInfoSchema.parse(dockerBuild)).toMatchObject({ cache: { hits: 2, misses: 1 } });
  });

  it('records no PullImages stage when every base was already on the builder', () => {
    const build = withBuiltSteps(aBuild(), {
      steps: [step('DockerBuild', 1)],
      cache: { hits: 0, misses: 3 },
      pulled: { bytes: 0 },
    });
    expect(stagesOf(build)).toEqual([{ name: 'Build', steps: ['DockerBuild'] }]);
  });

  it('leaves the steps as they are for an event without figures (an older builder)', () => {
    const build = withBuiltSteps(aBuild(), { steps });
    const recorded = (build.status?.stages ?? []).flatMap((s) => s.steps ?? []);
    expect(recorded).toEqual(steps);
  });
});
