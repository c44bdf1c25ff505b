import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { findFreePort, startRegistry, type RegistryServer } from '@kiln/farm';
import { makeTempDir, startTestRegistry } from '@kiln/testing';
import {
  MediaTypes,
  RegistryClient,
  RegistryError,
  emptyConfig,
  sha256Digest,
} from '../src/index.js';

const creds = { username: 'kiln', password: 's3cret-Pa55word' };

/** 50 MB of pseudo-random bytes, generated as it is read (never held whole). */
function randomStream(
  totalBytes: number,
  seed: string,
): { stream: Readable; digest: Promise<string> } {
  const hash = createHash('sha256');
  let resolveDigest: (d: string) => void = () => undefined;
  const digest = new Promise<string>((resolve) => (resolveDigest = resolve));
  let counter = 0;
  const stream = Readable.from(
    (async function* () {
      for (let sent = 0; sent < totalBytes;) {
        const block = createHash('sha512').update(`${seed}-${counter++}`).digest();
        const chunk = Buffer.concat(Array.from({ length: 1024 }, () => block)).subarray(
          0,
          Math.min(64 * 1024, totalBytes - sent),
        );
        hash.update(chunk);
        sent += chunk.length;
        yield chunk;
      }
      resolveDigest(`sha256:${hash.digest('hex')}`);
    })(),
  );
  return { stream, digest };
}

async function streamDigest(stream: Readable): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { digest: `sha256:${hash.digest('hex')}`, size };
}

describe(RegistryClient.name, () => {
  let registry: RegistryServer;
  let client: RegistryClient;

  beforeAll(async () => {
    registry = await startTestRegistry();
    client = new RegistryClient({ host: registry.host });
  });
  afterAll(async () => {
    await registry.stop();
  });

  describe('pushBlob and getBlob', () => {
    it('streams 50 MB up in chunks and back with its digest verified', async () => {
      const source = randomStream(50 * 1024 * 1024, 'fifty');

      const pushed = await client.pushBlob('kiln/big', source.stream);

      expect(pushed.digest).toBe(await source.digest);
      expect(pushed).toMatchObject({
        size: 50 * 1024 * 1024,
        bytesUploaded: 50 * 1024 * 1024,
        bytesSkipped: 0,
      });
      expect(await client.blobExists('kiln/big', pushed.digest)).toBe(true);
      expect(await streamDigest(await client.getBlob('kiln/big', pushed.digest))).toEqual({
        digest: pushed.digest,
        size: pushed.size,
      });
    });

    it('skips a file the registry already has, without sending it', async () => {
      const dir = makeTempDir('blob');
      try {
        const path = join(dir.path, 'blob.bin');
        await pipeline(Readable.from([randomBytes(3 * 1024 * 1024)]), createWriteStream(path));

        const first = await client.pushBlob('kiln/files', path);
        const second = await client.pushBlob('kiln/files', path);

        expect(first).toMatchObject({ bytesUploaded: 3 * 1024 * 1024, bytesSkipped: 0 });
        expect(second).toMatchObject({
          digest: first.digest,
          bytesUploaded: 0,
          bytesSkipped: 3 * 1024 * 1024,
        });
      } finally {
        dir.remove();
      }
    });

    it('reports BLOB_UNKNOWN for a blob the repository does not have', async () => {
      await expect(client.getBlob('kiln/big', sha256Digest('other'))).rejects.toMatchObject({
        code: 'BLOB_UNKNOWN',
      });
    });
  });

  describe('mountBlob', () => {
    it('mounts a blob from another repository and reports false for one it does not have', async () => {
      const blob = await client.pushBlob('kiln/from', Readable.from([Buffer.from('mount me')]));

      expect(await client.mountBlob('kiln/from', 'kiln/to', blob.digest)).toBe(true);
      expect(await client.blobExists('kiln/to', blob.digest)).toBe(true);
      expect(await client.mountBlob('kiln/from', 'kiln/to2', sha256Digest('absent'))).toBe(false);
    });
  });

  describe('manifests', () => {
    it('puts, gets, lists, checks and deletes an OCI manifest', async () => {
      const layer = await client.pushBlob('kiln/man', Readable.from([Buffer.from('layer')]));
      await client.pushBlob('kiln/man', Readable.from([emptyConfig.bytes]));
      const manifest = JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaTypes.imageManifest,
        artifactType: 'application/vnd.kiln.test',
        config: { mediaType: MediaTypes.empty, digest: emptyConfig.digest, size: 2 },
        layers: [
          {
            mediaType: 'application/vnd.oci.image.layer.v1.tar',
            digest: layer.digest,
            size: layer.size,
          },
        ],
      });

      const digest = await client.putManifest('kiln/man', 'v1', manifest, MediaTypes.imageManifest);
      const got = await client.getManifest('kiln/man', digest, [MediaTypes.imageManifest]);

      expect(digest).toBe(sha256Digest(manifest));
      expect(got).toMatchObject({ digest, mediaType: MediaTypes.imageManifest });
      expect(got.body.toString()).toBe(manifest);
      expect(await client.listTags('kiln/man')).toEqual(['v1']);
      expect(await client.manifestExists('kiln/man', 'v1')).toBe(true);
      expect(await client.deleteManifest('kiln/man', digest)).toBe(true);
      expect(await client.manifestExists('kiln/man', digest)).toBe(false);
      expect(await client.deleteManifest('kiln/man', digest)).toBe(false);
    });

    it('refuses a manifest whose layer is not in the repository with BLOB_UNKNOWN', async () => {
      const manifest = JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaTypes.imageManifest,
        config: { mediaType: MediaTypes.empty, digest: emptyConfig.digest, size: 2 },
        layers: [
          {
            mediaType: 'application/vnd.oci.image.layer.v1.tar',
            digest: sha256Digest('nope'),
            size: 4,
          },
        ],
      });

      await expect(
        client.putManifest('kiln/bad', 'v1', manifest, MediaTypes.imageManifest),
      ).rejects.toMatchObject({ code: 'BLOB_UNKNOWN' });
    });

    it('reports NAME_UNKNOWN for a tag list of a repository that does not exist', async () => {
      await expect(client.listTags('kiln/never')).rejects.toMatchObject({ code: 'NAME_UNKNOWN' });
    });
  });
});

describe(`${RegistryClient.name} with htpasswd auth`, () => {
  let registry: RegistryServer;

  beforeAll(async () => {
    registry = await startTestRegistry({ auth: creds });
  });
  afterAll(async () => {
    await registry.stop();
  });

  it('pushes and reads with the right password', async () => {
    const client = new RegistryClient({ host: registry.host, credentials: creds });

    const blob = await client.pushBlob('kiln/auth', Readable.from([Buffer.from('secret stuff')]));

    expect(await client.blobExists('kiln/auth', blob.digest)).toBe(true);
  });

  it('fails with UNAUTHORIZED, naming the user but never the password', async () => {
    const wrong = { username: 'kiln', password: 'wrong-Passw0rd-xyz' };
    const client = new RegistryClient({ host: registry.host, credentials: wrong });

    const error = await client
      .pushBlob('kiln/auth', Readable.from([Buffer.from('x')]))
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED' });
    const text = `${(error as Error).message} ${String(error)} ${JSON.stringify(error)}`;
    expect(text).toContain('"kiln"');
    expect(text).not.toContain(wrong.password);
    expect(text).not.toContain(Buffer.from(`kiln:${wrong.password}`).toString('base64'));
  });
});

describe(`${RegistryClient.name} retries`, () => {
  it('pushes once a registry that was down for its first 2 seconds comes up', async () => {
    const port = await findFreePort();
    const dir = makeTempDir('late-registry');
    const client = new RegistryClient({ host: `127.0.0.1:${port}`, retry: { budgetMs: 20_000 } });
    let late: RegistryServer | undefined;
    const starting = new Promise<void>((resolve, reject) => {
      setTimeout(() => {
        startRegistry({ port, dataDir: dir.path }).then((r) => {
          late = r;
          resolve();
        }, reject);
      }, 2000);
    });
    try {
      const started = Date.now();
      const blob = await client.pushBlob('kiln/late', Readable.from([Buffer.from('eventually')]));

      expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
      expect(blob.bytesUploaded).toBe(10);
    } finally {
      await starting;
      await late?.stop();
      dir.remove();
    }
  });

  it('gives up with UNREACHABLE after its budget when nothing listens', async () => {
    const port = await findFreePort();
    const client = new RegistryClient({ host: `127.0.0.1:${port}`, retry: { budgetMs: 1500 } });
    const started = Date.now();

    const error = await client.blobExists('kiln/none', sha256Digest('x')).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'UNREACHABLE' });
    expect((error as Error).message).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
