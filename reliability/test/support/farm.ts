import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Build, Status } from '@kiln/build-types';
import { isAlive } from '@kiln/farm';
import { createGitRepo, type GitRepo } from '@kiln/testing';
import type { FarmDescriptor } from './global-setup.js';

export const run = promisify(execFile);

export type Part =
  | 'nats'
  | 'postgres'
  | 'registry'
  | 'git-daemon'
  | 'build-api'
  | 'source-fetcher'
  | 'dockerfile-generator'
  | 'builder'
  | 'pusher';

export type ApiResponse<T = unknown> = { status: number; body: T; text: string };
export type CallOptions = {
  token?: string;
  contentType?: string;
  headers?: Record<string, string>;
};

const TERMINAL = ['Complete', 'Failed', 'Error', 'Cancelled'];
export const isTerminal = (build: Build): boolean => TERMINAL.includes(build.status?.phase ?? '');
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The farm global-setup.ts started, seen from one test file working in its own namespace.
 * Every response the API gave is kept (`responses`), so that a file can scan them all.
 */
export class Farm {
  readonly api: string;
  readonly registry: string;
  readonly natsUrl: string;
  readonly gitUrl: string;
  /** Every API response this handle received, to scan them all. */
  readonly responses: { method: string; path: string; text: string }[] = [];
  /** The base image every test Dockerfile starts from. */
  readonly base: string;

  constructor(
    readonly descriptor: FarmDescriptor,
    readonly namespace: string,
  ) {
    const { env } = descriptor;
    this.api = `http://127.0.0.1:${env.KILN_API_PORT}`;
    this.registry = `127.0.0.1:${env.KILN_REGISTRY_PORT}`;
    this.natsUrl = `nats://127.0.0.1:${env.KILN_NATS_PORT}`;
    this.gitUrl = `git://127.0.0.1:${env.KILN_GIT_PORT}/`;
    this.base = `${this.registry}/kiln/base:latest`;
  }

  get adminToken(): string {
    return this.descriptor.adminToken;
  }

  /** `path` under `/apis/build.openshift.io/v1/namespaces/<namespace>/`, or absolute from `/`. */
  url(path: string): string {
    return path.startsWith('/')
      ? `${this.api}${path}`
      : `${this.api}/apis/build.openshift.io/v1/namespaces/${this.namespace}/${path}`;
  }

  async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    options: CallOptions = {},
  ): Promise<ApiResponse<T>> {
    const raw = typeof body === 'string' || Buffer.isBuffer(body);
    const response = await fetch(this.url(path), {
      method,
      headers: {
        authorization: `Bearer ${options.token ?? this.adminToken}`,
        'content-type': options.contentType ?? 'application/json',
        ...options.headers,
      },
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
    const text = await response.text();
    this.responses.push({ method, path, text });
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // plain text: logs, Dockerfiles
    }
    return { status: response.status, body: parsed as T, text };
  }

  /** POST that must succeed with 201; returns the created object. */
  async create<T = unknown>(path: string, object: unknown): Promise<T> {
    const response = await this.call<T>('POST', path, object);
    if (response.status !== 201) {
      throw new Error(`POST ${path} answered ${response.status}: ${response.text}`);
    }
    return response.body;
  }

  async createSecret(name: string, data: Record<string, string>, type = 'Opaque'): Promise<void> {
    await this.create(`/api/v1/namespaces/${this.namespace}/secrets`, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name },
      type,
      data: Object.fromEntries(
        Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      ),
    });
  }

  /** Starts a build of a BuildConfig; returns the build's name. */
  async instantiate(
    bc: string,
    request: Record<string, unknown> = {},
    options: CallOptions = {},
  ): Promise<string> {
    const body = {
      kind: 'BuildRequest',
      apiVersion: 'build.openshift.io/v1',
      metadata: { name: bc },
      ...request,
    };
    const started = await this.call<Build>('POST', `buildconfigs/${bc}/instantiate`, body, options);
    if (started.status !== 201) {
      throw new Error(`instantiate ${bc} answered ${started.status}: ${started.text}`);
    }
    return started.body.metadata.name ?? '';
  }

  async build(name: string): Promise<Build> {
    const response = await this.call<Build>('GET', `builds/${name}`);
    if (response.status !== 200) {
      throw new Error(`GET builds/${name} answered ${response.status}: ${response.text}`);
    }
    return response.body;
  }

  /** Polls until the build is in a terminal phase; tolerates the API being away meanwhile. */
  async waitTerminal(name: string, timeoutMs = 150_000): Promise<Build> {
    return this.waitFor(name, isTerminal, timeoutMs, 'a terminal phase');
  }

  async waitPhase(name: string, phase: string, timeoutMs = 60_000): Promise<Build> {
    return this.waitFor(name, (b) => b.status?.phase === phase, timeoutMs, phase);
  }

  private async waitFor(
    name: string,
    done: (build: Build) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<Build> {
    const deadline = Date.now() + timeoutMs;
    let last: string;
    for (;;) {
      try {
        const build = await this.build(name);
        if (done(build)) {
          return build;
        }
        last = `${build.status?.phase ?? '?'} ${build.status?.message ?? ''}`;
      } catch (error) {
        last = (error as Error).message;
      }
      if (Date.now() > deadline) {
        throw new Error(`${name} did not reach ${what} in ${timeoutMs} ms (last: ${last})`);
      }
      await sleep(250);
    }
  }

  /** The pid `up` recorded for a part. */
  pid(part: Part): number {
    const state = JSON.parse(readFileSync(join(this.descriptor.stateDir, 'farm.json'), 'utf8')) as {
      parts: { name: string; pid: number }[];
    };
    const pid = state.parts.find((p) => p.name === part)?.pid;
    if (pid === undefined) {
      throw new Error(`no pid recorded for ${part}`);
    }
    return pid;
  }

  /** Sends `signal` to a part's process (not its children) and waits until it is gone. */
  async kill(part: Part, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const pid = this.pid(part);
    process.kill(pid, signal);
    const deadline = Date.now() + 30_000;
    while (isAlive(pid)) {
      if (Date.now() > deadline) {
        throw new Error(`${part} (pid ${pid}) still alive 30 s after ${signal}`);
      }
      await sleep(20);
    }
  }

  /** `up PART...`: starts the named parts again and waits until they are healthy. */
  async restart(...parts: Part[]): Promise<void> {
    await this.farmCommand('up', ...parts);
  }

  /** `up`: brings back any part a failed test left down. */
  async ensureUp(): Promise<void> {
    await this.farmCommand('up');
  }

  private async farmCommand(...args: string[]): Promise<void> {
    const main = join(this.descriptor.root, 'infra', 'local', 'dist', 'main.js');
    await run(process.execPath, [main, ...args], {
      env: { ...process.env, ...this.descriptor.env },
      timeout: 120_000,
    });
  }

  /** A part's log file, as `./kiln logs PART` prints it. */
  log(part: Part): string {
    const file = join(this.descriptor.stateDir, 'logs', `${part}.log`);
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /** A git repository the farm's git daemon serves at `${gitUrl}<name>`. */
  gitRepo(name: string): GitRepo {
    const base = join(this.descriptor.stateDir, 'git', 'repos');
    mkdirSync(base, { recursive: true });
    return createGitRepo(base, name);
  }

  /** A work directory a worker creates per job (`fetch-*`, `gen-*`, `build-*`). */
  workDir(part: 'source-fetcher' | 'dockerfile-generator' | 'builder'): string {
    return join(this.descriptor.stateDir, `work-${part}`);
  }
}

/** The shared farm, for a test file working in `namespace`. */
export function sharedFarm(namespace: string): Farm {
  const raw = process.env.KILN_RELIABILITY_FARM;
  if (!raw) {
    throw new Error('KILN_RELIABILITY_FARM is not set: run this suite through its jest config');
  }
  return new Farm(JSON.parse(raw) as FarmDescriptor, namespace);
}

/** A Docker-strategy BuildConfig with an inline Dockerfile, output to `output`. */
export function aDockerBuildConfig(
  name: string,
  dockerfile: string,
  output: string | undefined,
  spec: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    apiVersion: 'build.openshift.io/v1',
    kind: 'BuildConfig',
    metadata: { name },
    spec: {
      runPolicy: 'Parallel',
      source: { dockerfile },
      strategy: { type: 'Docker', dockerStrategy: {} },
      ...(output ? { output: { to: { kind: 'DockerImage', name: output } } } : {}),
      ...spec,
    },
  };
}

/** The Status a refused call answered with. */
export const statusOf = (response: ApiResponse): Status => response.body as Status;
