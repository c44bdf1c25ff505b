import { randomBytes } from 'node:crypto';
import type { Build, Status } from '@kiln/build-types';
import type { EventBus } from '@kiln/events';
import { startTestRegistry } from '@kiln/testing';
import type { RegistryServer } from '@kiln/farm';
import {
  aDockerBuildConfig,
  run,
  sharedFarm,
  sleep,
  type Farm,
  type Part,
} from './support/farm.js';
import { RegistryProxy } from './support/registry-proxy.js';
import { connectBus, eventsOfBuild } from './support/streams.js';
import { entriesOf, newEntry } from './support/watch.js';

/**
 * Faults injected into the running farm, one at a time: every build requested still reaches a
 * terminal phase, and a Complete one has exactly one image written to its output.
 */
describe('the farm under faults', () => {
  const farm: Farm = sharedFarm('rel-faults');
  let outside: RegistryServer;
  let out: RegistryProxy;
  let bus: EventBus;

  const gitBc = (name: string, output = `${out.host}/faults/${name}:latest`) =>
    aDockerBuildConfig(name, '', output, {
      source: { type: 'Git', git: { uri: `${farm.gitUrl}faults-app` } },
    });

  /** The distinct image digests written to a repository of the output registry. */
  const pushedDigests = (proxy: RegistryProxy, repository: string): string[] => [
    ...new Set(
      proxy
        .manifestPuts()
        .filter((p) => p.repository === repository)
        .map((p) => p.digest),
    ),
  ];

  const expectCompleteAndPushedOnce = (build: Build, proxy: RegistryProxy, repository: string) => {
    expect({ name: build.metadata.name, phase: build.status?.phase }).toEqual({
      name: build.metadata.name,
      phase: 'Complete',
    });
    expect(pushedDigests(proxy, repository)).toEqual([build.status?.output?.to?.imageDigest]);
  };

  beforeAll(async () => {
    await farm.ensureUp();
    outside = await startTestRegistry();
    out = await RegistryProxy.start(outside.host);
    bus = await connectBus(farm.natsUrl);
    // A few MB of noise make fetching and generating take long enough to be caught mid-job.
    farm.gitRepo('faults-app').commit(
      {
        Dockerfile: `FROM ${farm.base}\nRUN echo built > /built && sleep 2\n`,
        'noise.bin': randomBytes(6 * 1024 * 1024).toString('base64'),
      },
      'app',
    );
  }, 60_000);

  afterAll(async () => {
    await farm.ensureUp();
    await bus?.close();
    await out?.stop();
    await outside?.stop();
  }, 60_000);

  it('survives kill -9 of each service mid-build, one at a time, each restarted', async () => {
    // Each service is killed while it holds a job of its own build, then started again at once;
    // the jobs of killed workers come back after their consumer's ack wait (30-60 s).
    const ackWait: Record<Part, number> = {
      'source-fetcher': 60,
      'dockerfile-generator': 60,
      builder: 30,
      pusher: 60,
      'build-api': 0,
      nats: 0,
      postgres: 0,
      registry: 0,
      'git-daemon': 0,
    };
    const killed: { part: Part; build: string; at: number }[] = [];
    const killMidJob = async (
      part: Part,
      build: string,
      inHand: () => Promise<unknown>,
    ): Promise<void> => {
      await inHand();
      await farm.kill(part);
      killed.push({ part, build, at: Date.now() });
      await farm.restart(part);
    };
    const workerKill = async (part: 'source-fetcher' | 'dockerfile-generator' | 'builder') => {
      const prefix = {
        'source-fetcher': 'fetch-',
        'dockerfile-generator': 'gen-',
        builder: 'build-',
      };
      const before = entriesOf(farm.workDir(part));
      await farm.create('buildconfigs', gitBc(`kill-${part}`));
      const build = await farm.instantiate(`kill-${part}`);
      await killMidJob(part, build, async () => {
        await newEntry(farm.workDir(part), prefix[part], before);
        if (part === 'builder') {
          await sleep(1000); // inside its RUN step
        }
      });
    };

    await workerKill('source-fetcher');
    await workerKill('dockerfile-generator');
    await workerKill('builder');

    await farm.create('buildconfigs', gitBc('kill-pusher'));
    const pushHeld = out.holdNext((req) => (req.url ?? '').startsWith('/v2/faults/kill-pusher/'));
    await killMidJob('pusher', await farm.instantiate('kill-pusher'), () => pushHeld);

    await farm.create('buildconfigs', gitBc('kill-build-api'));
    const apiBuild = await farm.instantiate('kill-build-api');
    await killMidJob('build-api', apiBuild, () => farm.waitPhase(apiBuild, 'Running'));

    for (const { part, build, at } of killed) {
      const ended = await farm.waitTerminal(build, 180_000);
      expectCompleteAndPushedOnce(ended, out, `faults/kill-${part}`);
      // The job was in the killed worker's hands: it came back only after the ack wait, which
      // counts from the job's last heartbeat, at most 5 s before the kill.
      const after = new Date(ended.status?.completionTimestamp ?? 0).getTime() - at;
      expect({ part, waitedLongEnough: after >= (ackWait[part] - 6) * 1000 }).toEqual({
        part,
        waitedLongEnough: true,
      });
      // One outcome per stage: a redelivered job published nothing twice.
      const events = await eventsOfBuild(bus, ended.metadata.uid ?? '');
      const pushed = events.filter((e) => e.subject === 'kiln.v1.stage.push.pushed');
      expect({ part, pushed: pushed.length }).toEqual({ part, pushed: 1 });
    }
  }, 300_000);

  it('keeps the work in flight across a restart of nats-server (JetStream on file storage)', async () => {
    await farm.create('buildconfigs', gitBc('nats-restart'));
    const before = await farm.instantiate('nats-restart');
    await farm.waitPhase(before, 'Running');
    await farm.kill('nats', 'SIGTERM');
    // Accepted while NATS is away: the outbox holds its BuildRequested until NATS is back.
    const during = await farm.instantiate('nats-restart');
    await sleep(2000);
    await farm.restart('nats');
    for (const name of [before, during]) {
      const build = await farm.waitTerminal(name, 180_000);
      expect({ name, phase: build.status?.phase }).toEqual({ name, phase: 'Complete' });
    }
    const digests = pushedDigests(out, 'faults/nats-restart');
    expect(digests).toHaveLength(2);
  }, 240_000);

  it('answers 503 with a Status while PostgreSQL is stopped for 10 s, writes nothing, then resumes', async () => {
    await farm.create('buildconfigs', gitBc('pg-stop'));
    const running = await farm.instantiate('pg-stop');
    await farm.waitPhase(running, 'Running');
    const stoppedAt = Date.now();
    await farm.kill('postgres', 'SIGINT'); // fast shutdown: every connection is cut

    const whileDown = [
      await farm.call('GET', 'builds'),
      await farm.call('GET', `builds/${running}`),
      await farm.call('POST', 'buildconfigs', gitBc('pg-new')),
      await farm.call('POST', 'buildconfigs/pg-stop/instantiate', {
        kind: 'BuildRequest',
        apiVersion: 'build.openshift.io/v1',
        metadata: { name: 'pg-stop' },
      }),
    ];
    for (const response of whileDown) {
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'ServiceUnavailable',
        code: 503,
      } satisfies Partial<Status>);
    }
    expect((await fetch(`${farm.api}/readyz`)).status).toBe(503);
    await sleep(Math.max(0, 10_000 - (Date.now() - stoppedAt)));
    await farm.restart('postgres');

    // What was refused left nothing behind; what was running went on.
    expect((await farm.call('GET', 'buildconfigs/pg-new')).status).toBe(404);
    const config = (
      await farm.call<{ status: { lastVersion: number } }>('GET', 'buildconfigs/pg-stop')
    ).body;
    expect(config.status.lastVersion).toBe(1);
    const build = await farm.waitTerminal(running, 120_000);
    expectCompleteAndPushedOnce(build, out, 'faults/pg-stop');
    const after = await farm.waitTerminal(await farm.instantiate('pg-stop'), 120_000);
    expect(after.metadata.name).toBe('pg-stop-2');
    expect(after.status?.phase).toBe('Complete');
  }, 240_000);

  it('retries a push while the target registry is down: pushed when it returns, PushImageToRegistryFailed when it does not', async () => {
    const flaky = await RegistryProxy.start(outside.host);
    const dead = await RegistryProxy.start(outside.host);
    try {
      await farm.create(
        'buildconfigs',
        gitBc('registry-back', `${flaky.host}/faults/registry-back:latest`),
      );
      await farm.create(
        'buildconfigs',
        gitBc('registry-gone', `${dead.host}/faults/registry-gone:latest`),
      );
      const flakyHit = flaky.holdNext(() => true);
      const deadHit = dead.holdNext(() => true);
      const back = await farm.instantiate('registry-back');
      const gone = await farm.instantiate('registry-gone');
      await Promise.all([
        flakyHit.then(async () => {
          await flaky.down();
          await sleep(3000);
          await flaky.up();
        }),
        deadHit.then(() => dead.down()),
      ]);

      const recovered = await farm.waitTerminal(back, 120_000);
      expectCompleteAndPushedOnce(recovered, flaky, 'faults/registry-back');
      const failed = await farm.waitTerminal(gone, 120_000);
      expect(failed.status).toMatchObject({ phase: 'Failed', reason: 'PushImageToRegistryFailed' });
      expect(failed.status?.message).toContain(`${dead.host}/faults/registry-gone:latest`);
      expect(dead.manifestPuts()).toEqual([]);
    } finally {
      await Promise.all([flaky.stop(), dead.stop()]);
    }
  }, 180_000);

  it("fails a build that fills the builder's storage with a reason, and keeps building others", async () => {
    const storage = `${farm.descriptor.stateDir}/buildah`;
    const builderPid = farm.pid('builder');
    // Twice: Buildah sometimes cleans up after itself on a full disk and sometimes cannot.
    for (const name of ['disk-filler', 'disk-filler-again']) {
      await farm.create(
        'buildconfigs',
        aDockerBuildConfig(
          name,
          `FROM ${farm.base}\nRUN dd if=/dev/zero of=/fill bs=1M count=1024\n`,
          `${out.host}/faults/${name}:latest`,
        ),
      );
      const filled = await farm.waitTerminal(await farm.instantiate(name), 120_000);
      expect(filled.status).toMatchObject({ phase: 'Failed', reason: 'DockerBuildFailed' });
      expect(filled.status?.logSnippet).toMatch(/no space left on device/i);
      expect(pushedDigests(out, `faults/${name}`)).toEqual([]);
      // The failed build's data is gone: the space is free again.
      const { stdout } = await run('df', ['--output=pcent', storage]);
      expect(Number(/(\d+)%/.exec(stdout)?.[1])).toBeLessThan(50);
    }
    await farm.create(
      'buildconfigs',
      aDockerBuildConfig(
        'after-full',
        `FROM ${farm.base}\nRUN echo still building > /ok\n`,
        `${out.host}/faults/after-full:latest`,
      ),
    );
    const next = await farm.waitTerminal(await farm.instantiate('after-full'), 120_000);
    expectCompleteAndPushedOnce(next, out, 'faults/after-full');
    expect(farm.pid('builder')).toBe(builderPid);
  }, 180_000);
});
