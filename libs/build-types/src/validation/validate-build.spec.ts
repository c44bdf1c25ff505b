import { aBuildConfig } from '../../test/factories.js';
import { validateBuild } from './validate-build.js';

const aBuild = (status: Record<string, unknown> = { phase: 'New' }) => {
  const { source, strategy, output } = aBuildConfig().spec;
  return {
    apiVersion: 'build.openshift.io/v1',
    kind: 'Build',
    metadata: { name: 'app-1', annotations: { 'openshift.io/build.number': '1' } },
    spec: { source, strategy, output, triggeredBy: [{ message: 'Manually triggered' }] },
    status,
  };
};

describe(validateBuild.name, () => {
  it('accepts a complete build with stages and a digest', () => {
    const build = aBuild({
      phase: 'Complete',
      output: { to: { imageDigest: 'sha256:abc' } },
      stages: [
        { name: 'PushImage', durationMilliseconds: 10, steps: [{ name: 'PushDockerImage' }] },
      ],
    });

    expect(validateBuild(build).ok).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown phase', { phase: 'Done' }, 'status.phase'],
    ['a reason outside the closed list', { phase: 'Failed', reason: 'Oops' }, 'status.reason'],
    [
      'an unknown stage name',
      { phase: 'Running', stages: [{ name: 'Compile' }] },
      'status.stages[0].name',
    ],
  ])('rejects a build with %s', (_name, status, field) => {
    const result = validateBuild(aBuild(status));

    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual([field]);
  });

  it('applies the common spec rules to builds too', () => {
    const build = { ...aBuild(), spec: { ...aBuild().spec, completionDeadlineSeconds: -1 } };

    const result = validateBuild(build);

    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual([
      'spec.completionDeadlineSeconds',
    ]);
  });
});
