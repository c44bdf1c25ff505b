import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import {
  pullBundleRef,
  pushDirectoryBundle,
  RegistryClient,
  sha256Digest,
} from '@kiln/artifact-store';
import type { NatsServer, RegistryServer } from '@kiln/farm';
import {
  EventBus,
  RpcBus,
  SECRET_ENV_FILE,
  Subjects,
  type EventOf,
  type ResolvedObject,
} from '@kiln/events';
import { answerResolveObjects, startWorker } from '@kiln/service-kit';
import { makeTempDir, startTestNats, startTestRegistry } from '@kiln/testing';
import { AppModule } from '../src/app.module.js';
import { dockerfileGeneratorEnv } from '../src/config/dockerfile-generator.config.js';

type Generated = EventOf<typeof Subjects.DockerfileGenerated>;
type Outcome = { subject: string; data: Record<string, unknown> };

/** The generator worker against real NATS and a real registry, fed SourceFetched jobs. */
describe('the dockerfile-generator', () => {
  let nats: NatsServer;
  let registry: RegistryServer;
  let client: RegistryClient;
  let app: INestApplication;
  let bus: EventBus;
  let scripts: Server;
  let scriptsUrl = '';
  const work = makeTempDir('gen-it');
  const objects = new Map<string, ResolvedObject>([
    [
      'Secret/app-secret',
      {
        kind: 'Secret',
        name: 'app-secret',
        data: { key: Buffer.from('v@lue $HOME').toString('base64') },
      },
    ],
  ]);
  const outcomes = new Map<string, (o: Outcome) => void>();

  /** Writes an image whose config has these labels and USER (no layers are needed to inspect it). */
  async function builderImage(
    name: string,
    config: { Labels?: Record<string, string>; User?: string },
  ): Promise<string> {
    const blob = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config,
        rootfs: { type: 'layers', diff_ids: [] },
      }),
    );
    await client.pushBlob(`builders/${name}`, Readable.from([blob]));
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha256Digest(blob),
        size: blob.length,
      },
      layers: [],
    });
    await client.putManifest(
      `builders/${name}`,
      'latest',
      manifest,
      'application/vnd.oci.image.manifest.v1+json',
    );
    return `${registry.host}/builders/${name}:latest`;
  }

  /** Publishes SourceFetched for a source of `files` and a build `spec`; resolves with the outcome. */
  async function generate(
    files: Record<string, string>,
    spec: Record<string, unknown>,
    uid = randomUUID(),
  ): Promise<Outcome> {
    const dir = join(work.path, uid);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content, { mode: path.includes('/bin/') ? 0o755 : 0o644 });
    }
    mkdirSync(dir, { recursive: true });
    const bundle = await pushDirectoryBundle(client, 'kiln-sources/team', dir);
    const outcome = new Promise<Outcome>((resolve) => outcomes.set(uid, resolve));
    const fetched: EventOf<typeof Subjects.SourceFetched> = {
      build: { metadata: { name: 'app-1', namespace: 'team', uid }, spec },
      bundle: { repository: bundle.repository, digest: bundle.digest, size: bundle.size },
      sourceBytes: bundle.size,
      revision: { commit: 'a'.repeat(40), message: 'msg', authorName: 'A', authorEmail: 'a@x' },
      steps: [],
    };
    await bus.publish(Subjects.SourceFetched, fetched, {
      msgId: `${uid}:fetched-${Math.random()}`,
    });
    return outcome;
  }

  const s2i = (from: string, extra: Record<string, unknown> = {}) => ({
    strategy: {
      type: 'Source',
      sourceStrategy: { from: { kind: 'DockerImage', name: from }, ...extra },
    },
  });

  beforeAll(async () => {
    [nats, registry] = await Promise.all([startTestNats(), startTestRegistry()]);
    client = new RegistryClient({ host: registry.host, insecure: true });
    scripts = createServer((req, res) => {
      if (req.url === '/scripts/assemble') {
        res.end('#!/bin/sh\necho assemble from the scripts URL\n');
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((r) => scripts.listen(0, '127.0.0.1', r));
    scriptsUrl = `http://127.0.0.1:${(scripts.address() as AddressInfo).port}/scripts`;
    app = await startWorker(
      'dockerfile-generator',
      dockerfileGeneratorEnv,
      (config) => AppModule.forRoot(config),
      {
        NATS_URL: nats.url,
        REGISTRY_HOST: registry.host,
        KILN_WORK_DIR: join(work.path, 'gen'),
        KILN_LOG_LEVEL: 'error',
      },
    );
    bus = app.get(EventBus);
    // build-api answers ResolveObjects in a farm; here the test plays that part over real NATS.
    answerResolveObjects(app.get(RpcBus), objects);
    bus.connection.subscribe('kiln.v1.stage.dockerfile.>', {
      callback: (_e, msg) => {
        const event = msg.json<{
          data: Record<string, unknown> & { build: { uid?: string; metadata?: { uid: string } } };
        }>();
        const uid = event.data.build.metadata?.uid ?? event.data.build.uid ?? '';
        outcomes.get(uid)?.({ subject: msg.subject, data: event.data });
      },
    });
  }, 60_000);

  afterAll(async () => {
    await app.close();
    scripts.close();
    await Promise.all([nats.stop(), registry.stop()]);
    work.remove();
  });

  it('generates the S2I Dockerfile from the builder image labels, with .s2i/bin scripts moved out and .s2iignore applied', async () => {
    const builder = await builderImage('node', {
      Labels: {
        'io.openshift.s2i.scripts-url': 'image:///usr/libexec/s2i',
        'io.openshift.s2i.destination': '/tmp',
      },
      User: '1001',
    });
    const outcome = await generate(
      {
        'server.js': 'console.log(1)\n',
        'secret.env': 'TOKEN=x\n',
        '.s2iignore': 'secret.env\n',
        '.s2i/bin/assemble': '#!/bin/sh\necho custom\n',
        '.s2i/environment': 'FROM_FILE=yes\n',
      },
      s2i(builder, {
        env: [
          { name: 'NPM_TOKEN', valueFrom: { secretKeyRef: { name: 'app-secret', key: 'key' } } },
        ],
      }),
    );
    expect(outcome.subject).toBe(Subjects.DockerfileGenerated);
    const job = outcome.data as unknown as Generated;
    expect(job.layers).toBe('SkipLayers');
    expect(job.dockerfile).toContain(`FROM ${builder}`);
    // The Secret's value is for assemble only: sourced by its RUN, in no ENV of the image.
    expect(job.dockerfile).toContain(`RUN . ${SECRET_ENV_FILE} && /tmp/scripts/assemble`);
    expect(job.dockerfile).not.toContain('NPM_TOKEN');
    expect(job.secretEnv).toEqual(['NPM_TOKEN']);
    expect(JSON.stringify(job)).not.toContain('v@lue');
    expect(job.dockerfile).toContain('CMD /usr/libexec/s2i/run');
    expect(job.dockerfile).toContain('USER 1001');
    expect(job.dockerfile).toContain('FROM_FILE="yes"');
    const context = join(work.path, 'context');
    await pullBundleRef(client, job.bundle, context);
    expect(readFileSync(join(context, 'upload', 'scripts', 'assemble'), 'utf8')).toContain(
      'echo custom',
    );
    expect(existsSync(join(context, 'upload', 'src', 'server.js'))).toBe(true);
    expect(existsSync(join(context, 'upload', 'src', 'secret.env'))).toBe(false);
    expect(existsSync(join(context, 'upload', 'src', '.s2i', 'bin', 'assemble'))).toBe(false);
  });

  it('downloads scripts from a scripts URL, and fails with FetchScriptsFailed when none can be fetched', async () => {
    const builder = await builderImage('plain', { User: '1001' });
    const ok = await generate({ 'index.html': 'x' }, s2i(builder, { scripts: scriptsUrl }));
    expect(ok.subject).toBe(Subjects.DockerfileGenerated);
    expect((ok.data as unknown as Generated).dockerfile).toContain('RUN /tmp/scripts/assemble');
    const failed = await generate(
      { 'index.html': 'x' },
      s2i(builder, { scripts: `${scriptsUrl}/missing` }),
    );
    expect(failed).toMatchObject({
      subject: Subjects.DockerfileGenerationFailed,
      data: { reason: 'FetchScriptsFailed' },
    });
  });

  it.each([
    ['the assemble-user label says root', { Labels: { 'io.openshift.s2i.assemble-user': 'root' } }],
    ['USER is 0', { User: '0:0' }],
    ['USER is a name', { User: 'default' }],
  ])('refuses with AssembleUserForbidden when %s', async (_what, config) => {
    const builder = await builderImage(`root-${Math.random().toString(36).slice(2, 8)}`, config);
    const outcome = await generate({ 'index.html': 'x' }, s2i(builder));
    expect(outcome).toMatchObject({
      subject: Subjects.DockerfileGenerationFailed,
      data: { reason: 'AssembleUserForbidden' },
    });
  });

  it('fails with PullBuilderImageFailed when the builder image does not exist', async () => {
    const outcome = await generate(
      { 'index.html': 'x' },
      s2i(`${registry.host}/builders/nope:latest`),
    );
    expect(outcome).toMatchObject({
      subject: Subjects.DockerfileGenerationFailed,
      data: { reason: 'PullBuilderImageFailed' },
    });
  });

  it('keeps an env value from a Secret out of the Dockerfile and the event: RUN sources it, the builder resolves it', async () => {
    const docker = (env: unknown[], extra: Record<string, unknown> = {}) => ({
      strategy: { type: 'Docker', dockerStrategy: { env, ...extra } },
    });
    const ok = await generate(
      { Dockerfile: 'FROM scratch AS one\nRUN make\nFROM scratch\nRUN ["/bin/true"]\n' },
      docker([
        { name: 'PLAIN', value: 'visible' },
        { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 'app-secret', key: 'key' } } },
        { name: 'DERIVED', value: 'Bearer $(FROM_SECRET)' },
      ]),
    );
    expect(ok.subject).toBe(Subjects.DockerfileGenerated);
    const generated = ok.data as unknown as Generated;
    expect(generated.dockerfile).toContain('"PLAIN"="visible"');
    expect(generated.dockerfile).not.toContain('FROM_SECRET"=');
    expect(generated.dockerfile).not.toContain('DERIVED"=');
    expect(generated.dockerfile).toContain(`RUN . ${SECRET_ENV_FILE} && make`);
    expect(generated.dockerfile).toContain('RUN ["/bin/true"]');
    expect(generated.secretEnv).toEqual(['FROM_SECRET', 'DERIVED']);
    expect(JSON.stringify(ok.data)).not.toContain('v@lue');

    const missing = await generate(
      { Dockerfile: 'FROM scratch\n' },
      docker([{ name: 'X', valueFrom: { secretKeyRef: { name: 'app-secret', key: 'other' } } }]),
    );
    expect(missing).toMatchObject({
      subject: Subjects.DockerfileGenerationFailed,
      data: { reason: 'UnresolvableEnvironmentVariable' },
    });
    expect(JSON.stringify(missing.data)).not.toContain('v@lue');

    const arg = await generate(
      { Dockerfile: 'FROM scratch\n' },
      docker([], {
        buildArgs: [
          { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'app-secret', key: 'key' } } },
        ],
      }),
    );
    expect(arg).toMatchObject({
      subject: Subjects.DockerfileGenerationFailed,
      data: { reason: 'ManageDockerfileFailed' },
    });
    expect((arg.data as { message: string }).message).toContain('buildArgs (TOKEN)');
    expect(JSON.stringify(arg.data)).not.toContain('v@lue');
  });

  it('refuses a dockerfilePath that leaves the context with ManageDockerfileFailed', async () => {
    const outcome = await generate(
      { 'app/Dockerfile': 'FROM scratch\n' },
      {
        source: { contextDir: 'app' },
        strategy: { type: 'Docker', dockerStrategy: { dockerfilePath: '../../etc/passwd' } },
      },
    );
    expect(outcome).toMatchObject({
      subject: Subjects.DockerfileGenerationFailed,
      data: { reason: 'ManageDockerfileFailed' },
    });
  });

  it('names source.secrets and source.configMaps for the builder to place in the Docker context, and refuses a destinationDir outside it', async () => {
    const dockerfile = 'FROM scratch\nRUN --mount=type=bind,source=secret-dir,target=/s true\n';
    const inputs = (secretDir: string) => ({
      source: {
        contextDir: 'app',
        secrets: [{ secret: { name: 'app-secret' }, destinationDir: secretDir }],
        configMaps: [{ configMap: { name: 'app-config' } }],
      },
      strategy: { type: 'Docker', dockerStrategy: {} },
    });
    const ok = await generate({ 'app/Dockerfile': dockerfile }, inputs('secret-dir'));
    expect(ok.subject).toBe(Subjects.DockerfileGenerated);
    const job = ok.data as unknown as Generated;
    expect(job.contextDir).toBe('app');
    expect(job.injections).toEqual([
      { kind: 'Secret', name: 'app-secret', path: 'app/secret-dir' },
      { kind: 'ConfigMap', name: 'app-config', path: 'app' },
    ]);
    // The user's RUN keeps its bind mount of the placed directory.
    expect(job.dockerfile).toContain('RUN --mount=type=bind,source=secret-dir,target=/s true');
    // Names only: the value is resolved by the builder, and the bundle it gets holds no input.
    expect(JSON.stringify(job)).not.toContain('v@lue');
    const context = join(work.path, `docker-inputs-${randomUUID()}`);
    await pullBundleRef(client, job.bundle, context);
    expect(existsSync(join(context, 'app', 'Dockerfile'))).toBe(true);
    expect(existsSync(join(context, 'app', 'secret-dir'))).toBe(false);

    const escaping = await generate({ 'app/Dockerfile': dockerfile }, inputs('../../etc'));
    expect(escaping).toMatchObject({
      subject: Subjects.DockerfileGenerationFailed,
      data: {
        reason: 'InvalidDestinationDir',
        message: expect.stringContaining(
          'spec.source.secrets[0].destinationDir "../../etc"',
        ) as string,
      },
    });
  });

  it('generates the same Dockerfile when a job is delivered again (post-commit alias from the build uid)', async () => {
    const uid = randomUUID();
    const spec = {
      strategy: { type: 'Docker', dockerStrategy: {} },
      postCommit: { script: 'make test' },
    };
    const first = await generate({ Dockerfile: 'FROM scratch\nRUN true\n' }, spec, uid);
    const second = await generate({ Dockerfile: 'FROM scratch\nRUN true\n' }, spec, uid);
    expect((second.data as unknown as Generated).dockerfile).toBe(
      (first.data as unknown as Generated).dockerfile,
    );
    expect((first.data as unknown as Generated).dockerfile).toMatch(/FROM appimage[0-9a-f]{32}/);
  });

  it("names the output's push secret for pulling the previous image of an incremental build", async () => {
    const builder = await builderImage('incremental', {
      Labels: { 'io.openshift.s2i.scripts-url': 'image:///usr/libexec/s2i' },
      User: '1001',
    });
    const previous = await builderImage('previous-output', { User: '1001' });
    objects.set('Secret/push-secret', {
      kind: 'Secret',
      name: 'push-secret',
      type: 'kubernetes.io/dockerconfigjson',
      data: {
        '.dockerconfigjson': Buffer.from(
          JSON.stringify({ auths: { [registry.host]: { username: 'u', password: 'p' } } }),
        ).toString('base64'),
      },
    });
    const incremental = (to: string) => ({
      ...s2i(builder, { incremental: true }),
      output: { to: { kind: 'DockerImage', name: to }, pushSecret: { name: 'push-secret' } },
    });

    const ok = await generate({ 'index.html': 'x' }, incremental(previous));
    expect(ok.subject).toBe(Subjects.DockerfileGenerated);
    const job = ok.data as unknown as Generated;
    expect(job.dockerfile).toContain(`FROM ${previous} as cached`);
    expect(job.baseImages).toEqual([builder, previous]);
    expect(job.incremental).toEqual({ image: previous, pullSecret: 'push-secret' });

    // No previous image yet (a first build): not incremental, nothing to pull with the secret.
    const first = await generate(
      { 'index.html': 'x' },
      incremental(`${registry.host}/apps/never-built:latest`),
    );
    expect(first.subject).toBe(Subjects.DockerfileGenerated);
    expect((first.data as unknown as Generated).incremental).toBeUndefined();
    expect((first.data as unknown as Generated).baseImages).toEqual([builder]);
  });
});
