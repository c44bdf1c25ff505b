import type { ServerResponse } from 'node:http';
import { parse } from 'yaml';
import { Resources } from '../api/resources.js';
import { UsageError } from '../errors.js';
import { aBuild, aBuildConfig, bcPath, buildPath } from '../testing/factories.js';
import { FakeApi, statusReply } from '../testing/fake-api.js';
import { runKiln } from '../testing/run-kiln.js';
import { parseGetArgs } from './get.js';

describe('parseGetArgs', () => {
  it('reads TYPE and names, with aliases', () => {
    expect(parseGetArgs(['bc', 'a', 'b'], {})).toMatchObject({
      targets: [{ type: Resources.buildConfigs, names: ['a', 'b'] }],
      watch: false,
      headers: true,
    });
    expect(parseGetArgs(['cm'], { output: 'wide' }).targets[0]?.type).toBe(Resources.configMaps);
  });

  it('groups TYPE/NAME arguments by type', () => {
    const request = parseGetArgs(['bc/a', 'build/x', 'bc/b'], {});
    expect(request.targets).toEqual([
      { type: Resources.buildConfigs, names: ['a', 'b'] },
      { type: Resources.builds, names: ['x'] },
    ]);
  });

  it.each([
    [['pods'], {}, 'the server doesn\'t have a resource type "pods"'],
    [['bc', 'a'], { selector: 'x=y' }, 'name cannot be provided when a selector is specified'],
    [['bc/a', 'build/b'], { watch: true }, 'watch is only supported on one resource type'],
    [['bc/a', 'b'], {}, 'must each have a type and a name'],
    [['bc'], { output: 'table' }, 'unable to match a printer'],
  ])('refuses %j with %j', (args, options, message) => {
    expect(() => parseGetArgs(args, options)).toThrow(UsageError);
    expect(() => parseGetArgs(args, options)).toThrow(message);
  });
});

describe('kiln get', () => {
  let api: FakeApi;

  beforeEach(async () => {
    api = await FakeApi.start();
  });

  afterEach(() => api.stop());

  it('prints builds as an aligned table in the current namespace', async () => {
    const running = aBuild({
      metadata: { name: 'hello-4', namespace: 'demo' },
      status: { phase: 'Running', startTimestamp: '2025-01-01T11:59:00Z' },
    });
    api.on('GET', buildPath('demo'), { json: { kind: 'BuildList', items: [aBuild(), running] } });

    const run = await runKiln(api.url, ['get', 'builds']);

    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'NAME      TYPE     FROM          STATUS     STARTED              DURATION',
      'hello-3   Docker   Git@0123456   Complete   5 minutes ago        1m2s',
      'hello-4   Docker   Git@0123456   Running    About a minute ago   1m0s',
      '',
    ]);
  });

  it('passes -l as labelSelector and -n as the namespace', async () => {
    api.on('GET', bcPath('other'), { json: { items: [aBuildConfig()] } });

    const run = await runKiln(api.url, ['get', 'bc', '-l', 'app=hello', '-n', 'other']);

    expect(run.code).toBe(0);
    expect(api.requests[0]?.query.get('labelSelector')).toBe('app=hello');
    expect(run.stdout).toBe('NAME    TYPE     FROM       LATEST\nhello   Docker   Git@main   3\n');
  });

  it('prints one object as YAML with its kind', async () => {
    api.on('GET', bcPath('demo', 'hello'), { json: { ...aBuildConfig(), kind: undefined } });

    const run = await runKiln(api.url, ['get', 'bc', 'hello', '-o', 'yaml']);

    const printed = parse(run.stdout) as { kind: string; metadata: { name: string } };
    expect(printed.kind).toBe('BuildConfig');
    expect(printed.metadata.name).toBe('hello');
  });

  it('prints a collection as a JSON List', async () => {
    api.on('GET', '/api/v1/namespaces/demo/secrets', {
      json: { items: [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }] },
    });

    const run = await runKiln(api.url, ['get', 'secrets', '-o', 'json']);

    const printed = JSON.parse(run.stdout) as { kind: string; items: { kind: string }[] };
    expect(printed.kind).toBe('List');
    expect(printed.items.map((i) => i.kind)).toEqual(['Secret', 'Secret']);
  });

  it('prints qualified names with -o name', async () => {
    api.on('GET', bcPath('demo', 'hello'), { json: aBuildConfig() });
    api.on('GET', buildPath('demo', 'hello-3'), { json: aBuild() });

    const run = await runKiln(api.url, ['get', 'bc/hello', 'build/hello-3', '-o', 'name']);

    expect(run.stdout).toBe(
      'buildconfig.build.openshift.io/hello\nbuild.build.openshift.io/hello-3\n',
    );
  });

  it('lists namespaces without a namespace in the path', async () => {
    api.on('GET', '/api/v1/namespaces', {
      json: { items: [{ metadata: { name: 'demo', creationTimestamp: '2025-01-01T11:00:00Z' } }] },
    });

    const run = await runKiln(api.url, ['get', 'ns']);

    expect(run.stdout).toBe('NAME   STATUS   AGE\ndemo   Active   60m\n');
  });

  it('says so on stderr when nothing is found', async () => {
    api.on('GET', buildPath('demo'), { json: { items: [] } });

    const run = await runKiln(api.url, ['get', 'builds']);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('No resources found in demo namespace.\n');
  });

  it('prints what exists and fails for what does not', async () => {
    api.on('GET', bcPath('demo', 'hello'), { json: aBuildConfig() });
    api.on(
      'GET',
      bcPath('demo', 'nope'),
      statusReply(404, 'NotFound', 'buildconfigs.build.openshift.io "nope" not found'),
    );

    const run = await runKiln(api.url, ['get', 'bc', 'hello', 'nope']);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('hello');
    expect(run.stderr).toBe('error: buildconfigs.build.openshift.io "nope" not found\n');
  });

  it('with -w lists, then watches from the list resourceVersion and prints each change', async () => {
    api.on('GET', buildPath('demo'), (req, res: ServerResponse) => {
      if (req.query.get('watch') !== 'true') {
        return { json: { metadata: { resourceVersion: '100' }, items: [aBuild()] } };
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      const running = { ...aBuild(), metadata: { name: 'hello-4' }, status: { phase: 'Running' } };
      res.write(`${JSON.stringify({ type: 'ADDED', object: running })}\n`);
      res.end(`${JSON.stringify({ type: 'BOOKMARK', object: { metadata: {} } })}\n`);
      return undefined;
    });

    const run = await runKiln(api.url, ['get', 'builds', '-w', '-l', 'buildconfig=hello']);

    const watch = api.requests[1];
    expect(watch?.query.get('resourceVersion')).toBe('100');
    expect(watch?.query.get('labelSelector')).toBe('buildconfig=hello');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^hello-4 {3}Docker {3}Git@0123456 {3}Running$/);
  });

  it('with -w prints the header with the first change when nothing existed', async () => {
    api.on('GET', buildPath('demo'), (req, res: ServerResponse) => {
      if (req.query.get('watch') !== 'true') {
        return { json: { metadata: { resourceVersion: '1' }, items: [] } };
      }
      res.writeHead(200);
      res.end(`${JSON.stringify({ type: 'ADDED', object: aBuild() })}\n`);
      return undefined;
    });

    const run = await runKiln(api.url, ['get', 'builds', '-w']);

    expect(run.stdout.split('\n')[0]).toMatch(/^NAME {6}TYPE {5}FROM/);
    expect(run.stdout.split('\n')[1]).toMatch(/^hello-3 {3}Docker/);
  });

  it('with -w and a name shows only that object', async () => {
    api.on('GET', buildPath('demo'), (req, res: ServerResponse) => {
      if (req.query.get('watch') !== 'true') {
        return { json: { metadata: { resourceVersion: '5' }, items: [aBuild()] } };
      }
      res.writeHead(200);
      const other = { ...aBuild(), metadata: { name: 'other-1' } };
      res.end(`${JSON.stringify({ type: 'MODIFIED', object: other })}\n`);
      return undefined;
    });

    const run = await runKiln(api.url, ['get', 'build', 'hello-3', '-w', '-o', 'name']);

    expect(run.stdout).toBe('build.build.openshift.io/hello-3\n');
  });
});
