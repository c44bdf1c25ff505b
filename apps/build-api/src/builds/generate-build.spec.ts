import type { BuildConfig, BuildRequest } from '@kiln/build-types';
import { generateBuild } from './generate-build.js';
import { thrown } from '@kiln/testing';

const config = (source: BuildConfig['spec']['source']): BuildConfig => ({
  apiVersion: 'build.openshift.io/v1',
  kind: 'BuildConfig',
  metadata: { name: 'app', namespace: 'a', uid: 'bc' },
  spec: { source, strategy: { type: 'Docker', dockerStrategy: {} } },
});

const withStrategy = (strategy: BuildConfig['spec']['strategy']): BuildConfig => ({
  ...config({ type: 'Dockerfile', dockerfile: 'FROM x' }),
  spec: { ...config(undefined).spec, strategy },
});

const request = (extra: Partial<BuildRequest> = {}): BuildRequest => ({
  metadata: { name: 'app' },
  ...extra,
});

const now = new Date('2025-03-04T05:06:07.000Z');

describe(generateBuild.name, () => {
  describe('for a binary request', () => {
    it('takes the upload instead of git, as OpenShift does', () => {
      const build = generateBuild(
        config({ type: 'Git', git: { uri: 'https://example.com/r.git' }, contextDir: 'sub' }),
        { metadata: { name: 'app' }, binary: {} },
        1,
      );
      expect(build.spec.source).toEqual({ type: 'Binary', binary: {}, contextDir: 'sub' });
    });

    it('drops the inline Dockerfile when the upload is the Dockerfile', () => {
      const build = generateBuild(
        config({ type: 'Binary', binary: {}, dockerfile: 'FROM x' }),
        { metadata: { name: 'app' }, binary: { asFile: 'Dockerfile' } },
        1,
      );
      expect(build.spec.source).toEqual({ type: 'Binary', binary: { asFile: 'Dockerfile' } });
    });

    it('records the revision the upload came from', () => {
      const revision = { type: 'Git', git: { commit: 'abc', message: 'fix' } };
      const build = generateBuild(
        config({ type: 'Binary', binary: {} }),
        { metadata: { name: 'app' }, binary: {}, revision },
        2,
      );
      expect(build.spec.revision).toEqual(revision);
      expect(build.metadata.name).toBe('app-2');
    });
  });

  describe('identity', () => {
    const labelled: BuildConfig = {
      ...withStrategy({ type: 'Docker', dockerStrategy: {} }),
      metadata: { name: 'app', namespace: 'a', uid: 'bc', labels: { team: 'web' } },
      spec: {
        ...withStrategy({ type: 'Docker', dockerStrategy: {} }).spec,
        runPolicy: 'SerialLatestOnly',
      },
    };

    it('numbers the build and annotates it with its config and number', () => {
      const build = generateBuild(labelled, request(), 7, now);
      expect(build.metadata.name).toBe('app-7');
      expect(build.metadata.annotations).toEqual({
        'openshift.io/build-config.name': 'app',
        'openshift.io/build.number': '7',
      });
    });

    it("copies the config's labels and adds the build labels, which the request cannot override", () => {
      const build = generateBuild(
        labelled,
        request({
          metadata: {
            name: 'app',
            labels: { extra: 'y', buildconfig: 'evil', 'openshift.io/build.start-policy': 'x' },
            annotations: { note: 'n', 'openshift.io/build.number': '99' },
          },
        }),
        7,
        now,
      );
      expect(build.metadata.labels).toEqual({
        team: 'web',
        extra: 'y',
        buildconfig: 'app',
        'openshift.io/build-config.name': 'app',
        'openshift.io/build.start-policy': 'SerialLatestOnly',
      });
      expect(build.metadata.annotations).toMatchObject({
        note: 'n',
        'openshift.io/build.number': '7',
      });
    });

    it('defaults the start policy label to Serial', () => {
      const build = generateBuild(withStrategy({ dockerStrategy: {} }), request(), 1, now);
      expect(build.metadata.labels?.['openshift.io/build.start-policy']).toBe('Serial');
    });

    it('is controlled by its BuildConfig and points back at it', () => {
      const build = generateBuild(labelled, request(), 1, now);
      expect(build.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'build.openshift.io/v1',
          kind: 'BuildConfig',
          name: 'app',
          uid: 'bc',
          controller: true,
        },
      ]);
      expect(build.status?.config).toEqual({ kind: 'BuildConfig', namespace: 'a', name: 'app' });
    });

    it('starts New, with its New condition True', () => {
      const build = generateBuild(labelled, request(), 1, now);
      expect(build.status?.phase).toBe('New');
      expect(build.status?.conditions).toEqual([
        {
          type: 'New',
          status: 'True',
          lastUpdateTime: now.toISOString(),
          lastTransitionTime: now.toISOString(),
        },
      ]);
    });

    it('leaves the BuildConfig-only fields out of the build spec', () => {
      const build = generateBuild(labelled, request(), 1, now);
      expect(build.spec).not.toHaveProperty('runPolicy');
      expect(build.spec).not.toHaveProperty('triggers');
    });
  });

  describe('triggeredBy', () => {
    it('says "Manually triggered" when the request gives no cause', () => {
      const build = generateBuild(withStrategy({ dockerStrategy: {} }), request(), 1, now);
      expect(build.spec.triggeredBy).toEqual([{ message: 'Manually triggered' }]);
    });

    it("keeps the request's causes", () => {
      const causes = [{ message: 'Build configuration change' }];
      const build = generateBuild(
        withStrategy({ dockerStrategy: {} }),
        request({ triggeredBy: causes }),
        1,
        now,
      );
      expect(build.spec.triggeredBy).toEqual(causes);
    });
  });

  describe('request from', () => {
    const from = { kind: 'DockerImage', name: 'registry.example/base@sha256:abc' };

    it("replaces the Source strategy's builder image", () => {
      const build = generateBuild(
        withStrategy({
          sourceStrategy: { from: { kind: 'ImageStreamTag', name: 'nodejs:18' } },
        }),
        request({ from }),
        1,
        now,
      );
      expect(build.spec.strategy.sourceStrategy?.from).toEqual(from);
    });

    it("replaces the Docker strategy's base image", () => {
      const build = generateBuild(withStrategy({ dockerStrategy: {} }), request({ from }), 1, now);
      expect(build.spec.strategy.dockerStrategy?.from).toEqual(from);
    });
  });

  describe('request env', () => {
    const env = [
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
      { name: 'C', value: '3' },
    ];

    it('moves overridden variables to the end, in request order, and appends new ones', () => {
      const build = generateBuild(
        withStrategy({ dockerStrategy: { env } }),
        request({
          env: [
            { name: 'C', value: 'c' },
            { name: 'NEW', value: 'n' },
            { name: 'A', value: 'a' },
          ],
        }),
        1,
        now,
      );
      expect(build.spec.strategy.dockerStrategy?.env).toEqual([
        { name: 'B', value: '2' },
        { name: 'C', value: 'c' },
        { name: 'NEW', value: 'n' },
        { name: 'A', value: 'a' },
      ]);
    });

    it('applies to the Source strategy the same way', () => {
      const build = generateBuild(
        withStrategy({ sourceStrategy: { from: { kind: 'DockerImage', name: 'b' }, env } }),
        request({ env: [{ name: 'A', value: 'a' }] }),
        1,
        now,
      );
      expect(build.spec.strategy.sourceStrategy?.env).toEqual([
        { name: 'B', value: '2' },
        { name: 'C', value: '3' },
        { name: 'A', value: 'a' },
      ]);
    });

    it("leaves the strategy's env as it is without request env", () => {
      const build = generateBuild(withStrategy({ dockerStrategy: { env } }), request(), 1, now);
      expect(build.spec.strategy.dockerStrategy?.env).toEqual(env);
    });
  });

  describe('strategy options', () => {
    it('merges build args by name and overrides noCache on a Docker build', () => {
      const build = generateBuild(
        withStrategy({
          dockerStrategy: { buildArgs: [{ name: 'V', value: '1' }], noCache: false },
        }),
        request({
          dockerStrategyOptions: {
            buildArgs: [
              { name: 'V', value: '2' },
              { name: 'W', value: '3' },
            ],
            noCache: true,
          },
        }),
        1,
        now,
      );
      expect(build.spec.strategy.dockerStrategy?.buildArgs).toEqual(
        expect.arrayContaining([
          { name: 'V', value: '2' },
          { name: 'W', value: '3' },
        ]),
      );
      expect(build.spec.strategy.dockerStrategy?.buildArgs).toHaveLength(2);
      expect(build.spec.strategy.dockerStrategy?.noCache).toBe(true);
    });

    it.each([true, false])('overrides incremental (%s) on a Source build', (incremental) => {
      const build = generateBuild(
        withStrategy({
          sourceStrategy: { from: { kind: 'DockerImage', name: 'b' }, incremental: !incremental },
        }),
        request({ sourceStrategyOptions: { incremental } }),
        1,
        now,
      );
      expect(build.spec.strategy.sourceStrategy?.incremental).toBe(incremental);
    });

    const source = withStrategy({ sourceStrategy: { from: { kind: 'DockerImage', name: 'b' } } });
    const docker = withStrategy({ dockerStrategy: {} });

    it.each([
      ['buildArgs', { buildArgs: [{ name: 'V', value: '1' }] }],
      ['noCache', { noCache: false }],
    ])('refuses dockerStrategyOptions.%s on a non-Docker build with 400', (_, options) => {
      const error = thrown(() =>
        generateBuild(source, request({ dockerStrategyOptions: options }), 1, now),
      );
      expect(error).toMatchObject({ code: 400 });
      expect((error as Error).message).toMatch(
        /dockerStrategyOptions .* only to Docker builds; app uses the Source strategy/,
      );
    });

    it('refuses sourceStrategyOptions.incremental on a non-Source build with 400', () => {
      const error = thrown(() =>
        generateBuild(docker, request({ sourceStrategyOptions: { incremental: true } }), 1, now),
      );
      expect(error).toMatchObject({ code: 400 });
      expect((error as Error).message).toMatch(
        /incremental applies only to Source builds; app uses the Docker strategy/,
      );
    });

    it('accepts empty options for another strategy: they ask for nothing', () => {
      expect(() =>
        generateBuild(
          source,
          request({ dockerStrategyOptions: { buildArgs: [] }, sourceStrategyOptions: {} }),
          1,
          now,
        ),
      ).not.toThrow();
      expect(() =>
        generateBuild(docker, request({ sourceStrategyOptions: { incremental: null } }), 1, now),
      ).not.toThrow();
    });
  });
});
