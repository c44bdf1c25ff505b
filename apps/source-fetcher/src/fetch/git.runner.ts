import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * git with everything that could run code or prompt turned off: no hooks, no credential
 * helpers, no terminal prompts, no remote helpers, no system or global config.
 */
export class GitRunner {
  constructor(private readonly timeoutMs: number) {}

  private env(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: '/nonexistent',
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_ASKPASS: '/bin/false',
      SSH_ASKPASS: '/bin/false',
      GIT_PROTOCOL_FROM_USER: '0',
      ...extra,
    };
  }

  private static readonly hardening = [
    '-c',
    'core.hooksPath=/dev/null',
    '-c',
    'credential.helper=',
    '-c',
    'protocol.ext.allow=never',
    '-c',
    'protocol.fd.allow=never',
    '-c',
    'core.fsmonitor=false',
    '-c',
    'submodule.recurse=false',
  ];

  async git(cwd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
    const { stdout } = await run('git', [...GitRunner.hardening, ...args], {
      cwd,
      env: this.env(extraEnv),
      timeout: this.timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  }
}
