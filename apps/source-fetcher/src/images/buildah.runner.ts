import { spawn } from 'node:child_process';

export type BuildahStorage = { root: string; runroot: string; driver: 'vfs' | 'overlay' };

export class BuildahFailed extends Error {
  constructor(readonly stderr: string) {
    super(stderr.trim().split('\n').slice(-2).join(' ') || 'buildah failed');
  }
}

/**
 * buildah on a storage of our choosing (never the host's default store), chroot isolation,
 * with HOME pointed away so that no credentials of the machine are picked up: callers always
 * pass an explicit `--authfile`. Each call is its own process group, killed on abort.
 */
export class BuildahRunner {
  constructor(
    private readonly storage: BuildahStorage,
    private readonly home: string,
  ) {}

  run(args: string[], signal: AbortSignal = AbortSignal.timeout(600_000)): Promise<string> {
    const argv = [
      '--root',
      this.storage.root,
      '--runroot',
      this.storage.runroot,
      '--storage-driver',
      this.storage.driver,
      ...args,
    ];
    return new Promise((resolve, reject) => {
      const child = spawn('buildah', argv, {
        env: {
          PATH: process.env.PATH,
          HOME: this.home,
          BUILDAH_ISOLATION: 'chroot',
          XDG_CONFIG_HOME: this.home,
          TMPDIR: this.home,
        },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      const kill = () => {
        try {
          process.kill(-(child.pid ?? 0), 'SIGKILL');
        } catch {
          // Already gone.
        }
      };
      signal.addEventListener('abort', kill, { once: true });
      child.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
      child.stderr.setEncoding('utf8').on('data', (t: string) => (err = (err + t).slice(-16_384)));
      child.on('error', (error) => reject(new BuildahFailed(error.message)));
      child.on('close', (code) => {
        signal.removeEventListener('abort', kill);
        if (code === 0) {
          resolve(out.trim());
        } else {
          reject(new BuildahFailed(signal.aborted ? `stopped: ${String(signal.reason)}` : err));
        }
      });
    });
  }
}
