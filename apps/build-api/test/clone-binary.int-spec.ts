import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RegistryServer } from '@kiln/farm';
import { MediaTypes, packDirectory, parseBundleTag, RegistryClient } from '@kiln/artifact-store';
import { BuildAnnotation } from '@kiln/build-types';
import { EVENTS_STREAM, Subjects, type EventOf } from '@kiln/events';
import { makeTempDir, startTestRegistry } from '@kiln/testing';
import { aBuildConfig, bcPath, buildPath } from './factories.js';
import { startBuildApi, type BuildApiHarness } from './harness.js';

type Build = {
  metadata: { name: string; uid: string; annotations?: Record<string, string> };
  spec: {
    source?: Record<string, unknown>;
    revision?: unknown;
    strategy?: { dockerStrategy?: { env?: unknown[] } };
  };
  status?: { phase?: string; lastVersion?: number };
};
type Requested = EventOf<typeof Subjects.BuildRequested>;

const LIMIT = 64 * 1024;
const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

describe('clone and instantiatebinary', () => {
  let registry: RegistryServer;
  let api: BuildApiHarness;
  beforeAll(async () => {
    registry = await startTestRegistry();
    api = await startBuildApi({
      REGISTRY_HOST: registry.host,
      KILN_MAX_UPLOAD_BYTES: String(LIMIT),
    });
  });
  afterAll(async () => {
    await api?.stop();
    await registry?.stop();
  });

  const json = async <T = Build>(response: Response): Promise<T> => (await response.json()) as T;
  const createBc = async (name: string, spec: Record<string, unknown> = {}) => {
    const response = await api.request('POST', bcPath('a'), { body: aBuildConfig(name, spec) });
    expect(response.status).toBe(201);
  };
  const builds = async (bc: string) =>
    (
      await json<{ items: Build[] }>(
        await api.request(
          'GET',
          `${buildPath('a')}?labelSelector=${encodeURIComponent(`openshift.io/build-config.name=${bc}`)}`,
        ),
      )
    ).items;

  /** The BuildRequested event of a build, as the relay published it to JetStream. */
  async function published(uid: string): Promise<Requested> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const consumer = await api.bus.js.consumers.get(EVENTS_STREAM.name, {
        filter_subjects: Subjects.BuildRequested,
      });
      const pending = (await consumer.info()).num_pending;
      if (pending > 0) {
        const batch = await consumer.fetch({ max_messages: pending, expires: 2000 });
        for await (const msg of batch) {
          const data = msg.json<{ data: Requested }>().data;
          if (data.build.metadata.uid === uid) {
            return data;
          }
        }
      }
      await sleep(100);
    }
    throw new Error(`no BuildRequested for ${uid}`);
  }

  /**
   * The dated bundle manifests in `kiln-sources/a` over a blob, as [tag, layer] pairs: what keeps
   * an upload from the registry's garbage-collect until retention expires it.
   */
  async function manifestsOver(blobDigest: string) {
    const client = new RegistryClient({ host: registry.host, insecure: true });
    const found: { tag: string; layer: { mediaType: string; digest: string } }[] = [];
    for (const tag of await client.listTags('kiln-sources/a')) {
      if (parseBundleTag(tag)) {
        const manifest = await client.getManifest('kiln-sources/a', tag, [
          MediaTypes.imageManifest,
        ]);
        const { layers } = JSON.parse(manifest.body.toString('utf8')) as {
          layers: { mediaType: string; digest: string }[];
        };
        found.push(
          ...layers.filter((l) => l.digest === blobDigest).map((layer) => ({ tag, layer })),
        );
      }
    }
    return found;
  }

  const upload = (
    name: string,
    body: RequestInit['body'],
    query = '',
    headers: Record<string, string> = {},
  ) =>
    fetch(`${api.url}${bcPath('a', name)}/instantiatebinary${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.tokens.admin}`, ...headers },
      body,
      duplex: 'half',
    });

  describe('clone', () => {
    it("re-runs a build from its own spec, numbered from the BuildConfig's counter", async () => {
      await createBc('cl', { runPolicy: 'Parallel' });
      const first = await json(
        await api.request('POST', `${bcPath('a', 'cl')}/instantiate`, {
          body: { kind: 'BuildRequest', metadata: { name: 'cl' } },
        }),
      );
      // The config changes after the first build: the clone must not pick that up.
      await api.request('PATCH', bcPath('a', 'cl'), {
        body: { spec: { source: { dockerfile: 'FROM changed' } } },
        contentType: 'application/merge-patch+json',
      });
      await api.request('POST', `${bcPath('a', 'cl')}/instantiate`, {
        body: { kind: 'BuildRequest', metadata: { name: 'cl' } },
      });

      const response = await api.request('POST', `${buildPath('a', first.metadata.name)}/clone`, {
        body: {
          kind: 'BuildRequest',
          metadata: { name: first.metadata.name },
          env: [{ name: 'EXTRA', value: '1' }],
        },
      });
      const clone = await json(response);
      expect(response.status).toBe(201);
      expect(clone.metadata.name).toBe('cl-3');
      expect(clone.metadata.annotations).toMatchObject({
        [BuildAnnotation.BuildCloneOf]: 'cl-1',
        [BuildAnnotation.BuildNumber]: '3',
      });
      expect(clone.spec.source).toEqual(first.spec.source);
      expect(clone.spec.strategy?.dockerStrategy?.env).toEqual([{ name: 'EXTRA', value: '1' }]);
      expect(clone.status?.phase).toBe('Pending');
      const config = await json(await api.request('GET', bcPath('a', 'cl')));
      expect(config.status?.lastVersion).toBe(3);
    });

    it('refuses to clone a build of a paused BuildConfig, and answers 404 for no build', async () => {
      await createBc('paused-clone');
      const build = await json(
        await api.request('POST', `${bcPath('a', 'paused-clone')}/instantiate`, {
          body: { kind: 'BuildRequest', metadata: { name: 'paused-clone' } },
        }),
      );
      await api.request('PATCH', bcPath('a', 'paused-clone'), {
        body: { metadata: { annotations: { [BuildAnnotation.BuildConfigPaused]: 'true' } } },
        contentType: 'application/merge-patch+json',
      });
      const response = await api.request('POST', `${buildPath('a', build.metadata.name)}/clone`, {
        body: { kind: 'BuildRequest', metadata: { name: build.metadata.name } },
      });
      expect(response.status).toBe(400);
      expect((await api.request('POST', `${buildPath('a', 'none-1')}/clone`)).status).toBe(404);
    });
  });

  describe('instantiatebinary', () => {
    const binary = { source: { type: 'Binary', binary: {} } };

    it('streams an archive into the registry and requests the build with it', async () => {
      await createBc('bin', binary);
      const dir = makeTempDir('upload');
      mkdirSync(join(dir.path, 'src'));
      writeFileSync(join(dir.path, 'Dockerfile'), 'FROM scratch\nCOPY src /src\n');
      writeFileSync(join(dir.path, 'src', 'main.txt'), 'hello\n');
      const archive = await buffer(packDirectory(dir.path));
      dir.remove();

      // `oc start-build --from-dir` labels the upload JSON: it must reach the handler unparsed.
      const response = await upload(
        'bin',
        archive,
        '?revision.commit=abc123&revision.message=fix&revision.authorName=Ann&revision.authorEmail=ann%40example.com',
        { 'content-type': 'application/json' },
      );
      const build = await json(response);
      expect(response.status).toBe(201);
      expect(build.metadata.name).toBe('bin-1');
      expect(build.spec.source).toMatchObject({ type: 'Binary', binary: {} });
      expect(build.spec.revision).toEqual({
        type: 'Git',
        git: {
          commit: 'abc123',
          message: 'fix',
          author: { name: 'Ann', email: 'ann@example.com' },
        },
      });

      const digest = sha256(archive);
      const blob = await fetch(`http://${registry.host}/v2/kiln-sources/a/blobs/${digest}`, {
        method: 'HEAD',
      });
      expect(blob.status).toBe(200);
      const event = await published(build.metadata.uid);
      expect(event.binary).toEqual({
        upload: { repository: `${registry.host}/kiln-sources/a`, digest, size: archive.length },
        format: 'tar.gz',
      });
      // The blob is tagged at once, dated now, so a garbage-collect keeps it for the queued build.
      const [held, ...more] = await manifestsOver(digest);
      expect(more).toEqual([]);
      expect(held?.layer.mediaType).toBe('application/vnd.oci.image.layer.v1.tar+gzip');
      const age = Date.now() - (parseBundleTag(held?.tag ?? '')?.createdAt.getTime() ?? 0);
      expect(age).toBeLessThan(60_000);
    });

    it('keeps a single file with asFile, and tells zip from its magic bytes', async () => {
      await createBc('asfile', { ...binary, runPolicy: 'Parallel' });
      const file = await json(
        await upload('asfile', 'not an archive, just text\n', '?asFile=notes.txt', {
          'content-type': 'application/octet-stream',
        }),
      );
      expect(file.spec.source?.binary).toEqual({ asFile: 'notes.txt' });
      const fileUpload = (await published(file.metadata.uid)).binary;
      expect(fileUpload).toMatchObject({ format: 'file', asFile: 'notes.txt' });
      // A single file is held too, under a layer no stage would take for an archive.
      expect(await manifestsOver(fileUpload?.upload.digest ?? '')).toEqual([
        {
          tag: expect.stringMatching(/^b-/) as string,
          layer: expect.objectContaining({ mediaType: 'application/octet-stream' }) as object,
        },
      ]);

      const emptyZip = Buffer.concat([Buffer.from('PK\u0005\u0006', 'latin1'), Buffer.alloc(18)]);
      const zip = await json(await upload('asfile', emptyZip));
      expect((await published(zip.metadata.uid)).binary?.format).toBe('zip');
    });

    it('refuses a body that is no archive when asFile is not given', async () => {
      await createBc('notarchive', binary);
      const response = await upload('notarchive', 'plain text');
      expect(response.status).toBe(400);
      expect(await builds('notarchive')).toEqual([]);
    });

    it('answers 413 over the size limit, and keeps nothing', async () => {
      await createBc('big', binary);
      const body = Buffer.alloc(LIMIT * 2, 1);
      const declared = await upload('big', body);
      expect(declared.status).toBe(413);
      expect((await json<{ reason: string }>(declared)).reason).toBe('RequestEntityTooLarge');

      // Without a Content-Length the limit is enforced while streaming.
      const streamed = await upload(
        'big',
        new ReadableStream({
          start(controller) {
            for (let i = 0; i < 8; i++) {
              controller.enqueue(new Uint8Array(LIMIT / 4).fill(i));
            }
            controller.close();
          },
        }),
        '?asFile=big.bin',
      );
      expect(streamed.status).toBe(413);
      expect(await builds('big')).toEqual([]);
      expect((await json(await api.request('GET', bcPath('a', 'big')))).status?.lastVersion).toBe(
        0,
      );
      const whole = Buffer.concat(Array.from({ length: 8 }, (_, i) => Buffer.alloc(LIMIT / 4, i)));
      const blob = await fetch(`http://${registry.host}/v2/kiln-sources/a/blobs/${sha256(whole)}`, {
        method: 'HEAD',
      });
      expect(blob.status).toBe(404);
    });

    it('takes an upload for a git BuildConfig too, replacing its git source (oc start-build --from-dir)', async () => {
      await createBc('gitsource', {
        source: { type: 'Git', git: { uri: 'https://example.com/a.git' } },
      });
      const response = await upload('gitsource', 'x', '?asFile=x');
      expect(response.status).toBe(201);
      const build = (await response.json()) as { spec: { source: Record<string, unknown> } };
      expect(build.spec.source).toMatchObject({ type: 'Binary', binary: { asFile: 'x' } });
      expect(build.spec.source.git).toBeUndefined();
    });

    describe('larger than one registry chunk', () => {
      const MIB = 1024 * 1024;
      let large: BuildApiHarness;
      beforeAll(async () => {
        large = await startBuildApi({
          REGISTRY_HOST: registry.host,
          KILN_MAX_UPLOAD_BYTES: String(12 * MIB),
        });
        await large.request('POST', bcPath('a'), {
          body: aBuildConfig('large', { ...binary, runPolicy: 'Parallel' }),
        });
      });
      afterAll(async () => {
        await large?.stop();
      });
      const stream = (size: number, seed: number) =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            for (let at = 0; at < size; at += MIB) {
              controller.enqueue(
                new Uint8Array(Math.min(MIB, size - at)).fill((at / MIB + seed) % 251),
              );
            }
            controller.close();
          },
        });
      const send = (body: ReadableStream<Uint8Array>) =>
        fetch(`${large.url}${bcPath('a', 'large')}/instantiatebinary?asFile=big.bin`, {
          method: 'POST',
          headers: { authorization: `Bearer ${large.tokens.admin}` },
          body,
          duplex: 'half',
        });

      it('streams it up in chunks and records its digest', async () => {
        const size = 9 * MIB + 123;
        const expected = sha256(Buffer.from(await new Response(stream(size, 1)).arrayBuffer()));
        const response = await send(stream(size, 1));
        expect(response.status).toBe(201);
        const blob = await fetch(`http://${registry.host}/v2/kiln-sources/a/blobs/${expected}`, {
          method: 'HEAD',
        });
        expect(blob.status).toBe(200);
        expect(Number(blob.headers.get('content-length'))).toBe(size);
      });

      it('abandons the chunked upload when the limit is passed part-way', async () => {
        const response = await send(stream(16 * MIB, 2));
        expect(response.status).toBe(413);
        const config = await large.request('GET', bcPath('a', 'large'));
        expect((await json(config)).status?.lastVersion).toBe(1);
      });
    });

    it('answers 404 for a missing BuildConfig', async () => {
      expect((await upload('missing', 'x', '?asFile=x')).status).toBe(404);
    });
  });
});
