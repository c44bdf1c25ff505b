import autocannon from 'autocannon';
import type { BenchContext } from './context.js';
import { aBuildConfig, createBuildConfig, instantiate } from './kiln-build.js';
import { cpuMsOf } from './cpu.js';
import { say, sh, sleep, timed } from './shell.js';

export type ApiLoad = {
  name: string;
  method: string;
  path: string;
  connections: number;
  requests: number;
  non2xx: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
  perSecond: number;
};

export type ApiResult = {
  seeded: number;
  seedMs: number;
  responseBytes: Record<string, number>;
  loads: ApiLoad[];
};

const SEEDED = 10_000;
const CONNECTIONS = 50;

/** SQL that stores `count` copies of the namespace's most complete build under new names and uids. */
export const seedSql = (namespace: string, count: number): string => `
WITH template AS (
  SELECT namespace, labels, object FROM builds WHERE namespace = '${namespace}'
  ORDER BY (phase = 'Complete') DESC, created LIMIT 1
), numbered AS (
  SELECT g, gen_random_uuid() AS uid, 'seed-' || lpad(g::text, 5, '0') AS name
  FROM generate_series(1, ${count}) AS g
)
INSERT INTO builds (uid, namespace, name, buildconfig, number, phase, labels, object)
SELECT n.uid, t.namespace, n.name, 'seeded', n.g, 'Complete', t.labels,
  jsonb_set(jsonb_set(t.object, '{metadata,name}', to_jsonb(n.name)), '{metadata,uid}', to_jsonb(n.uid::text))
FROM numbered n, template t`;

/**
 * The API under 50 concurrent clients (autocannon, in this process): listing 10,000 builds whole
 * and by pages of 500, GET of one build, and instantiate. The workers are stopped first so that
 * the builds instantiate creates stay queued instead of loading the machine; the 10,000 builds
 * are copies of a real one inserted by SQL (10,000 instantiates would each start a build).
 */
export async function api(ctx: BenchContext): Promise<ApiResult> {
  const { farm } = ctx;
  await ctx.builders.stopAll();
  for (const worker of ['source-fetcher', 'dockerfile-generator', 'pusher']) {
    await farm.stopPart(worker);
  }
  const template = `api-${ctx.runId}`;
  await createBuildConfig(
    farm,
    aBuildConfig(farm, template, { dockerfile: `FROM ${ctx.base}\nRUN true\n` }),
  );
  await instantiate(farm, template);
  const seeded = await timed(() =>
    sh('psql', [
      '-h',
      '127.0.0.1',
      '-p',
      farm.postgresPort,
      '-U',
      'kiln',
      '-d',
      'kiln',
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      seedSql(farm.namespace, SEEDED),
    ]),
  );
  say(`api: seeded ${SEEDED} builds in ${Math.round(seeded.ms)} ms`);

  const basePath = `/apis/build.openshift.io/v1/namespaces/${farm.namespace}`;
  const base = `${farm.api}${basePath}`;
  const responseBytes: Record<string, number> = {};
  for (const path of ['/builds', '/builds?limit=500', '/builds/seed-05000']) {
    const response = await fetch(`${base}${path}`, {
      headers: { authorization: farm.authorization },
    });
    responseBytes[path] = (await response.arrayBuffer()).byteLength;
  }
  const loads: ApiLoad[] = [];
  const apiPid = farm.parts().find((p) => p.name === 'build-api')?.pid ?? 0;
  const load = async (
    name: string,
    path: string | ((n: number) => string),
    limits: { amount?: number; duration?: number },
    post = false,
  ) => {
    // Each load starts on an idle server, not on what the one before left it to finish.
    await quiet(apiPid);
    let n = 0;
    const pathOf = typeof path === 'string' ? () => path : path;
    const result = await autocannon({
      url: `${base}${pathOf(0)}`,
      connections: CONNECTIONS,
      ...limits,
      timeout: 300,
      headers: { authorization: farm.authorization, 'content-type': 'application/json' },
      requests: [
        {
          method: post ? 'POST' : 'GET',
          ...(post
            ? {
                body: JSON.stringify({ kind: 'BuildRequest', apiVersion: 'build.openshift.io/v1' }),
              }
            : {}),
          setupRequest: (request) => ({ ...request, path: `${basePath}${pathOf(n++)}` }),
        },
      ],
    });
    loads.push({
      name,
      method: post ? 'POST' : 'GET',
      path: pathOf(0),
      connections: CONNECTIONS,
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      p50: result.latency.p50,
      p99: result.latency.p99,
      max: result.latency.max,
      perSecond: result.requests.average,
    });
    say(
      `api: ${name}: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms over ${result.requests.total} requests`,
    );
  };
  // Instantiate on 50 BuildConfigs in turn (one per client, as 50 teams would), and on one (every
  // request then waits for the BuildConfig's row lock, which numbers its builds in order).
  const configs = Array.from({ length: CONNECTIONS }, (_, i) => `${template}-${i}`);
  for (const name of configs) {
    await createBuildConfig(
      farm,
      aBuildConfig(farm, name, { dockerfile: `FROM ${ctx.base}\nRUN true\n` }),
    );
  }
  await load('get one build', '/builds/seed-05000', { duration: 15 });
  await load('list builds, limit=500', '/builds?limit=500', { duration: 15 });
  await load(
    'instantiate, 50 BuildConfigs',
    (n) => `/buildconfigs/${configs[n % configs.length] ?? ''}/instantiate`,
    { amount: 500 },
    true,
  );
  await load(
    'instantiate, one BuildConfig',
    `/buildconfigs/${template}/instantiate`,
    { amount: 500 },
    true,
  );
  // Last: one unpaged list per client, each 10,000 builds.
  await load('list all builds (10,000)', '/builds', { amount: CONNECTIONS });
  return { seeded: SEEDED, seedMs: seeded.ms, responseBytes, loads };
}

/** Waits (up to a minute) until a process uses under a tenth of a core over half a second. */
async function quiet(pid: number): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const before = cpuMsOf(pid);
    await sleep(500);
    if (!(cpuMsOf(pid) - before > 50)) {
      return;
    }
  }
}
