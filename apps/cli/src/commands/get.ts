import type { Command } from 'commander';
import { ApiError } from '../api/api-error.js';
import { getObject, listObjects, watchObjects } from '../api/objects.js';
import { resolveResourceType, splitTypedName, type ResourceType } from '../api/resources.js';
import { contextOf, type CommandContext } from '../context.js';
import type { CliEnvironment } from '../environment.js';
import { ReportedFailure, UsageError } from '../errors.js';
import { parseOutputFormat, type OutputFormat } from '../output/print.js';
import { printFetched, WatchPrinter, type Fetched } from './get-output.js';
import { withExamples } from './help.js';

type Named = { metadata?: { name?: string | null } | null };

/** One type and the names asked for (none: the whole collection). */
export type GetTarget = { type: ResourceType; names: string[] };

export type GetRequest = {
  targets: GetTarget[];
  format?: OutputFormat;
  selector?: string;
  watch: boolean;
  headers: boolean;
};

export type GetOptions = { output?: string; selector?: string; watch?: boolean; headers?: boolean };

/** `get TYPE [NAME...]` or `get TYPE/NAME...`, checked the way kubectl checks them. */
export function parseGetArgs(args: readonly string[], options: GetOptions): GetRequest {
  const [first, ...rest] = args;
  if (!first) {
    throw new UsageError('you must specify the type of resource to get, e.g. kiln get builds');
  }
  let targets: GetTarget[];
  if (first.includes('/')) {
    targets = [];
    for (const arg of args) {
      const { type, name } = splitTypedName(arg);
      if (!type || !name) {
        throw new UsageError(
          `"${arg}": arguments in TYPE/NAME form must each have a type and a name`,
        );
      }
      const resolved = resolveResourceType(type);
      const existing = targets.find((t) => t.type === resolved);
      if (existing) {
        existing.names.push(name);
      } else {
        targets.push({ type: resolved, names: [name] });
      }
    }
  } else {
    targets = [{ type: resolveResourceType(first), names: [...rest] }];
  }
  const named = targets.some((t) => t.names.length > 0);
  if (options.selector && named) {
    throw new UsageError('name cannot be provided when a selector is specified');
  }
  if (options.watch && targets.length > 1) {
    throw new UsageError('watch is only supported on one resource type at a time');
  }
  return {
    targets,
    format: parseOutputFormat(options.output),
    selector: options.selector,
    watch: options.watch === true,
    headers: options.headers !== false,
  };
}

async function fetchTarget(
  ctx: CommandContext,
  target: GetTarget,
  selector: string | undefined,
  failures: string[],
): Promise<Fetched> {
  const { type, names } = target;
  if (names.length === 0) {
    const list = await listObjects<object>(ctx.client, type, ctx.namespace, selector);
    return { type, single: false, objects: list.items };
  }
  const objects: object[] = [];
  for (const name of names) {
    try {
      objects.push(await getObject<object>(ctx.client, type, ctx.namespace, name));
    } catch (error) {
      if (!(error instanceof ApiError) || !error.isNotFound) {
        throw error;
      }
      failures.push(error.message);
    }
  }
  return { type, single: names.length === 1, objects };
}

/** `get -w`: list first (a watch starts from the list's resourceVersion), then print changes. */
async function runWatch(ctx: CommandContext, request: GetRequest, target: GetTarget) {
  const { type, names } = target;
  const list = await listObjects<Named>(ctx.client, type, ctx.namespace, request.selector);
  const wanted = (o: Named) => names.length === 0 || names.includes(o.metadata?.name ?? '');
  const widths = printFetched(ctx, request, [
    { type, single: names.length === 1, objects: list.items.filter(wanted) },
  ]);
  const printer = new WatchPrinter(ctx, type, request, widths);
  for await (const event of watchObjects<Named>(ctx.client, type, ctx.namespace, {
    labelSelector: request.selector,
    resourceVersion: list.resourceVersion,
  })) {
    if (event.type === 'ERROR') {
      throw new ApiError(event.object.code ?? 500, event.object);
    }
    if (event.type !== 'BOOKMARK' && wanted(event.object)) {
      printer.print(event.object);
    }
  }
}

export async function runGet(ctx: CommandContext, request: GetRequest): Promise<void> {
  const [first] = request.targets;
  if (request.watch && first) {
    await runWatch(ctx, request, first);
    return;
  }
  const failures: string[] = [];
  const fetched: Fetched[] = [];
  for (const target of request.targets) {
    fetched.push(await fetchTarget(ctx, target, request.selector, failures));
  }
  const listed = request.targets.every((t) => t.names.length === 0);
  if (listed || fetched.some((f) => f.objects.length > 0)) {
    printFetched(ctx, request, fetched);
  }
  if (listed && fetched.every((f) => f.objects.length === 0)) {
    const scoped = request.targets.some((t) => t.type.namespaced);
    ctx.err(scoped ? `No resources found in ${ctx.namespace} namespace.` : 'No resources found');
  }
  failures.forEach((message) => ctx.err(`error: ${message}`));
  if (failures.length > 0) {
    throw new ReportedFailure();
  }
}

export function registerGet(program: Command, env: CliEnvironment): void {
  const command = program
    .command('get')
    .summary('show one or many resources')
    .description(
      'Show BuildConfigs (bc), builds, image streams (is), image stream tags (istag), secrets, configmaps (cm) or namespaces (ns) as a table, or as YAML, JSON or names.',
    )
    .argument('<type-or-name...>', 'TYPE [NAME...] or TYPE/NAME...')
    .option('-o, --output <format>', 'yaml, json, wide or name')
    .option('-l, --selector <selector>', 'label selector, e.g. app=hello,tier=web')
    .option('-w, --watch', 'after listing, print each change as it happens')
    .option('--no-headers', 'leave out the header line')
    .action(async (args: string[], options: GetOptions, cmd: Command) => {
      await runGet(contextOf(cmd, env), parseGetArgs(args, options));
    });
  withExamples(command, [
    'kiln get bc',
    'kiln get builds -l buildconfig=hello -w',
    'kiln get build hello-3 -o yaml',
    'kiln get bc/hello build/hello-1 -o name',
    'kiln get is -n openshift',
  ]);
}
