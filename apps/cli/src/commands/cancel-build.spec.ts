import { aBuild, aBuildIn, buildPath } from '../testing/factories.js';
import { FakeApi, statusReply } from '../testing/fake-api.js';
import { runKiln } from '../testing/run-kiln.js';
import { parseCancelArgs } from './cancel-build.js';

describe('parseCancelArgs', () => {
  it('reads builds and bc/NAME', () => {
    expect(parseCancelArgs(['a-1', 'build/a-2', 'bc/a'])).toEqual([
      { kind: 'build', name: 'a-1' },
      { kind: 'build', name: 'a-2' },
      { kind: 'bc', name: 'a' },
    ]);
  });

  it('refuses other types', () => {
    expect(() => parseCancelArgs(['secret/x'])).toThrow('is not supported here');
  });
});

describe('kiln cancel-build', () => {
  let api: FakeApi;

  beforeEach(async () => {
    api = await FakeApi.start();
  });

  afterEach(() => api.stop());

  it('sends a merge patch setting status.cancelled', async () => {
    api.on('GET', buildPath('demo', 'hello-4'), { json: aBuildIn('Running', 'hello-4') });
    api.on('PATCH', buildPath('demo', 'hello-4'), { json: aBuildIn('Cancelled', 'hello-4') });

    const run = await runKiln(api.url, ['cancel-build', 'hello-4']);

    expect(run.code).toBe(0);
    const patch = api.received('PATCH')[0];
    expect(patch?.headers['content-type']).toBe('application/merge-patch+json');
    expect(patch?.json()).toEqual({ status: { cancelled: true } });
    expect(run.stdout).toBe('build.build.openshift.io/hello-4 cancelled\n');
  });

  it('leaves a finished build alone and says so', async () => {
    api.on('GET', buildPath('demo', 'hello-3'), { json: aBuild() });

    const run = await runKiln(api.url, ['cancel-build', 'hello-3']);

    expect(run.code).toBe(0);
    expect(api.received('PATCH')).toHaveLength(0);
    expect(run.stderr).toBe('build.build.openshift.io/hello-3 is already Complete\n');
  });

  it('cancels every unfinished build of bc/NAME', async () => {
    api.on('GET', buildPath('demo'), {
      json: { items: [aBuild(), aBuildIn('New', 'hello-5'), aBuildIn('Pending', 'hello-4')] },
    });
    api.on('PATCH', /./, { json: {} });

    const run = await runKiln(api.url, ['cancel-build', 'bc/hello']);

    expect(api.requests[0]?.query.get('labelSelector')).toBe(
      'openshift.io/build-config.name=hello',
    );
    expect(api.received('PATCH').map((r) => r.path)).toEqual([
      buildPath('demo', 'hello-5'),
      buildPath('demo', 'hello-4'),
    ]);
    expect(run.code).toBe(0);
  });

  it('reports a missing build and exits 1', async () => {
    api.on(
      'GET',
      buildPath('demo', 'x'),
      statusReply(404, 'NotFound', 'builds.build.openshift.io "x" not found'),
    );

    const run = await runKiln(api.url, ['cancel-build', 'x']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: builds.build.openshift.io "x" not found\n');
  });
});
