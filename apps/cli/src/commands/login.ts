import type { Command } from 'commander';
import { KilnClient } from '../api/client.js';
import { currentUser } from '../api/users.js';
import { saveClientConfig } from '../client-config.js';
import { contextOf, type CommandContext } from '../context.js';
import type { CliEnvironment } from '../environment.js';
import { UsageError } from '../errors.js';
import { withExamples } from './help.js';

const loopback = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?(?:\/|$)/;

/**
 * The API URL from what the user typed: a scheme is added when missing (https, except plain
 * http for loopback, where `./kiln up` serves), and trailing slashes go.
 */
export function normalizeServer(text: string): string {
  const trimmed = text.trim().replace(/\/+$/, '');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    return trimmed;
  }
  return `${loopback.test(trimmed) ? 'http' : 'https'}://${trimmed}`;
}

export async function runLogin(
  ctx: CommandContext,
  serverArg: string | undefined,
  token: string | undefined,
): Promise<void> {
  if (!token) {
    throw new UsageError('--token is required: Kiln logs in with bearer tokens only');
  }
  const server = normalizeServer(serverArg ?? ctx.config.server);
  const user = await currentUser(new KilnClient({ server, token }));
  saveClientConfig(ctx.env.config.file, { server, token });
  ctx.out(`Logged into "${server}" as "${user}" using the token provided.`);
  ctx.out('');
  ctx.out(`Using project "${ctx.namespace}".`);
}

export function registerLogin(program: Command, env: CliEnvironment): void {
  const command = program
    .command('login')
    .summary('log in to a Kiln API server')
    .description(
      'Check the token against the server and store both in the config file (~/.config/kiln/config.yaml).',
    )
    .argument('[server]', 'API URL; the configured one when left out')
    .action(async (server: string | undefined, _options: unknown, cmd: Command) => {
      const ctx = contextOf(cmd, env);
      await runLogin(ctx, server, ctx.flags.token);
    });
  withExamples(command, ['kiln login http://127.0.0.1:8080 --token "$(cat token)"']);
}
