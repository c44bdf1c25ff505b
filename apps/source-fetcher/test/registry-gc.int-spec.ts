import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  datedTag,
  MediaTypes,
  RegistryClient,
  sha256Digest,
  writeBundleManifest,
  type SourceFormat,
} from '@kiln/artifact-store';
import {
  collectRegistryGarbage,
  findFreePort,
  startRegistry,
  type RegistryOptions,
  type RegistryServer,
} from '@kiln/farm';
import { makeTempDir } from '@kiln/testing';
import { RegistryCatalogClient } from '../src/retention/registry-catalog.client.js';
import { sweepExpired } from '../src/retention/retention-sweep.js';

const hour = 3600_000;
const ago = (hours: number) => new Date(Date.now() - hours * hour);
const BLOB_BYTES = 256 * 1024;
const ociManifest = 'application/vnd.oci.image.manifest.v1+json';

describe('retention with the registry garbage-collect', () => {
  const dir = makeTempDir('registry-gc');
  let options: RegistryOptions;
  let registry: RegistryServer;
  let client: RegistryClient;

  beforeAll(async () => {
    options = { port: await findFreePort(), dataDir: dir.path };
    registry = await startRegistry(options);
    client = new RegistryClient({ host: registry.host, insecure: true });
  });

  afterAll(async () => {
    await registry?.stop();
    dir.remove();
  });

  /** Random bytes pushed as a blob of `repo`; the bytes come back to push them again later. */
  async function blobIn(repo: string) {
    const bytes = randomBytes(BLOB_BYTES);
    return { ...(await client.pushBlob(repo, Readable.from([bytes]))), bytes };
  }

  /** A bundle over a fresh blob, dated `ageHours` ago (a pending upload is one too: see build-api). */
  async function bundle(repo: string, ageHours: number, format: SourceFormat = 'tar') {
    const blob = await blobIn(repo);
    const ref = await writeBundleManifest(client, repo, blob, format, { now: ago(ageHours) });
    return { repo, digest: ref.digest, blob };
  }

  /**
   * A staging image as the builder leaves it: a config and a layer, tagged with the build uid
   * and, unless `ageHours` is undefined (an image no builder dated), a staging tag that old.
   */
  async function stagingImage(repo: string, ageHours: number | undefined) {
    const uid = `uid-${randomBytes(6).toString('hex')}`;
    const config = await client.pushBlob(
      repo,
      Readable.from([Buffer.from(JSON.stringify({ os: 'linux', architecture: 'amd64', uid }))]),
    );
    const blob = await blobIn(repo);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: ociManifest,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...digestAndSize(config) },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...digestAndSize(blob) }],
      }),
    );
    const digest = await client.putManifest(repo, uid, manifest, ociManifest);
    if (ageHours !== undefined) {
      await client.putManifest(
        repo,
        datedTag('staging', digest, ago(ageHours)),
        manifest,
        ociManifest,
      );
    }
    return { repo, digest, blob };
  }

  const blobStatus = async (repo: string, digest: string) =>
    (await fetch(`${registry.url}/v2/${repo}/blobs/${digest}`, { method: 'HEAD' })).status;
  /** Bytes of the registry's storage as `du` counts them: a measure independent of the GC's own. */
  const storageBytes = () =>
    Number(
      execFileSync('du', ['-sb', join(dir.path, 'storage')], { encoding: 'utf8' }).split('\t')[0],
    );

  it('frees the blobs of what the sweep expired, and keeps what builds may still need', async () => {
    const expired = [
      await bundle('kiln-sources/gc', 48),
      await bundle('kiln-contexts/gc', 30),
      await stagingImage('kiln-staging/gc/app-1', 48),
    ];
    const kept = [
      await bundle('kiln-sources/gc', 1),
      // A binary upload build-api stored for a build still queued (a file sent asFile).
      await bundle('kiln-sources/gc', 0, 'file'),
      // The pusher may not have copied this one yet.
      await stagingImage('kiln-staging/gc/app-2', 1),
      // No dated tag to tell its age: never deleted.
      await stagingImage('kiln-staging/gc/app-3', undefined),
    ];

    const repositories = await new RegistryCatalogClient(registry.host).repositories();
    const swept = await sweepExpired(client, repositories, ago(24));
    expect(swept.deleted.sort()).toEqual(expired.map((e) => `${e.repo}@${e.digest}`).sort());
    // Deleting a manifest frees nothing: the blob is still there until the garbage-collect.
    expect(await blobStatus(expired[0]!.repo, expired[0]!.blob.digest)).toBe(200);

    const before = storageBytes();
    const gc = await collectRegistryGarbage(options, () => registry.stop());
    registry = gc.registry;
    const after = storageBytes();

    expect(registry.port).toBe(options.port);
    for (const { repo, blob } of expired) {
      expect(await blobStatus(repo, blob.digest)).toBe(404);
    }
    expect(before - after).toBeGreaterThanOrEqual(expired.length * BLOB_BYTES);
    expect(gc.bytesFreed).toBeGreaterThanOrEqual(expired.length * BLOB_BYTES);
    expect(gc.summary).toMatch(/blobs marked/);
    for (const { repo, digest, blob } of kept) {
      expect(await client.manifestExists(repo, digest)).toBe(true);
      // Read back whole: the client checks the bytes against the digest.
      expect(await buffer(await client.getBlob(repo, blob.digest))).toEqual(blob.bytes);
    }

    // Pushes work again, of new content and of content the collect freed alike.
    const fresh = await bundle('kiln-sources/gc', 0);
    expect(await client.manifestExists(fresh.repo, fresh.digest, [MediaTypes.imageManifest])).toBe(
      true,
    );
    const freed = expired[0]!;
    const again = await client.pushBlob(freed.repo, Readable.from([freed.blob.bytes]));
    expect(again).toMatchObject({
      digest: sha256Digest(freed.blob.bytes),
      bytesUploaded: BLOB_BYTES,
    });
    expect(await blobStatus(freed.repo, freed.blob.digest)).toBe(200);
  });
});

function digestAndSize(blob: { digest: string; size: number }) {
  return { digest: blob.digest, size: blob.size };
}
