import { Command, CommanderError } from 'commander';
import { registerApply } from './commands/apply.js';
import { registerCancelBuild } from './commands/cancel-build.js';
import { registerDelete } from './commands/delete.js';
import { registerDescribe } from './commands/describe.js';
import { registerGet } from './commands/get.js';
import { registerImportImage } from './commands/import-image.js';
import { registerLogin } from './commands/login.js';
import { registerLogs } from './commands/logs.js';
import { registerNewBuild } from './commands/new-build.js';
import { registerProject } from './commands/project.js';
import { registerStartBuild } from './commands/start-build.js';
import { registerTag } from './commands/tag.js';
import { registerWhoami } from './commands/whoami.js';
import type { CliEnvironment } from './environment.js';
import { ReportedFailure, UsageError } from './errors.js';

/** The `kiln` program; global flags are accepted before or after the verb. */
export function createProgram(env: CliEnvironment): Command {
  const program = new Command('kiln')
    .description('Kiln: build container images from OpenShift BuildConfigs, the way oc does')
    .option('-n, --namespace <namespace>', 'namespace (default: the current project)')
    .option('--server <url>', 'Kiln API server (default: KILN_SERVER or the config file)')
    .option('--token <token>', 'bearer token (default: KILN_TOKEN or the config file)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .configureOutput({
      writeOut: (text) => env.stdout.write(text),
      writeErr: (text) => env.stderr.write(text),
    })
    .exitOverride();
  registerApply(program, env);
  registerGet(program, env);
  registerDescribe(program, env);
  registerDelete(program, env);
  registerStartBuild(program, env);
  registerCancelBuild(program, env);
  registerLogs(program, env);
  registerNewBuild(program, env);
  registerTag(program, env);
  registerImportImage(program, env);
  registerProject(program, env);
  registerLogin(program, env);
  registerWhoami(program, env);
  program.addHelpText(
    'after',
    '\nExamples:\n  kiln apply -f bc.yaml\n  kiln start-build hello --follow\n  kiln get builds\n',
  );
  return program;
}

/** Runs one command line (without `node main.js`) and returns the exit code. */
export async function runCli(argv: readonly string[], env: CliEnvironment): Promise<number> {
  const program = createProgram(env);
  let verb = '';
  program.hook('preAction', (_program, action) => {
    verb = action.name();
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode; // commander has already printed help or the problem
    }
    if (error instanceof ReportedFailure) {
      return error.exitCode;
    }
    const message =
      typeof (error as { message?: unknown }).message === 'string'
        ? (error as Error).message
        : String(error);
    env.stderr.write(`error: ${message}\n`);
    if (error instanceof UsageError && verb) {
      env.stderr.write(`See 'kiln ${verb} --help' for usage.\n`);
    }
    return 1;
  }
}
