import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { BuildCgroup } from '../limits/build-cgroup.js';
import { descendantsOf } from './process-tree.js';

export type RunResult = { code: number | null; signal: NodeJS.Signals | null; tail: string[] };

/**
 * Runs buildah in its own process group, streaming each output line, so that cancelling kills
 * the whole tree (buildah's RUN children included) and nothing outlives the build.
 */
export class BuildahRunner {
  run(
    args: string[],
    onLine: (line: string) => void,
    signal?: AbortSignal,
    env: NodeJS.ProcessEnv = {},
    cgroup?: BuildCgroup,
  ): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('buildah', args, {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, BUILDAH_ISOLATION: 'chroot', ...env },
      });
      if (cgroup && child.pid) {
        // At once, before buildah starts its RUN children: they inherit the cgroup.
        cgroup.enter(child.pid);
      }
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
      let killed = false;
      const kill = () => {
        if (!child.pid) {
          return;
        }
        killed = true;
        // The whole tree: buildah's group and the RUN commands it started in sessions of their own.
        for (const pid of [...descendantsOf(child.pid), -child.pid]) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      };
      // A killed build is over when buildah exits; its pipes may close a little later.
      child.on('exit', (code, sig) => {
        if (killed) {
          signal?.removeEventListener('abort', kill);
          resolve({ code, signal: sig, tail });
        }
      });
      signal?.addEventListener('abort', kill, { once: true });
      if (signal?.aborted) {
        kill();
      }
      child.on('error', reject);
      child.on('close', (code, sig) => {
        signal?.removeEventListener('abort', kill);
        resolve({ code, signal: sig, tail });
      });
    });
  }
}
