import type { Build, BuildConfig } from '@kiln/build-types';
import { Subjects } from '@kiln/events';
import { bcPath, buildPath } from './factories.js';
import {
  importPath,
  isPath,
  istagPath,
  startImageFarm,
  waitFor,
  type ImageFarm,
} from './imagestreams-farm.js';

type Stream = {
  metadata: { name: string; namespace: string; resourceVersion: string; generation: number };
  spec: { tags?: { name: string; generation: number }[] };
  status: {
    dockerImageRepository: string;
    tags?: {
      tag: string;
      items: { image: string; dockerImageReference: string; created: string }[];
      conditions?: { type: string; status: string; reason: string }[];
    }[];
  };
};

const latest = (stream: Stream, tag: string) =>
  stream.status.tags?.find((t) => t.tag === tag)?.items[0];

describe('image.openshift.io: ImageStreams, ImageStreamTags, ImageStreamImports', () => {
  let farm: ImageFarm;
  let external: { spec: string; digest: string };

  beforeAll(async () => {
    farm = await startImageFarm();
    // An image outside any namespace's streams, as an external registry would hold it.
    external = { spec: `${farm.host}/ext/base:1`, digest: await farm.push('ext/base', '1') };
  });
  afterAll(async () => {
    await farm.stop();
  });

  const getStream = (ns: string, name: string) => farm.json<Stream>('GET', isPath(ns, name));

  describe('ImageStream', () => {
    it('imports a DockerImage spec tag after create, by digest, newest first', async () => {
      const created = await farm.json<Stream>('POST', isPath('a'), {
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: { name: 'base' },
        spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: external.spec } }] },
      });

      expect(created.metadata.generation).toBe(1);
      expect(created.status.dockerImageRepository).toBe(`${farm.host}/a/base`);
      const stream = await waitFor(
        () => getStream('a', 'base'),
        (s) => latest(s, 'latest') !== undefined,
      );
      expect(latest(stream, 'latest')).toMatchObject({
        image: external.digest,
        dockerImageReference: `${farm.host}/ext/base@${external.digest}`,
      });
    });

    it('answers Status errors and keeps the conventions of the build API', async () => {
      const missing = await farm.api.request('GET', isPath('a', 'missing'));
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({
        kind: 'Status',
        reason: 'NotFound',
        message: 'imagestreams.image.openshift.io "missing" not found',
      });

      const anonymous = await fetch(`${farm.api.url}${isPath('a')}`);
      expect(anonymous.status).toBe(401);

      const viewer = await farm.api.request('POST', isPath('a'), {
        token: farm.api.tokens.viewA,
        body: { metadata: { name: 'x' } },
      });
      expect(viewer.status).toBe(403);

      const invalid = await farm.api.request('POST', isPath('a'), {
        body: { metadata: { name: 'Bad' }, spec: { tags: [{ name: 'x', from: { kind: 'Git' } }] } },
      });
      expect(invalid.status).toBe(422);
      expect(await invalid.json()).toMatchObject({
        reason: 'Invalid',
        details: { causes: [{ field: 'metadata.name' }, { field: 'spec.tags[0].from.kind' }] },
      });
    });

    it('lists and watches streams', async () => {
      const list = await farm.json<{
        kind: string;
        items: Stream[];
        metadata: { resourceVersion: string };
      }>('GET', isPath('a'));
      expect(list.kind).toBe('ImageStreamList');
      expect(list.items.map((s) => s.metadata.name)).toContain('base');

      const controller = new AbortController();
      const response = await fetch(
        `${farm.api.url}${isPath('a')}?watch=true&resourceVersion=${list.metadata.resourceVersion}`,
        {
          headers: { authorization: `Bearer ${farm.api.tokens.admin}` },
          signal: controller.signal,
        },
      );
      const reader = response.body!.getReader();
      await farm.json('POST', isPath('a'), { metadata: { name: 'watched' } });
      const chunk = (await reader.read()) as { value: Uint8Array };
      controller.abort();
      const [line = ''] = new TextDecoder().decode(chunk.value).split('\n');
      expect(JSON.parse(line)).toMatchObject({
        type: 'ADDED',
        object: { kind: 'ImageStream', metadata: { name: 'watched' } },
      });
    });

    it('keeps the status the server’s on PUT, and moves the generation of changed tags', async () => {
      const current = await getStream('a', 'base');
      const replaced = await farm.json<Stream>('PUT', isPath('a', 'base'), {
        ...current,
        spec: {
          tags: [
            ...(current.spec.tags ?? []),
            { name: 'alias', from: { kind: 'ImageStreamTag', name: 'latest' } },
          ],
        },
        status: { dockerImageRepository: 'forged' },
      });

      expect(replaced.metadata.generation).toBe(2);
      expect(replaced.spec.tags?.map((t) => [t.name, t.generation])).toEqual([
        ['latest', 1],
        ['alias', 2],
      ]);
      expect(replaced.status.dockerImageRepository).toBe(`${farm.host}/a/base`);
      const tracked = await waitFor(
        () => getStream('a', 'base'),
        (s) => latest(s, 'alias') !== undefined,
      );
      expect(latest(tracked, 'alias')?.image).toBe(external.digest);
    });
  });

  describe('ImageStreamTag', () => {
    it('reads stream:tag with the image it points at; 404 for a tag without one', async () => {
      const istag = await farm.json<Record<string, unknown>>('GET', istagPath('a', 'base:latest'));

      expect(istag).toMatchObject({
        kind: 'ImageStreamTag',
        metadata: { name: 'base:latest', namespace: 'a' },
        tag: { name: 'latest', from: { kind: 'DockerImage', name: external.spec } },
        image: {
          metadata: { name: external.digest },
          dockerImageReference: `${farm.host}/ext/base@${external.digest}`,
        },
      });
      expect((await farm.api.request('GET', istagPath('a', 'base:nope'))).status).toBe(404);
    });

    it('sets a tag (oc tag) in a stream it creates, and deletes it', async () => {
      const set = await farm.api.request('PUT', istagPath('a', 'copy:v1'), {
        body: {
          kind: 'ImageStreamTag',
          metadata: { name: 'copy:v1' },
          tag: { from: { kind: 'ImageStreamImage', name: `base@${external.digest}` } },
        },
      });
      expect(set.status).toBe(200);
      const copied = await waitFor(
        () => farm.api.request('GET', istagPath('a', 'copy:v1')),
        (r) => r.status === 200,
      );
      expect(await copied.json()).toMatchObject({ image: { metadata: { name: external.digest } } });

      const deleted = await farm.api.request('DELETE', istagPath('a', 'copy:v1'));
      expect(deleted.status).toBe(200);
      const stream = await getStream('a', 'copy');
      expect(stream.spec.tags).toEqual([]);
      expect(stream.status.tags).toEqual([]);
    });
  });

  describe('ImageStreamImport', () => {
    it('imports an external tag now, into a stream it creates', async () => {
      const digest = await farm.push('ext/tool', '2.0');

      const response = await farm.api.request('POST', importPath('a'), {
        body: {
          kind: 'ImageStreamImport',
          apiVersion: 'image.openshift.io/v1',
          metadata: { name: 'tool' },
          spec: {
            import: true,
            images: [{ from: { kind: 'DockerImage', name: `${farm.host}/ext/tool:2.0` } }],
          },
        },
      });

      expect(response.status).toBe(201);
      const body = (await response.json()) as {
        status: { images: unknown[]; import: Stream };
      };
      expect(body.status.images).toMatchObject([
        {
          tag: '2.0',
          status: { status: 'Success' },
          image: { dockerImageReference: `${farm.host}/ext/tool@${digest}` },
        },
      ]);
      expect(latest(body.status.import, '2.0')?.image).toBe(digest);
    });

    it('reports a failed import per image, and records it on the tag', async () => {
      const response = await farm.api.request('POST', importPath('a'), {
        body: {
          metadata: { name: 'tool' },
          spec: {
            import: true,
            images: [
              {
                from: { kind: 'DockerImage', name: `${farm.host}/ext/absent:1` },
                to: { name: 'gone' },
              },
            ],
          },
        },
      });

      const body = (await response.json()) as { status: { images: unknown[]; import: Stream } };
      expect(body.status.images).toMatchObject([
        { tag: 'gone', status: { status: 'Failure', reason: 'NotFound', code: 404 } },
      ]);
      expect(body.status.import.status.tags?.find((t) => t.tag === 'gone')?.conditions).toEqual([
        expect.objectContaining({ type: 'ImportSuccess', status: 'False', reason: 'NotFound' }),
      ]);
    });
  });

  describe('registry notifications', () => {
    it('records a push into a namespace’s repository, creating its stream', async () => {
      const digest = await farm.push('a/pushed', 'v1');

      const stream = await waitFor(
        () =>
          farm.api.request('GET', isPath('a', 'pushed')).then((r) => r.json() as Promise<Stream>),
        (s) => s.status !== undefined && latest(s, 'v1') !== undefined,
      );

      expect(latest(stream, 'v1')).toMatchObject({
        image: digest,
        dockerImageReference: `${farm.host}/a/pushed@${digest}`,
      });
    });

    it('moves a tag importing from a farm-registry tag when that is pushed, and its trackers', async () => {
      const moved = await farm.push('ext/base', '1');

      const stream = await waitFor(
        () => getStream('a', 'base'),
        (s) => latest(s, 'latest')?.image === moved && latest(s, 'alias')?.image === moved,
      );

      expect(stream.status.tags?.find((t) => t.tag === 'latest')?.items).toHaveLength(2);
    });

    it('refuses a notification without the shared token', async () => {
      const response = await fetch(`${farm.api.url}/internal/registry/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.docker.distribution.events.v1+json' },
        body: JSON.stringify({ events: [] }),
      });

      expect(response.status).toBe(401);
    });

    it('creates no stream for a push outside any namespace', async () => {
      await farm.push('no-such-namespace/thing', '1');
      await farm.push('a/after', '1');

      await waitFor(
        () => farm.api.request('GET', isPath('a', 'after')),
        (r) => r.status === 200,
      );
      expect((await farm.api.request('GET', isPath('no-such-namespace', 'thing'))).status).toBe(
        404,
      );
    });
  });
});

/** The chain of the issue: builder image → app A → app B built from A's output. */
describe('image resolution and ImageChange triggers', () => {
  let farm: ImageFarm;
  const ns = 'b';

  beforeAll(async () => {
    farm = await startImageFarm();
    await farm.json('POST', '/api/v1/namespaces', { metadata: { name: 'openshift' } });
    await farm.json('POST', '/api/v1/namespaces', { metadata: { name: ns } });
  });
  afterAll(async () => {
    await farm.stop();
  });

  const builds = async (bc: string) =>
    (
      await farm.json<{ items: Build[] }>(
        'GET',
        `${buildPath(ns)}?labelSelector=openshift.io/build-config.name=${bc}`,
      )
    ).items.sort((x, y) => (x.metadata.name ?? '').localeCompare(y.metadata.name ?? ''));
  const getBuild = (name: string) => farm.json<Build>('GET', buildPath(ns, name));
  const getConfig = (name: string) => farm.json<BuildConfig>('GET', bcPath(ns, name));
  const waitForBuilds = (bc: string, count: number) =>
    waitFor(
      () => builds(bc),
      (list) => list.length === count,
    );
  /** Completes a build as the workers would: pushed to its output, then ImagePushed. */
  const complete = async (build: Build, repository: string, tag: string) => {
    const ref = { namespace: ns, name: build.metadata.name ?? '', uid: build.metadata.uid ?? '' };
    const digest = await farm.push(repository, tag);
    await farm.api.bus.publish(
      Subjects.ImagePushed,
      {
        build: ref,
        digest,
        reference: `${farm.host}/${repository}:${tag}`,
        bytesUploaded: 1,
        bytesSkipped: 0,
        steps: [],
      },
      { msgId: `${ref.uid}:pushed` },
    );
    return digest;
  };

  let builder1: string;
  let builder2: string;

  it('resolves the builder ImageStreamTag by digest and the output to the stream repository', async () => {
    builder1 = await farm.push('openshift/nodejs', 'latest');
    await farm.json('POST', isPath(ns), { metadata: { name: 'app-a' } });
    await waitFor(
      () => farm.api.request('GET', isPath('openshift', 'nodejs')),
      (r) => r.status === 200,
    );

    await farm.json('POST', bcPath(ns), {
      apiVersion: 'build.openshift.io/v1',
      kind: 'BuildConfig',
      metadata: { name: 'app-a' },
      spec: {
        source: { git: { uri: 'https://example.com/app-a.git' } },
        strategy: {
          sourceStrategy: {
            from: { kind: 'ImageStreamTag', namespace: 'openshift', name: 'nodejs:latest' },
          },
        },
        output: { to: { kind: 'ImageStreamTag', name: 'app-a:latest' } },
        triggers: [{ type: 'ImageChange' }, { type: 'ConfigChange' }],
      },
    });

    const [first] = await waitForBuilds('app-a', 1);
    expect(first?.status?.phase).toBe('Pending');
    expect(first?.spec.strategy.sourceStrategy?.from).toEqual({
      kind: 'DockerImage',
      name: `${farm.host}/openshift/nodejs@${builder1}`,
    });
    expect(first?.spec.output?.to).toEqual({
      kind: 'DockerImage',
      name: `${farm.host}/${ns}/app-a:latest`,
    });
    expect(first?.status?.outputDockerImageReference).toBe(`${farm.host}/${ns}/app-a:latest`);
    expect(first?.spec.triggeredBy).toEqual([{ message: 'Build configuration change' }]);
    expect((await getConfig('app-a')).status?.imageChangeTriggers).toEqual([
      {
        from: { namespace: 'openshift', name: 'nodejs:latest' },
        lastTriggeredImageID: `${farm.host}/openshift/nodejs@${builder1}`,
      },
    ]);
  });

  it('does not fire for an image the config already built with', async () => {
    await farm.json('POST', isPath(ns), { metadata: { name: 'app-b' } });
    await farm.json('POST', bcPath(ns), {
      metadata: { name: 'app-b' },
      spec: {
        source: { dockerfile: 'FROM scratch\n' },
        strategy: { dockerStrategy: { from: { kind: 'ImageStreamTag', name: 'app-a:latest' } } },
        output: { to: { kind: 'ImageStreamTag', name: 'app-b:latest' } },
        triggers: [{ type: 'ImageChange', imageChange: {} }],
      },
    });
    await farm.json('POST', bcPath(ns), {
      metadata: { name: 'paused' },
      spec: {
        source: { git: { uri: 'https://example.com/p.git' } },
        strategy: {
          sourceStrategy: {
            from: { kind: 'ImageStreamTag', namespace: 'openshift', name: 'nodejs:latest' },
          },
        },
        triggers: [{ type: 'ImageChange', imageChange: { paused: true } }],
      },
    });

    await new Promise((r) => setTimeout(r, 1500));
    expect(await builds('app-a')).toHaveLength(1);
    expect(await builds('app-b')).toHaveLength(0);
  });

  it('starts exactly one build per watching BuildConfig when the builder image moves', async () => {
    builder2 = await farm.push('openshift/nodejs', 'latest');

    const [, second] = await waitForBuilds('app-a', 2);
    expect(second?.spec.triggeredBy).toEqual([
      {
        message: 'Image change',
        imageChangeBuild: {
          imageID: `${farm.host}/openshift/nodejs@${builder2}`,
          fromRef: { kind: 'ImageStreamTag', namespace: 'openshift', name: 'nodejs:latest' },
        },
      },
    ]);
    expect(second?.spec.strategy.sourceStrategy?.from?.name).toBe(
      `${farm.host}/openshift/nodejs@${builder2}`,
    );
    const [status] = (await getConfig('app-a')).status?.imageChangeTriggers ?? [];
    expect(status?.lastTriggeredImageID).toBe(`${farm.host}/openshift/nodejs@${builder2}`);
    expect(status?.lastTriggerTime).toEqual(expect.any(String));

    // The same image again (a retried notification) fires nothing; nor does a paused trigger.
    await farm.api.request('POST', '/internal/registry/notifications', {
      token: farm.token,
      contentType: 'application/vnd.docker.distribution.events.v1+json',
      body: {
        events: [
          {
            action: 'push',
            target: {
              mediaType: 'application/vnd.oci.image.manifest.v1+json',
              digest: builder2,
              repository: 'openshift/nodejs',
              tag: 'latest',
            },
          },
        ],
      },
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await builds('app-a')).toHaveLength(2);
    expect(await builds('paused')).toHaveLength(0);
  });

  it('rebuilds the chain in order: app A’s new output starts app B from it', async () => {
    const [first, second] = await builds('app-a');
    await complete(first!, `${ns}/app-a`, 'latest');
    const [b1] = await waitForBuilds('app-b', 1);
    expect(b1?.spec.triggeredBy?.[0]?.message).toBe('Image change');

    await waitFor(
      () => getBuild(second!.metadata.name ?? ''),
      (b) => b.status?.phase === 'Pending',
    );
    const outputOfA = await complete(second!, `${ns}/app-a`, 'latest');

    const [, b2] = await waitForBuilds('app-b', 2);
    expect(b2?.spec.strategy.dockerStrategy?.from).toEqual({
      kind: 'DockerImage',
      name: `${farm.host}/${ns}/app-a@${outputOfA}`,
    });
    const appA = await farm.json<Stream>('GET', isPath(ns, 'app-a'));
    expect(latest(appA, 'latest')?.image).toBe(outputOfA);
    expect(appA.status.tags?.[0]?.items).toHaveLength(2);
  });

  it('leaves a build New with InvalidOutputReference until its output stream exists', async () => {
    await farm.json('POST', bcPath(ns), {
      metadata: { name: 'late-out' },
      spec: {
        source: { dockerfile: 'FROM scratch\n' },
        strategy: { dockerStrategy: {} },
        output: { to: { kind: 'ImageStreamTag', name: 'late-out:v1' } },
      },
    });

    const build = await farm.json<Build>('POST', `${bcPath(ns, 'late-out')}/instantiate`, {
      kind: 'BuildRequest',
      metadata: { name: 'late-out' },
    });

    expect(build.status).toMatchObject({
      phase: 'New',
      reason: 'InvalidOutputReference',
      message: `Output image could not be resolved. imagestream "late-out" not found in namespace "${ns}"`,
    });
    await new Promise((r) => setTimeout(r, 500));
    expect((await getBuild('late-out-1')).status?.phase).toBe('New');

    await farm.json('POST', isPath(ns), { metadata: { name: 'late-out' } });

    const started = await waitFor(
      () => getBuild('late-out-1'),
      (b) => b.status?.phase === 'Pending',
    );
    expect(started.status?.reason).toBeUndefined();
    expect(started.spec.output?.to).toEqual({
      kind: 'DockerImage',
      name: `${farm.host}/${ns}/late-out:v1`,
    });
  });

  it('leaves a build New with InvalidImageReference until its tag gets an image, then builds once', async () => {
    await farm.json('POST', bcPath(ns), {
      metadata: { name: 'late-in' },
      spec: {
        source: { dockerfile: 'FROM scratch\n' },
        strategy: { dockerStrategy: { from: { kind: 'ImageStreamTag', name: 'later:1' } } },
        triggers: [{ type: 'ConfigChange' }, { type: 'ImageChange' }],
      },
    });
    const [waiting] = await waitForBuilds('late-in', 1);
    expect(waiting?.status).toMatchObject({ phase: 'New', reason: 'InvalidImageReference' });

    const digest = await farm.push(`${ns}/later`, '1');

    const started = await waitFor(
      () => getBuild('late-in-1'),
      (b) => b.status?.phase === 'Pending',
    );
    expect(started.spec.strategy.dockerStrategy?.from?.name).toBe(
      `${farm.host}/${ns}/later@${digest}`,
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(await builds('late-in')).toHaveLength(1);
    expect(
      (await getConfig('late-in')).status?.imageChangeTriggers?.[0]?.lastTriggeredImageID,
    ).toBe(`${farm.host}/${ns}/later@${digest}`);
  });

  it('refuses a request for an image its trigger already fired for (409)', async () => {
    const response = await farm.api.request('POST', `${bcPath(ns, 'app-a')}/instantiate`, {
      body: {
        kind: 'BuildRequest',
        metadata: { name: 'app-a' },
        triggeredByImage: {
          kind: 'DockerImage',
          name: `${farm.host}/openshift/nodejs@${builder2}`,
        },
        from: { kind: 'ImageStreamTag', namespace: 'openshift', name: 'nodejs:latest' },
      },
    });

    expect(response.status).toBe(409);
  });
});
