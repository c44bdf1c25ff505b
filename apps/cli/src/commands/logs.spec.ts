import type { ServerResponse } from 'node:http';
import { UsageError } from '../errors.js';
import { aBuildConfig, bcPath, buildPath } from '../testing/factories.js';
import { FakeApi, statusReply } from '../testing/fake-api.js';
import { runKiln } from '../testing/run-kiln.js';
import { parseLogsArgs } from './logs.js';

describe('parseLogsArgs', () => {
  it('reads build/NAME, bc/NAME and a bare build name', () => {
    expect(parseLogsArgs('build/x-1', { follow: true })).toEqual({
      kind: 'build',
      name: 'x-1',
      follow: true,
      tailLines: undefined,
    });
    expect(parseLogsArgs('bc/x', {})).toMatchObject({ kind: 'bc', name: 'x' });
    expect(parseLogsArgs('buildconfigs/x', { tail: '20' })).toMatchObject({
      kind: 'bc',
      tailLines: 20,
    });
    expect(parseLogsArgs('x-1', {})).toMatchObject({ kind: 'build', name: 'x-1' });
  });

  it.each(['secret/x', 'build/', 'pod/x'])('refuses %s', (target) => {
    expect(() => parseLogsArgs(target, {})).toThrow(UsageError);
  });

  it('refuses a bad --tail', () => {
    expect(() => parseLogsArgs('x', { tail: 'many' })).toThrow('--tail');
  });
});

describe('kiln logs', () => {
  let api: FakeApi;

  beforeEach(async () => {
    api = await FakeApi.start();
  });

  afterEach(() => api.stop());

  it('prints the log of a build', async () => {
    api.on('GET', `${buildPath('demo', 'hello-3')}/log`, { text: 'line 1\nline 2\n' });

    const run = await runKiln(api.url, ['logs', 'build/hello-3', '--tail', '2']);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe('line 1\nline 2\n');
    expect(api.requests[0]?.query.get('tailLines')).toBe('2');
    expect(api.requests[0]?.query.has('follow')).toBe(false);
  });

  it('follows the latest build of a BuildConfig as it is written', async () => {
    api.on('GET', bcPath('demo', 'hello'), { json: aBuildConfig() });
    api.on('GET', `${buildPath('demo', 'hello-3')}/log`, (_req, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first\n');
      setTimeout(() => res.write('sec'), 10);
      setTimeout(() => res.end('ond\n'), 20);
      return undefined;
    });

    const run = await runKiln(api.url, ['logs', '-f', 'bc/hello']);

    expect(run.code).toBe(0);
    expect(api.requests[1]?.query.get('follow')).toBe('true');
    expect(run.stdout).toBe('first\nsecond\n');
  });

  it('fails for a BuildConfig that has no builds', async () => {
    api.on('GET', bcPath('demo', 'hello'), { json: aBuildConfig({ status: { lastVersion: 0 } }) });

    const run = await runKiln(api.url, ['logs', 'bc/hello']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: no builds found for bc/hello\n');
  });

  it('does not retry without -f', async () => {
    api.on(
      'GET',
      `${buildPath('demo', 'x-1')}/log`,
      statusReply(400, 'BadRequest', 'build x-1 has not started'),
    );

    const run = await runKiln(api.url, ['logs', 'x-1']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: build x-1 has not started\n');
    expect(api.requests).toHaveLength(1);
  });
});
