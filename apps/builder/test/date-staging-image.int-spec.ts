import { Readable } from 'node:stream';
import { ociAccept, parseDatedTag, RegistryClient } from '@kiln/artifact-store';
import type { RegistryServer } from '@kiln/farm';
import { startTestRegistry } from '@kiln/testing';
import { dateStagingImage } from '../src/build/date-staging-image.js';

const dockerManifest = 'application/vnd.docker.distribution.manifest.v2+json';

describe(dateStagingImage.name, () => {
  let registry: RegistryServer;
  let client: RegistryClient;

  beforeAll(async () => {
    registry = await startTestRegistry();
    client = new RegistryClient({ host: registry.host, insecure: true });
  });

  afterAll(() => registry?.stop());

  it('tags a pushed image again, dated now, keeping the digest and manifest type', async () => {
    const repo = 'kiln-staging/team/app-1';
    const blob = (text: string) => client.pushBlob(repo, Readable.from([Buffer.from(text)]));
    const config = await blob('{"os":"linux"}');
    const layer = await blob('layer');
    // buildah pushes Docker schema 2 for `format: docker` builds.
    const body = JSON.stringify({
      schemaVersion: 2,
      mediaType: dockerManifest,
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        digest: config.digest,
        size: config.size,
      },
      layers: [
        {
          mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
          digest: layer.digest,
          size: layer.size,
        },
      ],
    });
    const digest = await client.putManifest(repo, 'the-build-uid', body, dockerManifest);
    const pushed = await client.getManifest(repo, digest, ociAccept);
    const now = new Date(1_800_000_000_000);

    const tag = await dateStagingImage(client, repo, pushed, now);

    expect(parseDatedTag(tag)).toEqual({
      kind: 'staging',
      createdAt: now,
      digestPrefix: digest.slice('sha256:'.length, 'sha256:'.length + 12),
    });
    expect((await client.listTags(repo)).sort()).toEqual([tag, 'the-build-uid'].sort());
    const dated = await client.getManifest(repo, tag, ociAccept);
    expect(dated).toMatchObject({ digest, mediaType: dockerManifest });
  });
});
