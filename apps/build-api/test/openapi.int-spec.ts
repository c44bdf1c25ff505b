import { startBuildApi, type BuildApiHarness } from './harness.js';

type Document = {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; requestBody?: unknown }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
};

describe('OpenAPI', () => {
  let api: BuildApiHarness;
  beforeAll(async () => {
    api = await startBuildApi();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('serves an OpenAPI 3.1 document of the REST paths without a token', async () => {
    const response = await fetch(`${api.url}/openapi/v3`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = JSON.parse(await response.text()) as Document;

    expect(doc.openapi).toBe('3.1.0');
    const bc = '/apis/build.openshift.io/v1/namespaces/{namespace}/buildconfigs';
    const builds = '/apis/build.openshift.io/v1/namespaces/{namespace}/builds';
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        bc,
        `${bc}/{name}`,
        `${bc}/{name}/instantiate`,
        `${bc}/{name}/instantiatebinary`,
        `${bc}/{name}/webhooks/{secret}/{type}`,
        builds,
        `${builds}/{name}`,
        `${builds}/{name}/clone`,
        `${builds}/{name}/log`,
        '/api/v1/namespaces',
        '/api/v1/namespaces/{namespace}',
        '/api/v1/namespaces/{namespace}/secrets',
        '/api/v1/namespaces/{namespace}/secrets/{name}',
        '/api/v1/namespaces/{namespace}/configmaps',
        '/api/v1/namespaces/{namespace}/configmaps/{name}',
      ]),
    );
    const ids = Object.values(doc.paths).flatMap((ops) =>
      Object.values(ops).map((o) => o.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('describes every route the app serves, probes, metrics and internal hooks aside', async () => {
    type Layer = { route?: { path: string; methods: Record<string, boolean> } };
    const express = api.app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
    const served = express.router.stack
      .flatMap((layer) =>
        layer.route
          ? Object.keys(layer.route.methods).map(
              (method) =>
                `${method} ${layer.route!.path.replace(':ns', '{namespace}').replace(/:(\w+)/g, '{$1}')}`,
            )
          : [],
      )
      // The webhook catch-all only answers 404/405 to what no webhook route matched.
      .filter((route) => !/ \/(healthz|readyz|metrics|openapi|internal)\b|\{\*rest\}/.test(route));
    const doc = (await (await fetch(`${api.url}/openapi/v3`)).json()) as Document;
    const described = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    expect(served.length).toBeGreaterThan(40);
    expect(served.filter((route) => !described.includes(route))).toEqual([]);
    expect(described.filter((route) => !served.includes(route))).toEqual([]);
  });

  it('derives the schemas from the zod schemas of build-types', async () => {
    const doc = (await (await fetch(`${api.url}/openapi/v3`)).json()) as Document;

    const spec = doc.components.schemas.BuildConfig?.properties?.spec as {
      properties: Record<string, unknown>;
    };
    expect(Object.keys(spec.properties)).toEqual(
      expect.arrayContaining(['runPolicy', 'strategy', 'successfulBuildsHistoryLimit', 'triggers']),
    );
    expect(doc.components.schemas.BuildRequest?.properties).toHaveProperty('dockerStrategyOptions');
    expect(doc.components.schemas.Status?.properties).toHaveProperty('reason');
    const refs = JSON.stringify(doc.paths).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const ref of new Set(refs)) {
      expect(doc.components.schemas).toHaveProperty(ref.split('/').pop()!);
    }
  });

  it('serves a page listing the paths for people', async () => {
    const response = await fetch(`${api.url}/openapi`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain(
      '/apis/build.openshift.io/v1/namespaces/{namespace}/buildconfigs/{name}/instantiate',
    );
    expect(page).toContain('href="/openapi/v3"');
  });
});
