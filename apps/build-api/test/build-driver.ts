import type { Build, BuildPhase } from '@kiln/build-types';
import { Consumers, Subjects, type BuildRef } from '@kiln/events';
import type { BuildApiHarness } from './harness.js';
import { aBuildConfig, bcPath, buildPath } from './factories.js';

/**
 * Drives builds through build-api the way the workers would: by publishing their stage events
 * on the bus. No worker runs.
 */
export class BuildDriver {
  constructor(
    private readonly api: BuildApiHarness,
    readonly namespace = 'a',
  ) {}

  async createConfig(name: string, spec: Record<string, unknown> = {}): Promise<void> {
    const response = await this.api.request('POST', bcPath(this.namespace), {
      body: aBuildConfig(name, spec),
    });
    if (response.status !== 201) {
      throw new Error(`creating ${name}: ${response.status} ${await response.text()}`);
    }
  }

  async instantiate(config: string): Promise<Build> {
    const response = await this.api.request(
      'POST',
      `${bcPath(this.namespace, config)}/instantiate`,
      { body: { kind: 'BuildRequest', metadata: { name: config } } },
    );
    if (response.status !== 201) {
      throw new Error(`instantiating ${config}: ${response.status} ${await response.text()}`);
    }
    return (await response.json()) as Build;
  }

  async get(name: string): Promise<Build> {
    return (await (await this.api.request('GET', buildPath(this.namespace, name))).json()) as Build;
  }

  /** name → phase of every build of `config`. */
  async phases(config: string): Promise<Record<string, BuildPhase>> {
    const response = await this.api.request(
      'GET',
      `${buildPath(this.namespace)}?labelSelector=openshift.io/build-config.name=${config}`,
    );
    const list = (await response.json()) as { items: Build[] };
    return Object.fromEntries(
      list.items.map((b): [string, BuildPhase] => [
        b.metadata.name ?? '',
        b.status?.phase ?? 'New',
      ]),
    );
  }

  async started(build: Build): Promise<void> {
    const ref = this.refOf(build);
    await this.api.bus.publish(
      Subjects.StageStarted,
      { build: ref, stage: 'FetchInputs', worker: 'test', startTime: new Date().toISOString() },
      { msgId: `${ref.uid}:started:FetchInputs` },
    );
  }

  async pushed(build: Build): Promise<void> {
    const ref = this.refOf(build);
    await this.api.bus.publish(
      Subjects.ImagePushed,
      {
        build: ref,
        digest: `sha256:${'a'.repeat(64)}`,
        bytesUploaded: 1,
        bytesSkipped: 0,
        steps: [],
      },
      { msgId: `${ref.uid}:pushed` },
    );
  }

  async failed(build: Build): Promise<void> {
    const ref = this.refOf(build);
    await this.api.bus.publish(
      Subjects.ImageBuildFailed,
      { build: ref, reason: 'DockerBuildFailed', message: 'Dockerfile build strategy has failed.' },
      { msgId: `${ref.uid}:failed` },
    );
  }

  async heartbeat(build: Build, n: number): Promise<void> {
    const ref = this.refOf(build);
    await this.api.bus.publish(
      Subjects.BuildHeartbeat,
      { build: ref, stage: 'Build', worker: 'builder-test' },
      { msgId: `${ref.uid}:heartbeat:${n}` },
    );
  }

  /** As `oc cancel-build`: the build written back with `status.cancelled: true`. */
  async cancel(name: string): Promise<Build> {
    const build = await this.get(name);
    const response = await this.api.request('PUT', buildPath(this.namespace, name), {
      body: { ...build, status: { ...build.status, cancelled: true } },
    });
    if (response.status !== 200) {
      throw new Error(`cancelling ${name}: ${response.status} ${await response.text()}`);
    }
    return (await response.json()) as Build;
  }

  /**
   * Waits until build-api's controller has handled (acknowledged) every worker event published
   * so far: only then does "nothing changed" mean an event was seen and ignored.
   */
  async settled(timeoutMs = 10_000): Promise<void> {
    const { stream, durable } = Consumers.buildController;
    let info: { num_pending: number; num_ack_pending: number } | undefined;
    await eventually(
      async () => {
        info = await this.api.bus.jsm.consumers.info(stream, durable);
        return info.num_pending === 0 && info.num_ack_pending === 0;
      },
      timeoutMs,
      () => `the build controller still has ${JSON.stringify(info)}`,
    );
  }

  /** Polls until the build reaches `phase` (or fails the test after `timeoutMs`). */
  async until(name: string, phase: BuildPhase, timeoutMs = 10_000): Promise<Build> {
    let build: Build | undefined;
    await eventually(
      async () => {
        build = await this.get(name);
        return build.status?.phase === phase;
      },
      timeoutMs,
      () => `${name} is ${build?.status?.phase}, not ${phase}`,
    );
    return build!;
  }

  private refOf(build: Build): BuildRef {
    const { namespace, name, uid } = build.metadata;
    return { namespace: namespace ?? '', name: name ?? '', uid: uid ?? '' };
  }
}

export async function eventually(
  check: () => Promise<boolean>,
  timeoutMs = 10_000,
  describe: () => string = () => 'condition not met',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`${describe()} after ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
