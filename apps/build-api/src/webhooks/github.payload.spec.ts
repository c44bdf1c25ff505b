import {
  aGitBuildConfig,
  jsonHeaders,
  webhookFixture,
} from '../../test/fixtures/webhooks/fixtures.js';
import { parseGitHub } from './github.payload.js';

const push = (
  event: string,
  fixture = 'github-push.json',
  headers = jsonHeaders({ 'X-GitHub-Event': event }),
) => ({
  headers,
  body: webhookFixture(fixture),
});
const trigger = { secret: 'x' };

describe('parseGitHub', () => {
  it('builds the head commit of a push to the built branch', () => {
    expect(parseGitHub(push('push'), aGitBuildConfig('main'), trigger)).toEqual({
      action: 'build',
      revision: {
        type: 'Git',
        git: {
          commit: '9b2e4d6f8a0c1e3b5d7f9a1c3e5b7d9f0a2c4e6b',
          author: { name: 'Mira Okafor', email: 'mira.okafor@example.org' },
          committer: { name: 'GitHub', email: 'noreply@github.com' },
          message: 'Add a health endpoint\n\nThe platform probes /healthz.',
        },
      },
    });
  });

  it('accepts the Gogs event header', () => {
    const call = push('', 'github-push.json', jsonHeaders({ 'X-Gogs-Event': 'push' }));
    expect(parseGitHub(call, aGitBuildConfig('main'), trigger).action).toBe('build');
  });

  it('skips a push to another branch', () => {
    const outcome = parseGitHub(push('push'), aGitBuildConfig('release'), trigger);
    expect(outcome.action === 'skip' && outcome.message).toBe(
      'skipping build for BuildConfig a/app: branch reference from "refs/heads/main" does not match configuration ("release")',
    );
  });

  it('compares with master when the BuildConfig names no ref', () => {
    expect(parseGitHub(push('push'), aGitBuildConfig(), trigger).action).toBe('skip');
  });

  it('answers a ping without building', () => {
    expect(parseGitHub(push('ping', 'github-ping.json'), aGitBuildConfig('main'), trigger)).toEqual(
      { action: 'skip', message: 'ping received; no build started' },
    );
  });

  it('skips a push that deletes the branch', () => {
    const outcome = parseGitHub(
      push('push', 'github-push-delete.json'),
      aGitBuildConfig('main'),
      trigger,
    );
    expect(outcome.action).toBe('skip');
  });

  it('rejects other events, a missing event header and non-JSON bodies', () => {
    const config = aGitBuildConfig('main');
    expect(parseGitHub(push('issues'), config, trigger)).toEqual({
      action: 'reject',
      message: 'Unknown X-GitHub-Event or X-Gogs-Event issues',
    });
    expect(parseGitHub(push('', 'github-push.json', jsonHeaders({})), config, trigger).action).toBe(
      'reject',
    );
    const form = {
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-github-event': 'push' },
      body: Buffer.from('payload=%7B%7D'),
    };
    expect(parseGitHub(form, config, trigger)).toEqual({
      action: 'reject',
      message: 'unsupported Content-Type application/x-www-form-urlencoded',
    });
  });

  it('rejects a body that is not a push event', () => {
    const call = {
      headers: jsonHeaders({ 'X-GitHub-Event': 'push' }),
      body: Buffer.from('{"zen":1}'),
    };
    expect(parseGitHub(call, aGitBuildConfig('main'), trigger).action).toBe('reject');
  });
});
