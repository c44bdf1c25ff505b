import { Consumers, Subjects, type EventOf } from '@kiln/events';
import type { Msg, Subscription } from '@nats-io/transport-node';
import { startBuildApi, type BuildApiHarness } from './harness.js';
import { BuildDriver, eventually } from './build-driver.js';

type Cancel = EventOf<typeof Subjects.BuildCancelRequested>;
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** Collects the cancels build-api publishes (core subscription, as the workers listen). */
function cancelsOn(api: BuildApiHarness): { uids: string[]; subscription: Subscription } {
  const uids: string[] = [];
  const subscription = api.bus.connection.subscribe(Subjects.BuildCancelRequested, {
    callback: (_error: unknown, msg: Msg) => {
      uids.push(msg.json<{ data: Cancel }>().data.build.uid);
    },
  });
  return { uids, subscription };
}

describe('BuildWatchdog', () => {
  describe('completionDeadlineSeconds', () => {
    let api: BuildApiHarness;
    let builds: BuildDriver;
    beforeAll(async () => {
      api = await startBuildApi({ KILN_WATCHDOG_INTERVAL_SECONDS: '0.2' });
      builds = new BuildDriver(api);
    });
    afterAll(async () => {
      await api.stop();
    });

    it('fails a build past its deadline as OpenShift does, and tells its workers to stop', async () => {
      const cancels = cancelsOn(api);
      await builds.createConfig('slow', { completionDeadlineSeconds: 1 });
      const build = await builds.instantiate('slow');
      await builds.started(build);

      const failed = await builds.until('slow-1', 'Failed', 8000);

      expect(failed.status).toMatchObject({
        reason: 'DeadlineExceeded',
        message: 'Pod was active on the node longer than the specified deadline',
      });
      expect(failed.status?.completionTimestamp).toBeDefined();
      await eventually(async () => cancels.uids.includes(build.metadata.uid ?? ''));
      cancels.subscription.unsubscribe();
    }, 20_000);

    it('keeps counting across a restart of build-api', async () => {
      await builds.createConfig('restarted', { completionDeadlineSeconds: 2 });
      await builds.instantiate('restarted');

      await api.restart();

      const failed = await builds.until('restarted-1', 'Failed', 8000);
      expect(failed.status?.reason).toBe('DeadlineExceeded');
    }, 20_000);

    it('leaves a build alone that finishes within its deadline', async () => {
      await builds.createConfig('quick', { completionDeadlineSeconds: 1 });
      const build = await builds.instantiate('quick');
      await builds.pushed(build);
      await builds.until('quick-1', 'Complete');

      await new Promise((r) => setTimeout(r, 1500));

      expect((await builds.get('quick-1')).status?.phase).toBe('Complete');
    }, 20_000);
  });

  describe('stalled builds', () => {
    let api: BuildApiHarness;
    let builds: BuildDriver;
    beforeAll(async () => {
      api = await startBuildApi({
        KILN_WATCHDOG_INTERVAL_SECONDS: '0.2',
        KILN_STALL_TIMEOUT_SECONDS: '1',
      });
      builds = new BuildDriver(api);
    });
    afterAll(async () => {
      await api.stop();
    });

    it('waits while the job is queued, and ends the build once its job is gone', async () => {
      const cancels = cancelsOn(api);
      await builds.createConfig('lost');
      const build = await builds.instantiate('lost');

      // No source-fetcher yet: the job waits in JetStream, so the build waits too.
      await new Promise((r) => setTimeout(r, 2500));
      expect((await builds.get('lost-1')).status?.phase).toBe('Pending');

      // A fetcher takes the job and acks it without a word (it lost its result).
      await api.bus.consume(Consumers.sourceFetcher, async () => undefined, { logger: quiet });

      const ended = await builds.until('lost-1', 'Error', 8000);
      expect(ended.status?.reason).toBe('ExceededRetryTimeout');
      expect(ended.status?.message).toMatch(
        /^Build did not complete and retrying timed out: no progress for \d+s and the source-fetcher job is no longer queued$/,
      );
      await eventually(async () => cancels.uids.includes(build.metadata.uid ?? ''));
      cancels.subscription.unsubscribe();
    }, 20_000);

    it('keeps a build alive while its worker sends heartbeats', async () => {
      await builds.createConfig('beating');
      const build = await builds.instantiate('beating');
      await builds.started(build);
      await builds.until('beating-1', 'Running');

      let n = 0;
      const beat = setInterval(() => void builds.heartbeat(build, n++), 300);
      await new Promise((r) => setTimeout(r, 2500));
      clearInterval(beat);
      expect((await builds.get('beating-1')).status?.phase).toBe('Running');

      const ended = await builds.until('beating-1', 'Error', 8000);
      expect(ended.status?.message).toContain('last heard of in Build from builder-test');
    }, 20_000);
  });
});
