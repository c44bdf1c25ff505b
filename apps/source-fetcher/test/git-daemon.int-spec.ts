import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { GitDaemon } from '@kiln/farm';
import { EVENTS_STREAM, Subjects } from '@kiln/events';
import { jetstreamManager } from '@nats-io/jetstream';
import { findFreePort } from '@kiln/farm';
import { createGitRepo, makeTempDir, startTestGitDaemon, type GitRepo } from '@kiln/testing';
import { expectStepTimings, FetcherHarness, type Outcome } from './support/fetcher-harness.js';

/** git in an extracted bundle, to see what the fetcher's clone left in `.git`. */
const gitIn = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();

/** A depth-1 clone: `.git/shallow` names the checked-out commit, the only one in the repository. */
function expectShallowAt(dir: string, commit: string | undefined): void {
  expect(readFileSync(join(dir, '.git/shallow'), 'utf8')).toBe(`${commit}\n`);
  expect(gitIn(dir, 'rev-list', '--count', '--all')).toBe('1');
}

/** The fetcher's own lines in the build log, in order (git's progress, "Cloning into", left out). */
const fetchLines = (result: Outcome) =>
  result.log.filter((line) => /^(Cloning "|Commit: |Author: |Source bundle )/.test(line));

describe('the source-fetcher, cloning over git://', () => {
  let fetcher: FetcherHarness;
  let daemon: GitDaemon;
  let app: GitRepo;
  let first: string;
  let head: string;
  const sentinels = makeTempDir('sentinels');

  beforeAll(async () => {
    [fetcher, daemon] = await Promise.all([
      FetcherHarness.start({
        KILN_MAX_SOURCE_BYTES: String(5 * 1024 * 1024),
        KILN_MAX_SOURCE_FILES: '20000',
      }),
      startTestGitDaemon(),
    ]);
    app = createGitRepo(daemon.baseDir, 'app');
    first = app.commit(
      { 'README.md': 'first\n', 'web/index.html': '<h1>v1</h1>\n', Dockerfile: 'FROM repo\n' },
      'first commit',
    );
    app.git('tag', 'v1.0');
    head = app.commit({ 'web/index.html': '<h1>v2</h1>\n' }, 'second commit');
    app.git('checkout', '-q', '-b', 'feature');
    const feature = app.commit({ 'FEATURE.md': 'yes\n' }, 'feature work');
    app.git('checkout', '-q', 'main');
    app.git('update-ref', 'refs/pull/7/head', feature);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([fetcher.stop(), daemon.stop()]);
    sentinels.remove();
  });

  const gitSpec = (git: Record<string, string>, extra: Record<string, unknown> = {}) => ({
    source: { git: { uri: daemon.url('app'), ...git }, ...extra },
  });

  it('clones the default branch and records the commit, keeping .git', async () => {
    const since = Date.now();
    const result = await fetcher.fetch(gitSpec({}));

    expect(result.subject).toBe(Subjects.SourceFetched);
    expect(result.data.revision).toMatchObject({
      commit: head,
      message: 'second commit',
      authorName: 'Kiln Test',
      authorEmail: 'test@kiln.invalid',
      committerName: 'Kiln Test',
    });
    expect(result.data.revision?.date).toMatch(/^\d{4}-\d\d-\d\dT/);
    const dir = await fetcher.extract(result.data.bundle!);
    expect(readFileSync(join(dir, 'web/index.html'), 'utf8')).toBe('<h1>v2</h1>\n');
    expect(readdirSync(join(dir, '.git'))).toEqual(
      expect.arrayContaining(['HEAD', 'objects', 'config']),
    );
    expect(readdirSync(join(dir, '.git'))).not.toContain('logs');
    expectShallowAt(dir, head);
    expectStepTimings(result, ['FetchGitSource', 'StoreSourceBundle'], since);
  });

  it('logs what it cloned, the commit, its author and the stored bundle', async () => {
    const result = await fetcher.fetch(gitSpec({}));

    const layer = await fetcher.bundleLayer(result.data.bundle!);
    expect(fetchLines(result)).toEqual([
      `Cloning "${daemon.url('app')}" ...`,
      `Commit: ${head} (second commit)`,
      'Author: Kiln Test <test@kiln.invalid>',
      expect.stringMatching(
        new RegExp(
          `^Source bundle ${result.data.bundle!.digest}: ${layer.size} bytes of tar\\.gz, \\d+ bytes sent$`,
        ),
      ),
    ]);
  });

  it('shows clone progress in the build log', async () => {
    const result = await fetcher.fetch(gitSpec({}));
    expect(result.log).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Receiving objects: 100%/)]),
    );
  });

  it.each([
    ['a branch', 'feature', 'FEATURE.md'],
    ['a tag', 'v1.0', 'README.md'],
    ['a ref that is neither (refs/pull/7/head)', 'refs/pull/7/head', 'FEATURE.md'],
  ])('checks out %s, cloning only that commit', async (_what, ref, file) => {
    const result = await fetcher.fetch(gitSpec({ ref }));

    expect(result.subject).toBe(Subjects.SourceFetched);
    expect(result.data.revision?.ref).toBe(ref);
    expect(fetchLines(result)[0]).toBe(`Cloning "${daemon.url('app')}" at ${ref} ...`);
    const dir = await fetcher.extract(result.data.bundle!);
    expect(existsSync(join(dir, file))).toBe(true);
    expectShallowAt(dir, result.data.revision?.commit);
  });

  it('checks out a commit that is no branch tip, from a full clone', async () => {
    const result = await fetcher.fetch(gitSpec({ ref: first }));

    expect(result.data.revision?.commit).toBe(first);
    expect(fetchLines(result).slice(0, 2)).toEqual([
      `Cloning "${daemon.url('app')}" and checking out commit ${first} ...`,
      `Commit: ${first} (first commit)`,
    ]);
    const dir = await fetcher.extract(result.data.bundle!);
    expect(readFileSync(join(dir, 'web/index.html'), 'utf8')).toBe('<h1>v1</h1>\n');
    expect(existsSync(join(dir, '.git/shallow'))).toBe(false);
    // first, second commit (main) and feature work: every commit of every branch.
    expect(gitIn(dir, 'rev-list', '--count', '--all')).toBe('3');
  });

  it('writes the inline Dockerfile into the contextDir, replacing the repository one', async () => {
    const result = await fetcher.fetch(
      gitSpec({}, { contextDir: 'web', dockerfile: 'FROM inline\n' }),
    );

    const dir = await fetcher.extract(result.data.bundle!);
    expect(readFileSync(join(dir, 'web/Dockerfile'), 'utf8')).toBe('FROM inline\n');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe('FROM repo\n');
  });

  it('ends with InvalidContextDirectory when the contextDir does not exist', async () => {
    const result = await fetcher.fetch(gitSpec({}, { contextDir: 'nope' }));

    expect(result.subject).toBe(Subjects.SourceFetchFailed);
    expect(result.data).toMatchObject({
      reason: 'InvalidContextDirectory',
      message: 'the contextDir "nope" does not exist in the source',
    });
  });

  it('clones submodules recursively', async () => {
    const lib = createGitRepo(daemon.baseDir, 'lib');
    lib.commit({ 'lib.txt': 'library\n' }, 'lib');
    const parent = createGitRepo(daemon.baseDir, 'with-submodule');
    parent.commit({ 'app.txt': 'app\n' }, 'app');
    parent.git('submodule', '--quiet', 'add', daemon.url('lib'), 'vendor/lib');
    parent.git('commit', '-q', '-m', 'add lib');

    const result = await fetcher.fetch({ source: { git: { uri: daemon.url('with-submodule') } } });

    expect(result.data.message).toBeUndefined();
    const dir = await fetcher.extract(result.data.bundle!);
    expect(readFileSync(join(dir, 'vendor/lib/lib.txt'), 'utf8')).toBe('library\n');
  });

  it('gives the same bundle digest for the same commit fetched twice', async () => {
    const one = await fetcher.fetch(gitSpec({ ref: 'feature' }));
    const two = await fetcher.fetch(gitSpec({ ref: 'feature' }));

    expect(two.data.bundle?.digest).toBe(one.data.bundle?.digest);
  });

  it('publishes one SourceFetched when the same request is delivered twice', async () => {
    const jsm = await jetstreamManager(fetcher.bus.connection);
    const stored = async () =>
      (await jsm.streams.info(EVENTS_STREAM.name, { subjects_filter: Subjects.SourceFetched }))
        .state.subjects?.[Subjects.SourceFetched] ?? 0;
    const before = await stored();

    const result = await fetcher.fetch(gitSpec({ ref: first }), {
      namespace: 'redelivery',
      publishes: 2,
    });
    await new Promise((r) => setTimeout(r, 3000));

    expect(result.subject).toBe(Subjects.SourceFetched);
    expect((await stored()) - before).toBe(1);
    const tags = await fetcher.client.listTags('kiln-sources/redelivery');
    expect(new Set(tags.map((t) => t.split('-')[2])).size).toBe(1);
  });

  it.each([
    [
      'an unknown ref',
      () => gitSpec({ ref: 'no-such-branch' }),
      /the ref was not found in git:\/\//,
    ],
    [
      'a missing repository',
      () => ({ source: { git: { uri: daemon.url('missing') } } }),
      /no repository at/,
    ],
  ])('fails %s with a message a user can act on', async (_what, spec, message) => {
    const result = await fetcher.fetch(spec());

    expect(result.data).toMatchObject({
      reason: 'FetchSourceFailed',
      message: expect.stringMatching(message) as string,
    });
  });

  it('fails an unreachable host as such', async () => {
    const port = await findFreePort();
    const result = await fetcher.fetch({ source: { git: { uri: `git://127.0.0.1:${port}/app` } } });

    expect(result.data).toMatchObject({
      reason: 'FetchSourceFailed',
      message: `the git host of git://127.0.0.1:${port}/app is unreachable`,
    });
  });

  it('stops a repository over KILN_MAX_SOURCE_BYTES with a clear error', async () => {
    const big = createGitRepo(daemon.baseDir, 'big');
    big.commit({ 'blob.bin': randomBytes(6 * 1024 * 1024).toString('base64') }, 'big');

    const result = await fetcher.fetch({ source: { git: { uri: daemon.url('big') } } });

    expect(result.data).toMatchObject({ reason: 'FetchSourceFailed' });
    expect(result.data.message).toMatch(
      /larger than the limit of 5242880 bytes \(KILN_MAX_SOURCE_BYTES\)/,
    );
  });

  describe('on a farm that allows local repositories (KILN_ALLOW_LOCAL_GIT=true)', () => {
    let local: FetcherHarness;

    beforeAll(async () => {
      local = await FetcherHarness.start({ KILN_ALLOW_LOCAL_GIT: 'true' });
    }, 60_000);

    afterAll(() => local.stop());

    // The default fetcher refuses these same two URLs: see 'refuses malicious URLs' below.
    it.each([
      ['a file:// URL', () => `file://${app.path}`],
      ['a plain absolute path', () => app.path],
    ])('clones %s', async (_what, uri) => {
      const result = await local.fetch({ source: { git: { uri: uri() } } });

      expect(result.subject).toBe(Subjects.SourceFetched);
      expect(result.data.revision?.commit).toBe(head);
      expect(fetchLines(result)[0]).toBe(`Cloning "${uri()}" ...`);
      const dir = await local.extract(result.data.bundle!);
      expect(readFileSync(join(dir, 'web/index.html'), 'utf8')).toBe('<h1>v2</h1>\n');
    });
  });

  describe('refuses malicious URLs and refs', () => {
    const sentinel = () => join(sentinels.path, randomUUID());

    it.each([
      ['ext:: (runs a command)', (s: string) => `ext::sh -c touch% ${s}`],
      ['fd::', () => 'fd::3'],
      ["file:// (the machine's own files)", () => `file://${app.path}`],
      ['a local path', () => app.path],
      ['a leading "-"', (s: string) => `-oProxyCommand=touch ${s}`],
      ['option injection --upload-pack', (s: string) => `--upload-pack=touch ${s}`],
      ['an ssh host that is an option', (s: string) => `ssh://-oProxyCommand=touch%20${s}/repo`],
      ['an scp-like host that is an option', (s: string) => `git@-oProxyCommand=touch ${s}:repo`],
      ['a newline', () => `${daemon.url('app')}\n--upload-pack=x`],
    ])('%s', async (_what, uri) => {
      const touched = sentinel();
      const result = await fetcher.fetch({ source: { git: { uri: uri(touched) } } });

      expect(result.data.reason).toBe('FetchSourceFailed');
      expect(result.data.message).toMatch(/^spec\.source\.git: /);
      expect(existsSync(touched)).toBe(false);
    });

    it('a ref that is an option', async () => {
      const touched = sentinel();
      const result = await fetcher.fetch(gitSpec({ ref: `--upload-pack=touch ${touched}` }));

      expect(result.data.message).toMatch(/a git ref may not start with "-"/);
      expect(existsSync(touched)).toBe(false);
    });

    it('a submodule pointing at a local path of the fetcher', async () => {
      const secret = createGitRepo(sentinels.path, 'local-secret');
      secret.commit({ 'secret.txt': 'machine secret\n' }, 'secret');
      const evil = createGitRepo(daemon.baseDir, 'evil-submodule');
      evil.commit({ 'a.txt': 'a\n' }, 'a');
      evil.git(
        '-c',
        'protocol.file.allow=always',
        'submodule',
        '--quiet',
        'add',
        secret.path,
        'steal',
      );
      evil.git('commit', '-q', '-m', 'steal');

      const result = await fetcher.fetch({
        source: { git: { uri: daemon.url('evil-submodule') } },
      });

      expect(result.data.reason).toBe('FetchSourceFailed');
      expect(result.data.message).toMatch(/transport 'file' not allowed|no repository|git failed/);
    });
  });
});
