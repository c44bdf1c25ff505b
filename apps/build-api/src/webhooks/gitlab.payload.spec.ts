import {
  aGitBuildConfig,
  jsonHeaders,
  webhookFixture,
} from '../../test/fixtures/webhooks/fixtures.js';
import { parseGitLab } from './gitlab.payload.js';

const hook = (event = 'Push Hook', body: Buffer = webhookFixture('gitlab-push.json')) => ({
  headers: jsonHeaders({ 'X-Gitlab-Event': event }),
  body,
});
const trigger = { secret: 'x' };

describe('parseGitLab', () => {
  it('builds the last commit of the push, its author as committer', () => {
    expect(parseGitLab(hook(), aGitBuildConfig('main'), trigger)).toEqual({
      action: 'build',
      revision: {
        type: 'Git',
        git: {
          commit: 'c7e9a1b3d5f7092b4d6f8a0c2e4b6d8f1a3c5e7b',
          author: { name: 'Jonas Lindqvist', email: 'jonas.lindqvist@example.org' },
          committer: { name: 'Jonas Lindqvist', email: 'jonas.lindqvist@example.org' },
          message: 'Serve static files with caching headers\n',
        },
      },
    });
  });

  it('skips a push to another branch', () => {
    expect(parseGitLab(hook(), aGitBuildConfig('develop'), trigger).action).toBe('skip');
  });

  it('skips a push that deletes the branch', () => {
    const deleted = {
      ...(JSON.parse(webhookFixture('gitlab-push.json').toString()) as object),
      after: '0'.repeat(40),
      commits: [],
    };
    const outcome = parseGitLab(
      hook('Push Hook', Buffer.from(JSON.stringify(deleted))),
      aGitBuildConfig('main'),
      trigger,
    );
    expect(outcome.action).toBe('skip');
  });

  it('builds checkout_sha when the push lists no commits', () => {
    const bare = {
      ...(JSON.parse(webhookFixture('gitlab-push.json').toString()) as object),
      commits: [],
    };
    const outcome = parseGitLab(
      hook('Push Hook', Buffer.from(JSON.stringify(bare))),
      aGitBuildConfig('main'),
      trigger,
    );
    expect(outcome).toEqual({
      action: 'build',
      revision: { type: 'Git', git: { commit: 'c7e9a1b3d5f7092b4d6f8a0c2e4b6d8f1a3c5e7b' } },
    });
  });

  it('rejects events other than Push Hook', () => {
    expect(parseGitLab(hook('Tag Push Hook'), aGitBuildConfig('main'), trigger)).toEqual({
      action: 'reject',
      message: 'Unknown X-Gitlab-Event Tag Push Hook',
    });
  });
});
