import { Resources } from '../api/resources.js';
import { UsageError } from '../errors.js';
import { bcPath, buildPath } from '../testing/factories.js';
import { FakeApi, statusReply } from '../testing/fake-api.js';
import { runKiln } from '../testing/run-kiln.js';
import { parseDeleteArgs } from './delete.js';

describe('parseDeleteArgs', () => {
  it('accepts TYPE NAME... and TYPE/NAME...', () => {
    expect(parseDeleteArgs(['build', 'a', 'b'], {}).targets).toEqual([
      { type: Resources.builds, name: 'a' },
      { type: Resources.builds, name: 'b' },
    ]);
    expect(parseDeleteArgs(['secret/s', 'cm/c'], { cascade: 'orphan' })).toEqual({
      targets: [
        { type: Resources.secrets, name: 's' },
        { type: Resources.configMaps, name: 'c' },
      ],
      propagationPolicy: 'Orphan',
      ignoreNotFound: false,
    });
  });

  it.each([[['bc']], [['namespace', 'x']], [[]]])('refuses %j', (args) => {
    expect(() => parseDeleteArgs(args, {})).toThrow(UsageError);
  });

  it('refuses an unknown cascade', () => {
    expect(() => parseDeleteArgs(['bc', 'x'], { cascade: 'sideways' })).toThrow('--cascade');
  });
});

describe('kiln delete', () => {
  let api: FakeApi;

  beforeEach(async () => {
    api = await FakeApi.start();
  });

  afterEach(() => api.stop());

  it('DELETEs each object and says so as kubectl does', async () => {
    api.on('DELETE', /./, { json: { kind: 'Status', status: 'Success' } });

    const run = await runKiln(api.url, ['delete', 'bc', 'hello', '--cascade=orphan']);

    expect(run.code).toBe(0);
    expect(api.requests[0]?.path).toBe(bcPath('demo', 'hello'));
    expect(api.requests[0]?.query.get('propagationPolicy')).toBe('Orphan');
    expect(run.stdout).toBe('buildconfig.build.openshift.io "hello" deleted\n');
  });

  it('goes on after a failure and exits 1', async () => {
    api.on(
      'DELETE',
      buildPath('demo', 'a'),
      statusReply(404, 'NotFound', 'builds.build.openshift.io "a" not found'),
    );
    api.on('DELETE', buildPath('demo', 'b'), { json: {} });

    const run = await runKiln(api.url, ['delete', 'build', 'a', 'b']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: builds.build.openshift.io "a" not found\n');
    expect(run.stdout).toBe('build.build.openshift.io "b" deleted\n');
  });

  it('with --ignore-not-found treats a missing object as deleted', async () => {
    api.on('DELETE', /./, statusReply(404, 'NotFound', 'not found'));

    const run = await runKiln(api.url, ['delete', 'configmap', 'x', '--ignore-not-found']);

    expect(run.code).toBe(0);
    expect(api.requests[0]?.path).toBe('/api/v1/namespaces/demo/configmaps/x');
  });
});
