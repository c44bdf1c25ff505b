import type { Build, BuildRequest, EnvVar } from '@kiln/build-types';
import type { Command } from 'commander';
import { cloneBuild, instantiate, instantiateBinary } from '../api/builds.js';
import { waitForBuild } from '../api/wait-for-build.js';
import { contextOf, type CommandContext } from '../context.js';
import type { CliEnvironment } from '../environment.js';
import { ReportedFailure, UsageError } from '../errors.js';
import { openBinaryInput, type BinarySource } from '../upload/binary-input.js';
import { GitRunner } from '../upload/git.runner.js';
import { counted, UploadProgress } from '../upload/progress.js';
import { collect, parseEnvVars } from './args.js';
import { printBuildLog } from './build-log.js';
import { withExamples } from './help.js';

export type StartBuildOptions = {
  fromDir?: string;
  fromFile?: string;
  fromArchive?: string;
  fromRepo?: string;
  fromBuild?: string;
  commit?: string;
  env?: string[];
  buildArg?: string[];
  /** False when `--no-cache` was given (commander's negated option). */
  cache?: boolean;
  follow?: boolean;
  wait?: boolean;
};

export type StartBuildRequest = {
  /** The BuildConfig, or with `clone` the build to run again. */
  name: string;
  clone: boolean;
  binary?: BinarySource;
  commit?: string;
  env: EnvVar[];
  buildArgs: EnvVar[];
  noCache: boolean;
  follow: boolean;
  wait: boolean;
};

const binaryFlags = [
  ['fromDir', 'dir', '--from-dir'],
  ['fromFile', 'file', '--from-file'],
  ['fromArchive', 'archive', '--from-archive'],
  ['fromRepo', 'repo', '--from-repo'],
] as const;

export function parseStartBuildArgs(
  name: string | undefined,
  options: StartBuildOptions,
): StartBuildRequest {
  if (name && options.fromBuild) {
    throw new UsageError('give either a BuildConfig name or --from-build, not both');
  }
  const target = name ?? options.fromBuild;
  if (!target) {
    throw new UsageError('you must name the BuildConfig to start (or --from-build BUILD)');
  }
  const given = binaryFlags.filter(([key]) => options[key] !== undefined);
  if (given.length > 1) {
    throw new UsageError(`${given.map(([, , flag]) => flag).join(' and ')} exclude each other`);
  }
  const [chosen] = given;
  const binary = chosen ? { kind: chosen[1], path: options[chosen[0]] ?? '' } : undefined;
  const env = parseEnvVars(options.env, '-e');
  const buildArgs = parseEnvVars(options.buildArg, '--build-arg');
  if (binary && options.fromBuild) {
    throw new UsageError(`${chosen?.[2]} cannot be combined with --from-build`);
  }
  // instantiatebinary takes only query options: there is no BuildRequest to carry these.
  if (binary && (env.length > 0 || buildArgs.length > 0 || options.cache === false)) {
    throw new UsageError(
      `-e, --build-arg and --no-cache cannot be combined with ${chosen?.[2]}: set them on the BuildConfig`,
    );
  }
  return {
    name: target,
    clone: options.fromBuild !== undefined,
    ...(binary ? { binary } : {}),
    ...(options.commit ? { commit: options.commit } : {}),
    env,
    buildArgs,
    noCache: options.cache === false,
    follow: options.follow === true,
    wait: options.wait === true,
  };
}

/** The body POSTed to instantiate (or clone): the overrides `oc start-build` sends. */
export function toBuildRequest(request: StartBuildRequest): BuildRequest {
  const dockerStrategyOptions = {
    ...(request.buildArgs.length > 0 ? { buildArgs: request.buildArgs } : {}),
    ...(request.noCache ? { noCache: true } : {}),
  };
  return {
    kind: 'BuildRequest',
    apiVersion: 'build.openshift.io/v1',
    metadata: { name: request.name },
    ...(request.env.length > 0 ? { env: request.env } : {}),
    ...(Object.keys(dockerStrategyOptions).length > 0 ? { dockerStrategyOptions } : {}),
    ...(request.commit ? { revision: { type: 'Git', git: { commit: request.commit } } } : {}),
    triggeredBy: [{ message: 'Manually triggered' }],
  };
}

async function startFromBinary(
  ctx: CommandContext,
  request: StartBuildRequest,
  source: BinarySource,
  git: GitRunner,
): Promise<Build> {
  const input = await openBinaryInput(source, request.commit, git);
  try {
    input.warnings.forEach((w) => ctx.err(`warning: ${w}`));
    ctx.err(input.description);
    const progress = new UploadProgress(
      ctx.env.stderr,
      ctx.env.interactive,
      ctx.env.now,
      input.size,
    );
    let sent = 0;
    const body = counted(input.body, (total) => {
      sent = total;
      progress.update(total);
    });
    const build = await instantiateBinary(
      ctx.client,
      ctx.namespace,
      request.name,
      body,
      input.query,
    );
    progress.finish(sent);
    return build;
  } finally {
    await input.close();
  }
}

/** Starts the build, then follows or waits as asked; fails unless a waited-for build completes. */
export async function runStartBuild(
  ctx: CommandContext,
  request: StartBuildRequest,
  git = new GitRunner(),
): Promise<void> {
  let build: Build;
  if (request.binary) {
    build = await startFromBinary(ctx, request, request.binary, git);
  } else if (request.clone) {
    build = await cloneBuild(ctx.client, ctx.namespace, toBuildRequest(request));
  } else {
    build = await instantiate(ctx.client, ctx.namespace, toBuildRequest(request));
  }
  const name = build.metadata.name ?? '';
  ctx.out(`build.build.openshift.io/${name} started`);
  if (!request.follow && !request.wait) {
    return;
  }
  if (request.follow) {
    await printBuildLog(ctx, name, { follow: true });
  }
  const finished = await waitForBuild(ctx.client, ctx.namespace, name, ctx.env.sleep);
  const status = finished.status;
  if (status?.phase !== 'Complete') {
    const reason = status?.reason ? ` (${status.reason})` : '';
    const message = status?.message ? `: ${status.message}` : '';
    ctx.err(`error: build ${name} ended ${status?.phase ?? 'without a phase'}${reason}${message}`);
    throw new ReportedFailure();
  }
}

export function registerStartBuild(program: Command, env: CliEnvironment): void {
  const command = program
    .command('start-build')
    .summary('start a build from a BuildConfig')
    .description(
      'Start a build. With --from-dir, --from-file, --from-archive or --from-repo the input is uploaded (a Binary build); otherwise the BuildConfig fetches its own source. The exit code is 0 when the build was started, or, with --follow or --wait, only when it completes.',
    )
    .argument('[buildconfig]', 'BuildConfig name')
    .option('--from-build <build>', 'run an earlier build again (clone)')
    .option(
      '--from-dir <dir>',
      'upload a directory (honours .gitignore and .dockerignore, skips .git)',
    )
    .option('--from-file <file>', 'upload one file, kept under its own name')
    .option('--from-archive <archive>', 'upload a tar, tar.gz or zip archive as it is')
    .option('--from-repo <dir>', "upload a git repository's committed tree (HEAD, or --commit)")
    .option('--commit <sha>', 'build this commit')
    .option('-e, --env <NAME=VALUE>', 'build environment variable (repeatable)', collect)
    .option('--build-arg <NAME=VALUE>', 'docker build argument (repeatable)', collect)
    .option('--no-cache', 'build without the layer cache (docker strategy)')
    .option('-F, --follow', 'stream the build log until the build ends')
    .option('-w, --wait', 'wait for the build to end')
    .action(async (name: string | undefined, options: StartBuildOptions, cmd: Command) => {
      await runStartBuild(contextOf(cmd, env), parseStartBuildArgs(name, options));
    });
  withExamples(command, [
    'kiln start-build hello --follow',
    'kiln start-build hello -e GREETING=hi --build-arg VERSION=2 --no-cache --wait',
    'kiln start-build app --from-dir . --follow',
    'kiln start-build app --from-repo . --commit 1a2b3c4',
    'kiln start-build site --from-file index.html',
  ]);
}
