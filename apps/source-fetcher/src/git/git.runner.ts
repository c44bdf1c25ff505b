import { spawn } from 'node:child_process';

/** git exited non-zero, or was stopped; `stderr` is the tail of what it wrote. */
export class GitFailed extends Error {
  constructor(
    readonly stderr: string,
    readonly exitCode: number | null,
    /** The abort reason when the call was stopped (timeout, size limit, shutdown). */
    readonly abortReason?: unknown,
  ) {
    super(stderr.trim().split('\n').slice(-3).join(' ') || `git exited with ${String(exitCode)}`);
  }
}

export type GitCall = {
  /** Env on top of the hardened base (credentials, proxies, config file). */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Receives stderr as it arrives (clone progress). */
  onStderr?: (text: string) => void;
};

const stderrTail = 64 * 1024;
const maxStdout = 16 * 1024 * 1024;
const defaultTimeoutMs = 120_000;

/**
 * git with everything that could run code, prompt or reach the machine's own files turned off:
 * no hooks, no credential helpers, no terminal prompts, no system config, only the network
 * protocols (file:// too when the farm allows local repositories), no background gc.
 * Command-line `-c` settings outrank every config file, so a user's `.gitconfig` cannot undo them.
 * Each call runs in its own process group, killed whole when the call is aborted.
 */
export class GitRunner {
  constructor(
    private readonly options: {
      allowLocal: boolean;
      templateDir?: string;
      baseEnv?: NodeJS.ProcessEnv;
    },
  ) {}

  private hardening(): string[] {
    const settings = [
      'core.hooksPath=/dev/null',
      'credential.helper=',
      'core.fsmonitor=false',
      'submodule.recurse=false',
      'gc.auto=0',
      'maintenance.auto=false',
      'advice.detachedHead=false',
      'protocol.allow=never',
      'protocol.https.allow=always',
      'protocol.http.allow=always',
      'protocol.git.allow=always',
      'protocol.ssh.allow=always',
      `protocol.file.allow=${this.options.allowLocal ? 'always' : 'never'}`,
      'protocol.ext.allow=never',
      'protocol.fd.allow=never',
    ];
    return settings.flatMap((s) => ['-c', s]);
  }

  private env(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: '/nonexistent',
      LC_ALL: 'C',
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_ASKPASS: '/bin/false',
      SSH_ASKPASS: '/bin/false',
      GIT_SSH_COMMAND: 'ssh -F /dev/null -o BatchMode=yes',
      ...(this.options.templateDir ? { GIT_TEMPLATE_DIR: this.options.templateDir } : {}),
      ...this.options.baseEnv,
      ...extra,
    };
  }

  /** Runs `git <args>` in cwd; resolves with stdout, rejects with GitFailed. */
  git(cwd: string, args: string[], call: GitCall = {}): Promise<string> {
    const signal = call.signal ?? AbortSignal.timeout(defaultTimeoutMs);
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(new GitFailed('', null, signal.reason));
        return;
      }
      const child = spawn('git', [...this.hardening(), ...args], {
        cwd,
        env: this.env(call.env ?? {}),
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      let outBytes = 0;
      let err = '';
      const kill = () => {
        try {
          process.kill(-(child.pid ?? 0), 'SIGKILL');
        } catch {
          // Already gone.
        }
      };
      signal.addEventListener('abort', kill, { once: true });
      child.stdout.on('data', (chunk: Buffer) => {
        outBytes += chunk.length;
        if (outBytes <= maxStdout) {
          out.push(chunk);
        }
      });
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (text: string) => {
        err = (err + text).slice(-stderrTail);
        call.onStderr?.(text);
      });
      child.on('error', (error) => {
        signal.removeEventListener('abort', kill);
        reject(new GitFailed(error.message, null));
      });
      child.on('close', (code) => {
        signal.removeEventListener('abort', kill);
        if (signal.aborted) {
          reject(new GitFailed(err, code, signal.reason));
        } else if (code !== 0) {
          reject(new GitFailed(err, code));
        } else {
          resolve(Buffer.concat(out).toString('utf8'));
        }
      });
    });
  }
}
