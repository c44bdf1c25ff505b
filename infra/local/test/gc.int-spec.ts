import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freeFarmPorts, makeTempDir } from '@kiln/testing';
import { down, gc, up } from '../src/commands.js';
import { checkPart } from '../src/health.js';
import { farmLayout } from '../src/layout.js';
import { readState } from '../src/state.js';

const root = join(import.meta.dirname, '..', '..', '..');

/** What the commands print, captured while `run` runs. */
async function printed(run: () => Promise<void>): Promise<string> {
  const write = process.stdout.write;
  const lines: string[] = [];
  process.stdout.write = (chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  };
  try {
    await run();
  } finally {
    process.stdout.write = write;
  }
  return lines.join('');
}

describe('./kiln gc', () => {
  const tmp = makeTempDir('farm-gc');
  const env = { ...process.env };
  const registryPart = () =>
    readState(farmLayout(root).stateFile).parts.find((p) => p.name === 'registry');

  beforeAll(async () => {
    Object.assign(process.env, await freeFarmPorts(), {
      KILN_STATE_DIR: join(tmp.path, 'state'),
      XDG_CONFIG_HOME: join(tmp.path, 'config'),
    });
    await printed(() => up(root, ['registry']));
  });

  afterAll(async () => {
    await printed(() => down(root));
    process.env = env;
    tmp.remove();
  });

  it('frees a blob nothing refers to and prints the bytes freed, the registry back on its port', async () => {
    const before = registryPart();
    const url = `http://127.0.0.1:${before?.port}`;
    const bytes = randomBytes(300_000);
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    const upload = await fetch(`${url}/v2/kiln-sources/gc/blobs/uploads/`, { method: 'POST' });
    const location = new URL(upload.headers.get('location') ?? '', url);
    location.searchParams.set('digest', digest);
    expect((await fetch(location, { method: 'PUT', body: bytes })).status).toBe(201);

    const out = await printed(() => gc(root));

    const freed = Number(/Freed .*?(\d+) bytes/.exec(out)?.[1]);
    expect(freed).toBeGreaterThanOrEqual(300_000);
    expect(out).toMatch(/1 blobs and 0 manifests eligible for deletion/);
    const after = registryPart();
    expect(after).toMatchObject({ port: before?.port });
    expect(after?.pid).not.toBe(before?.pid);
    expect(await checkPart(after!)).toBe('healthy');
    expect(
      (await fetch(`${url}/v2/kiln-sources/gc/blobs/${digest}`, { method: 'HEAD' })).status,
    ).toBe(404);
  });

  it('refuses when the farm registry is not running', async () => {
    await printed(() => down(root));

    await expect(gc(root)).rejects.toThrow('the farm registry is not running');
  });
});
