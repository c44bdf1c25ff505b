import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { GitDaemon } from '@kiln/farm';
import {
  createGitRepo,
  makeTempDir,
  startGitHttpServer,
  startTestGitDaemon,
  type GitHttpServer,
} from '@kiln/testing';
import { GitFailed, GitRunner } from './git.runner.js';

/**
 * The runner against git's own ways of running code a clone never asked for. Each hostile source
 * below writes a sentinel named after itself when git obeys it, and each is stopped by one setting
 * of the runner, so removing any of those settings leaves a sentinel (or, for the terminal
 * prompt, a different failure) behind.
 */
describe('GitRunner, where the machine and the build configure git against it', () => {
  const scratch = makeTempDir('git-runner');
  const sentinels = join(scratch.path, 'sentinels');
  const hostile = (path: string) => join(scratch.path, 'hostile', path);
  /** The repository's files, one per filter, so a filter that ran names the config it came from. */
  const filtered = ['system', 'home', 'xdg', 'template'] as const;
  let daemon: GitDaemon;
  let http: GitHttpServer;
  let runner: GitRunner;

  /** An executable that leaves the sentinel `name` and then does `then`. */
  function script(path: string, name: string, then = 'exit 0'): string {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, `#!/bin/sh\ntouch '${join(sentinels, name)}'\n${then}\n`);
    chmodSync(path, 0o755);
    return path;
  }

  /** A config file defining the smudge filter `name`, which git runs on checkout when read. */
  function filterConfig(path: string, name: string): void {
    const smudge = script(hostile(`filters/${name}`), `filter from the ${name} config`, 'exec cat');
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, `[filter "${name}"]\n\tsmudge = ${smudge}\n\trequired = true\n`);
  }

  beforeAll(async () => {
    daemon = await startTestGitDaemon();
    http = await startGitHttpServer(daemon.baseDir, { username: 'u', password: 'Pw-runner-1' });
    const repo = createGitRepo(daemon.baseDir, 'app');
    repo.commit(
      {
        '.gitattributes': filtered.map((name) => `${name}.txt filter=${name}\n`).join(''),
        ...Object.fromEntries(filtered.map((name) => [`${name}.txt`, `${name}\n`])),
      },
      'files behind filters',
    );

    // The machine: config files git finds without being told, through the environment.
    filterConfig(hostile('system.gitconfig'), 'system');
    filterConfig(hostile('home/.gitconfig'), 'home');
    filterConfig(hostile('xdg/git/config'), 'xdg');
    // The build: GitSource points GIT_CONFIG_GLOBAL at the sourceSecret's (filtered) .gitconfig.
    script(hostile('hooks/post-checkout'), 'hook from core.hooksPath');
    script(hostile('template/hooks/post-checkout'), 'hook from the template');
    filterConfig(hostile('template/config'), 'template');
    writeFileSync(
      hostile('build.gitconfig'),
      [
        `[core]\n\thooksPath = ${hostile('hooks')}`,
        `[credential]\n\thelper = ${script(hostile('credential-helper'), 'credential.helper')}`,
        `[init]\n\ttemplateDir = ${hostile('template')}`,
      ].join('\n'),
    );

    const templateDir = join(scratch.path, 'empty-template');
    mkdirSync(templateDir);
    runner = new GitRunner({
      allowLocal: false,
      templateDir,
      baseEnv: {
        HOME: hostile('home'),
        XDG_CONFIG_HOME: hostile('xdg'),
        GIT_CONFIG_SYSTEM: hostile('system.gitconfig'),
      },
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all([daemon.stop(), http.stop()]);
    scratch.remove();
  });

  let clone: string;
  beforeEach(() => {
    rmSync(sentinels, { recursive: true, force: true });
    mkdirSync(sentinels);
    clone = mkdtempSync(join(scratch.path, 'clone-'));
  });

  const sentinelsLeft = () => readdirSync(sentinels);
  const buildConfig = () => ({ GIT_CONFIG_GLOBAL: hostile('build.gitconfig') });

  it('reads neither the system config nor the user config of the machine', async () => {
    await runner.git(clone, ['clone', '--quiet', '--', daemon.url('app'), '.']);

    expect(sentinelsLeft()).toEqual([]);
    // The checkout happened, so every filter and hook had its chance.
    expect(readFileSync(join(clone, 'home.txt'), 'utf8')).toBe('home\n');
  });

  it("runs no hook and takes no template that the build's own config names", async () => {
    await runner.git(clone, ['clone', '--quiet', '--', daemon.url('app'), '.'], {
      env: buildConfig(),
    });

    expect(sentinelsLeft()).toEqual([]);
    expect(readFileSync(join(clone, 'template.txt'), 'utf8')).toBe('template\n');
    expect(existsSync(join(clone, '.git/hooks'))).toBe(false);
    expect(readFileSync(join(clone, '.git/config'), 'utf8')).not.toContain('filter');
  });

  it('asks no credential helper and no terminal when the server wants a password', async () => {
    const failure = await runner
      .git(clone, ['clone', '--quiet', '--', http.url('app'), '.'], { env: buildConfig() })
      .then(
        () => undefined,
        (error: unknown) => error,
      );

    expect(failure).toBeInstanceOf(GitFailed);
    expect((failure as GitFailed).stderr).toMatch(
      /could not read Username for '.*': terminal prompts disabled/,
    );
    expect(sentinelsLeft()).toEqual([]);
  });
});
