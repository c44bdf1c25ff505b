import type { ObjectReference } from '@kiln/build-types';
import type { Command } from 'commander';
import { ApiError } from '../api/api-error.js';
import { collectionPath, Resources } from '../api/resources.js';
import { contextOf, type CommandContext } from '../context.js';
import type { CliEnvironment } from '../environment.js';
import { UsageError } from '../errors.js';
import { formatDocument } from '../output/print.js';
import { collect, parseEnvVars } from './args.js';
import { withExamples } from './help.js';
import { newBuildConfig, type NewBuildRequest } from './new-build-config.js';

export type NewBuildOptions = {
  strategy?: string;
  image?: string;
  imageStream?: string;
  to?: string;
  toDocker?: boolean;
  name?: string;
  contextDir?: string;
  env?: string[];
  buildArg?: string[];
  output?: string;
};

/** True when a pull spec starts with a registry host (`quay.io/x`, `127.0.0.1:5000/x`). */
export function hasRegistry(image: string): boolean {
  const slash = image.indexOf('/');
  if (slash < 0) {
    return false;
  }
  const host = image.slice(0, slash);
  return host.includes('.') || host.includes(':') || host === 'localhost';
}

const withTag = (name: string) => (name.includes(':') ? name : `${name}:latest`);

/** The BuildConfig name `oc new-build` derives from a repository URL: its last path segment. */
export function nameFromUrl(url: string): string {
  const path = url
    .replace(/#.*$/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
  const last = path.split(/[/:]/).pop() ?? '';
  return last
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function parseNewBuildArgs(url: string, options: NewBuildOptions): NewBuildRequest {
  const [uri = '', ref] = url.split('#', 2);
  if (!uri) {
    throw new UsageError('a git repository URL is required, e.g. https://github.com/org/app.git');
  }
  const strategyName = (options.strategy ?? 'docker').toLowerCase();
  if (strategyName !== 'docker' && strategyName !== 'source') {
    throw new UsageError(`--strategy must be docker or source, got "${options.strategy}"`);
  }
  if (options.image && options.imageStream) {
    throw new UsageError('--image and --image-stream exclude each other');
  }
  let from: ObjectReference | undefined;
  if (options.image) {
    from = { kind: 'DockerImage', name: options.image };
  } else if (options.imageStream) {
    from = { kind: 'ImageStreamTag', name: withTag(options.imageStream) };
  }
  const strategy = strategyName === 'source' ? 'Source' : 'Docker';
  if (strategy === 'Source' && !from) {
    throw new UsageError('--strategy=source needs a builder image: --image or --image-stream');
  }
  const name = options.name ?? nameFromUrl(uri);
  if (!name) {
    throw new UsageError(`cannot derive a name from "${url}": pass --name`);
  }
  const target = options.to ?? name;
  const to: ObjectReference =
    options.toDocker || hasRegistry(target)
      ? { kind: 'DockerImage', name: target }
      : { kind: 'ImageStreamTag', name: withTag(target) };
  if (options.output !== undefined && options.output !== 'yaml' && options.output !== 'json') {
    throw new UsageError(`-o must be yaml or json, got "${options.output}"`);
  }
  if (options.buildArg?.length && strategy !== 'Docker') {
    throw new UsageError('--build-arg applies to the docker strategy only');
  }
  return {
    name,
    uri,
    ...(ref ? { ref } : {}),
    ...(options.contextDir ? { contextDir: options.contextDir } : {}),
    strategy,
    ...(from ? { from } : {}),
    to,
    env: parseEnvVars(options.env, '-e'),
    buildArgs: parseEnvVars(options.buildArg, '--build-arg'),
    ...(options.output ? { output: options.output } : {}),
  };
}

/**
 * As `oc new-build`: the ImageStream the output tag belongs to, unless it exists (a build
 * whose output stream is missing waits, New, with InvalidOutputReference).
 */
async function createOutputStream(ctx: CommandContext, to: ObjectReference): Promise<void> {
  const stream = to.kind === 'ImageStreamTag' ? (to.name ?? '').split(':')[0] : undefined;
  if (!stream || to.namespace) {
    return;
  }
  try {
    await ctx.client.json('POST', collectionPath(Resources.imageStreams, ctx.namespace), {
      json: {
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: { name: stream },
      },
    });
    ctx.out(`imagestream.image.openshift.io/${stream} created`);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 409) {
      throw error;
    }
  }
}

export async function runNewBuild(ctx: CommandContext, request: NewBuildRequest): Promise<void> {
  const bc = newBuildConfig(request);
  if (request.output) {
    ctx.env.stdout.write(formatDocument(bc, request.output));
    return;
  }
  await createOutputStream(ctx, request.to);
  await ctx.client.json('POST', collectionPath(Resources.buildConfigs, ctx.namespace), {
    json: bc,
  });
  ctx.out(`buildconfig.build.openshift.io/${request.name} created`);
  ctx.err(
    `A build starts now because of the ConfigChange trigger; follow it with: kiln logs -f bc/${request.name}`,
  );
}

export function registerNewBuild(program: Command, env: CliEnvironment): void {
  const command = program
    .command('new-build')
    .summary('create a BuildConfig for a git repository')
    .description(
      'Create a BuildConfig as `oc new-build` does: git source (URL#REF for a branch or tag), a docker or source strategy, an output image, and ConfigChange, GitHub and Generic webhook triggers with random secrets.',
    )
    .argument('<url>', 'git repository URL, optionally with #REF')
    .option('--strategy <strategy>', 'docker (default) or source')
    .option(
      '--image <pullspec>',
      'builder image (source) or FROM override (docker), as a pull spec',
    )
    .option('--image-stream <name[:tag]>', 'the same, as an ImageStreamTag')
    .option('--to <image>', 'output: an ImageStreamTag, or a DockerImage when it names a registry')
    .option('--to-docker', 'treat --to as a DockerImage even without a registry')
    .option('--name <name>', 'BuildConfig name (default: from the URL)')
    .option('--context-dir <dir>', 'build from this subdirectory of the repository')
    .option('-e, --env <NAME=VALUE>', 'build environment variable (repeatable)', collect)
    .option('--build-arg <NAME=VALUE>', 'docker build argument (repeatable)', collect)
    .option('-o, --output <format>', 'print the BuildConfig as yaml or json instead of creating it')
    .action(async (url: string, options: NewBuildOptions, cmd: Command) => {
      await runNewBuild(contextOf(cmd, env), parseNewBuildArgs(url, options));
    });
  withExamples(command, [
    'kiln new-build https://github.com/org/app.git --strategy docker --to 127.0.0.1:5000/demo/app:latest',
    'kiln new-build https://github.com/org/site.git#main --strategy source --image 127.0.0.1:5000/kiln/s2i-nodejs:latest',
  ]);
}
