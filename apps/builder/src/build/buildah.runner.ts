import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export type RunResult = { code: number | null; signal: NodeJS.Signals | null; tail: string[] };

/**
 * Runs buildah in its own process group, streaming each output line, so that cancelling kills
 * the whole tree (buildah's RUN children included) and nothing outlives the build.
 */
export class BuildahRunner {
  run(args: string[], onLine: (line: string) => void, signal?: AbortSignal): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('buildah', args, {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, BUILDAH_ISOLATION: 'chroot' },
      });
      const tail: string[] = [];
      const collect = (line: string) => {
        tail.push(line);
        if (tail.length > 50) {
          tail.shift();
        }
        onLine(line);
      };
      createInterface({ input: child.stdout }).on('line', collect);
      createInterface({ input: child.stderr }).on('line', collect);
      const kill = () => {
        if (child.pid) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      };
      signal?.addEventListener('abort', kill, { once: true });
      child.on('error', reject);
      child.on('close', (code, sig) => {
        signal?.removeEventListener('abort', kill);
        resolve({ code, signal: sig, tail });
      });
    });
  }
}
