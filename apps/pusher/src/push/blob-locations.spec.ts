import { BlobLocations } from './blob-locations.js';

const digest = (n: number): string => `sha256:${String(n).padStart(64, '0')}`;

describe(BlobLocations.name, () => {
  describe('repositoriesOf', () => {
    it('returns the repositories a blob was remembered in, most recent first', () => {
      const locations = new BlobLocations();
      locations.remember('r.example', digest(1), 'x/app-a');
      locations.remember('r.example', digest(1), 'x/app-b');

      expect(locations.repositoriesOf('r.example', digest(1))).toEqual(['x/app-b', 'x/app-a']);
    });

    it('leaves out the repository asked for', () => {
      const locations = new BlobLocations();
      locations.remember('r.example', digest(1), 'x/app-a');
      locations.remember('r.example', digest(1), 'x/app-b');

      expect(locations.repositoriesOf('r.example', digest(1), 'x/app-b')).toEqual(['x/app-a']);
    });

    it('knows nothing of a blob seen only on another registry', () => {
      const locations = new BlobLocations();
      locations.remember('a.example', digest(1), 'x/app-a');

      expect(locations.repositoriesOf('b.example', digest(1))).toEqual([]);
      expect(locations.repositoriesOf('a.example', digest(2))).toEqual([]);
    });
  });

  describe('remember', () => {
    it('moves a repository seen again to the front without listing it twice', () => {
      const locations = new BlobLocations();
      locations.remember('r.example', digest(1), 'x/app-a');
      locations.remember('r.example', digest(1), 'x/app-b');
      locations.remember('r.example', digest(1), 'x/app-a');

      expect(locations.repositoriesOf('r.example', digest(1))).toEqual(['x/app-a', 'x/app-b']);
    });

    it('keeps only the most recent repositories of a blob', () => {
      const locations = new BlobLocations(10, 2);
      for (const repository of ['x/one', 'x/two', 'x/three']) {
        locations.remember('r.example', digest(1), repository);
      }

      expect(locations.repositoriesOf('r.example', digest(1))).toEqual(['x/three', 'x/two']);
    });

    it('forgets the least recently used blob beyond its capacity', () => {
      const locations = new BlobLocations(2);
      locations.remember('r.example', digest(1), 'x/app');
      locations.remember('r.example', digest(2), 'x/app');
      locations.repositoriesOf('r.example', digest(1)); // a lookup counts as a use
      locations.remember('r.example', digest(3), 'x/app');

      expect(locations.size).toBe(2);
      expect(locations.repositoriesOf('r.example', digest(2))).toEqual([]);
      expect(locations.repositoriesOf('r.example', digest(1))).toEqual(['x/app']);
      expect(locations.repositoriesOf('r.example', digest(3))).toEqual(['x/app']);
    });

    it('counts the same digest on two registries as two entries', () => {
      const locations = new BlobLocations(1);
      locations.remember('a.example', digest(1), 'x/app');
      locations.remember('b.example', digest(1), 'x/app');

      expect(locations.repositoriesOf('a.example', digest(1))).toEqual([]);
      expect(locations.repositoriesOf('b.example', digest(1))).toEqual(['x/app']);
    });
  });
});
