import type { Command } from 'commander';
import { importImages, type ImageStream } from '../api/image-streams.js';
import { objectPath, Resources } from '../api/resources.js';
import { contextOf, type CommandContext } from '../context.js';
import { describeImageStream } from '../describe/image-stream.describer.js';
import type { CliEnvironment } from '../environment.js';
import { ReportedFailure, UsageError } from '../errors.js';
import { withExamples } from './help.js';

export type ImportImageOptions = {
  from?: string;
  confirm?: boolean;
  scheduled?: boolean;
  insecure?: boolean;
  referencePolicy?: string;
};

export type ImportImageRequest = {
  stream: string;
  tag: string;
  from?: string;
  confirm: boolean;
  scheduled?: boolean;
  insecure?: boolean;
  referencePolicy?: 'Source' | 'Local';
};

/** `import-image STREAM[:TAG]`, checked. */
export function parseImportImageArgs(arg: string, options: ImportImageOptions): ImportImageRequest {
  const [stream = '', tag = 'latest', ...extra] = arg.split(':');
  if (!stream || !tag || extra.length > 0 || arg.includes('/')) {
    throw new UsageError(`"${arg}" must be STREAM or STREAM:TAG`);
  }
  const policy = options.referencePolicy?.toLowerCase();
  if (policy !== undefined && policy !== 'source' && policy !== 'local') {
    throw new UsageError('--reference-policy must be source or local');
  }
  return {
    stream,
    tag,
    ...(options.from ? { from: options.from } : {}),
    confirm: options.confirm === true,
    ...(options.scheduled ? { scheduled: true } : {}),
    ...(options.insecure ? { insecure: true } : {}),
    ...(policy
      ? { referencePolicy: policy === 'local' ? ('Local' as const) : ('Source' as const) }
      : {}),
  };
}

/**
 * `oc import-image`: imports the tag now. Without --from, the tag's own DockerImage source is
 * imported again; a stream that does not exist yet is created only with --confirm.
 */
export async function runImportImage(
  ctx: CommandContext,
  request: ImportImageRequest,
): Promise<void> {
  const { stream, tag } = request;
  const current = await ctx.client.getIfExists<ImageStream>(
    objectPath(Resources.imageStreams, ctx.namespace, stream),
  );
  if (!current && !request.confirm) {
    throw new UsageError(
      `no image stream named "${stream}" exists in ${ctx.namespace}: pass --confirm (and --from) to create it`,
    );
  }
  const spec = (current?.spec?.tags ?? []).find((t) => t.name === tag);
  const from = request.from ?? (spec?.from?.kind === 'DockerImage' ? spec.from.name : undefined);
  if (!from) {
    throw new UsageError(`tag "${tag}" of "${stream}" imports nothing: pass --from=PULLSPEC`);
  }
  const result = await importImages(ctx.client, ctx.namespace, stream, [
    {
      from,
      tag,
      scheduled: request.scheduled ?? spec?.importPolicy?.scheduled ?? undefined,
      insecure: request.insecure ?? spec?.importPolicy?.insecure ?? undefined,
      referencePolicy: request.referencePolicy ?? spec?.referencePolicy?.type ?? undefined,
    },
  ]);
  const [image] = result.status?.images ?? [];
  if (image?.status?.status !== 'Success') {
    ctx.err(`error: importing ${from}: ${image?.status?.message ?? 'no answer'}`);
    throw new ReportedFailure();
  }
  ctx.out(`imagestream.image.openshift.io/${stream} imported`);
  ctx.out();
  if (result.status?.import) {
    ctx.env.stdout.write(describeImageStream(result.status.import, ctx.env.now()));
  }
}

export function registerImportImage(program: Command, env: CliEnvironment): void {
  const command = program
    .command('import-image')
    .summary('import an image from a registry into an image stream tag, now')
    .description(
      'Look an image up in its registry and point an image stream tag at it by digest, as `oc import-image` does. Without --from the tag is imported again from its own source.',
    )
    .argument('<stream[:tag]>', 'the image stream tag to import into (tag default: latest)')
    .option('--from <pullspec>', 'the image to import (default: the tag’s source)')
    .option('--confirm', 'create the image stream if it does not exist')
    .option('--scheduled', 'import again periodically')
    .option('--insecure', 'the registry is plain HTTP or has an untrusted certificate')
    .option('--reference-policy <policy>', 'source (default) or local')
    .action(async (arg: string, options: ImportImageOptions, cmd: Command) => {
      await runImportImage(contextOf(cmd, env), parseImportImageArgs(arg, options));
    });
  withExamples(command, [
    'kiln import-image nodejs:latest -n openshift',
    'kiln import-image tool:1.0 --from=quay.io/org/tool:1.0 --confirm --scheduled',
  ]);
}
