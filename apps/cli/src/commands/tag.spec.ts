import { UsageError } from '../errors.js';
import { FakeApi, statusReply } from '../testing/fake-api.js';
import { digest, istagPath } from '../testing/image-stream-factories.js';
import { runKiln } from '../testing/run-kiln.js';
import { parseTagArgs } from './tag.js';

describe('parseTagArgs', () => {
  it('guesses what SOURCE is: a pull spec, an image of a stream, or a tag', () => {
    const kinds = ['127.0.0.1:5000/kiln/x:1', `is@${digest('a')}`, 'openshift/nodejs:18'].map(
      (source) => {
        const request = parseTagArgs([source, 'dest:1'], {}, 'demo');
        return request.delete ? undefined : request.source;
      },
    );

    expect(kinds).toEqual([
      { kind: 'docker', namespace: 'demo', name: '127.0.0.1:5000/kiln/x:1' },
      { kind: 'isimage', namespace: 'demo', name: `is@${digest('a')}` },
      { kind: 'istag', namespace: 'openshift', name: 'nodejs:18' },
    ]);
  });

  it('reads destinations with their namespace, latest by default', () => {
    const request = parseTagArgs(['a:1', 'b', 'other/c:2'], {}, 'demo');

    expect(request.destinations).toEqual([
      { namespace: 'demo', stream: 'b', tag: 'latest' },
      { namespace: 'other', stream: 'c', tag: '2' },
    ]);
  });

  it.each([
    [['a:1'], {}, 'a SOURCE and at least one DEST'],
    [['quay.io/x:1', 'b:1'], { alias: true }, '--alias needs an image stream tag'],
    [['a:1', 'b:1'], { scheduled: true }, '--scheduled applies to a docker image'],
    [['a:1', 'b:1:2'], {}, 'is not an image stream tag'],
    [['a:1', 'b:1'], { source: 'git' }, '--source must be one of'],
    [[], { delete: true }, 'at least one tag to delete'],
  ])('refuses %j with %j', (args, options, message) => {
    expect(() => parseTagArgs(args, options, 'demo')).toThrow(UsageError);
    expect(() => parseTagArgs(args, options, 'demo')).toThrow(message);
  });
});

describe('kiln tag', () => {
  let api: FakeApi;

  beforeEach(async () => {
    api = await FakeApi.start();
    api.on('PUT', /imagestreamtags/, (req) => ({ json: req.json() }));
  });

  afterEach(() => api.stop());

  it('pins DEST to the image SOURCE points at now, as oc does', async () => {
    api.on('GET', istagPath('openshift', 'nodejs:18'), {
      json: { metadata: { name: 'nodejs:18' }, image: { metadata: { name: digest('b') } } },
    });

    const run = await runKiln(api.url, ['tag', 'openshift/nodejs:18', 'node:stable']);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Tag node:stable set to openshift/nodejs@${digest('b')}.\n`);
    const put = api.received('PUT')[0];
    expect(put?.path).toBe(istagPath('demo', 'node:stable'));
    expect(put?.json()).toMatchObject({
      kind: 'ImageStreamTag',
      metadata: { name: 'node:stable' },
      tag: {
        name: 'stable',
        from: { kind: 'ImageStreamImage', namespace: 'openshift', name: `nodejs@${digest('b')}` },
      },
    });
  });

  it('with --alias makes DEST track SOURCE', async () => {
    const run = await runKiln(api.url, [
      'tag',
      '--alias',
      'nodejs:latest',
      'nodejs:20',
      'nodejs:22',
    ]);

    expect(run.stdout).toBe(
      'Tag nodejs:20 set up to track demo/nodejs:latest.\nTag nodejs:22 set up to track demo/nodejs:latest.\n',
    );
    expect(api.received('GET')).toHaveLength(0);
    expect(api.received('PUT')[1]?.json()).toMatchObject({
      tag: {
        name: '22',
        from: { kind: 'ImageStreamTag', namespace: 'demo', name: 'nodejs:latest' },
      },
    });
  });

  it('imports a registry image, scheduled', async () => {
    const run = await runKiln(api.url, ['tag', 'quay.io/org/app:1.2', 'app:1.2', '--scheduled']);

    expect(run.stdout).toBe('Tag app:1.2 set to quay.io/org/app:1.2.\n');
    expect(api.received('PUT')[0]?.json()).toMatchObject({
      tag: {
        from: { kind: 'DockerImage', name: 'quay.io/org/app:1.2' },
        importPolicy: { scheduled: true },
      },
    });
  });

  it('deletes tags with -d, reporting each that is missing', async () => {
    api.on('DELETE', istagPath('demo', 'app:old'), { json: { status: 'Success' } });
    api.on(
      'DELETE',
      istagPath('demo', 'app:gone'),
      statusReply(404, 'NotFound', 'imagestreamtags.image.openshift.io "app:gone" not found'),
    );

    const run = await runKiln(api.url, ['tag', '-d', 'app:old', 'app:gone']);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('Deleted tag demo/app:old.\n');
    expect(run.stderr).toBe('error: imagestreamtags.image.openshift.io "app:gone" not found\n');
  });
});
