import type { Build } from '@kiln/build-types';
import { StageFailure, type ResolvedEnvVar } from '@kiln/service-kit';
import { splitSecretEnv } from '../dockerfile/source-secret-env.js';
import type { StrategyOutput } from './strategy-output.js';

/** Where OpenShift mounts the push secret's docker config in a custom builder. */
export const PUSH_SECRET_MOUNT = '/var/run/secrets/openshift.io/push';

/**
 * The Custom strategy's job: the builder image, and the env OpenShift gives a custom builder
 * (BUILD as the whole Build JSON, SOURCE_*, OUTPUT_*, the strategy env last) with its secrets.
 */
export function customJob(
  build: Build,
  env: ResolvedEnvVar[],
  outputImage: string | undefined,
): StrategyOutput {
  const strategy = build.spec.strategy?.customStrategy;
  const image = strategy?.from.kind === 'DockerImage' ? strategy.from.name : undefined;
  if (!image) {
    throw new StageFailure(
      'InvalidImageReference',
      'spec.strategy.customStrategy.from must name a DockerImage',
    );
  }
  const git = build.spec.source?.git;
  const vars: ResolvedEnvVar[] = [{ name: 'BUILD', value: JSON.stringify(build) }];
  const add = (name: string, value: string | null | undefined): void => {
    if (value) {
      vars.push({ name, value });
    }
  };
  add('SOURCE_REPOSITORY', git?.uri);
  add('SOURCE_URI', git?.uri);
  add('SOURCE_CONTEXT_DIR', build.spec.source?.contextDir);
  add('SOURCE_REF', git?.ref);
  add('OUTPUT_IMAGE', outputImage);
  add('OUTPUT_REGISTRY', outputImage?.split('/')[0]);
  add('OPENSHIFT_CUSTOM_BUILD_BASE_IMAGE', image);
  const pushSecret = build.spec.output?.pushSecret?.name;
  // Values from Secrets travel by name only: the builder resolves them into the container env.
  const { plain, secretNames } = splitSecretEnv(env);
  if (pushSecret) {
    add('PUSH_DOCKERCFG_PATH', PUSH_SECRET_MOUNT);
  }
  return {
    dockerfile: '',
    buildArgs: {},
    baseImages: [image],
    contextDir: (build.spec.source?.contextDir ?? '').replace(/^\/+/, ''),
    layers: 'None',
    injections: [],
    volumes: [],
    ...(strategy?.pullSecret?.name ? { pullSecret: strategy.pullSecret.name } : {}),
    ...(secretNames.length > 0 ? { secretEnv: secretNames } : {}),
    custom: {
      image,
      env: [...vars, ...plain],
      secrets: [
        ...(strategy?.secrets ?? []).map((s) => ({
          name: s.secretSource.name ?? '',
          mountPath: s.mountPath,
        })),
        ...(pushSecret ? [{ name: pushSecret, mountPath: PUSH_SECRET_MOUNT }] : []),
      ],
    },
  };
}

/**
 * What a Custom BuildConfig asks that Kiln does differently, for the build log: OpenShift mounts
 * the node's container engine socket when `exposeDockerSocket` is true, and Kiln gives no build
 * a socket (a build with one controls its node); the builder runs as if it were false.
 */
export function customStrategyNotes(build: Build): string[] {
  return build.spec.strategy?.customStrategy?.exposeDockerSocket === true
    ? [
        'exposeDockerSocket is not honoured: Kiln runs custom builders without a container engine socket',
      ]
    : [];
}
