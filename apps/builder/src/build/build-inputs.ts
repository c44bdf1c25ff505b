import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { EventOf, ResolvedObject } from '@kiln/events';
import { objectKey, StageFailure, type ResolvedObjects } from '@kiln/service-kit';
import {
  resolveSecretEnv,
  secretEnvObjects,
  writeSecretEnv,
  type SecretEnvVar,
} from './secret-env.js';

type Job = EventOf<'kiln.v1.stage.dockerfile.generated'>;

/** A key name that is a plain file name (Kubernetes keys allow `.`, `-`, `_` and alphanumerics). */
const SAFE_KEY = /^[-._a-zA-Z0-9]+$/;

/** Writes every key of an object as a file in `dir` (0644, as a Kubernetes volume shows it). */
export function writeObject(object: ResolvedObject, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [key, value] of Object.entries(object.data)) {
    if (!SAFE_KEY.test(key) || key.startsWith('..')) {
      throw new StageFailure(
        'GenericBuildFailed',
        `${object.kind} "${object.name}": key "${key}" is not a valid file name`,
      );
    }
    const file = join(dir, key);
    writeFileSync(file, Buffer.from(value, 'base64'));
    chmodSync(file, 0o644);
  }
}

/** The objects a job names (injections, volumes, pull secret, secret env), to resolve in one request. */
export function objectsNeeded(job: Job): { kind: 'Secret' | 'ConfigMap'; name: string }[] {
  return [
    ...job.injections.map(({ kind, name }) => ({ kind, name })),
    ...job.volumes.map(({ kind, name }) => ({ kind, name })),
    ...(job.pullSecret ? [{ kind: 'Secret' as const, name: job.pullSecret }] : []),
    ...(job.custom?.secrets ?? []).map((s) => ({ kind: 'Secret' as const, name: s.name })),
    ...secretEnvObjects(job),
  ];
}

/**
 * Places the job's secrets and configMaps just before the build: injections into the context
 * (refusing paths that leave it), volumes into a dir outside it (mounted read-only into every
 * RUN), the secret env as a file mounted the same way (a custom builder gets it as env
 * instead), and the pull secret as a 0600 authfile. Everything lives in the build's work dir,
 * which is removed on every path.
 */
export function placeBuildInputs(
  job: Job,
  objects: ResolvedObjects,
  dirs: { bundleRoot: string; work: string },
): {
  volumes: { source: string; destination: string }[];
  secretEnv: SecretEnvVar[];
  authfile?: string;
} {
  for (const injection of job.injections) {
    const target = resolve(dirs.bundleRoot, injection.path);
    if (relative(dirs.bundleRoot, target).startsWith('..')) {
      throw new StageFailure(
        'GenericBuildFailed',
        `injection path ${injection.path} leaves the build context`,
      );
    }
    const object = objects.get(objectKey(injection));
    if (object) {
      writeObject(object, target);
    }
  }
  const volumes = job.volumes.map((volume, index) => {
    const source = join(dirs.work, 'volumes', String(index));
    const object = objects.get(objectKey(volume));
    if (object) {
      writeObject(object, source);
    }
    return { source, destination: volume.destinationPath };
  });
  const secretEnv = resolveSecretEnv(job, objects);
  const secretEnvMount = job.custom ? undefined : writeSecretEnv(secretEnv, dirs.work);
  if (secretEnvMount) {
    volumes.push(secretEnvMount);
  }
  const pull = job.pullSecret
    ? objects.get(objectKey({ kind: 'Secret', name: job.pullSecret }))
    : undefined;
  if (!pull) {
    return { volumes, secretEnv };
  }
  const config = pull.data['.dockerconfigjson'] ?? pull.data['.dockercfg'];
  if (config === undefined) {
    throw new StageFailure(
      'PullBuilderImageFailed',
      `pull secret "${pull.name}" holds no docker config`,
    );
  }
  let json = Buffer.from(config, 'base64').toString('utf8');
  if (pull.data['.dockerconfigjson'] === undefined) {
    json = JSON.stringify({ auths: JSON.parse(json) as unknown });
  }
  const authfile = join(dirs.work, 'auth.json');
  writeFileSync(authfile, json, { mode: 0o600 });
  return { volumes, secretEnv, authfile };
}
