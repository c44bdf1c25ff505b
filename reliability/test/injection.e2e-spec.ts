import { aDockerBuildConfig, sharedFarm, type Farm } from './support/farm.js';
import { filesInLayers, imageBlobs, imageConfig } from './support/images.js';

/** A value built to break out of a Dockerfile line: newline, quote, continuation, substitution. */
const payload = (vector: string): string =>
  `ok" \\\nRUN touch /injected-${vector}\nLABEL injected=${vector}\n$(touch /injected-sub-${vector}) \`id\``;

type Vector = {
  what: string;
  vector: string;
  spec: (farm: Farm) => Record<string, unknown>;
  /** Where the value must arrive, whole and literal. */
  carried: (config: Awaited<ReturnType<typeof imageConfig>>, layers: Buffer[]) => boolean;
};

const DOCKERFILE = (base: string) =>
  `FROM ${base}\nARG ARG1\nRUN printf '%s' "$ARG1" > /arg && echo built > /built\n`;

/**
 * Every line of the payload inside `value`, as data. Newlines need not survive as newlines: like
 * OpenShift, the generator writes values Go-quoted, and the Dockerfile keeps `\n` as two characters.
 */
const holdsPayload = (value: string | undefined, vector: string): boolean =>
  [
    'ok"',
    `RUN touch /injected-${vector}`,
    `LABEL injected=${vector}`,
    `$(touch /injected-sub-${vector})`,
    '`id`',
  ].every((fragment) => value?.includes(fragment) === true);

const VECTORS: Vector[] = [
  {
    what: 'an env value',
    vector: 'env',
    spec: () => ({
      strategy: { type: 'Docker', dockerStrategy: { env: [{ name: 'A', value: payload('env') }] } },
    }),
    carried: (config) =>
      holdsPayload(
        config.config?.Env?.find((e) => e.startsWith('A=')),
        'env',
      ) &&
      (config.config?.Env ?? []).map((e) => e.split('=')[0]).join(' ') ===
        'PATH HOME A OPENSHIFT_BUILD_NAME OPENSHIFT_BUILD_NAMESPACE',
  },
  {
    what: 'a build arg',
    vector: 'arg',
    spec: () => ({
      strategy: {
        type: 'Docker',
        dockerStrategy: { buildArgs: [{ name: 'ARG1', value: payload('arg') }] },
      },
    }),
    carried: (_config, layers) => layers.some((l) => l.includes(payload('arg'))),
  },
  {
    what: 'an image label',
    vector: 'label',
    spec: (farm) => ({
      output: {
        to: { kind: 'DockerImage', name: `${farm.registry}/${farm.namespace}/inject-label:latest` },
        imageLabels: [{ name: 'l1', value: payload('label') }],
      },
    }),
    carried: (config) => holdsPayload(config.config?.Labels?.l1, 'label'),
  },
  {
    what: 'a commit message',
    vector: 'commit',
    spec: (farm) => ({ source: { type: 'Git', git: { uri: `${farm.gitUrl}injection` } } }),
    carried: (config) =>
      holdsPayload(config.config?.Labels?.['io.openshift.build.commit.message'], 'commit'),
  },
];

/** Values meant to add Dockerfile instructions arrive as data, and add no instruction. */
describe('Dockerfile injection through build inputs', () => {
  const farm: Farm = sharedFarm('rel-inject');

  beforeAll(async () => {
    await farm.ensureUp();
    farm.gitRepo('injection').commit({ Dockerfile: DOCKERFILE(farm.base) }, payload('commit'));
  });

  it('carries each value as data and runs nothing it tried to inject', async () => {
    const builds = await Promise.all(
      VECTORS.map(async (v) => {
        const name = `inject-${v.vector}`;
        const image = `${farm.registry}/${farm.namespace}/${name}:latest`;
        await farm.create(
          'buildconfigs',
          aDockerBuildConfig(name, DOCKERFILE(farm.base), image, v.spec(farm)),
        );
        return { v, image, build: await farm.waitTerminal(await farm.instantiate(name), 120_000) };
      }),
    );
    for (const { v, image, build } of builds) {
      expect({ what: v.what, phase: build.status?.phase }).toEqual({
        what: v.what,
        phase: 'Complete',
      });
      const config = await imageConfig(image);
      const layers = await imageBlobs(image);
      expect({ what: v.what, carried: v.carried(config, layers) }).toEqual({
        what: v.what,
        carried: true,
      });
      // No instruction of the payload ran or applied: no such file, label or history step.
      const files = filesInLayers(layers);
      expect(files.filter((f) => f.includes('injected'))).toEqual([]);
      expect(files).toContain('built');
      expect(config.config?.Labels?.injected).toBeUndefined();
      const ran = (config.history ?? [])
        .map((h) => h.created_by ?? '')
        .filter((c) => /^\/bin\/sh -c (touch|LABEL|\$\()/.test(c));
      expect(ran).toEqual([]);
    }
  }, 180_000);
});
