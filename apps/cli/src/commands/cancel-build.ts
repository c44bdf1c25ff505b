import { BuildLabel, type Build } from '@kiln/build-types';
import type { Command } from 'commander';
import { ApiError } from '../api/api-error.js';
import { cancelBuild, isFinished } from '../api/builds.js';
import { getObject, listObjects } from '../api/objects.js';
import { resolveResourceType, Resources, splitTypedName } from '../api/resources.js';
import { contextOf, type CommandContext } from '../context.js';
import type { CliEnvironment } from '../environment.js';
import { ReportedFailure, UsageError } from '../errors.js';
import { withExamples } from './help.js';

/** Builds by name, or every unfinished build of a BuildConfig (`bc/NAME`). */
export type CancelTarget = { kind: 'build' | 'bc'; name: string };

export function parseCancelArgs(args: readonly string[]): CancelTarget[] {
  if (args.length === 0) {
    throw new UsageError('you must name at least one build (or bc/NAME for all of its builds)');
  }
  return args.map((arg) => {
    const { type, name } = splitTypedName(arg);
    if (!name) {
      throw new UsageError(`"${arg}": expected NAME, build/NAME or bc/NAME`);
    }
    const resolved =
      type === undefined
        ? Resources.builds
        : resolveResourceType(type, [Resources.builds, Resources.buildConfigs]);
    return { kind: resolved === Resources.buildConfigs ? 'bc' : 'build', name };
  });
}

async function buildsOf(ctx: CommandContext, target: CancelTarget): Promise<Build[]> {
  if (target.kind === 'build') {
    return [await getObject<Build>(ctx.client, Resources.builds, ctx.namespace, target.name)];
  }
  const list = await listObjects<Build>(
    ctx.client,
    Resources.builds,
    ctx.namespace,
    `${BuildLabel.BuildConfigName}=${target.name}`,
  );
  return list.items.filter((b) => !isFinished(b));
}

export async function runCancelBuild(ctx: CommandContext, targets: readonly CancelTarget[]) {
  let failed = false;
  for (const target of targets) {
    try {
      const builds = await buildsOf(ctx, target);
      if (target.kind === 'bc' && builds.length === 0) {
        ctx.err(`bc/${target.name} has no builds to cancel`);
      }
      for (const build of builds) {
        const name = build.metadata.name ?? '';
        if (isFinished(build)) {
          ctx.err(
            `build.build.openshift.io/${name} is already ${build.status?.phase ?? 'finished'}`,
          );
          continue;
        }
        await cancelBuild(ctx.client, ctx.namespace, name);
        ctx.out(`build.build.openshift.io/${name} cancelled`);
      }
    } catch (error) {
      if (!(error instanceof ApiError)) {
        throw error;
      }
      ctx.err(`error: ${error.message}`);
      failed = true;
    }
  }
  if (failed) {
    throw new ReportedFailure();
  }
}

export function registerCancelBuild(program: Command, env: CliEnvironment): void {
  const command = program
    .command('cancel-build')
    .summary('cancel running, pending or new builds')
    .description('Cancel builds by name, or every unfinished build of a BuildConfig with bc/NAME.')
    .argument('<builds...>', 'NAME, build/NAME or bc/NAME')
    .action(async (args: string[], _options: unknown, cmd: Command) => {
      await runCancelBuild(contextOf(cmd, env), parseCancelArgs(args));
    });
  withExamples(command, ['kiln cancel-build hello-3', 'kiln cancel-build bc/hello']);
}
