import type { Build } from '@kiln/build-types';
import { EventBus, Subjects } from '@kiln/events';
import pg from 'pg';
import { startBuildApiProcess, type BuildApiProcess } from './build-api-process.js';
import { eventually } from './build-driver.js';
import { aBuildConfig, bcPath, buildPath } from './factories.js';

/** Every event on `subject` about the build `uid` stored in KILN_EVENTS, read one by one. */

describe('crash safety of build state and its events', () => {
  let api: BuildApiProcess;
  let bus: EventBus | undefined;
  beforeAll(async () => {
    api = await startBuildApiProcess();
  }, 60_000);
  afterAll(async () => {
    await bus?.close();
    await api?.stop();
  });

  it('delivers the event of a change committed while NATS was down exactly once, across kill -9', async () => {
    const created = await api.request('POST', bcPath('a'), aBuildConfig('crash'));
    expect(created.status).toBe(201);

    // NATS goes away: the instantiate commits, the relay cannot publish its events.
    await api.stopNats();
    const response = await api.request('POST', `${bcPath('a', 'crash')}/instantiate`, {
      kind: 'BuildRequest',
      metadata: { name: 'crash' },
    });
    expect(response.status).toBe(201);
    const build = (await response.json()) as Build;
    const uid = build.metadata.uid ?? '';
    expect(build.status?.phase).toBe('Pending');
    await new Promise((r) => setTimeout(r, 1500));

    await api.kill('SIGKILL');
    await api.startNats();
    await api.start();

    const read = (await (await api.request('GET', buildPath('a', 'crash-1'))).json()) as Build;
    expect(read.status?.phase).toBe('Pending');
    bus = await EventBus.connect(api.natsUrl, 'crash-test');
    await eventually(
      async () => (await bus!.storedEvents(Subjects.BuildRequested, uid)).length > 0,
      15_000,
      () => `BuildRequested for ${uid} never arrived:\n${api.log()}`,
    );
    // The relay polls every second: give it time to publish a second copy, were it to.
    await new Promise((r) => setTimeout(r, 2500));
    expect(await bus.storedEvents(Subjects.BuildRequested, uid)).toHaveLength(1);
    const phases = await bus.storedEvents(Subjects.BuildPhaseChanged, uid);
    expect(phases.map((e) => e.data.phase)).toEqual(['Pending']);
  }, 60_000);

  it('does not duplicate an event published just before a crash kept it from being marked', async () => {
    await api.request('POST', bcPath('a'), aBuildConfig('crash-late', { runPolicy: 'Parallel' }));
    const response = await api.request('POST', `${bcPath('a', 'crash-late')}/instantiate`, {});
    const uid = ((await response.json()) as Build).metadata.uid ?? '';
    await eventually(
      async () => (await bus!.storedEvents(Subjects.BuildRequested, uid)).length === 1,
    );
    await api.kill('SIGKILL');

    // As if build-api had died between publishing and committing `published_at`.
    const db = new pg.Client({ connectionString: api.postgres.url });
    await db.connect();
    await db.query(`UPDATE outbox SET published_at = NULL WHERE msg_id LIKE $1`, [`${uid}:%`]);
    await api.start();
    await eventually(async () => {
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM outbox WHERE msg_id LIKE $1 AND published_at IS NULL`,
        [`${uid}:%`],
      );
      return rows[0]?.n === '0';
    });
    await db.end();

    expect(await bus!.storedEvents(Subjects.BuildRequested, uid)).toHaveLength(1);
  }, 60_000);
});
