import { aBuildConfig, dockerSpec } from '../../test/factories.js';
import { validateBuildConfig } from './validate-build-config.js';

const src = (sourceStrategy: Record<string, unknown>) => ({
  strategy: {
    type: 'Source',
    sourceStrategy: { from: { kind: 'ImageStreamTag', name: 'nodejs:18' }, ...sourceStrategy },
  },
});
const env = (...entries: Record<string, unknown>[]) => src({ env: entries });
const gitSource = { git: { uri: 'https://example.com/repo.git' } };
const volume = (overrides: Record<string, unknown>) => ({
  name: 'certs',
  source: { type: 'Secret', secret: { secretName: 'certs' } },
  mounts: [{ destinationPath: '/etc/certs' }],
  ...overrides,
});

// Each case breaks one rule; the fields listed are exactly the errors expected.
const invalidCases: [string, unknown, string[]][] = [
  ['name missing', aBuildConfig({ metadata: { name: undefined } }), ['metadata.name']],
  ['name with upper case', aBuildConfig({ metadata: { name: 'MyApp' } }), ['metadata.name']],
  [
    'name longer than 253',
    aBuildConfig({ metadata: { name: 'a'.repeat(254) } }),
    ['metadata.name'],
  ],
  [
    'namespace not a DNS label',
    aBuildConfig({ metadata: { namespace: 'my_ns' } }),
    ['metadata.namespace'],
  ],
  [
    'label key malformed',
    aBuildConfig({ metadata: { labels: { 'bad key!': 'x' } } }),
    ['metadata.labels[bad key!]'],
  ],
  [
    'label value malformed',
    aBuildConfig({ metadata: { labels: { app: 'has space' } } }),
    ['metadata.labels[app]'],
  ],
  [
    'annotation key malformed',
    aBuildConfig({ metadata: { annotations: { 'a/b/c': 'x' } } }),
    ['metadata.annotations[a/b/c]'],
  ],
  ['strategy missing', aBuildConfig({ spec: { strategy: undefined } }), ['spec.strategy']],
  ['no strategy block', aBuildConfig({ spec: { strategy: {} } }), ['spec.strategy']],
  [
    'two strategy blocks',
    aBuildConfig({
      spec: { strategy: { sourceStrategy: { from: { name: 'a:b' } }, dockerStrategy: {} } },
    }),
    ['spec.strategy'],
  ],
  [
    'type not matching block',
    aBuildConfig({
      spec: { strategy: { type: 'Docker', sourceStrategy: { from: { name: 'a:b' } } } },
    }),
    ['spec.strategy.type'],
  ],
  [
    'unknown strategy type',
    aBuildConfig({ spec: { strategy: { type: 'Kaniko', dockerStrategy: {} } } }),
    ['spec.strategy.type'],
  ],
  [
    'type Source without a block',
    aBuildConfig({ spec: { strategy: { type: 'Source' } } }),
    ['spec.strategy'],
  ],
  [
    'source type Git without git',
    aBuildConfig({ spec: { source: { type: 'Git' } } }),
    ['spec.source.git'],
  ],
  [
    'unknown source type',
    aBuildConfig({ spec: { source: { type: 'Svn', ...gitSource } } }),
    ['spec.source.type'],
  ],
  [
    'git uri empty',
    aBuildConfig({ spec: { source: { git: { uri: '' } } } }),
    ['spec.source.git.uri'],
  ],
  [
    'git uri unparseable',
    aBuildConfig({ spec: { source: { git: { uri: 'not a url' } } } }),
    ['spec.source.git.uri'],
  ],
  [
    'git and binary together',
    aBuildConfig({ spec: { source: { ...gitSource, binary: {} } } }),
    ['spec.source.git', 'spec.source.binary'],
  ],
  [
    'binary asFile with a slash',
    aBuildConfig({ spec: { source: { binary: { asFile: 'a/b.war' } } } }),
    ['spec.source.binary.asFile'],
  ],
  [
    'docker strategy without inputs',
    aBuildConfig({ spec: { ...dockerSpec(), source: {} } }),
    ['spec.source'],
  ],
  [
    'dockerfile too large',
    aBuildConfig({ spec: { ...dockerSpec(), source: { dockerfile: 'x'.repeat(60_001) } } }),
    ['spec.source.dockerfile'],
  ],
  [
    'contextDir escaping',
    aBuildConfig({ spec: { source: { ...gitSource, contextDir: 'a/../../etc' } } }),
    ['spec.source.contextDir'],
  ],
  [
    'dockerfilePath absolute',
    aBuildConfig({ spec: dockerSpec({ dockerfilePath: '/Dockerfile' }) }),
    ['spec.strategy.dockerStrategy.dockerfilePath'],
  ],
  [
    'dockerfilePath escaping',
    aBuildConfig({ spec: dockerSpec({ dockerfilePath: '../Dockerfile' }) }),
    ['spec.strategy.dockerStrategy.dockerfilePath'],
  ],
  [
    'imageOptimizationPolicy unknown',
    aBuildConfig({ spec: dockerSpec({ imageOptimizationPolicy: 'Squash' }) }),
    ['spec.strategy.dockerStrategy.imageOptimizationPolicy'],
  ],
  [
    'env name starting with a digit',
    aBuildConfig({ spec: dockerSpec({ env: [{ name: 'A' }, { name: 'B' }, { name: '1X' }] }) }),
    ['spec.strategy.dockerStrategy.env[2].name'],
  ],
  [
    'env name missing',
    aBuildConfig({ spec: env({ value: 'x' }) }),
    ['spec.strategy.sourceStrategy.env[0].name'],
  ],
  [
    'env value and valueFrom',
    aBuildConfig({
      spec: env({ name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }),
    }),
    ['spec.strategy.sourceStrategy.env[0].valueFrom'],
  ],
  [
    'env resourceFieldRef',
    aBuildConfig({ spec: env({ name: 'A', valueFrom: { resourceFieldRef: {} } }) }),
    ['spec.strategy.sourceStrategy.env[0].valueFrom.resourceFieldRef'],
  ],
  [
    'env secretKeyRef without name',
    aBuildConfig({ spec: env({ name: 'A', valueFrom: { secretKeyRef: { key: 'k' } } }) }),
    ['spec.strategy.sourceStrategy.env[0].valueFrom.secretKeyRef.name'],
  ],
  [
    'env not a list',
    aBuildConfig({ spec: src({ env: 'A=1' }) }),
    ['spec.strategy.sourceStrategy.env'],
  ],
  [
    'buildArg name invalid',
    aBuildConfig({ spec: dockerSpec({ buildArgs: [{ name: 'has space', value: '1' }] }) }),
    ['spec.strategy.dockerStrategy.buildArgs[0].name'],
  ],
  [
    'runPolicy unknown',
    aBuildConfig({ spec: { runPolicy: 'Random' as never } }),
    ['spec.runPolicy'],
  ],
  [
    'successful history limit negative',
    aBuildConfig({ spec: { successfulBuildsHistoryLimit: -1 } }),
    ['spec.successfulBuildsHistoryLimit'],
  ],
  [
    'failed history limit negative',
    aBuildConfig({ spec: { failedBuildsHistoryLimit: -2 } }),
    ['spec.failedBuildsHistoryLimit'],
  ],
  [
    'completionDeadlineSeconds zero',
    aBuildConfig({ spec: { completionDeadlineSeconds: 0 } }),
    ['spec.completionDeadlineSeconds'],
  ],
  [
    'output kind not allowed',
    aBuildConfig({ spec: { output: { to: { kind: 'ImageStreamImage', name: 'a@sha256:1' } } } }),
    ['spec.output.to.kind'],
  ],
  [
    'output kind missing',
    aBuildConfig({ spec: { output: { to: { name: 'app:latest' } } } }),
    ['spec.output.to.kind'],
  ],
  [
    'output ImageStreamTag without tag',
    aBuildConfig({ spec: { output: { to: { kind: 'ImageStreamTag', name: 'app' } } } }),
    ['spec.output.to.name'],
  ],
  [
    'output DockerImage unparseable',
    aBuildConfig({ spec: { output: { to: { kind: 'DockerImage', name: 'Quay.io/Bad Name' } } } }),
    ['spec.output.to.name'],
  ],
  [
    'output DockerImage with namespace',
    aBuildConfig({
      spec: { output: { to: { kind: 'DockerImage', name: 'quay.io/a/b:1', namespace: 'x' } } },
    }),
    ['spec.output.to.namespace'],
  ],
  [
    'output pushSecret without name',
    aBuildConfig({
      spec: { output: { to: { kind: 'DockerImage', name: 'quay.io/a/b' }, pushSecret: {} } },
    }),
    ['spec.output.pushSecret.name'],
  ],
  [
    'image labels duplicated',
    aBuildConfig({
      spec: {
        output: {
          imageLabels: [
            { name: 'a', value: '1' },
            { name: 'a', value: '2' },
          ],
        },
      },
    }),
    ['spec.output.imageLabels[1].name'],
  ],
  [
    'postCommit script and command',
    aBuildConfig({ spec: { postCommit: { script: 'make test', command: ['make'] } } }),
    ['spec.postCommit'],
  ],
  [
    'GitHub trigger without block',
    aBuildConfig({ spec: { triggers: [{ type: 'GitHub' }] } }),
    ['spec.triggers[0].github'],
  ],
  [
    'webhook without secret',
    aBuildConfig({ spec: { triggers: [{ type: 'GitLab', gitlab: {} }] } }),
    ['spec.triggers[0].gitlab.secret'],
  ],
  [
    'git webhook allowing env',
    aBuildConfig({
      spec: { triggers: [{ type: 'GitHub', github: { secret: 's', allowEnv: true } }] },
    }),
    ['spec.triggers[0].github.allowEnv'],
  ],
  [
    'secretReference without name',
    aBuildConfig({ spec: { triggers: [{ type: 'Generic', generic: { secretReference: {} } }] } }),
    ['spec.triggers[0].generic.secretReference.name'],
  ],
  [
    'unknown trigger type',
    aBuildConfig({ spec: { triggers: [{ type: 'Cron' }] } }),
    ['spec.triggers[0].type'],
  ],
  [
    'ImageChange from a DockerImage',
    aBuildConfig({
      spec: {
        triggers: [
          { type: 'ImageChange', imageChange: { from: { kind: 'DockerImage', name: 'a/b' } } },
        ],
      },
    }),
    ['spec.triggers[0].imageChange.from.kind'],
  ],
  [
    'two default ImageChange triggers',
    aBuildConfig({
      spec: { triggers: [{ type: 'ImageChange' }, { type: 'ImageChange', imageChange: {} }] },
    }),
    ['spec.triggers'],
  ],
  [
    'source secret name invalid',
    aBuildConfig({
      spec: { source: { ...gitSource, secrets: [{ secret: { name: 'Bad_Name' } }] } },
    }),
    ['spec.source.secrets[0].secret.name'],
  ],
  [
    'secret destinationDir absolute for docker',
    aBuildConfig({
      spec: {
        ...dockerSpec(),
        source: {
          dockerfile: 'FROM a',
          secrets: [{ secret: { name: 's' }, destinationDir: '/abs' }],
        },
      },
    }),
    ['spec.source.secrets[0].destinationDir'],
  ],
  [
    'configMap destinationDir escaping',
    aBuildConfig({
      spec: {
        source: {
          ...gitSource,
          configMaps: [{ configMap: { name: 'c' }, destinationDir: '../up' }],
        },
      },
    }),
    ['spec.source.configMaps[0].destinationDir'],
  ],
  [
    'image source with neither paths nor as',
    aBuildConfig({
      spec: { source: { ...gitSource, images: [{ from: { kind: 'DockerImage', name: 'a/b' } }] } },
    }),
    ['spec.source.images[0].paths'],
  ],
  [
    'image source path relative',
    aBuildConfig({
      spec: {
        source: {
          ...gitSource,
          images: [
            {
              from: { kind: 'DockerImage', name: 'a/b' },
              paths: [{ sourcePath: 'opt', destinationDir: 'x' }],
            },
          ],
        },
      },
    }),
    ['spec.source.images[0].paths[0].sourcePath'],
  ],
  [
    'image source as duplicated',
    aBuildConfig({
      spec: {
        source: {
          ...gitSource,
          images: [
            { from: { kind: 'DockerImage', name: 'a/b' }, as: ['base'] },
            { from: { kind: 'DockerImage', name: 'c/d' }, as: ['base'] },
          ],
        },
      },
    }),
    ['spec.source.images[1].as[0]'],
  ],
  [
    'sourceSecret without name',
    aBuildConfig({ spec: { source: { ...gitSource, sourceSecret: { name: '' } } } }),
    ['spec.source.sourceSecret.name'],
  ],
  [
    'from kind not an image kind',
    aBuildConfig({ spec: src({ from: { kind: 'Pod', name: 'x' } }) }),
    ['spec.strategy.sourceStrategy.from.kind'],
  ],
  [
    'source strategy without from',
    aBuildConfig({ spec: { strategy: { sourceStrategy: {} as never } } }),
    ['spec.strategy.sourceStrategy.from'],
  ],
  [
    'pullSecret without name',
    aBuildConfig({ spec: src({ pullSecret: {} }) }),
    ['spec.strategy.sourceStrategy.pullSecret.name'],
  ],
  [
    'volume mount relative',
    aBuildConfig({ spec: src({ volumes: [volume({ mounts: [{ destinationPath: 'etc' }] })] }) }),
    ['spec.strategy.sourceStrategy.volumes[0].mounts[0].destinationPath'],
  ],
  [
    'volume source block missing',
    aBuildConfig({ spec: src({ volumes: [volume({ source: { type: 'ConfigMap' } })] }) }),
    ['spec.strategy.sourceStrategy.volumes[0].source.configMap'],
  ],
  [
    'jenkinsfile and jenkinsfilePath',
    aBuildConfig({
      spec: {
        strategy: {
          jenkinsPipelineStrategy: { jenkinsfile: 'node {}', jenkinsfilePath: 'Jenkinsfile' },
        },
      },
    }),
    ['spec.strategy.jenkinsPipelineStrategy'],
  ],
  [
    'custom secret without mountPath',
    aBuildConfig({
      spec: {
        strategy: {
          customStrategy: {
            from: { kind: 'DockerImage', name: 'a/b' },
            secrets: [{ secretSource: { name: 's' }, mountPath: '' }],
          },
        },
      },
    }),
    ['spec.strategy.customStrategy.secrets[0].mountPath'],
  ],
  [
    'nodeSelector value malformed',
    aBuildConfig({ spec: { nodeSelector: { zone: 'a b' } } }),
    ['spec.nodeSelector[zone]'],
  ],
];

describe(validateBuildConfig.name, () => {
  it('accepts a well-formed BuildConfig', () => {
    const bc = aBuildConfig();

    const result = validateBuildConfig(bc);

    expect(result).toEqual({ ok: true, value: bc });
  });

  it('has at least 40 invalid cases', () => {
    expect(invalidCases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(invalidCases)('rejects a BuildConfig when %s', (_name, doc, fields) => {
    const result = validateBuildConfig(doc);

    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(fields);
  });

  it('reports every semantic error at once, not just the first', () => {
    const bc = aBuildConfig({
      metadata: { name: 'Bad_Name' },
      spec: {
        ...dockerSpec({ env: [{ name: '1X' }], dockerfilePath: '/abs' }),
        completionDeadlineSeconds: -5,
        triggers: [{ type: 'GitHub', github: {} }],
      },
    });

    const result = validateBuildConfig(bc);

    expect(result.ok ? [] : result.errors.map((e) => e.field).sort()).toEqual([
      'metadata.name',
      'spec.completionDeadlineSeconds',
      'spec.strategy.dockerStrategy.dockerfilePath',
      'spec.strategy.dockerStrategy.env[0].name',
      'spec.triggers[0].github.secret',
    ]);
  });

  it('reports every shape error at once when types are wrong', () => {
    const doc = aBuildConfig({
      spec: {
        runPolicy: 'Often' as never,
        completionDeadlineSeconds: 'soon' as never,
        output: { to: 'x' as never },
      },
    });

    const result = validateBuildConfig(doc);

    expect(result.ok ? [] : result.errors.map((e) => e.field).sort()).toEqual([
      'spec.completionDeadlineSeconds',
      'spec.output.to',
      'spec.runPolicy',
    ]);
  });

  it('writes Kubernetes-style messages when a value is unsupported', () => {
    const result = validateBuildConfig(aBuildConfig({ spec: { runPolicy: 'Random' as never } }));

    expect(result.ok ? undefined : result.errors[0]?.message).toBe(
      'Unsupported value: "Random": supported values: "Serial", "SerialLatestOnly", "Parallel"',
    );
  });

  it('accepts type Docker without a block because defaulting adds it', () => {
    const bc = aBuildConfig({
      spec: { source: { dockerfile: 'FROM a' }, strategy: { type: 'Docker' } },
    });

    expect(validateBuildConfig(bc).ok).toBe(true);
  });

  it('accepts a Docker source given only as type Binary because defaulting adds binary {}', () => {
    const binaryOnly = aBuildConfig({
      spec: { source: { type: 'Binary' }, strategy: { type: 'Docker', dockerStrategy: {} } },
    });
    const noInput = aBuildConfig({
      spec: { source: {}, strategy: { type: 'Docker', dockerStrategy: {} } },
    });

    expect(validateBuildConfig(binaryOnly).ok).toBe(true);
    expect(validateBuildConfig(noInput)).toMatchObject({
      ok: false,
      errors: [{ field: 'spec.source' }],
    });
  });

  it('accepts a JenkinsPipeline BuildConfig with an inline Jenkinsfile (its builds fail later)', () => {
    const bc = aBuildConfig({
      spec: {
        source: {},
        strategy: {
          type: 'JenkinsPipeline',
          jenkinsPipelineStrategy: {
            jenkinsfile: "pipeline { agent any; stages { stage('b') { steps { sh 'make' } } } }",
            env: [{ name: 'STAGE', value: 'ci' }],
          },
        },
        triggers: [{ type: 'ConfigChange' }],
      },
    });

    expect(validateBuildConfig(bc)).toEqual({ ok: true, value: bc });
  });

  it('accepts a bare ImageStreamTag as an input image when the tag is implied', () => {
    const bc = aBuildConfig({ spec: src({ from: { kind: 'ImageStreamTag', name: 'nodejs' } }) });

    expect(validateBuildConfig(bc).ok).toBe(true);
  });

  it('returns the caller object itself so unknown fields and key order survive', () => {
    const doc = { zeta: 1, ...aBuildConfig(), extra: { nested: true } };

    const result = validateBuildConfig(doc);

    expect(result.ok && result.value).toBe(doc);
  });
});
