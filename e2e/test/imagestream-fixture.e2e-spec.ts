import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocuments } from '@kiln/build-types';
import { fixturesDir } from '../../libs/build-types/test/fixtures.js';
import { expectBuildImage, s2iRunCmd } from './support/build-image.js';
import { publishExample } from './support/examples.js';
import { startFarm, type Build, type Farm } from './support/farm.js';

// The one fixture whose builder exists locally (openshift/nodejs, made by `farm streams`).
const FIXTURE = join(fixturesDir, 'sclorg_nodejs-ex_nodejs-template-bc.yaml');
const NAME = 'nodejs-example';
/** A version tag of openshift/nodejs: `farm streams` makes it track `nodejs:latest`. */
const NODEJS_VERSION = '20-ubi8';
const BUILDER_TAG = `nodejs:${NODEJS_VERSION}`;
const IMAGES = '/apis/image.openshift.io/v1/namespaces';

type ImageStreamTag = { image?: { metadata: { name: string }; dockerImageReference: string } };
type TriggeredBuild = Build & {
  spec: {
    triggeredBy?: {
      message?: string;
      imageChangeBuild?: { imageID?: string; fromRef?: Record<string, unknown> };
    }[];
    strategy: { sourceStrategy: { from: { kind: string; name: string } } };
  };
};

/**
 * The nodejs-ex Template's BuildConfig, as exported from a cluster: S2I from
 * `openshift/nodejs:${NODEJS_VERSION}`, output to `${NAME}:latest`, ConfigChange and ImageChange
 * triggers. Only its parameters are filled in.
 */
describe('a real BuildConfig built from and into ImageStreamTags', () => {
  let farm: Farm;

  const tagOf = async (namespace: string, tag: string): Promise<ImageStreamTag> => {
    const { status, body } = await farm.call(
      'GET',
      `${IMAGES}/${namespace}/imagestreamtags/${tag}`,
    );
    return status === 200 ? (body as ImageStreamTag) : {};
  };
  const waitTagDigest = async (namespace: string, tag: string, digest: string): Promise<void> => {
    for (let i = 0; i < 120; i++) {
      if ((await tagOf(namespace, tag)).image?.metadata.name === digest) {
        return;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    expect((await tagOf(namespace, tag)).image?.metadata.name).toBe(digest);
  };
  const buildNames = async (): Promise<string[]> => {
    const { body } = await farm.call('GET', 'builds');
    return (body as { items: Build[] }).items.map((b) => b.metadata.name).sort();
  };

  beforeAll(async () => {
    // httpd and static streams import s2i-static: `farm streams` needs every builder image.
    farm = await startFarm(['base', 's2i-nodejs', 's2i-static']);
    expect(await farm.createBuilderStreams()).toContain('openshift/nodejs');
  }, 400_000);

  afterAll(async () => {
    await farm.stop();
  }, 60_000);

  it('builds on creation, pushes to its output tag, and rebuilds once when the builder is pushed anew', async () => {
    const commit = publishExample(farm, 'nodejs-s2i', 'nodejs-ex');
    const parsed = parseDocuments(readFileSync(FIXTURE, 'utf8'), {
      params: {
        NAME,
        NAMESPACE: 'openshift',
        NODEJS_VERSION,
        SOURCE_REPOSITORY_URL: `${farm.gitUrl}nodejs-ex`,
        SOURCE_REPOSITORY_REF: 'main',
        CONTEXT_DIR: '',
        NPM_MIRROR: '',
        GITHUB_WEBHOOK_SECRET: 'e2e-github-secret',
        GENERIC_WEBHOOK_SECRET: 'e2e-generic-secret',
      },
    });
    if (!parsed.ok) {
      throw new Error(JSON.stringify(parsed.errors));
    }
    const [bc] = parsed.objects;
    // The Template's other object: the output stream the BuildConfig pushes into.
    const stream = {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: NAME },
    };
    expect((await farm.call('POST', `${IMAGES}/e2e/imagestreams`, stream)).status).toBe(201);
    // The version tag follows nodejs:latest, imported from the farm's own builder image.
    await waitTagDigest(
      'openshift',
      BUILDER_TAG,
      (await farm.skopeoInspect(`${farm.registry}/kiln/s2i-nodejs:latest`)).Digest,
    );
    const builder = await tagOf('openshift', BUILDER_TAG);
    expect(builder.image?.dockerImageReference).toMatch(/@sha256:[0-9a-f]{64}$/);

    // ConfigChange: the first build starts by itself, from the builder resolved by digest.
    expect((await farm.call('POST', 'buildconfigs', bc)).status).toBe(201);
    const first = (await farm.waitTerminal(`${NAME}-1`, 240_000)) as TriggeredBuild;
    expect(first.status).toMatchObject({ phase: 'Complete' });
    expect(first.spec.triggeredBy).toEqual([{ message: 'Build configuration change' }]);
    expect(first.spec.strategy.sourceStrategy.from).toEqual({
      kind: 'DockerImage',
      name: builder.image?.dockerImageReference,
    });
    expect((first.spec as { revision?: { git?: { commit?: string } } }).revision?.git?.commit).toBe(
      commit,
    );
    await expectBuildImage(farm, first, { user: '1001', cmd: s2iRunCmd() });
    await waitTagDigest('e2e', `${NAME}:latest`, first.status.output?.to?.imageDigest ?? '');
    expect(await buildNames()).toEqual([`${NAME}-1`]);

    // A new builder image pushed to the repository openshift/nodejs imports from.
    const source = `${farm.registry}/kiln/s2i-nodejs:latest`;
    await farm.pushImage(`FROM ${source}\nLABEL io.kiln.e2e.builder="rebuilt"\n`, source);
    const pushed = (await farm.skopeoInspect(source)).Digest;
    expect(pushed).not.toBe(builder.image?.metadata.name);
    await waitTagDigest('openshift', BUILDER_TAG, pushed);

    const second = (await farm.waitTerminal(`${NAME}-2`, 240_000)) as TriggeredBuild;
    expect(second.status).toMatchObject({ phase: 'Complete' });
    const [cause] = second.spec.triggeredBy ?? [];
    expect(cause).toMatchObject({
      message: 'Image change',
      imageChangeBuild: {
        imageID: expect.stringContaining(pushed) as unknown,
        fromRef: { kind: 'ImageStreamTag', namespace: 'openshift', name: BUILDER_TAG },
      },
    });
    expect(second.spec.strategy.sourceStrategy.from.name).toContain(pushed);
    await expectBuildImage(farm, second, { user: '1001', cmd: s2iRunCmd() });
    // Built on the new builder: the app image inherits its label.
    const rebuilt = await farm.skopeoInspect(second.status.outputDockerImageReference ?? '');
    expect(rebuilt.Labels['io.kiln.e2e.builder']).toBe('rebuilt');
    await waitTagDigest('e2e', `${NAME}:latest`, second.status.output?.to?.imageDigest ?? '');
    const config = (await farm.call('GET', `buildconfigs/${NAME}`)).body as {
      status?: { imageChangeTriggers?: { lastTriggeredImageID?: string }[] };
    };
    expect(config.status?.imageChangeTriggers).toEqual([
      expect.objectContaining({ lastTriggeredImageID: expect.stringContaining(pushed) as unknown }),
    ]);

    // Exactly one build per new image: nothing else was started by the push.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await buildNames()).toEqual([`${NAME}-1`, `${NAME}-2`]);
  }, 600_000);
});
