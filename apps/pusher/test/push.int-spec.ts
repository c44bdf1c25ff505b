import type { INestApplication } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { RegistryClient, sha256Digest } from '@kiln/artifact-store';
import { findFreePort, startRegistry, type NatsServer, type RegistryServer } from '@kiln/farm';
import { EventBus, RpcBus, Subjects, type EventOf, type ResolvedObject } from '@kiln/events';
import { answerResolveObjects, startWorker } from '@kiln/service-kit';
import { makeTempDir, startTestNats, startTestRegistry } from '@kiln/testing';
import { AppModule } from '../src/app.module.js';
import { pusherEnv } from '../src/config/pusher.config.js';

const run = promisify(execFile);
const creds = { username: 'pusher', password: 'Pu5h-canary-9f3b' };

/** A gzip'd "layer" of random bytes: content-addressed like a real one. */
const layer = (size: number): Buffer => gzipSync(randomBytes(size), { level: 0 });

/** Writes an OCI image (config + layers) into the staging repository; returns its digest. */
async function stageImage(
  client: RegistryClient,
  repo: string,
  layers: Buffer[],
): Promise<{ repo: string; digest: string }> {
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Env: ['A=1'] },
      rootfs: { type: 'layers', diff_ids: layers.map(() => `sha256:${'0'.repeat(64)}`) },
    }),
  );
  for (const blob of [config, ...layers]) {
    await client.pushBlob(repo, toStream(blob));
  }
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: sha256Digest(config),
      size: config.length,
    },
    layers: layers.map((l) => ({
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: sha256Digest(l),
      size: l.length,
    })),
  });
  const digest = await client.putManifest(
    repo,
    sha256Digest(Buffer.from(manifest)),
    manifest,
    'application/vnd.oci.image.manifest.v1+json',
  );
  return { repo, digest };
}

function toStream(buffer: Buffer): Readable {
  return Readable.from([buffer]);
}

describe('the pusher', () => {
  let nats: NatsServer;
  let farm: RegistryServer;
  let outside: RegistryServer;
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
    [nats, farm, outside] = await Promise.all([
      startTestNats(),
      startTestRegistry(),
      startTestRegistry({ auth: creds }),
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
    await Promise.all([nats.stop(), farm.stop(), outside.stop()]);
  });

  /** Publishes ImageBuilt for a staged image and waits for the push outcome. */
  async function pushBuild(
    output: { kind: string; name: string },
    staged: { repo: string; digest: string },
    pushSecret?: string,
  ): Promise<{ subject: string; data: Record<string, unknown> }> {
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
    return outcome;
  }

  it('pushes to the farm registry by mounting every blob: no layer bytes move', async () => {
    const staged = await stageImage(farmClient, 'kiln-staging/team/mount', [base, layer(50_000)]);
    const result = await pushBuild(
      { kind: 'DockerImage', name: `${farm.host}/team/mounted:v1` },
      staged,
    );
    expect(result).toMatchObject({ subject: Subjects.ImagePushed });
    expect(result.data).toMatchObject({
      digest: staged.digest,
      bytesUploaded: 0,
      reference: `${farm.host}/team/mounted:v1`,
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
    const first = await stageImage(farmClient, 'kiln-staging/team/one', [base, layer(40_000)]);
    const pushed = await pushBuild(
      { kind: 'DockerImage', name: `${outside.host}/team/one:latest` },
      first,
      'push',
    );
    expect(pushed.data.message).toBeUndefined();
    expect(pushed).toMatchObject({ subject: Subjects.ImagePushed });
    expect(pushed.data.digest).toBe(first.digest);
    expect(pushed.data.bytesUploaded as number).toBeGreaterThan(base.length);

    const addition = layer(20_000);
    const second = await stageImage(farmClient, 'kiln-staging/team/two', [base, addition]);
    const again = await pushBuild(
      { kind: 'DockerImage', name: `${outside.host}/team/one:v2` },
      second,
      'push',
    );
    expect(again).toMatchObject({ subject: Subjects.ImagePushed });
    // The config blob and the new layer travel; the shared base is skipped.
    expect(again.data.bytesUploaded as number).toBeLessThan(addition.length + 2_000);
    expect(again.data.bytesSkipped as number).toBeGreaterThanOrEqual(base.length);

    const { stdout } = await run('skopeo', [
      'inspect',
      '--tls-verify=false',
      `--creds=${creds.username}:${creds.password}`,
      `docker://${outside.host}/team/one:v2`,
    ]);
    expect((JSON.parse(stdout) as { Digest: string }).Digest).toBe(second.digest);
  });

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
