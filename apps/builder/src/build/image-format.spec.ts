import type { Build, EnvVar } from '@kiln/build-types';
import { imageFormatOf } from './image-format.js';

const aDockerBuild = (env?: EnvVar[]): Build => ({
  metadata: { name: 'app-1', namespace: 'team' },
  spec: { strategy: { type: 'Docker', dockerStrategy: env ? { env } : {} } },
});

const aSourceBuild = (env: EnvVar[]): Build => ({
  metadata: { name: 'app-1', namespace: 'team' },
  spec: {
    strategy: {
      type: 'Source',
      sourceStrategy: { from: { kind: 'DockerImage', name: 'b' }, env },
    },
  },
});

describe(imageFormatOf.name, () => {
  it('is oci when the strategy env does not set BUILDAH_FORMAT', () => {
    expect(imageFormatOf(aDockerBuild())).toEqual({ ok: true, format: 'oci' });
    expect(imageFormatOf(aDockerBuild([{ name: 'OTHER', value: 'docker' }]))).toEqual({
      ok: true,
      format: 'oci',
    });
  });

  it('is docker when BUILDAH_FORMAT says docker, the last definition winning', () => {
    const env = [
      { name: 'BUILDAH_FORMAT', value: 'oci' },
      { name: 'BUILDAH_FORMAT', value: 'docker' },
    ];
    expect(imageFormatOf(aDockerBuild(env))).toEqual({ ok: true, format: 'docker' });
    expect(imageFormatOf(aSourceBuild(env))).toEqual({ ok: true, format: 'docker' });
  });

  it('treats an empty value as unset, as Buildah does', () => {
    expect(imageFormatOf(aDockerBuild([{ name: 'BUILDAH_FORMAT', value: '' }]))).toEqual({
      ok: true,
      format: 'oci',
    });
  });

  it('refuses any other value, naming the env entry of the strategy', () => {
    const env = [
      { name: 'A', value: '1' },
      { name: 'BUILDAH_FORMAT', value: 'v2s2' },
    ];
    expect(imageFormatOf(aSourceBuild(env))).toEqual({
      ok: false,
      message:
        'spec.strategy.sourceStrategy.env[1]: BUILDAH_FORMAT "v2s2" is not an image format; use "docker" or "oci"',
    });
    const capitalised = imageFormatOf(aDockerBuild([{ name: 'BUILDAH_FORMAT', value: 'Docker' }]));
    expect(capitalised.ok).toBe(false);
    expect(!capitalised.ok && capitalised.message).toMatch(
      /^spec\.strategy\.dockerStrategy\.env\[0\]: BUILDAH_FORMAT "Docker"/,
    );
  });

  it('refuses a value read from a Secret or ConfigMap', () => {
    const env = [
      {
        name: 'BUILDAH_FORMAT',
        valueFrom: { configMapKeyRef: { name: 'settings', key: 'format' } },
      },
    ];
    const choice = imageFormatOf(aDockerBuild(env));
    expect(choice.ok).toBe(false);
    expect(!choice.ok && choice.message).toContain(
      'spec.strategy.dockerStrategy.env[0]: BUILDAH_FORMAT must be a literal value',
    );
  });
});
