import type { INestApplication } from '@nestjs/common';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ociAccept, RegistryClient } from '@kiln/artifact-store';
import type { NatsServer, RegistryServer } from '@kiln/farm';
import { EventBus, RpcBus, Subjects, type ResolvedObject } from '@kiln/events';
import { answerResolveObjects, listeningPort, startWorker } from '@kiln/service-kit';
import { makeTempDir, startTestNats, startTestRegistry } from '@kiln/testing';
import { AppModule } from '../src/app.module.js';
import { builderEnv } from '../src/config/builder.config.js';
import {
  aJob,
  buildBaseImage,
  Outcomes,
  publishJob,
  readBuildLog,
  run,
  removeBuilderState,
} from './support.js';

const CANARY = 'kiln-canary-6d1f0c2e9b';

/** One builder in-process against real NATS, a real registry and real Buildah. */
describe('the builder', () => {
  let nats: NatsServer;
  let registry: RegistryServer;
  let client: RegistryClient;
  let app: INestApplication;
  let bus: EventBus;
  let outcomes: Outcomes;
  let base = '';
  const state = makeTempDir('builder');
  const objects = new Map<string, ResolvedObject>([
    [
      'Secret/canary',
      { kind: 'Secret', name: 'canary', data: { token: Buffer.from(CANARY).toString('base64') } },
    ],
  ]);

  const metric = async (name: string): Promise<number> => {
    const text = await (await fetch(`http://127.0.0.1:${listeningPort(app)}/metrics`)).text();
    return text
      .split('\n')
      .filter((l) => l.startsWith(name))
      .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
  };

  const store = () => [
    '--root',
    join(state.path, 'inspect', 'graph'),
    '--runroot',
    join(state.path, 'inspect', 'run'),
    '--storage-driver',
    'vfs',
  ];

  /** Runs `command` in the built image and returns its output. */
  async function runImage(image: string, command: string[]): Promise<string> {
    const id = (
      await run('buildah', [...store(), 'from', '--tls-verify=false', '-q', image])
    ).stdout.trim();
    try {
      return (
        await run('buildah', [...store(), 'run', '--isolation', 'chroot', id, '--', ...command])
      ).stdout;
    } finally {
      await run('buildah', [...store(), 'rm', id]);
    }
  }

  beforeAll(async () => {
    [nats, registry] = await Promise.all([startTestNats(), startTestRegistry()]);
    client = new RegistryClient({ host: registry.host, insecure: true });
    base = await buildBaseImage(registry.host, join(state.path, 'images'));
    app = await startWorker('builder', builderEnv, (config) => AppModule.forRoot(config), {
      NATS_URL: nats.url,
      REGISTRY_HOST: registry.host,
      KILN_BUILDAH_ROOT: join(state.path, 'buildah'),
      KILN_WORK_DIR: join(state.path, 'work'),
      KILN_BUILDER_CONCURRENCY: '2',
      KILN_LOG_LEVEL: 'error',
    });
    bus = app.get(EventBus);
    outcomes = new Outcomes(bus);
    // build-api answers ResolveObjects in a farm; here the test plays that part over real NATS.
    answerResolveObjects(app.get(RpcBus), objects);
  }, 180_000);

  afterAll(async () => {
    await app.close();
    await Promise.all([nats.stop(), registry.stop()]);
    await removeBuilderState(state);
  }, 60_000);

  it('builds a multi-stage Dockerfile with build args into the staging repository', async () => {
    const job = await aJob(client, {
      dockerfile: [
        'ARG BASE',
        'FROM ${BASE} AS build',
        'ARG GREETING=none',
        'RUN echo "$GREETING" > /greeting',
        'FROM ${BASE}',
        'COPY --from=build /greeting /greeting',
        '',
      ].join('\n'),
      baseImages: [base],
      buildArgs: { BASE: base, GREETING: 'hello-from-arg' },
    });
    await publishJob(bus, job);
    const outcome = await outcomes.wait(job.build.metadata.uid);
    expect(outcome).toMatchObject({ subject: Subjects.ImageBuilt });
    // The first build on this builder pulls the base: every blob of it, as the registry has it.
    const baseManifest = JSON.parse(
      (await client.getManifest('kiln/base', 'latest', ociAccept)).body.toString('utf8'),
    ) as { config: { size: number }; layers: { size: number }[] };
    const baseBytes = baseManifest.layers.reduce(
      (sum, l) => sum + l.size,
      baseManifest.config.size,
    );
    expect(outcome.data.pulled).toEqual({ bytes: baseBytes });
    expect(await metric('kiln_builder_pulled_bytes_total')).toBe(baseBytes);
    // OpenShift's step names, in the order the work ran: the base pulled once, as PullBaseImage.
    const steps = outcome.data.steps as { name: string }[];
    expect(steps.map((s) => s.name)).toEqual([
      'PullSourceBundle',
      'PullBaseImage',
      'DockerBuild',
      'StoreStagingImage',
    ]);
    const image = outcome.data.image as { reference: string; layers: unknown[] };
    expect(image.reference).toContain('/kiln-staging/team/');
    expect(image.layers.length).toBeGreaterThan(0);
    expect(await runImage(image.reference, ['cat', '/greeting'])).toBe('hello-from-arg\n');
  }, 120_000);

  it('mounts a secret for RUN without leaving it in any layer, the history or the log', async () => {
    // The Dockerfile (and so the history) spells the canary in two quoted halves the shell joins;
    // the RUN prints the secret, which the log must mask.
    const split = `${CANARY.slice(0, 5)}""${CANARY.slice(5)}`;
    const job = await aJob(client, {
      dockerfile: `FROM ${base}\nRUN cat /run/kiln-canary/token && test "$(cat /run/kiln-canary/token)" = "${split}" && echo used > /proof\n`,
      baseImages: [base],
      volumes: [{ kind: 'Secret', name: 'canary', destinationPath: '/run/kiln-canary' }],
    });
    await publishJob(bus, job);
    const outcome = await outcomes.wait(job.build.metadata.uid);
    expect(outcome).toMatchObject({ subject: Subjects.ImageBuilt });
    const reference = (outcome.data.image as { reference: string }).reference;
    expect(await runImage(reference, ['cat', '/proof'])).toBe('used\n');
    const log = await readBuildLog(bus, job.build.metadata.name);
    expect(log).toContain('*****');
    expect(log).not.toContain(CANARY);

    const copy = join(state.path, 'scan');
    await run('skopeo', ['copy', '--src-tls-verify=false', `docker://${reference}`, `dir:${copy}`]);
    let scanned = 0;
    for (const file of readdirSync(copy)) {
      const raw = readFileSync(join(copy, file));
      const text = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
      expect(text.includes(CANARY)).toBe(false);
      scanned++;
    }
    expect(scanned).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it('reuses the node base image for another app and its own layer cache on a rebuild', async () => {
    const pulledBefore = await metric('kiln_builder_base_images_total{result="pulled"}');
    const bytesBefore = await metric('kiln_builder_pulled_bytes_total');
    const missesBefore = await metric('kiln_builder_cache_misses_total');
    const dockerfile = `FROM ${base}\nRUN echo one > /one\nRUN echo two > /two\n`;
    const first = await aJob(client, { dockerfile, baseImages: [base], buildConfig: 'other-app' });
    await publishJob(bus, first);
    // A second build on the same base pulls nothing; its two steps run (a new BuildConfig).
    expect(await outcomes.wait(first.build.metadata.uid)).toMatchObject({
      subject: Subjects.ImageBuilt,
      data: { pulled: { bytes: 0 }, cache: { hits: 0, misses: 2 } },
    });
    expect(await metric('kiln_builder_base_images_total{result="pulled"}')).toBe(pulledBefore);
    expect(await metric('kiln_builder_pulled_bytes_total')).toBe(bytesBefore);
    expect(await metric('kiln_builder_cache_misses_total')).toBe(missesBefore + 2);

    const hitsBefore = await metric('kiln_builder_cache_hits_total');
    const again = await aJob(client, { dockerfile, baseImages: [base], buildConfig: 'other-app' });
    await publishJob(bus, again);
    // The rebuild: every step from the cache.
    expect(await outcomes.wait(again.build.metadata.uid)).toMatchObject({
      subject: Subjects.ImageBuilt,
      data: { pulled: { bytes: 0 }, cache: { hits: 2, misses: 0 } },
    });
    expect(await metric('kiln_builder_cache_hits_total')).toBe(hitsBefore + 2);
    expect(await metric('kiln_builder_cache_misses_total')).toBe(missesBefore + 2);
    const log = await readBuildLog(bus, again.build.metadata.name);
    expect(log.split('\n').at(-1)).toBe(
      'Layer cache: 2 step(s) reused, 0 run; base images: 0 bytes pulled',
    );
  }, 120_000);

  it('builds the docker image format when BUILDAH_FORMAT asks for it, OCI otherwise', async () => {
    const dockerfile = `FROM ${base}\nRUN echo format > /format\n`;
    const withEnv = (job: Awaited<ReturnType<typeof aJob>>, env: unknown[]) => {
      job.build.spec = { strategy: { type: 'Docker', dockerStrategy: { env } } };
      return job;
    };
    /** The media type of the built image's manifest in the staging repository. */
    const mediaType = async (job: Awaited<ReturnType<typeof aJob>>): Promise<string> => {
      await publishJob(bus, job);
      const outcome = await outcomes.wait(job.build.metadata.uid);
      expect(outcome).toMatchObject({ subject: Subjects.ImageBuilt });
      const { reference, digest } = outcome.data.image as { reference: string; digest: string };
      const repository = reference.slice(registry.host.length + 1, reference.indexOf('@'));
      return (await client.getManifest(repository, digest, ociAccept)).mediaType;
    };

    const oci = await aJob(client, { dockerfile, baseImages: [base], buildConfig: 'formats' });
    expect(await mediaType(oci)).toBe('application/vnd.oci.image.manifest.v1+json');
    // Same BuildConfig and Dockerfile: its step comes from the cache built in OCI format.
    const docker = withEnv(
      await aJob(client, { dockerfile, baseImages: [base], buildConfig: 'formats' }),
      [{ name: 'BUILDAH_FORMAT', value: 'docker' }],
    );
    expect(await mediaType(docker)).toBe('application/vnd.docker.distribution.manifest.v2+json');

    const bad = withEnv(
      await aJob(client, { dockerfile, baseImages: [base], buildConfig: 'formats' }),
      [
        { name: 'GREETING', value: 'hi' },
        { name: 'BUILDAH_FORMAT', value: 'v2s2' },
      ],
    );
    await publishJob(bus, bad);
    const failed = await outcomes.wait(bad.build.metadata.uid);
    expect(failed).toMatchObject({
      subject: Subjects.ImageBuildFailed,
      data: { reason: 'GenericBuildFailed' },
    });
    expect(failed.data.message).toBe(
      'spec.strategy.dockerStrategy.env[1]: BUILDAH_FORMAT "v2s2" is not an image format; use "docker" or "oci"',
    );
  }, 120_000);

  it("pulls an incremental build's previous image with the push secret, which alone can read it", async () => {
    const auth = { username: 'pusher', password: 'push-only-5e3c' };
    const output = await startTestRegistry({ auth });
    try {
      const previous = `${output.host}/apps/incremental:latest`;
      await run('skopeo', [
        'copy',
        '--src-tls-verify=false',
        '--dest-tls-verify=false',
        '--dest-creds',
        `${auth.username}:${auth.password}`,
        `docker://${base}`,
        `docker://${previous}`,
      ]);
      const dockerConfig = (name: string, password: string): ResolvedObject => ({
        kind: 'Secret',
        name,
        type: 'kubernetes.io/dockerconfigjson',
        data: {
          '.dockerconfigjson': Buffer.from(
            JSON.stringify({ auths: { [output.host]: { username: auth.username, password } } }),
          ).toString('base64'),
        },
      });
      objects.set('Secret/push', dockerConfig('push', auth.password));
      objects.set('Secret/builder-pull', dockerConfig('builder-pull', 'not-the-password'));
      const incrementalJob = async (incremental: boolean) => {
        const job = await aJob(client, {
          dockerfile: `FROM ${previous} AS cached\nRUN echo saved > /saved\nFROM ${base}\nCOPY --from=cached /saved /saved\n`,
          baseImages: [base, previous],
          buildConfig: 'incremental-app',
        });
        job.pullSecret = 'builder-pull';
        (job.build.spec as Record<string, unknown>).output = {
          to: { kind: 'DockerImage', name: previous },
          pushSecret: { name: 'push' },
        };
        if (incremental) {
          job.incremental = { image: previous, pullSecret: 'push' };
        }
        return job;
      };

      // As before the fix: the previous image pulled with the strategy's pull secret fails.
      const before = await incrementalJob(false);
      await publishJob(bus, before);
      expect(await outcomes.wait(before.build.metadata.uid)).toMatchObject({
        subject: Subjects.ImageBuildFailed,
        data: { reason: 'PullBuilderImageFailed' },
      });

      const job = await incrementalJob(true);
      await publishJob(bus, job);
      const outcome = await outcomes.wait(job.build.metadata.uid);
      expect([outcome.subject, outcome.data.reason, outcome.data.message]).toEqual([
        Subjects.ImageBuilt,
        undefined,
        undefined,
      ]);
      // The previous output is pulled afresh as the build's input image.
      expect((outcome.data.steps as { name: string }[]).map((s) => s.name)).toContain(
        'PullInputImage',
      );
      const reference = (outcome.data.image as { reference: string }).reference;
      expect(await runImage(reference, ['cat', '/saved'])).toBe('saved\n');
      expect(await readBuildLog(bus, job.build.metadata.name)).not.toContain(auth.password);
    } finally {
      await output.stop();
    }
  }, 120_000);

  it("does not serve one BuildConfig from another one's layer cache", async () => {
    const dockerfile = `FROM ${base}\nRUN echo tenant > /t\n`;
    const a = await aJob(client, { dockerfile, baseImages: [base], buildConfig: 'tenant-a' });
    await publishJob(bus, a);
    await outcomes.wait(a.build.metadata.uid);
    const hitsBefore = await metric('kiln_builder_cache_hits_total');
    const b = await aJob(client, { dockerfile, baseImages: [base], buildConfig: 'tenant-b' });
    await publishJob(bus, b);
    expect(await outcomes.wait(b.build.metadata.uid)).toMatchObject({
      subject: Subjects.ImageBuilt,
    });
    expect(await metric('kiln_builder_cache_hits_total')).toBe(hitsBefore);
  }, 120_000);

  it('stops a long RUN within 2 s of a cancel and reports the build cancelled', async () => {
    const job = await aJob(client, {
      dockerfile: `FROM ${base}\nRUN sleep 120\n`,
      baseImages: [base],
    });
    await publishJob(bus, job);
    await new Promise((r) => setTimeout(r, 4000));
    const asked = Date.now();
    await bus.publish(
      Subjects.BuildCancelRequested,
      { build: { namespace: 'team', name: job.build.metadata.name, uid: job.build.metadata.uid } },
      { msgId: `${job.build.metadata.uid}:cancel` },
    );
    const outcome = await outcomes.wait(job.build.metadata.uid, 30_000);
    expect(Date.now() - asked).toBeLessThan(2000);
    expect(outcome).toMatchObject({
      subject: Subjects.ImageBuildFailed,
      data: { reason: 'CancelledBuild' },
    });
    const { stdout } = await run('sh', ['-c', 'pgrep -f "[s]leep 120" || true']);
    expect(stdout.trim()).toBe('');
  }, 60_000);

  it('fails a build whose post-commit hook fails with PostCommitHookFailed', async () => {
    const alias = `appimage${'c'.repeat(32)}`;
    const job = await aJob(client, {
      dockerfile: `FROM ${base} AS ${alias}\nRUN echo built > /built\nFROM ${alias}\nRUN /bin/sh -c 'echo hook running; exit 4'\nFROM ${alias}\n`,
      baseImages: [base],
    });
    await publishJob(bus, job);
    const outcome = await outcomes.wait(job.build.metadata.uid);
    // The whole outcome is compared, so that a failure shows the log snippet it came with.
    expect({ subject: outcome.subject, ...outcome.data }).toMatchObject({
      subject: Subjects.ImageBuildFailed,
      reason: 'PostCommitHookFailed',
      message: 'Build failed because of post commit hook.',
      logSnippet: expect.stringContaining('hook running') as unknown,
    });
  }, 120_000);

  it('runs a Custom-strategy builder image with the build env, secrets and source, and no container socket', async () => {
    const builderScript = [
      'set -e',
      'echo "$BUILD" | grep -q custom-build',
      'test -f /tmp/build/inputs/README',
      `test "$(cat /var/run/secrets/custom/token | wc -c)" = "${CANARY.length}"`,
      // env valueFrom a Secret: resolved by the builder, never carried in the job.
      `test "\${#CUSTOM_TOKEN}" = "${CANARY.length}"`,
      'test ! -e /var/run/docker.sock',
      'echo custom builder ran',
    ].join('\n');
    const image = await aJob(client, {
      dockerfile: `FROM ${base}\nCOPY builder.sh /builder.sh\nENTRYPOINT ["/bin/sh", "/builder.sh"]\n`,
      baseImages: [base],
      files: { 'builder.sh': `${builderScript}\n` },
      buildConfig: 'custom-builder-image',
    });
    await publishJob(bus, image);
    const built = await outcomes.wait(image.build.metadata.uid);
    expect(built).toMatchObject({ subject: Subjects.ImageBuilt });
    const builderImage = (built.data.image as { reference: string }).reference;

    const job = await aJob(client, {
      dockerfile: '',
      baseImages: [builderImage],
      buildConfig: 'custom-build',
    });
    job.build.spec = {
      strategy: {
        type: 'Custom',
        customStrategy: {
          from: { kind: 'DockerImage', name: builderImage },
          env: [
            {
              name: 'CUSTOM_TOKEN',
              valueFrom: { secretKeyRef: { name: 'canary', key: 'token' } },
            },
          ],
        },
      },
    };
    job.secretEnv = ['CUSTOM_TOKEN'];
    job.custom = {
      image: builderImage,
      env: [{ name: 'BUILD', value: JSON.stringify(job.build) }],
      secrets: [{ name: 'canary', mountPath: '/var/run/secrets/custom' }],
    };
    await publishJob(bus, job);
    const outcome = await outcomes.wait(job.build.metadata.uid);
    expect([outcome.data.reason, outcome.data.message, outcome.data.logSnippet]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(outcome).toMatchObject({
      subject: Subjects.ImageBuilt,
      data: { image: { digest: '' } },
    });
  }, 120_000);

  it('ends a build over its memory limit with OutOfMemoryKilled', async () => {
    const job = await aJob(client, {
      // dd allocates its whole block: 300 MB, three times the limit.
      dockerfile: `FROM ${base}\nRUN dd if=/dev/zero of=/dev/null bs=300M count=1\n`,
      baseImages: [base],
      buildConfig: 'greedy',
    });
    (job.build.spec as Record<string, unknown>).resources = { limits: { memory: '96Mi' } };
    await publishJob(bus, job);
    const outcome = await outcomes.wait(job.build.metadata.uid);
    expect(outcome).toMatchObject({
      subject: Subjects.ImageBuildFailed,
      data: { reason: 'OutOfMemoryKilled' },
    });
  }, 120_000);

  it('masks a secret a failing RUN printed in the log snippet it reports', async () => {
    const job = await aJob(client, {
      dockerfile: `FROM ${base}\nRUN cat /run/kiln-canary/token && exit 5\n`,
      baseImages: [base],
      volumes: [{ kind: 'Secret', name: 'canary', destinationPath: '/run/kiln-canary' }],
    });
    await publishJob(bus, job);
    const outcome = await outcomes.wait(job.build.metadata.uid);
    expect(outcome).toMatchObject({
      subject: Subjects.ImageBuildFailed,
      data: { reason: 'DockerBuildFailed' },
    });
    expect(outcome.data.logSnippet).toContain('*****');
    expect(JSON.stringify(outcome.data)).not.toContain(CANARY);
  }, 120_000);
});
