import { BuildAnnotation, BuildLabel, type Build } from '@kiln/build-types';
import { cloneBuild } from './clone-build.js';

const original = (): Build => ({
  apiVersion: 'build.openshift.io/v1',
  kind: 'Build',
  metadata: {
    name: 'app-3',
    namespace: 'a',
    uid: 'u-3',
    resourceVersion: '77',
    labels: {
      team: 'x',
      [BuildLabel.BuildConfigName]: 'app',
      [BuildLabel.BuildStartPolicy]: 'Serial',
    },
    annotations: {
      [BuildAnnotation.BuildConfigName]: 'app',
      [BuildAnnotation.BuildNumber]: '3',
      [BuildAnnotation.BuildPodName]: 'app-3-build',
      'openshift.io/jenkins-status-json': '{}',
      keep: 'me',
    },
    ownerReferences: [
      { apiVersion: 'build.openshift.io/v1', kind: 'BuildConfig', name: 'app', uid: 'bc' },
    ],
  },
  spec: {
    source: { type: 'Binary', binary: { asFile: 'app.jar' }, dockerfile: 'FROM x' },
    strategy: { type: 'Docker', dockerStrategy: { env: [{ name: 'A', value: '1' }] } },
    revision: { type: 'Git', git: { commit: 'abc' } },
    triggeredBy: [{ message: 'GitHub WebHook' }],
  },
  status: { phase: 'Failed', config: { kind: 'BuildConfig', namespace: 'a', name: 'app' } },
});

describe(cloneBuild.name, () => {
  const request = {
    metadata: { name: 'app-3', labels: { [BuildLabel.BuildConfigName]: 'evil', extra: 'y' } },
  };

  it("copies the original's spec, numbered from the BuildConfig", () => {
    const clone = cloneBuild(original(), request, 8);
    expect(clone.metadata.name).toBe('app-8');
    expect(clone.metadata.uid).not.toBe('u-3');
    expect(clone.metadata.resourceVersion).toBeUndefined();
    expect(clone.spec.revision).toEqual({ type: 'Git', git: { commit: 'abc' } });
    expect(clone.spec.strategy).toEqual(original().spec.strategy);
    expect(clone.status).toEqual({
      phase: 'New',
      conditions: [expect.objectContaining({ type: 'New', status: 'True' })],
      config: original().status?.config,
    });
  });

  it('marks it a clone, renumbers it, and drops the pod and Jenkins annotations', () => {
    const annotations = cloneBuild(original(), request, 8).metadata.annotations;
    expect(annotations).toEqual({
      [BuildAnnotation.BuildConfigName]: 'app',
      [BuildAnnotation.BuildNumber]: '8',
      [BuildAnnotation.BuildCloneOf]: 'app-3',
      keep: 'me',
    });
  });

  it('merges request labels without overriding the system ones', () => {
    expect(cloneBuild(original(), request, 8).metadata.labels).toEqual({
      team: 'x',
      extra: 'y',
      [BuildLabel.BuildConfigName]: 'app',
      [BuildLabel.BuildStartPolicy]: 'Serial',
    });
  });

  it('drops the binary input, which cannot be replayed', () => {
    const source = cloneBuild(original(), request, 8).spec.source;
    expect(source).toEqual({ type: 'Dockerfile', dockerfile: 'FROM x' });
  });

  it("applies the request's env and defaults the cause", () => {
    const clone = cloneBuild(original(), { ...request, env: [{ name: 'A', value: '2' }] }, 8);
    expect(clone.spec.strategy.dockerStrategy?.env).toEqual([{ name: 'A', value: '2' }]);
    expect(clone.spec.triggeredBy).toEqual([{ message: 'Manually triggered' }]);
  });

  it('names a clone without a BuildConfig by time, without a number', () => {
    const clone = cloneBuild(original(), request, undefined);
    expect(clone.metadata.name).toMatch(/^app-3-\d{10}$/);
    expect(clone.metadata.annotations).not.toHaveProperty(BuildAnnotation.BuildNumber);
  });
});
