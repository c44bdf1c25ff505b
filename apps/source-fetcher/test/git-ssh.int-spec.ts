import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Subjects } from '@kiln/events';
import {
  createGitRepo,
  generateSshKey,
  makeTempDir,
  startTestSshd,
  type SshServer,
} from '@kiln/testing';
import { FetcherHarness, type Outcome } from './support/fetcher-harness.js';
import { publishedText, secretFiles } from './support/secret-leaks.js';

/**
 * Cloning over ssh:// from a real sshd on a free port. scp-like URLs (`root@127.0.0.1:/path`)
 * cannot carry a port, so they would need sshd on port 22: they are covered by git-url.spec.ts
 * and git-auth.spec.ts only, and reach git through the same GIT_SSH_COMMAND as ssh:// does.
 */
describe('the source-fetcher, cloning over ssh', () => {
  let fetcher: FetcherHarness;
  let sshd: SshServer;
  let uri: string;
  let head: string;
  const repos = makeTempDir('ssh-repos');
  const keys = makeTempDir('ssh-keys');

  beforeAll(async () => {
    [fetcher, sshd] = await Promise.all([FetcherHarness.start(), startTestSshd()]);
    const work = createGitRepo(repos.path, 'work');
    head = work.commit({ 'index.js': 'console.log(1)\n' }, 'private code');
    execFileSync('git', ['clone', '-q', '--bare', work.path, join(repos.path, 'app.git')]);
    uri = sshd.url(join(repos.path, 'app.git'));
  }, 60_000);

  afterAll(async () => {
    await Promise.all([fetcher.stop(), sshd.stop()]);
    repos.remove();
    keys.remove();
  });

  const fetchWith = (secret: Record<string, string>): Promise<Outcome> => {
    fetcher.secret('ssh', secret, 'kubernetes.io/ssh-auth');
    return fetcher.fetch({ source: { git: { uri }, sourceSecret: { name: 'ssh' } } });
  };

  /** Neither the key nor any line of its body in the event, the log or the bundle. */
  const expectNoKeyMaterial = async (result: Outcome, privateKey: string) => {
    const published = await publishedText(fetcher, result);
    const body = privateKey.split('\n').filter((line) => line && !line.startsWith('-----'));
    expect(body.length).toBeGreaterThan(0);
    for (const line of body) {
      expect(published).not.toContain(line);
    }
  };

  it('clones with the ssh key and known_hosts of the sourceSecret, leaving no key file', async () => {
    const result = await fetchWith({
      'ssh-privatekey': sshd.clientPrivateKey,
      known_hosts: sshd.knownHostsLine,
    });

    expect(result.subject).toBe(Subjects.SourceFetched);
    expect(result.data.revision).toMatchObject({ commit: head, message: 'private code' });
    expect(result.log).toContain('Using the ssh key from the sourceSecret');
    expect(secretFiles(fetcher)).toEqual([]);
    await expectNoKeyMaterial(result, sshd.clientPrivateKey);
  });

  it('refuses a host whose key is not the one known_hosts names', async () => {
    const impostor = generateSshKey(keys.path, 'impostor-host');

    const result = await fetchWith({
      'ssh-privatekey': sshd.clientPrivateKey,
      known_hosts: `[127.0.0.1]:${sshd.port} ${impostor.publicKey}`,
    });

    expect(result.data).toMatchObject({
      reason: 'FetchSourceFailed',
      message: `the ssh host key of ${uri} is not in the sourceSecret's known_hosts`,
    });
    // ssh's own words (it ends its lines with "\r\n") reach the build log, fingerprint and all.
    expect(result.log).toEqual(
      expect.arrayContaining(['Host key verification failed.', expect.stringMatching(/^SHA256:/)]),
    );
    expect(secretFiles(fetcher)).toEqual([]);
    await expectNoKeyMaterial(result, sshd.clientPrivateKey);
  });

  it('fails a key the server does not authorize as an authentication failure', async () => {
    const stranger = generateSshKey(keys.path, 'stranger');

    const result = await fetchWith({
      'ssh-privatekey': stranger.privateKey,
      known_hosts: sshd.knownHostsLine,
    });

    expect(result.data).toMatchObject({
      reason: 'FetchSourceFailed',
      message: `authentication to ${uri} failed: check the build's sourceSecret`,
    });
    expect(result.log).toEqual(
      expect.arrayContaining([expect.stringMatching(/Permission denied \(publickey\)/)]),
    );
    expect(secretFiles(fetcher)).toEqual([]);
    await expectNoKeyMaterial(result, stranger.privateKey);
  });

  it('without known_hosts accepts the host key unchecked, as OpenShift does, and says nothing of it', async () => {
    const result = await fetchWith({ 'ssh-privatekey': sshd.clientPrivateKey });

    expect(result.subject).toBe(Subjects.SourceFetched);
    expect(result.data.revision).toMatchObject({ commit: head });
    // ssh's "Permanently added ... to the list of known hosts" is silenced: nothing is kept.
    expect(result.log.join('\n')).not.toMatch(/known hosts|host key/i);
    expect(secretFiles(fetcher)).toEqual([]);
    await expectNoKeyMaterial(result, sshd.clientPrivateKey);
  });
});
