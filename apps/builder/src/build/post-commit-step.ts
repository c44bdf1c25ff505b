/**
 * The post-commit hook's RUN line in a generated Dockerfile: the RUN right after a
 * `FROM appimage<hex>` line that another `FROM appimage<hex>` follows, as the generator writes
 * the hook stage. Undefined when the build has no hook.
 */
export function postCommitRunLine(dockerfile: string): string | undefined {
  const lines = dockerfile.split('\n');
  const alias = /^FROM (appimage[0-9a-f]+)$/;
  for (let i = 0; i + 2 < lines.length; i++) {
    const name = alias.exec(lines[i] ?? '')?.[1];
    if (
      name !== undefined &&
      lines[i + 1]?.startsWith('RUN ') &&
      lines.slice(i + 2).some((l) => l === `FROM ${name}`)
    ) {
      return lines[i + 1];
    }
  }
  return undefined;
}

/**
 * Buildah prints `STEP n/m: <instruction>` (prefixed `[s/t] ` in multi-stage builds) as it
 * starts each one; the last is the failing one.
 */
export function lastStep(lines: readonly string[]): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = /^(?:\[\d+\/\d+\] )?STEP \d+\/\d+: (.*)$/.exec(lines[i] ?? '');
    if (match) {
      return match[1];
    }
  }
  return undefined;
}
