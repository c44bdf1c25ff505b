import type { Build, BuildConfig } from '@kiln/build-types';

export const bcPath = (ns: string, name = '') =>
  `/apis/build.openshift.io/v1/namespaces/${ns}/buildconfigs${name ? `/${name}` : ''}`;
export const buildPath = (ns: string, name = '') =>
  `/apis/build.openshift.io/v1/namespaces/${ns}/builds${name ? `/${name}` : ''}`;

export function aBuildConfig(overrides: Partial<BuildConfig> = {}): BuildConfig {
  return {
    apiVersion: 'build.openshift.io/v1',
    kind: 'BuildConfig',
    metadata: {
      name: 'hello',
      namespace: 'demo',
      resourceVersion: '7',
      creationTimestamp: '2025-01-01T11:00:00Z',
      labels: { app: 'hello' },
    },
    spec: {
      source: { type: 'Git', git: { uri: 'https://example.com/org/hello.git', ref: 'main' } },
      strategy: { type: 'Docker', dockerStrategy: {} },
      output: { to: { kind: 'DockerImage', name: '127.0.0.1:5000/demo/hello:latest' } },
      runPolicy: 'Serial',
      triggers: [
        { type: 'GitHub', github: { secret: 'gh-secret' } },
        { type: 'Generic', generic: { secret: 'generic-secret', allowEnv: true } },
        { type: 'ConfigChange' },
      ],
    },
    status: { lastVersion: 3 },
    ...overrides,
  };
}

export function aBuild(overrides: Partial<Build> = {}): Build {
  return {
    apiVersion: 'build.openshift.io/v1',
    kind: 'Build',
    metadata: {
      name: 'hello-3',
      namespace: 'demo',
      resourceVersion: '41',
      creationTimestamp: '2025-01-01T11:50:00Z',
      labels: { buildconfig: 'hello', 'openshift.io/build-config.name': 'hello' },
      annotations: { 'openshift.io/build.number': '3' },
    },
    spec: {
      source: { type: 'Git', git: { uri: 'https://example.com/org/hello.git', ref: 'main' } },
      revision: {
        type: 'Git',
        git: { commit: '0123456789abcdef0123456789abcdef01234567', message: 'Say hello' },
      },
      strategy: { type: 'Docker', dockerStrategy: {} },
      output: { to: { kind: 'DockerImage', name: '127.0.0.1:5000/demo/hello:latest' } },
      triggeredBy: [{ message: 'Manually triggered' }],
    },
    status: {
      phase: 'Complete',
      startTimestamp: '2025-01-01T11:55:00Z',
      completionTimestamp: '2025-01-01T11:56:02Z',
      duration: 62_000_000_000,
      outputDockerImageReference: '127.0.0.1:5000/demo/hello:latest',
      config: { kind: 'BuildConfig', namespace: 'demo', name: 'hello' },
      output: { to: { imageDigest: 'sha256:' + 'ab'.repeat(32) } },
    },
    ...overrides,
  };
}

/** A build in `phase`, otherwise like `aBuild()`. */
export function aBuildIn(phase: NonNullable<Build['status']>['phase'], name = 'hello-3'): Build {
  const base = aBuild();
  return {
    ...base,
    metadata: { ...base.metadata, name },
    status: { phase, ...(phase === 'Running' ? { startTimestamp: '2025-01-01T11:59:00Z' } : {}) },
  };
}
