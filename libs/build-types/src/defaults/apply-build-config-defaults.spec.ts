import { aBuildConfig } from '../../test/factories.js';
import { applyBuildConfigDefaults } from './apply-build-config-defaults.js';

describe(applyBuildConfigDefaults.name, () => {
  it('sets runPolicy Serial and history limits 5/5 when they are unset', () => {
    const bc = aBuildConfig();

    const { spec } = applyBuildConfigDefaults(bc);

    expect([
      spec.runPolicy,
      spec.successfulBuildsHistoryLimit,
      spec.failedBuildsHistoryLimit,
    ]).toEqual(['Serial', 5, 5]);
  });

  it('keeps values the user gave, zero included', () => {
    const bc = aBuildConfig({
      spec: { runPolicy: 'Parallel', successfulBuildsHistoryLimit: 0, failedBuildsHistoryLimit: 2 },
    });

    const { spec } = applyBuildConfigDefaults(bc);

    expect([
      spec.runPolicy,
      spec.successfulBuildsHistoryLimit,
      spec.failedBuildsHistoryLimit,
    ]).toEqual(['Parallel', 0, 2]);
  });

  it('infers the strategy type from the block present when type is missing', () => {
    const bc = aBuildConfig({
      spec: { source: { dockerfile: 'FROM a' }, strategy: { dockerStrategy: {} } },
    });

    expect(applyBuildConfigDefaults(bc).spec.strategy.type).toBe('Docker');
  });

  it('adds an empty dockerStrategy when type is Docker and the block is missing', () => {
    const bc = aBuildConfig({
      spec: { source: { dockerfile: 'FROM a' }, strategy: { type: 'Docker' } },
    });

    expect(applyBuildConfigDefaults(bc).spec.strategy).toEqual({
      type: 'Docker',
      dockerStrategy: {},
    });
  });

  it('defaults from.kind to ImageStreamTag when the strategy names no kind', () => {
    const bc = aBuildConfig({
      spec: { strategy: { sourceStrategy: { from: { name: 'nodejs:18' } } } },
    });

    expect(applyBuildConfigDefaults(bc).spec.strategy.sourceStrategy?.from.kind).toBe(
      'ImageStreamTag',
    );
  });

  it.each([
    [{ git: { uri: 'https://h/r.git' }, dockerfile: 'FROM a' }, 'Git'],
    [{ type: 'binary', binary: {} }, 'Binary'],
    [{ dockerfile: 'FROM a' }, 'Dockerfile'],
    [{ images: [{ from: { name: 'a:b' }, as: ['x'] }] }, 'Image'],
    [{}, 'None'],
  ])('recomputes source.type from the fields when the source is %j', (source, expected) => {
    const bc = aBuildConfig({ spec: { source } });

    expect(applyBuildConfigDefaults(bc).spec.source?.type).toBe(expected);
  });

  it('adds binary {} when type says Binary and the block is missing', () => {
    const bc = aBuildConfig({ spec: { source: { type: 'Binary' } } });

    expect(applyBuildConfigDefaults(bc).spec.source).toEqual({ type: 'Binary', binary: {} });
  });

  it('normalises legacy trigger types, fills imageChange, and drops unknown types', () => {
    const bc = aBuildConfig({
      spec: {
        triggers: [
          { type: 'github', github: { secret: 's' } },
          { type: 'imageChange' },
          { type: 'Cron' },
        ],
      },
    });

    expect(applyBuildConfigDefaults(bc).spec.triggers).toEqual([
      { type: 'GitHub', github: { secret: 's' } },
      { type: 'ImageChange', imageChange: {} },
    ]);
  });

  it('cleans contextDir and dockerfilePath, dropping them when they mean the root', () => {
    const bc = aBuildConfig({
      spec: {
        source: { dockerfile: 'FROM a', contextDir: './' },
        strategy: { dockerStrategy: { dockerfilePath: 'a//b/../Dockerfile' } },
      },
    });

    const { spec } = applyBuildConfigDefaults(bc);

    expect([spec.source?.contextDir, spec.strategy.dockerStrategy?.dockerfilePath]).toEqual([
      undefined,
      'a/Dockerfile',
    ]);
  });

  it('starts status.lastVersion at 0', () => {
    expect(applyBuildConfigDefaults(aBuildConfig()).status?.lastVersion).toBe(0);
  });

  it('returns a new object and leaves its input untouched', () => {
    const bc = aBuildConfig({
      spec: { strategy: { sourceStrategy: { from: { name: 'nodejs:18' } } } },
    });
    const before = JSON.stringify(bc);

    const defaulted = applyBuildConfigDefaults(bc);

    expect(defaulted).not.toBe(bc);
    expect(JSON.stringify(bc)).toBe(before);
  });
});
