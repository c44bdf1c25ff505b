import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Build } from '@kiln/build-types';
import { SECRET_ENV_DIR, type EventOf } from '@kiln/events';
import {
  envObjectRefs,
  resolveBuildEnv,
  StageFailure,
  strategyEnvOf,
  type ObjectRef,
  type ResolvedObjects,
} from '@kiln/service-kit';

type Job = EventOf<'kiln.v1.stage.dockerfile.generated'>;
export type SecretEnvVar = { name: string; value: string };

/** The objects the job's secret env reads (none when it has no secret env). */
export function secretEnvObjects(job: Job): ObjectRef[] {
  return job.secretEnv?.length ? envObjectRefs(strategyEnvOf(job.build as Build)) : [];
}

/**
 * The values of the env vars the generator kept out of the Dockerfile because they come from
 * a Secret: resolved here, from the same strategy env with the same rules, so that the values
 * never travelled in an event.
 */
export function resolveSecretEnv(job: Job, objects: ResolvedObjects): SecretEnvVar[] {
  const names = job.secretEnv ?? [];
  if (names.length === 0) {
    return [];
  }
  const result = resolveBuildEnv(strategyEnvOf(job.build as Build), objects, job.build as Build);
  if (!result.ok) {
    throw new StageFailure('UnresolvableEnvironmentVariable', result.message);
  }
  // A later definition of a name wins, as in the Dockerfile's ENV order.
  const last = new Map(result.env.map((e) => [e.name, e.value]));
  return names.flatMap((name) => {
    const value = last.get(name);
    return value === undefined ? [] : [{ name, value }];
  });
}

/** Single-quoted for sh: the one character needing care inside is `'` itself. */
const shQuote = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`;

/**
 * Writes the secret env as a file every shell-form RUN sources (see SECRET_ENV_FILE), in a dir
 * of the build's work dir that is mounted read-only for the build only. Readable by all: an
 * S2I assemble runs as a non-root user.
 */
export function writeSecretEnv(
  vars: readonly SecretEnvVar[],
  work: string,
): { source: string; destination: string } | undefined {
  if (vars.length === 0) {
    return undefined;
  }
  // build-api validates env names; the file is shell, so check again where it is written.
  const bad = vars.find((v) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v.name));
  if (bad) {
    throw new StageFailure(
      'GenericBuildFailed',
      `env name "${bad.name}" is not a valid identifier`,
    );
  }
  const dir = join(work, 'secret-env');
  mkdirSync(dir, { recursive: true });
  const text = vars.map((v) => `export ${v.name}=${shQuote(v.value)}\n`).join('');
  writeFileSync(join(dir, 'env'), text, { mode: 0o644 });
  return { source: dir, destination: SECRET_ENV_DIR };
}
