import type { Build, EnvVar } from '@kiln/build-types';

/** The env list of the build's strategy (Docker, Source or Custom); empty for the others. */
export function strategyEnvOf(build: Build): readonly EnvVar[] {
  const strategy = build.spec.strategy;
  return (
    strategy?.dockerStrategy?.env ??
    strategy?.sourceStrategy?.env ??
    strategy?.customStrategy?.env ??
    []
  );
}
