import { startBuildApi, type BuildApiHarness } from './harness.js';
import { BuildDriver, eventually } from './build-driver.js';

describe('history pruning', () => {
  let api: BuildApiHarness;
  let builds: BuildDriver;
  beforeAll(async () => {
    api = await startBuildApi();
    builds = new BuildDriver(api);
  });
  afterAll(async () => {
    await api.stop();
  });

  it('keeps the newest builds within each history limit once builds complete', async () => {
    await builds.createConfig('pruned', {
      runPolicy: 'Parallel',
      successfulBuildsHistoryLimit: 2,
      failedBuildsHistoryLimit: 1,
    });
    const all = [];
    for (let i = 0; i < 7; i++) {
      all.push(await builds.instantiate('pruned'));
    }
    const [b1, b2, b3, b4, b5] = all;

    for (const build of [b1!, b2!, b3!]) {
      await builds.pushed(build);
      await builds.until(build.metadata.name ?? '', 'Complete');
    }
    await builds.failed(b4!);
    await builds.until('pruned-4', 'Failed');
    await builds.failed(b5!);
    await builds.until('pruned-5', 'Failed');
    await builds.cancel('pruned-6');

    await eventually(async () => Object.keys(await builds.phases('pruned')).length === 4);
    expect(await builds.phases('pruned')).toEqual({
      'pruned-2': 'Complete',
      'pruned-3': 'Complete',
      'pruned-6': 'Cancelled',
      'pruned-7': 'Pending',
    });
  }, 20_000);

  it('applies the default limit of 5 to a config that sets none', async () => {
    await builds.createConfig('defaults', { runPolicy: 'Parallel' });
    for (let i = 0; i < 7; i++) {
      await builds.pushed(await builds.instantiate('defaults'));
    }

    await eventually(async () => {
      const phases = await builds.phases('defaults');
      return (
        Object.keys(phases).length === 5 && Object.values(phases).every((p) => p === 'Complete')
      );
    });
    expect(Object.keys(await builds.phases('defaults')).sort()).toEqual([
      'defaults-3',
      'defaults-4',
      'defaults-5',
      'defaults-6',
      'defaults-7',
    ]);
  }, 20_000);
});
