import { parseGitUrl, redactGitUrl, refuseGitRef, refuseGitUrl } from './git-url.js';

describe(refuseGitUrl.name, () => {
  it.each([
    ['https://github.com/openshift/ruby-hello-world.git'],
    ['http://127.0.0.1:8080/repo.git'],
    ['git://127.0.0.1:9418/app.git'],
    ['ssh://git@example.com/org/repo.git'],
    ['ssh://git@example.com:2222/org/repo.git'],
    ['git@github.com:org/repo.git'],
    ['github.com:org/repo.git'],
    ['git@[::1]:org/repo.git'],
  ])('accepts %s', (uri) => {
    expect(refuseGitUrl(uri, false)).toBeUndefined();
  });

  it.each([
    ['ext::sh -c touch% /tmp/pwned', /remote helper "ext::"/],
    ['fd::17', /remote helper "fd::"/],
    ['file:///etc', /local repositories/],
    ['/srv/repo', /local repositories/],
    ['./repo', /local repositories/],
    ['--upload-pack=touch /tmp/x', /may not start with "-"/],
    ['-oProxyCommand=x', /may not start with "-"/],
    ['ssh://-oProxyCommand=touch%20x/repo', /may not start with "-"/],
    ['git@-oProxyCommand=x:repo', /may not start with "-"/],
    ['-u@host:repo', /may not start with "-"/],
    ['ssh://-l@host/repo', /may not start with "-"/],
    ['https://h/r\ninjected', /control characters/],
    ['https://h/r\tx', /control characters/],
    ['ftp://h/r.git', /scheme "ftp:\/\/"/],
    ['https:///no-host', /names no host/],
    ['', /empty/],
  ])('refuses %j', (uri, reason) => {
    expect(refuseGitUrl(uri, false)).toMatch(reason);
  });

  it('allows a local path only when the farm allows local repositories', () => {
    expect(refuseGitUrl('file:///srv/repo.git', true)).toBeUndefined();
    expect(refuseGitUrl('/srv/repo.git', true)).toBeUndefined();
  });

  it('refuses remote helpers even when local repositories are allowed', () => {
    expect(refuseGitUrl('ext::sh -c id', true)).toMatch(/remote helper/);
  });
});

describe(parseGitUrl.name, () => {
  it('splits a URL with user and port', () => {
    expect(parseGitUrl('https://kiln@git.example.com:8443/r.git')).toEqual({
      kind: 'url',
      scheme: 'https',
      user: 'kiln',
      host: 'git.example.com',
      port: '8443',
    });
  });

  it('reads scp-like syntax as ssh', () => {
    expect(parseGitUrl('git@example.com:org/r.git')).toEqual({
      kind: 'scp',
      user: 'git',
      host: 'example.com',
    });
  });
});

describe(redactGitUrl.name, () => {
  it.each([
    ['https://user:s3cret@h/r.git', 'https://user:***@h/r.git'],
    ['https://ghp_token@h/r.git', 'https://***@h/r.git'],
    ['ssh://git@h/r.git', 'ssh://git@h/r.git'],
    ['git@h:r.git', 'git@h:r.git'],
    ['https://h/r.git', 'https://h/r.git'],
  ])('%s -> %s', (uri, redacted) => {
    expect(redactGitUrl(uri)).toBe(redacted);
  });
});

describe(refuseGitRef.name, () => {
  it.each([['main'], ['v1.0'], ['refs/pull/121/head'], ['feature/x-y'], ['0123abc']])(
    'accepts %s',
    (ref) => {
      expect(refuseGitRef(ref)).toBeUndefined();
    },
  );

  it.each([['--upload-pack=x'], ['-b'], ['a b'], ['a..b'], ['src:dst'], ['a\nb'], ['x@{1}']])(
    'refuses %j',
    (ref) => {
      expect(refuseGitRef(ref)).toBeDefined();
    },
  );
});
