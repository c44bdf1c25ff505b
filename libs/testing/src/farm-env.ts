import { findFreePort } from '@kiln/farm';

/** The env keys `./kiln up` reads for its ports (see infra/local/src/layout.ts). */
const FARM_PORT_KEYS = [
  'NATS',
  'POSTGRES',
  'REGISTRY',
  'GIT',
  'API',
  'SOURCE_FETCHER',
  'DOCKERFILE_GENERATOR',
  'BUILDER',
  'PUSHER',
];

/** Env that puts every part of a local farm on a free loopback port, for tests that run the farm. */
export async function freeFarmPorts(): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const key of FARM_PORT_KEYS) {
    env[`KILN_${key}_PORT`] = String(await findFreePort());
  }
  return env;
}
