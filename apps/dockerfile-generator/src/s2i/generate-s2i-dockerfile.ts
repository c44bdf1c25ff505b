import { posix } from 'node:path';
import { assertImageReference } from '../dockerfile/image-reference.js';
import { parseDockerfile } from '../dockerfile/parse-dockerfile.js';
import { isProvided, S2I_SCRIPTS, type ScriptSource } from './resolve-scripts.js';
import { assertSafePath, assertSafeUser } from './s2i-escape.js';
import type { S2iDockerfileInput } from './s2i-dockerfile-input.js';
import { s2iEnvInstruction } from './s2i-env.js';
import { s2iLabelInstruction } from './s2i-labels.js';

const ARTIFACTS_TAR = '/tmp/artifacts.tar';
const DEFAULT_DESTINATION = '/tmp';
const DEFAULT_WORK_DIR = '/opt/app-root/src';
const FROM_IMAGE_COMMENTS = (script: string): string[] => [
  `# ${script} script sourced from builder image based on user input or image metadata.`,
  '# If this file does not exist in the image, the build will fail.',
];

type Context = { input: S2iDockerfileInput; user: string; dest: string; chown: string };

const scriptPath = (ctx: Context, source: ScriptSource, script: string): string =>
  source.kind === 'image' ? `${source.dir}/${script}` : `${ctx.dest}/scripts/${script}`;

/** The `cached` stage: run save-artifacts in the previous image into /tmp/artifacts.tar. */
function cachedStage(ctx: Context, fromImage: string): string[] {
  const source = ctx.input.scripts['save-artifacts'];
  const lines = [`FROM ${assertImageReference(fromImage, 'incremental image')} as cached`];
  const script = scriptPath(ctx, source, 'save-artifacts');
  if (isProvided(source)) {
    lines.push('# Copying in override save-artifacts script');
    if (ctx.input.chownMode === 'run') {
      lines.push(
        'USER root',
        `COPY upload/scripts/save-artifacts ${script}`,
        `RUN chown ${ctx.user}:0 ${script}`,
      );
    } else {
      lines.push(`COPY ${ctx.chown}upload/scripts/save-artifacts ${script}`);
    }
  } else {
    lines.push(
      '# Save-artifacts script sourced from builder image based on user input or image metadata.',
    );
  }
  if (ctx.user !== 'root') {
    lines.push(`USER ${ctx.user}`);
  }
  lines.push(
    `RUN if [ -s ${script} ]; then ${script} > ${ARTIFACTS_TAR}; else touch ${ARTIFACTS_TAR}; fi`,
  );
  return lines;
}

type Injection = { from: string; to: string; keep: boolean; files: string[] };

function resolveInjections(input: S2iDockerfileInput): Injection[] {
  const workDir = input.imageWorkDir ?? DEFAULT_WORK_DIR;
  return input.injections.map((i) => {
    const to = posix.isAbsolute(i.destination)
      ? posix.normalize(i.destination)
      : posix.join(workDir, i.destination);
    return {
      from: assertSafePath(posix.join('upload/injections', i.source), 'injection source'),
      to: assertSafePath(to, 'injection destination'),
      keep: i.keep,
      files: i.files.map((f) => assertSafePath(posix.join(to, f), 'injected file')),
    };
  });
}

/** COPY of artifacts, scripts, sources and injections, plus the chown RUN in 'run' mode. */
function copyInstructions(ctx: Context, injections: Injection[]): string[] {
  const lines: string[] = [];
  const owned: string[] = [];
  const copy = (from: string, to: string): void => {
    lines.push(`COPY ${ctx.chown}${from} ${to}`);
    owned.push(to);
  };
  if (ctx.input.incremental !== undefined) {
    copy(`--from=cached ${ARTIFACTS_TAR}`, ARTIFACTS_TAR);
  }
  if (S2I_SCRIPTS.some((s) => isProvided(ctx.input.scripts[s]))) {
    lines.push('# Copying in override assemble/run scripts');
    copy('upload/scripts', `${ctx.dest}/scripts`);
  }
  lines.push('# Copying in source code');
  copy('upload/src', `${ctx.dest}/src`);
  if (injections.length > 0) {
    lines.push('# Copying in injected content');
  }
  injections.forEach((i) => copy(i.from, i.to));
  if (ctx.input.chownMode === 'run') {
    lines.push(
      '# Change file ownership to the assemble user. Builder image must support chown command.',
    );
    lines.push(`RUN chown -R ${ctx.user}:0 ${owned.join(' ')}`);
  }
  return lines;
}

function scriptInstruction(
  ctx: Context,
  keyword: 'RUN' | 'CMD',
  script: 'assemble' | 'run',
): string[] {
  const source = ctx.input.scripts[script];
  const line = `${keyword} ${scriptPath(ctx, source, script)}`;
  return isProvided(source)
    ? [line]
    : [...FROM_IMAGE_COMMENTS(script === 'assemble' ? 'Assemble' : 'Run'), line];
}

/**
 * The Dockerfile an S2I build runs, in upstream's order: optional `cached` stage, FROM the
 * builder, LABEL, ENV, copies (owned by the assemble user), USER, artifact extraction,
 * assemble, removal of injected secrets (configMaps stay), CMD run.
 */
export function generateS2iDockerfile(input: S2iDockerfileInput): string {
  const dest = assertSafePath(input.destination ?? DEFAULT_DESTINATION, 'destination');
  const user = assertSafeUser(input.assembleUser);
  const ctx: Context = {
    input,
    user,
    dest,
    chown: input.chownMode === 'copy-chown' ? `--chown=${user}:0 ` : '',
  };
  assertSafePath(input.imageScriptsDir, 'image scripts directory');
  const injections = resolveInjections(input);
  const secretFiles = injections.filter((i) => !i.keep).flatMap((i) => i.files);
  const label = s2iLabelInstruction(input);

  const lines = [
    ...(input.incremental === undefined ? [] : cachedStage(ctx, input.incremental.fromImage)),
    `FROM ${assertImageReference(input.builderImage, 'builder image')}`,
    ...(label === undefined ? [] : [label]),
    s2iEnvInstruction(input),
    ...(input.chownMode === 'run' ? ['USER root'] : []),
    ...copyInstructions(ctx, injections),
    ...(user === 'root' ? [] : [`USER ${user}`]),
    ...(input.incremental === undefined
      ? []
      : [
          '# Extract artifact content',
          `RUN if [ -s ${ARTIFACTS_TAR} ]; then mkdir -p ${dest}/artifacts; tar -xf ${ARTIFACTS_TAR} -C ${dest}/artifacts; fi && \\`,
          `    rm ${ARTIFACTS_TAR}`,
        ]),
    ...scriptInstruction(ctx, 'RUN', 'assemble'),
    ...(secretFiles.length === 0
      ? []
      : [
          '# Cleaning up injected secret content',
          `RUN ${secretFiles.map((f) => `rm ${f}`).join(' && \\\n    ')}`,
        ]),
    ...scriptInstruction(ctx, 'CMD', 'run'),
  ];
  const text = `${lines.join('\n')}\n`;
  parseDockerfile(text); // a generator bug must fail here, not inside Buildah
  return text;
}
