import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { FakeApi, statusReply } from '../testing/fake-api.js';
import { runKiln } from '../testing/run-kiln.js';
import { namespaceObject } from './project.js';

const namespaceIn = (file: string) =>
  (parse(readFileSync(file, 'utf8')) as { namespace: string }).namespace;

describe('namespaceObject', () => {
  it('carries display name and description as OpenShift annotations', () => {
    expect(namespaceObject('ci', { displayName: 'CI', description: 'builds' })).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'ci',
        annotations: { 'openshift.io/display-name': 'CI', 'openshift.io/description': 'builds' },
      },
    });
  });
});

describe('kiln new-project', () => {
  let api: FakeApi;

  beforeEach(async () => {
    api = await FakeApi.start();
  });

  afterEach(() => api.stop());

  it('creates the namespace and switches to it', async () => {
    api.on('POST', '/api/v1/namespaces', (req) => ({ status: 201, json: req.json() }));

    const run = await runKiln(api.url, ['new-project', 'team']);

    expect(run.code).toBe(0);
    expect(api.requests[0]?.json()).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team' },
    });
    expect(namespaceIn(run.configFile)).toBe('team');
    expect(run.stdout).toBe(`Now using project "team" on server "${api.url}".\n`);
  });

  it('with --skip-config-write stays in the current namespace', async () => {
    api.on('POST', '/api/v1/namespaces', { status: 201, json: {} });

    const run = await runKiln(api.url, ['new-project', 'team', '--skip-config-write']);

    expect(namespaceIn(run.configFile)).toBe('demo');
  });

  it('fails when the namespace exists', async () => {
    api.on(
      'POST',
      '/api/v1/namespaces',
      statusReply(409, 'AlreadyExists', 'namespaces "team" already exists'),
    );

    const run = await runKiln(api.url, ['new-project', 'team']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: namespaces "team" already exists\n');
  });
});

describe('kiln project', () => {
  let api: FakeApi;

  beforeEach(async () => {
    api = await FakeApi.start();
  });

  afterEach(() => api.stop());

  it('shows the current namespace', async () => {
    const run = await runKiln(api.url, ['project']);

    expect(run.stdout).toBe(`Using project "demo" on server "${api.url}".\n`);
    expect((await runKiln(api.url, ['project', '-q'])).stdout).toBe('demo\n');
  });

  it('switches to a namespace that exists', async () => {
    api.on('GET', '/api/v1/namespaces/other', { json: { metadata: { name: 'other' } } });

    const run = await runKiln(api.url, ['project', 'other']);

    expect(run.code).toBe(0);
    expect(namespaceIn(run.configFile)).toBe('other');
  });

  it('does not switch to one that does not', async () => {
    api.on(
      'GET',
      '/api/v1/namespaces/nope',
      statusReply(404, 'NotFound', 'namespaces "nope" not found'),
    );

    const run = await runKiln(api.url, ['project', 'nope']);

    expect(run.code).toBe(1);
    expect(namespaceIn(run.configFile)).toBe('demo');
  });
});
