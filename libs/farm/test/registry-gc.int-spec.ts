import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  collectRegistryGarbage,
  findFreePort,
  startRegistry,
  type RegistryServer,
} from '../src/index.js';

/** A blob pushed in one request (no manifest refers to it); its digest. */
async function pushBlob(registry: RegistryServer, repo: string, bytes: Buffer): Promise<string> {
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const start = await fetch(`${registry.url}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  const location = new URL(start.headers.get('location') ?? '', registry.url);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', body: bytes });
  expect(put.status).toBe(201);
  return digest;
}

describe(collectRegistryGarbage.name, () => {
  const dirs: string[] = [];
  const running: RegistryServer[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiln-registry-gc-'));
    dirs.push(dir);
    return dir;
  };
  const start = async (options: Parameters<typeof startRegistry>[0]) => {
    const registry = await startRegistry(options);
    running.push(registry);
    return registry;
  };

  afterAll(async () => {
    for (const registry of running) {
      await registry.stop();
    }
    for (const dir of dirs) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the registry read-only meanwhile: pulls served, pushes refused', async () => {
    const registry = await start({
      port: await findFreePort(),
      dataDir: dataDir(),
      readOnly: true,
    });

    expect((await fetch(`${registry.url}/v2/`)).status).toBe(200);
    expect((await fetch(`${registry.url}/v2/a/b/blobs/uploads/`, { method: 'POST' })).status).toBe(
      405,
    );
  });

  it('frees a blob nothing refers to and serves pushes again on the same port', async () => {
    const options = { port: await findFreePort(), dataDir: dataDir() };
    const registry = await start(options);
    const digest = await pushBlob(registry, 'a/b', randomBytes(100_000));

    const gc = await collectRegistryGarbage(options, () => registry.stop());
    running.push(gc.registry);

    expect(gc.registry.port).toBe(options.port);
    expect(gc.registry.pid).not.toBe(registry.pid);
    expect(gc.summary).toMatch(/^0 blobs marked, 1 blobs and 0 manifests eligible for deletion/);
    expect(gc.bytesFreed).toBeGreaterThanOrEqual(100_000);
    expect(gc.bytesAfter).toBe(gc.bytesBefore - gc.bytesFreed);
    const head = await fetch(`${gc.registry.url}/v2/a/b/blobs/${digest}`, { method: 'HEAD' });
    expect(head.status).toBe(404);
    await pushBlob(gc.registry, 'a/b', randomBytes(10));
  });

  it('has nothing to do on a registry that never stored anything', async () => {
    const options = { port: await findFreePort(), dataDir: dataDir() };
    const registry = await start(options);

    const gc = await collectRegistryGarbage(options, () => registry.stop());
    running.push(gc.registry);

    expect(gc).toMatchObject({ summary: 'nothing stored yet', bytesFreed: 0 });
    expect((await fetch(`${gc.registry.url}/v2/`)).status).toBe(200);
  });
});
