import { binaryBuildRequest } from './binary-request.js';
import { thrown } from '@kiln/testing';

describe(binaryBuildRequest.name, () => {
  it('turns the revision options into the build revision', () => {
    const request = binaryBuildRequest('app', {
      'revision.commit': 'abc',
      'revision.message': 'fix it',
      'revision.authorName': 'Ann',
      'revision.authorEmail': 'ann@example.com',
    });
    expect(request.revision).toEqual({
      type: 'Git',
      git: { commit: 'abc', message: 'fix it', author: { name: 'Ann', email: 'ann@example.com' } },
    });
    expect(request.binary).toEqual({});
    expect(request.metadata.name).toBe('app');
  });

  it('keeps asFile, and has no revision when none is given', () => {
    const request = binaryBuildRequest('app', { asFile: 'app.jar' });
    expect(request.binary).toEqual({ asFile: 'app.jar' });
    expect(request.revision).toBeUndefined();
  });

  it.each(['a/b', '.', '..'])('refuses asFile=%s with 422', (asFile) => {
    expect(thrown(() => binaryBuildRequest('app', { asFile }))).toMatchObject({ code: 422 });
  });
});
