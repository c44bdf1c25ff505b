import type { Command } from 'commander';
import { currentUser } from '../api/users.js';
import { contextOf, type CommandContext } from '../context.js';
import type { CliEnvironment } from '../environment.js';
import { withExamples } from './help.js';

export type WhoamiOptions = { showToken?: boolean; showServer?: boolean };

export async function runWhoami(ctx: CommandContext, options: WhoamiOptions): Promise<void> {
  if (options.showToken) {
    if (!ctx.config.token) {
      throw new Error('no token: run ./kiln up, or kiln login SERVER --token T');
    }
    ctx.out(ctx.config.token);
    return;
  }
  if (options.showServer) {
    ctx.out(ctx.client.server);
    return;
  }
  ctx.out(await currentUser(ctx.client));
}

export function registerWhoami(program: Command, env: CliEnvironment): void {
  const command = program
    .command('whoami')
    .summary('show the current user')
    .description('Show the user the token belongs to; -t prints the token, --show-server the API.')
    .option('-t, --show-token', 'print the token in use')
    .option('--show-server', 'print the API server in use')
    .action(async (options: WhoamiOptions, cmd: Command) => {
      await runWhoami(contextOf(cmd, env), options);
    });
  withExamples(command, ['kiln whoami', 'kiln whoami -t']);
}
