import { parseDocuments, type KubeObject, type ObjectMeta } from '@kiln/build-types';
import type { Command } from 'commander';
import { ApiError } from '../api/api-error.js';
import {
  collectionPath,
  objectPath,
  qualifiedKind,
  resourceTypeForKind,
  type ResourceType,
} from '../api/resources.js';
import { contextOf, type CommandContext } from '../context.js';
import type { CliEnvironment } from '../environment.js';
import { ReportedFailure, UsageError } from '../errors.js';
import { formatDocument, printable } from '../output/print.js';
import { collect, parseParams } from './args.js';
import { withExamples } from './help.js';
import { readManifests } from './manifests.js';

export type ApplyOptions = {
  filename?: string[];
  param?: string[];
  recursive?: boolean;
  dryRun?: boolean;
  output?: string;
};

export type ApplyRequest = {
  files: string[];
  params: Record<string, string>;
  recursive: boolean;
  dryRun: boolean;
  output?: 'yaml' | 'json' | 'name';
};

export function parseApplyArgs(options: ApplyOptions): ApplyRequest {
  if (!options.filename?.length) {
    throw new UsageError('you must say what to apply: kiln apply -f FILE|DIR|-');
  }
  const output = options.output;
  if (output !== undefined && output !== 'yaml' && output !== 'json' && output !== 'name') {
    throw new UsageError(`-o must be yaml, json or name, got "${output}"`);
  }
  return {
    files: options.filename,
    params: parseParams(options.param),
    recursive: options.recursive === true,
    dryRun: options.dryRun === true,
    ...(output ? { output } : {}),
  };
}

type Meta = ObjectMeta & { name?: string | null };

/** The namespace an object goes to: its own, unless `-n` says otherwise (then they must agree). */
export function targetNamespace(ctx: CommandContext, object: KubeObject): string {
  const own = (object.metadata as Meta | undefined)?.namespace ?? undefined;
  if (own && ctx.namespaceFlagGiven && own !== ctx.namespace) {
    throw new UsageError(
      `the namespace from the provided object "${own}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${own}' to perform this operation.`,
    );
  }
  return own ?? ctx.namespace;
}

type Applied = { type: ResourceType; object: object; action: 'created' | 'configured' };

/** Create or replace one object: GET it, then PUT with its resourceVersion, or POST. */
export async function applyObject(
  ctx: CommandContext,
  type: ResourceType,
  object: KubeObject,
): Promise<Applied> {
  const meta = (object.metadata ?? {}) as Meta;
  const namespace = type.namespaced ? targetNamespace(ctx, object) : '';
  const body = {
    ...object,
    metadata: { ...meta, ...(type.namespaced ? { namespace } : {}) },
  };
  const existing = meta.name
    ? await ctx.client.getIfExists<{ metadata?: Meta }>(objectPath(type, namespace, meta.name))
    : undefined;
  if (existing && meta.name) {
    const resourceVersion = existing.metadata?.resourceVersion ?? undefined;
    const replaced = await ctx.client.json<object>('PUT', objectPath(type, namespace, meta.name), {
      json: { ...body, metadata: { ...body.metadata, resourceVersion } },
    });
    return { type, object: replaced, action: 'configured' };
  }
  const created = await ctx.client.json<object>('POST', collectionPath(type, namespace), {
    json: body,
  });
  return { type, object: created, action: 'created' };
}

const textOf = (value: unknown, fallback: string): string =>
  typeof value === 'string' ? value : fallback;

function describeObject(object: KubeObject): string {
  const name = (object.metadata as Meta | undefined)?.name ?? '<no name>';
  return `${textOf(object.kind, '<no kind>')}/${name}`;
}

export async function runApply(ctx: CommandContext, request: ApplyRequest): Promise<void> {
  const sources = await readManifests(request.files, request.recursive, ctx.env.readStdin);
  const applied: Applied[] = [];
  let failed = false;
  const fail = (line: string) => {
    ctx.err(`error: ${line}`);
    failed = true;
  };
  for (const { source, text } of sources) {
    const parsed = parseDocuments(text, { params: request.params });
    if (!parsed.ok) {
      parsed.errors.forEach((e) => fail(`${source}: ${e.message}`));
      continue;
    }
    for (const object of parsed.objects) {
      const type = resourceTypeForKind(object.kind, object.apiVersion);
      if (!type) {
        fail(
          `${source}: ${describeObject(object)}: no matches for kind "${textOf(object.kind, '')}" in version "${textOf(object.apiVersion, '')}" (Kiln serves BuildConfig, Secret, ConfigMap and Namespace)`,
        );
        continue;
      }
      const name = (object.metadata as Meta | undefined)?.name;
      if (!name) {
        fail(`${source}: ${describeObject(object)}: metadata.name: Required value`);
        continue;
      }
      if (request.dryRun) {
        applied.push({ type, object, action: 'configured' });
        ctx.err(`${qualifiedKind(type)}/${name} (dry run)`);
        continue;
      }
      try {
        const result = await applyObject(ctx, type, object);
        applied.push(result);
        if (!request.output) {
          ctx.out(`${qualifiedKind(type)}/${name} ${result.action}`);
        }
      } catch (error) {
        if (!(error instanceof ApiError || error instanceof UsageError)) {
          throw error;
        }
        fail(`${source}: ${qualifiedKind(type)}/${name}: ${error.message}`);
      }
    }
  }
  printApplied(ctx, request, applied);
  if (failed) {
    throw new ReportedFailure();
  }
}

function printApplied(ctx: CommandContext, request: ApplyRequest, applied: readonly Applied[]) {
  if (request.output === 'name') {
    applied.forEach((a) =>
      ctx.out(
        `${qualifiedKind(a.type)}/${(a.object as KubeObject & { metadata?: Meta }).metadata?.name ?? ''}`,
      ),
    );
  } else if (request.output) {
    const objects = applied.map((a) => printable(a.type, [a.object], true));
    const document =
      objects.length === 1 && objects[0]
        ? objects[0]
        : { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: objects };
    ctx.env.stdout.write(formatDocument(document, request.output));
  }
}

export function registerApply(program: Command, env: CliEnvironment): void {
  const command = program
    .command('apply')
    .summary('create or replace objects from files')
    .description(
      'Create or replace BuildConfigs, Secrets, ConfigMaps and Namespaces from YAML or JSON: one object, a List, several documents, or an OpenShift Template processed with -p.',
    )
    .option('-f, --filename <path>', 'file, directory or - for stdin (repeatable)', collect)
    .option('-p, --param <NAME=VALUE>', 'template parameter (repeatable)', collect)
    .option('-R, --recursive', 'read directories recursively')
    .option('--dry-run', 'parse and process, send nothing')
    .option('-o, --output <format>', 'print the results as yaml, json or name')
    .action(async (options: ApplyOptions, cmd: Command) => {
      await runApply(contextOf(cmd, env), parseApplyArgs(options));
    });
  withExamples(command, [
    'kiln apply -f examples/hello-docker/buildconfig.yaml',
    'kiln apply -f manifests/',
    'kiln apply -f template.yaml -p NAME=web -p GIT_REF=main',
    'cat bc.json | kiln apply -f -',
  ]);
}
