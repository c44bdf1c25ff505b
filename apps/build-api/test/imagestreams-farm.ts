import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { RegistryClient } from '@kiln/artifact-store';
import { findFreePort, startRegistry, type RegistryServer } from '@kiln/farm';
import { makeTempDir } from '@kiln/testing';
import { eventually } from './build-driver.js';
import { startBuildApi, type BuildApiHarness } from './harness.js';

export type ImageFarm = {
  api: BuildApiHarness;
  registry: RegistryServer;
  /** host:port of the farm registry (build-api's REGISTRY_HOST). */
  host: string;
  token: string;
  /** Pushes a tiny image (a config, no layers) as `repository:tag`; answers its digest. */
  push(repository: string, tag: string): Promise<string>;
  /** fetch against build-api with the admin token, JSON in and out. */
  json<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
};

export const isPath = (ns: string, name = '') =>
  `/apis/image.openshift.io/v1/namespaces/${ns}/imagestreams${name ? `/${name}` : ''}`;
export const istagPath = (ns: string, name = '') =>
  `/apis/image.openshift.io/v1/namespaces/${ns}/imagestreamtags${name ? `/${name}` : ''}`;
export const importPath = (ns: string) =>
  `/apis/image.openshift.io/v1/namespaces/${ns}/imagestreamimports`;

/**
 * build-api (real PostgreSQL and NATS) with a real docker-registry as its farm registry. With
 * `notify`, the registry reports pushes to build-api's notification endpoint with the shared
 * token, as infra/local configures it; without, only reconciliation can see them.
 */
export async function startImageFarm(
  options: { notify?: boolean; env?: Record<string, string> } = {},
): Promise<ImageFarm> {
  const port = await findFreePort();
  const host = `127.0.0.1:${port}`;
  const token = randomBytes(24).toString('hex');
  const api = await startBuildApi({
    REGISTRY_HOST: host,
    KILN_REGISTRY_NOTIFICATION_TOKEN: token,
    ...options.env,
  });
  const dir = makeTempDir('imagestreams-registry');
  const registry = await startRegistry({
    port,
    dataDir: dir.path,
    ...(options.notify === false
      ? {}
      : {
          notificationUrls: [`${api.url}/internal/registry/notifications`],
          notificationHeaders: { Authorization: `Bearer ${token}` },
          notificationIgnoredActions: ['pull'],
        }),
  });
  const client = new RegistryClient({ host, insecure: true });
  return {
    api,
    registry,
    host,
    token,
    push: (repository, tag) => pushTinyImage(client, repository, tag),
    async json<T>(method: string, path: string, body?: unknown) {
      const response = await api.request(method, path, body === undefined ? {} : { body });
      const text = await response.text();
      if (!response.ok) {
        throw new Error(`${method} ${path}: ${response.status} ${text}`);
      }
      return (text ? JSON.parse(text) : {}) as T;
    },
    async stop() {
      await registry.stop();
      await api.stop();
      dir.remove();
    },
  };
}

let seed = 0;

/** Pushes a tiny image (a config, no layers, a fresh digest each time); answers its digest. */
export async function pushTinyImage(
  client: RegistryClient,
  repository: string,
  tag: string,
): Promise<string> {
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Labels: { seed: `${Date.now()}-${seed++}` } },
      rootfs: { type: 'layers', diff_ids: [] },
    }),
  );
  const blob = await client.pushBlob(repository, Readable.from([config]));
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: blob.digest,
      size: config.length,
    },
    layers: [],
  });
  return client.putManifest(
    repository,
    tag,
    manifest,
    'application/vnd.oci.image.manifest.v1+json',
  );
}

/** Polls `read` until `accept` holds for its answer; returns that answer. */
export async function waitFor<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  let last: T | undefined;
  await eventually(
    async () => {
      last = await read();
      return accept(last);
    },
    timeoutMs,
    () => `still ${JSON.stringify(last)}`,
  );
  return last as T;
}
