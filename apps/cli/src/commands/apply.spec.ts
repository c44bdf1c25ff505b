import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { aBuildConfig, bcPath } from '../testing/factories.js';
import { FakeApi, statusReply } from '../testing/fake-api.js';
import { runKiln } from '../testing/run-kiln.js';
import { writeTree } from '../testing/temp-dirs.js';
import { parseApplyArgs } from './apply.js';

const bcYaml = (name: string, namespace?: string) => `apiVersion: build.openshift.io/v1
kind: BuildConfig
metadata:
  name: ${name}${namespace ? `\n  namespace: ${namespace}` : ''}
spec:
  strategy:
    type: Docker
    dockerStrategy: {}
  source:
    dockerfile: FROM scratch
`;

describe('parseApplyArgs', () => {
  it('needs -f', () => {
    expect(() => parseApplyArgs({})).toThrow(UsageError);
  });

  it('collects files and template parameters', () => {
    expect(parseApplyArgs({ filename: ['a.yaml', '-'], param: ['NAME=web'] })).toEqual({
      files: ['a.yaml', '-'],
      params: { NAME: 'web' },
      recursive: false,
      dryRun: false,
    });
  });
});

describe('kiln apply', () => {
  let api: FakeApi;

  beforeEach(async () => {
    api = await FakeApi.start();
  });

  afterEach(() => api.stop());

  it('creates an object that does not exist yet with POST', async () => {
    api.on('POST', bcPath('demo'), (req) => ({ status: 201, json: req.json() }));

    const run = await runKiln(api.url, ['apply', '-f', '-'], { stdin: bcYaml('web') });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${bcPath('demo', 'web')}`,
      `POST ${bcPath('demo')}`,
    ]);
    const body = api.requests[1]?.json<{ metadata: { name: string; namespace: string } }>();
    expect(body?.metadata).toEqual({ name: 'web', namespace: 'demo' });
    expect(api.requests[1]?.headers['content-type']).toBe('application/json');
    expect(run.stdout).toBe('buildconfig.build.openshift.io/web created\n');
  });

  it('replaces an existing object with PUT carrying its resourceVersion', async () => {
    api.on('GET', bcPath('demo', 'hello'), { json: aBuildConfig() });
    api.on('PUT', bcPath('demo', 'hello'), (req) => ({ json: req.json() }));

    const run = await runKiln(api.url, ['apply', '-f', '-'], { stdin: bcYaml('hello') });

    expect(run.code).toBe(0);
    const put = api.received('PUT')[0]?.json<{ metadata: { resourceVersion: string } }>();
    expect(put?.metadata.resourceVersion).toBe('7');
    expect(run.stdout).toBe('buildconfig.build.openshift.io/hello configured\n');
  });

  it('processes a Template with -p and applies every object inside', async () => {
    const template = `apiVersion: template.openshift.io/v1
kind: Template
metadata: { name: t }
parameters:
  - name: NAME
    required: true
objects:
  - apiVersion: v1
    kind: ConfigMap
    metadata: { name: "\${NAME}-settings" }
    data: { greeting: hi }
  - apiVersion: v1
    kind: Secret
    metadata: { name: "\${NAME}-creds" }
    stringData: { token: x }
`;
    api.on('POST', /./, (req) => ({ status: 201, json: req.json() }));
    const dir = writeTree({ 'template.yaml': template });

    const run = await runKiln(api.url, [
      'apply',
      '-f',
      join(dir, 'template.yaml'),
      '-p',
      'NAME=web',
    ]);

    expect(run.code).toBe(0);
    expect(api.received('POST').map((r) => r.path)).toEqual([
      '/api/v1/namespaces/demo/configmaps',
      '/api/v1/namespaces/demo/secrets',
    ]);
    expect(run.stdout).toBe('configmap/web-settings created\nsecret/web-creds created\n');
  });

  it('reads every manifest of a directory, multi-document files and Lists included', async () => {
    const dir = writeTree({
      'a.yaml': `${bcYaml('one')}---\n${bcYaml('two')}`,
      'b.json': JSON.stringify({
        kind: 'List',
        apiVersion: 'v1',
        items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }],
      }),
      'notes.txt': 'ignored',
    });
    api.on('POST', /./, (req) => ({ status: 201, json: req.json() }));

    const run = await runKiln(api.url, ['apply', '-f', dir]);

    expect(run.stdout).toBe(
      'buildconfig.build.openshift.io/one created\nbuildconfig.build.openshift.io/two created\nconfigmap/c created\n',
    );
  });

  it('shows a validation failure as one line with the field path and exits 1', async () => {
    api.on(
      'POST',
      bcPath('demo'),
      statusReply(422, 'Invalid', 'BuildConfig "web" is invalid', [
        { field: 'spec.strategy.dockerStrategy.env[0].name', message: 'Required value' },
      ]),
    );

    const run = await runKiln(api.url, ['apply', '-f', '-'], { stdin: bcYaml('web') });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: stdin: buildconfig.build.openshift.io/web: spec.strategy.dockerStrategy.env[0].name: Required value\n',
    );
  });

  it('reports kinds Kiln does not serve and missing names, and applies the rest', async () => {
    api.on('POST', /./, (req) => ({ status: 201, json: req.json() }));
    const stdin = `kind: DeploymentConfig\napiVersion: apps.openshift.io/v1\nmetadata: { name: dc }\n---\nkind: ConfigMap\napiVersion: v1\nmetadata: {}\n---\n${bcYaml('ok')}`;

    const run = await runKiln(api.url, ['apply', '-f', '-'], { stdin });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DeploymentConfig/dc: no matches for kind "DeploymentConfig"');
    expect(run.stderr).toContain('ConfigMap/<no name>: metadata.name: Required value');
    expect(run.stdout).toBe('buildconfig.build.openshift.io/ok created\n');
  });

  it('refuses an object whose namespace differs from -n', async () => {
    const run = await runKiln(api.url, ['apply', '-f', '-', '-n', 'other'], {
      stdin: bcYaml('web', 'demo'),
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('does not match the namespace "other"');
    expect(api.received('POST')).toHaveLength(0);
  });

  it('uses the namespace an object names when -n is not given', async () => {
    api.on('POST', bcPath('team'), (req) => ({ status: 201, json: req.json() }));

    const run = await runKiln(api.url, ['apply', '-f', '-'], { stdin: bcYaml('web', 'team') });

    expect(run.code).toBe(0);
    expect(api.received('POST')[0]?.path).toBe(bcPath('team'));
  });

  it('with --dry-run -o yaml prints the processed objects and sends nothing', async () => {
    const run = await runKiln(api.url, ['apply', '-f', '-', '--dry-run', '-o', 'yaml'], {
      stdin: bcYaml('web'),
    });

    expect(run.code).toBe(0);
    expect(api.requests).toHaveLength(0);
    expect(run.stdout).toContain('kind: BuildConfig');
  });

  it('fails for a path that does not exist', async () => {
    const run = await runKiln(api.url, ['apply', '-f', '/no/such/file.yaml']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: the path "/no/such/file.yaml" does not exist');
  });
});
