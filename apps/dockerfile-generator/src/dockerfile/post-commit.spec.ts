import { postCommitCommand } from './post-commit.js';

describe(postCommitCommand.name, () => {
  it.each([
    [{ command: ['echo hello'] }, 'echo hello'],
    [{ command: ['ls'], args: ['-l', '/tmp/hello'] }, 'ls -l /tmp/hello'],
    [{ script: 'echo hello $1 world' }, "/bin/sh -ic 'echo hello $1 world'"],
    [{ script: 'echo', args: ['hello', '$1', 'world'] }, "/bin/sh -ic 'echo hello $1 world'"],
    [{ command: ['echo hello $1 world'] }, 'echo hello $1 world'],
    [{ command: ['echo'], args: ['hello $1 world'] }, 'echo hello $1 world'],
    [{ args: ['make', 'test'] }, 'make test'],
  ])('builds the hook command for %j (upstream TestBuildPostCommit)', (hook, expected) => {
    expect(postCommitCommand(hook)).toBe(expected);
  });

  it('returns undefined when no hook is set', () => {
    expect(postCommitCommand({})).toBeUndefined();
    expect(postCommitCommand(undefined)).toBeUndefined();
  });
});
