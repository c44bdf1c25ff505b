import { resolveScripts, type ScriptsInput } from './resolve-scripts.js';

const resolve = (input: Partial<ScriptsInput>) =>
  resolveScripts({ fetchedFromScriptsUrl: [], inSource: [], ...input });

describe(resolveScripts.name, () => {
  it.each([
    [{}, '/usr/libexec/s2i'],
    [{ scriptsUrl: 'image:///usr/some/dir' }, '/usr/some/dir'],
    [
      {
        scriptsUrl: 'https://github.com/openshift/source-to-image',
        fetchedFromScriptsUrl: ['run'],
      },
      '/usr/libexec/s2i',
    ],
    [{ imageScriptsUrl: 'image:///usr/some/dir' }, '/usr/some/dir'],
    [{ imageScriptsUrl: 'https://github.com/openshift/source-to-image' }, '/usr/libexec/s2i'],
    [
      {
        scriptsUrl: 'https://x',
        fetchedFromScriptsUrl: ['run'],
        imageScriptsUrl: 'image:///usr/some/dir',
      },
      '/usr/some/dir',
    ],
    [
      { scriptsUrl: 'image:///usr/some/dir', imageScriptsUrl: 'image:///usr/other/dir' },
      '/usr/some/dir',
    ],
  ] as [Partial<ScriptsInput>, string][])(
    'uses image dir for %j as %s (upstream TestGetImageScriptsDir)',
    (input, dir) => {
      expect(resolve(input)).toMatchObject({ ok: true, imageScriptsDir: dir });
    },
  );

  it('takes each script from the first place that has it when no image:// override is given', () => {
    const result = resolve({
      scriptsUrl: 'https://s',
      fetchedFromScriptsUrl: ['assemble'],
      inSource: ['assemble', 'run'],
      imageScriptsUrl: 'https://i',
      fetchedFromImageScriptsUrl: ['assemble', 'run', 'save-artifacts'],
    });
    expect(result).toEqual({
      ok: true,
      imageScriptsDir: '/usr/libexec/s2i',
      scripts: {
        assemble: { kind: 'scripts-url', url: 'https://s' },
        run: { kind: 'source', path: '.s2i/bin/run' },
        'save-artifacts': { kind: 'image-scripts-url', url: 'https://i' },
      },
    });
  });

  it('ignores source scripts when the scripts URL is image://', () => {
    expect(resolve({ scriptsUrl: 'image:///c', inSource: ['assemble'] })).toMatchObject({
      ok: true,
      scripts: { assemble: { kind: 'image', dir: '/c' } },
    });
  });

  it('fails with FetchScriptsFailed when nothing could be fetched from the scripts URL (TestDockerfileBuildScriptsURLNone)', () => {
    expect(resolve({ scriptsUrl: 'file:///empty', inSource: ['assemble'] })).toEqual({
      ok: false,
      reason: 'FetchScriptsFailed',
      message: 'could not download any scripts from URL file:///empty',
    });
  });
});
