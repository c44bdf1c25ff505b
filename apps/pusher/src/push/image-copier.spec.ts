import { Readable } from 'node:stream';
import { RegistryError, sha256Digest, type PushBlobResult } from '@kiln/artifact-store';
import { copyImage, type BlobCopied, type CopyClient } from './image-copier.js';

const manifestType = 'application/vnd.oci.image.manifest.v1+json';

/** A registry in memory: blobs by repository, and a log of the calls that change it. */
class FakeRegistry implements CopyClient {
  readonly calls: string[] = [];
  private readonly blobs = new Map<string, Buffer>();
  private readonly repos = new Map<string, Set<string>>();
  private readonly manifests = new Map<string, Buffer>();

  constructor(private readonly refuseMountsFrom = new Set<string>()) {}

  add(repo: string, blob: Buffer): string {
    const digest = sha256Digest(blob);
    this.blobs.set(digest, blob);
    this.repos.set(repo, (this.repos.get(repo) ?? new Set()).add(digest));
    return digest;
  }

  has(repo: string, digest: string): boolean {
    return this.repos.get(repo)?.has(digest) ?? false;
  }

  blobExists(repo: string, digest: string): Promise<boolean> {
    return Promise.resolve(this.has(repo, digest));
  }

  mountBlob(from: string, to: string, digest: string): Promise<boolean> {
    this.calls.push(`mount ${from}`);
    if (this.refuseMountsFrom.has(from)) {
      return Promise.reject(new RegistryError('DENIED', `no pull on ${from}`, 403));
    }
    if (!this.has(from, digest)) {
      return Promise.resolve(false); // the registry opened an upload instead (202)
    }
    this.add(to, this.blobs.get(digest)!);
    return Promise.resolve(true);
  }

  async pushBlob(repo: string, source: Readable | string): Promise<PushBlobResult> {
    const chunks: Buffer[] = [];
    for await (const chunk of source as Readable) {
      chunks.push(chunk as Buffer);
    }
    const blob = Buffer.concat(chunks);
    this.calls.push(`upload ${repo}`);
    return {
      digest: this.add(repo, blob),
      size: blob.length,
      bytesUploaded: blob.length,
      bytesSkipped: 0,
    };
  }

  getBlob(_repo: string, digest: string): Promise<Readable> {
    return Promise.resolve(Readable.from([this.blobs.get(digest)!]));
  }

  getManifest(_repo: string, reference: string) {
    const body = this.manifests.get(reference)!;
    return Promise.resolve({ digest: sha256Digest(body), mediaType: manifestType, body });
  }

  putManifest(_repo: string, reference: string, manifest: string | Buffer): Promise<string> {
    const body = Buffer.from(manifest);
    this.manifests.set(reference, body);
    return Promise.resolve(sha256Digest(body));
  }
}

/** Stages a one-layer image in `registry`; returns its manifest digest and its layer's. */
function stage(registry: FakeRegistry, repo: string, layer: Buffer) {
  const config = Buffer.from('{}');
  const descriptor = (blob: Buffer) => ({ digest: registry.add(repo, blob), size: blob.length });
  const body = Buffer.from(
    JSON.stringify({ schemaVersion: 2, config: descriptor(config), layers: [descriptor(layer)] }),
  );
  const digest = sha256Digest(body);
  void registry.putManifest(repo, digest, body);
  return { digest, layer: sha256Digest(layer), config: sha256Digest(config) };
}

describe(copyImage.name, () => {
  const layer = Buffer.from('a layer of some size');

  it('mounts a blob from a repository of the target registry known to hold it', async () => {
    const farm = new FakeRegistry();
    const outside = new FakeRegistry();
    const image = stage(farm, 'staging/b', layer);
    outside.add('x/app-a', layer);
    const blobs: BlobCopied[] = [];

    const report = await copyImage(
      { client: farm, repository: 'staging/b' },
      image.digest,
      { client: outside, repository: 'x/app-b' },
      'latest',
      {
        sameRegistry: false,
        mountSources: (digest) => (digest === image.layer ? ['x/app-a'] : []),
        onBlob: (blob) => blobs.push(blob),
      },
    );

    expect(report).toMatchObject({ digest: image.digest, blobsMounted: 1, blobsUploaded: 1 });
    expect(report.bytesSkipped).toBe(layer.length);
    expect(blobs.find((b) => b.digest === image.layer)).toMatchObject({
      result: 'mounted',
      mountedFrom: 'x/app-a',
    });
    expect(outside.has('x/app-b', image.layer)).toBe(true);
  });

  it('uploads the blob when every mount is refused or not possible', async () => {
    const farm = new FakeRegistry();
    const outside = new FakeRegistry(new Set(['x/private']));
    const image = stage(farm, 'staging/b', layer);
    outside.add('x/private', layer);

    const report = await copyImage(
      { client: farm, repository: 'staging/b' },
      image.digest,
      { client: outside, repository: 'x/app-b' },
      'latest',
      { sameRegistry: false, mountSources: () => ['x/private', 'x/gone'], parallelBlobs: 1 },
    );

    expect(report).toMatchObject({ digest: image.digest, blobsMounted: 0, blobsUploaded: 2 });
    expect(outside.calls).toEqual([
      'mount x/private',
      'mount x/gone',
      'upload x/app-b',
      'mount x/private',
      'mount x/gone',
      'upload x/app-b',
    ]);
    expect(outside.has('x/app-b', image.layer)).toBe(true);
  });

  it('tries at most three remembered repositories, never the target itself', async () => {
    const farm = new FakeRegistry();
    const outside = new FakeRegistry();
    const image = stage(farm, 'staging/b', layer);

    await copyImage(
      { client: farm, repository: 'staging/b' },
      image.digest,
      { client: outside, repository: 'x/app-b' },
      'latest',
      {
        sameRegistry: false,
        mountSources: (digest) =>
          digest === image.layer ? ['x/app-b', 'x/1', 'x/2', 'x/3', 'x/4'] : [],
        parallelBlobs: 1,
      },
    );

    expect(outside.calls).toEqual([
      'upload x/app-b',
      'mount x/1',
      'mount x/2',
      'mount x/3',
      'upload x/app-b',
    ]);
  });

  it('on the same registry mounts from the source repository first', async () => {
    const farm = new FakeRegistry();
    const image = stage(farm, 'staging/b', layer);

    const report = await copyImage(
      { client: farm, repository: 'staging/b' },
      image.digest,
      { client: farm, repository: 'team/b' },
      'latest',
      { sameRegistry: true, mountSources: () => ['team/a'] },
    );

    expect(report).toMatchObject({ blobsMounted: 2, blobsUploaded: 0, bytesUploaded: 0 });
    expect(farm.calls).toEqual(['mount staging/b', 'mount staging/b']);
  });

  it('neither mounts nor uploads a blob the target repository has', async () => {
    const farm = new FakeRegistry();
    const outside = new FakeRegistry();
    const image = stage(farm, 'staging/b', layer);
    outside.add('x/app-b', layer);

    const report = await copyImage(
      { client: farm, repository: 'staging/b' },
      image.digest,
      { client: outside, repository: 'x/app-b' },
      'latest',
      { sameRegistry: false, mountSources: () => ['x/app-a'], parallelBlobs: 1 },
    );

    expect(report).toMatchObject({ blobsPresent: 1, blobsUploaded: 1, blobsMounted: 0 });
    expect(outside.calls).toEqual(['mount x/app-a', 'upload x/app-b']);
  });
});
