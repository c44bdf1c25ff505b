import type { Build, BuildPhase } from '@kiln/build-types';
import { buildsToPrune, planRun } from './build-scheduler.js';

function aBuild(n: number, phase: BuildPhase, policy = 'Serial'): Build {
  return {
    metadata: {
      name: `app-${n}`,
      uid: `uid-${n}`,
      labels: { 'openshift.io/build.start-policy': policy },
      annotations: { 'openshift.io/build.number': String(n) },
    },
    spec: {},
    status: { phase },
  } as unknown as Build;
}
const names = (builds: Build[]) => builds.map((b) => b.metadata.name);

describe(planRun.name, () => {
  it('starts the lowest-numbered New build when nothing runs (Serial)', () => {
    const plan = planRun([aBuild(3, 'New'), aBuild(2, 'New'), aBuild(1, 'Complete')]);
    expect(names(plan.start)).toEqual(['app-2']);
    expect(plan.cancel).toEqual([]);
  });

  it('starts nothing while a build is Pending or Running (Serial)', () => {
    expect(planRun([aBuild(1, 'Running'), aBuild(2, 'New')]).start).toEqual([]);
    expect(planRun([aBuild(1, 'Pending'), aBuild(2, 'New')]).start).toEqual([]);
  });

  it('cancels queued builds older than the newest SerialLatestOnly one, not running ones', () => {
    const plan = planRun([
      aBuild(1, 'Running', 'SerialLatestOnly'),
      aBuild(2, 'Pending', 'SerialLatestOnly'),
      aBuild(3, 'New', 'SerialLatestOnly'),
      aBuild(4, 'New', 'SerialLatestOnly'),
    ]);
    expect(names(plan.cancel)).toEqual(['app-2', 'app-3']);
    expect(plan.start).toEqual([]);
  });

  it('starts every New Parallel build together unless a Serial one is active', () => {
    const parallel = [aBuild(2, 'New', 'Parallel'), aBuild(3, 'New', 'Parallel')];
    expect(names(planRun([aBuild(1, 'Running', 'Parallel'), ...parallel]).start)).toEqual([
      'app-2',
      'app-3',
    ]);
    expect(planRun([aBuild(1, 'Running', 'Serial'), ...parallel]).start).toEqual([]);
  });

  it('falls back to the config policy for builds without the label', () => {
    const unlabelled = {
      ...aBuild(1, 'New'),
      metadata: { ...aBuild(1, 'New').metadata, labels: {} },
    };
    const running = {
      ...aBuild(2, 'Running'),
      metadata: { ...aBuild(2, 'Running').metadata, labels: {} },
    };
    expect(names(planRun([running, unlabelled], 'Parallel').start)).toEqual(['app-1']);
    expect(planRun([running, unlabelled]).start).toEqual([]);
  });
});

describe(buildsToPrune.name, () => {
  const history = [
    aBuild(1, 'Complete'),
    aBuild(2, 'Failed'),
    aBuild(3, 'Complete'),
    aBuild(4, 'Error'),
    aBuild(5, 'Cancelled'),
    aBuild(6, 'Complete'),
    aBuild(7, 'Running'),
  ];

  it('removes the oldest finished builds beyond each limit', () => {
    const limits = { successfulBuildsHistoryLimit: 2, failedBuildsHistoryLimit: 1 };
    expect(names(buildsToPrune(history, limits)).sort()).toEqual(
      ['app-1', 'app-2', 'app-4'].sort(),
    );
  });

  it('keeps all with unset limits and none with a limit of 0', () => {
    expect(buildsToPrune(history, {})).toEqual([]);
    expect(buildsToPrune(history, undefined)).toEqual([]);
    expect(names(buildsToPrune(history, { failedBuildsHistoryLimit: 0 }))).toEqual([
      'app-5',
      'app-4',
      'app-2',
    ]);
  });
});
