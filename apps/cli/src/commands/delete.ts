import type { Command } from 'commander';
import { ApiError } from '../api/api-error.js';
import {
  objectPath,
  qualifiedKind,
  resolveResourceType,
  Resources,
  splitTypedName,
  type ResourceType,
} from '../api/resources.js';
import { contextOf, type CommandContext } from '../context.js';
import type { CliEnvironment } from '../environment.js';
import { ReportedFailure, UsageError } from '../errors.js';
import { withExamples } from './help.js';

const deletable = [
  Resources.buildConfigs,
  Resources.builds,
  Resources.secrets,
  Resources.configMaps,
  Resources.imageStreams,
  Resources.imageStreamTags,
] as const;

export type DeleteRequest = {
  targets: { type: ResourceType; name: string }[];
  /** `Orphan` keeps a BuildConfig's builds. */
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  ignoreNotFound: boolean;
};

export type DeleteOptions = { cascade?: string; ignoreNotFound?: boolean };

const cascades = {
  background: 'Background',
  foreground: 'Foreground',
  orphan: 'Orphan',
  true: 'Background',
  false: 'Orphan',
} as const;

export function parseDeleteArgs(args: readonly string[], options: DeleteOptions): DeleteRequest {
  const [first, ...rest] = args;
  if (!first) {
    throw new UsageError('you must specify what to delete: TYPE NAME... or TYPE/NAME...');
  }
  let targets: DeleteRequest['targets'];
  if (first.includes('/')) {
    targets = args.map((arg) => {
      const { type, name } = splitTypedName(arg);
      if (!type || !name) {
        throw new UsageError(
          `"${arg}": arguments in TYPE/NAME form must each have a type and a name`,
        );
      }
      return { type: resolveResourceType(type, deletable), name };
    });
  } else {
    const type = resolveResourceType(first, deletable);
    if (rest.length === 0) {
      throw new UsageError(`you must name the ${first} to delete`);
    }
    targets = rest.map((name) => ({ type, name }));
  }
  let propagationPolicy: DeleteRequest['propagationPolicy'];
  if (options.cascade !== undefined) {
    propagationPolicy = cascades[options.cascade as keyof typeof cascades];
    if (!propagationPolicy) {
      throw new UsageError(
        `--cascade must be background, foreground or orphan, got "${options.cascade}"`,
      );
    }
  }
  return { targets, propagationPolicy, ignoreNotFound: options.ignoreNotFound === true };
}

export async function runDelete(ctx: CommandContext, request: DeleteRequest): Promise<void> {
  let failed = false;
  for (const { type, name } of request.targets) {
    try {
      await ctx.client.send('DELETE', objectPath(type, ctx.namespace, name), {
        query: { propagationPolicy: request.propagationPolicy },
      });
      ctx.out(`${qualifiedKind(type)} "${name}" deleted`);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        throw error;
      }
      if (!(error.isNotFound && request.ignoreNotFound)) {
        ctx.err(`error: ${error.message}`);
        failed = true;
      }
    }
  }
  if (failed) {
    throw new ReportedFailure();
  }
}

export function registerDelete(program: Command, env: CliEnvironment): void {
  const command = program
    .command('delete')
    .summary('delete BuildConfigs, builds, secrets, configmaps, image streams or tags')
    .description(
      'Delete objects by name. Deleting a BuildConfig deletes its builds unless --cascade=orphan.',
    )
    .argument('<type-and-names...>', 'TYPE NAME... or TYPE/NAME...')
    .option('--cascade <policy>', 'background (default), foreground or orphan')
    .option('--ignore-not-found', 'succeed when an object is already gone')
    .action(async (args: string[], options: DeleteOptions, cmd: Command) => {
      await runDelete(contextOf(cmd, env), parseDeleteArgs(args, options));
    });
  withExamples(command, [
    'kiln delete bc hello',
    'kiln delete build hello-1 hello-2',
    'kiln delete secret/registry-creds configmap/settings',
  ]);
}
