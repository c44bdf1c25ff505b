import type { BuildConfig, BuildConfigSpec } from '../src/index.js';

type BuildConfigOverrides = {
  metadata?: Partial<BuildConfig['metadata']>;
  spec?: Partial<BuildConfigSpec>;
  status?: BuildConfig['status'];
};

/** A valid Source-strategy BuildConfig; `spec` and `metadata` overrides replace whole fields. */
export const aBuildConfig = (overrides: BuildConfigOverrides = {}): BuildConfig => ({
  apiVersion: 'build.openshift.io/v1',
  kind: 'BuildConfig',
  metadata: { name: 'app', namespace: 'demo', labels: { app: 'app' }, ...overrides.metadata },
  spec: {
    source: { type: 'Git', git: { uri: 'https://github.com/sclorg/nodejs-ex.git', ref: 'main' } },
    strategy: {
      type: 'Source',
      sourceStrategy: {
        from: { kind: 'ImageStreamTag', name: 'nodejs:18', namespace: 'openshift' },
      },
    },
    output: { to: { kind: 'ImageStreamTag', name: 'app:latest' } },
    triggers: [{ type: 'ConfigChange' }],
    ...overrides.spec,
  },
  ...(overrides.status && { status: overrides.status }),
});

/** A valid Docker-strategy spec with an inline Dockerfile. */
export const dockerSpec = (docker: Record<string, unknown> = {}): Partial<BuildConfigSpec> => ({
  source: { dockerfile: 'FROM scratch' },
  strategy: { type: 'Docker', dockerStrategy: docker },
});
