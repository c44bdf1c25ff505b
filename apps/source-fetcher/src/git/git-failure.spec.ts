import { explainGitFailure } from './git-failure.js';

describe(explainGitFailure.name, () => {
  const uri = 'https://user:hunter22@git.example.com/r.git';

  it.each([
    [
      "fatal: Authentication failed for 'https://git.example.com/r.git/'",
      /authentication to .* failed/,
    ],
    ["fatal: could not read Username for 'https://h': terminal prompts disabled", /authentication/],
    ['git@h: Permission denied (publickey).', /authentication/],
    ['Host key verification failed.', /known_hosts/],
    ['fatal: unable to access: SSL certificate problem: self-signed certificate', /ca\.crt/],
    [
      "fatal: unable to access 'https://nohost.invalid/': Could not resolve host: nohost.invalid",
      /could not be resolved/,
    ],
    [
      'fatal: unable to connect to 127.0.0.1:\n127.0.0.1[0: 127.0.0.1]: errno=Connection refused',
      /unreachable/,
    ],
    [
      'warning: Could not find remote branch nope to clone.\nfatal: Remote branch nope not found in upstream origin',
      /ref was not found/,
    ],
    ['fatal: reference is not a tree: deadbeef', /ref was not found/],
    ['fatal: remote error: access denied or repository not exported: /x', /no repository/],
    ['fatal: something new', /git failed for .*: fatal: something new/],
  ])('explains %j', (stderr, message) => {
    expect(explainGitFailure(stderr, uri)).toMatch(message);
  });

  it('names a submodule host that asked for credentials', () => {
    const message = explainGitFailure(
      "fatal: could not read Username for 'https://other.example.com': terminal prompts disabled",
      uri,
    );
    expect(message).toBe(
      'authentication to https://other.example.com (a submodule of https://user:***@git.example.com/r.git) failed: the sourceSecret is used for https://user:***@git.example.com/r.git only',
    );
  });

  it('never repeats a password from the URL or from git output', () => {
    const message = explainGitFailure(
      'fatal: oops https://user:hunter22@git.example.com/r.git',
      uri,
    );
    expect(message).not.toContain('hunter22');
  });
});
