import type { INestApplication } from '@nestjs/common';
import { bootstrapService, listeningPort } from '@kiln/service-kit';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppModule } from '../src/app.module.js';
import { configureBodyParsers } from '../src/http/body-parsers.js';
import { ChangeFeed } from '../src/http/watch/change-feed.js';
import { aBuildConfig, bcPath, buildPath } from './factories.js';
import { startBuildApi, type BuildApiHarness } from './harness.js';
import { openWatch, type WatchEvent } from './watch-reader.js';

type Obj = {
  kind?: string;
  apiVersion?: string;
  metadata: { name: string; resourceVersion: string; labels?: Record<string, string> };
  status?: { phase?: string };
  code?: number;
  reason?: string;
};
type List = { metadata: { resourceVersion: string; continue?: string }; items: Obj[] };

const summary = (e: WatchEvent<Obj>) => `${e.type} ${e.object.metadata.name}`;

describe('lists and watches', () => {
  let api: BuildApiHarness;
  beforeAll(async () => {
    api = await startBuildApi();
  });
  afterAll(async () => {
    await api.stop();
  });

  const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;
  const list = async (path: string) => {
    const response = await api.request('GET', path);
    expect(response.status).toBe(200);
    return json<List>(response);
  };
  const names = (l: List) => l.items.map((i) => i.metadata.name);
  const createBc = async (ns: string, name: string, labels?: Record<string, string>) => {
    const response = await api.request('POST', bcPath(ns), {
      body: aBuildConfig(name, {}, labels ? { labels } : {}),
    });
    expect(response.status).toBe(201);
  };
  const label = (ns: string, name: string, labels: Record<string, string | null>) =>
    api.request('PATCH', bcPath(ns, name), {
      body: { metadata: { labels } },
      contentType: 'application/merge-patch+json',
    });
  const instantiate = (ns: string, name: string) =>
    api.request('POST', `${bcPath(ns, name)}/instantiate`, {
      body: { kind: 'BuildRequest', metadata: { name } },
    });
  const watch = async (path: string, base = api.url) => {
    const { response, events } = await openWatch<Obj>(`${base}${path}`, api.tokens.admin);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    return events;
  };

  describe('lists', () => {
    beforeAll(async () => {
      await createBc('l', 'web-1', { app: 'web', tier: 'front' });
      await createBc('l', 'web-2', { app: 'web' });
      await createBc('l', 'api-1', { app: 'api', tier: 'back' });
      await createBc('l', 'plain');
      await createBc('l', 'db-1', { app: 'db' });
    });

    it.each([
      ['app in (web,api)', ['api-1', 'web-1', 'web-2']],
      ['app notin (web)', ['api-1', 'db-1', 'plain']],
      ['app!=web', ['api-1', 'db-1', 'plain']],
      ['app==web', ['web-1', 'web-2']],
      ['tier', ['api-1', 'web-1']],
      ['!tier', ['db-1', 'plain', 'web-2']],
      ['app=web,tier', ['web-1']],
    ])('selects BuildConfigs by labelSelector %s', async (selector, expected) => {
      const l = await list(`${bcPath('l')}?labelSelector=${encodeURIComponent(selector)}`);
      expect(names(l)).toEqual(expected);
    });

    it('answers 400 to a selector it cannot parse', async () => {
      const response = await api.request('GET', `${bcPath('l')}?labelSelector=a%20in%20(`);
      expect(response.status).toBe(400);
    });

    it("pages with limit and an opaque continue token, at the first page's version", async () => {
      const first = await list(`${bcPath('l')}?limit=2`);
      expect(names(first)).toEqual(['api-1', 'db-1']);
      expect(first.metadata.continue).toBeDefined();
      expect(first.metadata.continue).not.toContain('db-1');
      await createBc('l', 'zz-later');
      const second = await list(
        `${bcPath('l')}?limit=2&continue=${encodeURIComponent(first.metadata.continue!)}`,
      );
      expect(names(second)).toEqual(['plain', 'web-1']);
      expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
      const third = await list(
        `${bcPath('l')}?limit=2&continue=${encodeURIComponent(second.metadata.continue!)}`,
      );
      expect(names(third)).toEqual(['web-2', 'zz-later']);
      expect(third.metadata.continue).toBeUndefined();
    });

    it('pages through a selection without empty pages', async () => {
      const first = await list(`${bcPath('l')}?limit=2&labelSelector=!tier`);
      const rest = await list(
        `${bcPath('l')}?limit=2&labelSelector=!tier&continue=${encodeURIComponent(first.metadata.continue!)}`,
      );
      expect([...names(first), ...names(rest)]).toEqual(['db-1', 'plain', 'web-2', 'zz-later']);
      expect(rest.metadata.continue).toBeUndefined();
    });

    it('answers 400 to a continue token it did not issue', async () => {
      expect((await api.request('GET', `${bcPath('l')}?continue=db-1`)).status).toBe(400);
    });

    describe('of builds', () => {
      beforeAll(async () => {
        await createBc('l', 'fs');
        for (let i = 0; i < 3; i++) {
          expect((await instantiate('l', 'fs')).status).toBe(201);
        }
      });

      it.each([
        ['status.phase=New', ['fs-2', 'fs-3']],
        ['status.phase!=New', ['fs-1']],
        ['status=Pending', ['fs-1']],
        ['metadata.name=fs-2', ['fs-2']],
        ['metadata.name!=fs-2,status.phase=New', ['fs-3']],
      ])('selects by fieldSelector %s', async (selector, expected) => {
        const l = await list(`${buildPath('l')}?fieldSelector=${encodeURIComponent(selector)}`);
        expect(names(l)).toEqual(expected);
      });

      it('lists builds, rendered by the store, exactly as GET shows each one, and pages them', async () => {
        // No selection, equality labels and phase go the store-rendered path; each item must be
        // the object GET returns, with kind and apiVersion.
        const all = await list(buildPath('l'));
        expect(names(all)).toEqual(['fs-1', 'fs-2', 'fs-3']);
        for (const item of all.items) {
          const one = await json<Obj>(await api.request('GET', buildPath('l', item.metadata.name)));
          expect(item).toEqual({ kind: 'Build', apiVersion: 'build.openshift.io/v1', ...one });
        }
        const paged: string[] = [];
        const versions = new Set<string>();
        let next: string | undefined;
        do {
          const page = await list(
            `${buildPath('l')}?limit=1&labelSelector=${encodeURIComponent('openshift.io/build-config.name=fs')}${next ? `&continue=${encodeURIComponent(next)}` : ''}`,
          );
          paged.push(...names(page));
          versions.add(page.metadata.resourceVersion);
          next = page.metadata.continue;
        } while (next);
        expect(paged).toEqual(['fs-1', 'fs-2', 'fs-3']);
        expect(versions.size).toBe(1);
        const exact = await list(`${buildPath('l')}?limit=3`);
        expect(names(exact)).toEqual(['fs-1', 'fs-2', 'fs-3']);
        expect(exact.metadata.continue).toBeUndefined();
      });

      it('answers 400 to a field builds cannot be selected on', async () => {
        const response = await api.request('GET', `${buildPath('l')}?fieldSelector=spec.output=x`);
        expect(response.status).toBe(400);
      });

      it('combines label and field selectors, and pages', async () => {
        const selector = encodeURIComponent('openshift.io/build-config.name in (fs,other)');
        const first = await list(`${buildPath('l')}?labelSelector=${selector}&limit=2`);
        const rest = await list(
          `${buildPath('l')}?labelSelector=${selector}&limit=2&continue=${encodeURIComponent(first.metadata.continue!)}`,
        );
        expect([...names(first), ...names(rest)]).toEqual(['fs-1', 'fs-2', 'fs-3']);
        expect(first.items[0]?.kind).toBe('Build');
      });
    });
  });

  describe('watch=true', () => {
    it('streams ADDED, MODIFIED and DELETED after the list it starts from', async () => {
      const start = await list(bcPath('w'));
      const events = await watch(
        `${bcPath('w')}?watch=true&resourceVersion=${start.metadata.resourceVersion}`,
      );
      await createBc('w', 'w1');
      expect((await label('w', 'w1', { stage: 'two' })).status).toBe(200);
      expect((await api.request('DELETE', bcPath('w', 'w1'))).status).toBe(200);
      const seen = [await events.next(), await events.next(), await events.next()];
      events.close();
      expect(seen.map(summary)).toEqual(['ADDED w1', 'MODIFIED w1', 'DELETED w1']);
      expect(seen[0]?.object).toMatchObject({
        kind: 'BuildConfig',
        apiVersion: 'build.openshift.io/v1',
      });
      expect(seen[1]?.object.metadata.labels).toEqual({ stage: 'two' });
      const versions = seen.map((e) => Number(e.object.metadata.resourceVersion));
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
    });

    it('replays what happened after a resourceVersion, then goes on live', async () => {
      const start = await list(bcPath('w'));
      await createBc('w', 'r1');
      await label('w', 'r1', { x: '1' });
      await createBc('w', 'r2');
      const events = await watch(
        `${bcPath('w')}?watch=true&resourceVersion=${start.metadata.resourceVersion}`,
      );
      const replayed = [await events.next(), await events.next(), await events.next()];
      expect(replayed.map(summary)).toEqual(['ADDED r1', 'MODIFIED r1', 'ADDED r2']);
      await createBc('w', 'r3');
      expect(summary(await events.next())).toBe('ADDED r3');
      events.close();
    });

    it('starts with the current objects as ADDED when given no resourceVersion', async () => {
      await createBc('w0', 'here-1');
      await createBc('w0', 'here-2');
      const events = await watch(`${bcPath('w0')}?watch=true`);
      expect((await events.drain()).map(summary)).toEqual(['ADDED here-1', 'ADDED here-2']);
      await createBc('w0', 'here-3');
      expect(summary(await events.next())).toBe('ADDED here-3');
      events.close();
    });

    it('honours a label selector: objects entering and leaving it are ADDED and DELETED', async () => {
      const start = await list(bcPath('ws'));
      const events = await watch(
        `${bcPath('ws')}?watch=true&labelSelector=app%3Dweb&resourceVersion=${start.metadata.resourceVersion}`,
      );
      await createBc('ws', 'sel');
      await label('ws', 'sel', { app: 'web' });
      await label('ws', 'sel', { app: 'db' });
      await createBc('ws', 'other', { app: 'db' });
      await createBc('ws', 'sel2', { app: 'web' });
      expect((await events.drain()).map(summary)).toEqual([
        'ADDED sel',
        'DELETED sel',
        'ADDED sel2',
      ]);
      events.close();
    });

    it('watches one build by field selector until it is cancelled', async () => {
      await createBc('wb', 'wb');
      const start = await list(buildPath('wb'));
      const events = await watch(
        `${buildPath('wb')}?watch=true&fieldSelector=metadata.name%3Dwb-1&resourceVersion=${start.metadata.resourceVersion}`,
      );
      expect((await instantiate('wb', 'wb')).status).toBe(201);
      expect((await instantiate('wb', 'wb')).status).toBe(201);
      const cancel = await api.request('PUT', buildPath('wb', 'wb-1'), {
        body: {
          ...(await json<Obj>(await api.request('GET', buildPath('wb', 'wb-1')))),
          status: { cancelled: true },
        },
      });
      expect(cancel.status).toBe(200);
      const seen = await events.drain();
      expect(new Set(seen.map((e) => e.object.metadata.name))).toEqual(new Set(['wb-1']));
      expect(seen[0]?.type).toBe('ADDED');
      expect(seen.map((e) => e.object.status?.phase)).toEqual(['New', 'Pending', 'Cancelled']);
      events.close();
    });

    it('ends when timeoutSeconds pass', async () => {
      const events = await watch(`${bcPath('w')}?watch=true&timeoutSeconds=1`);
      expect(await events.ended(4000)).toBe(true);
    });

    it('leaves nothing running once the client disconnects', async () => {
      const feed = api.app.get(ChangeFeed);
      const before = feed.watchers;
      const events = await watch(`${bcPath('w')}?watch=true`);
      await events.drain(300);
      expect(feed.watchers).toBe(before + 1);
      events.close();
      for (let i = 0; i < 50 && feed.watchers > before; i++) {
        await sleep(100);
      }
      expect(feed.watchers).toBe(before);
    });

    it('sees a change made through another replica', async () => {
      const replica: INestApplication = await bootstrapService(AppModule.forRoot(api.config), {
        name: 'build-api',
        host: '127.0.0.1',
        port: 0,
        logLevel: 'error',
        configure: configureBodyParsers,
      });
      try {
        const start = await list(bcPath('wr'));
        const events = await watch(
          `${bcPath('wr')}?watch=true&resourceVersion=${start.metadata.resourceVersion}`,
          `http://127.0.0.1:${listeningPort(replica)}`,
        );
        await createBc('wr', 'elsewhere');
        const event = await events.next(3000);
        expect(summary(event)).toBe('ADDED elsewhere');
        events.close();
      } finally {
        await replica.close();
      }
    });

    it('answers 410 Gone to a resourceVersion whose history was pruned', async () => {
      const start = await list(bcPath('wg'));
      await createBc('wg', 'g1');
      await createBc('wg', 'g2');
      expect(await api.app.get(ChangeFeed).prune(new Date(Date.now() + 60_000))).toBeGreaterThan(0);
      const response = await api.request(
        'GET',
        `${bcPath('wg')}?watch=true&resourceVersion=${start.metadata.resourceVersion}`,
      );
      const status = await json<Obj>(response);
      expect(response.status).toBe(410);
      expect(status).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
      // The newest version survives pruning: a watch from a fresh list still works.
      const fresh = await list(bcPath('wg'));
      const events = await watch(
        `${bcPath('wg')}?watch=true&resourceVersion=${fresh.metadata.resourceVersion}`,
      );
      await createBc('wg', 'g3');
      expect(summary(await events.next())).toBe('ADDED g3');
      events.close();
    });
  });
});
