import { execFile } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isPortOpen } from '@kiln/farm';
import { freeFarmPorts, makeTempDir } from '@kiln/testing';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..', '..');
const farmMain = join(root, 'infra', 'local', 'dist', 'main.js');

/** Runs the farm command as ./kiln does, on free ports and a temp state dir. */
async function farm(
  env: NodeJS.ProcessEnv,
  ...args: string[]
): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [farmMain, ...args], {
      env: { ...process.env, ...env, KILN_ROOT: root },
      timeout: 120_000,
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('the local farm (./kiln up, status, down)', () => {
  const state = makeTempDir('farm');
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    chmodSync(state.path, 0o755); // PostgreSQL runs as its own user and must reach its data dir
    env = {
      ...(await freeFarmPorts()),
      KILN_STATE_DIR: join(state.path, 'state'),
      XDG_CONFIG_HOME: join(state.path, 'config'),
    };
  });
  afterAll(async () => {
    await farm(env, 'down');
    state.remove();
  });

  it('starts every part healthy, is harmless when run twice, and stops everything it started', async () => {
    const first = await farm(env, 'up');
    expect(first.out).not.toMatch(/kiln: /);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Admin token\s+kiln_/);

    const second = await farm(env, 'up');
    expect(second.code).toBe(0);
    expect(second.out.match(/already running/g)).toHaveLength(9);

    // One part killed while the rest run on: `up PART` starts that one again, and only it.
    const state = JSON.parse(readFileSync(join(env.KILN_STATE_DIR ?? '', 'farm.json'), 'utf8')) as {
      parts: { name: string; pid: number }[];
    };
    process.kill(state.parts.find((p) => p.name === 'builder')?.pid ?? 0, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    const again = await farm(env, 'up', 'builder');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/builder\s+started/);
    expect(again.out).not.toMatch(/nats|build-api/);
    expect((await farm(env, 'up', 'no-such-part')).out).toContain('unknown part no-such-part');

    const status = await farm(env, 'status');
    expect(status.code).toBe(0);
    expect(status.out.match(/ healthy /g)).toHaveLength(9);

    expect((await farm(env, 'down')).code).toBe(0);
    for (const key of Object.keys(env).filter((k) => k.endsWith('_PORT'))) {
      expect(await isPortOpen(Number(env[key]))).toBe(false);
    }
  }, 180_000);

  it('fails within seconds naming the API port when it is taken, starting nothing', async () => {
    const blocker = net.createServer().listen(Number(env.KILN_API_PORT), '127.0.0.1');
    try {
      const started = Date.now();
      const result = await farm(env, 'up');
      expect(result.code).not.toBe(0);
      expect(result.out).toContain(`port ${env.KILN_API_PORT} (build-api) is already in use`);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await isPortOpen(Number(env.KILN_NATS_PORT))).toBe(false);
    } finally {
      blocker.close();
    }
  }, 30_000);
});
