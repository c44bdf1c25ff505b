import { stepInfoSchema, type Build } from '@kiln/build-types';
import { builtSteps, withStage } from './stage-events.js';

const step = (name: string) => ({
  name,
  startTime: '2025-06-01T10:00:00Z',
  durationMilliseconds: 100,
});

const aBuild = (): Build => ({
  apiVersion: 'build.openshift.io/v1',
  kind: 'Build',
  metadata: { name: 'app-1', namespace: 'a' },
  spec: { strategy: { type: 'Docker', dockerStrategy: {} } },
  status: { phase: 'Running' },
});

describe(builtSteps.name, () => {
  const steps = ['PullSourceBundle', 'PullImages', 'DockerBuild', 'StoreStagingImage'].map(step);

  it('puts cache use on DockerBuild and pulled bytes on PullImages', () => {
    expect(builtSteps({ steps, cache: { hits: 2, misses: 1 }, pulled: { bytes: 1024 } })).toEqual([
      step('PullSourceBundle'),
      { ...step('PullImages'), pulled: { bytes: 1024 } },
      { ...step('DockerBuild'), cache: { hits: 2, misses: 1 } },
      step('StoreStagingImage'),
    ]);
  });

  it('leaves the steps as they are for an event without figures (an older builder)', () => {
    expect(builtSteps({ steps })).toEqual(steps);
  });

  it('keeps the figures in status.stages, where the step schema lets them through', () => {
    const build = withStage(
      aBuild(),
      'Build',
      builtSteps({ steps, cache: { hits: 0, misses: 3 }, pulled: { bytes: 0 } }),
    );
    const recorded = build.status?.stages?.find((s) => s.name === 'Build')?.steps ?? [];
    const dockerBuild = recorded.find((s) => s.name === 'DockerBuild');
    expect(stepInfoSchema.parse(dockerBuild)).toMatchObject({ cache: { hits: 0, misses: 3 } });
    expect(recorded.find((s) => (s.name as string) === 'PullImages')).toMatchObject({
      pulled: { bytes: 0 },
    });
  });
});
