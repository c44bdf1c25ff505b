import type { INestApplication } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RegistryClient, sha256Digest } from '@kiln/artifact-store';
import { findFreePort, startRegistry, type NatsServer, type RegistryServer } from '@kiln/farm';
import { EventBus, RpcBus, Subjects, type EventOf, type ResolvedObject } from '@kiln/events';
import { answerResolveObjects, listeningPort, startWorker } from '@kiln/service-kit';
import {
  blobMounts,
  blobUploads,
  makeTempDir,
  registryLogFrom,
  startTestNats,
  startTestRegistry,
} from '@kiln/testing';
import { AppModule } from '../src/app.module.js';
import { pusherEnv } from '../src/config/pusher.config.js';
import {
  buildLogLine,
  digestsOf,
  layer,
  pushCounters,
  pushCountersSince,
  sizeOf,
  stageImage,
  type PushCounters,
} from './support.js';

const run = promisify(execFile);
const creds = { username: 'pusher', password: 'Pu5h-canary-9f3b' };

describe('the pusher', () => {
  let nats: NatsServer;
  let farm: RegistryServer;
  let outside: RegistryServer;
  let plain: RegistryServer;
  let app: INestApplication;
  let bus: EventBus;
  let farmClient: RegistryClient;
  const secrets = new Map<string, ResolvedObject>();
  const base = layer(300_000);

  const dockerConfig = (host: string, password: string): ResolvedObject => ({
    kind: 'Secret',
    name: 'push',
    type: 'kubernetes.io/dockerconfigjson',
    data: {
      '.dockerconfigjson': Buffer.from(
        JSON.stringify({
          auths: {
            [host]: { auth: Buffer.from(`${creds.username}:${password}`).toString('base64') },
          },
        }),
      ).toString('base64'),
    },
  });

  beforeAll(async () => {
    [nats, farm, outside, plain] = await Promise.all([
      startTestNats(),
      startTestRegistry(),
      startTestRegistry({ auth: creds }),
      startTestRegistry(),
    ]);
    farmClient = new RegistryClient({ host: farm.host, insecure: true });
    app = await startWorker('pusher', pusherEnv, (config) => AppModule.forRoot(config), {
      NATS_URL: nats.url,
      REGISTRY_HOST: farm.host,
      KILN_INSECURE_REGISTRIES: '',
      KILN_LOG_LEVEL: 'error',
      KILN_WORK_DIR: makeTempDir('pusher').path,
      KILN_PUSH_RETRY_BUDGET_MS: '20000',
    });
    bus = app.get(EventBus);
    // build-api answers ResolveObjects in a farm; here the test plays that part over real NATS.
    answerResolveObjects(app.get(RpcBus), secrets);
  }, 60_000);

  afterAll(async () => {
    await app.close();
    await Promise.all([nats.stop(), farm.stop(), outside.stop(), plain.stop()]);
  });

  /** Publishes ImageBuilt for a staged image and waits for the push outcome. */
  async function pushBuild(
    output: { kind: string; name: string },
    staged: { repo: string; digest: string },
    pushSecret?: string,
  ): Promise<{ subject: string; data: Record<string, unknown>; name: string }> {
    const uid = randomUUID();
    const name = `app-${uid.slice(0, 8)}`;
    const outcome = new Promise<{ subject: string; data: Record<string, unknown> }>((resolve) => {
      const sub = bus.connection.subscribe('kiln.v1.stage.push.>', {
        callback: (_e, msg) => {
          const event = msg.json<{ data: { build: { uid: string } } & Record<string, unknown> }>();
          if (event.data.build.uid === uid) {
            sub.unsubscribe();
            resolve({ subject: msg.subject, data: event.data });
          }
        },
      });
    });
    const built: EventOf<typeof Subjects.ImageBuilt> = {
      build: {
        metadata: { name, namespace: 'team', uid },
        spec: {
          output: { to: output, ...(pushSecret ? { pushSecret: { name: pushSecret } } : {}) },
        },
      },
      image: {
        reference: `${farm.host}/${staged.repo}@${staged.digest}`,
        digest: staged.digest,
        layers: [],
      },
      steps: [],
    };
    await bus.publish(Subjects.ImageBuilt, built, { msgId: `${uid}:built` });
    return { ...(await outcome), name };
  }

  const counters = (registry: string) => pushCounters(metricsUrl(), registry);
  const countersSince = (before: PushCounters, registry: string) =>
    pushCountersSince(before, metricsUrl(), registry);
  const metricsUrl = () => `http://127.0.0.1:${listeningPort(app)}/metrics`;

  it('pushes to the farm registry by mounting every blob: no layer bytes move', async () => {
    const added = layer(50_000);
    const staged = await stageImage(farmClient, 'kiln-staging/team/mount', [base, added]);
    const before = await counters(farm.host);
    const farmLog = registryLogFrom(farm.logFile);

    const result = await pushBuild(
      { kind: 'DockerImage', name: `${farm.host}/team/mounted:v1` },
      staged,
    );

    expect(result).toMatchObject({ subject: Subjects.ImagePushed });
    expect(result.data).toMatchObject({
      digest: staged.digest,
      bytesUploaded: 0,
      bytesSkipped: sizeOf(staged.config, base, added),
      reference: `${farm.host}/team/mounted:v1`,
    });
    // The registry's own account: every blob mounted, no upload session opened to send bytes.
    const requests = farmLog();
    expect(blobUploads(requests, 'team/mounted')).toEqual([]);
    expect(blobMounts(requests, 'team/mounted').sort()).toEqual(
      digestsOf(staged.config, base, added),
    );
    expect(await countersSince(before, farm.host)).toEqual({
      bytesUploaded: 0,
      bytesSkipped: sizeOf(staged.config, base, added),
      uploaded: 0,
      mounted: 3,
      present: 0,
    });
    const { stdout } = await run('skopeo', [
      'inspect',
      '--tls-verify=false',
      `docker://${farm.host}/team/mounted:v1`,
    ]);
    expect((JSON.parse(stdout) as { Digest: string }).Digest).toBe(staged.digest);
  });

  it('pushes to an outside registry with the push secret, then sends only new layers for an image on the same base', async () => {
    secrets.set('Secret/push', dockerConfig(outside.host, creds.password));
    const own = layer(40_000);
    const first = await stageImage(farmClient, 'kiln-staging/team/one', [base, own]);
    let before = await counters(outside.host);
    let outsideLog = registryLogFrom(outside.logFile);

    const pushed = await pushBuild(
      { kind: 'DockerImage', name: `${outside.host}/team/one:latest` },
      first,
      'push',
    );

    expect(pushed.data.message).toBeUndefined();
    expect(pushed).toMatchObject({ subject: Subjects.ImagePushed });
    expect(pushed.data).toMatchObject({
      digest: first.digest,
      bytesUploaded: sizeOf(first.config, base, own),
      bytesSkipped: 0,
    });
    // The registry was empty: it lacked every blob, and got each once.
    expect(
      blobUploads(outsideLog(), 'team/one')
        .map((u) => u.digest)
        .sort(),
    ).toEqual(digestsOf(first.config, base, own));
    expect(await countersSince(before, outside.host)).toEqual({
      bytesUploaded: sizeOf(first.config, base, own),
      bytesSkipped: 0,
      uploaded: 3,
      mounted: 0,
      present: 0,
    });

    const addition = layer(20_000);
    const second = await stageImage(farmClient, 'kiln-staging/team/two', [base, addition]);
    before = await counters(outside.host);
    outsideLog = registryLogFrom(outside.logFile);

    const again = await pushBuild(
      { kind: 'DockerImage', name: `${outside.host}/team/one:v2` },
      second,
      'push',
    );

    expect(again).toMatchObject({ subject: Subjects.ImagePushed });
    const newBytes = sizeOf(second.config, addition);
    expect(again.data).toMatchObject({ bytesUploaded: newBytes, bytesSkipped: base.length });
    // Counted by the outside registry: the new config and layer went up, the base did not,
    // not even partly (an upload session left uncommitted would show with no digest).
    const uploads = blobUploads(outsideLog(), 'team/one');
    expect(uploads.map((u) => u.digest).sort()).toEqual(digestsOf(second.config, addition));
    expect(uploads.map((u) => u.digest)).not.toContain(sha256Digest(base));
    expect(await countersSince(before, outside.host)).toEqual({
      bytesUploaded: newBytes,
      bytesSkipped: base.length,
      uploaded: 2,
      mounted: 0,
      present: 1,
    });
    expect(await buildLogLine(bus, again.name, /^Successfully pushed/)).toContain(
      `: ${newBytes} bytes uploaded, ${base.length} bytes already there or mounted`,
    );

    const { stdout } = await run('skopeo', [
      'inspect',
      '--tls-verify=false',
      `--creds=${creds.username}:${creds.password}`,
      `docker://${outside.host}/team/one:v2`,
    ]);
    expect((JSON.parse(stdout) as { Digest: string }).Digest).toBe(second.digest);
  });

  it.each([
    ['a plain', () => ({ registry: plain, pushSecret: undefined })],
    ['an htpasswd', () => ({ registry: outside, pushSecret: 'push' })],
  ])(
    'mounts a base layer it pushed earlier into another repository of %s outside registry',
    async (_kind, targetOf) => {
      const { registry, pushSecret } = targetOf();
      secrets.set('Secret/push', dockerConfig(outside.host, creds.password));
      const shared = layer(200_000);
      const [onlyA, onlyB] = [layer(30_000), layer(10_000)];
      const a = await stageImage(farmClient, `kiln-staging/team/a-${randomUUID()}`, [
        shared,
        onlyA,
      ]);
      const b = await stageImage(farmClient, `kiln-staging/team/b-${randomUUID()}`, [
        shared,
        onlyB,
      ]);
      let registryLog = registryLogFrom(registry.logFile);

      const pushedA = await pushBuild(
        { kind: 'DockerImage', name: `${registry.host}/x/app-a:latest` },
        a,
        pushSecret,
      );

      expect(pushedA).toMatchObject({ subject: Subjects.ImagePushed, data: { digest: a.digest } });
      let requests = registryLog();
      expect(blobMounts(requests, 'x/app-a')).toEqual([]);
      expect(
        blobUploads(requests, 'x/app-a')
          .map((u) => u.digest)
          .sort(),
      ).toEqual(digestsOf(a.config, shared, onlyA));

      const before = await counters(registry.host);
      registryLog = registryLogFrom(registry.logFile);

      const pushedB = await pushBuild(
        { kind: 'DockerImage', name: `${registry.host}/x/app-b:latest` },
        b,
        pushSecret,
      );

      const newBytes = sizeOf(b.config, onlyB);
      expect(pushedB).toMatchObject({
        subject: Subjects.ImagePushed,
        data: { digest: b.digest, bytesUploaded: newBytes, bytesSkipped: shared.length },
      });
      // The registry's own account: the base was mounted from x/app-a, not a byte of it sent.
      requests = registryLog();
      expect(blobMounts(requests, 'x/app-b')).toEqual([sha256Digest(shared)]);
      const uploads = blobUploads(requests, 'x/app-b');
      expect(uploads.map((u) => u.digest).sort()).toEqual(digestsOf(b.config, onlyB));
      expect(await countersSince(before, registry.host)).toEqual({
        bytesUploaded: newBytes,
        bytesSkipped: shared.length,
        uploaded: 2,
        mounted: 1,
        present: 0,
      });
      expect(await buildLogLine(bus, pushedB.name, /^Successfully pushed/)).toContain(
        '(1 mounted, 0 present, 2 uploaded)',
      );
      expect(await buildLogLine(bus, pushedB.name, /^Mounted /)).toBe(
        `Mounted ${sha256Digest(shared).slice(0, 19)} from x/app-a`,
      );

      // Pulled back whole: same manifest bytes, and the mounted base is served from x/app-b.
      const pulled = makeTempDir('pulled');
      try {
        await run('skopeo', [
          '--insecure-policy',
          'copy',
          '--src-tls-verify=false',
          ...(pushSecret ? [`--src-creds=${creds.username}:${creds.password}`] : []),
          `docker://${registry.host}/x/app-b:latest`,
          `dir:${pulled.path}`,
        ]);
        expect(sha256Digest(readFileSync(join(pulled.path, 'manifest.json')))).toBe(b.digest);
        const base = readFileSync(join(pulled.path, sha256Digest(shared).slice('sha256:'.length)));
        expect(sha256Digest(base)).toBe(sha256Digest(shared));
      } finally {
        pulled.remove();
      }
    },
  );

  it('fails a wrong password with PushImageToRegistryFailed, saying so without the secret', async () => {
    secrets.set('Secret/bad', { ...dockerConfig(outside.host, 'wrong-canary-771'), name: 'bad' });
    const staged = await stageImage(farmClient, 'kiln-staging/team/denied', [layer(1000)]);
    const result = await pushBuild(
      { kind: 'DockerImage', name: `${outside.host}/team/denied:latest` },
      staged,
      'bad',
    );
    expect(result.subject).toBe(Subjects.ImagePushFailed);
    expect(result.data.reason).toBe('PushImageToRegistryFailed');
    expect(result.data.message).toMatch(/authentication required/);
    expect(JSON.stringify(result.data)).not.toContain('wrong-canary-771');
  });

  it('retries while the target registry is down for its first seconds', async () => {
    const port = await findFreePort();
    const dir = makeTempDir('late-registry');
    const staged = await stageImage(farmClient, 'kiln-staging/team/late', [layer(5000)]);
    const pushing = pushBuild(
      { kind: 'DockerImage', name: `127.0.0.1:${port}/team/late:latest` },
      staged,
    );
    await new Promise((r) => setTimeout(r, 3000));
    const late = await startRegistry({ port, dataDir: join(dir.path, 'data') });
    try {
      const result = await pushing;
      expect(result).toMatchObject({ subject: Subjects.ImagePushed });
      expect(result.data.digest).toBe(staged.digest);
    } finally {
      await late.stop();
      dir.remove();
    }
  }, 60_000);

  it('maps an ImageStreamTag output to the farm registry under the build namespace', async () => {
    const staged = await stageImage(farmClient, 'kiln-staging/team/ist', [layer(2000)]);
    const result = await pushBuild({ kind: 'ImageStreamTag', name: 'web:prod' }, staged);
    expect(result.data).toMatchObject({
      reference: `${farm.host}/team/web:prod`,
      digest: staged.digest,
    });
  });
});
