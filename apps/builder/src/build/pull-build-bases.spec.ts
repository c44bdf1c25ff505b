import type { BasePullReport, BaseImages } from '../storage/base-images.js';
import { pullBuildBases } from './pull-build-bases.js';

/** A BaseImages that records each call and pulls 10 bytes per image. */
const fakeBases = () => {
  const calls: { images: readonly string[]; forcePull: boolean; authfile?: string }[] = [];
  const bases: Pick<BaseImages, 'ensure'> = {
    ensure: (images, options): Promise<BasePullReport> => {
      calls.push({
        images,
        forcePull: options.forcePull,
        ...(options.authfile ? { authfile: options.authfile } : {}),
      });
      const pulled = images.map((image) => ({
        image,
        startTime: '2026-12-01T00:00:00.000Z',
        durationMilliseconds: 5,
      }));
      return Promise.resolve({ pulled, reused: [], bytes: 10 * images.length });
    },
  };
  return { bases, calls };
};

const options = {
  forcePull: false,
  authfile: '/w/auth.json',
  incrementalAuthfile: '/w/incremental-auth.json',
  log: () => undefined,
  signal: new AbortController().signal,
};

describe(pullBuildBases.name, () => {
  it('pulls every base with the pull secret when the build is not incremental', async () => {
    const { bases, calls } = fakeBases();
    const report = await pullBuildBases(bases, { baseImages: ['r/a:1', 'r/b:1'] }, options);
    expect(calls).toEqual([
      { images: ['r/a:1', 'r/b:1'], forcePull: false, authfile: '/w/auth.json' },
    ]);
    expect(report.pulled.map((p) => p.image)).toEqual(['r/a:1', 'r/b:1']);
    expect(report.bytes).toBe(20);
    const step = { name: 'PullBaseImage', startTime: '2026-12-01T00:00:00.000Z' };
    expect(report.steps).toEqual([
      { ...step, durationMilliseconds: 5 },
      { ...step, durationMilliseconds: 5 },
    ]);
  });

  it('pulls the previous image afresh with the push secret, the builder with the pull secret', async () => {
    const { bases, calls } = fakeBases();
    const report = await pullBuildBases(
      bases,
      {
        baseImages: ['r/builder:1', 'out:5000/app:latest'],
        incremental: { image: 'out:5000/app:latest' },
      },
      options,
    );
    expect(calls).toEqual([
      { images: ['r/builder:1'], forcePull: false, authfile: '/w/auth.json' },
      { images: ['out:5000/app:latest'], forcePull: true, authfile: '/w/incremental-auth.json' },
    ]);
    expect(report.bytes).toBe(20);
    // The previous output is the build's input image, OpenShift's PullInputImage step.
    expect(report.steps.map((s) => s.name)).toEqual(['PullBaseImage', 'PullInputImage']);
  });

  it('pulls the previous image without credentials when the push secret has none for it', async () => {
    const { bases, calls } = fakeBases();
    const { incrementalAuthfile: _none, ...withoutPushCredentials } = options;
    await pullBuildBases(
      bases,
      {
        baseImages: ['r/builder:1', 'out:5000/app:latest'],
        incremental: { image: 'out:5000/app:latest' },
      },
      withoutPushCredentials,
    );
    expect(calls[1]).toEqual({ images: ['out:5000/app:latest'], forcePull: true });
  });
});
