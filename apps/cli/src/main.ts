import { Command } from 'commander';
import { loadClientConfig } from './client-config.js';

const program = new Command('kiln')
  .description('Kiln: build container images from OpenShift BuildConfigs')
  .option('-n, --namespace <ns>', 'namespace')
  .option('--server <url>', 'Kiln API server')
  .option('--token <token>', 'bearer token');

program
  .command('whoami')
  .description('show the current user, or with -t the token in use')
  .option('-t, --show-token', 'print the token')
  .addHelpText('after', '\nExample:\n  kiln whoami -t')
  .action(async (options: { showToken?: boolean }) => {
    const config = loadClientConfig(program.opts());
    if (options.showToken) {
      if (!config.token) {
        throw new Error('no token: run ./kiln up, or kiln login SERVER --token T');
      }
      process.stdout.write(`${config.token}\n`);
      return;
    }
    const response = await fetch(`${config.server}/apis/user.openshift.io/v1/users/~`, {
      headers: { authorization: `Bearer ${config.token ?? ''}` },
    });
    const body = (await response.json()) as { metadata?: { name?: string }; message?: string };
    if (!response.ok) {
      throw new Error(body.message ?? `HTTP ${response.status}`);
    }
    process.stdout.write(`${body.metadata?.name ?? '?'}\n`);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exit(1);
});
