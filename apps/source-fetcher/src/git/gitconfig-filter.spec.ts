import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '@kiln/testing';
import { filterGitConfig, parseConfigList, serializeGitConfig } from './gitconfig-filter.js';

describe(filterGitConfig.name, () => {
  it.each([
    ['http.sslVerify'],
    ['http.https://git.example.com/.extraHeader'],
    ['url.https://mirror.example.com/.insteadOf'],
    ['user.name'],
    ['core.autocrlf'],
    ['submodule.lib.url'],
    ['credential.https://h.username'],
  ])('keeps %s', (key) => {
    expect(filterGitConfig([{ key, value: 'x' }]).kept).toHaveLength(1);
  });

  it.each([
    ['core.sshCommand'],
    ['core.hooksPath'],
    ['core.fsmonitor'],
    ['core.pager'],
    ['filter.lfs.smudge'],
    ['filter.evil.process'],
    ['submodule.lib.update'],
    ['include.path'],
    ['includeIf.gitdir:/.path'],
    ['credential.helper'],
    ['protocol.ext.allow'],
    ['http.sslKey'],
    ['http.sslCert'],
    ['http.cookieFile'],
    ['http.https://h/.sslCAInfo'],
    ['uploadpack.packObjectsHook'],
    ['diff.external'],
  ])('drops %s', (key) => {
    expect(filterGitConfig([{ key, value: 'x' }])).toEqual({ kept: [], dropped: [key] });
  });
});

describe(serializeGitConfig.name, () => {
  it('round-trips through git, quotes and all', () => {
    const dir = makeTempDir('gitconfig');
    try {
      const entries = [
        { key: 'http.https://h.example/.extraheader', value: 'X-Token: "a\\b"' },
        { key: 'user.name', value: 'Ada\tLovelace' },
        { key: 'http.sslverify', value: 'false' },
        { key: 'core.symlinks', value: undefined },
      ];
      const file = join(dir.path, 'config');
      writeFileSync(file, serializeGitConfig(entries));

      const listed = execFileSync('git', ['config', '--file', file, '--list', '-z'], {
        encoding: 'utf8',
      });

      expect(parseConfigList(listed)).toEqual(entries);
    } finally {
      dir.remove();
    }
  });
});
