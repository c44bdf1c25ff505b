import type { Build } from '@kiln/build-types';
import { customJob, customStrategyNotes } from './custom-job.js';

const aCustomBuild = (customStrategy: Record<string, unknown>): Build => ({
  apiVersion: 'build.openshift.io/v1',
  kind: 'Build',
  metadata: { name: 'app-1', namespace: 'a', uid: 'u1' },
  spec: {
    strategy: {
      type: 'Custom',
      customStrategy: { from: { kind: 'DockerImage', name: 'r/builder:1' }, ...customStrategy },
    },
  },
});

describe(customStrategyNotes.name, () => {
  it('says that a docker socket asked for is not given', () => {
    expect(customStrategyNotes(aCustomBuild({ exposeDockerSocket: true }))).toEqual([
      'exposeDockerSocket is not honoured: Kiln runs custom builders without a container engine socket',
    ]);
  });

  it('says nothing when no socket is asked for', () => {
    expect(customStrategyNotes(aCustomBuild({}))).toEqual([]);
    expect(customStrategyNotes(aCustomBuild({ exposeDockerSocket: false }))).toEqual([]);
  });
});

describe(customJob.name, () => {
  it('mounts no socket and passes the whole Build, buildAPIVersion included, as BUILD', () => {
    const build = aCustomBuild({
      exposeDockerSocket: true,
      buildAPIVersion: 'build.openshift.io/v1',
    });
    const job = customJob(build, [], 'out:5000/app:latest');
    expect(job.custom?.secrets).toEqual([]);
    expect(job.volumes).toEqual([]);
    const env = Object.fromEntries((job.custom?.env ?? []).map((v) => [v.name, v.value]));
    expect(JSON.parse(env.BUILD ?? '{}')).toEqual(build);
    expect(env).toMatchObject({
      OUTPUT_IMAGE: 'out:5000/app:latest',
      OUTPUT_REGISTRY: 'out:5000',
      OPENSHIFT_CUSTOM_BUILD_BASE_IMAGE: 'r/builder:1',
    });
  });
});
