import type { Build } from '@kiln/build-types';
import { StageFailure } from '@kiln/service-kit';
import { dockerInjections } from './placements.js';

type Inputs = {
  secrets?: { name: string; destinationDir?: string }[];
  configMaps?: { name: string; destinationDir?: string }[];
};

/** A Docker-strategy build whose source names these secrets and configMaps. */
const aBuild = ({ secrets = [], configMaps = [] }: Inputs): Build => ({
  metadata: { name: 'app-1', namespace: 'team' },
  spec: {
    source: {
      secrets: secrets.map(({ name, destinationDir }) => ({
        secret: { name },
        ...(destinationDir === undefined ? {} : { destinationDir }),
      })),
      configMaps: configMaps.map(({ name, destinationDir }) => ({
        configMap: { name },
        ...(destinationDir === undefined ? {} : { destinationDir }),
      })),
    },
    strategy: { type: 'Docker', dockerStrategy: {} },
  },
});

/** The StageFailure dockerInjections threw, or a failure of the test when it did not throw one. */
function refusal(build: Build, contextDir: string): StageFailure {
  try {
    dockerInjections(build, contextDir);
  } catch (error) {
    if (error instanceof StageFailure) {
      return error;
    }
    throw error;
  }
  throw new Error('dockerInjections placed a destinationDir that leaves the context');
}

describe(dockerInjections.name, () => {
  it('places each Secret then each ConfigMap at <contextDir>/<destinationDir>, as OpenShift copies them', () => {
    const build = aBuild({
      secrets: [
        { name: 'npm-token', destinationDir: 'secret-dir' },
        { name: 'tls', destinationDir: 'certs/server' },
      ],
      configMaps: [{ name: 'settings', destinationDir: 'config-dir' }],
    });
    expect(dockerInjections(build, 'app')).toEqual([
      { kind: 'Secret', name: 'npm-token', path: 'app/secret-dir' },
      { kind: 'Secret', name: 'tls', path: 'app/certs/server' },
      { kind: 'ConfigMap', name: 'settings', path: 'app/config-dir' },
    ]);
  });

  it('places an input without destinationDir at the root of the context', () => {
    const build = aBuild({
      secrets: [{ name: 's' }],
      configMaps: [{ name: 'c', destinationDir: '' }],
    });
    expect(dockerInjections(build, 'app').map((i) => i.path)).toEqual(['app', 'app']);
    // No contextDir: the context is the source root itself.
    expect(dockerInjections(build, '').map((i) => i.path)).toEqual(['.', '.']);
  });

  it('accepts a destinationDir whose `..` steps stay inside the context, placing it where it resolves', () => {
    const build = aBuild({ secrets: [{ name: 's', destinationDir: 'a/../b/./c' }] });
    expect(dockerInjections(build, 'app')).toEqual([
      { kind: 'Secret', name: 's', path: 'app/b/c' },
    ]);
  });

  it('places nothing for a build without secrets or configMaps', () => {
    expect(dockerInjections(aBuild({}), 'app')).toEqual([]);
    const noSource = { metadata: {}, spec: { strategy: { type: 'Docker' } } } as Build;
    expect(dockerInjections(noSource, '')).toEqual([]);
  });

  it.each([
    ['the parent of the context', '..'],
    ['a sibling of the context', '../other'],
    ['above the context after a step down', 'a/../../etc'],
    ['an absolute path', '/etc/ssl'],
    ['the filesystem root', '/'],
  ])(
    'refuses a Secret destinationDir that is %s with InvalidDestinationDir naming the field',
    (_what, destinationDir) => {
      const failure = refusal(aBuild({ secrets: [{ name: 's', destinationDir }] }), 'app');
      expect(failure.reason).toBe('InvalidDestinationDir');
      expect(failure.message).toBe(
        `spec.source.secrets[0].destinationDir "${destinationDir}" must be a relative path inside the context`,
      );
    },
  );

  it('refuses an escaping ConfigMap destinationDir the same way, whatever the contextDir', () => {
    for (const contextDir of ['', 'app', 'deep/app']) {
      const failure = refusal(
        aBuild({ configMaps: [{ name: 'c', destinationDir: '../../..' }] }),
        contextDir,
      );
      expect({ contextDir, reason: failure.reason, message: failure.message }).toEqual({
        contextDir,
        reason: 'InvalidDestinationDir',
        message:
          'spec.source.configMaps[0].destinationDir "../../.." must be a relative path inside the context',
      });
    }
  });

  it('refuses the whole placement when one input of several escapes, placing none', () => {
    const build = aBuild({
      secrets: [
        { name: 'fine', destinationDir: 'secret-dir' },
        { name: 'bad', destinationDir: '../outside' },
      ],
    });
    const failure = refusal(build, 'app');
    expect(failure.reason).toBe('InvalidDestinationDir');
    expect(failure.message).toContain('spec.source.secrets[1].destinationDir "../outside"');
  });

  it('names a configMap by its index in configMaps, secrets before it or not', () => {
    const build = aBuild({
      secrets: [{ name: 'fine', destinationDir: 'secret-dir' }],
      configMaps: [{ name: 'bad', destinationDir: '../x' }],
    });
    expect(refusal(build, 'app').message).toContain(
      'spec.source.configMaps[0].destinationDir "../x"',
    );
  });
});
