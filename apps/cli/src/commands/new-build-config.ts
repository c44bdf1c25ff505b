import { randomBytes } from 'node:crypto';
import type { BuildConfig, BuildTriggerPolicy, EnvVar, ObjectReference } from '@kiln/build-types';

/** What `new-build` was asked for, checked. */
export type NewBuildRequest = {
  name: string;
  uri: string;
  ref?: string;
  contextDir?: string;
  strategy: 'Docker' | 'Source';
  from?: ObjectReference;
  to: ObjectReference;
  env: EnvVar[];
  buildArgs: EnvVar[];
  /** Print instead of creating. */
  output?: 'yaml' | 'json';
};

/** A webhook secret: 20 URL-safe random characters. */
export const randomSecret = (): string => randomBytes(15).toString('base64url');

/**
 * The BuildConfig `oc new-build` would create: git source, the strategy, the output, and
 * GitHub, Generic and ConfigChange triggers (plus ImageChange when building from a stream).
 */
export function newBuildConfig(request: NewBuildRequest, secret = randomSecret): BuildConfig {
  const triggers: BuildTriggerPolicy[] = [
    { type: 'GitHub', github: { secret: secret() } },
    { type: 'Generic', generic: { secret: secret() } },
    { type: 'ConfigChange' },
  ];
  if (request.from?.kind === 'ImageStreamTag') {
    triggers.push({ type: 'ImageChange', imageChange: {} });
  }
  const env = request.env.length ? { env: request.env } : {};
  const from = request.from ? { from: request.from } : {};
  return {
    apiVersion: 'build.openshift.io/v1',
    kind: 'BuildConfig',
    metadata: {
      name: request.name,
      labels: { build: request.name },
      annotations: { 'openshift.io/generated-by': 'KilnNewBuild' },
    },
    spec: {
      source: {
        type: 'Git',
        git: { uri: request.uri, ...(request.ref ? { ref: request.ref } : {}) },
        ...(request.contextDir ? { contextDir: request.contextDir } : {}),
      },
      strategy:
        request.strategy === 'Docker'
          ? {
              type: 'Docker',
              dockerStrategy: {
                ...from,
                ...env,
                ...(request.buildArgs.length ? { buildArgs: request.buildArgs } : {}),
              },
            }
          : { type: 'Source', sourceStrategy: { from: request.from ?? {}, ...env } },
      output: { to: request.to },
      triggers,
    },
  };
}
