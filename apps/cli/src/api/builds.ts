import {
  isTerminalPhase,
  type BinaryBuildRequestOptions,
  type Build,
  type BuildConfig,
  type BuildRequest,
} from '@kiln/build-types';
import { ApiError } from './api-error.js';
import type { KilnClient } from './client.js';
import { objectPath, Resources } from './resources.js';

const buildPath = (ns: string, name: string) => objectPath(Resources.builds, ns, name);
const configPath = (ns: string, name: string) => objectPath(Resources.buildConfigs, ns, name);

/** POST …/buildconfigs/{name}/instantiate: start a build from a BuildConfig. */
export function instantiate(
  client: KilnClient,
  namespace: string,
  request: BuildRequest,
): Promise<Build> {
  return client.json<Build>(
    'POST',
    `${configPath(namespace, request.metadata.name ?? '')}/instantiate`,
    { json: { kind: 'BuildRequest', apiVersion: 'build.openshift.io/v1', ...request } },
  );
}

/** POST …/builds/{name}/clone: start a build again with the same inputs. */
export function cloneBuild(
  client: KilnClient,
  namespace: string,
  request: BuildRequest,
): Promise<Build> {
  return client.json<Build>('POST', `${buildPath(namespace, request.metadata.name ?? '')}/clone`, {
    json: { kind: 'BuildRequest', apiVersion: 'build.openshift.io/v1', ...request },
  });
}

export type BinaryQuery = Omit<BinaryBuildRequestOptions, 'kind' | 'apiVersion' | 'metadata'>;

/** POST …/buildconfigs/{name}/instantiatebinary: the body is the upload, streamed. */
export function instantiateBinary(
  client: KilnClient,
  namespace: string,
  name: string,
  body: AsyncIterable<Uint8Array>,
  options: BinaryQuery,
): Promise<Build> {
  const query: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(options)) {
    query[key] = typeof value === 'string' ? value : undefined;
  }
  return client.json<Build>('POST', `${configPath(namespace, name)}/instantiatebinary`, {
    query,
    stream: body,
    contentType: 'application/octet-stream',
  });
}

/** Asks the server to stop a build: a merge patch setting `status.cancelled`. */
export function cancelBuild(client: KilnClient, namespace: string, name: string): Promise<Build> {
  return client.json<Build>('PATCH', buildPath(namespace, name), {
    json: { status: { cancelled: true } },
    contentType: 'application/merge-patch+json',
  });
}

export type LogOptions = { follow?: boolean; tailLines?: number; signal?: AbortSignal };

/** GET …/builds/{name}/log, handing each chunk to `write` as it arrives. */
export async function streamBuildLog(
  client: KilnClient,
  namespace: string,
  name: string,
  options: LogOptions,
  write: (chunk: string) => void,
): Promise<void> {
  const response = await client.send('GET', `${buildPath(namespace, name)}/log`, {
    query: {
      follow: options.follow ? 'true' : undefined,
      tailLines: options.tailLines === undefined ? undefined : String(options.tailLines),
    },
    accept: 'text/plain, */*',
    signal: options.signal,
  });
  if (!response.body) {
    return;
  }
  const decoder = new TextDecoder();
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    write(decoder.decode(chunk, { stream: true }));
  }
  const rest = decoder.decode();
  if (rest) {
    write(rest);
  }
}

/** The Dockerfile a build used (`…/builds/{name}/dockerfile`); undefined when there is none yet. */
export async function getBuildDockerfile(
  client: KilnClient,
  namespace: string,
  name: string,
): Promise<string | undefined> {
  let response: Response;
  try {
    response = await client.send('GET', `${buildPath(namespace, name)}/dockerfile`, {
      accept: 'text/plain, application/json;q=0.5',
    });
  } catch (error) {
    if (error instanceof ApiError && error.code < 500) {
      return undefined;
    }
    throw error;
  }
  const text = await response.text();
  if (!(response.headers.get('content-type') ?? '').includes('json')) {
    return text;
  }
  const parsed = JSON.parse(text) as unknown;
  if (typeof parsed === 'string') {
    return parsed;
  }
  const field = (parsed as { dockerfile?: unknown } | null)?.dockerfile;
  return typeof field === 'string' ? field : undefined;
}

/** `bc/NAME` in `logs`: the build numbered `status.lastVersion`, as `oc` names it. */
export function latestBuildName(bc: BuildConfig): string | undefined {
  const version = bc.status?.lastVersion ?? 0;
  return version > 0 ? `${bc.metadata.name}-${version}` : undefined;
}

export const isFinished = (build: Build): boolean =>
  build.status !== undefined && build.status !== null && isTerminalPhase(build.status.phase);
