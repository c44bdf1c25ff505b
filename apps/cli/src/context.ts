import type { Command } from 'commander';
import { KilnClient } from './api/client.js';
import { loadClientConfig, type ClientConfig, type ConfigFlags } from './client-config.js';
import type { CliEnvironment } from './environment.js';

/** What every verb needs: settings, an API client, the namespace and the two output streams. */
export class CommandContext {
  private loaded?: ClientConfig;
  private api?: KilnClient;

  constructor(
    readonly env: CliEnvironment,
    readonly flags: ConfigFlags,
  ) {}

  get config(): ClientConfig {
    this.loaded ??= loadClientConfig(this.flags, this.env.config);
    return this.loaded;
  }

  get client(): KilnClient {
    this.api ??= new KilnClient({ server: this.config.server, token: this.config.token });
    return this.api;
  }

  get namespace(): string {
    return this.config.namespace;
  }

  /** True when `-n` was given, so a manifest naming another namespace is a conflict. */
  get namespaceFlagGiven(): boolean {
    return this.flags.namespace !== undefined;
  }

  out(line = ''): void {
    this.env.stdout.write(`${line}\n`);
  }

  err(line: string): void {
    this.env.stderr.write(`${line}\n`);
  }
}

/** The context for a running command: global flags (`-n`, `--server`, `--token`) from anywhere. */
export function contextOf(command: Command, env: CliEnvironment): CommandContext {
  const { namespace, server, token } = command.optsWithGlobals<ConfigFlags>();
  return new CommandContext(env, { namespace, server, token });
}
