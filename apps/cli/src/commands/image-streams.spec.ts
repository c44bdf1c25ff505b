import { Resources } from '../api/resources.js';
import { parseDescribeArgs } from './describe.js';
import { FakeApi, statusReply } from '../testing/fake-api.js';
import { anImageStream, digest, isPath, istagPath } from '../testing/image-stream-factories.js';
import { runKiln } from '../testing/run-kiln.js';

describe('kiln get is / istag', () => {
  let api: FakeApi;

  beforeEach(async () => {
    api = await FakeApi.start();
  });

  afterEach(() => api.stop());

  it('lists image streams with repository, tags and when they last moved', async () => {
    const many = anImageStream({
      metadata: { name: 'many', namespace: 'openshift' },
      status: {
        dockerImageRepository: '127.0.0.1:5000/openshift/many',
        tags: ['a', 'b', 'c', 'd', 'e'].map((tag) => ({
          tag,
          items: [
            {
              created: '2024-12-31T12:00:00Z',
              dockerImageReference: 'x',
              image: 'y',
              generation: 1,
            },
          ],
        })),
      },
    });
    api.on('GET', isPath('openshift'), { json: { items: [many, anImageStream()] } });

    const run = await runKiln(api.url, ['get', 'is', '-n', 'openshift']);

    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'NAME     IMAGE REPOSITORY                  TAGS                UPDATED',
      'many     127.0.0.1:5000/openshift/many     a,b,c + 2 more...   24 hours ago',
      'nodejs   127.0.0.1:5000/openshift/nodejs   18,latest           3 minutes ago',
      '',
    ]);
  });

  it('lists image stream tags', async () => {
    api.on('GET', istagPath('demo'), {
      json: {
        items: [
          {
            metadata: { name: 'app:latest', creationTimestamp: '2025-01-01T11:00:00Z' },
            image: { dockerImageReference: `127.0.0.1:5000/demo/app@${digest('c')}` },
          },
        ],
      },
    });

    const run = await runKiln(api.url, ['get', 'istag']);

    expect(run.stdout.split('\n')[1]).toBe(
      `app:latest   127.0.0.1:5000/demo/app@${digest('c')}   About an hour ago`,
    );
  });
});

describe('kiln describe is', () => {
  let api: FakeApi;

  beforeEach(async () => {
    api = await FakeApi.start();
  });

  afterEach(() => api.stop());

  it('accepts is NAME and is/NAME', () => {
    expect(parseDescribeArgs(['is', 'nodejs'])).toEqual({
      type: Resources.imageStreams,
      names: ['nodejs'],
    });
    expect(parseDescribeArgs(['imagestream/nodejs']).type).toBe(Resources.imageStreams);
  });

  it('shows the repository, then each tag: source, images newest first, failed imports', async () => {
    const stream = anImageStream();
    stream.status?.tags?.push({
      tag: 'broken',
      items: [],
      conditions: [
        {
          type: 'ImportSuccess',
          status: 'False',
          reason: 'NotFound',
          message: 'manifest unknown',
          lastTransitionTime: '2025-01-01T11:59:00Z',
        },
      ],
    });
    api.on('GET', isPath('openshift', 'nodejs'), { json: stream });

    const run = await runKiln(api.url, ['describe', 'is', 'nodejs', '-n', 'openshift']);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'Name:              nodejs',
        'Namespace:         openshift',
        'Created:           2 hours ago',
        'Labels:            <none>',
        'Annotations:       <none>',
        'Image Repository:  127.0.0.1:5000/openshift/nodejs',
        'Image Lookup:      local=false',
        'Unique Images:     2',
        'Tags:              3',
        '',
        '18',
        '  tagged from nodejs:latest',
        '',
        `  * 127.0.0.1:5000/kiln/s2i-nodejs@${digest('b')}`,
        '      3 minutes ago',
        '',
        'broken',
        '',
        '  ! error: Import failed (NotFound): manifest unknown',
        '      About a minute ago',
        '',
        'latest',
        '  tagged from 127.0.0.1:5000/kiln/s2i-nodejs:latest',
        '    updates automatically from registry 127.0.0.1:5000/kiln/s2i-nodejs:latest',
        '',
        `  * 127.0.0.1:5000/kiln/s2i-nodejs@${digest('b')}`,
        '      3 minutes ago',
        `    127.0.0.1:5000/kiln/s2i-nodejs@${digest('a')}`,
        '      2 hours ago',
        '',
      ].join('\n'),
    );
  });

  it('reports a missing stream', async () => {
    api.on(
      'GET',
      isPath('demo', 'nope'),
      statusReply(404, 'NotFound', 'imagestreams.image.openshift.io "nope" not found'),
    );

    const run = await runKiln(api.url, ['describe', 'is', 'nope']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('imagestreams.image.openshift.io "nope" not found');
  });
});
