import { BuildLabel, type Build, type BuildConfig } from '@kiln/build-types';
import type { Command } from 'commander';
import { getBuildDockerfile } from '../api/builds.js';
import type { ImageStream } from '../api/image-streams.js';
import { getObject, listObjects } from '../api/objects.js';
import {
  resolveResourceType,
  Resources,
  splitTypedName,
  type ResourceType,
} from '../api/resources.js';
import { contextOf, type CommandContext } from '../context.js';
import { describeBuildConfig } from '../describe/build-config.describer.js';
import { describeBuild } from '../describe/build.describer.js';
import { describeImageStream } from '../describe/image-stream.describer.js';
import type { CliEnvironment } from '../environment.js';
import { UsageError } from '../errors.js';
import { withExamples } from './help.js';

const describable = [Resources.buildConfigs, Resources.builds, Resources.imageStreams] as const;

export type DescribeRequest = { type: ResourceType; names: string[] };

/** `describe bc NAME...` or `describe bc/NAME`. */
export function parseDescribeArgs(args: readonly string[]): DescribeRequest {
  const [first, ...rest] = args;
  if (!first) {
    throw new UsageError('you must specify what to describe: bc NAME, build NAME or is NAME');
  }
  const typed = splitTypedName(first);
  if (typed.type !== undefined) {
    if (rest.length > 0 || !typed.name) {
      throw new UsageError('use either TYPE NAME or a single TYPE/NAME');
    }
    return { type: resolveResourceType(typed.type, describable), names: [typed.name] };
  }
  if (rest.length === 0) {
    throw new UsageError(`you must name the ${first} to describe`);
  }
  return { type: resolveResourceType(first, describable), names: rest };
}

async function describeOne(ctx: CommandContext, type: ResourceType, name: string): Promise<string> {
  const now = ctx.env.now();
  if (type === Resources.buildConfigs) {
    const bc = await getObject<BuildConfig>(ctx.client, type, ctx.namespace, name);
    const builds = await listObjects<Build>(
      ctx.client,
      Resources.builds,
      ctx.namespace,
      `${BuildLabel.BuildConfigName}=${name}`,
    );
    return describeBuildConfig(bc, builds.items, ctx.client.server, now);
  }
  if (type === Resources.imageStreams) {
    const stream = await getObject<ImageStream>(ctx.client, type, ctx.namespace, name);
    return describeImageStream(stream, now);
  }
  const build = await getObject<Build>(ctx.client, type, ctx.namespace, name);
  const dockerfile = await getBuildDockerfile(ctx.client, ctx.namespace, name);
  return describeBuild(build, now, dockerfile);
}

export async function runDescribe(ctx: CommandContext, request: DescribeRequest): Promise<void> {
  for (const [i, name] of request.names.entries()) {
    if (i > 0) {
      ctx.out();
      ctx.out();
    }
    ctx.env.stdout.write(await describeOne(ctx, request.type, name));
  }
}

export function registerDescribe(program: Command, env: CliEnvironment): void {
  const command = program
    .command('describe')
    .summary('show the details of a BuildConfig, a build or an image stream')
    .description(
      'Show a BuildConfig (strategy, source, triggers and webhook URLs, recent builds), a build (status, stages with durations, digest, reason, and the Dockerfile it used) or an image stream (repository, and each tag with its source and images).',
    )
    .argument('<type-and-names...>', 'bc NAME, build NAME, is NAME, or TYPE/NAME')
    .action(async (args: string[], _options: unknown, cmd: Command) => {
      await runDescribe(contextOf(cmd, env), parseDescribeArgs(args));
    });
  withExamples(command, [
    'kiln describe bc hello',
    'kiln describe build/hello-3',
    'kiln describe is nodejs -n openshift',
  ]);
}
