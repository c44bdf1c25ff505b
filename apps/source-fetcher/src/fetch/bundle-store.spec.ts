import { binaryRevision } from './bundle-store.js';

describe(binaryRevision.name, () => {
  it('maps the revision build-api took from the upload query', () => {
    expect(
      binaryRevision({
        type: 'Git',
        git: {
          commit: 'abc123',
          message: 'fix',
          author: { name: 'Ada', email: 'ada@x' },
          committer: { name: 'Bob' },
        },
      }),
    ).toEqual({
      commit: 'abc123',
      message: 'fix',
      authorName: 'Ada',
      authorEmail: 'ada@x',
      committerName: 'Bob',
    });
  });

  it('is undefined when the client said nothing', () => {
    expect(binaryRevision(undefined)).toBeUndefined();
    expect(binaryRevision({ type: 'Git', git: {} })).toBeUndefined();
  });
});
