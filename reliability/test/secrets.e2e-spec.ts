import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Build } from '@kiln/build-types';
import type { EventBus } from '@kiln/events';
import { postgresBinDir, type RegistryServer } from '@kiln/farm';
import {
  createGitRepo,
  makeTempDir,
  startGitHttpServer,
  startTestRegistry,
  type GitHttpServer,
} from '@kiln/testing';
import { aDockerBuildConfig, run, sharedFarm, type Farm } from './support/farm.js';
import { filesBelow, filesInLayers, imageBlobs } from './support/images.js';
import { connectBus, readStream } from './support/streams.js';

const CANARY = `kiln-canary-${randomBytes(12).toString('hex')}`;
const b64 = (text: string): string => Buffer.from(text).toString('base64');
const GIT_USER = 'git-user';
const REGISTRY_USER = 'kiln-pusher';
/** The canary as it could leak: plain, base64, and inside the basic-auth pairs that carry it. */
const FORMS = [
  CANARY,
  b64(CANARY),
  b64(`${GIT_USER}:${CANARY}`),
  b64(`${REGISTRY_USER}:${CANARY}`),
];
const leaks = (content: string | Buffer): string[] =>
  FORMS.filter((form) => content.includes(form));

/**
 * One secret value, the canary, used as a build's source secret, pull secret, push secret,
 * build-time secret, `source.secrets` input and env valueFrom, then looked for everywhere a
 * value could end up.
 */
describe('a canary secret used every way a build can use one', () => {
  const farm: Farm = sharedFarm('rel-secrets');
  const repos = makeTempDir('canary-repos');
  let git: GitHttpServer;
  let registry: RegistryServer;
  let bus: EventBus;
  let image = '';
  let skipLayersImage = '';
  const builds: Build[] = [];

  beforeAll(async () => {
    await farm.ensureUp();
    bus = await connectBus(farm.natsUrl);
    git = await startGitHttpServer(repos.path, { username: GIT_USER, password: CANARY });
    registry = await startTestRegistry({ auth: { username: REGISTRY_USER, password: CANARY } });
    const privateBase = `${registry.host}/kiln/base:latest`;
    await run('skopeo', [
      'copy',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      `--dest-creds=${REGISTRY_USER}:${CANARY}`,
      `docker://${farm.base}`,
      `docker://${privateBase}`,
    ]);
    const digest = createHash('sha256').update(CANARY).digest('hex');
    createGitRepo(repos.path, 'app').commit(
      {
        Dockerfile: [
          `FROM ${privateBase}`,
          // Uses the secret without naming it, then prints it: the log must mask it.
          `RUN test "$(sha256sum < /run/canary/value | cut -d' ' -f1)" = "${digest}" && echo used > /secret-used`,
          'RUN cat /run/canary/value; echo',
          // The same value through env valueFrom, and a variable that expands it: there for
          // RUN, printed (masked), and in no ENV, history entry or layer afterwards.
          `RUN test "$(printf %s "$CANARY_ENV" | sha256sum | cut -d' ' -f1)" = "${digest}" && test "$AUTH_HEADER" = "Bearer $CANARY_ENV" && echo used > /env-used`,
          'RUN echo "$CANARY_ENV $AUTH_HEADER"',
          // The same value as a source.secrets input, which the builder places in the context:
          // a RUN reads it through a bind mount of the context, so no layer takes the file...
          `RUN --mount=type=bind,source=canary-input,target=/run/canary-input test "$(sha256sum < /run/canary-input/value | cut -d' ' -f1)" = "${digest}" && echo used > /input-used`,
          // ...while the configMap placed beside it is meant to stay, and is COPY'd in.
          'COPY settings/ /etc/canary-settings/',
          '',
        ].join('\n'),
      },
      'app',
    );
    await farm.createSecret(
      'git-creds',
      { username: GIT_USER, password: CANARY },
      'kubernetes.io/basic-auth',
    );
    await farm.createSecret(
      'registry-creds',
      {
        '.dockerconfigjson': JSON.stringify({
          auths: { [registry.host]: { auth: b64(`${REGISTRY_USER}:${CANARY}`) } },
        }),
      },
      'kubernetes.io/dockerconfigjson',
    );
    await farm.createSecret('canary', { value: CANARY });
    await farm.create(`/api/v1/namespaces/${farm.namespace}/configmaps`, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'canary-settings' },
      data: { mode: 'production' },
    });
    image = `${registry.host}/secrets/app:latest`;
    await farm.create(
      'buildconfigs',
      aDockerBuildConfig('canary-app', '', image, {
        source: {
          type: 'Git',
          git: { uri: git.url('app') },
          sourceSecret: { name: 'git-creds' },
          secrets: [{ secret: { name: 'canary' }, destinationDir: 'canary-input' }],
          configMaps: [{ configMap: { name: 'canary-settings' }, destinationDir: 'settings' }],
        },
        strategy: {
          type: 'Docker',
          dockerStrategy: {
            pullSecret: { name: 'registry-creds' },
            env: [
              { name: 'CANARY_ENV', valueFrom: { secretKeyRef: { name: 'canary', key: 'value' } } },
              { name: 'AUTH_HEADER', value: 'Bearer $(CANARY_ENV)' },
            ],
            volumes: [
              {
                name: 'canary',
                source: { type: 'Secret', secret: { secretName: 'canary' } },
                mounts: [{ destinationPath: '/run/canary' }],
              },
            ],
          },
        },
        output: {
          to: { kind: 'DockerImage', name: image },
          pushSecret: { name: 'registry-creds' },
        },
      }),
    );
    // OpenShift's own way with a source.secrets input: COPY it in and remove it in the same
    // build, with SkipLayers committing one layer in which the removed file does not exist.
    skipLayersImage = `${registry.host}/secrets/skip-layers:latest`;
    await farm.create(
      'buildconfigs',
      aDockerBuildConfig('canary-skip-layers', '', skipLayersImage, {
        source: {
          type: 'Dockerfile',
          dockerfile: [
            `FROM ${privateBase}`,
            'COPY canary-input/ /tmp/canary-input/',
            `RUN test "$(sha256sum < /tmp/canary-input/value | cut -d' ' -f1)" = "${digest}" && rm -rf /tmp/canary-input && echo used > /copied-input-used`,
            '',
          ].join('\n'),
          secrets: [{ secret: { name: 'canary' }, destinationDir: 'canary-input' }],
        },
        strategy: {
          type: 'Docker',
          dockerStrategy: {
            pullSecret: { name: 'registry-creds' },
            imageOptimizationPolicy: 'SkipLayers',
          },
        },
        output: {
          to: { kind: 'DockerImage', name: skipLayersImage },
          pushSecret: { name: 'registry-creds' },
        },
      }),
    );
    const started = [
      await farm.instantiate('canary-app'),
      await farm.instantiate('canary-skip-layers'),
    ];
    for (const name of started) {
      builds.push(await farm.waitTerminal(name, 240_000));
    }
  }, 360_000);

  afterAll(async () => {
    await bus?.close();
    await git?.stop();
    await registry?.stop();
    repos.remove();
  });

  it('builds with every use of the secret', () => {
    expect(builds.map((b) => [b.metadata.name, b.status?.phase])).toEqual([
      ['canary-app-1', 'Complete'],
      ['canary-skip-layers-1', 'Complete'],
    ]);
  });

  it('appears in no build log, stored build, Dockerfile or other API response', async () => {
    const logs: string[] = [];
    for (const build of builds) {
      const name = build.metadata.name ?? '';
      logs.push((await farm.call('GET', `builds/${name}/log`)).text);
      await farm.call('GET', `builds/${name}`);
      await farm.call('GET', `builds/${name}/dockerfile`);
    }
    // canary-app prints the value (masked); the SkipLayers build only uses it.
    expect(logs[0]).toContain('*****');
    await farm.call('GET', 'builds');
    await farm.call('GET', 'buildconfigs');
    // A Secret's own endpoint returns its data to who may read it; every other answer must not.
    const answers = farm.responses.filter((r) => !r.path.includes('/secrets'));
    expect(answers.length).toBeGreaterThan(5);
    for (const answer of answers) {
      expect({ call: `${answer.method} ${answer.path}`, leaks: leaks(answer.text) }).toEqual({
        call: `${answer.method} ${answer.path}`,
        leaks: [],
      });
    }
  });

  it('appears in no event, log line or dead letter on NATS', async () => {
    for (const stream of ['KILN_EVENTS', 'KILN_LOGS', 'KILN_DEAD_LETTERS']) {
      const found = (await readStream(bus, stream)).filter((m) => leaks(m.data).length > 0);
      expect({ stream, found: found.map((m) => m.subject) }).toEqual({ stream, found: [] });
    }
  });

  it('appears in no layer, config or history of the image, and no blob of the farm registry', async () => {
    const blobs = await imageBlobs(image, `${REGISTRY_USER}:${CANARY}`);
    // The RUNs that checked the secret's digest ran: the secret was there, and is not now.
    const files = filesInLayers(blobs);
    expect(files).toContain('secret-used');
    expect(files).toContain('env-used');
    expect(files).toContain('input-used');
    // The configMap placed beside the secret input reached the context and the image.
    expect(files).toContain('etc/canary-settings/mode');
    expect(files.filter((f) => f.includes('canary-input/value'))).toEqual([]);
    expect(blobs.filter((b) => leaks(b).length > 0)).toEqual([]);
    const skipLayers = await imageBlobs(skipLayersImage, `${REGISTRY_USER}:${CANARY}`);
    expect(filesInLayers(skipLayers)).toContain('copied-input-used');
    expect(filesInLayers(skipLayers).filter((f) => f.includes('canary-input/value'))).toEqual([]);
    expect(skipLayers.filter((b) => leaks(b).length > 0)).toEqual([]);
    // Source bundles (kiln-sources, kiln-contexts), staging images, outputs: every blob stored.
    const store = join(farm.descriptor.stateDir, 'registry', 'storage');
    const stored = filesBelow(store);
    expect(stored.some((f) => f.path.includes('kiln-sources'))).toBe(true);
    expect(stored.filter((f) => leaks(f.content).length > 0).map((f) => f.path)).toEqual([]);
  }, 120_000);

  it("appears in no service log, work directory, builder store or row of build-api's database", async () => {
    const state = farm.descriptor.stateDir;
    const places = [
      join(state, 'logs'),
      ...readdirSync(state)
        .filter((d) => d.startsWith('work-'))
        .map((d) => join(state, d)),
      join(state, 'buildah'),
    ];
    for (const place of places) {
      const found = filesBelow(place).filter((f) => leaks(f.content).length > 0);
      expect({ place, found: found.map((f) => f.path) }).toEqual({ place, found: [] });
    }
    const { stdout: dump } = await run(
      join(postgresBinDir(), 'pg_dump'),
      [
        '-h',
        '127.0.0.1',
        '-p',
        farm.descriptor.env.KILN_POSTGRES_PORT ?? '',
        '-U',
        'kiln',
        '--data-only',
        'kiln',
      ],
      { maxBuffer: 256 * 1024 * 1024 },
    );
    expect(dump).toContain('canary-app');
    expect(leaks(dump)).toEqual([]);
  }, 120_000);
});
