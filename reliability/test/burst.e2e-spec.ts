import type { Build } from '@kiln/build-types';
import type { EventBus } from '@kiln/events';
import type { RegistryServer } from '@kiln/farm';
import { startTestRegistry } from '@kiln/testing';
import { aDockerBuildConfig, isTerminal, sharedFarm, sleep, type Farm } from './support/farm.js';
import { RegistryProxy } from './support/registry-proxy.js';
import { connectBus, readStream } from './support/streams.js';

const BUILDS = 200;
const CONFIGS = 10;
/** The builder is killed once this many builds are done: mid-burst, with builds in its hands. */
const KILL_AFTER = 40;

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

/** 200 instantiates at once over the API across 10 BuildConfigs; the builder dies mid-burst. */
describe('a burst of builds while the builder is killed', () => {
  const farm: Farm = sharedFarm('rel-burst');
  let outside: RegistryServer;
  let out: RegistryProxy;
  let bus: EventBus;

  beforeAll(async () => {
    await farm.ensureUp();
    outside = await startTestRegistry();
    out = await RegistryProxy.start(outside.host);
    bus = await connectBus(farm.natsUrl);
    for (let i = 0; i < CONFIGS; i++) {
      await farm.create(
        'buildconfigs',
        aDockerBuildConfig(
          `burst-${i}`,
          `FROM ${farm.base}\nRUN echo ${i} > /n\n`,
          `${out.host}/burst/app-${i}:latest`,
          // Keep every build: the default history limit (5) would prune most of the burst.
          { successfulBuildsHistoryLimit: BUILDS, failedBuildsHistoryLimit: BUILDS },
        ),
      );
    }
  }, 60_000);

  afterAll(async () => {
    await farm.ensureUp();
    await bus?.close();
    await out?.stop();
    await outside?.stop();
  }, 60_000);

  it(`ends all ${BUILDS} builds, each Complete one pushed exactly once`, async () => {
    const started = Date.now();
    const latencies: number[] = [];
    const names = await Promise.all(
      Array.from({ length: BUILDS }, async (_, i) => {
        const sent = Date.now();
        const name = await farm.instantiate(`burst-${i % CONFIGS}`);
        latencies.push(Date.now() - sent);
        return name;
      }),
    );
    const accepted = Date.now() - started;

    const list = async (): Promise<Build[]> =>
      (await farm.call<{ items: Build[] }>('GET', 'builds')).body.items ?? [];
    let killedAt = 0;
    let builds: Build[];
    for (;;) {
      builds = await list();
      const done = builds.filter(isTerminal).length;
      if (!killedAt && done >= KILL_AFTER) {
        await farm.kill('builder');
        killedAt = Date.now();
        await farm.restart('builder');
      }
      if (done === BUILDS) {
        break;
      }
      if (Date.now() - started > 400_000) {
        throw new Error(`after 400 s only ${done} of ${BUILDS} builds ended`);
      }
      await sleep(1000);
    }
    const finished = Date.now() - started;

    expect(builds.map((b) => b.metadata.name).sort()).toEqual([...names].sort());
    const phases: Record<string, number> = {};
    for (const b of builds) {
      phases[b.status?.phase ?? '?'] = (phases[b.status?.phase ?? '?'] ?? 0) + 1;
    }
    expect(phases).toEqual({ Complete: BUILDS });

    // Exactly one image written per Complete build: its own digest, and no other digest.
    const puts = out.manifestPuts();
    for (let i = 0; i < CONFIGS; i++) {
      const expected = builds
        .filter((b) => b.status?.config?.name === `burst-${i}`)
        .map((b) => b.status?.output?.to?.imageDigest)
        .sort();
      const written = [
        ...new Set(puts.filter((p) => p.repository === `burst/app-${i}`).map((p) => p.digest)),
      ].sort();
      expect({ config: i, written }).toEqual({ config: i, written: expected });
    }
    // Only the builder was killed: no push was repeated either.
    expect(puts.filter((p) => p.repository.startsWith('burst/'))).toHaveLength(BUILDS);
    const uids = new Set(builds.map((b) => b.metadata.uid));
    const pushedEvents = (await readStream(bus, 'KILN_EVENTS', 'kiln.v1.stage.push.pushed'))
      .map((m) => (JSON.parse(m.data) as { data: { build: { uid: string } } }).data.build.uid)
      .filter((uid) => uids.has(uid));
    expect(pushedEvents).toHaveLength(BUILDS);
    expect(new Set(pushedEvents).size).toBe(BUILDS);

    const durations = builds.map(
      (b) =>
        new Date(b.status?.completionTimestamp ?? 0).getTime() -
        new Date(b.metadata.creationTimestamp ?? 0).getTime(),
    );
    const figures = {
      builds: BUILDS,
      buildConfigs: CONFIGS,
      phases,
      acceptedAllMs: accepted,
      instantiateP50Ms: percentile(latencies, 50),
      instantiateP99Ms: percentile(latencies, 99),
      builderKilledAtMs: killedAt - started,
      allTerminalMs: finished,
      buildsPerMinute: Math.round((BUILDS / finished) * 60_000),
      buildDurationP50Ms: percentile(durations, 50),
      buildDurationMaxMs: Math.max(...durations),
      manifestWrites: puts.filter((p) => p.repository.startsWith('burst/')).length,
    };
    process.stdout.write(`burst figures: ${JSON.stringify(figures)}\n`);
  }, 480_000);
});
