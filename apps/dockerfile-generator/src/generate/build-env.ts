import { Injectable } from '@nestjs/common';
import type { Build, EnvVar as ApiEnvVar } from '@kiln/build-types';
import { buildRefOf } from '@kiln/events';
import { ObjectResolver, StageFailure } from '@kiln/service-kit';
import { envObjectRefs, resolveBuildEnv } from '../env/resolve-build-env.js';
import type { EnvVar } from '../env/resolve-env-references.js';

/** A strategy's env with every valueFrom and $(VAR) resolved, or the build ends Error. */
@Injectable()
export class BuildEnv {
  constructor(private readonly objects: ObjectResolver) {}

  async resolve(build: Build, env: readonly ApiEnvVar[] | null | undefined): Promise<EnvVar[]> {
    const list = env ?? [];
    const objects = await this.objects.resolve(
      buildRefOf(build as never),
      // An optional selector may name an object that does not exist: ask only for required ones.
      envObjectRefs(
        list.filter(
          (e) => (e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef)?.optional !== true,
        ),
      ),
      'UnresolvableEnvironmentVariable',
    );
    const result = resolveBuildEnv(list, objects, build);
    if (!result.ok) {
      throw new StageFailure('UnresolvableEnvironmentVariable', result.message);
    }
    return result.env;
  }
}
