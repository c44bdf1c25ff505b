import { startBuildApi, type BuildApiHarness } from './harness.js';
import { listVersion, watchFrom } from './watch-reader.js';

type ConfigMap = {
  kind: string;
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  metadata: { name: string; uid: string; resourceVersion: string };
};
type Status = {
  code: number;
  reason: string;
  message: string;
  details?: { causes?: { field: string }[] };
};

const path = (ns: string, name = '') =>
  `/api/v1/namespaces/${ns}/configmaps${name ? `/${name}` : ''}`;
const aConfigMap = (name: string, fields: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  ...fields,
});

describe('ConfigMaps API', () => {
  let api: BuildApiHarness;
  beforeAll(async () => {
    api = await startBuildApi();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('creates, reads, lists by label and keeps unknown fields', async () => {
    const body = aConfigMap('settings', {
      metadata: { name: 'settings', labels: { app: 'web' } },
      data: { 'app.conf': 'port=8080\n' },
      binaryData: { logo: 'iVBORw0KGgo=' },
      extra: { kept: true },
    });
    const created = await api.request('POST', path('a'), { body });
    expect(created.status).toBe(201);
    const read = (await (await api.request('GET', path('a', 'settings'))).json()) as ConfigMap & {
      extra: unknown;
    };
    expect(read.data).toEqual({ 'app.conf': 'port=8080\n' });
    expect(read.binaryData).toEqual({ logo: 'iVBORw0KGgo=' });
    expect(read.extra).toEqual({ kept: true });
    await api.request('POST', path('a'), { body: aConfigMap('unlabelled') });
    const list = (await (
      await api.request('GET', `${path('a')}?labelSelector=app%3Dweb`)
    ).json()) as { kind: string; items: ConfigMap[] };
    expect(list.kind).toBe('ConfigMapList');
    expect(list.items.map((c) => c.metadata.name)).toEqual(['settings']);
  });

  it('accepts YAML bodies', async () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-yaml}\ndata: {a: "1"}\n';
    const response = await api.request('POST', path('a'), {
      body: yaml,
      contentType: 'application/yaml',
    });
    expect(response.status).toBe(201);
  });

  it('answers 422 with field paths for a bad key and a key in both maps', async () => {
    const response = await api.request('POST', path('a'), {
      body: aConfigMap('bad', { data: { 'a/b': 'x', same: 'y' }, binaryData: { same: 'eQ==' } }),
    });
    const status = (await response.json()) as Status;
    expect(response.status).toBe(422);
    expect(status.details?.causes?.map((c) => c.field).sort()).toEqual([
      'binaryData[same]',
      'data[a/b]',
    ]);
  });

  it('answers 409 to a stale resourceVersion and 404 for a missing one', async () => {
    const created = (await (
      await api.request('POST', path('a'), { body: aConfigMap('versioned', { data: { a: '1' } }) })
    ).json()) as ConfigMap;
    const first = await api.request('PUT', path('a', 'versioned'), {
      body: { ...created, data: { a: '2' } },
    });
    expect(first.status).toBe(200);
    const second = await api.request('PUT', path('a', 'versioned'), {
      body: { ...created, data: { a: '3' } },
    });
    expect(second.status).toBe(409);
    const missing = await api.request('PUT', path('a', 'ghost'), { body: aConfigMap('ghost') });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as Status).message).toBe('configmaps "ghost" not found');
  });

  it('applies merge and JSON patches', async () => {
    await api.request('POST', path('a'), {
      body: aConfigMap('patched', { data: { a: '1', b: '2' } }),
    });
    const merge = await api.request('PATCH', path('a', 'patched'), {
      body: { data: { b: null, c: '3' } },
      contentType: 'application/merge-patch+json',
    });
    expect(((await merge.json()) as ConfigMap).data).toEqual({ a: '1', c: '3' });
    const json = await api.request('PATCH', path('a', 'patched'), {
      body: [{ op: 'replace', path: '/data/a', value: '9' }],
      contentType: 'application/json-patch+json',
    });
    expect(((await json.json()) as ConfigMap).data).toEqual({ a: '9', c: '3' });
  });

  it('keeps an immutable ConfigMap as it is', async () => {
    const created = (await (
      await api.request('POST', path('a'), {
        body: aConfigMap('fixed', { immutable: true, data: { a: '1' } }),
      })
    ).json()) as ConfigMap;
    const response = await api.request('PUT', path('a', 'fixed'), {
      body: { ...created, data: { a: '2' } },
    });
    expect(response.status).toBe(422);
  });

  it('deletes with a Status', async () => {
    await api.request('POST', path('a'), { body: aConfigMap('gone') });
    const response = await api.request('DELETE', path('a', 'gone'));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: string }).status).toBe('Success');
    expect((await api.request('GET', path('a', 'gone'))).status).toBe(404);
  });

  it('lets a view token read ConfigMaps but not write them', async () => {
    await api.request('POST', path('a'), { body: aConfigMap('visible') });
    expect(
      (await api.request('GET', path('a', 'visible'), { token: api.tokens.viewA })).status,
    ).toBe(200);
    expect((await api.request('GET', path('a'), { token: api.tokens.viewA })).status).toBe(200);
    const write = await api.request('POST', path('a'), {
      body: aConfigMap('nope'),
      token: api.tokens.viewA,
    });
    expect(write.status).toBe(403);
  });

  describe('watch=true', () => {
    const versionOf = (ns: string) => listVersion(api, path(ns));
    const watch = (ns: string, version: string) => watchFrom<ConfigMap>(api, path(ns), version);

    it('streams a ConfigMap created, updated and deleted, in order', async () => {
      const events = await watch('cw', await versionOf('cw'));
      try {
        await api.request('POST', path('cw'), { body: aConfigMap('live', { data: { a: '1' } }) });
        await api.request('PATCH', path('cw', 'live'), {
          body: { data: { a: '2' } },
          contentType: 'application/merge-patch+json',
        });
        await api.request('DELETE', path('cw', 'live'));
        const seen = [await events.next(), await events.next(), await events.next()];
        expect(
          seen.map((e) => [e.type, e.object.kind, e.object.metadata.name, e.object.data]),
        ).toEqual([
          ['ADDED', 'ConfigMap', 'live', { a: '1' }],
          ['MODIFIED', 'ConfigMap', 'live', { a: '2' }],
          ['DELETED', 'ConfigMap', 'live', { a: '2' }],
        ]);
      } finally {
        events.close();
      }
    });

    it("replays only the changes after a list's resourceVersion", async () => {
      await api.request('POST', path('cr'), { body: aConfigMap('earlier') });
      const version = await versionOf('cr');
      await api.request('POST', path('cr'), { body: aConfigMap('later') });
      const events = await watch('cr', version);
      try {
        expect((await events.drain()).map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual([
          'ADDED later',
        ]);
      } finally {
        events.close();
      }
    });
  });
});
