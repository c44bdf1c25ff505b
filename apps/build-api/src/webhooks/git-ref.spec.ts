import type { BuildConfig } from '@kiln/build-types';
import { configRef, gitRefMatches } from './git-ref.js';

const withRef = (ref?: string): BuildConfig => ({
  metadata: { name: 'app', namespace: 'a' },
  spec: {
    strategy: { type: 'Docker' },
    source: { git: { uri: 'https://example.com/app.git', ...(ref ? { ref } : {}) } },
  },
});

describe('git ref matching', () => {
  describe(gitRefMatches.name, () => {
    it('strips refs/heads/ from the event ref', () => {
      expect(gitRefMatches('refs/heads/main', withRef('main'))).toBe(true);
    });

    it('strips refs/heads/ from the configured ref', () => {
      expect(gitRefMatches('main', withRef('refs/heads/main'))).toBe(true);
    });

    it('compares with master when the BuildConfig has no ref', () => {
      expect(gitRefMatches('refs/heads/master', withRef())).toBe(true);
      expect(gitRefMatches('refs/heads/main', withRef())).toBe(false);
    });

    it('does not match another branch or a tag of the same name prefix', () => {
      expect(gitRefMatches('refs/heads/main-2', withRef('main'))).toBe(false);
      expect(gitRefMatches('refs/tags/main', withRef('main'))).toBe(false);
    });
  });

  describe(configRef.name, () => {
    it('uses master without a git source', () => {
      expect(configRef({ metadata: { name: 'x' }, spec: { strategy: { type: 'Docker' } } })).toBe(
        'master',
      );
    });
  });
});
