import type { Command } from 'commander';
import { collectionPath, objectPath, Resources } from '../api/resources.js';
import { saveClientConfig } from '../client-config.js';
import { contextOf, type CommandContext } from '../context.js';
import type { CliEnvironment } from '../environment.js';
import { withExamples } from './help.js';

export type NewProjectOptions = {
  displayName?: string;
  description?: string;
  skipConfigWrite?: boolean;
};

/** The Namespace `new-project` creates; display name and description as OpenShift annotates them. */
export function namespaceObject(name: string, options: NewProjectOptions): object {
  const annotations: Record<string, string> = {};
  if (options.displayName) {
    annotations['openshift.io/display-name'] = options.displayName;
  }
  if (options.description) {
    annotations['openshift.io/description'] = options.description;
  }
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, ...(Object.keys(annotations).length ? { annotations } : {}) },
  };
}

export async function runNewProject(
  ctx: CommandContext,
  name: string,
  options: NewProjectOptions,
): Promise<void> {
  await ctx.client.json('POST', collectionPath(Resources.namespaces, ''), {
    json: namespaceObject(name, options),
  });
  if (options.skipConfigWrite) {
    ctx.out(`Project "${name}" created on server "${ctx.client.server}".`);
    return;
  }
  saveClientConfig(ctx.env.config.file, { namespace: name });
  ctx.out(`Now using project "${name}" on server "${ctx.client.server}".`);
}

export async function runProject(
  ctx: CommandContext,
  name: string | undefined,
  options: { short?: boolean },
): Promise<void> {
  if (name === undefined) {
    ctx.out(
      options.short
        ? ctx.namespace
        : `Using project "${ctx.namespace}" on server "${ctx.client.server}".`,
    );
    return;
  }
  await ctx.client.get(objectPath(Resources.namespaces, '', name));
  saveClientConfig(ctx.env.config.file, { namespace: name });
  ctx.out(options.short ? name : `Now using project "${name}" on server "${ctx.client.server}".`);
}

export function registerProject(program: Command, env: CliEnvironment): void {
  const newProject = program
    .command('new-project')
    .summary('create a namespace and switch to it')
    .description('Create a namespace and make it the current one in the config file.')
    .argument('<name>', 'namespace name')
    .option('--display-name <text>', 'a human-readable name')
    .option('--description <text>', 'what the project is for')
    .option('--skip-config-write', 'create it without switching to it')
    .action(async (name: string, options: NewProjectOptions, cmd: Command) => {
      await runNewProject(contextOf(cmd, env), name, options);
    });
  withExamples(newProject, ['kiln new-project demo', 'kiln new-project ci --skip-config-write']);

  const project = program
    .command('project')
    .summary('show or switch the current namespace')
    .description(
      'Without a name, show the current namespace; with one, check it exists and switch to it.',
    )
    .argument('[name]', 'namespace to switch to')
    .option('-q, --short', 'print only the namespace name')
    .action(async (name: string | undefined, options: { short?: boolean }, cmd: Command) => {
      await runProject(contextOf(cmd, env), name, options);
    });
  withExamples(project, ['kiln project', 'kiln project demo']);
}
