import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { RegistryServer } from '@kiln/farm';
import { makeTempDir, startTestRegistry } from '@kiln/testing';
import {
  ArchiveEntryRefused,
  MediaTypes,
  RegistryClient,
  deleteBundle,
  parseBundleTag,
  pullBundle,
  pushArchiveBundle,
  pushDirectoryBundle,
  writeBundleManifest,
} from '../src/index.js';

/** Path -> content (files), '-> target' (symlinks) or '<dir>' for the whole tree. */
function snapshot(root: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(root, rel)).sort()) {
    const path = rel ? `${rel}/${name}` : name;
    const stats = lstatSync(join(root, path));
    if (stats.isSymbolicLink()) {
      out[path] = `-> ${readlinkSync(join(root, path))}`;
    } else if (stats.isDirectory()) {
      out[path] = '<dir>';
      Object.assign(out, snapshot(root, path));
    } else {
      out[path] = `${stats.mode & 0o111 ? 'x ' : ''}${readFileSync(join(root, path), 'base64')}`;
    }
  }
  return out;
}

function sampleTree(root: string): void {
  mkdirSync(join(root, 'src/lib'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{"name":"app"}');
  writeFileSync(join(root, 'src/index.ts'), 'export {};\n');
  writeFileSync(join(root, 'src/lib/data.bin'), Buffer.alloc(200_000, 3));
  writeFileSync(join(root, 'build.sh'), '#!/bin/sh\n');
  chmodSync(join(root, 'build.sh'), 0o755);
  symlinkSync('src/index.ts', join(root, 'main.ts'));
}

describe('source bundles', () => {
  let registry: RegistryServer;
  let client: RegistryClient;
  let tmp: { path: string; remove: () => void };

  beforeAll(async () => {
    registry = await startTestRegistry();
    client = new RegistryClient({ host: registry.host });
    tmp = makeTempDir('bundles');
  });
  afterAll(async () => {
    await registry.stop();
    tmp.remove();
  });

  describe(pushDirectoryBundle.name, () => {
    it('round-trips a directory into identical files', async () => {
      const src = join(tmp.path, 'rt-src');
      sampleTree(src);

      const ref = await pushDirectoryBundle(client, 'team-a/app-src', src, { tag: 'build-1' });
      const pulled = await pullBundle(
        client,
        'team-a/app-src',
        ref.digest,
        join(tmp.path, 'rt-dest'),
      );

      expect(ref.repository).toBe(`${registry.host}/team-a/app-src`);
      expect(pulled).toMatchObject({ format: 'tar.gz', blobDigest: ref.blobDigest });
      expect(snapshot(join(tmp.path, 'rt-dest'))).toEqual(snapshot(src));
      expect(await client.listTags('team-a/app-src')).toEqual(['build-1']);
    });

    it('gives the same digest for the same tree twice, whatever the mtimes', async () => {
      const one = join(tmp.path, 'same-1');
      const two = join(tmp.path, 'same-2');
      sampleTree(one);
      sampleTree(two);
      utimesSync(join(two, 'package.json'), new Date(2001, 1, 1), new Date(2001, 1, 1));

      const first = await pushDirectoryBundle(client, 'team-a/same', one);
      const second = await pushDirectoryBundle(client, 'team-a/same', two);

      expect(second.digest).toBe(first.digest);
      expect(second.blobDigest).toBe(first.blobDigest);
    });

    it('gives the same digest whatever the owners and permission bits beyond executable', async () => {
      const one = join(tmp.path, 'owners-1');
      const two = join(tmp.path, 'owners-2');
      sampleTree(one);
      sampleTree(two);
      chownSync(join(two, 'package.json'), 1234, 5678);
      chmodSync(join(two, 'package.json'), 0o600);
      chmodSync(join(two, 'build.sh'), 0o700);
      chmodSync(join(two, 'src'), 0o700);

      const first = await pushDirectoryBundle(client, 'team-a/owners', one);
      const second = await pushDirectoryBundle(client, 'team-a/owners', two);

      expect(second.digest).toBe(first.digest);
    });

    it('tags the bundle with the time and digest so that retention can find it', async () => {
      const src = join(tmp.path, 'tagged-src');
      sampleTree(src);
      const before = Math.floor(Date.now() / 1000);

      const ref = await pushDirectoryBundle(client, 'team-a/tagged', src);

      const [tag] = await client.listTags('team-a/tagged');
      const info = parseBundleTag(tag ?? '');
      expect(info?.digestPrefix).toBe(ref.digest.slice('sha256:'.length, 'sha256:'.length + 12));
      expect(info!.createdAt.getTime() / 1000).toBeGreaterThanOrEqual(before);
    });

    it('stores an OCI artifact manifest with artifactType, the empty config and one tar+gzip layer', async () => {
      const src = join(tmp.path, 'manifest-src');
      sampleTree(src);
      const ref = await pushDirectoryBundle(client, 'team-a/shape', src);

      const manifest = JSON.parse(
        (
          await client.getManifest('team-a/shape', ref.digest, [MediaTypes.imageManifest])
        ).body.toString(),
      ) as Record<string, unknown>;

      expect(manifest).toMatchObject({
        mediaType: MediaTypes.imageManifest,
        artifactType: 'application/vnd.kiln.source.v1',
        config: { mediaType: 'application/vnd.oci.empty.v1+json', size: 2 },
        layers: [
          {
            mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
            digest: ref.blobDigest,
            annotations: { 'dev.kiln.source.format': 'tar.gz' },
          },
        ],
      });
    });
  });

  describe(pushArchiveBundle.name, () => {
    it('pushes an uploaded zip as it is, and pulls it back extracted', async () => {
      const zip = Buffer.from(
        'UEsDBBQAAAAAAAAAIQCGphA2BQAAAAUAAAAFAAAAYS50eHRoZWxsb1BLAQIUAxQAAAAAAAAAIQCGphA2BQAAAAUAAAAFAAAAAAAAAAAAAACkgQAAAABhLnR4dFBLBQYAAAAAAQABADMAAAAoAAAAAAA=',
        'base64',
      );

      const ref = await pushArchiveBundle(client, 'team-a/zip', Readable.from([zip]), {
        format: 'zip',
      });
      await pullBundle(client, 'team-a/zip', ref.digest, join(tmp.path, 'zip-dest'));

      expect(ref.blobSize).toBe(zip.length);
      expect(readFileSync(join(tmp.path, 'zip-dest/a.txt'), 'utf8')).toBe('hello');
    });

    it('refuses a malicious upload on pull and leaves no destination behind', async () => {
      const header = Buffer.alloc(512);
      header.write('../escape.txt', 0);
      header.write('0000644\0', 100);
      header.write('0000000\0', 108);
      header.write('0000000\0', 116);
      header.write('00000000001\0', 124);
      header.write('00000000000\0', 136);
      header.write('0', 156);
      header.write('ustar\0' + '00', 257);
      header.fill(' ', 148, 156);
      header.write(
        header
          .reduce((a, b) => a + b, 0)
          .toString(8)
          .padStart(6, '0') + '\0 ',
        148,
      );
      const tarGz = gzipSync(Buffer.concat([header, Buffer.from('x'), Buffer.alloc(511 + 1024)]));
      const ref = await pushArchiveBundle(client, 'team-a/evil', Readable.from([tarGz]), {
        format: 'tar.gz',
      });
      const dest = join(tmp.path, 'evil-dest');

      await expect(pullBundle(client, 'team-a/evil', ref.digest, dest)).rejects.toBeInstanceOf(
        ArchiveEntryRefused,
      );
      expect(readdirSync(tmp.path)).not.toContain('evil-dest');
      expect(readdirSync(tmp.path)).not.toContain('escape.txt');
    });
    it('lands many bundles pushed at once to one repository, though they race on one config blob', async () => {
      // Every bundle shares the empty config blob; docker-registry refused manifests whose
      // config another upload was still committing (400 DIGEST_INVALID), until the client
      // learned to repeat such a PUT.
      for (let round = 0; round < 4; round++) {
        const repo = `team-race/r${round}`;
        const refs = await Promise.all(
          Array.from({ length: 16 }, (_, i) =>
            pushArchiveBundle(client, repo, Readable.from([Buffer.from(`bundle ${round}-${i}`)]), {
              format: 'tar',
            }),
          ),
        );
        expect(new Set(refs.map((r) => r.digest)).size).toBe(16);
        for (const ref of refs) {
          const stored = await client.getManifest(repo, ref.digest, [MediaTypes.imageManifest]);
          expect(stored.digest).toBe(ref.digest);
        }
      }
    });
  });

  describe(writeBundleManifest.name, () => {
    it('makes a bundle of a blob already stored, sending only the manifest', async () => {
      const src = join(tmp.path, 'reuse-src');
      sampleTree(src);
      const pushed = await pushDirectoryBundle(client, 'team-a/reuse', src);
      const blob = { digest: pushed.blobDigest, size: pushed.blobSize };

      const ref = await writeBundleManifest(client, 'team-a/reuse', blob, 'tar.gz');
      await pullBundle(client, 'team-a/reuse', ref.digest, join(tmp.path, 'reuse-dest'));

      expect(ref.digest).toBe(pushed.digest);
      expect(ref.bytesUploaded).toBe(ref.size);
      expect(snapshot(join(tmp.path, 'reuse-dest'))).toEqual(snapshot(src));
    });

    it('holds a single-file upload under an octet-stream layer that pullBundle refuses', async () => {
      const blob = await client.pushBlob('team-a/file', Readable.from([Buffer.from('notes\n')]));

      const ref = await writeBundleManifest(client, 'team-a/file', blob, 'file');
      const manifest = JSON.parse(
        (
          await client.getManifest('team-a/file', ref.digest, [MediaTypes.imageManifest])
        ).body.toString(),
      ) as Record<string, unknown>;

      expect(manifest).toMatchObject({
        artifactType: 'application/vnd.kiln.source.v1',
        layers: [{ mediaType: 'application/octet-stream', digest: blob.digest }],
      });
      expect(parseBundleTag((await client.listTags('team-a/file'))[0] ?? '')).toBeDefined();
      await expect(
        pullBundle(client, 'team-a/file', ref.digest, join(tmp.path, 'file-dest')),
      ).rejects.toMatchObject({ code: 'MANIFEST_INVALID' });
    });

    it('is refused by the registry when the blob is not in the repository', async () => {
      const missing = { digest: `sha256:${'a'.repeat(64)}`, size: 10 };

      await expect(
        writeBundleManifest(client, 'team-a/missing', missing, 'tar'),
      ).rejects.toMatchObject({ code: expect.any(String) as string });
    });
  });

  describe(deleteBundle.name, () => {
    it('deletes the manifest so the bundle can no longer be pulled', async () => {
      const src = join(tmp.path, 'del-src');
      sampleTree(src);
      const ref = await pushDirectoryBundle(client, 'team-a/del', src);

      expect(await deleteBundle(client, 'team-a/del', ref.digest)).toBe(true);
      await expect(
        pullBundle(client, 'team-a/del', ref.digest, join(tmp.path, 'del-dest')),
      ).rejects.toMatchObject({ code: 'NAME_UNKNOWN' });
      expect(await deleteBundle(client, 'team-a/del', ref.digest)).toBe(false);
    });
  });
});
