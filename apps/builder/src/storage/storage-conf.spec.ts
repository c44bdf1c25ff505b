import { cacheKey, cachesToEvict, storageConfText } from './storage-conf.js';

describe('storageConfText', () => {
  it('writes the graph root, run root, driver and the shared read-only store', () => {
    const text = storageConfText({
      graphroot: '/c/g',
      runroot: '/c/r',
      driver: 'overlay',
      additionalImageStores: ['/bases/graph'],
    });
    expect(text).toContain('driver = "overlay"');
    expect(text).toContain('graphroot = "/c/g"');
    expect(text).toContain('additionalimagestores = ["/bases/graph"]');
  });
});

describe('cachesToEvict', () => {
  const entries = [
    { key: 'old', bytes: 50, lastUsedMs: 1, inUse: false },
    { key: 'busy', bytes: 50, lastUsedMs: 2, inUse: true },
    { key: 'mid', bytes: 50, lastUsedMs: 3, inUse: false },
    { key: 'new', bytes: 50, lastUsedMs: 4, inUse: false },
  ];

  it('removes least recently used caches until the total fits', () => {
    expect(cachesToEvict(entries, 100)).toEqual(['old', 'mid']);
  });

  it('never evicts a cache in use', () => {
    expect(cachesToEvict(entries, 0)).toEqual(['old', 'mid', 'new']);
  });

  it('evicts nothing under the bound', () => {
    expect(cachesToEvict(entries, 1000)).toEqual([]);
  });
});

describe('cacheKey', () => {
  it('joins namespace and BuildConfig', () => {
    expect(cacheKey('team-a', 'web')).toBe('team-a--web');
  });
});
