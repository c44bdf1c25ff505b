import { aGitBuildConfig, webhookFixture } from '../../test/fixtures/webhooks/fixtures.js';
import { parseGeneric } from './generic.payload.js';

const call = (body: Buffer | string, contentType?: string) => ({
  headers: contentType ? { 'content-type': contentType } : {},
  body: Buffer.isBuffer(body) ? body : Buffer.from(body),
});
const config = aGitBuildConfig('main');

describe('parseGeneric', () => {
  it('takes the revision and build args, and env only when allowed', () => {
    const body = webhookFixture('generic-git.json');
    const allowed = parseGeneric(call(body, 'application/json'), config, { allowEnv: true });
    expect(allowed).toEqual({
      action: 'build',
      env: [{ name: 'RELEASE', value: '1.4.2' }],
      dockerStrategyOptions: { buildArgs: [{ name: 'NODE_VERSION', value: '22' }], noCache: true },
      revision: {
        type: 'Git',
        git: {
          commit: 'd9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7',
          author: { name: 'Release Bot', email: 'release-bot@example.org' },
          committer: { name: 'Release Bot', email: 'release-bot@example.org' },
          message: 'Release 1.4.2',
        },
      },
    });
    const denied = parseGeneric(call(body, 'application/json'), config, { secret: 'x' });
    expect(denied).not.toHaveProperty('env');
  });

  it('never takes env entries that read other objects', () => {
    const body = JSON.stringify({
      env: [
        { name: 'A', value: '1' },
        { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'registry', key: 'token' } } },
      ],
    });
    const outcome = parseGeneric(call(body, 'application/json'), aGitBuildConfig('main'), {
      allowEnv: true,
    });
    expect(outcome).toMatchObject({ env: [{ name: 'A', value: '1' }] });
  });

  it('uses the first matching entry of refs[] in YAML', () => {
    const outcome = parseGeneric(
      call(webhookFixture('generic-refs.yaml'), 'application/yaml'),
      config,
      {},
    );
    expect(outcome).toMatchObject({
      action: 'build',
      revision: { git: { commit: '1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e' } },
    });
  });

  it('skips when no entry of refs[] matches', () => {
    const outcome = parseGeneric(
      call(webhookFixture('generic-refs.yaml'), 'application/yaml'),
      aGitBuildConfig('prod'),
      {},
    );
    expect(outcome).toEqual({
      action: 'skip',
      message: 'skipping build. None of the supplied refs matched "prod"',
    });
  });

  it('skips when the single ref does not match', () => {
    const outcome = parseGeneric(
      call(webhookFixture('generic-git.json'), 'application/json'),
      aGitBuildConfig('prod'),
      {},
    );
    expect(outcome.action).toBe('skip');
  });

  it('builds with defaults on an empty JSON body', () => {
    expect(parseGeneric(call('', 'application/json'), config, {})).toEqual({ action: 'build' });
  });

  it('builds with a warning when the body does not parse or has another type', () => {
    expect(parseGeneric(call('{not json', 'application/json'), config, {})).toEqual({
      action: 'build',
      warning: 'the payload could not be parsed, ignoring payload and continuing with build',
    });
    expect(parseGeneric(call('hello', 'text/plain'), config, {})).toEqual({
      action: 'build',
      warning: 'invalid Content-Type on payload, ignoring payload and continuing with build',
    });
    expect(parseGeneric(call('hello'), config, {}).action).toBe('build');
  });

  it('builds with a warning when a git BuildConfig gets no git block', () => {
    expect(parseGeneric(call('{"type":"Git"}', 'application/json'), config, {})).toEqual({
      action: 'build',
      warning: 'no git information found in payload, ignoring and continuing with build',
    });
  });

  it('ignores the git block when the BuildConfig has no git source', () => {
    const noGit = { metadata: { name: 'app' }, spec: { strategy: { type: 'Docker' } } };
    const body = webhookFixture('generic-git.json');
    expect(parseGeneric(call(body, 'application/json'), noGit, {})).toEqual({
      action: 'build',
      dockerStrategyOptions: { buildArgs: [{ name: 'NODE_VERSION', value: '22' }], noCache: true },
    });
  });
});
