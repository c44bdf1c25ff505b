import { FakeApi, statusReply } from '../testing/fake-api.js';
import { anImageStream, digest, importPath, isPath } from '../testing/image-stream-factories.js';
import { runKiln } from '../testing/run-kiln.js';
import { parseImportImageArgs } from './import-image.js';

type ImportBody = {
  metadata: { name: string };
  spec: { import: boolean; images: { from: { name: string }; to: { name: string } }[] };
};

describe('parseImportImageArgs', () => {
  it('defaults the tag to latest', () => {
    expect(parseImportImageArgs('tool', {})).toEqual({
      stream: 'tool',
      tag: 'latest',
      confirm: false,
    });
  });

  it.each(['a:b:c', 'ns/a:1', ':x'])('refuses %s', (arg) => {
    expect(() => parseImportImageArgs(arg, {})).toThrow('must be STREAM or STREAM:TAG');
  });
});

describe('kiln import-image', () => {
  let api: FakeApi;
  const imported = (stream = anImageStream()) => ({
    status: {
      import: stream,
      images: [
        {
          tag: 'latest',
          status: { status: 'Success' },
          image: { metadata: { name: digest('b') } },
        },
      ],
    },
  });

  beforeEach(async () => {
    api = await FakeApi.start();
  });

  afterEach(() => api.stop());

  it('imports a tag again from its own source and describes the stream', async () => {
    api.on('GET', isPath('openshift', 'nodejs'), { json: anImageStream() });
    api.on('POST', importPath('openshift'), { status: 201, json: imported() });

    const run = await runKiln(api.url, ['import-image', 'nodejs', '-n', 'openshift']);

    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('imagestream.image.openshift.io/nodejs imported\n\nName:')).toBe(
      true,
    );
    expect(api.received('POST')[0]?.json<ImportBody>()).toMatchObject({
      metadata: { name: 'nodejs' },
      spec: {
        import: true,
        images: [
          {
            from: { kind: 'DockerImage', name: '127.0.0.1:5000/kiln/s2i-nodejs:latest' },
            to: { name: 'latest' },
            importPolicy: { scheduled: true },
            referencePolicy: { type: 'Source' },
          },
        ],
      },
    });
  });

  it('creates a new stream only with --confirm', async () => {
    api.on('GET', isPath('demo', 'tool'), statusReply(404, 'NotFound', 'not found'));
    api.on('POST', importPath('demo'), { status: 201, json: imported() });

    const refused = await runKiln(api.url, [
      'import-image',
      'tool:1',
      '--from',
      'quay.io/o/tool:1',
    ]);
    const created = await runKiln(api.url, [
      'import-image',
      'tool:1',
      '--from',
      'quay.io/o/tool:1',
      '--confirm',
    ]);

    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('pass --confirm');
    expect(created.code).toBe(0);
    expect(api.received('POST')).toHaveLength(1);
    expect(api.received('POST')[0]?.json<ImportBody>().spec.images[0]).toMatchObject({
      from: { name: 'quay.io/o/tool:1' },
      to: { name: '1' },
    });
  });

  it('fails when the registry has no such image', async () => {
    api.on('GET', isPath('openshift', 'nodejs'), { json: anImageStream() });
    api.on('POST', importPath('openshift'), {
      status: 201,
      json: {
        status: { images: [{ status: { status: 'Failure', message: 'manifest unknown' } }] },
      },
    });

    const run = await runKiln(api.url, ['import-image', 'nodejs', '-n', 'openshift']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: importing 127.0.0.1:5000/kiln/s2i-nodejs:latest: manifest unknown\n',
    );
  });
});
