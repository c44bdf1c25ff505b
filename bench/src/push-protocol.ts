import { join } from 'node:path';
import { root } from './farm.js';
import { sh } from './shell.js';

/** Milliseconds per run of each way of copying a 51 MB image (see bench/push-protocol.mjs). */
export type PushProtocol = {
  ts: number[];
  skopeo: number[];
  tsFarm: number[];
  skopeoFarm: number[];
};

/** The pusher's TypeScript copy against `skopeo copy`, run as its own script (it starts its own registries). */
export async function pushProtocol(): Promise<PushProtocol> {
  const out = await sh(process.execPath, [join(root, 'bench', 'push-protocol.mjs')], {
    timeout: 300_000,
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as PushProtocol;
}
