import {
  applyBuildConfigDefaults,
  parseDocuments,
  validateBuildConfig,
  type Build,
  type BuildConfig,
  type ObjectReference,
} from '@kiln/build-types';
import {
  fixtureFiles,
  fixtureParams,
  readFixture,
} from '../../../libs/build-types/test/fixtures.js';
import { ImageChangeFanout } from '../src/imagestreams/image-change-fanout.service.js';
import { bcPath, buildPath } from './factories.js';
import {
  importPath,
  isPath,
  startImageFarm,
  waitFor,
  type ImageFarm,
} from './imagestreams-farm.js';

type Ref = ObjectReference;

const streamRef = (ref: Ref | null | undefined): ref is Ref => ref?.kind === 'ImageStreamTag';

/** The image inputs of a spec: the strategy's `from` and `source.images[].from`. */
function inputsOf(spec: BuildConfig['spec'] | Build['spec']): Ref[] {
  const s = spec.strategy;
  const from = s.sourceStrategy?.from ?? s.dockerStrategy?.from ?? s.customStrategy?.from;
  return [...(from ? [from] : []), ...(spec.source?.images ?? []).map((i) => i.from)];
}

/** The BuildConfig as written, and as the server defaults it (for reading its triggers). */
type Fixture = { raw: Record<string, unknown>; bc: BuildConfig };

/** The real BuildConfigs that refer to image streams, as their files define them. */
function streamConfigs(): { file: string; configs: Fixture[] }[] {
  return fixtureFiles()
    .map((file) => {
      const parsed = parseDocuments(readFixture(file), { params: fixtureParams });
      if (!parsed.ok) {
        throw new Error(`${file}: ${JSON.stringify(parsed.errors)}`);
      }
      const configs = parsed.objects
        .filter((o) => o.kind === 'BuildConfig')
        .map((raw) => {
          const result = validateBuildConfig(raw);
          if (!result.ok) {
            throw new Error(`${file}: ${JSON.stringify(result.errors)}`);
          }
          return { raw, bc: applyBuildConfigDefaults(result.value) };
        })
        .filter(({ bc }) => [...inputsOf(bc.spec), bc.spec.output?.to].some(streamRef));
      return { file, configs };
    })
    .filter((f) => f.configs.length > 0);
}

/**
 * Each fixture BuildConfig that uses ImageStreamTags, created unchanged: its builder and input
 * tags exist (imported from the farm registry), its output stream exists, and its build is
 * generated with every reference resolved and handed to the workers (Pending).
 */
describe('real BuildConfigs with ImageStreamTags', () => {
  let farm: ImageFarm;
  let builder: string;
  const files = streamConfigs();

  beforeAll(async () => {
    farm = await startImageFarm();
    await farm.push('fixtures/builder', '1');
    builder = `${farm.host}/fixtures/builder:1`;
  });
  afterAll(async () => {
    await farm.stop();
  });

  it('finds the fixtures that use image streams', () => {
    expect(files.map((f) => f.file)).toEqual(
      expect.arrayContaining([
        'openshift_library_eap74-basic-s2i-chained.yaml',
        'openshift_origin_test-imagesource-buildconfig.yaml',
        'sclorg_nodejs-ex_nodejs-template-bc.yaml',
      ]),
    );
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  const ensureImage = async (ref: Ref, namespace: string) => {
    const [stream = '', tag = 'latest'] = (ref.name ?? '').split(':');
    await farm.json('POST', importPath(ref.namespace || namespace), {
      metadata: { name: stream },
      spec: {
        import: true,
        images: [{ from: { kind: 'DockerImage', name: builder }, to: { name: tag } }],
      },
    });
  };
  const ensureStream = async (ref: Ref, namespace: string) => {
    const [stream = ''] = (ref.name ?? '').split(':');
    const response = await farm.api.request('POST', isPath(ref.namespace || namespace), {
      body: { metadata: { name: stream } },
    });
    expect([201, 409]).toContain(response.status);
  };
  const startBuild = async (bc: BuildConfig, namespace: string): Promise<void> => {
    const name = bc.metadata.name ?? '';
    if (bc.spec.triggers?.some((t) => t.type === 'ConfigChange') && !bc.spec.source?.binary) {
      return; // created with its config
    }
    const response = bc.spec.source?.binary
      ? await fetch(
          `${farm.api.url}${bcPath(namespace, name)}/instantiatebinary?asFile=Dockerfile`,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${farm.api.tokens.admin}` },
            body: 'FROM scratch\n',
          },
        )
      : await farm.api.request('POST', `${bcPath(namespace, name)}/instantiate`, {
          body: { kind: 'BuildRequest', metadata: { name } },
        });
    expect(response.status).toBe(201);
  };

  it.each(files.map((f, i) => [f.file, f.configs, `fx-${i}`] as const))(
    '%s: every reference resolves and the build is handed to the workers',
    async (_file, configs, namespace) => {
      for (const { raw, bc } of configs) {
        for (const ref of inputsOf(bc.spec).filter(streamRef)) {
          await ensureImage(ref, namespace);
        }
        const to = bc.spec.output?.to;
        if (streamRef(to)) {
          await ensureStream(to, namespace);
        }
        // What the imports set off has run: no trigger is pending when the config arrives.
        await farm.api.app.get(ImageChangeFanout).idle();
        await farm.json('POST', bcPath(namespace), raw);
        await startBuild(bc, namespace);

        const name = bc.metadata.name ?? '';
        const build = await waitFor(
          () => farm.json<Build>('GET', buildPath(namespace, `${name}-1`)),
          (b) => b.status?.phase === 'Pending',
        );
        for (const input of inputsOf(build.spec)) {
          expect(input.kind).toBe('DockerImage');
        }
        const resolved = inputsOf(bc.spec)
          .map((ref, i) => [ref, inputsOf(build.spec)[i]] as const)
          .filter(([ref]) => streamRef(ref));
        for (const [, input] of resolved) {
          expect(input?.name).toMatch(
            new RegExp(`^${farm.host}/[a-z0-9-]+/[a-z0-9.-]+@sha256:[0-9a-f]{64}$`),
          );
        }
        if (streamRef(to)) {
          const [stream, tag = 'latest'] = (to.name ?? '').split(':');
          const target = `${farm.host}/${to.namespace || namespace}/${stream}:${tag}`;
          expect(build.spec.output?.to).toEqual({ kind: 'DockerImage', name: target });
          expect(build.status?.outputDockerImageReference).toBe(target);
        }
      }
    },
    30_000,
  );
});
