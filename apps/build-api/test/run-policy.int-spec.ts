import type { Build } from '@kiln/build-types';
import { Subjects } from '@kiln/events';
import { startBuildApi, type BuildApiHarness } from './harness.js';
import { BuildDriver, eventually } from './build-driver.js';
import { bcPath } from './factories.js';

const keepAll = { successfulBuildsHistoryLimit: 100, failedBuildsHistoryLimit: 100 };

describe('runPolicy', () => {
  let api: BuildApiHarness;
  let builds: BuildDriver;
  beforeAll(async () => {
    api = await startBuildApi();
    builds = new BuildDriver(api);
  });
  afterAll(async () => {
    await api.stop();
  });

  describe('Serial', () => {
    it('numbers 20 concurrent builds 1..20 and runs them one at a time in order', async () => {
      await builds.createConfig('serial', { runPolicy: 'Serial', ...keepAll });

      const created = await Promise.all(
        Array.from({ length: 20 }, () => builds.instantiate('serial')),
      );

      const names = created.map((b) => b.metadata.name).sort();
      expect(names).toEqual(Array.from({ length: 20 }, (_, i) => `serial-${i + 1}`).sort());
      for (let n = 1; n <= 20; n++) {
        const current = await builds.until(`serial-${n}`, 'Pending');
        const phases = await builds.phases('serial');
        const leftNew = Object.entries(phases).filter(([, phase]) => phase !== 'New');
        expect(leftNew.filter(([, phase]) => phase !== 'Complete')).toEqual([
          [`serial-${n}`, 'Pending'],
        ]);
        expect(leftNew.length).toBe(n);
        await builds.started(current);
        await builds.pushed(current);
        await builds.until(`serial-${n}`, 'Complete');
      }
    }, 20_000);
  });

  describe('SerialLatestOnly', () => {
    it('cancels the queued older builds when a newer one is requested while one runs', async () => {
      await builds.createConfig('latest', { runPolicy: 'SerialLatestOnly', ...keepAll });
      const first = await builds.instantiate('latest');
      await builds.started(first);
      await builds.until('latest-1', 'Running');

      for (let i = 0; i < 3; i++) {
        await builds.instantiate('latest');
      }

      expect(await builds.phases('latest')).toEqual({
        'latest-1': 'Running',
        'latest-2': 'Cancelled',
        'latest-3': 'Cancelled',
        'latest-4': 'New',
      });
      const cancelled = await builds.get('latest-2');
      expect(cancelled.status).toMatchObject({
        phase: 'Cancelled',
        cancelled: true,
        reason: 'CancelledBuild',
        message: 'The build was cancelled by the user.',
      });
      await builds.pushed(first);
      await builds.until('latest-4', 'Pending');
    }, 20_000);

    it('cancels a build that is queued for the workers but not running yet', async () => {
      await builds.createConfig('latest-pending', { runPolicy: 'SerialLatestOnly', ...keepAll });
      await builds.instantiate('latest-pending');
      await builds.until('latest-pending-1', 'Pending');

      const second = await builds.instantiate('latest-pending');

      expect(second.status?.phase).toBe('Pending');
      expect((await builds.get('latest-pending-1')).status?.phase).toBe('Cancelled');
    }, 20_000);
  });

  describe('Parallel', () => {
    it('starts every build at once', async () => {
      await builds.createConfig('parallel', { runPolicy: 'Parallel', ...keepAll });

      const created: Build[] = await Promise.all(
        Array.from({ length: 5 }, () => builds.instantiate('parallel')),
      );

      expect(created.map((b) => b.status?.phase)).toEqual(Array(5).fill('Pending'));
      for (const build of created) {
        await builds.pushed(build);
      }
      await eventually(async () =>
        Object.values(await builds.phases('parallel')).every((p) => p === 'Complete'),
      );
    }, 20_000);

    it('waits for a Serial build of the same config, then starts the Parallel ones together', async () => {
      await builds.createConfig('mixed', { runPolicy: 'Serial', ...keepAll });
      const serial = await builds.instantiate('mixed');
      const config = (await (await api.request('GET', bcPath('a', 'mixed'))).json()) as {
        spec: Record<string, unknown>;
      };
      const put = await api.request('PUT', bcPath('a', 'mixed'), {
        body: { ...config, spec: { ...config.spec, runPolicy: 'Parallel' } },
      });
      expect(put.status).toBe(200);

      await builds.instantiate('mixed');
      await builds.instantiate('mixed');

      expect(await builds.phases('mixed')).toEqual({
        'mixed-1': 'Pending',
        'mixed-2': 'New',
        'mixed-3': 'New',
      });
      await builds.pushed(serial);
      await builds.until('mixed-2', 'Pending');
      await builds.until('mixed-3', 'Pending');
    }, 20_000);
  });

  describe('a cancelled build', () => {
    it('stays Cancelled, with its reason, whatever its workers report late', async () => {
      await builds.createConfig('late', keepAll);
      const build = await builds.instantiate('late');
      expect(build.status?.phase).toBe('Pending');
      const { status: cancelled, metadata } = await builds.cancel('late-1');
      expect(cancelled).toMatchObject({ phase: 'Cancelled', reason: 'CancelledBuild' });
      expect(cancelled?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
        ['New', 'False', undefined],
        ['Pending', 'False', undefined],
        ['Cancelled', 'True', 'CancelledBuild'],
      ]);

      await builds.started(build);
      await builds.failed(build);
      await builds.pushed(build);
      await builds.settled();

      const after = await builds.get('late-1');
      expect(after.status).toEqual(cancelled);
      expect(after.metadata.resourceVersion).toBe(metadata.resourceVersion);
    }, 20_000);
  });

  describe('the end of a build', () => {
    /** The one event announcing how a build ended, once the relay published it. */
    const endOf = async (build: Build) => {
      const subjects = [Subjects.BuildCompleted, Subjects.BuildFailed, Subjects.BuildCancelled];
      let found: { subject: string; data: Record<string, unknown> }[] = [];
      await eventually(
        async () => {
          const uid = build.metadata.uid ?? '';
          const each = await Promise.all(subjects.map((s) => api.bus.storedEvents(s, uid)));
          found = each.flat().map((e) => ({ subject: e.type, data: e.data }));
          return found.length > 0;
        },
        10_000,
        () => `no end announced for ${build.metadata.name}`,
      );
      expect(found).toHaveLength(1);
      return found[0]!;
    };

    it('announces a Complete, a Failed and a Cancelled build each by the event of its end', async () => {
      await builds.createConfig('ends', { runPolicy: 'Parallel', ...keepAll });
      const [done, broken, stopped] = [
        await builds.instantiate('ends'),
        await builds.instantiate('ends'),
        await builds.instantiate('ends'),
      ] as Build[];
      await builds.started(done!);
      await builds.pushed(done!);
      await builds.started(broken!);
      await builds.failed(broken!);
      await builds.cancel(stopped!.metadata.name ?? '');

      const completed = await endOf(done!);
      expect(completed).toEqual({
        subject: Subjects.BuildCompleted,
        data: expect.objectContaining({
          phase: 'Complete',
          startTimestamp: expect.any(String) as unknown,
          completionTimestamp: (await builds.until(done!.metadata.name ?? '', 'Complete')).status
            ?.completionTimestamp,
        }) as unknown,
      });
      expect(completed.data.durationMilliseconds).toEqual(expect.any(Number));
      expect(await endOf(broken!)).toEqual({
        subject: Subjects.BuildFailed,
        data: expect.objectContaining({ phase: 'Failed', reason: 'DockerBuildFailed' }) as unknown,
      });
      expect(await endOf(stopped!)).toEqual({
        subject: Subjects.BuildCancelled,
        data: expect.objectContaining({ phase: 'Cancelled', reason: 'CancelledBuild' }) as unknown,
      });
    }, 30_000);
  });
});
