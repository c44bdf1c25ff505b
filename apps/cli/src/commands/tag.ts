import type { ObjectReference } from '@kiln/build-types';
import type { Command } from 'commander';
import { ApiError } from '../api/api-error.js';
import { deleteTag, setTag, type ImageStreamTag, type TagReference } from '../api/image-streams.js';
import { getObject } from '../api/objects.js';
import { Resources } from '../api/resources.js';
import { contextOf, type CommandContext } from '../context.js';
import type { CliEnvironment } from '../environment.js';
import { ReportedFailure, UsageError } from '../errors.js';
import { withExamples } from './help.js';
import { hasRegistry } from './new-build.js';

/** `[namespace/]stream:tag`, qualified. */
export type TagName = { namespace: string; stream: string; tag: string };

const SOURCE_KINDS = {
  istag: 'ImageStreamTag',
  isimage: 'ImageStreamImage',
  docker: 'DockerImage',
} as const;
type SourceKind = keyof typeof SOURCE_KINDS;

export type TagRequest =
  | { delete: true; destinations: TagName[] }
  | {
      delete: false;
      source: { kind: SourceKind; namespace: string; name: string };
      destinations: TagName[];
      alias: boolean;
      spec: Omit<TagReference, 'name' | 'from'>;
    };

export type TagOptions = {
  source?: string;
  alias?: boolean;
  scheduled?: boolean;
  insecure?: boolean;
  reference?: boolean;
  referencePolicy?: string;
  delete?: boolean;
};

const splitNamespace = (arg: string, namespace: string): { namespace: string; rest: string } => {
  const slash = arg.indexOf('/');
  return slash < 0
    ? { namespace, rest: arg }
    : { namespace: arg.slice(0, slash), rest: arg.slice(slash + 1) };
};

/** `[ns/]stream:tag`; the tag defaults to latest. */
export function parseTagName(arg: string, namespace: string): TagName {
  const { namespace: ns, rest } = splitNamespace(arg, namespace);
  const [stream = '', tag = 'latest', ...extra] = rest.split(':');
  if (!stream || !tag || extra.length > 0 || rest.includes('@') || rest.includes('/')) {
    throw new UsageError(`"${arg}" is not an image stream tag: expected [NAMESPACE/]STREAM:TAG`);
  }
  return { namespace: ns, stream, tag };
}

/** What SOURCE names: a pull spec (docker), `stream@sha256:…` (isimage) or `stream:tag` (istag). */
function sourceKind(arg: string, given: string | undefined): SourceKind {
  if (given !== undefined) {
    if (!(given in SOURCE_KINDS)) {
      throw new UsageError(`--source must be one of ${Object.keys(SOURCE_KINDS).join(', ')}`);
    }
    return given as SourceKind;
  }
  if (hasRegistry(arg)) {
    return 'docker';
  }
  return arg.includes('@') ? 'isimage' : 'istag';
}

/** `oc tag SOURCE DEST...` and `oc tag -d DEST...`, checked. */
export function parseTagArgs(
  args: readonly string[],
  options: TagOptions,
  namespace: string,
): TagRequest {
  if (options.delete) {
    if (args.length === 0) {
      throw new UsageError('you must name at least one tag to delete');
    }
    return { delete: true, destinations: args.map((a) => parseTagName(a, namespace)) };
  }
  const [source, ...dests] = args;
  if (!source || dests.length === 0) {
    throw new UsageError('you must give a SOURCE and at least one DEST');
  }
  const kind = sourceKind(source, options.source);
  if (options.alias && kind !== 'istag') {
    throw new UsageError('--alias needs an image stream tag (STREAM:TAG) as SOURCE');
  }
  if (options.scheduled && kind !== 'docker') {
    throw new UsageError('--scheduled applies to a docker image SOURCE only');
  }
  const policy = options.referencePolicy?.toLowerCase();
  if (policy !== undefined && policy !== 'source' && policy !== 'local') {
    throw new UsageError('--reference-policy must be source or local');
  }
  let from: { namespace: string; rest: string };
  if (kind === 'istag') {
    const parsed = parseTagName(source, namespace);
    from = { namespace: parsed.namespace, rest: `${parsed.stream}:${parsed.tag}` };
  } else {
    from = kind === 'docker' ? { namespace, rest: source } : splitNamespace(source, namespace);
  }
  return {
    delete: false,
    source: { kind, namespace: from.namespace, name: from.rest },
    destinations: dests.map((d) => parseTagName(d, namespace)),
    alias: options.alias === true,
    spec: {
      ...(options.reference ? { reference: true } : {}),
      ...(options.scheduled || options.insecure
        ? {
            importPolicy: {
              ...(options.scheduled ? { scheduled: true } : {}),
              ...(options.insecure ? { insecure: true } : {}),
            },
          }
        : {}),
      ...(policy ? { referencePolicy: { type: policy === 'local' ? 'Local' : 'Source' } } : {}),
    },
  };
}

const text = (t: TagName, namespace: string) =>
  `${t.namespace === namespace ? '' : `${t.namespace}/`}${t.stream}:${t.tag}`;

/**
 * The spec tag's `from`: a docker or isimage SOURCE as given; an istag SOURCE tracked with
 * `--alias`, otherwise pinned to the image it points at now (as oc does).
 */
async function fromOf(ctx: CommandContext, request: Extract<TagRequest, { delete: false }>) {
  const { kind, namespace, name } = request.source;
  const ns = kind === 'docker' ? {} : { namespace };
  if (kind !== 'istag' || request.alias) {
    return {
      from: { kind: SOURCE_KINDS[kind], name, ...ns } as ObjectReference,
      shown: `${kind === 'docker' ? '' : `${namespace}/`}${name}`,
    };
  }
  const istag = await getObject<ImageStreamTag>(
    ctx.client,
    Resources.imageStreamTags,
    namespace,
    name,
  );
  const digest = istag.image?.metadata?.name;
  if (!digest) {
    throw new UsageError(`imagestreamtag ${namespace}/${name} has no image yet`);
  }
  const pinned = `${name.slice(0, name.indexOf(':'))}@${digest}`;
  return {
    from: { kind: 'ImageStreamImage', name: pinned, namespace },
    shown: `${namespace}/${pinned}`,
  };
}

export async function runTag(ctx: CommandContext, request: TagRequest): Promise<void> {
  let failed = false;
  const report = (error: unknown) => {
    if (!(error instanceof ApiError)) {
      throw error;
    }
    ctx.err(`error: ${error.message}`);
    failed = true;
  };
  if (request.delete) {
    for (const dest of request.destinations) {
      try {
        await deleteTag(ctx.client, dest.namespace, `${dest.stream}:${dest.tag}`);
        ctx.out(`Deleted tag ${dest.namespace}/${dest.stream}:${dest.tag}.`);
      } catch (error) {
        report(error);
      }
    }
  } else {
    const { from, shown } = await fromOf(ctx, request);
    for (const dest of request.destinations) {
      try {
        await setTag(ctx.client, dest.namespace, `${dest.stream}:${dest.tag}`, {
          ...request.spec,
          from,
        });
        ctx.out(
          request.alias
            ? `Tag ${text(dest, ctx.namespace)} set up to track ${shown}.`
            : `Tag ${text(dest, ctx.namespace)} set to ${shown}.`,
        );
      } catch (error) {
        report(error);
      }
    }
  }
  if (failed) {
    throw new ReportedFailure();
  }
}

export function registerTag(program: Command, env: CliEnvironment): void {
  const command = program
    .command('tag')
    .summary('tag an image into image streams')
    .description(
      'Point DEST image stream tags at SOURCE, as `oc tag` does: another tag (pinned to its current image, or tracked with --alias), an image of a stream (STREAM@sha256:...), or an image in a registry (imported). With -d, delete the tags.',
    )
    .argument('<source-and-dests...>', 'SOURCE DEST [DEST...], or DEST... with -d')
    .option('--source <kind>', 'what SOURCE is: istag, isimage or docker (default: guessed)')
    .option('--alias', 'DEST follows SOURCE (a tag) whenever it changes')
    .option('--scheduled', 'import a docker SOURCE again periodically')
    .option('--insecure', 'the SOURCE registry is plain HTTP or has an untrusted certificate')
    .option('--reference', 'refer to SOURCE without importing it')
    .option('--reference-policy <policy>', 'source (default) or local')
    .option('-d, --delete', 'delete the given tags')
    .action(async (args: string[], options: TagOptions, cmd: Command) => {
      const ctx = contextOf(cmd, env);
      await runTag(ctx, parseTagArgs(args, options, ctx.namespace));
    });
  withExamples(command, [
    'kiln tag nodejs:latest nodejs:stable',
    'kiln tag --alias openshift/nodejs:latest mynode:20',
    'kiln tag quay.io/org/app:1.2 app:1.2 --scheduled',
    'kiln tag -d app:old',
  ]);
}
