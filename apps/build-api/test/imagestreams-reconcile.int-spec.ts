import type { Build } from '@kiln/build-types';
import { bcPath, buildPath } from './factories.js';
import { isPath, startImageFarm, waitFor, type ImageFarm } from './imagestreams-farm.js';

type Stream = {
  status?: { tags?: { tag: string; items: { image: string }[] }[] };
};

const imagesOf = (stream: Stream, tag: string) =>
  stream.status?.tags?.find((t) => t.tag === tag)?.items.map((i) => i.image) ?? [];

/** The registry sends no notifications here: only the periodic reconciliation sees pushes. */
describe('image stream reconciliation', () => {
  let farm: ImageFarm;
  const ns = 'r';

  beforeAll(async () => {
    farm = await startImageFarm({
      notify: false,
      env: { KILN_IMAGESTREAM_RESYNC_SECONDS: '1', KILN_IMAGE_IMPORT_INTERVAL_SECONDS: '1' },
    });
    await farm.json('POST', '/api/v1/namespaces', { metadata: { name: ns } });
  });
  afterAll(async () => {
    await farm.stop();
  });

  const stream = (name: string) =>
    farm.api
      .request('GET', isPath(ns, name))
      .then((r) => (r.ok ? (r.json() as Promise<Stream>) : { status: undefined }));
  const builds = async (bc: string) =>
    (
      await farm.json<{ items: Build[] }>(
        'GET',
        `${buildPath(ns)}?labelSelector=openshift.io/build-config.name=${bc}`,
      )
    ).items;

  it('repairs a missed push notification, and the trigger it owes fires exactly once', async () => {
    await farm.json('POST', isPath(ns), { metadata: { name: 'base' } });
    await farm.json('POST', bcPath(ns), {
      metadata: { name: 'app' },
      spec: {
        source: { dockerfile: 'FROM scratch\n' },
        strategy: { dockerStrategy: { from: { kind: 'ImageStreamTag', name: 'base:latest' } } },
        triggers: [{ type: 'ImageChange' }],
      },
    });

    const digest = await farm.push(`${ns}/base`, 'latest');

    const repaired = await waitFor(
      () => stream('base'),
      (s) => imagesOf(s, 'latest').length > 0,
    );
    expect(imagesOf(repaired, 'latest')).toEqual([digest]);
    const [build] = await waitFor(
      () => builds('app'),
      (list) => list.length > 0,
    );
    expect(build?.spec.triggeredBy?.[0]?.imageChangeBuild?.imageID).toBe(
      `${farm.host}/${ns}/base@${digest}`,
    );
    // Several more sweeps: the same image never fires again.
    await new Promise((r) => setTimeout(r, 3500));
    expect(await builds('app')).toHaveLength(1);
  });

  it('creates the stream of a repository whose first push went unnoticed', async () => {
    const digest = await farm.push(`${ns}/fresh`, 'v1');

    const adopted = await waitFor(
      () => stream('fresh'),
      (s) => imagesOf(s, 'v1').length > 0,
    );

    expect(imagesOf(adopted, 'v1')).toEqual([digest]);
  });

  it('imports a scheduled tag again when its source moves', async () => {
    const first = await farm.push('ext/sched', '1');
    await farm.json('POST', isPath(ns), {
      metadata: { name: 'sched' },
      spec: {
        tags: [
          {
            name: 'latest',
            from: { kind: 'DockerImage', name: `${farm.host}/ext/sched:1` },
            importPolicy: { scheduled: true },
          },
        ],
      },
    });
    await waitFor(
      () => stream('sched'),
      (s) => imagesOf(s, 'latest').length === 1,
    );

    const second = await farm.push('ext/sched', '1');

    const moved = await waitFor(
      () => stream('sched'),
      (s) => imagesOf(s, 'latest').length === 2,
    );
    expect(imagesOf(moved, 'latest')).toEqual([second, first]);
  });
});
