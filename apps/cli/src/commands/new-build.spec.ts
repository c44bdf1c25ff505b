import { parse } from 'yaml';
import { UsageError } from '../errors.js';
import { bcPath } from '../testing/factories.js';
import { FakeApi } from '../testing/fake-api.js';
import { runKiln } from '../testing/run-kiln.js';
import { hasRegistry, nameFromUrl, parseNewBuildArgs } from './new-build.js';
import { newBuildConfig } from './new-build-config.js';

describe('nameFromUrl', () => {
  it.each([
    ['https://github.com/org/My_App.git', 'my-app'],
    ['git@github.com:org/site.git#main', 'site'],
    ['https://example.com/repo/', 'repo'],
  ])('names %s %s', (url, name) => {
    expect(nameFromUrl(url)).toBe(name);
  });
});

describe('hasRegistry', () => {
  it.each([
    ['quay.io/org/app', true],
    ['127.0.0.1:5000/demo/app:latest', true],
    ['localhost/app', true],
    ['org/app', false],
    ['app:latest', false],
  ])('%s: %s', (image, expected) => {
    expect(hasRegistry(image)).toBe(expected);
  });
});

describe('parseNewBuildArgs', () => {
  it('reads the ref after # and derives the name', () => {
    expect(parseNewBuildArgs('https://example.com/org/app.git#v1', {})).toMatchObject({
      name: 'app',
      uri: 'https://example.com/org/app.git',
      ref: 'v1',
      strategy: 'Docker',
      to: { kind: 'ImageStreamTag', name: 'app:latest' },
    });
  });

  it('outputs to a DockerImage when --to names a registry', () => {
    expect(parseNewBuildArgs('https://x/app.git', { to: '127.0.0.1:5000/demo/app:1' }).to).toEqual({
      kind: 'DockerImage',
      name: '127.0.0.1:5000/demo/app:1',
    });
  });

  it.each([
    [{ strategy: 'custom' }, '--strategy must be docker or source'],
    [{ strategy: 'source' }, 'needs a builder image'],
    [{ image: 'a', imageStream: 'b' }, 'exclude each other'],
    [{ strategy: 'source', image: 'b', buildArg: ['A=1'] }, 'docker strategy only'],
  ])('refuses %j', (options, message) => {
    expect(() => parseNewBuildArgs('https://x/app.git', options)).toThrow(UsageError);
    expect(() => parseNewBuildArgs('https://x/app.git', options)).toThrow(message);
  });
});

describe('newBuildConfig', () => {
  let n = 0;
  const secret = () => `secret-${++n}`;

  beforeEach(() => {
    n = 0;
  });

  it('builds a source-strategy BuildConfig as oc new-build would', () => {
    const bc = newBuildConfig(
      parseNewBuildArgs('https://x/site.git#main', {
        strategy: 'source',
        imageStream: 'nodejs',
        contextDir: 'web',
        env: ['NODE_ENV=production'],
      }),
      secret,
    );
    expect(bc).toEqual({
      apiVersion: 'build.openshift.io/v1',
      kind: 'BuildConfig',
      metadata: {
        name: 'site',
        labels: { build: 'site' },
        annotations: { 'openshift.io/generated-by': 'KilnNewBuild' },
      },
      spec: {
        source: { type: 'Git', git: { uri: 'https://x/site.git', ref: 'main' }, contextDir: 'web' },
        strategy: {
          type: 'Source',
          sourceStrategy: {
            from: { kind: 'ImageStreamTag', name: 'nodejs:latest' },
            env: [{ name: 'NODE_ENV', value: 'production' }],
          },
        },
        output: { to: { kind: 'ImageStreamTag', name: 'site:latest' } },
        triggers: [
          { type: 'GitHub', github: { secret: 'secret-1' } },
          { type: 'Generic', generic: { secret: 'secret-2' } },
          { type: 'ConfigChange' },
          { type: 'ImageChange', imageChange: {} },
        ],
      },
    });
  });

  it('adds no ImageChange trigger when building from a pull spec', () => {
    const bc = newBuildConfig(
      parseNewBuildArgs('https://x/app.git', { image: 'quay.io/x/base:1', buildArg: ['V=1'] }),
      secret,
    );
    expect(bc.spec.strategy.dockerStrategy).toEqual({
      from: { kind: 'DockerImage', name: 'quay.io/x/base:1' },
      buildArgs: [{ name: 'V', value: '1' }],
    });
    expect(bc.spec.triggers?.map((t) => t.type)).toEqual(['GitHub', 'Generic', 'ConfigChange']);
  });
});

describe('kiln new-build', () => {
  let api: FakeApi;

  beforeEach(async () => {
    api = await FakeApi.start();
  });

  afterEach(() => api.stop());

  it('POSTs the BuildConfig with random webhook secrets', async () => {
    api.on('POST', bcPath('demo'), (req) => ({ status: 201, json: req.json() }));

    const run = await runKiln(api.url, [
      'new-build',
      'https://x/app.git',
      '--to',
      'quay.io/x/app',
      '--name',
      'web',
    ]);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe('buildconfig.build.openshift.io/web created\n');
    const body = api.requests[0]?.json<{
      spec: { triggers: { github?: { secret: string }; generic?: { secret: string } }[] };
    }>();
    const [github, generic] = body?.spec.triggers ?? [];
    expect(github?.github?.secret).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(generic?.generic?.secret).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(github?.github?.secret).not.toBe(generic?.generic?.secret);
  });

  it('creates the ImageStream of an ImageStreamTag output first, as oc new-build does', async () => {
    api.on('POST', '/apis/image.openshift.io/v1/namespaces/demo/imagestreams', {
      status: 201,
      json: {},
    });
    api.on('POST', bcPath('demo'), (req) => ({ status: 201, json: req.json() }));

    const run = await runKiln(api.url, ['new-build', 'https://x/app.git', '--to', 'site:v1']);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'imagestream.image.openshift.io/site created\nbuildconfig.build.openshift.io/app created\n',
    );
    expect(api.requests[0]?.json()).toMatchObject({
      kind: 'ImageStream',
      metadata: { name: 'site' },
    });
  });

  it('with -o yaml prints instead of creating', async () => {
    const run = await runKiln(api.url, ['new-build', 'https://x/app.git', '-o', 'yaml']);

    expect(api.requests).toHaveLength(0);
    expect((parse(run.stdout) as { kind: string }).kind).toBe('BuildConfig');
  });
});
