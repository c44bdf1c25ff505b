import {
  aGitBuildConfig,
  jsonHeaders,
  webhookFixture,
} from '../../test/fixtures/webhooks/fixtures.js';
import { parseBitbucket } from './bitbucket.payload.js';

const hook = (event: string, body: Buffer | object) => ({
  headers: jsonHeaders({ 'X-Event-Key': event }),
  body: Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body)),
});
const cloud = () =>
  JSON.parse(webhookFixture('bitbucket-cloud-push.json').toString()) as {
    push: { changes: Record<string, unknown>[] };
  };
const trigger = { secret: 'x' };

describe('parseBitbucket', () => {
  describe('Bitbucket Cloud repo:push', () => {
    it('builds the first commit of the first change', () => {
      expect(parseBitbucket(hook('repo:push', cloud()), aGitBuildConfig('main'), trigger)).toEqual({
        action: 'build',
        revision: {
          type: 'Git',
          git: {
            commit: 'f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2',
            author: { name: 'Ana Ribeiro', email: 'ana.ribeiro@example.org' },
            message: 'Log requests as JSON\n',
          },
        },
      });
    });

    it('takes the branch from old (upstream quirk), new on a first push', () => {
      const payload = cloud();
      const change = payload.push.changes[0]!;
      change.old = { name: 'release', type: 'branch' };
      expect(
        parseBitbucket(hook('repo:push', payload), aGitBuildConfig('main'), trigger).action,
      ).toBe('skip');
      change.old = null;
      expect(
        parseBitbucket(hook('repo:push', payload), aGitBuildConfig('main'), trigger).action,
      ).toBe('build');
    });

    it('skips a deleted branch and rejects a push without changes', () => {
      const deleted = cloud();
      deleted.push.changes[0]!.new = null;
      expect(
        parseBitbucket(hook('repo:push', deleted), aGitBuildConfig('main'), trigger).action,
      ).toBe('skip');
      expect(
        parseBitbucket(
          hook('repo:push', { push: { changes: [] } }),
          aGitBuildConfig('main'),
          trigger,
        ),
      ).toEqual({ action: 'reject', message: 'no changes in the Bitbucket push event' });
    });
  });

  describe('Bitbucket Server repo:refs_changed', () => {
    const server = webhookFixture('bitbucket-server-refs-changed.json');

    it('builds toHash of the first change, by the actor', () => {
      expect(
        parseBitbucket(hook('repo:refs_changed', server), aGitBuildConfig('main'), trigger),
      ).toEqual({
        action: 'build',
        revision: {
          type: 'Git',
          git: {
            commit: 'b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1',
            author: { name: 'Péter Varga', email: 'peter.varga@example.org' },
          },
        },
      });
    });

    it('skips another branch', () => {
      expect(
        parseBitbucket(hook('repo:refs_changed', server), aGitBuildConfig('dev'), trigger).action,
      ).toBe('skip');
    });
  });

  it('answers a Server test connection without building', () => {
    expect(
      parseBitbucket(hook('diagnostics:ping', { test: true }), aGitBuildConfig('main'), trigger)
        .action,
    ).toBe('skip');
  });

  it('rejects other event keys', () => {
    expect(
      parseBitbucket(hook('pullrequest:created', {}), aGitBuildConfig('main'), trigger),
    ).toEqual({
      action: 'reject',
      message: 'Unknown X-Event-Key pullrequest:created',
    });
  });
});
