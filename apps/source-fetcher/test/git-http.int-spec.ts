import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Subjects } from '@kiln/events';
import { findFreePort } from '@kiln/farm';
import { startConnectProxy } from './support/connect-proxy.js';
import { FetcherHarness, type Outcome } from './support/fetcher-harness.js';
import { publishedText, secretFiles } from './support/secret-leaks.js';
import { createGitRepo, makeTempDir, startGitHttpServer, type GitHttpServer } from '@kiln/testing';

const user = 'kiln-user';
const password = 'Pw-canary-4f9d1c';

/** A self-signed certificate for 127.0.0.1, written into dir. */
function selfSignedCert(dir: string): { key: string; cert: string } {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  return {
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
  };
}

describe('the source-fetcher, cloning over http with basic auth', () => {
  let fetcher: FetcherHarness;
  let server: GitHttpServer;
  const repos = makeTempDir('http-repos');
  const sentinels = makeTempDir('http-sentinels');
  const secretFilesNow: { name: string; mode: number }[] = [];

  beforeAll(async () => {
    fetcher = await FetcherHarness.start();
    server = await startGitHttpServer(repos.path, { username: user, password }, undefined, () => {
      try {
        secretFilesNow.push(...secretFiles(fetcher));
      } catch {
        // A fetch dir removed while it was being listed.
      }
    });
    const app = createGitRepo(repos.path, 'app');
    app.commit({ 'index.js': 'console.log(1)\n' }, 'private code');
  }, 60_000);

  afterAll(async () => {
    await Promise.all([fetcher.stop(), server.stop()]);
    repos.remove();
    sentinels.remove();
  });

  /** Not in what the fetcher wrote: its event (the Build it echoes is the user's own), log, bundle. */
  const expectNoSecret = async (result: Outcome, ...secrets: string[]) => {
    const published = await publishedText(fetcher, result);
    for (const secret of secrets) {
      expect(published).not.toContain(secret);
    }
  };

  it('clones with a basic-auth sourceSecret, leaving no credential in .git', async () => {
    fetcher.secret('basic', { username: user, password }, 'kubernetes.io/basic-auth');

    const result = await fetcher.fetch({
      source: { git: { uri: server.url('app') }, sourceSecret: { name: 'basic' } },
    });

    expect(result.subject).toBe(Subjects.SourceFetched);
    expect(secretFilesNow).toEqual(
      expect.arrayContaining([
        { name: 'password', mode: 0o600 },
        { name: 'username', mode: 0o600 },
        { name: 'askpass.sh', mode: 0o700 },
      ]),
    );
    expect(secretFiles(fetcher)).toEqual([]);
    expect(result.log).toContain(
      `Using basic authentication from the sourceSecret for ${server.url('').slice(0, -1)}`,
    );
    await expectNoSecret(result, password, Buffer.from(`${user}:${password}`).toString('base64'));
  });

  it('clones with a token alone', async () => {
    const tokenServer = await startGitHttpServer(repos.path, {
      username: 'git',
      password: 'tok-canary-99',
    });
    try {
      fetcher.secret('token', { token: 'tok-canary-99' });

      const result = await fetcher.fetch({
        source: { git: { uri: tokenServer.url('app') }, sourceSecret: { name: 'token' } },
      });

      expect(result.subject).toBe(Subjects.SourceFetched);
      await expectNoSecret(result, 'tok-canary-99');
    } finally {
      await tokenServer.stop();
    }
  });

  it('fails a wrong password as an authentication failure, without repeating it', async () => {
    fetcher.secret('wrong', { username: user, password: 'Wrong-canary-77e2' });

    const result = await fetcher.fetch({
      source: { git: { uri: server.url('app') }, sourceSecret: { name: 'wrong' } },
    });

    expect(result.data).toMatchObject({
      reason: 'FetchSourceFailed',
      message: `authentication to ${server.url('app')} failed: check the build's sourceSecret`,
    });
    expect(secretFiles(fetcher)).toEqual([]);
    await expectNoSecret(result, 'Wrong-canary-77e2');
  });

  it('fails without a sourceSecret as an authentication failure', async () => {
    const result = await fetcher.fetch({ source: { git: { uri: server.url('app') } } });

    expect(result.data.message).toMatch(/^authentication to .* failed/);
  });

  it('fails when the sourceSecret does not exist', async () => {
    const result = await fetcher.fetch({
      source: { git: { uri: server.url('app') }, sourceSecret: { name: 'absent' } },
    });

    expect(result.data).toMatchObject({
      reason: 'FetchSourceFailed',
      message: 'Secret "absent" does not exist in namespace team',
    });
  });

  it('masks credentials written in the URL itself, in .git/config and messages', async () => {
    const uri = server.url('app').replace('http://', `http://${user}:${password}@`);

    const result = await fetcher.fetch({ source: { git: { uri } } });

    expect(result.subject).toBe(Subjects.SourceFetched);
    const dir = await fetcher.extract(result.data.bundle!);
    expect(readFileSync(join(dir, '.git/config'), 'utf8')).toContain(
      `http://${user}:***@127.0.0.1`,
    );
    await expectNoSecret(result, password);
  });

  it('gives the credentials to the source origin only, not to a submodule on another host', async () => {
    const otherRepos = makeTempDir('http-other');
    const other = await startGitHttpServer(otherRepos.path, { username: user, password });
    try {
      const lib = createGitRepo(otherRepos.path, 'lib');
      const pinned = lib.commit({ 'lib.txt': 'lib\n' }, 'lib');
      const parent = createGitRepo(repos.path, 'foreign-submodule');
      parent.commit(
        { '.gitmodules': `[submodule "lib"]\n\tpath = lib\n\turl = ${other.url('lib')}\n` },
        'modules',
      );
      parent.git('update-index', '--add', '--cacheinfo', `160000,${pinned},lib`);
      parent.git('commit', '-q', '-m', 'pin lib');
      fetcher.secret('basic', { username: user, password });

      const result = await fetcher.fetch({
        source: { git: { uri: server.url('foreign-submodule') }, sourceSecret: { name: 'basic' } },
      });

      expect(result.data.reason).toBe('FetchSourceFailed');
      expect(result.data.message).toMatch(/^authentication to .* failed/);
      expect(other.seenAuthorizations).toEqual([]);
    } finally {
      await other.stop();
      otherRepos.remove();
    }
  });

  it('uses the .gitconfig of the secret, without the settings that run programs', async () => {
    const touched = join(sentinels.path, randomUUID());
    const filtered = createGitRepo(repos.path, 'with-filter');
    filtered.commit({ '.gitattributes': '* filter=evil\n', 'a.txt': 'a\n' }, 'attributes');
    const header = `Authorization: Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    fetcher.secret('gitconfig', {
      '.gitconfig': `[http]\n\textraHeader = ${header}\n[filter "evil"]\n\tsmudge = touch ${touched}\n\trequired = true\n[core]\n\tsshCommand = touch ${touched}\n`,
    });

    const result = await fetcher.fetch({
      source: { git: { uri: server.url('with-filter') }, sourceSecret: { name: 'gitconfig' } },
    });

    expect(result.subject).toBe(Subjects.SourceFetched);
    expect(existsSync(touched)).toBe(false);
    expect(result.log).toContain(
      'Ignoring .gitconfig settings the farm does not allow: filter.evil.smudge, filter.evil.required, core.sshcommand',
    );
    await expectNoSecret(result, password);
  });

  it('clones through the build proxy settings, and around them for noProxy hosts', async () => {
    fetcher.secret('basic', { username: user, password });
    const deadProxy = `http://127.0.0.1:${await findFreePort()}`;
    const git = { uri: server.url('app'), httpProxy: deadProxy };

    const proxied = await fetcher.fetch({ source: { git, sourceSecret: { name: 'basic' } } });
    const direct = await fetcher.fetch({
      source: { git: { ...git, noProxy: '127.0.0.1' }, sourceSecret: { name: 'basic' } },
    });

    expect(proxied.data).toMatchObject({ reason: 'FetchSourceFailed' });
    expect(proxied.data.message).toMatch(/unreachable/);
    expect(direct.subject).toBe(Subjects.SourceFetched);
  });

  it('trusts the CA given as ca.crt, and explains a certificate it cannot trust', async () => {
    const dir = makeTempDir('tls');
    const { key, cert } = selfSignedCert(dir.path);
    const tlsServer = await startGitHttpServer(repos.path, undefined, { key, cert });
    try {
      fetcher.secret('ca', { 'ca.crt': cert });

      const trusted = await fetcher.fetch({
        source: { git: { uri: tlsServer.url('app') }, sourceSecret: { name: 'ca' } },
      });
      const untrusted = await fetcher.fetch({ source: { git: { uri: tlsServer.url('app') } } });

      expect(trusted.subject).toBe(Subjects.SourceFetched);
      expect(untrusted.data.message).toBe(
        `the TLS certificate of ${tlsServer.url('app')} is not trusted: add the CA to the sourceSecret as ca.crt`,
      );
    } finally {
      await tlsServer.stop();
      dir.remove();
    }
  });

  it('tunnels https through the httpsProxy (not the httpProxy), and around it for noProxy', async () => {
    const dir = makeTempDir('tls-proxy');
    const { key, cert } = selfSignedCert(dir.path);
    const tlsServer = await startGitHttpServer(repos.path, undefined, { key, cert });
    const proxyPassword = 'Proxy-canary-3b7e';
    const proxy = await startConnectProxy({ username: 'proxy-user', password: proxyPassword });
    try {
      fetcher.secret('ca', { 'ca.crt': cert });
      const git = {
        uri: tlsServer.url('app'),
        httpProxy: `http://127.0.0.1:${await findFreePort()}`,
        httpsProxy: proxy.url.replace('//', `//proxy-user:${proxyPassword}@`),
      };

      const proxied = await fetcher.fetch({ source: { git, sourceSecret: { name: 'ca' } } });
      const tunnelsBefore = proxy.tunnels.length;
      const direct = await fetcher.fetch({
        source: { git: { ...git, noProxy: '127.0.0.1' }, sourceSecret: { name: 'ca' } },
      });

      expect(proxied.subject).toBe(Subjects.SourceFetched);
      expect(proxy.tunnels.length).toBeGreaterThan(0);
      expect(new Set(proxy.tunnels)).toEqual(new Set([`127.0.0.1:${tlsServer.port}`]));
      await expectNoSecret(proxied, proxyPassword);
      expect(direct.subject).toBe(Subjects.SourceFetched);
      expect(proxy.tunnels.length).toBe(tunnelsBefore);
    } finally {
      await Promise.all([tlsServer.stop(), proxy.stop()]);
      dir.remove();
    }
  });
});
