import { hotSpots, ownerOf, type CpuProfile } from './profile-summary.js';

describe(ownerOf.name, () => {
  it('names the package of a dependency and the path of our own code', () => {
    expect(ownerOf('file:///r/node_modules/.pnpm/zod@4/node_modules/zod/v4/core.js')).toBe('zod');
    expect(ownerOf('file:///r/node_modules/.pnpm/x/node_modules/@nats-io/nats-core/lib/a.js')).toBe(
      '@nats-io/nats-core',
    );
    expect(ownerOf('file:///r/apps/builder/dist/build/build.service.js')).toBe(
      'apps/builder/dist/build/build.service.js',
    );
    expect(ownerOf('node:internal/fs/utils')).toBe('node:internal/fs/utils');
  });
});

describe(hotSpots.name, () => {
  const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(idle)', '') },
      { id: 2, callFrame: frame('parse', 'file:///r/node_modules/zod/a.js') },
      { id: 3, callFrame: frame('publish', 'file:///r/libs/events/dist/event-bus.js') },
      { id: 4, callFrame: frame('post', 'node:inspector'), children: [5] },
      { id: 5, callFrame: frame('dispatch', '') },
    ],
    samples: [1, 2, 2, 3, 1, 5],
    timeDeltas: [5000, 1000, 1000, 2000, 9000, 7000],
  };

  it('adds self time per function, leaving idle and the profiler itself out', () => {
    const { busyMs, spots } = hotSpots(profile, 'function');
    expect(busyMs).toBe(4);
    expect(spots[0]).toEqual({ where: 'parse zod:1', selfMs: 2, share: 0.5 });
  });

  it('adds it per package or file too', () => {
    expect(hotSpots(profile, 'owner').spots.map((s) => s.where)).toEqual([
      'zod',
      'libs/events/dist/event-bus.js',
    ]);
  });
});
