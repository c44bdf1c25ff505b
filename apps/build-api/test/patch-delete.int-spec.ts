import { Subjects } from '@kiln/events';
import pg from 'pg';
import { aBuildConfig, bcPath, buildPath } from './factories.js';
import { startBuildApi, type BuildApiHarness } from './harness.js';

type Meta = {
  name: string;
  resourceVersion: string;
  uid: string;
  labels?: Record<string, string>;
  ownerReferences?: { uid: string }[];
};
type Obj = {
  metadata: Meta;
  spec: Record<string, unknown> & { strategy?: { dockerStrategy?: { env?: unknown[] } } };
  status?: { phase?: string; lastVersion?: number; cancelled?: boolean };
};
type Status = {
  kind: string;
  code: number;
  reason: string;
  details?: { causes?: { field: string }[] };
};

const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';

describe('PATCH and DELETE', () => {
  let api: BuildApiHarness;
  let db: pg.Client;

  beforeAll(async () => {
    api = await startBuildApi();
    db = new pg.Client({ connectionString: api.postgres.url });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await api.stop();
  });

  const json = async <T = Obj>(response: Response): Promise<T> => (await response.json()) as T;
  const patch = (path: string, body: unknown, contentType = MERGE) =>
    api.request('PATCH', path, { body, contentType });
  const createBc = async (name: string, spec: Record<string, unknown> = {}) => {
    const response = await api.request('POST', bcPath('a'), { body: aBuildConfig(name, spec) });
    expect(response.status).toBe(201);
    return json(response);
  };
  const instantiate = async (name: string) => {
    const response = await api.request('POST', `${bcPath('a', name)}/instantiate`, {
      body: { kind: 'BuildRequest', metadata: { name } },
    });
    expect(response.status).toBe(201);
    return json(response);
  };
  const outbox = async (subject: string, uid: string) =>
    (
      await db.query<{ payload: unknown }>(
        `SELECT payload FROM outbox WHERE subject = $1 AND payload->'build'->>'uid' = $2`,
        [subject, uid],
      )
    ).rows;

  describe('BuildConfigs', () => {
    it('applies a merge patch and validates the result like a PUT', async () => {
      const created = await createBc('merge');
      const response = await patch(bcPath('a', 'merge'), {
        metadata: { labels: { team: 'web' } },
        spec: { strategy: { dockerStrategy: { env: [{ name: 'A', value: '1' }] } } },
      });
      const patched = await json(response);
      expect(response.status).toBe(200);
      expect(patched.metadata.labels).toEqual({ team: 'web' });
      expect(patched.spec.strategy?.dockerStrategy?.env).toEqual([{ name: 'A', value: '1' }]);
      expect(Number(patched.metadata.resourceVersion)).toBeGreaterThan(
        Number(created.metadata.resourceVersion),
      );
      expect(await json(await api.request('GET', bcPath('a', 'merge')))).toEqual(patched);
    });

    it('answers 422 with the field path when the patched object is invalid', async () => {
      await createBc('invalid');
      const response = await patch(bcPath('a', 'invalid'), {
        spec: { strategy: { dockerStrategy: { env: [{ name: '1bad' }] } } },
      });
      const status = await json<Status>(response);
      expect(response.status).toBe(422);
      expect(status.details?.causes?.map((c) => c.field)).toContain(
        'spec.strategy.dockerStrategy.env[0].name',
      );
    });

    it('applies a JSON patch, and refuses all of it when a test fails (422)', async () => {
      await createBc('jsonpatch');
      const ok = await patch(
        bcPath('a', 'jsonpatch'),
        [
          { op: 'test', path: '/spec/runPolicy', value: 'Serial' },
          { op: 'replace', path: '/spec/runPolicy', value: 'Parallel' },
          { op: 'add', path: '/metadata/labels', value: { a: 'b' } },
        ],
        JSON_PATCH,
      );
      expect(ok.status).toBe(200);
      expect((await json(ok)).spec.runPolicy).toBe('Parallel');

      const failed = await patch(
        bcPath('a', 'jsonpatch'),
        [
          { op: 'replace', path: '/spec/runPolicy', value: 'Serial' },
          { op: 'test', path: '/metadata/labels/a', value: 'not-b' },
        ],
        JSON_PATCH,
      );
      expect(failed.status).toBe(422);
      expect((await json<Status>(failed)).reason).toBe('Invalid');
      expect((await json(await api.request('GET', bcPath('a', 'jsonpatch')))).spec.runPolicy).toBe(
        'Parallel',
      );
    });

    it('reads a strategic merge patch as a merge patch, without its directives', async () => {
      await createBc('strategic');
      const response = await patch(
        bcPath('a', 'strategic'),
        { $retainKeys: ['spec'], spec: { runPolicy: 'SerialLatestOnly' } },
        STRATEGIC,
      );
      const patched = await json(response);
      expect(response.status).toBe(200);
      expect(patched.spec.runPolicy).toBe('SerialLatestOnly');
      expect(patched).not.toHaveProperty('$retainKeys');
    });

    it('answers 409 to a patch carrying a stale resourceVersion', async () => {
      const created = await createBc('stale-patch');
      expect(
        (await patch(bcPath('a', 'stale-patch'), { metadata: { labels: { x: '1' } } })).status,
      ).toBe(200);
      const response = await patch(bcPath('a', 'stale-patch'), {
        metadata: { resourceVersion: created.metadata.resourceVersion, labels: { x: '2' } },
      });
      expect(response.status).toBe(409);
      expect((await json<Status>(response)).reason).toBe('Conflict');
    });

    it('keeps status.lastVersion: numbering never goes back', async () => {
      await createBc('numbers');
      await instantiate('numbers');
      const response = await patch(bcPath('a', 'numbers'), { status: { lastVersion: 0 } });
      expect((await json(response)).status?.lastVersion).toBe(1);
    });

    it('answers 415 to a PATCH that is not a patch type, and 404 to a missing object', async () => {
      await createBc('mediatype');
      const wrongType = await patch(bcPath('a', 'mediatype'), { spec: {} }, 'application/json');
      expect(wrongType.status).toBe(415);
      expect((await patch(bcPath('a', 'nope'), { spec: {} })).status).toBe(404);
    });
  });

  describe('Builds', () => {
    it("changes a build's labels by merge patch, and cancels on status.cancelled", async () => {
      await createBc('patch-build');
      const build = await instantiate('patch-build');
      const labelled = await patch(buildPath('a', build.metadata.name), {
        metadata: { labels: { keep: 'yes' } },
      });
      expect(labelled.status).toBe(200);
      expect((await json(labelled)).metadata.labels).toMatchObject({ keep: 'yes' });

      const cancelled = await patch(buildPath('a', build.metadata.name), {
        status: { cancelled: true },
      });
      expect((await json(cancelled)).status).toMatchObject({ phase: 'Cancelled', cancelled: true });
      expect(await outbox(Subjects.BuildCancelRequested, build.metadata.uid)).toHaveLength(1);
    });

    it('still cancels with a PUT of status.cancelled, as oc cancel-build does', async () => {
      await createBc('put-cancel');
      const build = await instantiate('put-cancel');
      const response = await api.request('PUT', buildPath('a', build.metadata.name), {
        body: { ...build, status: { ...build.status, cancelled: true } },
      });
      expect((await json(response)).status?.phase).toBe('Cancelled');
    });

    it("refuses a change to a build's spec with 422", async () => {
      await createBc('immutable');
      const build = await instantiate('immutable');
      const response = await patch(
        buildPath('a', build.metadata.name),
        [{ op: 'replace', path: '/spec/source', value: { dockerfile: 'FROM other' } }],
        JSON_PATCH,
      );
      expect(response.status).toBe(422);
    });
  });

  describe('DELETE', () => {
    it('deletes a BuildConfig with its builds, cancelling the one that runs', async () => {
      await createBc('cascade');
      const running = await instantiate('cascade');
      const queued = await instantiate('cascade');
      expect(running.status?.phase).toBe('Pending');
      expect(queued.status?.phase).toBe('New');

      const response = await api.request('DELETE', bcPath('a', 'cascade'));
      expect(response.status).toBe(200);
      expect((await json<{ status: string }>(response)).status).toBe('Success');
      expect((await api.request('GET', bcPath('a', 'cascade'))).status).toBe(404);
      for (const build of [running, queued]) {
        expect((await api.request('GET', buildPath('a', build.metadata.name))).status).toBe(404);
      }
      expect(await outbox(Subjects.BuildCancelRequested, running.metadata.uid)).toHaveLength(1);
      // The queued build is not started on its way out.
      expect(await outbox(Subjects.BuildRequested, queued.metadata.uid)).toHaveLength(0);
    });

    it.each([
      ['the query', '?propagationPolicy=Orphan', undefined],
      ['a DeleteOptions body', '', { kind: 'DeleteOptions', propagationPolicy: 'Orphan' }],
    ])(
      'keeps the builds, no longer owned, when told to orphan them in %s',
      async (_, query, body) => {
        const name = `orphan${query ? 'q' : 'b'}`;
        const config = await createBc(name);
        const build = await instantiate(name);
        expect(build.metadata.ownerReferences?.[0]?.uid).toBe(config.metadata.uid);

        const response = await api.request('DELETE', `${bcPath('a', name)}${query}`, { body });
        expect(response.status).toBe(200);
        const kept = await api.request('GET', buildPath('a', build.metadata.name));
        expect(kept.status).toBe(200);
        expect((await json(kept)).metadata.ownerReferences).toEqual([]);
      },
    );

    it('answers 409 when a precondition does not hold', async () => {
      await createBc('precondition');
      const response = await api.request('DELETE', bcPath('a', 'precondition'), {
        body: { kind: 'DeleteOptions', preconditions: { uid: 'not-its-uid' } },
      });
      expect(response.status).toBe(409);
      expect((await api.request('GET', bcPath('a', 'precondition'))).status).toBe(200);
    });

    it('deletes a running build after cancelling it, and the next one starts', async () => {
      await createBc('delete-build');
      const first = await instantiate('delete-build');
      const second = await instantiate('delete-build');

      const response = await api.request('DELETE', buildPath('a', first.metadata.name));
      expect(response.status).toBe(200);
      expect((await api.request('GET', buildPath('a', first.metadata.name))).status).toBe(404);
      expect(await outbox(Subjects.BuildCancelRequested, first.metadata.uid)).toHaveLength(1);
      const next = await json(await api.request('GET', buildPath('a', second.metadata.name)));
      expect(next.status?.phase).toBe('Pending');
      expect((await api.request('DELETE', buildPath('a', first.metadata.name))).status).toBe(404);
    });
  });
});
