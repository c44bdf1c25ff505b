import { DataSource } from 'typeorm';
import { aBuildConfig, bcPath, buildPath } from './factories.js';
import { startBuildApi, type BuildApiHarness } from './harness.js';

type Namespace = {
  kind: string;
  metadata: {
    name: string;
    uid: string;
    labels: Record<string, string>;
    deletionTimestamp?: string;
  };
  status: { phase: string };
};

const NS = '/api/v1/namespaces';

describe('Namespaces API', () => {
  let api: BuildApiHarness;
  beforeAll(async () => {
    api = await startBuildApi();
  });
  afterAll(async () => {
    await api.stop();
  });

  const names = async (token?: string) =>
    ((await (await api.request('GET', NS, { token })).json()) as { items: Namespace[] }).items.map(
      (n) => n.metadata.name,
    );

  it('creates a namespace as Kubernetes answers it', async () => {
    const response = await api.request('POST', NS, {
      body: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'team-x', labels: { tier: 'dev' } },
      },
    });
    const created = (await response.json()) as Namespace;
    expect(response.status).toBe(201);
    expect(created).toMatchObject({
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: {
        name: 'team-x',
        labels: { tier: 'dev', 'kubernetes.io/metadata.name': 'team-x' },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    const again = await api.request('POST', NS, { body: { metadata: { name: 'team-x' } } });
    expect(again.status).toBe(409);
    const read = (await (await api.request('GET', `${NS}/team-x`)).json()) as Namespace;
    expect(read.metadata.uid).toBe(created.metadata.uid);
  });

  it('answers 422 for a name that is not a DNS-1123 label', async () => {
    const response = await api.request('POST', NS, { body: { metadata: { name: 'Team_X' } } });
    expect(response.status).toBe(422);
    const status = (await response.json()) as { details: { causes: { field: string }[] } };
    expect(status.details.causes.map((c) => c.field)).toEqual(['metadata.name']);
  });

  it('lets only admin tokens create or delete namespaces', async () => {
    const create = await api.request('POST', NS, {
      body: { metadata: { name: 'a' } },
      token: api.tokens.editAB,
    });
    expect(create.status).toBe(403);
    await api.request('POST', bcPath('a'), { body: aBuildConfig('keep') });
    const remove = await api.request('DELETE', `${NS}/a`, { token: api.tokens.editAB });
    expect(remove.status).toBe(403);
    expect((await api.request('GET', bcPath('a', 'keep'))).status).toBe(200);
  });

  it('still creates a namespace on first use', async () => {
    const response = await api.request('POST', bcPath('b'), {
      body: aBuildConfig('first'),
      token: api.tokens.editB,
    });
    expect(response.status).toBe(201);
    expect((await api.request('GET', `${NS}/b`, { token: api.tokens.editB })).status).toBe(200);
  });

  it('lists only the namespaces the token may see', async () => {
    await api.request('POST', NS, { body: { metadata: { name: 'private' } } });
    await api.request('POST', bcPath('a'), { body: aBuildConfig('seen') });
    expect(await names()).toEqual(expect.arrayContaining(['a', 'b', 'private', 'team-x']));
    expect(await names(api.tokens.viewA)).toEqual(['a']);
    expect(await names(api.tokens.editAB)).toEqual(['a', 'b']);
    expect((await api.request('GET', `${NS}/private`, { token: api.tokens.viewA })).status).toBe(
      403,
    );
    expect((await fetch(`${api.url}${NS}`)).status).toBe(401);
  });

  it('filters the list by label, including the name label', async () => {
    const list = await api.request('GET', `${NS}?labelSelector=tier%3Ddev`);
    const byName = await api.request(
      'GET',
      `${NS}?labelSelector=kubernetes.io%2Fmetadata.name%3Da`,
    );
    const pick = async (r: Response) =>
      ((await r.json()) as { items: Namespace[] }).items.map((n) => n.metadata.name);
    expect(await pick(list)).toEqual(['team-x']);
    expect(await pick(byName)).toEqual(['a']);
  });

  it('deletes a namespace with everything in it and answers Terminating', async () => {
    const ns = 'doomed';
    await api.request('POST', NS, { body: { metadata: { name: ns } } });
    await api.request('POST', bcPath(ns), { body: aBuildConfig('app', { runPolicy: 'Parallel' }) });
    const started = await api.request('POST', `${bcPath(ns, 'app')}/instantiate`, {
      body: { kind: 'BuildRequest', metadata: { name: 'app' } },
    });
    expect(started.status).toBe(201);
    const build = (await started.json()) as { metadata: { uid: string } };
    await api.request('POST', `/api/v1/namespaces/${ns}/secrets`, {
      body: { metadata: { name: 's' }, stringData: { k: 'v' } },
    });
    await api.request('POST', `/api/v1/namespaces/${ns}/configmaps`, {
      body: { metadata: { name: 'c' } },
    });

    const response = await api.request('DELETE', `${NS}/${ns}`);
    const deleted = (await response.json()) as Namespace;
    expect(response.status).toBe(200);
    expect(deleted.status.phase).toBe('Terminating');
    expect(deleted.metadata.deletionTimestamp).toBeDefined();

    expect((await api.request('GET', `${NS}/${ns}`)).status).toBe(404);
    expect((await api.request('DELETE', `${NS}/${ns}`)).status).toBe(404);
    expect((await api.request('GET', bcPath(ns, 'app'))).status).toBe(404);
    expect((await api.request('GET', buildPath(ns, 'app-1'))).status).toBe(404);
    const db = api.app.get(DataSource);
    const count = async (sql: string, params: unknown[] = [ns]) =>
      Number((await db.query<{ n: string }[]>(sql, params))[0]?.n ?? -1);
    expect(await count(`SELECT count(*) AS n FROM objects WHERE namespace = $1`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM builds WHERE namespace = $1`)).toBe(0);
    // Sealed Secret data goes with its Secret.
    expect(
      await count(
        `SELECT count(*) AS n FROM secret_data d WHERE NOT EXISTS (SELECT 1 FROM objects o WHERE o.uid = d.object_uid)`,
        [],
      ),
    ).toBe(0);
    const cancels = await db.query<unknown[]>(
      `SELECT 1 FROM outbox WHERE subject = 'kiln.v1.build.cancel-requested' AND payload->'build'->>'uid' = $1`,
      [build.metadata.uid],
    );
    expect(cancels).toHaveLength(1);
  });
});
