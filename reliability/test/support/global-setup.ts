// Jest loads this file outside its module mapper (no `@kiln/*`, no relative `.js` imports), so it
// uses Node's own modules only. It starts the one farm the whole suite shares.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '..', '..', '..');

/** What the test files read (as JSON in KILN_RELIABILITY_FARM) to reach the shared farm. */
export type FarmDescriptor = {
  root: string;
  dir: string;
  stateDir: string;
  env: Record<string, string>;
  adminToken: string;
  /** Tokens with the `edit` role in one namespace each: namespace -> token. */
  tenantTokens: Record<string, string>;
};

export const TENANTS = ['rel-tenant-a', 'rel-tenant-b'];
/** The builder's whole image store is a tmpfs this small, so one build can fill it. */
export const BUILDER_STORAGE_MB = 160;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const PORT_KEYS = [
  'NATS',
  'POSTGRES',
  'REGISTRY',
  'GIT',
  'API',
  'SOURCE_FETCHER',
  'DOCKERFILE_GENERATOR',
  'BUILDER',
  'PUSHER',
];

/** Unmounts whatever is mounted below `dir` (the tmpfs, Buildah's overlay mounts), deepest first. */
export async function unmountBelow(dir: string): Promise<void> {
  await run('sh', ['-c', `grep -o '${dir}[^ ]*' /proc/mounts | sort -r | xargs -r -n1 umount -l`]);
}

export default async function globalSetup(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kiln-reliability-'));
  // PostgreSQL runs as its own user and must reach its data dir.
  chmodSync(dir, 0o755);
  const stateDir = join(dir, 'state');
  const env: Record<string, string> = {
    KILN_ROOT: root,
    KILN_STATE_DIR: stateDir,
    XDG_CONFIG_HOME: join(dir, 'config'),
    // Jest's flags must not reach the services.
    NODE_OPTIONS: '',
    // Three builds at once on the one builder, so the 200-build burst fits the suite's time.
    KILN_BUILDER_CONCURRENCY: '3',
    // A registry that stays down fails a push within seconds, not the default 30.
    KILN_PUSH_RETRY_BUDGET_MS: '8000',
    // Small limits, so the zip bomb and the many-files archive are refused quickly.
    KILN_MAX_SOURCE_BYTES: String(64 * 1024 * 1024),
    KILN_MAX_SOURCE_FILES: '5000',
  };
  for (const key of PORT_KEYS) {
    env[`KILN_${key}_PORT`] = String(await freePort());
  }
  const token = () => `kiln_${randomBytes(24).toString('base64url')}`;
  const adminToken = token();
  const tenantTokens = Object.fromEntries(TENANTS.map((ns) => [ns, token()]));
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(
    join(stateDir, 'tokens.json'),
    JSON.stringify([
      { token: adminToken, name: 'admin', role: 'admin', namespaces: ['*'] },
      ...TENANTS.map((ns) => ({
        token: tenantTokens[ns],
        name: ns,
        role: 'edit',
        namespaces: [ns],
      })),
    ]),
    { mode: 0o600 },
  );
  const descriptor: FarmDescriptor = { root, dir, stateDir, env, adminToken, tenantTokens };
  process.env.KILN_RELIABILITY_FARM = JSON.stringify(descriptor);
  // Globals set here are seen by global-teardown.ts only, which cannot import this file.
  (globalThis as { kilnReliabilityStop?: () => Promise<void> }).kilnReliabilityStop = () =>
    globalStop(descriptor);
  const farmEnv = { ...process.env, ...env };
  try {
    const storage = join(stateDir, 'buildah');
    mkdirSync(storage, { recursive: true });
    await run('mount', [
      '-t',
      'tmpfs',
      '-o',
      `size=${BUILDER_STORAGE_MB}m`,
      'tmpfs',
      storage,
    ]).catch((error: Error) => {
      throw new Error(`cannot mount a tmpfs for the builder's storage: ${error.message}`);
    });
    await run(process.execPath, [join(root, 'infra', 'local', 'dist', 'main.js'), 'up'], {
      env: farmEnv,
      timeout: 120_000,
    });
    const registry = `127.0.0.1:${env.KILN_REGISTRY_PORT}`;
    await run(
      join(root, 'infra', 'images', 'build-images.sh'),
      [registry, join(dir, 'images'), 'base'],
      {
        timeout: 240_000,
      },
    );
  } catch (error) {
    await globalStop(descriptor);
    throw error;
  }
}

/**
 * Stops every part at once (SIGTERM, SIGKILL after 15 s: the farm is thrown away, so nothing
 * needs the orderly `down`), then removes everything it left. Also called when start-up fails.
 */
export async function globalStop(descriptor: FarmDescriptor): Promise<void> {
  const stateFile = join(descriptor.stateDir, 'farm.json');
  const pids = existsSync(stateFile)
    ? (JSON.parse(readFileSync(stateFile, 'utf8')) as { parts: { pid: number }[] }).parts.map(
        (p) => p.pid,
      )
    : [];
  const signal = (pid: number, name: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(pid, name);
      return true;
    } catch {
      return false;
    }
  };
  let alive = pids.filter((pid) => signal(pid, 'SIGTERM'));
  const deadline = Date.now() + 15_000;
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    alive = alive.filter((pid) => signal(pid, 0));
  }
  alive.forEach((pid) => signal(pid, 'SIGKILL'));
  await unmountBelow(descriptor.dir).catch(() => undefined);
  await run('rm', ['-rf', descriptor.dir]).catch(() => undefined);
}
