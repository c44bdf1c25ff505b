import { Injectable } from '@nestjs/common';
import type { Build, EnvVar as ApiEnvVar } from '@kiln/build-types';
import { buildRefOf } from '@kiln/events';
import {
  envObjectRefs,
  ObjectResolver,
  resolveBuildEnv,
  StageFailure,
  type ResolvedEnvVar,
} from '@kiln/service-kit';

/** A strategy's env with every valueFrom and $(VAR) resolved, or the build ends Error. */
@Injectable()
export class BuildEnv {
  constructor(private readonly objects: ObjectResolver) {}

  async resolve(
    build: Build,
    env: readonly ApiEnvVar[] | null | undefined,
  ): Promise<ResolvedEnvVar[]> {
    const list = env ?? [];
    const objects = await this.objects.resolve(
      buildRefOf(build as never),
      envObjectRefs(list),
      'UnresolvableEnvironmentVariable',
    );
    const result = resolveBuildEnv(list, objects, build);
    if (!result.ok) {
      throw new StageFailure('UnresolvableEnvironmentVariable', result.message);
    }
    return result.env;
  }
}
