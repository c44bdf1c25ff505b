import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort, stopPid } from '@kiln/farm';
import { root, type BenchFarm } from './farm.js';
import { sleep } from './shell.js';

export type BuilderOptions = {
  /** KILN_LAYER_CACHE of the builder. */
  layerCache?: 'on' | 'off';
  /** A new, empty storage root (no base images, no layer caches) instead of the slot's own. */
  freshStorage?: boolean;
  /** Another builder build to run (a main.js), e.g. the code before a change. */
  main?: string;
};

type Running = { slot: number; child: ChildProcess; pid: number; port: number };

/**
 * The builder instances of a benchmark, as `node apps/builder/dist/main.js` processes with the
 * env `./kiln up` gives the farm's builder (see infra/local/src/parts.ts); each has its own
 * storage root, work dir and health port, as apps/builder/test/scale.int-spec.ts runs them.
 */
export class Builders {
  private readonly running: Running[] = [];
  private generation = 0;
  private current = '';

  constructor(private readonly farm: BenchFarm) {}

  get count(): number {
    return this.running.length;
  }

  pids(): { name: string; pid: number }[] {
    return this.running.map((r) => ({ name: `builder-${r.slot}`, pid: r.pid }));
  }

  /** Stops every builder, then starts `count` with these options; returns when all are ready. */
  async set(count: number, options: BuilderOptions = {}): Promise<void> {
    const wanted = JSON.stringify({ count, options });
    if (wanted === this.current && !options.freshStorage) {
      return;
    }
    await this.stopAll();
    this.current = wanted;
    this.generation++;
    await Promise.all(Array.from({ length: count }, (_, slot) => this.start(slot, options)));
  }

  private async start(slot: number, options: BuilderOptions): Promise<void> {
    const port = await findFreePort();
    const home = join(this.farm.state, 'bench-builders', `slot-${slot}`);
    const storage = options.freshStorage
      ? join(home, `fresh-${this.generation}`)
      : join(home, 'buildah');
    const logFile = join(this.farm.state, 'logs', `bench-builder-${slot}.log`);
    mkdirSync(home, { recursive: true });
    const log = openSync(logFile, 'a');
    const main = options.main ?? join(root, 'apps', 'builder', 'dist', 'main.js');
    const child = spawn(process.execPath, [main], {
      env: {
        ...process.env,
        ...this.farm.serviceEnv,
        NATS_URL: this.farm.natsUrl,
        REGISTRY_HOST: this.farm.registry,
        KILN_HOST: '127.0.0.1',
        HEALTH_PORT: String(port),
        KILN_WORK_DIR: join(home, 'work'),
        KILN_BUILDAH_ROOT: storage,
        KILN_LAYER_CACHE: options.layerCache ?? 'on',
      },
      stdio: ['ignore', log, log],
      cwd: root,
    });
    closeSync(log);
    if (child.pid === undefined) {
      throw new Error(`builder ${slot} did not start`);
    }
    this.running.push({ slot, child, pid: child.pid, port });
    for (let i = 0; i < 300; i++) {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      if (ready?.ok) {
        return;
      }
      if (child.exitCode !== null) {
        break;
      }
      await sleep(100);
    }
    throw new Error(`builder ${slot} did not become ready (log: ${logFile})`);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.running.map((r) => stopPid(r.pid, 30_000)));
    this.running.length = 0;
    this.current = '';
  }
}
