import { parseGitLog, revisionQuery } from './git-log.js';

const sha = '0123456789abcdef0123456789abcdef01234567';

describe('parseGitLog', () => {
  it('reads the NUL-separated fields', () => {
    const commit = parseGitLog(
      `${sha}\0Ada\0ada@example.com\0Bob\0bob@example.com\0Fix the build\n\nLonger text\n`,
    );
    expect(commit).toEqual({
      commit: sha,
      authorName: 'Ada',
      authorEmail: 'ada@example.com',
      committerName: 'Bob',
      committerEmail: 'bob@example.com',
      message: 'Fix the build\n\nLonger text',
    });
  });

  it('refuses output without a commit id', () => {
    expect(() => parseGitLog('fatal: bad revision')).toThrow('unexpected git log output');
  });
});

describe('revisionQuery', () => {
  it('names the instantiatebinary revision parameters', () => {
    const query = revisionQuery(parseGitLog(`${sha}\0A\0a@x\0C\0c@x\0msg`));
    expect(query).toEqual({
      'revision.commit': sha,
      'revision.message': 'msg',
      'revision.authorName': 'A',
      'revision.authorEmail': 'a@x',
      'revision.committerName': 'C',
      'revision.committerEmail': 'c@x',
    });
  });
});
