import { readFileSync, statSync } from 'node:fs';
import { parse } from 'yaml';
import { FakeApi, statusReply } from '../testing/fake-api.js';
import { runKiln, writeConfig } from '../testing/run-kiln.js';
import { normalizeServer } from './login.js';

describe('normalizeServer', () => {
  it.each([
    ['127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['localhost:8080/', 'http://localhost:8080'],
    ['kiln.example.com', 'https://kiln.example.com'],
    ['http://kiln.example.com:8080//', 'http://kiln.example.com:8080'],
  ])('turns %s into %s', (input, expected) => {
    expect(normalizeServer(input)).toBe(expected);
  });
});

describe('kiln login', () => {
  let api: FakeApi;

  beforeEach(async () => {
    api = await FakeApi.start();
  });

  afterEach(() => api.stop());

  it('checks the token and writes server and token to the config file, keeping the rest', async () => {
    api.on('GET', '/apis/user.openshift.io/v1/users/~', {
      json: { kind: 'User', metadata: { name: 'ada' } },
    });
    const configFile = writeConfig({
      server: 'http://old:1',
      token: 'old',
      namespace: 'team',
      extra: 1,
    });

    const run = await runKiln(api.url, ['login', api.url, '--token', 'new-token'], { configFile });

    expect(run.code).toBe(0);
    expect(api.requests[0]?.headers.authorization).toBe('Bearer new-token');
    expect(parse(readFileSync(configFile, 'utf8'))).toEqual({
      server: api.url,
      token: 'new-token',
      namespace: 'team',
      extra: 1,
    });
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    expect(run.stdout).toBe(
      `Logged into "${api.url}" as "ada" using the token provided.\n\nUsing project "team".\n`,
    );
  });

  it('writes nothing when the server refuses the token', async () => {
    api.on(
      'GET',
      '/apis/user.openshift.io/v1/users/~',
      statusReply(401, 'Unauthorized', 'Unauthorized'),
    );
    const configFile = writeConfig({ server: 'http://old:1', token: 'old' });

    const run = await runKiln(api.url, ['login', api.url, '--token', 'bad'], { configFile });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: Unauthorized\n');
    expect(parse(readFileSync(configFile, 'utf8'))).toEqual({
      server: 'http://old:1',
      token: 'old',
    });
  });

  it('needs --token', async () => {
    const run = await runKiln(api.url, ['login', api.url]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--token is required');
  });
});

describe('kiln whoami', () => {
  let api: FakeApi;

  beforeEach(async () => {
    api = await FakeApi.start();
  });

  afterEach(() => api.stop());

  it('prints the user, the token with -t, and the server with --show-server', async () => {
    api.on('GET', '/apis/user.openshift.io/v1/users/~', { json: { metadata: { name: 'admin' } } });

    expect((await runKiln(api.url, ['whoami'])).stdout).toBe('admin\n');
    expect((await runKiln(api.url, ['whoami', '-t'])).stdout).toBe('test-token\n');
    expect((await runKiln(api.url, ['whoami', '--show-server'])).stdout).toBe(`${api.url}\n`);
  });

  it('takes --token from the command line over the config file', async () => {
    const run = await runKiln(api.url, ['whoami', '-t', '--token', 'flag-token']);

    expect(run.stdout).toBe('flag-token\n');
  });
});
