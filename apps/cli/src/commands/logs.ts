import type { BuildConfig } from '@kiln/build-types';
import type { Command } from 'commander';
import { latestBuildName } from '../api/builds.js';
import { getObject } from '../api/objects.js';
import { resolveResourceType, Resources, splitTypedName } from '../api/resources.js';
import { contextOf, type CommandContext } from '../context.js';
import type { CliEnvironment } from '../environment.js';
import { UsageError } from '../errors.js';
import { positiveInteger } from './args.js';
import { printBuildLog } from './build-log.js';
import { withExamples } from './help.js';

export type LogsRequest = {
  /** A build, or a BuildConfig whose latest build is meant. */
  kind: 'build' | 'bc';
  name: string;
  follow: boolean;
  tailLines?: number;
};

export type LogsOptions = { follow?: boolean; tail?: string };

/** `build/NAME`, `bc/NAME`, or a bare NAME (a build). */
export function parseLogsArgs(target: string, options: LogsOptions): LogsRequest {
  const { type, name } = splitTypedName(target);
  if (!name) {
    throw new UsageError(`"${target}": expected build/NAME or bc/NAME`);
  }
  const resolved =
    type === undefined
      ? Resources.builds
      : resolveResourceType(type, [Resources.builds, Resources.buildConfigs]);
  const tail =
    options.tail === undefined || options.tail === '-1'
      ? undefined
      : positiveInteger(options.tail, '--tail');
  return {
    kind: resolved === Resources.buildConfigs ? 'bc' : 'build',
    name,
    follow: options.follow === true,
    tailLines: tail,
  };
}

export async function runLogs(ctx: CommandContext, request: LogsRequest): Promise<void> {
  let build = request.name;
  if (request.kind === 'bc') {
    const bc = await getObject<BuildConfig>(
      ctx.client,
      Resources.buildConfigs,
      ctx.namespace,
      request.name,
    );
    const latest = latestBuildName(bc);
    if (!latest) {
      throw new Error(`no builds found for bc/${request.name}`);
    }
    build = latest;
  }
  await printBuildLog(ctx, build, { follow: request.follow, tailLines: request.tailLines });
}

export function registerLogs(program: Command, env: CliEnvironment): void {
  const command = program
    .command('logs')
    .summary("print a build's log")
    .description(
      "Print the log of a build, or of a BuildConfig's latest build; -f follows it to the end.",
    )
    .argument('<target>', 'build/NAME, bc/NAME or NAME (a build)')
    .option('-f, --follow', 'stream the log until the build finishes')
    .option('--tail <lines>', 'only the last N lines')
    .action(async (target: string, options: LogsOptions, cmd: Command) => {
      await runLogs(contextOf(cmd, env), parseLogsArgs(target, options));
    });
  withExamples(command, [
    'kiln logs build/hello-3',
    'kiln logs -f bc/hello',
    'kiln logs hello-3 --tail 20',
  ]);
}
