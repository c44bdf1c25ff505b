import { refuseGitUrl } from './git-url.js';

describe(refuseGitUrl.name, () => {
  it.each([
    ['https://github.com/openshift/ruby-hello-world.git'],
    ['http://127.0.0.1:8080/repo.git'],
    ['git://127.0.0.1:9418/app.git'],
    ['ssh://git@example.com/org/repo.git'],
    ['git@github.com:org/repo.git'],
  ])('accepts %s', (uri) => {
    expect(refuseGitUrl(uri, false)).toBeUndefined();
  });

  it.each([
    ['ext::sh -c touch% /tmp/pwned', /remote helper "ext::"/],
    ['fd::17', /remote helper "fd::"/],
    ['file:///etc', /local repositories/],
    ['/srv/repo', /local repositories/],
    ['--upload-pack=touch /tmp/x', /may not start with "-"/],
    ['-oProxyCommand=x', /may not start with "-"/],
    ['https://h/r\ninjected', /control characters/],
    ['ftp://h/r.git', /scheme "ftp:\/\/"/],
  ])('refuses %s', (uri, reason) => {
    expect(refuseGitUrl(uri, false)).toMatch(reason);
  });

  it('allows a local path only when the farm allows local repositories', () => {
    expect(refuseGitUrl('file:///srv/repo.git', true)).toBeUndefined();
  });
});
